/* fuzz_check.c: libFuzzer harness for the report checker's claim reader on
 * any bytes, with both callbacks (findings and extract records). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
finding(void *arg, const struct chk_finding *f)
{
	size_t *n = arg;

	/* Touch every string: a dangling pointer shows under ASan. */
	*n += strlen(f->text ? f->text : "") + strlen(f->message ? f->message : "") +
	    strlen(f->suggestion ? f->suggestion : "") + f->line + f->col;
}

static void
record(void *arg, const struct chk_record *r)
{
	size_t *n = arg;

	*n += strlen(r->phrase ? r->phrase : "") + strlen(r->text ? r->text : "");
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
