/* eval.c: the rules that judge a target, combine values over time, judge a
 * compound from its parts and tally the bands. docs/evaluation.md states each
 * rule with examples; the unit tests check every shape at each band edge. */
#define _GNU_SOURCE	/* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "num.h"
#include "period.h"

/* The reason of a figure with no level to judge it by (a unit without
 * targets of its own, as the country): counted apart in the tally. */
static const char eval_no_level[] = "chỉ tiêu chưa có mức kế hoạch";

/* Equality of figures that went through decimal text and division. */
static bool
same(double a, double b)
{
	double m = fmax(1.0, fmax(fabs(a), fabs(b)));

	return fabs(a - b) <= 1e-9 * m;
}

/* Band of an achievement percentage where 100% is exactly met. */
static enum band
band_of_percent(double pct, double near)
{
	if (same(pct, 100.0))
		return BAND_MET;
	if (pct > 100.0)
		return BAND_EXCEEDED;
	return pct >= near || same(pct, near) ? BAND_NEAR : BAND_MISSED;
}

/* Higher is better against level L: percent actual/L. */
static void
judge_higher(double actual, double level, double near, struct verdict *v)
{
	if (level == 0.0) {
		v->band = actual > 0 ? BAND_EXCEEDED : BAND_MET;
		return;
	}
	v->has_percent = true;
	v->percent = actual / level * 100.0;
	v->band = same(actual, level) ? BAND_MET : band_of_percent(v->percent, near);
}

/* Lower is better against level L: percent L/actual. */
static void
judge_lower(double actual, double level, double near, struct verdict *v)
{
	if (same(actual, level)) {
		v->band = BAND_MET;
		if (actual != 0.0) {
			v->has_percent = true;
			v->percent = 100.0;
		}
		return;
	}
	if (actual < level) {
		v->band = BAND_EXCEEDED;
		if (actual > 0.0) {
			v->has_percent = true;
			v->percent = level / actual * 100.0;
		}
		return;
	}
	v->has_percent = true;
	v->percent = level > 0.0 ? level / actual * 100.0 : 0.0;
	v->band = band_of_percent(v->percent, near);
}

/* A threshold either holds (met) or is short by some ratio (near, missed);
 * no percentage is shown for it. */
static enum band
threshold_band(bool holds, double ratio_pct, double near)
{
	if (holds)
		return BAND_MET;
	return ratio_pct >= near || same(ratio_pct, near) ? BAND_NEAR : BAND_MISSED;
}

static double
ratio_pct(double a, double b)
{
	if (b == 0.0)
		return a == 0.0 ? 100.0 : 0.0;
	return a / b * 100.0;
}

void
eval_target(const struct target *t, enum ind_kind kind, bool has_actual,
    double actual, bool has_prev, double prev, double near,
    struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->band = BAND_UNASSESSED;
	/* The level to reach is known from last year even before any actual. */
	if (has_prev && t->has_value && t->shape == SHAPE_GROWTH) {
		v->has_level = true;
		v->level = prev * (1.0 + t->value / 100.0);
	} else if (has_prev && t->has_value && t->shape == SHAPE_REDUCTION) {
		v->has_level = true;
		v->level = prev - t->value;
	}
	if (!has_actual) {
		v->reason = "chưa có số liệu thực hiện";
		return;
	}
	if (t->shape == SHAPE_QUALITATIVE || kind == KIND_YESNO ||
	    kind == KIND_QUALITATIVE) {
		v->band = actual >= 0.5 ? BAND_MET : BAND_MISSED;
		return;
	}
	if (!t->has_value || (t->shape == SHAPE_RANGE && !t->has_value2)) {
		v->reason = eval_no_level;
		return;
	}
	switch (t->shape) {
	case SHAPE_AT_LEAST:
	case SHAPE_QUOTA:
		judge_higher(actual, t->value, near, v);
		break;
	case SHAPE_AT_MOST:
		judge_lower(actual, t->value, near, v);
		break;
	case SHAPE_ABOVE:
		v->band = threshold_band(actual > t->value && !same(actual, t->value),
		    ratio_pct(actual, t->value), near);
		break;
	case SHAPE_BELOW:
		v->band = threshold_band(actual < t->value && !same(actual, t->value),
		    actual == 0.0 ? 100.0 : ratio_pct(t->value, actual), near);
		break;
	case SHAPE_KEEP:
		v->band = threshold_band(actual >= t->value || same(actual, t->value),
		    ratio_pct(actual, t->value), near);
		break;
	case SHAPE_RANGE:
		if (actual > t->value2 && !same(actual, t->value2))
			v->band = BAND_EXCEEDED;
		else
			v->band = threshold_band(actual >= t->value ||
			    same(actual, t->value), ratio_pct(actual, t->value), near);
		break;
	case SHAPE_GROWTH:
		if (!has_prev) {
			v->reason = "thiếu số liệu năm trước để tính mức tăng";
			return;
		}
		judge_higher(actual, v->level, near, v);
		break;
	case SHAPE_REDUCTION:
		if (!has_prev) {
			v->reason = "thiếu số liệu năm trước để tính mức giảm";
			return;
		}
		/* Judged on the reduction achieved against the one planned. */
		judge_higher(prev - actual, t->value, near, v);
		break;
	default:
		v->reason = "dạng chỉ tiêu không xác định";
		break;
	}
}

double
eval_shown_percent(const struct verdict *v, double near, int decimals)
{
	double step = pow(10.0, -decimals);
	double r = num_round(v->percent, decimals);

	switch (v->band) {
	case BAND_EXCEEDED:
		if (r <= 100.0)
			r = 100.0 + step;
		break;
	case BAND_NEAR:
		if (r >= 100.0)
			r = 100.0 - step;
		else if (r < near)
			r = near;
		break;
	case BAND_MISSED:
		if (r >= near)
			r = num_round(near - step, decimals);
		break;
	default:
		break;
	}
	return num_round(r, decimals);
}

enum band
eval_compound_band(const enum band *parts, size_t n)
{
	enum band worst = BAND_EXCEEDED;
	bool unassessed = false;
	size_t i;

	if (n == 0)
		return BAND_UNASSESSED;
	for (i = 0; i < n; i++) {
		if (parts[i] == BAND_UNASSESSED)
			unassessed = true;
		else if (parts[i] > worst)
			worst = parts[i];
	}
	/* A missed part decides; otherwise a missing part leaves it open. */
	if (worst == BAND_MISSED)
		return BAND_MISSED;
	return unassessed ? BAND_UNASSESSED : worst;
}

static bool
value_figure(const struct value *v, const struct indicator *ind, double *out)
{
	if (v->has_value) {
		*out = v->value;
		return true;
	}
	if (ind->kind == KIND_RATE && v->has_ratio && v->den > 0.0) {
		*out = v->num / v->den * 100.0;
		return true;
	}
	return false;
}

static bool
matches(const struct value *v, const struct indicator *ind, const char *unit)
{
	return strcmp(v->indicator, ind->code) == 0 &&
	    (unit == NULL || strcmp(v->unit, unit) == 0);
}

/* Combine the values of one level of sub-periods (quarters or months). */
static bool
combine(const struct value *values, size_t n, const struct indicator *ind,
    const char *unit, const struct period *p, enum period_kind level,
    double *out, int *parts)
{
	double sum = 0, num = 0, den = 0, last = 0, x;
	int found = 0, lastn = 0;
	bool ratios = true;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct value *v = &values[i];

		if (v->period.kind != level || !matches(v, ind, unit) ||
		    !period_contains(p, &v->period) || !value_figure(v, ind, &x))
			continue;
		found++;
		sum += x;
		if (v->period.n > lastn)
			lastn = v->period.n, last = x;
		if (v->has_ratio)
			num += v->num, den += v->den;
		else
			ratios = false;
	}
	if (found == 0)
		return false;
	*parts = found;
	switch (ind->tagg) {
	case TIME_FLOW:
		*out = sum;
		break;
	case TIME_RATE:
		*out = ratios && den > 0 ? num / den * 100.0 : last;
		break;
	default:
		*out = last;
		break;
	}
	return true;
}

bool
eval_actual(const struct value *values, size_t n, const struct indicator *ind,
    const char *unit, const struct period *p, double *out,
    const struct value **src, int *parts)
{
	size_t i;

	*src = NULL;
	*parts = 0;
	for (i = 0; i < n; i++)
		if (matches(&values[i], ind, unit) &&
		    period_equal(&values[i].period, p) &&
		    value_figure(&values[i], ind, out)) {
			*src = &values[i];
			*parts = 1;
			return true;
		}
	if (p->kind == PERIOD_MONTH)
		return false;
	if (p->kind != PERIOD_QUARTER &&
	    combine(values, n, ind, unit, p, PERIOD_QUARTER, out, parts))
		return true;
	return combine(values, n, ind, unit, p, PERIOD_MONTH, out, parts);
}

static int
sector_ord(const struct eval_input *in, const char *code)
{
	size_t i;

	for (i = 0; i < in->nsectors; i++)
		if (strcmp(in->sectors[i].code, code) == 0)
			return in->sectors[i].ord;
	return 1000;
}

static const struct target *
target_of(const struct eval_input *in, const struct indicator *ind)
{
	size_t i;

	for (i = 0; i < in->ntargets; i++)
		if (strcmp(in->targets[i].indicator, ind->code) == 0 &&
		    strcmp(in->targets[i].unit, in->unit) == 0)
			return &in->targets[i];
	return NULL;
}

/* v rounded to the decimals it is displayed with (-1: up to 2). */
static double
shown(double v, int decimals)
{
	double m = decimals < 0 ? 100.0 : pow(10.0, decimals);

	return round(v * m) / m;
}

static void
eval_leaf(const struct eval_input *in, const struct indicator *ind,
    const struct target *t, struct eval_row *r)
{
	struct period prevp = period_previous_year(&in->period);
	const struct value *src;
	int parts;

	memset(r, 0, sizeof(*r));
	r->ind = ind;
	r->target = t;
	if (in->figs != NULL) {
		const struct date *asof = date_isset(&in->asof) ? &in->asof : NULL;

		fig_get(in->figs, in->unit, ind, &in->period, asof, &r->fig);
		fig_get(in->figs, in->unit, ind, &prevp, asof, &r->pfig);
		r->has_actual = r->fig.has;
		r->actual = r->fig.value;
		r->value = r->fig.row;
		r->parts = r->fig.parts;
		r->has_prev = r->pfig.has;
		r->prev = r->pfig.value;
	} else {
		r->has_actual = eval_actual(in->values, in->nvalues, ind,
		    in->unit, &in->period, &r->actual, &r->value, &r->parts);
		r->has_prev = eval_actual(in->values, in->nvalues, ind, in->unit,
		    &prevp, &r->prev, &src, &parts);
	}
	/* Judged as printed: a rate of 76/90 shows as 84,44% and its
	 * percentage of a target of 90 is 84,44/90 = 93,82%, the figure a
	 * reader of the report computes (and ktxh check verifies), not
	 * 84,444…/90 = 93,83%. */
	if (r->has_actual)
		r->actual = shown(r->actual, ind->decimals);
	if (r->has_prev)
		r->prev = shown(r->prev, ind->decimals);
	eval_target(t, ind->kind, r->has_actual, r->actual, r->has_prev,
	    r->prev, in->near, &r->v);
	/* No figure for a reason other than no value: that reason (children
	 * that do not combine, a predecessor missing). */
	if (!r->has_actual && r->fig.why != NULL &&
	    strcmp(r->fig.why, fig_why_none) != 0)
		r->v.reason = r->fig.why;
	if (r->has_actual && r->has_prev && (ind->kind == KIND_RATE ||
	    ind->kind == KIND_QUANTITY)) {
		if (ind->kind == KIND_RATE) {
			r->has_change = true;
			r->change_points = true;
			r->change = r->actual - r->prev;
		} else if (r->prev != 0.0) {
			r->has_change = true;
			r->change = (r->actual / r->prev - 1.0) * 100.0;
		}
	}
}

int
eval_cmp_seq(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return *a == '\0' ? (*b == '\0' ? 0 : -1) : 1;
}

/* A row with its sort key: sector, then number in the resolution (rows
 * without one last), then the catalogue's order, then code. */
struct keyed {
	struct eval_row	 row;
	int		 sector;
	const char	*seq;
};

static const char *
row_seq(const struct eval_row *r)
{
	const char *s = r->target != NULL ? r->target->seq : NULL, *c;
	size_t i;

	for (i = 0; i < r->nchildren; i++)
		if ((c = row_seq(&r->children[i])) != NULL &&
		    (s == NULL || eval_cmp_seq(c, s) < 0))
			s = c;
	return s;
}

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c;

	if (x->sector != y->sector)
		return x->sector < y->sector ? -1 : 1;
	if ((x->seq == NULL) != (y->seq == NULL))
		return x->seq == NULL ? 1 : -1;
	if (x->seq != NULL && (c = eval_cmp_seq(x->seq, y->seq)) != 0)
		return c;
	if (x->row.ind->ord != y->row.ind->ord)
		return x->row.ind->ord < y->row.ind->ord ? -1 : 1;
	return strcmp(x->row.ind->code, y->row.ind->code);
}

static void
sort_rows(const struct eval_input *in, struct eval_row *rows, size_t n)
{
	struct keyed *k = xcalloc(n, sizeof(*k));
	size_t i;

	for (i = 0; i < n; i++) {
		k[i].row = rows[i];
		k[i].sector = sector_ord(in, rows[i].ind->sector);
		k[i].seq = row_seq(&rows[i]);
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	for (i = 0; i < n; i++)
		rows[i] = k[i].row;
	free(k);
}

static const struct indicator *
find_ind(const struct eval_input *in, const char *code)
{
	size_t i;

	for (i = 0; i < in->ninds; i++)
		if (strcmp(in->inds[i].code, code) == 0)
			return &in->inds[i];
	return NULL;
}

void
eval_run(const struct eval_input *in, struct eval_result *res)
{
	size_t i, j, n = 0;

	memset(res, 0, sizeof(*res));
	res->rows = xcalloc(in->ninds ? in->ninds : 1, sizeof(*res->rows));
	for (i = 0; i < in->ninds; i++) {
		const struct indicator *ind = &in->inds[i];
		struct eval_row *r = &res->rows[n];
		const struct target *t;

		/* Parts are evaluated under their compound. */
		if (ind->parent != NULL && find_ind(in, ind->parent) != NULL)
			continue;
		if (ind->kind != KIND_COMPOUND) {
			if ((t = target_of(in, ind)) == NULL)
				continue;
			eval_leaf(in, ind, t, r);
		} else {
			enum band *bands;

			memset(r, 0, sizeof(*r));
			r->ind = ind;
			r->children = xcalloc(in->ninds, sizeof(*r->children));
			for (j = 0; j < in->ninds; j++) {
				const struct indicator *c = &in->inds[j];

				if (c->parent == NULL ||
				    strcmp(c->parent, ind->code) != 0 ||
				    (t = target_of(in, c)) == NULL)
					continue;
				eval_leaf(in, c, t, &r->children[r->nchildren++]);
			}
			if (r->nchildren == 0) {
				free(r->children);
				r->children = NULL;
				continue;
			}
			sort_rows(in, r->children, r->nchildren);
			bands = xcalloc(r->nchildren, sizeof(*bands));
			for (j = 0; j < r->nchildren; j++)
				bands[j] = r->children[j].v.band;
			r->v.band = eval_compound_band(bands, r->nchildren);
			if (r->v.band == BAND_UNASSESSED)
				r->v.reason = "một số chỉ tiêu con chưa có số liệu";
			free(bands);
		}
		res->sum.total++;
		res->sum.count[r->v.band]++;
		if (r->v.band == BAND_UNASSESSED && r->v.reason == eval_no_level)
			res->sum.no_level++;
		n++;
	}
	res->nrows = n;
	sort_rows(in, res->rows, n);
}

void
eval_result_free(struct eval_result *res)
{
	size_t i, j;

	if (res == NULL)
		return;
	for (i = 0; i < res->nrows; i++) {
		struct eval_row *r = &res->rows[i];

		for (j = 0; j < r->nchildren; j++) {
			fig_release(&r->children[j].fig);
			fig_release(&r->children[j].pfig);
		}
		fig_release(&r->fig);
		fig_release(&r->pfig);
		free(r->children);
	}
	free(res->rows);
	memset(res, 0, sizeof(*res));
}

int
eval_cmp_overall(const struct eval_summary *a, const struct eval_summary *b)
{
	long long ga = a->count[BAND_EXCEEDED] + a->count[BAND_MET];
	long long gb = b->count[BAND_EXCEEDED] + b->count[BAND_MET];
	long long x = ga * b->total, y = gb * a->total;

	if (x != y)
		return x > y ? -1 : 1;
	if (a->count[BAND_MISSED] != b->count[BAND_MISSED])
		return a->count[BAND_MISSED] < b->count[BAND_MISSED] ? -1 : 1;
	return 0;
}

/* Competition ranking over an order given by a comparator of indices. */
struct rank_ctx {
	const struct eval_summary *sums;
	const double	*v;
	bool		 lower;
};

static int
cmp_idx(const struct rank_ctx *c, size_t a, size_t b)
{
	if (c->sums != NULL)
		return eval_cmp_overall(&c->sums[a], &c->sums[b]);
	if (c->v[a] == c->v[b])
		return 0;
	return (c->v[a] > c->v[b]) != c->lower ? -1 : 1;
}

/* qsort_r's comparator: by cmp_idx, then by index (a stable order). */
static int
cmp_ix(const void *a, const void *b, void *arg)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = cmp_idx(arg, x, y);

	return c != 0 ? c : x < y ? -1 : x > y;
}

static void
rank_by(const struct rank_ctx *c, const bool *take, size_t n, int *rank)
{
	size_t *ix = xcalloc(n ? n : 1, sizeof(*ix)), m = 0, i;

	for (i = 0; i < n; i++) {
		rank[i] = 0;
		if (take[i])
			ix[m++] = i;
	}
	/* The country's communes are thousands: n log n, not n². */
	qsort_r(ix, m, sizeof(*ix), cmp_ix, (void *)c);
	for (i = 0; i < m; i++)
		rank[ix[i]] = i > 0 && cmp_idx(c, ix[i - 1], ix[i]) == 0 ?
		    rank[ix[i - 1]] : (int)i + 1;
	free(ix);
}

void
eval_rank_overall(const struct eval_summary *sums, size_t n, int *rank)
{
	struct rank_ctx c = { sums, NULL, false };
	bool *take = xcalloc(n ? n : 1, sizeof(*take));
	size_t i;

	for (i = 0; i < n; i++)
		take[i] = sums[i].total > 0;
	rank_by(&c, take, n, rank);
	free(take);
}

void
eval_rank_values(const bool *has, const double *v, size_t n,
    bool lower_better, int *rank)
{
	struct rank_ctx c = { NULL, v, lower_better };

	rank_by(&c, has, n, rank);
}

static void
count_phrase(struct buf *b, int count, const char *what, bool *first)
{
	if (count == 0)
		return;
	buf_puts(b, *first ? " có " : ", ");
	num_format(b, count, 0, NUM_FMT_PAD2);
	buf_printf(b, " chỉ tiêu %s", what);
	*first = false;
}

void
eval_tally_sentence(struct buf *b, const struct eval_summary *s,
    const struct period *p, double near)
{
	struct buf nearw = BUF_INIT;
	bool first = true;

	if (s->total == 0) {
		buf_puts(b, "Chưa có chỉ tiêu kinh tế - xã hội nào được giao cho ");
		period_label(b, p);
		buf_puts(b, ".");
		return;
	}
	buf_puts(b, "Kết quả thực hiện ");
	num_format(b, s->total, 0, NUM_FMT_PAD2);
	buf_puts(b, " chỉ tiêu kinh tế - xã hội ");
	period_label(b, p);
	buf_puts(b, ":");
	buf_puts(&nearw, "đạt từ ");
	num_format(&nearw, near, 2, NUM_FMT_TRIM);
	buf_puts(&nearw, "% trở lên");
	count_phrase(b, s->count[BAND_EXCEEDED], "vượt", &first);
	count_phrase(b, s->count[BAND_MET], "đạt", &first);
	count_phrase(b, s->count[BAND_NEAR], buf_str(&nearw), &first);
	count_phrase(b, s->count[BAND_MISSED], "không đạt", &first);
	count_phrase(b, s->count[BAND_UNASSESSED] - s->no_level,
	    "chưa đánh giá được do thiếu số liệu", &first);
	count_phrase(b, s->no_level, "chưa có mức kế hoạch để đánh giá", &first);
	buf_puts(b, ".");
	buf_free(&nearw);
}
