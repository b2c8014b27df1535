/* fuzz_exchange.c: libFuzzer harness for the readers of other systems'
 * files: DHIS2 dataValueSets JSON and CSV, SDMX-CSV, XLSX workbooks, and
 * the map file. The format is detected by content as `ktxh import` does;
 * an input no format claims is read as each text format in turn, so that
 * mutations that break the detection still reach every reader. Beyond
 * crashes and leaks it checks the contract: a read without errors has
 * rows whose fields are NUL-terminated, located at line or entry >= 1, and
 * a read with errors has said so in errs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/exchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(enum xfmt f, const char *s, size_t len, const struct xmap *map)
{
	struct xrows x;
	struct buf errs = BUF_INIT;
	size_t i;
	int rc, c;

	memset(&x, 0, sizeof(x));
	rc = exchange_read(f, "f", s, len, map, &x, &errs);
	if ((rc == 0) != (x.nerrs == 0) || (rc != 0 && errs.len == 0))
		abort();
	for (i = 0; i < x.n; i++) {
		if (x.row[i].line == 0)
			abort();
		for (c = 0; c < DATASET_VALUE_FIELDS; c++)
			if (x.row[i].f[c] != NULL && strlen(x.row[i].f[c]) > len + 64)
				abort();
	}
	xrows_free(&x);
	buf_free(&errs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char mapcsv[] = "kind,external,code\n"
	    "unit,DiszpKrYNg8,99001\nindicator,fbfJHSPpUQD,KT06\n";
	struct xmap map, m2;
	struct buf errs = BUF_INIT;
	const char *s = (const char *)data;
	int f;

	memset(&map, 0, sizeof(map));
	memset(&m2, 0, sizeof(m2));
	if (xmap_parse(&map, "map.csv", mapcsv, sizeof(mapcsv) - 1, &errs) != 0)
		abort();
	if ((f = exchange_detect(s, len)) >= 0)
		check((enum xfmt)f, s, len, &map);
	else {
		check(XF_DHIS2_JSON, s, len, &map);
		check(XF_DHIS2_CSV, s, len, NULL);
		check(XF_SDMX_CSV, s, len, &map);
	}
	/* The same bytes as a map file. */
	xmap_parse(&m2, "m.csv", s, len, &errs);
	xmap_free(&m2);
	xmap_free(&map);
	buf_free(&errs);
	return 0;
}
