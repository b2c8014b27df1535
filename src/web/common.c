/* common.c: what several pages need — the unit, year and period a page is
 * about, from the query or the account's defaults, checked against what the
 * account may read; the unit picker; figures in Vietnamese format; whether
 * the workflow lets a value be changed (for the pages and the API alike). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "webpage.h"

/* The latest year with values for the unit, else with targets, else 0. */
static int
latest_year(struct store *s, const char *unit)
{
	int y;

	return store_latest_year(s, unit, &y) == 0 ? y : 0;
}

int
page_scope(struct req *r, struct scope *sc)
{
	const char *q = web_query(r, "unit"), *ys = web_query(r, "year");
	const char *ps = web_query(r, "period");
	struct buf err = BUF_INIT;

	memset(sc, 0, sizeof(*sc));
	if (q != NULL && *q != '\0') {
		if (app_find_unit(r->store, q, &sc->unit, &err) != 0) {
			web_error(r, 404, buf_str(&err));
			buf_free(&err);
			return -1;
		}
	} else if (r->who.acct.unit != NULL) {
		if (app_find_unit(r->store, r->who.acct.unit, &sc->unit, &err) != 0) {
			web_error(r, 404, buf_str(&err));
			buf_free(&err);
			return -1;
		}
	} else {
		/* An admin without a unit: the first unit with targets. */
		struct buf first = BUF_INIT;
		bool found;

		if (store_first_target_unit(r->store, &first, &found) != 0 ||
		    !found) {
			buf_free(&first);
			web_error(r, 404, "Chưa có đơn vị nào có chỉ tiêu kế hoạch: hãy "
			    "nhập dữ liệu (ktxh import).");
			return -1;
		}
		app_find_unit(r->store, buf_str(&first), &sc->unit, &err);
		buf_free(&first);
	}
	buf_free(&err);
	if (!auth_can_read(r, sc->unit.code)) {
		unit_free(&sc->unit);
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		return -1;
	}
	sc->year = ys != NULL ? atoi(ys) : latest_year(r->store, sc->unit.code);
	if (sc->year < 1900 || sc->year > 2200) {
		if (ys != NULL) {
			unit_free(&sc->unit);
			web_error(r, 400, "Năm không hợp lệ: viết năm bốn chữ số, ví dụ "
			    "2023.");
			return -1;
		}
		sc->year = 2000 + 0;
	}
	memset(&sc->period, 0, sizeof(sc->period));
	sc->period.year = sc->year;
	if (ps != NULL && *ps != '\0' && (period_parse(ps, strlen(ps),
	    &sc->period) != 0 || sc->period.year != sc->year)) {
		unit_free(&sc->unit);
		web_error(r, 400, "Kỳ không hợp lệ: chọn cả năm, 6 tháng, 9 tháng, "
		    "quý hoặc tháng của năm đã chọn.");
		return -1;
	}
	return 0;
}

void
scope_free(struct scope *sc)
{
	unit_free(&sc->unit);
}

void
page_period_options(struct buf *b, const struct scope *sc)
{
	static const char *const suffix[] = { "", "-H1", "-H2", "-9M", "-Q1",
	    "-Q2", "-Q3", "-Q4", "-M01", "-M02", "-M03", "-M04", "-M05", "-M06",
	    "-M07", "-M08", "-M09", "-M10", "-M11", "-M12" };
	struct buf cur = BUF_INIT, code = BUF_INIT, label = BUF_INIT;
	struct period p;
	size_t i;

	period_format(&cur, &sc->period);
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		buf_reset(&code);
		buf_reset(&label);
		buf_printf(&code, "%d%s", sc->year, suffix[i]);
		period_parse(code.data, code.len, &p);
		period_label(&label, &p);
		web_html(b, "<option value=\"%s\"%R>%s</option>", buf_str(&code),
		    strcmp(buf_str(&code), buf_str(&cur)) == 0 ? " selected" : "",
		    buf_str(&label));
	}
	buf_free(&cur);
	buf_free(&code);
	buf_free(&label);
}

void
page_unit_options(struct req *r, const char *selected)
{
	const struct web_units *x = web_units(r);
	size_t i;

	for (i = 0; x != NULL && i < x->n; i++)
		if (auth_can_read_in(r, &x->tree, x->u[i].code))
			web_html(&r->body, "<option value=\"%s\"%R>%s %s</option>",
			    x->u[i].code, strcmp(x->u[i].code, selected) == 0 ?
			    " selected" : "", x->u[i].kind, x->u[i].name);
}

void
page_filters(struct req *r, const struct scope *sc, const char *action)
{
	web_html(&r->body, "<form method=\"get\" action=\"%s\" class=\"filters "
	    "autosubmit card\">\n<label>Đơn vị <select name=\"unit\">", action);
	page_unit_options(r, sc->unit.code);
	web_html(&r->body, "</select></label>\n<label>Năm <input name=\"year\" "
	    "type=\"number\" min=\"1900\" max=\"2200\" value=\"%d\"></label>\n"
	    "<label>Kỳ <select name=\"period\">", sc->year);
	page_period_options(&r->body, sc);
	web_html(&r->body, "</select></label>\n<button>Xem</button>\n</form>\n");
}

void
page_percent(struct buf *b, const struct eval_row *row, double near)
{
	struct buf t = BUF_INIT;

	if (row->v.has_percent) {
		num_format(&t, eval_shown_percent(&row->v, near, 2), 2, NUM_FMT_TRIM);
		buf_putc(&t, '%');
	}
	web_html(b, "%s", buf_str(&t));
	buf_free(&t);
}

/* ---- indicators at risk ---------------------------------------------------- */

bool
page_projection(const struct value *values, size_t nvalues,
    const struct period *p, const struct eval_row *row, double *out)
{
	double sum = 0;
	int last = 0;
	size_t i;

	if (row->target == NULL || row->ind->tagg != TIME_FLOW ||
	    (row->target->shape != SHAPE_AT_LEAST &&
	    row->target->shape != SHAPE_QUOTA))
		return false;
	for (i = 0; i < nvalues; i++) {
		const struct value *v = &values[i];

		if (strcmp(v->indicator, row->ind->code) != 0 ||
		    v->period.year != p->year ||
		    v->period.kind != PERIOD_MONTH || !v->has_value)
			continue;
		sum += v->value;
		if (v->period.n > last)
			last = v->period.n;
	}
	if (last == 0 || last == 12)
		return false;
	*out = sum * 12.0 / last;
	return true;
}

bool
page_at_risk(const struct value *values, size_t nvalues,
    const struct period *p, const struct eval_row *row)
{
	double proj;
	size_t i;

	if (row->v.band == BAND_MISSED || row->v.band == BAND_NEAR)
		return true;
	for (i = 0; i < row->nchildren; i++)
		if (page_at_risk(values, nvalues, p, &row->children[i]))
			return true;
	return row->v.band == BAND_UNASSESSED &&
	    page_projection(values, nvalues, p, row, &proj) &&
	    proj < row->target->value;
}

/* ---- the workflow lock of a value's period ------------------------------ */

int
web_lock_state(struct req *r, const char *unit, const struct period *p,
    enum pstate *worst, struct buf *which)
{
	static const struct { enum period_kind kind; int n; } all[] = {
	    { PERIOD_YEAR, 0 }, { PERIOD_HALF, 1 }, { PERIOD_HALF, 2 },
	    { PERIOD_NINE, 0 }, { PERIOD_QUARTER, 1 }, { PERIOD_QUARTER, 2 },
	    { PERIOD_QUARTER, 3 }, { PERIOD_QUARTER, 4 }, { PERIOD_MONTH, 1 },
	    { PERIOD_MONTH, 2 }, { PERIOD_MONTH, 3 }, { PERIOD_MONTH, 4 },
	    { PERIOD_MONTH, 5 }, { PERIOD_MONTH, 6 }, { PERIOD_MONTH, 7 },
	    { PERIOD_MONTH, 8 }, { PERIOD_MONTH, 9 }, { PERIOD_MONTH, 10 },
	    { PERIOD_MONTH, 11 }, { PERIOD_MONTH, 12 } };
	struct buf code = BUF_INIT;
	struct period q;
	enum pstate st;
	size_t i;
	int rc = 0;

	*worst = PSTATE_DRAFT;
	buf_reset(which);
	for (i = 0; i < sizeof(all) / sizeof(all[0]) && rc == 0; i++) {
		q.year = p->year;
		q.kind = all[i].kind;
		q.n = all[i].n;
		if (!period_contains(&q, p))
			continue;
		buf_reset(&code);
		period_format(&code, &q);
		if ((rc = store_period_state(r->store, unit, buf_str(&code), &st,
		    NULL, NULL)) == 0 && st > *worst) {
			*worst = st;
			buf_reset(which);
			buf_puts(which, buf_str(&code));
		}
	}
	buf_free(&code);
	return rc;
}

bool
web_state_open(const struct req *r, enum pstate st)
{
	return st == PSTATE_DRAFT || (st == PSTATE_SUBMITTED &&
	    (r->who.acct.role == ROLE_APPROVER || r->who.acct.role == ROLE_ADMIN));
}
