/* rule_whole.c: shares of a whole that the text names entirely. A list
 * of shares ("dân tộc Mường chiếm 63,3%; … các dân tộc khác chiếm
 * 1,18%") that ends with the rest ("khác", "còn lại") covers the whole,
 * so its percentages add up to 100 (within the rounding of each). When
 * every member also states its count in one unit ("Thái 3395 người,
 * chiếm 99,09%; …; dân tộc khác 1 người, chiếm 0,03%"), the counts add up
 * to the whole, and each share is its count over their sum. Shares nested
 * in another ("trong đó") are not members. */
#include <math.h>

#include "rules.h"

#define MEMBERS_MAX	24

struct member {
	size_t	 p;		/* the percentage */
	size_t	 cnt;		/* its count, or SIZE_MAX */
	int	 rest;		/* "khác", "còn lại" */
};

void
chkr_whole_shares(struct chk *c)
{
	size_t n = chkc_ntok(c), i, k, from = 0, nm = 0, rest = SIZE_MAX;
	struct member m[MEMBERS_MAX];
	double sum = 0, tol = 0, others, counts = 0, v;
	struct buf *tx, *st, *cp, *sg, *ms;
	uint64_t u = 0;
	int same_unit = 1, d;

	const struct chk_tok *T = chkc_tok(c, 0);

	for (i = 0; i < n; i++) {
		if (T[i].type == CHK_T_WORD && T[i].kw == KW_TRONG &&
		    chkc_kw(c, i + 1) == KW_DO) {
			nm = 0;		/* the members start after it */
			rest = SIZE_MAX;
			from = i + 2;
			continue;
		}
		if (T[i].type != CHK_T_NUM || T[i].role != CHK_ROLE_SHARE ||
		    !chkc_pct(c, i) ||
		    !chkc_fig(c, i) || nm == MEMBERS_MAX)
			continue;
		m[nm].p = i;
		m[nm].cnt = SIZE_MAX;
		m[nm].rest = 0;
		for (k = i; k > from; k--) {
			if (chkc_kw(c, k - 1) == KW_KHAC || (chkc_kw(c, k - 1) ==
			    KW_CON && chkc_kw(c, k) == KW_LAI))
				m[nm].rest = 1;
			if (m[nm].cnt == SIZE_MAX && chkc_fig(c, k - 1) &&
			    !chkc_pct(c, k - 1) && chkc_role(c, k - 1) ==
			    CHK_ROLE_LEVEL && chkc_unit(c, k - 1) > 1)
				m[nm].cnt = k - 1;
		}
		if (m[nm].rest)
			rest = nm;
		nm++;
		from = i + 1;
	}
	if (nm < 3 || rest != nm - 1)
		return;
	d = 0;
	for (k = 0; k < nm; k++) {
		struct chk_tok *t = chkc_tok(c, m[k].p);

		sum += t->n.value;
		tol += chk_half_unit(t->n.decimals);
		d = t->n.decimals > d ? t->n.decimals : d;
		if (m[k].cnt == SIZE_MAX || (u != 0 &&
		    chkc_unit(c, m[k].cnt) != u))
			same_unit = 0;
		else {
			u = chkc_unit(c, m[k].cnt);
			counts += chkc_tok(c, m[k].cnt)->n.value;
		}
	}
	for (k = 0; k < nm; k++)
		chkc_use(c, m[k].p);
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	if (fabs(sum - 100) > tol + 1e-9) {
		if (chkc_quiet(c, CHK_K_SHARE, CHK_ERROR))
			return;
		i = m[rest].p;
		chkc_put_span(c, tx, m[0].p, i);
		chkc_put_tok(c, st, i);
		chkc_put_pct(cp, sum, d);
		for (k = 0; k < nm; k++) {
			if (k > 0)
				buf_puts(ms, " + ");
			chkc_put_tok(c, ms, m[k].p);
		}
		buf_puts(ms, " = ");
		chkc_put_pct(ms, sum, d);
		buf_puts(ms, ", không phải 100%: danh sách kể cả phần còn lại "
		    "nên phải đủ 100%");
		others = 100 - (sum - chkc_tok(c, i)->n.value);
		if (others >= 0) {
			buf_puts(sg, "phần còn lại ");
			chkc_put_tok(c, sg, i);
			buf_puts(sg, " phải là ");
			chkc_put_pct(sg, others, d);
			buf_puts(sg, ", hoặc sửa các tỷ lệ khác");
		} else
			buf_puts(sg, "kiểm tra lại các tỷ lệ");
		chkc_emit(c, CHK_K_SHARE, CHK_ERROR, i, tx, st, cp, sg, ms);
		return;
	}
	if (!same_unit || counts <= 0)
		return;
	/* The counts make the whole: each share is its count over it. */
	for (k = 0; k < nm; k++) {
		struct chk_tok *t = chkc_tok(c, m[k].p);
		enum chk_verdict vd;

		v = chkc_tok(c, m[k].cnt)->n.value / counts * 100;
		vd = chk_agrees(v, t->n.value, t->n.decimals, true) ?
		    CHK_OK : CHK_ERROR;
		if (chkc_quiet(c, CHK_K_SHARE, vd))
			continue;
		tx = chkc_sb(c, 0);
		st = chkc_sb(c, 1);
		cp = chkc_sb(c, 2);
		sg = chkc_sb(c, 3);
		ms = chkc_sb(c, 5);
		chkc_put_span(c, tx, m[k].cnt, m[k].p);
		chkc_put_tok(c, st, m[k].p);
		chkc_put_pct(cp, v, t->n.decimals);
		chkc_put_tok(c, ms, m[k].cnt);
		buf_puts(ms, " trên tổng ");
		chkc_put_num(ms, counts, 0);
		chkc_put_unit(c, ms, m[k].cnt);
		buf_puts(ms, " (tổng các phần, kể cả phần còn lại) = ");
		chkc_put_pct(ms, v, t->n.decimals);
		if (vd == CHK_ERROR) {
			buf_puts(ms, ", không phải ");
			chkc_put_tok(c, ms, m[k].p);
			buf_puts(sg, "viết ");
			chkc_put_pct(sg, v, t->n.decimals);
		}
		chkc_emit(c, CHK_K_SHARE, vd, m[k].p, tx, st, cp,
		    vd == CHK_ERROR ? sg : NULL, ms);
	}
}
