/* app.c: unit lookup, settings and the loading of one evaluation. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/hmap.h"
#include "core/num.h"
#include "core/period.h"
#include "core/hmap.h"
#include "core/text.h"

int
app_find_unit(struct store *s, const char *q, struct unit *out,
    struct buf *err)
{
	struct unit *u = NULL;
	char *key;
	size_t n = 0, i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((key = text_fold(q, strlen(q))) == NULL) {
		buf_printf(err, "tên đơn vị không phải UTF-8 hợp lệ");
		return -1;
	}
	if (store_find_units(s, q, key, text_strip_unit_kind(key), &u, &n) != 0) {
		buf_puts(err, store_error(s));
		goto out;
	}
	if (n == 0) {
		buf_printf(err, "không tìm thấy đơn vị “%s”: nhập mã hoặc tên đơn "
		    "vị (có hoặc không dấu); danh sách đơn vị có trong units.csv", q);
		goto out;
	}
	if (n > 1) {
		buf_printf(err, "“%s” khớp %zu đơn vị, hãy dùng mã:", q, n);
		for (i = 0; i < n; i++)
			buf_printf(err, "%s %s (%s %s)", i ? ";" : "", u[i].code,
			    u[i].kind, u[i].name);
		goto out;
	}
	*out = u[0];
	memset(&u[0], 0, sizeof(u[0]));
	rc = 0;
out:
	store_free_units(u, n);
	free(key);
	return rc;
}

int
app_near(struct store *s, double *near, struct buf *err)
{
	struct buf v = BUF_INIT;
	bool found;

	*near = EVAL_NEAR_DEFAULT;
	if (store_setting(s, "near_threshold", &v, &found) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	if (found && num_parse_machine(v.data, v.len, near) != 0)
		*near = EVAL_NEAR_DEFAULT;
	buf_free(&v);
	return 0;
}

/* The units whose values unit's figures may be made of: itself, its
 * descendants, and the units they replaced, transitively. Linked lists by
 * parent and by new unit keep it linear in the number of units. */
static const char **
figure_units(const struct app_eval *e, const char *unit, size_t *n)
{
	const char **set = xcalloc(e->nunits + e->nchanges + 1, sizeof(*set));
	size_t *unext = xcalloc(e->nunits + 1, sizeof(*unext));
	size_t *cnext = xcalloc(e->nchanges + 1, sizeof(*cnext));
	struct hmap seen = { 0 }, kids = { 0 }, into = { 0 };
	size_t i, k, head;

	/* Lists threaded through arrays: head index + 1, 0 ends. */
	for (i = 0; i < e->nunits; i++)
		if (e->units[i].parent != NULL) {
			unext[i] = hmap_get(&kids, e->units[i].parent, &head) ?
			    head : 0;
			hmap_put(&kids, e->units[i].parent, i + 1);
		}
	for (i = 0; i < e->nchanges; i++) {
		cnext[i] = hmap_get(&into, e->changes[i].to, &head) ? head : 0;
		hmap_put(&into, e->changes[i].to, i + 1);
	}
	*n = 0;
	set[(*n)++] = unit;
	hmap_put(&seen, unit, 0);
	/* Breadth first; the set grows behind the cursor. */
	for (k = 0; k < *n; k++) {
		if (hmap_get(&kids, set[k], &head))
			for (i = head; i != 0; i = unext[i - 1])
				if (!hmap_get(&seen, e->units[i - 1].code, NULL)) {
					hmap_put(&seen, e->units[i - 1].code, 0);
					set[(*n)++] = e->units[i - 1].code;
				}
		if (hmap_get(&into, set[k], &head))
			for (i = head; i != 0; i = cnext[i - 1])
				if (!hmap_get(&seen, e->changes[i - 1].from, NULL)) {
					hmap_put(&seen, e->changes[i - 1].from, 0);
					set[(*n)++] = e->changes[i - 1].from;
				}
	}
	hmap_free(&seen);
	hmap_free(&kids);
	hmap_free(&into);
	free(unext);
	free(cnext);
	return set;
}

/* Load what fig_get needs for unit's figures of year y and y - 1, and
 * index it. */
static int
load_figures(struct store *s, struct app_eval *e, int year, struct buf *err)
{
	struct fig_data d;
	const char **set;
	size_t n, i;
	int rc;

	if (store_units(s, &e->units, &e->nunits) != 0 ||
	    store_unit_changes(s, &e->changes, &e->nchanges) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	set = figure_units(e, e->unit.code, &n);
	rc = store_values_of(s, set, n, year - 1, year, &e->fvalues,
	    &e->nfvalues);
	/* Which units below are expected to report: their targets of the
	 * year (set[0] is the unit itself). */
	if (rc == 0 && n > 1)
		rc = store_targets_of(s, set + 1, n - 1, year, &e->ktargets,
		    &e->nktargets);
	free(set);
	/* The unit's own, for the pages that list what was entered. */
	e->values = xcalloc(e->nfvalues + 1, sizeof(*e->values));
	for (i = 0; i < e->nfvalues; i++)
		if (strcmp(e->fvalues[i].unit, e->unit.code) == 0) {
			struct value *v = &e->values[e->nvalues++];

			*v = e->fvalues[i];
			v->unit = xstrdup(v->unit);
			v->indicator = xstrdup(v->indicator);
			v->note = xstrdup(v->note);
		}
	if (rc != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.units = e->units;
	d.nunits = e->nunits;
	d.changes = e->changes;
	d.nchanges = e->nchanges;
	d.values = e->fvalues;
	d.nvalues = e->nfvalues;
	d.targets = e->ktargets;
	d.ntargets = e->nktargets;
	e->figs = fig_index(&d);
	return 0;
}

int
app_evaluate(struct store *s, const char *q, const struct period *p,
    double near, struct app_eval *e, struct buf *err)
{
	struct cutoff cut[PERIOD__MAX];
	struct eval_input in;
	size_t ncut;

	memset(e, 0, sizeof(*e));
	e->period = *p;
	if (app_find_unit(s, q, &e->unit, err) != 0)
		return -1;
	if (near < 0 && app_near(s, &near, err) != 0)
		return -1;
	e->near = near;
	if (store_sectors(s, &e->sectors, &e->nsectors) != 0 ||
	    store_indicators(s, &e->inds, &e->ninds) != 0 ||
	    store_targets(s, e->unit.code, p->year, &e->targets,
	    &e->ntargets) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	if (load_figures(s, e, p->year, err) != 0)
		return -1;
	if (store_cutoffs(s, cut, &ncut) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	period_cutoff(cut, ncut, p, &e->from, &e->to);
	memset(&in, 0, sizeof(in));
	in.unit = e->unit.code;
	in.period = *p;
	in.near = near;
	in.sectors = e->sectors;
	in.nsectors = e->nsectors;
	in.inds = e->inds;
	in.ninds = e->ninds;
	in.targets = e->targets;
	in.ntargets = e->ntargets;
	in.values = e->values;
	in.nvalues = e->nvalues;
	in.figs = e->figs;
	in.asof = period_last_day(p);
	eval_run(&in, &e->res);
	return 0;
}

void
app_eval_free(struct app_eval *e)
{
	if (e == NULL)
		return;
	eval_result_free(&e->res);
	unit_free(&e->unit);
	store_free_sectors(e->sectors, e->nsectors);
	store_free_indicators(e->inds, e->ninds);
	store_free_targets(e->targets, e->ntargets);
	store_free_values(e->values, e->nvalues);
	store_free_values(e->fvalues, e->nfvalues);
	fig_ctx_free(e->figs);
	store_free_units(e->units, e->nunits);
	store_free_unit_changes(e->changes, e->nchanges);
	store_free_targets(e->ktargets, e->nktargets);
	memset(e, 0, sizeof(*e));
}

/* The index of each indicator's group: itself, or its compound parent. */
static void
top_of(const struct indicator *inds, size_t n, const struct hmap *idx,
    size_t *top)
{
	size_t i, p;

	for (i = 0; i < n; i++)
		top[i] = inds[i].parent != NULL && hmap_get(idx, inds[i].parent,
		    &p) ? p : i;
}

/* Evaluate one unit group by group (app_evaluate_units). */
static void
eval_grouped(const struct app_bulk *b, const struct hmap *idx,
    const size_t *top, struct app_unit_eval *u)
{
	size_t *tg = xcalloc(b->ninds ? b->ninds : 1, sizeof(*tg));
	size_t *gi = xcalloc(b->ninds ? b->ninds : 1, sizeof(*gi));
	size_t *vstart, *tstart, *istart;
	size_t ng = 0, g, i, k, cap = 0;
	struct eval_input in;
	struct eval_result gr;

	/* Groups with a target, in catalogue order of their top indicator. */
	for (i = 0; i < b->ninds; i++)
		gi[i] = (size_t)-1;
	for (i = 0; i < u->ntargets; i++)
		if (hmap_get(idx, u->targets[i].indicator, &k))
			tg[top[k]] = 1;
	for (i = 0; i < b->ninds; i++)
		if (tg[i])
			gi[i] = ng++;
	vstart = xcalloc(ng + 1, sizeof(*vstart));
	tstart = xcalloc(ng + 1, sizeof(*tstart));
	istart = xcalloc(ng + 1, sizeof(*istart));
	/* Count, then place: values, targets and indicators by group. */
	for (i = 0; i < u->nvalues; i++)
		if (hmap_get(idx, u->values[i].indicator, &k) &&
		    gi[top[k]] != (size_t)-1)
			vstart[gi[top[k]] + 1]++;
	for (i = 0; i < u->ntargets; i++)
		if (hmap_get(idx, u->targets[i].indicator, &k))
			tstart[gi[top[k]] + 1]++;
	for (i = 0; i < b->ninds; i++)
		if (gi[top[i]] != (size_t)-1)
			istart[gi[top[i]] + 1]++;
	for (g = 0; g < ng; g++) {
		vstart[g + 1] += vstart[g];
		tstart[g + 1] += tstart[g];
		istart[g + 1] += istart[g];
	}
	u->gvalues = xcalloc(vstart[ng] ? vstart[ng] : 1, sizeof(*u->gvalues));
	u->gtargets = xcalloc(tstart[ng] ? tstart[ng] : 1, sizeof(*u->gtargets));
	u->ginds = xcalloc(istart[ng] ? istart[ng] : 1, sizeof(*u->ginds));
	{
		size_t *vf = xcalloc(ng + 1, sizeof(*vf));
		size_t *tf = xcalloc(ng + 1, sizeof(*tf));
		size_t *inf = xcalloc(ng + 1, sizeof(*inf));

		for (i = 0; i < u->nvalues; i++)
			if (hmap_get(idx, u->values[i].indicator, &k) &&
			    (g = gi[top[k]]) != (size_t)-1)
				u->gvalues[vstart[g] + vf[g]++] = u->values[i];
		for (i = 0; i < u->ntargets; i++)
			if (hmap_get(idx, u->targets[i].indicator, &k) &&
			    (g = gi[top[k]]) != (size_t)-1)
				u->gtargets[tstart[g] + tf[g]++] = u->targets[i];
		for (i = 0; i < b->ninds; i++)
			if ((g = gi[top[i]]) != (size_t)-1)
				u->ginds[istart[g] + inf[g]++] = b->inds[i];
		free(vf);
		free(tf);
		free(inf);
	}
	memset(&u->res, 0, sizeof(u->res));
	for (g = 0; g < ng; g++) {
		memset(&in, 0, sizeof(in));
		in.unit = u->code;
		in.period = b->period;
		in.near = b->near;
		in.sectors = b->sectors;
		in.nsectors = b->nsectors;
		in.inds = u->ginds + istart[g];
		in.ninds = istart[g + 1] - istart[g];
		in.targets = u->gtargets + tstart[g];
		in.ntargets = tstart[g + 1] - tstart[g];
		in.values = u->gvalues + vstart[g];
		in.nvalues = vstart[g + 1] - vstart[g];
		eval_run(&in, &gr);
		for (i = 0; i < gr.nrows; i++) {
			if (u->res.nrows == cap) {
				cap = cap ? cap * 2 : 16;
				u->res.rows = xrealloc(u->res.rows, cap *
				    sizeof(*u->res.rows));
			}
			u->res.rows[u->res.nrows++] = gr.rows[i];
		}
		u->res.sum.total += gr.sum.total;
		for (k = 0; k < BAND__MAX; k++)
			u->res.sum.count[k] += gr.sum.count[k];
		free(gr.rows);		/* the children moved with their rows */
	}
	free(tg);
	free(gi);
	free(vstart);
	free(tstart);
	free(istart);
}

int
app_evaluate_units(struct store *s, const char *const *codes, size_t n,
    const struct period *p, double near, struct app_bulk *b, struct buf *err)
{
	struct hmap idx;
	size_t i, *top;

	memset(b, 0, sizeof(*b));
	b->period = *p;
	if (near < 0 && app_near(s, &near, err) != 0)
		return -1;
	b->near = near;
	if (store_sectors(s, &b->sectors, &b->nsectors) != 0 ||
	    store_indicators(s, &b->inds, &b->ninds) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	memset(&idx, 0, sizeof(idx));
	for (i = 0; i < b->ninds; i++)
		hmap_put(&idx, b->inds[i].code, i);
	top = xcalloc(b->ninds ? b->ninds : 1, sizeof(*top));
	top_of(b->inds, b->ninds, &idx, top);
	b->units = xcalloc(n ? n : 1, sizeof(*b->units));
	b->nunits = n;
	for (i = 0; i < n; i++) {
		struct app_unit_eval *u = &b->units[i];

		u->code = codes[i];
		if (store_targets(s, u->code, p->year, &u->targets,
		    &u->ntargets) != 0 ||
		    store_values(s, u->code, p->year - 1, p->year, &u->values,
		    &u->nvalues) != 0) {
			buf_puts(err, store_error(s));
			hmap_free(&idx);
			free(top);
			return -1;
		}
		eval_grouped(b, &idx, top, u);
	}
	hmap_free(&idx);
	free(top);
	return 0;
}

void
app_bulk_free(struct app_bulk *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nunits; i++) {
		eval_result_free(&b->units[i].res);
		free(b->units[i].ginds);
		free(b->units[i].gtargets);
		free(b->units[i].gvalues);
		store_free_targets(b->units[i].targets, b->units[i].ntargets);
		store_free_values(b->units[i].values, b->units[i].nvalues);
	}
	free(b->units);
	store_free_sectors(b->sectors, b->nsectors);
	store_free_indicators(b->inds, b->ninds);
	memset(b, 0, sizeof(*b));
}
