/* rule_named.c: figures named earlier in the document. Each level with a
 * unit is remembered with the words that name it (up to four, before its
 * verb: "thu nội địa đạt 16.186 tỷ đồng", "Tổng số hộ nghèo: 391 hộ, 1904
 * khẩu"), in a ring of the last NAMED_MAX. Two claims read it:
 * - an exclusion: "Không tính (không kể, loại trừ) … E … thì <name> V":
 *   V is the figure of that name stated before, less E;
 * - a rate of named counts: "Tỷ lệ hộ nghèo: 60,9%" after "Tổng số: 656
 *   hộ" and "Tổng số hộ nghèo: 391 hộ, 1904 khẩu": the count named by the
 *   rate's words over the last total ("tổng") of the same unit; any unit
 *   that agrees (rounded or cut) confirms it, none is an error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "rules.h"

#define NAMED_MAX	64
#define KEYW		4

struct named {
	uint64_t w[KEYW];	/* the name's words, nearest first */
	int	 nw;
	int	 total;		/* the name has "tổng" */
	double	 v, slack;
	uint64_t unit;
	size_t	 line, group;	/* group: the sentence */
	char	 shown[48];
};

struct chkr_named {
	struct named e[NAMED_MAX];
	size_t	 n;		/* entries held */
	size_t	 next;		/* ring position */
	size_t	 group;
};

struct chkr_named *
chkr_named_new(void)
{
	return xcalloc(1, sizeof(struct chkr_named));
}

void
chkr_named_free(struct chkr_named *m)
{
	if (m == NULL)
		return;
	free(m);
}

/* The ring's entries are written whole before they are read: emptying it
 * is forgetting how many it holds (a memset of the ring per document cost
 * about 5% of a check). */
void
chkr_named_reset(struct chkr_named *m)
{
	m->n = m->next = m->group = 0;
}

/* Words a figure's name skips before it (k < i, a token of the
 * sentence): verbs, bounds, ":". */
static int
skip_word(const struct chk_tok *t)
{
	if (t->type == CHK_T_PUNCT)
		return t->punct == ':';
	if (t->type != CHK_T_WORD)
		return 0;
	switch (t->kw) {
	case KW_DAT: case KW_LA: case KW_UOC: case KW_DUOC: case KW_CO:
	case KW_HON: case KW_GAN: case KW_KHOANG: case KW_TREN: case KW_DUOI:
	case KW_DA: case KW_MUC: case KW_THUC: case KW_HIEN:
		return 1;
	default:
		return 0;
	}
}

/* The name of the thing at i (a figure, or the end of "tỷ lệ …"): words
 * back to a stop, nearest first. */
static int
name_before(struct chk *c, size_t i, uint64_t w[KEYW], int *total)
{
	const struct chk_tok *T = chkc_tok(c, 0), *t;
	size_t k = i;
	int nw = 0;

	*total = 0;
	while (k > 0 && i - k < 6 && skip_word(&T[k - 1]))
		k--;
	for (; k > 0 && nw < KEYW; k--) {
		t = &T[k - 1];
		if (t->type != CHK_T_WORD || ((t->kwcls & KWC_STOP) &&
		    t->kw != KW_VA) || (t->kw == KW_LE && k >= 2 &&
		    T[k - 2].type == CHK_T_WORD && T[k - 2].kw == KW_TY))
			break;
		if (t->kw == KW_TONG)
			*total = 1;
		w[nw++] = t->h;
	}
	return nw;
}

static int
same_name(const uint64_t *a, int na, const uint64_t *b, int nb, int whole)
{
	int k;

	if (na == 0 || nb < na || (whole && na != nb))
		return 0;
	for (k = 0; k < na; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

/* A level with a unit. */
static int
amount(const struct chkc_view *v, size_t i)
{
	const struct chk_tok *t = &v->tok[i];

	if (t->type != CHK_T_NUM || (t->n.flags & NUM_PERCENT) ||
	    t->role != CHK_ROLE_LEVEL || (t->mark & CHKC_M_FRAC))
		return 0;
	return chkv_unit(v, i) > 1 && chkv_fig(v, i) &&
	    !chkv_is_p(v, chkv_unit_end(v, i) + 1, '/');
}

static void
remember(struct chk *c, struct chkr_named *m)
{
	const struct chkc_view *v = chkc_view(c);
	size_t i, j, last = SIZE_MAX;
	struct named *e, *prev = NULL;

	m->group++;
	for (j = 0; j < v->nnum; j++) {
		i = v->num[j];
		if (!amount(v, i))
			continue;
		e = &m->e[m->next];
		e->nw = name_before(c, i, e->w, &e->total);
		/* "391 hộ, 1904 khẩu": the second figure shares the name. */
		if (e->nw == 0 && prev != NULL && last != SIZE_MAX &&
		    i - last <= 4) {
			memcpy(e->w, prev->w, sizeof e->w);
			e->nw = prev->nw;
			e->total = prev->total;
		}
		/* Only what a claim can use: a name of two words or more, or
		 * a total. */
		if (e->nw < 2 && !e->total)
			continue;
		e->v = v->tok[i].n.value;
		e->slack = chkc_slack(c, i);
		e->unit = chkv_unit(v, i);
		e->line = chkc_line(c);
		e->group = m->group;
		chkc_copy(c, i, chkv_unit_end(v, i), e->shown,
		    sizeof e->shown);
		prev = e;
		last = chkv_unit_end(v, i);
		m->next = (m->next + 1) % NAMED_MAX;
		if (m->n < NAMED_MAX)
			m->n++;
	}
}

/* The k-th most recent entry (0: the last). */
static struct named *
recent(struct chkr_named *m, size_t k)
{
	return &m->e[(m->next + NAMED_MAX - 1 - k) % NAMED_MAX];
}

static void
exclusion(struct chk *c, struct chkr_named *m)
{
	size_t n = chkc_ntok(c), i, ex = SIZE_MAX, v = SIZE_MAX, k;
	uint64_t w[KEYW];
	int nw, tot;
	struct named *t = NULL;
	double want, tol;
	enum chk_verdict vd;
	struct buf *tx, *st, *cp, *sg, *ms;

	for (i = 0; i + 1 < n; i++)
		if ((chkc_kw(c, i) == KW_KHONG && (chkc_kw(c, i + 1) ==
		    KW_TINH || chkc_kw(c, i + 1) == KW_KE2)) ||
		    (chkc_kw(c, i) == KW_LOAI && chkc_kw(c, i + 1) == KW_TRU))
			break;
	for (i += 2; i < n; i++) {
		if (!amount(chkc_view(c), i))
			continue;
		if (ex == SIZE_MAX)
			ex = i;
		else if (chkc_unit(c, i) == chkc_unit(c, ex)) {
			v = i;
			break;
		}
	}
	if (v == SIZE_MAX)
		return;
	nw = name_before(c, v, w, &tot);
	if (nw < 2)
		return;
	for (k = 0; k < m->n; k++) {
		t = recent(m, k);
		if (t->unit == chkc_unit(c, v) && same_name(w, nw, t->w, t->nw,
		    1))
			break;
	}
	if (k == m->n)
		return;
	want = t->v - chkc_tok(c, ex)->n.value;
	tol = t->slack + chkc_slack(c, ex) + chkc_slack(c, v) + chk_hair(want);
	vd = fabs(want - chkc_tok(c, v)->n.value) <= tol ? CHK_OK : CHK_ERROR;
	chkc_use(c, v);
	if (chkc_quiet(c, CHK_K_PARTS, vd))
		return;
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	chkc_put_span(c, tx, ex, chkc_unit_end(c, v));
	chkc_put_tok(c, st, v);
	chkc_put_unit(c, st, v);
	chkc_put_scaled(c, cp, want, 3, v);
	chkc_put_unit(c, cp, v);
	buf_puts(ms, t->shown);
	if (t->line != chkc_line(c))
		buf_printf(ms, " (dòng %zu)", t->line);
	buf_puts(ms, " không tính ");
	chkc_put_tok(c, ms, ex);
	chkc_put_unit(c, ms, ex);
	buf_puts(ms, " còn ");
	buf_puts(ms, buf_str(cp));
	if (vd == CHK_ERROR) {
		buf_puts(ms, ", không phải ");
		buf_puts(ms, buf_str(st));
		buf_puts(sg, "viết ");
		buf_puts(sg, buf_str(cp));
	}
	chkc_emit(c, CHK_K_PARTS, vd, v, tx, st, cp, vd == CHK_ERROR ? sg :
	    NULL, ms);
}

static void
rate_of_named(struct chk *c, struct chkr_named *m, size_t p)
{
	uint64_t w[KEYW];
	int nw, tot, found = 0, d = chkc_tok(c, p)->n.decimals;
	size_t k, j;
	struct named *num, *den, *best_n = NULL, *best_d = NULL;
	double v, bestv = 0;
	enum chk_verdict vd = CHK_ERROR;
	struct buf *tx, *st, *cp, *sg, *ms;

	nw = name_before(c, p, w, &tot);
	k = p;
	while (k > 0 && p - k < 6 && skip_word(chkc_tok(c, k - 1)))
		k--;
	if (nw == 0 || k < (size_t)nw + 2 || chkc_kw(c, k - nw - 1) != KW_LE ||
	    chkc_kw(c, k - nw - 2) != KW_TY)
		return;
	for (k = 0; k < m->n && vd != CHK_OK; k++) {
		num = recent(m, k);
		if (!same_name(w, nw, num->w, num->nw, 0))
			continue;
		if (found && num->group != best_n->group)
			break;
		for (j = k + 1; j < m->n; j++) {
			den = recent(m, j);
			if (den->unit != num->unit || !den->total ||
			    den->v <= num->v || same_name(w, nw, den->w,
			    den->nw, 0))
				continue;
			v = num->v / den->v * 100;
			if (!found || fabs(v - chkc_tok(c, p)->n.value) <
			    fabs(bestv - chkc_tok(c, p)->n.value)) {
				best_n = num;
				best_d = den;
				bestv = v;
			}
			found = 1;
			if (chk_agrees(v, chkc_tok(c, p)->n.value, d, true))
				vd = CHK_OK;
			break;
		}
		if (!found)
			best_n = NULL;
	}
	if (!found)
		return;
	chkc_use(c, p);
	if (chkc_quiet(c, CHK_K_RATIO, vd))
		return;
	tx = chkc_sb(c, 0);
	st = chkc_sb(c, 1);
	cp = chkc_sb(c, 2);
	sg = chkc_sb(c, 3);
	ms = chkc_sb(c, 5);
	chkc_put_span(c, tx, k = (p > (size_t)nw + 2 ? p - nw - 2 : 0), p);
	chkc_put_tok(c, st, p);
	chkc_put_pct(cp, bestv, d);
	buf_puts(ms, best_n->shown);
	buf_puts(ms, " trên ");
	buf_puts(ms, best_d->shown);
	if (best_d->line != chkc_line(c))
		buf_printf(ms, " (dòng %zu)", best_d->line);
	buf_puts(ms, " = ");
	chkc_put_pct(ms, bestv, d);
	if (vd == CHK_ERROR) {
		buf_puts(ms, ", không phải ");
		chkc_put_tok(c, ms, p);
		buf_puts(ms, " (không đơn vị nào khớp)");
		buf_puts(sg, "viết ");
		chkc_put_num(sg, bestv, d);
		buf_putc(sg, '%');
	}
	chkc_emit(c, CHK_K_RATIO, vd, p, tx, st, cp, vd == CHK_ERROR ? sg :
	    NULL, ms);
}

void
chkr_named(struct chk *c)
{
	struct chkr_named *m = chkr_named_of(c);
	const struct chkc_view *v;
	size_t j, i;
	unsigned f = chkc_sflags(c);

	if (f & CHKC_F_EXCL)
		exclusion(c, m);
	remember(c, m);
	if (!(f & CHKC_F_RATE))
		return;
	v = chkc_view(c);
	for (j = 0; j < v->nnum; j++) {
		i = v->num[j];
		if ((v->tok[i].n.flags & NUM_PERCENT) && chkv_fig(v, i) &&
		    !chkc_used(c, i) && v->tok[i].role == CHK_ROLE_LEVEL)
			rate_of_named(c, m, i);
	}
}
