/* page_admin.c: Quản trị (to be written). */
#include "web.h"

void
h_admin(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_admin_user(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_admin_audit(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
