/* test_audit.c: the audit log's hash chain — a chain as the store writes it
 * verifies; an entry altered, inserted or removed is named. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "core/audit.h"

#define N 6

struct chain {
	struct audit	 a[N];
	char		 hash[N][AUDIT_HASH_LEN + 1];
	char		 prev[N][AUDIT_HASH_LEN + 1];
	char		 obj[N][32];
};

/* Entries 1..N chained as store_audit writes them. */
static void
build(struct chain *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < N; i++) {
		snprintf(c->obj[i], sizeof(c->obj[i]), "KT0%d@2024", i);
		c->a[i].id = i + 1;
		c->a[i].at = "2024-12-05T08:00:00Z";
		c->a[i].account = "chutich";
		c->a[i].unit = "99001";
		c->a[i].action = "value";
		c->a[i].object = c->obj[i];
		c->a[i].old = i % 2 ? "5" : NULL;
		c->a[i].new_ = "7";
		snprintf(c->prev[i], sizeof(c->prev[i]), "%s", i ? c->hash[i - 1] : "");
		audit_hash(c->prev[i], &c->a[i], c->hash[i]);
		c->a[i].hash = c->hash[i];
		c->a[i].prev = c->prev[i];
	}
}

/* Verify entries (skipping index skip, -1 for none) against last written;
 * returns the problem, or "" when the chain holds. */
static char *
verify(struct chain *c, int skip, long long last)
{
	static char out[512];
	struct audit_verifier v;
	struct buf why = BUF_INIT;
	bool ok = true;
	int i;

	audit_verify_init(&v, last);
	for (i = 0; i < N && ok; i++)
		if (i != skip)
			ok = audit_verify_next(&v, &c->a[i], &why);
	if (ok)
		ok = audit_verify_end(&v, &why);
	snprintf(out, sizeof(out), "%s", ok ? "" : buf_str(&why));
	buf_free(&why);
	return out;
}

static void
intact_chain_verifies(void **state)
{
	struct chain c;

	(void)state;
	build(&c);
	assert_string_equal(verify(&c, -1, N), "");
}

static void
altered_entry_named(void **state)
{
	struct chain c;

	(void)state;
	build(&c);
	c.a[2].new_ = "8";		/* entry #3's new value changed */
	assert_non_null(strstr(verify(&c, -1, N), "mục #3 của nhật ký đã bị sửa"));
	build(&c);
	c.a[3].old = NULL;		/* NULL differs from a value */
	assert_non_null(strstr(verify(&c, -1, N), "mục #4 của nhật ký đã bị sửa"));
}

static void
removed_entry_named(void **state)
{
	struct chain c;

	(void)state;
	build(&c);
	assert_non_null(strstr(verify(&c, 3, N), "mục #4 của nhật ký đã bị xóa"));
	/* The last entry removed: only the count the store keeps shows it. */
	assert_non_null(strstr(verify(&c, N - 1, N), "mục cuối #6"));
}

static void
inserted_entry_named(void **state)
{
	struct chain c;

	(void)state;
	build(&c);
	/* Written behind the store's back: the count says 5. */
	assert_non_null(strstr(verify(&c, -1, N - 1), "mục #6 được chèn"));
	/* Entry #4 replaced by one hashed correctly on its own, but not on the
	 * chain: its prev is not #3's hash. */
	build(&c);
	snprintf(c.prev[3], sizeof(c.prev[3]), "%s", c.hash[0]);
	audit_hash(c.prev[3], &c.a[3], c.hash[3]);
	assert_non_null(strstr(verify(&c, -1, N), "mục #4 không nối"));
}

static void
fields_do_not_run_together(void **state)
{
	struct audit a, b;
	char h1[AUDIT_HASH_LEN + 1], h2[AUDIT_HASH_LEN + 1];

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.id = b.id = 1;
	a.old = "ab";
	a.new_ = "c";
	b.old = "a";
	b.new_ = "bc";
	audit_hash("", &a, h1);
	audit_hash("", &b, h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(strlen(h1), AUDIT_HASH_LEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intact_chain_verifies),
		cmocka_unit_test(altered_entry_named),
		cmocka_unit_test(removed_entry_named),
		cmocka_unit_test(inserted_entry_named),
		cmocka_unit_test(fields_do_not_run_together),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
