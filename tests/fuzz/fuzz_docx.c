/* fuzz_docx.c: libFuzzer harness for the DOCX text extractor. An input that
 * starts with "PK" is taken as a whole .docx file and goes through libzip and
 * expat as a file from outside would; any other input is taken as the
 * document.xml and zipped (stored) first, because mutations of a zip mostly
 * break its CRC or its deflate stream and would rarely reach the XML
 * handlers otherwise. Beyond crashes and leaks it checks the contract: on
 * success the text is what was appended and holds no NUL, on failure out is
 * as it was and the message says which file could not be read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "check/docx.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A zip holding data[0..len) as word/document.xml, stored; *zlen gets its
 * size. Caller frees. */
static unsigned char *
fuzz_wrap(const uint8_t *data, size_t len, size_t *zlen)
{
	zip_source_t *dst, *src;
	zip_error_t ze;
	zip_stat_t st;
	unsigned char *z;
	zip_t *za;

	zip_error_init(&ze);
	if ((dst = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze)) == NULL)
		abort();
	zip_source_keep(dst);
	if ((src = zip_source_buffer(za, data, len, 0)) == NULL ||
	    zip_file_add(za, "word/document.xml", src, 0) != 0 ||
	    zip_set_file_compression(za, 0, ZIP_CM_STORE, 0) != 0 ||
	    zip_close(za) != 0 ||
	    zip_source_stat(dst, &st) != 0 || zip_source_open(dst) != 0)
		abort();
	z = xmalloc(st.size);
	if (zip_source_read(dst, z, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(dst);
	zip_source_free(dst);
	zip_error_fini(&ze);
	*zlen = st.size;
	return z;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char head[] = "không đọc được tệp DOCX";
	struct buf out = BUF_INIT, err = BUF_INIT;
	unsigned char *z = NULL;
	int rc;

	if (len < 2 || memcmp(data, "PK", 2) != 0) {
		z = fuzz_wrap(data, len, &len);
		data = z;
	}
	buf_puts(&out, "x");
	rc = docx_text_mem(data, len, &out, &err);
	if (rc == 0) {
		if (err.len != 0 || out.len < 1 || out.data[0] != 'x' ||
		    strlen(out.data) != out.len)
			abort();
	} else if (rc != -1 || strcmp(buf_str(&out), "x") != 0 ||
	    strncmp(buf_str(&err), head, sizeof(head) - 1) != 0)
		abort();
	buf_free(&out);
	buf_free(&err);
	free(z);
	return 0;
}
