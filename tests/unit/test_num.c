/* test_num.c: unit tests of num.c, the reader and writer of Vietnamese and
 * machine numbers. Every scanned string is first copied to a heap block of
 * exactly its length, with no NUL, so that AddressSanitizer catches any read
 * past len. Expected values come from the rules in num.h, not from output. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/num.h"

#define NBSP "\xc2\xa0"

static void
eqd(double got, double want, const char *file, int line)
{
	if (got != want) {
		print_error("%s:%d: got %.17g, want %.17g\n", file, line, got,
		    want);
		_fail(file, line);
	}
}
#define assert_dbl(got, want) eqd((got), (want), __FILE__, __LINE__)

/* Scan s[0..len) from an exact heap copy. */
static size_t
scanx(const char *s, size_t len, struct num *n)
{
	char	*p = malloc(len > 0 ? len : 1);
	size_t	 r;

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	r = num_scan(p, len, n);
	free(p);
	return r;
}
#define SCAN(s, n) scanx((s), strlen(s), (n))

static int
fieldx(const char *s, struct num *n, size_t *off, size_t *ulen,
    const char **why)
{
	size_t	 len = strlen(s);
	char	*p = malloc(len > 0 ? len : 1);
	int	 r;

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	r = num_parse_field(p, len, n, off, ulen, why);
	free(p);
	return r;
}

static int
machx(const char *s, size_t len, double *v)
{
	char	*p = malloc(len > 0 ? len : 1);
	int	 r;

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	r = num_parse_machine(p, len, v);
	free(p);
	return r;
}
#define MACH(s, v) machx((s), strlen(s), (v))

static void
checkfmt(double v, int dec, unsigned fl, const char *want, const char *file,
    int line)
{
	struct buf b = BUF_INIT;

	num_format(&b, v, dec, fl);
	if (strcmp(buf_str(&b), want) != 0) {
		print_error("%s:%d: num_format(%.17g, %d, %u) = \"%s\", "
		    "want \"%s\"\n", file, line, v, dec, fl, buf_str(&b), want);
		buf_free(&b);
		_fail(file, line);
	}
	buf_free(&b);
}
#define FMT(v, d, f, want) checkfmt((v), (d), (f), (want), __FILE__, __LINE__)

static void
checkmach(double v, const char *want, const char *file, int line)
{
	struct buf b = BUF_INIT;

	num_format_machine(&b, v);
	if (strcmp(buf_str(&b), want) != 0) {
		print_error("%s:%d: num_format_machine(%.17g) = \"%s\", "
		    "want \"%s\"\n", file, line, v, buf_str(&b), want);
		buf_free(&b);
		_fail(file, line);
	}
	buf_free(&b);
}
#define MFMT(v, want) checkmach((v), (want), __FILE__, __LINE__)

/* num_scan: the plain forms. */

static void
scan_plain_integer(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("1302", &n), 4);
	assert_dbl(n.value, 1302);
	assert_int_equal(n.len, 4);
	assert_int_equal(n.numlen, 4);
	assert_int_equal(n.decimals, 0);
	assert_int_equal(n.flags, 0);
	assert_dbl(n.scale, 1);
	assert_null(n.why);
	assert_int_equal(SCAN("0", &n), 1);
	assert_dbl(n.value, 0);
	assert_int_equal(n.flags, 0);
}

static void
scan_thousands_groups(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("1.302", &n), 5);
	assert_dbl(n.value, 1302);
	assert_int_equal(n.flags, NUM_GROUPED);
	assert_int_equal(n.decimals, 0);
	assert_int_equal(SCAN("177.000.000", &n), 11);
	assert_dbl(n.value, 177000000);
	assert_int_equal(n.flags, NUM_GROUPED);
	assert_int_equal(SCAN("999.999", &n), 7);
	assert_dbl(n.value, 999999);
}

static void
scan_grouped_with_decimals(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("1.303,5", &n), 7);
	assert_dbl(n.value, 1303.5);
	assert_int_equal(n.decimals, 1);
	assert_int_equal(n.flags, NUM_GROUPED | NUM_DECIMAL);
	/* Groups make ",500" a decimal part: no English reading. */
	assert_int_equal(SCAN("1.302,500", &n), 9);
	assert_dbl(n.value, 1302.5);
	assert_int_equal(n.decimals, 3);
	assert_int_equal(n.flags, NUM_GROUPED | NUM_DECIMAL);
}

static void
scan_decimal_comma(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("6,8", &n), 3);
	assert_dbl(n.value, 6.8);
	assert_int_equal(n.decimals, 1);
	assert_int_equal(n.flags, NUM_DECIMAL);
	assert_int_equal(SCAN("13,25", &n), 5);
	assert_dbl(n.value, 13.25);
	assert_int_equal(n.flags, NUM_DECIMAL);
	assert_int_equal(SCAN("1,5", &n), 3);
	assert_dbl(n.value, 1.5);
	assert_int_equal(n.flags, NUM_DECIMAL);
	assert_int_equal(SCAN("0,06", &n), 4);
	assert_dbl(n.value, 0.06);
	assert_int_equal(n.decimals, 2);
}

static void
scan_sign(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("-1.303,5", &n), 8);
	assert_dbl(n.value, -1303.5);
	assert_int_equal(n.numlen, 8);
	assert_int_equal(SCAN("+7", &n), 2);
	assert_dbl(n.value, 7);
	assert_int_equal(SCAN("-2,803", &n), 6);
	assert_dbl(n.value, -2.803);
	assert_dbl(n.alt, -2803);
}

static void
scan_percent_attached(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("0,42%", &n), 5);
	assert_dbl(n.value, 0.42);
	assert_int_equal(n.numlen, 4);
	assert_int_equal(n.flags, NUM_PERCENT | NUM_DECIMAL);
	assert_int_equal(SCAN("93%", &n), 3);
	assert_dbl(n.value, 93);
	assert_int_equal(n.flags, NUM_PERCENT);
}

static void
scan_percent_after_one_blank(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("100 %", &n), 5);
	assert_dbl(n.value, 100);
	assert_int_equal(n.numlen, 3);
	assert_int_equal(n.flags, NUM_PERCENT);
	assert_int_equal(SCAN("100" NBSP "%", &n), 6);
	assert_int_equal(n.flags, NUM_PERCENT);
	/* Two blanks: the "%" belongs to something else. */
	assert_int_equal(SCAN("100  %", &n), 3);
	assert_int_equal(n.flags, 0);
	assert_int_equal(SCAN("100 hộ", &n), 3);
	assert_int_equal(n.flags, 0);
}

static void
scan_leading_zero(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("01", &n), 2);
	assert_dbl(n.value, 1);
	assert_int_equal(n.flags, NUM_LEADING_ZERO);
	assert_int_equal(SCAN("06 hộ", &n), 2);
	assert_dbl(n.value, 6);
	assert_int_equal(n.flags, NUM_LEADING_ZERO);
	assert_int_equal(SCAN("0", &n), 1);
	assert_int_equal(n.flags, 0);
	assert_int_equal(SCAN("0,5", &n), 3);
	assert_int_equal(n.flags & NUM_LEADING_ZERO, 0);
	assert_int_equal(SCAN("10", &n), 2);
	assert_int_equal(n.flags, 0);
}

static void
scan_scale_words(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("428 triệu", &n), strlen("428 triệu"));
	assert_dbl(n.value, 428e6);
	assert_dbl(n.scale, 1e6);
	assert_int_equal(n.numlen, 3);
	assert_int_equal(n.flags, NUM_SCALED);
	assert_int_equal(SCAN("1,5 tỷ", &n), strlen("1,5 tỷ"));
	assert_dbl(n.value, 1.5e9);
	assert_dbl(n.scale, 1e9);
	assert_int_equal(n.flags, NUM_SCALED | NUM_DECIMAL);
	assert_int_equal(SCAN("2 tỉ", &n), strlen("2 tỉ"));
	assert_dbl(n.value, 2e9);
	assert_int_equal(SCAN("3 nghìn", &n), strlen("3 nghìn"));
	assert_dbl(n.value, 3000);
	assert_dbl(n.scale, 1e3);
	assert_int_equal(SCAN("4 ngàn", &n), strlen("4 ngàn"));
	assert_dbl(n.value, 4000);
}

static void
scan_scale_is_exact(void **state)
{
	struct num n;

	(void)state;
	/* 0.3 * 1e6 in binary is not 300000; the decimal reading is. */
	SCAN("0,3 triệu", &n);
	assert_dbl(n.value, 300000);
	SCAN("1,1 triệu", &n);
	assert_dbl(n.value, 1100000);
	SCAN("2,675 tỷ", &n);
	assert_dbl(n.value, 2675000000.0);
	assert_dbl(n.alt, 2675e9);
	/* Stacked scale words multiply: 10^3·10^9, 10^6·10^9. */
	assert_int_equal(SCAN("49.800 nghìn tỷ đồng", &n),
	    strlen("49.800 nghìn tỷ"));
	assert_dbl(n.value, 49800e12);
	assert_dbl(n.scale, 1e12);
	assert_int_equal(SCAN("2,24 triệu tỉ đồng", &n),
	    strlen("2,24 triệu tỉ"));
	assert_dbl(n.value, 2.24e15);
	/* Not a smaller one after a larger, nor "tỷ lệ". */
	assert_int_equal(SCAN("5 tỷ triệu", &n), strlen("5 tỷ"));
	assert_int_equal(SCAN("5 triệu tỷ lệ", &n), strlen("5 triệu"));
}

static void
scan_scale_followed_by_unit(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("130 triệu đồng", &n), strlen("130 triệu"));
	assert_dbl(n.value, 130e6);
	assert_int_equal(SCAN("5 triệu.", &n), strlen("5 triệu"));
	assert_int_equal(SCAN("5 triệu/năm", &n), strlen("5 triệu"));
	assert_int_equal(SCAN("5 triệu" NBSP "đồng", &n), strlen("5 triệu"));
}

static void
scan_scale_needs_whole_word(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("5 triệuu", &n), 1);
	assert_int_equal(n.flags, 0);
	assert_dbl(n.value, 5);
	assert_int_equal(SCAN("5 tỷx", &n), 1);
	assert_int_equal(SCAN("5triệu", &n), 1);
	assert_int_equal(SCAN("5  triệu", &n), 1);
	assert_int_equal(SCAN("5 ng", &n), 1);
	/* A percentage is not scaled. */
	assert_int_equal(SCAN("5% triệu", &n), 2);
	assert_dbl(n.scale, 1);
}

static void
scan_ty_le_is_not_a_scale(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("5 tỷ lệ", &n), 1);
	assert_dbl(n.value, 5);
	assert_dbl(n.scale, 1);
	assert_int_equal(n.flags, 0);
	assert_int_equal(SCAN("5 tỉ lệ hộ nghèo", &n), 1);
	assert_dbl(n.value, 5);
	assert_int_equal(SCAN("5 tỷ lệ.", &n), 1);
	assert_int_equal(SCAN("5 tỷ đồng", &n), strlen("5 tỷ"));
	assert_dbl(n.value, 5e9);
}

/* num_scan: the rules of ambiguity. */

static void
scan_english_point_first_group_zero(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("0.06%", &n), 5);
	assert_dbl(n.value, 0.06);
	assert_dbl(n.alt, 0.06);
	assert_int_equal(n.decimals, 2);
	assert_int_equal(n.numlen, 4);
	assert_int_equal(n.flags, NUM_PERCENT | NUM_AMBIGUOUS | NUM_ENGLISH |
	    NUM_DECIMAL);
	assert_non_null(n.why);
	/* "0.060" has three digits but a group cannot follow 0. */
	assert_int_equal(SCAN("0.060", &n), 5);
	assert_dbl(n.value, 0.06);
	assert_true(n.flags & NUM_AMBIGUOUS);
	assert_true(n.flags & NUM_ENGLISH);
}

static void
scan_english_point_group_not_three(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("12.5", &n), 4);
	assert_dbl(n.value, 12.5);
	assert_int_equal(n.decimals, 1);
	assert_int_equal(n.flags, NUM_AMBIGUOUS | NUM_ENGLISH | NUM_DECIMAL);
	assert_non_null(n.why);
	assert_int_equal(SCAN("1.30", &n), 4);
	assert_dbl(n.value, 1.3);
	assert_int_equal(n.decimals, 2);
	assert_true(n.flags & NUM_AMBIGUOUS);
	assert_int_equal(SCAN("1.3025", &n), 6);
	assert_dbl(n.value, 1.3025);
	assert_true(n.flags & NUM_ENGLISH);
}

static void
scan_english_point_long_first_group(void **state)
{
	struct num n;

	(void)state;
	/* A first group of four digits cannot be followed by groups. */
	assert_int_equal(SCAN("1234.567", &n), 8);
	assert_dbl(n.value, 1234.567);
	assert_true(n.flags & NUM_AMBIGUOUS);
	assert_true(n.flags & NUM_ENGLISH);
}

static void
scan_comma_three_digits_is_ambiguous(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("2,803", &n), 5);
	assert_dbl(n.value, 2.803);
	assert_dbl(n.alt, 2803);
	assert_int_equal(n.decimals, 3);
	assert_int_equal(n.flags, NUM_AMBIGUOUS | NUM_DECIMAL);
	assert_non_null(n.why);
	assert_int_equal(SCAN("3,098", &n), 5);
	assert_dbl(n.value, 3.098);
	assert_dbl(n.alt, 3098);
	assert_true(n.flags & NUM_AMBIGUOUS);
	assert_int_equal(SCAN("999,999%", &n), 8);
	assert_dbl(n.value, 999.999);
	assert_dbl(n.alt, 999999);
	assert_true(n.flags & NUM_PERCENT);
}

static void
scan_comma_three_digits_neighbours(void **state)
{
	struct num n;

	(void)state;
	/* Integer part 0 cannot be a thousands group. */
	assert_int_equal(SCAN("0,125", &n), 5);
	assert_dbl(n.value, 0.125);
	assert_int_equal(n.flags, NUM_DECIMAL);
	assert_null(n.why);
	/* Leading zero: not a group either. */
	assert_int_equal(SCAN("01,234", &n), 6);
	assert_dbl(n.value, 1.234);
	assert_int_equal(n.flags & NUM_AMBIGUOUS, 0);
	/* Four integer digits: not a group. */
	assert_int_equal(SCAN("1234,567", &n), 8);
	assert_dbl(n.value, 1234.567);
	assert_int_equal(n.flags, NUM_DECIMAL);
	/* Not exactly three decimals. */
	assert_int_equal(SCAN("2,8035", &n), 6);
	assert_int_equal(n.flags, NUM_DECIMAL);
	assert_int_equal(SCAN("2,80", &n), 4);
	assert_int_equal(n.flags, NUM_DECIMAL);
}

static void
scan_unambiguous_forms(void **state)
{
	static const char *const ok[] = {
		"0,125", "1,5", "1.302", "1.303,5", "13,25", "6,8", "01", "100%",
		"177.000.000", "1.302,500", "428 triệu",
	};
	struct num n;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(SCAN(ok[i], &n), strlen(ok[i]));
		assert_int_equal(n.flags & (NUM_AMBIGUOUS | NUM_ENGLISH), 0);
		assert_null(n.why);
		assert_dbl(n.alt, n.value);
	}
}

static void
scan_english_grouping(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("1,303.5", &n), 7);
	assert_dbl(n.value, 1303.5);
	assert_dbl(n.alt, 1303.5);
	assert_int_equal(n.decimals, 1);
	assert_int_equal(n.flags, NUM_AMBIGUOUS | NUM_ENGLISH | NUM_DECIMAL);
	assert_non_null(n.why);
	assert_int_equal(SCAN("12,345,678.25%", &n), 14);
	assert_dbl(n.value, 12345678.25);
	assert_true(n.flags & NUM_PERCENT);
}

static void
scan_english_grouping_without_point(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("1,303,000", &n), 9);
	assert_dbl(n.value, 1303000);
	assert_int_equal(n.decimals, 0);
	assert_int_equal(n.flags, NUM_AMBIGUOUS | NUM_ENGLISH);
	/* A short second group ends the number after the first. */
	assert_int_equal(SCAN("1,303,00", &n), 5);
	assert_dbl(n.value, 1.303);
	assert_dbl(n.alt, 1303);
}

static void
scan_punctuation_ends_number(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("100%.", &n), 4);
	assert_dbl(n.value, 100);
	assert_int_equal(SCAN("20, 28", &n), 2);
	assert_dbl(n.value, 20);
	assert_int_equal(n.flags, 0);
	assert_int_equal(SCAN("20 hồ sơ, 28", &n), 2);
	assert_int_equal(SCAN("1,5.", &n), 3);
	assert_dbl(n.value, 1.5);
	assert_int_equal(SCAN("1.302.", &n), 5);
	assert_dbl(n.value, 1302);
	assert_int_equal(SCAN("1.", &n), 1);
	assert_int_equal(SCAN("7,", &n), 1);
	assert_int_equal(SCAN("7,a", &n), 1);
	assert_int_equal(SCAN("12.5.", &n), 4);
	assert_dbl(n.value, 12.5);
	assert_int_equal(SCAN("1.303,5;", &n), 7);
}

static void
scan_longest_wellformed_prefix(void **state)
{
	struct num n;

	(void)state;
	/* The group ".5" is too short; "1.302" stands alone. */
	assert_int_equal(SCAN("1.302.5", &n), 5);
	assert_dbl(n.value, 1302);
	assert_int_equal(n.flags, NUM_GROUPED);
	/* A second decimal mark is not read. */
	assert_int_equal(SCAN("1,5,3", &n), 3);
	assert_dbl(n.value, 1.5);
	assert_int_equal(SCAN("12,5.3", &n), 4);
	assert_dbl(n.value, 12.5);
	assert_int_equal(SCAN("1.30.5", &n), 4);
	assert_dbl(n.value, 1.3);
}

static void
scan_spaced_comma_only_in_fields(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(SCAN("167, 2", &n), 3);
	assert_dbl(n.value, 167);
	assert_int_equal(n.flags & NUM_SPACED, 0);
}

static void
scan_not_a_number(void **state)
{
	static const char *const no[] = {
		"", "abc", "-", "+", ".5", ",5", "-a", "+-1", "--1", " 1", "%",
		"tỷ", "\xff", "-.5",
	};
	struct num n;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		assert_int_equal(SCAN(no[i], &n), 0);
		assert_int_equal(n.len, 0);
	}
	assert_int_equal(num_scan(NULL, 0, &n), 0);
}

/* num_scan: never past len. */

static void
scan_len_cuts_groups(void **state)
{
	struct num n;

	(void)state;
	/* "1.3": a dot then one digit is an English decimal point. */
	assert_int_equal(scanx("1.302", 3, &n), 3);
	assert_dbl(n.value, 1.3);
	assert_true(n.flags & NUM_AMBIGUOUS);
	/* "1.": the dot has no digit within len. */
	assert_int_equal(scanx("1.302", 2, &n), 1);
	assert_dbl(n.value, 1);
	assert_int_equal(n.flags, 0);
	assert_int_equal(scanx("1.302", 1, &n), 1);
	assert_int_equal(scanx("1.302", 0, &n), 0);
	assert_int_equal(scanx("1.303,5", 6, &n), 5);
	assert_dbl(n.value, 1303);
	assert_int_equal(scanx("2,8031", 5, &n), 5);
	assert_true(n.flags & NUM_AMBIGUOUS);
}

static void
scan_len_cuts_suffixes(void **state)
{
	struct num n;

	(void)state;
	assert_int_equal(scanx("0,42%", 4, &n), 4);
	assert_int_equal(n.flags & NUM_PERCENT, 0);
	assert_int_equal(scanx("100 %", 4, &n), 3);
	assert_int_equal(n.flags, 0);
	assert_int_equal(scanx("100" NBSP "%", 4, &n), 3);
	/* Inside "triệu": no scale word. */
	assert_int_equal(scanx("5 triệu", 5, &n), 1);
	assert_int_equal(scanx("5 triệu", 7, &n), 1);
	assert_int_equal(scanx("5 triệu", strlen("5 triệu"), &n),
	    strlen("5 triệu"));
	/* " lệ" beyond len is not seen, so "tỷ" is a scale. */
	assert_int_equal(scanx("5 tỷ lệ", strlen("5 tỷ"), &n),
	    strlen("5 tỷ"));
	assert_dbl(n.value, 5e9);
	assert_int_equal(scanx("5 tỷ lệ", strlen("5 tỷ l"), &n),
	    strlen("5 tỷ"));
}

static void
check_scan_bounds(const char *s, size_t len)
{
	struct num n;
	size_t	 r;

	r = scanx(s, len, &n);
	assert_true(r <= len);
	assert_int_equal(r, n.len);
	if (r > 0) {
		assert_true(n.numlen > 0);
		assert_true(n.numlen <= r);
		assert_true(n.decimals >= 0);
		assert_true((n.why != NULL) == ((n.flags & NUM_AMBIGUOUS) != 0));
		assert_false(isnan(n.value));
	}
}

static void
check_field_bounds(const char *s, size_t len)
{
	struct num n;
	size_t	 off, ulen;
	const char *why;
	char	*p = malloc(len > 0 ? len : 1);

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	if (num_parse_field(p, len, &n, &off, &ulen, &why) == 0) {
		assert_null(why);
		assert_true(off <= len);
		assert_true(ulen <= len - off);
	} else
		assert_non_null(why);
	free(p);
}

static void
check_machine_bounds(const char *s, size_t len)
{
	double	 v;

	(void)machx(s, len, &v);
}

static void
robust_every_prefix_and_suffix(void **state)
{
	static const char *const tricky[] = {
		"1.302", "1.303,5", "0,42%", "0.06%", "12.5", "1.30", "2,803",
		"1,303.5", "1,303,000.25", "177.000.000 đồng", "428 triệu",
		"1,5 tỷ", "5 tỷ lệ", "5 tỉ lệ", "100 %", "100\xc2\xa0%",
		"167, 2", "1..2", "1.30.5", "-1.302,5 nghìn", "+0,125 ngàn",
		"01", "\xe1\xbb", "5 t\xe1\xbb", "5 \xc2", "9\xff,\x80",
		"1,5 tỷ\xc2\xa0", "99.999.999.999.999.999.999.999,99999999999",
		"0,0000000000000000000000000000000000000000000000000000001",
		"1 302", " \t 12 ha \r\n", "100%.", "7,,", ".,.,", "-", "+",
	};
	size_t	 i, a, len, sl;

	(void)state;
	for (i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
		sl = strlen(tricky[i]);
		for (a = 0; a <= sl; a++)
			for (len = 0; a + len <= sl; len++) {
				check_scan_bounds(tricky[i] + a, len);
				check_field_bounds(tricky[i] + a, len);
				check_machine_bounds(tricky[i] + a, len);
			}
	}
}

static void
robust_random_bytes(void **state)
{
	static const char alpha[] = "0123456789.,%-+ \t\xc2\xa0\xe1\xbb\xb7"
	    "tnghìàriệuỷỉl\xff\x80\x00";
	char	 s[16];
	unsigned long x = 12345;
	size_t	 i, j, len;

	(void)state;
	for (i = 0; i < 30000; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		len = (x >> 33) % sizeof s;
		for (j = 0; j < len; j++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			s[j] = alpha[(x >> 33) % (sizeof alpha - 1)];
		}
		check_scan_bounds(s, len);
		check_field_bounds(s, len);
		check_machine_bounds(s, len);
	}
}

static void
robust_long_digit_runs(void **state)
{
	struct num n;
	char	*s;
	size_t	 len = 5000, i;

	(void)state;
	s = malloc(len);
	assert_non_null(s);
	memset(s, '9', len);
	assert_int_equal(scanx(s, len, &n), len);
	assert_true(isinf(n.value));
	s[0] = '0';
	s[1] = ',';
	for (i = 2; i < len; i++)
		s[i] = '0';
	s[len - 1] = '7';
	assert_int_equal(scanx(s, len, &n), len);
	assert_dbl(n.value, 0);
	assert_int_equal(n.decimals, (int)(len - 2));
	free(s);
}

/* num_parse_field. */

static void
field_vietnamese_forms(void **state)
{
	struct num n;
	size_t	 off, ulen;
	const char *why = "unset";

	(void)state;
	assert_int_equal(fieldx("1.303,5", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 1303.5);
	assert_int_equal(ulen, 0);
	assert_null(why);
	assert_int_equal(fieldx(" 0,42% ", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 0.42);
	assert_true(n.flags & NUM_PERCENT);
	assert_int_equal(ulen, 0);
	assert_int_equal(fieldx("01", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 1);
	assert_true(n.flags & NUM_LEADING_ZERO);
	assert_int_equal(fieldx("-5", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, -5);
}

static void
field_with_unit(void **state)
{
	struct num n;
	size_t	 off, ulen;
	const char *why;

	(void)state;
	assert_int_equal(fieldx("177.000.000 đồng", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 177000000);
	assert_int_equal(off, strlen("177.000.000 "));
	assert_int_equal(ulen, strlen("đồng"));
	assert_int_equal(fieldx("  12 ha  ", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 12);
	assert_int_equal(off, 5);
	assert_int_equal(ulen, 2);
	assert_int_equal(fieldx("1,5 tỷ đồng" NBSP, &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 1.5e9);
	assert_int_equal(off, strlen("1,5 tỷ "));
	assert_int_equal(ulen, strlen("đồng"));
	assert_int_equal(fieldx("5 tỷ lệ", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 5);
	assert_int_equal(off, 2);
	assert_int_equal(ulen, strlen("tỷ lệ"));
	assert_int_equal(fieldx("130ha", &n, &off, &ulen, &why), 0);
	assert_int_equal(off, 3);
	assert_int_equal(ulen, 2);
}

static void
field_spaced_decimal_comma(void **state)
{
	struct num n;
	size_t	 off, ulen;
	const char *why;

	(void)state;
	assert_int_equal(fieldx("167, 2", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 167.2);
	assert_dbl(n.alt, 167);
	assert_int_equal(n.decimals, 1);
	assert_int_equal(n.flags, NUM_SPACED | NUM_AMBIGUOUS | NUM_DECIMAL);
	assert_non_null(n.why);
	assert_int_equal(ulen, 0);
	assert_int_equal(fieldx("167, 2 ha", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 167.2);
	assert_int_equal(ulen, 2);
}

static void
field_ambiguous_is_success(void **state)
{
	struct num n;
	size_t	 off, ulen;
	const char *why;

	(void)state;
	assert_int_equal(fieldx("0.06%", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 0.06);
	assert_true(n.flags & NUM_AMBIGUOUS);
	assert_non_null(n.why);
	assert_int_equal(fieldx("2,803", &n, &off, &ulen, &why), 0);
	assert_dbl(n.alt, 2803);
	assert_int_equal(fieldx("1,303.5", &n, &off, &ulen, &why), 0);
	assert_dbl(n.value, 1303.5);
}

static void
field_malformed(void **state)
{
	static const char *const bad[] = {
		"1..2", "1.30.5", "1.302.5", "1,5,3", "abc", "", "   ", "1.",
		"1,", "1 302", "100%.", "7,,5", "ha 12", "-", "1.303,5.2",
	};
	struct num n;
	size_t	 off, ulen, i;
	const char *why;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		off = ulen = 99;
		if (fieldx(bad[i], &n, &off, &ulen, &why) != -1) {
			print_error("accepted \"%s\"\n", bad[i]);
			fail();
		}
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		assert_int_equal(ulen, 0);
	}
}

static void
field_malformed_reasons_differ(void **state)
{
	struct num n;
	const char *a, *b, *c;

	(void)state;
	assert_int_equal(fieldx("1..2", &n, NULL, NULL, &a), -1);
	assert_int_equal(fieldx("1.30.5", &n, NULL, NULL, &b), -1);
	assert_int_equal(fieldx("abc", &n, NULL, NULL, &c), -1);
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);
}

static void
field_optional_outputs(void **state)
{
	(void)state;
	assert_int_equal(fieldx("12 ha", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(fieldx("x", NULL, NULL, NULL, NULL), -1);
}

/* num_parse_machine. */

static void
machine_accepts(void **state)
{
	double	 v;

	(void)state;
	assert_int_equal(MACH("0", &v), 0);
	assert_dbl(v, 0);
	assert_int_equal(MACH("1303.5", &v), 0);
	assert_dbl(v, 1303.5);
	assert_int_equal(MACH("177000000", &v), 0);
	assert_dbl(v, 177000000);
	assert_int_equal(MACH("0.42", &v), 0);
	assert_dbl(v, 0.42);
	assert_int_equal(MACH("-3", &v), 0);
	assert_dbl(v, -3);
	assert_int_equal(MACH("-0.5", &v), 0);
	assert_dbl(v, -0.5);
	assert_int_equal(MACH("007", &v), 0);
	assert_dbl(v, 7);
	assert_int_equal(MACH("1.0", &v), 0);
	assert_dbl(v, 1);
	assert_int_equal(MACH("0.1000000000000000055511151231257827", &v), 0);
	assert_dbl(v, 0.1);
}

static void
machine_rejects(void **state)
{
	static const char *const bad[] = {
		"", "1,5", "1.303,5", " 1", "1 ", "1e3", "+1", "NaN", "nan",
		"inf", "-", ".5", "5.", "1.2.3", "--1", "1-", "0x10", "-.5",
		"1.302.000", "１", "12%", "\xff",
	};
	double	 v = 42;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (MACH(bad[i], &v) != -1) {
			print_error("accepted \"%s\"\n", bad[i]);
			fail();
		}
	}
	assert_dbl(v, 42);
}

static void
machine_length_limit(void **state)
{
	char	 s[402];
	double	 v;

	(void)state;
	/* 400 characters: enough for any double written in fixed notation. */
	memset(s, '0', sizeof s);
	s[399] = '5';
	assert_int_equal(machx(s, 400, &v), 0);
	assert_dbl(v, 5);
	s[400] = '5';
	assert_int_equal(machx(s, 401, &v), -1);
	/* 400 nines are beyond any double: refused, not read as infinity. */
	memset(s, '9', 400);
	assert_int_equal(machx(s, 400, &v), -1);
}

static void
machine_huge_round_trips(void **state)
{
	static const double vals[] = { -1e63, 1.7976931348623157e308,
	    4.9406564584124654e-324, -2.2250738585072014e-308, 1e22 };
	struct buf b = BUF_INIT;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		buf_reset(&b);
		num_format_machine(&b, vals[i]);
		assert_int_equal(num_parse_machine(b.data, b.len, &v), 0);
		assert_true(v == vals[i]);
	}
	buf_free(&b);
}

static void
machine_respects_len(void **state)
{
	double	 v;

	(void)state;
	assert_int_equal(machx("12345", 2, &v), 0);
	assert_dbl(v, 12);
	assert_int_equal(machx("1.5", 2, &v), -1);
	assert_int_equal(machx("1.5", 0, &v), -1);
	assert_int_equal(num_parse_machine(NULL, 0, &v), -1);
}

/* num_format. */

static void
format_grouping(void **state)
{
	(void)state;
	FMT(1302, 0, 0, "1.302");
	FMT(177000000, 0, 0, "177.000.000");
	FMT(999, 0, 0, "999");
	FMT(1000, 0, 0, "1.000");
	FMT(100000, 0, 0, "100.000");
	FMT(0, 0, 0, "0");
	FMT(1e15, 0, 0, "1.000.000.000.000.000");
}

static void
format_decimals(void **state)
{
	(void)state;
	FMT(1303.5, 1, 0, "1.303,5");
	FMT(0.42, 2, 0, "0,42");
	FMT(12345678.9, 1, 0, "12.345.678,9");
	FMT(1234.5678, 0, 0, "1.235");
	FMT(1234.5678, 1, 0, "1.234,6");
	FMT(1234.5678, 2, 0, "1.234,57");
	FMT(1234.5678, 3, 0, "1.234,568");
	FMT(100, 2, 0, "100,00");
	FMT(0.123456789, 9, 0, "0,123456789");
	FMT(0.05, 1, 0, "0,1");
}

static void
format_rounds_half_away_from_zero(void **state)
{
	(void)state;
	FMT(0.125, 2, 0, "0,13");
	FMT(262.2222, 2, 0, "262,22");
	FMT(2.675, 2, 0, "2,68");
	FMT(1.005, 2, 0, "1,01");
	FMT(0.045, 2, 0, "0,05");
	FMT(0.5, 0, 0, "1");
	FMT(1.5, 0, 0, "2");
	FMT(2.5, 0, 0, "3");
	FMT(-2.5, 0, 0, "-3");
	FMT(-0.125, 2, 0, "-0,13");
	FMT(9.995, 2, 0, "10,00");
	FMT(999.5, 0, 0, "1.000");
	FMT(999999.95, 1, 0, "1.000.000,0");
	FMT(0.0049, 2, 0, "0,00");
	FMT(0.005, 2, 0, "0,01");
}

static void
format_negative(void **state)
{
	(void)state;
	FMT(-1303.5, 1, 0, "-1.303,5");
	FMT(-1234567, 0, 0, "-1.234.567");
	FMT(-0.42, 2, 0, "-0,42");
	FMT(-3, 0, 0, "-3");
}

static void
format_never_minus_zero(void **state)
{
	(void)state;
	FMT(-0.0, 0, 0, "0");
	FMT(-0.0, 2, 0, "0,00");
	FMT(-0.004, 2, 0, "0,00");
	FMT(-0.4, 0, 0, "0");
	FMT(-0.4, 0, NUM_FMT_PAD2, "00");
	FMT(-0.004, 2, NUM_FMT_TRIM, "0");
}

static void
format_trim(void **state)
{
	(void)state;
	FMT(130.5, 2, NUM_FMT_TRIM, "130,5");
	FMT(130.5, 2, 0, "130,50");
	FMT(100, 2, NUM_FMT_TRIM, "100");
	FMT(0.1, 2, NUM_FMT_TRIM, "0,1");
	FMT(1.999, 2, NUM_FMT_TRIM, "2");
	FMT(1302, 2, NUM_FMT_TRIM, "1.302");
	FMT(262.2222, 2, NUM_FMT_TRIM, "262,22");
	FMT(1000, 0, NUM_FMT_TRIM, "1.000");
}

static void
format_pad2(void **state)
{
	(void)state;
	FMT(6, 0, NUM_FMT_PAD2, "06");
	FMT(22, 0, NUM_FMT_PAD2, "22");
	FMT(0, 0, NUM_FMT_PAD2, "00");
	FMT(123, 0, NUM_FMT_PAD2, "123");
	FMT(-6, 0, NUM_FMT_PAD2, "-06");
	FMT(6.5, 1, NUM_FMT_PAD2, "06,5");
	FMT(9.6, 0, NUM_FMT_PAD2, "10");
	FMT(6, 2, NUM_FMT_PAD2 | NUM_FMT_TRIM, "06");
}

static void
format_nogroup(void **state)
{
	(void)state;
	FMT(2023, 0, NUM_FMT_NOGROUP, "2023");
	FMT(1303.5, 1, NUM_FMT_NOGROUP, "1303,5");
	FMT(-177000000, 0, NUM_FMT_NOGROUP, "-177000000");
}

static void
format_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "x=");
	num_format(&b, 1302, 0, 0);
	buf_puts(&b, "; ");
	num_format(&b, 0.42, 2, 0);
	assert_string_equal(buf_str(&b), "x=1.302; 0,42");
	buf_free(&b);
}

static void
format_reads_back(void **state)
{
	struct buf b = BUF_INIT;
	struct num n;
	double	 v;
	int	 i;

	(void)state;
	/* What num_format writes, num_scan reads as the rounded value. */
	for (i = -2000; i <= 2000; i++) {
		v = i * 1234.5678 / 7;
		buf_reset(&b);
		num_format(&b, v, 2, 0);
		assert_int_equal(scanx(b.data, b.len, &n), b.len);
		assert_dbl(n.value, num_round(v, 2));
		assert_int_equal(n.flags & (NUM_AMBIGUOUS | NUM_ENGLISH), 0);
	}
	buf_free(&b);
}

/* num_round. */

static void
round_half_away_from_zero(void **state)
{
	(void)state;
	assert_dbl(num_round(0.125, 2), 0.13);
	assert_dbl(num_round(2.675, 2), 2.68);
	assert_dbl(num_round(262.2222, 2), 262.22);
	assert_dbl(num_round(1.005, 2), 1.01);
	assert_dbl(num_round(2.5, 0), 3);
	assert_dbl(num_round(-2.5, 0), -3);
	assert_dbl(num_round(-0.125, 2), -0.13);
	assert_dbl(num_round(1303.45, 1), 1303.5);
	assert_dbl(num_round(88.0 / 100 * 100, 2), 88);
	assert_dbl(num_round(1e20, 2), 1e20);
	assert_dbl(num_round(5, 0), 5);
}

static void
round_no_negative_zero(void **state)
{
	double	 r;

	(void)state;
	r = num_round(-0.004, 2);
	assert_dbl(r, 0);
	assert_false(signbit(r));
	r = num_round(-0.0, 0);
	assert_false(signbit(r));
}

/* num_format_machine. */

static void
machine_format_examples(void **state)
{
	(void)state;
	MFMT(1303.5, "1303.5");
	MFMT(177000000, "177000000");
	MFMT(0.42, "0.42");
	MFMT(-3, "-3");
	MFMT(1e-7, "0.0000001");
	MFMT(0, "0");
	MFMT(0.1, "0.1");
	MFMT(0.1 + 0.2, "0.30000000000000004");
	MFMT(1e21, "1000000000000000000000");
	MFMT(-0.5, "-0.5");
	MFMT(123456.789, "123456.789");
}

static void
machine_format_negative_zero(void **state)
{
	(void)state;
	MFMT(-0.0, "0");
}

static void
machine_format_nonfinite(void **state)
{
	struct buf b = BUF_INIT;
	double	 v;

	(void)state;
	/* No plain decimal exists; whatever is written must not parse. */
	num_format_machine(&b, NAN);
	assert_int_equal(num_parse_machine(b.data, b.len, &v), -1);
	buf_reset(&b);
	num_format_machine(&b, -INFINITY);
	assert_int_equal(num_parse_machine(b.data, b.len, &v), -1);
	buf_free(&b);
}

/* v reads back through num_parse_machine, and no fewer %.*e digits would. */
static void
check_roundtrip(double v)
{
	struct buf b = BUF_INIT;
	char	 t[64], dig[400];
	double	 back;
	size_t	 i, n = 0, first = 0;
	int	 p;

	num_format_machine(&b, v);
	for (i = 0; i < b.len; i++) {
		assert_true((b.data[i] >= '0' && b.data[i] <= '9') ||
		    b.data[i] == '.' || (i == 0 && b.data[i] == '-'));
		if (b.data[i] >= '0' && b.data[i] <= '9' && n < sizeof dig)
			dig[n++] = b.data[i];
	}
	if (num_parse_machine(b.data, b.len, &back) != 0 || back != v) {
		print_error("%.17g -> \"%s\" does not read back\n", v,
		    buf_str(&b));
		buf_free(&b);
		fail();
	}
	/* Significant digits: no leading zeros, nor an integer's trailing. */
	while (first < n && dig[first] == '0')
		first++;
	if (strchr(buf_str(&b), '.') == NULL)
		while (n > first + 1 && dig[n - 1] == '0')
			n--;
	for (p = 1; p < (int)(n - first); p++) {
		snprintf(t, sizeof t, "%.*e", p - 1, v);
		if (strtod(t, NULL) == v) {
			print_error("%.17g -> \"%s\" but \"%s\" is shorter\n",
			    v, buf_str(&b), t);
			buf_free(&b);
			fail();
		}
	}
	buf_free(&b);
}

static void
machine_format_roundtrip_many(void **state)
{
	unsigned long x = 99;
	double	 v;
	int	 i, e;

	(void)state;
	for (i = -3000; i <= 3000; i++) {
		check_roundtrip(i);
		check_roundtrip(i / 7.0);
		check_roundtrip(i * 0.01);
		check_roundtrip(i * 0.1 + 0.2);
		check_roundtrip(i / 3.0 * 1e6);
	}
	for (e = -40; e <= 40; e++) {
		check_roundtrip(pow(10, e));
		check_roundtrip(-3.7 * pow(10, e));
	}
	for (i = 0; i < 20000; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		e = (int)((x >> 20) % 40) - 20;
		v = (double)(x >> 11) / 9007199254740992.0 * pow(10, e);
		check_roundtrip((x & 1) ? -v : v);
	}
	check_roundtrip(0.1 + 0.2);
	check_roundtrip(1e-7);
	check_roundtrip(9007199254740993.0);
	check_roundtrip(123456789012345678.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scan_plain_integer),
		cmocka_unit_test(scan_thousands_groups),
		cmocka_unit_test(scan_grouped_with_decimals),
		cmocka_unit_test(scan_decimal_comma),
		cmocka_unit_test(scan_sign),
		cmocka_unit_test(scan_percent_attached),
		cmocka_unit_test(scan_percent_after_one_blank),
		cmocka_unit_test(scan_leading_zero),
		cmocka_unit_test(scan_scale_words),
		cmocka_unit_test(scan_scale_is_exact),
		cmocka_unit_test(scan_scale_followed_by_unit),
		cmocka_unit_test(scan_scale_needs_whole_word),
		cmocka_unit_test(scan_ty_le_is_not_a_scale),
		cmocka_unit_test(scan_english_point_first_group_zero),
		cmocka_unit_test(scan_english_point_group_not_three),
		cmocka_unit_test(scan_english_point_long_first_group),
		cmocka_unit_test(scan_comma_three_digits_is_ambiguous),
		cmocka_unit_test(scan_comma_three_digits_neighbours),
		cmocka_unit_test(scan_unambiguous_forms),
		cmocka_unit_test(scan_english_grouping),
		cmocka_unit_test(scan_english_grouping_without_point),
		cmocka_unit_test(scan_punctuation_ends_number),
		cmocka_unit_test(scan_longest_wellformed_prefix),
		cmocka_unit_test(scan_spaced_comma_only_in_fields),
		cmocka_unit_test(scan_not_a_number),
		cmocka_unit_test(scan_len_cuts_groups),
		cmocka_unit_test(scan_len_cuts_suffixes),
		cmocka_unit_test(robust_every_prefix_and_suffix),
		cmocka_unit_test(robust_random_bytes),
		cmocka_unit_test(robust_long_digit_runs),
		cmocka_unit_test(field_vietnamese_forms),
		cmocka_unit_test(field_with_unit),
		cmocka_unit_test(field_spaced_decimal_comma),
		cmocka_unit_test(field_ambiguous_is_success),
		cmocka_unit_test(field_malformed),
		cmocka_unit_test(field_malformed_reasons_differ),
		cmocka_unit_test(field_optional_outputs),
		cmocka_unit_test(machine_accepts),
		cmocka_unit_test(machine_rejects),
		cmocka_unit_test(machine_length_limit),
		cmocka_unit_test(machine_huge_round_trips),
		cmocka_unit_test(machine_respects_len),
		cmocka_unit_test(format_grouping),
		cmocka_unit_test(format_decimals),
		cmocka_unit_test(format_rounds_half_away_from_zero),
		cmocka_unit_test(format_negative),
		cmocka_unit_test(format_never_minus_zero),
		cmocka_unit_test(format_trim),
		cmocka_unit_test(format_pad2),
		cmocka_unit_test(format_nogroup),
		cmocka_unit_test(format_appends),
		cmocka_unit_test(format_reads_back),
		cmocka_unit_test(round_half_away_from_zero),
		cmocka_unit_test(round_no_negative_zero),
		cmocka_unit_test(machine_format_examples),
		cmocka_unit_test(machine_format_negative_zero),
		cmocka_unit_test(machine_format_nonfinite),
		cmocka_unit_test(machine_format_roundtrip_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
