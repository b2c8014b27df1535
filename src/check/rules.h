/* rules.h: the checker's interface between the claim finder (claims.c),
 * which owns the sentence's tokens, its findings and its helpers, and the
 * rule families kept in files of their own (rule_*.c, module prefix
 * chkr_). A rule file reads tokens through chkc_* and reports through
 * chkc_emit; what it keeps across sentences lives in struct chkr, owned
 * by the checker. Internal to src/check. */
#ifndef KTXH_CHECK_RULES_H
#define KTXH_CHECK_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "lex.h"
#include "role.h"

/* Unit classes, as in claims.c's unit table. */
enum {
	CHKC_U_COUNT	= 1u << 0,
	CHKC_U_MASS	= 1u << 1,
	CHKC_U_AREA	= 1u << 2,
	CHKC_U_MONEY	= 1u << 3,
};

/* What the sentence holds (chkc_sflags): rules that can apply. */
enum {
	CHKC_F_EXCL	= 1u << 16,	/* "không tính", "không kể", "loại trừ" */
	CHKC_F_RATE	= 1u << 17,	/* "tỷ lệ" and a percentage */
	CHKC_F_PARTS	= 1u << 18,	/* "trong đó", "gồm", "(" … */
};

/* chk_tok.mark bits a rule may test: a fraction's numerator or
 * denominator (claims.c's M_FRAC_A | M_FRAC_B); a date, range, heading,
 * year or document number, which is no figure (M_NOTFIG). */
#define CHKC_M_FRAC	3u
#define CHKC_M_NOTFIG	0x23Cu

/* The sentence as the rule files read it, kept by claims.c for the rules
 * that run on it: its tokens, its numbers (token indexes, in order), and
 * by token each number's unit (chkc_unit) and the last token of its unit
 * words (chkc_unit_end). The chkv_ tests below are chkc_kw, chkc_is_p …
 * inline, for the loops that run on every sentence. */
struct chkc_view {
	struct chk_tok	*tok;
	size_t		 ntok;
	const uint32_t	*num;
	size_t		 nnum;
	const uint64_t	*unit;
	const uint32_t	*uend;
};

const struct chkc_view *chkc_view(const struct chk *);

static inline int
chkv_is_num(const struct chkc_view *v, size_t i)
{
	return i < v->ntok && v->tok[i].type == CHK_T_NUM;
}

static inline int
chkv_is_p(const struct chkc_view *v, size_t i, char p)
{
	return i < v->ntok && v->tok[i].type == CHK_T_PUNCT &&
	    v->tok[i].punct == p;
}

static inline unsigned
chkv_kw(const struct chkc_view *v, size_t i)
{
	return i < v->ntok && v->tok[i].type == CHK_T_WORD ? v->tok[i].kw :
	    KW_NONE;
}

static inline int
chkv_fig(const struct chkc_view *v, size_t i)
{
	return chkv_is_num(v, i) && !(v->tok[i].mark & CHKC_M_NOTFIG) &&
	    v->tok[i].role != CHK_ROLE_QUAL;
}

static inline uint64_t
chkv_unit(const struct chkc_view *v, size_t i)
{
	return chkv_is_num(v, i) ? v->unit[i] : 0;
}

static inline size_t
chkv_unit_end(const struct chkc_view *v, size_t i)
{
	return chkv_is_num(v, i) ? v->uend[i] : i;
}

/* Token access: the current sentence; its numbers, in order. */
size_t		 chkc_ntok(const struct chk *);
size_t		 chkc_nnum(const struct chk *);
size_t		 chkc_num(const struct chk *, size_t k);	/* a token */
unsigned	 chkc_sflags(const struct chk *);
struct chk_tok	*chkc_tok(struct chk *, size_t i);
int		 chkc_is_num(const struct chk *, size_t i);
int		 chkc_is_p(const struct chk *, size_t i, char p);
unsigned	 chkc_kw(const struct chk *, size_t i);
int		 chkc_pct(const struct chk *, size_t i);
/* A figure: a number not a date, year, range, heading, qualifier. */
int		 chkc_fig(const struct chk *, size_t i);
unsigned	 chkc_role(const struct chk *, size_t i);
/* Hash of number i's unit word (1 for "%", 0 none); its last token. */
uint64_t	 chkc_unit(const struct chk *, size_t i);
size_t		 chkc_unit_end(struct chk *, size_t i);
unsigned	 chkc_unit_cls(const struct chk *, uint64_t unit, double *factor);
/* Rounding slack of number i's written digits. */
double		 chkc_slack(const struct chk *, size_t i);
/* "kế hoạch", "KH", "dự toán" … at i: tokens, or 0. */
size_t		 chkc_plan_word(const struct chk *, size_t i);
/* "." ";" or a table cell at i. */
int		 chkc_hard_stop(const struct chk *, size_t i);
/* The bytes of token i in the line (not NUL-terminated). */
const char	*chkc_text(const struct chk *, size_t i);
bool		 chkc_truncate(const struct chk *);
size_t		 chkc_line(const struct chk *);

/* Findings. chkc_quiet: with problems_only, count an ok or unverifiable
 * claim without building it (returns 1). */
int		 chkc_quiet(struct chk *, enum chk_kind, enum chk_verdict);
void		 chkc_emit(struct chk *, enum chk_kind, enum chk_verdict,
		    size_t at, const struct buf *text, const struct buf *stated,
		    const struct buf *computed, const struct buf *sugg,
		    const struct buf *msg);
/* Scratch buffer i (0..5), reset. */
struct buf	*chkc_sb(struct chk *, int i);
void		 chkc_put_tok(struct chk *, struct buf *, size_t i);
void		 chkc_put_span(struct chk *, struct buf *, size_t i, size_t j);
void		 chkc_put_num(struct buf *, double v, int decimals);
void		 chkc_put_pct(struct buf *, double v, int decimals);
void		 chkc_put_unit(struct chk *, struct buf *, size_t i);
/* v in the scale words of number i ("4,46 triệu tỉ"). */
void		 chkc_put_scaled(struct chk *, struct buf *, double v, int d,
		    size_t i);
/* Copy the text of tokens i..e (as in the line, cut at a character) into
 * dst[cap] as a string: cheaper than put_* for what is kept. */
void		 chkc_copy(const struct chk *, size_t i, size_t e, char *dst,
		    size_t cap);
/* Marks a rule may set on a token: used by a claim. */
void		 chkc_use(struct chk *, size_t i);
int		 chkc_used(const struct chk *, size_t i);

/* The rule files' state across sentences. */
struct chkr;
struct chkr	*chkr_new(void);
void		 chkr_free(struct chkr *);
struct chkr	*chkc_rules(struct chk *);
/* A new paragraph (line), a new document. */
void		 chkr_paragraph(struct chk *);
void		 chkr_document(struct chk *);

/* Rule families, run on each sentence; chkr_bins before the claim
 * finder's own rules (a bin's threshold is no ratio of its count). */
void		 chkr_bins(struct chk *);		/* rule_bins.c */
void		 chkr_change_pairs(struct chk *);	/* rule_change.c */
void		 chkr_whole_shares(struct chk *);	/* rule_whole.c */
void		 chkr_kinds(struct chk *);	/* rule_scale.c */
void		 chkr_para(struct chk *);	/* rule_para.c */
void		 chkr_named(struct chk *);	/* rule_named.c */

/* rule_named.c's memory of the document's named figures, kept in
 * struct chkr. */
struct chkr_named;
struct chkr_named *chkr_named_new(void);
void		 chkr_named_free(struct chkr_named *);
void		 chkr_named_reset(struct chkr_named *);
struct chkr_named *chkr_named_of(struct chk *);

#endif
