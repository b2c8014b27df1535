/* test_hmap.c: unit tests of hmap.c, the string -> index table of codes and
 * the 64-bit key -> value table that finds duplicate keys in an import. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/hmap.h"

/* ---- hmap ---- */

static void
empty_map(void **state)
{
	struct hmap m;
	size_t	 v = 42;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_false(hmap_get(&m, "30316", &v));
	assert_false(hmap_get(&m, "", NULL));
	assert_int_equal(v, 42);
	hmap_free(&m);
	hmap_free(&m);
}

static void
put_and_get(void **state)
{
	struct hmap m;
	size_t	 v = 99;

	(void)state;
	memset(&m, 0, sizeof(m));
	hmap_put(&m, "30316", 0);
	hmap_put(&m, "30317", 1);
	hmap_put(&m, "kinh-te", 7);
	assert_int_equal(m.n, 3);
	assert_true(hmap_get(&m, "30316", &v));
	assert_int_equal(v, 0);
	assert_true(hmap_get(&m, "30317", &v));
	assert_int_equal(v, 1);
	assert_true(hmap_get(&m, "kinh-te", &v));
	assert_int_equal(v, 7);
	assert_true(hmap_get(&m, "kinh-te", NULL));
	/* Near misses are absent and leave *val alone. */
	v = 99;
	assert_false(hmap_get(&m, "3031", &v));
	assert_false(hmap_get(&m, "303166", &v));
	assert_false(hmap_get(&m, "030316", &v));
	assert_false(hmap_get(&m, "Kinh-te", &v));
	assert_false(hmap_get(&m, "", &v));
	assert_int_equal(v, 99);
	hmap_free(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.cap, 0);
	assert_null(m.keys);
}

static void
replace_keeps_one_entry(void **state)
{
	struct hmap m;
	const char *k1, *k2;
	size_t	 v;

	(void)state;
	memset(&m, 0, sizeof(m));
	k1 = hmap_put(&m, "nhon hung", 3);
	k2 = hmap_put(&m, "nhon hung", 5);
	assert_ptr_equal(k1, k2);
	assert_string_equal(k1, "nhon hung");
	assert_int_equal(m.n, 1);
	assert_true(hmap_get(&m, "nhon hung", &v));
	assert_int_equal(v, 5);
	hmap_put(&m, "nhon hung", 0);
	assert_true(hmap_get(&m, "nhon hung", &v));
	assert_int_equal(v, 0);
	assert_int_equal(m.n, 1);
	hmap_free(&m);
}

static void
key_is_copied(void **state)
{
	struct hmap m;
	char	 key[16];
	const char *stored;
	size_t	 v;

	(void)state;
	memset(&m, 0, sizeof(m));
	strcpy(key, "30316");
	stored = hmap_put(&m, key, 11);
	assert_ptr_not_equal(stored, key);
	strcpy(key, "99999");
	assert_string_equal(stored, "30316");
	assert_true(hmap_get(&m, "30316", &v));
	assert_int_equal(v, 11);
	assert_false(hmap_get(&m, "99999", &v));
	hmap_free(&m);
}

/* hmap_key gives the map's one copy of a key, the same pointer however the
 * key is asked for and however the map grew since; NULL when absent. */
static void
key_gives_the_stored_copy(void **state)
{
	struct hmap m;
	char	 key[16];
	const char *first, *stored;
	int	 i;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_null(hmap_key(&m, "20001"));
	first = hmap_put(&m, "20001", 0);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		hmap_put(&m, key, (size_t)i);
	}
	strcpy(key, "20001");
	stored = hmap_key(&m, key);
	assert_non_null(stored);
	assert_ptr_not_equal(stored, key);
	assert_ptr_equal(stored, first);
	assert_string_equal(hmap_key(&m, "k999"), "k999");
	assert_null(hmap_key(&m, "20002"));
	hmap_free(&m);
}

static void
empty_and_utf8_keys(void **state)
{
	struct hmap m;
	size_t	 v;

	(void)state;
	memset(&m, 0, sizeof(m));
	hmap_put(&m, "", 1);
	hmap_put(&m, "Nhơn Hưng", 2);
	hmap_put(&m, "Nho\xCC\x9Bn Hu\xCC\x9Bng", 3);
	assert_int_equal(m.n, 3);
	assert_true(hmap_get(&m, "", &v));
	assert_int_equal(v, 1);
	/* Keys are bytes: NFC and NFD are two keys. */
	assert_true(hmap_get(&m, "Nhơn Hưng", &v));
	assert_int_equal(v, 2);
	assert_true(hmap_get(&m, "Nho\xCC\x9Bn Hu\xCC\x9Bng", &v));
	assert_int_equal(v, 3);
	hmap_free(&m);
}

static void
grows_past_many_keys(void **state)
{
	enum { N = 60000 };
	struct hmap m;
	char	 key[32];
	size_t	 i, v;

	(void)state;
	memset(&m, 0, sizeof(m));
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "%05zu", i);
		hmap_put(&m, key, i * 3);
		assert_int_equal(m.n, i + 1);
	}
	/* Power of two, at most half full. */
	assert_int_equal(m.cap & (m.cap - 1), 0);
	assert_true(m.cap >= 2 * m.n);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "%05zu", i);
		assert_true(hmap_get(&m, key, &v));
		assert_int_equal(v, i * 3);
	}
	for (i = N; i < N + 1000; i++) {
		snprintf(key, sizeof key, "%05zu", i);
		assert_false(hmap_get(&m, key, &v));
	}
	assert_false(hmap_get(&m, "0000", &v));
	/* Replacing every other key after growth changes no count. */
	for (i = 0; i < N; i += 2) {
		snprintf(key, sizeof key, "%05zu", i);
		hmap_put(&m, key, 1);
	}
	assert_int_equal(m.n, N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "%05zu", i);
		assert_true(hmap_get(&m, key, &v));
		assert_int_equal(v, i % 2 == 0 ? 1 : i * 3);
	}
	hmap_free(&m);
}

static void
stored_keys_survive_growth(void **state)
{
	struct hmap m;
	const char *first;
	char	 key[32];
	size_t	 i;

	(void)state;
	memset(&m, 0, sizeof(m));
	first = hmap_put(&m, "first", 0);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		hmap_put(&m, key, i);
	}
	/* The map owns the copy; growth moves slots, not the strings. */
	assert_string_equal(first, "first");
	assert_ptr_equal(hmap_put(&m, "first", 1), first);
	hmap_free(&m);
}

/* ---- hmap64 ---- */

static void
add64_distinct(void **state)
{
	struct hmap64 s;
	size_t	 old = 77;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_true(hmap64_add(&s, 1, 10, &old));
	assert_true(hmap64_add(&s, 2, 20, &old));
	assert_true(hmap64_add(&s, 3, 30, &old));
	assert_int_equal(s.n, 3);
	assert_int_equal(old, 77);
	hmap64_free(&s);
	assert_int_equal(s.n, 0);
	assert_null(s.slots);
	hmap64_free(&s);
}

static void
add64_duplicate_keeps_first(void **state)
{
	struct hmap64 s;
	size_t	 old = 0;

	(void)state;
	memset(&s, 0, sizeof(s));
	/* A key seen on line 5, then again on lines 9 and 12. */
	assert_true(hmap64_add(&s, 0x1234, 5, &old));
	assert_false(hmap64_add(&s, 0x1234, 9, &old));
	assert_int_equal(old, 5);
	old = 0;
	assert_false(hmap64_add(&s, 0x1234, 12, &old));
	assert_int_equal(old, 5);
	assert_int_equal(s.n, 1);
	assert_false(hmap64_add(&s, 0x1234, 13, NULL));
	hmap64_free(&s);
}

static void
add64_extreme_keys(void **state)
{
	static const uint64_t keys[] = {
		0, 1, UINT64_MAX, UINT64_MAX - 1, (uint64_t)1 << 63,
		0xffffffffULL, 0x100000000ULL,
	};
	const size_t n = sizeof keys / sizeof keys[0];
	struct hmap64 s;
	size_t	 i, old;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < n; i++)
		assert_true(hmap64_add(&s, keys[i], i + 100, &old));
	assert_int_equal(s.n, n);
	for (i = 0; i < n; i++) {
		old = 0;
		if (hmap64_add(&s, keys[i], 1, &old)) {
			print_error("key %#llx added twice\n",
			    (unsigned long long)keys[i]);
			fail();
		}
		assert_int_equal(old, i + 100);
	}
	assert_int_equal(s.n, n);
	hmap64_free(&s);
}

static void
add64_max_key_survives_growth(void **state)
{
	struct hmap64 s;
	size_t	 i, old = 0;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_true(hmap64_add(&s, UINT64_MAX, 7, &old));
	for (i = 0; i < 10000; i++)
		assert_true(hmap64_add(&s, i, i, &old));
	assert_false(hmap64_add(&s, UINT64_MAX, 8, &old));
	assert_int_equal(old, 7);
	assert_int_equal(s.n, 10001);
	hmap64_free(&s);
}

/* The keys of the import: unit << 40 | indicator << 16 | year. */
static uint64_t
import_key(uint64_t unit, uint64_t ind, uint64_t year)
{
	return unit << 40 | ind << 16 | year;
}

static void
add64_grows_and_finds_all_duplicates(void **state)
{
	struct hmap64 s;
	size_t	 old, line = 0, dups = 0;
	uint64_t u, i, y;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (u = 0; u < 50; u++)
		for (i = 0; i < 60; i++)
			for (y = 2020; y < 2060; y++)
				assert_true(hmap64_add(&s,
				    import_key(u, i, y), line++, &old));
	assert_int_equal(s.n, 50 * 60 * 40);
	assert_int_equal(s.cap & (s.cap - 1), 0);
	assert_true(s.cap >= 2 * s.n);
	line = 0;
	for (u = 0; u < 50; u++)
		for (i = 0; i < 60; i++)
			for (y = 2020; y < 2060; y++) {
				old = (size_t)-1;
				if (!hmap64_add(&s, import_key(u, i, y), 0,
				    &old)) {
					assert_int_equal(old, line);
					dups++;
				}
				line++;
			}
	assert_int_equal(dups, 50 * 60 * 40);
	/* Neighbours of the keys are new. */
	assert_true(hmap64_add(&s, import_key(50, 0, 2020), 1, &old));
	assert_true(hmap64_add(&s, import_key(0, 60, 2020), 1, &old));
	assert_true(hmap64_add(&s, import_key(0, 0, 2060), 1, &old));
	hmap64_free(&s);
}

static void
add64_sequential_keys(void **state)
{
	enum { N = 200000 };
	struct hmap64 s;
	size_t	 old;
	uint64_t k;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (k = 0; k < N; k++)
		assert_true(hmap64_add(&s, k, (size_t)k, &old));
	for (k = 0; k < N; k += 997) {
		assert_false(hmap64_add(&s, k, 0, &old));
		assert_int_equal(old, k);
	}
	assert_int_equal(s.n, N);
	hmap64_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_map),
		cmocka_unit_test(put_and_get),
		cmocka_unit_test(replace_keeps_one_entry),
		cmocka_unit_test(key_is_copied),
		cmocka_unit_test(key_gives_the_stored_copy),
		cmocka_unit_test(empty_and_utf8_keys),
		cmocka_unit_test(grows_past_many_keys),
		cmocka_unit_test(stored_keys_survive_growth),
		cmocka_unit_test(add64_distinct),
		cmocka_unit_test(add64_duplicate_keeps_first),
		cmocka_unit_test(add64_extreme_keys),
		cmocka_unit_test(add64_max_key_survives_growth),
		cmocka_unit_test(add64_grows_and_finds_all_duplicates),
		cmocka_unit_test(add64_sequential_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
