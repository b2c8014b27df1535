/* fuzz_check.c: libFuzzer harness for the report checker's claim reader on
 * any bytes, with both callbacks (findings and extract records). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every string the checker hands out is well-formed UTF-8 (it repairs its
 * input): abort on one that is not. Returns the length. */
static size_t
valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, k;

	if (s == NULL)
		return 0;
	while (u[i] != 0) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] < 0xE0)
			n = 2;
		else if (u[i] >= 0xE0 && u[i] < 0xF0)
			n = 3;
		else if (u[i] >= 0xF0 && u[i] < 0xF5)
			n = 4;
		else
			abort();
		for (k = 1; k < n; k++)
			if ((u[i + k] & 0xC0) != 0x80)
				abort();
		if ((u[i] == 0xE0 && u[i + 1] < 0xA0) ||
		    (u[i] == 0xED && u[i + 1] > 0x9F) ||
		    (u[i] == 0xF0 && u[i + 1] < 0x90) ||
		    (u[i] == 0xF4 && u[i + 1] > 0x8F))
			abort();
		i += n;
	}
	return i;
}

static void
finding(void *arg, const struct chk_finding *f)
{
	size_t *n = arg;

	/* Touch every string: a dangling pointer shows under ASan. */
	*n += valid(f->text) + valid(f->message) + valid(f->suggestion) +
	    valid(f->stated) + valid(f->computed) + f->line + f->col;
}

static void
record(void *arg, const struct chk_record *r)
{
	size_t *n = arg;

	*n += valid(r->phrase) + valid(r->text) + valid(r->uom);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = malloc(len ? len : 1);
	struct chk_opts o = { false, false };
	struct chk_sink sink;
	struct chk_stats st;
	size_t n = 0;

	memcpy(s, data, len);
	sink.finding = finding;
	sink.record = record;
	sink.arg = &n;
	memset(&st, 0, sizeof(st));
	chk_buffer(s, len, &o, &sink, &st);
	o.truncate = true;
	o.problems_only = true;
	chk_buffer(s, len, &o, &sink, &st);
	free(s);
	return 0;
}
