/* page_indicator.c: Chỉ tiêu: one indicator (to be written). */
#include "web.h"

void
h_indicator(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
