/* page_texts.c: Thuyết minh — the report texts of a unit and period, one
 * section at a time: the list of sections (each sector's results and next
 * tasks, the opening, other work, the assessment, the conclusion), an editor
 * with the help on live figures and the unit's indicator codes, and a
 * preview with the figures resolved exactly as the report resolves them.
 * The report's resolver is private to report.c, so the preview builds the
 * whole report inside a transaction that is always rolled back: the text
 * being edited is put in place between two marker paragraphs, the other
 * texts of the period are blanked so that their errors cannot hide this
 * one's, and the paragraphs between the markers are shown. Placeholders that
 * do not resolve are listed with line and column and, after a second build
 * in which they are written literally, marked in the preview. Saving goes
 * through dataset_set_text (the importer's checks) and is audited; who may
 * edit which section, and when, follows the roles and the period's
 * workflow state. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/period.h"
#include "core/text.h"
#include "io/dataset.h"
#include "report/report.h"
#include "webpage.h"

/* Private-use characters, which no text keeps (the preview replaces them):
 * U+E000 starts the marker paragraphs, U+E001 and U+E002 enclose an
 * unresolved placeholder written literally. */
#define MARK_BEGIN	"\xEE\x80\x80ktxh-preview-begin"
#define MARK_END	"\xEE\x80\x80ktxh-preview-end"
#define ERR_OPEN	"\xEE\x80\x81"
#define ERR_CLOSE	"\xEE\x80\x82"
#define REPLACEMENT	"\xEF\xBF\xBD"	/* U+FFFD, also three bytes */
#define WRAP_LINES	2		/* lines the begin marker adds */

/* One section a text may be written for. */
struct section {
	char		*code;		/* "kinh-te", "nhiem-vu-kinh-te", "mo-dau" … */
	char		*title;		/* Vietnamese title */
	const char	*sector;	/* its sector (owned by the list), NULL: general */
	bool		 has_text;	/* a text is saved for the period */
};

struct sections {
	struct sector	*sectors;
	size_t		 nsectors;
	struct section	*v;
	size_t		 n;
};

/* The general sections, in report order, with their titles. */
static const char *const general[][2] = {
	{ "mo-dau", "Mở đầu" },
	{ "cong-tac-khac", "Một số công tác khác" },
	{ "uu-diem", "Nhận xét, đánh giá: ưu điểm" },
	{ "han-che", "Nhận xét, đánh giá: hạn chế" },
	{ "nguyen-nhan", "Nhận xét, đánh giá: nguyên nhân" },
	{ "ket-luan", "Kết luận" },
};

/* The fields of a placeholder, for the help (docs/texts.md). */
static const char *const field_help[][3] = {
	{ "{KT06.actual}", "11.800", "số thực hiện của kỳ báo cáo" },
	{ "{KT06.target}", "4.500", "mức kế hoạch năm (khoảng: 97–98)" },
	{ "{KT06.percent}", "262,22%", "tỷ lệ % so kế hoạch" },
	{ "{KT06.band}", "vượt", "đánh giá: vượt, đạt, đạt từ 90% trở lên, "
	    "không đạt" },
	{ "{KT06.previous}", "8", "số cùng kỳ năm trước" },
	{ "{KT06.change}", "giảm 12,5%", "thay đổi so với cùng kỳ (tỷ lệ tính "
	    "bằng điểm %)" },
	{ "{KT06.level}", "7", "mức phải đạt của chỉ tiêu tăng/giảm so với năm "
	    "trước" },
	{ "{KT06.uom}", "cây", "đơn vị tính" },
	{ "{pct:QP05/QP06}", "128,73%", "số thực hiện của QP05 chia cho của QP06, "
	    "× 100" },
};

static void
add_section(struct sections *ss, const char *code, const char *title,
    const char *sector)
{
	struct section *s;

	ss->v = xrealloc(ss->v, (ss->n + 1) * sizeof(*ss->v));
	s = &ss->v[ss->n++];
	s->code = xstrdup(code);
	s->title = xstrdup(title);
	s->sector = sector;
	s->has_text = false;
}

static void
sections_free(struct sections *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->v[i].code);
		free(ss->v[i].title);
	}
	free(ss->v);
	store_free_sectors(ss->sectors, ss->nsectors);
	memset(ss, 0, sizeof(*ss));
}

/* The texts of one period, as store_each_text walks every period. */
struct period_texts {
	const char	*period;
	struct sections	*ss;		/* mark has_text, or NULL */
	char		**codes;	/* or collect the sections */
	size_t		 ncodes;
};

static int
note_text(const char *unit, const char *period, const char *section,
    const char *body, void *arg)
{
	struct period_texts *pt = arg;
	size_t i;

	(void)unit;
	(void)body;
	if (strcmp(period, pt->period) != 0)
		return 0;
	if (pt->ss != NULL)
		for (i = 0; i < pt->ss->n; i++)
			if (strcmp(pt->ss->v[i].code, section) == 0)
				pt->ss->v[i].has_text = true;
	if (pt->ss == NULL) {
		pt->codes = xrealloc(pt->codes, (pt->ncodes + 1) *
		    sizeof(*pt->codes));
		pt->codes[pt->ncodes++] = xstrdup(section);
	}
	return 0;
}

/* Every section in report order, and which have a text for period. */
static int
sections_load(struct req *r, const char *unit, const char *period,
    struct sections *ss)
{
	struct period_texts pt;
	struct buf t = BUF_INIT;
	char *lower;
	size_t i;

	memset(ss, 0, sizeof(*ss));
	if (store_sectors(r->store, &ss->sectors, &ss->nsectors) != 0)
		return -1;
	add_section(ss, general[0][0], general[0][1], NULL);
	for (i = 0; i < ss->nsectors; i++) {
		lower = text_lower_first(ss->sectors[i].name);
		buf_reset(&t);
		buf_printf(&t, "Kết quả lĩnh vực %s", lower != NULL ? lower :
		    ss->sectors[i].name);
		add_section(ss, ss->sectors[i].code, buf_str(&t),
		    ss->sectors[i].code);
		free(lower);
	}
	for (i = 1; i < 5; i++)
		add_section(ss, general[i][0], general[i][1], NULL);
	for (i = 0; i < ss->nsectors; i++) {
		struct buf code = BUF_INIT;

		lower = text_lower_first(ss->sectors[i].name);
		buf_reset(&t);
		buf_printf(&t, "Nhiệm vụ, giải pháp lĩnh vực %s", lower != NULL ?
		    lower : ss->sectors[i].name);
		buf_printf(&code, "%s%s", TEXT_TASKS_PREFIX, ss->sectors[i].code);
		add_section(ss, buf_str(&code), buf_str(&t), ss->sectors[i].code);
		buf_free(&code);
		free(lower);
	}
	add_section(ss, general[5][0], general[5][1], NULL);
	buf_free(&t);
	memset(&pt, 0, sizeof(pt));
	pt.period = period;
	pt.ss = ss;
	return store_each_text(r->store, unit, note_text, &pt) != 0 ? -1 : 0;
}

static const struct section *
find_section(const struct sections *ss, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < ss->n; i++)
		if (strcmp(ss->v[i].code, code) == 0)
			return &ss->v[i];
	return NULL;
}

/* Whether the caller may write the section of unit: a sector's sections
 * for its officers, the general ones for approvers and admins. */
static bool
may_write(struct req *r, const char *unit, const struct section *s)
{
	enum role role = r->who.acct.role;

	if (s->sector != NULL)
		return auth_can_write(r, unit, s->sector);
	return (role == ROLE_APPROVER || role == ROLE_ADMIN) &&
	    auth_can_write(r, unit, NULL);
}

/* 0 when the caller may edit the section now, else the status of the
 * refusal (403: not theirs, 409: the period's state locks it) and *why. */
static int
may_edit(struct req *r, const char *unit, const struct section *s,
    enum pstate state, const char **why)
{
	enum role role = r->who.acct.role;

	if (!may_write(r, unit, s)) {
		*why = s->sector != NULL ? "Bạn chỉ xem được phần này: mỗi cán bộ "
		    "chỉ sửa thuyết minh của lĩnh vực mình phụ trách, tại đơn vị của "
		    "mình." : "Bạn chỉ xem được phần này: các phần chung của báo cáo "
		    "do người phê duyệt (văn phòng, chủ tịch) hoặc quản trị viên "
		    "soạn.";
		return 403;
	}
	if (state == PSTATE_APPROVED) {
		*why = "Kỳ báo cáo đã được duyệt và khóa: cần quản trị viên mở lại "
		    "(kèm lý do) thì mới sửa được.";
		return 409;
	}
	if (state == PSTATE_SUBMITTED && role != ROLE_APPROVER &&
	    role != ROLE_ADMIN) {
		*why = "Kỳ báo cáo đã gửi duyệt: chỉ người phê duyệt còn sửa được "
		    "thuyết minh.";
		return 409;
	}
	return 0;
}

/* ---- preview ---- */

/* The report kind whose period is p. */
static enum report_kind
kind_of(const struct period *p)
{
	static const enum report_kind k[PERIOD__MAX] = { RK_ANNUAL, RK_HALF,
	    RK_NINE, RK_QUARTER, RK_MONTH };

	return k[p->kind];
}

/* Escaped text of a run; the error markers become <mark>, closed by the end
 * of the run at the latest. */
static void
run_html(struct buf *b, const char *s)
{
	struct buf seg = BUF_INIT;
	bool open = false;

	for (; *s != '\0'; s++) {
		bool o = strncmp(s, ERR_OPEN, 3) == 0, c = strncmp(s, ERR_CLOSE, 3) == 0;

		if (!o && !c) {
			buf_putc(&seg, *s);
			continue;
		}
		web_html_esc(b, buf_str(&seg));
		buf_reset(&seg);
		if (o && !open)
			buf_puts(b, "<mark class=\"finding error\" title=\"Trường số "
			    "liệu chưa tính được\">");
		else if (c && open)
			buf_puts(b, "</mark>");
		open = o;
		s += 2;
	}
	web_html_esc(b, buf_str(&seg));
	if (open)
		buf_puts(b, "</mark>");
	buf_free(&seg);
}

static void
para_html(struct buf *b, const struct rpt_para *p)
{
	const char *tag = p->style == PS_SUBHEADING ? "h3" : "p";
	size_t i;

	web_html(b, "<%R class=\"rp-%R\">", tag, p->style == PS_SUBHEADING ?
	    "subheading" : "body");
	for (i = 0; i < p->nruns; i++) {
		unsigned st = p->runs[i].style;

		if (st & RS_BOLD)
			buf_puts(b, "<strong>");
		if (st & RS_ITALIC)
			buf_puts(b, "<em>");
		run_html(b, p->runs[i].text);
		if (st & RS_ITALIC)
			buf_puts(b, "</em>");
		if (st & RS_BOLD)
			buf_puts(b, "</strong>");
	}
	web_html(b, "</%R>\n", tag);
}

static bool
is_marker(const struct rpt_block *bl, const char *marker)
{
	return bl->kind == RB_PARA && bl->para.nruns == 1 &&
	    strcmp(bl->para.runs[0].text, marker) == 0;
}

/* The paragraphs between the markers, as HTML; false when the report has
 * no place for the section. */
static bool
extract(const struct rpt_doc *doc, struct buf *html)
{
	size_t i, begin;

	for (begin = 0; begin < doc->nblocks; begin++)
		if (is_marker(&doc->blocks[begin], MARK_BEGIN))
			break;
	if (begin == doc->nblocks)
		return false;
	for (i = begin + 1; i < doc->nblocks; i++) {
		const struct rpt_block *bl = &doc->blocks[i];

		if (is_marker(bl, MARK_END))
			break;
		if (bl->kind == RB_PARA)
			para_html(html, &bl->para);
	}
	return true;
}

/* Byte offset of the "{" at line, column (as lt_expand counts them) of s,
 * or SIZE_MAX. */
static size_t
brace_at(const char *s, size_t line, size_t col)
{
	size_t ln = 1, start = 0, o;

	for (o = 0; s[o] != '\0' && ln < line; o++)
		if (s[o] == '\n')
			ln++, start = o + 1;
	if (ln != line)
		return SIZE_MAX;
	for (o = start; s[o] != '\0' && s[o] != '\n'; o++)
		if (s[o] == '{' && text_column(s + start, o - start) == col)
			return o;
	return SIZE_MAX;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* s with the placeholders at offsets at[0..n) written literally ("{{")
 * between the error markers. */
static void
mark_literal(struct buf *out, const char *s, size_t *at, size_t n)
{
	size_t pos = 0, k, j;

	qsort(at, n, sizeof(*at), cmp_size);
	for (k = 0; k < n; k++) {
		if (at[k] < pos)
			continue;	/* a duplicate */
		buf_append(out, s + pos, at[k] - pos);
		for (j = at[k] + 1; s[j] != '\0' && s[j] != '}' && s[j] != '\n' &&
		    s[j] != '{'; j++)
			;
		buf_puts(out, ERR_OPEN "{{");
		if (s[j] == '}') {
			buf_append(out, s + at[k] + 1, j - at[k]);
			pos = j + 1;
		} else
			pos = at[k] + 1;
		buf_puts(out, ERR_CLOSE);
	}
	buf_puts(out, s + pos);
}

/* The preview of one section: its paragraphs and what went wrong. */
struct preview {
	struct buf	 html;		/* the section as the report shows it */
	struct buf	 errs;		/* one line per problem, for people */
	bool		 placed;	/* the report has a place for it */
};

/* Put body (NFC) in place between the markers and build the report. */
static int
build_with(struct req *r, const struct report_opts *o, const char *period,
    const char *section, const char *body, struct rpt_doc *doc,
    struct buf *err)
{
	struct buf wrapped = BUF_INIT;
	int rc;

	buf_printf(&wrapped, MARK_BEGIN "\n\n%s\n\n" MARK_END, body);
	if (store_put_text(r->store, o->unit, period, section,
	    buf_str(&wrapped), 0) != 0) {
		buf_puts(err, store_error(r->store));
		rc = -1;
	} else
		rc = report_build(r->store, o, doc, err);
	buf_free(&wrapped);
	return rc;
}

/* The report's errors about this section, as "Dòng L, cột C: …" lines of
 * the body in pv->errs and the offsets of their placeholders; the number
 * of them. */
static size_t
section_errors(const char *err, const char *prefix, const char *body,
    struct preview *pv, size_t **at)
{
	const char *line, *nl;
	size_t n = 0, plen = strlen(prefix), l, c, o;
	int used;

	for (line = err; *line != '\0'; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		used = 0;
		if (strncmp(line, prefix, plen) != 0 ||
		    sscanf(line + plen, "dòng %zu, cột %zu: %n", &l, &c, &used) != 2 ||
		    used == 0 || l <= WRAP_LINES)
			continue;
		l -= WRAP_LINES;
		buf_printf(&pv->errs, "Dòng %zu, cột %zu: %.*s\n", l, c,
		    (int)(nl - line - (long)plen - used), line + plen + used);
		if ((o = brace_at(body, l, c)) != SIZE_MAX) {
			*at = xrealloc(*at, (n + 1) * sizeof(**at));
			(*at)[n++] = o;
		}
	}
	return n;
}

/*
 * Preview body as the section of unit's period: inside a transaction that
 * is always rolled back, blank the period's other texts, put this one in
 * place and build the report; on placeholder errors, list them and build
 * again with those placeholders written literally and marked.
 */
static void
preview_build(struct req *r, const struct unit *u, const struct period *p,
    const char *period, const char *section, const char *body, size_t len,
    struct preview *pv)
{
	struct period_texts pt;
	struct report_opts o;
	struct rpt_doc doc;
	struct buf err = BUF_INIT, prefix = BUF_INIT, marked = BUF_INIT;
	size_t bad, i, *at = NULL, nat;
	char today[16], *nfc = NULL, *q;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	memset(&pt, 0, sizeof(pt));
	if (text_utf8_check(body, len, &bad) != 0) {
		buf_puts(&pv->errs, "Nội dung có byte không phải UTF-8 hoặc ký tự NUL: "
		    "hãy dán lại văn bản.\n");
		return;
	}
	nfc = text_nfc(body, len);
	for (q = nfc; (q = strstr(q, "\xEE\x80")) != NULL; q += 2)
		if ((unsigned char)q[2] >= 0x80 && (unsigned char)q[2] <= 0x82)
			memcpy(q, REPLACEMENT, 3);
	memset(&o, 0, sizeof(o));
	o.unit = u->code;
	o.year = p->year;
	o.kind = kind_of(p);
	o.period = period;
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	o.today = today;
	if (store_begin(r->store) != 0) {
		buf_printf(&pv->errs, "Chưa xem trước được lúc này (%s): hãy thử "
		    "lại.\n", store_error(r->store));
		goto out;
	}
	pt.period = period;
	if (store_each_text(r->store, u->code, note_text, &pt) != 0)
		goto failed;
	for (i = 0; i < pt.ncodes; i++)
		if (strcmp(pt.codes[i], section) != 0 &&
		    store_put_text(r->store, u->code, period, pt.codes[i], "", 0) != 0)
			goto failed;
	rc = build_with(r, &o, period, section, nfc, &doc, &err);
	if (rc != 0) {
		buf_printf(&prefix, "thuyết minh %s/%s/%s: ", u->code, period,
		    section);
		nat = section_errors(buf_str(&err), buf_str(&prefix), nfc, pv, &at);
		if (pv->errs.len == 0) {
			buf_printf(&pv->errs, "Chưa lập được báo cáo để xem trước: %s\n",
			    buf_str(&err));
			goto rollback;
		}
		mark_literal(&marked, nfc, at, nat);
		buf_reset(&err);
		if (build_with(r, &o, period, section, buf_str(&marked), &doc,
		    &err) != 0)
			goto rollback;	/* the errors are listed */
	}
	pv->placed = extract(&doc, &pv->html);
	rpt_free(&doc);
	goto rollback;
failed:
	buf_printf(&pv->errs, "Chưa xem trước được: %s\n", store_error(r->store));
rollback:
	store_rollback(r->store);
out:
	for (i = 0; i < pt.ncodes; i++)
		free(pt.codes[i]);
	free(pt.codes);
	free(at);
	free(nfc);
	buf_free(&err);
	buf_free(&prefix);
	buf_free(&marked);
}

/* ---- the page ---- */

/* What the page shows. */
struct view {
	struct scope	 sc;
	struct buf	 period;	/* canonical code of sc.period */
	struct sections	 ss;
	const struct section *cur;	/* the chosen section */
	enum pstate	 state;		/* of the unit's period */
	int		 refused;	/* 0: may edit; else the status */
	const char	*why;		/* why not */
	struct buf	 body;		/* the text in the editor */
	bool		 preview;	/* show the preview of body */
	const char	*notice;	/* "Đã lưu …" */
	struct buf	 errs;		/* beside the textarea, one a line */
	long long	 version;	/* of the stored text the editor is on */
	struct buf	 theirs;	/* a conflict: the text stored now … */
	struct stamp	 stamp;		/* … and who saved it when */
};

static void
view_free(struct view *v)
{
	scope_free(&v->sc);
	buf_free(&v->period);
	sections_free(&v->ss);
	buf_free(&v->body);
	buf_free(&v->errs);
	buf_free(&v->theirs);
}

/* Load the sections and the state; choose the section (code, or the first
 * the caller may write). On failure the error page is written. */
static int
view_load(struct req *r, struct view *v, const char *code)
{
	size_t i;

	period_format(&v->period, &v->sc.period);
	if (sections_load(r, v->sc.unit.code, buf_str(&v->period), &v->ss) != 0 ||
	    store_period_state(r->store, v->sc.unit.code, buf_str(&v->period),
	    &v->state, NULL, NULL) != 0) {
		web_error(r, 500, store_error(r->store));
		return -1;
	}
	if (code != NULL && *code != '\0') {
		if ((v->cur = find_section(&v->ss, code)) == NULL) {
			web_error(r, 404, "Không có phần thuyết minh này: chọn một phần "
			    "trong danh sách của trang Thuyết minh.");
			return -1;
		}
	} else {
		for (i = 0; i < v->ss.n && v->cur == NULL; i++)
			if (may_write(r, v->sc.unit.code, &v->ss.v[i]))
				v->cur = &v->ss.v[i];
		if (v->cur == NULL && v->ss.n > 0)
			v->cur = &v->ss.v[0];
	}
	if (v->cur == NULL) {
		web_error(r, 404, "Chưa có lĩnh vực nào trong cơ sở dữ liệu.");
		return -1;
	}
	v->refused = may_edit(r, v->sc.unit.code, v->cur, v->state, &v->why);
	return 0;
}

static void
section_list(struct req *r, const struct view *v)
{
	size_t i;

	web_html(&r->body, "<section class=\"card\" aria-labelledby=\"sections-h\">"
	    "\n<h2 id=\"sections-h\">Các phần</h2>\n<ol class=\"sections\">\n");
	for (i = 0; i < v->ss.n; i++) {
		const struct section *s = &v->ss.v[i];

		web_html(&r->body, "<li><a href=\"/texts?unit=%U&amp;year=%d&amp;"
		    "period=%U&amp;section=%U\"%R>%s</a> <small>(%s · %s%s)</small>"
		    "</li>\n", v->sc.unit.code, v->sc.year, buf_str(&v->period),
		    s->code, s == v->cur ? " aria-current=\"page\"" : "", s->title,
		    s->code, s->has_text ? "đã có" : "chưa có",
		    may_write(r, v->sc.unit.code, s) ? "" : ", chỉ xem");
	}
	web_html(&r->body, "</ol>\n</section>\n");
}

static void
editor(struct req *r, const struct view *v)
{
	const char *line, *nl;

	web_html(&r->body, "<section class=\"card\">\n<h2>%s</h2>\n<form method=\""
	    "post\" action=\"/texts\">\n", v->cur->title);
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"year\" value=\"%d\">"
	    "<input type=\"hidden\" name=\"period\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"section\" value=\"%s\">\n",
	    v->sc.unit.code, v->sc.year, buf_str(&v->period), v->cur->code);
	web_html(&r->body, "<label for=\"body\">Nội dung phần “%s” (%s)</label>\n",
	    v->cur->code, v->cur->sector != NULL ? "phần của lĩnh vực" :
	    "phần chung");
	if (v->errs.len > 0) {
		web_html(&r->body, "<div id=\"body-error\" class=\"field-error\" "
		    "role=\"alert\"><ul>\n");
		for (line = buf_str(&v->errs); *line != '\0'; line = *nl ? nl + 1 : nl) {
			struct buf one = BUF_INIT;

			nl = strchr(line, '\n');
			if (nl == NULL)
				nl = line + strlen(line);
			buf_append(&one, line, (size_t)(nl - line));
			web_html(&r->body, "<li>%s</li>\n", buf_str(&one));
			buf_free(&one);
		}
		web_html(&r->body, "</ul></div>\n");
	}
	if (v->refused != 0)
		web_html(&r->body, "<p class=\"field-error\">%s</p>\n", v->why);
	if (v->stamp.version > 0 && v->theirs.len > 0)
		web_html(&r->body, "<div class=\"field-error\" role=\"alert\" "
		    "id=\"conflict\"><p>Chưa lưu: %s đã sửa phần này lúc %s, sau khi "
		    "bạn mở trang. Nội dung hiện tại của họ ở dưới; nội dung của bạn "
		    "vẫn trong ô soạn. Bấm Lưu lần nữa nếu vẫn muốn ghi nội dung của "
		    "bạn thay cho họ.</p>\n<pre class=\"theirs\">%s</pre></div>\n",
		    v->stamp.by[0] ? v->stamp.by : "người khác", v->stamp.at,
		    buf_str(&v->theirs));
	web_html(&r->body, "<input type=\"hidden\" name=\"version\" "
	    "value=\"%ld\">\n", (long)v->version);
	/* The newline after <textarea> keeps a leading blank line of the text. */
	web_html(&r->body, "<textarea id=\"body\" name=\"body\" rows=\"18\" "
	    "spellcheck=\"true\"%R%R>\n%s</textarea>\n", v->errs.len > 0 ?
	    " aria-describedby=\"body-error\" aria-invalid=\"true\"" : "",
	    v->refused != 0 ? " readonly" : "", buf_str(&v->body));
	web_html(&r->body, "<button name=\"action\" value=\"preview\">Xem trước"
	    "</button>\n");
	if (v->refused == 0)
		web_html(&r->body, "<button name=\"action\" value=\"save\">Lưu"
		    "</button>\n");
	web_html(&r->body, "</form>\n</section>\n");
}

static void
preview_section(struct req *r, const struct view *v)
{
	struct preview pv;
	const char *line, *nl;

	memset(&pv, 0, sizeof(pv));
	web_html(&r->body, "<section class=\"card\" aria-labelledby=\"preview-h\">"
	    "\n<h2 id=\"preview-h\">Xem trước với số liệu hiện có</h2>\n");
	if (!v->preview) {
		web_html(&r->body, "<p>Chưa có thuyết minh cho phần này. Khi chưa có, "
		    "báo cáo tự viết phần này từ số liệu (nếu là phần kết quả của "
		    "lĩnh vực, mở đầu hoặc kết luận).</p>\n</section>\n");
		return;
	}
	preview_build(r, &v->sc.unit, &v->sc.period, buf_str(&v->period),
	    v->cur->code, v->body.data != NULL ? v->body.data : "", v->body.len,
	    &pv);
	if (pv.errs.len > 0) {
		web_html(&r->body, "<div class=\"error\" role=\"alert\"><p>Các trường "
		    "số liệu chưa tính được (báo cáo sẽ không lập được cho đến khi "
		    "sửa thuyết minh hoặc bổ sung số liệu):</p><ul>\n");
		for (line = buf_str(&pv.errs); *line != '\0';
		    line = *nl ? nl + 1 : nl) {
			struct buf one = BUF_INIT;

			nl = strchr(line, '\n');
			if (nl == NULL)
				nl = line + strlen(line);
			buf_append(&one, line, (size_t)(nl - line));
			web_html(&r->body, "<li>%s</li>\n", buf_str(&one));
			buf_free(&one);
		}
		web_html(&r->body, "</ul></div>\n");
	}
	if (pv.placed)
		web_html(&r->body, "<div class=\"report-preview\">\n%R</div>\n",
		    buf_str(&pv.html));
	else if (pv.errs.len == 0)
		web_html(&r->body, "<p>Báo cáo của kỳ này không có chỗ cho phần "
		    "này.</p>\n");
	web_html(&r->body, "</section>\n");
	buf_free(&pv.html);
	buf_free(&pv.errs);
}

/* Whether the evaluation has a target or a value of the year for ind. */
static bool
used_by_unit(const struct app_eval *e, const struct indicator *ind)
{
	size_t i, j;

	for (i = 0; i < e->res.nrows; i++) {
		const struct eval_row *row = &e->res.rows[i];

		if (strcmp(row->ind->code, ind->code) == 0)
			return true;
		for (j = 0; j < row->nchildren; j++)
			if (strcmp(row->children[j].ind->code, ind->code) == 0)
				return true;
	}
	for (i = 0; i < e->nvalues; i++)
		if (e->values[i].period.year == e->period.year &&
		    strcmp(e->values[i].indicator, ind->code) == 0)
			return true;
	return false;
}

static void
help(struct req *r, const struct view *v)
{
	struct app_eval e;
	struct buf err = BUF_INIT;
	size_t i, k, n;

	web_html(&r->body, "<details class=\"card\">\n<summary>Cách viết thuyết "
	    "minh và trường số liệu</summary>\n<ul>\n"
	    "<li>Các đoạn cách nhau một dòng trống; dòng bắt đầu bằng “- ” hoặc "
	    "“+ ” là một đoạn riêng.</li>\n"
	    "<li>Dòng bắt đầu bằng “# ” là tiêu đề nhỏ trong phần, ví dụ “# 1. "
	    "Sản xuất nông, lâm nghiệp, thủy sản”.</li>\n"
	    "<li>**chữ đậm**, *chữ nghiêng*.</li>\n"
	    "<li>Con số không gõ tay mà viết bằng trường số liệu trong ngoặc "
	    "nhọn; ktxh tính lại mỗi lần lập báo cáo. Muốn viết dấu { thì viết "
	    "{{.</li>\n"
	    "<li>Đơn vị tính và dấu % của số thực hiện, kế hoạch thì viết ngoài "
	    "trường: {VH13.actual}%.</li>\n</ul>\n"
	    "<table><thead><tr><th>Trường</th><th>Ví dụ kết quả</th><th>Nghĩa"
	    "</th></tr></thead><tbody>\n");
	for (i = 0; i < sizeof(field_help) / sizeof(field_help[0]); i++)
		web_html(&r->body, "<tr><td><code>%s</code></td><td>%s</td><td>%s"
		    "</td></tr>\n", field_help[i][0], field_help[i][1],
		    field_help[i][2]);
	web_html(&r->body, "</tbody></table>\n</details>\n");
	if (app_evaluate(r->store, v->sc.unit.code, &v->sc.period, -1, &e,
	    &err) != 0) {
		web_html(&r->body, "<p class=\"error\">Không đọc được danh mục chỉ "
		    "tiêu: %s</p>\n", buf_str(&err));
		goto out;
	}
	web_html(&r->body, "<section class=\"card\">\n<h2>Mã chỉ tiêu của đơn "
	    "vị</h2>\n<p>Chép mã vào trường số liệu, ví dụ {KT06.actual}.</p>\n");
	for (k = 0; k < e.nsectors; k++) {
		for (n = 0, i = 0; i < e.ninds; i++)
			if (strcmp(e.inds[i].sector, e.sectors[k].code) == 0 &&
			    used_by_unit(&e, &e.inds[i]))
				n++;
		if (n == 0)
			continue;
		web_html(&r->body, "<details%R><summary>%s (%zu)</summary>\n"
		    "<table class=\"responsive\"><thead><tr><th>Mã</th><th>Chỉ tiêu"
		    "</th><th>Đơn vị tính</th></tr></thead><tbody>\n",
		    v->cur->sector != NULL && strcmp(v->cur->sector,
		    e.sectors[k].code) == 0 ? " open" : "", e.sectors[k].name, n);
		for (i = 0; i < e.ninds; i++)
			if (strcmp(e.inds[i].sector, e.sectors[k].code) == 0 &&
			    used_by_unit(&e, &e.inds[i]))
				web_html(&r->body, "<tr><td><code>%s</code></td><td>%s</td>"
				    "<td>%s</td></tr>\n", e.inds[i].code, e.inds[i].name,
				    e.inds[i].uom != NULL ? e.inds[i].uom : "");
		web_html(&r->body, "</tbody></table>\n</details>\n");
	}
	web_html(&r->body, "</section>\n");
out:
	app_eval_free(&e);
	buf_free(&err);
}

static void
texts_page(struct req *r, struct view *v)
{
	struct buf label = BUF_INIT;

	web_page_begin(r, "Thuyết minh");
	page_filters(r, &v->sc, "/texts");
	if (v->notice != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s</p>\n",
		    v->notice);
	period_label(&label, &v->sc.period);
	web_html(&r->body, "<p class=\"card\">%s %s, %s: trạng thái <strong>%s"
	    "</strong>. Con số trong thuyết minh được tính từ số liệu mỗi lần "
	    "lập báo cáo.</p>\n", v->sc.unit.kind, v->sc.unit.name,
	    buf_str(&label), pstate_labels_vi[v->state]);
	section_list(r, v);
	editor(r, v);
	preview_section(r, v);
	help(r, v);
	web_page_end(r);
	buf_free(&label);
}

void
h_texts(struct req *r)
{
	struct view v;
	bool found = false;

	memset(&v, 0, sizeof(v));
	if (page_scope(r, &v.sc) != 0)
		return;
	if (view_load(r, &v, web_query(r, "section")) != 0)
		goto out;
	if (store_text(r->store, v.sc.unit.code, buf_str(&v.period), v.cur->code,
	    &v.body, &found) != 0) {
		web_error(r, 500, store_error(r->store));
		goto out;
	}
	v.preview = found;
	if (store_stamp(r->store, STAMP_TEXT, v.sc.unit.code, buf_str(&v.period),
	    v.cur->code, &v.stamp) != 0) {
		web_error(r, 503, store_error(r->store));
		goto out;
	}
	v.version = v.stamp.version;
	if (web_query(r, "saved") != NULL)
		v.notice = "Đã lưu thuyết minh.";
	texts_page(r, &v);
out:
	view_free(&v);
}

/* The unit and period of a posted form, checked like page_scope. */
static int
form_scope(struct req *r, struct scope *sc)
{
	const char *u = web_field(r, "unit"), *p = web_field(r, "period");
	struct buf err = BUF_INIT;

	memset(sc, 0, sizeof(*sc));
	if (u == NULL || *u == '\0' || p == NULL ||
	    period_parse(p, strlen(p), &sc->period) != 0) {
		web_error(r, 400, "Thiếu đơn vị hoặc kỳ báo cáo không hợp lệ: mở lại "
		    "trang Thuyết minh và gửi lại.");
		return -1;
	}
	if (app_find_unit(r->store, u, &sc->unit, &err) != 0) {
		web_error(r, 404, buf_str(&err));
		buf_free(&err);
		return -1;
	}
	if (!auth_can_read(r, sc->unit.code)) {
		unit_free(&sc->unit);
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		return -1;
	}
	sc->year = sc->period.year;
	return 0;
}

static bool
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

void
h_texts_save(struct req *r)
{
	const char *action = web_field(r, "action");
	const struct kv *kb = web_field_kv(r, "body");
	const char *body = kb != NULL ? kb->val : "";
	size_t len = kb != NULL ? kb->len : 0;
	const char *vs = web_field(r, "version");
	struct buf loc = BUF_INIT;
	long long seen;
	struct view v;
	bool in_tx = false;
	int rc;

	memset(&v, 0, sizeof(v));
	if (form_scope(r, &v.sc) != 0)
		return;
	/* The state that may lock the period, the version and the write: one
	 * transaction. */
	if (store_begin(r->store) != 0) {
		web_error(r, 503, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		goto out;
	}
	in_tx = true;
	if (view_load(r, &v, web_field(r, "section")) != 0)
		goto out;
	/* The version the editor was opened on: the text is written only
	 * over it (none shown: only if still none). */
	seen = vs != NULL && *vs >= '0' && *vs <= '9' ? strtoll(vs, NULL, 10) : 0;
	v.version = seen;
	if (action == NULL || (strcmp(action, "preview") != 0 &&
	    strcmp(action, "save") != 0)) {
		web_error(r, 400, "Không rõ thao tác: dùng nút Xem trước hoặc Lưu.");
		goto out;
	}
	buf_append(&v.body, body, len);
	v.preview = true;
	if (strcmp(action, "preview") == 0) {
		texts_page(r, &v);
		goto out;
	}
	if (v.refused != 0) {
		r->status = v.refused;
		v.preview = false;
		texts_page(r, &v);
		goto out;
	}
	if (blank(body, len)) {
		buf_puts(&v.errs, "Thuyết minh trống, chưa lưu: hãy viết nội dung. "
		    "Một phần không có thuyết minh thì báo cáo tự viết từ số liệu.\n");
		r->status = 422;
		v.preview = false;
		texts_page(r, &v);
		goto out;
	}
	rc = app_put_text(r->store, r->who.acct.name, v.sc.unit.code,
	    buf_str(&v.period), v.cur->code, body, len, seen > 0 ? seen : -1,
	    &v.errs);
	if (rc == DATASET_CONFLICT) {
		bool found = false;

		if (store_text(r->store, v.sc.unit.code, buf_str(&v.period),
		    v.cur->code, &v.theirs, &found) != 0 ||
		    store_stamp(r->store, STAMP_TEXT, v.sc.unit.code,
		    buf_str(&v.period), v.cur->code, &v.stamp) != 0) {
			web_error(r, 503, "Cơ sở dữ liệu đang bận; hãy thử lại.");
			goto out;
		}
		/* A second save is a deliberate one over theirs. */
		v.version = v.stamp.version;
		r->status = 409;
		v.preview = false;
		texts_page(r, &v);
		goto out;
	}
	if (rc != 0) {
		r->status = 422;
		v.preview = false;
		texts_page(r, &v);
		goto out;
	}
	if (store_commit(r->store) != 0) {
		web_error(r, 503, "Không lưu được thuyết minh (lỗi cơ sở dữ liệu); "
		    "không có gì được ghi, hãy thử lại.");
		goto out;
	}
	in_tx = false;
	web_html(&loc, "/texts?unit=%U&year=%d&period=%U&section=%U&saved=1",
	    v.sc.unit.code, v.sc.year, buf_str(&v.period), v.cur->code);
	web_redirect(r, buf_str(&loc));
out:
	if (in_tx)
		store_rollback(r->store);
	view_free(&v);
	buf_free(&loc);
}
