/* fuzz_num.c: libFuzzer harness for the number readers (num_scan,
 * num_parse_field, num_parse_typed, num_parse_machine) on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	/* A copy of exactly len bytes, so any read past it is caught. */
	char *s = malloc(len ? len : 1);
	struct num n;
	const char *why;
	size_t i, uo, ul;
	double d;

	memcpy(s, data, len);
	for (i = 0; i < len; i++)
		if (num_scan(s + i, len - i, &n) > len - i)
			abort();
	num_parse_field(s, len, &n, &uo, &ul, &why);
	num_parse_typed(s, len, &d, &why);
	if (num_parse_machine(s, len, &d) == 0) {
		struct buf b = BUF_INIT;
		double back;

		/* Machine format round-trips exactly. */
		num_format_machine(&b, d);
		if (num_parse_machine(b.data, b.len, &back) != 0 || back != d)
			abort();
		buf_free(&b);
	}
	free(s);
	return 0;
}
