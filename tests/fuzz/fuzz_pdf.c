/* fuzz_pdf.c: libFuzzer harness for the PDF text reader: the bytes go to
 * poppler from memory (pdf_text_mem), then through the word, line, band and
 * table reconstruction, and the text to the checker, as `ktxh check FILE.pdf`
 * would. Beyond crashes and leaks it checks the contract: on success the
 * text is what was appended, holds no NUL, and every output line has its
 * place in the map (pdf_map_find gives a page within the document); on
 * failure out is as it was and the message names the PDF. Poppler itself
 * is not instrumented; leaks inside it and glib (type registrations, the
 * global parameters created once) are suppressed below, ours are not. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libpoppler.so\nleak:libpoppler-glib.so\n"
	    "leak:libglib-2.0.so\nleak:libgobject-2.0.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct pdf_map map;
	struct chk_stats st;
	unsigned page, line;
	size_t i, lines = 0;
	int rc;

	buf_puts(&out, "x\n");
	rc = pdf_text_mem(data, len, "f.pdf", &out, &map, &err);
	if (rc == 0) {
		if (strlen(out.data) != out.len || out.len < 2 ||
		    memcmp(out.data, "x\n", 2) != 0)
			abort();
		for (i = 2; i < out.len; i++)
			if (out.data[i] == '\n')
				lines++;
		if (lines != map.nlines)
			abort();
		for (i = 1; i <= map.nlines; i++) {
			pdf_map_find(&map, i, 1, &page, &line);
			if (page < 1 || page > map.npages || line < 1)
				abort();
		}
		memset(&st, 0, sizeof st);
		chk_buffer(out.data + 2, out.len - 2, NULL, NULL, &st);
		pdf_map_free(&map);
	} else if (rc != -1 || strcmp(buf_str(&out), "x\n") != 0 ||
	    strstr(buf_str(&err), "PDF") == NULL)
		abort();
	buf_free(&out);
	buf_free(&err);
	return 0;
}
