/* test_livetext.c: unit tests of livetext.c, the expansion of live figures
 * in report texts: plain text, every field name, {pct:A/B}, the "{{" escape,
 * the line and column (in characters) of each error, malformed placeholders,
 * the syntax-only mode and reads bounded by len. The resolver is a fake of
 * this file: a small table of codes and strings, failing with a reason for
 * the codes it does not know; every expected string is written by hand.
 * Inputs are copied to heap blocks of exactly their length, with no NUL, so
 * that AddressSanitizer catches any read past len. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/livetext.h"

/* ---- the fake resolver ---- */

/* What it answers for one code: one string per field, NULL = no figure. */
struct fake_ind {
	const char	*code;
	const char	*s[LT_PCT];
};

static const struct fake_ind fake_inds[] = {
	{ "KT06", { "11.800", "4.500", "262,22%", "vượt", "9.000",
	    "tăng 31,11%", NULL, "cây" } },
	{ "VH28", { "0,42", "0,5", NULL, "đạt", "0,48", "giảm 0,06 điểm %",
	    NULL, "%" } },
	{ "VH26", { "7", "giảm 01", "100%", "đạt", "8", "giảm 12,5%",
	    "7", "hộ" } },
	{ "KT09", { "4.385", NULL, NULL, NULL, NULL, NULL, NULL,
	    "trường hợp" } },
	{ "KT10", { "5.191", NULL, NULL, NULL, NULL, NULL, NULL,
	    "trường hợp" } },
	/* A code of 64 characters, the longest allowed. */
	{ "A123456789B123456789C123456789D123456789E123456789F123456789G123",
	    { "64", NULL, NULL, NULL, NULL, NULL, NULL, NULL } },
};

/* Every reference the resolver saw, for the tests to inspect. */
#define MAXSEEN 32
struct fake {
	struct lt_ref	 seen[MAXSEEN];
	size_t		 nseen;
	int		 silent_fail;	/* fail without a reason */
};

static const struct fake_ind *
fake_find(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(fake_inds) / sizeof(fake_inds[0]); i++)
		if (strcmp(fake_inds[i].code, code) == 0)
			return &fake_inds[i];
	return NULL;
}

static int
fake_resolve(const struct lt_ref *ref, struct buf *out, const char **why,
    void *arg)
{
	struct fake *f = arg;
	const struct fake_ind *a = fake_find(ref->code), *b;

	if (f->nseen < MAXSEEN)
		f->seen[f->nseen++] = *ref;
	if (f->silent_fail)
		return -1;
	if (a == NULL) {
		*why = "không có mã";
		return -1;
	}
	if (ref->field == LT_PCT) {
		/* 4385 / 5191 × 100 = 84,4731…, written by hand. */
		if ((b = fake_find(ref->code2)) == NULL) {
			*why = "không có mã mẫu số";
			return -1;
		}
		if (strcmp(a->code, "KT09") == 0 && strcmp(b->code, "KT10") == 0) {
			buf_puts(out, "84,47%");
			return 0;
		}
		*why = "không có tỷ lệ";
		return -1;
	}
	if ((unsigned)ref->field >= LT_PCT || a->s[ref->field] == NULL) {
		*why = "không có số liệu";
		return -1;
	}
	buf_puts(out, a->s[ref->field]);
	return 0;
}

/* ---- helpers ---- */

static char *
heapcopy(const char *s, size_t len)
{
	char	*p = malloc(len > 0 ? len : 1);

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

/* Expand the first len bytes of s from a heap copy of exactly len bytes. */
static int
expandn(const char *s, size_t len, lt_resolver r, void *arg, struct buf *out,
    struct buf *err)
{
	char	*p = heapcopy(s, len);
	int	 n;

	n = lt_expand(p, len, r, arg, out, err);
	free(p);
	return n;
}

/* Expand s with the fake resolver; check the count, the text and the
 * errors (want_err NULL: any). */
static void
check(const char *s, int want_n, const char *want_out, const char *want_err,
    const char *file, int line)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	int n;

	memset(&f, 0, sizeof(f));
	n = expandn(s, strlen(s), fake_resolve, &f, &out, &err);
	if (n != want_n || (want_out != NULL &&
	    strcmp(buf_str(&out), want_out) != 0) || (want_err != NULL &&
	    strcmp(buf_str(&err), want_err) != 0)) {
		print_error("%s:%d: lt_expand(\"%s\")\n  = %d, want %d\n"
		    "  out \"%s\"\n want \"%s\"\n  err \"%s\"\n want \"%s\"\n",
		    file, line, s, n, want_n, buf_str(&out),
		    want_out ? want_out : "(any)", buf_str(&err),
		    want_err ? want_err : "(any)");
		buf_free(&out);
		buf_free(&err);
		_fail(file, line);
	}
	buf_free(&out);
	buf_free(&err);
}
#define CHECK(s, n, out, err) check((s), (n), (out), (err), __FILE__, __LINE__)

/* s holds exactly one malformed placeholder: one error line, starting with
 * prefix, both with the fake resolver and in syntax-only mode. */
static void
check_malformed(const char *s, const char *prefix, const char *file, int line)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	int pass, n;
	const char *e;

	for (pass = 0; pass < 2; pass++) {
		memset(&f, 0, sizeof(f));
		buf_reset(&out);
		buf_reset(&err);
		n = expandn(s, strlen(s), pass == 0 ? fake_resolve : NULL,
		    pass == 0 ? &f : NULL, &out, &err);
		e = buf_str(&err);
		if (n != 1 || strncmp(e, prefix, strlen(prefix)) != 0 ||
		    strchr(e, '\n') != e + strlen(e) - 1 || f.nseen != 0) {
			print_error("%s:%d: lt_expand(\"%s\")%s = %d, want 1;\n"
			    "  err \"%s\"\n  want it to start with \"%s\" and be "
			    "one line; resolver called %zu times, want 0\n", file,
			    line, s, pass ? " without resolver" : "", n, e, prefix,
			    f.nseen);
			buf_free(&out);
			buf_free(&err);
			_fail(file, line);
		}
	}
	buf_free(&out);
	buf_free(&err);
}
#define MALFORMED(s, prefix) check_malformed((s), (prefix), __FILE__, __LINE__)

/* The reasons of livetext.c for malformed placeholders, by their start. */
#define WHY_REF		"viết {MÃ.trường}"
#define WHY_PCT		"viết {pct:MÃ_TỬ/MÃ_MẪU}"
#define WHY_FIELD	"trường không có"
#define WHY_OPEN	"“{” mở mà không đóng"

/* ---- tests ---- */

static void
plain_text_copied(void **state)
{
	(void)state;
	CHECK("", 0, "", "");
	CHECK("Phường Nhơn Hưng", 0, "Phường Nhơn Hưng", "");
	CHECK("dòng một\ndòng hai\n\n- gạch đầu dòng }\n", 0,
	    "dòng một\ndòng hai\n\n- gạch đầu dòng }\n", "");
	/* A closing brace alone, and "}}", are plain text. */
	CHECK("a } b }} c", 0, "a } b }} c", "");
	CHECK("**đậm** và *nghiêng*\r\n", 0, "**đậm** và *nghiêng*\r\n", "");
}

static void
every_field_parsed(void **state)
{
	static const struct { const char *name; enum lt_field f; } want[] = {
		{ "actual", LT_ACTUAL }, { "target", LT_TARGET },
		{ "percent", LT_PERCENT }, { "band", LT_BAND },
		{ "previous", LT_PREVIOUS }, { "change", LT_CHANGE },
		{ "level", LT_LEVEL }, { "uom", LT_UOM },
	};
	struct buf out = BUF_INIT, err = BUF_INIT, in = BUF_INIT;
	struct fake f;
	size_t i;
	int n;

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), LT_PCT);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(lt_field_names[want[i].f], want[i].name);
		memset(&f, 0, sizeof(f));
		buf_reset(&in);
		buf_reset(&out);
		buf_reset(&err);
		buf_printf(&in, "x{VH26.%s}y", want[i].name);
		n = expandn(in.data, in.len, fake_resolve, &f, &out, &err);
		assert_int_equal(n, 0);
		assert_string_equal(buf_str(&err), "");
		assert_int_equal(f.nseen, 1);
		assert_int_equal(f.seen[0].field, want[i].f);
		assert_string_equal(f.seen[0].code, "VH26");
		assert_int_equal(f.seen[0].line, 1);
		assert_int_equal(f.seen[0].col, 2);
	}
	assert_string_equal(lt_field_names[LT_PCT], "pct");
	assert_null(lt_field_names[LT__MAX]);
	buf_free(&in);
	buf_free(&out);
	buf_free(&err);
}

static void
figures_in_sentence(void **state)
{
	(void)state;
	CHECK("Trồng {KT06.actual} {KT06.uom}/{KT06.target} {KT06.uom}, đạt "
	    "{KT06.percent}, {KT06.band} kế hoạch; năm trước {KT06.previous} "
	    "{KT06.uom}, {KT06.change}.", 0,
	    "Trồng 11.800 cây/4.500 cây, đạt 262,22%, vượt kế hoạch; năm trước "
	    "9.000 cây, tăng 31,11%.", "");
	CHECK("Hộ nghèo còn {VH26.actual} hộ ({VH26.level}); tỷ lệ {VH28.actual}"
	    "{VH28.uom}, {VH28.change}.", 0,
	    "Hộ nghèo còn 7 hộ (7); tỷ lệ 0,42%, giảm 0,06 điểm %.", "");
	/* Placeholders back to back, at the start and at the end. */
	CHECK("{KT06.actual}{KT06.uom}", 0, "11.800cây", "");
}

static void
pct_parsed(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	const char *s = "đạt {pct:KT09/KT10} kế hoạch";
	int n;

	(void)state;
	memset(&f, 0, sizeof(f));
	n = expandn(s, strlen(s), fake_resolve, &f, &out, &err);
	assert_int_equal(n, 0);
	assert_string_equal(buf_str(&out), "đạt 84,47% kế hoạch");
	assert_int_equal(f.nseen, 1);
	assert_int_equal(f.seen[0].field, LT_PCT);
	assert_string_equal(f.seen[0].code, "KT09");
	assert_string_equal(f.seen[0].code2, "KT10");
	/* "đạt " is 4 characters (5 bytes): the "{" is character 5. */
	assert_int_equal(f.seen[0].col, 5);
	buf_free(&out);
	buf_free(&err);
	/* An unknown denominator is the resolver's error, with its reason. */
	CHECK("{pct:KT09/ZZ01}", 1, NULL,
	    "dòng 1, cột 1: “{pct:KT09/ZZ01}”: không có mã mẫu số\n");
	/* A blank is no code character, in pct either. */
	MALFORMED("{pct:KT09/KT 10}", "dòng 1, cột 1: “{pct:KT09/KT 10}”: " WHY_PCT);
	/* Codes may hold '_' and '-'. */
	CHECK("{pct:KT_09/KT-10} {KT_06-b.actual}", 2, NULL,
	    "dòng 1, cột 1: “{pct:KT_09/KT-10}”: không có mã\n"
	    "dòng 1, cột 19: “{KT_06-b.actual}”: không có mã\n");
}

static void
double_brace_is_literal(void **state)
{
	(void)state;
	CHECK("{{", 0, "{", "");
	CHECK("a {{ b", 0, "a { b", "");
	/* "{{" is taken first: what follows is plain text, not a placeholder. */
	CHECK("{{KT06.actual}", 0, "{KT06.actual}", "");
	CHECK("{{{{", 0, "{{", "");
	/* "{{" then a real placeholder. */
	CHECK("{{{KT06.actual}", 0, "{11.800", "");
	CHECK("tập hợp {{1, 2}}", 0, "tập hợp {1, 2}}", "");
}

static void
error_line_and_column_in_characters(void **state)
{
	(void)state;
	/* Line 2; "Tổng số cây đạt " is 16 characters (23 bytes): column 17. */
	CHECK("Dòng một\nTổng số cây đạt {KT99.actual} cây", 1, NULL,
	    "dòng 2, cột 17: “{KT99.actual}”: không có mã\n");
	/* "Nhơn Hưng, " is 11 characters (13 bytes): column 12, line 3. */
	CHECK("\n\nNhơn Hưng, {KT06.level}", 1, NULL,
	    "dòng 3, cột 12: “{KT06.level}”: không có số liệu\n");
	/* The column is counted from the start of the line, not the text. */
	CHECK("ơơơơơ\n{ZZ.band}", 1, NULL,
	    "dòng 2, cột 1: “{ZZ.band}”: không có mã\n");
}

static void
resolver_without_reason(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	const char *s = "a {KT06.actual}";
	int n;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.silent_fail = 1;
	n = expandn(s, strlen(s), fake_resolve, &f, &out, &err);
	assert_int_equal(n, 1);
	assert_string_equal(buf_str(&err),
	    "dòng 1, cột 3: “{KT06.actual}”: không tính được\n");
	buf_free(&out);
	buf_free(&err);
}

static void
several_errors_all_reported(void **state)
{
	const char *s =
	    "Đầu {ZZ01.actual} và {KT06.foo}\n"
	    "giữa {KT06.actual} ổn\n"
	    "cuối {VH28.percent}, {KT06 và {pct:A}";
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	const char *e, *nl;
	int n, lines = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	n = expandn(s, strlen(s), fake_resolve, &f, &out, &err);
	assert_int_equal(n, 5);
	e = buf_str(&err);
	for (nl = e; (nl = strchr(nl, '\n')) != NULL; nl++)
		lines++;
	assert_int_equal(lines, 5);
	/* In the order of the text, each with its own line and column:
	 * "Đầu " 4 chars → 5; "Đầu {ZZ01.actual} và " 21 chars → 22;
	 * "cuối " 5 → 6; "cuối {VH28.percent}, " 21 → 22;
	 * "cuối {VH28.percent}, {KT06 và " 30 → 31. */
	assert_non_null(strstr(e,
	    "dòng 1, cột 5: “{ZZ01.actual}”: không có mã\n"
	    "dòng 1, cột 22: “{KT06.foo}”: " WHY_FIELD));
	assert_non_null(strstr(e,
	    "\ndòng 3, cột 6: “{VH28.percent}”: không có số liệu\n"
	    "dòng 3, cột 22: " WHY_OPEN));
	assert_non_null(strstr(e, "\ndòng 3, cột 31: “{pct:A}”: " WHY_PCT));
	/* The good placeholder between them was still resolved. */
	assert_non_null(strstr(buf_str(&out), "giữa 11.800 ổn\n"));
	buf_free(&out);
	buf_free(&err);
}

static void
unterminated_brace(void **state)
{
	(void)state;
	/* At the end of a line: the next line is not searched for "}". */
	CHECK("abc {KT06.actual\nxyz} đủ", 1, NULL, NULL);
	MALFORMED("abc {KT06.actual\nxyz} đủ", "dòng 1, cột 5: " WHY_OPEN);
	/* At the end of the text. */
	MALFORMED("Nhơn {KT06.actual", "dòng 1, cột 6: " WHY_OPEN);
	MALFORMED("kết thúc {", "dòng 1, cột 10: " WHY_OPEN);
	MALFORMED("{", "dòng 1, cột 1: " WHY_OPEN);
	MALFORMED("{{{", "dòng 1, cột 3: " WHY_OPEN);
	/* A "{" inside a placeholder: the first one is open, the second one
	 * is a placeholder of its own and resolves. */
	CHECK("{KT06 {KT06.actual}", 1, NULL,
	    "dòng 1, cột 1: “{” mở mà không đóng bằng “}” trên cùng dòng "
	    "(muốn viết dấu { thì viết {{)\n");
	/* The hint names the escape. */
	CHECK("{", 1, NULL, NULL);
}

static void
malformed_refs(void **state)
{
	(void)state;
	MALFORMED("{KT06}", "dòng 1, cột 1: “{KT06}”: " WHY_REF);
	MALFORMED("{KT06.}", "dòng 1, cột 1: “{KT06.}”: " WHY_FIELD);
	MALFORMED("{.actual}", "dòng 1, cột 1: “{.actual}”: " WHY_REF);
	MALFORMED("{KT06.foo}", "dòng 1, cột 1: “{KT06.foo}”: " WHY_FIELD);
	MALFORMED("{KT06.actual.x}", "dòng 1, cột 1: “{KT06.actual.x}”: "
	    WHY_FIELD);
	MALFORMED("{pct:A}", "dòng 1, cột 1: “{pct:A}”: " WHY_PCT);
	MALFORMED("{pct:/B}", "dòng 1, cột 1: “{pct:/B}”: " WHY_PCT);
	MALFORMED("{pct:A/}", "dòng 1, cột 1: “{pct:A/}”: " WHY_PCT);
	MALFORMED("{pct:A/B/C}", "dòng 1, cột 1: “{pct:A/B/C}”: " WHY_PCT);
	MALFORMED("{KT 06.actual}", "dòng 1, cột 1: “{KT 06.actual}”: " WHY_REF);
	MALFORMED("{ KT06.actual}", "dòng 1, cột 1: “{ KT06.actual}”: " WHY_REF);
	MALFORMED("{KT06.actual }", "dòng 1, cột 1: “{KT06.actual }”: "
	    WHY_FIELD);
	MALFORMED("{}", "dòng 1, cột 1: “{}”: " WHY_REF);
	MALFORMED("{Mã.actual}", "dòng 1, cột 1: “{Mã.actual}”: " WHY_REF);
	/* The reason for a wrong field lists the right ones. */
	CHECK("{KT06.foo}", 1, NULL, "dòng 1, cột 1: “{KT06.foo}”: trường không "
	    "có; dùng actual, target, percent, band, previous, change, level "
	    "hoặc uom\n");
	/* The field is not the pct form. */
	MALFORMED("{KT06.pct}", "dòng 1, cột 1: “{KT06.pct}”: " WHY_FIELD);
}

#define C64 "A123456789B123456789C123456789D123456789E123456789F123456789G123"

static void
code_length_limit(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	const char *s = "{" C64 ".actual}";
	int n;

	(void)state;
	assert_int_equal(strlen(C64), 64);
	memset(&f, 0, sizeof(f));
	n = expandn(s, strlen(s), fake_resolve, &f, &out, &err);
	assert_int_equal(n, 0);
	assert_string_equal(buf_str(&out), "64");
	assert_int_equal(f.nseen, 1);
	assert_string_equal(f.seen[0].code, C64);
	buf_free(&out);
	buf_free(&err);
	/* 65 characters: refused, in both places of {pct:A/B} too. */
	MALFORMED("{" C64 "X.actual}", "dòng 1, cột 1: “{" C64 "X.actual}”: "
	    WHY_REF);
	MALFORMED("{pct:" C64 "X/KT10}", "dòng 1, cột 1: “{pct:" C64 "X/KT10}”: "
	    WHY_PCT);
	MALFORMED("{pct:KT09/" C64 "X}", "dòng 1, cột 1: “{pct:KT09/" C64 "X}”: "
	    WHY_PCT);
	/* 64 in both places of pct is fine for the syntax. */
	n = expandn("{pct:" C64 "/" C64 "}", strlen("{pct:" C64 "/" C64 "}"),
	    NULL, NULL, &out, &err);
	assert_int_equal(n, 0);
	buf_free(&out);
	buf_free(&err);
}

static void
syntax_only(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *good = "Đạt {KT06.actual}/{KT06.target} {ZZ99.uom}, "
	    "{pct:KT09/KT10}, {{ ok";
	const char *bad = "Đạt {KT06.actual}\n{KT06.bogus} và {ZZ99.actual}\n{";
	int n;

	(void)state;
	/* Unknown codes are no syntax error: only the form is checked. */
	n = expandn(good, strlen(good), NULL, NULL, &out, &err);
	assert_int_equal(n, 0);
	assert_string_equal(buf_str(&err), "");
	buf_reset(&out);
	n = expandn(bad, strlen(bad), NULL, NULL, &out, &err);
	assert_int_equal(n, 2);
	assert_non_null(strstr(buf_str(&err), "dòng 2, cột 1: “{KT06.bogus}”: "
	    WHY_FIELD));
	assert_non_null(strstr(buf_str(&err), "\ndòng 3, cột 1: " WHY_OPEN));
	assert_null(strstr(buf_str(&err), "ZZ99"));
	buf_free(&out);
	buf_free(&err);
}

/* A prefix of s, given by length: bytes past len are never read (the copy
 * ends there) and never taken as part of the text. */
static void
bounded_by_len(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct fake f;
	const char *s = "ab {KT06.actual}";
	size_t len;
	int n;

	(void)state;
	/* Every prefix: no read past the end, and a cut placeholder is
	 * an unterminated "{", never a resolved one. */
	for (len = 0; len <= strlen(s); len++) {
		memset(&f, 0, sizeof(f));
		buf_reset(&out);
		buf_reset(&err);
		n = expandn(s, len, fake_resolve, &f, &out, &err);
		if (len <= 3) {
			assert_int_equal(n, 0);
			assert_int_equal(f.nseen, 0);
		} else if (len < strlen(s)) {
			assert_int_equal(n, 1);
			assert_int_equal(f.nseen, 0);
			assert_non_null(strstr(buf_str(&err), WHY_OPEN));
		} else {
			assert_int_equal(n, 0);
			assert_string_equal(buf_str(&out), "ab 11.800");
		}
	}
	/* The same, for the forms that look ahead: "{{", "{pct:", a '.'. */
	{
		static const char *const texts[] = { "x{{", "x{", "{pct:", "{pct:A/",
		    "{pct:A/B", "{KT06.", "{KT06.uom", "đ{", "\n{", "{pct" };
		size_t i;

		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			size_t L = strlen(texts[i]);

			for (len = 0; len <= L; len++) {
				buf_reset(&out);
				buf_reset(&err);
				(void)expandn(texts[i], len, fake_resolve, &f, &out,
				    &err);
				buf_reset(&out);
				buf_reset(&err);
				(void)expandn(texts[i], len, NULL, NULL, &out, &err);
			}
		}
	}
	/* A text cut inside a UTF-8 character ("ơ" is two bytes). */
	buf_reset(&out);
	buf_reset(&err);
	n = expandn("Nhơn {", 3, fake_resolve, &f, &out, &err);
	assert_int_equal(n, 0);
	assert_int_equal(out.len, 3);
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_copied),
		cmocka_unit_test(every_field_parsed),
		cmocka_unit_test(figures_in_sentence),
		cmocka_unit_test(pct_parsed),
		cmocka_unit_test(double_brace_is_literal),
		cmocka_unit_test(error_line_and_column_in_characters),
		cmocka_unit_test(resolver_without_reason),
		cmocka_unit_test(several_errors_all_reported),
		cmocka_unit_test(unterminated_brace),
		cmocka_unit_test(malformed_refs),
		cmocka_unit_test(code_length_limit),
		cmocka_unit_test(syntax_only),
		cmocka_unit_test(bounded_by_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
