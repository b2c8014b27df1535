/* check.h: the report checker, a spell-checker for numbers. A checker is fed
 * the lines of one document in order (plain text, Markdown, or the text of a
 * DOCX); it finds the numeric claims of Vietnamese administrative prose
 * (ratios, tallies, parts of a total, shares, changes, products), recomputes
 * each one it can, checks the form of every figure, and hands each finding to
 * a callback as soon as its sentence is read. State kept across lines is
 * small and capped (hashes of paragraphs, a table of stated quantities), so
 * memory does not grow with the document. Rules: docs/checker.md. */
#ifndef KTXH_CHECK_CHECK_H
#define KTXH_CHECK_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "verify.h"

/* What a finding is about. */
enum chk_kind {
	CHK_K_RATIO,		/* a/b … đạt c%; a … bằng c% kế hoạch */
	CHK_K_TALLY,		/* N chỉ tiêu: a vượt, b đạt …; x/N chỉ tiêu */
	CHK_K_PARTS,		/* a total and its parts */
	CHK_K_SHARE,		/* 07 hộ chiếm 0,42% */
	CHK_K_CHANGE,		/* tăng/giảm x% (điểm %) so với … */
	CHK_K_PRODUCT,		/* area × yield = output */
	CHK_K_FORM,		/* how a figure is written: separators, % sign */
	CHK_K_MAGNITUDE,	/* a figure that cannot be: share above 100% … */
	CHK_K_DUPLICATE,	/* the same quantity stated twice, differently */
	CHK_K_REPEAT,		/* a paragraph repeated word for word */
	CHK_K__MAX
};

/* Stable names of kinds and verdicts, as in the JSON output. */
const char *chk_kind_name(enum chk_kind);
const char *chk_verdict_name(enum chk_verdict);
/* Vietnamese label of a verdict for people ("lỗi", "cảnh báo" …). */
const char *chk_verdict_label(enum chk_verdict);

/* One finding. Strings are owned by the checker and valid only during the
 * callback; stated, computed and suggestion may be NULL. */
struct chk_finding {
	size_t		 line;		/* 1-based */
	size_t		 col;		/* 1-based, in characters (NFC) */
	enum chk_kind	 kind;
	enum chk_verdict verdict;
	const char	*text;		/* the claim as written, quoted */
	const char	*stated;	/* the figure under test, as written */
	const char	*computed;	/* what the other figures give */
	const char	*suggestion;	/* a correction, in Vietnamese */
	const char	*message;	/* one sentence for people, Vietnamese */
	/* A finding in a table (table.c); table is 0 for prose. */
	size_t		 table;		/* 1-based number of the table in its
					   document */
	size_t		 row;		/* 1-based row of its body (header rows
					   not counted) */
	const char	*column;	/* the column's header, or NULL */
	const char	*row_label;	/* the row's number and name, or NULL */
	/* PDF input (run.c): the 1-based page, line then counts in the
	 * page; 0 for other input. */
	size_t		 page;
};

/* One "actual / target" or rate claim, for ktxh extract. Values are NAN
 * when absent; strings valid only during the callback. */
struct chk_record {
	size_t		 line;
	const char	*kind;		/* "fraction", "plan", "rate", "share" */
	const char	*phrase;	/* the indicator: words before the figure */
	const char	*uom;		/* unit of measure, "%" for rates */
	double		 actual;
	double		 target;
	double		 percent;	/* as stated */
	const char	*text;		/* the claim as written */
};

/* Where findings and records go. Either callback may be NULL. */
struct chk_sink {
	void	(*finding)(void *arg, const struct chk_finding *);
	void	(*record)(void *arg, const struct chk_record *);
	void	*arg;
};

struct chk_opts {
	bool	truncate;	/* also accept figures cut instead of rounded */
	bool	problems_only;	/* hand over only errors and warnings; ok and
				   not verifiable claims are only counted */
};

struct chk_stats {
	size_t	claims;		/* claims of the six arithmetic kinds */
	size_t	errors;
	size_t	warnings;
	size_t	oks;
	size_t	unverifiable;
};

struct chk;

/* A checker for one document; free with chk_free. */
struct chk *chk_new(const struct chk_opts *, const struct chk_sink *);
/*
 * Feed one line (a paragraph) of the document, or a piece of one: a line
 * longer than the reader's limit comes in pieces, each with the column of
 * its first character (col0) and last set on the final piece. Any bytes are
 * accepted: invalid UTF-8 is replaced, NFD is composed.
 */
void	chk_feed(struct chk *, const char *s, size_t len, size_t line,
	    size_t col0, bool last);
/* End of document: flush what is pending. */
void	chk_finish(struct chk *);
const struct chk_stats *chk_get_stats(const struct chk *);
/* Make a finished checker (after chk_finish) as good as new for another
 * document, keeping its tables: counts start again from zero. */
void	chk_reset(struct chk *);
void	chk_free(struct chk *);

/*
 * Check a whole buffer (lines separated by "\n"; "\r\n" accepted) with a new
 * checker; the stats are added to *st when st is not NULL. For tests, the
 * fuzz harness and DOCX text.
 */
void	chk_buffer(const char *s, size_t len, const struct chk_opts *,
	    const struct chk_sink *, struct chk_stats *st);

/* Longest line handed to chk_feed in one piece by the readers. */
#define CHK_PIECE_MAX	(4u << 20)

/* Add one checker's counts to another's. */
void	chk_stats_add(struct chk_stats *to, const struct chk_stats *from);

/*
 * A reader cuts text that arrives in blocks of any size into the lines
 * chk_feed takes: a line split across blocks is gathered, one longer than
 * CHK_PIECE_MAX is fed in pieces, "\r\n" is accepted, a byte-order mark
 * is skipped at the start of a file.
 */
struct chk_reader {
	struct chk	*c;
	struct buf	 line;		/* pending part of the current line */
	size_t		 lineno;	/* current line, 1-based */
	size_t		 col0;		/* column of line.data[0] */
	bool		 first;		/* at the start of a file (BOM check) */
};

void	chk_reader_init(struct chk_reader *, struct chk *, size_t lineno,
	    bool file_start);
void	chk_reader_take(struct chk_reader *, const char *s, size_t n);
/* Feed the last line, finish the checker (chk_finish), free the reader. */
void	chk_reader_end(struct chk_reader *);

/*
 * Where chk_run sends findings and records. format appends one finding's
 * text to b, format_record one record's (ktxh extract); either may be NULL.
 * They are called on worker threads, several at once, each with its own b.
 * write gets those texts in document order, on the thread that called
 * chk_run.
 */
struct chk_output {
	void	(*format)(void *arg, struct buf *b, const struct chk_finding *);
	void	(*format_record)(void *arg, struct buf *b,
		    const struct chk_record *);
	void	(*write)(void *arg, const char *s, size_t n);
	void	*arg;
};

/*
 * Check a file (path "-": stdin; ".docx", ".html", ".pdf": its text, read
 * whole on the calling thread first — poppler is never used by the workers;
 * a PDF's findings get their page, and line in the page) on up to threads
 * threads. The text is cut into blocks of about a megabyte at document
 * starts (a Markdown title "# …", where a checker starts afresh anyway);
 * the blocks of one document go through one checker in order, separate
 * documents through separate checkers at once, and the findings come out
 * in document order: the output is the same with any number of threads.
 * Memory stays bounded (a few blocks per thread). Counts are added to *st.
 * Returns 0, or -1 with a Vietnamese message in err.
 */
int	chk_run(const char *path, const struct chk_opts *, unsigned threads,
	    const struct chk_output *, struct chk_stats *st, struct buf *err);


/* Compose a line written in NFD into NFC (its invalid UTF-8 replaced by
 * "?" first). Returns s itself when it holds no combining mark, else the
 * copy kept in tmp; *outlen gets its length. */
const char *chk_clean(const char *s, size_t len, struct buf *tmp,
	    size_t *outlen);
/* The length of the well-formed UTF-8 sequence at u[0..left), or 0 (also
 * for NUL); *cp gets its code point. Overlong forms, surrogates and code
 * points beyond U+10FFFF are not well-formed. The one definition of what
 * chk_sanitize repairs and what the lexer reads as U+FFFD. */
size_t	chk_utf8_seq(const unsigned char *u, size_t left, uint32_t *cp);
/* Replace, in place, invalid UTF-8 and NUL bytes in s[0..len) ("?", " "):
 * every string the checker hands out is valid UTF-8. */
void	chk_sanitize(char *s, size_t len);

#endif
