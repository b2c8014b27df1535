/* exchange.h: values in the formats of other systems — DHIS2 dataValueSets
 * (JSON and CSV), SDMX-CSV, and Excel workbooks (the one-row-per-value
 * sheet and the appendix table of ktxh's own report XLSX). Reading turns a
 * file into values.csv rows with their locations and hands them to the
 * importer's one validator (dataset_import_values); writing walks the
 * store. docs/formats.md describes the formats and what each loses. */
#ifndef KTXH_EXCHANGE_H
#define KTXH_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/hmap.h"
#include "io/dataset.h"
#include "store/store.h"

enum xfmt {
	XF_DHIS2_JSON,		/* dataValueSets JSON */
	XF_DHIS2_CSV,		/* DHIS2 data value CSV */
	XF_SDMX_CSV,		/* SDMX-CSV (1.0 DATAFLOW or 2.0 STRUCTURE) */
	XF_XLSX,		/* a workbook */
	XF__MAX
};
extern const char *const xfmt_names[XF__MAX + 1];	/* "dhis2-json" … */

/* Identifiers of another system (DHIS2 UIDs) and the ktxh codes they stand
 * for, from MAP.csv (kind,external,code). */
struct xmap {
	struct hmap	 units;		/* external -> index in codes */
	struct hmap	 inds;
	char		**codes;
	size_t		 ncodes;
	/* The other way, for export: code -> index in exts (the first line
	 * that maps the code wins). */
	struct hmap	 runits, rinds;
	char		**exts;
};

/* Values read from a file, ready for dataset_import_values. */
struct xrows {
	struct dataset_xrow *row;
	size_t		 n, cap;
	char		**pool;		/* strings the rows point into */
	size_t		 npool, poolcap;
	enum dataset_loc loc;
	size_t		 nerrs;		/* errors found while reading */
};

/* Read MAP.csv at path into *m; -1 with located messages in errs. */
int	xmap_load(struct xmap *, const char *path, struct buf *errs);
int	xmap_parse(struct xmap *, const char *name, const char *data,
	    size_t len, struct buf *errs);
void	xmap_free(struct xmap *);

/* Which format data[0..len) is, by content: a zip is a workbook, '{' a
 * DHIS2 JSON, a CSV by its header. -1 when none. */
int	exchange_detect(const char *data, size_t len);
/* Read a file of format fmt named name (for messages) held in
 * data[0..len) into out, mapping identifiers through map (may be NULL).
 * Every error is appended to errs, located, and counted in out->nerrs;
 * the rows that could be read are kept, so that the validator can still
 * name their own errors. Returns 0 when out->nerrs is 0, else -1. */
int	exchange_read(enum xfmt, const char *name, const char *data, size_t len,
	    const struct xmap *map, struct xrows *out, struct buf *errs);
void	xrows_free(struct xrows *);
/* A copy of s[0..n) that lives as long as x; a new zeroed row of x. */
const char *xrows_str(struct xrows *x, const char *s, size_t n);
struct dataset_xrow *xrows_row(struct xrows *x, size_t line);

/* Import the file at path (format by content) with map (may be NULL): all
 * or nothing, every error located in errs. *stored, *deleted count the
 * values written and removed; *fmt gets the format. */
int	exchange_import(struct store *, const char *path, const struct xmap *,
	    const char *by, struct buf *errs, size_t *stored, size_t *deleted,
	    enum xfmt *fmt);

/* Write the values of unit (NULL: all) and year (0: all) to path in fmt
 * (not XF_XLSX), codes turned into the identifiers of map (may be NULL)
 * where it has them. -1 with the reason in err; nothing is left at path
 * then. */
int	exchange_export(struct store *, enum xfmt, const char *unit, int year,
	    const struct xmap *map, const char *path, struct buf *err,
	    size_t *count);

#endif
