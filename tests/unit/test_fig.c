/* test_fig.c: unit tests of fig.c, a unit's figure from its own values,
 * from the units it replaced (with shares) and from its children (with
 * coverage). The data: on 2025-07-01 communes A and B merge into C1, except
 * 40% of B that goes with X into C2; Y becomes C3 whole; C1, C2, C3 belong
 * to province 89. Every expected figure is worked out by hand in the
 * comment beside it, never copied from output. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/fig.h"
#include "core/period.h"

static void
approx(double got, double want, const char *file, int line)
{
	double m = fmax(1.0, fmax(fabs(got), fabs(want)));

	if (!(fabs(got - want) <= 1e-12 * m)) {
		print_error("%s:%d: got %.17g, want %.17g\n", file, line, got,
		    want);
		_fail(file, line);
	}
}
#define assert_approx(got, want) approx((got), (want), __FILE__, __LINE__)

#define MAXV 64

/* A small world of units, changes, values and targets. */
struct world {
	struct unit	 u[16];
	size_t		 nu;
	struct unit_change c[16];
	size_t		 nc;
	struct value	 v[MAXV];
	size_t		 nv;
	struct target	 t[16];
	size_t		 nt;
	struct fig_ctx	*ctx;
};

static const struct date JUL1 = { 2025, 7, 1 };
static const struct date JUN30 = { 2025, 6, 30 };

static struct indicator QTY = { .code = "HKD", .kind = KIND_QUANTITY,
    .tagg = TIME_FLOW, .uagg = UAGG_SUM };
static struct indicator RATE = { .code = "BHYT", .kind = KIND_RATE,
    .tagg = TIME_RATE, .uagg = UAGG_RATIO };
static struct indicator YESNO = { .code = "ANTT", .kind = KIND_YESNO,
    .tagg = TIME_STOCK, .uagg = UAGG_NONE };

static void
unit(struct world *w, const char *code, const char *parent, bool old, bool new_)
{
	struct unit *u = &w->u[w->nu++];

	memset(u, 0, sizeof(*u));
	u->code = (char *)code;
	u->name = (char *)code;
	u->kind = (char *)"xã";
	u->parent = (char *)parent;
	if (old)
		u->valid_to = JUN30;
	if (new_)
		u->valid_from = JUL1;
}

static void
change(struct world *w, const char *from, const char *to, double share)
{
	struct unit_change *c = &w->c[w->nc++];

	c->date = JUL1;
	c->from = (char *)from;
	c->to = (char *)to;
	c->share = share;
}

static struct value *
val(struct world *w, const char *unit, const struct indicator *ind,
    const char *period, double x)
{
	struct value *v = &w->v[w->nv++];

	memset(v, 0, sizeof(*v));
	v->unit = (char *)unit;
	v->indicator = ind->code;
	assert_int_equal(period_parse(period, strlen(period), &v->period), 0);
	v->has_value = true;
	v->value = x;
	return v;
}

static void
ratio(struct world *w, const char *unit, const char *period, double num,
    double den)
{
	struct value *v = val(w, unit, &RATE, period, 0);

	v->has_value = false;
	v->has_ratio = true;
	v->num = num;
	v->den = den;
}

static void
target(struct world *w, const char *unit, const struct indicator *ind)
{
	struct target *t = &w->t[w->nt++];

	memset(t, 0, sizeof(*t));
	t->unit = (char *)unit;
	t->indicator = ind->code;
	t->year = 2025;
	t->shape = SHAPE_AT_LEAST;
}

/* The merger of the file comment, with 2024 values of the old communes. */
static void
merger(struct world *w)
{
	memset(w, 0, sizeof(*w));
	unit(w, "89", NULL, false, false);
	unit(w, "A", NULL, true, false);
	unit(w, "B", NULL, true, false);
	unit(w, "X", NULL, true, false);
	unit(w, "Y", NULL, true, false);
	unit(w, "C1", "89", false, true);
	unit(w, "C2", "89", false, true);
	unit(w, "C3", "89", false, true);
	change(w, "A", "C1", 100);
	change(w, "B", "C1", 60);
	change(w, "B", "C2", 40);
	change(w, "X", "C2", 100);
	change(w, "Y", "C3", 100);
	val(w, "A", &QTY, "2024", 400);
	val(w, "B", &QTY, "2024", 250);
	val(w, "X", &QTY, "2024", 100);
	val(w, "Y", &QTY, "2024", 70);
	ratio(w, "A", "2024", 30, 100);
	ratio(w, "B", "2024", 10, 50);
	ratio(w, "X", "2024", 5, 20);
	val(w, "A", &YESNO, "2024", 1);
	val(w, "B", &YESNO, "2024", 1);
	val(w, "X", &YESNO, "2024", 0);
	val(w, "Y", &YESNO, "2024", 1);
}

static void
build(struct world *w)
{
	struct fig_data d = { w->u, w->nu, w->c, w->nc, w->v, w->nv, w->t,
	    w->nt, NULL };

	w->ctx = fig_index(&d);
}

static void
get(struct world *w, const char *unit_, const struct indicator *ind,
    const char *period, const struct date *asof, struct fig *f)
{
	struct period p;

	assert_int_equal(period_parse(period, strlen(period), &p), 0);
	fig_get(w->ctx, unit_, ind, &p, asof, f);
}

static void
done(struct world *w)
{
	fig_ctx_free(w->ctx);
}

static void
assert_codes(const char *const *got, size_t n, const char *want)
{
	char buf[256] = "";
	size_t i;

	for (i = 0; i < n; i++) {
		strcat(buf, i ? "," : "");
		strcat(buf, got[i]);
	}
	assert_string_equal(buf, want);
}

/* ---- own values ---- */

static void
own_value_exact_and_coverage(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	build(&w);
	get(&w, "A", &QTY, "2024", NULL, &f);
	assert_int_equal(f.source, FIG_OWN);
	assert_true(f.has);
	assert_approx(f.value, 400);
	assert_int_equal(f.reported, 1);
	assert_int_equal(f.expected, 1);
	assert_int_equal(f.nmissing, 0);
	assert_non_null(f.row);
	fig_release(&f);
	done(&w);
}

static void
own_missing_names_itself(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	build(&w);
	/* C3 has no 2026 value and no children. */
	get(&w, "C3", &QTY, "2026", NULL, &f);
	assert_int_equal(f.source, FIG_NONE);
	assert_false(f.has);
	assert_int_equal(f.reported, 0);
	assert_int_equal(f.expected, 1);
	assert_codes(f.missing, f.nmissing, "C3");
	fig_release(&f);
	done(&w);
}

static void
own_year_from_quarters(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	/* A's 2023 by quarter: 90 + 100 + 110 + 120 = 420. */
	val(&w, "A", &QTY, "2023-Q1", 90);
	val(&w, "A", &QTY, "2023-Q2", 100);
	val(&w, "A", &QTY, "2023-Q3", 110)->status = STATUS_ESTIMATE;
	val(&w, "A", &QTY, "2023-Q4", 120);
	build(&w);
	get(&w, "A", &QTY, "2023", NULL, &f);
	assert_true(f.has);
	assert_approx(f.value, 420);
	assert_int_equal(f.parts, 4);
	assert_true(f.estimate);
	assert_null(f.row);
	fig_release(&f);
	done(&w);
}

/* ---- predecessors ---- */

static void
sum_with_shares(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	build(&w);
	/* C1 2024 = A + 60% of B = 400 + 150 = 550. */
	get(&w, "C1", &QTY, "2024", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_true(f.has);
	assert_approx(f.value, 550);
	assert_codes(f.from, f.nfrom, "A,B");
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 2);
	fig_release(&f);
	/* C2 2024 = 40% of B + X = 100 + 100 = 200. */
	get(&w, "C2", &QTY, "2024", NULL, &f);
	assert_approx(f.value, 200);
	assert_codes(f.from, f.nfrom, "B,X");
	fig_release(&f);
	done(&w);
}

static void
ratio_recomputed_with_shares(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	build(&w);
	/* C1: (30 + 0.6 × 10) / (100 + 0.6 × 50) = 36 / 130, not the mean of
	 * 30% and 20%. */
	get(&w, "C1", &RATE, "2024", NULL, &f);
	assert_true(f.has);
	assert_approx(f.num, 36);
	assert_approx(f.den, 130);
	assert_approx(f.value, 36.0 / 130.0 * 100.0);
	fig_release(&f);
	/* C2: (0.4 × 10 + 5) / (0.4 × 50 + 20) = 9 / 40 = 22.5%. */
	get(&w, "C2", &RATE, "2024", NULL, &f);
	assert_approx(f.value, 22.5);
	fig_release(&f);
	done(&w);
}

static void
ratio_without_parts_not_derivable(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	/* B gave only its percentage: 60% of B's people cannot be counted. */
	w.v[5].has_ratio = false;	/* B's BHYT */
	w.v[5].has_value = true;
	w.v[5].value = 20;
	assert_string_equal(w.v[5].unit, "B");
	build(&w);
	get(&w, "C1", &RATE, "2024", NULL, &f);
	assert_false(f.has);
	assert_non_null(f.why);
	fig_release(&f);
	done(&w);
}

static void
none_not_derivable_but_whole_is(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	build(&w);
	get(&w, "C1", &YESNO, "2024", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_false(f.has);
	assert_non_null(strstr(f.why, "không gộp được"));
	fig_release(&f);
	/* Y became C3 whole: the same figure, even of a yes/no. */
	get(&w, "C3", &YESNO, "2024", NULL, &f);
	assert_true(f.has);
	assert_approx(f.value, 1);
	assert_codes(f.from, f.nfrom, "Y");
	fig_release(&f);
	done(&w);
}

static void
missing_predecessor(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	w.v[1].has_value = false;	/* B's HKD 2024 */
	assert_string_equal(w.v[1].unit, "B");
	build(&w);
	get(&w, "C1", &QTY, "2024", NULL, &f);
	assert_false(f.has);
	assert_int_equal(f.reported, 1);
	assert_int_equal(f.expected, 2);
	assert_codes(f.missing, f.nmissing, "B");
	fig_release(&f);
	done(&w);
}

static void
estimate_propagates(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	w.v[2].status = STATUS_ESTIMATE;	/* X's HKD 2024 */
	assert_string_equal(w.v[2].unit, "X");
	build(&w);
	get(&w, "C2", &QTY, "2024", NULL, &f);
	assert_true(f.has);
	assert_true(f.estimate);
	fig_release(&f);
	get(&w, "C1", &QTY, "2024", NULL, &f);
	assert_false(f.estimate);
	fig_release(&f);
	done(&w);
}

static void
period_after_change_is_own(void **state)
{
	struct world w;
	struct fig f;
	struct date end2024 = { 2024, 12, 31 };

	(void)state;
	merger(&w);
	val(&w, "C1", &QTY, "2025-H2", 300);
	build(&w);
	/* 2025-H2 is after the change: C1's own. */
	get(&w, "C1", &QTY, "2025-H2", NULL, &f);
	assert_int_equal(f.source, FIG_OWN);
	assert_approx(f.value, 300);
	fig_release(&f);
	/* The first half is before it: A + 60% B have no H1 values. */
	get(&w, "C1", &QTY, "2025-H1", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_false(f.has);
	fig_release(&f);
	/* As the units were at the end of 2024, C1 did not exist yet. */
	get(&w, "C1", &QTY, "2024", &end2024, &f);
	assert_int_equal(f.source, FIG_NONE);
	assert_false(f.has);
	fig_release(&f);
	done(&w);
}

static void
kept_code_takes_others_in(void **state)
{
	struct world w;
	struct fig f;
	struct date end2024 = { 2024, 12, 31 };

	(void)state;
	memset(&w, 0, sizeof(w));
	/* K keeps its code and takes L in: K's own 2024 value is the old K's. */
	unit(&w, "K", NULL, false, false);
	unit(&w, "L", NULL, true, false);
	change(&w, "K", "K", 100);
	change(&w, "L", "K", 100);
	val(&w, "K", &QTY, "2024", 10);
	val(&w, "L", &QTY, "2024", 5);
	build(&w);
	get(&w, "K", &QTY, "2024", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_approx(f.value, 15);
	assert_codes(f.from, f.nfrom, "K,L");
	fig_release(&f);
	/* The old K, as it was before the change. */
	get(&w, "K", &QTY, "2024", &end2024, &f);
	assert_int_equal(f.source, FIG_OWN);
	assert_approx(f.value, 10);
	fig_release(&f);
	done(&w);
}

/* ---- children ---- */

static void
rollup_sum_with_coverage(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	val(&w, "C1", &QTY, "2025", 600);
	val(&w, "C2", &QTY, "2025", 210)->status = STATUS_ESTIMATE;
	target(&w, "C1", &QTY);
	target(&w, "C2", &QTY);
	target(&w, "C3", &QTY);
	build(&w);
	/* 600 + 210 = 810; C3 expected (it has a target) and missing; C2's
	 * estimate makes the total an estimate. */
	get(&w, "89", &QTY, "2025", NULL, &f);
	assert_int_equal(f.source, FIG_CHILDREN);
	assert_true(f.has);
	assert_approx(f.value, 810);
	assert_true(f.estimate);
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 3);
	assert_codes(f.missing, f.nmissing, "C3");
	assert_codes(f.from, f.nfrom, "C1,C2");
	fig_release(&f);
	done(&w);
}

static void
rollup_expected_are_those_with_targets(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	val(&w, "C1", &QTY, "2025", 600);
	/* Only C1 and C2 have targets: C3's silence is not missing. */
	target(&w, "C1", &QTY);
	target(&w, "C2", &QTY);
	build(&w);
	get(&w, "89", &QTY, "2025", NULL, &f);
	assert_approx(f.value, 600);
	assert_int_equal(f.reported, 1);
	assert_int_equal(f.expected, 2);
	assert_codes(f.missing, f.nmissing, "C2");
	fig_release(&f);
	done(&w);
}

static void
rollup_ratio_of_sums(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	ratio(&w, "C1", "2025", 40, 100);
	ratio(&w, "C2", "2025", 10, 40);
	build(&w);
	/* (40 + 10) / (100 + 40) = 35.714…%, not (40% + 25%) / 2 = 32.5%;
	 * nobody has a target: all three children expected. */
	get(&w, "89", &RATE, "2025", NULL, &f);
	assert_true(f.has);
	assert_approx(f.value, 50.0 / 140.0 * 100.0);
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 3);
	assert_codes(f.missing, f.nmissing, "C3");
	fig_release(&f);
	done(&w);
}

static void
rollup_none_not_combined(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	val(&w, "C1", &YESNO, "2025", 1);
	val(&w, "C2", &YESNO, "2025", 0);
	build(&w);
	get(&w, "89", &YESNO, "2025", NULL, &f);
	assert_int_equal(f.source, FIG_CHILDREN);
	assert_false(f.has);
	assert_non_null(strstr(f.why, "không gộp được"));
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 3);
	fig_release(&f);
	done(&w);
}

static void
rollup_own_value_wins(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	val(&w, "C1", &QTY, "2025", 600);
	val(&w, "89", &QTY, "2025", 1000);
	build(&w);
	get(&w, "89", &QTY, "2025", NULL, &f);
	assert_int_equal(f.source, FIG_OWN);
	assert_approx(f.value, 1000);
	fig_release(&f);
	done(&w);
}

static void
rollup_of_the_past_through_predecessors(void **state)
{
	struct world w;
	struct fig f;
	struct date end2025 = { 2025, 12, 31 };

	(void)state;
	merger(&w);
	build(&w);
	/* The province's 2024 with its 2025 communes: C1 550 + C2 200 +
	 * C3 70 = 820, each derived from the old communes. */
	get(&w, "89", &QTY, "2024", &end2025, &f);
	assert_int_equal(f.source, FIG_CHILDREN);
	assert_approx(f.value, 820);
	assert_int_equal(f.reported, 3);
	fig_release(&f);
	done(&w);
}

/* A level between: province 90 > district D (no targets) > communes E1, E2,
 * E3, of which E1 and E2 have a target. The province counts the communes:
 * E1 reported, E2 did not, E3 is not expected → 1 of 2, missing E2; the
 * sum is E1's 40 alone. A yes/no indicator below the district says that it
 * does not combine rather than that nobody reported. */
static void
rollup_through_a_level_between(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	memset(&w, 0, sizeof(w));
	unit(&w, "90", NULL, false, false);
	unit(&w, "D", "90", false, false);
	unit(&w, "E1", "D", false, false);
	unit(&w, "E2", "D", false, false);
	unit(&w, "E3", "D", false, false);
	target(&w, "E1", &QTY);
	target(&w, "E2", &QTY);
	val(&w, "E1", &QTY, "2025", 40);
	val(&w, "E3", &QTY, "2025", 5);
	val(&w, "E1", &YESNO, "2025", 1);
	build(&w);
	get(&w, "90", &QTY, "2025", NULL, &f);
	assert_true(f.has);
	/* E3 has a figure but no target: it adds to the sum (40 + 5). */
	assert_approx(f.value, 45);
	assert_int_equal(f.reported, 1);
	assert_int_equal(f.expected, 2);
	assert_codes(f.missing, f.nmissing, "E2");
	fig_release(&f);
	get(&w, "90", &YESNO, "2025", NULL, &f);
	assert_false(f.has);
	assert_int_equal(f.reported, 1);
	assert_non_null(strstr(f.why, "không gộp được"));
	fig_release(&f);
	done(&w);
}

static void
children_valid_at_asof(void **state)
{
	struct world w;
	const char **k;
	size_t n;
	struct date end2024 = { 2024, 12, 31 };

	(void)state;
	merger(&w);
	/* An old commune of the province, ended before the new ones. */
	unit(&w, "Z", "89", true, false);
	build(&w);
	k = fig_children(w.ctx, "89", NULL, &n);
	assert_codes(k, n, "C1,C2,C3");
	free(k);
	k = fig_children(w.ctx, "89", &end2024, &n);
	assert_codes(k, n, "Z");
	free(k);
	done(&w);
}

static void
lineage_both_ways(void **state)
{
	struct world w;
	const struct unit_change **pred, **succ;
	size_t np, ns;

	(void)state;
	merger(&w);
	build(&w);
	fig_lineage(w.ctx, "B", &pred, &np, &succ, &ns);
	assert_int_equal(np, 0);
	assert_int_equal(ns, 2);
	assert_true(succ[0]->share + succ[1]->share == 100);
	free(pred);
	free(succ);
	fig_lineage(w.ctx, "C2", &pred, &np, &succ, &ns);
	assert_int_equal(np, 2);
	assert_int_equal(ns, 0);
	free(pred);
	free(succ);
	done(&w);
}

/* 2025 holds the change of 2025-07-01: C1's year is A's and 60% of B's
 * first half with its own second half. Households: A 90 + 110 = 200, B
 * 50 + 50 = 100, C1 150 + 170 = 320 → 200 + 60% × 100 + 320 = 580 (its
 * own quarters alone, the old answer, were 320). The rate from the parts:
 * (60 + 60% × 20 + 85) / (200 + 60% × 100 + 200) = 157 / 460 = 34.1304…%.
 * C2 has no quarter of its own from July: not a year's figure. K keeps its
 * code and takes L in: old K 10 + 10, L 5 + 5, new K 20 + 20 → 70. */
static void
change_within_the_period(void **state)
{
	struct world w;
	struct fig f;

	(void)state;
	merger(&w);
	val(&w, "A", &QTY, "2025-Q1", 90);
	val(&w, "A", &QTY, "2025-Q2", 110);
	val(&w, "B", &QTY, "2025-Q1", 50);
	val(&w, "B", &QTY, "2025-Q2", 50);
	val(&w, "X", &QTY, "2025-Q1", 10);
	val(&w, "C1", &QTY, "2025-Q3", 150);
	val(&w, "C1", &QTY, "2025-Q4", 170)->status = STATUS_ESTIMATE;
	ratio(&w, "A", "2025-Q1", 30, 100);
	ratio(&w, "A", "2025-Q2", 30, 100);
	ratio(&w, "B", "2025-Q1", 10, 50);
	ratio(&w, "B", "2025-Q2", 10, 50);
	ratio(&w, "C1", "2025-Q3", 40, 100);
	ratio(&w, "C1", "2025-Q4", 45, 100);
	build(&w);
	get(&w, "C1", &QTY, "2025", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_true(f.has);
	assert_approx(f.value, 580);
	assert_true(f.estimate);
	assert_true(f.with_own);
	assert_codes(f.from, f.nfrom, "A,B");
	{
		/* Kept and read back (the roll-up cache), it says so still. */
		struct fig_pre one, back;
		struct buf blob = BUF_INIT;
		struct fig_kept *k = fig_kept_new();

		memset(&one, 0, sizeof(one));
		one.unit = "C1";
		one.indicator = QTY.code;
		one.fig = f;
		fig_pack(&blob, &one, 1);
		assert_int_equal(fig_kept_add(k, blob.data, blob.len, "C1"), 0);
		assert_int_equal(fig_kept_count(k), 1);
		fig_kept_answer(k, 0, &back);
		assert_true(back.fig.with_own);
		assert_approx(back.fig.value, 580);
		assert_codes(back.fig.from, back.fig.nfrom, "A,B");
		fig_release(&back.fig);
		fig_kept_free(k);
		buf_free(&blob);
	}
	fig_release(&f);
	/* A period before the change is the old units' alone. */
	get(&w, "C1", &QTY, "2025-H1", NULL, &f);
	assert_int_equal(f.source, FIG_PREDECESSORS);
	assert_approx(f.value, 90 + 110 + 0.6 * (50 + 50));
	assert_false(f.with_own);
	fig_release(&f);
	get(&w, "C1", &RATE, "2025", NULL, &f);
	assert_true(f.has);
	assert_approx(f.value, 157.0 / 460.0 * 100.0);
	fig_release(&f);
	get(&w, "C2", &QTY, "2025", NULL, &f);
	assert_false(f.has);
	assert_codes(f.missing, f.nmissing, "C2");
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 3);
	fig_release(&f);
	/* Nothing before the change nor after it: all are named. */
	get(&w, "C3", &QTY, "2025", NULL, &f);
	assert_false(f.has);
	assert_codes(f.missing, f.nmissing, "Y,C3");
	assert_int_equal(f.reported, 0);
	assert_int_equal(f.expected, 2);
	fig_release(&f);
	/* Its second half alone is its own. */
	get(&w, "C1", &QTY, "2025-H2", NULL, &f);
	assert_int_equal(f.source, FIG_OWN);
	assert_approx(f.value, 320);
	fig_release(&f);
	done(&w);

	memset(&w, 0, sizeof(w));
	unit(&w, "K", NULL, false, false);
	unit(&w, "L", NULL, true, false);
	change(&w, "K", "K", 100);
	change(&w, "L", "K", 100);
	val(&w, "K", &QTY, "2025-Q1", 10);
	val(&w, "K", &QTY, "2025-Q2", 10);
	val(&w, "L", &QTY, "2025-Q1", 5);
	val(&w, "L", &QTY, "2025-Q2", 5);
	val(&w, "K", &QTY, "2025-Q3", 20);
	val(&w, "K", &QTY, "2025-Q4", 20);
	build(&w);
	get(&w, "K", &QTY, "2025", NULL, &f);
	assert_true(f.has);
	assert_approx(f.value, 70);
	fig_release(&f);
	done(&w);
}

/* ---- answers computed before (the roll-up cache) ---- */

/* The children's answers packed, read back and given to an index without
 * their values: the province's figure from them is the one computed from
 * the values (810, an estimate, 2 of 3, C3 missing); every shorter blob
 * is refused whole. */
static void
known_answers_round_trip(void **state)
{
	static const char *const kids[] = { "C1", "C2", "C3" };
	static const struct date END = { 2025, 12, 31 };
	struct world w;
	struct fig_pre pre[3], got;
	struct buf all = BUF_INIT, blob[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct fig f, g;
	struct fig_data d;
	struct fig_ctx *c;
	struct fig_kept *k = fig_kept_new();
	size_t i, m;

	(void)state;
	merger(&w);
	val(&w, "C1", &QTY, "2025", 600);
	val(&w, "C2", &QTY, "2025", 210)->status = STATUS_ESTIMATE;
	target(&w, "C1", &QTY);
	target(&w, "C2", &QTY);
	target(&w, "C3", &QTY);
	build(&w);
	memset(pre, 0, sizeof(pre));
	for (i = 0; i < 3; i++) {
		pre[i].unit = kids[i];
		pre[i].indicator = QTY.code;
		assert_int_equal(period_parse("2025", 4, &pre[i].period), 0);
		pre[i].asof = END;
		fig_get(w.ctx, kids[i], &QTY, &pre[i].period, &END, &pre[i].fig);
		fig_pack(&blob[i], &pre[i], 1);
	}
	fig_pack(&all, pre, 3);
	for (m = 0; m < all.len; m++)
		assert_int_equal(fig_kept_add(k, all.data, m, "C1"), -1);
	assert_int_equal(fig_kept_count(k), 0);
	/* A blob of an older layout is refused (and so computed again). */
	all.data[2] = '2';
	assert_int_equal(fig_kept_add(k, all.data, all.len, "C1"), -1);
	all.data[2] = '3';
	/* Each string once: the indicator's code of the three answers. */
	for (m = i = 0; m + strlen(QTY.code) + 1 <= all.len; m++)
		if (memcmp(all.data + m, QTY.code, strlen(QTY.code) + 1) == 0)
			i++;
	assert_int_equal(i, 1);
	assert_int_equal(fig_kept_add(k, all.data, all.len, "C1"), 0);
	assert_int_equal(fig_kept_count(k), 3);
	fig_kept_answer(k, 1, &got);
	assert_string_equal(got.unit, "C1");
	assert_true(got.fig.estimate);
	assert_approx(got.fig.value, 210);
	fig_release(&got.fig);
	fig_kept_answer(k, 2, &got);
	assert_int_equal(got.fig.has, false);
	assert_int_equal(got.fig.source, FIG_PREDECESSORS);
	assert_codes(got.fig.missing, got.fig.nmissing, "Y,C3");
	fig_release(&got.fig);
	fig_kept_free(k);
	/* One blob per unit, as the store keeps them; a malformed one
	 * after them adds nothing and leaves them. */
	k = fig_kept_new();
	for (i = 0; i < 3; i++)
		assert_int_equal(fig_kept_add(k, blob[i].data, blob[i].len,
		    kids[i]), 0);
	assert_int_equal(fig_kept_add(k, all.data, all.len - 1, "C1"), -1);
	assert_int_equal(fig_kept_count(k), 3);
	memset(&d, 0, sizeof(d));
	d.units = w.u;
	d.nunits = w.nu;
	d.targets = w.t;
	d.ntargets = w.nt;
	d.kept = k;
	c = fig_index(&d);
	fig_get(c, "89", &QTY, &pre[0].period, &END, &f);
	assert_int_equal(f.source, FIG_CHILDREN);
	assert_true(f.has);
	assert_approx(f.value, 810);
	assert_true(f.estimate);
	assert_int_equal(f.reported, 2);
	assert_int_equal(f.expected, 3);
	assert_codes(f.missing, f.nmissing, "C3");
	assert_codes(f.from, f.nfrom, "C1,C2");
	fig_release(&f);
	/* A kept answer is decoded for each question, its lists its own:
	 * releasing one leaves the next whole. */
	fig_get(c, "C3", &QTY, &pre[0].period, &END, &f);
	fig_get(c, "C3", &QTY, &pre[0].period, &END, &g);
	assert_ptr_not_equal(f.missing, g.missing);
	fig_release(&f);
	assert_codes(g.missing, g.nmissing, "Y,C3");
	assert_int_equal(g.source, FIG_PREDECESSORS);
	fig_release(&g);
	/* Another as-of date is not what was kept: nothing known. */
	fig_get(c, "C1", &QTY, &pre[0].period, NULL, &f);
	assert_false(f.has);
	fig_release(&f);
	fig_ctx_free(c);
	fig_kept_free(k);
	for (i = 0; i < 3; i++) {
		fig_release(&pre[i].fig);
		buf_free(&blob[i]);
	}
	buf_free(&all);
	done(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_value_exact_and_coverage),
		cmocka_unit_test(own_missing_names_itself),
		cmocka_unit_test(own_year_from_quarters),
		cmocka_unit_test(sum_with_shares),
		cmocka_unit_test(ratio_recomputed_with_shares),
		cmocka_unit_test(ratio_without_parts_not_derivable),
		cmocka_unit_test(none_not_derivable_but_whole_is),
		cmocka_unit_test(missing_predecessor),
		cmocka_unit_test(estimate_propagates),
		cmocka_unit_test(period_after_change_is_own),
		cmocka_unit_test(kept_code_takes_others_in),
		cmocka_unit_test(rollup_sum_with_coverage),
		cmocka_unit_test(rollup_expected_are_those_with_targets),
		cmocka_unit_test(rollup_ratio_of_sums),
		cmocka_unit_test(rollup_none_not_combined),
		cmocka_unit_test(rollup_own_value_wins),
		cmocka_unit_test(rollup_of_the_past_through_predecessors),
		cmocka_unit_test(rollup_through_a_level_between),
		cmocka_unit_test(children_valid_at_asof),
		cmocka_unit_test(lineage_both_ways),
		cmocka_unit_test(known_answers_round_trip),
		cmocka_unit_test(change_within_the_period),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
