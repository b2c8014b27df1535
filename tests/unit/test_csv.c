/* test_csv.c: unit tests of csv.c, the RFC 4180 reader and field writer.
 * Every input is copied to a heap block of exactly its length, with no NUL,
 * so that AddressSanitizer catches any read past the end. Rows are dumped as
 * "line:field|field" lines so that a whole file is checked at once; the
 * expected dumps are written by hand from RFC 4180 and csv.h. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/num.h"
#include "io/csv.h"

/* Dump every row of s[0..len): "3:a|b\n" per row; a malformed row ends the
 * dump with "!3" (its line). Newlines and NULs inside fields are shown as
 * "\n", "\r" and "\0". *err gets the last error, or NULL. */
static char *
dump(const char *s, size_t len, const char **err)
{
	struct buf out = BUF_INIT;
	struct csv c;
	struct csv_row r;
	char	*p = malloc(len > 0 ? len : 1);
	size_t	 i, j;
	int	 rc;

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	memset(&r, 0, sizeof(r));
	*err = NULL;
	csv_open(&c, p, len);
	while ((rc = csv_next(&c, &r, err)) == 1) {
		buf_printf(&out, "%zu:", r.line);
		for (i = 0; i < r.n; i++) {
			if (i > 0)
				buf_putc(&out, '|');
			assert_int_equal(r.field[i][r.flen[i]], '\0');
			for (j = 0; j < r.flen[i]; j++)
				switch (r.field[i][j]) {
				case '\n':
					buf_puts(&out, "\\n");
					break;
				case '\r':
					buf_puts(&out, "\\r");
					break;
				case '\0':
					buf_puts(&out, "\\0");
					break;
				default:
					buf_putc(&out, r.field[i][j]);
					break;
				}
		}
		buf_putc(&out, '\n');
	}
	if (rc == -1)
		buf_printf(&out, "!%zu", r.line);
	else
		assert_int_equal(rc, 0);
	csv_row_free(&r);
	free(p);
	if (out.data == NULL)
		buf_puts(&out, "");
	return buf_detach(&out);
}

static void
checkdump(const char *s, size_t len, const char *want, const char *file,
    int line)
{
	const char *err;
	char	*got = dump(s, len, &err);

	if (strcmp(got, want) != 0) {
		print_error("%s:%d: got\n%s\nwant\n%s\n", file, line, got, want);
		free(got);
		_fail(file, line);
	}
	if ((strchr(want, '!') != NULL) != (err != NULL)) {
		print_error("%s:%d: error message %s\n", file, line,
		    err != NULL ? err : "missing");
		free(got);
		_fail(file, line);
	}
	free(got);
}
#define CSV(s, want) checkdump((s), sizeof(s) - 1, (want), __FILE__, __LINE__)

/* The error message for s, which must be malformed. */
static const char *
error_of(const char *s, size_t len)
{
	const char *err;
	char	*got = dump(s, len, &err);

	free(got);
	assert_non_null(err);
	return err;
}
#define ERR(s) error_of((s), sizeof(s) - 1)

/* ---- reading ---- */

static void
plain_rows(void **state)
{
	(void)state;
	CSV("code,name\n30316,Nhơn Hưng\n",
	    "1:code|name\n2:30316|Nhơn Hưng\n");
	CSV("a\n", "1:a\n");
	CSV("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
}

static void
empty_input(void **state)
{
	(void)state;
	CSV("", "");
	CSV("\n", "");
	CSV("\n\n\r\n", "");
	/* A CR alone does not end a line (only LF or CRLF do). */
	assert_non_null(strstr(ERR("a,b\rc,d\r"), "CR đứng riêng"));
	assert_non_null(strstr(ERR("a\n\r"), "CR đứng riêng"));
	CSV(",,,\n", "");
	CSV("\xEF\xBB\xBF", "");
}

static void
bom_skipped(void **state)
{
	(void)state;
	CSV("\xEF\xBB\xBF" "code,name\n1,x\n", "1:code|name\n2:1|x\n");
	CSV("\xEF\xBB\xBF" "\"code\",name\n", "1:code|name\n");
	/* Only at the very start. */
	CSV("a\n\xEF\xBB\xBF" "b\n", "1:a\n2:\xEF\xBB\xBF" "b\n");
	/* A part of a BOM is data. */
	CSV("\xEF\xBB" "a\n", "1:\xEF\xBB" "a\n");
}

static void
crlf_and_lf(void **state)
{
	(void)state;
	CSV("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	CSV("a,b\r\nc,d\ne,f\r\n", "1:a|b\n2:c|d\n3:e|f\n");
	CSV("a\r\n\r\nb\r\n", "1:a\n3:b\n");
}

static void
no_trailing_newline(void **state)
{
	(void)state;
	CSV("a,b\nc,d", "1:a|b\n2:c|d\n");
	CSV("a", "1:a\n");
	CSV("a,b\r\nc,\"d\"", "1:a|b\n2:c|d\n");
	CSV("a,", "1:a|\n");
}

static void
empty_fields(void **state)
{
	(void)state;
	CSV("a,,c\n", "1:a||c\n");
	CSV(",b\n", "1:|b\n");
	CSV("a,\n", "1:a|\n");
	CSV("a,\"\",c\n", "1:a||c\n");
	CSV("a,b,\r\n", "1:a|b|\n");
}

static void
blanks_kept_in_fields(void **state)
{
	(void)state;
	CSV(" a , b \n", "1: a | b \n");
	CSV("\"  \",x\n", "1:  |x\n");
}

static void
quoted_fields(void **state)
{
	(void)state;
	CSV("\"Tịnh Biên, An Giang\",2\n", "1:Tịnh Biên, An Giang|2\n");
	CSV("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
	CSV("\"\"\"\"\n", "1:\"\n");
	CSV("\"a\"\"\"\n", "1:a\"\n");
	CSV("x,\"a,b\",\"c\"\n", "1:x|a,b|c\n");
	CSV("\"a\"\r\n\"b\"\r\n", "1:a\n2:b\n");
}

static void
quoted_newlines_keep_line_numbers(void **state)
{
	(void)state;
	CSV("h1,h2\n\"x\ny\",z\nq,r\n", "1:h1|h2\n2:x\\ny|z\n4:q|r\n");
	CSV("\"a\n\nb\n\",c\nd\n", "1:a\\n\\nb\\n|c\n5:d\n");
	/* CRLF inside a cell reads as LF; the line count is unchanged. */
	CSV("\"a\r\nb\",c\r\nd\r\n", "1:a\\nb|c\n3:d\n");
	CSV("x,\"1\n2\",\"3\n4\"\ny\n", "1:x|1\\n2|3\\n4\n4:y\n");
}

static void
blank_rows_skipped(void **state)
{
	(void)state;
	CSV("a\n\nb\n", "1:a\n3:b\n");
	CSV("\n\na\n", "3:a\n");
	CSV("a\n,,\n,\nb\n", "1:a\n4:b\n");
	CSV("a\n\n\n", "1:a\n");
	CSV("a\r\n,,,\r\n\r\nb", "1:a\n4:b\n");
}

static void
nul_inside_fields(void **state)
{
	(void)state;
	CSV("a\0b,c\n", "1:a\\0b|c\n");
	CSV("\"\0\",c\n", "1:\\0|c\n");
}

static void
error_unterminated_quote(void **state)
{
	(void)state;
	CSV("\"abc", "!1");
	CSV("a,b\n\"open,c\n", "1:a|b\n!2");
	CSV("a\n\n\"x\ny", "1:a\n!3");
	CSV("\"a\"\"", "!1");
}

static void
error_after_closing_quote(void **state)
{
	(void)state;
	CSV("\"a\"b,c\n", "!1");
	CSV("x\n\"a\" ,b\n", "1:x\n!2");
	CSV("\"a\"\"b\"c\n", "!1");
}

static void
error_quote_inside_unquoted(void **state)
{
	(void)state;
	CSV("ab\"c\n", "!1");
	CSV("x\ny,a\"\n", "1:x\n!2");
	CSV(" \"a\"\n", "!1");
}

static void
errors_say_which(void **state)
{
	const char *a, *b, *c;

	(void)state;
	a = ERR("\"abc");
	b = ERR("\"a\"b");
	c = ERR("a\"b");
	assert_true(strlen(a) > 0);
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);
	assert_string_not_equal(a, c);
}

static void
many_fields(void **state)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	const char *err;
	char	*got;
	int	 i;

	(void)state;
	buf_puts(&want, "1:");
	for (i = 0; i < 100; i++) {
		buf_printf(&in, "%sf%d", i ? "," : "", i);
		buf_printf(&want, "%sf%d", i ? "|" : "", i);
	}
	buf_puts(&in, "\nx\n");
	buf_puts(&want, "\n2:x\n");
	got = dump(in.data, in.len, &err);
	assert_string_equal(got, buf_str(&want));
	assert_null(err);
	free(got);
	buf_free(&in);
	buf_free(&want);
}

static void
long_field(void **state)
{
	struct buf in = BUF_INIT;
	struct csv c;
	struct csv_row r;
	const char *err = NULL;
	int	 i;

	(void)state;
	buf_putc(&in, '"');
	for (i = 0; i < 100000; i++)
		buf_putc(&in, i % 1000 == 999 ? '\n' : 'x');
	buf_puts(&in, "\",y\nz\n");
	memset(&r, 0, sizeof(r));
	csv_open(&c, in.data, in.len);
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.flen[0], 100000);
	assert_string_equal(r.field[1], "y");
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.line, 102);
	assert_string_equal(r.field[0], "z");
	assert_int_equal(csv_next(&c, &r, &err), 0);
	assert_null(err);
	csv_row_free(&r);
	buf_free(&in);
}

static void
row_reused(void **state)
{
	struct csv c;
	struct csv_row r;
	const char *err = NULL;
	static const char in[] = "a,b,c,d\ne\n";

	(void)state;
	memset(&r, 0, sizeof(r));
	csv_open(&c, in, sizeof(in) - 1);
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.line, 1);
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.field[0], "e");
	assert_int_equal(r.flen[0], 1);
	assert_int_equal(csv_next(&c, &r, &err), 0);
	assert_int_equal(csv_next(&c, &r, &err), 0);
	csv_row_free(&r);
	csv_row_free(&r);
	csv_row_free(NULL);
}

/* ---- writing ---- */

static void
checkput(const char *s, int last, const char *want, const char *file,
    int line)
{
	struct buf b = BUF_INIT;

	csv_put_field(&b, s, last);
	if (strcmp(buf_str(&b), want) != 0) {
		print_error("%s:%d: got [%s], want [%s]\n", file, line,
		    buf_str(&b), want);
		buf_free(&b);
		_fail(file, line);
	}
	buf_free(&b);
}
#define PUT(s, last, want) checkput((s), (last), (want), __FILE__, __LINE__)

static void
put_plain(void **state)
{
	(void)state;
	PUT("30316", 0, "30316,");
	PUT("30316", 1, "30316\n");
	PUT("Nhơn Hưng", 0, "Nhơn Hưng,");
	PUT("", 0, ",");
	PUT("", 1, "\n");
	PUT(NULL, 0, ",");
	PUT(" a ", 1, " a \n");
}

static void
put_quoted(void **state)
{
	(void)state;
	PUT("1.303,5", 0, "\"1.303,5\",");
	PUT("say \"hi\"", 1, "\"say \"\"hi\"\"\"\n");
	PUT("\"", 0, "\"\"\"\",");
	PUT("a\nb", 0, "\"a\nb\",");
	PUT("a\rb", 1, "\"a\rb\"\n");
}

static void
put_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	csv_put_field(&b, "code", 0);
	csv_put_field(&b, "a,b", 0);
	csv_put_field(&b, "x", 1);
	assert_string_equal(buf_str(&b), "code,\"a,b\",x\n");
	buf_free(&b);
}

static void
put_roundtrip(void **state)
{
	static const char *const fields[] = {
		"30316", "Phường Nhơn Hưng", "1.303,5", "say \"hi\"", "\"",
		"\"\"", "a\nb", "a\r\nb", "\r", ",", " lead", "trail ", "x,\"y\"\n",
		"Nghị quyết số 08/NQ-HĐND ngày 26/12/2022", "=HYPERLINK(\"x\")",
		"+1", "-5", "@SUM(A1)", "\tx", "'=x", "''+y", "'", "'a", "",
	};
	const size_t n = sizeof fields / sizeof fields[0];
	struct buf b = BUF_INIT;
	struct csv c;
	struct csv_row r;
	const char *err = NULL;
	size_t	 i;

	(void)state;
	/* Two rows: the fields, then the same in reverse. */
	for (i = 0; i < n; i++)
		csv_put_field(&b, fields[i], i == n - 1);
	for (i = 0; i < n; i++)
		csv_put_field(&b, fields[n - 1 - i], i == n - 1);
	csv_put_field(&b, "end", 1);
	memset(&r, 0, sizeof(r));
	csv_open(&c, b.data, b.len);
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.line, 1);
	assert_int_equal(r.n, n);
	for (i = 0; i < n; i++) {
		/* A CRLF inside a cell reads as LF (Excel's line break). */
		const char *want = strcmp(fields[i], "a\r\nb") == 0 ? "a\nb" :
		    fields[i];
		const char *got = r.field[i];
		size_t len = r.flen[i];

		/* No cell a spreadsheet would run as a formula. */
		assert_false(len > 0 && strchr("=+-@\t\r", got[0]) != NULL);
		csv_unguard(&got, &len);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(got, want, len);
	}
	assert_int_equal(csv_next(&c, &r, &err), 1);
	/* The first row spans four lines: three newlines are inside. */
	assert_int_equal(r.line, 5);
	assert_int_equal(r.n, n);
	for (i = 0; i < n; i++) {
		const char *got = r.field[i];
		size_t len = r.flen[i];

		csv_unguard(&got, &len);
		assert_int_equal(len, strlen(strcmp(fields[n - 1 - i], "a\r\nb") ==
		    0 ? "a\nb" : fields[n - 1 - i]));
	}
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.line, 9);
	assert_string_equal(r.field[0], "end");
	assert_int_equal(csv_next(&c, &r, &err), 0);
	assert_null(err);
	csv_row_free(&r);
	buf_free(&b);
}

static void
put_number(void **state)
{
	static const double v[] = { 1303.5, 177000000, 0.42, -3, 0, 0.1 + 0.2 };
	struct buf b = BUF_INIT;
	struct csv c;
	struct csv_row r;
	const char *err = NULL;
	double	 back;
	size_t	 i;

	(void)state;
	csv_put_number(&b, true, 1303.5, 0);
	csv_put_number(&b, false, 99, 0);
	csv_put_number(&b, true, -3, 1);
	assert_string_equal(buf_str(&b), "1303.5,,-3\n");
	/* Every number reads back, unquoted, to the same double. */
	buf_reset(&b);
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		csv_put_number(&b, true, v[i], i == sizeof v / sizeof v[0] - 1);
	assert_null(strchr(buf_str(&b), '"'));
	memset(&r, 0, sizeof(r));
	csv_open(&c, b.data, b.len);
	assert_int_equal(csv_next(&c, &r, &err), 1);
	assert_int_equal(r.n, sizeof v / sizeof v[0]);
	for (i = 0; i < r.n; i++) {
		assert_int_equal(num_parse_machine(r.field[i], r.flen[i],
		    &back), 0);
		assert_true(back == v[i]);
	}
	csv_row_free(&r);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_rows),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(bom_skipped),
		cmocka_unit_test(crlf_and_lf),
		cmocka_unit_test(no_trailing_newline),
		cmocka_unit_test(empty_fields),
		cmocka_unit_test(blanks_kept_in_fields),
		cmocka_unit_test(quoted_fields),
		cmocka_unit_test(quoted_newlines_keep_line_numbers),
		cmocka_unit_test(blank_rows_skipped),
		cmocka_unit_test(nul_inside_fields),
		cmocka_unit_test(error_unterminated_quote),
		cmocka_unit_test(error_after_closing_quote),
		cmocka_unit_test(error_quote_inside_unquoted),
		cmocka_unit_test(errors_say_which),
		cmocka_unit_test(many_fields),
		cmocka_unit_test(long_field),
		cmocka_unit_test(row_reused),
		cmocka_unit_test(put_plain),
		cmocka_unit_test(put_quoted),
		cmocka_unit_test(put_appends),
		cmocka_unit_test(put_roundtrip),
		cmocka_unit_test(put_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
