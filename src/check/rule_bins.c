/* rule_bins.c: a tally by bins that cover every case. "13/53 chỉ tiêu đạt
 * 100% trở lên, 17/53 chỉ tiêu đạt từ 70 đến dưới 100%, 7/53 … từ 50 đến
 * dưới 70%, 12/53 … dưới 50%": counts over one total, each with a band
 * ("X% trở lên", "trên X", "từ A đến (dưới) B", "dưới B"). When the bands
 * join from 0 to no upper end, every case falls in one of them and the
 * counts must add up to the total. The thresholds are no ratios of their
 * counts: the figures are claimed before the ratio rule reads them. */
#include <math.h>
#include <stdlib.h>

#include "rules.h"

#define BINS_MAX	12

struct bin {
	size_t	 a;		/* the count (numerator) */
	double	 lo, hi;	/* the band; hi INFINITY: no upper end */
	size_t	 from, to;	/* its words */
};

static double
val(struct chk *c, size_t i)
{
	return chkc_tok(c, i)->n.value;
}

/* The band described by tokens [from, to): 1 when read. */
static int
band(struct chk *c, size_t from, size_t to, double *lo, double *hi)
{
	size_t k, m;

	for (k = from; k < to; k++) {
		if (chkc_kw(c, k) == KW_TRO && chkc_kw(c, k + 1) == KW_LEN) {
			for (m = k; m > from; m--)
				if (chkc_is_num(c, m - 1)) {
					*lo = val(c, m - 1);
					*hi = INFINITY;
					return 1;
				}
			return 0;
		}
	}
	for (k = from; k < to; k++) {
		if (!chkc_is_num(c, k))
			continue;
		if (k > from && chkc_kw(c, k - 1) == KW_TU) {
			for (m = k + 1; m < to; m++)
				if (chkc_is_num(c, m)) {
					*lo = val(c, k);
					*hi = val(c, m);
					return *hi > *lo;
				}
			return 0;
		}
		if (k > from && chkc_kw(c, k - 1) == KW_DUOI) {
			*lo = 0;
			*hi = val(c, k);
			return 1;
		}
		if (k > from && (chkc_kw(c, k - 1) == KW_TREN ||
		    chkc_kw(c, k - 1) == KW_HON)) {
			*lo = val(c, k);
			*hi = INFINITY;
			return 1;
		}
		return 0;
	}
	return 0;
}

static int
bincmp(const void *x, const void *y)
{
	const struct bin *a = x, *b = y;

	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

void
chkr_bins(struct chk *c)
{
	size_t n = chkc_ntok(c), i, k, nb = 0, den = SIZE_MAX, e;
	struct bin bins[BINS_MAX];
	struct buf *tx, *st, *cp, *sg, *ms;
	double sum = 0, total;
	enum chk_verdict vd;

	for (k = 0; k < chkc_nnum(c) && nb < BINS_MAX; k++) {
		struct chk_tok *t = chkc_tok(c, i = chkc_num(c, k));

		/* a numerator: the fraction's link is its denominator */
		if (!chkc_fig(c, i) || chkc_pct(c, i) || !(t->mark &
		    CHKC_M_FRAC) || !chkc_is_p(c, i + 1, '/') ||
		    t->n.decimals > 0)
			continue;
		if (den != SIZE_MAX && val(c, t->link) != val(c, den))
			continue;
		if (den == SIZE_MAX)
			den = t->link;
		bins[nb].a = i;
		bins[nb].from = t->link + 1;
		nb++;
	}
	if (nb < 2)
		return;
	for (k = 0; k < nb; k++) {
		e = k + 1 < nb ? bins[k + 1].a : n;
		for (i = bins[k].from; i < e; i++)
			if (chkc_is_p(c, i, ';') || chkc_is_p(c, i, '.'))
				break;
		bins[k].to = i;
		if (!band(c, bins[k].from, bins[k].to, &bins[k].lo,
		    &bins[k].hi))
			return;
	}
	qsort(bins, nb, sizeof bins[0], bincmp);
	if (bins[0].lo != 0 || !isinf(bins[nb - 1].hi))
		return;
	for (k = 1; k < nb; k++)
		if (bins[k].lo != bins[k - 1].hi)
			return;
	/* The bands cover every case. */
	total = val(c, den);
	for (k = 0; k < nb; k++) {
		sum += val(c, bins[k].a);
		for (i = bins[k].a; i < bins[k].to; i++)
			if (chkc_is_num(c, i))
				chkc_use(c, i);
	}
	vd = fabs(sum - total) < 0.5 ? CHK_OK : CHK_ERROR;
	if (chkc_quiet(c, CHK_K_TALLY, vd))
		return;
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	i = bins[0].a;
	e = bins[0].to;
	for (k = 1; k < nb; k++) {
		i = bins[k].a < i ? bins[k].a : i;
		e = bins[k].to > e ? bins[k].to : e;
	}
	chkc_put_span(c, tx, i, e - 1);
	chkc_put_tok(c, st, den);
	chkc_put_num(cp, sum, 0);
	for (i = 0; i < n; i++)		/* in the order written */
		for (k = 0; k < nb; k++)
			if (bins[k].a == i) {
				if (ms->len > 0)
					buf_puts(ms, " + ");
				chkc_put_num(ms, val(c, i), 0);
			}
	buf_puts(ms, " = ");
	chkc_put_num(ms, sum, 0);
	if (vd == CHK_OK) {
		buf_puts(ms, ", khớp tổng ");
		chkc_put_tok(c, ms, den);
		chkc_emit(c, CHK_K_TALLY, vd, den, tx, st, cp, NULL, ms);
		return;
	}
	buf_puts(ms, ", không phải ");
	chkc_put_tok(c, ms, den);
	buf_puts(ms, ": các mức nêu ra phủ mọi trường hợp (từ 0 đến không "
	    "giới hạn), nên phải cộng lại bằng tổng");
	buf_puts(sg, "sửa tổng thành ");
	chkc_put_num(sg, sum, 0);
	buf_puts(sg, " hoặc sửa số của từng mức");
	chkc_emit(c, CHK_K_TALLY, vd, den, tx, st, cp, sg, ms);
}
