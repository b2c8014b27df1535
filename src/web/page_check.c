/* page_check.c: Kiểm tra báo cáo (to be written). */
#include "web.h"

void
h_check_form(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_check(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
