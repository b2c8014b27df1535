/* fuzz_bundle.c: libFuzzer harness for the reading of an uploaded bundle
 * (src/sign/bundle.c, bundle_verify_mem: the zip, its names and sizes, the
 * manifest, the CMS signature, the report's signature; then what the
 * importer reads of it: ky-bao-cao.txt). Beyond crashes and leaks it checks
 * the contract: 0, 1 or 2; a refusal says why, naming the file at fault
 * when one is kept; unreadable input says why in err; both are valid
 * UTF-8 (the web page and the API repeat them); random bytes are never a
 * valid bundle. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "sign/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct bundle_files f;
	struct buf report = BUF_INIT, err = BUF_INIT, unit = BUF_INIT;
	struct buf period = BUF_INIT;
	size_t bad;
	int rc;

	rc = bundle_verify_mem(data, len, "fuzz.ktxh", NULL, &f, &report, &err);
	if (rc == 0 || rc > 2 || (rc == 2 && err.len == 0) ||
	    (rc == 1 && report.len == 0))
		abort();
	if (rc == 1 && f.refused != NULL &&
	    strstr(buf_str(&report), f.refused) == NULL)
		abort();
	/* What is shown on the web page and in the API's JSON. */
	if (text_utf8_check(buf_str(&report), report.len, &bad) != 0 ||
	    text_utf8_check(buf_str(&err), err.len, &bad) != 0)
		abort();
	if (bundle_meta(&f, &unit, &period) == 0 && (unit.len == 0 ||
	    period.len == 0))
		abort();
	bundle_files_free(&f);
	buf_free(&report);
	buf_free(&err);
	buf_free(&unit);
	buf_free(&period);
	return 0;
}
