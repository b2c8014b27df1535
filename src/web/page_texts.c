/* page_texts.c: Thuyết minh: texts with live figures (to be written). */
#include "web.h"

void
h_texts(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_texts_save(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
