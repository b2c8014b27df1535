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
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, errs), 0);
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
	    (const char *const (*)[DATASET_VALUE_FIELDS])f, errs), -1);
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
	assert_int_equal(dataset_set_value(s, ok, &err), 0);
	assert_int_equal(stored(s, "500300", 3), 1);
	assert_int_equal(dataset_set_value(s, bad, &err), -1);
	assert_non_null(strstr(buf_str(&err), "--indicator: "));
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
