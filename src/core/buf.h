/* buf.h: the one growable byte buffer used for all string building, plus
 * allocation wrappers that treat out-of-memory as fatal. */
#ifndef KTXH_BUF_H
#define KTXH_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char   *data;	/* NUL-terminated contents, or NULL while empty */
	size_t  len;	/* bytes used, not counting the NUL */
	size_t  cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);		/* NULL in, NULL out */
char	*xstrndup(const char *, size_t);

void	 buf_free(struct buf *);		/* accepts an empty buffer */
void	 buf_reset(struct buf *);		/* keeps the allocation */
/* Make room for extra more bytes (and the NUL) without writing them. */
void	 buf_grow(struct buf *, size_t extra);
void	 buf_append_slow(struct buf *, const char *, size_t);

/* The appends, inline: the checker and the report writers make millions
 * of small ones, most of which fit. */
static inline void
buf_append(struct buf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap) {
		buf_append_slow(b, s, n);
		return;
	}
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

static inline void
buf_putc(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		buf_append_slow(b, &c, 1);
		return;
	}
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
const char *buf_str(const struct buf *);	/* "" while empty; owned by buf */
char	*buf_detach(struct buf *);		/* caller frees; buf becomes empty */
/* Append s escaped for HTML text and attribute values (& < > " '). */
void	 buf_html_esc(struct buf *, const char *s);

#endif
