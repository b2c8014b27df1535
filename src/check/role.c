/* role.c: the role and bound of each figure (see role.h). One backward
 * look of a few tokens from each number over the words that may stand
 * between a verb and its figure ("tăng thêm", "đạt hơn", "giảm đến"), and
 * one look at the word after it; then a parenthesis right after a change
 * restates that change ("giảm 92 vụ (35%)", "tăng 0,53% (+260,7 ha)",
 * "giảm 29,89% (bằng 15,41 tạ/ha)"). Linear in the sentence. */
#include <stddef.h>

#include "role.h"

static unsigned
kwat(const struct chk_tok *t, size_t n, size_t i)
{
	return i < n && t[i].type == CHK_T_WORD ? t[i].kw : KW_NONE;
}

static int
punct_at(const struct chk_tok *t, size_t n, size_t i, char p)
{
	return i < n && t[i].type == CHK_T_PUNCT && t[i].punct == p;
}

/* "kế hoạch", "KH", "dự toán", "NQ", "nghị quyết", "chỉ tiêu" at i. */
static int
plan_at(const struct chk_tok *t, size_t n, size_t i)
{
	switch (kwat(t, n, i)) {
	case KW_KH: case KW_NQ:
		return 1;
	case KW_KE:
		return kwat(t, n, i + 1) == KW_HOACH;
	case KW_DU:
		return kwat(t, n, i + 1) == KW_TOAN;
	case KW_NGHI:
		return kwat(t, n, i + 1) == KW_QUYET;
	case KW_CHI:
		return kwat(t, n, i + 1) == KW_TIEU;
	default:
		return 0;
	}
}

/* Percentage i names its base after it: "94,9% KH", "78,2% so với KH",
 * "100% diện tích gieo trồng", but not "88% so với chỉ tiêu 85%" (a rate
 * against a target rate). */
static int
base_after(const struct chk_tok *t, size_t n, size_t i)
{
	size_t j = i + 1, k;

	if (kwat(t, n, j) == KW_SO)
		j += kwat(t, n, j + 1) == KW_VOI ? 2 : 1;
	if (plan_at(t, n, j)) {
		for (k = j + 1; k < n && k < j + 4; k++)
			if (t[k].type == CHK_T_NUM)
				return 0;
			else if (t[k].type == CHK_T_PUNCT)
				break;
		return 1;
	}
	switch (kwat(t, n, j)) {
	case KW_CUNG: case KW_DIEN: case KW_TONG: case KW_SONUM: case KW_NAM:
	case KW_KY: case KW_THANG: case KW_TRUOC:
		return j > i + 1 || kwat(t, n, j) == KW_DIEN ||
		    kwat(t, n, j) == KW_TONG || kwat(t, n, j) == KW_CUNG;
	default:
		return 0;
	}
}

/* The number before the "(" at p: back over at most two unit words. */
static size_t
number_before(const struct chk_tok *t, size_t p)
{
	size_t k, w = 0;

	for (k = p; k > 0; k--) {
		if (t[k - 1].type == CHK_T_NUM)
			return k - 1;
		if (t[k - 1].type != CHK_T_WORD || ++w > 2)
			break;
	}
	return SIZE_MAX;
}

static void
role_of(struct chk_tok *t, size_t n, size_t i)
{
	struct chk_tok *x = &t[i];
	int percent = (x->n.flags & NUM_PERCENT) != 0, steps = 0;
	size_t j = i, stop;
	unsigned k;

	x->role = CHK_ROLE_LEVEL;
	x->bound = CHK_BOUND_EXACT;
	/* Qualifiers: "5 tuổi", "9 tháng đầu năm", "mũi 02", "lần thứ 3". */
	k = kwat(t, n, i + 1);
	if (k == KW_TUOI || (!percent && x->n.decimals == 0 &&
	    !(x->n.flags & NUM_SCALED) && (k == KW_THANG || k == KW_TUAN ||
	    k == KW_QUY || (k == KW_NAM && kwat(t, n, i + 2) != KW_TRUOC)))) {
		x->role = CHK_ROLE_QUAL;
		return;
	}
	switch (kwat(t, n, i - (i > 0))) {
	case KW_MUI: case KW_THU: case KW_QUY: case KW_TUAN: case KW_LOP:
	case KW_HANG:
		if (i > 0) {
			x->role = CHK_ROLE_QUAL;
			return;
		}
		break;
	default:
		break;
	}
	/* A sign glued to the figure: "(+260,7 ha)", "(-115 ha)". */
	if (i >= 2 && x->glued && (punct_at(t, n, i - 1, '+') ||
	    punct_at(t, n, i - 1, '-')) && punct_at(t, n, i - 2, '(')) {
		x->role = CHK_ROLE_CHANGE;
		return;
	}
	/* Back over fillers and bounds to the verb. */
	stop = i;
	while (j > 0 && steps < 5) {
		j--;
		steps++;
		if (t[j].type != CHK_T_WORD) {
			stop = j;
			break;
		}
		k = t[j].kw;
		switch (k) {
		case KW_HON: case KW_TREN:
			if (x->bound == CHK_BOUND_EXACT)
				x->bound = CHK_BOUND_ABOVE;
			continue;
		case KW_GAN: case KW_DUOI:
			if (x->bound == CHK_BOUND_EXACT)
				x->bound = CHK_BOUND_BELOW;
			continue;
		case KW_KHOANG: case KW_XAP: case KW_XI:
			if (x->bound == CHK_BOUND_EXACT)
				x->bound = CHK_BOUND_ABOUT;
			continue;
		case KW_THEM: case KW_DUOC: case KW_LA: case KW_UOC:
		case KW_DEN: case KW_TOI: case KW_CO: case KW_MUC: case KW_DA:
			continue;
		case KW_TANG: case KW_GIAM:
			x->role = CHK_ROLE_CHANGE;
			return;
		case KW_CHIEM:
			x->role = CHK_ROLE_SHARE;
			return;
		case KW_BANG:
			if (percent) {
				x->role = CHK_ROLE_ACHIEVE;
				return;
			}
			stop = j;
			break;
		case KW_VUOT:
			x->role = percent ? CHK_ROLE_ACHIEVE : CHK_ROLE_CHANGE;
			return;
		case KW_DAT:
			if (percent && base_after(t, n, i))
				x->role = CHK_ROLE_ACHIEVE;
			return;
		default:
			stop = j;
			break;
		}
		break;
	}
	if (percent && base_after(t, n, i) && (i + 1 < n &&
	    (plan_at(t, n, i + 1) || kwat(t, n, i + 1) == KW_SO))) {
		x->role = CHK_ROLE_ACHIEVE;
		return;
	}
	/* A parenthesis right after a change restates it. */
	if (stop < i && kwat(t, n, stop) == KW_BANG && stop > 0)
		stop--;
	if (stop < i && punct_at(t, n, stop, '(')) {
		size_t m = number_before(t, stop);

		if (m != SIZE_MAX && t[m].role == CHK_ROLE_CHANGE)
			x->role = CHK_ROLE_CHANGE;
	}
}

void
chk_roles(struct chk_tok *t, size_t n, const uint32_t *nums, size_t nnum)
{
	size_t i;

	if (nums != NULL) {
		for (i = 0; i < nnum; i++)
			role_of(t, n, nums[i]);
		return;
	}
	for (i = 0; i < n; i++)
		if (t[i].type == CHK_T_NUM)
			role_of(t, n, i);
}

void
chk_bound_range(double v, double slack, unsigned bound, double *lo,
    double *hi)
{
	double a = v < 0 ? -v : v;

	*lo = v - slack;
	*hi = v + slack;
	switch (bound) {
	case CHK_BOUND_ABOUT:
		*lo -= a / 10;
		*hi += a / 10;
		break;
	case CHK_BOUND_ABOVE:
		*hi += a / 10;
		break;
	case CHK_BOUND_BELOW:
		*lo -= a / 10;
		break;
	default:
		break;
	}
}
