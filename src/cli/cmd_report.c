/* cmd_report.c: ktxh report (the official report in every format) and
 * ktxh text (the sector texts with live figures). */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
		rc = cli_write_file(path, &text, err);
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

/* ---- the reports of a unit and its children (--children) ---- */

/* A batch: the same report options for every unit, the formats, the
 * directory, and the work shared by the workers. */
struct batch {
	struct cli	*cl;
	struct report_opts o;		/* o.unit set per unit */
	const char	*fmts[NJOBS];
	size_t		 nfmts;
	const char	*dir;
	char		**codes;	/* the unit and its children */
	size_t		 n;
	atomic_size_t	 next;		/* threads: the next unit to take */
	atomic_size_t	 done;
	char		**errs;		/* per unit: why it failed, or NULL */
	bool		 tty;
	pthread_mutex_t	 lock;		/* the progress line */
};

/* Build the report of one unit and write every format of the batch into
 * DIR/CODE.fmt on store s. Returns 0, or -1 with *err. */
static int
batch_one(struct batch *b, struct store *s, const char *code, struct buf *err)
{
	struct report_opts o = b->o;
	struct rpt_doc doc;
	struct buf path = BUF_INIT;
	size_t i;
	int rc = 0;

	o.unit = code;
	if (report_build(s, &o, &doc, err) != 0)
		return -1;
	for (i = 0; i < b->nfmts; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.%s", b->dir, code, b->fmts[i]);
		if (write_format(&doc, b->fmts[i], buf_str(&path), err) != 0) {
			buf_puts(err, "; ");
			rc = -1;
		}
	}
	rpt_free(&doc);
	buf_free(&path);
	return rc;
}

static void
batch_progress(struct batch *b, size_t done)
{
	if (!b->tty)
		return;
	pthread_mutex_lock(&b->lock);
	fprintf(stderr, "\rđã xong %zu/%zu báo cáo…", done, b->n);
	pthread_mutex_unlock(&b->lock);
}

/* A worker thread: units in turn from the shared counter, on its own
 * connection to the database. */
static void *
batch_thread(void *arg)
{
	struct batch *b = arg;
	struct buf err = BUF_INIT;
	struct store *s = NULL;
	size_t i;

	if (store_open(b->cl->db, false, &s, &err) != 0)
		s = NULL;
	while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
		buf_reset(&err);
		if (s == NULL)
			buf_puts(&err, "không mở được cơ sở dữ liệu");
		if (s == NULL || batch_one(b, s, b->codes[i], &err) != 0)
			b->errs[i] = xstrdup(buf_str(&err));
		batch_progress(b, atomic_fetch_add(&b->done, 1) + 1);
	}
	store_close(s);
	buf_free(&err);
	return NULL;
}

static void
batch_threads(struct batch *b, int jobs)
{
	pthread_t *t = xcalloc((size_t)jobs, sizeof(*t));
	bool *started = xcalloc((size_t)jobs, sizeof(*started));
	int i;

	for (i = 0; i < jobs; i++)
		started[i] = pthread_create(&t[i], NULL, batch_thread, b) == 0;
	if (!started[0])
		batch_thread(b);
	for (i = 0; i < jobs; i++)
		if (started[i])
			pthread_join(t[i], NULL);
	free(t);
	free(started);
}

/*
 * Worker processes: worker w takes units w, w + jobs, w + 2·jobs … on its
 * own connection and tells each result on its pipe, one line a unit
 * ("index ok" or "index message"). A process lays out its PDFs one at a
 * time (pango, see rpt_pdf.c); separate processes lay out theirs at once.
 */
static void
batch_child(struct batch *b, int w, int jobs, int fd)
{
	struct buf err = BUF_INIT, line = BUF_INIT;
	struct store *s = NULL;
	size_t i, off;
	ssize_t k;

	if (store_open(b->cl->db, false, &s, &err) != 0)
		s = NULL;
	for (i = (size_t)w; i < b->n; i += (size_t)jobs) {
		buf_reset(&err);
		buf_reset(&line);
		if (s == NULL)
			buf_puts(&err, "không mở được cơ sở dữ liệu");
		if (s == NULL || batch_one(b, s, b->codes[i], &err) != 0) {
			for (char *p = err.data; p != NULL && *p; p++)
				if (*p == '\n')
					*p = ' ';
			buf_printf(&line, "%zu %s\n", i, buf_str(&err));
		} else
			buf_printf(&line, "%zu\n", i);
		for (off = 0; off < line.len; off += (size_t)k)
			if ((k = write(fd, line.data + off, line.len - off)) <= 0)
				_exit(3);
	}
	_exit(0);
}

static void
batch_processes(struct batch *b, int jobs)
{
	struct pollfd *pf = xcalloc((size_t)jobs, sizeof(*pf));
	struct buf *in = xcalloc((size_t)jobs, sizeof(*in));
	pid_t *pid = xcalloc((size_t)jobs, sizeof(*pid));
	int w, open = 0, fds[2], st;
	char chunk[4096];

	fflush(NULL);
	for (w = 0; w < jobs; w++) {
		pf[w].fd = -1;
		if (pipe(fds) != 0 || (pid[w] = fork()) < 0) {
			pid[w] = 0;
			continue;
		}
		if (pid[w] == 0) {
			close(fds[0]);
			batch_child(b, w, jobs, fds[1]);
		}
		close(fds[1]);
		pf[w].fd = fds[0];
		pf[w].events = POLLIN;
		open++;
	}
	while (open > 0) {
		if (poll(pf, (nfds_t)jobs, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (w = 0; w < jobs; w++) {
			ssize_t k;
			char *nl;

			if (pf[w].fd < 0 || pf[w].revents == 0)
				continue;
			if ((k = read(pf[w].fd, chunk, sizeof(chunk))) <= 0) {
				close(pf[w].fd);
				pf[w].fd = -1;
				open--;
				continue;
			}
			buf_append(&in[w], chunk, (size_t)k);
			while (in[w].len > 0 &&
			    (nl = memchr(in[w].data, '\n', in[w].len)) != NULL) {
				size_t len = (size_t)(nl - in[w].data) + 1;
				char *sp, *end;
				size_t i;

				*nl = '\0';
				i = strtoul(in[w].data, &end, 10);
				if (i < b->n && (sp = strchr(in[w].data, ' ')) != NULL)
					b->errs[i] = xstrdup(sp + 1);
				memmove(in[w].data, in[w].data + len, in[w].len - len);
				in[w].len -= len;
				batch_progress(b, ++b->done);
			}
		}
	}
	for (w = 0; w < jobs; w++) {
		if (pid[w] > 0)
			waitpid(pid[w], &st, 0);
		buf_free(&in[w]);
	}
	free(pf);
	free(in);
	free(pid);
}

/* Units whose validity meets year y (a unit merged away in mid-2025 still
 * has its 2025). */
static bool
valid_in(const struct unit *u, int y)
{
	return (!date_isset(&u->valid_from) || u->valid_from.year <= y) &&
	    (!date_isset(&u->valid_to) || u->valid_to.year >= y);
}

/*
 * ktxh report --children: the report of the unit and of each of its
 * children valid in the year, into DIR/CODE.fmt, by --jobs workers. Worker
 * processes by default: with two processors they write about twice the
 * PDFs of threads, which take turns in pango (measured: docs/cli.md); the
 * environment KTXH_REPORT_WORKERS=threads picks threads. A unit that fails
 * is told with its reason; the others are still written.
 */
static int
report_children(struct cli *cl, struct batch *b, int jobs)
{
	struct buf err = BUF_INIT;
	struct store *s;
	struct unit u, *all = NULL;
	size_t nall = 0, i, failed = 0;
	const char *mode = getenv("KTXH_REPORT_WORKERS");
	int rc = EXIT_OK;

	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (app_find_unit(s, b->o.unit, &u, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "--unit: %s", buf_str(&err));
		store_close(s);
		buf_free(&err);
		return rc;
	}
	if (store_units(s, &all, &nall) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	store_close(s);
	s = NULL;
	b->codes = xcalloc(nall + 1, sizeof(*b->codes));
	b->codes[b->n++] = xstrdup(u.code);
	for (i = 0; i < nall; i++)
		if (all[i].parent != NULL && strcmp(all[i].parent, u.code) == 0 &&
		    valid_in(&all[i], b->o.year))
			b->codes[b->n++] = xstrdup(all[i].code);
	store_free_units(all, nall);
	if (mkdir(b->dir, 0777) != 0 && errno != EEXIST) {
		rc = cli_fail(cl, EXIT_USAGE, "không tạo được thư mục %s: %s",
		    b->dir, strerror(errno));
		goto out;
	}
	b->errs = xcalloc(b->n, sizeof(*b->errs));
	if ((size_t)jobs > b->n)
		jobs = (int)b->n;
	if (mode != NULL && strcmp(mode, "threads") == 0)
		batch_threads(b, jobs);
	else
		batch_processes(b, jobs);
	if (b->tty)
		fputs("\r\033[K", stderr);
	for (i = 0; i < b->n; i++)
		if (b->errs[i] != NULL) {
			failed++;
			fprintf(stderr, "ktxh report: %s: %s\n", b->codes[i],
			    b->errs[i]);
		}
	if (b->done < b->n) {
		fprintf(stderr, "ktxh report: %zu báo cáo không được lập (tiến "
		    "trình con dừng giữa chừng)\n", b->n - b->done);
		failed += b->n - b->done;
	}
	printf("Đã ghi báo cáo của %zu/%zu đơn vị (%s và %zu đơn vị trực thuộc) "
	    "vào %s.\n", b->n - failed, b->n, u.code, b->n - 1, b->dir);
	if (failed > 0)
		rc = cli_fail(cl, EXIT_DATA, "%zu báo cáo lỗi", failed);
out:
	for (i = 0; i < b->n; i++) {
		free(b->codes[i]);
		if (b->errs != NULL)
			free(b->errs[i]);
	}
	free(b->codes);
	free(b->errs);
	unit_free(&u);
	store_close(s);
	buf_free(&err);
	return rc;
}

/* --format's list ("pdf,docx", "all") into fmts; 0, or -1 when a name is
 * unknown. */
static int
format_list(const char *spec, const char **fmts, size_t *n)
{
	const char *p = spec, *e;
	char name[16];
	int k;

	*n = 0;
	if (strcmp(spec, "all") == 0) {
		for (k = 0; formats[k] != NULL; k++)
			fmts[(*n)++] = formats[k];
		return 0;
	}
	for (; *p; p = *e ? e + 1 : e) {
		size_t i;

		e = strchr(p, ',');
		e = e ? e : p + strlen(p);
		if ((size_t)(e - p) >= sizeof(name))
			return -1;
		memcpy(name, p, (size_t)(e - p));
		name[e - p] = '\0';
		if ((k = model_lookup(formats, name)) < 0)
			return -1;
		for (i = 0; i < *n && fmts[i] != formats[k]; i++)
			;
		if (i == *n && *n < NJOBS)
			fmts[(*n)++] = formats[k];
	}
	return *n > 0 ? 0 : -1;
}

int
cmd_report(struct cli *cl)
{
	const char *unit = cli_get(cl, "unit"), *year = cli_get(cl, "year");
	const char *kind = cli_get(cl, "kind"), *out = cli_get(cl, "output");
	const char *fmt = pick_format(cli_get(cl, "format"), out);
	const char *jobs = cli_get(cl, "jobs");
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
	if (cli_get(cl, "children") == NULL && jobs != NULL)
		return cli_fail(cl, EXIT_USAGE, "--jobs chỉ dùng với --children");
	if (cli_get(cl, "children") != NULL && cli_get(cl, "number") != NULL)
		return cli_fail(cl, EXIT_USAGE, "--number là số của một văn bản, "
		    "không dùng với --children (đặt số của từng đơn vị trong "
		    "report_settings.csv)");
	if (cli_get(cl, "children") != NULL)
		fmt = cli_get(cl, "format") ? cli_get(cl, "format") : "docx,pdf";
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
	if (cli_get(cl, "children") != NULL) {
		struct batch b;
		long nj = jobs ? strtol(jobs, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

		memset(&b, 0, sizeof(b));
		if (format_list(fmt, b.fmts, &b.nfmts) != 0)
			return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: "
			    "dùng docx, pdf, html, md, xlsx, cách nhau bằng dấu phẩy "
			    "(pdf,docx), hoặc all", fmt);
		if (nj < 1 || nj > 256)
			return cli_fail(cl, EXIT_USAGE, "--jobs “%s” không hợp lệ: cần "
			    "số từ 1 đến 256", jobs ? jobs : "");
		b.cl = cl;
		b.o = o;
		b.dir = out;
		b.tty = isatty(2) != 0;
		pthread_mutex_init(&b.lock, NULL);
		rc = report_children(cl, &b, (int)nj);
		pthread_mutex_destroy(&b.lock);
		return rc;
	}
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
