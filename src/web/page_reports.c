/* page_reports.c: Báo cáo — the official report of a unit and period. The
 * period picked (a year, a half, nine months, a quarter or a month) names
 * the kind of report; the page builds it with report_build, shows it as a
 * preview drawn from the report model by this file (so that the page keeps
 * its own stylesheet and Content-Security-Policy), and links to every
 * format. A download builds the report again and returns the file: HTML and
 * Markdown from the writers' buffers, DOCX, PDF and XLSX through a file in a
 * private temporary directory. A report that cannot be built (placeholders
 * that do not resolve, a period that does not fit the kind) is a 4xx page
 * listing every reason, with a link to the text to correct. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/period.h"
#include "report/report.h"
#include "webpage.h"

/* The report kinds by the kind of their period, and their names. */
static const enum period_kind kind_period[RK__MAX] = { PERIOD_YEAR,
	PERIOD_HALF, PERIOD_NINE, PERIOD_QUARTER, PERIOD_MONTH };
static const char *const kind_labels_vi[RK__MAX] = { "Báo cáo năm",
	"Báo cáo 6 tháng", "Báo cáo 9 tháng", "Báo cáo quý", "Báo cáo tháng" };

/* The formats of a download: name, media type, label. */
static const struct format {
	const char	*name;
	const char	*ctype;
	const char	*label;
} formats[] = {
	{ "docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "Word (DOCX)" },
	{ "pdf", "application/pdf", "PDF" },
	{ "html", "text/html; charset=utf-8", "HTML" },
	{ "md", "text/markdown; charset=utf-8", "Markdown" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "Excel (XLSX, bảng chỉ tiêu)" },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* The report asked for. */
struct choice {
	struct scope	 sc;
	enum report_kind kind;
	struct period	 period;
	struct buf	 code;		/* canonical period, "2023-H1" */
	char		 today[16];
};

/*
 * The kind and period from ?kind= and ?period= (page_scope has checked the
 * period against the year): the kind given, or the one the period names; a
 * kind without a period takes its usual one (the year, the first half, nine
 * months); a quarter or a month must be picked. 0, or -1 with *err.
 */
static int
choose(struct req *r, struct choice *c, struct buf *err)
{
	const char *ks = web_query(r, "kind"), *ps = web_query(r, "period");
	bool has_period = ps != NULL && *ps != '\0';
	time_t now = time(NULL);
	struct tm tm;
	int k;

	localtime_r(&now, &tm);
	strftime(c->today, sizeof(c->today), "%Y-%m-%d", &tm);
	c->period = c->sc.period;
	if (ks != NULL && *ks != '\0') {
		if ((k = model_lookup(report_kind_names, ks)) < 0) {
			buf_printf(err, "Loại báo cáo “%s” không có: dùng annual (năm), "
			    "half (6 tháng), nine-months (9 tháng), quarter (quý) hoặc "
			    "month (tháng).", ks);
			return -1;
		}
		c->kind = (enum report_kind)k;
		if (!has_period) {
			if (c->kind == RK_QUARTER || c->kind == RK_MONTH) {
				buf_printf(err, "%s: hãy chọn %s trong ô Kỳ.",
				    kind_labels_vi[c->kind], c->kind == RK_QUARTER ?
				    "quý" : "tháng");
				return -1;
			}
			c->period.kind = kind_period[c->kind];
			c->period.n = c->kind == RK_HALF ? 1 : 0;
		} else if (c->period.kind != kind_period[c->kind]) {
			buf_reset(&c->code);
			period_label(&c->code, &c->period);
			buf_printf(err, "Kỳ “%s” không khớp loại %s: chọn lại kỳ.",
			    buf_str(&c->code), kind_labels_vi[c->kind]);
			buf_reset(&c->code);
			return -1;
		}
	} else {
		for (k = 0; k < RK__MAX && kind_period[k] != c->period.kind; k++)
			;
		c->kind = (enum report_kind)k;
	}
	period_format(&c->code, &c->period);
	return 0;
}

static void
choice_free(struct choice *c)
{
	scope_free(&c->sc);
	buf_free(&c->code);
}

static int
build(struct req *r, struct choice *c, struct rpt_doc *doc, struct buf *err)
{
	struct report_opts o;

	memset(&o, 0, sizeof(o));
	o.unit = c->sc.unit.code;
	o.year = c->sc.year;
	o.kind = c->kind;
	o.period = buf_str(&c->code);
	o.today = c->today;
	return report_build(r->store, &o, doc, err);
}

/* The reasons a report was not built, one item a line; a text's
 * placeholder error links to that text. */
static void
error_list(struct req *r, const char *err)
{
	static const char cli_head[] = "các trường số liệu trong thuyết minh";
	static const char text_head[] = "thuyết minh ";
	const size_t th = sizeof(text_head) - 1;
	const char *line, *nl, *slash1, *slash2, *colon;
	struct buf one = BUF_INIT, unit = BUF_INIT, period = BUF_INIT;
	struct buf section = BUF_INIT;
	struct period p;

	web_html(&r->body, "<div class=\"error\" role=\"alert\"><p>Chưa lập được "
	    "báo cáo:</p>\n<ul>\n");
	for (line = err; *line != '\0'; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		buf_reset(&one);
		buf_append(&one, line, (size_t)(nl - line));
		if (one.len == 0)
			continue;
		if (strncmp(line, cli_head, sizeof(cli_head) - 1) == 0) {
			/* The report's own head line speaks of the CLI. */
			web_html(&r->body, "<li>Các trường số liệu trong thuyết minh "
			    "không tính được: sửa thuyết minh ở trang Thuyết minh, hoặc "
			    "bổ sung số liệu.</li>\n");
			continue;
		}
		web_html(&r->body, "<li>%s", buf_str(&one));
		/* "thuyết minh UNIT/PERIOD/SECTION: dòng …" */
		if ((size_t)(nl - line) > th && strncmp(line, text_head, th) == 0 &&
		    (slash1 = memchr(line + th, '/', (size_t)(nl - line) - th)) !=
		    NULL && (slash2 = memchr(slash1 + 1, '/', (size_t)(nl - slash1 -
		    1))) != NULL && (colon = memchr(slash2, ':', (size_t)(nl -
		    slash2))) != NULL) {
			buf_reset(&unit);
			buf_reset(&period);
			buf_reset(&section);
			buf_append(&unit, line + th, (size_t)(slash1 - line) - th);
			buf_append(&period, slash1 + 1, (size_t)(slash2 - slash1 - 1));
			buf_append(&section, slash2 + 1, (size_t)(colon - slash2 - 1));
			if (period_parse(period.data, period.len, &p) == 0)
				web_html(&r->body, " — <a href=\"/texts?unit=%U&amp;year=%d"
				    "&amp;period=%U&amp;section=%U\">sửa thuyết minh</a>",
				    buf_str(&unit), p.year, buf_str(&period),
				    buf_str(&section));
		}
		web_html(&r->body, "</li>\n");
	}
	web_html(&r->body, "</ul></div>\n");
	buf_free(&one);
	buf_free(&unit);
	buf_free(&period);
	buf_free(&section);
}

/* ---- the preview, drawn from the report model ---- */

/* Escaped text; a '\n' is a line break. */
static void
lines_html(struct buf *b, const char *s)
{
	const char *nl;

	for (; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		struct buf one = BUF_INIT;

		buf_append(&one, s, (size_t)(nl - s));
		web_html(b, "%s<br>", buf_str(&one));
		buf_free(&one);
	}
	web_html(b, "%s", s);
}

static void
runs_html(struct buf *b, const struct rpt_run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned st = runs[i].style;

		web_html(b, "%R%R%R%s%R%R%R", st & RS_BOLD ? "<strong>" : "",
		    st & RS_ITALIC ? "<em>" : "", st & RS_UNDERLINE ? "<u>" : "",
		    runs[i].text, st & RS_UNDERLINE ? "</u>" : "",
		    st & RS_ITALIC ? "</em>" : "", st & RS_BOLD ? "</strong>" : "");
	}
}

static void
table_html(struct buf *b, const struct rpt_table *t)
{
	static const char *const align[] = { "l", "c", "r" };
	size_t i, j;

	if (t->title != NULL)
		web_html(b, "<p class=\"rp-part\">%s</p>\n", t->title);
	web_html(b, "<div class=\"rp-scroll\"><table class=\"rp-grid\">\n"
	    "<thead><tr>");
	for (j = 0; j < t->ncols; j++)
		web_html(b, "<th>%s</th>", t->head[j]);
	web_html(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const struct rpt_row *row = &t->rows[i];

		if (row->group) {
			web_html(b, "<tr class=\"rp-group\"><td colspan=\"%zu\">%s</td>"
			    "</tr>\n", t->ncols, row->cells[0].text);
			continue;
		}
		web_html(b, "<tr>");
		for (j = 0; j < t->ncols; j++) {
			const struct rpt_cell *c = &row->cells[j];

			web_html(b, "<td class=\"rp-%R%R%R%R\">%s</td>", align[c->align],
			    c->style & RS_BOLD ? " rp-b" : "",
			    c->style & RS_ITALIC ? " rp-i" : "",
			    c->indent > 0 ? " rp-indent" : "", c->text);
		}
		web_html(b, "</tr>\n");
	}
	web_html(b, "</tbody>\n</table></div>\n");
}

static void
closing_html(struct buf *b, const struct rpt_frame *f)
{
	size_t i;

	web_html(b, "<div class=\"rp-closing\">\n<div class=\"rp-recipients\">\n");
	if (f->nrecipients > 0) {
		web_html(b, "<p class=\"rp-to\">Nơi nhận:</p>\n");
		for (i = 0; i < f->nrecipients; i++)
			web_html(b, "<p class=\"rp-recipient\">%s</p>\n",
			    f->recipients[i]);
	}
	web_html(b, "</div>\n<div class=\"rp-sign\">\n");
	if (f->sign_authority != NULL)
		web_html(b, "<p class=\"rp-authority\">%s</p>\n", f->sign_authority);
	if (f->sign_title != NULL)
		web_html(b, "<p class=\"rp-authority\">%s</p>\n", f->sign_title);
	if (f->signer != NULL)
		web_html(b, "<p class=\"rp-signer\">%s</p>\n", f->signer);
	web_html(b, "</div>\n</div>\n");
}

static void
doc_html(struct buf *b, const struct rpt_doc *d)
{
	static const char *const pclass[PS__MAX] = { "body", "part", "heading",
	    "subheading", "center", "note" };
	const struct rpt_frame *f = &d->frame;
	bool closed = false;
	size_t i;

	web_html(b, "<article class=\"card report-preview\" lang=\"vi\">\n"
	    "<div class=\"rp-frame\">\n<div class=\"rp-left\">\n");
	if (f->agency_parent != NULL) {
		web_html(b, "<p>");
		lines_html(b, f->agency_parent);
		web_html(b, "</p>\n");
	}
	if (f->agency != NULL) {
		web_html(b, "<p class=\"rp-agency\">");
		lines_html(b, f->agency);
		web_html(b, "</p>\n");
	}
	if (f->number != NULL)
		web_html(b, "<p class=\"rp-number\">%s</p>\n", f->number);
	web_html(b, "</div>\n<div class=\"rp-right\">\n<p class=\"rp-nation\">"
	    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>\n<p class=\"rp-motto\">Độc lập "
	    "- Tự do - Hạnh phúc</p>\n");
	if (f->place_date != NULL)
		web_html(b, "<p class=\"rp-date\">%s</p>\n", f->place_date);
	web_html(b, "</div>\n</div>\n");
	if (f->doc_type != NULL)
		web_html(b, "<p class=\"rp-title\">%s</p>\n", f->doc_type);
	if (f->summary != NULL) {
		web_html(b, "<p class=\"rp-summary\">");
		lines_html(b, f->summary);
		web_html(b, "</p>\n");
	}
	for (i = 0; i < d->nblocks; i++) {
		const struct rpt_block *bl = &d->blocks[i];

		switch (bl->kind) {
		case RB_PARA:
			web_html(b, "<p class=\"rp-%R\">", pclass[bl->para.style]);
			runs_html(b, bl->para.runs, bl->para.nruns);
			web_html(b, "</p>\n");
			break;
		case RB_TABLE:
			table_html(b, &bl->table);
			break;
		case RB_PAGEBREAK:
			web_html(b, "<hr class=\"rp-break\">\n");
			break;
		case RB_CLOSING:
			closing_html(b, f);
			closed = true;
			break;
		}
	}
	if (!closed)
		closing_html(b, f);
	web_html(b, "</article>\n");
}

/* ---- handlers ---- */

/* The query of this report, for links ("unit=…&amp;year=…"). */
static void
report_query(struct buf *b, const struct choice *c)
{
	web_html(b, "unit=%U&amp;year=%d&amp;kind=%U&amp;period=%U",
	    c->sc.unit.code, c->sc.year, report_kind_names[c->kind],
	    buf_str(&c->code));
}

void
h_reports(struct req *r)
{
	struct choice c;
	struct rpt_doc doc;
	struct buf err = BUF_INIT, q = BUF_INIT, label = BUF_INIT;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	if (page_scope(r, &c.sc) != 0)
		return;
	web_page_begin(r, "Báo cáo");
	page_filters(r, &c.sc, "/reports");
	if (choose(r, &c, &err) != 0) {
		r->status = 400;
		web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n",
		    buf_str(&err));
		web_page_end(r);
		goto out;
	}
	period_label(&label, &c.period);
	report_query(&q, &c);
	web_html(&r->body, "<section class=\"card\">\n<h2>%s — %s %s, %s</h2>\n",
	    kind_labels_vi[c.kind], c.sc.unit.kind, c.sc.unit.name,
	    buf_str(&label));
	if ((rc = build(r, &c, &doc, &err)) != 0) {
		r->status = rc == REPORT_USAGE ? 400 : 422;
		error_list(r, buf_str(&err));
		web_html(&r->body, "</section>\n");
		web_page_end(r);
		goto out;
	}
	web_html(&r->body, "<p>Tải về:</p>\n<ul class=\"downloads\">\n");
	for (i = 0; i < NFORMATS; i++)
		web_html(&r->body, "<li><a href=\"/reports/download?%R&amp;format=%U\" "
		    "download>%s</a></li>\n", buf_str(&q), formats[i].name,
		    formats[i].label);
	web_html(&r->body, "</ul>\n<p><a href=\"/reports/download?%R&amp;format="
	    "html&amp;view=1\" target=\"_blank\" rel=\"noopener\">Mở bản HTML để in "
	    "(thẻ mới)</a></p>\n</section>\n", buf_str(&q));
	page_sendup_box(r, &c.sc.unit, buf_str(&c.code));
	web_html(&r->body, "<h2>Xem trước</h2>\n");
	doc_html(&r->body, &doc);
	web_page_end(r);
	rpt_free(&doc);
out:
	choice_free(&c);
	buf_free(&err);
	buf_free(&q);
	buf_free(&label);
}

/* Read the file at path into b; 0, or -1 with *err. */
static int
slurp(const char *path, struct buf *b, struct buf *err)
{
	char chunk[65536];
	size_t n;
	FILE *fp;
	int rc = 0;

	if ((fp = fopen(path, "rb")) == NULL) {
		buf_printf(err, "không đọc được tệp báo cáo: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	if (ferror(fp)) {
		buf_printf(err, "không đọc được tệp báo cáo: %s", strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}

/* Write doc as fmt ("docx", "pdf", "xlsx") into b through a file in a
 * private temporary directory (the writers put PATH.tmp beside PATH, so a
 * directory of our own keeps both out of reach); 0, or -1 with *err. */
static int
write_file(const struct rpt_doc *doc, const char *fmt, struct buf *b,
    struct buf *err)
{
	const char *tmpdir = getenv("TMPDIR");
	struct buf dir = BUF_INIT, path = BUF_INIT;
	int rc = -1;

	buf_printf(&dir, "%s/ktxh-report-XXXXXX", tmpdir != NULL && *tmpdir ==
	    '/' ? tmpdir : "/tmp");
	if (mkdtemp(dir.data) == NULL) {
		buf_printf(err, "không tạo được thư mục tạm: %s", strerror(errno));
		goto out;
	}
	buf_printf(&path, "%s/bao-cao.%s", buf_str(&dir), fmt);
	if (strcmp(fmt, "docx") == 0)
		rc = rpt_write_docx(doc, buf_str(&path), err);
	else if (strcmp(fmt, "pdf") == 0)
		rc = rpt_write_pdf(doc, buf_str(&path), err);
	else
		rc = rpt_write_xlsx(doc, buf_str(&path), err);
	if (rc == 0)
		rc = slurp(buf_str(&path), b, err);
	unlink(buf_str(&path));
	rmdir(buf_str(&dir));
out:
	buf_free(&dir);
	buf_free(&path);
	return rc;
}

void
h_report_download(struct req *r)
{
	const char *fs = web_query(r, "format"), *view = web_query(r, "view");
	const struct format *f = NULL;
	struct choice c;
	struct rpt_doc doc;
	struct buf err = BUF_INIT, name = BUF_INIT;
	bool built = false, inline_view;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	for (i = 0; fs != NULL && i < NFORMATS; i++)
		if (strcmp(fs, formats[i].name) == 0)
			f = &formats[i];
	if (f == NULL) {
		web_error(r, 400, "Định dạng không có: dùng docx, pdf, html, md hoặc "
		    "xlsx.");
		return;
	}
	inline_view = strcmp(f->name, "html") == 0 && view != NULL &&
	    strcmp(view, "1") == 0;
	if (page_scope(r, &c.sc) != 0)
		return;
	if (choose(r, &c, &err) != 0) {
		web_error(r, 400, buf_str(&err));
		goto out;
	}
	if ((rc = build(r, &c, &doc, &err)) != 0) {
		web_page_begin(r, "Không lập được báo cáo");
		r->status = rc == REPORT_USAGE ? 400 : 422;
		error_list(r, buf_str(&err));
		web_html(&r->body, "<p><a href=\"/reports?unit=%U&amp;year=%d&amp;"
		    "period=%U\">Về trang Báo cáo</a></p>\n", c.sc.unit.code,
		    c.sc.year, buf_str(&c.code));
		web_page_end(r);
		goto out;
	}
	built = true;
	buf_reset(&r->body);
	if (strcmp(f->name, "html") == 0)
		rpt_write_html(&doc, &r->body);
	else if (strcmp(f->name, "md") == 0)
		rpt_write_md(&doc, &r->body);
	else if (write_file(&doc, f->name, &r->body, &err) != 0) {
		web_error(r, 500, buf_str(&err));
		goto out;
	}
	/* "bao-cao-99001-2023-H1.docx": codes are ASCII; anything else is
	 * replaced, so the header needs no quoting rules. */
	buf_printf(&name, "bao-cao-%s-%s.%s", c.sc.unit.code, buf_str(&c.code),
	    f->name);
	for (i = 0; i < name.len; i++)
		if (!((name.data[i] >= 'a' && name.data[i] <= 'z') ||
		    (name.data[i] >= 'A' && name.data[i] <= 'Z') ||
		    (name.data[i] >= '0' && name.data[i] <= '9') ||
		    name.data[i] == '-' || name.data[i] == '.' || name.data[i] == '_'))
			name.data[i] = '_';
	r->ctype = f->ctype;
	free(r->file_name);
	r->file_name = xstrdup(buf_str(&name));
	buf_printf(&r->headers, "Content-Disposition: %s; filename=\"%s\"\n",
	    inline_view ? "inline" : "attachment", buf_str(&name));
	/* The HTML report carries its own <style>: a policy of its own that
	 * allows it and nothing else (no scripts, no requests). */
	if (strcmp(f->name, "html") == 0)
		buf_puts(&r->headers, "Content-Security-Policy: default-src 'none'; "
		    "style-src 'unsafe-inline'\n");
out:
	if (built)
		rpt_free(&doc);
	choice_free(&c);
	buf_free(&err);
	buf_free(&name);
}
