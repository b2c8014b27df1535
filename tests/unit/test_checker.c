/* test_checker.c: unit tests of the report checker: the arithmetic of
 * verify.c on both sides of every tolerance boundary (rounded and cut
 * percentages, sums of parts, shares, changes, products), then the claim
 * finder end to end through chk_buffer on sentences of our own: each claim
 * kind right and wrong, the number-form traps, NFD input, invalid UTF-8,
 * columns in characters and a 1 MB line. Expected values are worked out in
 * the comments, not copied from output. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "check/lex.h"
#include "check/verify.h"
#include "core/num.h"
#include "core/text.h"

/* ---- verify.c ------------------------------------------------------ */

static void
half_unit_and_slack(void **state)
{
	int d;

	(void)state;
	assert_true(chk_half_unit(0) == 0.5);
	assert_true(fabs(chk_half_unit(2) - 0.005) < 1e-15);
	assert_true(chk_half_unit(-3) == 0.5);
	assert_true(chk_half_unit(20) == chk_half_unit(12));
	/* The table holds exactly what pow gives: verdicts at a boundary
	 * stay as they were. */
	for (d = 0; d <= 12; d++)
		assert_true(chk_half_unit(d) == 0.5 * pow(10.0, -d));
	/* Counts are exact; decimals and scale words are rounded. */
	assert_true(chk_slack(0, 1) == 0);
	assert_true(fabs(chk_slack(1, 1) - 0.05) < 1e-15);
	assert_true(fabs(chk_slack(1, 1e9) - 0.05e9) < 1e-3);
	assert_true(fabs(chk_slack(0, 1e6) - 0.5e6) < 1e-6);
}

static void
agrees_rounded_boundaries(void **state)
{
	(void)state;
	/* 130,5 written with one decimal: right from 130,45 to 130,55. */
	assert_true(chk_agrees(130.5, 130.5, 1, false));
	assert_true(chk_agrees(130.549, 130.5, 1, false));
	assert_true(chk_agrees(130.451, 130.5, 1, false));
	assert_false(chk_agrees(130.5501, 130.5, 1, false));
	assert_false(chk_agrees(130.4499, 130.5, 1, false));
	/* 101,54 with two: 101,535 .. 101,545 (plus the hair). */
	assert_true(chk_agrees(101.5432, 101.54, 2, false));
	assert_true(chk_agrees(101.536, 101.54, 2, false));
	assert_false(chk_agrees(101.5451, 101.54, 2, false));
	assert_false(chk_agrees(101.5349, 101.54, 2, false));
	/* 131% with none: 130,5 .. 131,5. 56,35/43 = 131,05. */
	assert_true(chk_agrees(56.35 / 43 * 100, 131, 0, false));
	assert_false(chk_agrees(131.51, 131, 0, false));
	/* Not finite: never right. */
	assert_false(chk_agrees(NAN, 1, 0, false));
	assert_false(chk_agrees(1, INFINITY, 0, false));
}

static void
agrees_truncated(void **state)
{
	(void)state;
	/* 1.049/890 = 117,8651…: cut to 117,86 only with truncate. */
	assert_false(chk_agrees(1049.0 / 890 * 100, 117.86, 2, false));
	assert_true(chk_agrees(1049.0 / 890 * 100, 117.86, 2, true));
	/* and rounded is still fine with truncate */
	assert_true(chk_agrees(1049.0 / 890 * 100, 117.87, 2, true));
	/* a cut figure is never above the true one */
	assert_false(chk_agrees(117.859, 117.86, 2, true) &&
	    !chk_agrees(117.859, 117.86, 2, false));
	/* one whole unit of the last place away: wrong either way */
	assert_false(chk_agrees(117.8701, 117.86, 2, true));
	/* the sign must match */
	assert_true(chk_agrees(-5.27, -5.2, 1, true));
	assert_false(chk_agrees(-5.27, 5.2, 1, true));
}

static void
ratio_of_reference_document(void **state)
{
	/* The two slips of the reference document and some right ones. */
	static const struct {
		double a, b, stated;
		int d;
		enum chk_verdict want;
	} t[] = {
		{ 11800, 4500, 226.22, 2, CHK_ERROR },
		{ 11800, 4500, 262.22, 2, CHK_OK },
		{ 1049, 890, 117.64, 2, CHK_ERROR },
		{ 1049, 890, 117.87, 2, CHK_OK },
		{ 658, 648, 101.54, 2, CHK_OK },
		{ 1265, 1159, 109.15, 2, CHK_OK },
		{ 261, 200, 130.5, 1, CHK_OK },
		{ 88, 85, 103.53, 2, CHK_OK },
		{ 118, 119, 99.16, 2, CHK_OK },
		{ 4385, 5191, 84.47, 2, CHK_OK },
		{ 3732, 2899, 128.7, 1, CHK_OK },
		{ 161, 277, 58.1, 1, CHK_OK },
		{ 177000000, 340000000, 52.06, 2, CHK_OK },
		{ 3, 3, 100, 0, CHK_OK },
		{ 5, 0, 100, 0, CHK_UNVERIFIABLE },
	};
	size_t i;
	double p;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (chk_verify_ratio(t[i].a, t[i].b, t[i].stated, t[i].d, false,
		    &p) != t[i].want) {
			print_error("ratio %g/%g stated %g\n", t[i].a, t[i].b,
			    t[i].stated);
			fail();
		}
		if (t[i].b != 0)
			assert_true(fabs(p - t[i].a / t[i].b * 100) < 1e-9);
	}
}

static void
sums(void **state)
{
	(void)state;
	assert_int_equal(chk_verify_sum(40, 40, 0, false), CHK_OK);
	assert_int_equal(chk_verify_sum(41, 40, 0, false), CHK_ERROR);
	/* short: a note unless the list is closed */
	assert_int_equal(chk_verify_sum(39, 40, 0, false), CHK_UNVERIFIABLE);
	assert_int_equal(chk_verify_sum(39, 40, 0, true), CHK_ERROR);
	/* decimals: 12,3 + 7,8 = 20,1 against 20,1; each half a tenth */
	assert_int_equal(chk_verify_sum(12.3 + 7.8, 20.1, 0.15, true), CHK_OK);
	assert_int_equal(chk_verify_sum(20.1 + 0.15, 20.1, 0.15, true), CHK_OK);
	assert_int_equal(chk_verify_sum(20.1 + 0.1501, 20.1, 0.15, true),
	    CHK_ERROR);
	assert_int_equal(chk_verify_sum(NAN, 1, 0, true), CHK_UNVERIFIABLE);
}

static void
shares(void **state)
{
	double lo1, hi1, lo2, hi2;

	(void)state;
	/* 07 hộ = 0,42%: 7/0,00425 .. 7/0,00415 */
	assert_true(chk_share_base(7, 0.42, 2, &lo1, &hi1));
	assert_true(fabs(lo1 - 7 / 0.00425) < 1e-3);
	assert_true(fabs(hi1 - 7 / 0.00415) < 1e-3);
	/* 21 hộ = 1,27%: 21/0,01275 .. 21/0,01265 — overlaps */
	assert_true(chk_share_base(21, 1.27, 2, &lo2, &hi2));
	assert_true(lo2 <= hi1 && hi2 >= lo1);
	/* 30 hộ = 4,5% against 12 hộ = 2,4%: 659..674 and 490..511 */
	assert_true(chk_share_base(30, 4.5, 1, &lo1, &hi1));
	assert_true(chk_share_base(12, 2.4, 1, &lo2, &hi2));
	assert_false(lo2 <= hi1 && hi2 >= lo1);
	/* 0,4% with no decimals could be 0: no upper bound */
	assert_true(chk_share_base(3, 0.4, 0, &lo1, &hi1));
	assert_true(isinf(hi1));
	assert_false(chk_share_base(3, 0, 2, &lo1, &hi1));
	assert_false(chk_share_base(3, 120, 0, &lo1, &hi1));
	assert_false(chk_share_base(-1, 10, 0, &lo1, &hi1));
}

static void
changes(void **state)
{
	double c;

	(void)state;
	/* 56 -> 62 triệu: +10,714…% */
	assert_int_equal(chk_verify_change(56, 62, 10.71, 2, true, false, false,
	    &c), CHK_OK);
	assert_true(fabs(c - 600.0 / 56) < 1e-9);
	assert_int_equal(chk_verify_change(56, 62, 10.71, 2, false, false,
	    false, &c), CHK_ERROR);
	assert_int_equal(chk_verify_change(56, 62, 10.72, 2, true, false,
	    false, &c), CHK_ERROR);
	/* 0,48% -> 0,42%: -0,06 points; the same as relative is -12,5% */
	assert_int_equal(chk_verify_change(0.48, 0.42, 0.06, 2, false, true,
	    false, &c), CHK_OK);
	assert_int_equal(chk_verify_change(0.48, 0.42, 0.06, 2, false, false,
	    false, &c), CHK_ERROR);
	assert_true(fabs(c + 12.5) < 1e-9);
	/* relative to 0: not verifiable; points from 0 are fine */
	assert_int_equal(chk_verify_change(0, 5, 1, 0, true, false, false, &c),
	    CHK_UNVERIFIABLE);
	assert_int_equal(chk_verify_change(0, 5, 5, 0, true, true, false, &c),
	    CHK_OK);
	/* truncated: 7/9 -> -22,22…% cut to 22,2 */
	assert_int_equal(chk_verify_change(9, 7, 22.2, 1, false, false, true,
	    &c), CHK_OK);
	assert_int_equal(chk_verify_change(9, 7, 22.2, 1, false, false, false,
	    &c), CHK_OK);
	assert_int_equal(chk_verify_change(9, 7, 22.3, 1, false, false, false,
	    &c), CHK_ERROR);
}

static void
products(void **state)
{
	double c;

	(void)state;
	/* 1.250 ha × 6,8 tấn/ha = 8.500 tấn; 6,8 is ±0,05: ±62,5 tấn */
	assert_int_equal(chk_verify_product(1250, 0, 6.8, 0.05, 8500, 0, &c),
	    CHK_OK);
	assert_true(fabs(c - 8500) < 1e-6);
	assert_int_equal(chk_verify_product(1250, 0, 6.8, 0.05, 8562.5, 0, &c),
	    CHK_OK);
	assert_int_equal(chk_verify_product(1250, 0, 6.8, 0.05, 8562.6, 0, &c),
	    CHK_ERROR);
	assert_int_equal(chk_verify_product(1250, 0, 6.8, 0.05, 8437.4, 0, &c),
	    CHK_ERROR);
	/* 120 × 7,5 = 900, not 980 */
	assert_int_equal(chk_verify_product(120, 0, 7.5, 0.05, 980, 0, &c),
	    CHK_ERROR);
	assert_int_equal(chk_verify_product(NAN, 0, 7.5, 0.05, 980, 0, &c),
	    CHK_UNVERIFIABLE);
}

/* ---- the claim finder, end to end ---------------------------------- */

#define MAXF 64

/* Findings collected by the sink, copied. */
struct got {
	size_t	 n;
	size_t	 line[MAXF], col[MAXF];
	int	 kind[MAXF], verdict[MAXF];
	char	*stated[MAXF], *suggestion[MAXF], *text[MAXF], *message[MAXF];
};

/* Valid UTF-8 (the finder must repair what it quotes). */
static int
text_ok(const char *s)
{
	return s != NULL && text_utf8_check(s, strlen(s), NULL) == 0;
}

static void
collect(void *arg, const struct chk_finding *f)
{
	struct got *g = arg;

	/* Every string handed out is valid UTF-8 with no NUL inside. */
	assert_int_equal(text_ok(f->text), 1);
	assert_int_equal(text_ok(f->message), 1);
	if (f->suggestion != NULL)
		assert_int_equal(text_ok(f->suggestion), 1);
	if (g->n == MAXF)
		return;
	g->line[g->n] = f->line;
	g->col[g->n] = f->col;
	g->kind[g->n] = (int)f->kind;
	g->verdict[g->n] = (int)f->verdict;
	g->stated[g->n] = f->stated ? strdup(f->stated) : NULL;
	g->suggestion[g->n] = f->suggestion ? strdup(f->suggestion) : NULL;
	g->text[g->n] = strdup(f->text);
	g->message[g->n] = strdup(f->message);
	g->n++;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->stated[i]);
		free(g->suggestion[i]);
		free(g->text[i]);
		free(g->message[i]);
	}
	g->n = 0;
}

/* Check s (an exact heap copy, so that ASan sees any overread). */
static void
run(const char *s, size_t len, bool truncate, struct got *g,
    struct chk_stats *st)
{
	struct chk_opts o = { truncate, false };
	struct chk_sink sink = { collect, NULL, g };
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	memset(g, 0, sizeof *g);
	memset(st, 0, sizeof *st);
	chk_buffer(p, len, &o, &sink, st);
	free(p);
}
#define RUN(s, g, st) run((s), strlen(s), false, (g), (st))

/* The index of the first finding of kind k and verdict v, or -1. */
static int
find(const struct got *g, enum chk_kind k, enum chk_verdict v)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->kind[i] == (int)k && g->verdict[i] == (int)v)
			return (int)i;
	return -1;
}

static int
count(const struct got *g, enum chk_verdict v)
{
	size_t i;
	int n = 0;

	for (i = 0; i < g->n; i++)
		n += g->verdict[i] == (int)v;
	return n;
}

static void
finds_wrong_ratio(void **state)
{
	struct got g;
	struct chk_stats st;
	int i;

	(void)state;
	RUN("- Số cây trồng phân tán là 11.800 cây/4.500 cây đạt 226,22% tỷ lệ "
	    "cây sống đạt 95%.\n", &g, &st);
	i = find(&g, CHK_K_RATIO, CHK_ERROR);
	assert_true(i >= 0);
	assert_string_equal(g.stated[i], "226,22%");
	assert_string_equal(g.suggestion[i], "viết 262,22%");
	assert_non_null(strstr(g.message[i], "262,22%"));
	assert_int_equal(g.line[i], 1);
	/* the column of "226,22%": 52 characters before it */
	assert_int_equal(g.col[i], 53);
	assert_int_equal(st.errors, 1);
	assert_int_equal(count(&g, CHK_WARNING), 0);
	got_free(&g);

	RUN("Liên kết sản xuất 658 ha /648 ha đạt 101,54%.", &g, &st);
	assert_true(find(&g, CHK_K_RATIO, CHK_OK) >= 0);
	assert_int_equal(st.errors, 0);
	got_free(&g);
}

static void
truncate_setting(void **state)
{
	struct got g;
	struct chk_stats st;
	const char *s = "Thực hiện 1.049/890 trường hợp đạt 117,86%.";

	(void)state;
	run(s, strlen(s), false, &g, &st);
	assert_int_equal(st.errors, 1);
	got_free(&g);
	run(s, strlen(s), true, &g, &st);
	assert_int_equal(st.errors, 0);
	assert_true(find(&g, CHK_K_RATIO, CHK_OK) >= 0);
	got_free(&g);
}

static void
finds_tallies(void **state)
{
	struct got g;
	struct chk_stats st;

	(void)state;
	/* 6 + 14 + 1 + 1 = 22: "100%", "100 %", "90%" are not counts */
	RUN("Kết quả thực hiện 22 chỉ tiêu có 06 chỉ tiêu vượt 100%, có 14 chỉ "
	    "tiêu đạt 100 %, 01 chỉ tiêu đạt trên 90% trở lên, 01 chỉ tiêu không "
	    "đạt.", &g, &st);
	assert_true(find(&g, CHK_K_TALLY, CHK_OK) >= 0);
	assert_int_equal(st.errors, 0);
	got_free(&g);
	/* 6 + 14 + 3 = 23, not 22 */
	RUN("Trong 22 chỉ tiêu có 06 chỉ tiêu vượt, 14 chỉ tiêu đạt, 03 chỉ "
	    "tiêu không đạt.", &g, &st);
	assert_true(find(&g, CHK_K_TALLY, CHK_ERROR) >= 0);
	got_free(&g);
}

static void
finds_parts(void **state)
{
	struct got g;
	struct chk_stats st;
	int i;

	(void)state;
	/* by unit: the "cửa" figure is not a part in "hộ" */
	RUN("Kết quả 40 hộ ký cam kết (12 hộ 12 cửa ngục, 15 hộ đặt dớn, 13 hộ "
	    "sử dụng xung điện).", &g, &st);
	assert_true(find(&g, CHK_K_PARTS, CHK_OK) >= 0);
	assert_int_equal(st.errors, 0);
	got_free(&g);
	RUN("Vận động 262 hộ (đăng ký 114 hộ, còn lại 149 hộ).", &g, &st);
	i = find(&g, CHK_K_PARTS, CHK_ERROR);
	assert_true(i >= 0);
	assert_string_equal(g.stated[i], "262 hộ");
	got_free(&g);
	/* "trong đó" short of the total: a note, not an error */
	RUN("Khám 7.090 lượt, trong đó bảo hiểm y tế 1.238 lượt, y học cổ "
	    "truyền 2.441 lượt.", &g, &st);
	assert_true(find(&g, CHK_K_PARTS, CHK_UNVERIFIABLE) >= 0);
	assert_int_equal(st.errors, 0);
	got_free(&g);
	/* "gồm" is closed: short is an error */
	RUN("Có 96 hộ nghèo, gồm: ấp A 30 hộ, ấp B 41 hộ, ấp C 20 hộ.", &g, &st);
	assert_true(find(&g, CHK_K_PARTS, CHK_ERROR) >= 0);
	got_free(&g);
}

static void
finds_shares_and_changes(void **state)
{
	struct got g;
	struct chk_stats st;
	int i;

	(void)state;
	RUN("Hộ nghèo là 07 hộ chiếm 0,42% giảm 0.06% so với năm 2022. Hộ cận "
	    "nghèo là 21 hộ, chiếm 1,27%.", &g, &st);
	assert_true(find(&g, CHK_K_SHARE, CHK_OK) >= 0);
	i = find(&g, CHK_K_CHANGE, CHK_WARNING);
	assert_true(i >= 0);
	assert_string_equal(g.suggestion[i], "viết giảm 0,06 điểm %");
	i = find(&g, CHK_K_FORM, CHK_WARNING);
	assert_true(i >= 0);
	assert_string_equal(g.suggestion[i], "viết 0,06%");
	assert_int_equal(st.errors, 0);
	got_free(&g);
	RUN("Tỷ lệ hộ nghèo giảm từ 2,6% xuống còn 2,1%, giảm 0,6 điểm %.", &g,
	    &st);
	assert_true(find(&g, CHK_K_CHANGE, CHK_ERROR) >= 0);
	got_free(&g);
	RUN("Có 18 hộ thoát nghèo, chiếm 120% số hộ nghèo.", &g, &st);
	assert_true(find(&g, CHK_K_MAGNITUDE, CHK_ERROR) >= 0);
	got_free(&g);
}

static void
number_forms(void **state)
{
	struct got g;
	struct chk_stats st;
	int i;

	(void)state;
	RUN("Tiếp nhận 2,803 hồ sơ.", &g, &st);
	i = find(&g, CHK_K_FORM, CHK_WARNING);
	assert_true(i >= 0);
	assert_string_equal(g.suggestion[i], "viết 2.803");
	got_free(&g);
	/* Not traps: dates, document numbers, headings, ranges, years. */
	RUN("9.1. Thực hiện Nghị quyết số 08/NQ-HĐND ngày 26/12/2022; năm học "
	    "2022-2023 đạt 97-98%; mục 13.2.\n", &g, &st);
	assert_int_equal(count(&g, CHK_WARNING) + count(&g, CHK_ERROR), 0);
	got_free(&g);
}

static void
repeats_and_duplicates(void **state)
{
	struct got g;
	struct chk_stats st;
	const char *p = "Ủy ban nhân dân xã tiếp tục chỉ đạo các ngành chuyên môn "
	    "phối hợp chặt chẽ với các ấp trong công tác tuyên truyền.";
	char s[1024];

	(void)state;
	snprintf(s, sizeof s, "%s\n\nĐăng ký khai sinh cho trẻ em trên địa bàn "
	    "được 245 trường hợp.\n\n%s\n\nTổng hợp, đăng ký khai sinh cho trẻ "
	    "em trên địa bàn được 254 trường hợp.\n", p, p);
	RUN(s, &g, &st);
	assert_true(find(&g, CHK_K_REPEAT, CHK_WARNING) >= 0);
	assert_int_equal(g.line[find(&g, CHK_K_REPEAT, CHK_WARNING)], 5);
	assert_true(find(&g, CHK_K_DUPLICATE, CHK_WARNING) >= 0);
	got_free(&g);
}

static void
nfd_reads_as_nfc(void **state)
{
	struct got g1, g2;
	struct chk_stats st;
	/* "đạt" and "hộ" with combining marks */
	const char *nfd = "Ho\xcc\xa3\xcc\x82 nghe\xcc\x80o 07 ho\xcc\xa3\xcc\x82 "
	    "chie\xcc\x82\xcc\x81m 0,42%, 21 ho\xcc\xa3\xcc\x82 chie\xcc\x82"
	    "\xcc\x81m 1,27%.";
	const char *nfc = "Hộ nghèo 07 hộ chiếm 0,42%, 21 hộ chiếm 1,27%.";

	(void)state;
	RUN(nfd, &g1, &st);
	RUN(nfc, &g2, &st);
	assert_int_equal(g1.n, g2.n);
	assert_true(find(&g1, CHK_K_SHARE, CHK_OK) >= 0);
	assert_int_equal(g1.col[find(&g1, CHK_K_SHARE, CHK_OK)],
	    g2.col[find(&g2, CHK_K_SHARE, CHK_OK)]);
	got_free(&g1);
	got_free(&g2);
}

static void
invalid_utf8_and_nul(void **state)
{
	struct got g;
	struct chk_stats st;
	static const char s[] = "Tr\xffng 11.800/4.500 c\xc3\x20y \x00 \xe1\xbb"
	    " đạt 226,22%\xc0\xaf.";

	(void)state;
	run(s, sizeof s - 1, false, &g, &st);
	assert_true(find(&g, CHK_K_RATIO, CHK_ERROR) >= 0);
	got_free(&g);
}

/* Characters (UTF-8 lead bytes) in s[0..len). */
static size_t
chars(const char *s, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static void
long_line(void **state)
{
	struct got g;
	struct chk_stats st;
	const char *claim = " Trồng 11.800 cây/4.500 cây đạt 226,22%.";
	size_t n = 1u << 20, k = strlen(claim), i;
	char *s = malloc(n + k + 1);

	(void)state;
	assert_non_null(s);
	/* ASCII filler, so that columns are bytes plus one */
	for (i = 0; i < n; i++)
		s[i] = "xa Tan Phu "[i % 11];
	memcpy(s + n, claim, k + 1);
	run(s, n + k, false, &g, &st);
	assert_int_equal(st.errors, 1);
	assert_int_equal(g.line[0], 1);
	/* the column counts characters: the filler is ASCII, the claim
	 * not */
	assert_int_equal(g.col[0], n + chars(claim, (size_t)(strstr(claim,
	    "226,22%") - claim)) + 1);
	got_free(&g);
	free(s);
}

/* chk_num_fast against num_scan on 300.000 strings from the pieces numbers
 * are made of: wherever the fast path answers, it answers the same. */
static void
fast_numbers_as_num_scan(void **state)
{
	static const char *const piece[] = { "0", "1", "2", "3", "5", "9", "00",
	    "123", ".", ",", "%", " ", "\xc2\xa0", "n", "t", " nghìn", " triệu",
	    " tỷ", " tỷ lệ", " ngàn", " tỉ", " người", " tấn", " trường", "ng",
	    "tr", "ha", "/", "-", ".5", ",5", ",803", ".000" };
	uint32_t seed = 12345;
	char buf[64], *p;
	size_t k, m, len, n1, n2, fast = 0;
	struct num a, b;
	int i;

	(void)state;
	for (i = 0; i < 300000; i++) {
		len = 0;
		buf[len++] = (char)('1' + (i % 9));
		seed = seed * 1103515245u + 12345u;
		m = (seed >> 16) % 8;
		for (k = 0; k < m; k++) {
			const char *q;

			seed = seed * 1103515245u + 12345u;
			q = piece[(seed >> 16) % (sizeof piece / sizeof piece[0])];
			if (len + strlen(q) >= sizeof buf)
				break;
			memcpy(buf + len, q, strlen(q));
			len += strlen(q);
		}
		p = malloc(len);
		assert_non_null(p);
		memcpy(p, buf, len);
		n1 = chk_num_fast(p, len, &a);
		if (n1 != 0) {
			fast++;
			n2 = num_scan(p, len, &b);
			if (n1 != n2 || a.value != b.value || a.alt != b.alt ||
			    a.flags != b.flags || a.decimals != b.decimals ||
			    a.len != b.len || a.numlen != b.numlen ||
			    a.scale != b.scale || a.why != b.why) {
				print_error("\"%.*s\": fast %zu %.17g %x %d, "
				    "num_scan %zu %.17g %x %d\n", (int)len, buf, n1,
				    a.value, a.flags, a.decimals, n2, b.value,
				    b.flags, b.decimals);
				free(p);
				fail();
			}
		}
		free(p);
	}
	/* and it does answer most of the time */
	assert_true(fast > 100000);
}

/* chk_count_chars counts what is not a continuation byte, over every
 * length and alignment its wide steps take (16 bytes, 255 steps of them,
 * 8 bytes, the tail), for text of any bytes. */
static void
count_chars_every_length(void **state)
{
	static const unsigned char pool[] = { 'a', ' ', 0xC3, 0xA0, 0xE1,
	    0xBB, 0x87, 0x80, 0xBF, 0xC0, 0xFF, 0x7F, 0 };
	unsigned char *buf = malloc(9000);
	size_t len, off, i, want;
	uint32_t r = 12345;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 9000; i++) {
		r = r * 1103515245u + 12345u;
		buf[i] = pool[(r >> 16) % sizeof pool];
	}
	for (len = 0; len < 8300; len += len < 70 ? 1 : 97)
		for (off = 0; off < 3; off++) {
			for (want = 0, i = off; i < off + len; i++)
				want += (buf[i] & 0xC0) != 0x80;
			assert_int_equal(chk_count_chars((const char *)buf + off,
			    len), want);
		}
	free(buf);
}

static void
word_hash_folds_case(void **state)
{
	(void)state;
	assert_true(chk_word_hash("ĐẠT", strlen("ĐẠT")) ==
	    chk_word_hash("đạt", strlen("đạt")));
	assert_true(chk_word_hash("Tỷ", strlen("Tỷ")) ==
	    chk_word_hash("tỷ", strlen("tỷ")));
	assert_true(chk_word_hash("gồm", strlen("gồm")) !=
	    chk_word_hash("gom", 3));
}

/* The lexer hashes words byte by byte on its fast paths (the letters of
 * Vietnamese) and code point by code point otherwise: a word in capitals
 * or with a capital first letter gets the hash of its lower case, as
 * chk_word_hash gives it, and the capital is noticed. Pairs: the word as
 * written, its lower case by Unicode. */
static void
lexer_hash_is_word_hash(void **state)
{
	static const char *const pair[][2] = {
		{ "ĐẠT", "đạt" }, { "Đạt", "đạt" }, { "ĂN", "ăn" },
		{ "ĨNH", "ĩnh" }, { "ŨNG", "ũng" }, { "ƠN", "ơn" },
		{ "ƯỚC", "ước" }, { "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ", "àáâãèéêìíòóôõùúý" },
		{ "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ",
		  "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" },
		{ "Ẁ", "ẁ" }, { "STRAßE", "straße" }, { "ÇA", "ça" },
		{ "ÞORN", "þorn" }, { "ŁÓDŹ", "łódź" }, { "ДОМ", "дом" },
		{ "KW2", "kw2" }, { "Ωmega", "ωmega" },
	};
	struct chk_kwtab kwt;
	struct chk_lexer lx;
	struct chk_tok t;
	size_t i;

	(void)state;
	chk_kwtab_init(&kwt);
	for (i = 0; i < sizeof pair / sizeof pair[0]; i++) {
		const char *up = pair[i][0], *lo = pair[i][1];

		chk_lex_init(&lx, &kwt, up, strlen(up), 1);
		assert_int_equal(chk_lex_next(&lx, &t), 1);
		assert_int_equal(t.type, CHK_T_WORD);
		assert_int_equal(t.len, strlen(up));
		if (t.h != chk_word_hash(lo, strlen(lo)))
			fail_msg("lexer hash of \"%s\" is not that of \"%s\"",
			    up, lo);
		if (t.upper != 1)
			fail_msg("the capital of \"%s\" is not seen", up);
		chk_lex_init(&lx, &kwt, lo, strlen(lo), 1);
		assert_int_equal(chk_lex_next(&lx, &t), 1);
		assert_true(t.h == chk_word_hash(lo, strlen(lo)));
		assert_int_equal(t.upper, 0);
	}
	/* "×" and "÷" end a word; "Đạt" is the keyword "đạt" */
	chk_lex_init(&lx, &kwt, "ha×2", strlen("ha×2"), 1);
	assert_int_equal(chk_lex_next(&lx, &t), 1);
	assert_int_equal(t.len, 2);
	chk_lex_init(&lx, &kwt, "Đạt", strlen("Đạt"), 1);
	assert_int_equal(chk_lex_next(&lx, &t), 1);
	assert_int_equal(t.kw, KW_DAT);
	chk_kwtab_free(&kwt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_unit_and_slack),
		cmocka_unit_test(agrees_rounded_boundaries),
		cmocka_unit_test(agrees_truncated),
		cmocka_unit_test(ratio_of_reference_document),
		cmocka_unit_test(sums),
		cmocka_unit_test(shares),
		cmocka_unit_test(changes),
		cmocka_unit_test(products),
		cmocka_unit_test(finds_wrong_ratio),
		cmocka_unit_test(truncate_setting),
		cmocka_unit_test(finds_tallies),
		cmocka_unit_test(finds_parts),
		cmocka_unit_test(finds_shares_and_changes),
		cmocka_unit_test(number_forms),
		cmocka_unit_test(repeats_and_duplicates),
		cmocka_unit_test(nfd_reads_as_nfc),
		cmocka_unit_test(invalid_utf8_and_nul),
		cmocka_unit_test(long_line),
		cmocka_unit_test(fast_numbers_as_num_scan),
		cmocka_unit_test(count_chars_every_length),
		cmocka_unit_test(word_hash_folds_case),
		cmocka_unit_test(lexer_hash_is_word_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
