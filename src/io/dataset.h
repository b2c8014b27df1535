/* dataset.h: import and export of a whole dataset as the CSV files of
 * docs/formats.md. An import validates every row, reports every error with
 * file, line, column and reason, and writes all or nothing in one
 * transaction. */
#ifndef KTXH_DATASET_H
#define KTXH_DATASET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "store/store.h"

/* Counts of records applied, by file. */
struct import_counts {
	size_t sectors, units, indicators, targets, values, cutoffs, settings;
	size_t texts, unit_changes;
	int last_target_year;		/* the latest year of a target read */
};

/* The most errors listed before the rest are only counted. */
#define IMPORT_MAX_ERRORS 100

/* Every field of a row (a note, a name, a resolution), whatever path it
 * comes by, holds at most this many characters; a report text at most
 * DATASET_MAX_TEXT. */
#define DATASET_MAX_FIELD 2000
#define DATASET_MAX_TEXT 200000

/* Returned when a write's version condition failed (store.h): nothing is
 * stored. */
#define DATASET_CONFLICT STORE_CONFLICT

/* Import the files of dir. Returns 0 when applied; -1 when refused, with
 * every reason in *errs (one line each) and nothing written. progress, when
 * not NULL, is called now and then with the rows read so far. */
int	dataset_import(struct store *, const char *dir, struct buf *errs,
	    struct import_counts *, void (*progress)(size_t rows, void *),
	    void *arg);
/* dataset_import of what one unit sends up (a bundle, sign/bundle.h): the
 * targets, values, report settings and texts of unit alone, units.csv
 * that unit and the units above it; no settings, cut-offs or unit
 * changes (the receiving database's own). Each row outside this is an
 * error, located. The catalogue only adds what the database lacks: units,
 * sectors and indicators it has stay as it has them. */
int	dataset_import_unit(struct store *, const char *dir, const char *unit,
	    struct buf *errs, struct import_counts *);

/* The fields of one values.csv row, in its column order: unit, indicator,
 * period, value, numerator, denominator, status, as_of, note. */
#define DATASET_VALUE_FIELDS 9

/* Store one value given as the fields of a values.csv row (NULL: empty),
 * with exactly the importer's validation (fields trimmed and checked as
 * a file's are). Errors name the option ("--value: …"). expect is the
 * version the writer read (store.h: 0 any, N that one, -1 none yet). */
int	dataset_set_value(struct store *,
	    const char *const fields[DATASET_VALUE_FIELDS], long long expect,
	    struct buf *errs);
/* Several such values, all or nothing, the catalogue read once: every row
 * is checked and errs[i] (n buffers) gets row i's messages; the rows are
 * stored only when none is refused. expect[i] (NULL: all 0) is row i's
 * version condition; conflict[i] (may be NULL) is set for each row whose
 * condition failed. In a transaction of the caller's it is a nested one.
 * Returns 0; DATASET_CONFLICT when only version conditions failed; -1 when
 * a row is refused or the database fails. Nothing is stored unless 0. */
int	dataset_set_values(struct store *, size_t n,
	    const char *const (*fields)[DATASET_VALUE_FIELDS],
	    const long long *expect, bool *conflict, struct buf *errs);

/* How the rows of another format are located in messages: by line and
 * column of a CSV file ("f.csv:3: cột 6 (value): …"), by entry of a JSON
 * array ("f.json: mục 3: trường “value”: …"), by cell of a sheet
 * ("f.xlsx (trang values):5: ô D5 (value): …"). */
enum dataset_loc {
	DATASET_LOC_LINE,
	DATASET_LOC_ENTRY,
	DATASET_LOC_CELL
};

/* One value from another format (DHIS2, SDMX, a workbook), as the fields of
 * a values.csv row with where each came from. */
struct dataset_xrow {
	const char	*f[DATASET_VALUE_FIELDS];	/* NULL: empty */
	const char	*name[DATASET_VALUE_FIELDS];	/* outside field, or NULL */
	int		 col[DATASET_VALUE_FIELDS];	/* 1-based column, 0: none */
	size_t		 line;		/* line, entry number or sheet row */
	const char	*file;		/* for messages, when not the call's */
	bool		 deleted;	/* remove the value of these keys */
	bool		 keep_note;	/* an empty note keeps the stored one */
};

/* Store rows of another format with exactly values.csv's validation, all
 * or nothing, every error located in file (loc). A deleted row removes the
 * value of its (unit, indicator, period) when there is one, with an audit
 * entry by "by"; its value fields are not looked at. Returns 0 with the
 * counts, or -1 with every reason in *errs and nothing written. */
int	dataset_import_values(struct store *, const char *file,
	    enum dataset_loc, size_t n, const struct dataset_xrow *,
	    const char *by, struct buf *errs, size_t *stored, size_t *deleted);

/* "A", "Z", "AA" … for a 1-based column number (at most 7 letters). */
void	dataset_column_letters(char out[8], int col);

/* Store one report text with the importer's checks (section name, UTF-8,
 * placeholder syntax, length); NFC-normalised. expect as for values;
 * returns 0, DATASET_CONFLICT or -1. */
int	dataset_set_text(struct store *, const char *unit, const char *period,
	    const char *section, const char *body, size_t len, long long expect,
	    struct buf *errs);

/* Write every table of the store into dir (created when missing), each file
 * written to a temporary name and renamed, so no half file is left. */
int	dataset_export(struct store *, const char *dir, struct buf *err,
	    struct import_counts *);

/* What a bundle carries: one unit (and its ancestors in units.csv), the
 * targets and values of year and year - 1 (last year's figures are the
 * base of growth targets and changes), the texts of year, the unit's report
 * settings; every sector and indicator. The database-wide cut-offs and
 * settings are the receiving level's own: not exported; unit changes only
 * between the units exported. */
struct dataset_filter {
	const char	*unit;		/* unit code */
	int		 year;
};

/* dataset_export restricted by f (NULL: everything). */
int	dataset_export_filtered(struct store *, const char *dir,
	    const struct dataset_filter *f, struct buf *err,
	    struct import_counts *);

#endif
