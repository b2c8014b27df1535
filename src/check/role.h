/* role.h: what each figure of a sentence is, from the words around it,
 * before any rule pairs figures. A figure is a level ("đạt 2.433 tỷ
 * đồng"), a change ("tăng 75,6%", "(+260,7 ha)", "giảm 92 vụ (35%)"), an
 * achievement rate against a named base ("bằng 28,4% dự toán", "đạt 94,9%
 * KH", "vượt 4,89% so với kế hoạch"), a share ("chiếm 8,05%") or a
 * qualifier that is no amount ("trẻ 5 tuổi", "mũi 02", "9 tháng đầu
 * năm", "lần thứ 3"); and it may carry a bound ("hơn", "gần", "khoảng",
 * "trên", "dưới"). Rules relate only figures whose roles relate them: the
 * parts of a level are levels, the old and new values of a change are
 * levels, a yield increase is never multiplied by an area. Pure functions
 * over the lexer's tokens. Phrasings: docs/checker.md. */
#ifndef KTXH_CHECK_ROLE_H
#define KTXH_CHECK_ROLE_H

#include <stddef.h>
#include <stdint.h>

#include "lex.h"

enum chk_role {
	CHK_ROLE_LEVEL,		/* an amount, a count, a rate */
	CHK_ROLE_CHANGE,	/* a difference from another time or a plan */
	CHK_ROLE_ACHIEVE,	/* a percentage of a plan, an estimate, last year */
	CHK_ROLE_SHARE,		/* "chiếm c%" */
	CHK_ROLE_QUAL,		/* an age, ordinal, period length: no amount */
	CHK_ROLE__MAX
};

enum chk_bound {
	CHK_BOUND_EXACT,	/* as written */
	CHK_BOUND_ABOUT,	/* khoảng, xấp xỉ */
	CHK_BOUND_ABOVE,	/* hơn, trên: at least */
	CHK_BOUND_BELOW,	/* gần, dưới: at most */
};

/* Set role and bound of every number among t[0..n); nums, when not NULL,
 * lists their indexes (nnum of them, in order). */
void	chk_roles(struct chk_tok *t, size_t n, const uint32_t *nums,
	    size_t nnum);

/* The interval a figure written v with slack s and bound b stands for:
 * "hơn 1.690" is 1.690 up to a tenth more, "gần 600" a tenth less up to
 * 600, "khoảng 3,2" a tenth either way. */
void	chk_bound_range(double v, double slack, unsigned bound, double *lo,
	    double *hi);

#endif
