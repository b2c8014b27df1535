/* test_table.c: unit tests of the checker's tables (table.c) through
 * chk_buffer on tables of our own, and of the HTML reader (html.c): each
 * rule right and wrong, cells that are not figures, headers that do not say
 * what divides what, sub-rows and subtotals. Expected rows, columns and
 * figures are worked out in the comments. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "check/html.h"

/* The table findings of a text, as "verdict kind row column stated
 * computed" lines. */
static void
collect(void *arg, const struct chk_finding *f)
{
	struct buf *b = arg;

	if (f->table == 0)
		return;
	buf_printf(b, "%s %s t%zu r%zu [%s] %s %s\n",
	    chk_verdict_name(f->verdict), chk_kind_name(f->kind), f->table,
	    f->row, f->column != NULL ? f->column : "-",
	    f->stated != NULL ? f->stated : "-",
	    f->computed != NULL ? f->computed : "-");
}

static char *
run(const char *text)
{
	struct buf b = BUF_INIT;
	struct chk_opts o = { false, false };
	struct chk_sink sink = { collect, NULL, &b };
	struct chk_stats st;

	memset(&st, 0, sizeof st);
	chk_buffer(text, strlen(text), &o, &sink, &st);
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void
has(const char *out, const char *line)
{
	if (strstr(out, line) == NULL) {
		fprintf(stderr, "missing: %s\nin:\n%s", line, out);
		fail();
	}
}

static void
hasnt(const char *out, const char *what)
{
	if (strstr(out, what) != NULL) {
		fprintf(stderr, "unexpected: %s\nin:\n%s", what, out);
		fail();
	}
}

static void
ratio_column(void **state)
{
	char *o;

	(void)state;
	/* 1.350/1.200 = 112,5%; 480/500 = 96%, not 69%; a tab table too. */
	o = run("| STT | Nội dung | Kế hoạch | Thực hiện | Tỷ lệ % so KH |\n"
	    "|---|---|---:|---:|---:|\n"
	    "| 1 | Thuế | 1.200 | 1.350 | 112,5% |\n"
	    "| 2 | Thu khác | 500 | 480 | 69% |\n");
	has(o, "ok ratio t1 r1 [Tỷ lệ % so KH] 112,5% 112,5%");
	has(o, "error ratio t1 r2 [Tỷ lệ % so KH] 69% 96%");
	free(o);
	o = run("STT\tChỉ tiêu\tKH\tTH\tTH/KH (%)\n1\tLúa\t40\t52\t130\n");
	has(o, "ok ratio t1 r1 [TH/KH (%)] 130% 130%");
	free(o);
	/* "so cùng kỳ" divides by the previous year's column: 120/96 = 125%. */
	o = run("| Chỉ tiêu | Kế hoạch | Cùng kỳ | Thực hiện | So cùng kỳ (%) |\n"
	    "|---|---|---|---|---|\n| Lúa | 100 | 96 | 120 | 125 |\n");
	has(o, "ok ratio t1 r1 [So cùng kỳ (%)] 125% 125%");
	free(o);
	/* Both plan and previous, and a header that does not say: not judged. */
	o = run("| Chỉ tiêu | Kế hoạch | Cùng kỳ | Thực hiện | So sánh (%) |\n"
	    "|---|---|---|---|---|\n| Lúa | 100 | 96 | 120 | 1 |\n"
	    "| Ngô | 100 | 96 | 120 | 2 |\n");
	has(o, "not verifiable ratio t1 r1 [So sánh (%)]");
	hasnt(o, "error");
	hasnt(o, "r2");		/* said once per table */
	free(o);
	/* Lower is better: 15/12 = 125% is plan/actual; not an error. */
	o = run("| Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ % |\n|---|---|---|---|\n"
	    "| Suy dinh dưỡng | 15 | 12 | 125% |\n");
	has(o, "not verifiable ratio t1 r1 [Tỷ lệ %] 125% 80%");
	free(o);
}

static void
cells_not_figures(void **state)
{
	char *o;

	(void)state;
	o = run("| STT | Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ % |\n"
	    "|---|---|---|---|---|\n"
	    "| 1 | Cây | định tính | đạt | 50% |\n"
	    "| 2 | Lúa | - | 1.200 | 90% |\n"
	    "| 3 | Hộ | 40 | 40 | |\n"
	    "| 4 | Hồ sơ | 2,803 | 2.803 | 100% |\n"
	    "| 5 | Vốn | 0 | 10 | 5% |\n"
	    "| 6 | Thu ngân sách | 340.000.000 | 177.000.000 (ước) | 52,06% |\n");
	/* Only row 6 has two figures and a ratio: 177/340 = 52,06%. */
	has(o, "ok ratio t1 r6");
	hasnt(o, "r1 ");
	hasnt(o, "r2 ");
	hasnt(o, "r3 ");
	hasnt(o, "r4 ");
	hasnt(o, "r5 ");
	free(o);
}

static void
total_rows(void **state)
{
	char *o;

	(void)state;
	/* 120 + 130 = 250 but 260 written; the Nữ column is right. */
	o = run("| Đơn vị | Nam | Nữ |\n|---|---|---|\n| Ấp 1 | 120 | 100 |\n"
	    "| Ấp 2 | 130 | 90 |\n| Tổng cộng | 260 | 190 |\n");
	has(o, "error parts t1 r3 [Nam] 260 250");
	has(o, "ok parts t1 r3 [Nữ] 190 190");
	free(o);
	/* Sub-rows repeat their parent: the top-level rows add up (10 + 5). */
	o = run("| STT | Nội dung | Số hộ |\n|---|---|---|\n| 1 | Ấp 1 | 10 |\n"
	    "| 1.1 | Tổ 1 | 6 |\n| 1.2 | Tổ 2 | 4 |\n| 2 | Ấp 2 | 5 |\n"
	    "| | Tổng số | 15 |\n");
	has(o, "ok parts t1 r5 [Số hộ] 15 15");
	free(o);
	/* With sub-rows and a sum no reading gives: only not verifiable. */
	o = run("| STT | Nội dung | Số hộ |\n|---|---|---|\n| 1 | Ấp 1 | 10 |\n"
	    "| 1.1 | Tổ 1 | 6 |\n| 2 | Ấp 2 | 5 |\n| | Tổng số | 40 |\n");
	has(o, "not verifiable parts t1 r4 [Số hộ] 40");
	hasnt(o, "error");
	free(o);
	/* Subtotals and a grand total: "Cộng" rows, then their sum (row 6:
	 * A, B, Cộng, C, Cộng, Tổng cộng); a wrong one, 8, is an error. */
	o = run("| Nội dung | Số tiền |\n|---|---|\n| A | 1 |\n| B | 2 |\n"
	    "| Cộng | 3 |\n| C | 4 |\n| Cộng | 4 |\n| Tổng cộng | 7 |\n");
	hasnt(o, "error");
	has(o, "ok parts t1 r6 [Số tiền] 7 7");
	free(o);
	o = run("| Nội dung | Số tiền |\n|---|---|\n| A | 1 |\n| B | 2 |\n"
	    "| Cộng | 3 |\n| C | 4 |\n| Cộng | 4 |\n| Tổng cộng | 8 |\n");
	has(o, "error parts t1 r6 [Số tiền] 8 7");
	free(o);
	/* Different units in the rows: not added. */
	o = run("| Chỉ tiêu | ĐVT | Thực hiện |\n|---|---|---|\n| Lúa | ha | 10 |\n"
	    "| Cá | tấn | 5 |\n| Tổng | | 20 |\n");
	hasnt(o, "parts");
	free(o);
}

static void
total_column(void **state)
{
	char *o;

	(void)state;
	/* 120 + 130 = 250; 100 + 90 = 190, not 191. */
	o = run("| Đơn vị | Nam | Nữ | Tổng số |\n|---|---|---|---|\n"
	    "| Ấp 1 | 120 | 130 | 250 |\n| Ấp 2 | 100 | 90 | 191 |\n");
	has(o, "ok parts t1 r1 [Tổng số] 250 250");
	has(o, "error parts t1 r2 [Tổng số] 191 190");
	free(o);
}

static void
tallies(void **state)
{
	char *o;

	(void)state;
	/* Rows 1-3 (1.1 is a sub-row): 1 vượt, 1 đạt, 1 không đạt. */
	o = run("| STT | Chỉ tiêu | Đánh giá |\n|---|---|---|\n| 1 | A | Vượt |\n"
	    "| 1.1 | A1 | Không đạt |\n| 2 | B | Đạt |\n| 3 | C | Không đạt |\n"
	    "| | Tổng cộng | 1 vượt, 2 đạt, 1 không đạt |\n");
	has(o, "error tally t1 r0 [-] 1 vượt, 2 đạt, 0 đạt từ 90% trở lên, 1 không đạt "
	    "1 vượt, 1 đạt, 0 đạt từ 90% trở lên, 1 không đạt");
	free(o);
	/* A tally table before the table it counts; a heading "# " starts a
	 * new document, whose tables are numbered from 1 again. */
	o = run("# A\n\n| Đánh giá | Số chỉ tiêu |\n|---|---|\n| Vượt | 1 |\n"
	    "| Không đạt | 1 |\n\n| STT | Chỉ tiêu | Đánh giá |\n|---|---|---|\n"
	    "| 1 | A | Vượt |\n| 2 | B | Không đạt |\n\n# B\n\n"
	    "| Nội dung | Nam | Nữ | Tổng |\n|---|---|---|---|\n| X | 1 | 2 | 3 |\n");
	has(o, "ok tally t1 r0");
	has(o, "ok parts t1 r1 [Tổng] 3 3");
	free(o);
}

static void
html_reader(void **state)
{
	struct buf b = BUF_INIT;
	const char *in = "<html><head><title>T</title><style>p{}</style></head><body>"
	    "<p>Tr&#7891;ng  11.800&nbsp;c&acirc;y &amp; <b>x</b><br>y</p>"
	    "<table><tr><th>A</th><th>B</th><th>C</th></tr>"
	    "<tr><td colspan=\"2\">I. Kinh t&#x1EBF;</td><td>3</td></tr>"
	    "<tr><td colspan=3>Cả dòng</td></tr>"
	    "<tr><td><p>a</p><p>b</p></td><td><table><tr><td>n</td><td>m</td>"
	    "</tr></table></td><td></td></tr></table><!-- <p>no</p> --><p>z</p>"
	    "</body></html>";

	(void)state;
	html_text(in, strlen(in), &b);
	assert_string_equal(buf_str(&b), "Trồng 11.800 cây & x\ny\n"
	    "A\tB\tC\nI. Kinh tế\t\t3\nCả dòng\t\t\na b\tn m\t\nz\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ratio_column),
		cmocka_unit_test(cells_not_figures),
		cmocka_unit_test(total_rows),
		cmocka_unit_test(total_column),
		cmocka_unit_test(tallies),
		cmocka_unit_test(html_reader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
