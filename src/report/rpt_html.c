/* rpt_html.c: the report as one self-contained HTML page for the screen and
 * for printing (A4, Decree 30 margins, Times New Roman with the metric-
 * compatible Liberation Serif as fallback). Every text goes through esc():
 * there is no raw output path. */
#include <string.h>

#include "rpt.h"

static void
esc(struct buf *b, const char *s)
{
	buf_html_esc(b, s);
}

/* Text with its line breaks kept. */
static void
esc_lines(struct buf *b, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		struct buf line = BUF_INIT;

		buf_append(&line, s, (size_t)(nl - s));
		esc(b, buf_str(&line));
		buf_puts(b, "<br>");
		buf_free(&line);
		s = nl + 1;
	}
	esc(b, s);
}

static void
runs(struct buf *b, const struct rpt_para *p)
{
	size_t i;

	for (i = 0; i < p->nruns; i++) {
		unsigned st = p->runs[i].style;

		if (st & RS_BOLD)
			buf_puts(b, "<b>");
		if (st & RS_ITALIC)
			buf_puts(b, "<i>");
		if (st & RS_UNDERLINE)
			buf_puts(b, "<u>");
		esc(b, p->runs[i].text);
		if (st & RS_UNDERLINE)
			buf_puts(b, "</u>");
		if (st & RS_ITALIC)
			buf_puts(b, "</i>");
		if (st & RS_BOLD)
			buf_puts(b, "</b>");
	}
}

static const char *const pclass[PS__MAX] = {
	"body", "part", "heading", "subheading", "center", "note"
};

static const char *const align[] = { "l", "c", "r" };

static void
table(struct buf *b, const struct rpt_table *t)
{
	double sum = 0;
	size_t i, j;

	if (t->title != NULL) {
		buf_puts(b, "<p class=\"part\">");
		esc(b, t->title);
		buf_puts(b, "</p>\n");
	}
	for (j = 0; j < t->ncols; j++)
		sum += t->widths[j];
	buf_puts(b, "<table class=\"grid\">\n<colgroup>");
	for (j = 0; j < t->ncols; j++)
		buf_printf(b, "<col style=\"width:%.1f%%\">",
		    sum > 0 ? t->widths[j] * 100 / sum : 100.0 / (double)t->ncols);
	buf_puts(b, "</colgroup>\n<thead><tr>");
	for (j = 0; j < t->ncols; j++) {
		buf_puts(b, "<th>");
		esc(b, t->head[j]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const struct rpt_row *r = &t->rows[i];

		if (r->group) {
			buf_printf(b, "<tr class=\"group\"><td colspan=\"%zu\">", t->ncols);
			esc(b, r->cells[0].text);
			buf_puts(b, "</td></tr>\n");
			continue;
		}
		buf_puts(b, "<tr>");
		for (j = 0; j < t->ncols; j++) {
			const struct rpt_cell *c = &r->cells[j];

			buf_printf(b, "<td class=\"%s%s%s\"", align[c->align],
			    c->style & RS_BOLD ? " b" : "",
			    c->style & RS_ITALIC ? " i" : "");
			if (c->indent > 0)
				buf_printf(b, " style=\"padding-left:%.1fem\"",
				    0.3 + 1.2 * c->indent);
			buf_putc(b, '>');
			esc(b, c->text);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

static void
closing(struct buf *b, const struct rpt_frame *f)
{
	size_t i;

	buf_puts(b, "<table class=\"closing\"><tr><td class=\"recipients\">\n");
	if (f->nrecipients > 0) {
		buf_puts(b, "<p class=\"to\">Nơi nhận:</p>\n");
		for (i = 0; i < f->nrecipients; i++) {
			buf_puts(b, "<p class=\"recipient\">");
			esc(b, f->recipients[i]);
			buf_puts(b, "</p>\n");
		}
	}
	buf_puts(b, "</td><td class=\"sign\">\n");
	if (f->sign_authority != NULL) {
		buf_puts(b, "<p class=\"authority\">");
		esc(b, f->sign_authority);
		buf_puts(b, "</p>\n");
	}
	if (f->sign_title != NULL) {
		buf_puts(b, "<p class=\"authority\">");
		esc(b, f->sign_title);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "<p class=\"space\"></p>\n");
	if (f->signer != NULL) {
		buf_puts(b, "<p class=\"signer\">");
		esc(b, f->signer);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "</td></tr></table>\n");
}

static const char style[] =
"@page{size:A4;margin:20mm 15mm 20mm 30mm}\n"
"body{font-family:\"Times New Roman\",\"Liberation Serif\",serif;font-size:14pt;"
"line-height:1.3;color:#000;background:#fff;max-width:165mm;margin:0 auto;"
"padding:1em}\n"
"p{margin:0 0 6pt}\n"
".body,.heading,.subheading{text-align:justify;text-indent:1.27cm}\n"
".heading,.subheading,.part{font-weight:bold}\n"
".part,.center,.title,.summary{text-align:center}\n"
".note{font-style:italic;font-size:12pt}\n"
".frame{width:100%;border-collapse:collapse;margin-bottom:12pt}\n"
".frame td{vertical-align:top;text-align:center;font-size:13pt;padding:0}\n"
".frame .left{width:40%}\n"
".frame p{margin:0}\n"
".agency{font-weight:bold}\n"
".nation{font-weight:bold}\n"
".motto{font-weight:bold;font-size:14pt;text-decoration:underline}\n"
".number{white-space:pre-wrap}\n"	/* "Số:       /BC-UBND" keeps its blank */
".date{font-style:italic;font-size:14pt;margin-top:6pt!important}\n"
".rule{width:35%;margin:2pt auto 6pt;border:0;border-top:1px solid #000}\n"
".title{font-weight:bold;margin:12pt 0 0}\n"
".summary{font-weight:bold}\n"
".grid{width:100%;border-collapse:collapse;font-size:12pt;margin:6pt 0}\n"
".grid th,.grid td{border:1px solid #000;padding:2pt 4pt;vertical-align:top}\n"
".grid th{font-weight:bold;text-align:center}\n"
".grid thead{display:table-header-group}\n"
".grid tr{page-break-inside:avoid}\n"
".grid .group td{font-weight:bold}\n"
".l{text-align:left}.c{text-align:center}.r{text-align:right}"
".b{font-weight:bold}.i{font-style:italic}\n"
".closing{width:100%;border-collapse:collapse;margin-top:12pt;"
"page-break-inside:avoid}\n"
".closing td{vertical-align:top;padding:0}\n"
".recipients{width:50%}\n"
".to{font-weight:bold;font-style:italic;font-size:12pt;margin:0}\n"
".recipient{font-size:11pt;margin:0}\n"
".sign{text-align:center}\n"
".authority,.signer{font-weight:bold;margin:0}\n"
".space{height:5em}\n"
".pagebreak{page-break-after:always;height:0}\n"
"@media screen{.pagebreak{border-top:1px dashed #999;margin:2em 0}}\n";

void
rpt_write_html(const struct rpt_doc *d, struct buf *b)
{
	const struct rpt_frame *f = &d->frame;
	bool closed = false;
	size_t i;

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	esc(b, d->title);
	buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	buf_puts(b, "<table class=\"frame\"><tr><td class=\"left\">\n");
	if (f->agency_parent != NULL) {
		buf_puts(b, "<p>");
		esc_lines(b, f->agency_parent);
		buf_puts(b, "</p>\n");
	}
	if (f->agency != NULL) {
		buf_puts(b, "<p class=\"agency\">");
		esc_lines(b, f->agency);
		buf_puts(b, "</p>\n<hr class=\"rule\">\n");
	}
	if (f->number != NULL) {
		buf_puts(b, "<p class=\"number\">");
		esc(b, f->number);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "</td><td>\n<p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
	    "NAM</p>\n<p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p>\n");
	if (f->place_date != NULL) {
		buf_puts(b, "<p class=\"date\">");
		esc(b, f->place_date);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "</td></tr></table>\n");
	if (f->doc_type != NULL) {
		buf_puts(b, "<p class=\"title\">");
		esc(b, f->doc_type);
		buf_puts(b, "</p>\n");
	}
	if (f->summary != NULL) {
		buf_puts(b, "<p class=\"summary\">");
		esc_lines(b, f->summary);
		buf_puts(b, "</p>\n<hr class=\"rule\">\n");
	}
	for (i = 0; i < d->nblocks; i++) {
		const struct rpt_block *bl = &d->blocks[i];

		switch (bl->kind) {
		case RB_PARA:
			buf_printf(b, "<p class=\"%s\">", pclass[bl->para.style]);
			runs(b, &bl->para);
			buf_puts(b, "</p>\n");
			break;
		case RB_TABLE:
			table(b, &bl->table);
			break;
		case RB_PAGEBREAK:
			buf_puts(b, "<div class=\"pagebreak\"></div>\n");
			break;
		case RB_CLOSING:
			closing(b, f);
			closed = true;
			break;
		}
	}
	if (!closed)
		closing(b, f);
	buf_puts(b, "</body>\n</html>\n");
}
