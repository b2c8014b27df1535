/* rule_scale.c: quantities of different kinds compared. "xuống giống
 * được 680 nghìn ha, vượt xa so với kế hoạch là 600 nghìn tấn": a level
 * set against a plan or an earlier time ("so với kế hoạch / KH / dự toán
 * / cùng kỳ … là X", "(X)") must be the same kind of quantity: an area
 * against an area, a mass against a mass, money against money. Another
 * kind is a unit slip. */
#include "rules.h"

#define KINDS	(CHKC_U_MASS | CHKC_U_AREA | CHKC_U_MONEY)

static const char *
kind_name(unsigned cls)
{
	if (cls & CHKC_U_MASS)
		return "khối lượng";
	if (cls & CHKC_U_AREA)
		return "diện tích";
	return "tiền";
}

/* The kind of number i's unit, 0 for none or a rate ("tấn/ha"). */
static unsigned
kind_of(struct chk *c, size_t i)
{
	size_t e;

	if (!chkc_fig(c, i) || chkc_pct(c, i) ||
	    chkc_role(c, i) != CHK_ROLE_LEVEL)
		return 0;
	e = chkc_unit_end(c, i);
	if (e == i || chkc_is_p(c, e + 1, '/'))
		return 0;
	return chkc_unit_cls(c, chkc_unit(c, i), NULL) & KINDS;
}

void
chkr_kinds(struct chk *c)
{
	size_t n = chkc_ntok(c), i, j, k, x, a;
	unsigned kx, ka;
	struct buf *tx, *st, *sg, *ms;

	const struct chk_tok *T = chkc_tok(c, 0);

	for (i = 0; i + 2 < n; i++) {
		if (T[i].type != CHK_T_WORD || T[i].kw != KW_SO ||
		    chkc_kw(c, i + 1) != KW_VOI)
			continue;
		j = i + 2;
		if (chkc_plan_word(c, j) == 0)
			continue;
		/* The plan's figure: right after its words, "là", ":" or "(". */
		x = SIZE_MAX;
		for (k = j + chkc_plan_word(c, j); k < n && k < j + 8; k++) {
			if (chkc_is_num(c, k)) {
				x = k;
				break;
			}
			if (chkc_hard_stop(c, k) || chkc_is_p(c, k, ',') ||
			    chkc_is_p(c, k, ')'))
				break;
		}
		if (x == SIZE_MAX || !(kx = kind_of(c, x)))
			continue;
		if (!(chkc_kw(c, x - 1) == KW_LA || chkc_is_p(c, x - 1, ':') ||
		    chkc_is_p(c, x - 1, '(')))
			continue;
		/* The level compared: the nearest one before, in the clause. */
		a = SIZE_MAX;
		for (k = i; k > 0; k--) {
			if (chkc_hard_stop(c, k - 1))
				break;
			if (chkc_is_num(c, k - 1) && chkc_fig(c, k - 1) &&
			    !chkc_pct(c, k - 1) &&
			    chkc_role(c, k - 1) == CHK_ROLE_LEVEL) {
				a = k - 1;
				break;
			}
		}
		if (a == SIZE_MAX || !(ka = kind_of(c, a)) || ka == kx)
			continue;
		tx = chkc_sb(c, 0);
		st = chkc_sb(c, 1);
		sg = chkc_sb(c, 3);
		ms = chkc_sb(c, 5);
		chkc_put_span(c, tx, a, chkc_unit_end(c, x));
		chkc_put_tok(c, st, x);
		chkc_put_unit(c, st, x);
		chkc_put_tok(c, ms, a);
		chkc_put_unit(c, ms, a);
		buf_puts(ms, " (");
		buf_puts(ms, kind_name(ka));
		buf_puts(ms, ") được so với ");
		buf_puts(ms, buf_str(st));
		buf_puts(ms, " (");
		buf_puts(ms, kind_name(kx));
		buf_puts(ms, "): hai đại lượng khác loại không so sánh được");
		buf_puts(sg, "kiểm tra lại đơn vị của ");
		buf_puts(sg, buf_str(st));
		chkc_emit(c, CHK_K_MAGNITUDE, CHK_ERROR, x, tx, st, NULL, sg, ms);
		chkc_use(c, x);
	}
}
