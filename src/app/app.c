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
	if (n == 0 && (strcmp(q, APP_NATION_CODE) == 0 ||
	    strcmp(key, "ca nuoc") == 0)) {
		out->code = xstrdup(APP_NATION_CODE);
		out->name = xstrdup("Việt Nam");
		out->kind = xstrdup("cả nước");
		rc = 0;
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

bool
app_is_nation(const struct unit *u)
{
	return u->code != NULL && strcmp(u->code, APP_NATION_CODE) == 0 &&
	    u->parent == NULL && u->kind != NULL && strcmp(u->kind, "cả nước") == 0;
}

/* The country into the tree: a unit above every unit at the top. */
static void
add_nation(struct app_eval *e)
{
	size_t i;

	for (i = 0; i < e->nunits; i++)
		if (e->units[i].parent == NULL)
			e->units[i].parent = xstrdup(APP_NATION_CODE);
	e->units = xrealloc(e->units, (e->nunits + 1) * sizeof(*e->units));
	memset(&e->units[e->nunits], 0, sizeof(*e->units));
	e->units[e->nunits].code = xstrdup(e->unit.code);
	e->units[e->nunits].name = xstrdup(e->unit.name);
	e->units[e->nunits].kind = xstrdup(e->unit.kind);
	e->nunits++;
}

/* The country's rows: one target without a level for every indicator its
 * provinces have a target for (the first province's shape), so that the
 * evaluation shows each one's figure rolled up, unassessed. */
static void
nation_targets(struct app_eval *e, int year)
{
	struct hmap seen = { 0 };
	size_t i;

	for (i = 0; i < e->nktargets; i++) {
		const struct target *k = &e->ktargets[i];
		struct target *t;

		if (k->year != year || hmap_get(&seen, k->indicator, NULL))
			continue;
		hmap_put(&seen, k->indicator, 0);
		e->targets = xrealloc(e->targets, (e->ntargets + 1) *
		    sizeof(*e->targets));
		t = &e->targets[e->ntargets++];
		memset(t, 0, sizeof(*t));
		t->unit = xstrdup(e->unit.code);
		t->indicator = xstrdup(k->indicator);
		t->year = year;
		t->shape = k->shape;
	}
	hmap_free(&seen);
}

int
app_near(struct store *s, double *near, struct buf *err)
{
	struct buf v = BUF_INIT;
	bool found;

	*near = EVAL_NEAR_DEFAULT;
	if (store_setting(s, APP_NEAR_SETTING, &v, &found) != 0) {
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

/* The index over what was loaded: the values of the units below, or (own)
 * the unit's own beside the cached figures. */
static void
index_figures(struct app_eval *e, bool own)
{
	struct fig_data d;

	memset(&d, 0, sizeof(d));
	d.units = e->units;
	d.nunits = e->nunits;
	d.changes = e->changes;
	d.nchanges = e->nchanges;
	d.values = own ? e->values : e->fvalues.a;
	d.nvalues = own ? e->nvalues : e->fvalues.n;
	d.targets = e->ktargets;
	d.ntargets = e->nktargets;
	d.kept = e->kept;
	e->figs = fig_index(&d);
}

/* Load what fig_get needs for unit's figures of year y and y - 1, and
 * index it. */
static int
load_figures(struct store *s, struct app_eval *e, int year, struct buf *err)
{
	const char **set;
	size_t n;
	int rc;

	/* The history near the unit, or the whole country's. */
	if (app_is_nation(&e->unit) ? store_units(s, &e->units,
	    &e->nunits) != 0 || store_unit_changes(s, &e->changes,
	    &e->nchanges) != 0 : store_units_near(s, e->unit.code, &e->units,
	    &e->nunits, &e->changes, &e->nchanges) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	if (app_is_nation(&e->unit))
		add_nation(e);
	set = figure_units(e, e->unit.code, &n);
	rc = store_values_of(s, set, n, year - 1, year, &e->fvalues);
	/* Which units below are expected to report: their targets of the
	 * year (set[0] is the unit itself). */
	if (rc == 0 && n > 1)
		rc = store_targets_of(s, set + 1, n - 1, year, &e->ktargets,
		    &e->nktargets);
	free(set);
	/* The unit's own, with their notes, for the pages that list what was
	 * entered. */
	if (rc == 0)
		rc = store_values(s, e->unit.code, year - 1, year, &e->values,
		    &e->nvalues);
	if (rc != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	index_figures(e, false);
	return 0;
}

/* ---- the roll-up cache ---- */

/* member's figures of every indicator for period p as at the end of e's
 * year, packed (fig_pack). */
static void
pack_member(const struct app_eval *e, const char *member,
    const struct period *p, struct buf *out)
{
	struct fig_pre *a = xcalloc(e->ninds + 1, sizeof(*a));
	struct date asof = period_last_day(&e->period);
	size_t i;

	for (i = 0; i < e->ninds; i++) {
		a[i].unit = member;
		a[i].indicator = e->inds[i].code;
		a[i].period = *p;
		a[i].asof = asof;
		fig_get(e->figs, member, &e->inds[i], p, &asof, &a[i].fig);
	}
	fig_pack(out, a, e->ninds);
	for (i = 0; i < e->ninds; i++)
		fig_release(&a[i].fig);
	free(a);
}

/* member's row: its figures of the year and of the year before. */
static void
pack_row(const struct app_eval *e, const char *member, struct rollup_row *r)
{
	struct period before = period_previous_year(&e->period);

	r->member = xstrdup(member);
	pack_member(e, member, &e->period, &r->data);
	pack_member(e, member, &before, &r->before);
}

/* Keep the figures of e's unit and of its children (a cache: a failure to
 * write it changes nothing the reader sees). */
static void
rollup_keep(struct store *s, const struct app_eval *e,
    const struct rollup_stamp *st)
{
	struct date asof = period_last_day(&e->period);
	struct rollup_row *rows;
	const char **kids;
	size_t n, i;
	bool kept;

	kids = fig_children(e->figs, e->unit.code, &asof, &n);
	if (n == 0) {
		free(kids);
		return;
	}
	rows = xcalloc(n + 1, sizeof(*rows));
	pack_row(e, e->unit.code, &rows[0]);
	for (i = 0; i < n; i++)
		pack_row(e, kids[i], &rows[i + 1]);
	(void)store_rollup_put(s, e->unit.code, e->period.year, st, rows,
	    n + 1, &kept);
	store_free_rollup(rows, n + 1);
	free(kids);
}

/* Rows (now e's) added to e->kept; false when one is malformed. */
static bool
rollup_take(struct app_eval *e, struct rollup_row *rows, size_t n)
{
	size_t i, at = e->nrollup;

	e->rollup = xrealloc(e->rollup, (e->nrollup + n + 1) *
	    sizeof(*e->rollup));
	memcpy(e->rollup + e->nrollup, rows, n * sizeof(*rows));
	e->nrollup += n;
	free(rows);
	if (e->kept == NULL)
		e->kept = fig_kept_new();
	for (i = at; i < e->nrollup; i++)
		if (fig_kept_add(e->kept, e->rollup[i].data.data,
		    e->rollup[i].data.len, e->rollup[i].member) != 0 ||
		    (e->rollup[i].before.len > 0 && fig_kept_add(e->kept,
		    e->rollup[i].before.data, e->rollup[i].before.len,
		    e->rollup[i].member) != 0))
			return false;
	return true;
}

static void
add_unit(struct app_eval *e, const char *code, const char *parent)
{
	struct unit *u;

	e->units = xrealloc(e->units, (e->nunits + 1) * sizeof(*e->units));
	u = &e->units[e->nunits++];
	memset(u, 0, sizeof(*u));
	u->code = xstrdup(code);
	u->name = xstrdup(code);
	u->parent = xstrdup(parent);
}

/* A unit with children from its cached figures (*hit false when there are
 * none): the unit and its children as they were kept (the children's of
 * the year before when asked). */
static int
load_cached(struct store *s, struct app_eval *e, int year, bool before,
    bool *hit)
{
	struct rollup_row *rows;
	size_t n, i;
	bool self = false;

	*hit = false;
	if (store_rollup_get(s, e->unit.code, year, NULL, before, &rows,
	    &n) != 0)
		return -1;
	for (i = 0; i < n && !self; i++)
		self = strcmp(rows[i].member, e->unit.code) == 0;
	if (!self) {
		store_free_rollup(rows, n);
		return 0;
	}
	if (!rollup_take(e, rows, n)) {
		/* Malformed: computed again, as if it were not there. */
		fig_kept_free(e->kept);
		store_free_rollup(e->rollup, e->nrollup);
		e->kept = NULL, e->rollup = NULL, e->nrollup = 0;
		return 0;
	}
	add_unit(e, e->unit.code, NULL);
	for (i = 0; i < e->nrollup; i++)
		if (strcmp(e->rollup[i].member, e->unit.code) != 0)
			add_unit(e, e->rollup[i].member, e->unit.code);
	*hit = true;
	return 0;
}

static bool
valid_at(const struct unit *u, const struct date *at)
{
	return (!date_isset(&u->valid_from) || date_cmp(&u->valid_from, at) <= 0) &&
	    (!date_isset(&u->valid_to) || date_cmp(&u->valid_to, at) >= 0);
}

static int evaluate(struct store *, const char *, const struct period *,
    double, bool, bool, struct app_eval *, struct buf *);

/* Province code's figures computed and kept (evaluate does both), and its
 * own row taken into e. */
static int
compute_member(struct store *s, struct app_eval *e, const char *code,
    const struct period *p, struct buf *err)
{
	struct app_eval pe;
	struct rollup_row *one;
	int rc = -1;

	if (evaluate(s, code, p, e->near, true, false, &pe, err) == 0) {
		one = xcalloc(1, sizeof(*one));
		pack_row(&pe, code, one);
		if (rollup_take(e, one, 1))
			rc = 0;
		else
			buf_printf(err, "không tổng hợp được số liệu của %s",
			    code);
	}
	app_eval_free(&pe);
	return rc;
}

/* The country, put together from its provinces' cached figures (each
 * computed and kept first when it is not there). */
static int
load_nation(struct store *s, struct app_eval *e, const struct period *p,
    struct buf *err)
{
	struct date asof = period_last_day(p);
	struct rollup_row *rows;
	const char **kids = NULL;
	size_t nkids = 0, i, n;
	int rc = 0;

	if (store_units(s, &e->units, &e->nunits) != 0 ||
	    store_unit_changes(s, &e->changes, &e->nchanges) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	add_nation(e);
	kids = xcalloc(e->nunits + 1, sizeof(*kids));
	for (i = 0; i < e->nunits; i++)
		if (e->units[i].parent != NULL &&
		    strcmp(e->units[i].parent, e->unit.code) == 0 &&
		    valid_at(&e->units[i], &asof))
			kids[nkids++] = e->units[i].code;
	for (i = 0; i < nkids && rc == 0; i++) {
		if ((rc = store_rollup_get(s, kids[i], p->year, kids[i], true,
		    &rows, &n)) != 0)
			break;
		/* (A malformed row adds nothing and is computed again.) */
		if (n == 1 && rollup_take(e, rows, n))
			continue;
		if (n != 1)
			store_free_rollup(rows, n);
		rc = compute_member(s, e, kids[i], p, err);
	}
	/* Who is expected to report: the provinces' targets of the year. */
	if (rc == 0 && store_targets_of(s, kids, nkids, p->year, &e->ktargets,
	    &e->nktargets) != 0)
		rc = -1;
	if (rc != 0 && err->len == 0)
		buf_puts(err, store_error(s));
	free(kids);
	return rc;
}

static int evaluate_unit(struct store *, const struct period *, double,
    bool, bool, struct app_eval *, struct buf *);

static int
evaluate(struct store *s, const char *q, const struct period *p,
    double near, bool rollup, bool before, struct app_eval *e,
    struct buf *err)
{
	struct store_ahead ah;
	int rc;

	memset(e, 0, sizeof(*e));
	e->period = *p;
	if (app_find_unit(s, q, &e->unit, err) != 0)
		return -1;
	/* What evaluate_unit reads next, asked for together. */
	memset(&ah, 0, sizeof(ah));
	ah.setting = near < 0 ? APP_NEAR_SETTING : NULL;
	ah.sectors = ah.indicators = ah.cutoffs = true;
	ah.targets_unit = e->unit.code;
	ah.targets_year = p->year;
	if (rollup && p->kind == PERIOD_YEAR && !app_is_nation(&e->unit)) {
		ah.rollup_unit = ah.values_unit = e->unit.code;
		ah.rollup_year = ah.values_y1 = p->year;
		ah.rollup_before = before;
		ah.values_y0 = p->year - 1;
	}
	store_read_ahead(s, &ah);
	rc = evaluate_unit(s, p, near, rollup, before, e, err);
	store_read_ahead_end(s);
	return rc;
}

/* evaluate, its unit found (e->unit). */
static int
evaluate_unit(struct store *s, const struct period *p, double near,
    bool rollup, bool before, struct app_eval *e, struct buf *err)
{
	struct cutoff cut[PERIOD__MAX];
	struct rollup_stamp stamp;
	struct eval_input in;
	size_t ncut;
	bool hit = false, nation;
	int rc = 0;

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
	rollup = rollup && p->kind == PERIOD_YEAR;
	nation = rollup && app_is_nation(&e->unit);
	if (nation)
		rc = load_nation(s, e, p, err);
	/* The stamp before anything is read: what a write makes stale
	 * meanwhile is not kept. */
	else if (rollup && (load_cached(s, e, p->year, before, &hit) != 0 ||
	    (!hit && store_rollup_stamp(s, e->unit.code, p->year,
	    &stamp) != 0))) {
		buf_puts(err, store_error(s));
		rc = -1;
	}
	if (rc == 0 && (nation || hit)) {
		/* Beside the kept figures, the unit's own values (and rows). */
		if (store_values(s, e->unit.code, p->year - 1, p->year,
		    &e->values, &e->nvalues) != 0) {
			buf_puts(err, store_error(s));
			rc = -1;
		} else
			index_figures(e, true);
	} else if (rc == 0)
		rc = load_figures(s, e, p->year, err);
	if (rc != 0)
		return -1;
	if (rollup && !nation && !hit)
		rollup_keep(s, e, &stamp);
	if (app_is_nation(&e->unit) && e->ntargets == 0)
		nation_targets(e, p->year);
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

int
app_evaluate(struct store *s, const char *q, const struct period *p,
    double near, struct app_eval *e, struct buf *err)
{
	return evaluate(s, q, p, near, false, false, e, err);
}

int
app_evaluate_rollup(struct store *s, const char *q, const struct period *p,
    double near, bool before, struct app_eval *e, struct buf *err)
{
	return evaluate(s, q, p, near, true, before, e, err);
}

int
app_rollup_warm(struct store *s, int year, struct buf *err)
{
	struct app_eval e;
	struct period p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.kind = PERIOD_YEAR;
	p.year = year;
	memset(&e, 0, sizeof(e));
	rc = app_evaluate_rollup(s, APP_NATION_CODE, &p, -1, false, &e, err);
	app_eval_free(&e);
	return rc;
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
	store_free_value_set(&e->fvalues);
	fig_ctx_free(e->figs);
	store_free_units(e->units, e->nunits);
	store_free_unit_changes(e->changes, e->nchanges);
	store_free_targets(e->ktargets, e->nktargets);
	fig_kept_free(e->kept);
	store_free_rollup(e->rollup, e->nrollup);
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
    const size_t *top, const struct fig_ctx *figs, struct app_unit_eval *u)
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
		if (figs != NULL) {
			in.figs = figs;
			in.asof = period_last_day(&b->period);
		}
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
		u->res.sum.no_level += gr.sum.no_level;
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
    const struct period *p, double near, const struct app_eval *above,
    struct app_bulk *b, struct buf *err)
{
	struct date end = period_last_day(p);
	struct hmap idx, kids;
	const char **kid = NULL;
	size_t i, k, nk = 0, *top;

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
	memset(&kids, 0, sizeof(kids));
	if (above != NULL && above->figs != NULL &&
	    (kid = fig_children(above->figs, above->unit.code, &end, &nk)) != NULL)
		for (k = 0; k < nk; k++)
			hmap_put(&kids, kid[k], k);
	b->units = xcalloc(n ? n : 1, sizeof(*b->units));
	b->nunits = n;
	for (i = 0; i < n; i++) {
		struct app_unit_eval *u = &b->units[i];

		u->code = codes[i];
		u->on_figs = hmap_get(&kids, u->code, &k);
		if (store_targets(s, u->code, p->year, &u->targets,
		    &u->ntargets) != 0 || (!u->on_figs &&
		    store_values(s, u->code, p->year - 1, p->year, &u->values,
		    &u->nvalues) != 0)) {
			buf_puts(err, store_error(s));
			hmap_free(&idx);
			hmap_free(&kids);
			free(kid);
			free(top);
			return -1;
		}
		eval_grouped(b, &idx, top, u->on_figs ? above->figs : NULL, u);
	}
	hmap_free(&idx);
	hmap_free(&kids);
	free(kid);
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
