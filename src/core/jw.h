/* jw.h: a JSON writer that streams into a buf, for outputs too large to
 * build as a jansson tree first (a province's evaluation: ~30,000
 * objects, 1 MB). Its bytes are those of jansson's json_dumps with
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15), which
 * the rest of ktxh uses, so either may write a document. Parsing stays
 * with jansson. */
#ifndef KTXH_JW_H
#define KTXH_JW_H

#include <stdbool.h>

#include "core/buf.h"

#define JW_MAXDEPTH 32	/* deeper is a programming error: abort */

/* Where a streaming writer sends its bytes, a chunk at a time. */
typedef void (*jw_sink)(void *arg, const char *s, size_t n);

struct jw {
	struct buf	*b;
	jw_sink		 sink;		/* NULL: everything stays in b */
	void		*arg;
	int		 depth;		/* open containers */
	bool		 items[JW_MAXDEPTH];	/* the container has an item */
	char		 close[JW_MAXDEPTH];	/* its closing bracket */
	bool		 keyed;		/* a key was written, its value is next */
};

void	jw_init(struct jw *, struct buf *);
/* A writer that hands b's bytes to sink whenever it holds 64 KiB, so that
 * a large document is not held whole; jw_flush sends the rest. */
void	jw_init_sink(struct jw *, struct buf *, jw_sink, void *arg);
void	jw_flush(struct jw *);
void	jw_object(struct jw *);		/* { */
void	jw_array(struct jw *);		/* [ */
void	jw_end(struct jw *);		/* closes the innermost open one */
void	jw_key(struct jw *, const char *);
void	jw_string(struct jw *, const char *);	/* NULL: null */
void	jw_int(struct jw *, long long);
/* An integral value (|v| < 2^53) as an integer, else a real; not finite:
 * null. */
void	jw_number(struct jw *, double);
void	jw_null(struct jw *);

#endif
