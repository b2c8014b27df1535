/* test_check_rules.c: unit tests of the checker's roles (role.c) and of
 * the rule families in src/check/rule_*.c, end to end through chk_buffer
 * on sentences of our own, each family right, wrong, and out of its
 * reach (where the binding is uncertain nothing is called an error).
 * Expected values are worked out in the comments. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "check/lex.h"
#include "check/role.h"

/* ---- roles ------------------------------------------------------- */

/* Role and bound of the k-th number (0-based) of s. */
static void
role_of_number(const char *s, int k, unsigned *role, unsigned *bound)
{
	struct chk_kwtab kt;
	struct chk_lexer lx;
	struct chk_tok t[256];
	size_t n = 0, i;
	int seen = 0;

	chk_kwtab_init(&kt);
	chk_lex_init(&lx, &kt, s, strlen(s), 1);
	while (n < 256 && chk_lex_next(&lx, &t[n]))
		n++;
	chk_roles(t, n, NULL, 0);
	*role = 99;
	for (i = 0; i < n; i++)
		if (t[i].type == CHK_T_NUM && seen++ == k) {
			*role = t[i].role;
			*bound = t[i].bound;
			break;
		}
	chk_kwtab_free(&kt);
}

#define ROLE(s, k, r) do { unsigned ro, bo; role_of_number((s), (k), &ro, \
	&bo); assert_int_equal(ro, (r)); } while (0)
#define BOUND(s, k, b) do { unsigned ro, bo = 99; role_of_number((s), (k), \
	&ro, &bo); assert_int_equal(bo, (b)); } while (0)

static void
roles(void **state)
{
	const char *s;

	(void)state;
	/* Two bases and a change are three different things. */
	s = "thu ngân sách đạt 812 tỷ đồng, bằng 31,5% dự toán tỉnh giao, "
	    "tăng 12,4% so với cùng kỳ";
	ROLE(s, 0, CHK_ROLE_LEVEL);
	ROLE(s, 1, CHK_ROLE_ACHIEVE);
	ROLE(s, 2, CHK_ROLE_CHANGE);
	ROLE("khách quốc tế đạt 81,5% so với KH", 0, CHK_ROLE_ACHIEVE);
	ROLE("sản lượng vượt 3,2% kế hoạch năm", 0, CHK_ROLE_ACHIEVE);
	/* A rate against a target rate stays a level. */
	ROLE("tỷ lệ đạt 91% so với chỉ tiêu 90%", 0, CHK_ROLE_LEVEL);
	ROLE("Tỷ lệ hộ dùng nước sạch đạt 97,5%.", 0, CHK_ROLE_LEVEL);
	/* Changes: after the verb, through fillers; signs; restatements. */
	ROLE("năng suất 58,2 tạ/ha, tăng thêm 1,3 tạ/ha", 1, CHK_ROLE_CHANGE);
	ROLE("diện tích 920 ha, giảm 2,1% (-19,7 ha)", 2, CHK_ROLE_CHANGE);
	ROLE("xảy ra 41 vụ, giảm 9 vụ (18%) so với năm trước", 2,
	    CHK_ROLE_CHANGE);
	ROLE("năng suất 40,2 tạ/ha, giảm 5,1% (bằng 2,16 tạ/ha)", 2,
	    CHK_ROLE_CHANGE);
	/* "giảm còn", "tăng lên": the new level. */
	ROLE("số vụ giảm còn 12 vụ", 0, CHK_ROLE_LEVEL);
	ROLE("tỷ lệ tăng từ 3,1% lên 4,2%", 1, CHK_ROLE_LEVEL);
	ROLE("hộ nghèo 38 hộ, chiếm 1,53%", 1, CHK_ROLE_SHARE);
	/* Qualifiers: no amount. */
	ROLE("trẻ 5 tuổi có 120 em", 0, CHK_ROLE_QUAL);
	ROLE("trẻ 5 tuổi có 120 em", 1, CHK_ROLE_LEVEL);
	ROLE("tiêm mũi 02 cho 300 người", 0, CHK_ROLE_QUAL);
	ROLE("sau 9 tháng đạt 1.200 tỷ đồng", 0, CHK_ROLE_QUAL);
	ROLE("kỳ họp thứ 12 của HĐND", 0, CHK_ROLE_QUAL);
	/* Bounds. */
	BOUND("tổng chi hơn 1.690 tỷ đồng", 0, CHK_BOUND_ABOVE);
	BOUND("sản lượng đạt gần 209 ngàn tấn", 0, CHK_BOUND_BELOW);
	BOUND("dự kiến khoảng 3,2 triệu tấn", 0, CHK_BOUND_ABOUT);
	BOUND("đạt 3,2 triệu tấn", 0, CHK_BOUND_EXACT);
}

static void
bound_ranges(void **state)
{
	double lo, hi;

	(void)state;
	chk_bound_range(1690, 0, CHK_BOUND_ABOVE, &lo, &hi);
	assert_true(lo == 1690 && fabs(hi - 1859) < 1e-9);
	chk_bound_range(600, 0, CHK_BOUND_BELOW, &lo, &hi);
	assert_true(fabs(lo - 540) < 1e-9 && hi == 600);
	chk_bound_range(3.2, 0.05, CHK_BOUND_ABOUT, &lo, &hi);
	assert_true(fabs(lo - 2.83) < 1e-9 && fabs(hi - 3.57) < 1e-9);
	chk_bound_range(10, 0.5, CHK_BOUND_EXACT, &lo, &hi);
	assert_true(lo == 9.5 && hi == 10.5);
}

/* ---- end to end ---------------------------------------------------- */

#define MAXF 64

struct got {
	size_t	 n;
	int	 kind[MAXF], verdict[MAXF];
	size_t	 line[MAXF];
	char	*stated[MAXF], *message[MAXF], *suggestion[MAXF];
};

static void
collect(void *arg, const struct chk_finding *f)
{
	struct got *g = arg;

	if (g->n == MAXF)
		return;
	g->kind[g->n] = (int)f->kind;
	g->verdict[g->n] = (int)f->verdict;
	g->line[g->n] = f->line;
	g->stated[g->n] = f->stated ? strdup(f->stated) : NULL;
	g->suggestion[g->n] = f->suggestion ? strdup(f->suggestion) : NULL;
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
		free(g->message[i]);
	}
	g->n = 0;
}

static void
run(const char *s, struct got *g)
{
	struct chk_opts o = { false, false };
	struct chk_sink sink = { collect, NULL, g };
	size_t len = strlen(s);
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	memset(g, 0, sizeof *g);
	chk_buffer(p, len, &o, &sink, NULL);
	free(p);
}

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
errors(const struct got *g)
{
	size_t i;
	int n = 0;

	for (i = 0; i < g->n; i++)
		n += g->verdict[i] == CHK_ERROR;
	return n;
}

/* s has no error finding. */
static void
clean(const char *s)
{
	struct got g;
	size_t i;

	run(s, &g);
	for (i = 0; i < g.n; i++)
		if (g.verdict[i] == CHK_ERROR)
			fprintf(stderr, "unexpected error: %s\n  in: %s\n",
			    g.message[i], s);
	assert_int_equal(errors(&g), 0);
	got_free(&g);
}

/* s has an error of kind k whose stated figure is stated. */
static void
wrong(const char *s, enum chk_kind k, const char *stated)
{
	struct got g;
	int i;

	run(s, &g);
	i = find(&g, k, CHK_ERROR);
	if (i < 0)
		fprintf(stderr, "no error of kind %d in: %s\n", (int)k, s);
	assert_true(i >= 0);
	if (stated != NULL)
		assert_string_equal(g.stated[i], stated);
	got_free(&g);
}

static void
binding_by_role(void **state)
{
	(void)state;
	/* Two achievement rates and a change: no plan is stated. */
	clean("Thu nội địa đạt 1.420 tỷ đồng, bằng 22,5% dự toán Trung ương "
	    "giao, bằng 17,1% dự toán tỉnh giao, tăng 61,2% so với cùng kỳ, "
	    "gồm: thu thuế 900 tỷ đồng, bằng 18,3% dự toán Trung ương giao, "
	    "tăng 20,4% so với cùng kỳ; thu khác 520 tỷ đồng, bằng 33,9% dự "
	    "toán Trung ương giao, tăng 150,2% so với cùng kỳ.\n");
	/* A yield increase is no yield. */
	clean("Diện tích lúa đạt 1.850,2 nghìn ha, giảm 21,4 nghìn ha; năng "
	    "suất đạt 61,5 tạ/ha, tăng 1,2 tạ/ha nên sản lượng đạt 11,4 triệu "
	    "tấn, tăng 100,5 nghìn tấn.\n");
	/* A change among the parts of a level is no part. */
	clean("Sản lượng cả năm đạt 512.300 tấn, giảm 41.250 tấn so với năm "
	    "trước; trong đó lúa là 490.100 tấn, giảm 40.800 tấn; ngô đạt "
	    "22.200 tấn, giảm 450 tấn.\n");
	/* Two achievement rates of different quantities, no change. */
	clean("Đón 2.120.400 lượt khách, tăng 15,2% so với năm trước, đạt "
	    "91,4% KH (trong đó khách quốc tế đạt 84.300 lượt, tăng 22,1%, "
	    "đạt 70,5% so với KH).\n");
	/* Ages are no parts. */
	clean("Toàn xã có 1.310 trẻ, trong đó: trẻ 5 tuổi có 210 em, trẻ từ "
	    "6 đến 10 tuổi có 1.100 em.\n");
	/* A nested band is no third band. */
	clean("Có 30 chỉ tiêu, trong đó 27 chỉ tiêu đạt và vượt (trong đó, có "
	    "11 chỉ tiêu vượt) và 03 chỉ tiêu không đạt.\n");
	/* "tỷ" after the denominator only: the numerator is in đồng. */
	clean("Giải ngân 9.405.120.000/7,6 tỷ đồng, đạt 123,75%.\n");
	/* A decimal comma before a scale word: no warning either. */
	{
		struct got g;

		run("Tổng thu đạt 612,437 tỷ đồng.\n", &g);
		assert_int_equal(g.n, 0);
		got_free(&g);
	}
	/* Two areas, one yield: the crop's main part agrees. */
	clean("Diện tích ngô và cây khác 2.410,5 ha; trong đó ngô 2.380,2 ha, "
	    "năng suất 48,1 tạ/ha, sản lượng 11.449 tấn.\n");
}

static void
bins(void **state)
{
	(void)state;
	/* The bands join from 0 up: 9 + 15 + 6 + 8 = 38. */
	clean("Kết quả: 9/38 chỉ tiêu đạt 100% trở lên, 15/38 chỉ tiêu đạt từ "
	    "80 đến dưới 100%, 6/38 chỉ tiêu đạt từ 60 đến dưới 80%, 8/38 chỉ "
	    "tiêu đạt dưới 60%.\n");
	wrong("Có 10/45 chỉ tiêu đạt 100% trở lên, 20/45 chỉ tiêu đạt từ 50 "
	    "đến dưới 100%, 11/45 chỉ tiêu đạt dưới 50%.\n", CHK_K_TALLY, "45");
	/* A gap between bands (60 to 70 missing): no claim at all. */
	clean("Có 10/45 chỉ tiêu đạt 100% trở lên, 20/45 chỉ tiêu đạt từ 70 "
	    "đến dưới 100%, 11/45 chỉ tiêu đạt dưới 60%.\n");
}

static void
change_pairs(void **state)
{
	(void)state;
	/* 41 vụ after 9 fewer: 9/50 = 18%. */
	clean("Năm nay xảy ra 41 vụ tai nạn, giảm 9 vụ (18%) so với năm "
	    "trước.\n");
	wrong("Năm nay xảy ra 41 vụ tai nạn, giảm 9 vụ (20%) so với năm "
	    "trước.\n", CHK_K_CHANGE, "20%");
	/* 920 ha after 19,7 ha less: 19,7/939,7 = 2,10%. */
	clean("Diện tích đạt 920 ha, giảm 2,1% (-19,7 ha) so với cùng kỳ.\n");
	wrong("Diện tích đạt 920 ha, giảm 2,5% (-19,7 ha) so với cùng kỳ.\n",
	    CHK_K_CHANGE, "2,5%");
	/* 40,2 after 2,16 less: 2,16/42,36 = 5,10%; "bằng": 40,2/40,5. */
	clean("Năng suất đạt 40,2 tạ/ha, giảm 5,1% (bằng 2,16 tạ/ha).\n");
	clean("Năng suất đạt 40,2 tạ/ha, bằng 99,26% (-0,3 tạ/ha).\n");
	/* A rounded level ("16,4 ngàn ha") widens the interval. */
	clean("Toàn tỉnh có 16,4 ngàn ha, tăng 7,99% (tăng 1.210 ha) so với "
	    "năm trước.\n");
	/* Percentage points for two rates, said as percent: a warning. */
	{
		struct got g;

		run("Tỷ lệ hộ nghèo giảm từ 4,2% xuống còn 3,5%, giảm 0,7%.\n",
		    &g);
		assert_true(find(&g, CHK_K_CHANGE, CHK_WARNING) >= 0);
		assert_int_equal(errors(&g), 0);
		got_free(&g);
	}
}

static void
whole_shares(void **state)
{
	(void)state;
	/* 70,1 + 20,4 + 5,2 + 4,3 = 100. */
	clean("Dân tộc Kinh chiếm 70,1%; dân tộc Tày chiếm 20,4%; dân tộc Nùng "
	    "chiếm 5,2%; các dân tộc khác chiếm 4,3%.\n");
	/* 101,2% with the rest listed: the rest should be 3,1%. */
	wrong("Dân tộc Kinh chiếm 71,3%; dân tộc Tày chiếm 20,4%; dân tộc Nùng "
	    "chiếm 5,2%; các dân tộc khác chiếm 4,3%.\n", CHK_K_SHARE, "4,3%");
	/* Without a rest the list may overlap or be partial: no claim. */
	clean("Khu vực công nghiệp chiếm 60,1%; dịch vụ chiếm 30,4%; trong đó "
	    "thương mại chiếm 20,2%; nông nghiệp chiếm 9,5%.\n");
	/* Counts of every group: 2.100 + 350 + 50 = 2.500; 2.100/2.500 =
	 * 84%, not 82% (not even cut). */
	clean("Dân tộc Kinh 2.100 người, chiếm 84%; dân tộc Mường 350 người, "
	    "chiếm 14%; dân tộc khác 50 người, chiếm 2%.\n");
	wrong("Dân tộc Kinh 2.100 người, chiếm 82%; dân tộc Mường 350 người, "
	    "chiếm 16%; dân tộc khác 50 người, chiếm 2%.\n", CHK_K_SHARE,
	    "82%");
	/* Parts in a parenthesis after their total: 1.200/15.000 = 8%. */
	wrong("Toàn huyện có 15.000 hộ, 60.000 khẩu (1.200 hộ nghèo, chiếm "
	    "8,3%; 900 hộ cận nghèo, chiếm 6%).\n", CHK_K_SHARE, "8,3%");
	clean("Toàn huyện có 15.000 hộ, 60.000 khẩu (1.200 hộ nghèo, chiếm "
	    "8%; 900 hộ cận nghèo, chiếm 6%).\n");
}

static void
partitions(void **state)
{
	(void)state;
	/* "phân theo": every region listed. 300 + 500 + 200 = 1.000. */
	clean("Cả nước có 1.000 hộ phân theo vùng như sau: miền Bắc 300 hộ; "
	    "miền Trung 500 hộ; miền Nam 200 hộ.\n");
	wrong("Cả nước có 1.010 hộ phân theo vùng như sau: miền Bắc 300 hộ; "
	    "miền Trung 500 hộ; miền Nam 200 hộ.\n", CHK_K_PARTS, "1.010 hộ");
	/* Whole by nature: both sexes, town and country, as many groups as
	 * counted. 2.900 + 2.650 = 5.550, not 5.600. */
	wrong("Lực lượng lao động 5.600 người, trong đó nam 2.900 người, nữ "
	    "2.650 người.\n", CHK_K_PARTS, "5.600 người");
	wrong("Dân số 40.500 người, trong đó thành thị 12.000 người, nông thôn "
	    "28.000 người.\n", CHK_K_PARTS, "40.500 người");
	wrong("Xã có 3 dân tộc với 12.400 người, trong đó dân tộc Kinh 8.000 "
	    "người, dân tộc Tày 3.000 người, dân tộc Dao 1.300 người.\n",
	    CHK_K_PARTS, "12.400 người");
	/* Two of three groups named: may be partial, a note only. */
	clean("Xã có 3 dân tộc với 12.400 người, trong đó dân tộc Kinh 8.000 "
	    "người, dân tộc Tày 3.000 người.\n");
}

static void
parts_across_sentences(void **state)
{
	(void)state;
	/* A total, then its parts in the next sentences: 1,1 + 0,9 > 1,5. */
	wrong("Tổng doanh thu đạt 1,5 triệu tỉ đồng. Trong đó, bán lẻ đạt 1,1 "
	    "triệu tỉ đồng.\nBên cạnh đó, dịch vụ ăn uống đạt 0,9 triệu tỉ "
	    "đồng.\n", CHK_K_PARTS, NULL);
	clean("Tổng doanh thu đạt 1,5 triệu tỉ đồng. Trong đó, bán lẻ đạt 1,1 "
	    "triệu tỉ đồng.\nBên cạnh đó, dịch vụ ăn uống đạt 0,3 triệu tỉ "
	    "đồng.\n");
	/* Bounds: "hơn 1.200" is at most a tenth more: 610,5 + 900 is
	 * beyond. */
	wrong("Tổng chi đạt hơn 1.200 tỷ đồng. Trong đó, chi đầu tư 610,5 tỷ "
	    "đồng; chi thường xuyên được hơn 900 tỷ đồng.\n", CHK_K_PARTS,
	    NULL);
	clean("Tổng chi đạt hơn 1.500 tỷ đồng. Trong đó, chi đầu tư 610,5 tỷ "
	    "đồng; chi thường xuyên được hơn 900 tỷ đồng.\n");
	/* A scale slip: a part in "triệu đồng" of a total in "triệu tỉ". */
	wrong("Tổng mức bán lẻ đạt 4,1 triệu tỉ đồng. Trong đó, bán lẻ hàng "
	    "hóa đạt 3,2 triệu đồng.\n", CHK_K_MAGNITUDE, "3,2 triệu đồng");
	/* Counted groups across sentences may overlap: not summed. */
	clean("Toàn tỉnh có 4.000 hộ nghèo. Trong đó, hộ không có lao động "
	    "2.500 hộ; hộ dân tộc thiểu số 3.100 hộ.\n");
}

static void
kinds(void **state)
{
	(void)state;
	wrong("Đã gieo được 420 nghìn ha, vượt so với kế hoạch là 400 nghìn "
	    "tấn.\n", CHK_K_MAGNITUDE, "400 nghìn tấn");
	clean("Đã gieo được 420 nghìn ha, vượt so với kế hoạch là 400 nghìn "
	    "ha.\n");
}

static void
named_figures(void **state)
{
	(void)state;
	/* 9.800 − 2.300 = 7.500. */
	clean("Thu nội địa đạt 9.800 tỷ đồng.\nKhông tính tiền sử dụng đất "
	    "(2.300 tỷ đồng) thì thu nội địa đạt 7.500 tỷ đồng.\n");
	wrong("Thu nội địa đạt 9.800 tỷ đồng.\nKhông tính tiền sử dụng đất "
	    "(2.300 tỷ đồng) thì thu nội địa đạt 7.400 tỷ đồng.\n",
	    CHK_K_PARTS, "7.400 tỷ đồng");
	/* 120/800 = 15%. */
	clean("- Tổng số: 800 hộ.\n- Tổng số hộ nghèo: 120 hộ.\n- Tỷ lệ hộ "
	    "nghèo: 15%.\n");
	wrong("- Tổng số: 800 hộ.\n- Tổng số hộ nghèo: 120 hộ.\n- Tỷ lệ hộ "
	    "nghèo: 16,2%.\n", CHK_K_RATIO, "16,2%");
}

/* Targets in a report's own wording: a growth target and its base year's
 * figure are no change between the figures; an upper-bound target's rate
 * is plan / actual. */
static void
targets_in_words(void **state)
{
	(void)state;
	clean("- Số hộ kinh doanh: 4.632 hộ (kế hoạch tăng 3% so với năm trước "
	    "(4.649 hộ)), đạt 99,63% kế hoạch.\n");
	/* 15/15,76 = 95,18%; 99/88 = 112,5%. */
	clean("- Tỷ lệ suy dinh dưỡng: 15,76% (kế hoạch không quá 15%), đạt "
	    "95,18% kế hoạch.\n");
	clean("- Số vụ phạm pháp hình sự: 88 vụ (kế hoạch không quá 99 vụ), "
	    "đạt 112,5% kế hoạch.\n");
	/* Neither way: 15,76/15 = 105,07%, 15/15,76 = 95,18%. */
	wrong("- Tỷ lệ suy dinh dưỡng: 15,76% (kế hoạch không quá 15%), đạt "
	    "97,2% kế hoạch.\n", CHK_K_RATIO, "97,2%");
	/* An exact plan keeps one direction: 88/99 = 88,89%. */
	wrong("- Số vụ hòa giải thành: 88 vụ (kế hoạch 99 vụ), đạt 112,5% kế "
	    "hoạch.\n", CHK_K_RATIO, "112,5%");
	/* A change stated of the figures themselves is still checked. */
	wrong("- Số hộ kinh doanh: 4.632 hộ, tăng 5% so với năm trước (4.500 "
	    "hộ).\n", CHK_K_CHANGE, "5%");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles),
		cmocka_unit_test(bound_ranges),
		cmocka_unit_test(binding_by_role),
		cmocka_unit_test(bins),
		cmocka_unit_test(change_pairs),
		cmocka_unit_test(whole_shares),
		cmocka_unit_test(partitions),
		cmocka_unit_test(parts_across_sentences),
		cmocka_unit_test(kinds),
		cmocka_unit_test(named_figures),
		cmocka_unit_test(targets_in_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
