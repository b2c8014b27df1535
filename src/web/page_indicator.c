/* page_indicator.c: Chỉ tiêu — one indicator of one unit. Its definition in
 * the catalogue (kind, how it combines over time and across units, its
 * compound parent or parts), its target of the year with the wording and the
 * resolution it comes from, the evaluation of the chosen period, its values
 * over this year and the last as charts drawn here as inline SVG (no script:
 * bars per period, the cumulative line of a flow, the target as a dashed
 * line, tooltips as <title>), the table of those values, and the history of
 * changes to them and to the target from the audit log. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "webpage.h"

/* The most history entries shown. */
#define HIST_MAX 200

static const char *const kind_labels[KIND__MAX] = {
	"số lượng", "tỷ lệ (%)", "có/không", "định tính (đạt/không đạt)",
	"chỉ tiêu gộp (gồm các chỉ tiêu con)"
};
static const char *const tagg_labels[TIME__MAX] = {
	"cộng dồn số của các kỳ", "lấy số cuối kỳ",
	"tổng tử số chia tổng mẫu số của các kỳ"
};
static const char *const uagg_labels[UAGG__MAX] = {
	"cộng số của các đơn vị", "tổng tử số chia tổng mẫu số của các đơn vị",
	"không cộng gộp giữa các đơn vị"
};

/* ---- small helpers ---- */

static const struct eval_row *
find_row(const struct eval_result *res, const char *code)
{
	size_t i, j;

	for (i = 0; i < res->nrows; i++) {
		const struct eval_row *row = &res->rows[i];

		if (strcmp(row->ind->code, code) == 0)
			return row;
		for (j = 0; j < row->nchildren; j++)
			if (strcmp(row->children[j].ind->code, code) == 0)
				return &row->children[j];
	}
	return NULL;
}

static const struct indicator *
find_ind(const struct app_eval *e, const char *code)
{
	size_t i;

	for (i = 0; i < e->ninds; i++)
		if (strcmp(e->inds[i].code, code) == 0)
			return &e->inds[i];
	return NULL;
}

static bool
yesno_kind(const struct indicator *ind)
{
	return ind->kind == KIND_YESNO || ind->kind == KIND_QUALITATIVE;
}

/* The number a value row stands for: its value, else num/den × 100. */
static bool
value_number(const struct value *v, double *out)
{
	if (v->has_value) {
		*out = v->value;
		return true;
	}
	if (v->has_ratio && v->den != 0) {
		*out = v->num / v->den * 100.0;
		return true;
	}
	return false;
}

/* A figure with the indicator's unit of measure: "4.500 cây", "85%". */
static void
figure_uom(struct buf *b, const struct indicator *ind, double v)
{
	app_figure(b, ind, v);
	if (ind->uom != NULL && *ind->uom != '\0')
		buf_printf(b, strcmp(ind->uom, "%") == 0 ? "%s" : " %s", ind->uom);
}

/* A stored value in words: "1.302 ha", "97,89% (1.255/1.278)", "đạt". */
static void
value_text(struct buf *b, const struct indicator *ind, const struct value *v)
{
	double x;

	if (yesno_kind(ind)) {
		if (!v->has_value)
			buf_puts(b, "—");
		else if (ind->kind == KIND_YESNO)
			buf_puts(b, v->value >= 0.5 ? "có" : "không");
		else
			buf_puts(b, v->value >= 0.5 ? "đạt" : "không đạt");
		return;
	}
	if (!value_number(v, &x)) {
		buf_puts(b, "—");
		return;
	}
	figure_uom(b, ind, x);
	if (v->has_ratio) {
		buf_puts(b, " (");
		num_format(b, v->num, 2, NUM_FMT_TRIM);
		buf_putc(b, '/');
		num_format(b, v->den, 2, NUM_FMT_TRIM);
		buf_putc(b, ')');
	}
}

/* A period's name with a capital first letter ("Quý III năm 2023"). */
static void
period_name(struct buf *b, const struct period *p)
{
	size_t at = b->len;

	period_label(b, p);
	if (b->len > at && b->data[at] >= 'a' && b->data[at] <= 'z')
		b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

static int
cmp_values(const void *a, const void *b)
{
	const struct value *x = *(const struct value *const *)a;
	const struct value *y = *(const struct value *const *)b;
	int xf, xl, yf, yl;

	if (x->period.year != y->period.year)
		return x->period.year < y->period.year ? -1 : 1;
	period_months(&x->period, &xf, &xl);
	period_months(&y->period, &yf, &yl);
	if (xl != yl)
		return xl < yl ? -1 : 1;
	/* Ending in the same month: the shorter period first. */
	return xf == yf ? 0 : xf > yf ? -1 : 1;
}

/* ---- the chart ---- */

#define CW	640	/* viewBox width */
#define CH	250	/* viewBox height */
#define CL	92	/* left margin: the axis labels */
#define CRM	12	/* right margin */
#define CT	24	/* top margin: the unit of measure */
#define CB	66	/* bottom: period labels, year labels, legend */
#define MAXSLOT	24	/* 12 months in each of two years */

struct bar {
	int		 slot;
	double		 y;
	const struct value *v;		/* stored, or the chart's derived one */
	enum fig_source	 source;	/* FIG_OWN: a value stored for the unit */
	size_t		 nfrom;		/* derived: the units it comes from */
	bool		 with_own;	/* and the unit's own after the change */
};

struct chart {
	const struct indicator *ind;
	int		 year;		/* the later of the two years */
	enum period_kind kind;
	int		 per;		/* slots in a year */
	struct bar	 bars[MAXSLOT];
	size_t		 nbars;
	struct value	 derived[MAXSLOT];	/* the figures not stored */
	bool		 any_derived;
	bool		 cumulative;	/* draw the running total of a flow */
	bool		 has_cum[MAXSLOT];
	double		 cum[MAXSLOT];
	int		 nlvl[2];	/* target levels of year-1 and year */
	double		 lvl[2][2];
	const struct eval_row *rows[2];	/* for the targets' wording */
	double		 lo, hi, step;
	int		 dec;		/* decimals of the axis labels */
};

static int
slots_per_year(enum period_kind k)
{
	switch (k) {
	case PERIOD_HALF:
		return 2;
	case PERIOD_QUARTER:
		return 4;
	case PERIOD_MONTH:
		return 12;
	default:
		return 1;
	}
}

/* The levels a year's target asks for, to draw as dashed lines. */
static int
target_levels(const struct eval_row *row, double out[2])
{
	const struct target *t;

	if (row == NULL || (t = row->target) == NULL)
		return 0;
	switch (t->shape) {
	case SHAPE_RANGE:
		if (!t->has_value || !t->has_value2)
			return 0;
		out[0] = t->value;
		out[1] = t->value2;
		return 2;
	case SHAPE_GROWTH:
	case SHAPE_REDUCTION:
		if (!row->v.has_level)
			return 0;
		out[0] = row->v.level;
		return 1;
	case SHAPE_QUALITATIVE:
		return 0;
	default:
		if (!t->has_value)
			return 0;
		out[0] = t->value;
		return 1;
	}
}

/* Round the axis out to a step of 1, 2, 2.5 or 5 times a power of ten. */
static void
chart_scale(struct chart *c)
{
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	double lo = 0, hi = 0, raw, mag, step = 1;
	size_t i;
	int y, k;

	for (i = 0; i < c->nbars; i++) {
		lo = fmin(lo, c->bars[i].y);
		hi = fmax(hi, c->bars[i].y);
	}
	for (i = 0; i < MAXSLOT; i++)
		if (c->has_cum[i])
			hi = fmax(hi, c->cum[i]);
	for (y = 0; y < 2; y++)
		for (k = 0; k < c->nlvl[y]; k++)
			hi = fmax(hi, c->lvl[y][k]);
	if (hi - lo <= 0)
		hi = lo + 1;
	raw = (hi - lo) / 4;
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < sizeof(mult) / sizeof(mult[0]); i++)
		if ((step = mult[i] * mag) >= raw * (1 - 1e-9))
			break;
	c->step = step;
	c->lo = floor(lo / step + 1e-9) * step;
	c->hi = ceil(hi / step - 1e-9) * step;
	if (c->hi <= c->lo)
		c->hi = c->lo + step;
	/* Enough decimals to tell the ticks apart. */
	c->dec = 0;
	while (c->dec < 6 && fabs(step * pow(10, c->dec) -
	    round(step * pow(10, c->dec))) > 1e-6 * step * pow(10, c->dec))
		c->dec++;
}

static double
chart_y(const struct chart *c, double v)
{
	return CT + (c->hi - v) / (c->hi - c->lo) * (CH - CT - CB);
}

static double
slot_w(const struct chart *c)
{
	return (double)(CW - CL - CRM) / (2 * c->per);
}

static double
slot_x(const struct chart *c, int slot)
{
	return CL + (slot + 0.5) * slot_w(c);
}

static void
slot_label(struct buf *b, const struct chart *c, int slot)
{
	static const char *const roman[] = { "I", "II", "III", "IV" };
	int n = slot % c->per;

	switch (c->kind) {
	case PERIOD_YEAR:
		buf_printf(b, "%d", c->year - 1 + slot);
		break;
	case PERIOD_HALF:
		buf_puts(b, n == 0 ? "6T đầu" : "6T cuối");
		break;
	case PERIOD_NINE:
		buf_printf(b, "9T %d", c->year - 1 + slot);
		break;
	case PERIOD_QUARTER:
		buf_printf(b, "Quý %s", roman[n]);
		break;
	default:
		buf_printf(b, "T%d", n + 1);
		break;
	}
}

static void
chart_grid(struct req *r, const struct chart *c)
{
	struct buf t = BUF_INIT;
	int k, n = (int)lround((c->hi - c->lo) / c->step);
	double v, y;

	for (k = 0; k <= n; k++) {
		v = c->lo + k * c->step;
		y = chart_y(c, v);
		buf_printf(&r->body, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>", CL, y,
		    CW - CRM, y, fabs(v) < c->step / 2 ? "#667" : "#dde");
		buf_reset(&t);
		num_format(&t, v, c->dec, 0);
		buf_printf(&r->body, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
		    "font-size=\"11\" fill=\"#445\">", CL - 6, y + 4);
		web_html(&r->body, "%s</text>\n", buf_str(&t));
	}
	if (c->ind->uom != NULL && *c->ind->uom != '\0') {
		buf_printf(&r->body, "<text x=\"4\" y=\"14\" font-size=\"11\" "
		    "fill=\"#445\">");
		web_html(&r->body, "Đơn vị: %s</text>\n", c->ind->uom);
	}
	buf_free(&t);
}

static void
chart_xlabels(struct req *r, const struct chart *c)
{
	struct buf t = BUF_INIT;
	double base = CH - CB;
	int s, y;

	for (s = 0; s < 2 * c->per; s++) {
		buf_reset(&t);
		slot_label(&t, c, s);
		buf_printf(&r->body, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\" font-size=\"%d\" fill=\"#445\">",
		    slot_x(c, s), base + 15, c->per == 12 ? 10 : 11);
		web_html(&r->body, "%s</text>", buf_str(&t));
	}
	if (c->kind == PERIOD_YEAR || c->kind == PERIOD_NINE) {
		buf_free(&t);
		return;
	}
	/* Sub-year periods: the years under them, a rule between. */
	for (y = 0; y < 2; y++) {
		buf_printf(&r->body, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" "
		    "fill=\"#223\">", CL + (y + 0.5) * c->per * slot_w(c), base + 31);
		web_html(&r->body, "Năm %d</text>", c->year - 1 + y);
	}
	buf_printf(&r->body, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#99a\" stroke-width=\"1\"/>\n", CL + c->per * slot_w(c), CT,
	    CL + c->per * slot_w(c), base + 20);
	buf_free(&t);
}

static void
chart_bars(struct req *r, const struct chart *c)
{
	struct buf t = BUF_INIT, v = BUF_INIT;
	double w = fmin(slot_w(c) * 0.62, 56), x, y0, y1;
	size_t i;

	y0 = chart_y(c, fmax(c->lo, fmin(c->hi, 0)));
	for (i = 0; i < c->nbars; i++) {
		const struct bar *b = &c->bars[i];
		bool est = b->v->status == STATUS_ESTIMATE;
		bool cur = b->v->period.year == c->year;
		const char *colour = b->source != FIG_OWN ?
		    (cur ? "#3d5a80" : "#98a8c4") : cur ? "#8b1a1a" : "#c48a8a";

		x = slot_x(c, b->slot) - w / 2;
		y1 = chart_y(c, b->y);
		buf_printf(&r->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"%s\" fill-opacity=\"%s\" stroke=\"%s\" "
		    "stroke-width=\"1\"%s class=\"bar %s\">", x, fmin(y0, y1), w,
		    fmax(fabs(y0 - y1), 0.5), colour, est ? "0.35" : "1", colour,
		    est ? " stroke-dasharray=\"3 2\"" : "", fig_source_names[b->source]);
		buf_reset(&t);
		buf_reset(&v);
		period_name(&t, &b->v->period);
		value_text(&v, c->ind, b->v);
		web_html(&r->body, "<title>%s: %s (%s", buf_str(&t), buf_str(&v),
		    est ? "ước" : "chính thức");
		if (b->source == FIG_PREDECESSORS && b->with_own)
			web_html(&r->body, "; gồm số của %zu đơn vị cũ trước ngày "
			    "sắp xếp", b->nfrom);
		else if (b->source == FIG_PREDECESSORS)
			web_html(&r->body, "; suy ra từ %zu đơn vị cũ", b->nfrom);
		else if (b->source == FIG_CHILDREN)
			web_html(&r->body, "; tổng hợp từ %zu đơn vị cấp dưới", b->nfrom);
		web_html(&r->body, ")</title></rect>\n");
	}
	buf_free(&t);
	buf_free(&v);
}

static void
chart_cumulative(struct req *r, const struct chart *c)
{
	struct buf t = BUF_INIT, v = BUF_INIT;
	struct period p;
	int y, s, n;

	for (y = 0; y < 2; y++) {
		n = 0;
		for (s = y * c->per; s < (y + 1) * c->per; s++)
			if (c->has_cum[s]) {
				if (n++ == 0)
					buf_puts(&r->body, "<polyline fill=\"none\" "
					    "stroke=\"#1b5e8b\" stroke-width=\"2\" points=\"");
				buf_printf(&r->body, "%.1f,%.1f ", slot_x(c, s),
				    chart_y(c, c->cum[s]));
			}
		if (n > 0)
			buf_puts(&r->body, "\"/>\n");
	}
	for (s = 0; s < 2 * c->per; s++) {
		if (!c->has_cum[s])
			continue;
		memset(&p, 0, sizeof(p));
		p.year = c->year - 1 + s / c->per;
		p.kind = c->kind;
		p.n = s % c->per + 1;
		buf_reset(&t);
		buf_reset(&v);
		period_label(&t, &p);
		figure_uom(&v, c->ind, c->cum[s]);
		buf_printf(&r->body, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
		    "fill=\"#1b5e8b\">", slot_x(c, s), chart_y(c, c->cum[s]));
		web_html(&r->body, "<title>Lũy kế đến hết %s: %s</title></circle>\n",
		    buf_str(&t), buf_str(&v));
	}
	buf_free(&t);
	buf_free(&v);
}

static void
chart_targets(struct req *r, const struct chart *c)
{
	struct buf t = BUF_INIT, f = BUF_INIT;
	double x0, x1, y;
	int yi, k;

	for (yi = 0; yi < 2; yi++) {
		if (c->nlvl[yi] == 0)
			continue;
		buf_reset(&t);
		app_target_text(&t, c->rows[yi], true);
		x0 = CL + yi * c->per * slot_w(c) + 2;
		x1 = CL + (yi + 1) * c->per * slot_w(c) - 2;
		for (k = 0; k < c->nlvl[yi]; k++) {
			y = chart_y(c, c->lvl[yi][k]);
			buf_printf(&r->body, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"#c62828\" stroke-width=\"2\" "
			    "stroke-dasharray=\"7 4\">", x0, y, x1, y);
			web_html(&r->body, "<title>Kế hoạch năm %d: %s</title></line>\n",
			    c->year - 1 + yi, buf_str(&t));
			buf_reset(&f);
			app_figure(&f, c->ind, c->lvl[yi][k]);
			buf_printf(&r->body, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			    "fill=\"#c62828\">", x0 + 2, y - 4);
			web_html(&r->body, "KH %s</text>\n", buf_str(&f));
		}
	}
	buf_free(&t);
	buf_free(&f);
}

static void
chart_legend(struct req *r, const struct chart *c)
{
	double y = CH - 10;
	int x = CL;

	buf_printf(&r->body, "<g font-size=\"11\" fill=\"#223\">"
	    "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"10\" fill=\"#8b1a1a\"/>"
	    "<text x=\"%d\" y=\"%.1f\">Năm %d</text>", x, y - 9, x + 16, y,
	    c->year);
	x += 78;
	buf_printf(&r->body, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"10\" "
	    "fill=\"#c48a8a\"/><text x=\"%d\" y=\"%.1f\">Năm %d</text>", x, y - 9,
	    x + 16, y, c->year - 1);
	x += 78;
	buf_printf(&r->body, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"10\" "
	    "fill=\"#8b1a1a\" fill-opacity=\"0.35\" stroke=\"#8b1a1a\" "
	    "stroke-dasharray=\"3 2\"/><text x=\"%d\" y=\"%.1f\">Số ước</text>",
	    x, y - 9, x + 16, y);
	x += 70;
	if (c->nlvl[0] + c->nlvl[1] > 0) {
		buf_printf(&r->body, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"#c62828\" stroke-width=\"2\" "
		    "stroke-dasharray=\"7 4\"/><text x=\"%d\" y=\"%.1f\">Kế hoạch"
		    "</text>", x, y - 4, x + 22, y - 4, x + 26, y);
		x += 90;
	}
	if (c->cumulative) {
		buf_printf(&r->body, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\" stroke=\"#1b5e8b\" stroke-width=\"2\"/>"
		    "<text x=\"%d\" y=\"%.1f\">Lũy kế trong năm</text>", x, y - 4,
		    x + 22, y - 4, x + 26, y);
		x += 120;
	}
	if (c->any_derived)
		buf_printf(&r->body, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" "
		    "height=\"10\" fill=\"#3d5a80\"/><text x=\"%d\" y=\"%.1f\">"
		    "Suy ra, tổng hợp</text>", x, y - 9, x + 16, y);
	buf_puts(&r->body, "</g>\n");
}

/* The period of slot s of a chart of kind (years year - 1 and year). */
static void
slot_period(int year, enum period_kind kind, int per, int s, struct period *p)
{
	struct buf t = BUF_INIT;
	int y = year - 1 + s / per, n = s % per + 1;

	switch (kind) {
	case PERIOD_HALF:
		buf_printf(&t, "%d-H%d", y, n);
		break;
	case PERIOD_NINE:
		buf_printf(&t, "%d-9M", year - 1 + s);
		break;
	case PERIOD_QUARTER:
		buf_printf(&t, "%d-Q%d", y, n);
		break;
	case PERIOD_MONTH:
		buf_printf(&t, "%d-M%02d", y, n);
		break;
	default:
		buf_printf(&t, "%d", year - 1 + s);
		break;
	}
	if (period_parse(t.data, t.len, p) != 0)
		memset(p, 0, sizeof(*p));
	buf_free(&t);
}

/*
 * One chart of the values of one kind of period, or nothing when neither
 * the unit nor the units its figures come from have any of that kind. A
 * period with no value stored for the unit takes the figure fig_get gives
 * it (core/fig.h): for a unit made by a merger, before the merger, derived
 * from the units it replaced (shares applied); for a unit above others,
 * rolled up from them. So the chart of a commune of 2026 shows its 2025
 * and 2024 as the communes it replaced had them, in another colour, each
 * bar saying where it comes from.
 */
static void
chart_kind(struct req *r, const struct app_eval *e, const struct indicator *ind,
    int year, enum period_kind kind, const struct eval_row *rows[2])
{
	static const char *const captions[PERIOD__MAX] = { "theo năm",
	    "theo 6 tháng", "9 tháng đầu năm", "theo quý", "theo tháng" };
	struct chart c;
	struct period p;
	struct date asof = period_last_day(&e->period);
	struct fig f;
	double x;
	size_t i;
	int s, y;
	bool flow = ind->tagg == TIME_FLOW, any = false, own;

	memset(&c, 0, sizeof(c));
	c.ind = ind;
	c.year = year;
	c.kind = kind;
	c.per = slots_per_year(kind);
	for (i = 0; i < e->fvalues.n && !any; i++) {
		const struct value *v = &e->fvalues.a[i];

		any = strcmp(v->indicator, ind->code) == 0 && v->period.kind == kind &&
		    v->period.year >= year - 1 && v->period.year <= year;
	}
	for (i = 0; i < e->nvalues; i++) {
		const struct value *v = &e->values[i];

		if (strcmp(v->indicator, ind->code) != 0 || v->period.kind != kind ||
		    v->period.year < year - 1 || v->period.year > year ||
		    !value_number(v, &x) || c.nbars >= MAXSLOT)
			continue;
		s = (v->period.year - (year - 1)) * c.per;
		if (kind != PERIOD_YEAR && kind != PERIOD_NINE)
			s += v->period.n - 1;
		if (s < 0 || s >= 2 * c.per)
			continue;
		c.bars[c.nbars].slot = s;
		c.bars[c.nbars].y = x;
		c.bars[c.nbars].v = v;
		c.bars[c.nbars].source = FIG_OWN;
		c.nbars++;
		any = true;
	}
	/* The periods without a stored value, from the figures. */
	for (s = 0; any && e->figs != NULL && s < 2 * c.per; s++) {
		for (i = 0, own = false; i < c.nbars && !own; i++)
			own = c.bars[i].slot == s;
		slot_period(year, kind, c.per, s, &p);
		if (own || p.year == 0 || c.nbars >= MAXSLOT)
			continue;
		fig_get(e->figs, e->unit.code, ind, &p, &asof, &f);
		if (f.has && (f.source == FIG_PREDECESSORS ||
		    f.source == FIG_CHILDREN)) {
			struct value *d = &c.derived[s];

			d->unit = e->unit.code;
			d->indicator = ind->code;
			d->period = p;
			d->has_value = true;
			d->value = f.value;
			d->has_ratio = f.has_ratio;
			d->num = f.num;
			d->den = f.den;
			d->status = f.estimate ? STATUS_ESTIMATE : STATUS_FINAL;
			c.bars[c.nbars].slot = s;
			c.bars[c.nbars].y = f.value;
			c.bars[c.nbars].v = d;
			c.bars[c.nbars].source = f.source;
			c.bars[c.nbars].nfrom = f.nfrom;
			c.bars[c.nbars].with_own = f.with_own;
			c.nbars++;
			c.any_derived = true;
		}
		fig_release(&f);
	}
	if (c.nbars == 0)
		return;
	/* A flow's sub-year values are compared with the year's target
	 * through their running total; a stock or rate is a level at any
	 * time; nine months of a flow compare with nothing. */
	c.cumulative = flow && (kind == PERIOD_HALF || kind == PERIOD_QUARTER ||
	    kind == PERIOD_MONTH);
	if (c.cumulative) {
		double run[2] = { 0, 0 };

		for (s = 0; s < 2 * c.per; s++)
			for (i = 0; i < c.nbars; i++)
				if (c.bars[i].slot == s) {
					run[s / c.per] += c.bars[i].y;
					c.cum[s] = run[s / c.per];
					c.has_cum[s] = true;
				}
	}
	if (!flow || kind == PERIOD_YEAR || c.cumulative)
		for (y = 0; y < 2; y++) {
			c.rows[y] = rows[y];
			c.nlvl[y] = target_levels(rows[y], c.lvl[y]);
		}
	chart_scale(&c);
	web_html(&r->body, "<figure class=\"card\">\n<figcaption>Số liệu %s"
	    "</figcaption>\n"
	    "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\">",
	    captions[kind], CW, CH);
	web_html(&r->body, "<title>%s: số liệu %s, năm %d và năm %d</title>\n",
	    ind->name, captions[kind], year - 1, year);
	chart_grid(r, &c);
	chart_xlabels(r, &c);
	chart_bars(r, &c);
	if (c.cumulative)
		chart_cumulative(r, &c);
	chart_targets(r, &c);
	chart_legend(r, &c);
	web_html(&r->body, "</svg>\n</figure>\n");
}

/* ---- page sections ---- */

static void
section_definition(struct req *r, const struct app_eval *e,
    const struct indicator *ind, int year)
{
	const struct indicator *parent = NULL;
	const char *sector = ind->sector;
	size_t i, nparts = 0;

	for (i = 0; i < e->nsectors; i++)
		if (strcmp(e->sectors[i].code, ind->sector) == 0)
			sector = e->sectors[i].name;
	if (ind->parent != NULL)
		parent = find_ind(e, ind->parent);
	web_html(&r->body, "<h2>Định nghĩa</h2>\n<table class=\"card\"><tbody>\n"
	    "<tr><th>Mã</th><td>%s</td></tr>\n<tr><th>Tên chỉ tiêu</th><td>%s"
	    "</td></tr>\n<tr><th>Lĩnh vực</th><td>%s</td></tr>\n"
	    "<tr><th>Đơn vị tính</th><td>%s</td></tr>\n<tr><th>Loại</th><td>%s"
	    "</td></tr>\n", ind->code, ind->name, sector,
	    ind->uom != NULL && *ind->uom != '\0' ? ind->uom : "—",
	    kind_labels[ind->kind]);
	if (ind->kind != KIND_COMPOUND)
		web_html(&r->body, "<tr><th>Cộng các kỳ</th><td>%s</td></tr>\n"
		    "<tr><th>Cộng các đơn vị</th><td>%s</td></tr>\n",
		    tagg_labels[ind->tagg], uagg_labels[ind->uagg]);
	if (parent != NULL)
		web_html(&r->body, "<tr><th>Thuộc chỉ tiêu gộp</th><td><a href=\""
		    "/indicator?unit=%U&amp;code=%U&amp;year=%d\">%s — %s</a></td>"
		    "</tr>\n", e->unit.code, parent->code, year, parent->code,
		    parent->name);
	for (i = 0; i < e->ninds; i++) {
		const struct indicator *c = &e->inds[i];

		if (c->parent == NULL || strcmp(c->parent, ind->code) != 0)
			continue;
		if (nparts++ == 0)
			web_html(&r->body, "<tr><th>Gồm các chỉ tiêu con</th><td><ul>");
		web_html(&r->body, "<li><a href=\"/indicator?unit=%U&amp;code=%U"
		    "&amp;year=%d\">%s — %s</a></li>", e->unit.code, c->code, year,
		    c->code, c->name);
	}
	if (nparts > 0)
		web_html(&r->body, "</ul></td></tr>\n");
	web_html(&r->body, "</tbody></table>\n");
}

static void
section_target(struct req *r, const struct app_eval *e,
    const struct indicator *ind, const struct eval_row *row, int year)
{
	struct buf t = BUF_INIT;

	web_html(&r->body, "<h2>Kế hoạch năm %d</h2>\n", year);
	if (ind->kind == KIND_COMPOUND) {
		web_html(&r->body, "<p class=\"card\">Chỉ tiêu gộp không có mức kế "
		    "hoạch riêng: mức đánh giá lấy từ các chỉ tiêu con.</p>\n");
		return;
	}
	if (row == NULL || row->target == NULL) {
		web_html(&r->body, "<p class=\"card\">Đơn vị chưa có chỉ tiêu kế "
		    "hoạch năm %d cho chỉ tiêu này. <a href=\"/plan?unit=%U&amp;"
		    "year=%d\">Xem kế hoạch năm %d</a></p>\n", year, e->unit.code,
		    year, year);
		return;
	}
	app_target_text(&t, row, true);
	web_html(&r->body, "<table class=\"card\"><tbody>\n<tr><th>Mức kế hoạch"
	    "</th><td><strong>%s</strong></td></tr>\n<tr><th>Dạng chỉ tiêu</th>"
	    "<td>%s</td></tr>\n", buf_str(&t), shape_labels_vi[row->target->shape]);
	if (row->target->text != NULL)
		web_html(&r->body, "<tr><th>Nguyên văn nghị quyết</th><td>%s</td>"
		    "</tr>\n", row->target->text);
	if (row->target->seq != NULL)
		web_html(&r->body, "<tr><th>Số thứ tự trong nghị quyết</th><td>%s"
		    "</td></tr>\n", row->target->seq);
	web_html(&r->body, "<tr><th>Căn cứ</th><td>%s</td></tr>\n"
	    "</tbody></table>\n", row->target->source != NULL ?
	    row->target->source : "chưa ghi nghị quyết");
	buf_free(&t);
}

/* The change on the same period of last year in words. */
static void
change_text(struct buf *b, const struct eval_row *row)
{
	if (!row->has_change)
		return;
	buf_puts(b, row->change > 0 ? "tăng " : row->change < 0 ? "giảm " :
	    "không đổi");
	if (row->change != 0) {
		num_format(b, fabs(row->change), 2, NUM_FMT_TRIM);
		buf_puts(b, row->change_points ? " điểm %" : "%");
	}
	buf_puts(b, " so với cùng kỳ năm trước");
}

static void
eval_cells(struct req *r, const struct app_eval *e, const struct eval_row *row)
{
	struct buf t = BUF_INIT, a = BUF_INIT, p = BUF_INIT;

	if (row->target != NULL)
		app_target_text(&t, row, true);
	if (row->target != NULL)
		app_actual_text(&a, row, true);
	page_percent(&p, row, e->near);
	web_html(&r->body, "<td>%s</td><td>%s</td><td class=\"num\">%R</td>"
	    "<td><span class=\"badge b-%s\">%s</span>", buf_str(&t), buf_str(&a),
	    buf_str(&p), band_names[row->v.band], band_labels_vi[row->v.band]);
	if (row->v.reason != NULL)
		web_html(&r->body, " <small>%s</small>", row->v.reason);
	web_html(&r->body, "</td>");
	buf_free(&t);
	buf_free(&a);
	buf_free(&p);
}

static void
section_eval(struct req *r, const struct app_eval *e,
    const struct indicator *ind, const struct eval_row *row)
{
	struct buf lbl = BUF_INIT, a = BUF_INIT, p = BUF_INIT, c = BUF_INIT;
	size_t i;

	period_label(&lbl, &e->period);
	web_html(&r->body, "<h2>Đánh giá %s</h2>\n", buf_str(&lbl));
	if (row == NULL) {
		web_html(&r->body, "<p class=\"card\">Không có chỉ tiêu kế hoạch để "
		    "đánh giá trong kỳ này.</p>\n");
		goto out;
	}
	if (ind->kind == KIND_COMPOUND) {
		web_html(&r->body, "<p class=\"card\">Đánh giá chung: <span "
		    "class=\"badge b-%s\">%s</span>%R%s</p>\n<table class=\""
		    "responsive\"><thead><tr><th>Chỉ tiêu con</th><th>Kế hoạch</th>"
		    "<th>Thực hiện</th><th>Tỷ lệ</th><th>Đánh giá</th></tr></thead>"
		    "<tbody>\n", band_names[row->v.band], band_labels_vi[row->v.band],
		    row->v.reason != NULL ? " — " : "",
		    row->v.reason != NULL ? row->v.reason : "");
		for (i = 0; i < row->nchildren; i++) {
			const struct eval_row *ch = &row->children[i];

			web_html(&r->body, "<tr><td><a href=\"/indicator?unit=%U&amp;"
			    "code=%U&amp;year=%d\">%s</a></td>", e->unit.code,
			    ch->ind->code, e->period.year, ch->ind->name);
			eval_cells(r, e, ch);
			web_html(&r->body, "</tr>\n");
		}
		web_html(&r->body, "</tbody></table>\n");
		goto out;
	}
	app_actual_text(&a, row, true);
	page_percent(&p, row, e->near);
	change_text(&c, row);
	web_html(&r->body, "<table class=\"card\"><tbody>\n<tr><th>Thực hiện</th>"
	    "<td><strong>%s</strong>", buf_str(&a));
	if (row->value != NULL && row->value->status == STATUS_ESTIMATE)
		web_html(&r->body, " (ước)");
	else if (row->parts > 1)
		web_html(&r->body, " (cộng từ %d kỳ)", row->parts);
	web_html(&r->body, "</td></tr>\n");
	if (p.len > 0)
		web_html(&r->body, "<tr><th>Tỷ lệ so với kế hoạch</th><td>%s</td>"
		    "</tr>\n", buf_str(&p));
	web_html(&r->body, "<tr><th>Mức đánh giá</th><td><span class=\"badge "
	    "b-%s\">%s</span>%R%s</td></tr>\n", band_names[row->v.band],
	    band_labels_vi[row->v.band], row->v.reason != NULL ? " " : "",
	    row->v.reason != NULL ? row->v.reason : "");
	if (row->has_prev && !yesno_kind(ind)) {
		buf_reset(&a);
		app_figure(&a, ind, row->prev);
		if (ind->uom != NULL && *ind->uom != '\0')
			buf_printf(&a, strcmp(ind->uom, "%") == 0 ? "%s" : " %s",
			    ind->uom);
		web_html(&r->body, "<tr><th>Cùng kỳ năm trước</th><td>%s%R%s</td>"
		    "</tr>\n", buf_str(&a), c.len > 0 ? "; " : "", buf_str(&c));
	}
	web_html(&r->body, "</tbody></table>\n");
out:
	buf_free(&lbl);
	buf_free(&a);
	buf_free(&p);
	buf_free(&c);
}

static void
section_values(struct req *r, const struct app_eval *e,
    const struct indicator *ind, int year, const struct eval_row *rows[2])
{
	static const enum period_kind order[] = { PERIOD_YEAR, PERIOD_HALF,
	    PERIOD_NINE, PERIOD_QUARTER, PERIOD_MONTH };
	const struct value **v;
	struct buf t = BUF_INIT;
	size_t i, n = 0;

	web_html(&r->body, "<h2>Số liệu năm %d và năm %d</h2>\n", year - 1, year);
	if (ind->kind == KIND_COMPOUND) {
		web_html(&r->body, "<p class=\"card\">Chỉ tiêu gộp không có số liệu "
		    "riêng: xem số liệu của từng chỉ tiêu con.</p>\n");
		return;
	}
	/* The charts also show what the unit's figures come from when it has
	 * no value of its own (the units it replaced, those below it). */
	if (!yesno_kind(ind))
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			chart_kind(r, e, ind, year, order[i], rows);
	v = xcalloc(e->nvalues ? e->nvalues : 1, sizeof(*v));
	for (i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i].indicator, ind->code) == 0 &&
		    e->values[i].period.year >= year - 1 &&
		    e->values[i].period.year <= year)
			v[n++] = &e->values[i];
	if (n == 0) {
		web_html(&r->body, "<p class=\"card\">Đơn vị chưa nhập số liệu nào "
		    "của chỉ tiêu này trong hai năm.</p>\n");
		free(v);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_values);
	web_html(&r->body, "<table class=\"responsive\"><thead><tr><th>Kỳ</th>"
	    "<th>Số liệu</th><th>Trạng thái</th><th>Số liệu đến ngày</th>"
	    "<th>Ghi chú</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		buf_reset(&t);
		period_name(&t, &v[i]->period);
		web_html(&r->body, "<tr><td>%s</td>", buf_str(&t));
		buf_reset(&t);
		value_text(&t, ind, v[i]);
		web_html(&r->body, "<td class=\"num\">%s</td><td>%s</td>", buf_str(&t),
		    v[i]->status == STATUS_ESTIMATE ? "ước" : "chính thức");
		buf_reset(&t);
		if (date_isset(&v[i]->as_of))
			date_format_vi(&t, &v[i]->as_of);
		web_html(&r->body, "<td>%s</td><td>%s</td></tr>\n", buf_str(&t),
		    v[i]->note != NULL ? v[i]->note : "");
	}
	web_html(&r->body, "</tbody></table>\n");
	free(v);
	buf_free(&t);
}

/* ---- history ---- */

struct hist {
	char	*at, *account, *action, *object, *old, *new_;
};

struct hist_walk {
	struct buf	 prefix;	/* "KT06@" */
	struct hist	*h;
	size_t		 n;
};

static int
hist_cb(const struct audit *a, void *arg)
{
	struct hist_walk *w = arg;
	struct hist *h;

	if (a->object == NULL ||
	    strncmp(a->object, buf_str(&w->prefix), w->prefix.len) != 0)
		return 0;
	w->h = xrealloc(w->h, (w->n + 1) * sizeof(*w->h));
	h = &w->h[w->n++];
	h->at = xstrdup(a->at);
	h->account = xstrdup(a->account);
	h->action = xstrdup(a->action);
	h->object = xstrdup(a->object);
	h->old = xstrdup(a->old);
	h->new_ = xstrdup(a->new_);
	return w->n >= HIST_MAX ? 1 : 0;
}

/* "2024-01-02T03:04:05Z" (UTC) as Viet Nam time, "02/01/2024 10:04". */
static void
audit_time(struct buf *b, const char *at)
{
	struct tm tm;
	time_t t;
	int y, mo, d, h, mi;

	if (at == NULL || sscanf(at, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) != 5) {
		buf_puts(b, at != NULL ? at : "");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	t = timegm(&tm) + 7 * 3600;
	if (gmtime_r(&t, &tm) == NULL) {
		buf_puts(b, at);
		return;
	}
	buf_printf(b, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

static void
section_history(struct req *r, const struct app_eval *e,
    const struct indicator *ind)
{
	struct hist_walk w;
	struct buf t = BUF_INIT, what = BUF_INIT;
	struct period p;
	const char *at;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	buf_printf(&w.prefix, "%s@", ind->code);
	web_html(&r->body, "<h2>Lịch sử thay đổi</h2>\n");
	rc = store_each_audit(r->store, e->unit.code, NULL, -1, hist_cb, &w);
	if (rc < 0)
		web_html(&r->body, "<p class=\"error\">Không đọc được nhật ký: %s</p>\n",
		    store_error(r->store));
	else if (w.n == 0)
		web_html(&r->body, "<p class=\"card\">Chưa có thay đổi nào được ghi "
		    "nhận qua ứng dụng (số liệu nhập bằng tệp CSV không có trong nhật "
		    "ký).</p>\n");
	else {
		web_html(&r->body, "<table class=\"responsive\"><thead><tr><th>Thời "
		    "gian (giờ Việt Nam)</th><th>Người thực hiện</th><th>Nội dung</th>"
		    "<th>Giá trị cũ</th><th>Giá trị mới</th></tr></thead><tbody>\n");
		for (i = 0; i < w.n; i++) {
			const struct hist *h = &w.h[i];

			buf_reset(&t);
			buf_reset(&what);
			audit_time(&t, h->at);
			at = strchr(h->object, '@') + 1;
			buf_puts(&what, strcmp(h->action, "target") == 0 ?
			    "Kế hoạch" : strcmp(h->action, "value") == 0 ? "Số liệu" :
			    h->action);
			buf_puts(&what, " ");
			if (period_parse(at, strlen(at), &p) == 0)
				period_label(&what, &p);
			else
				buf_puts(&what, at);
			web_html(&r->body, "<tr><td>%s</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%s</td></tr>\n", buf_str(&t), h->account,
			    buf_str(&what), h->old != NULL ? h->old : "—",
			    h->new_ != NULL ? h->new_ : "—");
		}
		web_html(&r->body, "</tbody></table>\n");
		if (w.n >= HIST_MAX)
			web_html(&r->body, "<p><small>Chỉ hiện %d thay đổi gần nhất."
			    "</small></p>\n", HIST_MAX);
	}
	for (i = 0; i < w.n; i++) {
		free(w.h[i].at);
		free(w.h[i].account);
		free(w.h[i].action);
		free(w.h[i].object);
		free(w.h[i].old);
		free(w.h[i].new_);
	}
	free(w.h);
	buf_free(&w.prefix);
	buf_free(&t);
	buf_free(&what);
}

/* ---- the picker ---- */

static void
filters(struct req *r, const struct scope *sc, const char *code)
{
	web_html(&r->body, "<form method=\"get\" action=\"/indicator\" "
	    "class=\"filters autosubmit card\">\n<input type=\"hidden\" "
	    "name=\"code\" value=\"%s\">\n<label>Đơn vị <select name=\"unit\">",
	    code);
	page_unit_options(r, sc->unit.code);
	web_html(&r->body, "</select></label>\n<label>Năm <input name=\"year\" "
	    "type=\"number\" min=\"1900\" max=\"2200\" value=\"%d\"></label>\n"
	    "<label>Kỳ đánh giá <select name=\"period\">", sc->year);
	page_period_options(&r->body, sc);
	web_html(&r->body, "</select></label>\n<button>Xem</button>\n</form>\n");
}

void
h_indicator(struct req *r)
{
	const char *code = web_query(r, "code");
	struct scope sc;
	struct app_eval ey, ep, ecur;
	struct period py;
	struct buf err = BUF_INIT, title = BUF_INIT;
	const struct indicator *ind;
	const struct eval_row *rows[2], *row;
	const struct app_eval *shown;

	memset(&ey, 0, sizeof(ey));
	memset(&ep, 0, sizeof(ep));
	memset(&ecur, 0, sizeof(ecur));
	if (page_scope(r, &sc) != 0)
		return;
	if (code == NULL || *code == '\0') {
		web_error(r, 400, "Thiếu mã chỉ tiêu (code): hãy chọn chỉ tiêu từ "
		    "trang tổng quan.");
		goto out;
	}
	memset(&py, 0, sizeof(py));
	py.year = sc.year;
	py.kind = PERIOD_YEAR;
	if (app_evaluate(r->store, sc.unit.code, &py, -1, &ey, &err) != 0) {
		web_error(r, 400, buf_str(&err));
		goto out;
	}
	if ((ind = find_ind(&ey, code)) == NULL) {
		if (strlen(code) <= 64 && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(code))
			buf_printf(&title, "Không có chỉ tiêu mã “%s” trong danh mục "
			    "chỉ tiêu.", code);
		else
			buf_puts(&title, "Mã chỉ tiêu không hợp lệ: mã chỉ gồm chữ "
			    "không dấu, chữ số, dấu chấm, gạch dưới, gạch nối.");
		web_error(r, 404, buf_str(&title));
		goto out;
	}
	py.year = sc.year - 1;
	if (app_evaluate(r->store, sc.unit.code, &py, -1, &ep, &err) != 0) {
		web_error(r, 400, buf_str(&err));
		goto out;
	}
	shown = &ey;
	if (!period_equal(&sc.period, &ey.period)) {
		if (app_evaluate(r->store, sc.unit.code, &sc.period, -1, &ecur,
		    &err) != 0) {
			web_error(r, 400, buf_str(&err));
			goto out;
		}
		shown = &ecur;
	}
	rows[0] = find_row(&ep.res, ind->code);
	rows[1] = find_row(&ey.res, ind->code);
	row = find_row(&shown->res, ind->code);

	buf_printf(&title, "%s — %s", ind->code, ind->name);
	web_page_begin(r, buf_str(&title));
	web_html(&r->body, "<p>%s %s · <a href=\"/?unit=%U&amp;year=%d\">Về tổng "
	    "quan</a></p>\n", sc.unit.kind, sc.unit.name, sc.unit.code, sc.year);
	filters(r, &sc, ind->code);
	if (xr_can_ask(r, sc.unit.code)) {
		struct buf pc = BUF_INIT;

		period_format(&pc, &sc.period);
		web_html(&r->body, "<p class=\"card\"><a class=\"ask\" href=\""
		    "/requests?unit=%U&amp;indicator=%U&amp;period=%U\">Yêu cầu %s "
		    "%s giải trình chỉ tiêu này</a></p>\n", sc.unit.code, ind->code,
		    buf_str(&pc), sc.unit.kind, sc.unit.name);
		buf_free(&pc);
	}
	section_definition(r, &ey, ind, sc.year);
	section_target(r, &ey, ind, rows[1], sc.year);
	section_eval(r, shown, ind, row);
	section_values(r, &ey, ind, sc.year, rows);
	section_history(r, &ey, ind);
	web_page_end(r);
out:
	app_eval_free(&ey);
	app_eval_free(&ep);
	app_eval_free(&ecur);
	scope_free(&sc);
	buf_free(&err);
	buf_free(&title);
}
