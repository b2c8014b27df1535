/* rule_para.c: a total in one sentence, its parts in the next ones. "Tổng
 * mức … đạt 2,24 triệu tỉ đồng. Trong đó, … bán lẻ … 1,68 triệu tỉ đồng
 * … / Bên cạnh đó, … lưu trú, ăn uống … 2,78 triệu tỉ đồng": a sentence
 * that opens with "Trong đó" lists parts of the figure of that unit the
 * sentence before stated first; sentences that open with "Bên cạnh đó",
 * "Ngoài ra", "Riêng", "Còn lại" (in the same paragraph or the next) go on
 * with the list. Parts may not add up beyond the total (with the bounds
 * "hơn", "gần", "khoảng" read as intervals), and a part a millionth of
 * its total but written with scale words is a scale slip ("2,553 triệu
 * đồng" of "3,225 triệu tỉ đồng"). Also the state of the rule files
 * (struct chkr). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "rules.h"

#define PREV_MAX	4

/* A figure remembered from an earlier sentence. */
struct held {
	double	 v, lo, hi, scale;
	uint64_t unit;
	size_t	 line;
	char	 shown[64];	/* "3,225 triệu tỉ đồng" */
	char	 scalew[24];	/* " triệu tỉ" */
};

struct chkr {
	struct held	 prev[PREV_MAX];	/* first figure of each unit
						   in the last sentence */
	size_t		 nprev;
	int		 open;		/* a list of parts goes on */
	struct held	 tot;
	double		 sum_lo, sum_hi;
	size_t		 nparts;
	char		 parts[160];	/* "1,68 triệu tỉ + 2,78 triệu tỉ" */
	int		 reported;
	struct chkr_named *named;	/* rule_named.c */
};

struct chkr *
chkr_new(void)
{
	struct chkr *r = xcalloc(1, sizeof *r);

	r->named = chkr_named_new();
	return r;
}

void
chkr_free(struct chkr *r)
{
	if (r == NULL)
		return;
	chkr_named_free(r->named);
	free(r);
}

struct chkr_named *
chkr_named_of(struct chk *c)
{
	return chkc_rules(c)->named;
}

void
chkr_paragraph(struct chk *c)
{
	(void)c;
}

void
chkr_document(struct chk *c)
{
	struct chkr *r = chkc_rules(c);
	struct chkr_named *nm = r->named;

	memset(r, 0, sizeof *r);
	r->named = nm;
	chkr_named_reset(nm);
}

static void
cut_copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void
hold(struct chk *c, size_t i, struct held *h)
{
	struct chk_tok *t = chkc_tok(c, i);

	h->v = t->n.value;
	chk_bound_range(t->n.value, chkc_slack(c, i), t->bound, &h->lo, &h->hi);
	h->scale = (t->n.flags & NUM_SCALED) ? t->n.scale : 1;
	h->unit = chkc_unit(c, i);
	h->line = chkc_line(c);
	chkc_copy(c, i, chkc_unit_end(c, i), h->shown, sizeof h->shown);
	h->scalew[0] = '\0';
	if ((t->n.flags & NUM_SCALED) && t->n.numlen < t->len)
		cut_copy(h->scalew, sizeof h->scalew, chkc_text(c, i) +
		    t->n.numlen, t->len - t->n.numlen);
}

/* A level a list may hold: an amount of money, mass or area, not a
 * percentage or a count (counted groups across sentences overlap: the
 * poor households unable to work, the poor households of one people). */
static int
amount(struct chk *c, const struct chkc_view *v, size_t i)
{
	const struct chk_tok *t = &v->tok[i];

	if (t->type != CHK_T_NUM || (t->n.flags & NUM_PERCENT) ||
	    t->role != CHK_ROLE_LEVEL)
		return 0;
	return !(t->mark & CHKC_M_FRAC) && chkv_fig(v, i) &&
	    chkv_unit(v, i) > 1 &&
	    !chkv_is_p(v, chkv_unit_end(v, i) + 1, '/') &&
	    (chkc_unit_cls(c, chkv_unit(v, i), NULL) & (CHKC_U_MONEY |
	    CHKC_U_MASS | CHKC_U_AREA));
}

/* How the sentence opens: 1 "Trong đó", 2 a continuation, 0 else. */
static int
opener(const struct chkc_view *v, size_t *after)
{
	size_t n = v->ntok, i = 0;
	unsigned k0, k1;

	while (i < n && v->tok[i].type == CHK_T_PUNCT)
		i++;
	*after = i + 2;
	k0 = chkv_kw(v, i);
	k1 = chkv_kw(v, i + 1);
	if (k0 == KW_TRONG && k1 == KW_DO)
		return 1;
	if ((k0 == KW_BEN && k1 == KW_CANH) || (k0 == KW_NGOAI &&
	    k1 == KW_RA) || k0 == KW_RIENG || (k0 == KW_CON && k1 == KW_LAI))
		return 2;
	return 0;
}

static void
scale_slip(struct chk *c, struct chkr *r, size_t i)
{
	struct buf *tx = chkc_sb(c, 0), *st = chkc_sb(c, 1),
	    *sg = chkc_sb(c, 3), *ms = chkc_sb(c, 5);
	struct chk_tok *t = chkc_tok(c, i);

	chkc_use(c, i);
	chkc_put_span(c, tx, i, chkc_unit_end(c, i));
	chkc_put_tok(c, st, i);
	chkc_put_unit(c, st, i);
	buf_puts(ms, buf_str(st));
	buf_puts(ms, " là một phần của tổng ");
	buf_puts(ms, r->tot.shown);
	if (r->tot.line != chkc_line(c))
		buf_printf(ms, " (dòng %zu)", r->tot.line);
	buf_puts(ms, " nhưng nhỏ hơn tổng hơn một triệu lần: chữ hàng của "
	    "phần và của tổng không khớp");
	buf_puts(sg, "viết ");
	buf_append(sg, chkc_text(c, i), t->n.numlen);
	buf_puts(sg, r->tot.scalew);
	chkc_put_unit(c, sg, i);
	buf_puts(sg, " nếu phần này cùng hàng với tổng");
	chkc_emit(c, CHK_K_MAGNITUDE, CHK_ERROR, i, tx, st, NULL, sg, ms);
}

static void
add_part(struct chk *c, struct chkr *r, size_t i)
{
	struct chk_tok *t = chkc_tok(c, i);
	double lo, hi;
	struct buf *tx, *st, *cp, *sg, *ms;

	if ((t->n.flags & NUM_SCALED) && r->tot.scale > t->n.scale &&
	    t->n.value < r->tot.lo * 1e-6 &&
	    t->n.value * (r->tot.scale / t->n.scale) <= r->tot.hi) {
		scale_slip(c, r, i);
		return;
	}
	chk_bound_range(t->n.value, chkc_slack(c, i), t->bound, &lo, &hi);
	r->sum_lo += lo;
	r->sum_hi += hi;
	if (r->nparts > 0 && strlen(r->parts) + 4 < sizeof r->parts)
		strcat(r->parts, " + ");
	{
		struct buf b = BUF_INIT;

		chkc_put_tok(c, &b, i);
		if (b.len > 0 && strlen(r->parts) + b.len + 1 < sizeof r->parts)
			strncat(r->parts, b.data, b.len);
		buf_free(&b);
	}
	r->nparts++;
	chkc_use(c, i);
	if (r->reported || r->nparts < 2 || r->sum_lo <= r->tot.hi +
	    chk_hair(r->tot.hi))
		return;
	r->reported = 1;
	if (chkc_quiet(c, CHK_K_PARTS, CHK_ERROR))
		return;
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	chkc_put_span(c, tx, i, chkc_unit_end(c, i));
	buf_puts(st, r->tot.shown);
	chkc_put_scaled(c, cp, (r->sum_lo + r->sum_hi) / 2, 3, i);
	chkc_put_unit(c, cp, i);
	buf_puts(ms, "các phần ");
	buf_puts(ms, r->parts);
	buf_puts(ms, " cộng lại ");
	buf_puts(ms, buf_str(cp));
	buf_puts(ms, ", lớn hơn tổng ");
	buf_puts(ms, r->tot.shown);
	if (r->tot.line != chkc_line(c))
		buf_printf(ms, " (dòng %zu)", r->tot.line);
	buf_puts(ms, ": các phần không thể vượt tổng");
	buf_puts(sg, "kiểm tra lại tổng và các phần (chữ hàng, chữ số)");
	chkc_emit(c, CHK_K_PARTS, CHK_ERROR, i, tx, st, cp, sg, ms);
}

void
chkr_para(struct chk *c)
{
	struct chkr *r = chkc_rules(c);
	const struct chkc_view *v = chkc_view(c);
	size_t n = v->ntok, i, j, k, from = 0, stop;
	int op = opener(v, &from), nested = 0, depth = 0;
	const struct chk_tok *T = v->tok;

	if (op == 1) {
		/* The total: the figure of the first part's unit stated
		 * first in the sentence before. */
		r->open = 0;
		for (i = from; i < n && !r->open; i++) {
			if (!amount(c, v, i))
				continue;
			for (k = 0; k < r->nprev; k++)
				if (r->prev[k].unit == chkv_unit(v, i)) {
					r->tot = r->prev[k];
					r->open = 1;
					r->sum_lo = r->sum_hi = 0;
					r->nparts = 0;
					r->parts[0] = '\0';
					r->reported = 0;
					break;
				}
		}
	} else if (op == 0)
		r->open = 0;
	if (r->open && op != 0) {
		for (i = from; i < n; i++) {
			if (chkv_is_p(v, i, '('))
				depth++;
			else if (chkv_is_p(v, i, ')') && depth > 0)
				depth--;
			if (chkv_kw(v, i) == KW_TRONG && chkv_kw(v, i + 1) ==
			    KW_DO)
				nested = 1;
			if (nested || depth > 0 || !amount(c, v, i) ||
			    chkv_unit(v, i) != r->tot.unit || chkc_used(c, i))
				continue;
			add_part(c, r, i);
		}
	}
	/* Remember this sentence's first figure of each unit, before any
	 * "trong đó". */
	r->nprev = 0;
	for (k = (chkc_sflags(c) & CHKC_F_PARTS) ? 0 : n; k < n; k++)
		if (T[k].type == CHK_T_WORD && T[k].kw == KW_TRONG && k + 1 < n &&
		    T[k + 1].kw == KW_DO && T[k + 1].type == CHK_T_WORD)
			break;
	stop = k;
	for (j = 0; j < v->nnum && r->nprev < PREV_MAX; j++) {
		i = v->num[j];
		if (i >= stop)
			break;
		if (!amount(c, v, i))
			continue;
		for (k = 0; k < r->nprev && r->prev[k].unit != chkv_unit(v, i);
		    k++)
			;
		if (k == r->nprev)
			hold(c, i, &r->prev[r->nprev++]);
	}
}
