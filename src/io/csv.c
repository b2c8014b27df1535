/* csv.c: RFC 4180 reading and writing over buffers, and the guard that keeps
 * spreadsheets from running a cell as a formula. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "csv.h"

#define CSV_BARE_CR "ký tự xuống dòng CR đứng riêng (kiểu máy Mac cũ): lưu " \
	"tệp với xuống dòng LF hoặc CRLF"

void
csv_open(struct csv *c, const char *buf, size_t len)
{
	c->buf = buf;
	c->len = len;
	c->off = 0;
	c->line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->off = 3;
}

static void
end_field(struct csv_row *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->offs = xrealloc(r->offs, (r->cap + 1) * sizeof(*r->offs));
		r->field = xrealloc(r->field, r->cap * sizeof(*r->field));
		r->flen = xrealloc(r->flen, r->cap * sizeof(*r->flen));
	}
	buf_putc(&r->arena, '\0');
	r->offs[++r->n] = r->arena.len;
}

int
csv_next(struct csv *c, struct csv_row *r, const char **err)
{
	bool quoted, blank;
	size_t i;
	char ch;

again:
	if (c->off >= c->len)
		return 0;
	buf_reset(&r->arena);
	r->n = 0;
	if (r->cap == 0) {
		r->cap = 16;
		r->offs = xmalloc((r->cap + 1) * sizeof(*r->offs));
		r->field = xmalloc(r->cap * sizeof(*r->field));
		r->flen = xmalloc(r->cap * sizeof(*r->flen));
	}
	r->offs[0] = 0;
	r->line = c->line;
	for (;;) {
		/* One field. */
		quoted = c->off < c->len && c->buf[c->off] == '"';
		if (quoted) {
			c->off++;
			for (;;) {
				if (c->off >= c->len) {
					*err = "dấu nháy kép mở mà không đóng";
					return -1;
				}
				ch = c->buf[c->off++];
				if (ch == '"') {
					if (c->off < c->len && c->buf[c->off] == '"') {
						buf_putc(&r->arena, '"');
						c->off++;
						continue;
					}
					break;
				}
				if (ch == '\n')
					c->line++;
				/* A line break inside a cell reads as "\n", whether
				 * the file ends its lines with CRLF or LF. */
				if (ch == '\r' && c->off < c->len &&
				    c->buf[c->off] == '\n')
					continue;

				buf_putc(&r->arena, ch);
			}
			if (c->off < c->len && c->buf[c->off] != ',' &&
			    c->buf[c->off] != '\n' && c->buf[c->off] != '\r') {
				*err = "dấu nháy kép không đóng đúng chỗ: ô mở bằng \" phải đóng bằng \" "
				    "ngay trước dấu phẩy hoặc cuối dòng; nháy kép trong ô viết đôi \"\"";
				return -1;
			}
		} else {
			size_t start = c->off;

			while (c->off < c->len && c->buf[c->off] != ',' &&
			    c->buf[c->off] != '\n' && c->buf[c->off] != '\r') {
				if (c->buf[c->off] == '"') {
					*err = "dấu nháy kép giữa ô không được đặt trong nháy kép";
					return -1;
				}
				c->off++;
			}
			buf_append(&r->arena, c->buf + start, c->off - start);
		}
		end_field(r);
		if (c->off >= c->len)
			break;
		ch = c->buf[c->off++];
		if (ch == ',')
			continue;
		if (ch == '\r') {
			if (c->off >= c->len || c->buf[c->off] != '\n') {
				*err = CSV_BARE_CR;
				return -1;
			}
			c->off++;
		}
		c->line++;
		break;
	}
	blank = true;
	for (i = 0; i < r->n; i++) {
		r->field[i] = r->arena.data + r->offs[i];
		r->flen[i] = r->offs[i + 1] - r->offs[i] - 1;
		if (r->flen[i] != 0)
			blank = false;
	}
	if (blank)
		goto again;
	return 1;
}

void
csv_row_free(struct csv_row *r)
{
	if (r == NULL)
		return;
	free(r->offs);
	free(r->field);
	free(r->flen);
	buf_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

/* What a spreadsheet reads as the start of a formula. */
static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* Text that, apostrophes skipped, starts like a formula: written with one
 * apostrophe more, so that csv_unguard can take exactly that one off. */
static bool
guarded(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '\'')
		i++;
	return i < n && formula_start(s[i]);
}

void
csv_unguard(const char **s, size_t *n)
{
	if (*n > 1 && **s == '\'' && guarded(*s + 1, *n - 1))
		(*s)++, (*n)--;
}

/* A field, quoted when needed; guard adds the apostrophe of text that
 * would start a formula. */
static void
put_field(struct buf *b, const char *s, bool guard, int last)
{
	const char *p;

	if (s == NULL)
		s = "";
	guard = guard && guarded(s, strlen(s));
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (guard)
			buf_putc(b, '\'');
		buf_puts(b, s);
	} else {
		buf_putc(b, '"');
		if (guard)
			buf_putc(b, '\'');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				buf_putc(b, '"');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	buf_puts(b, last ? "\n" : ",");
}

void
csv_put_field(struct buf *b, const char *s, int last)
{
	put_field(b, s, true, last);
}

void
csv_put_number(struct buf *b, bool has, double v, int last)
{
	struct buf t = BUF_INIT;

	if (has)
		num_format_machine(&t, v);
	put_field(b, buf_str(&t), false, last);
	buf_free(&t);
}
