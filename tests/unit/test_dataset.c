/* test_dataset.c: dataset_set_values, the importer's checks for values
 * given one by one (ktxh set, the API) or a page at a time (Nhập số liệu):
 * all or nothing, the messages of each row with that row, and units known
 * by the codes the rows name (the store holds a few hundred others). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/dataset.h"
#include "store/store.h"

#define NUNITS 300

static struct store *
catalogue(void)
{
	struct store *s = NULL;
	struct buf err = BUF_INIT;
	struct unit u;
	struct indicator ind;
	char code[16], name[32];
	int from, to, i;

	assert_int_equal(store_open(":memory:", true, &s, &err), 0);
	assert_int_equal(store_migrate(s, &from, &to), 0);
	assert_int_equal(store_begin(s), 0);
	for (i = 0; i <= NUNITS; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(code, sizeof(code), i == 0 ? "99001" : "5%05d", i);
		snprintf(name, sizeof(name), "Xã %d", i);
		u.code = code;
		u.name = name;
		u.kind = "xã";
		assert_int_equal(store_put_unit(s, &u, code), 0);
	}
	memset(&ind, 0, sizeof(ind));
	ind.code = "KT01";
	ind.name = "Cây trồng phân tán";
	ind.sector = "kinh-te";
	ind.uom = "cây";
	ind.kind = KIND_QUANTITY;
	ind.decimals = -1;
	assert_int_equal(store_put_indicator(s, &ind), 0);
	assert_int_equal(store_commit(s), 0);
	buf_free(&err);
	return s;
}

/* How many values unit has for month m of 2023. */
static size_t
stored(struct store *s, const char *unit, int m)
{
	struct value *v = NULL;
	size_t n = 0, i, k = 0;

	assert_int_equal(store_values(s, unit, 2023, 2023, &v, &n), 0);
	for (i = 0; i < n; i++)
		if (v[i].period.kind == PERIOD_MONTH && v[i].period.n == m)
			k++;
	store_free_values(v, n);
	return k;
}

static void
rows_stored_together(void **state)
{
	struct store *s = catalogue();
	const char *f[2][DATASET_VALUE_FIELDS] = {
		{ "99001", "KT01", "2023-M01", "5" },
		{ "500217", "KT01", "2023-M01", "6" },
	};
	struct buf errs[2] = { BUF_INIT, BUF_INIT };

	(void)state;
	assert_int_equal(dataset_set_values(s, 2,
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, NULL, NULL, errs), 0);
	assert_int_equal(errs[0].len, 0);
	assert_int_equal(errs[1].len, 0);
	assert_int_equal(stored(s, "99001", 1), 1);
	assert_int_equal(stored(s, "500217", 1), 1);
	buf_free(&errs[0]);
	buf_free(&errs[1]);
	store_close(s);
}

static void
one_refused_none_stored(void **state)
{
	struct store *s = catalogue();
	const char *f[3][DATASET_VALUE_FIELDS] = {
		{ "99001", "KT01", "2023-M02", "5" },
		{ "ZZ404", "KT01", "2023-M02", "6" },
		{ "500009", "KT01", "2023-M02", "-1,5,3" },
	};
	struct buf errs[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	int i;

	(void)state;
	assert_int_equal(dataset_set_values(s, 3,
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, NULL, NULL, errs), -1);
	/* Each row's messages with it, naming the option. */
	assert_int_equal(errs[0].len, 0);
	assert_non_null(strstr(buf_str(&errs[1]), "--unit: "));
	assert_non_null(strstr(buf_str(&errs[1]), "ZZ404"));
	assert_non_null(strstr(buf_str(&errs[2]), "--value: "));
	/* The good row went with the others. */
	assert_int_equal(stored(s, "99001", 2), 0);
	assert_int_equal(stored(s, "500009", 2), 0);
	for (i = 0; i < 3; i++)
		buf_free(&errs[i]);
	store_close(s);
}

static void
one_value_as_before(void **state)
{
	struct store *s = catalogue();
	const char *ok[DATASET_VALUE_FIELDS] = { "500300", "KT01", "2023-M03",
	    "12", NULL, NULL, "estimate", "2023-03-20", "ước tính" };
	const char *bad[DATASET_VALUE_FIELDS] = { "500300", "KT99", "2023-M03",
	    "12" };
	struct buf err = BUF_INIT;

	(void)state;
	assert_int_equal(dataset_set_value(s, ok, 0, &err), 0);
	assert_int_equal(stored(s, "500300", 3), 1);
	assert_int_equal(dataset_set_value(s, bad, 0, &err), -1);
	assert_non_null(strstr(buf_str(&err), "--indicator: "));
	buf_free(&err);
	store_close(s);
}

/* The version of a stored value, 0 when none. */
static long long
version_of(struct store *s, const char *unit, const char *period)
{
	struct stamp sp;

	assert_int_equal(store_stamp(s, STAMP_VALUE, unit, "KT01", period, &sp),
	    0);
	return sp.version;
}

static void
versions_guard_writes(void **state)
{
	struct store *s = catalogue();
	const char *f[DATASET_VALUE_FIELDS] = { "99001", "KT01", "2023-M04", "5" };
	const char *g[DATASET_VALUE_FIELDS] = { "99001", "KT01", "2023-M04", "7" };
	struct buf err = BUF_INIT;

	(void)state;
	/* New only: stored as version 1; a second "new only" conflicts. */
	assert_int_equal(dataset_set_value(s, f, -1, &err), 0);
	assert_int_equal(version_of(s, "99001", "2023-M04"), 1);
	assert_int_equal(dataset_set_value(s, g, -1, &err), DATASET_CONFLICT);
	/* Over version 1: stored, now version 2; over 1 again: conflict, and
	 * the value stays the one of version 2. */
	assert_int_equal(dataset_set_value(s, g, 1, &err), 0);
	assert_int_equal(version_of(s, "99001", "2023-M04"), 2);
	assert_int_equal(dataset_set_value(s, f, 1, &err), DATASET_CONFLICT);
	assert_int_equal(version_of(s, "99001", "2023-M04"), 2);
	assert_int_equal(err.len, 0);
	/* Unconditional: over anything. */
	assert_int_equal(dataset_set_value(s, f, 0, &err), 0);
	assert_int_equal(version_of(s, "99001", "2023-M04"), 3);
	/* A version on a value that does not exist is a conflict too. */
	assert_int_equal(dataset_set_value(s, (const char *[]){ "99001", "KT01",
	    "2023-M05", "1", NULL, NULL, NULL, NULL, NULL }, 4, &err),
	    DATASET_CONFLICT);
	assert_int_equal(version_of(s, "99001", "2023-M05"), 0);
	buf_free(&err);
	store_close(s);
}

static void
conflicting_row_keeps_all_out(void **state)
{
	struct store *s = catalogue();
	const char *f[2][DATASET_VALUE_FIELDS] = {
		{ "99001", "KT01", "2023-M06", "5" },
		{ "500217", "KT01", "2023-M06", "6" },
	};
	struct buf errs[2] = { BUF_INIT, BUF_INIT }, e = BUF_INIT;
	long long expect[2] = { -1, -1 };
	bool conflict[2];

	(void)state;
	/* Someone else stored row 2's value first. */
	assert_int_equal(dataset_set_value(s, f[1], -1, &e), 0);
	assert_int_equal(dataset_set_values(s, 2,
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, expect, conflict,
	    errs), DATASET_CONFLICT);
	assert_false(conflict[0]);
	assert_true(conflict[1]);
	assert_int_equal(stored(s, "99001", 6), 0);
	buf_free(&errs[0]);
	buf_free(&errs[1]);
	buf_free(&e);
	store_close(s);
}

/* Every path checks a field the same way: one refused field, its message. */
static void
expect_refused(struct store *s, const char *value, const char *note,
    const char *want)
{
	const char *f[DATASET_VALUE_FIELDS] = { "99001", "KT01", "2023-M07",
	    value, NULL, NULL, NULL, NULL, note };
	struct buf err = BUF_INIT;

	assert_int_equal(dataset_set_value(s, f, 0, &err), -1);
	if (strstr(buf_str(&err), want) == NULL)
		fail_msg("“%s”/“%s”: got “%s”, want “%s”", value, note,
		    buf_str(&err), want);
	assert_int_equal(stored(s, "99001", 7), 0);
	buf_free(&err);
}

static void
strict_fields(void **state)
{
	struct store *s = catalogue();
	struct buf big = BUF_INIT;
	const char *f[DATASET_VALUE_FIELDS] = { " 99001 ", "KT01", "2023-M07",
	    " 12 ", NULL, NULL, NULL, NULL, "  ghi chú  " };
	struct buf err = BUF_INIT;
	struct value *v = NULL;
	size_t n = 0;
	int i;

	(void)state;
	expect_refused(s, "5", "ghi ch\xff", "--note: byte không hợp lệ UTF-8");
	expect_refused(s, "-0", NULL, "--value: số “-0”");
	for (i = 0; i < 2001; i++)
		buf_puts(&big, "ệ");
	expect_refused(s, "5", buf_str(&big), "--note: dài quá 2000 ký tự");
	/* 2,000 characters (6,000 bytes) are fine. */
	big.len -= 3;
	big.data[big.len] = '\0';
	f[8] = buf_str(&big);
	f[3] = "5";
	if (dataset_set_value(s, f, 0, &err) != 0)
		fail_msg("2,000 characters refused: %s", buf_str(&err));
	/* Blanks around a figure or a code are trimmed, as in a file. */
	f[3] = " 12 ";
	f[8] = "  ghi chú  ";
	assert_int_equal(dataset_set_value(s, f, 0, &err), 0);
	assert_int_equal(store_values(s, "99001", 2023, 2023, &v, &n), 0);
	for (i = 0; i < (int)n; i++)
		if (v[i].period.kind == PERIOD_MONTH && v[i].period.n == 7) {
			assert_true(v[i].value == 12);
			assert_string_equal(v[i].note, "ghi chú");
		}
	store_free_values(v, n);
	buf_free(&big);
	buf_free(&err);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_stored_together),
		cmocka_unit_test(one_refused_none_stored),
		cmocka_unit_test(one_value_as_before),
		cmocka_unit_test(versions_guard_writes),
		cmocka_unit_test(conflicting_row_keeps_all_out),
		cmocka_unit_test(strict_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
