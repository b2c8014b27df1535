/* page_entry.c: Nhập số liệu and the workflow of a unit's period. The entry
 * page shows, for one unit, period and sector, every indicator with a target
 * in the year (a compound as a heading over its parts, which carry the
 * values) and every tracked indicator of the sector with values in the year,
 * with inputs only where the account may write and the period's state allows
 * it. A save is all or nothing and runs in one transaction from its first
 * read to its last write: every changed row is normalised (figures typed the
 * Vietnamese way, as `ktxh set` does) and given to dataset_set_values — the
 * importer's own validation and records, which this page must not
 * duplicate, in a nested transaction — then the audit entries are written
 * and the whole committed. A refused row leaves nothing stored and the form
 * comes back with each message beside its field. Each row carries a fingerprint of the value it
 * was shown with, so a save never silently overwrites a value someone else
 * changed meanwhile. The workflow (draft → submitted → approved, returned or
 * reopened with a reason) locks entry and is audited. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "io/dataset.h"
#include "webpage.h"

/* The inputs of a row: form field prefix ("v.KT01") and the option the
 * importer names in its messages ("--value: …"). */
enum field { F_VALUE, F_NUM, F_DEN, F_STATUS, F_ASOF, F_NOTE, F__MAX };
static const char *const field_key[F__MAX] = { "v", "n", "d", "s", "a", "t" };
static const char *const field_opt[F__MAX] = { "value", "numerator",
    "denominator", "status", "as-of", "note" };

#define REASON_MAX 2000		/* bytes of a workflow reason */

/* One line of the entry table. */
struct erow {
	const struct indicator *ind;
	const struct eval_row *ev;	/* its evaluation, NULL when tracked only */
	bool		 heading;	/* a compound: no inputs of its own */
	const struct value *stored;	/* this period's stored value, or NULL */
	struct buf	 orig[F__MAX];	/* the inputs as shown for stored */
	char		 hash[17];	/* fingerprint of orig */
	char		*posted[F__MAX];	/* a save: the inputs sent, trimmed */
	struct buf	 mach[F__MAX];	/* a save: in the importer's form */
	struct buf	 err[F__MAX];	/* messages beside the inputs */
	struct buf	 rowerr;	/* a message for the whole row */
	bool		 changed;	/* a save: differs from what was shown */
	long long	 seen;		/* a save: the version shown (0: none
					   stored), -1 when the form had none */
	bool		 conflict;	/* a save: changed since it was shown */
};

/* Everything the page is about. */
struct entry {
	struct scope	 sc;
	bool		 have_sc;
	struct app_eval	 e;		/* the one evaluation of the request */
	const struct sector *sector;
	struct erow	*rows;
	size_t		 nrows;
	struct buf	 pcode;		/* the period's code ("2023-Q1") */
	enum pstate	 state;
	struct buf	 by, reason;	/* who set the state, and why */
	enum pstate	 lock;		/* the strictest state of the period and
					   those containing it … */
	struct buf	 lockp;		/* … and the period that has it */
	bool		 can_write;	/* the account may write unit and sector */
	bool		 editable;	/* … and the state lets it */
	bool		 posted;	/* rows hold what a save sent */
	const char	*notice;	/* a message above the table */
	bool		 notice_error;
	const char	*wf_action;	/* the workflow form with an error */
	const char	*wf_error;
};

static void
entry_init(struct entry *en)
{
	memset(en, 0, sizeof(*en));
}

static void
entry_free(struct entry *en)
{
	size_t i;
	int f;

	for (i = 0; i < en->nrows; i++) {
		for (f = 0; f < F__MAX; f++) {
			buf_free(&en->rows[i].orig[f]);
			buf_free(&en->rows[i].mach[f]);
			buf_free(&en->rows[i].err[f]);
			free(en->rows[i].posted[f]);
		}
		buf_free(&en->rows[i].rowerr);
	}
	free(en->rows);
	app_eval_free(&en->e);
	if (en->have_sc)
		scope_free(&en->sc);
	buf_free(&en->pcode);
	buf_free(&en->by);
	buf_free(&en->reason);
	buf_free(&en->lockp);
}

/* ---- values as text ---- */

/* A figure as the form shows it: the exact machine digits with a decimal
 * comma ("1303,5"), grouped only from a million up ("177.000.000"), where
 * grouping cannot be mistaken for a decimal point, so that it reads back
 * unchanged. */
static void
typed_figure(struct buf *b, double v)
{
	struct buf m = BUF_INIT;
	const char *p = NULL, *q;
	size_t ndig;

	num_format_machine(&m, v);
	p = buf_str(&m);
	if (*p == '-')
		buf_putc(b, *p++);
	ndig = strcspn(p, ".");
	for (q = p; *q != '\0'; q++) {
		size_t left = ndig - (size_t)(q - p);

		if (q > p && (size_t)(q - p) < ndig && left % 3 == 0 && ndig >= 7)
			buf_putc(b, '.');
		buf_putc(b, *q == '.' ? ',' : *q);
	}
	buf_free(&m);
}

/* The fingerprint of a row's inputs and whether a value was stored. */
static void
fields_hash(const char *const fields[F__MAX], bool stored, char out[17])
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	const char *p;
	int f;

	for (f = 0; f < F__MAX; f++) {
		for (p = fields[f]; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;
	}
	h = (h ^ (stored ? '1' : '0')) * 1099511628211ULL;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The inputs a stored value is shown with, and their fingerprint. */
static void
row_originals(struct erow *w)
{
	const struct value *v = w->stored;
	const char *fields[F__MAX];
	int f;

	for (f = 0; f < F__MAX; f++)
		buf_reset(&w->orig[f]);
	if (v != NULL) {
		if (v->has_value)
			typed_figure(&w->orig[F_VALUE], v->value);
		if (v->has_ratio) {
			typed_figure(&w->orig[F_NUM], v->num);
			typed_figure(&w->orig[F_DEN], v->den);
		}
		buf_puts(&w->orig[F_STATUS], status_names[v->status]);
		if (date_isset(&v->as_of))
			date_format_iso(&w->orig[F_ASOF], &v->as_of);
		if (v->note != NULL)
			buf_puts(&w->orig[F_NOTE], v->note);
	} else
		buf_puts(&w->orig[F_STATUS], status_names[STATUS_FINAL]);
	for (f = 0; f < F__MAX; f++)
		fields[f] = buf_str(&w->orig[f]);
	fields_hash(fields, v != NULL, w->hash);
}

/* ---- what the page is about ---- */

/* The value stored for exactly the page's period, or NULL. */
static const struct value *
stored_value(const struct entry *en, const char *code)
{
	size_t i;

	for (i = 0; i < en->e.nvalues; i++)
		if (strcmp(en->e.values[i].indicator, code) == 0 &&
		    period_equal(&en->e.values[i].period, &en->sc.period))
			return &en->e.values[i];
	return NULL;
}

static void
add_row(struct entry *en, const struct indicator *ind,
    const struct eval_row *ev, bool heading)
{
	struct erow *w = &en->rows[en->nrows++];

	w->ind = ind;
	w->ev = ev;
	w->heading = heading;
	w->stored = heading ? NULL : stored_value(en, ind->code);
	row_originals(w);
}

static bool
listed(const struct entry *en, const char *code)
{
	size_t i;

	for (i = 0; i < en->nrows; i++)
		if (strcmp(en->rows[i].ind->code, code) == 0)
			return true;
	return false;
}

/* Rows of the sector: the evaluated indicators in report order, then the
 * tracked ones (no target this year, but values in it). */
static void
build_rows(struct entry *en)
{
	const char *sec = en->sector->code;
	size_t i, k;

	/* Each indicator appears at most once. */
	en->rows = xcalloc(en->e.ninds + 1, sizeof(*en->rows));
	for (i = 0; i < en->e.res.nrows; i++) {
		const struct eval_row *row = &en->e.res.rows[i];

		if (strcmp(row->ind->sector, sec) != 0)
			continue;
		if (row->ind->kind == KIND_COMPOUND) {
			add_row(en, row->ind, row, true);
			for (k = 0; k < row->nchildren; k++)
				if (!listed(en, row->children[k].ind->code))
					add_row(en, row->children[k].ind,
					    &row->children[k], false);
		} else if (!listed(en, row->ind->code))
			add_row(en, row->ind, row, false);
	}
	for (i = 0; i < en->e.ninds; i++) {
		const struct indicator *ind = &en->e.inds[i];

		if (strcmp(ind->sector, sec) != 0 || ind->kind == KIND_COMPOUND ||
		    listed(en, ind->code))
			continue;
		for (k = 0; k < en->e.nvalues; k++)
			if (strcmp(en->e.values[k].indicator, ind->code) == 0 &&
			    en->e.values[k].period.year == en->sc.year)
				break;
		if (k < en->e.nvalues)
			add_row(en, ind, NULL, false);
	}
}

static const struct sector *
find_sector(const struct app_eval *e, const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < e->nsectors; i++)
		if (strlen(e->sectors[i].code) == len &&
		    strncmp(e->sectors[i].code, code, len) == 0)
			return &e->sectors[i];
	return NULL;
}

/* The officer's first sector, else the first the account may write, else
 * the first. */
static const struct sector *
default_sector(struct req *r, const struct entry *en)
{
	const char *p = r->who.acct.role == ROLE_OFFICER ?
	    r->who.acct.sectors : NULL;
	const struct sector *s;
	size_t i, n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		for (n = 0; p[n] != '\0' && p[n] != ',' && p[n] != ' '; n++)
			;
		if (n > 0 && (s = find_sector(&en->e, p, n)) != NULL)
			return s;
		p += n;
	}
	for (i = 0; i < en->e.nsectors; i++)
		if (auth_can_write(r, en->sc.unit.code, en->e.sectors[i].code))
			return &en->e.sectors[i];
	return en->e.nsectors > 0 ? &en->e.sectors[0] : NULL;
}

/* Evaluate the scope once, pick the sector, build the rows and read the
 * period's state. On failure the error page is written and -1 returned. */
static int
entry_load(struct req *r, struct entry *en, const char *sector)
{
	struct buf err = BUF_INIT;

	buf_reset(&en->pcode);
	period_format(&en->pcode, &en->sc.period);
	if (app_evaluate(r->store, en->sc.unit.code, &en->sc.period, -1, &en->e,
	    &err) != 0) {
		web_error(r, 400, buf_str(&err));
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	if (sector != NULL && *sector != '\0')
		en->sector = find_sector(&en->e, sector, strlen(sector));
	else
		en->sector = default_sector(r, en);
	if (en->sector == NULL) {
		web_error(r, 404, "Không có lĩnh vực này: chọn một lĩnh vực trong "
		    "danh sách của trang Nhập số liệu.");
		return -1;
	}
	if (store_period_state(r->store, en->sc.unit.code, buf_str(&en->pcode),
	    &en->state, &en->by, &en->reason) != 0) {
		web_error(r, 503, "Không đọc được trạng thái của kỳ; hãy thử lại.");
		return -1;
	}
	/* A submitted quarter or an approved year locks its months too, as
	 * in the API. */
	if (web_lock_state(r, en->sc.unit.code, &en->sc.period, &en->lock,
	    &en->lockp) != 0) {
		web_error(r, 503, "Không đọc được trạng thái của kỳ; hãy thử lại.");
		return -1;
	}
	build_rows(en);
	en->can_write = auth_can_write(r, en->sc.unit.code, en->sector->code);
	en->editable = en->can_write && web_state_open(r, en->lock);
	return 0;
}

/* The unit and period a form posts, checked like page_scope checks a
 * query. On failure the error page is written and -1 returned. */
static int
form_scope(struct req *r, struct entry *en)
{
	const char *u = web_field(r, "unit"), *p = web_field(r, "period");
	struct buf err = BUF_INIT;
	struct scope *sc = &en->sc;

	memset(sc, 0, sizeof(*sc));
	if (u == NULL || *u == '\0' || p == NULL || *p == '\0') {
		web_error(r, 400, "Biểu mẫu thiếu đơn vị hoặc kỳ: hãy mở lại trang "
		    "Nhập số liệu.");
		return -1;
	}
	if (app_find_unit(r->store, u, &sc->unit, &err) != 0) {
		web_error(r, 404, buf_str(&err));
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	en->have_sc = true;
	if (!auth_can_read(r, sc->unit.code)) {
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		return -1;
	}
	if (period_parse(p, strlen(p), &sc->period) != 0) {
		web_error(r, 400, "Kỳ không hợp lệ: chọn cả năm, 6 tháng, 9 tháng, "
		    "quý hoặc tháng.");
		return -1;
	}
	sc->year = sc->period.year;
	return 0;
}

/* "/entry?unit=…&year=…&period=…&sector=…" plus key=val when key. */
static void
entry_url(struct buf *b, const struct entry *en, const char *sector,
    const char *key, const char *val)
{
	web_html(b, "/entry?unit=%U&year=%d&period=%U&sector=%U",
	    en->sc.unit.code, en->sc.year, buf_str(&en->pcode), sector);
	if (key != NULL)
		web_html(b, "&%U=%U", key, val);
}

/* ---- rendering ---- */

/* A figure with the indicator's unit of measure ("1.302 ha", "98,2%"). */
static void
figure_uom(struct buf *b, const struct indicator *ind, double v)
{
	app_figure(b, ind, v);
	if (ind->uom != NULL && *ind->uom != '\0')
		buf_printf(b, strcmp(ind->uom, "%") == 0 ? "%s" : " %s", ind->uom);
}

static bool
is_yesno(const struct indicator *ind)
{
	return ind->kind == KIND_YESNO || ind->kind == KIND_QUALITATIVE;
}

/* The stored value in words, for a row that cannot be edited. */
static void
stored_words(struct buf *b, const struct erow *w)
{
	const struct value *v = w->stored;

	if (v == NULL) {
		buf_puts(b, "chưa có");
		return;
	}
	if (is_yesno(w->ind) && v->has_value)
		buf_puts(b, v->value >= 0.5 ? (w->ind->kind == KIND_YESNO ? "có" :
		    "đạt") : (w->ind->kind == KIND_YESNO ? "không" : "không đạt"));
	else if (v->has_value)
		figure_uom(b, w->ind, v->value);
	if (v->has_ratio) {
		buf_puts(b, v->has_value ? " (" : "");
		num_format(b, v->num, 2, NUM_FMT_TRIM);
		buf_putc(b, '/');
		num_format(b, v->den, 2, NUM_FMT_TRIM);
		buf_puts(b, v->has_value ? ")" : "");
	}
}

/* The first column: name, unit of measure, target and current value. */
static void
cell_indicator(struct req *r, const struct entry *en, const struct erow *w)
{
	struct buf t = BUF_INIT, a = BUF_INIT;
	const struct value *src = NULL;
	double cur;
	int parts = 0;

	web_html(&r->body, "<td>%R<a href=\"/indicator?unit=%U&amp;code=%U&amp;"
	    "year=%d\">%s</a> <small>(%s)</small>", w->ind->parent != NULL &&
	    listed(en, w->ind->parent) ? "↳ " : "", en->sc.unit.code,
	    w->ind->code, en->sc.year, w->ind->name, w->ind->code);
	if (w->ind->uom != NULL && *w->ind->uom != '\0')
		web_html(&r->body, "<br><small>Đơn vị tính: %s</small>", w->ind->uom);
	if (w->ev != NULL && w->ev->target != NULL) {
		app_target_text(&t, w->ev, true);
		web_html(&r->body, "<br><small>Kế hoạch: %s</small>", buf_str(&t));
	} else if (!w->heading)
		web_html(&r->body, "<br><small>Không có chỉ tiêu kế hoạch năm %d "
		    "(chỉ theo dõi)</small>", en->sc.year);
	if (w->ev != NULL && w->ev->target != NULL) {
		app_actual_text(&a, w->ev, true);
		parts = w->ev->parts;
		src = w->ev->value;
	} else if (!w->heading && eval_actual(en->e.values, en->e.nvalues, w->ind,
	    en->sc.unit.code, &en->sc.period, &cur, &src, &parts))
		figure_uom(&a, w->ind, cur);
	if (!w->heading) {
		web_html(&r->body, "<br><small>Hiện có: %s", a.len ? buf_str(&a) :
		    "chưa có số liệu");
		if (src != NULL && src->status == STATUS_ESTIMATE)
			web_html(&r->body, " (ước)");
		/* No value of its own: rolled up from the months or quarters. */
		if (a.len > 0 && src == NULL && parts > 0)
			web_html(&r->body, " (tính từ %d kỳ con)", parts);
		web_html(&r->body, "</small>");
	}
	if (w->ev != NULL)
		web_html(&r->body, " <span class=\"badge b-%s\">%s</span>",
		    band_names[w->ev->v.band], band_labels_vi[w->ev->v.band]);
	if (w->rowerr.len > 0)
		web_html(&r->body, "<br><span class=\"field-error\" role=\"alert\">%s"
		    "</span>", buf_str(&w->rowerr));
	web_html(&r->body, "</td>");
	buf_free(&t);
	buf_free(&a);
}

/* What an input shows: what was sent for a changed row, else the value
 * stored now (never a stale copy of it someone else has replaced). */
static const char *
shown(const struct entry *en, const struct erow *w, enum field f)
{
	if (en->posted && w->changed && w->posted[f] != NULL)
		return w->posted[f];
	return buf_str(&w->orig[f]);
}

static void
field_error(struct req *r, const struct erow *w, enum field f)
{
	if (w->err[f].len > 0)
		web_html(&r->body, "<span class=\"field-error\" id=\"e-%s-%s\">%s"
		    "</span>", field_key[f], w->ind->code, buf_str(&w->err[f]));
}

/* aria attributes of an input with an error. */
static void
invalid_attrs(struct buf *b, const struct erow *w, enum field f)
{
	if (w->err[f].len > 0)
		web_html(b, " aria-invalid=\"true\" aria-describedby=\"e-%s-%s\"",
		    field_key[f], w->ind->code);
}

static void
text_input(struct req *r, const struct entry *en, const struct erow *w,
    enum field f, const char *label, const char *type, const char *mode)
{
	struct buf attrs = BUF_INIT;

	invalid_attrs(&attrs, w, f);
	web_html(&r->body, "<label>%s <input form=\"entry\" name=\"%s.%s\" "
	    "type=\"%s\" value=\"%s\"%R%R></label>", label, field_key[f],
	    w->ind->code, type, shown(en, w, f), mode, buf_str(&attrs));
	field_error(r, w, f);
	buf_free(&attrs);
}

/* A select of fixed choices; a sent value outside them is kept, so the
 * message beside it makes sense. */
static void
select_input(struct req *r, const struct entry *en, const struct erow *w,
    enum field f, const char *label, const char *const *values,
    const char *const *labels)
{
	struct buf attrs = BUF_INIT;
	const char *cur = shown(en, w, f);
	bool found = false;
	size_t i;

	invalid_attrs(&attrs, w, f);
	web_html(&r->body, "<label>%s <select form=\"entry\" name=\"%s.%s\"%R>",
	    label, field_key[f], w->ind->code, buf_str(&attrs));
	for (i = 0; values[i] != NULL; i++) {
		bool sel = strcmp(cur, values[i]) == 0;

		found = found || sel;
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", values[i],
		    sel ? " selected" : "", labels[i]);
	}
	if (!found)
		web_html(&r->body, "<option value=\"%s\" selected>%s</option>", cur,
		    cur);
	web_html(&r->body, "</select></label>");
	field_error(r, w, f);
	buf_free(&attrs);
}

static void
row_inputs(struct req *r, const struct entry *en, const struct erow *w)
{
	static const char *const st_values[] = { "final", "estimate", NULL };
	static const char *const st_labels[] = { "Chính thức", "Ước", NULL };
	static const char *const yn_values[] = { "", "1", "0", NULL };
	static const char *const yes_labels[] = { "—", "Có", "Không", NULL };
	static const char *const met_labels[] = { "—", "Đạt", "Không đạt", NULL };
	struct buf label = BUF_INIT;

	web_html(&r->body, "<td><input type=\"hidden\" form=\"entry\" "
	    "name=\"h.%s\" value=\"%s\"><input type=\"hidden\" form=\"entry\" "
	    "name=\"ver.%s\" value=\"%ld\">", w->ind->code, w->hash,
	    w->ind->code, (long)(w->stored != NULL ? w->stored->version : 0));
	if (is_yesno(w->ind))
		select_input(r, en, w, F_VALUE, "Kết quả", yn_values,
		    w->ind->kind == KIND_YESNO ? yes_labels : met_labels);
	else {
		buf_puts(&label, w->ind->kind == KIND_RATE ? "Tỷ lệ" : "Giá trị");
		if (w->ind->uom != NULL && *w->ind->uom != '\0')
			buf_printf(&label, " (%s)", w->ind->uom);
		text_input(r, en, w, F_VALUE, buf_str(&label), "text",
		    " inputmode=\"decimal\" autocomplete=\"off\"");
		if (w->ind->kind == KIND_RATE) {
			text_input(r, en, w, F_NUM, "hoặc tử số", "text",
			    " inputmode=\"decimal\" autocomplete=\"off\"");
			text_input(r, en, w, F_DEN, "và mẫu số", "text",
			    " inputmode=\"decimal\" autocomplete=\"off\"");
		}
	}
	web_html(&r->body, "</td><td>");
	select_input(r, en, w, F_STATUS, "Trạng thái", st_values, st_labels);
	text_input(r, en, w, F_ASOF, "Số liệu tính đến ngày", "date", "");
	text_input(r, en, w, F_NOTE, "Ghi chú", "text", "");
	web_html(&r->body, "</td>");
	buf_free(&label);
}

static void
row_readonly(struct req *r, const struct erow *w)
{
	struct buf t = BUF_INIT, d = BUF_INIT;
	const struct value *v = w->stored;

	stored_words(&t, w);
	if (v != NULL && date_isset(&v->as_of)) {
		buf_puts(&d, ", tính đến ");
		date_format_vi(&d, &v->as_of);
	}
	web_html(&r->body, "<td>%s</td><td>%s%s", buf_str(&t), v == NULL ? "" :
	    v->status == STATUS_ESTIMATE ? "Ước" : "Chính thức", buf_str(&d));
	if (v != NULL && v->note != NULL)
		web_html(&r->body, "<br><small>Ghi chú: %s</small>", v->note);
	web_html(&r->body, "</td>");
	buf_free(&t);
	buf_free(&d);
}

/* One reason field and button of the workflow. */
static void
workflow_form(struct req *r, const struct entry *en, const char *action,
    const char *button, bool reason)
{
	bool bad = en->wf_action != NULL && strcmp(en->wf_action, action) == 0;

	web_html(&r->body, "<form method=\"post\" action=\"/workflow\" "
	    "class=\"workflow\">");
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"period\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"sector\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	    en->sc.unit.code, buf_str(&en->pcode), en->sector->code, action);
	if (reason)
		web_html(&r->body, "<label>Lý do (bắt buộc) <input name=\"reason\" "
		    "maxlength=\"500\" required%R></label>", bad ?
		    " aria-invalid=\"true\"" : "");
	if (bad)
		web_html(&r->body, "<span class=\"field-error\" role=\"alert\">%s"
		    "</span>", en->wf_error);
	web_html(&r->body, "<button>%s</button></form>\n", button);
}

static void
state_card(struct req *r, const struct entry *en)
{
	const char *unit = en->sc.unit.code;
	enum role role = r->who.acct.role;
	bool approver = auth_can_write(r, unit, NULL) &&
	    (role == ROLE_APPROVER || role == ROLE_ADMIN);

	web_html(&r->body, "<section class=\"card state\" aria-label=\"Trạng thái "
	    "của kỳ\"><p>Trạng thái của kỳ: <strong>%s</strong>",
	    pstate_labels_vi[en->state]);
	if (en->by.len > 0)
		web_html(&r->body, " (người chuyển: %s)", buf_str(&en->by));
	else
		web_html(&r->body, " (chưa gửi duyệt lần nào)");
	if (en->reason.len > 0)
		web_html(&r->body, "; lý do: “%s”", buf_str(&en->reason));
	web_html(&r->body, ".</p>\n");
	if (en->lock > en->state)
		web_html(&r->body, "<p>Số liệu của kỳ này thuộc kỳ %s, đang ở trạng "
		    "thái “%s”: %s</p>\n", buf_str(&en->lockp),
		    pstate_labels_vi[en->lock], en->lock == PSTATE_APPROVED ?
		    "đã khóa, chỉ quản trị viên mở lại được." : "chỉ người phê "
		    "duyệt sửa được số liệu.");
	if (en->state == PSTATE_APPROVED)
		web_html(&r->body, "<p>Kỳ đã duyệt nên số liệu bị khóa; chỉ quản trị "
		    "viên mở khóa được, kèm lý do.</p>\n");
	else if (en->state == PSTATE_SUBMITTED && !approver)
		web_html(&r->body, "<p>Kỳ đã gửi duyệt: chỉ người phê duyệt sửa được "
		    "số liệu, hoặc trả lại để cán bộ sửa.</p>\n");
	if (en->state == PSTATE_DRAFT && auth_can_write(r, unit, NULL))
		workflow_form(r, en, "submit", "Gửi duyệt", false);
	if (en->state == PSTATE_SUBMITTED && approver) {
		workflow_form(r, en, "approve", "Phê duyệt và khóa", false);
		workflow_form(r, en, "return", "Trả lại để sửa", true);
	}
	if (en->state == PSTATE_APPROVED && role == ROLE_ADMIN)
		workflow_form(r, en, "reopen", "Mở khóa kỳ", true);
	web_html(&r->body, "</section>\n");
}

static void
sector_links(struct req *r, const struct entry *en)
{
	struct buf url = BUF_INIT;
	bool any = false;
	size_t i;

	for (i = 0; i < en->e.nsectors; i++)
		any = any || auth_can_write(r, en->sc.unit.code,
		    en->e.sectors[i].code);
	web_html(&r->body, "<nav class=\"sectors\" aria-label=\"Lĩnh vực\">");
	for (i = 0; i < en->e.nsectors; i++) {
		const struct sector *s = &en->e.sectors[i];

		if (any && !auth_can_write(r, en->sc.unit.code, s->code))
			continue;
		buf_reset(&url);
		entry_url(&url, en, s->code, NULL, NULL);
		if (s == en->sector)
			web_html(&r->body, "<a href=\"%s\" aria-current=\"page\">"
			    "<strong>%s</strong></a>", buf_str(&url), s->name);
		else
			web_html(&r->body, "<a href=\"%s\">%s</a>", buf_str(&url),
			    s->name);
	}
	web_html(&r->body, "</nav>\n");
	buf_free(&url);
}

static void
entry_render(struct req *r, struct entry *en)
{
	struct buf label = BUF_INIT;
	size_t i;

	web_page_begin(r, "Nhập số liệu");
	page_filters(r, &en->sc, "/entry");
	sector_links(r, en);
	period_label(&label, &en->sc.period);
	web_html(&r->body, "<h2>%s %s — %s — %s</h2>\n", en->sc.unit.kind,
	    en->sc.unit.name, buf_str(&label), en->sector->name);
	if (en->notice != NULL)
		web_html(&r->body, "<p class=\"%s\" role=\"%s\">%s</p>\n",
		    en->notice_error ? "error" : "ok", en->notice_error ? "alert" :
		    "status", en->notice);
	state_card(r, en);
	if (!en->can_write)
		web_html(&r->body, "<p class=\"card\">Bạn chỉ xem được số liệu của "
		    "lĩnh vực này, không nhập được.</p>\n");
	if (en->nrows == 0) {
		web_html(&r->body, "<p class=\"card\">Lĩnh vực này không có chỉ tiêu "
		    "kế hoạch năm %d, cũng chưa có số liệu theo dõi trong năm.</p>\n",
		    en->sc.year);
		goto out;
	}
	web_html(&r->body, "<table class=\"responsive entry\"><thead><tr>"
	    "<th>Chỉ tiêu</th><th>Số liệu</th><th>Trạng thái, ngày, ghi chú</th>"
	    "</tr></thead><tbody>\n");
	for (i = 0; i < en->nrows; i++) {
		const struct erow *w = &en->rows[i];

		web_html(&r->body, "<tr%R>", w->heading ? " class=\"compound\"" :
		    w->rowerr.len > 0 ? " class=\"risk\"" : "");
		cell_indicator(r, en, w);
		if (w->heading)
			web_html(&r->body, "<td colspan=\"2\"><small>Chỉ tiêu gộp: nhập "
			    "số liệu ở từng chỉ tiêu con bên dưới.</small></td>");
		else if (en->editable)
			row_inputs(r, en, w);
		else
			row_readonly(r, w);
		web_html(&r->body, "</tr>\n");
	}
	web_html(&r->body, "</tbody></table>\n");
	if (en->editable) {
		web_html(&r->body, "<form id=\"entry\" method=\"post\" "
		    "action=\"/entry\" class=\"card\">");
		web_csrf_field(r);
		web_html(&r->body, "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"period\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"sector\" value=\"%s\">\n"
		    "<p><small>Số viết kiểu Việt Nam (1.303,5) hay kiểu máy (1303.5) "
		    "đều được. Chỉ các dòng đã sửa được ghi; nếu một dòng bị từ chối "
		    "thì không dòng nào được ghi.</small></p>\n"
		    "<button>Lưu số liệu</button></form>\n", en->sc.unit.code,
		    buf_str(&en->pcode), en->sector->code);
	}
out:
	web_page_end(r);
	buf_free(&label);
}

/* ---- GET /entry ---- */

void
h_entry(struct req *r)
{
	static const char *const done[] = { "submit", "approve", "return",
	    "reopen", NULL };
	static const char *const done_vi[] = { "Đã gửi duyệt kỳ này.",
	    "Đã phê duyệt và khóa kỳ này.", "Đã trả lại kỳ này để sửa.",
	    "Đã mở khóa kỳ này.", NULL };
	struct entry en;
	const char *saved = web_query(r, "saved"), *d = web_query(r, "done");
	char msg[96];
	int k;

	entry_init(&en);
	if (page_scope(r, &en.sc) != 0)
		return;
	en.have_sc = true;
	if (entry_load(r, &en, web_query(r, "sector")) != 0)
		goto out;
	if (saved != NULL && *saved != '\0' && strspn(saved, "0123456789") ==
	    strlen(saved) && strlen(saved) < 6) {
		if (atoi(saved) == 0)
			snprintf(msg, sizeof(msg), "Không có số liệu nào thay đổi.");
		else
			snprintf(msg, sizeof(msg), "Đã lưu %d số liệu.", atoi(saved));
		en.notice = msg;
	} else if (d != NULL && (k = model_lookup(done, d)) >= 0)
		en.notice = done_vi[k];
	entry_render(r, &en);
out:
	entry_free(&en);
}

/* ---- POST /entry ---- */

/* A copy of a sent field without surrounding blanks; NULL when not sent.
 * Sets *bad when it is not valid UTF-8 or holds NUL bytes. */
static char *
sent_field(struct req *r, const char *name, bool *bad)
{
	const struct kv *kv = web_field_kv(r, name);
	const char *s;
	size_t n, off;

	*bad = false;
	if (kv == NULL)
		return NULL;
	if (text_utf8_check(kv->val, kv->len, &off) != 0) {
		*bad = true;
		return xstrdup("");
	}
	s = kv->val;
	n = kv->len;
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* "31/10/2023", as people write a date, in the importer's form
 * "2023-10-31"; anything else unchanged for the importer to judge. */
static void
typed_date(struct buf *out, const char *s)
{
	int d, m, y, used = 0;

	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 &&
	    s[used] == '\0' && isdigit((unsigned char)s[0]) && d >= 1 &&
	    d <= 31 && m >= 1 && m <= 12 && y >= 1900)
		buf_printf(out, "%04d-%02d-%02d", y, m, d);
	else
		buf_puts(out, s);
}

/* Whether a row has a message already. */
static bool
row_refused(const struct erow *w)
{
	int f;

	for (f = 0; f < F__MAX; f++)
		if (w->err[f].len > 0)
			return true;
	return w->rowerr.len > 0;
}

/* The message of a row someone else saved since the page was shown: their
 * value beside the inputs, which keep what this person typed. */
static void
row_conflict(struct erow *w)
{
	struct buf now = BUF_INIT;

	if (w->conflict)
		return;
	w->conflict = true;
	stored_words(&now, w);
	buf_printf(&w->rowerr, "Số liệu này vừa được người khác sửa sau khi bạn "
	    "mở trang (hiện là: %s; số của bạn vẫn trong ô). Xem lại rồi bấm Lưu "
	    "lần nữa nếu vẫn muốn ghi số của bạn.", buf_str(&now));
	buf_free(&now);
}

/* Read a row's inputs, decide whether it changed, and bring its fields to
 * the importer's form as `ktxh set` does; a field refused here gets its
 * message. */
static void
row_take(struct req *r, struct erow *w)
{
	struct buf name = BUF_INIT;
	const char *sent_hash, *why;
	bool bad, any = false;
	double d;
	int f;

	for (f = 0; f < F__MAX; f++) {
		buf_reset(&name);
		buf_printf(&name, "%s.%s", field_key[f], w->ind->code);
		w->posted[f] = sent_field(r, buf_str(&name), &bad);
		if (bad)
			buf_puts(&w->err[f], "Có ký tự không hợp lệ (không phải UTF-8): "
			    "hãy gõ lại ô này.");
		/* A field not sent (not shown) keeps what is stored. */
		if (w->posted[f] == NULL)
			w->posted[f] = xstrdup(buf_str(&w->orig[f]));
		if (f != F_STATUS && *w->posted[f] != '\0')
			any = true;
		if (strcmp(w->posted[f], buf_str(&w->orig[f])) != 0)
			w->changed = true;
	}
	/* The version the page showed. */
	buf_reset(&name);
	buf_printf(&name, "ver.%s", w->ind->code);
	sent_hash = web_field(r, buf_str(&name));
	w->seen = sent_hash != NULL && *sent_hash >= '0' && *sent_hash <= '9' ?
	    strtoll(sent_hash, NULL, 10) : -1;
	/* Inputs exactly as they were shown are no change, even when someone
	 * else has changed the stored value since: theirs stays. */
	buf_reset(&name);
	buf_printf(&name, "h.%s", w->ind->code);
	sent_hash = web_field(r, buf_str(&name));
	buf_free(&name);
	if (sent_hash != NULL && !row_refused(w)) {
		char h0[17], h1[17];

		fields_hash((const char *const *)w->posted, false, h0);
		fields_hash((const char *const *)w->posted, true, h1);
		if (strcmp(sent_hash, h0) == 0 || strcmp(sent_hash, h1) == 0) {
			w->changed = false;
			return;
		}
	}
	/* Only a status picked on an empty row is no change. */
	if (w->stored == NULL && !any && !row_refused(w))
		w->changed = false;
	if (!w->changed)
		return;
	/* Changed here and, since the page was shown, elsewhere too. */
	if (w->seen >= 0 && w->seen != (w->stored != NULL ?
	    w->stored->version : 0))
		row_conflict(w);
	for (f = 0; f < F__MAX; f++) {
		const char *s = w->posted[f];

		if (f == F_ASOF) {
			typed_date(&w->mach[f], s);
			continue;
		}
		if (f != F_VALUE && f != F_NUM && f != F_DEN) {
			buf_puts(&w->mach[f], s);
			continue;
		}
		/* An unchanged figure is the stored one, exactly. */
		if (w->stored != NULL && strcmp(s, buf_str(&w->orig[f])) == 0 &&
		    *s != '\0') {
			num_format_machine(&w->mach[f], f == F_VALUE ? w->stored->value :
			    f == F_NUM ? w->stored->num : w->stored->den);
			continue;
		}
		if (!(isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+')) {
			buf_puts(&w->mach[f], s);
			continue;
		}
		why = NULL;
		if (num_parse_typed(s, strlen(s), &d, &why) != 0) {
			buf_printf(&w->err[f], "Không đọc được “%s”: %s.", s, why ? why :
			    "không phải một con số");
			continue;
		}
		num_format_machine(&w->mach[f], d);
	}
}

/* Put the importer's messages ("--value: …", one a line) beside their
 * fields; others go to the row. */
static void
row_errors(struct erow *w, const char *errs)
{
	const char *line, *nl, *colon;
	int f;

	for (line = errs; *line != '\0'; line = *nl ? nl + 1 : nl) {
		struct buf *to = &w->rowerr;
		const char *msg = line;

		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		if (nl == line)
			continue;
		colon = memchr(line, ':', (size_t)(nl - line));
		if (strncmp(line, "--", 2) == 0 && colon != NULL) {
			for (f = 0; f < F__MAX; f++)
				if (strlen(field_opt[f]) == (size_t)(colon - line - 2) &&
				    strncmp(line + 2, field_opt[f], strlen(field_opt[f])) == 0)
					to = &w->err[f];
			msg = colon + 1;
			while (*msg == ' ')
				msg++;
		}
		if (to->len > 0)
			buf_putc(to, ' ');
		buf_append(to, msg, (size_t)(nl - msg));
		if (msg < nl && nl[-1] != '.')
			buf_putc(to, '.');
		/* The message starts a sentence. */
		if (to->len > 0 && to->data[0] >= 'a' && to->data[0] <= 'z')
			to->data[0] = (char)(to->data[0] - 'a' + 'A');
	}
}

/* Store every changed row not refused yet with dataset_set_values — the
 * importer's own checks and records, all or nothing — inside the
 * transaction open on r->store. Returns the number of rows it refused
 * (each with its messages), or -1 on a database error. */
static int
set_rows(struct store *s, struct entry *en)
{
	const char *(*f)[DATASET_VALUE_FIELDS];
	struct erow **who;
	struct buf *errs;
	long long *expect;
	bool *conflict;
	size_t i, n = 0;
	int k, bad = 0, rc;

	f = xcalloc(en->nrows + 1, sizeof(*f));
	who = xcalloc(en->nrows + 1, sizeof(*who));
	errs = xcalloc(en->nrows + 1, sizeof(*errs));
	expect = xcalloc(en->nrows + 1, sizeof(*expect));
	conflict = xcalloc(en->nrows + 1, sizeof(*conflict));
	for (i = 0; i < en->nrows; i++) {
		struct erow *w = &en->rows[i];

		if (w->heading || !w->changed || row_refused(w))
			continue;
		f[n][0] = en->sc.unit.code;
		f[n][1] = w->ind->code;
		f[n][2] = buf_str(&en->pcode);
		for (k = 0; k < F__MAX; k++)
			f[n][3 + k] = buf_str(&w->mach[k]);
		/* Written only over the version shown (none shown, or a form
		 * without it: only if still new). */
		expect[n] = w->seen > 0 ? w->seen : -1;
		who[n++] = w;
	}
	if (n > 0 && (rc = dataset_set_values(s, n,
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, expect, conflict,
	    errs)) != 0) {
		for (i = 0; i < n; i++)
			if (errs[i].len > 0 || conflict[i]) {
				if (conflict[i])
					row_conflict(who[i]);
				else
					row_errors(who[i], buf_str(&errs[i]));
				bad++;
			}
		if (bad == 0)		/* refused, but by the database */
			bad = -1;
	}
	for (i = 0; i < n; i++)
		buf_free(&errs[i]);
	free(errs);
	free(expect);
	free(conflict);
	free(who);
	free(f);
	return bad;
}

/* The audit entries of the rows just stored, old and new value in machine
 * form; a row that reads as it did ("1.302,0" for a stored 1302) is no
 * change and not counted. Returns the values changed, or -1 on a database
 * error. */
static int
audit_rows(struct req *r, struct entry *en)
{
	struct value *nv = NULL;
	struct buf obj = BUF_INIT, oldt = BUF_INIT, newt = BUF_INIT;
	size_t n = 0, i, k;
	int count = 0;

	if (store_values(r->store, en->sc.unit.code, en->sc.year, en->sc.year,
	    &nv, &n) != 0)
		return -1;
	for (i = 0; i < en->nrows && count >= 0; i++) {
		struct erow *w = &en->rows[i];

		if (w->heading || !w->changed)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(nv[k].indicator, w->ind->code) == 0 &&
			    period_equal(&nv[k].period, &en->sc.period))
				break;
		if (k == n) {
			count = -1;
			break;
		}
		buf_reset(&oldt);
		buf_reset(&newt);
		buf_reset(&obj);
		if (w->stored != NULL)
			app_value_desc(&oldt, w->stored);
		app_value_desc(&newt, &nv[k]);
		if (w->stored != NULL && strcmp(buf_str(&oldt), buf_str(&newt)) == 0)
			continue;
		buf_printf(&obj, "%s@%s", w->ind->code, buf_str(&en->pcode));
		if (store_audit(r->store, r->who.acct.name, en->sc.unit.code,
		    "value", buf_str(&obj), w->stored != NULL ? buf_str(&oldt) :
		    NULL, buf_str(&newt)) != 0)
			count = -1;
		else
			count++;
	}
	store_free_values(nv, n);
	buf_free(&obj);
	buf_free(&oldt);
	buf_free(&newt);
	return count;
}

void
h_entry_save(struct req *r)
{
	struct entry en;
	struct buf loc = BUF_INIT, num = BUF_INIT;
	const char *sector = web_field(r, "sector");
	bool in_tx = false;
	size_t i, nchanged = 0, ntry = 0;
	int bad = 0, wrote, k;

	entry_init(&en);
	if (form_scope(r, &en) != 0)
		goto out;
	if (sector == NULL || *sector == '\0') {
		web_error(r, 400, "Biểu mẫu thiếu lĩnh vực: hãy mở lại trang Nhập số "
		    "liệu.");
		goto out;
	}
	/* Checked on the posted unit and sector, whatever page was shown. */
	if (!auth_can_write(r, en.sc.unit.code, sector)) {
		web_error(r, 403, "Bạn không được nhập số liệu lĩnh vực này của đơn "
		    "vị này.");
		goto out;
	}
	/* One transaction from the first read to the last write: the state,
	 * the stored values and the writes cannot drift apart. */
	if (store_begin(r->store) != 0) {
		web_error(r, 503, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		goto out;
	}
	in_tx = true;
	store_set_actor(r->store, r->who.acct.name);
	if (entry_load(r, &en, sector) != 0)
		goto out;
	if (!en.editable) {
		store_rollback(r->store);
		in_tx = false;
		r->status = 409;
		en.notice = !en.can_write ? "Không lưu gì: bạn không được ghi số "
		    "liệu của đơn vị hoặc lĩnh vực này." : en.lock ==
		    PSTATE_APPROVED ? "Không lưu gì: kỳ này (hoặc kỳ chứa nó) đã "
		    "duyệt và khóa." : "Không lưu gì: kỳ này (hoặc kỳ chứa nó) đã "
		    "gửi duyệt, chỉ người phê duyệt sửa được.";
		en.notice_error = true;
		entry_render(r, &en);
		goto out;
	}
	en.posted = true;
	for (i = 0; i < en.nrows; i++) {
		if (en.rows[i].heading)
			continue;
		row_take(r, &en.rows[i]);
		if (row_refused(&en.rows[i]))
			bad++;
		else if (en.rows[i].changed)
			ntry++;
		if (en.rows[i].changed)
			nchanged++;
	}
	/* The rows not refused yet are all checked, so that every message
	 * shows at once; what they store is undone below if any row was
	 * refused, here or before. */
	k = ntry > 0 ? set_rows(r->store, &en) : 0;
	if (k < 0) {
		web_error(r, 503, "Không kiểm tra được số liệu; hãy thử lại.");
		goto out;
	}
	bad += k;
	if (bad > 0) {
		store_rollback(r->store);
		in_tx = false;
		/* Another person's save is a conflict (409), not bad input. */
		r->status = 422;
		for (i = 0; i < en.nrows; i++)
			if (en.rows[i].conflict)
				r->status = 409;
		en.notice = "Chưa lưu gì: có ô bị từ chối (ghi chú đỏ bên cạnh). Sửa "
		    "các ô đó rồi bấm Lưu số liệu lần nữa.";
		en.notice_error = true;
		/* Refreshed fingerprints: a second save is a deliberate one. */
		entry_render(r, &en);
		goto out;
	}
	wrote = nchanged > 0 ? audit_rows(r, &en) : 0;
	if (wrote < 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		in_tx = false;
		web_error(r, 503, "Không lưu được số liệu (lỗi cơ sở dữ liệu); không "
		    "có gì được ghi, hãy thử lại.");
		goto out;
	}
	in_tx = false;
	buf_printf(&num, "%d", wrote);
	entry_url(&loc, &en, en.sector->code, "saved", buf_str(&num));
	web_redirect(r, buf_str(&loc));
out:
	if (in_tx)
		store_rollback(r->store);
	entry_free(&en);
	buf_free(&loc);
	buf_free(&num);
}

/* ---- POST /workflow ---- */

enum wf_action { WF_SUBMIT, WF_APPROVE, WF_RETURN, WF_REOPEN, WF__MAX };
static const char *const wf_names[WF__MAX + 1] = { "submit", "approve",
    "return", "reopen", NULL };
/* The state each action starts from and leads to. */
static const enum pstate wf_from[WF__MAX] = { PSTATE_DRAFT, PSTATE_SUBMITTED,
    PSTATE_SUBMITTED, PSTATE_APPROVED };
static const enum pstate wf_to[WF__MAX] = { PSTATE_SUBMITTED,
    PSTATE_APPROVED, PSTATE_DRAFT, PSTATE_DRAFT };

/* Whether the account may take the action on the unit, in any state. */
static bool
wf_allowed(struct req *r, enum wf_action a, const char *unit)
{
	enum role role = r->who.acct.role;

	switch (a) {
	case WF_SUBMIT:		/* an officer or approver of the unit */
		return auth_can_write(r, unit, NULL);
	case WF_APPROVE:
	case WF_RETURN:		/* an approver of the unit, or an admin */
		return auth_can_write(r, unit, NULL) &&
		    (role == ROLE_APPROVER || role == ROLE_ADMIN);
	case WF_REOPEN:
		return role == ROLE_ADMIN;
	default:
		return false;
	}
}

/* Render the entry page again after a refused transition. */
static void
wf_page(struct req *r, struct entry *en, int status, const char *action,
    const char *msg)
{
	if (entry_load(r, en, web_field(r, "sector")) != 0)
		return;
	r->status = status;
	if (action != NULL) {
		en->wf_action = action;
		en->wf_error = msg;
		en->notice = "Chưa chuyển trạng thái: xem ghi chú bên cạnh ô lý do.";
	} else
		en->notice = msg;
	en->notice_error = true;
	entry_render(r, en);
}

void
h_workflow(struct req *r)
{
	static const char *const wrong_state[WF__MAX] = {
		"Không gửi duyệt được: kỳ này không ở trạng thái đang nhập.",
		"Không phê duyệt được: kỳ này chưa được gửi duyệt.",
		"Không trả lại được: kỳ này chưa được gửi duyệt.",
		"Không mở khóa được: kỳ này chưa được duyệt.",
	};
	struct entry en;
	struct buf by = BUF_INIT, why = BUF_INIT, newt = BUF_INIT;
	struct buf loc = BUF_INIT;
	const char *act = web_field(r, "action");
	const char *sector = web_field(r, "sector");
	char *reason = NULL, *nfc = NULL;
	enum pstate st;
	bool bad = false;
	int k;

	entry_init(&en);
	if (form_scope(r, &en) != 0)
		goto out;
	if (act == NULL || (k = model_lookup(wf_names, act)) < 0) {
		web_error(r, 400, "Thao tác không hợp lệ: dùng các nút trên trang "
		    "Nhập số liệu.");
		goto out;
	}
	if (!wf_allowed(r, (enum wf_action)k, en.sc.unit.code)) {
		web_error(r, 403, k == WF_REOPEN ? "Chỉ quản trị viên được mở khóa một "
		    "kỳ đã duyệt." : k == WF_SUBMIT ? "Bạn không được gửi duyệt số liệu "
		    "của đơn vị này." : "Chỉ người phê duyệt của đơn vị (hoặc quản trị "
		    "viên) được phê duyệt hoặc trả lại.");
		goto out;
	}
	reason = sent_field(r, "reason", &bad);
	if (bad || (reason != NULL && strlen(reason) > REASON_MAX)) {
		wf_page(r, &en, 422, act, bad ? "Lý do có ký tự không hợp lệ: hãy gõ "
		    "lại." : "Lý do quá dài: viết ngắn gọn (tối đa 2.000 ký tự).");
		goto out;
	}
	if (reason != NULL && *reason != '\0')
		nfc = text_nfc(reason, strlen(reason));
	if ((k == WF_RETURN || k == WF_REOPEN) && nfc == NULL) {
		wf_page(r, &en, 422, act, k == WF_RETURN ? "Cần ghi lý do trả lại, để "
		    "cán bộ biết phải sửa gì." : "Cần ghi lý do mở khóa kỳ đã duyệt.");
		goto out;
	}
	period_format(&en.pcode, &en.sc.period);
	if (store_begin(r->store) != 0) {
		web_error(r, 503, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		goto out;
	}
	if (store_period_state(r->store, en.sc.unit.code, buf_str(&en.pcode), &st,
	    &by, &why) != 0) {
		store_rollback(r->store);
		web_error(r, 503, "Không đọc được trạng thái của kỳ; hãy thử lại.");
		goto out;
	}
	if (st != wf_from[k]) {
		store_rollback(r->store);
		wf_page(r, &en, 409, NULL, wrong_state[k]);
		goto out;
	}
	buf_puts(&newt, pstate_names[wf_to[k]]);
	if (nfc != NULL)
		buf_printf(&newt, ": %s", nfc);
	if (store_put_period_state(r->store, en.sc.unit.code, buf_str(&en.pcode),
	    wf_to[k], r->who.acct.name, nfc) != 0 ||
	    store_audit(r->store, r->who.acct.name, en.sc.unit.code, "state",
	    buf_str(&en.pcode), pstate_names[st], buf_str(&newt)) != 0 ||
	    store_commit(r->store) != 0) {
		store_rollback(r->store);
		web_error(r, 503, "Không chuyển được trạng thái (lỗi cơ sở dữ liệu); "
		    "hãy thử lại.");
		goto out;
	}
	web_html(&loc, "/entry?unit=%U&year=%d&period=%U", en.sc.unit.code,
	    en.sc.year, buf_str(&en.pcode));
	if (sector != NULL && *sector != '\0')
		web_html(&loc, "&sector=%U", sector);
	web_html(&loc, "&done=%U", wf_names[k]);
	web_redirect(r, buf_str(&loc));
out:
	free(reason);
	free(nfc);
	buf_free(&by);
	buf_free(&why);
	buf_free(&newt);
	buf_free(&loc);
	entry_free(&en);
}
