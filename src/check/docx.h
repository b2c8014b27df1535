/* docx.h: the plain text of a DOCX (Word) file, for the report checker. It
 * reads word/document.xml out of the zip with libzip and streams it through
 * expat, never building a tree: one output line per paragraph, the cells of
 * a table row joined by tabs on one line, deleted text and field codes left
 * out. Every size an attacker controls is bounded (entries in the zip, the
 * inflated size of document.xml whatever its header claims, element
 * nesting), so a hostile file costs bounded memory and time. */
#ifndef KTXH_DOCX_H
#define KTXH_DOCX_H

#include <stddef.h>

#include "core/buf.h"

/*
 * Append the text of the DOCX file at path to out and return 0; or return
 * -1 with a Vietnamese message appended to *err ("không đọc được tệp DOCX
 * PATH: …") and out as it was before the call. err may be NULL.
 *
 * The text is UTF-8, entities decoded, not normalized. Each w:p paragraph
 * ends with '\n'; w:tab is '\t', w:br and w:cr are '\n'. A table row is one
 * line: its cells separated by '\t' (a row of one cell ends in '\t', so that
 * it still reads as a row), the paragraphs and line breaks inside a
 * cell joined by a space (a tab inside a cell is written as a space too, so
 * that every tab on a table line separates cells), nested tables flattened
 * into their cell with spaces. Deleted text (w:del, w:moveFrom, w:delText),
 * field instructions (w:instrText) and the fallback copy of a drawing
 * (mc:Fallback, which repeats the text of mc:Choice) are left out.
 */
int	docx_text(const char *path, struct buf *out, struct buf *err);

/* The same for a DOCX held in memory (data[0..len), not modified). */
int	docx_text_mem(const void *data, size_t len, struct buf *out,
	    struct buf *err);

/* docx_text_mem with cap in place of the 200 MB limit on the inflated size
 * of word/document.xml; for tests, which cannot afford 200 MB. */
int	docx_text_limit(const void *data, size_t len, size_t cap,
	    struct buf *out, struct buf *err);

#endif
