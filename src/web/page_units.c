/* page_units.c: Đơn vị: the units below (to be written). */
#include "web.h"

void
h_units(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
