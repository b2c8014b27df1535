/* lex.h: the checker's tokenizer. One left-to-right pass over a line of
 * NFC text yields words (with their lower-case hash and keyword), numbers
 * (read by num_scan: Vietnamese grouping, "%", scale words, ambiguity flags),
 * identifiers ("955A", "1.30.5") and punctuation, each with its byte offset
 * and its column in characters. No backtracking: each byte is looked at a
 * bounded number of times. */
#ifndef KTXH_CHECK_LEX_H
#define KTXH_CHECK_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/num.h"

/* Keywords: the words the claim finder looks for. Multi-word phrases are
 * sequences of these ("trong" "đó"). */
enum chk_kw {
	KW_NONE,
	KW_DAT, KW_BANG, KW_CHIEM, KW_TANG, KW_GIAM, KW_TRONG, KW_DO, KW_GOM,
	KW_BAO, KW_CON, KW_LAI, KW_SO, KW_VOI, KW_KE, KW_HOACH, KW_KH, KW_CHI,
	KW_TIEU, KW_NQ, KW_NGHI, KW_QUYET, KW_TY, KW_LE, KW_DIEM, KW_PHAN,
	KW_TRAM, KW_TU, KW_LEN, KW_XUONG, KW_CUNG, KW_KY, KW_NAM, KW_TRUOC,
	KW_VUOT, KW_KHONG, KW_CHUA, KW_NGAY, KW_THANG, KW_LA, KW_DUOC, KW_NANG,
	KW_SUAT, KW_SAN, KW_LUONG, KW_DIEN, KW_TICH, KW_TONG, KW_SONUM, KW_GIAO,
	KW_CHIA, KW_RA, KW_VA, KW_DEN, KW_TREN, KW_DUOI, KW_HOAN, KW_THANH,
	KW_NHIEM, KW_VU, KW_CO, KW_UOC, KW_THUC, KW_HIEN, KW_HANG, KW_MUC,
	KW_CUA, KW_TAI, KW_CHO, KW_THEO, KW_MOI, KW_DA, KW_DANG, KW_SE, KW_CUNGX,
	KW_DEU, KW_THI, KW_MA, KW_NHUNG, KW_HOAC, KW_HAY, KW_VE, KW_VAO, KW_NHU,
	KW_NEN, KW_DE, KW_KHI, KW_NEU, KW_CAC, KW_NAY, KW_TRO,
	KW_HON, KW_GAN, KW_KHOANG, KW_NHAT, KW_CAO, KW_THAP, KW_DU, KW_TOAN, KW_CUOI, KW_DAU,
	KW_REF,		/* mục, điều, khoản, chương, bảng, phụ lục: a reference */
	/* Words that give a figure its role (role.c). */
	KW_TUOI, KW_MUI, KW_THU, KW_THEM, KW_XAP, KW_XI, KW_QUY, KW_TUAN,
	KW_TOI, KW_LOP, KW_PHANTHEO, KW_KHAC, KW_TINH, KW_KE2, KW_LOAI,
	KW_BEN, KW_CANH, KW_NGOAI, KW_RIENG, KW_TRU,
	KW_QUA,		/* "không quá": an upper bound */
	KW__MAX
};

/* Keyword classes, or-ed in chk_kwinfo.cls. */
enum chk_kwcls {
	KWC_NOUNIT	= 1u << 0,	/* never the unit of a number before it */
	KWC_STOP	= 1u << 1,	/* a function word: not part of an indicator name */
};

/* One keyword: its NFC lower-case spelling(s) and class. */
struct chk_kwinfo {
	enum chk_kw	 kw;
	const char	*word;
	unsigned	 cls;
};

/* The keyword lookup, built once per checker (no global state): a
 * multiplier that sends every keyword's hash to a slot of its own, so that
 * a word is one probe and one compare, without a branch to mispredict. */
#define CHK_KW_BITS	12
#define CHK_KW_ENTS	256

struct chk_kwent {
	uint64_t	 key;		/* lower-case hash + 1; 0 in ent[0] */
	uint16_t	 kw;
	uint16_t	 cls;
};

struct chk_kwtab {
	uint64_t	 mul;			/* odd */
	uint8_t		 slot[1u << CHK_KW_BITS];	/* index in ent */
	struct chk_kwent ent[CHK_KW_ENTS];	/* ent[0] matches no word */
	uint16_t	 ascii[128];	/* classify() of each ASCII byte: its
					   class | its punct << 8 */
};

void	chk_kwtab_init(struct chk_kwtab *);
void	chk_kwtab_free(struct chk_kwtab *);

/* Token types. */
enum chk_ttype {
	CHK_T_WORD,
	CHK_T_NUM,
	CHK_T_IDENT,	/* digits glued to letters or extra separators */
	CHK_T_PUNCT,
};

/* A token of a line. Offsets and lengths are in bytes of the line; col is
 * the 1-based column in characters. */
struct chk_tok {
	uint32_t	 off, len;
	uint32_t	 col;
	uint8_t		 type;		/* enum chk_ttype */
	char		 punct;		/* CHK_T_PUNCT: '.', ',', ';', ':', '(',
					   ')', '/', '-', '=', '%', '+', '|' (cell,
					   tab), '"', '~' (ellipsis), '?' other */
	uint8_t		 glued;		/* no blank before this token */
	uint8_t		 upper;		/* word starts with a capital */
	uint8_t		 role;		/* numbers: enum chk_role (role.h) */
	uint8_t		 bound;		/* numbers: enum chk_bound (role.h) */
	uint16_t	 kw;		/* enum chk_kw for words */
	uint16_t	 kwcls;		/* enum chk_kwcls for words */
	uint32_t	 mark;		/* claim finder's marks (claims.c) */
	uint32_t	 link;		/* claim finder's link to a partner token */
	uint64_t	 h;		/* words: hash of the lower-case NFC form */
	struct num	 n;		/* numbers */
};

/* The lexer's position in a line. */
struct chk_lexer {
	const char		*s;
	size_t			 len;
	size_t			 pos;
	size_t			 col;	/* column of s[pos], 1-based */
	const struct chk_kwtab	*kwt;
	int			 dirty;	/* a byte chk_sanitize would replace
					   (invalid UTF-8, NUL) was lexed */
};

void	chk_lex_init(struct chk_lexer *, const struct chk_kwtab *,
	    const char *s, size_t len, size_t col0);
/* Move to byte pos (forward only) without tokens, keeping the column. */
void	chk_lex_skip(struct chk_lexer *, size_t pos);
/* The next token into *t: 1, or 0 at the end of the line. */
int	chk_lex_next(struct chk_lexer *, struct chk_tok *t);
/* Tokens into t[0..max) while the position is before byte end, up to and
 * with a "." (punct is '.' only on punctuation): how many. The same as
 * chk_lex_next in a loop, without a call a token. */
size_t	chk_lex_sentence(struct chk_lexer *, size_t end, struct chk_tok *t,
	    size_t max);

/* The common numbers ("535", "06", "1.302", "177.000.000", "1.303,5",
 * "0,42", "262,22%", "93 %") read exactly as num_scan reads them, without
 * its decimal round trip through strtod. Returns the bytes read, or 0
 * whenever num_scan must decide (a scale word, an ambiguous or English
 * form, more than 15 digits). */
size_t	chk_num_fast(const char *s, size_t len, struct num *out);

/* Characters (UTF-8 lead bytes) in s[0..n). */
size_t	chk_count_chars(const char *s, size_t n);

/* The hash a word gets from the lexer: FNV-1a over its lower-case code
 * points. */
uint64_t chk_word_hash(const char *w, size_t n);

/* 64-bit FNV-1a, the hash of lower-case words and of paragraphs. */
uint64_t chk_hash(const void *, size_t, uint64_t seed);
#define CHK_HASH_SEED 0xcbf29ce484222325ULL


#endif
