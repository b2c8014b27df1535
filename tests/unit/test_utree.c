/* test_utree.c: unit tests of utree.c, a list of units indexed by code with
 * its parent links: the country 00 is not in the list; province 89 has a
 * district 891 with communes 30001 and 30002, and commune 30003 directly;
 * 30009 names a parent that is not in the list; 77 and 78 are each other's
 * parent (bad data: the walk up must end). */
#include "unit.h"

#include <stdbool.h>
#include <stdlib.h>

#include "core/utree.h"

static struct unit units[] = {
	{ .code = "30001", .name = "A", .kind = "xã", .parent = "891" },
	{ .code = "89", .name = "P", .kind = "tỉnh", .parent = NULL },
	{ .code = "891", .name = "D", .kind = "huyện", .parent = "89" },
	{ .code = "30002", .name = "B", .kind = "xã", .parent = "891" },
	{ .code = "30003", .name = "C", .kind = "xã", .parent = "89" },
	{ .code = "30009", .name = "Z", .kind = "xã", .parent = "00" },
	{ .code = "77", .name = "L1", .kind = "tỉnh", .parent = "78" },
	{ .code = "78", .name = "L2", .kind = "tỉnh", .parent = "77" },
};
#define NU (sizeof(units) / sizeof(units[0]))

static void
finds_codes_and_parents(void **state)
{
	struct utree t;

	(void)state;
	utree_build(&t, units, NU);
	assert_int_equal(utree_find(&t, "30001"), 0);
	assert_int_equal(utree_find(&t, "78"), 7);
	assert_int_equal(utree_find(&t, "00"), UTREE_NONE);
	assert_int_equal(utree_find(&t, NULL), UTREE_NONE);
	/* 30001's parent is 891 (index 2), 891's is 89 (index 1). */
	assert_int_equal(t.parent[0], 2);
	assert_int_equal(t.parent[2], 1);
	assert_int_equal(t.parent[1], UTREE_NONE);
	/* A parent that is not in the list: none. */
	assert_int_equal(t.parent[5], UTREE_NONE);
	utree_free(&t);
}

static void
knows_who_has_children(void **state)
{
	struct utree t;

	(void)state;
	utree_build(&t, units, NU);
	assert_true(utree_has_kids(&t, "89"));
	assert_true(utree_has_kids(&t, "891"));
	assert_false(utree_has_kids(&t, "30001"));
	assert_false(utree_has_kids(&t, "30009"));
	assert_false(utree_has_kids(&t, "00"));	/* not in the list */
	utree_free(&t);
}

static void
within_walks_up(void **state)
{
	struct utree t;

	(void)state;
	utree_build(&t, units, NU);
	/* Itself, its child, its grandchild. */
	assert_true(utree_within(&t, "89", "89"));
	assert_true(utree_within(&t, "89", "30003"));
	assert_true(utree_within(&t, "89", "30002"));
	assert_true(utree_within(&t, "891", "30001"));
	/* Not upwards, not sideways. */
	assert_false(utree_within(&t, "30001", "89"));
	assert_false(utree_within(&t, "891", "30003"));
	assert_false(utree_within(&t, "30001", "30002"));
	/* Unknown codes and a parent not in the list. */
	assert_false(utree_within(&t, "89", "99999"));
	assert_false(utree_within(&t, "00", "30009"));
	assert_false(utree_within(&t, NULL, "89"));
	/* A loop in the data ends. */
	assert_true(utree_within(&t, "77", "78"));
	assert_false(utree_within(&t, "89", "77"));
	utree_free(&t);
}

static void
empty_list(void **state)
{
	struct utree t;

	(void)state;
	utree_build(&t, NULL, 0);
	assert_int_equal(utree_find(&t, "89"), UTREE_NONE);
	assert_false(utree_within(&t, "89", "30001"));
	utree_free(&t);
	utree_free(&t);		/* a zeroed tree is freed again without harm */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_codes_and_parents),
		cmocka_unit_test(knows_who_has_children),
		cmocka_unit_test(within_walks_up),
		cmocka_unit_test(empty_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
