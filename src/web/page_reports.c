/* page_reports.c: Báo cáo: preview and download (to be written). */
#include "web.h"

void
h_reports(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}

void
h_report_download(struct req *r)
{
	web_error(r, 501, "Trang này đang được xây dựng.");
}
