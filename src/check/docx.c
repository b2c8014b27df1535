/* docx.c: plain text out of a DOCX file for the checker. The package is
 * opened with libzip from a file or a memory buffer, word/document.xml is
 * inflated in 64 KB chunks straight into expat's buffer and parsed as it
 * comes, so memory stays at a chunk, the longest single XML token (bounded
 * by the size cap) and the text produced, whatever the document's size; the
 * reparse deferral of Debian's expat 2.5 keeps a huge token linear. The
 * handlers keep a stack of element kinds (bounded at 256) and write text
 * only from w:t inside a run; table cells become tabs and rows become
 * lines. Everything an attacker controls is bounded before it is trusted:
 * the number of zip entries, the inflated size (both as the zip claims it
 * and as actually counted while inflating, since a zip bomb's header lies),
 * the compression method (OPC allows only stored and deflate), nesting, and
 * DTDs (OPC forbids them, and refusing them removes entity expansion
 * altogether). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <expat.h>
#include <zip.h>

#include "docx.h"

#define DOCX_XML_CAP	((size_t)200 * 1024 * 1024)	/* inflated document.xml */
#define DOCX_MAX_ENTRIES 10000
#define DOCX_MAX_DEPTH	256
#define DOCX_CHUNK	65536
#define DOCX_PART	"word/document.xml"

/* Expat reports a namespaced name as "URI<sep>local"; a space cannot occur
 * in a URI, so it is a safe separator. */
#define DOCX_NS_SEP	" "
#define DOCX_NS_W	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define DOCX_NS_M	"http://schemas.openxmlformats.org/officeDocument/2006/math"
#define DOCX_NS_MC	"http://schemas.openxmlformats.org/markup-compatibility/2006"

/* The element kinds the text depends on; everything else is DE_OTHER and
 * transparent (hyperlinks, content controls, insertions, smart tags). */
enum docx_el {
	DE_OTHER,
	DE_P,		/* w:p paragraph */
	DE_R,		/* w:r or m:r run */
	DE_T,		/* w:t or m:t text */
	DE_TAB,		/* w:tab, w:ptab: a tab inside a run, a tab stop elsewhere */
	DE_BR,		/* w:br, w:cr */
	DE_HYPHEN,	/* w:noBreakHyphen */
	DE_TBL,		/* w:tbl */
	DE_TR,		/* w:tr */
	DE_TC,		/* w:tc */
	DE_SKIP		/* a subtree whose text is not the document's */
};

static const struct docx_name {
	const char	*local;
	enum docx_el	 el;
} docx_w_names[] = {
	{ "p", DE_P },
	{ "r", DE_R },
	{ "t", DE_T },
	{ "tab", DE_TAB },
	{ "ptab", DE_TAB },
	{ "br", DE_BR },
	{ "cr", DE_BR },
	{ "noBreakHyphen", DE_HYPHEN },
	{ "tbl", DE_TBL },
	{ "tr", DE_TR },
	{ "tc", DE_TC },
	{ "del", DE_SKIP },		/* tracked deletion */
	{ "moveFrom", DE_SKIP },	/* the old place of moved text */
	{ NULL, DE_OTHER }
};

struct docx_parse {
	XML_Parser	 xp;
	struct buf	*out;
	struct buf	 why;		/* a handler's own failure, when set */
	unsigned char	 stack[DOCX_MAX_DEPTH];	/* enum docx_el per open element */
	size_t		 depth;		/* open elements */
	size_t		 skip;		/* depth of a skipped subtree's root; 0: none */
	size_t		 tbl;		/* open tables */
	size_t		 cells;		/* cells so far in the outermost table's row */
	bool		 in_t;		/* inside w:t of a run: text is content */
	bool		 cell_text;	/* the current cell has text already */
	bool		 cell_sep;	/* a space is due before the cell's next text */
	bool		 failed;	/* why is set and the parser stopped */
};

/* Expat's allocations go through the project's wrappers, so that running
 * out of memory is fatal here as everywhere else rather than a parse error. */
static const XML_Memory_Handling_Suite docx_mem = { xmalloc, xrealloc, free };

static enum docx_el
docx_classify(const char *name)
{
	const struct docx_name *n;
	const char *local = strrchr(name, DOCX_NS_SEP[0]);
	size_t urilen;

	if (local == NULL)
		return DE_OTHER;
	urilen = (size_t)(local - name);
	local++;
	if ((urilen == strlen(DOCX_NS_W) &&
	    memcmp(name, DOCX_NS_W, urilen) == 0) ||
	    (urilen == strlen(DOCX_NS_W_STRICT) &&
	    memcmp(name, DOCX_NS_W_STRICT, urilen) == 0)) {
		for (n = docx_w_names; n->local != NULL; n++)
			if (strcmp(local, n->local) == 0)
				return n->el;
		return DE_OTHER;
	}
	if (urilen == strlen(DOCX_NS_M) &&
	    memcmp(name, DOCX_NS_M, urilen) == 0) {
		if (strcmp(local, "r") == 0)
			return DE_R;
		if (strcmp(local, "t") == 0)
			return DE_T;
		return DE_OTHER;
	}
	/* Word writes a text box twice, as mc:Choice and as mc:Fallback for
	 * old readers; reading both would double its text. */
	if (urilen == strlen(DOCX_NS_MC) &&
	    memcmp(name, DOCX_NS_MC, urilen) == 0 &&
	    strcmp(local, "Fallback") == 0)
		return DE_SKIP;
	return DE_OTHER;
}

/* Stop the parser with a reason; the position is added by the caller from
 * expat's current line, which is where the offending element starts. */
static void
docx_fail(struct docx_parse *d, const char *why)
{
	if (d->failed)
		return;
	d->failed = true;
	buf_puts(&d->why, why);
	XML_StopParser(d->xp, XML_FALSE);
}

/* Content text; inside a table, the paragraphs of a cell are joined by a
 * space so that a row stays on one line. */
static void
docx_put_text(struct docx_parse *d, const char *s, size_t n)
{
	if (d->tbl > 0) {
		if (d->cell_sep && d->cell_text)
			buf_putc(d->out, ' ');
		d->cell_sep = false;
		d->cell_text = true;
	}
	buf_append(d->out, s, n);
}

/* A line break: the end of a line outside tables, a space inside a cell. */
static void
docx_put_break(struct docx_parse *d)
{
	if (d->tbl > 0)
		d->cell_sep = true;
	else
		buf_putc(d->out, '\n');
}

static void XMLCALL
docx_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct docx_parse *d = arg;
	enum docx_el el, parent;

	(void)atts;
	if (d->failed)
		return;
	if (d->depth == DOCX_MAX_DEPTH) {
		docx_fail(d, "lồng quá sâu (hơn 256 cấp phần tử)");
		return;
	}
	el = docx_classify(name);
	parent = d->depth > 0 ? d->stack[d->depth - 1] : DE_OTHER;
	d->stack[d->depth++] = (unsigned char)el;
	if (d->skip > 0)
		return;
	/* w:tab and w:br also occur as tab stops and in properties; only
	 * inside a run are they characters. */
	switch (el) {
	case DE_SKIP:
		d->skip = d->depth;
		break;
	case DE_T:
		d->in_t = parent == DE_R;
		break;
	case DE_TAB:
		if (parent == DE_R) {
			if (d->tbl > 0)
				docx_put_text(d, " ", 1);
			else
				buf_putc(d->out, '\t');
		}
		break;
	case DE_BR:
		if (parent == DE_R)
			docx_put_break(d);
		break;
	case DE_HYPHEN:
		if (parent == DE_R)
			docx_put_text(d, "-", 1);
		break;
	case DE_TBL:
		d->tbl++;
		break;
	case DE_TR:
		if (d->tbl == 1)
			d->cells = 0;
		break;
	case DE_TC:
		if (d->tbl == 1) {
			if (d->cells++ > 0)
				buf_putc(d->out, '\t');
			d->cell_text = false;
			d->cell_sep = false;
		} else
			d->cell_sep = true;	/* a nested table's cell */
		break;
	default:
		break;
	}
}

static void XMLCALL
docx_end(void *arg, const XML_Char *name)
{
	struct docx_parse *d = arg;
	enum docx_el el;

	(void)name;
	if (d->failed || d->depth == 0)
		return;
	el = d->stack[--d->depth];
	if (d->skip > 0) {
		if (d->depth + 1 == d->skip)
			d->skip = 0;
		return;
	}
	switch (el) {
	case DE_T:
		d->in_t = false;
		break;
	case DE_P:
		docx_put_break(d);
		break;
	case DE_TBL:
		if (d->tbl > 0)
			d->tbl--;
		break;
	case DE_TR:
		if (d->tbl == 1) {
			/* A row of one (merged) cell still reads as a row. */
			if (d->cells == 1)
				buf_putc(d->out, '\t');
			buf_putc(d->out, '\n');
			d->cells = 0;
		} else if (d->tbl > 1)
			d->cell_sep = true;
		break;
	default:
		break;
	}
}

static void XMLCALL
docx_chars(void *arg, const XML_Char *s, int len)
{
	struct docx_parse *d = arg;

	if (d->failed || d->skip > 0 || !d->in_t || len <= 0)
		return;
	docx_put_text(d, s, (size_t)len);
}

static void XMLCALL
docx_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	docx_fail(arg, "có khai báo DOCTYPE, tệp DOCX không được dùng DTD");
}

/* Expat's reason in Vietnamese for the errors a damaged or hand-edited
 * document produces; the rarer ones keep expat's English. */
static const char *
docx_xml_reason(enum XML_Error code)
{
	switch (code) {
	case XML_ERROR_SYNTAX:
		return "lỗi cú pháp";
	case XML_ERROR_NO_ELEMENTS:
		return "không có phần tử nào";
	case XML_ERROR_INVALID_TOKEN:
		return "ký tự hoặc thẻ không hợp lệ";
	case XML_ERROR_UNCLOSED_TOKEN:
		return "thẻ chưa đóng, tệp bị cắt cụt?";
	case XML_ERROR_PARTIAL_CHAR:
		return "ký tự bị cắt dở";
	case XML_ERROR_TAG_MISMATCH:
		return "thẻ đóng không khớp với thẻ mở";
	case XML_ERROR_DUPLICATE_ATTRIBUTE:
		return "thuộc tính bị lặp";
	case XML_ERROR_JUNK_AFTER_DOC_ELEMENT:
		return "có dữ liệu thừa sau phần tử gốc";
	case XML_ERROR_UNDEFINED_ENTITY:
		return "thực thể (entity) không xác định";
	case XML_ERROR_BAD_CHAR_REF:
		return "tham chiếu ký tự không hợp lệ";
	case XML_ERROR_UNKNOWN_ENCODING:
		return "bảng mã không được hỗ trợ";
	case XML_ERROR_INCORRECT_ENCODING:
		return "nội dung không khớp bảng mã đã khai báo";
	case XML_ERROR_UNCLOSED_CDATA_SECTION:
		return "khối CDATA chưa đóng";
	case XML_ERROR_UNBOUND_PREFIX:
		return "tiền tố namespace chưa được khai báo";
	case XML_ERROR_MISPLACED_XML_PI:
		return "khai báo <?xml ?> không ở đầu tệp";
	default:
		return XML_ErrorString(code);
	}
}

/* The reason of a libzip failure, in Vietnamese for the usual ones, with the
 * system's reason when there is one. */
static void
docx_zip_reason(struct buf *b, zip_error_t *ze)
{
	const char *why;

	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_NOZIP:
		why = "không phải tệp zip";
		break;
	case ZIP_ER_INCONS:
		why = "tệp zip hỏng (mục lục không nhất quán)";
		break;
	case ZIP_ER_MULTIDISK:
		why = "tệp zip nhiều phần không được hỗ trợ";
		break;
	case ZIP_ER_NOENT:
		why = "không có tệp này";
		break;
	case ZIP_ER_OPEN:
		why = "không mở được tệp";
		break;
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
	case ZIP_ER_EOF:
		why = "không đọc được tệp (tệp bị cắt cụt?)";
		break;
	case ZIP_ER_CRC:
		why = "sai mã kiểm tra CRC, tệp bị hỏng";
		break;
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		why = "dữ liệu nén bị hỏng";
		break;
	case ZIP_ER_COMPNOTSUPP:
		why = "phương pháp nén không được hỗ trợ";
		break;
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		why = "tệp được mã hóa bằng mật khẩu";
		break;
	default:
		buf_puts(b, zip_error_strerror(ze));
		return;
	}
	buf_puts(b, why);
	if (zip_error_system_type(ze) == ZIP_ET_SYS &&
	    zip_error_code_system(ze) != 0)
		buf_printf(b, ": %s", strerror(zip_error_code_system(ze)));
}

/* "12,3 MB", or bytes below a megabyte, for the size messages. */
static void
docx_size(struct buf *b, zip_uint64_t n)
{
	const zip_uint64_t mb = 1024 * 1024;

	if (n < mb)
		buf_printf(b, "%llu byte", (unsigned long long)n);
	else
		buf_printf(b, "%llu,%llu MB", (unsigned long long)(n / mb),
		    (unsigned long long)(n % mb * 10 / mb));
}

/* The message prefix: which file could not be read. */
static void
docx_err_head(struct buf *err, const char *path)
{
	if (path != NULL)
		buf_printf(err, "không đọc được tệp DOCX %s: ", path);
	else
		buf_puts(err, "không đọc được tệp DOCX: ");
}

/* Parse the opened document.xml into out. 0, or -1 with the reason after
 * the prefix in *err. declared is the size the zip claims. */
static int
docx_parse_xml(zip_file_t *zf, zip_uint64_t declared, size_t cap,
    struct buf *out, struct buf *err)
{
	struct docx_parse d;
	zip_uint64_t total = 0;
	zip_int64_t got;
	void *chunk;
	int rc = -1;

	memset(&d, 0, sizeof(d));
	d.out = out;
	d.xp = XML_ParserCreate_MM(NULL, &docx_mem, DOCX_NS_SEP);
	if (d.xp == NULL) {
		buf_puts(err, "hết bộ nhớ");
		return -1;
	}
	XML_SetUserData(d.xp, &d);
	XML_SetElementHandler(d.xp, docx_start, docx_end);
	XML_SetCharacterDataHandler(d.xp, docx_chars);
	XML_SetStartDoctypeDeclHandler(d.xp, docx_doctype);
	/* Expat parses as the chunks come; the zip is read straight into its
	 * buffer, so nothing holds the whole document. */
	for (;;) {
		if ((chunk = XML_GetBuffer(d.xp, DOCX_CHUNK)) == NULL) {
			buf_puts(err, "hết bộ nhớ");
			goto out;
		}
		if ((got = zip_fread(zf, chunk, DOCX_CHUNK)) < 0) {
			buf_puts(err, DOCX_PART ": ");
			docx_zip_reason(err, zip_file_get_error(zf));
			goto out;
		}
		total += (zip_uint64_t)got;
		if (total > cap) {
			buf_puts(err, DOCX_PART " giải nén ra hơn ");
			docx_size(err, cap);
			buf_puts(err, " (tệp zip khai báo ");
			docx_size(err, declared);
			buf_puts(err, "), có thể là bom zip");
			goto out;
		}
		if (XML_ParseBuffer(d.xp, (int)got, got == 0) != XML_STATUS_OK) {
			buf_printf(err, DOCX_PART ": XML lỗi ở dòng %llu, cột %llu: ",
			    (unsigned long long)XML_GetCurrentLineNumber(d.xp),
			    (unsigned long long)XML_GetCurrentColumnNumber(d.xp)
			    + 1);
			buf_puts(err, d.failed ? buf_str(&d.why) :
			    docx_xml_reason(XML_GetErrorCode(d.xp)));
			goto out;
		}
		if (got == 0)
			break;
	}
	/* libzip checks the CRC but not the size; a header that lies is a
	 * damaged or forged file, even when the lie is harmless. */
	if (declared != total) {
		buf_puts(err, DOCX_PART " giải nén ra ");
		docx_size(err, total);
		buf_puts(err, ", khác với ");
		docx_size(err, declared);
		buf_puts(err, " khai báo trong tệp zip: tệp hỏng");
		goto out;
	}
	rc = 0;
out:
	XML_ParserFree(d.xp);
	buf_free(&d.why);
	return rc;
}

/* The text of the opened archive za into out: 0, or -1 with the reason after
 * the prefix in *err. */
static int
docx_read(zip_t *za, size_t cap, struct buf *out, struct buf *err)
{
	zip_int64_t n, idx;
	zip_file_t *zf;
	zip_stat_t st;
	int rc;

	n = zip_get_num_entries(za, 0);
	if (n > DOCX_MAX_ENTRIES) {
		buf_printf(err, "tệp zip có quá nhiều mục (%lld, tối đa %d)",
		    (long long)n, DOCX_MAX_ENTRIES);
		return -1;
	}
	if (n <= 0) {
		buf_puts(err, "tệp rỗng hoặc tệp zip không có mục nào");
		return -1;
	}
	/* OPC part names are case-insensitive. */
	if ((idx = zip_name_locate(za, DOCX_PART, ZIP_FL_NOCASE)) < 0) {
		buf_puts(err, "thiếu " DOCX_PART ", không phải tệp Word DOCX");
		return -1;
	}
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
		docx_zip_reason(err, zip_get_error(za));
		return -1;
	}
	if (!(st.valid & ZIP_STAT_SIZE)) {
		buf_puts(err, "không rõ kích thước của " DOCX_PART);
		return -1;
	}
	if (st.size > cap) {
		buf_puts(err, DOCX_PART " quá lớn (");
		docx_size(err, st.size);
		buf_puts(err, " khi giải nén, tối đa ");
		docx_size(err, cap);
		buf_puts(err, ")");
		return -1;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) &&
	    st.comp_method != ZIP_CM_STORE &&
	    st.comp_method != ZIP_CM_DEFLATE) {
		buf_printf(err, DOCX_PART " nén bằng phương pháp %d; DOCX chỉ "
		    "dùng stored hoặc deflate", (int)st.comp_method);
		return -1;
	}
	if ((zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) == NULL) {
		buf_puts(err, DOCX_PART ": ");
		docx_zip_reason(err, zip_get_error(za));
		return -1;
	}
	rc = docx_parse_xml(zf, st.size, cap, out, err);
	zip_fclose(zf);
	return rc;
}

/* An OLE2 compound file: a Word 97-2003 .doc, or a DOCX that Word encrypted
 * with a password (it wraps those in OLE2). Worth naming, since both are
 * common and "not a zip" would puzzle the clerk. */
static bool
docx_is_ole2(const unsigned char *p, size_t n)
{
	static const unsigned char magic[8] =
	    { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

	return n >= sizeof(magic) && memcmp(p, magic, sizeof(magic)) == 0;
}

/* Open src (consumed) and extract. head is the start of the data, for the
 * OLE2 hint; path is NULL for a buffer. */
static int
docx_from_source(zip_source_t *src, const char *path,
    const unsigned char *head, size_t headlen, size_t cap,
    struct buf *out, struct buf *err)
{
	struct buf sink = BUF_INIT, why = BUF_INIT;
	zip_error_t ze;
	zip_t *za;
	size_t start = out->len;
	int rc = -1;

	if (err == NULL)
		err = &sink;
	zip_error_init(&ze);
	if ((za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		docx_err_head(err, path);
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP &&
		    docx_is_ole2(head, headlen))
			buf_puts(err, "đây là tệp Word 97-2003 (.doc) hoặc tệp "
			    "DOCX có mật khẩu, không phải DOCX thường; hãy lưu "
			    "lại thành .docx không đặt mật khẩu");
		else
			docx_zip_reason(err, &ze);
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);
	if ((rc = docx_read(za, cap, out, &why)) != 0) {
		docx_err_head(err, path);
		buf_append(err, buf_str(&why), why.len);
	}
	buf_free(&why);
	zip_discard(za);
out:
	/* A failure leaves out as it was: partial text would be checked as if
	 * it were the whole document. */
	if (rc != 0 && out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	buf_free(&sink);
	return rc;
}

int
docx_text_limit(const void *data, size_t len, size_t cap, struct buf *out,
    struct buf *err)
{
	static const char empty[1];
	zip_source_t *src;
	zip_error_t ze;
	int rc;

	/* libzip wants a non-NULL pointer even for no data. */
	if (data == NULL)
		data = empty, len = 0;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		if (err != NULL) {
			docx_err_head(err, NULL);
			docx_zip_reason(err, &ze);
		}
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	rc = docx_from_source(src, NULL, data, len, cap, out, err);
	return rc;
}

int
docx_text_mem(const void *data, size_t len, struct buf *out, struct buf *err)
{
	return docx_text_limit(data, len, DOCX_XML_CAP, out, err);
}

int
docx_text(const char *path, struct buf *out, struct buf *err)
{
	unsigned char head[8];
	size_t headlen = 0;
	zip_source_t *src;
	zip_error_t ze;
	struct stat sb;
	FILE *f;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (err != NULL) {
			docx_err_head(err, path);
			buf_puts(err, "đây là thư mục, không phải tệp");
		}
		return -1;
	}
	/* The first bytes, only to name an OLE2 file if libzip refuses it. */
	if ((f = fopen(path, "rb")) != NULL) {
		headlen = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	zip_error_init(&ze);
	if ((src = zip_source_file_create(path, 0, -1, &ze)) == NULL) {
		if (err != NULL) {
			docx_err_head(err, path);
			docx_zip_reason(err, &ze);
		}
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	return docx_from_source(src, path, head, headlen, DOCX_XML_CAP, out,
	    err);
}
