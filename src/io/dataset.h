/* dataset.h: import and export of a whole dataset as the CSV files of
 * docs/formats.md. An import validates every row, reports every error with
 * file, line, column and reason, and writes all or nothing in one
 * transaction. */
#ifndef KTXH_DATASET_H
#define KTXH_DATASET_H

#include <stddef.h>

#include "core/buf.h"
#include "store/store.h"

/* Counts of records applied, by file. */
struct import_counts {
	size_t sectors, units, indicators, targets, values, cutoffs, settings;
	size_t texts;
};

/* The most errors listed before the rest are only counted. */
#define IMPORT_MAX_ERRORS 100

/* Import the files of dir. Returns 0 when applied; -1 when refused, with
 * every reason in *errs (one line each) and nothing written. progress, when
 * not NULL, is called now and then with the rows read so far. */
int	dataset_import(struct store *, const char *dir, struct buf *errs,
	    struct import_counts *, void (*progress)(size_t rows, void *),
	    void *arg);

/* The fields of one values.csv row, in its column order: unit, indicator,
 * period, value, numerator, denominator, status, as_of, note. */
#define DATASET_VALUE_FIELDS 9

/* Store one value given as the fields of a values.csv row (NULL: empty),
 * with exactly the importer's validation. Errors name the option
 * ("--value: …"). */
int	dataset_set_value(struct store *,
	    const char *const fields[DATASET_VALUE_FIELDS], struct buf *errs);
/* Several such values, all or nothing, the catalogue read once: every row
 * is checked and errs[i] (n buffers) gets row i's messages; the rows are
 * stored only when none is refused. In a transaction of the caller's it
 * is a nested one. Returns 0, or -1 with nothing stored. */
int	dataset_set_values(struct store *, size_t n,
	    const char *const (*fields)[DATASET_VALUE_FIELDS], struct buf *errs);

/* Store one report text with the importer's checks (section name, UTF-8,
 * placeholder syntax); NFC-normalised. */
int	dataset_set_text(struct store *, const char *unit, const char *period,
	    const char *section, const char *body, size_t len, struct buf *errs);

/* Write every table of the store into dir (created when missing), each file
 * written to a temporary name and renamed, so no half file is left. */
int	dataset_export(struct store *, const char *dir, struct buf *err,
	    struct import_counts *);

#endif
