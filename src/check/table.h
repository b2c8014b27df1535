/* table.h: the checker's tables. Rows of Markdown tables ("| a | b |") and
 * of tables read from DOCX, HTML or PDF (cells separated by tabs) are
 * gathered under their header; each row's "Tỷ lệ" column is recomputed from
 * the two figure columns its header compares ("Thực hiện" / "Kế hoạch"),
 * "Tổng" rows and columns are added up, and the bands of an "Đánh giá"
 * column are counted against the table's tally. Findings name the table,
 * row and column. A cell that is not a plain number is skipped; when the
 * headers do not say what divides what, nothing is concluded. Rules:
 * docs/checker.md. */
#ifndef KTXH_CHECK_TABLE_H
#define KTXH_CHECK_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

struct chk_tables;

/* Tables of one document; findings go to sink (not owned) and are counted
 * in *st. opts and st must outlive it. */
struct chk_tables *chk_tables_new(const struct chk_opts *opts,
	    const struct chk_sink *sink, struct chk_stats *st);
/* One line of the document (NFC, valid UTF-8), whole when it was not cut
 * into pieces. Lines that are not table rows end the current table. */
void	chk_tables_line(struct chk_tables *, const char *s, size_t len,
	    size_t line, bool whole);
/* End of document: conclude the open table; numbering starts again. */
void	chk_tables_end(struct chk_tables *);
void	chk_tables_free(struct chk_tables *);

/* How many of the cells (folded header texts or not) name a figure
 * column a table is checked by: plan, actual, ratio, total. For the PDF
 * reader, to tell a table's header from a line of prose. */
int	chk_table_header_score(const char *const *cells, size_t n);

#endif
