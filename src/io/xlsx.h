/* xlsx.h: values out of an Excel workbook (XLSX), read with libzip and
 * expat: the one-row-per-value sheet (the columns of values.csv) and the
 * appendix table of ktxh's own report XLSX (its hidden code column). Cells
 * are taken as Excel stores them: shared strings, inline strings, numbers,
 * dates as serial numbers. Every size an outside file controls is bounded. */
#ifndef KTXH_XLSX_H
#define KTXH_XLSX_H

#include <stddef.h>

#include "core/buf.h"
#include "io/exchange.h"

/* Read the workbook data[0..len), named name in messages, into out; every
 * error located ("name (trang S):ROW: ô D5 (value): …") in errs and counted
 * in out->nerrs. Returns 0 when none. */
int	xlsx_values(const char *name, const char *data, size_t len,
	    struct xrows *out, struct buf *errs);

#endif
