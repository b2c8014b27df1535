/* page_plan.c: Kế hoạch — a unit's targets of a year as the People's Council
 * resolution sets them: numbered as in the resolution, their shape in words,
 * the wording and the resolution they come from, grouped by sector. The
 * office (an approver of the unit) or an admin keeps the plan: start the
 * year from last year's catalogue (every target copied with its shape,
 * values, wording and number, the resolution left to be filled in), write
 * the resolution of every target that has none, and add or edit one target
 * with the same checks as targets.csv. Officers and viewers read it. Every
 * change is audited ("target", "<code>@<year>", old, new); nothing changes
 * once the year's report is approved, until an admin reopens it. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "webpage.h"

/* Longest texts kept, in characters. */
#define MAX_TEXT	2000
#define MAX_SOURCE	300
#define MAX_SEQ		16

/* The fields of the edit form, as typed, and their errors. */
enum { F_IND, F_SHAPE, F_VALUE, F_VALUE2, F_TEXT, F_SOURCE, F_SEQ, F__MAX };
static const char *const field_names[F__MAX] = { "indicator", "shape",
    "value", "value2", "text", "source", "seq" };

struct form {
	const char	*f[F__MAX];	/* as typed; NULL when absent */
	const char	*err[F__MAX];	/* beside the field, or NULL */
	struct buf	 msg[F__MAX];	/* storage of built messages */
	bool		 editing;	/* the target exists already */
	bool		 rejected;	/* posted and refused: say nothing was saved */
	const char	*version_of;	/* the indicator whose target was shown … */
	long long	 version;	/* … and its version (the save's condition) */
	struct buf	 vbuf;		/* storage of version_of */
};

/* Everything the page shows of one unit and year. */
struct plan {
	struct unit	 unit;
	int		 year;
	struct sector	*sectors;
	size_t		 nsectors;
	struct indicator *inds;
	size_t		 ninds;
	struct target	*targets;	/* of the year */
	size_t		 ntargets;
	struct target	*prev;		/* of the year before */
	size_t		 nprev;
	bool		 editor;	/* approver of the unit or admin */
	bool		 locked;	/* the year's report is approved */
};

/* ---- loading ---- */

static const struct indicator *
find_ind(const struct plan *p, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < p->ninds; i++)
		if (strcmp(p->inds[i].code, code) == 0)
			return &p->inds[i];
	return NULL;
}

static const struct target *
find_target(const struct target *t, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(t[i].indicator, code) == 0)
			return &t[i];
	return NULL;
}

/* Whether the account may change the unit's plan: the resolution is entered
 * by the office, so an approver of the unit or an admin. */
static bool
plan_editor(struct req *r, const char *unit)
{
	return (r->who.acct.role == ROLE_ADMIN ||
	    r->who.acct.role == ROLE_APPROVER) && auth_can_write(r, unit, NULL);
}

static bool
year_locked(struct store *s, const char *unit, int year)
{
	struct buf by = BUF_INIT, reason = BUF_INIT;
	char period[16];
	enum pstate st = PSTATE_DRAFT;

	snprintf(period, sizeof(period), "%d", year);
	if (store_period_state(s, unit, period, &st, &by, &reason) != 0)
		st = PSTATE_DRAFT;
	buf_free(&by);
	buf_free(&reason);
	return st == PSTATE_APPROVED;
}

static void
plan_free(struct plan *p)
{
	unit_free(&p->unit);
	store_free_sectors(p->sectors, p->nsectors);
	store_free_indicators(p->inds, p->ninds);
	store_free_targets(p->targets, p->ntargets);
	store_free_targets(p->prev, p->nprev);
	memset(p, 0, sizeof(*p));
}

/* Load the plan of unit (taken over) and year. */
static int
plan_load(struct req *r, struct unit *unit, int year, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->unit = *unit;
	memset(unit, 0, sizeof(*unit));
	p->year = year;
	if (store_sectors(r->store, &p->sectors, &p->nsectors) != 0 ||
	    store_indicators(r->store, &p->inds, &p->ninds) != 0 ||
	    store_targets(r->store, p->unit.code, year, &p->targets,
	    &p->ntargets) != 0 ||
	    store_targets(r->store, p->unit.code, year - 1, &p->prev,
	    &p->nprev) != 0)
		return -1;
	p->editor = plan_editor(r, p->unit.code);
	p->locked = year_locked(r->store, p->unit.code, year);
	return 0;
}

/* Read the year's targets again inside the write transaction, so that what
 * is copied, completed or replaced is what the database holds now. */
static int
plan_reload(struct req *r, struct plan *p)
{
	store_free_targets(p->targets, p->ntargets);
	p->targets = NULL;
	p->ntargets = 0;
	p->locked = year_locked(r->store, p->unit.code, p->year);
	return store_targets(r->store, p->unit.code, p->year, &p->targets,
	    &p->ntargets);
}

/* ---- figures as people type them ---- */

/* A stored figure written so that it reads back the same when typed:
 * "1.303,5", "1302" (not the ambiguous "1.302"), "2,8030". */
static void
typed_figure(struct buf *b, double v)
{
	static const unsigned flags[] = { NUM_FMT_TRIM,
	    NUM_FMT_TRIM | NUM_FMT_NOGROUP };
	struct buf t = BUF_INIT;
	const char *why, *comma;
	double back;
	int dec;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		buf_reset(&t);
		num_format(&t, v, 9, flags[i]);
		if (num_parse_typed(t.data, t.len, &back, &why) == 0 && back == v)
			goto done;
	}
	/* "2,803" reads both ways: one more decimal settles it. */
	comma = strchr(buf_str(&t), ',');
	dec = comma != NULL ? (int)strlen(comma + 1) + 1 : 1;
	buf_reset(&t);
	num_format(&t, v, dec > 9 ? 9 : dec, NUM_FMT_NOGROUP);
	if (num_parse_typed(t.data, t.len, &back, &why) != 0 || back != v) {
		buf_reset(&t);
		num_format_machine(&t, v);
	}
done:
	buf_puts(b, buf_str(&t));
	buf_free(&t);
}

/* Read a typed figure; a trailing "%" is allowed where the figure is a
 * percentage. Returns 0, or -1 with *why. */
static int
parse_figure(const char *s, bool percent, double *out, const char **why)
{
	size_t n;
	int rc;
	char *c;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (percent && n > 0 && s[n - 1] == '%') {
		n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	}
	c = xstrndup(s, n);
	*why = NULL;
	rc = num_parse_typed(c, n, out, why);
	free(c);
	if (rc == 0 && !isfinite(*out)) {
		*why = "số quá lớn";
		rc = -1;
	}
	if (rc != 0 && *why == NULL)
		*why = "không đọc được số";
	return rc;
}

/* ---- validation (the rules of targets.csv in src/io/dataset.c) ---- */

static void
field_err(struct form *f, int k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
field_err(struct form *f, int k, const char *fmt, ...)
{
	va_list ap;

	if (f->err[k] != NULL)
		return;		/* the first reason is enough */
	va_start(ap, fmt);
	buf_reset(&f->msg[k]);
	buf_vprintf(&f->msg[k], fmt, ap);
	va_end(ap);
	f->err[k] = buf_str(&f->msg[k]);
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return *s == '\0';
}

/* A text field trimmed and in NFC, NULL when empty; an error when it is
 * not UTF-8 or too long. Caller frees. */
static char *
text_field(struct form *f, int k, size_t max)
{
	const char *s = f->f[k];
	size_t n, bad;

	if (blank(s))
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (text_utf8_check(s, n, &bad) != 0) {
		field_err(f, k, "chữ không hợp lệ ở ký tự thứ %zu: hãy gõ lại",
		    text_column(s, bad));
		return NULL;
	}
	if (text_column(s, n) - 1 > max) {
		field_err(f, k, "dài quá: tối đa %zu ký tự", max);
		return NULL;
	}
	return text_nfc(s, n);
}

/* Check the form as targets.csv checks a row; fill *t (strings owned by
 * the caller afterwards) and return true when every field is valid. */
static bool
validate(const struct plan *p, struct form *f, struct target *t)
{
	const struct indicator *ind = NULL;
	const char *why;
	bool yesno = false, percent;
	int shape = -1;
	size_t k;

	memset(t, 0, sizeof(*t));
	t->unit = p->unit.code;
	t->year = p->year;
	if (blank(f->f[F_IND]))
		field_err(f, F_IND, "chọn chỉ tiêu");
	else if ((ind = find_ind(p, f->f[F_IND])) == NULL)
		field_err(f, F_IND, "không có chỉ tiêu mã “%s” trong danh mục",
		    f->f[F_IND]);
	else if (ind->kind == KIND_COMPOUND) {
		field_err(f, F_IND, "“%s” là chỉ tiêu gộp: đặt kế hoạch cho từng chỉ "
		    "tiêu con", ind->name);
		ind = NULL;
	}
	if (f->f[F_SHAPE] == NULL ||
	    (shape = model_lookup(shape_names, f->f[F_SHAPE])) < 0)
		field_err(f, F_SHAPE, "chọn dạng chỉ tiêu");
	if (ind != NULL && shape >= 0) {
		yesno = ind->kind == KIND_YESNO || ind->kind == KIND_QUALITATIVE;
		if (yesno != (shape == SHAPE_QUALITATIVE))
			field_err(f, F_SHAPE, yesno ? "chỉ tiêu “%s” là loại có/không "
			    "hoặc định tính: chọn dạng định tính" : "dạng định tính chỉ "
			    "dùng cho chỉ tiêu loại có/không hoặc định tính (“%s” là "
			    "chỉ tiêu số)", ind->name);
	}
	percent = shape == SHAPE_GROWTH || (ind != NULL && ind->uom != NULL &&
	    strcmp(ind->uom, "%") == 0);
	if (!blank(f->f[F_VALUE])) {
		if (parse_figure(f->f[F_VALUE], percent, &t->value, &why) != 0)
			field_err(f, F_VALUE, "%s", why);
		else
			t->has_value = true;
	}
	if (!blank(f->f[F_VALUE2])) {
		if (parse_figure(f->f[F_VALUE2], percent, &t->value2, &why) != 0)
			field_err(f, F_VALUE2, "%s", why);
		else
			t->has_value2 = true;
	}
	if (shape >= 0) {
		t->shape = (enum shape)shape;
		if (shape != SHAPE_QUALITATIVE && !t->has_value &&
		    f->err[F_VALUE] == NULL)
			field_err(f, F_VALUE, "nhập mức chỉ tiêu");
		if (shape == SHAPE_RANGE && f->err[F_VALUE2] == NULL &&
		    (!t->has_value2 || (t->has_value && t->value2 < t->value)))
			field_err(f, F_VALUE2, "dạng trong khoảng cần cận trên, không "
			    "nhỏ hơn mức chỉ tiêu (cận dưới)");
		if (shape != SHAPE_RANGE && t->has_value2)
			field_err(f, F_VALUE2, "cận trên chỉ dùng cho dạng trong khoảng: "
			    "để trống");
		if (t->has_value) {
			if (shape == SHAPE_REDUCTION && t->value <= 0)
				field_err(f, F_VALUE, "mức giảm phải lớn hơn 0");
			if (shape == SHAPE_GROWTH && t->value <= -100)
				field_err(f, F_VALUE, "mức tăng phải lớn hơn -100%%");
			if (shape != SHAPE_GROWTH && t->value < 0)
				field_err(f, F_VALUE, "mức chỉ tiêu không được âm");
		}
		if (ind != NULL && ind->kind == KIND_RATE &&
		    shape != SHAPE_GROWTH && shape != SHAPE_REDUCTION) {
			if (t->has_value && t->value > 100)
				field_err(f, F_VALUE, "chỉ tiêu tỷ lệ phải trong khoảng "
				    "0–100 (%%)");
			if (t->has_value2 && t->value2 > 100)
				field_err(f, F_VALUE2, "chỉ tiêu tỷ lệ phải trong khoảng "
				    "0–100 (%%)");
		}
	}
	t->text = text_field(f, F_TEXT, MAX_TEXT);
	t->source = text_field(f, F_SOURCE, MAX_SOURCE);
	t->seq = text_field(f, F_SEQ, MAX_SEQ);
	for (k = 0; k < F__MAX; k++)
		if (f->err[k] != NULL)
			return false;
	t->indicator = ind->code;
	return true;
}

/* ---- audit ---- */

/* A target in words for the audit log: "4.500 cây (ít nhất); số 6;
 * “Trồng 4.500 cây …”; căn cứ: Nghị quyết số 08/NQ-HĐND …". */
static void
target_desc(struct buf *b, const struct indicator *ind, const struct target *t)
{
	struct eval_row row;

	memset(&row, 0, sizeof(row));
	row.ind = ind;
	row.target = t;
	app_target_text(b, &row, true);
	buf_printf(b, " (%s)", shape_labels_vi[t->shape]);
	if (t->seq != NULL)
		buf_printf(b, "; số %s", t->seq);
	if (t->text != NULL)
		buf_printf(b, "; “%s”", t->text);
	buf_printf(b, "; căn cứ: %s", t->source != NULL ? t->source :
	    "chưa ghi");
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

static bool
same_target(const struct target *a, const struct target *b)
{
	return a->shape == b->shape && a->has_value == b->has_value &&
	    (!a->has_value || a->value == b->value) &&
	    a->has_value2 == b->has_value2 &&
	    (!a->has_value2 || a->value2 == b->value2) &&
	    same_str(a->text, b->text) && same_str(a->source, b->source) &&
	    same_str(a->seq, b->seq);
}

/* Store t on its version condition and audit the change from old (or
 * NULL). Inside a transaction. Returns 0, STORE_CONFLICT or -1. */
static int
put_audited(struct req *r, const struct indicator *ind,
    const struct target *old, const struct target *t)
{
	struct buf o = BUF_INIT, n = BUF_INIT, obj = BUF_INIT;
	int rc;

	if (old != NULL)
		target_desc(&o, ind, old);
	target_desc(&n, ind, t);
	buf_printf(&obj, "%s@%d", t->indicator, t->year);
	store_set_actor(r->store, r->who.acct.name);
	if ((rc = store_put_target(r->store, t)) == 0 &&
	    store_audit(r->store, r->who.acct.name, t->unit, "target",
	    buf_str(&obj), old != NULL ? buf_str(&o) : NULL, buf_str(&n)) != 0)
		rc = -1;
	buf_free(&o);
	buf_free(&n);
	buf_free(&obj);
	return rc;
}

/* ---- the page ---- */

/* Compare numbers in resolution order: "9" < "10" < "10.1" < "10.2". */
static int
cmp_seq(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10);
			unsigned long y = strtoul(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return *a == '\0' ? (*b == '\0' ? 0 : -1) : 1;
}

/* A target of the page with what sorts it. */
struct prow {
	const struct target	*t;
	const struct indicator	*ind;
	int			 sector;	/* the sector's order */
};

static int
cmp_prow(const void *pa, const void *pb)
{
	const struct prow *a = pa, *b = pb;
	int c;

	if (a->sector != b->sector)
		return a->sector < b->sector ? -1 : 1;
	if ((a->t->seq == NULL) != (b->t->seq == NULL))
		return a->t->seq == NULL ? 1 : -1;
	if (a->t->seq != NULL && (c = cmp_seq(a->t->seq, b->t->seq)) != 0)
		return c;
	if (a->ind->ord != b->ind->ord)
		return a->ind->ord < b->ind->ord ? -1 : 1;
	return strcmp(a->ind->code, b->ind->code);
}

static int
sector_ord(const struct plan *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->nsectors; i++)
		if (strcmp(p->sectors[i].code, code) == 0)
			return p->sectors[i].ord;
	return 1000;
}

static const char *
sector_name(const struct plan *p, const char *code)
{
	size_t i;

	for (i = 0; i < p->nsectors; i++)
		if (strcmp(p->sectors[i].code, code) == 0)
			return p->sectors[i].name;
	return code;
}

/* The resolution most targets cite, or NULL. */
static const char *
main_source(const struct plan *p)
{
	const char *best = NULL;
	size_t i, k, n, bestn = 0;

	for (i = 0; i < p->ntargets; i++) {
		if (p->targets[i].source == NULL)
			continue;
		for (n = 0, k = 0; k < p->ntargets; k++)
			if (same_str(p->targets[k].source, p->targets[i].source))
				n++;
		if (n > bestn) {
			best = p->targets[i].source;
			bestn = n;
		}
	}
	return best;
}

static size_t
missing_from_prev(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->nprev; i++)
		if (find_target(p->targets, p->ntargets, p->prev[i].indicator) ==
		    NULL && find_ind(p, p->prev[i].indicator) != NULL)
			n++;
	return n;
}

static void
picker(struct req *r, const struct plan *p)
{
	web_html(&r->body, "<form method=\"get\" action=\"/plan\" "
	    "class=\"filters autosubmit card\">\n<label>Đơn vị <select "
	    "name=\"unit\">");
	page_unit_options(r, p->unit.code);
	web_html(&r->body, "</select></label>\n<label>Năm kế hoạch <input "
	    "name=\"year\" type=\"number\" min=\"1900\" max=\"2200\" "
	    "value=\"%d\"></label>\n<button>Xem</button>\n</form>\n<p>"
	    "<a href=\"/plan?unit=%U&amp;year=%d\">← Kế hoạch năm %d</a> · "
	    "<a href=\"/plan?unit=%U&amp;year=%d\">Kế hoạch năm %d →</a></p>\n",
	    p->year, p->unit.code, p->year - 1, p->year - 1, p->unit.code,
	    p->year + 1, p->year + 1);
}

static void
table_of_targets(struct req *r, const struct plan *p, const char *src,
    bool edit)
{
	struct prow *rows;
	struct buf t = BUF_INIT;
	struct eval_row er;
	const char *sector = NULL;
	size_t i, n = 0;

	rows = xcalloc(p->ntargets ? p->ntargets : 1, sizeof(*rows));
	for (i = 0; i < p->ntargets; i++) {
		const struct indicator *ind = find_ind(p, p->targets[i].indicator);

		if (ind == NULL)
			continue;
		rows[n].t = &p->targets[i];
		rows[n].ind = ind;
		rows[n].sector = sector_ord(p, ind->sector);
		n++;
	}
	qsort(rows, n, sizeof(*rows), cmp_prow);
	for (i = 0; i < n; i++) {
		const struct prow *row = &rows[i];
		const struct indicator *parent = row->ind->parent != NULL ?
		    find_ind(p, row->ind->parent) : NULL;

		if (sector == NULL || strcmp(sector, row->ind->sector) != 0) {
			if (sector != NULL)
				web_html(&r->body, "</tbody></table>\n");
			sector = row->ind->sector;
			web_html(&r->body, "<h2>%s</h2>\n<table class=\"responsive\">"
			    "<thead><tr><th>STT</th><th>Chỉ tiêu</th><th>Mức kế hoạch"
			    "</th><th>Nguyên văn nghị quyết</th>%R</tr></thead><tbody>\n",
			    sector_name(p, sector), edit ? "<th></th>" : "");
		}
		memset(&er, 0, sizeof(er));
		er.ind = row->ind;
		er.target = row->t;
		buf_reset(&t);
		app_target_text(&t, &er, true);
		web_html(&r->body, "<tr id=\"t-%s\"><td>%s</td><td><a href=\""
		    "/indicator?unit=%U&amp;code=%U&amp;year=%d\">%s</a>",
		    row->ind->code, row->t->seq != NULL ? row->t->seq : "",
		    p->unit.code, row->ind->code, p->year, row->ind->name);
		if (parent != NULL)
			web_html(&r->body, "<br><small>thuộc: %s</small>", parent->name);
		web_html(&r->body, "</td><td><strong>%s</strong><br><small>%s</small>"
		    "</td><td>%s", buf_str(&t), shape_labels_vi[row->t->shape],
		    row->t->text != NULL ? row->t->text : "");
		if (row->t->source == NULL)
			web_html(&r->body, "<br><small class=\"field-error\">chưa ghi căn "
			    "cứ (nghị quyết)</small>");
		else if (!same_str(row->t->source, src))
			web_html(&r->body, "<br><small>căn cứ: %s</small>",
			    row->t->source);
		web_html(&r->body, "</td>");
		if (edit)
			web_html(&r->body, "<td><a href=\"/plan?unit=%U&amp;year=%d&amp;"
			    "edit=%U#sua\">Sửa</a></td>", p->unit.code, p->year,
			    row->ind->code);
		web_html(&r->body, "</tr>\n");
	}
	if (sector != NULL)
		web_html(&r->body, "</tbody></table>\n");
	free(rows);
	buf_free(&t);
}

static void
hidden_scope(struct req *r, const struct plan *p, const char *action)
{
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"year\" value=\"%d\">"
	    "<input type=\"hidden\" name=\"action\" value=\"%s\">\n",
	    p->unit.code, p->year, action);
}

static void
err_beside(struct req *r, const struct form *f, int k)
{
	if (f != NULL && f->err[k] != NULL)
		web_html(&r->body, "<span class=\"field-error\" id=\"e-%s\">%s</span>",
		    field_names[k], f->err[k]);
}

static const char *
invalid(const struct form *f, int k)
{
	return f != NULL && f->err[k] != NULL ? " aria-invalid=\"true\"" : "";
}

static void
edit_form(struct req *r, const struct plan *p, const struct form *f)
{
	const char *sel = f != NULL ? f->f[F_IND] : NULL;
	const char *shape = f != NULL ? f->f[F_SHAPE] : NULL;
	const char *sector = NULL;
	size_t i, k;

	web_html(&r->body, "<h2 id=\"sua\">%s</h2>\n<form method=\"post\" "
	    "action=\"/plan\" class=\"card\">\n", f != NULL && f->editing ?
	    "Sửa chỉ tiêu" : "Thêm hoặc sửa một chỉ tiêu");
	hidden_scope(r, p, "save");
	if (f != NULL && f->version_of != NULL)
		web_html(&r->body, "<input type=\"hidden\" name=\"version_of\" "
		    "value=\"%s\"><input type=\"hidden\" name=\"version\" "
		    "value=\"%ld\">\n", f->version_of, (long)f->version);
	web_html(&r->body, "<label>Chỉ tiêu <select name=\"indicator\"%R>"
	    "<option value=\"\">— chọn chỉ tiêu —</option>", invalid(f, F_IND));
	for (k = 0; k < p->nsectors + 1; k++)
		for (i = 0; i < p->ninds; i++) {
			const struct indicator *ind = &p->inds[i];
			bool known = false;
			size_t j;

			if (ind->kind == KIND_COMPOUND)
				continue;
			for (j = 0; j < p->nsectors; j++)
				if (strcmp(p->sectors[j].code, ind->sector) == 0)
					known = true;
			/* Sector by sector, then any of an unknown sector. */
			if (k < p->nsectors ? strcmp(ind->sector,
			    p->sectors[k].code) != 0 : known)
				continue;
			if (sector == NULL || strcmp(sector, ind->sector) != 0) {
				if (sector != NULL)
					web_html(&r->body, "</optgroup>");
				sector = ind->sector;
				web_html(&r->body, "<optgroup label=\"%s\">",
				    sector_name(p, sector));
			}
			web_html(&r->body, "<option value=\"%s\"%R>%s — %s%R</option>",
			    ind->code, sel != NULL && strcmp(sel, ind->code) == 0 ?
			    " selected" : "", ind->code, ind->name,
			    find_target(p->targets, p->ntargets, ind->code) != NULL ?
			    " (đã có)" : "");
		}
	if (sector != NULL)
		web_html(&r->body, "</optgroup>");
	web_html(&r->body, "</select>");
	err_beside(r, f, F_IND);
	web_html(&r->body, "</label>\n<label>Dạng chỉ tiêu <select name=\"shape\"%R>",
	    invalid(f, F_SHAPE));
	for (i = 0; i < SHAPE__MAX; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>",
		    shape_names[i], shape != NULL && strcmp(shape, shape_names[i]) ==
		    0 ? " selected" : "", shape_labels_vi[i]);
	web_html(&r->body, "</select>");
	err_beside(r, f, F_SHAPE);
	web_html(&r->body, "</label>\n<label>Mức chỉ tiêu (cận dưới với dạng trong "
	    "khoảng; % tăng với dạng tăng; số giảm với dạng giảm; để trống với dạng "
	    "định tính) <input name=\"value\" inputmode=\"decimal\" "
	    "value=\"%s\"%R></label>", f != NULL ? f->f[F_VALUE] : "",
	    invalid(f, F_VALUE));
	err_beside(r, f, F_VALUE);
	web_html(&r->body, "\n<label>Cận trên (chỉ dạng trong khoảng) <input "
	    "name=\"value2\" inputmode=\"decimal\" value=\"%s\"%R></label>",
	    f != NULL ? f->f[F_VALUE2] : "", invalid(f, F_VALUE2));
	err_beside(r, f, F_VALUE2);
	web_html(&r->body, "\n<p><small>Số viết như 1.303,5 hoặc 1303.5; tỷ lệ "
	    "viết 93 hoặc 93%%.</small></p>\n<label>Nguyên văn trong nghị quyết "
	    "<textarea name=\"text\" rows=\"3\" maxlength=\"%d\"%R>%s</textarea>"
	    "</label>", MAX_TEXT, invalid(f, F_TEXT), f != NULL ? f->f[F_TEXT] :
	    "");
	err_beside(r, f, F_TEXT);
	web_html(&r->body, "\n<label>Căn cứ (nghị quyết HĐND) <input "
	    "name=\"source\" list=\"nguon\" maxlength=\"%d\" placeholder=\"Nghị "
	    "quyết số …/NQ-HĐND ngày …\" value=\"%s\"%R></label>", MAX_SOURCE,
	    f != NULL ? f->f[F_SOURCE] : "", invalid(f, F_SOURCE));
	err_beside(r, f, F_SOURCE);
	web_html(&r->body, "\n<label>Số thứ tự trong nghị quyết (ví dụ 9 hoặc "
	    "10.2) <input name=\"seq\" maxlength=\"%d\" value=\"%s\"%R></label>",
	    MAX_SEQ, f != NULL ? f->f[F_SEQ] : "", invalid(f, F_SEQ));
	err_beside(r, f, F_SEQ);
	web_html(&r->body, "\n<datalist id=\"nguon\">");
	for (i = 0; i < p->ntargets + p->nprev; i++) {
		const struct target *t = i < p->ntargets ? &p->targets[i] :
		    &p->prev[i - p->ntargets];

		for (k = 0; k < i; k++)
			if (same_str(t->source, (k < p->ntargets ? &p->targets[k] :
			    &p->prev[k - p->ntargets])->source))
				break;
		if (k == i && t->source != NULL)
			web_html(&r->body, "<option value=\"%s\">", t->source);
	}
	web_html(&r->body, "</datalist>\n<button>Lưu chỉ tiêu</button> "
	    "<a href=\"/plan?unit=%U&amp;year=%d\">Hủy</a>\n</form>\n",
	    p->unit.code, p->year);
}

/* The whole page; f is the edit form to show again (or NULL), notice a
 * success and error a refusal of the whole form. */
static void
plan_page(struct req *r, const struct plan *p, const struct form *f,
    const char *notice, const char *error)
{
	struct buf title = BUF_INIT;
	const char *src = main_source(p);
	size_t i, nosrc = 0, ncopy = missing_from_prev(p);
	bool edit = p->editor && !p->locked;

	buf_printf(&title, "Kế hoạch năm %d", p->year);
	web_page_begin(r, buf_str(&title));
	web_html(&r->body, "<p>%s %s</p>\n", p->unit.kind, p->unit.name);
	picker(r, p);
	if (notice != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s</p>\n", notice);
	if (error != NULL)
		web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n", error);
	if (f != NULL && f->rejected)
		web_html(&r->body, "<p class=\"error\" role=\"alert\">Chỉ tiêu chưa "
		    "được lưu: hãy sửa các ô có ghi lỗi bên dưới.</p>\n");
	for (i = 0; i < p->ntargets; i++)
		if (p->targets[i].source == NULL)
			nosrc++;
	if (p->ntargets == 0)
		web_html(&r->body, "<p class=\"card\">Đơn vị chưa có chỉ tiêu kế "
		    "hoạch năm %d.%R</p>\n", p->year, edit && ncopy > 0 ?
		    " Có thể bắt đầu từ danh mục năm trước (bên dưới)." : "");
	else {
		web_html(&r->body, "<p class=\"card\">%zu chỉ tiêu", p->ntargets);
		if (src != NULL)
			web_html(&r->body, " theo <strong>%s</strong>", src);
		if (nosrc > 0)
			web_html(&r->body, "; %zu chỉ tiêu chưa ghi căn cứ", nosrc);
		web_html(&r->body, ".</p>\n");
	}
	if (p->locked)
		web_html(&r->body, "<p class=\"card\">Báo cáo năm %d của đơn vị đã "
		    "được phê duyệt: kế hoạch năm này bị khóa, chỉ quản trị viên mở "
		    "lại được (kèm lý do).</p>\n", p->year);
	else if (!p->editor)
		web_html(&r->body, "<p><small>Kế hoạch do văn phòng (người phê duyệt "
		    "của đơn vị) nhập theo nghị quyết HĐND; tài khoản này chỉ được "
		    "xem.</small></p>\n");
	table_of_targets(r, p, src, edit);
	if (edit && ncopy > 0) {
		web_html(&r->body, "<h2>Bắt đầu từ danh mục năm %d</h2>\n<form "
		    "method=\"post\" action=\"/plan\" class=\"card\">\n", p->year - 1);
		hidden_scope(r, p, "copy");
		web_html(&r->body, "<p>Chép %zu chỉ tiêu của năm %d chưa có trong năm "
		    "%d, giữ dạng, mức, nguyên văn và số thứ tự; phần căn cứ để trống "
		    "để ghi nghị quyết năm %d. Chỉ tiêu đã có của năm %d không bị "
		    "thay đổi.</p>\n<button>Lấy từ danh mục năm %d</button>\n</form>\n",
		    ncopy, p->year - 1, p->year, p->year, p->year, p->year - 1);
	}
	if (edit && nosrc > 0) {
		web_html(&r->body, "<h2>Ghi căn cứ</h2>\n<form method=\"post\" "
		    "action=\"/plan\" class=\"card\">\n");
		hidden_scope(r, p, "source");
		web_html(&r->body, "<label>Nghị quyết cho %zu chỉ tiêu chưa ghi căn cứ "
		    "<input name=\"source\" list=\"nguon\" required maxlength=\"%d\" "
		    "placeholder=\"Nghị quyết số …/NQ-HĐND ngày …\"></label>\n"
		    "<button>Ghi căn cứ</button>\n</form>\n", nosrc, MAX_SOURCE);
	}
	if (edit)
		edit_form(r, p, f);
	web_page_end(r);
	buf_free(&title);
}

/* The latest year with targets for the unit, or 0. */
static int
latest_target_year(struct store *s, const char *unit)
{
	struct target *t = NULL;
	size_t n = 0, i;
	int y = 0;

	if (store_targets(s, unit, 0, &t, &n) == 0)
		for (i = 0; i < n; i++)
			if (t[i].year > y)
				y = t[i].year;
	store_free_targets(t, n);
	return y;
}

static void
form_free(struct form *f)
{
	size_t k;

	for (k = 0; k < F__MAX; k++)
		buf_free(&f->msg[k]);
	buf_free(&f->vbuf);
}

void
h_plan(struct req *r)
{
	const char *ys = web_query(r, "year"), *edit = web_query(r, "edit");
	const char *copied = web_query(r, "copied"), *saved = web_query(r, "saved");
	const char *sourced = web_query(r, "sourced");
	struct scope sc;
	struct plan p;
	struct form f;
	struct buf num[2] = { BUF_INIT, BUF_INIT }, note = BUF_INIT;
	const struct target *t;
	int year;

	memset(&f, 0, sizeof(f));
	memset(&p, 0, sizeof(p));
	if (page_scope(r, &sc) != 0)
		return;
	year = sc.year;
	if (ys == NULL || *ys == '\0') {
		if ((year = latest_target_year(r->store, sc.unit.code)) == 0) {
			time_t now = time(NULL);
			struct tm tm;

			gmtime_r(&now, &tm);
			year = tm.tm_year + 1900;
		}
	}
	if (plan_load(r, &sc.unit, year, &p) != 0) {
		web_error(r, 503, "Không đọc được kế hoạch; hãy thử lại.");
		goto out;
	}
	if (copied != NULL)
		buf_printf(&note, "Đã chép %d chỉ tiêu từ danh mục năm %d: hãy ghi "
		    "căn cứ (nghị quyết) và sửa mức của năm %d.", atoi(copied),
		    year - 1, year);
	else if (sourced != NULL)
		buf_printf(&note, "Đã ghi căn cứ cho %d chỉ tiêu.", atoi(sourced));
	else if (saved != NULL && find_ind(&p, saved) != NULL)
		buf_printf(&note, "Đã lưu chỉ tiêu “%s”.", find_ind(&p, saved)->name);
	if (edit != NULL && p.editor && !p.locked) {
		/* Show the form filled with the target, or for a new one. */
		f.f[F_IND] = edit;
		if ((t = find_target(p.targets, p.ntargets, edit)) != NULL) {
			f.editing = true;
			f.version_of = t->indicator;
			f.version = t->version;
			f.f[F_SHAPE] = shape_names[t->shape];
			if (t->has_value)
				typed_figure(&num[0], t->value);
			if (t->has_value2)
				typed_figure(&num[1], t->value2);
			f.f[F_VALUE] = buf_str(&num[0]);
			f.f[F_VALUE2] = buf_str(&num[1]);
			f.f[F_TEXT] = t->text;
			f.f[F_SOURCE] = t->source;
			f.f[F_SEQ] = t->seq;
		}
	}
	plan_page(r, &p, f.f[F_IND] != NULL ? &f : NULL, note.len > 0 ?
	    buf_str(&note) : NULL, NULL);
out:
	plan_free(&p);
	scope_free(&sc);
	form_free(&f);
	buf_free(&num[0]);
	buf_free(&num[1]);
	buf_free(&note);
}

/* (a) Start from last year's catalogue: copy every target of year-1 that
 * year lacks, without its resolution. All in one transaction. */
static void
save_copy(struct req *r, struct plan *p)
{
	struct buf loc = BUF_INIT;
	struct target t;
	size_t i, n = 0;

	if (p->nprev == 0) {
		char msg[160];

		snprintf(msg, sizeof(msg), "Năm %d chưa có chỉ tiêu nào để chép "
		    "sang.", p->year - 1);
		r->status = 422;
		plan_page(r, p, NULL, NULL, msg);
		return;
	}
	if (store_begin(r->store) != 0)
		goto fail;
	if (plan_reload(r, p) != 0 || p->locked) {
		store_rollback(r->store);
		goto fail;
	}
	for (i = 0; i < p->nprev; i++) {
		const struct indicator *ind = find_ind(p, p->prev[i].indicator);

		if (ind == NULL || ind->kind == KIND_COMPOUND ||
		    find_target(p->targets, p->ntargets, ind->code) != NULL)
			continue;
		t = p->prev[i];
		t.year = p->year;
		t.source = NULL;
		t.version = -1;		/* only where the year has none yet */
		if (put_audited(r, ind, NULL, &t) != 0) {
			store_rollback(r->store);
			goto fail;
		}
		n++;
	}
	if (store_commit(r->store) != 0) {
		store_rollback(r->store);
		goto fail;
	}
	web_html(&loc, "/plan?unit=%U&year=%d&copied=%zu", p->unit.code, p->year,
	    n);
	web_redirect(r, buf_str(&loc));
	buf_free(&loc);
	return;
fail:
	web_error(r, p->locked ? 409 : 503, p->locked ? "Báo cáo năm này của đơn "
	    "vị vừa được phê duyệt: kế hoạch bị khóa, chưa ghi gì." : "Không ghi "
	    "được kế hoạch; chưa có gì thay đổi, hãy thử lại.");
}

/* Write one resolution for every target of the year that has none. */
static void
save_source(struct req *r, struct plan *p)
{
	struct form f;
	struct buf loc = BUF_INIT;
	struct target t;
	char *src;
	size_t i, n = 0;

	memset(&f, 0, sizeof(f));
	f.f[F_SOURCE] = web_field(r, "source");
	src = text_field(&f, F_SOURCE, MAX_SOURCE);
	if (src == NULL) {
		r->status = 422;
		buf_printf(&loc, "Căn cứ: %s.", f.err[F_SOURCE] != NULL ?
		    f.err[F_SOURCE] : "ghi số và ngày của nghị quyết HĐND");
		plan_page(r, p, NULL, NULL, buf_str(&loc));
		goto out;
	}
	if (store_begin(r->store) != 0)
		goto fail;
	if (plan_reload(r, p) != 0 || p->locked) {
		store_rollback(r->store);
		goto fail;
	}
	for (i = 0; i < p->ntargets; i++) {
		const struct indicator *ind = find_ind(p, p->targets[i].indicator);

		if (ind == NULL || p->targets[i].source != NULL)
			continue;
		t = p->targets[i];
		t.source = src;
		if (put_audited(r, ind, &p->targets[i], &t) != 0) {
			store_rollback(r->store);
			goto fail;
		}
		n++;
	}
	if (store_commit(r->store) != 0) {
		store_rollback(r->store);
		goto fail;
	}
	web_html(&loc, "/plan?unit=%U&year=%d&sourced=%zu", p->unit.code, p->year,
	    n);
	web_redirect(r, buf_str(&loc));
	goto out;
fail:
	web_error(r, p->locked ? 409 : 503, p->locked ? "Báo cáo năm này của đơn "
	    "vị vừa được phê duyệt: kế hoạch bị khóa, chưa ghi gì." : "Không ghi "
	    "được kế hoạch; chưa có gì thay đổi, hãy thử lại.");
out:
	free(src);
	form_free(&f);
	buf_free(&loc);
}

/* Another person saved the target since the form was shown: the form
 * again with the posted inputs, their target beside, and its version as
 * the next save's condition. */
static void
conflict_page(struct req *r, const struct plan *p, struct form *f,
    const struct target *theirs)
{
	struct buf msg = BUF_INIT, desc = BUF_INIT, yr = BUF_INIT;
	struct stamp sp;

	buf_printf(&yr, "%d", p->year);
	memset(&sp, 0, sizeof(sp));
	if (theirs != NULL) {
		store_stamp(r->store, STAMP_TARGET, p->unit.code, theirs->indicator,
		    buf_str(&yr), &sp);
		target_desc(&desc, find_ind(p, theirs->indicator), theirs);
	}
	if (theirs == NULL)
		buf_puts(&msg, "Chưa lưu: chỉ tiêu này vừa bị xóa sau khi bạn mở "
		    "trang.");
	else
		buf_printf(&msg, "Chưa lưu: %s đã lưu chỉ tiêu này lúc %s, sau khi "
		    "bạn mở trang. Hiện là: %s. Các ô vẫn giữ số của bạn; bấm Lưu lần "
		    "nữa nếu vẫn muốn ghi số của bạn.", sp.by[0] ? sp.by :
		    "người khác", sp.at, buf_str(&desc));
	f->rejected = true;
	f->editing = theirs != NULL;
	f->version_of = theirs != NULL ? theirs->indicator : NULL;
	f->version = theirs != NULL ? theirs->version : 0;
	r->status = 409;
	plan_page(r, p, f, NULL, buf_str(&msg));
	buf_free(&msg);
	buf_free(&desc);
	buf_free(&yr);
}

/* (b) Add or edit one target, over the version the form showed (a form
 * that showed none adds only). */
static void
save_one(struct req *r, struct plan *p)
{
	struct form f;
	struct target t;
	struct buf loc = BUF_INIT;
	const struct target *old;
	const char *vo = web_field(r, "version_of"), *vs = web_field(r, "version");
	size_t k;
	int rc;

	memset(&f, 0, sizeof(f));
	for (k = 0; k < F__MAX; k++)
		f.f[k] = web_field(r, field_names[k]);
	old = find_target(p->targets, p->ntargets, f.f[F_IND]);
	f.editing = old != NULL;
	if (vo != NULL && *vo != '\0') {
		buf_puts(&f.vbuf, vo);
		f.version_of = buf_str(&f.vbuf);
		f.version = vs != NULL ? strtoll(vs, NULL, 10) : 0;
	}
	if (!validate(p, &f, &t)) {
		f.rejected = true;
		r->status = 422;
		plan_page(r, p, &f, NULL, NULL);
		goto out;
	}
	t.version = f.version_of != NULL && strcmp(f.version_of, t.indicator) ==
	    0 && f.version > 0 ? f.version : -1;
	if (store_begin(r->store) != 0)
		goto fail;
	if (plan_reload(r, p) != 0 || p->locked) {
		store_rollback(r->store);
		goto fail;
	}
	old = find_target(p->targets, p->ntargets, t.indicator);
	if (old != NULL && same_target(old, &t))
		store_rollback(r->store);	/* nothing changed: nothing to audit */
	else if ((rc = put_audited(r, find_ind(p, t.indicator), old, &t)) ==
	    STORE_CONFLICT) {
		store_rollback(r->store);
		conflict_page(r, p, &f, old);
		goto out;
	} else if (rc != 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		goto fail;
	}
	web_html(&loc, "/plan?unit=%U&year=%d&saved=%U#t-%U", p->unit.code,
	    p->year, t.indicator, t.indicator);
	web_redirect(r, buf_str(&loc));
	goto out;
fail:
	web_error(r, p->locked ? 409 : 503, p->locked ? "Báo cáo năm này của đơn "
	    "vị vừa được phê duyệt: kế hoạch bị khóa, chưa lưu gì." : "Không ghi "
	    "được chỉ tiêu; chưa có gì thay đổi, hãy thử lại.");
out:
	free(t.text);
	free(t.source);
	free(t.seq);
	form_free(&f);
	buf_free(&loc);
}

void
h_plan_save(struct req *r)
{
	const char *q = web_field(r, "unit"), *ys = web_field(r, "year");
	const char *action = web_field(r, "action");
	struct unit u;
	struct plan p;
	struct buf err = BUF_INIT;
	int year;

	memset(&p, 0, sizeof(p));
	if (q == NULL || *q == '\0' || app_find_unit(r->store, q, &u, &err) != 0) {
		web_error(r, 404, q == NULL || *q == '\0' ? "Thiếu đơn vị." :
		    buf_str(&err));
		buf_free(&err);
		return;
	}
	buf_free(&err);
	if (!auth_can_read(r, u.code) || !plan_editor(r, u.code)) {
		unit_free(&u);
		web_error(r, 403, "Chỉ người phê duyệt (văn phòng, lãnh đạo) của đơn "
		    "vị hoặc quản trị viên được sửa kế hoạch.");
		return;
	}
	year = ys != NULL ? atoi(ys) : 0;
	if (year < 1900 || year > 2200) {
		unit_free(&u);
		web_error(r, 400, "Năm không hợp lệ: viết năm bốn chữ số, ví dụ 2024.");
		return;
	}
	if (plan_load(r, &u, year, &p) != 0) {
		web_error(r, 503, "Không đọc được kế hoạch; hãy thử lại.");
		goto out;
	}
	if (p.locked) {
		web_error(r, 409, "Báo cáo năm này của đơn vị đã được phê duyệt: kế "
		    "hoạch bị khóa. Quản trị viên mở lại (kèm lý do) rồi mới sửa "
		    "được.");
		goto out;
	}
	if (action != NULL && strcmp(action, "copy") == 0)
		save_copy(r, &p);
	else if (action != NULL && strcmp(action, "source") == 0)
		save_source(r, &p);
	else if (action != NULL && strcmp(action, "save") == 0)
		save_one(r, &p);
	else
		web_error(r, 400, "Yêu cầu không hợp lệ: thiếu việc cần làm "
		    "(action).");
out:
	plan_free(&p);
	unit_free(&u);
}
