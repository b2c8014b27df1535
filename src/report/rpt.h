/* rpt.h: the one report model. A report is assembled once (report.c) as a
 * Decree 30/2020 header, a list of blocks (paragraphs and tables) and a
 * closing (recipients, signature); each writer (rpt_html.c, rpt_md.c,
 * rpt_docx.c, rpt_pdf.c, rpt_xlsx.c) renders the same model and does its own
 * escaping. Writers never compute figures: every string is final text. */
#ifndef KTXH_RPT_H
#define KTXH_RPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Character styles of a run, or-ed. */
enum rpt_style {
	RS_BOLD		= 1u << 0,
	RS_ITALIC	= 1u << 1,
	RS_UNDERLINE	= 1u << 2,
};

/* A piece of text with one style. */
struct rpt_run {
	char	*text;		/* UTF-8, NFC; never NULL */
	unsigned style;		/* enum rpt_style */
};

/*
 * Paragraph styles. Sizes (Decree 30, Appendix I) are the writers' business;
 * these are what they mean:
 */
enum rpt_pstyle {
	PS_BODY,	/* justified, first-line indent 1.27 cm, 14 pt, 6 pt after */
	PS_PART,	/* "Phần thứ nhất" / part title: centred, bold, 14 pt */
	PS_HEADING,	/* "I. LĨNH VỰC KINH TẾ": bold, first-line indent, 14 pt */
	PS_SUBHEADING,	/* "1. Giáo dục": bold, first-line indent, 14 pt */
	PS_CENTER,	/* centred, 14 pt (e.g. a sentence under the title) */
	PS_NOTE,	/* italic, 12 pt, left (e.g. "Số liệu từ ngày …") */
	PS__MAX
};

struct rpt_para {
	enum rpt_pstyle	 style;
	struct rpt_run	*runs;
	size_t		 nruns;
};

enum rpt_align {
	RA_LEFT,
	RA_CENTER,
	RA_RIGHT
};

struct rpt_cell {
	char		*text;		/* never NULL ("" for empty) */
	unsigned	 style;		/* enum rpt_style */
	enum rpt_align	 align;
	int		 indent;	/* nesting level: 0, or 1 for a compound's part */
};

/* A row; a group row is a heading across all columns ("I. Kinh tế"). */
struct rpt_row {
	struct rpt_cell	*cells;		/* ncols cells; only cells[0] for a group */
	bool		 group;
	char		*code;		/* appendix: the indicator's code, or NULL */
};

/* Headers of the hidden key columns of the appendix in XLSX. */
#define XLSX_KEY_UNIT	"ktxh:unit"
#define XLSX_KEY_CODE	"ktxh:indicator"
#define XLSX_KEY_PERIOD	"ktxh:period"
#define XLSX_KEY_SHOWN	"ktxh:shown"

struct rpt_table {
	char		*title;		/* caption above the table, or NULL */
	size_t		 ncols;
	char		**head;		/* ncols header texts */
	double		*widths;	/* ncols relative widths (sum need not be 1) */
	struct rpt_row	*rows;
	size_t		 nrows;
	bool		 indicators;	/* the indicator appendix (XLSX writes this) */
	/* The appendix's unit code and period ("2023"), which the XLSX writer
	 * keeps in hidden columns with each row's code, so that a sheet filled
	 * in Excel can be imported back (io/xlsx.c); NULL elsewhere. */
	char		*unit, *period;
	size_t		 actual_col;	/* the column of the actual figures */
};

enum rpt_block_kind {
	RB_PARA,
	RB_TABLE,
	RB_PAGEBREAK,
	RB_CLOSING	/* where the recipients and signature go (an appendix
			 * may follow); without one, they close the document */
};

struct rpt_block {
	enum rpt_block_kind kind;
	struct rpt_para	 para;		/* RB_PARA */
	struct rpt_table table;		/* RB_TABLE */
};

/* The Decree 30 frame: header block, title, closing. Each may be NULL; a
 * '\n' in a field is a line break that every writer keeps. The first
 * RB_CLOSING block places the closing; writers append to *err. */
struct rpt_frame {
	char	*agency_parent;	/* "ỦY BAN NHÂN DÂN THỊ XÃ TỊNH BIÊN": upright, upper */
	char	*agency;	/* "ỦY BAN NHÂN DÂN PHƯỜNG NHƠN HƯNG": bold, upper */
	char	*number;	/* "Số: 125/BC-UBND" */
	char	*place_date;	/* "Nhơn Hưng, ngày 05 tháng 12 năm 2023": italic */
	char	*doc_type;	/* "BÁO CÁO": bold, upper */
	char	*summary;	/* "Kết quả thực hiện …": bold, lines split by '\n' */
	char	**recipients;	/* "- VP. HĐND-UBND thị xã;" … "- Lưu: VT." */
	size_t	 nrecipients;
	char	*sign_authority;	/* "TM. ỦY BAN NHÂN DÂN" (or "KT. CHỦ TỊCH") */
	char	*sign_title;	/* "CHỦ TỊCH" (or "PHÓ CHỦ TỊCH") */
	char	*signer;	/* "Phạm Văn Ngon" */
};

struct rpt_doc {
	char		*title;		/* plain title for metadata */
	struct rpt_frame frame;
	struct rpt_block *blocks;
	size_t		 nblocks;
};

/* Building (rpt.c). Strings are copied. */
void	rpt_init(struct rpt_doc *, const char *title);
void	rpt_free(struct rpt_doc *);
/* A paragraph of one run. Returns it, for more runs. */
struct rpt_para *rpt_para(struct rpt_doc *, enum rpt_pstyle, const char *text,
	    unsigned style);
void	rpt_run(struct rpt_para *, const char *text, unsigned style);
/* Paragraph text with light markup: "**bold**", "*italic*". */
struct rpt_para *rpt_para_marked(struct rpt_doc *, enum rpt_pstyle,
	    const char *text);
struct rpt_table *rpt_table(struct rpt_doc *, const char *title, size_t ncols,
	    const char *const *head, const double *widths);
/* A new row of t; fill its cells with rpt_cell. */
struct rpt_row *rpt_row(struct rpt_table *, bool group);
void	rpt_cell(struct rpt_row *, size_t col, const char *text, unsigned style,
	    enum rpt_align, int indent);
void	rpt_pagebreak(struct rpt_doc *);
void	rpt_closing(struct rpt_doc *);
void	rpt_recipient(struct rpt_doc *, const char *);

/* Writers. The text ones append to a buffer; the others write a file, on
 * failure returning -1 with *err set (no half file is left behind). */
void	rpt_write_html(const struct rpt_doc *, struct buf *);
void	rpt_write_md(const struct rpt_doc *, struct buf *);
int	rpt_write_docx(const struct rpt_doc *, const char *path, struct buf *err);
int	rpt_write_pdf(const struct rpt_doc *, const char *path, struct buf *err);
int	rpt_write_xlsx(const struct rpt_doc *, const char *path, struct buf *err);

#endif
