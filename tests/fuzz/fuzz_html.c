/* fuzz_html.c: libFuzzer harness for the HTML text reader (html_text): any
 * bytes give text that starts with what out held, and the checker reads it
 * as `ktxh check FILE.html` would (tables included). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf out = BUF_INIT;
	struct chk_stats st;

	buf_puts(&out, "x");
	html_text((const char *)data, len, &out);
	if (out.len < 1 || out.data[0] != 'x')
		abort();
	memset(&st, 0, sizeof st);
	chk_buffer(out.data, out.len, NULL, NULL, &st);
	buf_free(&out);
	return 0;
}
