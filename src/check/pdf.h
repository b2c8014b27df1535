/* pdf.h: the text of a PDF's text layer, for the report checker, through
 * poppler (poppler-glib). Each page's glyphs are grouped into words, lines
 * by their baseline and paragraphs by their spacing; a table is recognised
 * from the positions of its glyphs: a header whose words name figure
 * columns ("Kế hoạch", "Thực hiện", "Tỷ lệ", "Tổng") gives the columns' x
 * ranges, each row (a band of lines between the gaps that cell borders
 * leave) becomes one line of cells separated by tabs, as docx.c writes a
 * DOCX table. Poppler is used from one thread at a time (a lock inside). */
#ifndef KTXH_CHECK_PDF_H
#define KTXH_CHECK_PDF_H

#include <stddef.h>

#include "core/buf.h"

/* Where each line of the text came from: the lines of a paragraph are
 * joined into one output line, each of them keeps its page and its line in
 * the page, and the column (in characters) where it starts in the output
 * line. */
struct pdf_vline {
	unsigned	 page;		/* 1-based */
	unsigned	 line;		/* 1-based, in the page */
	size_t		 col;		/* 1-based, in the output line */
};

struct pdf_map {
	struct pdf_vline *v;		/* every visual line, in order */
	size_t		  nv, capv;
	size_t		 *first;	/* output line i (0-based): its first
					   entry in v */
	size_t		  nlines, caplines;
	unsigned	  npages;
};

/*
 * Append the text of the PDF data[0..len) to out ('\n' after each output
 * line) and fill map (may be NULL); return 0. Or return -1 with a
 * Vietnamese message appended to err (no text layer: a scan; damaged;
 * encrypted) and out as it was. data is not modified and must stay valid
 * during the call. name is the file's name for messages.
 */
int	pdf_text_mem(const void *data, size_t len, const char *name,
	    struct buf *out, struct pdf_map *map, struct buf *err);
/* The same for a file. */
int	pdf_text(const char *path, struct buf *out, struct pdf_map *map,
	    struct buf *err);
/* Page and line in the page of output line (1-based) at column col. */
void	pdf_map_find(const struct pdf_map *, size_t line, size_t col,
	    unsigned *page, unsigned *pline);
void	pdf_map_free(struct pdf_map *);

#endif
