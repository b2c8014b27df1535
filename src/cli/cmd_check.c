/* cmd_check.c: ktxh check — the spell-checker for numbers, over text,
 * Markdown and DOCX files or stdin, printing findings for people (one line
 * each, "tệp:dòng:cột: lỗi: …") or as JSON streamed one finding at a time,
 * so that memory stays bounded on any size of input; and ktxh extract — the
 * "actual / target" and rate claims of a report as CSV for review and import.
 * Exit: 0 no error, 1 an error found, 2 usage or I/O error. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check/check.h"
#include "cli.h"
#include "io/csv.h"

/* Output settings, read by the format callback on every worker thread. */
struct out {
	int		 json;
	int		 all;		/* text: also ok and not verifiable */
	const char	*path;
	size_t		 written;	/* JSON: bytes of findings in this file */
};

/* Append ,"key": and v as a JSON string, or null. The checker's strings
 * are valid UTF-8 (it repairs its input), so only quotes, backslashes and
 * control characters need escaping; jansson is kept for the file names,
 * which come from the command line as any bytes. */
/* Bytes a JSON string cannot hold as they are: controls (NUL ends the
 * string), quote, backslash. */
static const unsigned char jesc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* The bytes of s[0..n) before the first that needs an escape. */
static size_t
json_plain(const unsigned char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
	    ctl = _mm_set1_epi8(0x1F), zero = _mm_setzero_si128();
	__m128i v, m;
	int bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* a control byte is one that 0x1F saturates to zero */
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		    _mm_cmpeq_epi8(v, bslash)),
		    _mm_cmpeq_epi8(_mm_subs_epu8(v, ctl), zero));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	while (i < n && !jesc[s[i]])
		i++;
	return i;
}

#if defined(__GNUC__)
__attribute__((always_inline))	/* the key's length is a constant there */
#endif
static inline void
put_jstr(struct buf *b, const char *key, size_t keylen, const char *v)
{
	const unsigned char *p, *e;
	char esc[8];
	size_t k;

	buf_append(b, key, keylen);
	if (v == NULL) {
		buf_append(b, "null", 4);
		return;
	}
	buf_putc(b, '"');
	p = (const unsigned char *)v;
	e = p + strlen(v);
	for (;;) {
		k = json_plain(p, (size_t)(e - p));
		buf_append(b, (const char *)p, k);
		if ((p += k) == e)
			break;
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			buf_append(b, esc, 2);
		} else {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			buf_append(b, esc, 6);
		}
		p++;
	}
	buf_putc(b, '"');
}

/* The key's length known where it is written. */
#define PUT_JSTR(b, key, v)	put_jstr((b), (key), sizeof(key) - 1, (v))

/* Append n in decimal. */
static void
put_size(struct buf *b, size_t n)
{
	char d[24], *q = d + sizeof d;

	do
		*--q = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	buf_append(b, q, (size_t)(d + sizeof d - q));
}

/* One finding as text (called on a worker thread). In JSON every finding
 * starts with the comma that separates it from the one before; write()
 * drops the first of a file. */
static void
format_finding(void *arg, struct buf *b, const struct chk_finding *f)
{
	const struct out *o = arg;

	if (o->json) {
		buf_puts(b, ",\n{");
		if (f->page > 0) {
			buf_puts(b, "\"page\":");
			put_size(b, f->page);
			buf_putc(b, ',');
		}
		buf_puts(b, "\"line\":");
		put_size(b, f->line);
		buf_puts(b, ",\"col\":");
		put_size(b, f->col);
		PUT_JSTR(b, ",\"kind\":", chk_kind_name(f->kind));
		PUT_JSTR(b, ",\"text\":", f->text);
		PUT_JSTR(b, ",\"stated\":", f->stated);
		PUT_JSTR(b, ",\"computed\":", f->computed);
		PUT_JSTR(b, ",\"verdict\":", chk_verdict_name(f->verdict));
		PUT_JSTR(b, ",\"suggestion\":", f->suggestion);
		if (f->table > 0) {
			buf_puts(b, ",\"table\":");
			put_size(b, f->table);
			buf_puts(b, ",\"row\":");
			if (f->row > 0)
				put_size(b, f->row);
			else
				buf_puts(b, "null");
			PUT_JSTR(b, ",\"column\":", f->column);
			PUT_JSTR(b, ",\"row_label\":", f->row_label);
		}
		buf_putc(b, '}');
		return;
	}
	if (!o->all && f->verdict != CHK_ERROR && f->verdict != CHK_WARNING)
		return;
	/* PDF: file:page:line (a column means little in a PDF's text). */
	if (f->page > 0)
		buf_printf(b, "%s:%zu:%zu: %s: %s\n", o->path, f->page,
		    f->line, chk_verdict_label(f->verdict), f->message);
	else
		buf_printf(b, "%s:%zu:%zu: %s: %s\n", o->path, f->line,
		    f->col, chk_verdict_label(f->verdict), f->message);
}

/* Findings or records in document order (on the main thread), in large
 * writes. */
static void
write_findings(void *arg, const char *s, size_t n)
{
	struct out *o = arg;

	if (o->json && o->written == 0 && n > 0 && s[0] == ',') {
		s++;
		n--;
	}
	fwrite(s, 1, n, stdout);
	o->written += n;
}

/* Threads for --jobs N, or one per processor. */
static int
jobs_of(struct cli *cl, unsigned *n)
{
	const char *v = cli_get(cl, "jobs");
	char *end;
	long k;

	if (v == NULL) {
		k = sysconf(_SC_NPROCESSORS_ONLN);
		*n = k > 0 ? (unsigned)k : 1;
		return 0;
	}
	errno = 0;
	k = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || k < 1 || k > 64)
		return -1;
	*n = (unsigned)k;
	return 0;
}

static void
json_path(const char *path)
{
	json_t *s = json_string(path);
	char *t = s != NULL ? json_dumps(s, JSON_ENCODE_ANY) : NULL;

	fputs(t != NULL ? t : "\"?\"", stdout);
	free(t);
	json_decref(s);
}

int
cmd_check(struct cli *cl)
{
	const char *fmt = cli_get(cl, "format");
	struct chk_opts opts;
	struct chk_output output;
	struct chk_stats tot;
	struct out o;
	struct buf err = BUF_INIT;
	unsigned threads;
	int i, ioerr = 0, first = 1;

	if (fmt == NULL)
		fmt = "text";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: dùng "
		    "text hoặc json", fmt);
	if (jobs_of(cl, &threads) != 0)
		return cli_fail(cl, EXIT_USAGE, "--jobs “%s” không hợp lệ: cần "
		    "một số nguyên từ 1 đến 64", cli_get(cl, "jobs"));
	memset(&opts, 0, sizeof opts);
	opts.truncate = cli_get(cl, "truncate") != NULL;
	memset(&o, 0, sizeof o);
	o.json = strcmp(fmt, "json") == 0;
	o.all = cli_get(cl, "all") != NULL;
	opts.problems_only = !o.json && !o.all;
	memset(&tot, 0, sizeof tot);
	output.format = format_finding;
	output.write = write_findings;
	output.arg = &o;
	/* Findings go out as they come, in large writes. */
	setvbuf(stdout, NULL, _IOFBF, 1u << 16);
	if (o.json)
		fputs("{\"files\":[", stdout);
	for (i = 0; i < cl->npos; i++) {
		o.path = strcmp(cl->pos[i], "-") == 0 ? "<stdin>" : cl->pos[i];
		o.written = 0;
		if (o.json) {
			printf("%s{\"path\":", first ? "\n" : ",\n");
			json_path(o.path);
			fputs(",\"findings\":[", stdout);
			first = 0;
		}
		buf_reset(&err);
		if (chk_run(cl->pos[i], &opts, threads, &output, &tot,
		    &err) != 0) {
			ioerr = 1;
			fflush(stdout);
			cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		}
		if (o.json)
			fputs("]}", stdout);
	}
	if (o.json)
		printf("],\n\"summary\":{\"claims\":%zu,\"errors\":%zu,"
		    "\"warnings\":%zu}}\n", tot.claims, tot.errors,
		    tot.warnings);
	else
		printf("Tổng cộng: %zu nhận định số liệu (%zu đúng, %zu chưa kiểm "
		    "được), %zu lỗi, %zu cảnh báo.\n", tot.claims, tot.oks,
		    tot.unverifiable, tot.errors, tot.warnings);
	buf_free(&err);
	if (fflush(stdout) != 0)
		return cli_fail(cl, EXIT_USAGE, "không ghi được kết quả");
	if (ioerr)
		return EXIT_USAGE;
	return tot.errors > 0 ? EXIT_DATA : EXIT_OK;
}

/* ---- ktxh extract ---------------------------------------------------- */

/* One CSV row of a record (called on a worker thread). */
static void
format_record(void *arg, struct buf *b, const struct chk_record *r)
{
	char line[32];

	(void)arg;
	snprintf(line, sizeof line, "%zu", r->line);
	csv_put_field(b, line, 0);
	csv_put_field(b, r->kind, 0);
	csv_put_field(b, "", 0);
	csv_put_field(b, r->phrase, 0);
	csv_put_field(b, r->uom, 0);
	csv_put_number(b, !isnan(r->actual), r->actual, 0);
	csv_put_number(b, !isnan(r->target), r->target, 0);
	csv_put_number(b, !isnan(r->percent), r->percent, 0);
	csv_put_field(b, r->text, 1);
}

int
cmd_extract(struct cli *cl)
{
	const char *fmt = cli_get(cl, "format");
	struct chk_opts opts;
	struct chk_output output;
	struct chk_stats st;
	struct out o;
	struct buf err = BUF_INIT;
	unsigned threads;
	int rc = EXIT_OK;

	if (fmt != NULL && strcmp(fmt, "csv") != 0)
		return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: chỉ có "
		    "csv", fmt);
	if (jobs_of(cl, &threads) != 0)
		return cli_fail(cl, EXIT_USAGE, "--jobs “%s” không hợp lệ: cần "
		    "một số nguyên từ 1 đến 64", cli_get(cl, "jobs"));
	memset(&opts, 0, sizeof opts);
	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	output.format = NULL;
	output.format_record = format_record;
	output.write = write_findings;
	output.arg = &o;
	/* Rows go out as they come, in large writes: memory stays bounded. */
	setvbuf(stdout, NULL, _IOFBF, 1u << 16);
	fputs("line,kind,indicator,phrase,uom,actual,target,percent,text\n",
	    stdout);
	if (chk_run(cl->pos[0], &opts, threads, &output, &st, &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	buf_free(&err);
	if (fflush(stdout) != 0)
		return cli_fail(cl, EXIT_USAGE, "không ghi được kết quả");
	return rc;
}
