/* page_entry.c: Nhập số liệu and the workflow (to be written). */
#include "web.h"

void
h_entry(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_entry_save(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_workflow(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
