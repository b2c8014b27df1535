/* test_docx.c: unit tests of docx.c, the DOCX text extractor. Each case
 * builds its DOCX in memory with libzip from a hand-written document.xml, so
 * the expected text follows from the XML in front of the reader; the zip is
 * handed over in a heap block of exactly its size, so AddressSanitizer sees
 * any read past its end. The error cases build the hostile files the limits
 * exist for (a zip bomb whose header lies, too many entries, deep nesting,
 * a DTD). One case reads a DOCX written by LibreOffice, when soffice is
 * installed, since hand-written XML only shows what its writer thought of. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <zip.h>

#include "check/docx.h"

#define W_NS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define DOC_OPEN "<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"" \
	"http://schemas.openxmlformats.org/markup-compatibility/2006\" " \
	"xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">" \
	"<w:body>"
#define DOC_CLOSE "</w:body></w:document>"

static const char content_types[] = XML_HEAD
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" ContentType=\"application/"
    "xml\"/></Types>";

/* A zip of n named parts, each compressed with method (ZIP_CM_DEFAULT for
 * deflate); *len gets its size. Caller frees. */
static unsigned char *
mkzip_method(const char *const *names, const char *const *parts,
    const size_t *lens, size_t n, zip_int32_t method, size_t *len)
{
	zip_error_t ze;
	zip_source_t *dst, *src;
	zip_stat_t st;
	zip_int64_t idx;
	zip_t *za;
	unsigned char *p;
	size_t i;

	zip_error_init(&ze);
	dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(dst);
	za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(dst);
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(za, parts[i], lens[i], 0);
		assert_non_null(src);
		idx = zip_file_add(za, names[i], src, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		assert_int_equal(zip_set_file_compression(za,
		    (zip_uint64_t)idx, method, 0), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(dst, &st), 0);
	assert_int_equal(zip_source_open(dst), 0);
	p = malloc(st.size > 0 ? st.size : 1);
	assert_non_null(p);
	assert_int_equal(zip_source_read(dst, p, st.size), (zip_int64_t)st.size);
	zip_source_close(dst);
	zip_source_free(dst);
	zip_error_fini(&ze);
	*len = st.size;
	return p;
}

/* A minimal DOCX whose document.xml is xml[0..xlen). */
static unsigned char *
mkdocx_raw(const char *xml, size_t xlen, size_t *len)
{
	const char *names[] = { "[Content_Types].xml", "word/document.xml" };
	const char *parts[] = { content_types, xml };
	size_t lens[] = { strlen(content_types), xlen };

	return mkzip_method(names, parts, lens, 2, ZIP_CM_DEFAULT, len);
}

/* A DOCX whose body is body, wrapped in the usual prolog and namespaces. */
static unsigned char *
mkdocx(const char *body, size_t *len)
{
	struct buf x = BUF_INIT;
	unsigned char *p;

	buf_puts(&x, XML_HEAD DOC_OPEN);
	buf_puts(&x, body);
	buf_puts(&x, DOC_CLOSE);
	p = mkdocx_raw(x.data, x.len, len);
	buf_free(&x);
	return p;
}

static void
checktext(const char *body, const char *want, const char *file, int line)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	unsigned char *z;
	size_t zlen;
	int rc;

	z = mkdocx(body, &zlen);
	rc = docx_text_mem(z, zlen, &out, &err);
	free(z);
	if (rc != 0 || strcmp(buf_str(&out), want) != 0) {
		print_error("%s:%d: rc %d, err \"%s\"\ngot  \"%s\"\nwant \"%s\"\n",
		    file, line, rc, buf_str(&err), buf_str(&out), want);
		buf_free(&out);
		buf_free(&err);
		_fail(file, line);
	}
	assert_int_equal(err.len, 0);
	buf_free(&out);
	buf_free(&err);
}
#define CHECK(body, want) checktext(body, want, __FILE__, __LINE__)

/* Extract data[0..len) with cap (0: the default); expect failure with a
 * message containing each of the NULL-terminated fragments, and out left as
 * it was. */
static void
checkfail_cap(const unsigned char *data, size_t len, size_t cap,
    const char *const *frags, const char *file, int line)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc;

	buf_puts(&out, "trước\n");
	rc = cap > 0 ? docx_text_limit(data, len, cap, &out, &err) :
	    docx_text_mem(data, len, &out, &err);
	if (rc != -1 || strcmp(buf_str(&out), "trước\n") != 0) {
		print_error("%s:%d: rc %d, out \"%s\", err \"%s\"\n", file, line,
		    rc, buf_str(&out), buf_str(&err));
		_fail(file, line);
	}
	for (; *frags != NULL; frags++)
		if (strstr(buf_str(&err), *frags) == NULL) {
			print_error("%s:%d: err \"%s\" lacks \"%s\"\n", file, line,
			    buf_str(&err), *frags);
			_fail(file, line);
		}
	buf_free(&out);
	buf_free(&err);
}
#define FAIL_CAP(data, len, cap, ...) checkfail_cap(data, len, cap, \
	(const char *const[]){ __VA_ARGS__, NULL }, __FILE__, __LINE__)
#define FAIL(data, len, ...) FAIL_CAP(data, len, 0, __VA_ARGS__)

/* The same for a DOCX built around body. */
static void
checkfail_body(const char *body, const char *const *frags, const char *file,
    int line)
{
	unsigned char *z;
	size_t zlen;

	z = mkdocx(body, &zlen);
	checkfail_cap(z, zlen, 0, frags, file, line);
	free(z);
}
#define FAIL_BODY(body, ...) checkfail_body(body, \
	(const char *const[]){ __VA_ARGS__, NULL }, __FILE__, __LINE__)

#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define TC(text) "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" \
	P(text) "</w:tc>"

static void
paragraphs(void **state)
{
	(void)state;
	CHECK(P("Một") P("Hai") "<w:p/>" P("Ba"), "Một\nHai\n\nBa\n");
	CHECK("", "");
	/* Properties, bookmarks and section properties carry no text. */
	CHECK("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:rPr><w:b/></w:rPr>"
	    "</w:pPr><w:bookmarkStart w:id=\"0\" w:name=\"x\"/><w:r><w:rPr>"
	    "<w:b/></w:rPr><w:t>Tiêu đề</w:t></w:r><w:bookmarkEnd w:id=\"0\"/>"
	    "</w:p><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>",
	    "Tiêu đề\n");
	/* Indentation between elements is not text. */
	CHECK("\n  <w:p>\n    <w:r>\n      <w:t>a</w:t>\n    </w:r>\n  </w:p>\n",
	    "a\n");
}

static void
runs_split_mid_word(void **state)
{
	(void)state;
	CHECK("<w:p><w:r><w:t>Diện tí</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
	    "<w:t>ch 11.8</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
	    "<w:r><w:t xml:space=\"preserve\">00 ha </w:t></w:r>"
	    "<w:hyperlink r:id=\"x\" xmlns:r=\"urn:r\"><w:r><w:t>đạt</w:t>"
	    "</w:r></w:hyperlink></w:p>",
	    "Diện tích 11.800 ha đạt\n");
	/* Several w:t in one run. */
	CHECK("<w:p><w:r><w:t>26</w:t><w:t>2,22</w:t><w:t>%</w:t></w:r></w:p>",
	    "262,22%\n");
}

static void
tabs_and_breaks(void **state)
{
	(void)state;
	/* The w:tab inside w:tabs is a tab stop, not a character. */
	CHECK("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
	    "</w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/>"
	    "<w:t>c</w:t><w:cr/><w:t>d</w:t></w:r><w:r><w:ptab "
	    "w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/>"
	    "<w:t>e</w:t><w:noBreakHyphen/><w:t>f</w:t><w:softHyphen/>"
	    "<w:t>g</w:t></w:r></w:p>",
	    "a\tb\nc\nd\te-fg\n");
	CHECK("<w:p><w:r><w:t>trang 1</w:t><w:br w:type=\"page\"/></w:r></w:p>"
	    P("trang 2"), "trang 1\n\ntrang 2\n");
}

static void
table_2x2(void **state)
{
	(void)state;
	CHECK(P("Trước bảng")
	    "<w:tbl><w:tblPr><w:tblW w:w=\"4000\" w:type=\"dxa\"/></w:tblPr>"
	    "<w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/>"
	    "</w:tblGrid>"
	    "<w:tr><w:trPr><w:tblHeader/></w:trPr>" TC("Chỉ tiêu") TC("Kết quả")
	    "</w:tr><w:tr>" TC("11.800/4.500 cây") TC("262,22%") "</w:tr>"
	    "</w:tbl>" P("Sau bảng"),
	    "Trước bảng\nChỉ tiêu\tKết quả\n11.800/4.500 cây\t262,22%\n"
	    "Sau bảng\n");
}

static void
table_cells_multi_paragraph_and_empty(void **state)
{
	(void)state;
	/* Paragraphs and breaks in a cell are joined by one space; an empty
	 * cell keeps its column; a tab in a cell is a space, so every tab on
	 * the line separates cells. */
	CHECK("<w:tbl><w:tr><w:tc>" P("Số hộ") P("nghèo") "</w:tc>"
	    "<w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>07</w:t><w:tab/>"
	    "<w:t>hộ</w:t><w:br/><w:t>0,42%</w:t></w:r></w:p></w:tc></w:tr>"
	    "</w:tbl>",
	    "Số hộ nghèo\t\t07 hộ 0,42%\n");
	/* A nested table is flattened into its cell. */
	CHECK("<w:tbl><w:tr>" TC("A") "<w:tc>" P("B")
	    "<w:tbl><w:tr>" TC("x") TC("y") "</w:tr><w:tr>" TC("z")
	    "</w:tr></w:tbl>" P("C") "</w:tc>" TC("D") "</w:tr>"
	    "<w:tr>" TC("E") TC("F") TC("G") "</w:tr></w:tbl>",
	    "A\tB x y z C\tD\nE\tF\tG\n");
}

static void
entities(void **state)
{
	(void)state;
	CHECK(P("Thu &amp; chi &lt;dự toán&gt; &quot;đạt&quot; &apos;x&apos;")
	    P("&#273;&#x1EA1;t 100&#x25;"),
	    "Thu & chi <dự toán> \"đạt\" 'x'\nđạt 100%\n");
	CHECK(P("<![CDATA[a < b & c]]>"), "a < b & c\n");
}

static void
vietnamese_nfc(void **state)
{
	/* Precomposed (NFC) letters pass through byte for byte: ỷ is U+1EF7,
	 * ạ U+1EA1, ế U+1EBF. */
	static const char s[] = "T\xe1\xbb\xb7 l\xe1\xbb\x87 h\xe1\xbb\x99 ngh"
	    "\xc3\xa8o gi\xe1\xba\xa3m c\xc3\xb2n 0,42%, \xc4\x91\xe1\xba\xa1t "
	    "k\xe1\xba\xbf ho\xe1\xba\xa1" "ch";
	struct buf body = BUF_INIT, want = BUF_INIT;

	(void)state;
	assert_string_equal(s,
	    "Tỷ lệ hộ nghèo giảm còn 0,42%, đạt kế hoạch");
	buf_printf(&body, P("%s"), s);
	buf_printf(&want, "%s\n", s);
	CHECK(body.data, want.data);
	buf_free(&body);
	buf_free(&want);
}

static void
deleted_text_ignored(void **state)
{
	(void)state;
	/* A tracked change: the old figure deleted, the new one inserted. */
	CHECK("<w:p><w:r><w:t xml:space=\"preserve\">đạt </w:t></w:r>"
	    "<w:del w:id=\"1\" w:author=\"A\" w:date=\"2023-12-01T00:00:00Z\">"
	    "<w:r><w:delText>226,22%</w:delText></w:r></w:del>"
	    "<w:ins w:id=\"2\" w:author=\"A\"><w:r><w:t>262,22%</w:t></w:r>"
	    "</w:ins></w:p>",
	    "đạt 262,22%\n");
	/* w:delText is skipped even outside w:del, and a deleted w:t too. */
	CHECK("<w:p><w:r><w:delText>cũ</w:delText><w:t>mới</w:t></w:r>"
	    "<w:del w:id=\"3\" w:author=\"A\"><w:r><w:t>xóa</w:t></w:r></w:del>"
	    "</w:p>", "mới\n");
	/* Moved text counts once, at its new place. */
	CHECK("<w:p><w:moveFrom w:id=\"4\" w:author=\"A\"><w:r><w:t>chuyển"
	    "</w:t></w:r></w:moveFrom><w:r><w:t>ở lại </w:t></w:r>"
	    "<w:moveTo w:id=\"5\" w:author=\"A\"><w:r><w:t>chuyển</w:t></w:r>"
	    "</w:moveTo></w:p>", "ở lại chuyển\n");
	/* A deleted paragraph mark (w:del inside w:rPr) hides nothing. */
	CHECK("<w:p><w:pPr><w:rPr><w:del w:id=\"6\" w:author=\"A\"/></w:rPr>"
	    "</w:pPr><w:r><w:t>giữ</w:t></w:r></w:p>", "giữ\n");
}

static void
field_instructions_ignored(void **state)
{
	(void)state;
	CHECK("<w:p><w:r><w:t xml:space=\"preserve\">Trang </w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>"
	    "<w:instrText xml:space=\"preserve\"> PAGE \\* MERGEFORMAT "
	    "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
	    "</w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar "
	    "w:fldCharType=\"end\"/></w:r></w:p>"
	    "<w:p><w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>9</w:t></w:r>"
	    "</w:fldSimple></w:p>",
	    "Trang 3\n9\n");
}

static void
fallback_and_math(void **state)
{
	(void)state;
	/* A text box is written twice, for new and old readers: once only.
	 * Math text counts. */
	CHECK("<w:p><w:r><w:t>Hộp: </w:t></w:r><w:r><mc:AlternateContent>"
	    "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" P("trong")
	    "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
	    "<w:txbxContent>" P("trong") "</w:txbxContent></w:pict>"
	    "</mc:Fallback></mc:AlternateContent></w:r>"
	    "<m:oMath><m:r><m:t>1.049/890</m:t></m:r></m:oMath></w:p>",
	    "Hộp: trong\n1.049/890\n");
}

static void
namespaces_not_prefixes(void **state)
{
	static const char other_prefix[] = XML_HEAD
	    "<x:document xmlns:x=\"" W_NS "\"><x:body><x:p><x:r><x:t>tiền tố "
	    "khác</x:t></x:r></x:p></x:body></x:document>";
	static const char strict[] = XML_HEAD
	    "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/"
	    "wordprocessingml/main\"><w:body>" P("strict") DOC_CLOSE;
	static const char foreign[] = XML_HEAD
	    "<w:document xmlns:w=\"urn:not-word\"><w:body>" P("không phải Word")
	    DOC_CLOSE;
	const char *xml[] = { other_prefix, strict, foreign };
	const char *want[] = { "tiền tố khác\n", "strict\n", "" };
	struct buf out = BUF_INIT;
	unsigned char *z;
	size_t i, zlen;

	(void)state;
	for (i = 0; i < 3; i++) {
		z = mkdocx_raw(xml[i], strlen(xml[i]), &zlen);
		buf_reset(&out);
		assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
		assert_string_equal(buf_str(&out), want[i]);
		free(z);
	}
	buf_free(&out);
}

static void
utf16_document(void **state)
{
	/* OPC allows UTF-16 parts; expat converts to UTF-8. Only BMP text
	 * here, so one UTF-16 unit per code point. */
	static const char src[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
	    DOC_OPEN P("Đạt 262,22%") DOC_CLOSE;
	struct buf x = BUF_INIT, out = BUF_INIT;
	const unsigned char *s = (const unsigned char *)src;
	unsigned char *z;
	unsigned cp;
	size_t zlen;

	(void)state;
	buf_append(&x, "\xff\xfe", 2);
	while (*s != '\0') {
		if (*s < 0x80)
			cp = *s++;
		else if (*s < 0xE0)
			cp = (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F), s += 2;
		else
			cp = (unsigned)(s[0] & 0x0F) << 12 |
			    (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F), s += 3;
		buf_putc(&x, (char)(cp & 0xFF));
		buf_putc(&x, (char)(cp >> 8));
	}
	z = mkdocx_raw(x.data, x.len, &zlen);
	assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
	assert_string_equal(buf_str(&out), "Đạt 262,22%\n");
	free(z);
	buf_free(&x);
	buf_free(&out);
}

static void
appends_to_out(void **state)
{
	struct buf out = BUF_INIT;
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mkdocx(P("b"), &zlen);
	buf_puts(&out, "a\n");
	assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
	assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
	assert_string_equal(buf_str(&out), "a\nb\nb\n");
	free(z);
	buf_free(&out);
}

static void
stored_entry(void **state)
{
	const char *names[] = { "word/document.xml" };
	const char *parts[] = { XML_HEAD DOC_OPEN P("không nén") DOC_CLOSE };
	size_t lens[] = { strlen(parts[0]) };
	struct buf out = BUF_INIT;
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mkzip_method(names, parts, lens, 1, ZIP_CM_STORE, &zlen);
	assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
	assert_string_equal(buf_str(&out), "không nén\n");
	free(z);
	buf_free(&out);
}

/* Write data to a fresh temporary file; its name in path (PATH_MAX). */
static void
tmpfile_with(char *path, size_t size, const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd;

	snprintf(path, size, "%s/ktxh-docx-XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
from_file(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	unsigned char *z;
	char path[4096];
	size_t zlen;

	(void)state;
	z = mkdocx(P("Từ tệp") P("dòng 2"), &zlen);
	tmpfile_with(path, sizeof(path), z, zlen);
	assert_int_equal(docx_text(path, &out, &err), 0);
	assert_string_equal(buf_str(&out), "Từ tệp\ndòng 2\n");
	unlink(path);
	free(z);

	/* Missing file: the message names it. */
	buf_reset(&out);
	assert_int_equal(docx_text(path, &out, &err), -1);
	assert_non_null(strstr(buf_str(&err), "không đọc được tệp DOCX "));
	assert_non_null(strstr(buf_str(&err), path));
	assert_int_equal(out.len, 0);

	/* Not a zip, from a file. */
	tmpfile_with(path, sizeof(path), "xin chào\n", 10);
	buf_reset(&err);
	assert_int_equal(docx_text(path, &out, &err), -1);
	assert_non_null(strstr(buf_str(&err), path));
	assert_non_null(strstr(buf_str(&err), "không phải tệp zip"));
	unlink(path);
	buf_free(&out);
	buf_free(&err);
}

static void
error_not_a_zip(void **state)
{
	static const unsigned char ole2[16] =
	    { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	static const char text[] = "Đây là văn bản thường, không phải DOCX.\n";
	unsigned char *p;

	(void)state;
	p = malloc(sizeof(text) - 1);
	memcpy(p, text, sizeof(text) - 1);
	FAIL(p, sizeof(text) - 1, "không đọc được tệp DOCX: ",
	    "không phải tệp zip");
	free(p);
	FAIL(ole2, sizeof(ole2), "Word 97-2003 (.doc)");
	FAIL(NULL, 0, "không đọc được tệp DOCX: ");
	/* A zip cut in half. */
	{
		unsigned char *z;
		size_t zlen;

		z = mkdocx(P("x"), &zlen);
		FAIL(z, zlen / 2, "không đọc được tệp DOCX: ");
		free(z);
	}
}

static void
error_no_document_xml(void **state)
{
	const char *names[] = { "[Content_Types].xml", "word/styles.xml" };
	const char *parts[] = { content_types, "<w:styles/>" };
	size_t lens[] = { strlen(content_types), 11 };
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mkzip_method(names, parts, lens, 2, ZIP_CM_DEFAULT, &zlen);
	FAIL(z, zlen, "thiếu word/document.xml");
	free(z);
	/* An empty zip: only the end-of-central-directory record. */
	z = calloc(1, 22);
	assert_non_null(z);
	memcpy(z, "PK\5\6", 4);
	FAIL(z, 22, "không có mục nào");
	free(z);
}

static void
error_malformed_xml(void **state)
{
	static const char truncated[] = XML_HEAD DOC_OPEN "<w:p><w:r><w:t>a";
	static const char unknown[] =
	    "<?xml version=\"1.0\" encoding=\"x-unknown\"?><a/>";
	unsigned char *z;
	size_t zlen;

	(void)state;
	/* The position is expat's: line 4 of document.xml, at the name in
	 * the mismatched end tag (column 17 is its "</"). */
	FAIL_BODY("\n" P("a") "\n<w:p><w:r><w:t>b</w:r></w:p>",
	    "word/document.xml: XML lỗi ở dòng 4, cột 19: ",
	    "thẻ đóng không khớp");
	FAIL_BODY(P("a &nbsp; b"), "XML lỗi ở dòng 2", "không xác định");
	FAIL_BODY(P("\x01"), "XML lỗi ở dòng 2");
	FAIL_BODY(P("\xC3"), "XML lỗi ở dòng 2");	/* invalid UTF-8 */
	z = mkdocx_raw(truncated, strlen(truncated), &zlen);
	FAIL(z, zlen, "XML lỗi ở dòng 2");
	free(z);
	z = mkdocx_raw("", 0, &zlen);
	FAIL(z, zlen, "XML lỗi ở dòng 1");
	free(z);
	z = mkdocx_raw(unknown, strlen(unknown), &zlen);
	FAIL(z, zlen, "bảng mã");
	free(z);
}

static void
error_doctype(void **state)
{
	/* A DTD is how entity-expansion bombs get in; OPC forbids DTDs. */
	static const char lol[] = XML_HEAD
	    "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
	    DOC_OPEN P("&b;") DOC_CLOSE;
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mkdocx_raw(lol, strlen(lol), &zlen);
	FAIL(z, zlen, "XML lỗi ở dòng 2", "DOCTYPE");
	free(z);
}

/* A body nested k elements below w:body (depth 2 + k in all). */
static unsigned char *
mknested(size_t k, size_t *zlen)
{
	struct buf b = BUF_INIT;
	unsigned char *z;
	size_t i;

	for (i = 0; i < k; i++)
		buf_puts(&b, "<w:sdt>");
	for (i = 0; i < k; i++)
		buf_puts(&b, "</w:sdt>");
	z = mkdocx(b.data, zlen);
	buf_free(&b);
	return z;
}

static void
error_too_deep(void **state)
{
	struct buf out = BUF_INIT;
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mknested(254, &zlen);	/* 256 levels: the most allowed */
	assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
	free(z);
	z = mknested(255, &zlen);
	FAIL(z, zlen, "XML lỗi ở dòng 2", "lồng quá sâu");
	free(z);
	z = mknested(100000, &zlen);
	FAIL(z, zlen, "lồng quá sâu");
	free(z);
	buf_free(&out);
}

/* A DOCX whose document.xml is n bytes of paragraphs. */
static unsigned char *
mkbig(size_t n, size_t *zlen)
{
	struct buf x = BUF_INIT;
	unsigned char *z;

	buf_puts(&x, XML_HEAD DOC_OPEN);
	while (x.len + sizeof(P("11.800/4.500 cây, đạt 262,22%")) +
	    sizeof(DOC_CLOSE) < n)
		buf_puts(&x, P("11.800/4.500 cây, đạt 262,22%"));
	buf_puts(&x, DOC_CLOSE);
	z = mkdocx_raw(x.data, x.len, zlen);
	buf_free(&x);
	return z;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Make every header of z claim that word/document.xml inflates to claim
 * bytes, as a zip bomb's would. */
static void
lie_about_size(unsigned char *z, size_t zlen, uint32_t claim)
{
	static const char name[] = "word/document.xml";
	size_t i, patched = 0;

	for (i = 0; i + 46 + sizeof(name) - 1 <= zlen; i++) {
		if (get32(z + i) == 0x04034b50 &&
		    memcmp(z + i + 30, name, sizeof(name) - 1) == 0) {
			put32(z + i + 22, claim);	/* local header */
			patched++;
		} else if (get32(z + i) == 0x02014b50 &&
		    memcmp(z + i + 46, name, sizeof(name) - 1) == 0) {
			put32(z + i + 24, claim);	/* central directory */
			patched++;
		}
	}
	assert_int_equal(patched, 2);
}

static void
error_too_big(void **state)
{
	struct buf out = BUF_INIT;
	unsigned char *z;
	size_t zlen;

	(void)state;
	z = mkbig(20000, &zlen);
	/* Honest header, over the cap: refused before inflating. */
	FAIL_CAP(z, zlen, 10000, "word/document.xml quá lớn (",
	    "tối đa 10000 byte");
	assert_int_equal(docx_text_limit(z, zlen, 20000, &out, NULL), 0);
	/* The header claims 100 bytes: refused while inflating. */
	lie_about_size(z, zlen, 100);
	FAIL_CAP(z, zlen, 10000, "giải nén ra hơn 10000 byte",
	    "khai báo 100 byte", "bom zip");
	/* Under the default cap the lie is caught at the end, and no
	 * partial text is returned. */
	FAIL(z, zlen, "không đọc được tệp DOCX: word/document.xml giải nén ra ",
	    "khác với 100 byte khai báo");
	/* A claim larger than the data is as false. */
	lie_about_size(z, zlen, 30000);
	FAIL(z, zlen, "khác với 30000 byte khai báo");
	free(z);
	buf_free(&out);
}

static void
error_too_many_entries(void **state)
{
	enum { N = 10001 };
	const char **names = calloc(N, sizeof(*names));
	const char **parts = calloc(N, sizeof(*parts));
	size_t *lens = calloc(N, sizeof(*lens));
	char (*nm)[32] = calloc(N, sizeof(*nm));
	unsigned char *z;
	size_t i, zlen;

	(void)state;
	assert_true(names && parts && lens && nm);
	for (i = 0; i < N; i++) {
		snprintf(nm[i], sizeof(nm[i]), "word/media/%05zu.xml", i);
		names[i] = nm[i];
		parts[i] = "";
		lens[i] = 0;
	}
	names[0] = "word/document.xml";
	parts[0] = XML_HEAD DOC_OPEN DOC_CLOSE;
	lens[0] = strlen(parts[0]);
	z = mkzip_method(names, parts, lens, N, ZIP_CM_STORE, &zlen);
	FAIL(z, zlen, "quá nhiều mục (10001, tối đa 10000)");
	free(z);
	/* 10,000 is still accepted. */
	{
		struct buf out = BUF_INIT;

		z = mkzip_method(names, parts, lens, N - 1, ZIP_CM_STORE, &zlen);
		assert_int_equal(docx_text_mem(z, zlen, &out, NULL), 0);
		free(z);
		buf_free(&out);
	}
	free(names);
	free(parts);
	free(lens);
	free(nm);
}

static void
error_method_and_encryption(void **state)
{
	const char *names[] = { "word/document.xml" };
	const char *parts[] = { XML_HEAD DOC_OPEN P("x") DOC_CLOSE };
	size_t lens[] = { strlen(parts[0]) };
	zip_source_t *dst, *src;
	zip_stat_t st;
	zip_error_t ze;
	unsigned char *z;
	zip_t *za;
	size_t zlen;

	(void)state;
	if (!zip_compression_method_supported(ZIP_CM_BZIP2, 1) ||
	    !zip_encryption_method_supported(ZIP_EM_AES_256, 1))
		skip();
	z = mkzip_method(names, parts, lens, 1, ZIP_CM_BZIP2, &zlen);
	FAIL(z, zlen, "phương pháp 12", "deflate");
	free(z);

	zip_error_init(&ze);
	dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(dst);
	src = zip_source_buffer(za, parts[0], lens[0], 0);
	assert_int_equal(zip_file_add(za, names[0], src, 0), 0);
	assert_int_equal(zip_file_set_encryption(za, 0, ZIP_EM_AES_256,
	    "mật khẩu"), 0);
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(dst, &st), 0);
	assert_int_equal(zip_source_open(dst), 0);
	z = malloc(st.size);
	assert_int_equal(zip_source_read(dst, z, st.size), (zip_int64_t)st.size);
	zip_source_close(dst);
	zip_source_free(dst);
	zip_error_fini(&ze);
	FAIL(z, st.size, "mã hóa bằng mật khẩu");
	free(z);
}

/* A DOCX written by LibreOffice from HTML: its own namespaces, styles,
 * table properties and ordering. Skipped when soffice is absent. */
static void
libreoffice_docx(void **state)
{
	static const char html[] =
	    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t"
	    "</title></head><body>\n"
	    "<p>Tổng số cây lâm nghiệp phân tán đã trồng là 11.800 cây/4.500 "
	    "cây, đạt 262,22% kế hoạch.</p>\n"
	    "<p>Thu ngân sách &amp; chi &lt;dự toán&gt;</p>\n"
	    "<table><tr><td>Chỉ tiêu</td><td>Kết quả</td></tr>"
	    "<tr><td>1.049/890</td><td>117,87%</td></tr></table>\n"
	    "<p>Hết.</p>\n</body></html>\n";
	struct buf cmd = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	char dir[4096], path[4200];
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	int rc;

	(void)state;
	if (system("command -v soffice >/dev/null 2>&1") != 0)
		skip();
	snprintf(dir, sizeof(dir), "%s/ktxh-lo-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/in.html", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(html, f);
	assert_int_equal(fclose(f), 0);
	/* A private profile, so that a running LibreOffice or a broken
	 * ~/.config does not interfere. */
	buf_printf(&cmd, "cd '%s' && timeout 120 soffice "
	    "-env:UserInstallation=file://%s/profile --headless "
	    "--infilter='HTML (StarWriter)' --convert-to "
	    "'docx:MS Word 2007 XML' --outdir '%s' in.html >lo.log 2>&1",
	    dir, dir, dir);
	if (system(cmd.data) != 0) {
		buf_reset(&cmd);
		buf_printf(&cmd, "cat '%s/lo.log' >&2; rm -rf '%s'", dir, dir);
		rc = system(cmd.data);
		(void)rc;
		fail_msg("soffice could not convert the HTML to DOCX");
	}
	snprintf(path, sizeof(path), "%s/in.docx", dir);
	assert_int_equal(docx_text(path, &out, &err), 0);
	assert_string_equal(buf_str(&out),
	    "Tổng số cây lâm nghiệp phân tán đã trồng là 11.800 cây/4.500 cây, "
	    "đạt 262,22% kế hoạch.\n"
	    "Thu ngân sách & chi <dự toán>\n"
	    "Chỉ tiêu\tKết quả\n"
	    "1.049/890\t117,87%\n"
	    "Hết.\n");
	buf_reset(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.data), 0);
	buf_free(&cmd);
	buf_free(&out);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paragraphs),
		cmocka_unit_test(runs_split_mid_word),
		cmocka_unit_test(tabs_and_breaks),
		cmocka_unit_test(table_2x2),
		cmocka_unit_test(table_cells_multi_paragraph_and_empty),
		cmocka_unit_test(entities),
		cmocka_unit_test(vietnamese_nfc),
		cmocka_unit_test(deleted_text_ignored),
		cmocka_unit_test(field_instructions_ignored),
		cmocka_unit_test(fallback_and_math),
		cmocka_unit_test(namespaces_not_prefixes),
		cmocka_unit_test(utf16_document),
		cmocka_unit_test(appends_to_out),
		cmocka_unit_test(stored_entry),
		cmocka_unit_test(from_file),
		cmocka_unit_test(error_not_a_zip),
		cmocka_unit_test(error_no_document_xml),
		cmocka_unit_test(error_malformed_xml),
		cmocka_unit_test(error_doctype),
		cmocka_unit_test(error_too_deep),
		cmocka_unit_test(error_too_big),
		cmocka_unit_test(error_too_many_entries),
		cmocka_unit_test(error_method_and_encryption),
		cmocka_unit_test(libreoffice_docx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
