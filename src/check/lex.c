/* lex.c: the checker's tokenizer (see lex.h). Words are hashed in lower
 * case as they are read, so a keyword test is one table probe; numbers are
 * read by num_scan and then told apart from identifiers by what follows
 * them ("955A", "0296.3.123" are names, "1,5ha" is a number and its unit).
 * Markdown emphasis marks ("*", "#", "`") and "&nbsp;" are skipped like
 * blanks, so that "**262,22%**" reads as a plain figure. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check.h"
#include "core/buf.h"
#include "lex.h"

/* The keyword table: every spelling in NFC lower case. */
static const struct chk_kwinfo kwinfo[] = {
	{ KW_DAT,	"đạt",		KWC_NOUNIT | KWC_STOP },
	{ KW_BANG,	"bằng",		KWC_NOUNIT | KWC_STOP },
	{ KW_CHIEM,	"chiếm",	KWC_NOUNIT | KWC_STOP },
	{ KW_TANG,	"tăng",		KWC_NOUNIT },
	{ KW_GIAM,	"giảm",		KWC_NOUNIT },
	{ KW_TRONG,	"trong",	KWC_NOUNIT | KWC_STOP },
	{ KW_DO,	"đó",		KWC_NOUNIT | KWC_STOP },
	{ KW_GOM,	"gồm",		KWC_NOUNIT | KWC_STOP },
	{ KW_BAO,	"bao",		KWC_NOUNIT },
	{ KW_CON,	"còn",		KWC_NOUNIT | KWC_STOP },
	{ KW_LAI,	"lại",		KWC_NOUNIT | KWC_STOP },
	{ KW_SO,	"so",		KWC_NOUNIT | KWC_STOP },
	{ KW_VOI,	"với",		KWC_NOUNIT | KWC_STOP },
	{ KW_KE,	"kế",		0 },
	{ KW_HOACH,	"hoạch",	0 },
	{ KW_KH,	"kh",		KWC_NOUNIT },
	{ KW_CHI,	"chỉ",		0 },
	{ KW_TIEU,	"tiêu",		0 },
	{ KW_NQ,	"nq",		KWC_NOUNIT },
	{ KW_NGHI,	"nghị",		0 },
	{ KW_QUYET,	"quyết",	0 },
	{ KW_TY,	"tỷ",		0 },
	{ KW_TY,	"tỉ",		0 },
	{ KW_LE,	"lệ",		0 },
	{ KW_DIEM,	"điểm",		0 },
	{ KW_PHAN,	"phần",		0 },
	{ KW_TRAM,	"trăm",		0 },
	{ KW_TU,	"từ",		KWC_NOUNIT | KWC_STOP },
	{ KW_LEN,	"lên",		KWC_NOUNIT | KWC_STOP },
	{ KW_XUONG,	"xuống",	KWC_NOUNIT },
	{ KW_CUNG,	"cùng",		KWC_NOUNIT },
	{ KW_KY,	"kỳ",		0 },
	{ KW_KY,	"kì",		0 },
	{ KW_NAM,	"năm",		0 },
	{ KW_TRUOC,	"trước",	KWC_NOUNIT },
	{ KW_VUOT,	"vượt",		KWC_NOUNIT },
	{ KW_KHONG,	"không",	KWC_NOUNIT | KWC_STOP },
	{ KW_CHUA,	"chưa",		KWC_NOUNIT | KWC_STOP },
	{ KW_NGAY,	"ngày",		0 },
	{ KW_THANG,	"tháng",	0 },
	{ KW_LA,	"là",		KWC_NOUNIT | KWC_STOP },
	{ KW_DUOC,	"được",		KWC_NOUNIT | KWC_STOP },
	{ KW_NANG,	"năng",		0 },
	{ KW_SUAT,	"suất",		0 },
	{ KW_SAN,	"sản",		0 },
	{ KW_LUONG,	"lượng",	0 },
	{ KW_DIEN,	"diện",		0 },
	{ KW_TICH,	"tích",		0 },
	{ KW_TONG,	"tổng",		KWC_NOUNIT },
	{ KW_SONUM,	"số",		0 },
	{ KW_GIAO,	"giao",		0 },
	{ KW_CHIA,	"chia",		KWC_NOUNIT },
	{ KW_RA,	"ra",		KWC_NOUNIT | KWC_STOP },
	{ KW_VA,	"và",		KWC_NOUNIT | KWC_STOP },
	{ KW_DEN,	"đến",		KWC_NOUNIT | KWC_STOP },
	{ KW_TREN,	"trên",		KWC_NOUNIT | KWC_STOP },
	{ KW_DUOI,	"dưới",		KWC_NOUNIT | KWC_STOP },
	{ KW_HOAN,	"hoàn",		0 },
	{ KW_THANH,	"thành",	0 },
	{ KW_NHIEM,	"nhiệm",	0 },
	{ KW_VU,	"vụ",		0 },
	{ KW_CO,	"có",		KWC_NOUNIT | KWC_STOP },
	{ KW_UOC,	"ước",		KWC_NOUNIT },
	{ KW_THUC,	"thực",		0 },
	{ KW_HIEN,	"hiện",		0 },
	{ KW_HANG,	"hạng",		0 },
	{ KW_MUC,	"mức",		0 },
	{ KW_CUA,	"của",		KWC_NOUNIT | KWC_STOP },
	{ KW_TAI,	"tại",		KWC_NOUNIT | KWC_STOP },
	{ KW_CHO,	"cho",		KWC_NOUNIT | KWC_STOP },
	{ KW_THEO,	"theo",		KWC_NOUNIT | KWC_STOP },
	{ KW_MOI,	"mới",		KWC_NOUNIT },
	{ KW_DA,	"đã",		KWC_NOUNIT | KWC_STOP },
	{ KW_DANG,	"đang",		KWC_NOUNIT | KWC_STOP },
	{ KW_SE,	"sẽ",		KWC_NOUNIT | KWC_STOP },
	{ KW_CUNGX,	"cũng",		KWC_NOUNIT | KWC_STOP },
	{ KW_DEU,	"đều",		KWC_NOUNIT | KWC_STOP },
	{ KW_THI,	"thì",		KWC_NOUNIT | KWC_STOP },
	{ KW_MA,	"mà",		KWC_NOUNIT | KWC_STOP },
	{ KW_NHUNG,	"nhưng",	KWC_NOUNIT | KWC_STOP },
	{ KW_HOAC,	"hoặc",		KWC_NOUNIT | KWC_STOP },
	{ KW_HAY,	"hay",		KWC_NOUNIT | KWC_STOP },
	{ KW_VE,	"về",		KWC_NOUNIT | KWC_STOP },
	{ KW_VAO,	"vào",		KWC_NOUNIT | KWC_STOP },
	{ KW_NHU,	"như",		KWC_NOUNIT | KWC_STOP },
	{ KW_NEN,	"nên",		KWC_NOUNIT | KWC_STOP },
	{ KW_DE,	"để",		KWC_NOUNIT | KWC_STOP },
	{ KW_KHI,	"khi",		KWC_NOUNIT | KWC_STOP },
	{ KW_NEU,	"nếu",		KWC_NOUNIT | KWC_STOP },
	{ KW_CAC,	"các",		KWC_NOUNIT | KWC_STOP },
	{ KW_CAC,	"những",	KWC_NOUNIT | KWC_STOP },
	{ KW_NAY,	"này",		KWC_NOUNIT | KWC_STOP },
	{ KW_TRO,	"trở",		KWC_NOUNIT },
	{ KW_HON,	"hơn",		KWC_NOUNIT },
	{ KW_GAN,	"gần",		KWC_NOUNIT },
	{ KW_KHOANG,	"khoảng",	KWC_NOUNIT },
	{ KW_NHAT,	"nhất",		KWC_NOUNIT },
	{ KW_CAO,	"cao",		KWC_NOUNIT },
	{ KW_THAP,	"thấp",		KWC_NOUNIT },
	{ KW_DU,	"dự",		0 },
	{ KW_TOAN,	"toán",		0 },
	{ KW_CUOI,	"cuối",		0 },
	{ KW_REF,	"mục",		KWC_NOUNIT },
	{ KW_REF,	"điều",		KWC_NOUNIT },
	{ KW_REF,	"khoản",	KWC_NOUNIT },
	{ KW_REF,	"chương",	KWC_NOUNIT },
	{ KW_REF,	"bảng",		KWC_NOUNIT },
	{ KW_REF,	"biểu",		KWC_NOUNIT },
	{ KW_REF,	"lục",		KWC_NOUNIT },
	{ KW_REF,	"trang",	KWC_NOUNIT },
	{ KW_DAU,	"đầu",		0 },
	{ KW_TUOI,	"tuổi",		0 },
	{ KW_MUI,	"mũi",		KWC_NOUNIT },
	{ KW_THU,	"thứ",		KWC_NOUNIT },
	{ KW_THEM,	"thêm",		KWC_NOUNIT | KWC_STOP },
	{ KW_XAP,	"xấp",		KWC_NOUNIT },
	{ KW_XI,	"xỉ",		KWC_NOUNIT },
	{ KW_QUY,	"quý",		0 },
	{ KW_TUAN,	"tuần",		0 },
	{ KW_TOI,	"tới",		KWC_NOUNIT | KWC_STOP },
	{ KW_LOP,	"lớp",		0 },
	{ KW_PHANTHEO,	"phân",		0 },
	{ KW_KHAC,	"khác",		KWC_NOUNIT },
	{ KW_TINH,	"tính",		KWC_NOUNIT },
	{ KW_KE2,	"kể",		KWC_NOUNIT },
	{ KW_LOAI,	"loại",		0 },
	{ KW_BEN,	"bên",		KWC_NOUNIT },
	{ KW_QUA,	"quá",		KWC_NOUNIT },
	{ KW_CANH,	"cạnh",		KWC_NOUNIT },
	{ KW_NGOAI,	"ngoài",	KWC_NOUNIT },
	{ KW_RIENG,	"riêng",	KWC_NOUNIT },
	{ KW_TRU,	"trừ",		KWC_NOUNIT },
};

/* Units that may be written glued to their number ("1,5ha", "7.400đ"). */
static const char *const glued_units[] = {
	"ha", "đ", "m", "km", "kg", "m2", "m3", "tấn", "tạ", "g", "l", "cm",
	"mm", "ml", "kw", "kwh", "đồng",
};

uint64_t
chk_hash(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static size_t decode(const char *, size_t, size_t, int32_t *);
static int32_t lower_cp(int32_t);
enum cc { CC_SPACE, CC_SKIP, CC_LETTER, CC_DIGIT, CC_PUNCT };
static enum cc classify(int32_t, char *);
static uint64_t hash_cp(int32_t, uint64_t);

#define FNV_PRIME	0x100000001b3ULL

uint64_t
chk_word_hash(const char *w, size_t n)
{
	uint64_t h = CHK_HASH_SEED;
	size_t i = 0;
	int32_t c;

	while (i < n) {
		i += decode(w, n, i, &c);
		h = hash_cp(lower_cp(c), h);
	}
	return h;
}

static uint64_t
word_hash(const char *w)
{
	return chk_word_hash(w, strlen(w));
}

/* The slot of key k in t. */
static size_t
kw_slot(const struct chk_kwtab *t, uint64_t k)
{
	return (size_t)((k * t->mul) >> (64 - CHK_KW_BITS));
}

void
chk_kwtab_init(struct chk_kwtab *t)
{
	size_t i, j, n = sizeof kwinfo / sizeof kwinfo[0], ne;
	uint64_t k, tries;
	uint8_t e;

	_Static_assert(sizeof kwinfo / sizeof kwinfo[0] < CHK_KW_ENTS,
	    "more keywords than CHK_KW_ENTS");
	/* Some 140 keys in 4096 slots: about one multiplier in eleven puts
	 * each in a slot of its own. */
	for (tries = 0; ; tries++) {
		if (tries == (1u << 16)) {
			fputs("ktxh: bảng từ khóa không dựng được\n", stderr);
			abort();
		}
		memset(t, 0, sizeof *t);
		t->mul = 0x9E3779B97F4A7C15ULL + 2 * tries;
		ne = 1;
		for (i = 0; i < n; i++) {
			k = word_hash(kwinfo[i].word) + 1;
			if (k == 0)
				k = 1;
			j = kw_slot(t, k);
			if ((e = t->slot[j]) == 0) {
				e = (uint8_t)ne++;
				t->slot[j] = e;
			} else if (t->ent[e].key != k)
				break;		/* a collision: another try */
			/* the same spelling twice: the last one counts */
			t->ent[e].key = k;
			t->ent[e].kw = (uint16_t)kwinfo[i].kw;
			t->ent[e].cls = (uint16_t)kwinfo[i].cls;
		}
		if (i == n)
			break;
	}
	for (i = 0; i < 128; i++) {
		char p;
		unsigned cl = classify((int32_t)i, &p);

		t->ascii[i] = (uint16_t)(cl | (unsigned)(unsigned char)p << 8);
	}
}

void
chk_kwtab_free(struct chk_kwtab *t)
{
	(void)t;		/* nothing allocated */
}

static void
kw_lookup(const struct chk_kwtab *t, uint64_t h, struct chk_tok *tok)
{
	uint64_t k = h + 1;
	const struct chk_kwent *e;
	unsigned m;

	if (k == 0)
		k = 1;
	e = &t->ent[t->slot[kw_slot(t, k)]];
	m = 0u - (unsigned)(e->key == k);	/* all ones on a keyword */
	tok->kw = (uint16_t)(e->kw & m);
	tok->kwcls = (uint16_t)(e->cls & m);
}

/* Decode one code point at s[i]; returns its byte length. Anything but
 * well-formed UTF-8 (chk_utf8_seq) reads as U+FFFD, one byte, as
 * chk_sanitize sees it. */
static size_t
decode(const char *s, size_t len, size_t i, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s + i;
	uint32_t c;
	size_t n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((n = chk_utf8_seq(u, len - i, &c)) == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (int32_t)c;
	return n;
}

/* Whether chk_sanitize would change code point c (read by decode). */
static int
unclean(int32_t c)
{
	return c == 0 || c == 0xFFFD;
}

/* Lower case of a code point: the Vietnamese letters by table, the rest
 * through utf8proc. */
static int32_t
lower_cp(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c < 0x100)
		return c;
	if (c >= 0x1EA0 && c <= 0x1EFF)
		return c | 1;
	switch (c) {
	case 0x102: case 0x110: case 0x128: case 0x168: case 0x1A0:
	case 0x1AF:
		return c + 1;
	case 0x103: case 0x111: case 0x129: case 0x169: case 0x1A1:
	case 0x1B0:
		return c;
	default:
		return utf8proc_tolower(c);
	}
}

/* Mix one lower-case code point into a word hash: FNV-1a over its UTF-8
 * bytes, so that the lexer's fast paths can hash the bytes as they come. */
static uint64_t
hash_cp(int32_t c, uint64_t h)
{
	uint32_t u = (uint32_t)c;

	if (u < 0x80)
		return (h ^ u) * FNV_PRIME;
	if (u < 0x800) {
		h = (h ^ (0xC0 | (u >> 6))) * FNV_PRIME;
		return (h ^ (0x80 | (u & 0x3F))) * FNV_PRIME;
	}
	if (u < 0x10000) {
		h = (h ^ (0xE0 | (u >> 12))) * FNV_PRIME;
		h = (h ^ (0x80 | ((u >> 6) & 0x3F))) * FNV_PRIME;
		return (h ^ (0x80 | (u & 0x3F))) * FNV_PRIME;
	}
	h = (h ^ (0xF0 | (u >> 18))) * FNV_PRIME;
	h = (h ^ (0x80 | ((u >> 12) & 0x3F))) * FNV_PRIME;
	h = (h ^ (0x80 | ((u >> 6) & 0x3F))) * FNV_PRIME;
	return (h ^ (0x80 | (u & 0x3F))) * FNV_PRIME;
}

/* Character classes (enum cc, above). */

static enum cc
classify(int32_t c, char *p)
{
	*p = 'o';
	/* Latin letters with diacritics, the bulk of Vietnamese. */
	if (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7)
		return CC_LETTER;
	if (c < 0x80) {
		if (c == ' ' || c == '\r' || c == '\n' || c == '\v' ||
		    c == '\f' || c == 0)
			return CC_SPACE;
		if (c == '\t') {
			*p = '|';
			return CC_PUNCT;
		}
		if (c >= '0' && c <= '9')
			return CC_DIGIT;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return CC_LETTER;
		switch (c) {
		case '*': case '#': case '`': case '_': case '~': case '^':
		case '\\':
			return CC_SKIP;
		case '!': case '?':
			*p = '.';
			return CC_PUNCT;
		case '[': case '{':
			*p = '(';
			return CC_PUNCT;
		case ']': case '}':
			*p = ')';
			return CC_PUNCT;
		case '\'':
			*p = '"';
			return CC_PUNCT;
		case '.': case ',': case ';': case ':': case '(': case ')':
		case '/': case '-': case '=': case '%': case '+': case '|':
		case '"':
			*p = (char)c;
			return CC_PUNCT;
		default:
			return CC_PUNCT;
		}
	}
	if (c == 0xA0 || c == 0xFEFF || c == 0x202F || c == 0x3000 ||
	    (c >= 0x2000 && c <= 0x200B))
		return CC_SPACE;
	if (c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0x2010 ||
	    c == 0x2011) {
		*p = '-';
		return CC_PUNCT;
	}
	if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D ||
	    c == 0xAB || c == 0xBB) {
		*p = '"';
		return CC_PUNCT;
	}
	if (c == 0x2026) {
		*p = '~';
		return CC_PUNCT;
	}
	if ((c >= 0x2000 && c <= 0x206F) || c == 0xD7 || c == 0xF7 ||
	    c == 0xB7 || c == 0xFFFD || (c >= 0x2190 && c <= 0x2BFF))
		return CC_PUNCT;
	if (c == 0x2022 || c == 0x25CF || c == 0xF0B7)
		return CC_SKIP;
	return CC_LETTER;
}

void
chk_lex_init(struct chk_lexer *lx, const struct chk_kwtab *kwt,
    const char *s, size_t len, size_t col0)
{
	lx->s = s;
	lx->len = len;
	lx->pos = 0;
	lx->col = col0 > 0 ? col0 : 1;
	lx->kwt = kwt;
	lx->dirty = 0;
}

size_t
chk_count_chars(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w, cont;
	size_t i = 0, k = 0;
#ifdef __SSE2__
	const __m128i top = _mm_set1_epi8((char)0xC0),
	    mark = _mm_set1_epi8((char)0x80), zero = _mm_setzero_si128();
	__m128i acc, sum;
	size_t steps;

	/* The continuation bytes of sixteen bytes a step, summed in byte
	 * counters (at most 255 steps before they are added up). */
	while (i + 16 <= n) {
		acc = zero;
		for (steps = 0; steps < 255 && i + 16 <= n; steps++, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_and_si128(
			    _mm_loadu_si128((const __m128i *)(const void *)(u +
			    i)), top), mark));
		sum = _mm_sad_epu8(acc, zero);
		k += steps * 16 - (size_t)_mm_cvtsi128_si32(sum) -
		    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
#endif
	/* A continuation byte is 10xxxxxx: top bit set, next bit clear. */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
		/* one bit a byte: the multiply sums them into the top byte */
		k += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* Move to byte p, counting the characters passed. */
static void
advance(struct chk_lexer *lx, size_t p)
{
	lx->col += chk_count_chars(lx->s + lx->pos, p - lx->pos);
	lx->pos = p;
}

void
chk_lex_skip(struct chk_lexer *lx, size_t pos)
{
	if (pos > lx->len)
		pos = lx->len;
	if (pos > lx->pos)
		advance(lx, pos);
}

/* The bytes of lower-case ASCII letters and digits. */
static const unsigned char lowdigit[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The end of a run of letters and digits from i; *h gets the lower-case
 * hash, *upper whether the first letter is a capital. The letters of
 * Vietnamese are lower-cased byte by byte (ASCII, U+00C0..U+00FF, the six
 * letters ă đ ĩ ũ ơ ư, U+1EA0..U+1EFF where capitals are even); any other
 * character goes through decode, classify and lower_cp. */
#if defined(__GNUC__)
__attribute__((always_inline))	/* the lexer's inner loop: inlined twice */
#endif
static inline size_t
word_end(const char *s, size_t len, size_t i, uint64_t *h, int *upper,
    size_t *nch, int *dirty)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t hh = CHK_HASH_SEED;
	int32_t c, lc;
	size_t n, k = 0, start = i;
	unsigned b, b1, b2;
	char p;

	*upper = 0;
	while (i < len) {
		/* The common case: a run of lower-case letters and digits. */
		while (lowdigit[u[i]]) {
			hh = (hh ^ u[i]) * FNV_PRIME;
			k++;
			if (++i == len)
				goto out;
		}
		b = u[i];
		if (b < 0x80) {
			if (b < 'A' || b > 'Z')
				break;
			if (i == start)
				*upper = 1;
			hh = (hh ^ (b + 32)) * FNV_PRIME;
			i++;
			k++;
			continue;
		}
		b1 = i + 1 < len ? u[i + 1] : 0;
		if (b == 0xC3 && (b1 & 0xC0) == 0x80) {
			if (b1 == 0x97 || b1 == 0xB7)		/* × ÷ */
				break;
			if (b1 < 0x9F) {			/* À .. Þ */
				if (i == start)
					*upper = 1;
				b1 += 0x20;
			}
			hh = (hh ^ b) * FNV_PRIME;
			hh = (hh ^ b1) * FNV_PRIME;
			i += 2;
			k++;
			continue;
		}
		if (b == 0xE1 && (b1 == 0xBB || b1 == 0xBA) && i + 2 < len &&
		    (u[i + 2] & 0xC0) == 0x80 && (b1 == 0xBB || u[i + 2] >= 0xA0)) {
			b2 = u[i + 2];
			if (!(b2 & 1)) {			/* Ạ .. Ỹ */
				if (i == start)
					*upper = 1;
				b2 |= 1;
			}
			hh = (hh ^ b) * FNV_PRIME;
			hh = (hh ^ b1) * FNV_PRIME;
			hh = (hh ^ b2) * FNV_PRIME;
			i += 3;
			k++;
			continue;
		}
		switch (b << 8 | b1) {
		case 0xC482: case 0xC490: case 0xC4A8: case 0xC5A8: case 0xC6A0:
		case 0xC6AF:					/* Ă Đ Ĩ Ũ Ơ Ư */
			if (i == start)
				*upper = 1;
			b1++;
			/* FALLTHROUGH */
		case 0xC483: case 0xC491: case 0xC4A9: case 0xC5A9: case 0xC6A1:
		case 0xC6B0:					/* ă đ ĩ ũ ơ ư */
			hh = (hh ^ b) * FNV_PRIME;
			hh = (hh ^ b1) * FNV_PRIME;
			i += 2;
			k++;
			continue;
		default:
			break;
		}
		n = decode(s, len, i, &c);
		if (unclean(c))
			*dirty = 1;
		if (c < 0xC0 || c >= 0x2000 || c == 0xD7 || c == 0xF7) {
			enum cc cl = classify(c, &p);

			if (cl != CC_LETTER && cl != CC_DIGIT)
				break;
		}
		lc = lower_cp(c);
		if (i == start && lc != c)
			*upper = 1;
		hh = hash_cp(lc, hh);
		i += n;
		k++;
	}
out:
	*h = hh;
	if (nch != NULL)
		*nch = k;
	return i;
}

static int
is_glued_unit(uint64_t h)
{
	size_t i;

	for (i = 0; i < sizeof glued_units / sizeof glued_units[0]; i++)
		if (word_hash(glued_units[i]) == h)
			return 1;
	return 0;
}

static int
isdigit_at(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

static int
dig(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

/* Digits in a run from i. */
static size_t
run_of(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (dig(s, len, i + n))
		n++;
	return n;
}

/* Whether s starts with one of num_scan's scale words. */
static int
scale_next(const char *s, size_t len)
{
#define W(w)	{ w, sizeof w - 1 }
	static const struct {
		const char	*w;
		size_t		 n;
	} scale[] = { W("nghìn"), W("ngàn"), W("triệu"), W("tỷ"), W("tỉ") };
#undef W
	size_t k;

	/* "người", "năm", "tấn", "tháng" … start like them: the second
	 * byte ("g", "r", or the lead byte of "ỷ" "ỉ") sorts most out. */
	if (len < 2 || (s[0] != 'n' && s[0] != 't') || (s[1] != 'g' &&
	    s[1] != 'r' && s[1] != '\xE1'))
		return 0;
	for (k = 0; k < sizeof scale / sizeof scale[0]; k++)
		if (scale[k].n <= len && memcmp(s, scale[k].w, scale[k].n) == 0)
			return 1;
	return 0;
}

size_t
chk_num_fast(const char *s, size_t len, struct num *out)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	size_t i, n1, g, b, nd = 0, d = 0;
	uint64_t v = 0;
	unsigned flags = 0;
	int firstok;

	n1 = run_of(s, len, 0);
	if (n1 == 0)
		return 0;
	firstok = n1 <= 3 && s[0] != '0';
	if (n1 > 1 && s[0] == '0')
		flags |= NUM_LEADING_ZERO;
	for (i = 0; i < n1; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	nd = n1;
	/* Thousands groups: ".ddd" after one to three digits. */
	if (i < len && s[i] == '.' && dig(s, len, i + 1)) {
		if (!firstok)
			return 0;
		while (i < len && s[i] == '.' && dig(s, len, i + 1)) {
			if (run_of(s, len, i + 1) != 3)
				return 0;
			for (g = i + 1; g < i + 4; g++)
				v = v * 10 + (uint64_t)(s[g] - '0');
			nd += 3;
			i += 4;
		}
		flags |= NUM_GROUPED;
	}
	/* A decimal part: after groups, or when ",ddd" cannot be English. */
	if (i < len && s[i] == ',' && dig(s, len, i + 1)) {
		g = run_of(s, len, i + 1);
		if (!(flags & NUM_GROUPED) && firstok && g == 3)
			return 0;
		for (b = i + 1; b < i + 1 + g; b++)
			v = v * 10 + (uint64_t)(s[b] - '0');
		nd += g;
		d = g;
		i += 1 + g;
		flags |= NUM_DECIMAL;
	}
	/* More separators or a scale word: num_scan's business. */
	if (nd > 15 || (i < len && (s[i] == '.' || s[i] == ',') &&
	    dig(s, len, i + 1)))
		return 0;
	b = i < len && (s[i] == ' ' || s[i] == '\t') ? 1 : i + 1 < len &&
	    (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0 ?
	    2 : 0;
	/* A scale word (nghìn, ngàn, triệu, tỷ, tỉ) may follow. */
	if (b > 0 && scale_next(s + i + b, len - i - b))
		return 0;
	memset(out, 0, sizeof *out);
	/* Both exact below 2^53: the quotient is the correctly rounded
	 * decimal, as strtod gives it. */
	out->value = out->alt = (double)v / p10[d];
	out->scale = 1;
	out->decimals = (int)d;
	out->numlen = i;
	/* "262,22%", "262,22 %": a percentage, its sign read with it. */
	if (i < len && s[i] == '%') {
		flags |= NUM_PERCENT;
		i++;
	} else if (b > 0 && i + b < len && s[i + b] == '%') {
		flags |= NUM_PERCENT;
		i += b + 1;
	}
	out->flags = flags;
	out->len = i;
	return i;
}

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
lex_next(struct chk_lexer *lx, struct chk_tok *t)
{
	const char *s = lx->s;
	size_t len = lx->len, i, n, e, d;
	int32_t c;
	char p;
	enum cc k;
	int glued = 1, up;
	uint64_t h;
	size_t nch;
	unsigned char b0;

	n = 1;
	c = 0;
	p = 0;
	for (;;) {
		/* Blanks, the most common byte, counted here in one go. */
		for (i = lx->pos; i < len && s[i] == ' '; i++)
			glued = 0;
		lx->col += i - lx->pos;
		lx->pos = i;
		if (i >= len)
			return 0;
		if (s[i] == '&' && len - i >= 6 && memcmp(s + i, "&nbsp;", 6) == 0) {
			advance(lx, i + 6);
			glued = 0;
			continue;
		}
		b0 = (unsigned char)s[i];
		if ((b0 | 0x20) >= 'a' && (b0 | 0x20) <= 'z') {
			k = CC_LETTER;		/* the common cases first */
			break;
		}
		if (b0 >= '0' && b0 <= '9') {
			k = CC_DIGIT;
			break;
		}
		/* Letters of Vietnamese that start a word (đ, ư, ấ …):
		 * U+00C0..U+01BF but × ÷, U+1000..U+1FFF, well formed. */
		if (b0 >= 0xC3 && b0 <= 0xC6 && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 && (b0 != 0xC3 ||
		    ((unsigned char)s[i + 1] != 0x97 &&
		    (unsigned char)s[i + 1] != 0xB7))) {
			k = CC_LETTER;
			break;
		}
		if (b0 == 0xE1 && i + 2 < len &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			k = CC_LETTER;
			break;
		}
		if (b0 < 0x80) {	/* ASCII: the class from the table */
			n = 1;
			c = b0;
			if (b0 == 0)
				lx->dirty = 1;
			k = (enum cc)(lx->kwt->ascii[b0] & 0xFF);
			p = (char)(lx->kwt->ascii[b0] >> 8);
		} else {
			n = decode(s, len, i, &c);
			if (unclean(c))
				lx->dirty = 1;
			k = classify(c, &p);
		}
		if (k == CC_SPACE || k == CC_SKIP) {
			lx->pos = i + n;
			lx->col++;
			if (k == CC_SPACE)
				glued = 0;
			continue;
		}
		break;
	}
	/* Every field but the number, which only numbers use. */
	memset(t, 0, offsetof(struct chk_tok, n));
	t->n.flags = 0;
	t->n.value = 0;
	t->off = (uint32_t)i;
	t->col = (uint32_t)lx->col;
	t->glued = (uint8_t)glued;

	if (k == CC_LETTER) {
		e = word_end(s, len, i, &h, &up, &nch, &lx->dirty);
		t->type = CHK_T_WORD;
		t->len = (uint32_t)(e - i);
		t->h = h;
		t->upper = (uint8_t)up;
		kw_lookup(lx->kwt, h, t);
		lx->pos = e;
		lx->col += nch;
		return 1;
	}
	if (k == CC_DIGIT) {
		if ((n = chk_num_fast(s + i, len - i, &t->n)) == 0)
			n = num_scan(s + i, len - i, &t->n);
		d = i + t->n.numlen;
		t->type = CHK_T_NUM;
		/* "0296.3.123", "1.30.5", "2,803,5": more separators than
		 * a number has: a code, not a figure. */
		if (d + 1 < len && (s[d] == '.' || s[d] == ',') &&
		    isdigit_at(s, len, d + 1) && n == t->n.numlen) {
			e = d;
			while (e < len && (isdigit_at(s, len, e) ||
			    ((s[e] == '.' || s[e] == ',') &&
			    isdigit_at(s, len, e + 1))))
				e++;
			t->type = CHK_T_IDENT;
			t->len = (uint32_t)(e - i);
			advance(lx, e);
			return 1;
		}
		if (!(t->n.flags & (NUM_PERCENT | NUM_SCALED)) && d < len) {
			(void)decode(s, len, d, &c);
			if (unclean(c))
				lx->dirty = 1;
			if ((c < 0x80 ? (enum cc)(lx->kwt->ascii[c] & 0xFF) :
			    classify(c, &p)) == CC_LETTER) {
				/* Glued letters: a unit ("1,5ha") or a name
				 * ("955A", "3G"). */
				e = word_end(s, len, d, &h, &up, NULL, &lx->dirty);
				t->len = (uint32_t)(d - i);
				if (is_glued_unit(h)) {
					advance(lx, d);
					return 1;
				}
				t->type = CHK_T_IDENT;
				t->len = (uint32_t)(e - i);
				advance(lx, e);
				return 1;
			}
		}
		/* "147 triệu 700 nghìn đồng": a smaller scaled integer after
		 * a scaled number is part of it. */
		if (t->n.flags & NUM_SCALED) {
			struct num m;
			size_t q = i + n, bl = 0, mn;

			while (q + bl < len && s[q + bl] == ' ' && bl < 2)
				bl++;
			if (bl == 1 && isdigit_at(s, len, q + 1) &&
			    (mn = num_scan(s + q + 1, len - q - 1, &m)) > 0 &&
			    (m.flags & NUM_SCALED) && !(m.flags & (NUM_PERCENT |
			    NUM_AMBIGUOUS | NUM_DECIMAL | NUM_GROUPED)) &&
			    m.scale < t->n.scale && m.value < t->n.scale &&
			    m.numlen <= 3) {
				t->n.value += m.value;
				t->n.alt = t->n.value;
				t->n.decimals = 0;
				t->n.scale = m.scale;
				n = q + 1 + mn - i;
			}
		}
		t->len = (uint32_t)n;
		advance(lx, i + n);
		return 1;
	}
	t->type = CHK_T_PUNCT;
	t->punct = p;
	e = i + n;
	if (p == '.' && c == '.') {
		/* "..." and "v.v.": an ellipsis, not the end of a sentence. */
		if (e < len && s[e] == '.') {
			while (e < len && s[e] == '.')
				e++;
			t->punct = '~';
		}
	}
	t->len = (uint32_t)(e - i);
	lx->col += e - i - n + 1;	/* "..." is three, "…" one */
	lx->pos = e;
	return 1;
}

int
chk_lex_next(struct chk_lexer *lx, struct chk_tok *t)
{
	return lex_next(lx, t);
}

size_t
chk_lex_sentence(struct chk_lexer *lx, size_t end, struct chk_tok *t,
    size_t max)
{
	struct chk_lexer l = *lx;	/* in registers while it runs */
	size_t n = 0;

	while (n < max && l.pos < end && lex_next(&l, &t[n]))
		if (t[n++].punct == '.')
			break;
	*lx = l;
	return n;
}
