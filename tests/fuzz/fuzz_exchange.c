/* fuzz_exchange.c: libFuzzer harness for the readers of other systems'
 * files: DHIS2 dataValueSets JSON and CSV, SDMX-CSV, XLSX workbooks, and
 * the map file. The format is detected by content as `ktxh import` does;
 * an input no format claims is read as each text format in turn, so that
 * mutations that break the detection still reach every reader. An input
 * that starts with '<' is taken as a worksheet's XML and zipped (stored)
 * into a minimal workbook first, as fuzz_docx does, because mutations of
 * a zip mostly break its CRC and would rarely reach the XML handlers. Beyond
 * crashes and leaks it checks the contract: a read without errors has
 * rows whose fields are NUL-terminated, located at line or entry >= 1, and
 * a read with errors has said so in errs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

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

/* A workbook whose one sheet is data[0..len); *zlen gets its size. */
static unsigned char *
wrap_sheet(const uint8_t *data, size_t len, size_t *zlen)
{
	static const char wb[] = "<workbook xmlns=\"http://schemas."
	    "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
	    "</workbook>";
	static const char rels[] = "<Relationships><Relationship Id=\"rId1\" "
	    "Target=\"worksheets/sheet1.xml\"/></Relationships>";
	static const char sst[] = "<sst><si><t>unit</t></si><si><t>indicator"
	    "</t></si><si><t>period</t></si><si><t>value</t></si><si><t>"
	    "ktxh:indicator</t></si><si><r><t>Thực </t></r><r><t>hiện</t></r>"
	    "</si></sst>";
	static const struct { const char *name, *s; size_t n; } parts[] = {
		{ "xl/workbook.xml", wb, sizeof(wb) - 1 },
		{ "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1 },
		{ "xl/sharedStrings.xml", sst, sizeof(sst) - 1 },
	};
	zip_source_t *dst, *src;
	zip_error_t ze;
	zip_stat_t st;
	unsigned char *z;
	zip_t *za;
	size_t i;

	zip_error_init(&ze);
	if ((dst = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze)) == NULL)
		abort();
	zip_source_keep(dst);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((src = zip_source_buffer(za, parts[i].s, parts[i].n, 0)) ==
		    NULL || zip_file_add(za, parts[i].name, src, 0) < 0)
			abort();
	if ((src = zip_source_buffer(za, data, len, 0)) == NULL ||
	    zip_file_add(za, "xl/worksheets/sheet1.xml", src, 0) < 0 ||
	    zip_close(za) != 0 || zip_source_stat(dst, &st) != 0 ||
	    zip_source_open(dst) != 0)
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
	if (len > 0 && data[0] == '<') {
		size_t zlen;
		unsigned char *z = wrap_sheet(data, len, &zlen);

		check(XF_XLSX, (const char *)z, zlen, NULL);
		free(z);
	} else if ((f = exchange_detect(s, len)) >= 0)
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
