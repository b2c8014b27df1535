/* fuzz_pdfsign.c: libFuzzer harness for the PDF reader of ktxh sign and
 * ktxh verify (src/sign/pdfsig.c). Beyond crashes and leaks it checks the
 * contract: a parse that succeeds gives spans inside the buffer; the update
 * prepared from it keeps the original bytes, and its /ByteRange is found
 * again, covering the whole new file but the hole; finding the signatures of
 * any input gives ranges inside it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sig_pdf pdf;
	struct sig_found *f = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT;
	size_t nf = 0, k, range[4], hole[2];

	if (sig_pdf_find(data, len, &f, &nf, &err) == 0)
		for (k = 0; k < nf; k++)
			if (f[k].range[1] >= len || f[k].range[2] + f[k].range[3] > len)
				abort();
	sig_found_free(f, nf);
	buf_reset(&err);
	if (sig_pdf_parse(data, len, &pdf, &err) == 0) {
		if (pdf.root_dict[1] > len || pdf.page_dict[1] > len ||
		    pdf.startxref >= len || pdf.page <= 0 || pdf.root <= 0)
			abort();
		if (sig_pdf_prepare(data, len, &pdf, NULL, "D:20261206120000Z",
		    &out, range, hole, &err) != 0)
			abort();
		if (out.len < len || memcmp(out.data, data, len) != 0 ||
		    range[2] + range[3] != out.len)
			abort();
		if (sig_pdf_find((const unsigned char *)out.data, out.len, &f, &nf,
		    &err) != 0)
			abort();
		for (k = 0; k < nf && !(f[k].whole && f[k].range[1] == range[1]);
		    k++)
			;
		if (k == nf)
			abort();
		sig_found_free(f, nf);
	} else if (err.len == 0)
		abort();
	buf_free(&out);
	buf_free(&err);
	return 0;
}
