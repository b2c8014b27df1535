/* claims.c: the claim finder. Each line is cleaned, cut into tokens by the
 * lexer and gathered into sentences; a sentence is then marked once (dates,
 * ranges, years, document numbers, headings, fractions) and every rule looks
 * only at a bounded window of tokens around a number or a keyword: no
 * backtracking, so the cost is linear in the text. Rules run in a fixed order
 * and mark the numbers they use, so that a figure is verified by one claim
 * only (a fraction's percentage is not re-read as "bằng c% kế hoạch", the
 * parts of a "gồm" list are not taken again by its parenthesis). Findings of
 * a sentence are sorted by column and handed to the sink. Across lines the
 * checker keeps only capped tables: paragraph hashes (repeats), stated
 * quantities (the same thing stated twice), the shares of the current
 * paragraph, the last tally's total. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check.h"
#include "lex.h"
#include "role.h"
#include "rules.h"
#include "table.h"

/* Tokens of one sentence; a longer run is checked in parts. */
#define SENT_TOKS	4096
/* Cross-line tables: most slots (powers of two), filled to at most half;
 * the first size of each. */
#define PARA_SLOTS	(1u << 17)
#define QTY_SLOTS	(1u << 15)
#define GTAB_MIN	256
/* Shares remembered for the current paragraph. */
#define SHARES_MAX	16
/* Parts of one group, groups of one list. */
#define PARTS_MAX	64
#define GROUPS_MAX	8
/* A repeated paragraph is reported when at least this long (bytes). */
#define REPEAT_MIN	80
/* Quoted claim text is cut at this many bytes. */
#define QUOTE_MAX	240

/* Marks on tokens (chk_tok.mark). */
enum {
	M_FRAC_A	= 1u << 0,	/* numerator of a/b; link: b */
	M_FRAC_B	= 1u << 1,	/* denominator; link: a */
	M_DATE		= 1u << 2,
	M_RANGE		= 1u << 3,	/* 6-7,66; 97-98%; từ 6 đến 8 */
	M_HEAD		= 1u << 4,	/* list or table numbering: "1.", "9.1." */
	M_YEAR		= 1u << 5,
	M_PART		= 1u << 6,	/* used as a part of a total */
	M_TOTAL		= 1u << 7,	/* used as a total */
	M_USED		= 1u << 8,	/* consumed by a claim */
	M_DOCNO		= 1u << 9,	/* 08/NQ-HĐND */
	M_PER		= 1u << 10,	/* 100%/năm: a rate per something */
	M_GROUP		= 1u << 11,	/* inside a list already checked */
};
#define M_NOTFIG (M_DATE | M_RANGE | M_HEAD | M_YEAR | M_DOCNO)
_Static_assert((M_FRAC_A | M_FRAC_B) == CHKC_M_FRAC, "rules.h CHKC_M_FRAC");
_Static_assert(M_NOTFIG == CHKC_M_NOTFIG, "rules.h CHKC_M_NOTFIG");

/* What a sentence holds (chk.sflags): the rules that can apply. */
enum {
	F_PCT		= 1u << 0,	/* a percentage */
	F_FRAC		= 1u << 1,	/* a fraction a/b */
	F_TARGET	= 1u << 2,	/* "N chỉ tiêu" */
	F_PARTS		= 1u << 3,	/* trong đó, gồm, chia ra, còn lại, "(" */
	F_CHIEM		= 1u << 4,
	F_CHANGE	= 1u << 5,	/* tăng, giảm */
	F_PER		= 1u << 6,	/* "tấn/ha": a unit per unit */
	F_TYLE		= 1u << 7,	/* "tỷ lệ" */
	F_PLAN		= 1u << 8,	/* kế hoạch, KH, chỉ tiêu, NQ … */
	F_EXCL		= CHKC_F_EXCL,	/* không tính, không kể, loại trừ */
};

/* Unit classes (unit table below). */
enum {
	U_COUNT	= 1u << 0,	/* counted things: only integers make sense */
	U_MASS	= 1u << 1,	/* factor: kilograms */
	U_AREA	= 1u << 2,
	U_MONEY	= 1u << 3,
};

/* Units of measure the rules know something about. */
static const struct {
	const char	*word;	/* first word, NFC lower case */
	unsigned	 cls;
	double		 factor;	/* U_MASS: kg; U_AREA: ha */
} unitinfo[] = {
	{ "hộ", U_COUNT, 1 }, { "người", U_COUNT, 1 }, { "hồ", U_COUNT, 1 },
	{ "trường", U_COUNT, 1 }, { "lượt", U_COUNT, 1 }, { "ca", U_COUNT, 1 },
	{ "con", U_COUNT, 1 }, { "cây", U_COUNT, 1 }, { "căn", U_COUNT, 1 },
	{ "cái", U_COUNT, 1 }, { "chiếc", U_COUNT, 1 }, { "em", U_COUNT, 1 },
	{ "học", U_COUNT, 1 }, { "lao", U_COUNT, 1 }, { "công", U_COUNT, 1 },
	{ "đối", U_COUNT, 1 }, { "phần", U_COUNT, 1 }, { "đơn", U_COUNT, 1 },
	{ "vụ", U_COUNT, 1 }, { "cuộc", U_COUNT, 1 }, { "nhóm", U_COUNT, 1 },
	{ "ghe", U_COUNT, 1 }, { "loa", U_COUNT, 1 }, { "xe", U_COUNT, 1 },
	{ "đợt", U_COUNT, 1 }, { "ổ", U_COUNT, 1 }, { "suất", U_COUNT, 1 },
	{ "lớp", U_COUNT, 1 }, { "phòng", U_COUNT, 1 }, { "chỉ", U_COUNT, 1 },
	{ "sản", U_COUNT, 1 }, { "mô", U_COUNT, 1 }, { "tổ", U_COUNT, 1 },
	{ "hợp", U_COUNT, 1 }, { "cơ", U_COUNT, 1 }, { "bình", U_COUNT, 1 },
	{ "tập", U_COUNT, 1 }, { "cá", U_COUNT, 1 }, { "gia", U_COUNT, 1 },
	{ "khóm", U_COUNT, 1 }, { "ấp", U_COUNT, 1 }, { "thôn", U_COUNT, 1 },
	{ "lần", U_COUNT, 1 }, { "buổi", U_COUNT, 1 }, { "hội", U_COUNT, 1 },
	{ "đoàn", U_COUNT, 1 }, { "thành", U_COUNT, 1 }, { "trẻ", U_COUNT, 1 },
	{ "cháu", U_COUNT, 1 }, { "giáo", U_COUNT, 1 }, { "bệnh", U_COUNT, 1 },
	{ "cán", U_COUNT, 1 }, { "điểm", U_COUNT, 1 }, { "tiêu", U_COUNT, 1 },
	{ "nhà", U_COUNT, 1 }, { "doanh", U_COUNT, 1 }, { "dự", U_COUNT, 1 },
	{ "công trình", U_COUNT, 1 }, { "thẻ", U_COUNT, 1 },
	{ "tấn", U_MASS, 1000 }, { "tạ", U_MASS, 100 }, { "yến", U_MASS, 10 },
	{ "kg", U_MASS, 1 },
	{ "ha", U_AREA, 1 }, { "héc-ta", U_AREA, 1 },
	{ "đồng", U_MONEY, 1 }, { "đ", U_MONEY, 1 },
};

/* Slots of the unit lookup (a power of two, at least twice the units):
 * one probe or two, where a binary search of the table took seven
 * branches no predictor can learn. */
#define UNIT_SLOTS	256
_Static_assert(sizeof unitinfo / sizeof unitinfo[0] < UNIT_SLOTS / 2,
    "UNIT_SLOTS too small");

/* Units written with two words, shown whole in messages. */
static const char *const two_word_units[] = {
	"hồ sơ", "công dân", "lao động", "trường hợp", "học sinh", "đối tượng",
	"phần quà", "chỉ tiêu", "sản phẩm", "mô hình", "đơn vị",
	"cơ sở", "gia đình", "cán bộ", "hội viên", "đoàn viên", "thành viên",
	"giáo viên", "bệnh nhân", "doanh nghiệp", "dự án", "công trình",
	"tập thể", "cá nhân", "tổ chức",
};

/* Kinds: names in JSON, and whether they are arithmetic claims. */
static const struct {
	const char	*name;
	int		 claim;
} kindinfo[CHK_K__MAX] = {
	[CHK_K_RATIO]		= { "ratio", 1 },
	[CHK_K_TALLY]		= { "tally", 1 },
	[CHK_K_PARTS]		= { "parts", 1 },
	[CHK_K_SHARE]		= { "share", 1 },
	[CHK_K_CHANGE]		= { "change", 1 },
	[CHK_K_PRODUCT]		= { "product", 1 },
	[CHK_K_FORM]		= { "form", 0 },
	[CHK_K_MAGNITUDE]	= { "magnitude", 0 },
	[CHK_K_DUPLICATE]	= { "duplicate", 0 },
	[CHK_K_REPEAT]		= { "repeat", 0 },
};

static const struct {
	const char	*name;
	const char	*label;
} verdictinfo[] = {
	[CHK_OK]		= { "ok", "đúng" },
	[CHK_ERROR]		= { "error", "lỗi" },
	[CHK_WARNING]		= { "warning", "cảnh báo" },
	[CHK_UNVERIFIABLE]	= { "not verifiable", "chưa kiểm được" },
};

/* Headings after which figures are plans, not results: the table of
 * stated quantities starts afresh there. */
static const char *const plan_heads[] = {
	"KẾ HOẠCH", "NHIỆM VỤ", "PHƯƠNG HƯỚNG",
};

/* A finding waiting for the end of its sentence. */
struct pending {
	struct chk_finding f;
	size_t	 seq;
	size_t	 text, stated, computed, suggestion, message;	/* arena
						   offsets, SIZE_MAX: none */
};

/* A share of the current paragraph: the base it implies. */
struct share {
	uint64_t unit;
	double	 lo, hi;
	size_t	 line;
	char	 what[64];	/* "07 hộ chiếm 0,42%" */
};

/* A stated quantity. */
struct qty {
	double	 v, alt;
	uint32_t line;
	char	 shown[48];
};

struct unitent {
	uint64_t h;
	unsigned cls;
	double	 factor;
};

/* A cross-line table: 64-bit keys (never 0) with a 32-bit value, emptied
 * by a new generation without being touched. It grows with what it holds
 * (doubling when half full, up to its most slots): a document of a few
 * hundred paragraphs probes a few KB, not the megabytes of the largest
 * table, which the text streaming through the cache would evict between
 * two lookups. */
struct gslot {
	uint64_t key;
	uint32_t val;
	uint32_t gen;		/* live when it is the table's generation */
};

struct gtab {
	struct gslot	*s;
	size_t		 cap;	/* slots, 0 before the first entry */
	size_t		 max;	/* most slots */
	size_t		 n;	/* live entries */
	uint32_t	 gen;	/* from 1 */
};

struct chk {
	struct chk_opts	 opts;
	struct chk_sink	 sink;
	struct chk_kwtab kwt;
	struct chk_stats st;
	struct unitent	 units[sizeof unitinfo / sizeof unitinfo[0]];
	uint8_t		 uslot[UNIT_SLOTS];	/* 1 + index in units, 0 empty:
						   open addressing by hash */
	uint64_t	 h_dong, h_d, h_tieu, h_chi2;	/* đồng, đ, tiêu, chí */
	uint64_t	 h_nam, h_nu, h_thi, h_thon;	/* nam, nữ, (thành) thị,
						   (nông) thôn */
	uint64_t	 two[sizeof two_word_units / sizeof two_word_units[0]][2];
	uint64_t	 two_lo, two_hi;	/* their first words: bit h % 64,
						   bit h >> 58 */

	/* The line being read. */
	const struct chk_lexer *lx;	/* its lexer, while chk_feed runs */
	const char	*s;
	size_t		 len;
	size_t		 line;
	int		 at_line_start;	/* no token taken yet from this line */
	struct buf	 clean;
	struct chk_tok	*toks;
	size_t		 ntok;
	uint32_t	*nums;		/* the sentence's numbers: token indexes */
	uint64_t	*unit;		/* by token: a number's unit_of … */
	uint32_t	*uend;		/* … and unit_end (unit_cache) */
	struct chkc_view view;		/* the same, for the rule files */
	uint32_t	*idents;	/* its identifiers ("955A", "1.30.5") */
	size_t		 nident;
	uint32_t	*trig;		/* its keywords with kwflags, its "("
					   and "/": where sentence_flags looks,
					   rule_parts and rule_changes start */
	size_t		 ntrig;
	size_t		 nnum;
	unsigned	 sflags;	/* F_* of the sentence */
	size_t		 base_tok;	/* implicit_base's answer */

	/* Findings of the sentence. */
	struct pending	*pend;
	size_t		 npend, cappend, seq;
	struct buf	 arena;		/* their strings */

	/* Paragraph repeats: paragraph hash -> line. */
	uint64_t	 phash;
	size_t		 plen;
	struct gtab	 paras;

	/* Shares of the current paragraph. */
	struct share	 shares[SHARES_MAX];
	size_t		 nshares;

	/* Stated quantities: key -> index in qents. The paragraphs'
	 * generation is the document (a "# " title starts the next one),
	 * the quantities' the document or a plan heading in it. */
	struct gtab	 qtys;
	struct qty	*qents;
	size_t		 capq;

	/* The last tally: "22 chỉ tiêu". */
	double		 tally_total;
	size_t		 tally_line;
	uint64_t	 tally_noun;	/* its first word: "chỉ" */

	struct buf	 b[6];		/* scratch */
	struct chkr	*rules;		/* the rule files' state (rules.h) */

	struct chk_tables *tables;	/* the figures of tables (table.c) */
};

const char *
chk_kind_name(enum chk_kind k)
{
	return (unsigned)k < CHK_K__MAX ? kindinfo[k].name : "?";
}

const char *
chk_verdict_name(enum chk_verdict v)
{
	return (unsigned)v <= CHK_UNVERIFIABLE ? verdictinfo[v].name : "?";
}

const char *
chk_verdict_label(enum chk_verdict v)
{
	return (unsigned)v <= CHK_UNVERIFIABLE ? verdictinfo[v].label : "?";
}

static uint64_t
hword(const char *w)
{
	return chk_word_hash(w, strlen(w));
}

static size_t
unit_home(uint64_t h)
{
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 56) & (UNIT_SLOTS - 1);
}

struct chk *
chk_new(const struct chk_opts *o, const struct chk_sink *sink)
{
	struct chk *c = xcalloc(1, sizeof *c);
	size_t i;

	if (o != NULL)
		c->opts = *o;
	if (sink != NULL)
		c->sink = *sink;
	chk_kwtab_init(&c->kwt);
	for (i = 0; i < sizeof unitinfo / sizeof unitinfo[0]; i++) {
		size_t j;

		c->units[i].h = hword(unitinfo[i].word);
		c->units[i].cls = unitinfo[i].cls;
		c->units[i].factor = unitinfo[i].factor;
		for (j = unit_home(c->units[i].h); c->uslot[j] != 0;
		    j = (j + 1) & (UNIT_SLOTS - 1))
			;
		c->uslot[j] = (uint8_t)(i + 1);
	}
	for (i = 0; i < sizeof two_word_units / sizeof two_word_units[0]; i++) {
		const char *w = two_word_units[i], *sp = strchr(w, ' ');

		c->two[i][0] = chk_word_hash(w, (size_t)(sp - w));
		c->two[i][1] = hword(sp + 1);
		c->two_lo |= 1ULL << (c->two[i][0] & 63);
		c->two_hi |= 1ULL << (c->two[i][0] >> 58);
	}
	c->h_dong = hword("đồng");
	c->h_d = hword("đ");
	c->h_tieu = hword("tiêu");
	c->h_chi2 = hword("chí");
	c->h_nam = hword("nam");
	c->h_nu = hword("nữ");
	c->h_thi = hword("thị");
	c->h_thon = hword("thôn");
	c->toks = xmalloc(SENT_TOKS * sizeof *c->toks);
	c->nums = xmalloc(SENT_TOKS * sizeof *c->nums);
	c->idents = xmalloc(SENT_TOKS * sizeof *c->idents);
	c->unit = xmalloc(SENT_TOKS * sizeof *c->unit);
	c->uend = xmalloc(SENT_TOKS * sizeof *c->uend);
	c->view.tok = c->toks;
	c->view.num = c->nums;
	c->view.unit = c->unit;
	c->view.uend = c->uend;
	c->trig = xmalloc(SENT_TOKS * sizeof *c->trig);
	/* The cross-line tables come with their first entry. */
	c->paras.max = PARA_SLOTS;
	c->paras.gen = 1;
	c->qtys.max = QTY_SLOTS;
	c->qtys.gen = 1;
	c->phash = CHK_HASH_SEED;
	c->tally_total = NAN;
	c->rules = chkr_new();
	c->tables = chk_tables_new(&c->opts, &c->sink, &c->st);
	return c;
}

void
chk_free(struct chk *c)
{
	size_t i;

	if (c == NULL)
		return;
	chk_kwtab_free(&c->kwt);
	chkr_free(c->rules);
	chk_tables_free(c->tables);
	free(c->toks);
	free(c->nums);
	free(c->idents);
	free(c->unit);
	free(c->uend);
	free(c->trig);
	free(c->pend);
	free(c->paras.s);
	free(c->qtys.s);
	free(c->qents);
	buf_free(&c->clean);
	buf_free(&c->arena);
	for (i = 0; i < sizeof c->b / sizeof c->b[0]; i++)
		buf_free(&c->b[i]);
	free(c);
}

const struct chk_stats *
chk_get_stats(const struct chk *c)
{
	return &c->st;
}

static const struct unitent *
unit_lookup(const struct chk *c, uint64_t h)
{
	size_t j;

	for (j = unit_home(h); c->uslot[j] != 0; j = (j + 1) & (UNIT_SLOTS - 1))
		if (c->units[c->uslot[j] - 1].h == h)
			return &c->units[c->uslot[j] - 1];
	return NULL;
}

/* ---- cross-line tables ---------------------------------------------- */

static size_t
gtab_home(const struct gtab *t, uint64_t key)
{
	return (size_t)(key ^ (key >> 31)) & (t->cap - 1);
}

/* The live slot of key, or the free slot where it would go (its gen is
 * not the table's); NULL while the table is empty. */
static struct gslot *
gtab_find(struct gtab *t, uint64_t key)
{
	size_t i;

	if (t->cap == 0)
		return NULL;
	for (i = gtab_home(t, key); t->s[i].gen == t->gen && t->s[i].key !=
	    key; i = (i + 1) & (t->cap - 1))
		;
	return &t->s[i];
}

/* Add key (not live in t) with value v, unless t holds its most entries
 * (half its most slots): the new slot, or NULL. */
static struct gslot *
gtab_add(struct gtab *t, uint64_t key, uint32_t v)
{
	struct gslot *old = t->s, *e;
	size_t oldcap = t->cap, i;

	if (t->n >= t->max / 2)
		return NULL;
	if (2 * (t->n + 1) > t->cap) {
		t->cap = t->cap == 0 ? GTAB_MIN : 2 * t->cap;
		t->s = xcalloc(t->cap, sizeof *t->s);
		for (i = 0; i < oldcap; i++)
			if (old[i].gen == t->gen)
				*gtab_find(t, old[i].key) = old[i];
		free(old);
	}
	e = gtab_find(t, key);
	e->key = key;
	e->val = v;
	e->gen = t->gen;
	t->n++;
	return e;
}

/* Empty t: a new generation. */
static void
gtab_clear(struct gtab *t)
{
	if (++t->gen == 0) {
		if (t->s != NULL)
			memset(t->s, 0, t->cap * sizeof *t->s);
		t->gen = 1;
	}
	t->n = 0;
}

/* ---- tokens -------------------------------------------------------- */

#define TOK(i)	(&c->toks[i])

static int
is_num(const struct chk *c, size_t i)
{
	return i < c->ntok && c->toks[i].type == CHK_T_NUM;
}

static int
is_p(const struct chk *c, size_t i, char p)
{
	return i < c->ntok && c->toks[i].type == CHK_T_PUNCT &&
	    c->toks[i].punct == p;
}

static unsigned
kw(const struct chk *c, size_t i)
{
	return i < c->ntok && c->toks[i].type == CHK_T_WORD ? c->toks[i].kw :
	    KW_NONE;
}

static int
pct(const struct chk *c, size_t i)
{
	return is_num(c, i) && (c->toks[i].n.flags & NUM_PERCENT);
}

/* A figure a rule may use: a number that is not a date, year, range,
 * heading or document number. */
static int
fig(const struct chk *c, size_t i)
{
	return is_num(c, i) && !(c->toks[i].mark & M_NOTFIG) &&
	    c->toks[i].role != CHK_ROLE_QUAL;
}

/* Number i's role (role.h). */
static unsigned
role(const struct chk *c, size_t i)
{
	return is_num(c, i) ? c->toks[i].role : CHK_ROLE__MAX;
}

/* A level: what parts, totals, areas, plans and compared values are. */
static int
level(const struct chk *c, size_t i)
{
	return role(c, i) == CHK_ROLE_LEVEL;
}

/* A hard stop for windows: end of sentence, ";", a table cell. */
static int
hard_stop(const struct chk *c, size_t i)
{
	return is_p(c, i, '.') || is_p(c, i, ';') || is_p(c, i, '|');
}

/* The unit of number i: a hash of the first word after it, 1 for "%", 0
 * for none; a fraction's numerator takes its denominator's. unit_cache
 * finds it once the sentence is marked (the tokens, the fractions' marks
 * and links are fixed by then), unit_of reads it. */
static uint64_t
unit_find(const struct chk *c, size_t i)
{
	const struct chk_tok *t;
	size_t j = i + 1;

	if (!is_num(c, i))
		return 0;
	if (c->toks[i].n.flags & NUM_PERCENT)
		return 1;
	if (j >= c->ntok)
		return 0;
	t = TOK(j);
	if (t->type != CHK_T_WORD || (t->kwcls & KWC_NOUNIT) || t->upper)
		return 0;
	if (t->h == c->h_d)
		return c->h_dong;
	return t->h;
}

static uint64_t
unit_of(const struct chk *c, size_t i)
{
	return is_num(c, i) ? c->unit[i] : 0;
}

/* The token index of the unit word of number i, or 0 when none. */
static size_t
unit_tok(const struct chk *c, size_t i)
{
	if ((c->toks[i].mark & M_FRAC_A) && is_p(c, i + 1, '/'))
		return unit_tok(c, c->toks[i].link);
	return unit_of(c, i) > 1 ? i + 1 : 0;
}

static unsigned
unit_cls(const struct chk *c, uint64_t h, double *factor)
{
	const struct unitent *u = h > 1 ? unit_lookup(c, h) : NULL;

	if (factor != NULL)
		*factor = u != NULL ? u->factor : 1;
	return u != NULL ? u->cls : 0;
}

/* "kế hoạch", "KH", "chỉ tiêu", "NQ", "nghị quyết" at i: its length in
 * tokens, or 0. */
static size_t
plan_word(const struct chk *c, size_t i)
{
	switch (kw(c, i)) {
	case KW_KH:
	case KW_NQ:
		return 1;
	case KW_KE:
		return kw(c, i + 1) == KW_HOACH ? 2 : 0;
	case KW_CHI:
		return kw(c, i + 1) == KW_TIEU ? 2 : 0;
	case KW_NGHI:
		return kw(c, i + 1) == KW_QUYET ? 2 : 0;
	case KW_DU:
		return kw(c, i + 1) == KW_TOAN ? 2 : 0;
	default:
		return 0;
	}
}

/* "tỷ lệ" at i. */
static int
ty_le(const struct chk *c, size_t i)
{
	return kw(c, i) == KW_TY && kw(c, i + 1) == KW_LE;
}

/* ---- text helpers ---------------------------------------------------- */

static const char *
tok_s(const struct chk *c, size_t i)
{
	return c->s + c->toks[i].off;
}

/* Append the text of token i (a number: its digits and "%"). */
static void
put_tok(struct chk *c, struct buf *b, size_t i)
{
	buf_append(b, tok_s(c, i), c->toks[i].len);
}

/* Append the text from token i to token j, cut at QUOTE_MAX bytes. */
static void
put_span(struct chk *c, struct buf *b, size_t i, size_t j)
{
	size_t a = c->toks[i].off, e = c->toks[j].off + c->toks[j].len, n;

	if (e <= a)
		return;
	n = e - a;
	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)c->s[a + n] & 0xC0) == 0x80)
			n--;
		buf_append(b, c->s + a, n);
		buf_puts(b, "…");
		return;
	}
	buf_append(b, c->s + a, n);
}

/*
 * Append v in Vietnamese form ("1.303,5") rounded half away from zero to d
 * decimals (0..6), trailing zeros dropped when trim. A fast path of
 * num_format for the checker's many messages: the rounding gets a hair so
 * that 1,005 reads as the person typed it; beyond 2^53 num_format does it.
 */
static void
put_vn(struct buf *b, double v, int d, int trim)
{
	static const double p10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	char digits[32], *q;
	uint64_t r, ip, fp, div;
	double x, eps;
	int i, nd, last;

	if (d < 0)
		d = 0;
	if (d > 6)
		d = 6;
	x = fabs(v) * p10[d];
	if (!isfinite(v) || x >= 9e15) {
		num_format(b, v, d, trim ? NUM_FMT_TRIM : 0);
		return;
	}
	eps = x * 1e-14 > 1e-9 ? x * 1e-14 : 1e-9;
	r = (uint64_t)floor(x + 0.5 + eps);
	div = (uint64_t)p10[d];
	ip = r / div;
	fp = r % div;
	if (v < 0 && r != 0)
		buf_putc(b, '-');
	q = digits + sizeof digits;
	*--q = '\0';
	nd = 0;
	do {
		if (nd > 0 && nd % 3 == 0)
			*--q = '.';
		*--q = (char)('0' + ip % 10);
		ip /= 10;
		nd++;
	} while (ip > 0);
	buf_puts(b, q);
	last = d;
	if (trim)
		while (last > 0 && fp % 10 == 0) {
			fp /= 10;
			last--;
		}
	if (last == 0)
		return;
	buf_putc(b, ',');
	for (i = last - 1; i >= 0; i--)
		digits[i] = (char)('0' + (fp % 10)), fp /= 10;
	buf_append(b, digits, (size_t)last);
}

/* Append v with d decimals, trailing zeros dropped. */
static void
put_num(struct buf *b, double v, int d)
{
	put_vn(b, v, d, 1);
}

/* Append a recomputed percentage: the stated decimals, at least 2. */
static void
put_pct(struct buf *b, double v, int d)
{
	put_num(b, v, d > 2 ? d : 2);
	buf_putc(b, '%');
}

/* Append what b2 holds (a figure formatted once, shown twice). */
static void
put_buf(struct buf *b, const struct buf *b2)
{
	buf_append(b, buf_str(b2), b2->len);
}

/* A stated percentage (token p) that should read comp: ", không phải
 * <as written>" into the message and "viết <comp>%" into the suggestion,
 * with the decimals the writer used. */
static void
wrong_pct(struct chk *c, struct buf *ms, struct buf *sg, size_t p, double comp)
{
	buf_puts(ms, ", không phải ");
	put_tok(c, ms, p);
	buf_puts(sg, "viết ");
	put_vn(sg, comp, TOK(p)->n.decimals > 6 ? 6 : TOK(p)->n.decimals, 0);
	buf_putc(sg, '%');
}

/* Append the unit words of number i ("hộ", "hồ sơ"): the unit word and
 * the next when it is a plain lower-case word of a two-word unit. */
/* Whether tokens u, u+1 spell a two-word unit ("hồ sơ"), in lower case. */
static int
two_word(struct chk *c, size_t u)
{
	const struct chk_tok *a, *b;
	size_t k;

	if (u + 1 >= c->ntok)
		return 0;
	a = TOK(u);
	b = TOK(u + 1);
	/* Most unit words start no two-word unit: two bits tell. */
	if (!((c->two_lo >> (a->h & 63)) & (c->two_hi >> (a->h >> 58)) & 1))
		return 0;
	if (b->type != CHK_T_WORD || a->upper || b->upper)
		return 0;
	for (k = 0; k < sizeof c->two / sizeof c->two[0]; k++)
		if (a->h == c->two[k][0] && b->h == c->two[k][1])
			return 1;
	return 0;
}

/* The last token of the unit of number i ("sơ" of "hồ sơ"), else i
 * (unit_cache). */
static size_t
unit_end(struct chk *c, size_t i)
{
	return is_num(c, i) ? c->uend[i] : i;
}

/* Fill c->unit and c->uend for the sentence's numbers (marked): each
 * number's own unit word first, then a fraction's numerator takes its
 * denominator's (which is never a numerator itself). */
static void
unit_cache(struct chk *c)
{
	size_t x, i, b;
	uint64_t u;

	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		u = unit_find(c, i);
		c->unit[i] = u;
		c->uend[i] = (uint32_t)(u > 1 ? (two_word(c, i + 1) ? i + 2 :
		    i + 1) : i);
	}
	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		if (!(TOK(i)->mark & M_FRAC_A) || !is_p(c, i + 1, '/'))
			continue;
		b = TOK(i)->link;
		if (!(TOK(i)->n.flags & NUM_PERCENT))
			c->unit[i] = c->unit[b];
		c->uend[i] = c->uend[b] == b ? (uint32_t)i : c->uend[b];
	}
}

/* Append " " and the unit words of number i ("hộ", "hồ sơ"). */
static void
put_unit(struct chk *c, struct buf *b, size_t i)
{
	size_t u = unit_tok(c, i);

	if (u == 0)
		return;
	buf_putc(b, ' ');
	put_span(c, b, u, unit_end(c, i));
}

/* Append amount v, written in the scale words of number i when i has
 * them ("4,46 triệu tỉ" rather than 4.460.000.000.000.000). */
static void
put_scaled(struct chk *c, struct buf *b, double v, int d, size_t i)
{
	const struct chk_tok *t = TOK(i);

	if (!(t->n.flags & NUM_SCALED) || t->n.scale <= 1 ||
	    t->n.numlen >= t->len) {
		put_num(b, v, d);
		return;
	}
	put_num(b, v / t->n.scale, d + 3 > 6 ? 6 : d + 3);
	buf_append(b, tok_s(c, i) + t->n.numlen, t->len - t->n.numlen);
}

/* Mix the 64-bit value v into the hash h (keys of stated quantities). */
static uint64_t
mix64(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 31);
}

/* Copy b into dst[cap] as a string, cut at a character boundary when it
 * does not fit. */
static void
copy_cut(char *dst, size_t cap, const struct buf *b)
{
	size_t n = b->len < cap ? b->len : cap - 1;

	if (n < b->len)
		while (n > 0 && ((unsigned char)b->data[n] & 0xC0) == 0x80)
			n--;
	if (n > 0)
		memcpy(dst, b->data, n);
	dst[n] = '\0';
}

/* ---- findings -------------------------------------------------------- */

/* Whether the strings of this sentence may hold bytes to repair: the
 * lexer saw one on this line (the strings are made of the line's tokens,
 * all lexed, and of our own text). */
static int
dirty(const struct chk *c)
{
	return c->lx == NULL || c->lx->dirty;
}

/* Copy b into the sentence's arena; its offset, or SIZE_MAX for none. */
static size_t
keep(struct chk *c, const struct buf *b)
{
	size_t off = c->arena.len;

	if (b == NULL || b->len == 0)
		return SIZE_MAX;
	buf_append(&c->arena, b->data, b->len);
	if (dirty(c))
		chk_sanitize(c->arena.data + off, b->len);
	buf_putc(&c->arena, '\0');
	return off;
}

/* Queue a finding at token at; strings are copied to the arena. The
 * message gets " — suggestion" unless it already says how to fix it. */
static void
emit(struct chk *c, enum chk_kind k, enum chk_verdict v, size_t at,
    const struct buf *text, const struct buf *stated, const struct buf *comp,
    const struct buf *sugg, const struct buf *msg)
{
	struct pending *p;

	if (c->npend == c->cappend) {
		c->cappend = c->cappend ? 2 * c->cappend : 16;
		c->pend = xrealloc(c->pend, c->cappend * sizeof *c->pend);
	}
	p = &c->pend[c->npend++];
	memset(p, 0, sizeof *p);
	p->seq = c->seq++;
	p->f.line = c->line;
	p->f.col = at < c->ntok ? c->toks[at].col : 1;
	p->f.kind = k;
	p->f.verdict = v;
	p->text = keep(c, text);
	p->stated = keep(c, stated);
	p->computed = keep(c, comp);
	p->suggestion = keep(c, sugg);
	p->message = keep(c, msg);
	if (p->message != SIZE_MAX && p->suggestion != SIZE_MAX &&
	    strstr(buf_str(msg), " — ") == NULL) {
		c->arena.len--;		/* drop the NUL, append, end again */
		buf_puts(&c->arena, " — ");
		buf_append(&c->arena, sugg->data, sugg->len);
		if (dirty(c))
			chk_sanitize(c->arena.data + c->arena.len - sugg->len,
			    sugg->len);
		buf_putc(&c->arena, '\0');
	}
	if (kindinfo[k].claim)
		c->st.claims++;
	switch (v) {
	case CHK_OK: c->st.oks++; break;
	case CHK_ERROR: c->st.errors++; break;
	case CHK_WARNING: c->st.warnings++; break;
	default: c->st.unverifiable++; break;
	}
}

/* With problems_only, a finding that would not be shown (ok, not
 * verifiable) is only counted: its text is never built. Returns 1 then. */
static int
quiet(struct chk *c, enum chk_kind k, enum chk_verdict v)
{
	if (!c->opts.problems_only || v == CHK_ERROR || v == CHK_WARNING)
		return 0;
	if (kindinfo[k].claim)
		c->st.claims++;
	if (v == CHK_OK)
		c->st.oks++;
	else
		c->st.unverifiable++;
	return 1;
}

static int
pendcmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->f.line != y->f.line)
		return x->f.line < y->f.line ? -1 : 1;
	if (x->f.col != y->f.col)
		return x->f.col < y->f.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *
kept(const struct chk *c, size_t off)
{
	return off == SIZE_MAX ? NULL : c->arena.data + off;
}

static void
flush(struct chk *c)
{
	size_t i;
	struct pending *p;

	if (c->npend > 1)
		qsort(c->pend, c->npend, sizeof *c->pend, pendcmp);
	for (i = 0; i < c->npend; i++) {
		p = &c->pend[i];
		p->f.text = p->text != SIZE_MAX ? kept(c, p->text) : "";
		p->f.stated = kept(c, p->stated);
		p->f.computed = kept(c, p->computed);
		p->f.suggestion = kept(c, p->suggestion);
		p->f.message = p->message != SIZE_MAX ? kept(c, p->message) : "";
		if (c->sink.finding != NULL)
			c->sink.finding(c->sink.arg, &p->f);
	}
	c->npend = 0;
	buf_reset(&c->arena);
}

/* Scratch buffers, reset. */
static struct buf *
sb(struct chk *c, int i)
{
	buf_reset(&c->b[i]);
	return &c->b[i];
}

/* ---- marks --------------------------------------------------------- */

static int
year_like(const struct chk_tok *t)
{
	return t->type == CHK_T_NUM && t->n.flags == 0 && t->len == 4 &&
	    t->n.value >= 1900 && t->n.value <= 2100;
}

static void
mark_sentence(struct chk *c, int line_start)
{
	size_t n = c->ntok, i, j, k, w, x;
	struct chk_tok *t, *u;

	/* Numbering at the start of a line or a table row: "1.", "9.1.",
	 * "| 16.1 |", "a)". */
	if (line_start) {
		i = 0;
		while (i < n && (is_p(c, i, '|') || is_p(c, i, '-') ||
		    is_p(c, i, '+')))
			i++;
		if (is_num(c, i) && (i + 1 == n || is_p(c, i + 1, '.') ||
		    is_p(c, i + 1, ')') || is_p(c, i + 1, '|')))
			TOK(i)->mark |= M_HEAD;
	}
	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		t = TOK(i);
		/* "842,894 tỷ đồng": with a scale word the comma is the
		 * decimal mark of Vietnamese text (2.803 tỷ is written so). */
		if ((t->n.flags & (NUM_SCALED | NUM_AMBIGUOUS | NUM_ENGLISH)) ==
		    (NUM_SCALED | NUM_AMBIGUOUS)) {
			t->n.flags &= ~(unsigned)NUM_AMBIGUOUS;
			t->n.alt = t->n.value;
		}
		/* Dates: 26/12/2022, 25/4/2023, ngày 14/11. */
		if (is_p(c, i + 1, '/') && is_num(c, i + 2) &&
		    TOK(i + 1)->glued && TOK(i + 2)->glued) {
			if (is_p(c, i + 3, '/') && is_num(c, i + 4) &&
			    TOK(i + 3)->glued && TOK(i + 4)->glued) {
				t->mark |= M_DATE;
				TOK(i + 2)->mark |= M_DATE;
				TOK(i + 4)->mark |= M_DATE;
				continue;
			}
			if (i > 0 && (kw(c, i - 1) == KW_NGAY ||
			    kw(c, i - 1) == KW_THANG)) {
				t->mark |= M_DATE;
				TOK(i + 2)->mark |= M_DATE;
				continue;
			}
		}
		if (i > 0 && (kw(c, i - 1) == KW_NGAY ||
		    kw(c, i - 1) == KW_THANG) && !(t->n.flags & NUM_PERCENT) &&
		    t->n.value <= 31 && !is_p(c, i + 1, '/')) {
			/* "ngày 05 tháng 12" */
			if (kw(c, i + 1) == KW_THANG || kw(c, i + 1) == KW_NAM ||
			    kw(c, i - 1) == KW_THANG)
				t->mark |= M_DATE;
		}
		/* References: "mục 13.2", "Điều 12", "phụ lục 3". */
		if (i > 0 && kw(c, i - 1) == KW_REF) {
			t->mark |= M_HEAD;
			continue;
		}
		/* Years: "năm 2023", "2022-2023", "(SN 2006)". */
		if (year_like(t) && ((i > 0 && (kw(c, i - 1) == KW_NAM ||
		    TOK(i - 1)->upper)) || (is_p(c, i + 1, '-') &&
		    i + 2 < n && year_like(TOK(i + 2))) || (i >= 2 &&
		    is_p(c, i - 1, '-') && year_like(TOK(i - 2))) ||
		    (i > 0 && is_p(c, i - 1, '/'))))
			t->mark |= M_YEAR;
		/* Document numbers: 08/NQ-HĐND, 06/CP. */
		if (is_p(c, i + 1, '/') && i + 2 < n &&
		    TOK(i + 2)->type == CHK_T_WORD && TOK(i + 1)->glued &&
		    TOK(i + 2)->glued) {
			if (TOK(i + 2)->upper)
				t->mark |= M_DOCNO;
			else
				t->mark |= M_PER;
		}
		/* Ranges: 6-7,66; 97-98%; 18 - 25; từ 6 đến 7,66. */
		if ((is_p(c, i + 1, '-') || kw(c, i + 1) == KW_DEN) &&
		    is_num(c, i + 2) && !(TOK(i + 2)->mark & M_DATE) &&
		    (is_p(c, i + 1, '-') || (i > 0 && kw(c, i - 1) == KW_TU))) {
			t->mark |= M_RANGE;
			TOK(i + 2)->mark |= M_RANGE;
		}
	}
	/* Fractions: a [unit words] / b, with b's unit (if any) the same. */
	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		t = TOK(i);
		if (t->mark & (M_NOTFIG | M_FRAC_B))
			continue;
		for (w = 0, j = i + 1; j < n && w < 3 &&
		    TOK(j)->type == CHK_T_WORD && !(TOK(j)->kwcls & KWC_NOUNIT);
		    j++, w++)
			;
		if (!is_p(c, j, '/') || !is_num(c, j + 1))
			continue;
		k = j + 1;
		u = TOK(k);
		if (u->mark & M_NOTFIG)
			continue;
		/* Percent on one side only ("88%/85" is not a form). */
		if ((t->n.flags & NUM_PERCENT) != (u->n.flags & NUM_PERCENT))
			continue;
		if (w > 0 && (k + 1 >= n || TOK(k + 1)->type != CHK_T_WORD ||
		    TOK(k + 1)->h != TOK(i + 1)->h))
			continue;
		/* "đạt hạng 05/14": a rank, not a fraction to verify. */
		if (i > 0 && kw(c, i - 1) == KW_HANG)
			continue;
		t->mark |= M_FRAC_A;
		t->link = (uint32_t)k;
		u->mark |= M_FRAC_B;
		u->link = (uint32_t)i;
	}
	chk_roles(c->toks, n, c->nums, c->nnum);
}

/* ---- phrases ------------------------------------------------------- */

static int
phrase_stop(const struct chk *c, size_t i, int stop_nums)
{
	const struct chk_tok *t = TOK(i);

	if (t->type == CHK_T_PUNCT)
		return t->punct != '-' && t->punct != '/' && t->punct != '"';
	if (stop_nums && (t->type == CHK_T_NUM || t->type == CHK_T_IDENT))
		return 1;
	return 0;
}

/* The first token of the indicator phrase before token i: back to the
 * clause's start; past a ":" when nothing follows it. Returns i when there
 * is no phrase. */
static size_t
phrase_start(const struct chk *c, size_t i, int stop_nums)
{
	size_t j = i, lim = i > 16 ? i - 16 : 0;

	while (j > lim && !phrase_stop(c, j - 1, stop_nums))
		j--;
	if (j == i && j > 0 && is_p(c, j - 1, ':')) {
		j--;
		while (j > lim && !phrase_stop(c, j - 1, stop_nums))
			j--;
		if (j == i - 1)
			return i;
	}
	return j;
}

/* Append the phrase [a, e) without trailing function words, markup or
 * colons: "Liên kết sản xuất và tiêu thụ được" -> "… tiêu thụ". */
static void
put_phrase(struct chk *c, struct buf *b, size_t a, size_t e)
{
	size_t i, from, to;

	while (e > a && ((TOK(e - 1)->type == CHK_T_WORD &&
	    (TOK(e - 1)->kwcls & KWC_STOP)) || TOK(e - 1)->type ==
	    CHK_T_PUNCT))
		e--;
	while (a < e && TOK(a)->type == CHK_T_PUNCT)
		a++;
	if (a >= e)
		return;
	from = TOK(a)->off;
	to = TOK(e - 1)->off + TOK(e - 1)->len;
	for (i = from; i < to; i++)
		if (c->s[i] != '*' && c->s[i] != '#' && c->s[i] != '`')
			buf_putc(b, c->s[i]);
}

/* ---- extract records ------------------------------------------------ */

static void
record(struct chk *c, const char *kind, size_t fig_tok, size_t from,
    size_t to, size_t unit_num, double actual, double target, double pctv)
{
	struct chk_record r;
	struct buf *ph = sb(c, 4), *um = sb(c, 5), tx = BUF_INIT;
	size_t ps;

	if (c->sink.record == NULL)
		return;
	/* A rate's indicator starts at its "tỷ lệ". */
	ps = phrase_start(c, fig_tok, 0);
	if (from < fig_tok && ty_le(c, from))
		ps = from;
	put_phrase(c, ph, ps, fig_tok);
	if (unit_num < c->ntok && pct(c, unit_num))
		buf_putc(um, '%');
	else if (unit_num < c->ntok && unit_tok(c, unit_num) != 0)
		put_span(c, um, unit_tok(c, unit_num), unit_end(c, unit_num));
	put_span(c, &tx, from, to);
	memset(&r, 0, sizeof r);
	r.line = c->line;
	r.kind = kind;
	chk_sanitize(ph->data, ph->len);
	chk_sanitize(um->data, um->len);
	chk_sanitize(tx.data, tx.len);
	r.phrase = buf_str(ph);
	r.uom = buf_str(um);
	r.actual = actual;
	r.target = target;
	r.percent = pctv;
	r.text = buf_str(&tx);
	c->sink.record(c->sink.arg, &r);
	buf_free(&tx);
}

/* ---- what a sentence holds ------------------------------------------ */

static int target_noun(const struct chk *, size_t);

/* The flags a keyword gives a sentence by itself, and F_NEXT on those
 * that need the word after them ("không tính", "loại trừ", "tỷ lệ") or
 * may start a plan word ("kế hoạch", "KH" …). */
#define F_NEXT	(1u << 31)
static const unsigned kwflags[KW__MAX] = {
	[KW_TRONG] = F_PARTS, [KW_GOM] = F_PARTS, [KW_CHIA] = F_PARTS,
	[KW_CON] = F_PARTS, [KW_PHANTHEO] = F_PARTS,
	[KW_CHIEM] = F_CHIEM,
	[KW_TANG] = F_CHANGE, [KW_GIAM] = F_CHANGE,
	[KW_KHONG] = F_NEXT, [KW_LOAI] = F_NEXT, [KW_TY] = F_NEXT,
	[KW_KH] = F_NEXT, [KW_NQ] = F_NEXT, [KW_KE] = F_NEXT,
	[KW_CHI] = F_NEXT, [KW_NGHI] = F_NEXT, [KW_DU] = F_NEXT,
};

/* Which rules have anything to look at in a marked sentence: from its
 * numbers and the tokens chk_feed listed as it took them (c->trig). */
static unsigned
sentence_flags(const struct chk *c)
{
	size_t i, x, n = c->ntok;
	unsigned f = 0, kf;
	const struct chk_tok *t;

	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		t = TOK(i);
		if (t->n.flags & NUM_PERCENT)
			f |= F_PCT;
		if (t->mark & M_FRAC_A)
			f |= F_FRAC;
		if (target_noun(c, i))
			f |= F_TARGET;
	}
	for (x = 0; x < c->ntrig; x++) {
		i = c->trig[x];
		t = TOK(i);
		if (t->type == CHK_T_PUNCT) {
			if (t->punct == '(')
				f |= F_PARTS;
			else if (i + 1 < n && TOK(i + 1)->type == CHK_T_WORD)
				f |= F_PER;	/* "/" then a word */
			continue;
		}
		kf = kwflags[t->kw];
		f |= kf & ~F_NEXT;
		if (!(kf & F_NEXT))
			continue;
		switch (t->kw) {
		case KW_KHONG:
			if (kw(c, i + 1) == KW_TINH || kw(c, i + 1) == KW_KE2)
				f |= F_EXCL;
			break;
		case KW_LOAI:
			if (kw(c, i + 1) == KW_TRU)
				f |= F_EXCL;
			break;
		case KW_TY:
			if (kw(c, i + 1) == KW_LE)
				f |= F_TYLE;
			break;
		default:
			break;
		}
		/* "22 chỉ tiêu" counts targets; "100% chỉ tiêu" compares
		 * with one. */
		if (plan_word(c, i) && !(i > 0 && is_num(c, i - 1) &&
		    !pct(c, i - 1) && target_noun(c, i - 1)))
			f |= F_PLAN;
	}
	return f;
}

/* ---- rule: tallies ------------------------------------------------ */

static int
band_word(const struct chk *c, size_t i)
{
	switch (kw(c, i)) {
	case KW_VUOT:
	case KW_DAT:
	case KW_KHONG:
	case KW_CHUA:
	case KW_HOAN:
		return 1;
	default:
		return 0;
	}
}

/* "chỉ tiêu", "tiêu chí", "nhiệm vụ" after number i. */
static int
target_noun(const struct chk *c, size_t i)
{
	size_t j = i + 1;

	if (j + 1 >= c->ntok || TOK(j)->type != CHK_T_WORD)
		return 0;
	if (kw(c, j) == KW_CHI && kw(c, j + 1) == KW_TIEU)
		return 1;
	if (TOK(j)->h == c->h_tieu && TOK(j + 1)->h == c->h_chi2)
		return 1;
	return kw(c, j) == KW_NHIEM && kw(c, j + 1) == KW_VU;
}

static int depth_at(const struct chk *, size_t);

static void
rule_tally(struct chk *c)
{
	size_t n = c->ntok, i, j, x, tot = n, parts[PARTS_MAX], np = 0, last;
	double sum = 0;
	int bands = 0;
	struct buf *tx, *st, *cp, *sg, *ms;

	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		if (!fig(c, i) || pct(c, i) || (TOK(i)->mark &
		    (M_FRAC_A | M_FRAC_B)) || TOK(i)->n.decimals > 0)
			continue;
		if (tot == n) {
			if (target_noun(c, i))
				tot = i;
			continue;
		}
		/* "(trong đó, có 13 chỉ tiêu vượt)": nested in another band */
		if (np < PARTS_MAX && (target_noun(c, i) ||
		    band_word(c, i + 1)) && depth_at(c, i) <= depth_at(c, tot)) {
			parts[np++] = i;
			sum += TOK(i)->n.value;
			if (band_word(c, i + 1) || band_word(c, i + 3))
				bands++;
		}
	}
	if (tot == n || np < 2 || bands == 0)
		return;
	c->tally_total = TOK(tot)->n.value;
	c->tally_line = c->line;
	c->tally_noun = TOK(tot + 1)->h;
	TOK(tot)->mark |= M_TOTAL | M_USED;
	for (j = 0; j < np; j++)
		TOK(parts[j])->mark |= M_PART | M_USED;
	if (quiet(c, CHK_K_TALLY, fabs(sum - TOK(tot)->n.value) < 0.5 ? CHK_OK :
	    CHK_ERROR))
		return;
	last = parts[np - 1];
	tx = sb(c, 0);
	put_span(c, tx, tot, target_noun(c, last) ? last + 2 : last + 1);
	st = sb(c, 1);
	put_tok(c, st, tot);
	cp = sb(c, 2);
	put_num(cp, sum, 0);
	ms = sb(c, 3);
	for (j = 0; j < np; j++) {
		if (j > 0)
			buf_puts(ms, " + ");
		put_num(ms, TOK(parts[j])->n.value, 0);
	}
	buf_puts(ms, " = ");
	put_num(ms, sum, 0);
	buf_puts(ms, " chỉ tiêu");
	sg = sb(c, 5);
	if (fabs(sum - TOK(tot)->n.value) < 0.5) {
		buf_puts(ms, ", khớp tổng số chỉ tiêu");
		emit(c, CHK_K_TALLY, CHK_OK, tot, tx, st, cp, NULL, ms);
		return;
	}
	buf_puts(ms, ", không phải ");
	put_tok(c, ms, tot);
	buf_puts(ms, " — các mức đánh giá phải cộng lại bằng tổng");
	buf_puts(sg, "sửa tổng thành ");
	put_num(sg, sum, 0);
	buf_puts(sg, " hoặc sửa số chỉ tiêu của từng mức");
	emit(c, CHK_K_TALLY, CHK_ERROR, tot, tx, st, cp, sg, ms);
}

/* ---- rule: ratios a/b … c% ------------------------------------------ */

/* The readings of number i: its value, and the other one when ambiguous. */
static int
readings(const struct chk *c, size_t i, double v[2])
{
	const struct num *x = &c->toks[i].n;

	v[0] = x->value;
	v[1] = x->value;
	if ((x->flags & NUM_AMBIGUOUS) && x->alt != x->value) {
		v[1] = x->alt;
		return 2;
	}
	return 1;
}

/* Verify a/b against stated token p, trying the other readings of
 * ambiguous figures before calling it an error. */
static enum chk_verdict
ratio_verdict(struct chk *c, size_t a, size_t b, size_t p, double *comp)
{
	double va[2], vb[2], alt;
	int na = readings(c, a, va), nb = readings(c, b, vb), i, j;
	const struct num *s = &c->toks[p].n;
	enum chk_verdict v;

	/* "96/120 triệu đồng": the scale word is written once, after b
	 * (but "14.714.669.968/9,5 tỷ" writes a in đồng). */
	if ((TOK(b)->n.flags & NUM_SCALED) && !(TOK(a)->n.flags & NUM_SCALED) &&
	    is_p(c, a + 1, '/') && fabs(TOK(a)->n.value) < TOK(b)->n.scale)
		for (i = 0; i < na; i++)
			va[i] *= TOK(b)->n.scale;

	v = chk_verify_ratio(va[0], vb[0], s->value, s->decimals,
	    c->opts.truncate, comp);
	if (v != CHK_ERROR)
		return v;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (chk_verify_ratio(va[i], vb[j], s->value, s->decimals,
			    c->opts.truncate, &alt) == CHK_OK) {
				*comp = alt;
				return CHK_OK;
			}
	return CHK_ERROR;
}

/* The numerator's value with the denominator's scale word when only the
 * denominator has one ("96/120 triệu"). */
static double
frac_a_value(const struct chk *c, size_t a, size_t b)
{
	if ((TOK(b)->n.flags & NUM_SCALED) && !(TOK(a)->n.flags & NUM_SCALED) &&
	    is_p(c, a + 1, '/') && fabs(TOK(a)->n.value) < TOK(b)->n.scale)
		return TOK(a)->n.value * TOK(b)->n.scale;
	return TOK(a)->n.value;
}

static void
ratio_claim(struct chk *c, size_t a, size_t b, size_t p)
{
	struct buf *tx = sb(c, 0), *st = sb(c, 1), *cp = sb(c, 2),
	    *sg = sb(c, 3), *ms = sb(c, 4);
	const struct num *s = &TOK(p)->n;
	enum chk_verdict v;
	double comp;

	v = ratio_verdict(c, a, b, p, &comp);
	if (quiet(c, CHK_K_RATIO, v))
		return;
	if (p < a)
		put_span(c, tx, p, unit_end(c, b));
	else
		put_span(c, tx, a, p);
	put_tok(c, st, p);
	put_tok(c, ms, a);
	buf_putc(ms, '/');
	put_tok(c, ms, b);
	if (v == CHK_UNVERIFIABLE) {
		buf_puts(ms, ": mẫu số bằng 0, không tính được tỷ lệ");
		emit(c, CHK_K_RATIO, v, p, tx, st, NULL, NULL, ms);
		return;
	}
	put_pct(cp, comp, s->decimals);
	buf_puts(ms, " = ");
	put_buf(ms, cp);
	if (v == CHK_OK) {
		emit(c, CHK_K_RATIO, v, p, tx, st, cp, NULL, ms);
		return;
	}
	buf_puts(ms, ", không phải ");
	put_tok(c, ms, p);
	buf_puts(ms, " — sửa thành ");
	put_vn(sg, comp, s->decimals < 0 ? 0 : s->decimals > 6 ? 6 :
	    s->decimals, 0);
	buf_putc(sg, '%');
	buf_puts(ms, buf_str(sg));
	{
		struct buf t2 = BUF_INIT;

		buf_puts(&t2, "viết ");
		buf_puts(&t2, buf_str(sg));
		emit(c, CHK_K_RATIO, v, p, tx, st, cp, &t2, ms);
		buf_free(&t2);
	}
}

/* "a/b đạt 101,54" with the % forgotten: a warning when the number is
 * the ratio. */
static void
missing_pct_ratio(struct chk *c, size_t a, size_t b, size_t p)
{
	struct buf *tx = sb(c, 0), *st = sb(c, 1), *cp = sb(c, 2),
	    *sg = sb(c, 3), *ms = sb(c, 4);
	const struct num *s = &TOK(p)->n;
	double comp;

	if (ratio_verdict(c, a, b, p, &comp) != CHK_OK)
		return;
	put_span(c, tx, a, p);
	put_tok(c, st, p);
	put_pct(cp, comp, s->decimals);
	buf_puts(sg, "viết ");
	put_tok(c, sg, p);
	buf_putc(sg, '%');
	put_tok(c, ms, a);
	buf_putc(ms, '/');
	put_tok(c, ms, b);
	buf_puts(ms, " = ");
	put_buf(ms, cp);
	buf_puts(ms, ": thiếu dấu % sau ");
	put_tok(c, ms, p);
	emit(c, CHK_K_FORM, CHK_WARNING, p, tx, st, cp, sg, ms);
	TOK(p)->mark |= M_USED;
}

static void
fraction_of_targets(struct chk *c, size_t a, size_t b)
{
	struct buf *tx = sb(c, 0), *st = sb(c, 1), *ms = sb(c, 2),
	    *sg = sb(c, 3);
	double x = TOK(a)->n.value, nn = TOK(b)->n.value;

	if (x > nn) {
		put_span(c, tx, a, b + 2 < c->ntok ? b + 2 : b);
		put_tok(c, st, a);
		buf_puts(ms, "số chỉ tiêu đạt (");
		put_tok(c, ms, a);
		buf_puts(ms, ") lớn hơn tổng số chỉ tiêu (");
		put_tok(c, ms, b);
		buf_puts(ms, ")");
		buf_puts(sg, "kiểm tra lại hai số");
		emit(c, CHK_K_TALLY, CHK_ERROR, a, tx, st, NULL, sg, ms);
		return;
	}
	if (!isnan(c->tally_total) && fabs(nn - c->tally_total) >= 0.5 &&
	    TOK(b + 1)->h == c->tally_noun) {
		put_span(c, tx, a, b + 2 < c->ntok ? b + 2 : b);
		put_tok(c, st, b);
		buf_puts(ms, "tổng ");
		put_tok(c, ms, b);
		buf_puts(ms, " chỉ tiêu khác tổng ");
		put_num(ms, c->tally_total, 0);
		buf_printf(ms, " chỉ tiêu ở dòng %zu", c->tally_line);
		buf_puts(sg, "thống nhất tổng số chỉ tiêu");
		emit(c, CHK_K_TALLY, CHK_WARNING, b, tx, st, NULL, sg, ms);
	}
}

static void
rule_ratio(struct chk *c)
{
	size_t n = c->ntok, a, b, j, x, steps;
	int verb;
	double pv;

	for (x = 0; x < c->nnum; x++) {
		a = c->nums[x];
		if (!(TOK(a)->mark & M_FRAC_A))
			continue;
		b = TOK(a)->link;
		if (target_noun(c, b))
			fraction_of_targets(c, a, b);
		verb = 0;
		for (j = b + 1, steps = 0; j < n && steps < 16; j++, steps++) {
			if (hard_stop(c, j) || TOK(j)->type == CHK_T_NUM ||
			    TOK(j)->type == CHK_T_IDENT)
				break;
			if (is_p(c, j, '=') || kw(c, j) == KW_DAT ||
			    kw(c, j) == KW_BANG || kw(c, j) == KW_LE ||
			    kw(c, j) == KW_LA)
				verb = 1;
		}
		if (is_num(c, j) && pct(c, j) && !(TOK(j)->mark &
		    (M_USED | M_NOTFIG | M_FRAC_A)) &&
		    TOK(j)->bound == CHK_BOUND_EXACT && kw(c, j + 1) != KW_TRO) {
			TOK(j)->mark |= M_USED;
			TOK(a)->mark |= M_USED;
			TOK(b)->mark |= M_USED;
			ratio_claim(c, a, b, j);
			pv = TOK(j)->n.value;
			record(c, "fraction", a, a, j, b, frac_a_value(c, a, b),
			    TOK(b)->n.value, pv);
			continue;
		}
		/* "đạt 92,5% (18.500/20.000 con)" */
		if (a >= 2 && is_p(c, a - 1, '(') && pct(c, a - 2) &&
		    !(TOK(a - 2)->mark & (M_USED | M_NOTFIG | M_FRAC_A |
		    M_FRAC_B))) {
			TOK(a - 2)->mark |= M_USED;
			TOK(a)->mark |= M_USED;
			TOK(b)->mark |= M_USED;
			ratio_claim(c, a, b, a - 2);
			record(c, "fraction", a, a - 2, unit_end(c, b), b,
			    frac_a_value(c, a, b), TOK(b)->n.value,
			    TOK(a - 2)->n.value);
			continue;
		}
		if (is_num(c, j) && verb && !(TOK(j)->mark & M_NOTFIG) &&
		    unit_of(c, j) == 0 && (j + 1 >= n ||
		    TOK(j + 1)->type == CHK_T_PUNCT))
			missing_pct_ratio(c, a, b, j);
		record(c, "fraction", a, a, unit_end(c, b), b,
		    frac_a_value(c, a, b),
		    TOK(b)->n.value, NAN);
	}
}

/* ---- rule: "a …, bằng c% kế hoạch" ------------------------------------ */

/* Whether a plan word ends just before number k (at most 3 tokens
 * between: "chỉ tiêu Nghị quyết 99,64%", "kế hoạch giao 43 ha"). */
static int
after_plan_word(const struct chk *c, size_t k)
{
	size_t m, lo = k > 5 ? k - 5 : 0, len;

	for (m = k; m > lo; m--) {
		len = plan_word(c, m - 1);
		if (len == 0 && m >= 2)
			len = plan_word(c, m - 2) == 2 ? 2 : 0, m -= len ? 1 : 0;
		if (len > 0)
			return 1;
		if (hard_stop(c, m - 1) || is_num(c, m - 1))
			return 0;
	}
	return 0;
}

/* A plan that is an upper bound ("kế hoạch không quá 15%", "dưới 1%"):
 * lower is better, so its rate may be written plan / actual. */
static int
plan_upper_bound(const struct chk *c, size_t plan)
{
	return (plan >= 1 && kw(c, plan - 1) == KW_DUOI) || (plan >= 2 &&
	    kw(c, plan - 2) == KW_KHONG && kw(c, plan - 1) == KW_QUA);
}

static void
rule_plan(struct chk *c)
{
	size_t n = c->ntok, p, v, k, x, plan, act, after, e;
	struct buf *tx, *st, *cp, *sg, *ms;
	enum chk_verdict vd;
	double comp;

	for (x = 0; x < c->nnum; x++) {
		if ((p = c->nums[x]) == 0)
			continue;
		if (!pct(c, p) || (TOK(p)->mark & (M_USED | M_NOTFIG |
		    M_FRAC_A | M_FRAC_B)))
			continue;
		v = p - 1;
		if (kw(c, v) == KW_LE && v >= 1 && kw(c, v - 1) == KW_TY)
			v -= 2;
		if (kw(c, v) != KW_BANG && kw(c, v) != KW_DAT)
			continue;
		after = p + 1;
		if (kw(c, after) == KW_SO && kw(c, after + 1) == KW_VOI)
			after += 2;
		if (plan_word(c, after) == 0)
			continue;
		/* The plan: a number after a plan word, before the verb or
		 * right after the plan word that follows the percentage. */
		plan = n;
		for (k = v; k > 0; k--) {
			if (is_p(c, k - 1, '.'))
				break;
			if (fig(c, k - 1) && level(c, k - 1) &&
			    !(TOK(k - 1)->mark & (M_USED | M_FRAC_A |
			    M_FRAC_B)) && after_plan_word(c, k - 1)) {
				plan = k - 1;
				break;
			}
		}
		if (plan == n) {
			e = after + plan_word(c, after);
			for (k = e; k < n && k < e + 4 && !hard_stop(c, k); k++)
				if (fig(c, k) && level(c, k) &&
				    !(TOK(k)->mark & M_USED)) {
					plan = k;
					break;
				}
		}
		/* The actual: the nearest figure before the verb. */
		act = n;
		for (k = v; k > 0; k--) {
			size_t q = k - 1;

			if (is_p(c, q, '.'))
				break;
			if (!fig(c, q) || !level(c, q) || q == plan ||
			    (TOK(q)->mark & (M_FRAC_B | M_USED)))
				continue;
			if (plan < n) {
				if (pct(c, q) != pct(c, plan))
					continue;
				if (!pct(c, q) && unit_of(c, plan) > 1 &&
				    unit_of(c, q) != unit_of(c, plan))
					continue;
			} else if (!pct(c, q) && unit_of(c, q) == 0)
				continue;
			act = q;
			break;
		}
		if (act == n)
			continue;
		TOK(p)->mark |= M_USED;
		if (plan == n && quiet(c, CHK_K_RATIO, CHK_UNVERIFIABLE))
			continue;
		tx = sb(c, 0);
		st = sb(c, 1);
		cp = sb(c, 2);
		sg = sb(c, 3);
		ms = sb(c, 5);
		put_span(c, tx, act < p ? act : p, plan < n && plan > p ? plan :
		    p);
		put_tok(c, st, p);
		if (plan == n) {
			buf_puts(ms, "không thấy chỉ tiêu kế hoạch trong câu để "
			    "kiểm tra ");
			put_tok(c, ms, p);
			buf_puts(sg, "nêu chỉ tiêu kế hoạch bên cạnh kết quả");
			emit(c, CHK_K_RATIO, CHK_UNVERIFIABLE, p, tx, st, NULL,
			    sg, ms);
			continue;
		}
		TOK(act)->mark |= M_USED;
		TOK(plan)->mark |= M_USED;
		vd = chk_verify_ratio(TOK(act)->n.value, TOK(plan)->n.value,
		    TOK(p)->n.value, TOK(p)->n.decimals, c->opts.truncate,
		    &comp);
		if (vd == CHK_ERROR && plan_upper_bound(c, plan)) {
			double inv;

			if (chk_verify_ratio(TOK(plan)->n.value,
			    TOK(act)->n.value, TOK(p)->n.value,
			    TOK(p)->n.decimals, c->opts.truncate, &inv) ==
			    CHK_OK) {
				vd = CHK_OK;
				comp = inv;
			}
		}
		record(c, "plan", act, act, p, act, TOK(act)->n.value,
		    TOK(plan)->n.value, TOK(p)->n.value);
		if (quiet(c, CHK_K_RATIO, vd))
			continue;
		put_tok(c, ms, act);
		buf_puts(ms, " so với kế hoạch ");
		put_tok(c, ms, plan);
		if (vd == CHK_UNVERIFIABLE) {
			buf_puts(ms, ": kế hoạch bằng 0");
			emit(c, CHK_K_RATIO, vd, p, tx, st, NULL, NULL, ms);
			continue;
		}
		put_pct(cp, comp, TOK(p)->n.decimals);
		buf_puts(ms, " = ");
		put_buf(ms, cp);
		if (vd == CHK_ERROR) {
			wrong_pct(c, ms, sg, p, comp);
			buf_puts(ms, " — sửa thành ");
			buf_puts(ms, buf_str(sg) + strlen("viết "));
		}
		emit(c, CHK_K_RATIO, vd, p, tx, st, cp, vd == CHK_ERROR ? sg :
		    NULL, ms);
	}
}

/* ---- rule: parts and wholes --------------------------------------- */

struct group {
	uint64_t unit;
	size_t	 parts[PARTS_MAX];
	size_t	 np;
};

/* The end of a list that starts at i: the closing parenthesis when i is
 * inside one, else the next ";" (or the sentence's end when the trigger
 * has a colon: "trong đó:" lists may use ";"). Nested parentheses are
 * part of the list. */
static size_t
list_end(const struct chk *c, size_t i, int depth, int colon)
{
	size_t n = c->ntok, j;
	int d = 0;

	for (j = i; j < n; j++) {
		if (is_p(c, j, '('))
			d++;
		else if (is_p(c, j, ')')) {
			if (d == 0 && depth > 0)
				return j;
			if (d > 0)
				d--;
		} else if (d == 0 && (is_p(c, j, '.') || is_p(c, j, '|') ||
		    (!colon && is_p(c, j, ';'))))
			return j;
	}
	return n;
}

/* The parenthesis depth at each token is not stored; compute it at i. */
static int
depth_at(const struct chk *c, size_t i)
{
	size_t j;
	int d = 0;

	for (j = 0; j < i; j++) {
		if (is_p(c, j, '('))
			d++;
		else if (is_p(c, j, ')') && d > 0)
			d--;
	}
	return d;
}

static int
part_ok(const struct chk *c, size_t j)
{
	return fig(c, j) && level(c, j) && !pct(c, j) && !(TOK(j)->mark & (M_USED |
	    M_FRAC_A | M_FRAC_B | M_PER)) && unit_of(c, j) > 1;
}

static int
total_ok(const struct chk *c, size_t k)
{
	return fig(c, k) && level(c, k) && !pct(c, k) && !(TOK(k)->mark & (M_PART |
	    M_FRAC_B | M_PER | M_TOTAL));
}

static double
slack_of(const struct chk *c, size_t i)
{
	return chk_slack(TOK(i)->n.decimals, TOK(i)->n.scale);
}

static void
parts_claim(struct chk *c, size_t tot, const struct group *g,
    int exhaustive, int fallback)
{
	struct buf *tx, *st, *cp, *sg, *ms;
	double sum = 0, alt = 0, tol = slack_of(c, tot), v[2];
	size_t j, last = g->parts[g->np - 1];
	enum chk_verdict vd;
	int d = TOK(tot)->n.decimals, nr, any_alt = 0;

	for (j = 0; j < g->np; j++) {
		nr = readings(c, g->parts[j], v);
		sum += v[0];
		alt += nr > 1 ? v[1] : v[0];
		any_alt |= nr > 1;
		tol += slack_of(c, g->parts[j]);
		if (TOK(g->parts[j])->n.decimals > d)
			d = TOK(g->parts[j])->n.decimals;
	}
	vd = chk_verify_sum(sum, TOK(tot)->n.value, tol, exhaustive);
	if (vd != CHK_OK && any_alt &&
	    chk_verify_sum(alt, TOK(tot)->n.value, tol, exhaustive) == CHK_OK) {
		vd = CHK_OK;
		sum = alt;
		d = TOK(tot)->n.decimals;
	}
	if (vd != CHK_OK && readings(c, tot, v) > 1 &&
	    chk_verify_sum(sum, v[1], tol, exhaustive) == CHK_OK)
		vd = CHK_OK;
	/* A total of another unit: agreement, or parts above it. */
	if (fallback && vd != CHK_OK && sum <= TOK(tot)->n.value)
		return;
	/* One part short of its total is what "trong đó" means. */
	if (g->np == 1 && vd == CHK_UNVERIFIABLE)
		return;
	TOK(tot)->mark |= M_TOTAL;
	for (j = 0; j < g->np; j++)
		TOK(g->parts[j])->mark |= M_PART | M_USED;
	if (quiet(c, CHK_K_PARTS, vd))
		return;
	tx = sb(c, 0);
	st = sb(c, 1);
	cp = sb(c, 2);
	sg = sb(c, 3);
	ms = sb(c, 5);
	put_span(c, tx, tot < g->parts[0] ? tot : g->parts[0],
	    unit_end(c, last));
	put_tok(c, st, tot);
	put_unit(c, st, tot);
	put_scaled(c, cp, sum, d, tot);
	put_unit(c, cp, g->parts[0]);
	if (g->np == 1) {
		buf_puts(ms, "phần ");
		put_tok(c, ms, g->parts[0]);
		put_unit(c, ms, g->parts[0]);
		buf_puts(ms, " so với tổng ");
		buf_puts(ms, buf_str(st));
	} else {
		for (j = 0; j < g->np; j++) {
			if (j > 0)
				buf_puts(ms, " + ");
			put_scaled(c, ms, TOK(g->parts[j])->n.value, d, tot);
		}
		buf_puts(ms, " = ");
		buf_puts(ms, buf_str(cp));
	}
	switch (vd) {
	case CHK_OK:
		buf_puts(ms, ", khớp tổng");
		emit(c, CHK_K_PARTS, vd, tot, tx, st, cp, NULL, ms);
		return;
	case CHK_ERROR:
		if (sum > TOK(tot)->n.value) {
			buf_puts(ms, ", lớn hơn tổng ");
			buf_puts(ms, buf_str(st));
			buf_puts(ms, ": các phần không thể vượt tổng");
		} else {
			buf_puts(ms, ", ít hơn tổng ");
			buf_puts(ms, buf_str(st));
			buf_puts(ms, " mà danh sách đã kể đủ");
		}
		buf_puts(sg, "sửa tổng thành ");
		buf_puts(sg, buf_str(cp));
		buf_puts(sg, " hoặc sửa các phần");
		emit(c, CHK_K_PARTS, vd, tot, tx, st, cp, sg, ms);
		return;
	default:
		buf_puts(ms, ", ít hơn tổng ");
		buf_puts(ms, buf_str(st));
		buf_puts(ms, "; danh sách có thể chưa kể hết (ghi chú)");
		emit(c, CHK_K_PARTS, vd, tot, tx, st, cp, NULL, ms);
		return;
	}
}

/* Whether number i counts things (its unit is not money, mass or area). */
static int
countlike(struct chk *c, size_t i)
{
	return !(unit_cls(c, unit_of(c, i), NULL) & (U_MASS | U_AREA | U_MONEY));
}

/* "39 loa, (nghe được 30 cái, hư 9 cái)", "14 phương tiện (06 ghe, 04
 * xuồng)": no part has the unit of a figure before the list, but the list
 * follows one directly. All its parts together against that figure. */
static void
parts_other_unit(struct chk *c, size_t trig, const struct group *g,
    size_t ng)
{
	struct group all;
	size_t q, k, j, tot = c->ntok, words = 0;

	for (q = trig; q > 0; q--) {
		if (is_p(c, q - 1, ','))
			continue;
		if (TOK(q - 1)->type == CHK_T_WORD && words < 4) {
			words++;
			continue;
		}
		if (total_ok(c, q - 1) && unit_of(c, q - 1) > 1)
			tot = q - 1;
		break;
	}
	if (tot == c->ntok || !countlike(c, tot))
		return;
	all.unit = 0;
	all.np = 0;
	for (k = 0; k < ng; k++)
		for (j = 0; j < g[k].np; j++) {
			if (!countlike(c, g[k].parts[j]) || all.np == PARTS_MAX)
				return;
			all.parts[all.np++] = g[k].parts[j];
		}
	if (all.np < 2)
		return;
	/* in the order written */
	for (k = 1; k < all.np; k++)
		for (j = k; j > 0 && all.parts[j - 1] > all.parts[j]; j--) {
			q = all.parts[j];
			all.parts[j] = all.parts[j - 1];
			all.parts[j - 1] = q;
		}
	parts_claim(c, tot, &all, 1, 1);
}

/* Whether one of the words before number j is h. */
static int
named_before(const struct chk *c, size_t j, uint64_t h)
{
	size_t k;

	for (k = j; k > 0 && j - k < 4 && TOK(k - 1)->type == CHK_T_WORD; k--)
		if (TOK(k - 1)->h == h)
			return 1;
	return 0;
}

/* A list the text names whole by nature: both sexes ("nam … nữ"), town
 * and country ("thành thị … nông thôn"), or as many parts as a count
 * before it says ("có 6 dân tộc …" and six "dân tộc …" parts). */
static int
whole_by_nature(const struct chk *c, size_t trig, const struct group *g)
{
	size_t k, j;
	uint64_t w;

	if (g->np == 2) {
		if ((named_before(c, g->parts[0], c->h_nam) &&
		    named_before(c, g->parts[1], c->h_nu)) ||
		    (named_before(c, g->parts[0], c->h_nu) &&
		    named_before(c, g->parts[1], c->h_nam)))
			return 1;
		if ((named_before(c, g->parts[0], c->h_thi) &&
		    named_before(c, g->parts[1], c->h_thon)) ||
		    (named_before(c, g->parts[0], c->h_thon) &&
		    named_before(c, g->parts[1], c->h_thi)))
			return 1;
	}
	for (k = 0; k < trig; k++) {
		if (!fig(c, k) || pct(c, k) || TOK(k)->n.decimals > 0 ||
		    TOK(k)->n.value != (double)g->np || g->np < 2 ||
		    (w = unit_of(c, k)) <= 1)
			continue;
		for (j = 0; j < g->np && named_before(c, g->parts[j], w); j++)
			;
		if (j == g->np)
			return 1;
	}
	return 0;
}

/* Check one list: parts in [from, to), grouped by unit, each group against
 * the nearest earlier figure with the same unit (before trig). */
static void
parts_list(struct chk *c, size_t trig, size_t from, size_t to,
    int exhaustive, int paren)
{
	struct group g[GROUPS_MAX];
	size_t ng = 0, j, k, q, matched = 0;
	uint64_t u;

	for (j = from; j < to; j++) {
		if (kw(c, j) == KW_CON && kw(c, j + 1) == KW_LAI)
			exhaustive = 1;
		if (!part_ok(c, j))
			continue;
		u = unit_of(c, j);
		for (k = 0; k < ng && g[k].unit != u; k++)
			;
		if (k == ng) {
			if (ng == GROUPS_MAX)
				continue;
			g[ng].unit = u;
			g[ng].np = 0;
			ng++;
		}
		if (g[k].np < PARTS_MAX)
			g[k].parts[g[k].np++] = j;
	}
	for (k = 0; k < ng; k++) {
		if (paren && g[k].np < 2)
			continue;
		for (q = trig; q > 0; q--)
			if (total_ok(c, q - 1) && unit_of(c, q - 1) == g[k].unit) {
				parts_claim(c, q - 1, &g[k], exhaustive ||
				    whole_by_nature(c, trig, &g[k]), 0);
				matched++;
				break;
			}
	}
	if (matched == 0 && ng > 0)
		parts_other_unit(c, trig, g, ng);
	for (j = from; j < to; j++)
		TOK(j)->mark |= M_GROUP;
}

/* "… 114 hộ, 148 hộ còn lại": the first figure of that unit is the total,
 * the others its exhaustive parts. */
static void
remainder_list(struct chk *c, size_t i)
{
	size_t r = c->ntok, j, first = c->ntok;
	struct group g;
	uint64_t u;

	if (is_num(c, i + 2))
		r = i + 2;
	else if (i >= 2 && is_num(c, i - 2) && unit_tok(c, i - 2) == i - 1)
		r = i - 2;
	else if (i >= 1 && is_num(c, i - 1))
		r = i - 1;
	if (r == c->ntok || !part_ok(c, r))
		return;
	u = unit_of(c, r);
	g.unit = u;
	g.np = 0;
	for (j = 0; j < r; j++) {
		if (!part_ok(c, j) || unit_of(c, j) != u)
			continue;
		if (first == c->ntok) {
			if (total_ok(c, j))
				first = j;
			continue;
		}
		if (g.np < PARTS_MAX - 1)
			g.parts[g.np++] = j;
	}
	if (first == c->ntok || g.np == 0)
		return;
	g.parts[g.np++] = r;
	parts_claim(c, first, &g, 1, 0);
}

static void
rule_parts(struct chk *c)
{
	size_t i, e, s, x;
	int colon, depth, keyed;

	for (x = 0; x < c->ntrig; x++) {
		i = c->trig[x];
		if (TOK(i)->mark & M_GROUP)
			continue;
		if (kw(c, i) == KW_TRONG && kw(c, i + 1) == KW_DO) {
			s = i + 2;
			colon = is_p(c, s, ':');
			depth = depth_at(c, i);
			e = list_end(c, s, depth, colon);
			parts_list(c, i, s, e, 0, 0);
		} else if ((kw(c, i) == KW_PHANTHEO || kw(c, i) == KW_CHIA) &&
		    kw(c, i + 1) == KW_THEO) {
			/* "1.057.374 hộ phân theo các khu vực như sau: …":
			 * a partition, to the end of the sentence. */
			e = list_end(c, i + 2, depth_at(c, i), 1);
			parts_list(c, i, i + 2, e, 1, 0);
		} else if (kw(c, i) == KW_GOM || (kw(c, i) == KW_CHIA &&
		    kw(c, i + 1) == KW_RA)) {
			s = i + 1 + (kw(c, i) == KW_CHIA);
			colon = is_p(c, s, ':');
			depth = depth_at(c, i);
			e = list_end(c, s, depth, colon);
			parts_list(c, i, s, e, 1, 0);
		} else if (is_p(c, i, '(')) {
			e = list_end(c, i + 1, 1, 0);
			/* A keyed list inside is checked by its keyword. */
			keyed = (kw(c, i + 1) == KW_TRONG && kw(c, i + 2) ==
			    KW_DO) || kw(c, i + 1) == KW_GOM;
			if (!keyed)
				parts_list(c, i, i + 1, e, 1, 1);
		} else if (kw(c, i) == KW_CON && kw(c, i + 1) == KW_LAI)
			remainder_list(c, i);
	}
}

/* ---- rule: shares ---------------------------------------------------- */

/* Remember the base a share of the paragraph implies, for the next. */
static void
remember_share(struct chk *c, uint64_t u, double lo, double hi,
    const struct buf *what)
{
	struct share *sh;
	size_t k;

	for (k = 0; k < c->nshares; k++)
		if (c->shares[k].unit == u)
			return;
	if (c->nshares == SHARES_MAX)
		return;
	sh = &c->shares[c->nshares++];
	sh->unit = u;
	sh->lo = lo;
	sh->hi = hi;
	sh->line = c->line;
	copy_cut(sh->what, sizeof sh->what, what);
}

/* The first figure with the unit of cnt before it in the sentence, read
 * as the base of percentage p: CHK_OK when cnt/base gives p (either
 * reading of an ambiguous figure), the base's index in c->base_tok. */
static enum chk_verdict
implicit_base(struct chk *c, size_t cnt, size_t p, double *comp)
{
	uint64_t u = unit_of(c, cnt);
	double vb[2];
	size_t k;
	int nb, j;

	for (k = 0; k < cnt; k++) {
		if (!fig(c, k) || pct(c, k) || unit_of(c, k) != u ||
		    (TOK(k)->mark & M_FRAC_B))
			continue;
		nb = readings(c, k, vb);
		for (j = 0; j < nb; j++)
			if (chk_verify_ratio(TOK(cnt)->n.value, vb[j],
			    TOK(p)->n.value, TOK(p)->n.decimals,
			    c->opts.truncate, comp) == CHK_OK) {
				c->base_tok = k;
				return CHK_OK;
			}
		c->base_tok = k;
		return CHK_ERROR;
	}
	return CHK_UNVERIFIABLE;
}

/* Whether count cnt is listed as a part of figure k: in a parenthesis
 * or after "trong đó" / "gồm" that follows k with no other figure of its
 * unit between ("297.104 hộ, 1.327.121 khẩu (52.883 hộ nghèo, …"). */
static int
part_of(const struct chk *c, size_t k, size_t cnt)
{
	size_t j;
	int open = 0, depth = 0;

	for (j = k + 1; j < cnt; j++) {
		if (is_p(c, j, '.') || (!open && hard_stop(c, j)))
			return 0;
		if (is_p(c, j, '(')) {
			depth++;
			open = 1;
		} else if (is_p(c, j, ')') && --depth < 0)
			return 0;
		else if ((kw(c, j) == KW_TRONG && kw(c, j + 1) == KW_DO) ||
		    kw(c, j) == KW_GOM)
			open = 1;
		else if (!open && fig(c, j) && !pct(c, j) &&
		    unit_of(c, j) == unit_of(c, cnt))
			return 0;
	}
	return open;
}

static void
share_claim(struct chk *c, size_t cnt, size_t p)
{
	struct buf *tx = sb(c, 0), *st = sb(c, 1), *cp = sb(c, 2),
	    *sg = sb(c, 3), *ms = sb(c, 5);
	uint64_t u = unit_of(c, cnt);
	double lo, hi, comp;
	size_t k, ut = unit_tok(c, cnt);
	struct share *sh;
	enum chk_verdict vd;

	put_span(c, tx, cnt, p);
	put_tok(c, st, p);
	TOK(p)->mark |= M_USED;
	/* An explicit base: "… chiếm 0,42% (trên tổng số 1.666 hộ)". */
	for (k = p + 1; k < c->ntok && k < p + 9 && !hard_stop(c, k); k++) {
		if (fig(c, k) && !pct(c, k) && unit_of(c, k) == u &&
		    (kw(c, k - 1) == KW_TONG || kw(c, k - 1) == KW_SONUM ||
		    kw(c, k - 1) == KW_TREN)) {
			vd = chk_verify_ratio(TOK(cnt)->n.value, TOK(k)->n.value,
			    TOK(p)->n.value, TOK(p)->n.decimals,
			    c->opts.truncate, &comp);
			buf_reset(tx);
			put_span(c, tx, cnt, k);
			put_pct(cp, comp, TOK(p)->n.decimals);
			put_tok(c, ms, cnt);
			buf_putc(ms, '/');
			put_tok(c, ms, k);
			buf_puts(ms, " = ");
			put_buf(ms, cp);
			if (vd == CHK_ERROR)
				wrong_pct(c, ms, sg, p, comp);
			emit(c, CHK_K_SHARE, vd, p, tx, st, cp,
			    vd == CHK_ERROR ? sg : NULL, ms);
			TOK(k)->mark |= M_USED;
			return;
		}
	}
	/* An implicit base: the first figure of the same unit earlier in
	 * the sentence ("tiếp nhận 1.486 hồ sơ, … 1.210 hồ sơ, chiếm
	 * 81,43%"). Only agreement is reported: the base may be another. */
	vd = implicit_base(c, cnt, p, &comp);
	if (vd == CHK_ERROR && part_of(c, c->base_tok, cnt)) {
		/* A part's share is of its total: cut digits pass too. */
		vd = chk_verify_ratio(TOK(cnt)->n.value,
		    TOK(c->base_tok)->n.value, TOK(p)->n.value,
		    TOK(p)->n.decimals, true, &comp);
		if (quiet(c, CHK_K_SHARE, vd))
			return;
		put_pct(cp, comp, TOK(p)->n.decimals);
		put_tok(c, ms, cnt);
		buf_puts(ms, " trên tổng ");
		put_tok(c, ms, c->base_tok);
		put_unit(c, ms, c->base_tok);
		buf_puts(ms, " = ");
		put_buf(ms, cp);
		if (vd == CHK_ERROR)
			wrong_pct(c, ms, sg, p, comp);
		emit(c, CHK_K_SHARE, vd, p, tx, st, cp, vd == CHK_ERROR ? sg :
		    NULL, ms);
		return;
	}
	if (vd == CHK_OK) {
		remember_share(c, u, TOK(c->base_tok)->n.value,
		    TOK(c->base_tok)->n.value, tx);
		if (quiet(c, CHK_K_SHARE, CHK_OK))
			return;
		put_pct(cp, comp, TOK(p)->n.decimals);
		put_tok(c, ms, cnt);
		buf_puts(ms, " trên tổng ");
		put_tok(c, ms, c->base_tok);
		buf_puts(ms, " = ");
		put_buf(ms, cp);
		emit(c, CHK_K_SHARE, CHK_OK, p, tx, st, cp, NULL, ms);
		return;
	}
	if (!chk_share_base(TOK(cnt)->n.value, TOK(p)->n.value,
	    TOK(p)->n.decimals, &lo, &hi))
		return;
	for (k = 0; k < c->nshares && c->shares[k].unit != u; k++)
		;
	if (k == c->nshares) {
		remember_share(c, u, lo, hi, tx);
		buf_puts(ms, "tổng suy ra từ ");
		buf_puts(ms, buf_str(tx));
		buf_puts(ms, " là khoảng ");
		put_num(ms, (lo + (isinf(hi) ? lo : hi)) / 2, 0);
		if (ut)
			put_unit(c, ms, cnt);
		buf_puts(ms, "; chưa có tỷ lệ khác cùng tổng để đối chiếu");
		emit(c, CHK_K_SHARE, CHK_UNVERIFIABLE, p, tx, st, NULL, NULL,
		    ms);
		return;
	}
	sh = &c->shares[k];
	put_num(cp, lo, 0);
	buf_puts(cp, "–");
	if (isinf(hi))
		buf_puts(cp, "∞");
	else
		put_num(cp, hi, 0);
	if (lo <= sh->hi && hi >= sh->lo) {
		sh->lo = lo > sh->lo ? lo : sh->lo;
		sh->hi = hi < sh->hi ? hi : sh->hi;
		buf_puts(ms, buf_str(tx));
		buf_puts(ms, " và ");
		buf_puts(ms, sh->what);
		buf_puts(ms, " cho cùng một tổng (khoảng ");
		put_num(ms, sh->lo, 0);
		buf_puts(ms, "–");
		if (isinf(sh->hi))
			buf_puts(ms, "∞");
		else
			put_num(ms, sh->hi, 0);
		if (ut)
			put_unit(c, ms, cnt);
		buf_puts(ms, ")");
		emit(c, CHK_K_SHARE, CHK_OK, p, tx, st, cp, NULL, ms);
		return;
	}
	buf_puts(ms, buf_str(tx));
	buf_puts(ms, " cho tổng ");
	buf_puts(ms, buf_str(cp));
	if (ut)
		put_unit(c, ms, cnt);
	buf_puts(ms, ", khác tổng ");
	put_num(ms, sh->lo, 0);
	buf_puts(ms, "–");
	if (isinf(sh->hi))
		buf_puts(ms, "∞");
	else
		put_num(ms, sh->hi, 0);
	buf_puts(ms, " suy ra từ ");
	buf_puts(ms, sh->what);
	if (sh->line != c->line)
		buf_printf(ms, " (dòng %zu)", sh->line);
	buf_puts(sg, "kiểm tra lại số lượng hoặc tỷ lệ; nếu hai tỷ lệ tính "
	    "trên hai tổng khác nhau, ghi rõ tổng");
	emit(c, CHK_K_SHARE, CHK_WARNING, p, tx, st, cp, sg, ms);
}

/* "đã giải quyết 1.452 hồ sơ, đạt tỷ lệ 97,71%": a count, then its rate
 * over the first figure of the same unit in the sentence. Agreement is
 * confirmed; anything else is left alone (the base may be unstated). */
static void
rate_of_count(struct chk *c, size_t v, size_t p)
{
	struct buf *tx, *st, *cp, *ms;
	size_t k, cnt = c->ntok;
	double comp;

	for (k = v; k > 0 && v - k < 4; k--) {
		if (hard_stop(c, k - 1))
			return;
		if (is_num(c, k - 1)) {
			if (fig(c, k - 1) && !pct(c, k - 1) && unit_of(c, k - 1) >
			    1 && !(TOK(k - 1)->mark & (M_FRAC_A | M_FRAC_B |
			    M_USED)))
				cnt = k - 1;
			break;
		}
	}
	if (cnt == c->ntok || implicit_base(c, cnt, p, &comp) != CHK_OK)
		return;
	TOK(p)->mark |= M_USED;
	if (quiet(c, CHK_K_RATIO, CHK_OK))
		return;
	tx = sb(c, 0);
	st = sb(c, 1);
	cp = sb(c, 2);
	ms = sb(c, 5);
	put_span(c, tx, cnt, p);
	put_tok(c, st, p);
	put_pct(cp, comp, TOK(p)->n.decimals);
	put_tok(c, ms, cnt);
	buf_putc(ms, '/');
	put_tok(c, ms, c->base_tok);
	buf_puts(ms, " = ");
	put_buf(ms, cp);
	emit(c, CHK_K_RATIO, CHK_OK, p, tx, st, cp, NULL, ms);
}

static void
rule_shares(struct chk *c)
{
	size_t n = c->ntok, p, v, k, x, cnt;
	struct buf *tx, *st, *ms, *sg;

	for (x = 0; x < c->nnum; x++) {
		if ((p = c->nums[x]) == 0)
			continue;
		if (!pct(c, p) || (TOK(p)->mark & (M_USED | M_NOTFIG)))
			continue;
		v = p - 1;
		if (kw(c, v) == KW_LE && v >= 2 && kw(c, v - 1) == KW_TY)
			v -= 2;
		if (kw(c, v) == KW_DAT && kw(c, p - 1) == KW_LE) {
			rate_of_count(c, v, p);
			continue;
		}
		if (kw(c, v) != KW_CHIEM)
			continue;
		if (TOK(p)->n.value > 100) {
			tx = sb(c, 0);
			st = sb(c, 1);
			ms = sb(c, 2);
			sg = sb(c, 3);
			put_span(c, tx, v, p);
			put_tok(c, st, p);
			buf_puts(ms, "một phần không thể chiếm quá 100% của tổng");
			buf_puts(sg, "kiểm tra lại tỷ lệ");
			emit(c, CHK_K_MAGNITUDE, CHK_ERROR, p, tx, st, NULL, sg,
			    ms);
			TOK(p)->mark |= M_USED;
			continue;
		}
		cnt = n;
		for (k = v; k > 0 && v - k < 10; k--) {
			if (hard_stop(c, k - 1))
				break;
			if (is_num(c, k - 1)) {
				if (fig(c, k - 1) && !pct(c, k - 1) &&
				    unit_of(c, k - 1) > 1 && !(TOK(k - 1)->mark &
				    (M_FRAC_A | M_FRAC_B)))
					cnt = k - 1;
				break;
			}
		}
		if (cnt == n)
			continue;
		share_claim(c, cnt, p);
		record(c, "share", cnt, cnt, p, cnt, TOK(cnt)->n.value, NAN,
		    TOK(p)->n.value);
	}
}

/* ---- rule: changes ---------------------------------------------------- */

/* "điểm %" / "điểm phần trăm" after number x: tokens used, or 0. */
static size_t
points_after(const struct chk *c, size_t x)
{
	if (kw(c, x + 1) != KW_DIEM)
		return 0;
	if (is_p(c, x + 2, '%'))
		return 2;
	if (kw(c, x + 2) == KW_PHAN && kw(c, x + 3) == KW_TRAM)
		return 3;
	return 0;
}

/* "so với cùng kỳ / năm trước / năm 2023 [là|:|(] A" at j: A, and for B
 * the nearest figure before j of the same kind that is not itself a
 * difference ("giảm 3 vụ"). */
static int
compared_with(const struct chk *c, size_t j, size_t chg, size_t *olda,
    size_t *newb)
{
	size_t n = c->ntok, k, a = n, m;

	if (kw(c, j) != KW_SO || kw(c, j + 1) != KW_VOI)
		return 0;
	switch (kw(c, j + 2)) {
	case KW_CUNG: case KW_NAM: case KW_KY: case KW_THANG: case KW_TRUOC:
	case KW_CUOI: case KW_DAU:
		break;
	default:
		return 0;
	}
	/* A stated right after the time it names: "(A)", "là A", ": A". */
	for (k = j + 2; k < n && k < j + 10 && !hard_stop(c, k); k++) {
		if (is_p(c, k, ')') || is_p(c, k, ','))
			break;
		if (fig(c, k) && !(TOK(k)->mark & (M_FRAC_A | M_FRAC_B))) {
			if (is_p(c, k - 1, '(') || kw(c, k - 1) == KW_LA ||
			    is_p(c, k - 1, ':') || is_p(c, k - 1, '='))
				a = k;
			break;
		}
	}
	if (a == n || (kw(c, a - 1) == KW_TANG || kw(c, a - 1) == KW_GIAM) ||
	    (role(c, a) != CHK_ROLE_LEVEL && role(c, a) != CHK_ROLE_SHARE))
		return 0;
	for (m = j; m > 0; m--) {
		k = m - 1;
		if (k == a || k == chg + 1 || !fig(c, k) || (TOK(k)->mark &
		    (M_FRAC_B)) || pct(c, k) != pct(c, a))
			continue;
		if (!pct(c, k) && unit_of(c, k) != unit_of(c, a))
			continue;
		if (k > 0 && (kw(c, k - 1) == KW_TANG || kw(c, k - 1) == KW_GIAM))
			continue;
		if (role(c, k) != CHK_ROLE_LEVEL && role(c, k) != CHK_ROLE_SHARE)
			continue;
		*olda = a;
		*newb = k;
		return 1;
	}
	return 0;
}

/* Both values of change i: "từ A … (lên|xuống|còn) B" in the sentence, or
 * "so với cùng kỳ … A" (right after the change at after, else anywhere in
 * the sentence) with B the figure before it. Returns 1 with *olda, *newb. */
static int
change_values(const struct chk *c, size_t i, size_t after, size_t *olda,
    size_t *newb)
{
	size_t n = c->ntok, j, k;

	for (j = 0; j + 1 < n; j++) {
		if (kw(c, j) != KW_TU || !fig(c, j + 1) || (TOK(j + 1)->mark &
		    M_USED))
			continue;
		for (k = j + 2; k < n && k < j + 10 && !hard_stop(c, k); k++) {
			if (kw(c, k) == KW_LEN || kw(c, k) == KW_XUONG ||
			    kw(c, k) == KW_CON) {
				size_t m = k + 1;

				if (kw(c, m) == KW_CON)
					m++;
				if (fig(c, m) && role(c, m) != CHK_ROLE_CHANGE &&
				    role(c, m) != CHK_ROLE_ACHIEVE &&
				    role(c, j + 1) != CHK_ROLE_CHANGE &&
				    role(c, j + 1) != CHK_ROLE_ACHIEVE) {
					*olda = j + 1;
					*newb = m;
					return 1;
				}
			}
		}
	}
	/* "so với cùng kỳ (10 vụ)": right after the change, else anywhere
	 * in the sentence. */
	if (compared_with(c, after, i, olda, newb))
		return 1;
	for (j = 0; j + 1 < n; j++)
		if (j != after && compared_with(c, j, i, olda, newb))
			return 1;
	return 0;
}

/* Whether percentage p is a rate of something ("chiếm 0,42%", "tỷ lệ …
 * 95%") rather than an achievement ("đạt 102,66% dự toán"). */
static int
rate_subject(const struct chk *c, size_t p)
{
	size_t k;

	if ((TOK(p)->mark & M_USED) && !(p > 0 && kw(c, p - 1) == KW_CHIEM))
		return 0;
	for (k = p + 1; k < c->ntok && k < p + 3; k++)
		if (plan_word(c, k))
			return 0;
	for (k = p; k > 0 && p - k < 12; k--) {
		if (hard_stop(c, k - 1) || is_p(c, k - 1, ','))
			break;
		if (kw(c, k - 1) == KW_CHIEM || ty_le(c, k - 1))
			return 1;
	}
	return 0;
}

/* "giảm 3 vụ so với cùng kỳ (10 vụ)" with the new figure stated: the
 * difference of the two. */
static void
change_absolute(struct chk *c, size_t i, size_t x)
{
	struct buf *tx, *st, *cp, *sg, *ms;
	size_t a, b, after = unit_end(c, x) + 1;
	double d;
	int inc = kw(c, i) == KW_TANG;
	enum chk_verdict vd;

	if (unit_of(c, x) <= 1 || !change_values(c, i, after, &a, &b) ||
	    unit_of(c, a) != unit_of(c, x) || unit_of(c, b) != unit_of(c, x) ||
	    a == x || b == x)
		return;
	d = TOK(b)->n.value - TOK(a)->n.value;
	vd = (d >= 0) == (inc != 0) && fabs(fabs(d) - TOK(x)->n.value) <=
	    slack_of(c, a) + slack_of(c, b) + slack_of(c, x) +
	    chk_hair(d) ? CHK_OK : CHK_ERROR;
	TOK(x)->mark |= M_USED;
	if (quiet(c, CHK_K_CHANGE, vd))
		return;
	tx = sb(c, 0);
	st = sb(c, 1);
	cp = sb(c, 2);
	sg = sb(c, 3);
	ms = sb(c, 5);
	put_span(c, tx, i, unit_end(c, x));
	put_tok(c, st, x);
	put_unit(c, st, x);
	put_num(cp, fabs(d), 6);
	put_unit(c, cp, x);
	put_tok(c, ms, a);
	buf_puts(ms, " → ");
	put_tok(c, ms, b);
	buf_puts(ms, d >= 0 ? ": tăng " : ": giảm ");
	buf_puts(ms, buf_str(cp));
	if (vd == CHK_ERROR) {
		buf_puts(ms, ", không phải ");
		buf_puts(ms, inc ? "tăng " : "giảm ");
		buf_puts(ms, buf_str(st));
		buf_puts(sg, "viết ");
		buf_puts(sg, d >= 0 ? "tăng " : "giảm ");
		buf_puts(sg, buf_str(cp));
	}
	emit(c, CHK_K_CHANGE, vd, x, tx, st, cp, vd == CHK_ERROR ? sg : NULL,
	    ms);
}

static void
rule_changes(struct chk *c)
{
	size_t n = c->ntok, i, x, y, np, after, subj, k, a, b;
	struct buf *tx, *st, *cp, *sg, *ms;
	int inc, points, rates;
	double comp, comp2;
	enum chk_verdict vd, vd2;

	for (y = 0; y < c->ntrig; y++) {
		if ((i = c->trig[y]) + 1 >= n)
			break;
		if (kw(c, i) != KW_TANG && kw(c, i) != KW_GIAM)
			continue;
		/* "kế hoạch tăng 3% so với năm trước (4.649 hộ)": a target's
		 * growth, not a change between the figures around it. */
		for (k = i > 3 ? i - 3 : 0; k < i; k++)
			if (plan_word(c, k) > 0 && k + plan_word(c, k) == i)
				break;
		if (k < i)
			continue;
		x = i + 1;
		if (!fig(c, x) || (TOK(x)->mark & (M_USED | M_FRAC_A)))
			continue;
		inc = kw(c, i) == KW_TANG;
		np = points_after(c, x);
		points = np > 0;
		if (!points && !pct(c, x)) {
			change_absolute(c, i, x);
			continue;
		}
		after = x + 1 + np;
		tx = sb(c, 0);
		st = sb(c, 1);
		cp = sb(c, 2);
		sg = sb(c, 3);
		ms = sb(c, 5);
		put_tok(c, st, x);
		if (points)
			buf_puts(st, " điểm %");
		if (!points && !inc && TOK(x)->n.value > 100) {
			put_span(c, tx, i, x);
			buf_puts(ms, "giảm quá 100% là không thể");
			buf_puts(sg, "nếu là chênh lệch hai tỷ lệ, viết điểm %; "
			    "nếu là số giảm, ghi số tuyệt đối");
			emit(c, CHK_K_MAGNITUDE, CHK_ERROR, x, tx, st, NULL, sg,
			    ms);
			continue;
		}
		subj = n;
		for (k = i; k > 0 && i - k < 6; k--) {
			if (hard_stop(c, k - 1))
				break;
			if (is_num(c, k - 1)) {
				if (fig(c, k - 1) && !(TOK(k - 1)->mark &
				    M_FRAC_B))
					subj = k - 1;
				break;
			}
		}
		if (change_values(c, i, after, &a, &b) &&
		    (pct(c, a) == pct(c, b)) && (pct(c, a) ||
		    unit_of(c, a) == unit_of(c, b) || unit_of(c, a) == 0 ||
		    unit_of(c, b) == 0) && !(points && !pct(c, a))) {
			rates = pct(c, a);
			put_span(c, tx, a < i ? a : i, after - 1 > b ? after - 1 :
			    b);
			vd = chk_verify_change(TOK(a)->n.value, TOK(b)->n.value,
			    TOK(x)->n.value, TOK(x)->n.decimals, inc, points,
			    c->opts.truncate, &comp);
			TOK(x)->mark |= M_USED;
			put_tok(c, ms, a);
			buf_puts(ms, " → ");
			put_tok(c, ms, b);
			buf_puts(ms, ": ");
			if (rates && !points) {
				/* Between two rates the change is in points. */
				vd2 = chk_verify_change(TOK(a)->n.value,
				    TOK(b)->n.value, TOK(x)->n.value,
				    TOK(x)->n.decimals, inc, 1, c->opts.truncate,
				    &comp2);
				put_num(cp, fabs(comp2), TOK(x)->n.decimals);
				buf_puts(cp, " điểm %");
				buf_puts(sg, "viết ");
				buf_puts(sg, comp2 >= 0 ? "tăng " : "giảm ");
				put_num(sg, fabs(comp2), TOK(x)->n.decimals > 2 ?
				    TOK(x)->n.decimals : 2);
				buf_puts(sg, " điểm %");
				buf_puts(ms, "chênh lệch giữa hai tỷ lệ là ");
				put_num(ms, comp2, 2);
				buf_puts(ms, " điểm phần trăm");
				if (vd2 == CHK_OK || vd == CHK_OK) {
					buf_puts(ms, "; ghi bằng điểm %, không "
					    "phải %");
					emit(c, CHK_K_CHANGE, CHK_WARNING, x, tx,
					    st, cp, sg, ms);
				} else {
					buf_puts(ms, ", không khớp ");
					put_tok(c, ms, x);
					emit(c, CHK_K_CHANGE, CHK_ERROR, x, tx, st,
					    cp, sg, ms);
				}
				continue;
			}
			if (points) {
				put_num(cp, comp, TOK(x)->n.decimals > 2 ?
				    TOK(x)->n.decimals : 2);
				buf_puts(cp, " điểm %");
			} else {
				put_pct(cp, comp, TOK(x)->n.decimals);
			}
			buf_puts(ms, comp >= 0 ? "tăng " : "giảm ");
			if (points) {
				put_num(ms, fabs(comp), TOK(x)->n.decimals > 2 ?
				    TOK(x)->n.decimals : 2);
				buf_puts(ms, " điểm %");
			} else
				put_pct(ms, fabs(comp), TOK(x)->n.decimals);
			if (vd == CHK_ERROR) {
				buf_puts(ms, ", không phải ");
				buf_puts(ms, inc ? "tăng " : "giảm ");
				buf_puts(ms, buf_str(st));
				buf_puts(sg, "viết ");
				buf_puts(sg, comp >= 0 ? "tăng " : "giảm ");
				put_vn(sg, fabs(comp), TOK(x)->n.decimals >
				    6 ? 6 : TOK(x)->n.decimals, 0);
				buf_puts(sg, points ? " điểm %" : "%");
			}
			emit(c, CHK_K_CHANGE, vd, x, tx, st, cp,
			    vd == CHK_ERROR ? sg : NULL, ms);
			continue;
		}
		if (!points && subj < n && pct(c, subj) && rate_subject(c, subj)) {
			/* "chiếm 0,42% giảm 0.06%": a change of a rate. */
			put_span(c, tx, subj, x);
			buf_puts(ms, "thay đổi của một tỷ lệ (");
			put_tok(c, ms, subj);
			buf_puts(ms, ") phải ghi bằng điểm phần trăm: ");
			put_tok(c, ms, i);
			buf_putc(ms, ' ');
			put_tok(c, ms, x);
			buf_puts(ms, " đọc như giảm tương đối");
			buf_puts(sg, "viết ");
			put_tok(c, sg, i);
			buf_putc(sg, ' ');
			put_num(sg, TOK(x)->n.value, TOK(x)->n.decimals);
			buf_puts(sg, " điểm %");
			emit(c, CHK_K_CHANGE, CHK_WARNING, x, tx, st, NULL, sg,
			    ms);
			TOK(x)->mark |= M_USED;
		}
	}
}

/* ---- rule: products ------------------------------------------------- */

static void
rule_products(struct chk *c)
{
	size_t n = c->ntok, y, k, x, z, area, out, areas[4], outs[4], na, no;
	double fy, fo, fa, comp;
	unsigned cy;
	struct buf *tx, *st, *cp, *sg, *ms;
	enum chk_verdict vd;
	uint64_t ua;

	for (x = 0; x < c->nnum; x++) {
		if ((y = c->nums[x]) + 3 >= n)
			break;
		if (!fig(c, y) || pct(c, y) || !level(c, y))
			continue;
		cy = unit_cls(c, unit_of(c, y), &fy);
		if (!(cy & U_MASS) || !is_p(c, y + 2, '/') ||
		    TOK(y + 3)->type != CHK_T_WORD ||
		    !(unit_cls(c, TOK(y + 3)->h, &fa) & U_AREA))
			continue;
		ua = TOK(y + 3)->h;
		area = out = n;
		na = no = 0;
		for (z = 0; z < c->nnum; z++) {
			k = c->nums[z];
			/* a fraction's numerator is the area done; changes
			 * ("tăng 1,6 tạ/ha", "(-115 ha)") are no factors */
			if (k == y || !fig(c, k) || pct(c, k) || !level(c, k) ||
			    (TOK(k)->mark & M_FRAC_B))
				continue;
			if (is_p(c, k + 2, '/') && !(TOK(k)->mark & M_FRAC_A))
				continue;
			if (unit_of(c, k) == ua) {
				if (na < 4)
					areas[na++] = k;
			} else if (unit_cls(c, unit_of(c, k), &fo) & U_MASS) {
				if (no < 4)
					outs[no++] = k;
			}
		}
		if (na == 0 || no == 0)
			continue;
		/* Several areas or outputs (a crop and its main part): any
		 * pair that agrees is the claim; none agreeing is an error
		 * only when the pairing is certain. */
		vd = CHK_ERROR;
		for (k = 0; k < na * no && vd != CHK_OK; k++) {
			area = areas[k / no];
			out = outs[k % no];
			(void)unit_cls(c, unit_of(c, out), &fo);
			vd = chk_verify_product(TOK(area)->n.value,
			    slack_of(c, area), TOK(y)->n.value * fy / fo,
			    slack_of(c, y) * fy / fo, TOK(out)->n.value,
			    slack_of(c, out), &comp);
		}
		if (vd != CHK_OK && (na > 1 || no > 1)) {
			area = areas[0];
			out = outs[0];
			(void)unit_cls(c, unit_of(c, out), &fo);
			(void)chk_verify_product(TOK(area)->n.value,
			    slack_of(c, area), TOK(y)->n.value * fy / fo,
			    slack_of(c, y) * fy / fo, TOK(out)->n.value,
			    slack_of(c, out), &comp);
			vd = CHK_UNVERIFIABLE;
		}
		tx = sb(c, 0);
		st = sb(c, 1);
		cp = sb(c, 2);
		sg = sb(c, 3);
		ms = sb(c, 5);
		k = area < y ? area : y;
		k = out < k ? out : k;
		put_span(c, tx, k, out > y + 3 ? unit_end(c, out) : y + 3);
		put_tok(c, st, out);
		put_unit(c, st, out);
		put_num(cp, comp, TOK(out)->n.decimals > 2 ?
		    TOK(out)->n.decimals : 2);
		put_unit(c, cp, out);
		put_tok(c, ms, area);
		put_unit(c, ms, area);
		buf_puts(ms, " × ");
		put_span(c, ms, y, y + 3);
		buf_puts(ms, " = ");
		buf_puts(ms, buf_str(cp));
		if (vd == CHK_UNVERIFIABLE)
			buf_puts(ms, "; câu có nhiều diện tích hoặc sản lượng, "
			    "không rõ số nào đi với năng suất này");
		if (vd == CHK_ERROR) {
			buf_puts(ms, ", không phải ");
			buf_puts(ms, buf_str(st));
			buf_puts(sg, "kiểm tra lại diện tích, năng suất hoặc "
			    "sản lượng (tích là ");
			buf_puts(sg, buf_str(cp));
			buf_puts(sg, ")");
		}
		TOK(out)->mark |= M_USED;
		emit(c, CHK_K_PRODUCT, vd, out, tx, st, cp,
		    vd == CHK_ERROR ? sg : NULL, ms);
	}
}

/* ---- rule: the form of figures --------------------------------------- */

/* "1.2.345 người": an identifier of digits and separators followed by a
 * unit is a figure with its separators in the wrong place (a code, a
 * phone number or a section number has no unit after it). */
static int
malformed(const struct chk *c, size_t i)
{
	const char *s = tok_s(c, i);
	size_t k, len = TOK(i)->len;

	for (k = 0; k < len; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || s[k] == '.' ||
		    s[k] == ','))
			return 0;
	return i + 1 < c->ntok && TOK(i + 1)->type == CHK_T_WORD &&
	    !(TOK(i + 1)->kwcls & KWC_NOUNIT) && !TOK(i + 1)->upper;
}

static void
rule_form(struct chk *c)
{
	size_t n = c->ntok, i, j, x, cl, tyle_at = 0;
	const struct chk_tok *t;
	struct buf *tx, *st, *sg, *ms;
	int has_tyle, plan, splan = (c->sflags & F_PLAN) != 0;
	unsigned cls;

	for (x = 0; x < c->nident; x++) {
		i = c->idents[x];
		if (malformed(c, i)) {
			tx = sb(c, 0);
			st = sb(c, 1);
			sg = sb(c, 3);
			ms = sb(c, 5);
			put_span(c, tx, i, i + 1);
			put_tok(c, st, i);
			buf_putc(ms, '"');
			put_tok(c, ms, i);
			buf_puts(ms, "\": dấu chấm, dấu phẩy sai chỗ: nhóm hàng nghìn "
			    "phải đủ ba chữ số, chỉ có một dấu phẩy thập phân");
			buf_puts(sg, "viết lại số, ví dụ 12.345 hoặc 1.234,5");
			emit(c, CHK_K_FORM, CHK_WARNING, i, tx, st, NULL, sg, ms);
		}
	}
	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		t = TOK(i);
		if (t->mark & (M_HEAD | M_DATE | M_DOCNO))
			continue;
		if (t->n.flags & NUM_AMBIGUOUS) {
			tx = sb(c, 0);
			st = sb(c, 1);
			sg = sb(c, 3);
			ms = sb(c, 5);
			put_tok(c, tx, i);
			put_unit(c, tx, i);
			put_tok(c, st, i);
			cls = unit_cls(c, unit_of(c, i), NULL);
			buf_putc(ms, '"');
			put_tok(c, ms, i);
			buf_puts(ms, "\": ");
			buf_puts(sg, "viết ");
			if (t->n.flags & NUM_ENGLISH) {
				buf_puts(ms, memchr(tok_s(c, i), ',', t->len) ?
				    "phân cách hàng nghìn kiểu Anh" :
				    "dấu chấm thập phân kiểu Anh");
				put_vn(sg, t->n.value, t->n.decimals > 6 ? 6 :
				    t->n.decimals, 0);
				if (t->n.flags & NUM_PERCENT)
					buf_putc(sg, '%');
			} else {
				buf_puts(ms, "đọc được hai cách: ");
				put_vn(ms, t->n.value, t->n.decimals > 6 ? 6 :
				    t->n.decimals, 0);
				buf_puts(ms, " (số thập phân) hoặc ");
				put_vn(ms, t->n.alt, 0, 0);
				buf_puts(ms, " (dấu phẩy hàng nghìn kiểu Anh)");
				put_vn(sg, t->n.alt, 0, 0);
				if (t->n.flags & NUM_PERCENT)
					buf_putc(sg, '%');
				if (!(cls & U_COUNT)) {
					buf_puts(sg, " nếu là số nguyên, giữ ");
					put_vn(sg, t->n.value, t->n.decimals >
					    6 ? 6 : t->n.decimals, 0);
					if (t->n.flags & NUM_PERCENT)
						buf_putc(sg, '%');
					buf_puts(sg, " nếu là số thập phân");
				}
			}
			emit(c, CHK_K_FORM, CHK_WARNING, i, tx, st, NULL, sg, ms);
		}
		if ((t->mark & (M_USED | M_YEAR | M_RANGE | M_FRAC_A |
		    M_FRAC_B)) || !(c->sflags & (F_TYLE | F_CHIEM)))
			continue;
		/* The clause of i: back to , ; . ( for "tỷ lệ" and plan
		 * words. */
		has_tyle = 0;
		plan = splan;
		for (cl = i; cl > 0 && i - cl < 24; cl--) {
			if (is_p(c, cl - 1, ',') || is_p(c, cl - 1, '(') ||
			    hard_stop(c, cl - 1))
				break;
			if (ty_le(c, cl - 1)) {
				has_tyle = 1;
				tyle_at = cl - 1;
			}
			if (plan_word(c, cl - 1) || (kw(c, cl - 1) == KW_SO &&
			    kw(c, cl) == KW_VOI))
				plan = 1;
			if (kw(c, cl - 1) == KW_TANG || kw(c, cl - 1) == KW_GIAM)
				plan = 1;
		}
		for (j = i + 1; j < n && j < i + 4 && !hard_stop(c, j); j++)
			if (plan_word(c, j) || (kw(c, j) == KW_SO &&
			    kw(c, j + 1) == KW_VOI))
				plan = 1;
		/* A rate above 100%. */
		if ((t->n.flags & NUM_PERCENT) && has_tyle && !plan &&
		    t->n.value > 100 && i > 0 && (kw(c, i - 1) == KW_DAT ||
		    kw(c, i - 1) == KW_LA || is_p(c, i - 1, ':') ||
		    kw(c, i - 1) == KW_LE)) {
			tx = sb(c, 0);
			st = sb(c, 1);
			sg = sb(c, 3);
			ms = sb(c, 5);
			put_span(c, tx, cl < i ? cl : i, i);
			put_tok(c, st, i);
			buf_puts(ms, "tỷ lệ trên 100% là không thể, trừ khi là "
			    "tỷ lệ so với kế hoạch");
			buf_puts(sg, "kiểm tra lại, hoặc ghi rõ \"so với kế "
			    "hoạch\"");
			emit(c, CHK_K_MAGNITUDE, CHK_WARNING, i, tx, st, NULL, sg,
			    ms);
			continue;
		}
		if ((t->n.flags & NUM_PERCENT) && has_tyle && !plan && i > 0 &&
		    (kw(c, i - 1) == KW_DAT || kw(c, i - 1) == KW_LA ||
		    is_p(c, i - 1, ':')))
			record(c, "rate", i, tyle_at, i, i, t->n.value,
			    NAN, t->n.value);
		/* A rate written without its "%". */
		if (!(t->n.flags & NUM_PERCENT) && i > 0 && (t->n.value <= 100) &&
		    ((has_tyle && (kw(c, i - 1) == KW_DAT ||
		    kw(c, i - 1) == KW_LA || is_p(c, i - 1, ':') ||
		    kw(c, i - 1) == KW_LE)) || kw(c, i - 1) == KW_CHIEM) &&
		    (i + 1 == n || (TOK(i + 1)->type == CHK_T_PUNCT &&
		    TOK(i + 1)->punct != '/' && TOK(i + 1)->punct != '-'))) {
			tx = sb(c, 0);
			st = sb(c, 1);
			sg = sb(c, 3);
			ms = sb(c, 5);
			put_span(c, tx, cl < i ? cl : i, i);
			put_tok(c, st, i);
			buf_puts(ms, "tỷ lệ không có dấu %: ");
			put_tok(c, ms, i);
			buf_puts(sg, "viết ");
			put_tok(c, sg, i);
			buf_putc(sg, '%');
			emit(c, CHK_K_FORM, CHK_WARNING, i, tx, st, NULL, sg, ms);
		}
	}
}

/* ---- rule: the same quantity stated twice ------------------------------ */

static void
rule_duplicates(struct chk *c)
{
	size_t n = c->ntok, i, a, j, content, idx, x;
	uint64_t key, u;
	struct gslot *slot;
	struct qty *q;
	struct buf *tx, *st, *cp, *ms, *sg;
	double v[2];
	int nr, plan_ctx = (c->sflags & F_PLAN) != 0;

	for (x = 0; x < c->nnum; x++) {
		i = c->nums[x];
		if (!fig(c, i) || (TOK(i)->mark & (M_FRAC_A | M_FRAC_B |
		    M_PER | M_PART)))
			continue;
		u = unit_of(c, i);
		if (u == 0 || (u == 1 && plan_ctx))
			continue;
		if (i > 0 && (kw(c, i - 1) == KW_TANG || kw(c, i - 1) ==
		    KW_GIAM || kw(c, i - 1) == KW_BANG))
			continue;
		a = phrase_start(c, i, 1);
		if (a == i)
			continue;
		key = CHK_HASH_SEED;
		content = 0;
		for (j = a; j < i; j++) {
			if (TOK(j)->type != CHK_T_WORD)
				continue;
			if (!(TOK(j)->kwcls & KWC_STOP))
				content++;
			key = mix64(key, TOK(j)->h);
		}
		if (content < 4)
			continue;
		key = mix64(key, u);
		/* The word after the unit tells "1 hộ nghèo" from "2 hộ cận
		 * nghèo". */
		j = unit_tok(c, i);
		if (j != 0 && j + 1 < n && TOK(j + 1)->type == CHK_T_WORD &&
		    !(TOK(j + 1)->kwcls & (KWC_STOP | KWC_NOUNIT)))
			key = mix64(key, TOK(j + 1)->h);
		key += key == UINT64_MAX;
		slot = gtab_find(&c->qtys, key + 1);
		nr = readings(c, i, v);
		if (slot == NULL || slot->gen != c->qtys.gen) {
			idx = c->qtys.n;
			if (gtab_add(&c->qtys, key + 1, (uint32_t)idx) == NULL)
				continue;
			if (idx == c->capq) {
				c->capq = c->capq ? 2 * c->capq : GTAB_MIN / 2;
				c->qents = xrealloc(c->qents, c->capq *
				    sizeof *c->qents);
			}
			q = &c->qents[idx];
			q->v = v[0];
			q->alt = nr > 1 ? v[1] : v[0];
			q->line = (uint32_t)c->line;
			tx = sb(c, 0);
			put_tok(c, tx, i);
			put_unit(c, tx, i);
			copy_cut(q->shown, sizeof q->shown, tx);
			continue;
		}
		q = &c->qents[slot->val];
		/* Within one paragraph a repeated phrase is usually two
		 * things ("tổng trị giá …" of two gifts). */
		if (q->line == c->line)
			continue;
		if (fabs(q->v - v[0]) <= chk_hair(v[0]) || fabs(q->alt - v[0]) <=
		    chk_hair(v[0]) || (nr > 1 && (fabs(q->v - v[1]) <=
		    chk_hair(v[1]) || fabs(q->alt - v[1]) <= chk_hair(v[1]))))
			continue;
		tx = sb(c, 0);
		st = sb(c, 1);
		cp = sb(c, 2);
		ms = sb(c, 5);
		sg = sb(c, 3);
		put_span(c, tx, a, unit_end(c, i));
		put_tok(c, st, i);
		put_unit(c, st, i);
		buf_puts(cp, q->shown);
		buf_puts(ms, "cùng nội dung \"");
		put_phrase(c, ms, a, i);
		buf_printf(ms, "\" ở dòng %u ghi %s, ở đây ghi %s",
		    (unsigned)q->line, q->shown, buf_str(st));
		buf_puts(sg, "thống nhất một số liệu");
		emit(c, CHK_K_DUPLICATE, CHK_WARNING, i, tx, st, cp, sg, ms);
	}
}

/* ---- sentences and lines -------------------------------------------- */

/* List token t (the last of the sentence) where the rules look for it:
 * a number, an identifier, a keyword with kwflags, "(" or "/". */
static void
take(struct chk *c, const struct chk_tok *t)
{
	uint32_t i = (uint32_t)c->ntok;

	switch (t->type) {
	case CHK_T_NUM:
		c->nums[c->nnum++] = i;
		break;
	case CHK_T_IDENT:
		c->idents[c->nident++] = i;
		break;
	case CHK_T_PUNCT:
		if (t->punct == '(' || t->punct == '/')
			c->trig[c->ntrig++] = i;
		break;
	default:
		if (kwflags[t->kw] != 0)
			c->trig[c->ntrig++] = i;
		break;
	}
}

static void
sentence(struct chk *c, int line_start)
{
	unsigned f;

	if (c->ntok == 0)
		return;
	mark_sentence(c, line_start);
	unit_cache(c);
	c->view.ntok = c->ntok;
	c->view.nnum = c->nnum;
	f = c->sflags = sentence_flags(c);
	/* Each rule only where its words are. */
	if ((f & (F_FRAC | F_PCT)) == (F_FRAC | F_PCT))
		chkr_bins(c);
	if (f & F_TARGET)
		rule_tally(c);
	if (f & F_FRAC)
		rule_ratio(c);
	if ((f & (F_PCT | F_PLAN)) == (F_PCT | F_PLAN))
		rule_plan(c);
	if (f & F_PARTS)
		rule_parts(c);
	if ((f & (F_PCT | F_CHIEM)) == (F_PCT | F_CHIEM))
		chkr_whole_shares(c);
	if ((f & F_PCT) && (f & (F_CHIEM | F_TYLE)))
		rule_shares(c);
	if (f & F_CHANGE)
		rule_changes(c);
	if (f & F_PER)
		rule_products(c);
	if (f & F_CHANGE)
		chkr_change_pairs(c);
	if (f & F_PLAN)
		chkr_kinds(c);
	chkr_para(c);
	chkr_named(c);
	rule_form(c);
	rule_duplicates(c);
	flush(c);
	c->ntok = 0;
	c->nnum = c->nident = c->ntrig = 0;
}

/* Whether s[0..len) contains w. */
static int
contains(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; n > 0 && i + n <= len; i++)
		if (s[i] == w[0] && memcmp(s + i, w, n) == 0)
			return 1;
	return 0;
}

/* A plan heading ("VII. KẾ HOẠCH … NĂM 2024"): short, no lower case. */
static int
plan_heading(const char *s, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t i;

	if (len > 200)
		return 0;
	for (i = 0; i < len; i += (size_t)k) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			return 0;
		if (utf8proc_toupper(cp) != cp)
			return 0;
	}
	for (i = 0; i < sizeof plan_heads / sizeof plan_heads[0]; i++)
		if (contains(s, len, plan_heads[i]))
			return 1;
	return 0;
}

static void
repeat_check(struct chk *c)
{
	struct buf *tx, *ms, *sg;
	uint64_t key = c->phash + 1;
	struct gslot *slot;

	if (c->plen < REPEAT_MIN)
		return;
	if (key == 0)
		key = 1;
	slot = gtab_find(&c->paras, key);
	if (slot == NULL || slot->gen != c->paras.gen) {
		gtab_add(&c->paras, key, (uint32_t)c->line);
		return;
	}
	tx = sb(c, 0);
	ms = sb(c, 5);
	sg = sb(c, 3);
	buf_printf(ms, "đoạn văn lặp lại nguyên văn đoạn ở dòng %u",
	    (unsigned)slot->val);
	buf_printf(sg, "xóa đoạn lặp hoặc đoạn ở dòng %u",
	    (unsigned)slot->val);
	buf_puts(tx, "(cả đoạn)");
	emit(c, CHK_K_REPEAT, CHK_WARNING, c->ntok, tx, NULL, NULL, sg, ms);
	flush(c);
}

/* Bytes the sentence splitter stops at: digits and sentence ends. */
static const unsigned char scanbyte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['.'] = 1, ['!'] = 1,
	['?'] = 1,
};

/* The first byte from i that may be a digit or end a sentence: a byte of
 * 0x2E..0x39 (". / 0-9"), "!" or "?"; once the sentence has a digit
 * (digits false), only ".", "!" or "?". Bytes above 0x7F never are.
 * Sixteen bytes a step with SSE2, eight without; the caller looks at each
 * byte from the one returned. */
static size_t
skip_plain(const char *s, size_t i, size_t len, int digits)
{
#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8(0x2D), hi = _mm_set1_epi8(0x3A),
	    dot = _mm_set1_epi8('.'), ex = _mm_set1_epi8('!'),
	    qu = _mm_set1_epi8('?');
	__m128i v, m;
	int bits;

	while (i + 16 <= len) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed compares: bytes above 0x7F are negative */
		m = digits ? _mm_and_si128(_mm_cmpgt_epi8(v, lo),
		    _mm_cmplt_epi8(v, hi)) : _mm_cmpeq_epi8(v, dot);
		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, ex),
		    _mm_cmpeq_epi8(v, qu)));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
		i += 16;
	}
#else
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t w, x, lo7, in, ex, qu;

	(void)digits;		/* eight bytes a step: stop at both kinds */
	while (i + 8 <= len) {
		memcpy(&w, s + i, 8);
		lo7 = w & (ones * 0x7F);
		/* 0x2D < byte < 0x3A, for bytes below 0x80 */
		in = ((ones * (127 + 0x3A) - lo7) & ~w & (lo7 + ones *
		    (127 - 0x2D))) & high;
		x = w ^ (ones * 0x21);
		ex = (x - ones) & ~x & high;
		x = w ^ (ones * 0x3F);
		qu = (x - ones) & ~x & high;
		if (in | ex | qu)
			break;
		i += 8;
	}
#endif
	return i;
}

/* One step of the paragraph hash: eight bytes at s. */
static uint64_t
para_mix(uint64_t h, const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

/* The paragraph hash: 32 bytes a step in four lanes, then eight bytes a
 * step, then FNV-1a over the tail. One lane's step waits for the one
 * before it (a multiply, a shift); four lanes run side by side. */
static uint64_t
para_hash(const char *s, size_t n, uint64_t h)
{
	uint64_t l[4];
	size_t i = 0;

	if (n >= 32) {
		l[0] = h;
		l[1] = h ^ 0x5851F42D4C957F2DULL;
		l[2] = h ^ 0x14057B7EF767814FULL;
		l[3] = h ^ 0x2545F4914F6CDD1DULL;
		for (; i + 32 <= n; i += 32) {
			l[0] = para_mix(l[0], s + i);
			l[1] = para_mix(l[1], s + i + 8);
			l[2] = para_mix(l[2], s + i + 16);
			l[3] = para_mix(l[3], s + i + 24);
		}
		h = para_mix(para_mix(para_mix(l[0], (const char *)&l[1]),
		    (const char *)&l[2]), (const char *)&l[3]);
	}
	for (; i + 8 <= n; i += 8)
		h = para_mix(h, s + i);
	return chk_hash(s + i, n - i, h);
}

/* Figures after a plan heading are plans: compare them among themselves.
 * A new generation empties the table without touching it. */
static void
forget_quantities(struct chk *c)
{
	gtab_clear(&c->qtys);
}

/* A Markdown title ("# Báo cáo …") starts another document: what was
 * said before it is not repeated or contradicted by what follows. */
static void
new_document(struct chk *c)
{
	gtab_clear(&c->paras);
	forget_quantities(c);
	c->tally_total = NAN;
	chkr_document(c);
}

void
chk_reset(struct chk *c)
{
	chk_tables_end(c->tables);
	flush(c);
	new_document(c);
	memset(&c->st, 0, sizeof c->st);
	c->phash = CHK_HASH_SEED;
	c->plen = 0;
	c->nshares = 0;
}

void
chk_feed(struct chk *c, const char *raw, size_t rawlen, size_t line,
    size_t col0, bool last)
{
	struct chk_lexer lx;
	struct chk_tok *t;
	const char *s;
	size_t len, a, e, k;
	int line_start = col0 <= 1, has_digit;

	s = chk_clean(raw, rawlen, &c->clean, &len);
	c->s = s;
	c->len = len;
	c->line = line;
	c->ntok = 0;
	c->nnum = c->nident = c->ntrig = 0;
	chk_tables_line(c->tables, s, len, line, col0 <= 1 && last);
	if (col0 <= 1) {
		c->phash = CHK_HASH_SEED;
		c->plen = 0;
		c->nshares = 0;
		chkr_paragraph(c);
		if (len >= 2 && s[0] == '#' && s[1] == ' ')
			new_document(c);
		else if (plan_heading(s, len))
			forget_quantities(c);
	}
	/* The paragraph's hash, without the blanks at its ends. */
	a = 0;
	e = len;
	if (col0 <= 1)
		while (a < e && (s[a] == ' ' || s[a] == '\t'))
			a++;
	if (last)
		while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
	c->phash = para_hash(s + a, e - a, c->phash);
	c->plen += e - a;
	/* Sentence by sentence; one without a digit holds no claim and is
	 * not even tokenized. */
	chk_lex_init(&lx, &c->kwt, s, len, col0);
	c->lx = &lx;
	for (a = 0; a < len; a = e) {
		has_digit = 0;
		for (e = a; e < len; e++) {
			unsigned char b;

			e = skip_plain(s, e, len, !has_digit);
			if (e >= len)
				break;
			b = (unsigned char)s[e];
			if (!scanbyte[b])
				continue;
			if (b >= '0' && b <= '9')
				has_digit = 1;
			else if (b == '!' || b == '?') {
				e++;
				break;
			} else if (b == '.') {
				if (e + 1 < len && s[e + 1] == '.') {
					while (e + 1 < len && s[e + 1] == '.')
						e++;
					continue;
				}
				if (e > 0 && e + 1 < len && s[e - 1] >= '0' &&
				    s[e - 1] <= '9' && s[e + 1] >= '0' &&
				    s[e + 1] <= '9')
					continue;
				e++;
				break;
			}
		}
		if (e <= lx.pos)
			continue;
		if (!has_digit) {
			chk_lex_skip(&lx, e);
			line_start = 0;
			continue;
		}
		while (lx.pos < e) {
			if (c->ntok == SENT_TOKS) {
				sentence(c, line_start);
				line_start = 0;
			}
			k = chk_lex_sentence(&lx, e, &c->toks[c->ntok],
			    SENT_TOKS - c->ntok);
			for (t = &c->toks[c->ntok]; k > 0; k--, t++, c->ntok++)
				take(c, t);
			if (c->ntok > 0 && c->toks[c->ntok - 1].punct == '.') {
				sentence(c, line_start);
				line_start = 0;
			}
		}
		if (lx.pos > e)
			e = lx.pos;
	}
	sentence(c, line_start);
	c->lx = NULL;
	if (last)
		repeat_check(c);
	c->s = NULL;
	c->len = 0;
}

void
chk_finish(struct chk *c)
{
	chk_tables_end(c->tables);
	flush(c);
}

/* ---- the interface of the rule files (rules.h) ---------------------- */

size_t chkc_ntok(const struct chk *c) { return c->ntok; }
size_t chkc_nnum(const struct chk *c) { return c->nnum; }
size_t chkc_num(const struct chk *c, size_t k) { return c->nums[k]; }

unsigned
chkc_sflags(const struct chk *c)
{
	unsigned f = c->sflags & F_EXCL;

	if ((c->sflags & (F_PCT | F_TYLE)) == (F_PCT | F_TYLE))
		f |= CHKC_F_RATE;
	if (c->sflags & F_PARTS)
		f |= CHKC_F_PARTS;
	return f;
}
struct chk_tok *chkc_tok(struct chk *c, size_t i) { return &c->toks[i]; }
const struct chkc_view *chkc_view(const struct chk *c) { return &c->view; }
int chkc_is_num(const struct chk *c, size_t i) { return is_num(c, i); }
int chkc_is_p(const struct chk *c, size_t i, char p) { return is_p(c, i, p); }
unsigned chkc_kw(const struct chk *c, size_t i) { return kw(c, i); }
int chkc_pct(const struct chk *c, size_t i) { return pct(c, i); }
int chkc_fig(const struct chk *c, size_t i) { return fig(c, i); }
unsigned chkc_role(const struct chk *c, size_t i) { return role(c, i); }
uint64_t chkc_unit(const struct chk *c, size_t i) { return unit_of(c, i); }
size_t chkc_unit_end(struct chk *c, size_t i) { return unit_end(c, i); }
double chkc_slack(const struct chk *c, size_t i) { return slack_of(c, i); }
size_t chkc_plan_word(const struct chk *c, size_t i) { return plan_word(c, i); }
int chkc_hard_stop(const struct chk *c, size_t i) { return hard_stop(c, i); }
bool chkc_truncate(const struct chk *c) { return c->opts.truncate; }
const char *chkc_text(const struct chk *c, size_t i) { return tok_s(c, i); }
size_t chkc_line(const struct chk *c) { return c->line; }
struct buf *chkc_sb(struct chk *c, int i) { return sb(c, i); }
struct chkr *chkc_rules(struct chk *c) { return c->rules; }

unsigned
chkc_unit_cls(const struct chk *c, uint64_t unit, double *factor)
{
	return unit_cls(c, unit, factor);
}

int
chkc_quiet(struct chk *c, enum chk_kind k, enum chk_verdict v)
{
	return quiet(c, k, v);
}

void
chkc_emit(struct chk *c, enum chk_kind k, enum chk_verdict v, size_t at,
    const struct buf *text, const struct buf *stated,
    const struct buf *computed, const struct buf *sugg, const struct buf *msg)
{
	emit(c, k, v, at, text, stated, computed, sugg, msg);
}

void chkc_put_tok(struct chk *c, struct buf *b, size_t i) { put_tok(c, b, i); }
void chkc_put_num(struct buf *b, double v, int d) { put_num(b, v, d); }
void chkc_put_pct(struct buf *b, double v, int d) { put_pct(b, v, d); }
void chkc_put_unit(struct chk *c, struct buf *b, size_t i) { put_unit(c, b, i); }

void
chkc_put_span(struct chk *c, struct buf *b, size_t i, size_t j)
{
	put_span(c, b, i, j);
}

void
chkc_put_scaled(struct chk *c, struct buf *b, double v, int d, size_t i)
{
	put_scaled(c, b, v, d, i);
}

void
chkc_copy(const struct chk *c, size_t i, size_t e, char *dst, size_t cap)
{
	size_t a = c->toks[i].off, n = c->toks[e].off + c->toks[e].len - a;

	if (n >= cap)
		n = cap - 1;
	while (n > 0 && ((unsigned char)c->s[a + n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, c->s + a, n);
	dst[n] = '\0';
	if (dirty(c))
		chk_sanitize(dst, n);
}

void chkc_use(struct chk *c, size_t i) { c->toks[i].mark |= M_USED; }
int chkc_used(const struct chk *c, size_t i) { return (c->toks[i].mark & M_USED) != 0; }
