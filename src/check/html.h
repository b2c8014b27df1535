/* html.h: the text of an HTML page, for the report checker, in the shape
 * docx.c gives a DOCX: one line per paragraph (p, div, li, h1-h6, br …),
 * a table row as one line of cells separated by tabs (a cell spanning N
 * columns is followed by N - 1 empty cells; a row of one cell ends in a
 * tab), blocks inside a cell joined by spaces, nested tables flattened into
 * their cell. Tags and comments are dropped, script and style skipped,
 * entities decoded, runs of blanks collapsed. A single pass without a tree:
 * memory is the output. Never fails: any bytes give some text. */
#ifndef KTXH_CHECK_HTML_H
#define KTXH_CHECK_HTML_H

#include <stddef.h>

#include "core/buf.h"

/* Append the text of the HTML in s[0..len) to out. */
void	html_text(const char *s, size_t len, struct buf *out);

#endif
