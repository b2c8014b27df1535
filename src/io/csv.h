/* csv.h: an RFC 4180 reader over a buffer: quoted fields, doubled quotes,
 * CRLF or LF (a CR alone ending a line is refused), a leading UTF-8 BOM skipped, blank rows skipped, line numbers
 * kept for error messages. It does not validate UTF-8: callers do, per field. */
#ifndef KTXH_CSV_H
#define KTXH_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct csv {
	const char	*buf;		/* the whole input, not NUL-terminated */
	size_t		 len;
	size_t		 off;		/* next byte to read */
	size_t		 line;		/* line of the next byte, 1-based */
};

struct csv_row {
	size_t		 line;		/* line where the row starts */
	size_t		 n;		/* number of fields */
	char		**field;	/* NUL-terminated copies, valid until next row */
	size_t		*flen;		/* their lengths (fields may hold NUL bytes) */
	size_t		 cap;
	size_t		*offs;		/* private: offsets into arena */
	struct buf	 arena;		/* private */
};

void	csv_open(struct csv *, const char *buf, size_t len);
/* Read the next non-blank row. Returns 1 with a row, 0 at the end, -1 on a
 * malformed row (then *err says why, in Vietnamese, and row->line where). */
int	csv_next(struct csv *, struct csv_row *, const char **err);
void	csv_row_free(struct csv_row *);

/* Append one field, quoted when it needs to be. Text that a spreadsheet
 * would run as a formula (it starts with =, +, -, @, tab or CR, after any
 * apostrophes) is written after one more apostrophe, which csv_unguard
 * takes off again on reading, so that round trips are exact. */
void	csv_put_field(struct buf *, const char *, int last);
/* Take the apostrophe csv_put_field added off the field s[0..n). */
void	csv_unguard(const char **s, size_t *n);
/* Append a number in machine format, or an empty field when !has. */
void	csv_put_number(struct buf *, bool has, double v, int last);

#endif
