/* test_period.c: unit tests of period.c: canonical periods, their months,
 * labels and data cut-off dates (Decree 09/2019/NĐ-CP by default, or a rules
 * table), and dates. Parsed strings are copied to heap blocks of exactly their
 * length, with no NUL, so that AddressSanitizer catches any read past len.
 * Expected values are worked out from the rules, not taken from output. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/period.h"

static int
parsex(const char *s, size_t len, struct period *p)
{
	char	*q = malloc(len > 0 ? len : 1);
	int	 r;

	assert_non_null(q);
	if (len > 0)
		memcpy(q, s, len);
	r = period_parse(q, len, p);
	free(q);
	return r;
}
#define PARSE(s, p) parsex((s), strlen(s), (p))

static int
dparsex(const char *s, size_t len, struct date *d)
{
	char	*q = malloc(len > 0 ? len : 1);
	int	 r;

	assert_non_null(q);
	if (len > 0)
		memcpy(q, s, len);
	r = date_parse(q, len, d);
	free(q);
	return r;
}
#define DPARSE(s, d) dparsex((s), strlen(s), (d))

static struct period
per(const char *s)
{
	struct period p;

	if (PARSE(s, &p) != 0) {
		print_error("cannot parse period \"%s\"\n", s);
		fail();
	}
	return p;
}

static void
checkp(const char *s, int year, enum period_kind kind, int n,
    const char *file, int line)
{
	struct period p;

	memset(&p, 0xa5, sizeof(p));
	if (PARSE(s, &p) != 0) {
		print_error("%s:%d: \"%s\" rejected\n", file, line, s);
		_fail(file, line);
	}
	if (p.year != year || p.kind != kind || p.n != n) {
		print_error("%s:%d: \"%s\" = {%d, %d, %d}, want {%d, %d, %d}\n",
		    file, line, s, p.year, (int)p.kind, p.n, year, (int)kind, n);
		_fail(file, line);
	}
}
#define CHECKP(s, y, k, n) checkp((s), (y), (k), (n), __FILE__, __LINE__)

static void
checkstr(struct buf *b, const char *want, const char *file, int line)
{
	if (strcmp(buf_str(b), want) != 0) {
		print_error("%s:%d: got \"%s\", want \"%s\"\n", file, line,
		    buf_str(b), want);
		buf_free(b);
		_fail(file, line);
	}
	buf_free(b);
}

static void
checklabel(const char *s, const char *want, const char *file, int line)
{
	struct buf b = BUF_INIT;
	struct period p = per(s);

	period_label(&b, &p);
	checkstr(&b, want, file, line);
}
#define LABEL(s, want) checklabel((s), (want), __FILE__, __LINE__)

static void
checkdate(const struct date *d, int y, int m, int day, const char *file,
    int line)
{
	if (d->year != y || d->month != m || d->day != day) {
		print_error("%s:%d: %02d/%02d/%04d, want %02d/%02d/%04d\n",
		    file, line, d->day, d->month, d->year, day, m, y);
		_fail(file, line);
	}
}

/* Cut-off of period s under rules: from fd/fm/fy to td/tm/ty. */
static void
checkcut(const struct cutoff *rules, size_t n, const char *s, int fd, int fm,
    int fy, int td, int tm, int ty, const char *file, int line)
{
	struct period p = per(s);
	struct date from, to;

	memset(&from, 0, sizeof(from));
	memset(&to, 0, sizeof(to));
	period_cutoff(rules, n, &p, &from, &to);
	checkdate(&from, fy, fm, fd, file, line);
	checkdate(&to, ty, tm, td, file, line);
}
#define CUT(s, fd, fm, fy, td, tm, ty) \
	checkcut(NULL, 0, (s), (fd), (fm), (fy), (td), (tm), (ty), \
	    __FILE__, __LINE__)
#define CUTR(r, n, s, fd, fm, fy, td, tm, ty) \
	checkcut((r), (n), (s), (fd), (fm), (fy), (td), (tm), (ty), \
	    __FILE__, __LINE__)

/* ---- period_parse ---- */

static void
parse_year(void **state)
{
	(void)state;
	CHECKP("2023", 2023, PERIOD_YEAR, 0);
	CHECKP("2024", 2024, PERIOD_YEAR, 0);
	CHECKP("1990", 1990, PERIOD_YEAR, 0);
}

static void
parse_halves_and_nine(void **state)
{
	(void)state;
	CHECKP("2023-H1", 2023, PERIOD_HALF, 1);
	CHECKP("2023-H2", 2023, PERIOD_HALF, 2);
	CHECKP("2023-9M", 2023, PERIOD_NINE, 0);
}

static void
parse_quarters(void **state)
{
	(void)state;
	CHECKP("2023-Q1", 2023, PERIOD_QUARTER, 1);
	CHECKP("2023-Q2", 2023, PERIOD_QUARTER, 2);
	CHECKP("2023-Q3", 2023, PERIOD_QUARTER, 3);
	CHECKP("2023-Q4", 2023, PERIOD_QUARTER, 4);
}

static void
parse_months(void **state)
{
	char	 s[32];
	int	 m;

	(void)state;
	CHECKP("2023-M01", 2023, PERIOD_MONTH, 1);
	CHECKP("2023-M09", 2023, PERIOD_MONTH, 9);
	CHECKP("2023-M10", 2023, PERIOD_MONTH, 10);
	CHECKP("2023-M12", 2023, PERIOD_MONTH, 12);
	for (m = 1; m <= 12; m++) {
		snprintf(s, sizeof s, "2024-M%02d", m);
		CHECKP(s, 2024, PERIOD_MONTH, m);
	}
}

static void
parse_rejects(void **state)
{
	static const char *const bad[] = {
		"2023-Q5", "2023-Q0", "2023-M13", "2023-M00", "2023-M1",
		"2023-M001", "2023-M1x", "23", "2023-h1", "2023-q1", "2023-m01",
		"2023-9m", "2023-", " 2023", "2023 ", "2023-H3", "2023-H0",
		"2023-H12", "2023-HH", "2023Q1", "2023-Q1 ", "2023-Q", "2023-M",
		"2023-9", "2023-9M1", "", "abcd", "20x3", "-2023", "202",
		"20231", "2023--Q1", "2023-Y", "2023-M-1", "2023-M+1",
		"2023-\xe2\x80\x93\x31", "0000", "0023", "0000-Q1",
	};
	struct period p;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (PARSE(bad[i], &p) != -1) {
			print_error("\"%s\" accepted\n", bad[i]);
			fail();
		}
}

static void
parse_respects_len(void **state)
{
	struct period p;

	(void)state;
	assert_int_equal(parsex("2023-Q1", 4, &p), 0);
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(p.year, 2023);
	assert_int_equal(parsex("2023-Q1", 5, &p), -1);
	assert_int_equal(parsex("2023-Q1", 6, &p), -1);
	assert_int_equal(parsex("2023-M12", 7, &p), -1);
	assert_int_equal(parsex("2023-M12", 8, &p), 0);
	assert_int_equal(p.n, 12);
	assert_int_equal(parsex("2023", 3, &p), -1);
	assert_int_equal(parsex("2023", 0, &p), -1);
}

static void
format_roundtrip(void **state)
{
	static const char *const all[] = {
		"2023", "2023-H1", "2023-H2", "2023-9M", "2023-Q1", "2023-Q2",
		"2023-Q3", "2023-Q4", "2023-M01", "2023-M02", "2023-M03",
		"2023-M04", "2023-M05", "2023-M06", "2023-M07", "2023-M08",
		"2023-M09", "2023-M10", "2023-M11", "2023-M12", "2024-M02",
	};
	struct buf b = BUF_INIT;
	struct period p;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		p = per(all[i]);
		buf_reset(&b);
		period_format(&b, &p);
		assert_string_equal(buf_str(&b), all[i]);
	}
	buf_free(&b);
}

static void
format_appends(void **state)
{
	struct buf b = BUF_INIT;
	struct period p = per("2023-M09");

	(void)state;
	buf_puts(&b, "kỳ ");
	period_format(&b, &p);
	assert_string_equal(buf_str(&b), "kỳ 2023-M09");
	buf_free(&b);
}

/* ---- labels ---- */

static void
labels(void **state)
{
	(void)state;
	LABEL("2023", "năm 2023");
	LABEL("2023-H1", "6 tháng đầu năm 2023");
	LABEL("2023-H2", "6 tháng cuối năm 2023");
	LABEL("2023-9M", "9 tháng năm 2023");
	LABEL("2023-Q1", "quý I năm 2023");
	LABEL("2023-Q2", "quý II năm 2023");
	LABEL("2023-Q3", "quý III năm 2023");
	LABEL("2023-Q4", "quý IV năm 2023");
	LABEL("2023-M09", "tháng 09 năm 2023");
	LABEL("2023-M01", "tháng 01 năm 2023");
	LABEL("2024-M12", "tháng 12 năm 2024");
}

/* ---- months, containment, equality ---- */

static void
checkmonths(const char *s, int first, int last, const char *file, int line)
{
	struct period p = per(s);
	int	 f = -1, l = -1;

	period_months(&p, &f, &l);
	if (f != first || l != last) {
		print_error("%s:%d: %s months %d..%d, want %d..%d\n", file, line,
		    s, f, l, first, last);
		_fail(file, line);
	}
}
#define MONTHS(s, f, l) checkmonths((s), (f), (l), __FILE__, __LINE__)

static void
months(void **state)
{
	(void)state;
	MONTHS("2023", 1, 12);
	MONTHS("2023-H1", 1, 6);
	MONTHS("2023-H2", 7, 12);
	MONTHS("2023-9M", 1, 9);
	MONTHS("2023-Q1", 1, 3);
	MONTHS("2023-Q2", 4, 6);
	MONTHS("2023-Q3", 7, 9);
	MONTHS("2023-Q4", 10, 12);
	MONTHS("2023-M01", 1, 1);
	MONTHS("2023-M09", 9, 9);
	MONTHS("2023-M12", 12, 12);
}

static bool
contains(const char *outer, const char *inner)
{
	struct period o = per(outer), i = per(inner);

	return period_contains(&o, &i);
}

static void
containment(void **state)
{
	(void)state;
	assert_true(contains("2023", "2023-Q3"));
	assert_true(contains("2023", "2023-M12"));
	assert_true(contains("2023", "2023"));
	assert_false(contains("2023", "2022-Q3"));
	assert_false(contains("2023", "2024-M01"));
	assert_true(contains("2023-H1", "2023-M06"));
	assert_false(contains("2023-H1", "2023-M07"));
	assert_true(contains("2023-H1", "2023-Q2"));
	assert_false(contains("2023-H1", "2023-Q3"));
	assert_true(contains("2023-H2", "2023-M07"));
	assert_false(contains("2023-H2", "2023-M06"));
	assert_true(contains("2023-9M", "2023-Q3"));
	assert_true(contains("2023-9M", "2023-M09"));
	assert_false(contains("2023-9M", "2023-Q4"));
	assert_false(contains("2023-9M", "2023-M10"));
	assert_true(contains("2023-Q3", "2023-M07"));
	assert_true(contains("2023-Q3", "2023-M09"));
	assert_false(contains("2023-Q3", "2023-M06"));
	assert_false(contains("2023-Q3", "2023-M10"));
	/* A longer period is not inside a shorter one. */
	assert_false(contains("2023-Q3", "2023-H2"));
	assert_false(contains("2023-M07", "2023-Q3"));
	assert_false(contains("2023-H1", "2023"));
	assert_true(contains("2023-M07", "2023-M07"));
	assert_false(contains("2023-M07", "2023-M08"));
}

static void
equality(void **state)
{
	struct period a = per("2023-Q3"), b = per("2023-Q3");

	(void)state;
	assert_true(period_equal(&a, &b));
	b = per("2023-Q2");
	assert_false(period_equal(&a, &b));
	b = per("2022-Q3");
	assert_false(period_equal(&a, &b));
	/* Same months, different kinds. */
	a = per("2023-M07");
	b = per("2023-Q3");
	assert_false(period_equal(&a, &b));
	a = per("2023-9M");
	b = per("2023");
	assert_false(period_equal(&a, &b));
}

static void
previous_year(void **state)
{
	struct period p = per("2023-Q3"), q;

	(void)state;
	q = period_previous_year(&p);
	assert_int_equal(q.year, 2022);
	assert_int_equal(q.kind, PERIOD_QUARTER);
	assert_int_equal(q.n, 3);
	assert_int_equal(p.year, 2023);
	p = per("2024-M01");
	q = period_previous_year(&p);
	assert_int_equal(q.year, 2023);
	assert_int_equal(q.kind, PERIOD_MONTH);
	assert_int_equal(q.n, 1);
	p = per("2023");
	q = period_previous_year(&p);
	assert_int_equal(q.year, 2022);
	assert_int_equal(q.kind, PERIOD_YEAR);
}

/* ---- cut-off dates ---- */

static void
default_rules_table(void **state)
{
	int	 k;

	(void)state;
	for (k = 0; k < PERIOD__MAX; k++) {
		assert_int_equal(period_default_cutoffs[k].kind, k);
		assert_int_equal(period_default_cutoffs[k].start_offset, -1);
		assert_int_equal(period_default_cutoffs[k].start_day, 15);
		assert_int_equal(period_default_cutoffs[k].end_offset, 0);
		assert_int_equal(period_default_cutoffs[k].end_day, 14);
	}
}

static void
cutoff_year_and_halves(void **state)
{
	(void)state;
	CUT("2023", 15, 12, 2022, 14, 12, 2023);
	CUT("2023-H1", 15, 12, 2022, 14, 6, 2023);
	CUT("2023-H2", 15, 6, 2023, 14, 12, 2023);
	CUT("2023-9M", 15, 12, 2022, 14, 9, 2023);
	CUT("2024", 15, 12, 2023, 14, 12, 2024);
}

static void
cutoff_quarters(void **state)
{
	(void)state;
	CUT("2024-Q1", 15, 12, 2023, 14, 3, 2024);
	CUT("2024-Q2", 15, 3, 2024, 14, 6, 2024);
	CUT("2023-Q3", 15, 6, 2023, 14, 9, 2023);
	CUT("2023-Q4", 15, 9, 2023, 14, 12, 2023);
}

static void
cutoff_months(void **state)
{
	(void)state;
	CUT("2024-M01", 15, 12, 2023, 14, 1, 2024);
	CUT("2024-M02", 15, 1, 2024, 14, 2, 2024);
	CUT("2024-M03", 15, 2, 2024, 14, 3, 2024);
	CUT("2023-M12", 15, 11, 2023, 14, 12, 2023);
}

static void
cutoff_custom_calendar_months(void **state)
{
	const struct cutoff cal[] = { { PERIOD_MONTH, 0, 1, 0, 31 } };

	(void)state;
	CUTR(cal, 1, "2024-M02", 1, 2, 2024, 29, 2, 2024);
	CUTR(cal, 1, "2023-M02", 1, 2, 2023, 28, 2, 2023);
	CUTR(cal, 1, "2023-M04", 1, 4, 2023, 30, 4, 2023);
	CUTR(cal, 1, "2023-M12", 1, 12, 2023, 31, 12, 2023);
	CUTR(cal, 1, "2100-M02", 1, 2, 2100, 28, 2, 2100);
	CUTR(cal, 1, "2000-M02", 1, 2, 2000, 29, 2, 2000);
}

static void
cutoff_missing_kind_falls_back(void **state)
{
	const struct cutoff cal[] = {
		{ PERIOD_MONTH, 0, 1, 0, 31 },
		{ PERIOD_QUARTER, 0, 1, 0, 31 },
	};

	(void)state;
	/* No rule for the year nor the nine months: Decree 09/2019. */
	CUTR(cal, 2, "2023", 15, 12, 2022, 14, 12, 2023);
	CUTR(cal, 2, "2023-9M", 15, 12, 2022, 14, 9, 2023);
	CUTR(cal, 2, "2023-H1", 15, 12, 2022, 14, 6, 2023);
	CUTR(cal, 2, "2023-Q2", 1, 4, 2023, 30, 6, 2023);
	CUTR(cal, 2, "2023-M06", 1, 6, 2023, 30, 6, 2023);
	/* An empty table is all defaults. */
	CUTR(cal, 0, "2023-M06", 15, 5, 2023, 14, 6, 2023);
}

static void
cutoff_provincial_nine_months(void **state)
{
	/* A province that closes nine months on 20 September, from 20 Dec. */
	const struct cutoff r[] = { { PERIOD_NINE, -1, 20, 0, 20 } };

	(void)state;
	CUTR(r, 1, "2023-9M", 20, 12, 2022, 20, 9, 2023);
	CUTR(r, 1, "2023", 15, 12, 2022, 14, 12, 2023);
}

static void
cutoff_offsets_cross_years(void **state)
{
	/* Two months back to two months on, end of month. */
	const struct cutoff r[] = { { PERIOD_QUARTER, -2, 1, 2, 31 } };

	(void)state;
	CUTR(r, 1, "2024-Q1", 1, 11, 2023, 31, 5, 2024);
	CUTR(r, 1, "2024-Q3", 1, 5, 2024, 30, 11, 2024);
	/* Into February of the next year, leap or not. */
	CUTR(r, 1, "2023-Q4", 1, 8, 2023, 29, 2, 2024);
	CUTR(r, 1, "2024-Q4", 1, 8, 2024, 28, 2, 2025);
}

/* ---- dates ---- */

static void
days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2023, 1), 31);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 6), 30);
	assert_int_equal(date_days_in_month(2023, 9), 30);
	assert_int_equal(date_days_in_month(2023, 11), 30);
	assert_int_equal(date_days_in_month(2023, 7), 31);
	assert_int_equal(date_days_in_month(2023, 8), 31);
	assert_int_equal(date_days_in_month(2023, 12), 31);
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

static void
date_parse_valid(void **state)
{
	struct date d;

	(void)state;
	assert_int_equal(DPARSE("2023-12-05", &d), 0);
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 5);
	assert_int_equal(DPARSE("2024-02-29", &d), 0);
	assert_int_equal(d.day, 29);
	assert_int_equal(DPARSE("2000-02-29", &d), 0);
	assert_int_equal(DPARSE("2023-01-31", &d), 0);
	assert_int_equal(DPARSE("2023-12-31", &d), 0);
	assert_int_equal(DPARSE("2023-01-01", &d), 0);
}

static void
date_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2023-02-30",
		"2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00",
		"2023-01-32", "2023-1-05", "2023-01-5", "23-01-05",
		"2023/01/05", "05/01/2023", "2023-01-05 ", " 2023-01-05",
		"2023-01-0a", "2023-0x-01", "2023-01-05T00", "", "2023-01",
		"2023-+1-05", "2023--1-05", "20230105xx",
	};
	struct date d = { 7, 7, 7 };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (DPARSE(bad[i], &d) != -1) {
			print_error("\"%s\" accepted\n", bad[i]);
			fail();
		}
	/* Untouched on failure. */
	assert_int_equal(d.year, 7);
	assert_int_equal(d.month, 7);
	assert_int_equal(d.day, 7);
}

static void
date_parse_respects_len(void **state)
{
	struct date d;

	(void)state;
	assert_int_equal(dparsex("2023-12-05", 9, &d), -1);
	assert_int_equal(dparsex("2023-12-055", 10, &d), 0);
	assert_int_equal(d.day, 5);
}

static void
date_validity(void **state)
{
	struct date d;

	(void)state;
	d.year = 2024, d.month = 2, d.day = 29;
	assert_true(date_valid(&d));
	d.year = 2023;
	assert_false(date_valid(&d));
	d.day = 28;
	assert_true(date_valid(&d));
	d.month = 0;
	assert_false(date_valid(&d));
	d.month = 13;
	assert_false(date_valid(&d));
	d.month = 12, d.day = 31;
	assert_true(date_valid(&d));
	d.day = 32;
	assert_false(date_valid(&d));
	d.day = 0;
	assert_false(date_valid(&d));
	memset(&d, 0, sizeof(d));
	assert_false(date_valid(&d));
	assert_false(date_isset(&d));
	d.year = 2023, d.month = 1, d.day = 1;
	assert_true(date_isset(&d));
}

static void
date_compare(void **state)
{
	struct date a = { 2023, 12, 14 }, b = { 2023, 12, 15 };

	(void)state;
	assert_true(date_cmp(&a, &b) < 0);
	assert_true(date_cmp(&b, &a) > 0);
	assert_int_equal(date_cmp(&a, &a), 0);
	b.year = 2022, b.month = 12, b.day = 31;
	assert_true(date_cmp(&a, &b) > 0);
	b.year = 2023, b.month = 11, b.day = 30;
	assert_true(date_cmp(&a, &b) > 0);
	b.month = 12, b.day = 14;
	assert_int_equal(date_cmp(&a, &b), 0);
}

static void
date_formats(void **state)
{
	struct buf b = BUF_INIT;
	struct date d = { 2023, 12, 5 };

	(void)state;
	date_format_vi(&b, &d);
	checkstr(&b, "05/12/2023", __FILE__, __LINE__);
	d.month = 1, d.day = 9;
	date_format_vi(&b, &d);
	checkstr(&b, "09/01/2023", __FILE__, __LINE__);
	d.month = 11, d.day = 26;
	date_format_vi(&b, &d);
	checkstr(&b, "26/11/2023", __FILE__, __LINE__);
	d.month = 2, d.day = 5;
	date_format_iso(&b, &d);
	checkstr(&b, "2023-02-05", __FILE__, __LINE__);
}

static void
date_iso_roundtrip(void **state)
{
	struct buf b = BUF_INIT;
	struct date d, e;
	int	 y, m;

	(void)state;
	for (y = 2023; y <= 2024; y++)
		for (m = 1; m <= 12; m++) {
			d.year = y, d.month = m;
			d.day = date_days_in_month(y, m);
			buf_reset(&b);
			date_format_iso(&b, &d);
			assert_int_equal(dparsex(b.data, b.len, &e), 0);
			assert_int_equal(date_cmp(&d, &e), 0);
		}
	buf_free(&b);
}

static void
eq_date(struct date d, int y, int m, int dd)
{
	assert_int_equal(d.year, y);
	assert_int_equal(d.month, m);
	assert_int_equal(d.day, dd);
}

static void
date_day_before(void **state)
{
	struct date d = { 2025, 7, 1 };

	(void)state;
	eq_date(date_prev_day(&d), 2025, 6, 30);
	d = (struct date){ 2025, 1, 1 };
	eq_date(date_prev_day(&d), 2024, 12, 31);
	d = (struct date){ 2024, 3, 1 };
	eq_date(date_prev_day(&d), 2024, 2, 29);	/* leap year */
	d = (struct date){ 2025, 3, 1 };
	eq_date(date_prev_day(&d), 2025, 2, 28);
	d = (struct date){ 2025, 3, 15 };
	eq_date(date_prev_day(&d), 2025, 3, 14);
}

static void
period_last_days(void **state)
{
	struct period p;

	(void)state;
	assert_int_equal(period_parse("2025", 4, &p), 0);
	eq_date(period_last_day(&p), 2025, 12, 31);
	assert_int_equal(period_parse("2025-H1", 7, &p), 0);
	eq_date(period_last_day(&p), 2025, 6, 30);
	assert_int_equal(period_parse("2025-9M", 7, &p), 0);
	eq_date(period_last_day(&p), 2025, 9, 30);
	assert_int_equal(period_parse("2024-Q1", 7, &p), 0);
	eq_date(period_last_day(&p), 2024, 3, 31);
	assert_int_equal(period_parse("2024-M02", 8, &p), 0);
	eq_date(period_last_day(&p), 2024, 2, 29);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_year),
		cmocka_unit_test(parse_halves_and_nine),
		cmocka_unit_test(parse_quarters),
		cmocka_unit_test(parse_months),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(parse_respects_len),
		cmocka_unit_test(format_roundtrip),
		cmocka_unit_test(format_appends),
		cmocka_unit_test(labels),
		cmocka_unit_test(months),
		cmocka_unit_test(containment),
		cmocka_unit_test(equality),
		cmocka_unit_test(previous_year),
		cmocka_unit_test(default_rules_table),
		cmocka_unit_test(cutoff_year_and_halves),
		cmocka_unit_test(cutoff_quarters),
		cmocka_unit_test(cutoff_months),
		cmocka_unit_test(cutoff_custom_calendar_months),
		cmocka_unit_test(cutoff_missing_kind_falls_back),
		cmocka_unit_test(cutoff_provincial_nine_months),
		cmocka_unit_test(cutoff_offsets_cross_years),
		cmocka_unit_test(days_in_month),
		cmocka_unit_test(date_parse_valid),
		cmocka_unit_test(date_parse_invalid),
		cmocka_unit_test(date_parse_respects_len),
		cmocka_unit_test(date_validity),
		cmocka_unit_test(date_compare),
		cmocka_unit_test(date_formats),
		cmocka_unit_test(date_iso_roundtrip),
		cmocka_unit_test(date_day_before),
		cmocka_unit_test(period_last_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
