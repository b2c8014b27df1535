/* page_plan.c: Kế hoạch: next year targets (to be written). */
#include "web.h"

void
h_plan(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_plan_save(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
