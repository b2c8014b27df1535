/* cmd_report.c: ktxh report (the official report in every format) and
 * ktxh text (the sector texts with live figures). */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "cli.h"
#include "core/period.h"
#include "io/dataset.h"
#include "report/report.h"

static const char *const formats[] = { "docx", "pdf", "html", "md", "xlsx",
	NULL };

/* The format named by --format, else by the output's extension. */
static const char *
pick_format(const char *fmt, const char *out)
{
	const char *dot;

	if (fmt != NULL)
		return model_lookup(formats, fmt) >= 0 || strcmp(fmt, "all") == 0 ?
		    fmt : NULL;
	if (out == NULL || (dot = strrchr(out, '.')) == NULL)
		return NULL;
	return model_lookup(formats, dot + 1) >= 0 ? dot + 1 : NULL;
}

/* Write a text format to path ("-": stdout) through a temporary file. */
static int
write_text(const char *path, const struct buf *b, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	FILE *fp;
	int rc = 0;

	if (strcmp(path, "-") == 0)
		return fwrite(b->data, 1, b->len, stdout) == b->len ? 0 : -1;
	buf_printf(&tmp, "%s.tmp", path);
	if ((fp = fopen(buf_str(&tmp), "wb")) == NULL) {
		buf_printf(err, "không ghi được %s", path);
		buf_free(&tmp);
		return -1;
	}
	if (fwrite(b->data, 1, b->len, fp) != b->len)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	if (rc == 0 && rename(buf_str(&tmp), path) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(buf_str(&tmp));
		buf_printf(err, "không ghi được %s", path);
	}
	buf_free(&tmp);
	return rc;
}

/* Write doc as fmt to path. */
static int
write_format(const struct rpt_doc *doc, const char *fmt, const char *path,
    struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc;

	if (strcmp(fmt, "html") == 0 || strcmp(fmt, "md") == 0) {
		if (fmt[0] == 'h')
			rpt_write_html(doc, &text);
		else
			rpt_write_md(doc, &text);
		rc = write_text(path, &text, err);
		buf_free(&text);
		return rc;
	}
	if (strcmp(fmt, "docx") == 0)
		return rpt_write_docx(doc, path, err);
	if (strcmp(fmt, "pdf") == 0)
		return rpt_write_pdf(doc, path, err);
	return rpt_write_xlsx(doc, path, err);
}

/* One file of --format all. */
struct report_job {
	const struct rpt_doc *doc;
	const char	*fmt;
	struct buf	 path;		/* OUT.fmt */
	struct buf	 err;		/* why it failed */
	int		 rc;		/* of write_format */
};

#define NJOBS (sizeof(formats) / sizeof(formats[0]) - 1)

static void
report_job_run(struct report_job *j)
{
	j->rc = write_format(j->doc, j->fmt, buf_str(&j->path), &j->err);
}

/* The jobs of every format but the PDF (a thread's body). */
static void *
report_jobs_but_pdf(void *arg)
{
	struct report_job *jobs = arg;
	size_t i;

	for (i = 0; i < NJOBS; i++)
		if (strcmp(jobs[i].fmt, "pdf") != 0)
			report_job_run(&jobs[i]);
	return NULL;
}

/*
 * Every format from one build of the report: OUT.docx, OUT.pdf … The PDF,
 * by far the longest to write, starts at once on this thread while a second
 * one writes the others (so a late start of that thread delays nothing).
 * The writers only read the model and share no state: cairo, pango and
 * fontconfig are used by the PDF alone, and the others' libraries (libzip,
 * libxlsxwriter, zlib) keep theirs per file. Results are told in the order
 * of formats[] whatever order the files were finished in.
 */
static int
write_all(struct cli *cl, const struct rpt_doc *doc, const char *out)
{
	struct report_job jobs[NJOBS];
	pthread_t thread;
	bool threaded;
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < NJOBS; i++) {
		jobs[i] = (struct report_job){ .doc = doc, .fmt = formats[i],
		    .path = BUF_INIT, .err = BUF_INIT };
		buf_printf(&jobs[i].path, "%s.%s", out, formats[i]);
	}
	threaded = pthread_create(&thread, NULL, report_jobs_but_pdf,
	    jobs) == 0;
	for (i = 0; i < NJOBS; i++)
		if (strcmp(jobs[i].fmt, "pdf") == 0)
			report_job_run(&jobs[i]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		report_jobs_but_pdf(jobs);
	for (i = 0; i < NJOBS; i++) {
		if (jobs[i].rc != 0)
			rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&jobs[i].err));
		else
			printf("Đã ghi %s.\n", buf_str(&jobs[i].path));
		buf_free(&jobs[i].path);
		buf_free(&jobs[i].err);
	}
	return rc;
}

int
cmd_report(struct cli *cl)
{
	const char *unit = cli_get(cl, "unit"), *year = cli_get(cl, "year");
	const char *kind = cli_get(cl, "kind"), *out = cli_get(cl, "output");
	const char *fmt = pick_format(cli_get(cl, "format"), out);
	struct report_opts o;
	struct rpt_doc doc;
	struct buf err = BUF_INIT;
	struct store *s;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	int k, rc = EXIT_OK;

	if (unit == NULL || year == NULL || out == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --unit, --year và -o TỆP; ví dụ: "
		    "ktxh report --unit \"Nhơn Hưng\" --year 2023 --kind annual "
		    "--format docx -o bao-cao.docx");
	if (fmt == NULL)
		return cli_fail(cl, EXIT_USAGE, "không rõ định dạng: dùng --format "
		    "docx, pdf, html, md, xlsx hoặc all (hoặc đặt đuôi tệp -o tương "
		    "ứng)");
	if ((k = model_lookup(report_kind_names, kind ? kind : "annual")) < 0)
		return cli_fail(cl, EXIT_USAGE, "--kind “%s” không hợp lệ: dùng "
		    "annual, half, nine-months, quarter hoặc month", kind);
	memset(&o, 0, sizeof(o));
	o.unit = unit;
	o.year = atoi(year);
	if (o.year < 1900 || o.year > 2200 || strlen(year) != 4)
		return cli_fail(cl, EXIT_USAGE, "--year “%s” không hợp lệ: viết năm "
		    "bốn chữ số, ví dụ 2023", year);
	o.kind = (enum report_kind)k;
	o.period = cli_get(cl, "period");
	o.date = cli_get(cl, "date");
	o.number = cli_get(cl, "number");
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	o.today = today;
	/* A report's memory comes and goes in bursts (a page, a file, a
	 * font): glibc would hand freed memory back to the system and fault
	 * it in again, some 700 page faults (1 to 4 ms) a report. This
	 * process ends soon: keep it. */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if ((k = report_build(s, &o, &doc, &err)) != 0) {
		rc = cli_fail(cl, k == REPORT_USAGE ? EXIT_USAGE : EXIT_DATA, "%s",
		    buf_str(&err));
		goto out;
	}
	if (strcmp(fmt, "all") == 0)
		rc = write_all(cl, &doc, out);
	else if (strcmp(out, "-") == 0 && strcmp(fmt, "html") != 0 &&
	    strcmp(fmt, "md") != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "định dạng %s cần một tệp, không ghi "
		    "ra màn hình được", fmt);
	} else if (write_format(&doc, fmt, out, &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	else if (strcmp(out, "-") != 0)
		printf("Đã ghi %s (%s).\n", out, fmt);
	rpt_free(&doc);
out:
	buf_free(&err);
	store_close(s);
	return rc;
}

static int
read_all(FILE *fp, struct buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	return ferror(fp) ? -1 : 0;
}

int
cmd_text(struct cli *cl)
{
	const char *action = cl->pos[0], *unit = cli_get(cl, "unit");
	const char *period = cli_get(cl, "period"), *section = cli_get(cl, "section");
	const char *file = cli_get(cl, "file");
	struct buf body = BUF_INIT, err = BUF_INIT;
	struct unit u;
	struct store *s;
	bool found;
	FILE *fp;
	int rc = EXIT_OK;

	if (strcmp(action, "set") != 0 && strcmp(action, "get") != 0)
		return cli_fail(cl, EXIT_USAGE, "“%s” không phải việc của ktxh text: "
		    "dùng set hoặc get", action);
	if (unit == NULL || period == NULL || section == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --unit, --period và --section; "
		    "xem ktxh text --help");
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (app_find_unit(s, unit, &u, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "--unit: %s", buf_str(&err));
		goto out;
	}
	if (strcmp(action, "get") == 0) {
		if (store_text(s, u.code, period, section, &body, &found) != 0)
			rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		else if (!found)
			rc = cli_fail(cl, EXIT_DATA, "chưa có thuyết minh “%s” của %s kỳ "
			    "%s", section, u.name, period);
		else
			fputs(buf_str(&body), stdout);
		goto out_unit;
	}
	fp = file == NULL || strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (fp == NULL) {
		rc = cli_fail(cl, EXIT_USAGE, "không mở được %s", file);
		goto out_unit;
	}
	if (read_all(fp, &body) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "lỗi đọc %s", file ? file : "stdin");
	if (fp != stdin)
		fclose(fp);
	if (rc != EXIT_OK)
		goto out_unit;
	if (app_put_text(s, "ktxh text set", u.code, period, section,
	    body.data ? body.data : "", body.len, 0, &err) != 0) {
		fputs(buf_str(&err), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không ghi gì");
	} else
		printf("Đã ghi thuyết minh “%s” của %s, kỳ %s.\n", section, u.name,
		    period);
out_unit:
	unit_free(&u);
out:
	buf_free(&body);
	buf_free(&err);
	store_close(s);
	return rc;
}
