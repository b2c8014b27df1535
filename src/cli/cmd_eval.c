/* cmd_eval.c: ktxh eval — one unit's evaluation as text, JSON or CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli.h"
#include "core/num.h"
#include "core/period.h"

int
cmd_eval(struct cli *cl)
{
	const char *unit = cli_get(cl, "unit"), *year = cli_get(cl, "year");
	const char *per = cli_get(cl, "period"), *fmt = cli_get(cl, "format");
	const char *nearp = cli_get(cl, "near");
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct app_eval e;
	struct period p;
	struct store *s;
	double near = -1;
	int rc = EXIT_OK;

	if (unit == NULL || year == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --unit và --year; ví dụ: ktxh "
		    "eval --unit \"Nhơn Hưng\" --year 2023");
	if (period_parse(year, strlen(year), &p) != 0 || p.kind != PERIOD_YEAR)
		return cli_fail(cl, EXIT_USAGE, "--year “%s” không hợp lệ: viết "
		    "năm bốn chữ số, ví dụ 2023", year);
	if (per != NULL && (period_parse(per, strlen(per), &p) != 0 ||
	    p.year != atoi(year)))
		return cli_fail(cl, EXIT_USAGE, "--period “%s” không hợp lệ: viết "
		    "%s, %s-H1, %s-Q3, %s-M09 hoặc %s-9M (cùng năm với --year)", per,
		    year, year, year, year, year);
	if (fmt == NULL)
		fmt = "text";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "csv") != 0)
		return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: dùng "
		    "text, json hoặc csv", fmt);
	if (nearp != NULL && (num_parse_machine(nearp, strlen(nearp), &near) != 0 ||
	    near < 50 || near >= 100))
		return cli_fail(cl, EXIT_USAGE, "--near “%s” không hợp lệ: một số "
		    "từ 50 đến dưới 100, ví dụ 90", nearp);
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (app_evaluate_rollup(s, unit, &p, near, false, &e, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
		goto out;
	}
	if (strcmp(fmt, "json") == 0) {
		app_eval_json_write(&e, stdout);
		putchar('\n');
	} else {
		if (strcmp(fmt, "csv") == 0)
			app_eval_csv(&out, &e);
		else
			app_eval_text(&out, &e);
		fputs(buf_str(&out), stdout);
	}
out:
	app_eval_free(&e);
	buf_free(&err);
	buf_free(&out);
	store_close(s);
	return rc;
}
