/* fuzz_csv.c: libFuzzer harness for the CSV reader, the UTF-8 checks and
 * the period and date parsers that read its fields. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/text.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = malloc(len ? len : 1);
	struct csv c;
	struct csv_row r = { 0 };
	struct period p;
	struct date d;
	const char *err;
	size_t i, bad, rows = 0;
	char *f;

	memcpy(s, data, len);
	csv_open(&c, s, len);
	while (csv_next(&c, &r, &err) > 0 && rows++ < 10000)
		for (i = 0; i < r.n; i++) {
			period_parse(r.field[i], r.flen[i], &p);
			date_parse(r.field[i], r.flen[i], &d);
			if (text_utf8_check(r.field[i], r.flen[i], &bad) == 0) {
				f = text_fold(r.field[i], r.flen[i]);
				if (f == NULL)
					abort();
				free(f);
			}
		}
	csv_row_free(&r);
	free(s);
	return 0;
}
