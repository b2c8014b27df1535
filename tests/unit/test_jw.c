/* test_jw.c: the streaming JSON writer against jansson, the library whose
 * bytes it must give (jw.h): every document is written both ways, by jw
 * and by json_dumps of the same tree, and the two must be equal. */
#include "unit.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <stdint.h>

#include "core/jw.h"

/* A document written twice: the tree for jansson and the calls for jw. */
struct two {
	struct jw	 w;
	struct buf	 b;
	json_t		*stack[JW_MAXDEPTH];
	int		 depth;
	const char	*key;
	json_t		*root;
	struct buf	 sunk;		/* what a streaming writer sent */
	bool		 sinking;
};

static void
put(struct two *t, json_t *v)
{
	json_t *top = t->depth ? t->stack[t->depth - 1] : NULL;

	if (top == NULL)
		t->root = v;
	else if (json_is_object(top))
		json_object_set_new(top, t->key, v);
	else
		json_array_append_new(top, v);
}

static void
key(struct two *t, const char *k)
{
	t->key = k;
	jw_key(&t->w, k);
}

static void
open_(struct two *t, bool object)
{
	json_t *v = object ? json_object() : json_array();

	put(t, json_incref(v));
	t->stack[t->depth++] = v;
	json_decref(v);
	if (object)
		jw_object(&t->w);
	else
		jw_array(&t->w);
}

static void
end(struct two *t)
{
	t->depth--;
	jw_end(&t->w);
}

static void
str(struct two *t, const char *s)
{
	put(t, json_string(s));
	jw_string(&t->w, s);
}

static void
number(struct two *t, double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		put(t, json_integer((json_int_t)v));
	else
		put(t, json_real(v));
	jw_number(&t->w, v);
}

static void
same(struct two *t)
{
	char *want = json_dumps(t->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));

	assert_non_null(want);
	if (t->sinking) {
		/* Sent in chunks while written, the rest by jw_flush. */
		assert_true(t->sunk.len > 0);
		jw_flush(&t->w);
		assert_int_equal(t->b.len, 0);
		assert_string_equal(buf_str(&t->sunk), want);
	} else
		assert_string_equal(buf_str(&t->b), want);
	free(want);
	json_decref(t->root);
	buf_free(&t->b);
	buf_free(&t->sunk);
}

static void
start(struct two *t)
{
	memset(t, 0, sizeof(*t));
	jw_init(&t->w, &t->b);
}

static void
sink(void *arg, const char *s, size_t n)
{
	buf_append(arg, s, n);
}

/* A writer streaming into t->sunk. */
static void
start_sink(struct two *t)
{
	memset(t, 0, sizeof(*t));
	jw_init_sink(&t->w, &t->b, sink, &t->sunk);
	t->sinking = true;
}

static void
nested_and_empty(void **state)
{
	struct two t;

	(void)state;
	start(&t);
	open_(&t, true);
	key(&t, "unit");
	open_(&t, true);
	key(&t, "code");
	str(&t, "44");
	key(&t, "name");
	str(&t, "Tỉnh Quảng Trị");
	end(&t);
	key(&t, "empty_object");
	open_(&t, true);
	end(&t);
	key(&t, "empty_array");
	open_(&t, false);
	end(&t);
	key(&t, "rows");
	open_(&t, false);
	open_(&t, true);
	key(&t, "children");
	open_(&t, false);
	open_(&t, false);
	number(&t, 1);
	end(&t);
	end(&t);
	end(&t);
	str(&t, "x");
	end(&t);
	end(&t);
	same(&t);
}

static void
strings_escaped(void **state)
{
	static const char *const s[] = {
		"", "\"quoted\"", "back\\slash", "a/b", "tab\tnew\nline\r",
		"\b\f\x01\x1f\x7f", "điểm %", "Hòa Bình — 100%", "\xe2\x80\xa8",
	};
	struct two t;
	size_t i;

	(void)state;
	start(&t);
	open_(&t, false);
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		str(&t, s[i]);
	end(&t);
	same(&t);
}

static void
numbers_as_jansson(void **state)
{
	static const double v[] = {
		0, -0.0, 1, -1, 42, 1303.5, 9, 10, -10, 99, 100, 1e15, -1e15,
		9007199254740991.0, -9007199254740991.0, 4294967296.0, 0.42, 102.64461538461539, 1.0 / 3,
		-2.5e-7, 1e-5, 1.5e20, 9007199254740991.0, 9007199254740993.0,
		1e300, -1e-300, DBL_MIN, DBL_MAX, 2.0000000000000004,
		86.153846153846, 148.5, 0.1 + 0.2,
		/* Decimals of a few places, and the edges of writing them
		 * without printf: 15 and 16 significant digits, 1e-4, 1e15. */
		523987.9, 98.86, -0.05, 0.0001, 0.00015, 0.000099, 1.000001,
		123456789.123456, 1234567890.123456, 99999999999999.9,
		999999999999999.9, 0.3, 2.675, 1e-4 * 3, 4.35, 0.07,
		/* Halves at the 16th digit, exact in binary: rounded to
		 * even as printf does; values that round up to a power of
		 * ten (one digit more before the point, or an exponent). */
		123456789012345.5, 123456789012344.5, 0.99999999999999995,
		9.9999999999999995, 99999999999999.95, 999999999999999.5,
		0.000099999999999999995,
	};
	struct two t;
	size_t i;
	unsigned x = 12345;

	(void)state;
	/* (Some 300 KB: streamed, in several chunks.) */
	start_sink(&t);
	open_(&t, true);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char k[16];

		snprintf(k, sizeof(k), "v%zu", i);
		key(&t, k);
		number(&t, v[i]);
	}
	/* And a few thousand more from a fixed generator. */
	for (i = 0; i < 3000; i++) {
		char k[16];
		double d;

		x = x * 1103515245u + 12345u;
		d = (double)(x % 2000001) / (1 + x % 977) - 1000;
		if (i % 3 == 0)
			d *= pow(10, (int)(x % 41) - 20);
		snprintf(k, sizeof(k), "r%zu", i);
		key(&t, k);
		number(&t, d);
	}
	/* Any double (its 64 bits at random), and those a few steps from
	 * each power of ten, where the digits before the point change. */
	for (i = 0; i < 20000; i++) {
		char k[16];
		uint64_t bits;
		double d;

		x = x * 1103515245u + 12345u;
		bits = (uint64_t)x << 32;
		x = x * 1103515245u + 12345u;
		bits |= x;
		memcpy(&d, &bits, sizeof(d));
		if (!isfinite(d))
			continue;
		snprintf(k, sizeof(k), "b%zu", i);
		key(&t, k);
		number(&t, d);
	}
	for (i = 0; i < 22 * 8; i++) {
		char k[16];
		double d = pow(10, (int)(i / 8) - 5);
		int j;

		for (j = 0; j < (int)(i % 8) - 3; j++)
			d = nextafter(d, HUGE_VAL);
		for (j = 0; j < 3 - (int)(i % 8); j++)
			d = nextafter(d, 0);
		snprintf(k, sizeof(k), "p%zu", i);
		key(&t, k);
		number(&t, d);
	}
	/* Figures as people enter them: up to 9 digits, 0 to 7 places. */
	for (i = 0; i < 6000; i++) {
		char k[16];
		double d;

		x = x * 1103515245u + 12345u;
		d = (double)(x % 1000000000u) / pow(10, (int)(x >> 7) % 8);
		if (x & 0x1000)
			d = -d;
		snprintf(k, sizeof(k), "d%zu", i);
		key(&t, k);
		number(&t, d);
	}
	end(&t);
	same(&t);
}

/* null and a NULL string; not a finite number is null (jansson would
 * refuse the value). */
static void
nulls(void **state)
{
	struct buf b = BUF_INIT;
	struct jw w;

	(void)state;
	jw_init(&w, &b);
	jw_array(&w);
	jw_null(&w);
	jw_string(&w, NULL);
	jw_number(&w, NAN);
	jw_number(&w, INFINITY);
	jw_end(&w);
	assert_string_equal(buf_str(&b),
	    "[\n  null,\n  null,\n  null,\n  null\n]");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_and_empty),
		cmocka_unit_test(strings_escaped),
		cmocka_unit_test(numbers_as_jansson),
		cmocka_unit_test(nulls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
