/* cmd_check.c: ktxh check — the spell-checker for numbers, over text,
 * Markdown and DOCX files or stdin, printing findings for people (one line
 * each, "tệp:dòng:cột: lỗi: …") or as JSON streamed one finding at a time,
 * so that memory stays bounded on any size of input; and ktxh extract — the
 * "actual / target" and rate claims of a report as CSV for review and import.
 * Exit: 0 no error, 1 an error found, 2 usage or I/O error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check/check.h"
#include "cli.h"
#include "io/csv.h"

/* Output state shared by the finding callback. */
struct out {
	int		 json;
	int		 all;		/* text: also ok and not verifiable */
	const char	*path;
	size_t		 nfind;		/* JSON: findings written in this file */
	struct buf	 line;		/* JSON: the finding being written */
};

/* Append v as a JSON string, or null. The checker's strings are valid
 * UTF-8 (it repairs its input), so only quotes, backslashes and control
 * characters need escaping; jansson is kept for the file names, which
 * come from the command line as any bytes. */
static void
put_jstr(struct buf *b, const char *key, const char *v)
{
	const unsigned char *p, *q;

	buf_putc(b, ',');
	buf_putc(b, '"');
	buf_puts(b, key);
	buf_puts(b, "\":");
	if (v == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (p = (const unsigned char *)v; *p != '\0'; p = q + 1) {
		q = p;
		while (*q >= 0x20 && *q != '"' && *q != '\\')
			q++;
		buf_append(b, (const char *)p, (size_t)(q - p));
		if (*q == '\0')
			break;
		if (*q == '"' || *q == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*q);
		} else
			buf_printf(b, "\\u%04x", *q);
	}
	buf_putc(b, '"');
}

static void
on_finding(void *arg, const struct chk_finding *f)
{
	struct out *o = arg;

	if (o->json) {
		/* One finding, one write. */
		buf_reset(&o->line);
		buf_printf(&o->line, "%s{\"line\":%zu,\"col\":%zu",
		    o->nfind > 0 ? ",\n" : "\n", f->line, f->col);
		put_jstr(&o->line, "kind", chk_kind_name(f->kind));
		put_jstr(&o->line, "text", f->text);
		put_jstr(&o->line, "stated", f->stated);
		put_jstr(&o->line, "computed", f->computed);
		put_jstr(&o->line, "verdict", chk_verdict_name(f->verdict));
		put_jstr(&o->line, "suggestion", f->suggestion);
		buf_putc(&o->line, '}');
		fwrite(o->line.data, 1, o->line.len, stdout);
		o->nfind++;
		return;
	}
	if (!o->all && f->verdict != CHK_ERROR && f->verdict != CHK_WARNING)
		return;
	printf("%s:%zu:%zu: %s: %s\n", o->path, f->line, f->col,
	    chk_verdict_label(f->verdict), f->message);
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
	struct chk_sink sink;
	struct chk_stats tot;
	const struct chk_stats *st;
	struct out o;
	struct buf err = BUF_INIT;
	struct chk *c;
	int i, ioerr = 0, first = 1;

	if (fmt == NULL)
		fmt = "text";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: dùng "
		    "text hoặc json", fmt);
	memset(&opts, 0, sizeof opts);
	opts.truncate = cli_get(cl, "truncate") != NULL;
	memset(&o, 0, sizeof o);
	o.json = strcmp(fmt, "json") == 0;
	o.all = cli_get(cl, "all") != NULL;
	opts.problems_only = !o.json && !o.all;
	memset(&tot, 0, sizeof tot);
	sink.finding = on_finding;
	sink.record = NULL;
	sink.arg = &o;
	/* Findings go out as they come, in large writes. */
	setvbuf(stdout, NULL, _IOFBF, 1u << 16);
	if (o.json)
		fputs("{\"files\":[", stdout);
	for (i = 0; i < cl->npos; i++) {
		o.path = strcmp(cl->pos[i], "-") == 0 ? "<stdin>" : cl->pos[i];
		o.nfind = 0;
		if (o.json) {
			printf("%s{\"path\":", first ? "\n" : ",\n");
			json_path(o.path);
			fputs(",\"findings\":[", stdout);
			first = 0;
		}
		c = chk_new(&opts, &sink);
		buf_reset(&err);
		if (chk_read_path(c, cl->pos[i], &err) != 0) {
			ioerr = 1;
			fflush(stdout);
			cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		}
		st = chk_get_stats(c);
		tot.claims += st->claims;
		tot.errors += st->errors;
		tot.warnings += st->warnings;
		tot.oks += st->oks;
		tot.unverifiable += st->unverifiable;
		chk_free(c);
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
	buf_free(&o.line);
	if (fflush(stdout) != 0)
		return cli_fail(cl, EXIT_USAGE, "không ghi được kết quả");
	if (ioerr)
		return EXIT_USAGE;
	return tot.errors > 0 ? EXIT_DATA : EXIT_OK;
}

/* ---- ktxh extract ---------------------------------------------------- */

static void
on_record(void *arg, const struct chk_record *r)
{
	struct buf *b = arg;
	char line[32];

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
	/* Rows go out as they come: memory stays bounded. */
	fwrite(b->data, 1, b->len, stdout);
	buf_reset(b);
}

int
cmd_extract(struct cli *cl)
{
	const char *fmt = cli_get(cl, "format");
	struct chk_sink sink;
	struct buf row = BUF_INIT, err = BUF_INIT;
	struct chk *c;
	int rc = EXIT_OK;

	if (fmt != NULL && strcmp(fmt, "csv") != 0)
		return cli_fail(cl, EXIT_USAGE, "--format “%s” không hợp lệ: chỉ có "
		    "csv", fmt);
	sink.finding = NULL;
	sink.record = on_record;
	sink.arg = &row;
	fputs("line,kind,indicator,phrase,uom,actual,target,percent,text\n",
	    stdout);
	c = chk_new(NULL, &sink);
	if (chk_read_path(c, cl->pos[0], &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	chk_free(c);
	buf_free(&row);
	buf_free(&err);
	if (fflush(stdout) != 0)
		return cli_fail(cl, EXIT_USAGE, "không ghi được kết quả");
	return rc;
}
