/* fig.c: a unit's figure for an indicator and period, from its own values,
 * from the units it replaced, or from its children, over an index of the
 * data built once (hash tables by unit and indicator), so that a province
 * of a hundred communes, or the country, is answered without scanning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fig.h"
#include "hmap.h"
#include "period.h"

const char *const fig_source_names[FIG__MAX + 1] = {
	"none", "own", "predecessors", "children", NULL
};

/* The recursion through changes and children stops here (a cycle in the
 * data would otherwise never end). */
#define FIG_MAX_DEPTH 64

/* A list of indices into one of the data's arrays. */
struct ilist {
	size_t	*a;
	size_t	 n, cap;
};

/* string key -> list of indices */
struct mmap {
	struct hmap	 h;
	struct ilist	*lists;
	size_t		 n;
};

struct fig_ctx {
	struct fig_data	 d;
	struct hmap	 units;		/* code -> index */
	struct mmap	 children;	/* parent code -> unit indices */
	struct mmap	 into;		/* to code -> change indices */
	struct mmap	 outof;		/* from code -> change indices */
	struct mmap	 values;	/* unit \x1f indicator -> value indices */
	struct hmap	 targets;	/* unit \x1f indicator \x1f year */
};

static void
ilist_add(struct ilist *l, size_t i)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->a = xrealloc(l->a, l->cap * sizeof(*l->a));
	}
	l->a[l->n++] = i;
}

static void
mm_add(struct mmap *m, const char *key, size_t i)
{
	size_t slot;

	if (!hmap_get(&m->h, key, &slot)) {
		m->lists = xrealloc(m->lists, (m->n + 1) * sizeof(*m->lists));
		memset(&m->lists[m->n], 0, sizeof(*m->lists));
		slot = m->n++;
		hmap_put(&m->h, key, slot);
	}
	ilist_add(&m->lists[slot], i);
}

static const struct ilist *
mm_get(const struct mmap *m, const char *key)
{
	size_t slot;

	return hmap_get(&m->h, key, &slot) ? &m->lists[slot] : NULL;
}

static void
mm_free(struct mmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->lists[i].a);
	free(m->lists);
	hmap_free(&m->h);
}

/* "unit\x1findicator" into a reused buffer. */
static const char *
pair_key(struct buf *b, const char *unit, const char *ind)
{
	buf_reset(b);
	buf_puts(b, unit);
	buf_putc(b, '\x1f');
	buf_puts(b, ind);
	return buf_str(b);
}

struct fig_ctx *
fig_index(const struct fig_data *d)
{
	struct fig_ctx *c = xcalloc(1, sizeof(*c));
	struct buf k = BUF_INIT;
	size_t i;

	c->d = *d;
	for (i = 0; i < d->nunits; i++) {
		hmap_put(&c->units, d->units[i].code, i);
		if (d->units[i].parent != NULL)
			mm_add(&c->children, d->units[i].parent, i);
	}
	for (i = 0; i < d->nchanges; i++) {
		mm_add(&c->into, d->changes[i].to, i);
		mm_add(&c->outof, d->changes[i].from, i);
	}
	for (i = 0; i < d->nvalues; i++)
		mm_add(&c->values, pair_key(&k, d->values[i].unit,
		    d->values[i].indicator), i);
	for (i = 0; i < d->ntargets; i++) {
		pair_key(&k, d->targets[i].unit, d->targets[i].indicator);
		buf_printf(&k, "\x1f%d", d->targets[i].year);
		hmap_put(&c->targets, buf_str(&k), i);
	}
	buf_free(&k);
	return c;
}

void
fig_ctx_free(struct fig_ctx *c)
{
	if (c == NULL)
		return;
	hmap_free(&c->units);
	mm_free(&c->children);
	mm_free(&c->into);
	mm_free(&c->outof);
	mm_free(&c->values);
	hmap_free(&c->targets);
	free(c);
}

void
fig_release(struct fig *f)
{
	if (f == NULL)
		return;
	free(f->from);
	free(f->missing);
	memset(f, 0, sizeof(*f));
}

static void
push_code(const char ***a, size_t *n, const char *code)
{
	*a = xrealloc(*a, (*n + 1) * sizeof(**a));
	(*a)[(*n)++] = code;
}

/* ---- own values ---- */

static bool
row_figure(const struct value *v, const struct indicator *ind, double *out)
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

/* Combine one level of sub-periods (quarters or months) of p, by the
 * indicator's time aggregation (as eval_actual does, keeping the
 * numerator and denominator too). */
static bool
own_combined(const struct fig_ctx *c, const struct ilist *l,
    const struct indicator *ind, const struct period *p,
    enum period_kind level, struct fig *f)
{
	double sum = 0, num = 0, den = 0, x;
	const struct value *last = NULL;
	double lastx = 0;
	bool ratios = true, est = false;
	int found = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct value *v = &c->d.values[l->a[i]];

		if (v->period.kind != level || !period_contains(p, &v->period) ||
		    !row_figure(v, ind, &x))
			continue;
		found++;
		sum += x;
		if (last == NULL || v->period.n > last->period.n)
			last = v, lastx = x;
		if (v->has_ratio)
			num += v->num, den += v->den;
		else
			ratios = false;
		est |= v->status == STATUS_ESTIMATE;
	}
	if (found == 0)
		return false;
	f->parts = found;
	f->estimate = est;
	switch (ind->tagg) {
	case TIME_FLOW:
		f->value = sum;
		break;
	case TIME_RATE:
		if (ratios && den > 0) {
			f->value = num / den * 100.0;
			f->has_ratio = true;
			f->num = num;
			f->den = den;
			break;
		}
		/* FALLTHROUGH */
	default:
		f->value = lastx;
		if (last->has_ratio) {
			f->has_ratio = true;
			f->num = last->num;
			f->den = last->den;
		}
		break;
	}
	return true;
}

static bool
own_figure(const struct fig_ctx *c, const char *unit,
    const struct indicator *ind, const struct period *p, struct fig *f)
{
	struct buf k = BUF_INIT;
	const struct ilist *l = mm_get(&c->values, pair_key(&k, unit, ind->code));
	size_t i;

	buf_free(&k);
	if (l == NULL)
		return false;
	for (i = 0; i < l->n; i++) {
		const struct value *v = &c->d.values[l->a[i]];

		if (period_equal(&v->period, p) && row_figure(v, ind, &f->value)) {
			f->row = v;
			f->parts = 1;
			f->estimate = v->status == STATUS_ESTIMATE;
			if (v->has_ratio) {
				f->has_ratio = true;
				f->num = v->num;
				f->den = v->den;
			}
			return true;
		}
	}
	if (p->kind == PERIOD_MONTH)
		return false;
	if (p->kind != PERIOD_QUARTER &&
	    own_combined(c, l, ind, p, PERIOD_QUARTER, f))
		return true;
	return own_combined(c, l, ind, p, PERIOD_MONTH, f);
}

/* ---- combining units ---- */

/* Add part (weight w, a fraction) to the running combination in f; false
 * when the indicator cannot combine it. */
static bool
add_part(struct fig *f, const struct indicator *ind, const struct fig *part,
    double w)
{
	f->estimate |= part->estimate;
	if (ind->uagg == UAGG_RATIO) {
		if (!part->has_ratio)
			return false;
		f->num += part->num * w;
		f->den += part->den * w;
		f->has_ratio = true;
		return true;
	}
	f->value += part->value * w;
	return true;
}

static bool
valid_at(const struct unit *u, const struct date *at)
{
	if (date_isset(&u->valid_from) && date_cmp(&u->valid_from, at) > 0)
		return false;
	if (date_isset(&u->valid_to) && date_cmp(&u->valid_to, at) < 0)
		return false;
	return true;
}

static void get(const struct fig_ctx *, const char *, const struct indicator *,
    const struct period *, const struct date *, int, struct fig *);

/* From the units unit replaced on date d. */
static void
from_predecessors(const struct fig_ctx *c, const struct indicator *ind,
    const struct period *p, const struct date *d, const struct ilist *in,
    int depth, struct fig *f)
{
	struct date before = date_prev_day(d);
	const struct unit_change *only = NULL;
	struct fig part, first;
	size_t i, n = 0;
	bool ok = true;

	memset(&first, 0, sizeof(first));
	f->source = FIG_PREDECESSORS;
	for (i = 0; i < in->n; i++) {
		const struct unit_change *ch = &c->d.changes[in->a[i]];

		if (date_cmp(&ch->date, d) != 0)
			continue;
		only = ch;
		n++;
		f->expected++;
		push_code(&f->from, &f->nfrom, ch->from);
		get(c, ch->from, ind, p, &before, depth + 1, &part);
		if (!part.has) {
			push_code(&f->missing, &f->nmissing, ch->from);
			ok = false;
		} else {
			f->reported++;
			if (n == 1)
				first = part;
			if (!add_part(f, ind, &part, ch->share / 100.0))
				ok = false;
		}
		fig_release(&part);
	}
	if (f->nmissing > 0) {
		f->why = "thiếu số liệu của đơn vị cũ để suy ra";
		return;
	}
	/* One predecessor whole (a new code only): the same figure, whatever
	 * the indicator's kind. */
	if (n == 1 && only->share == 100.0) {
		f->has = true;
		f->row = first.row;
		f->value = first.value;
		f->has_ratio = first.has_ratio;
		f->num = first.num;
		f->den = first.den;
		return;
	}
	if (ind->uagg == UAGG_NONE) {
		f->why = "chỉ tiêu không gộp được giữa các đơn vị (unit_agg none): "
		    "không suy ra được từ các đơn vị cũ";
		return;
	}
	if (!ok) {
		f->why = "đơn vị cũ chỉ có tỷ lệ, thiếu tử số và mẫu số để tính lại";
		return;
	}
	if (ind->uagg == UAGG_RATIO) {
		if (f->den <= 0) {
			f->why = "tổng mẫu số bằng 0";
			return;
		}
		f->value = f->num / f->den * 100.0;
	}
	f->has = true;
}

/* Rolled up from the children valid at asof. */
static void
from_children(const struct fig_ctx *c, const char *unit,
    const struct indicator *ind, const struct period *p,
    const struct date *asof, const struct ilist *kids, int depth,
    struct fig *f)
{
	struct buf k = BUF_INIT;
	struct fig part;
	bool any_target = false, ok = true, expect;
	int contributing = 0;
	size_t i;

	(void)unit;
	f->source = FIG_CHILDREN;
	/* Expected: the children with a target for it in p's year, or all
	 * when none has one. */
	for (i = 0; i < kids->n && !any_target; i++) {
		const struct unit *u = &c->d.units[kids->a[i]];

		if (!valid_at(u, asof))
			continue;
		pair_key(&k, u->code, ind->code);
		buf_printf(&k, "\x1f%d", p->year);
		any_target = hmap_get(&c->targets, buf_str(&k), NULL);
	}
	for (i = 0; i < kids->n; i++) {
		const struct unit *u = &c->d.units[kids->a[i]];

		if (!valid_at(u, asof))
			continue;
		expect = true;
		if (any_target) {
			pair_key(&k, u->code, ind->code);
			buf_printf(&k, "\x1f%d", p->year);
			expect = hmap_get(&c->targets, buf_str(&k), NULL);
		}
		get(c, u->code, ind, p, asof, depth + 1, &part);
		if (expect)
			f->expected++;
		if (part.has) {
			if (expect)
				f->reported++;
			contributing++;
			push_code(&f->from, &f->nfrom, u->code);
			if (!add_part(f, ind, &part, 1.0))
				ok = false;
		} else if (expect)
			push_code(&f->missing, &f->nmissing, u->code);
		fig_release(&part);
	}
	buf_free(&k);
	if (contributing == 0) {
		f->why = "chưa đơn vị cấp dưới nào có số liệu";
		return;
	}
	if (ind->uagg == UAGG_NONE) {
		f->why = "chỉ tiêu không gộp được giữa các đơn vị (unit_agg none): "
		    "xem số liệu của từng đơn vị";
		return;
	}
	if (!ok) {
		f->why = "có đơn vị cấp dưới chỉ có tỷ lệ, thiếu tử số và mẫu số "
		    "để tính lại";
		return;
	}
	if (ind->uagg == UAGG_RATIO) {
		if (f->den <= 0) {
			f->why = "tổng mẫu số bằng 0";
			return;
		}
		f->value = f->num / f->den * 100.0;
	}
	f->has = true;
	if (f->nmissing > 0)
		f->why = "tổng hợp chưa đủ: còn đơn vị chưa báo cáo";
}

static void
get(const struct fig_ctx *c, const char *unit, const struct indicator *ind,
    const struct period *p, const struct date *asof, int depth, struct fig *f)
{
	struct date end = period_last_day(p);
	const struct ilist *in, *kids;
	const struct date *d = NULL;
	bool self = false;
	size_t i;

	memset(f, 0, sizeof(*f));
	if (depth > FIG_MAX_DEPTH) {
		f->why = "lịch sử đơn vị quá sâu hoặc có vòng lặp";
		return;
	}
	/* The latest change into the unit after p, not after asof: p is
	 * before the arrangement the unit stands for. */
	if ((in = mm_get(&c->into, unit)) != NULL)
		for (i = 0; i < in->n; i++) {
			const struct unit_change *ch = &c->d.changes[in->a[i]];

			if (date_cmp(&ch->date, &end) > 0 &&
			    date_cmp(&ch->date, asof) <= 0 &&
			    (d == NULL || date_cmp(&ch->date, d) > 0))
				d = &ch->date;
		}
	if (d != NULL)
		for (i = 0; i < in->n && !self; i++) {
			const struct unit_change *ch = &c->d.changes[in->a[i]];

			self = date_cmp(&ch->date, d) == 0 &&
			    strcmp(ch->from, unit) == 0;
		}
	/* Its own value, unless that is the value of the unit before it
	 * took others in (same code). */
	if (!self && own_figure(c, unit, ind, p, f)) {
		f->source = FIG_OWN;
		f->has = true;
		f->reported = f->expected = 1;
		return;
	}
	if (d != NULL) {
		from_predecessors(c, ind, p, d, in, depth, f);
		return;
	}
	if ((kids = mm_get(&c->children, unit)) != NULL) {
		for (i = 0; i < kids->n; i++)
			if (valid_at(&c->d.units[kids->a[i]], asof))
				break;
		if (i < kids->n) {
			from_children(c, unit, ind, p, asof, kids, depth, f);
			return;
		}
	}
	/* Nothing: the unit itself is the one missing. */
	f->why = "chưa có số liệu";
	f->expected = 1;
	push_code(&f->missing, &f->nmissing, hmap_get(&c->units, unit, &i) ?
	    c->d.units[i].code : unit);
}

static const struct date fig_now = { 9999, 12, 31 };

void
fig_get(const struct fig_ctx *c, const char *unit, const struct indicator *ind,
    const struct period *p, const struct date *asof, struct fig *out)
{
	get(c, unit, ind, p, asof != NULL ? asof : &fig_now, 0, out);
}

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **
fig_children(const struct fig_ctx *c, const char *unit,
    const struct date *asof, size_t *n)
{
	const struct ilist *kids = mm_get(&c->children, unit);
	const char **a = NULL;
	size_t i;

	*n = 0;
	if (asof == NULL)
		asof = &fig_now;
	for (i = 0; kids != NULL && i < kids->n; i++)
		if (valid_at(&c->d.units[kids->a[i]], asof))
			push_code(&a, n, c->d.units[kids->a[i]].code);
	if (*n > 1)
		qsort(a, *n, sizeof(*a), cmp_code);
	return a;
}

void
fig_lineage(const struct fig_ctx *c, const char *unit,
    const struct unit_change ***pred, size_t *npred,
    const struct unit_change ***succ, size_t *nsucc)
{
	const struct ilist *l;
	size_t i;

	*pred = *succ = NULL;
	*npred = *nsucc = 0;
	if ((l = mm_get(&c->into, unit)) != NULL)
		for (i = 0; i < l->n; i++) {
			*pred = xrealloc(*pred, (*npred + 1) * sizeof(**pred));
			(*pred)[(*npred)++] = &c->d.changes[l->a[i]];
		}
	if ((l = mm_get(&c->outof, unit)) != NULL)
		for (i = 0; i < l->n; i++) {
			*succ = xrealloc(*succ, (*nsucc + 1) * sizeof(**succ));
			(*succ)[(*nsucc)++] = &c->d.changes[l->a[i]];
		}
}
