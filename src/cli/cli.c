/* cli.c: parsing of the command line against the command table, help
 * generated from the same table, and the helpers shared by commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define KTXH_VERSION "0.1.0"

static void
usage_line(FILE *fp, const struct cli_cmd *c)
{
	const struct cli_opt *o;

	fprintf(fp, "ktxh %s", c->name);
	for (o = c->opts; o->name != NULL; o++)
		if (o->arg != NULL)
			fprintf(fp, " [--%s %s]", o->name, o->arg);
		else
			fprintf(fp, " [--%s]", o->name);
	if (*c->args != '\0')
		fprintf(fp, " %s", c->args);
	fputc('\n', fp);
}

/* Width of an option and its argument in the help, in characters. */
#define HELP_COL	22

/* Characters (not bytes) of a UTF-8 string. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void
help_cmd(FILE *fp, const struct cli_cmd *c)
{
	const struct cli_opt *o;
	struct buf left = BUF_INIT;
	size_t n;

	fprintf(fp, "ktxh %s — %s\n\nCách dùng: ", c->name, c->summary);
	usage_line(fp, c);
	if (c->opts[0].name != NULL)
		fputs("\nTùy chọn:\n", fp);
	for (o = c->opts; o->name != NULL; o++) {
		buf_reset(&left);
		buf_printf(&left, "--%s%s%s", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
		/* The help column at 25, counted in characters ("TỆP"). */
		for (n = chars(buf_str(&left)); n < HELP_COL; n++)
			buf_putc(&left, ' ');
		fprintf(fp, "  %s %s%s%s\n", buf_str(&left), o->help,
		    o->alias ? "; viết tắt -" : "", o->alias ? o->alias : "");
	}
	buf_free(&left);
	fprintf(fp, "  %-*s %s\n", HELP_COL, "--help", "in hướng dẫn này");
	if (c->help != NULL)
		fprintf(fp, "\n%s\n", c->help);
}

static void
help_all(FILE *fp)
{
	const struct cli_cmd *c;

	fputs("ktxh — theo dõi, đánh giá, báo cáo chỉ tiêu kế hoạch phát triển "
	    "kinh tế - xã hội\n\nCách dùng: ktxh LỆNH [tùy chọn] [tham số]\n\n"
	    "Các lệnh:\n", fp);
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(fp, "  %-8s %s\n", c->name, c->summary);
	fputs("\nCác lệnh làm việc với dữ liệu nhận --db PATH ở bất kỳ vị trí nào (mặc định $KTXH_DB hoặc "
	    "ktxh.db) và --help.\n", fp);
}

static const struct cli_cmd *
find_cmd(const char *name)
{
	const struct cli_cmd *c;

	for (c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const char *
cli_get(const struct cli *cl, const char *name)
{
	int i;

	for (i = 0; cl->cmd->opts[i].name != NULL; i++)
		if (strcmp(cl->cmd->opts[i].name, name) == 0)
			return cl->val[i];
	return NULL;
}

int
cli_fail(const struct cli *cl, int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ktxh %s: ", cl->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

struct store *
cli_open(const struct cli *cl)
{
	struct buf err = BUF_INIT;
	struct store *s;

	if (store_open(cl->db, false, &s, &err) != 0) {
		cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		buf_free(&err);
		return NULL;
	}
	if (store_ready(s) != 0) {
		cli_fail(cl, EXIT_USAGE, "%s", store_error(s));
		store_close(s);
		return NULL;
	}
	return s;
}

int
cmd_help(struct cli *cl)
{
	const struct cli_cmd *c;

	if (cl->npos == 0) {
		help_all(stdout);
		return EXIT_OK;
	}
	if ((c = find_cmd(cl->pos[0])) == NULL)
		return cli_fail(cl, EXIT_USAGE, "không có lệnh “%s”; xem ktxh --help",
		    cl->pos[0]);
	help_cmd(stdout, c);
	return EXIT_OK;
}

int
cmd_version(struct cli *cl)
{
	(void)cl;
	printf("ktxh %s\n", KTXH_VERSION);
	return EXIT_OK;
}

/* Parse argv (after the command name) into cl. Returns 0, 1 for --help,
 * or -1 after printing a usage error. */
static int
parse(struct cli *cl, int argc, char **argv)
{
	const struct cli_cmd *c = cl->cmd;
	const char *name, *eq, *val;
	size_t nlen;
	int i, k;
	bool dashdash = false;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (cl->npos == CLI_MAXPOS || cl->npos >= c->maxpos) {
				cli_fail(cl, EXIT_USAGE, "thừa tham số “%s”; xem ktxh %s "
				    "--help", a, c->name);
				return -1;
			}
			cl->pos[cl->npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (a[1] != '-') {
			/* A one-letter alias such as -o FILE. */
			for (k = 0; c->opts[k].name != NULL; k++)
				if (c->opts[k].alias != NULL &&
				    strcmp(c->opts[k].alias, a + 1) == 0)
					break;
			if (c->opts[k].name == NULL) {
				cli_fail(cl, EXIT_USAGE, "tùy chọn “%s” không hợp lệ: tùy "
				    "chọn viết dạng --tên; xem ktxh %s --help", a, c->name);
				return -1;
			}
			name = c->opts[k].name;
			eq = NULL;
			nlen = strlen(name);
		} else {
			name = a + 2;
			eq = strchr(name, '=');
			nlen = eq ? (size_t)(eq - name) : strlen(name);
			for (k = 0; c->opts[k].name != NULL; k++)
				if (strlen(c->opts[k].name) == nlen &&
				    strncmp(c->opts[k].name, name, nlen) == 0)
					break;
		}
		if (c->opts[k].name == NULL) {
			cli_fail(cl, EXIT_USAGE, "lệnh %s không có tùy chọn “--%.*s”; "
			    "xem ktxh %s --help", c->name, (int)nlen, name, c->name);
			return -1;
		}
		if (c->opts[k].arg == NULL) {
			if (eq != NULL) {
				cli_fail(cl, EXIT_USAGE, "--%s không nhận giá trị",
				    c->opts[k].name);
				return -1;
			}
			val = "1";
		} else if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			cli_fail(cl, EXIT_USAGE, "--%s cần giá trị %s", c->opts[k].name,
			    c->opts[k].arg);
			return -1;
		}
		cl->val[k] = val;
	}
	if (cl->npos < c->minpos) {
		cli_fail(cl, EXIT_USAGE, "thiếu tham số %s; cách dùng: ktxh %s %s",
		    c->args, c->name, c->args);
		return -1;
	}
	if ((val = cli_get(cl, "db")) != NULL)
		cl->db = val;
	return 0;
}

int
cli_main(int argc, char **argv)
{
	struct cli cl;
	const struct cli_cmd *c;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		help_all(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		argv[1] = "version";
	if ((c = find_cmd(argv[1])) == NULL) {
		fprintf(stderr, "ktxh: không có lệnh “%s”; xem ktxh --help\n", argv[1]);
		return EXIT_USAGE;
	}
	memset(&cl, 0, sizeof(cl));
	cl.cmd = c;
	cl.db = getenv("KTXH_DB");
	if (cl.db == NULL || *cl.db == '\0')
		cl.db = "ktxh.db";
	rc = parse(&cl, argc - 2, argv + 2);
	if (rc == 1) {
		help_cmd(stdout, c);
		return EXIT_OK;
	}
	if (rc < 0)
		return EXIT_USAGE;
	return c->run(&cl);
}

int
cli_write_file(const char *path, const struct buf *b, struct buf *err)
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
