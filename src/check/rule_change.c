/* rule_change.c: a change stated twice, as an amount and as a percentage,
 * next to the level it changed to: "xảy ra 179 vụ, giảm 92 vụ (35%)",
 * "645 ha, giảm 1.331 ha (giảm 68%)", "49.329,2 ha, tăng 0,53% (+260,7
 * ha)", "36,14 tạ/ha, giảm 29,89% (bằng 15,41 tạ/ha)", "51,22 tạ/ha, bằng
 * 99,86% (-0,07 tạ/ha)". The old level is the new one minus the increase
 * (plus the decrease), so the percentage is amount / old · 100 ("bằng":
 * new / old · 100). Every written figure stands for the interval its
 * digits and bound allow, and the percentage may be rounded or cut. */
#include <math.h>

#include "rules.h"

/* The percentage p agrees with some value in [lo, hi]: rounded or cut to
 * its decimals. */
static int
pct_fits(double lo, double hi, double p, int d)
{
	double h = chk_half_unit(d), hair = chk_hair(p);

	return hi >= p - h - hair && lo <= p + 2 * h + hair;
}

/* Direction of the change figure at i: +1, -1, or 0 when unsaid. */
static int
direction(const struct chk *c, size_t i)
{
	size_t k;

	if (i > 0 && chkc_is_p(c, i - 1, '-'))
		return -1;
	if (i > 0 && chkc_is_p(c, i - 1, '+'))
		return 1;
	for (k = i; k > 0 && i - k < 5; k--) {
		switch (chkc_kw(c, k - 1)) {
		case KW_TANG: return 1;
		case KW_GIAM: return -1;
		case KW_BANG: return 0;
		default: break;
		}
		if (chkc_kw(c, k - 1) == KW_NONE && !chkc_is_p(c, k - 1, '('))
			break;
	}
	return 0;
}

/* The figure inside the parenthesis that opens right after figure i (and
 * its unit), or SIZE_MAX. */
static size_t
echo_of(struct chk *c, size_t i)
{
	size_t n = chkc_ntok(c), k = chkc_unit_end(c, i) + 1, m;

	if (chkc_pct(c, i))
		k = i + 1;
	if (!chkc_is_p(c, k, '('))
		return SIZE_MAX;
	for (m = k + 1; m < n && m < k + 5; m++) {
		if (chkc_is_num(c, m))
			return chkc_fig(c, m) ? m : SIZE_MAX;
		if (chkc_is_p(c, m, ')'))
			break;
	}
	return SIZE_MAX;
}

/* The level the change at first led to: the nearest level before it in
 * the clause with unit u. */
static size_t
level_before(struct chk *c, size_t first, uint64_t u)
{
	size_t k;

	for (k = first; k > 0; k--) {
		if (chkc_hard_stop(c, k - 1))
			break;
		if (chkc_fig(c, k - 1) && !chkc_pct(c, k - 1) &&
		    chkc_role(c, k - 1) == CHK_ROLE_LEVEL &&
		    chkc_unit(c, k - 1) == u &&
		    !(chkc_tok(c, k - 1)->mark & CHKC_M_FRAC))
			return k - 1;
	}
	return SIZE_MAX;
}

static void
range_of(struct chk *c, size_t i, double *lo, double *hi)
{
	struct chk_tok *t = chkc_tok(c, i);

	chk_bound_range(fabs(t->n.value), chkc_slack(c, i), t->bound, lo, hi);
	if (*lo < 0)
		*lo = 0;
}

static void
pair_claim(struct chk *c, size_t amt, size_t p, size_t lvl, int dir,
    int ratio)
{
	double L0, L1, D0, D1, v, lo = INFINITY, hi = -INFINITY, old, mid;
	struct buf *tx, *st, *cp, *sg, *ms;
	struct chk_tok *tp = chkc_tok(c, p);
	size_t a = lvl, e;
	int k, d = tp->n.decimals;
	enum chk_verdict vd;

	range_of(c, lvl, &L0, &L1);
	range_of(c, amt, &D0, &D1);
	for (k = 0; k < 4; k++) {
		double L = k & 1 ? L1 : L0, D = k & 2 ? D1 : D0;

		old = dir > 0 ? L - D : L + D;
		if (old <= 0)
			return;
		v = ratio ? L / old * 100 : D / old * 100;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	vd = pct_fits(lo, hi, tp->n.value, d) ? CHK_OK : CHK_ERROR;
	chkc_use(c, p);
	chkc_use(c, amt);
	if (chkc_quiet(c, CHK_K_CHANGE, vd))
		return;
	L0 = fabs(chkc_tok(c, lvl)->n.value);
	D0 = fabs(chkc_tok(c, amt)->n.value);
	old = dir > 0 ? L0 - D0 : L0 + D0;
	mid = ratio ? L0 / old * 100 : D0 / old * 100;
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	e = amt > p ? amt : p;
	chkc_put_span(c, tx, a, chkc_unit_end(c, e));
	chkc_put_tok(c, st, p);
	chkc_put_pct(cp, mid, d);
	chkc_put_tok(c, ms, lvl);
	chkc_put_unit(c, ms, lvl);
	buf_puts(ms, dir > 0 ? " sau khi tăng " : " sau khi giảm ");
	chkc_put_num(ms, D0, 6);
	chkc_put_unit(c, ms, amt);
	buf_puts(ms, ": trước đó là ");
	chkc_put_num(ms, old, 6);
	chkc_put_unit(c, ms, lvl);
	buf_puts(ms, ratio ? ", nên bằng " : ", nên mức thay đổi là ");
	chkc_put_pct(ms, mid, d);
	if (vd == CHK_ERROR) {
		buf_puts(ms, ", không phải ");
		chkc_put_tok(c, ms, p);
		buf_puts(sg, "viết ");
		chkc_put_num(sg, mid, d);
		buf_putc(sg, '%');
	}
	chkc_emit(c, CHK_K_CHANGE, vd, p, tx, st, cp, vd == CHK_ERROR ? sg :
	    NULL, ms);
}

void
chkr_change_pairs(struct chk *c)
{
	size_t nn = chkc_nnum(c), i, j, k, amt, p, lvl;
	int dir, ratio;

	for (k = 0; k < nn; k++) {
		i = chkc_num(c, k);
		if (!chkc_fig(c, i) || chkc_used(c, i))
			continue;
		if (chkc_role(c, i) != CHK_ROLE_CHANGE &&
		    !(chkc_pct(c, i) && chkc_role(c, i) == CHK_ROLE_ACHIEVE &&
		    i > 0 && chkc_kw(c, i - 1) == KW_BANG))
			continue;
		j = echo_of(c, i);
		if (j == SIZE_MAX || chkc_used(c, j) || chkc_pct(c, i) ==
		    chkc_pct(c, j) || chkc_role(c, j) != CHK_ROLE_CHANGE)
			continue;
		amt = chkc_pct(c, i) ? j : i;
		p = chkc_pct(c, i) ? i : j;
		ratio = chkc_role(c, p) == CHK_ROLE_ACHIEVE;
		if (chkc_unit(c, amt) <= 1)
			continue;
		dir = direction(c, amt);
		if (dir == 0)
			dir = direction(c, p);
		if (dir == 0)
			continue;
		lvl = level_before(c, i, chkc_unit(c, amt));
		if (lvl == SIZE_MAX)
			continue;
		pair_claim(c, amt, p, lvl, dir, ratio);
	}
}
