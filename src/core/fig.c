/* fig.c: a unit's figure for an indicator and period, from its own values,
 * from the units it replaced, or from its children, over an index of the
 * data built once (hash tables by unit and indicator), so that a province
 * of a hundred communes, or the country, is answered without scanning. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fig.h"
#include "hmap.h"
#include "period.h"

const char fig_why_none[] = "chưa có số liệu";

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

#define NOWHERE ((size_t)-1)

/* Everything by index: a unit's code is looked up once per question, the
 * recursion through changes and children then follows integers. */
struct fig_ctx {
	struct fig_data	 d;
	struct hmap	 units;		/* code -> unit index */
	struct hmap	 inds;		/* indicator code -> indicator index */
	size_t		 ninds;
	struct ilist	*kids;		/* [unit] its children */
	struct ilist	*into;		/* [unit] changes with it as to */
	struct ilist	*outof;		/* [unit] changes with it as from */
	size_t		*from;		/* [change] unit index of its from */
	/* The values, targets and kept answers of (unit, indicator) k =
	 * slot[unit] × ninds + ind: vidx[voff[k] .. voff[k + 1]) (and tidx,
	 * toff; pidx, poff), indices into the data's arrays. A slot for each
	 * unit that has some (NOWHERE: none), not for every unit: one
	 * commune's evaluation has the country's 14,000 units in its data
	 * (their history), and values of a handful. */
	size_t		*slot;
	size_t		 nslots;
	uint32_t	*voff, *toff, *poff;
	size_t		*vidx, *tidx, *pidx;
};

/* Answers computed before, kept packed (fig_kept_add). */
struct kpair {
	struct period	 period;
	struct date	 asof;
};

struct kblob {
	const char		*unit;
	const unsigned char	*data, *end;
	const char		**strs;		/* its string table */
	size_t			  nstrs;
	struct kpair		*pairs;
	size_t			  npairs;
	size_t			  first, n;	/* its answers in kept->a */
};

struct kans {
	uint32_t	 blob;		/* in kept->b */
	uint32_t	 ind;		/* its indicator's string number */
	uint32_t	 pair;		/* its (period, as-of) number */
	uint32_t	 at;		/* its bytes: data + at */
	uint8_t		 source;
};

struct fig_kept {
	struct kblob	*b;
	size_t		 nb, capb;
	struct kans	*a;
	size_t		 n, cap;
};

static void kept_decode(const struct fig_kept *, size_t, struct fig *);

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
ilists_free(struct ilist *l, size_t n)
{
	size_t i;

	for (i = 0; l != NULL && i < n; i++)
		free(l[i].a);
	free(l);
}

/* The pair k's indices as a list (borrowed); none for NOWHERE. */
static struct ilist
span(const uint32_t *off, size_t *idx, size_t k)
{
	struct ilist l;

	if (k == NOWHERE) {
		memset(&l, 0, sizeof(l));
		return l;
	}
	l.a = idx + off[k];
	l.n = off[k + 1] - off[k];
	l.cap = l.n;
	return l;
}

/* Group the n items, item i of pair key(i) (or none: SIZE_MAX), by pair:
 * *off gets npairs + 1 offsets, *idx the items in pair order. */
static void
group(size_t npairs, size_t n, const size_t *key, uint32_t **off,
    size_t **idx)
{
	uint32_t *at;
	size_t i;

	*off = xcalloc(npairs + 1, sizeof(**off));
	*idx = xcalloc(n ? n : 1, sizeof(**idx));
	for (i = 0; i < n; i++)
		if (key[i] != SIZE_MAX)
			(*off)[key[i] + 1]++;
	for (i = 0; i < npairs; i++)
		(*off)[i + 1] += (*off)[i];
	at = xcalloc(npairs ? npairs : 1, sizeof(*at));
	for (i = 0; i < n; i++)
		if (key[i] != SIZE_MAX)
			(*idx)[(*off)[key[i]] + at[key[i]]++] = i;
	free(at);
}

/* Sort the n value indices of idx by period, so that sums over sub-periods
 * add in one order whatever order the store read them in (a sum of floats
 * depends on it in its last bits, which JSON shows). Insertion sort: a pair
 * has at most a few dozen values. */
static int
period_order(const struct period *a, const struct period *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;
}

static void
by_period(const struct value *v, size_t *idx, size_t n)
{
	size_t i, j, x;

	for (i = 1; i < n; i++) {
		x = idx[i];
		for (j = i; j > 0 && period_order(&v[idx[j - 1]].period,
		    &v[x].period) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = x;
	}
}

static size_t
lookup(const struct hmap *m, const char *key)
{
	size_t i;

	return key != NULL && hmap_get(m, key, &i) ? i : NOWHERE;
}

/* The pair of unit u and indicator i (NOWHERE: nothing of it indexed). */
static size_t
pair_of(const struct fig_ctx *c, size_t u, size_t i)
{
	if (u == NOWHERE || i == NOWHERE || c->slot[u] == NOWHERE)
		return NOWHERE;
	return c->slot[u] * c->ninds + i;
}

/* The slot of unit u (NOWHERE stays), made when new. */
static size_t
slot_of(struct fig_ctx *c, size_t u)
{
	if (u == NOWHERE)
		return NOWHERE;
	if (c->slot[u] == NOWHERE)
		c->slot[u] = c->nslots++;
	return c->slot[u];
}

/* The index of an indicator code, added when new. */
static size_t
ind_index(struct fig_ctx *c, const char *code)
{
	size_t i = lookup(&c->inds, code);

	if (i == NOWHERE) {
		i = c->ninds++;
		hmap_put(&c->inds, code, i);
	}
	return i;
}

/* The kept answers' indicator indices (added when new), into aind: each
 * blob's strings looked up once. */
static size_t *
kept_inds(struct fig_ctx *c, const struct fig_kept *k)
{
	size_t *aind = xcalloc(k->n + 1, sizeof(*aind)), *of, i, j;

	for (i = 0; i < k->nb; i++) {
		const struct kblob *b = &k->b[i];

		of = xcalloc(b->nstrs + 1, sizeof(*of));
		for (j = b->first; j < b->first + b->n; j++) {
			if (of[k->a[j].ind] == 0)
				of[k->a[j].ind] = 1 + ind_index(c,
				    b->strs[k->a[j].ind]);
			aind[j] = of[k->a[j].ind] - 1;
		}
		free(of);
	}
	return aind;
}

struct fig_ctx *
fig_index(const struct fig_data *d)
{
	struct fig_ctx *c = xcalloc(1, sizeof(*c));
	const struct fig_kept *k = d->kept;
	size_t i, j, u, nu = d->nunits ? d->nunits : 1, npairs, *key, *aind,
	    nkept = fig_kept_count(k), *vu, *tu, *ku;

	c->d = *d;
	for (i = 0; i < d->nunits; i++)
		hmap_put(&c->units, d->units[i].code, i);
	for (i = 0; i < d->nvalues; i++)
		ind_index(c, d->values[i].indicator);
	for (i = 0; i < d->ntargets; i++)
		ind_index(c, d->targets[i].indicator);
	aind = k != NULL ? kept_inds(c, k) : NULL;
	c->kids = xcalloc(nu, sizeof(*c->kids));
	c->into = xcalloc(nu, sizeof(*c->into));
	c->outof = xcalloc(nu, sizeof(*c->outof));
	c->from = xcalloc(d->nchanges ? d->nchanges : 1, sizeof(*c->from));
	for (i = 0; i < d->nunits; i++)
		if ((u = lookup(&c->units, d->units[i].parent)) != NOWHERE)
			ilist_add(&c->kids[u], i);
	for (i = 0; i < d->nchanges; i++) {
		if ((u = lookup(&c->units, d->changes[i].to)) != NOWHERE)
			ilist_add(&c->into[u], i);
		if ((c->from[i] = lookup(&c->units, d->changes[i].from)) != NOWHERE)
			ilist_add(&c->outof[c->from[i]], i);
	}
	/* Each item's unit, and a slot for each unit that has items. */
	c->slot = xmalloc(nu * sizeof(*c->slot));
	memset(c->slot, 0xff, nu * sizeof(*c->slot));	/* NOWHERE */
	vu = xcalloc(d->nvalues + 1, sizeof(*vu));
	tu = xcalloc(d->ntargets + 1, sizeof(*tu));
	ku = xcalloc(nkept + 1, sizeof(*ku));
	for (i = 0; i < d->nvalues; i++)
		slot_of(c, vu[i] = lookup(&c->units, d->values[i].unit));
	for (i = 0; i < d->ntargets; i++)
		slot_of(c, tu[i] = lookup(&c->units, d->targets[i].unit));
	for (i = 0; k != NULL && i < k->nb; i++) {
		u = lookup(&c->units, k->b[i].unit);
		slot_of(c, u);
		for (j = k->b[i].first; j < k->b[i].first + k->b[i].n; j++)
			ku[j] = u;
	}
	npairs = (c->nslots ? c->nslots : 1) * (c->ninds ? c->ninds : 1);
	key = xcalloc(d->nvalues + d->ntargets + nkept + 1, sizeof(*key));
	for (i = 0; i < d->nvalues; i++)
		key[i] = pair_of(c, vu[i], lookup(&c->inds,
		    d->values[i].indicator));
	group(npairs, d->nvalues, key, &c->voff, &c->vidx);
	for (i = 0; i < npairs; i++)
		by_period(d->values, c->vidx + c->voff[i],
		    c->voff[i + 1] - c->voff[i]);
	for (i = 0; i < d->ntargets; i++)
		key[i] = pair_of(c, tu[i], lookup(&c->inds,
		    d->targets[i].indicator));
	group(npairs, d->ntargets, key, &c->toff, &c->tidx);
	for (i = 0; i < nkept; i++)
		key[i] = pair_of(c, ku[i], aind[i]);
	group(npairs, nkept, key, &c->poff, &c->pidx);
	free(aind);
	free(key);
	free(vu);
	free(tu);
	free(ku);
	return c;
}

void
fig_ctx_free(struct fig_ctx *c)
{
	if (c == NULL)
		return;
	hmap_free(&c->units);
	hmap_free(&c->inds);
	ilists_free(c->kids, c->d.nunits);
	ilists_free(c->into, c->d.nunits);
	ilists_free(c->outof, c->d.nunits);
	free(c->from);
	free(c->slot);
	free(c->voff);
	free(c->vidx);
	free(c->toff);
	free(c->tidx);
	free(c->poff);
	free(c->pidx);
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

/* The question being answered, carried down the recursion. */
struct q {
	const struct fig_ctx	*c;
	const struct indicator	*ind;
	size_t			 iidx;	/* NOWHERE: no values, no targets */
	const struct period	*p;
	struct date		 start;	/* p's first day */
	struct date		 end;	/* p's last day */
};

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
/* Whether sub-period v begins within [since, before) (NULL: unbounded). */
static bool
begins_within(const struct period *v, const struct date *since,
    const struct date *before)
{
	struct date d = { v->year, 1, 1 };
	int last;

	period_months(v, &d.month, &last);
	return (since == NULL || date_cmp(&d, since) >= 0) &&
	    (before == NULL || date_cmp(&d, before) < 0);
}

static bool
own_combined(const struct q *q, const struct ilist *l, enum period_kind level,
    const struct date *since, const struct date *before, struct fig *f)
{
	double sum = 0, num = 0, den = 0, x;
	const struct value *last = NULL;
	double lastx = 0;
	bool ratios = true, est = false;
	int found = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct value *v = &q->c->d.values[l->a[i]];

		if (v->period.kind != level || !period_contains(q->p, &v->period) ||
		    !begins_within(&v->period, since, before) ||
		    !row_figure(v, q->ind, &x))
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
	switch (q->ind->tagg) {
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

/* u's own sub-periods of p (quarters, else months) that begin within
 * [since, before), combined. */
static bool
own_part(const struct q *q, size_t u, const struct date *since,
    const struct date *before, struct fig *f)
{
	struct ilist l;

	if (q->iidx == NOWHERE || q->p->kind == PERIOD_MONTH)
		return false;
	l = span(q->c->voff, q->c->vidx, pair_of(q->c, u, q->iidx));
	if (q->p->kind != PERIOD_QUARTER &&
	    own_combined(q, &l, PERIOD_QUARTER, since, before, f))
		return true;
	return own_combined(q, &l, PERIOD_MONTH, since, before, f);
}

/* u's own value of exactly p. */
static bool
own_exact(const struct q *q, size_t u, struct fig *f)
{
	struct ilist vl;
	const struct ilist *l = &vl;
	const struct period *p = q->p;
	size_t i;

	if (q->iidx == NOWHERE)
		return false;
	vl = span(q->c->voff, q->c->vidx, pair_of(q->c, u, q->iidx));
	for (i = 0; i < l->n; i++) {
		const struct value *v = &q->c->d.values[l->a[i]];

		if (period_equal(&v->period, p) && row_figure(v, q->ind, &f->value)) {
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
	return false;
}

static bool
own_figure(const struct q *q, size_t u, struct fig *f)
{
	return own_exact(q, u, f) || own_part(q, u, NULL, NULL, f);
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

static void get(const struct q *, size_t, const struct date *, int,
    struct fig *);
static bool own_part(const struct q *, size_t, const struct date *,
    const struct date *, struct fig *);

/* From the units u replaced on date d (its changes "into", those of d). */
static void
from_predecessors(const struct q *q, size_t u, const struct date *d,
    bool within, int depth, struct fig *f)
{
	const struct ilist *in = &q->c->into[u];
	struct date before = date_prev_day(d);
	const struct unit_change *only = NULL;
	struct fig part, first;
	size_t i, n = 0;
	bool ok = true;

	memset(&first, 0, sizeof(first));
	f->source = FIG_PREDECESSORS;
	for (i = 0; i < in->n; i++) {
		const struct unit_change *ch = &q->c->d.changes[in->a[i]];
		size_t from = q->c->from[in->a[i]];

		if (date_cmp(&ch->date, d) != 0)
			continue;
		only = ch;
		n++;
		f->expected++;
		push_code(&f->from, &f->nfrom, ch->from);
		memset(&part, 0, sizeof(part));
		/* A change within p that u keeps its code through: the old
		 * u's part is its sub-periods before the change. */
		if (within && from == u)
			part.has = own_part(q, u, NULL, d, &part);
		else if (from != NOWHERE)
			get(q, from, &before, depth + 1, &part);
		if (!part.has) {
			push_code(&f->missing, &f->nmissing, ch->from);
			ok = false;
		} else {
			f->reported++;
			if (n == 1)
				first = part;
			if (!add_part(f, q->ind, &part, ch->share / 100.0))
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
	if (q->ind->uagg == UAGG_NONE) {
		f->why = "chỉ tiêu không gộp được giữa các đơn vị (unit_agg none): "
		    "không suy ra được từ các đơn vị cũ";
		return;
	}
	if (!ok) {
		f->why = "đơn vị cũ chỉ có tỷ lệ, thiếu tử số và mẫu số để tính lại";
		return;
	}
	if (q->ind->uagg == UAGG_RATIO) {
		if (f->den <= 0) {
			f->why = "tổng mẫu số bằng 0";
			return;
		}
		f->value = f->num / f->den * 100.0;
	}
	f->has = true;
}

/* Whether unit k has a target for the indicator in p's year. */
static bool
has_target(const struct q *q, size_t k)
{
	struct ilist l;
	size_t i;

	if (q->iidx == NOWHERE)
		return false;
	l = span(q->c->toff, q->c->tidx, pair_of(q->c, k, q->iidx));
	for (i = 0; i < l.n; i++)
		if (q->c->d.targets[l.a[i]].year == q->p->year)
			return true;
	return false;
}

/* Rolled up from u's children valid at asof. */
static void
from_children(const struct q *q, size_t u, const struct date *asof,
    int depth, struct fig *f)
{
	const struct ilist *kids = &q->c->kids[u];
	struct fig part;
	bool any_target = false, ok = true, expect;
	const char *blocked = NULL;
	int contributing = 0;
	size_t i, j, k;

	f->source = FIG_CHILDREN;
	/* Expected: the children with a target for it in p's year, or all
	 * when none has one. */
	for (i = 0; i < kids->n && !any_target; i++)
		any_target = valid_at(&q->c->d.units[kids->a[i]], asof) &&
		    has_target(q, kids->a[i]);
	for (i = 0; i < kids->n; i++) {
		k = kids->a[i];
		if (!valid_at(&q->c->d.units[k], asof))
			continue;
		expect = !any_target || has_target(q, k);
		get(q, k, asof, depth + 1, &part);
		if (part.source == FIG_CHILDREN) {
			/* A level between (a district of old): the units
			 * below it are the ones expected to report. */
			f->expected += part.expected;
			f->reported += part.reported;
			for (j = 0; j < part.nmissing; j++)
				push_code(&f->missing, &f->nmissing,
				    part.missing[j]);
			if (!part.has && part.reported > 0 && blocked == NULL)
				blocked = part.why;
		} else if (expect) {
			f->expected++;
			if (part.has)
				f->reported++;
			else
				push_code(&f->missing, &f->nmissing,
				    q->c->d.units[k].code);
		}
		if (part.has) {
			contributing++;
			push_code(&f->from, &f->nfrom, q->c->d.units[k].code);
			if (!add_part(f, q->ind, &part, 1.0))
				ok = false;
		}
		fig_release(&part);
	}
	if (contributing == 0) {
		/* Figures below that do not combine say why, not "none". */
		f->why = blocked != NULL ? blocked :
		    "chưa đơn vị cấp dưới nào có số liệu";
		return;
	}
	if (q->ind->uagg == UAGG_NONE) {
		f->why = "chỉ tiêu không gộp được giữa các đơn vị (unit_agg none): "
		    "xem số liệu của từng đơn vị";
		return;
	}
	if (!ok) {
		f->why = "có đơn vị cấp dưới chỉ có tỷ lệ, thiếu tử số và mẫu số "
		    "để tính lại";
		return;
	}
	if (q->ind->uagg == UAGG_RATIO) {
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

/* p with a change into u within it (after its first day): the units u
 * replaced up to the change, and u's own sub-periods from it, combined by
 * the indicator's time aggregation (docs/evaluation.md). */
static void
straddle(const struct q *q, size_t u, const struct date *d, int depth,
    struct fig *f)
{
	struct fig own;
	bool before_ok, own_ok;

	from_predecessors(q, u, d, true, depth, f);
	before_ok = f->has;
	memset(&own, 0, sizeof(own));
	own_ok = own_part(q, u, d, NULL, &own);
	f->expected++;
	if (!own_ok) {
		/* Every unit whose part is missing is named, the old ones
		 * and this one. */
		f->has = false;
		f->why = before_ok ?
		    "chưa có số liệu của đơn vị từ ngày sắp xếp" :
		    "thiếu số liệu của đơn vị cũ trước ngày sắp xếp và của "
		    "đơn vị từ ngày sắp xếp";
		push_code(&f->missing, &f->nmissing, q->c->d.units[u].code);
		return;
	}
	f->reported++;
	if (!before_ok)
		return;
	f->with_own = true;
	f->estimate |= own.estimate;
	f->parts += own.parts;
	f->row = NULL;
	switch (q->ind->tagg) {
	case TIME_FLOW:
		f->value += own.value;
		f->has_ratio = false;
		break;
	case TIME_RATE:
		if (!f->has_ratio || !own.has_ratio || f->den + own.den <= 0) {
			f->has = false;
			f->why = "thiếu tử số và mẫu số để cộng số trước và sau "
			    "ngày sắp xếp";
			return;
		}
		f->num += own.num;
		f->den += own.den;
		f->value = f->num / f->den * 100.0;
		break;
	default:	/* a stock: the latest, the unit's own */
		f->value = own.value;
		f->has_ratio = own.has_ratio;
		f->num = own.num;
		f->den = own.den;
		break;
	}
}

/* The answer computed beforehand, if any (fig_pre). */
static bool
known(const struct q *q, size_t u, const struct date *asof, struct fig *f)
{
	const struct fig_kept *kept = q->c->d.kept;
	struct ilist l;
	size_t i;

	size_t pair = pair_of(q->c, u, q->iidx);
	bool rows;

	if (pair == NOWHERE || kept == NULL || kept->n == 0)
		return false;
	/* The unit's own values loaded beside: its own figures from them,
	 * with their rows (status, notes). */
	rows = q->c->voff[pair + 1] > q->c->voff[pair];
	l = span(q->c->poff, q->c->pidx, pair);
	for (i = 0; i < l.n; i++) {
		const struct kans *a = &kept->a[l.a[i]];
		const struct kpair *kp = &kept->b[a->blob].pairs[a->pair];

		if (!period_equal(&kp->period, q->p) ||
		    date_cmp(&kp->asof, asof) != 0 ||
		    (rows && a->source == FIG_OWN))
			continue;
		kept_decode(kept, l.a[i], f);
		return true;
	}
	return false;
}

static void
get(const struct q *q, size_t u, const struct date *asof, int depth,
    struct fig *f)
{
	const struct ilist *in = &q->c->into[u], *kids = &q->c->kids[u];
	const struct date *d = NULL, *within = NULL;
	bool self = false;
	size_t i;

	memset(f, 0, sizeof(*f));
	if (depth > FIG_MAX_DEPTH) {
		f->why = "lịch sử đơn vị quá sâu hoặc có vòng lặp";
		return;
	}
	if (known(q, u, asof, f))
		return;
	/* The latest change into the unit after p, not after asof: p is
	 * before the arrangement the unit stands for. */
	for (i = 0; i < in->n; i++) {
		const struct unit_change *ch = &q->c->d.changes[in->a[i]];

		if (date_cmp(&ch->date, &q->end) > 0 &&
		    date_cmp(&ch->date, asof) <= 0 &&
		    (d == NULL || date_cmp(&ch->date, d) > 0))
			d = &ch->date;
		/* A change within p, after its first day. */
		if (date_cmp(&ch->date, &q->start) > 0 &&
		    date_cmp(&ch->date, &q->end) <= 0 &&
		    date_cmp(&ch->date, asof) <= 0 &&
		    (within == NULL || date_cmp(&ch->date, within) > 0))
			within = &ch->date;
	}
	if (d == NULL && within != NULL) {
		/* A value of the whole period entered by u stands. */
		if (own_exact(q, u, f)) {
			f->source = FIG_OWN;
			f->has = true;
			f->reported = f->expected = 1;
			return;
		}
		straddle(q, u, within, depth, f);
		return;
	}
	for (i = 0; d != NULL && i < in->n && !self; i++)
		self = date_cmp(&q->c->d.changes[in->a[i]].date, d) == 0 &&
		    q->c->from[in->a[i]] == u;
	/* Its own value, unless that is the value of the unit before it
	 * took others in (same code). */
	if (!self && own_figure(q, u, f)) {
		f->source = FIG_OWN;
		f->has = true;
		f->reported = f->expected = 1;
		return;
	}
	if (d != NULL) {
		from_predecessors(q, u, d, false, depth, f);
		return;
	}
	for (i = 0; i < kids->n; i++)
		if (valid_at(&q->c->d.units[kids->a[i]], asof)) {
			from_children(q, u, asof, depth, f);
			return;
		}
	/* Nothing: the unit itself is the one missing. */
	f->why = fig_why_none;
	f->expected = 1;
	push_code(&f->missing, &f->nmissing, q->c->d.units[u].code);
}

static const struct date fig_now = { 9999, 12, 31 };

void
fig_get(const struct fig_ctx *c, const char *unit, const struct indicator *ind,
    const struct period *p, const struct date *asof, struct fig *out)
{
	struct q q;
	size_t u = lookup(&c->units, unit);
	int last;

	if (u == NOWHERE) {
		memset(out, 0, sizeof(*out));
		out->why = "không có đơn vị này";
		out->expected = 1;
		push_code(&out->missing, &out->nmissing, unit);
		return;
	}
	q.c = c;
	q.ind = ind;
	q.iidx = lookup(&c->inds, ind->code);
	q.p = p;
	q.end = period_last_day(p);
	q.start.year = p->year;
	q.start.day = 1;
	period_months(p, &q.start.month, &last);
	get(&q, u, asof != NULL ? asof : &fig_now, 0, out);
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
	size_t u = lookup(&c->units, unit), i, k;
	const char **a = NULL;

	*n = 0;
	if (u == NOWHERE)
		return NULL;
	if (asof == NULL)
		asof = &fig_now;
	for (i = 0; i < c->kids[u].n; i++) {
		k = c->kids[u].a[i];
		if (valid_at(&c->d.units[k], asof))
			push_code(&a, n, c->d.units[k].code);
	}
	if (*n > 1)
		qsort(a, *n, sizeof(*a), cmp_code);
	return a;
}

void
fig_lineage(const struct fig_ctx *c, const char *unit,
    const struct unit_change ***pred, size_t *npred,
    const struct unit_change ***succ, size_t *nsucc)
{
	size_t u = lookup(&c->units, unit), i;

	*pred = *succ = NULL;
	*npred = *nsucc = 0;
	if (u == NOWHERE)
		return;
	for (i = 0; i < c->into[u].n; i++) {
		*pred = xrealloc(*pred, (*npred + 1) * sizeof(**pred));
		(*pred)[(*npred)++] = &c->d.changes[c->into[u].a[i]];
	}
	for (i = 0; i < c->outof[u].n; i++) {
		*succ = xrealloc(*succ, (*nsucc + 1) * sizeof(**succ));
		(*succ)[(*nsucc)++] = &c->d.changes[c->outof[u].a[i]];
	}
}

/* ---- packed answers (the roll-up cache) ----
 *
 * A blob is "KF3", then a table of the strings its answers use (indicator
 * codes, reasons, unit codes: each once), a table of the (period, as-of
 * date) pairs they are for, and the answers: indicator (string number),
 * pair number, source, flags (has, ratio, estimate, value,
 * numerator/denominator, with_own), the value when not 0, the numerator
 * and denominator when either is not 0, parts, reported, expected, why
 * (string number + 1, 0: none), from codes, missing codes (a count and
 * string numbers). Unsigned integers are varints (7 bits a byte, low
 * first), doubles their 64 bits big-endian; a string of the table is a
 * varint of its length + 1, its bytes and a NUL, so that unpacked answers
 * point into the blob. A province's year with its communes' takes 0.57 of
 * the size of "KF2" (each string where it is used), and reading it back
 * takes one allocation for all its code lists, not two for each answer;
 * "KF2" and "KF1" blobs are refused, and so computed again. */

enum {
	PK_HAS = 1, PK_RATIO = 2, PK_EST = 4, PK_VALUE = 8, PK_NUMDEN = 16,
	PK_WITHOWN = 32
};

static void
put_uv(struct buf *b, uint64_t x)
{
	char c[10];
	size_t n = 0;

	do {
		c[n] = (char)(x & 0x7f);
		x >>= 7;
		if (x != 0)
			c[n] |= (char)0x80;
		n++;
	} while (x != 0);
	buf_append(b, c, n);
}

static void
put_f64(struct buf *b, double d)
{
	uint64_t x;
	char c[8];
	int i;

	memcpy(&x, &d, sizeof(x));
	for (i = 0; i < 8; i++)
		c[i] = (char)(x >> (56 - 8 * i));
	buf_append(b, c, 8);
}

/* The tables being built for one blob. */
struct packer {
	struct hmap	 strs, pairs;
	size_t		 nstrs, npairs;
	struct buf	 st, pt, body;
};

/* The number of string s in the table, added when new. */
static size_t
str_no(struct packer *k, const char *s)
{
	size_t i, n = strlen(s);

	if (hmap_get(&k->strs, s, &i))
		return i;
	hmap_put(&k->strs, s, k->nstrs);
	put_uv(&k->st, n + 1);
	buf_append(&k->st, s, n + 1);
	return k->nstrs++;
}

static size_t
pair_no(struct packer *k, const struct period *p, const struct date *asof)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof(key), "%d %d %d %d %d %d", p->year, (int)p->kind,
	    p->n, asof->year, asof->month, asof->day);
	if (hmap_get(&k->pairs, key, &i))
		return i;
	hmap_put(&k->pairs, key, k->npairs);
	put_uv(&k->pt, (uint32_t)p->year);
	put_uv(&k->pt, (uint32_t)p->kind);
	put_uv(&k->pt, (uint32_t)p->n);
	put_uv(&k->pt, (uint32_t)asof->year);
	put_uv(&k->pt, (uint32_t)(asof->month * 100 + asof->day));
	return k->npairs++;
}

static void
put_codes(struct packer *k, const char *const *a, size_t n)
{
	size_t i;

	put_uv(&k->body, n);
	for (i = 0; i < n; i++)
		put_uv(&k->body, str_no(k, a[i] != NULL ? a[i] : ""));
}

void
fig_pack(struct buf *b, const struct fig_pre *a, size_t n)
{
	struct packer k;
	size_t i;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < n; i++) {
		const struct fig *f = &a[i].fig;
		unsigned flags = (f->has ? PK_HAS : 0) |
		    (f->has_ratio ? PK_RATIO : 0) | (f->estimate ? PK_EST : 0) |
		    (f->value != 0 ? PK_VALUE : 0) |
		    (f->num != 0 || f->den != 0 ? PK_NUMDEN : 0) |
		    (f->with_own ? PK_WITHOWN : 0);

		put_uv(&k.body, str_no(&k, a[i].indicator));
		put_uv(&k.body, pair_no(&k, &a[i].period, &a[i].asof));
		put_uv(&k.body, (uint32_t)f->source);
		put_uv(&k.body, flags);
		if (flags & PK_VALUE)
			put_f64(&k.body, f->value);
		if (flags & PK_NUMDEN) {
			put_f64(&k.body, f->num);
			put_f64(&k.body, f->den);
		}
		put_uv(&k.body, (uint32_t)f->parts);
		put_uv(&k.body, (uint32_t)f->reported);
		put_uv(&k.body, (uint32_t)f->expected);
		put_uv(&k.body, f->why != NULL ? str_no(&k, f->why) + 1 : 0);
		put_codes(&k, f->from, f->nfrom);
		put_codes(&k, f->missing, f->nmissing);
	}
	buf_append(b, "KF3", 3);
	put_uv(b, k.nstrs);
	buf_append(b, k.st.data, k.st.len);
	put_uv(b, k.npairs);
	buf_append(b, k.pt.data, k.pt.len);
	put_uv(b, n);
	buf_append(b, k.body.data, k.body.len);
	hmap_free(&k.strs);
	hmap_free(&k.pairs);
	buf_free(&k.st);
	buf_free(&k.pt);
	buf_free(&k.body);
}

struct rd {
	const unsigned char	*p, *end;
	bool			 bad;
};

/* A varint of at most 32 bits. */
static uint32_t
get_uv(struct rd *r)
{
	uint64_t x = 0;
	int shift;

	for (shift = 0; !r->bad; shift += 7) {
		if (r->p == r->end || shift > 28) {
			r->bad = true;
			break;
		}
		x |= (uint64_t)(*r->p & 0x7f) << shift;
		if ((*r->p++ & 0x80) == 0)
			break;
	}
	if (x > UINT32_MAX)
		r->bad = true;
	return r->bad ? 0 : (uint32_t)x;
}

static double
get_f64(struct rd *r)
{
	uint64_t x = 0;
	double d;
	int i;

	if (r->bad || r->end - r->p < 8) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < 8; i++)
		x = x << 8 | r->p[i];
	r->p += 8;
	memcpy(&d, &x, sizeof(d));
	return d;
}

/* A string of the table: its bytes, NUL-terminated, with no NUL within. */
static const char *
get_str(struct rd *r)
{
	uint32_t n = get_uv(r);
	const char *s;

	if (r->bad || n == 0) {
		r->bad = true;
		return NULL;
	}
	n--;
	s = (const char *)r->p;
	if ((size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != '\0' ||
	    memchr(r->p, '\0', n) != NULL) {
		r->bad = true;
		return NULL;
	}
	r->p += n + 1;
	return s;
}

/* The kept answers are read in two steps: a blob is checked whole and
 * each answer's place in it noted when it is added (a malformed blob adds
 * nothing), and an answer is decoded when fig_get asks for it. A
 * province's evaluation asks for half of what its blobs hold (not its
 * communes' year before), and the notes take 20 bytes an answer, not the
 * 144 of a decoded one. */
struct fig_kept *
fig_kept_new(void)
{
	return xcalloc(1, sizeof(struct fig_kept));
}

void
fig_kept_free(struct fig_kept *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->nb; i++) {
		free(k->b[i].strs);
		free(k->b[i].pairs);
	}
	free(k->b);
	free(k->a);
	free(k);
}

size_t
fig_kept_count(const struct fig_kept *k)
{
	return k != NULL ? k->n : 0;
}

/* Past a list of string numbers (each below nstrs); with out, into a new
 * array of the strings. */
static size_t
get_codes(struct rd *r, const char *const *strs, size_t nstrs,
    const char ***out)
{
	uint32_t n = get_uv(r), i, k;

	if (r->bad || n > (uint32_t)(r->end - r->p)) {
		r->bad = true;
		return 0;
	}
	if (out != NULL)
		*out = n > 0 ? xcalloc(n, sizeof(**out)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		if ((k = get_uv(r)) >= nstrs)
			r->bad = true;
		else if (out != NULL)
			(*out)[i] = strs[k];
	}
	return n;
}

/* One answer's bytes after its indicator and pair, into f; its code lists
 * only checked, not made, without lists. */
static void
get_answer(struct rd *r, const struct kblob *b, struct fig *f, bool lists)
{
	uint32_t flags, src, why;

	memset(f, 0, sizeof(*f));
	src = get_uv(r);
	flags = get_uv(r);
	if (flags & PK_VALUE)
		f->value = get_f64(r);
	if (flags & PK_NUMDEN) {
		f->num = get_f64(r);
		f->den = get_f64(r);
	}
	f->parts = (int)get_uv(r);
	f->reported = (int)get_uv(r);
	f->expected = (int)get_uv(r);
	if ((why = get_uv(r)) > b->nstrs)
		r->bad = true;
	else if (why > 0)
		f->why = b->strs[why - 1];
	f->nfrom = get_codes(r, b->strs, b->nstrs, lists ? &f->from : NULL);
	f->nmissing = get_codes(r, b->strs, b->nstrs, lists ? &f->missing :
	    NULL);
	if (src >= FIG__MAX || flags >= 2 * PK_WITHOWN)
		r->bad = true;
	f->source = (enum fig_source)src;
	f->has = flags & PK_HAS;
	f->has_ratio = (flags & PK_RATIO) != 0;
	f->estimate = (flags & PK_EST) != 0;
	f->with_own = (flags & PK_WITHOWN) != 0;
}

int
fig_kept_add(struct fig_kept *k, const char *blob, size_t len,
    const char *unit)
{
	struct rd r = { (const unsigned char *)blob,
	    (const unsigned char *)blob + len, false };
	struct kblob b;
	struct kans *a;
	struct fig f;
	size_t j, n0 = k->n;
	uint32_t count, i, md;

	if (len < 4 || memcmp(blob, "KF3", 3) != 0)
		return -1;
	r.p += 3;
	memset(&b, 0, sizeof(b));
	b.unit = unit;
	b.data = r.p - 3;
	b.end = r.end;
	/* Each string, pair and answer takes some bytes: counts beyond the
	 * blob's length are refused before anything is allocated. */
	if ((b.nstrs = get_uv(&r)) > len)
		r.bad = true;
	if (!r.bad)
		b.strs = xcalloc(b.nstrs + 1, sizeof(*b.strs));
	for (j = 0; j < b.nstrs && !r.bad; j++)
		b.strs[j] = get_str(&r);
	if ((b.npairs = get_uv(&r)) > len)
		r.bad = true;
	if (!r.bad)
		b.pairs = xcalloc(b.npairs + 1, sizeof(*b.pairs));
	for (j = 0; j < b.npairs && !r.bad; j++) {
		b.pairs[j].period.year = (int)get_uv(&r);
		b.pairs[j].period.kind = (enum period_kind)get_uv(&r);
		b.pairs[j].period.n = (int)get_uv(&r);
		b.pairs[j].asof.year = (int)get_uv(&r);
		md = get_uv(&r);
		b.pairs[j].asof.month = (int)(md / 100);
		b.pairs[j].asof.day = (int)(md % 100);
		if (b.pairs[j].period.kind >= PERIOD__MAX)
			r.bad = true;
	}
	/* An answer takes at least 10 bytes. */
	if ((count = get_uv(&r)) > len / 10 || len > UINT32_MAX)
		r.bad = true;
	if (!r.bad && k->n + count >= k->cap) {
		k->cap = (k->n + count) * 2 + 16;
		k->a = xrealloc(k->a, k->cap * sizeof(*k->a));
	}
	for (i = 0; i < count && !r.bad; i++) {
		a = &k->a[k->n++];
		a->blob = (uint32_t)k->nb;
		a->at = (uint32_t)(r.p - b.data);
		if ((a->ind = get_uv(&r)) >= b.nstrs ||
		    (a->pair = get_uv(&r)) >= b.npairs)
			r.bad = true;
		get_answer(&r, &b, &f, false);
		a->source = (uint8_t)f.source;
	}
	if (r.bad || r.p != r.end) {
		free(b.strs);
		free(b.pairs);
		k->n = n0;
		return -1;
	}
	b.first = n0;
	b.n = count;
	if (k->nb == k->capb) {
		k->capb = k->capb ? 2 * k->capb : 16;
		k->b = xrealloc(k->b, k->capb * sizeof(*k->b));
	}
	k->b[k->nb++] = b;
	return 0;
}

/* Kept answer i decoded into f (its code lists f's own). */
static void
kept_decode(const struct fig_kept *k, size_t i, struct fig *f)
{
	const struct kans *a = &k->a[i];
	const struct kblob *b = &k->b[a->blob];
	struct rd r = { b->data + a->at, b->end, false };

	(void)get_uv(&r);
	(void)get_uv(&r);
	get_answer(&r, b, f, true);
}

void
fig_kept_answer(const struct fig_kept *k, size_t i, struct fig_pre *out)
{
	const struct kans *a = &k->a[i];
	const struct kblob *b = &k->b[a->blob];

	memset(out, 0, sizeof(*out));
	out->unit = b->unit;
	out->indicator = b->strs[a->ind];
	out->period = b->pairs[a->pair].period;
	out->asof = b->pairs[a->pair].asof;
	kept_decode(k, i, &out->fig);
}
