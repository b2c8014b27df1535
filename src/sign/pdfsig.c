/* pdfsig.c: the PDF side of a PAdES signature. Reads just what an
 * incremental update needs from a PDF with classic xref tables (what cairo
 * writes): the trailer, the catalog, the last page; refuses what it does not
 * understand (xref streams, encryption, an existing form) instead of
 * writing a broken file. Appends the signature field, its widget with a
 * visible box (glyph outlines from pango, so no font is embedded), the /Sig
 * dictionary with a /Contents hole, a new xref section and trailer with
 * /Prev. Also finds the signatures of a file for verification. Every parser
 * takes a buffer and a length (tests/fuzz/fuzz_pdfsign.c). */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "sign/sign.h"
#include "report/gfx.h"

/* Limits against hostile files. */
#define PDF_MAX_OBJECTS (1L << 22)
#define PDF_MAX_SECTIONS 64
#define PDF_MAX_DEPTH 48
#define PDF_MAX_SIGS 64

struct xref {
	size_t		*off;		/* per object number; 0: unknown */
	long		*gen;
	bool		*seen;		/* set by a newer section already */
	long		 cap;
};

static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == '\0';
}

static bool
is_delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != '\0';
}

static void
skip_ws(const unsigned char *b, size_t n, size_t *p)
{
	while (*p < n) {
		if (is_ws(b[*p]))
			(*p)++;
		else if (b[*p] == '%') {
			while (*p < n && b[*p] != '\n' && b[*p] != '\r')
				(*p)++;
		} else
			break;
	}
}

/* A run of regular characters (a number, a keyword, a name's body). */
static size_t
token_end(const unsigned char *b, size_t n, size_t p)
{
	while (p < n && !is_ws(b[p]) && !is_delim(b[p]))
		p++;
	return p;
}

/* Parse a non-negative integer token at *p (at most 18 digits). */
static int
read_uint(const unsigned char *b, size_t n, size_t *p, long long *v)
{
	size_t q = *p;
	long long x = 0;

	if (q >= n || !isdigit(b[q]))
		return -1;
	while (q < n && isdigit(b[q])) {
		if (q - *p >= 18)
			return -1;
		x = x * 10 + (b[q] - '0');
		q++;
	}
	if (q < n && !is_ws(b[q]) && !is_delim(b[q]))
		return -1;
	*v = x;
	*p = q;
	return 0;
}

static int skip_value(const unsigned char *, size_t, size_t *, int depth);

/* "num gen R" at *p: the reference, *p after it; else -1 and *p unchanged. */
static int
read_ref(const unsigned char *b, size_t n, size_t *p, long *num, long *gen)
{
	size_t q = *p;
	long long a, g;

	if (read_uint(b, n, &q, &a) != 0)
		return -1;
	skip_ws(b, n, &q);
	if (read_uint(b, n, &q, &g) != 0)
		return -1;
	skip_ws(b, n, &q);
	if (q >= n || b[q] != 'R' || token_end(b, n, q) != q + 1)
		return -1;
	if (a >= PDF_MAX_OBJECTS || g > 65535)
		return -1;
	*num = (long)a;
	*gen = (long)g;
	*p = q + 1;
	return 0;
}

/* Skip the value at *p (after white space). */
static int
skip_value(const unsigned char *b, size_t n, size_t *p, int depth)
{
	long r, g;

	if (depth > PDF_MAX_DEPTH)
		return -1;
	skip_ws(b, n, p);
	if (*p >= n)
		return -1;
	switch (b[*p]) {
	case '<':
		if (*p + 1 < n && b[*p + 1] == '<') {
			*p += 2;
			for (;;) {
				skip_ws(b, n, p);
				if (*p + 1 < n && b[*p] == '>' && b[*p + 1] == '>') {
					*p += 2;
					return 0;
				}
				if (*p >= n || b[*p] != '/')
					return -1;
				(*p)++;
				*p = token_end(b, n, *p);
				if (skip_value(b, n, p, depth + 1) != 0)
					return -1;
			}
		}
		while (*p < n && b[*p] != '>')
			(*p)++;
		if (*p >= n)
			return -1;
		(*p)++;
		return 0;
	case '[':
		(*p)++;
		for (;;) {
			skip_ws(b, n, p);
			if (*p < n && b[*p] == ']') {
				(*p)++;
				return 0;
			}
			if (skip_value(b, n, p, depth + 1) != 0)
				return -1;
		}
	case '(': {
		int nest = 0;

		for (; *p < n; (*p)++) {
			if (b[*p] == '\\')
				(*p)++;
			else if (b[*p] == '(')
				nest++;
			else if (b[*p] == ')' && --nest == 0) {
				(*p)++;
				return 0;
			}
		}
		return -1;
	}
	case '/':
		(*p)++;
		*p = token_end(b, n, *p);
		return 0;
	default:
		if (is_delim(b[*p]))
			return -1;
		if (read_ref(b, n, p, &r, &g) == 0)
			return 0;
		*p = token_end(b, n, *p);
		return 0;
	}
}

/* The value of /key in the dictionary starting at ds ("<<"): its span
 * [*vs, *ve). Returns 0, or -1 when absent or malformed. */
static int
dict_get(const unsigned char *b, size_t n, size_t ds, const char *key,
    size_t *vs, size_t *ve)
{
	size_t p = ds + 2, ks, klen = strlen(key);

	for (;;) {
		skip_ws(b, n, &p);
		if (p + 1 < n && b[p] == '>' && b[p + 1] == '>')
			return -1;
		if (p >= n || b[p] != '/')
			return -1;
		ks = ++p;
		p = token_end(b, n, p);
		skip_ws(b, n, &p);
		*vs = p;
		if (skip_value(b, n, &p, 0) != 0)
			return -1;
		*ve = p;
		if (p - *vs > 0 && (size_t)(token_end(b, n, ks) - ks) == klen &&
		    memcmp(b + ks, key, klen) == 0)
			return 0;
	}
}

/* Is the value of /key a name equal to name ("/Page")? */
static bool
dict_name_is(const unsigned char *b, size_t n, size_t ds, const char *key,
    const char *name)
{
	size_t vs, ve;

	return dict_get(b, n, ds, key, &vs, &ve) == 0 &&
	    ve - vs == strlen(name) && memcmp(b + vs, name, ve - vs) == 0;
}

static int
dict_ref(const unsigned char *b, size_t n, size_t ds, const char *key,
    long *num, long *gen)
{
	size_t vs, ve;

	if (dict_get(b, n, ds, key, &vs, &ve) != 0)
		return -1;
	return read_ref(b, n, &vs, num, gen) == 0 && vs == ve ? 0 : -1;
}

/* The dictionary of object num: [*ds, *de). */
static int
obj_dict(const unsigned char *b, size_t n, const struct xref *x, long num,
    size_t *ds, size_t *de)
{
	size_t p;
	long long a, g;

	if (num <= 0 || num >= x->cap || x->off[num] == 0 || x->off[num] >= n)
		return -1;
	p = x->off[num];
	skip_ws(b, n, &p);
	if (read_uint(b, n, &p, &a) != 0 || a != num)
		return -1;
	skip_ws(b, n, &p);
	if (read_uint(b, n, &p, &g) != 0)
		return -1;
	skip_ws(b, n, &p);
	if (p + 3 > n || memcmp(b + p, "obj", 3) != 0)
		return -1;
	p += 3;
	skip_ws(b, n, &p);
	if (p + 1 >= n || b[p] != '<' || b[p + 1] != '<')
		return -1;
	*ds = p;
	if (skip_value(b, n, &p, 0) != 0)
		return -1;
	*de = p;
	return 0;
}

static void
xref_free(struct xref *x)
{
	free(x->off);
	free(x->gen);
	free(x->seen);
	memset(x, 0, sizeof(*x));
}

static void
xref_grow(struct xref *x, long want)
{
	long c = x->cap ? x->cap : 64;

	if (want <= x->cap)
		return;
	while (c < want)
		c *= 2;
	x->off = xrealloc(x->off, (size_t)c * sizeof(*x->off));
	x->gen = xrealloc(x->gen, (size_t)c * sizeof(*x->gen));
	x->seen = xrealloc(x->seen, (size_t)c * sizeof(*x->seen));
	memset(x->off + x->cap, 0, (size_t)(c - x->cap) * sizeof(*x->off));
	memset(x->gen + x->cap, 0, (size_t)(c - x->cap) * sizeof(*x->gen));
	memset(x->seen + x->cap, 0, (size_t)(c - x->cap) * sizeof(*x->seen));
	x->cap = c;
}

/* One xref section at off and its trailer; *tr the trailer's "<<". */
static int
read_section(const unsigned char *b, size_t n, size_t off, struct xref *x,
    size_t *tr, struct buf *err)
{
	size_t p = off;
	long long start, count, k, eo, eg;

	skip_ws(b, n, &p);
	if (p + 4 > n || memcmp(b + p, "xref", 4) != 0) {
		if (read_uint(b, n, &p, &start) == 0) {
			buf_puts(err, "tệp PDF dùng bảng tham chiếu dạng luồng (xref "
			    "stream): ktxh chưa ký được loại tệp này; hãy xuất lại báo "
			    "cáo bằng ktxh report");
			return -1;
		}
		buf_puts(err, "không tìm thấy bảng tham chiếu (xref) ở vị trí "
		    "startxref chỉ ra: tệp PDF hỏng");
		return -1;
	}
	p += 4;
	for (;;) {
		skip_ws(b, n, &p);
		if (p + 7 <= n && memcmp(b + p, "trailer", 7) == 0)
			break;
		if (read_uint(b, n, &p, &start) != 0)
			goto bad;
		skip_ws(b, n, &p);
		if (read_uint(b, n, &p, &count) != 0)
			goto bad;
		if (start + count > PDF_MAX_OBJECTS || count * 18 > (long long)(n - p))
			goto bad;
		xref_grow(x, (long)(start + count));
		for (k = 0; k < count; k++) {
			long num = (long)(start + k);

			skip_ws(b, n, &p);
			if (read_uint(b, n, &p, &eo) != 0)
				goto bad;
			skip_ws(b, n, &p);
			if (read_uint(b, n, &p, &eg) != 0)
				goto bad;
			skip_ws(b, n, &p);
			if (p >= n || (b[p] != 'n' && b[p] != 'f'))
				goto bad;
			if (!x->seen[num]) {
				x->seen[num] = true;
				x->off[num] = b[p] == 'n' ? (size_t)eo : 0;
				x->gen[num] = (long)eg;
			}
			p++;
		}
	}
	p += 7;
	skip_ws(b, n, &p);
	if (p + 1 >= n || b[p] != '<' || b[p + 1] != '<')
		goto bad;
	*tr = p;
	if (skip_value(b, n, &p, 0) != 0)
		goto bad;
	return 0;
bad:
	buf_puts(err, "bảng tham chiếu (xref) của tệp PDF hỏng");
	return -1;
}

/* The last "startxref N" in the last kilobyte. */
static int
find_startxref(const unsigned char *b, size_t n, size_t *off)
{
	size_t from = n > 1024 ? n - 1024 : 0, p, q;
	long long v;

	if (n < 9)
		return -1;
	for (p = n - 9;; p--) {
		if (memcmp(b + p, "startxref", 9) == 0) {
			q = p + 9;
			skip_ws(b, n, &q);
			if (read_uint(b, n, &q, &v) != 0 || (size_t)v >= n)
				return -1;
			*off = (size_t)v;
			return 0;
		}
		if (p <= from)
			break;
	}
	return -1;
}

static void
parse_box(const unsigned char *b, size_t vs, size_t ve, double box[4])
{
	char tmp[256], *s, *e;
	int k;

	if (ve - vs >= sizeof(tmp) || b[vs] != '[')
		return;
	memcpy(tmp, b + vs + 1, ve - vs - 1);
	tmp[ve - vs - 1] = '\0';
	s = tmp;
	for (k = 0; k < 4; k++) {
		double v = strtod(s, &e);

		if (e == s)
			return;
		box[k] = v;
		s = e;
	}
}

int
sig_pdf_parse(const unsigned char *b, size_t n, struct sig_pdf *pdf,
    struct buf *err)
{
	struct xref x = { NULL, NULL, NULL, 0 };
	size_t off, tr, vs, ve, ds, de, seen[PDF_MAX_SECTIONS];
	long long v;
	long num, gen, kid = 0, kidgen = 0;
	int sec, depth, rc = -1;

	memset(pdf, 0, sizeof(*pdf));
	pdf->mediabox[2] = 595.276;
	pdf->mediabox[3] = 841.89;
	if (n < 8 || memcmp(b, "%PDF-", 5) != 0) {
		buf_puts(err, "không phải tệp PDF (thiếu phần đầu %PDF-)");
		return -1;
	}
	if (find_startxref(b, n, &off) != 0) {
		buf_puts(err, "không tìm thấy startxref ở cuối tệp: tệp PDF hỏng "
		    "hoặc bị cắt");
		return -1;
	}
	pdf->startxref = off;
	for (sec = 0;; sec++) {
		int k;

		if (sec >= PDF_MAX_SECTIONS) {
			buf_puts(err, "quá nhiều lần cập nhật nối tiếp trong tệp PDF");
			goto out;
		}
		for (k = 0; k < sec; k++)
			if (seen[k] == off) {
				buf_puts(err, "chuỗi /Prev của tệp PDF quay vòng: tệp hỏng");
				goto out;
			}
		seen[sec] = off;
		if (read_section(b, n, off, &x, &tr, err) != 0)
			goto out;
		if (dict_get(b, n, tr, "Encrypt", &vs, &ve) == 0) {
			buf_puts(err, "tệp PDF được mã hóa: ktxh không ký tệp mã hóa");
			goto out;
		}
		if (dict_get(b, n, tr, "XRefStm", &vs, &ve) == 0) {
			buf_puts(err, "tệp PDF lai (có XRefStm): ktxh chưa ký được loại "
			    "tệp này");
			goto out;
		}
		if (sec == 0) {
			if (dict_get(b, n, tr, "Size", &vs, &ve) != 0 ||
			    read_uint(b, n, &vs, &v) != 0 || v <= 0 ||
			    v >= PDF_MAX_OBJECTS) {
				buf_puts(err, "trailer của tệp PDF thiếu /Size hợp lệ");
				goto out;
			}
			pdf->size = (long)v;
			if (dict_ref(b, n, tr, "Root", &pdf->root, &pdf->root_gen)
			    != 0) {
				buf_puts(err, "trailer của tệp PDF thiếu /Root");
				goto out;
			}
			if (dict_get(b, n, tr, "Info", &vs, &ve) == 0) {
				pdf->info[0] = vs;
				pdf->info[1] = ve;
			}
			if (dict_get(b, n, tr, "ID", &vs, &ve) == 0) {
				pdf->id[0] = vs;
				pdf->id[1] = ve;
			}
		}
		if (dict_get(b, n, tr, "Prev", &vs, &ve) != 0)
			break;
		if (read_uint(b, n, &vs, &v) != 0 || (size_t)v >= n) {
			buf_puts(err, "/Prev của tệp PDF không hợp lệ");
			goto out;
		}
		off = (size_t)v;
	}
	if (obj_dict(b, n, &x, pdf->root, &ds, &de) != 0) {
		buf_puts(err, "không đọc được danh mục (/Root) của tệp PDF");
		goto out;
	}
	pdf->root_dict[0] = ds;
	pdf->root_dict[1] = de;
	if (dict_get(b, n, ds, "AcroForm", &vs, &ve) == 0) {
		buf_puts(err, "tệp PDF đã có biểu mẫu hoặc chữ ký (/AcroForm): ktxh "
		    "chưa hỗ trợ ký thêm vào tệp này");
		goto out;
	}
	if (dict_ref(b, n, ds, "Pages", &num, &gen) != 0) {
		buf_puts(err, "danh mục của tệp PDF thiếu /Pages");
		goto out;
	}
	/* Down the page tree, always to the last kid. */
	for (depth = 0;; depth++) {
		size_t p;

		if (depth > PDF_MAX_DEPTH || obj_dict(b, n, &x, num, &ds, &de) != 0) {
			buf_puts(err, "cây trang của tệp PDF hỏng");
			goto out;
		}
		if (dict_name_is(b, n, ds, "Type", "/Page")) {
			pdf->page = num;
			pdf->page_gen = num < x.cap ? x.gen[num] : 0;
			pdf->page_dict[0] = ds;
			pdf->page_dict[1] = de;
			break;
		}
		if (dict_get(b, n, ds, "Kids", &vs, &ve) != 0 || b[vs] != '[') {
			buf_puts(err, "cây trang của tệp PDF không có trang nào");
			goto out;
		}
		for (p = vs + 1, kid = 0;;) {
			skip_ws(b, n, &p);
			if (p >= ve || b[p] == ']')
				break;
			if (read_ref(b, n, &p, &num, &gen) != 0) {
				buf_puts(err, "danh sách /Kids của tệp PDF hỏng");
				goto out;
			}
			kid = num;
			kidgen = gen;
		}
		if (kid == 0) {
			buf_puts(err, "tệp PDF không có trang nào");
			goto out;
		}
		num = kid;
		(void)kidgen;
	}
	if (dict_get(b, n, pdf->page_dict[0], "Annots", &vs, &ve) == 0 &&
	    b[vs] != '[') {
		buf_puts(err, "trang cuối của tệp PDF có /Annots gián tiếp: ktxh chưa "
		    "hỗ trợ");
		goto out;
	}
	if (dict_get(b, n, pdf->page_dict[0], "MediaBox", &vs, &ve) == 0)
		parse_box(b, vs, ve, pdf->mediabox);
	if (pdf->root >= pdf->size || pdf->page >= pdf->size) {
		buf_puts(err, "/Size của tệp PDF nhỏ hơn số đối tượng");
		goto out;
	}
	pdf->root_gen = pdf->root < x.cap ? x.gen[pdf->root] : 0;
	rc = 0;
out:
	xref_free(&x);
	return rc;
}

/* ---- the update ---- */

/* Copy the pairs of the dictionary at ds except /skip, without << >>. */
static void
dict_copy_except(const unsigned char *b, size_t n, size_t ds, const char *skip,
    struct buf *out)
{
	size_t p = ds + 2, ks, ke, vs;

	for (;;) {
		skip_ws(b, n, &p);
		if (p + 1 >= n || (b[p] == '>' && b[p + 1] == '>') || b[p] != '/')
			return;
		ks = p++;
		ke = p = token_end(b, n, p);
		skip_ws(b, n, &p);
		vs = p;
		if (skip_value(b, n, &p, 0) != 0)
			return;
		if (skip != NULL && ke - ks - 1 == strlen(skip) &&
		    memcmp(b + ks + 1, skip, ke - ks - 1) == 0)
			continue;
		buf_append(out, (const char *)b + ks, ke - ks);
		buf_putc(out, ' ');
		buf_append(out, (const char *)b + vs, p - vs);
		buf_putc(out, '\n');
	}
}

/* Outlines of the box's text (at most four lines, w wide) as PDF path
 * operators, y going down from 0 at the top; returns the text's height. */
static double
box_paths(const char *text, double w, struct buf *out)
{
	cairo_surface_t *s = cairo_recording_surface_create(
	    CAIRO_CONTENT_COLOR_ALPHA, NULL);
	cairo_t *cr = cairo_create(s);
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	PangoLayout *l;
	PangoFontDescription *fd;
	cairo_path_t *path;
	int i, lw, lh;

	pango_cairo_update_context(cr, pc);
	l = pango_layout_new(pc);
	fd = pango_font_description_from_string("Liberation Serif 8.5");
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)((w - 10) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_height(l, -4);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_pixel_size(l, &lw, &lh);
	cairo_move_to(cr, 5, 4);
	pango_cairo_layout_path(cr, l);
	path = cairo_copy_path(cr);
	for (i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data;
	    i += path->data[i].header.length) {
		cairo_path_data_t *d = &path->data[i];

		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			buf_printf(out, "%.2f %.2f m\n", d[1].point.x, -d[1].point.y);
			break;
		case CAIRO_PATH_LINE_TO:
			buf_printf(out, "%.2f %.2f l\n", d[1].point.x, -d[1].point.y);
			break;
		case CAIRO_PATH_CURVE_TO:
			buf_printf(out, "%.2f %.2f %.2f %.2f %.2f %.2f c\n",
			    d[1].point.x, -d[1].point.y, d[2].point.x,
			    -d[2].point.y, d[3].point.x, -d[3].point.y);
			break;
		case CAIRO_PATH_CLOSE_PATH:
			buf_puts(out, "h\n");
			break;
		}
	}
	buf_puts(out, "f\n");
	cairo_path_destroy(path);
	pango_font_description_free(fd);
	g_object_unref(l);
	g_object_unref(pc);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return 4 + lh;
}

struct newobj {
	long	 num, gen;
	size_t	 off;
};

static int
cmp_obj(const void *a, const void *b)
{
	const struct newobj *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* Width of the /ByteRange placeholder, brackets excluded. */
#define RANGE_WIDTH 60

int
sig_pdf_prepare(const unsigned char *b, size_t n, const struct sig_pdf *pdf,
    const struct sig_appearance *ap, const char *pdf_date, struct buf *out,
    size_t range[4], size_t hole[2], struct buf *err)
{
	struct newobj o[5];
	struct buf text = BUF_INIT, paths = BUF_INIT, glyphs = BUF_INIT;
	long sig = pdf->size, field = sig + 1, apn = sig + 2;
	double bw = 235, bh = 44, th, x1 = pdf->mediabox[2] - 40, y0 =
	    pdf->mediabox[1] + 6;
	size_t vs, ve, brpos, xref, k, lt;
	char tmp[RANGE_WIDTH + 1];
	unsigned char *zbuf;
	uLongf zlen;
	int i;

	/* The visible box (only its frame when ap is NULL), as tall as its
	 * text. */
	if (ap != NULL && gfx_load(err) != 0)
		return -1;
	if (ap != NULL) {
		buf_printf(&text, "Ký số bởi: %s\n", ap->signer);
		if (ap->title != NULL && *ap->title != '\0')
			buf_printf(&text, "Chức danh: %s\n", ap->title);
		buf_printf(&text, "Thời gian ký: %s", ap->when);
		th = box_paths(buf_str(&text), bw, &glyphs);
		if (th + 5 > bh)
			bh = th + 5;
	}
	buf_printf(&paths, "q 0.08 0.2 0.55 RG 0.8 w 0.5 0.5 %.2f %.2f re S\n"
	    "0.08 0.2 0.55 rg 1 0 0 1 0 %.2f cm\n", bw - 1, bh - 1, bh);
	buf_append(&paths, glyphs.data, glyphs.len);
	buf_puts(&paths, "Q\n");
	buf_free(&glyphs);

	buf_reset(out);
	buf_append(out, (const char *)b, n);
	if (n > 0 && b[n - 1] != '\n' && b[n - 1] != '\r')
		buf_putc(out, '\n');

	/* The signature dictionary with its holes. */
	o[0].num = sig;
	o[0].gen = 0;
	o[0].off = out->len;
	buf_printf(out, "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	    "/SubFilter /ETSI.CAdES.detached\n/M (%s)\n/ByteRange [", sig,
	    pdf_date);
	brpos = out->len;
	for (k = 0; k < RANGE_WIDTH; k++)
		buf_putc(out, ' ');
	buf_puts(out, "]\n/Contents <");
	hole[0] = out->len;
	for (k = 0; k < 2 * SIG_CONTENTS_MAX; k++)
		buf_putc(out, '0');
	hole[1] = out->len;
	buf_puts(out, ">\n>>\nendobj\n");

	/* The field and its widget, one object. */
	o[1].num = field;
	o[1].gen = 0;
	o[1].off = out->len;
	buf_printf(out, "%ld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/F 132 /T (ktxh-chu-ky-1) /V %ld 0 R /P %ld %ld R\n/Rect [%.2f %.2f "
	    "%.2f %.2f] /AP << /N %ld 0 R >> >>\nendobj\n", field, sig, pdf->page,
	    pdf->page_gen, x1 - bw, y0, x1, y0 + bh, apn);

	/* Glyph outlines are long (some 30 kB): deflated. */
	zlen = compressBound((uLong)paths.len);
	zbuf = xmalloc(zlen);
	if (compress2(zbuf, &zlen, (const Bytef *)paths.data, (uLong)paths.len,
	    9) != Z_OK) {
		free(zbuf);
		buf_puts(err, "không nén được ô chữ ký");
		buf_free(&text);
		buf_free(&paths);
		return -1;
	}
	o[2].num = apn;
	o[2].gen = 0;
	o[2].off = out->len;
	buf_printf(out, "%ld 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 "
	    "%.2f %.2f] /Resources << >> /Filter /FlateDecode /Length %lu >>\n"
	    "stream\n", apn, bw, bh, (unsigned long)zlen);
	buf_append(out, (const char *)zbuf, zlen);
	buf_puts(out, "\nendstream\nendobj\n");
	free(zbuf);

	/* The last page with the widget among its annotations. */
	o[3].num = pdf->page;
	o[3].gen = pdf->page_gen;
	o[3].off = out->len;
	buf_printf(out, "%ld %ld obj\n<<\n", pdf->page, pdf->page_gen);
	dict_copy_except(b, n, pdf->page_dict[0], "Annots", out);
	buf_puts(out, "/Annots [");
	if (dict_get(b, n, pdf->page_dict[0], "Annots", &vs, &ve) == 0 &&
	    ve - vs >= 2)
		buf_append(out, (const char *)b + vs + 1, ve - vs - 2);
	buf_printf(out, " %ld 0 R]\n>>\nendobj\n", field);

	/* The catalog with the form. */
	o[4].num = pdf->root;
	o[4].gen = pdf->root_gen;
	o[4].off = out->len;
	buf_printf(out, "%ld %ld obj\n<<\n", pdf->root, pdf->root_gen);
	dict_copy_except(b, n, pdf->root_dict[0], NULL, out);
	buf_printf(out, "/AcroForm << /Fields [%ld 0 R] /SigFlags 3 >>\n>>\n"
	    "endobj\n", field);

	/* The new xref section: runs of consecutive numbers. */
	qsort(o, 5, sizeof(o[0]), cmp_obj);
	xref = out->len;
	buf_puts(out, "xref\n");
	for (i = 0; i < 5;) {
		int j = i;

		while (j + 1 < 5 && o[j + 1].num == o[j].num + 1)
			j++;
		buf_printf(out, "%ld %d\n", o[i].num, j - i + 1);
		for (; i <= j; i++)
			buf_printf(out, "%010zu %05ld n \n", o[i].off, o[i].gen);
	}
	buf_printf(out, "trailer\n<< /Size %ld /Root %ld %ld R /Prev %zu", apn + 1,
	    pdf->root, pdf->root_gen, pdf->startxref);
	if (pdf->info[1] > pdf->info[0]) {
		buf_puts(out, " /Info ");
		buf_append(out, (const char *)b + pdf->info[0],
		    pdf->info[1] - pdf->info[0]);
	}
	if (pdf->id[1] > pdf->id[0]) {
		buf_puts(out, " /ID ");
		buf_append(out, (const char *)b + pdf->id[0],
		    pdf->id[1] - pdf->id[0]);
	}
	buf_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);

	/* Everything but <hex> is signed. */
	range[0] = 0;
	range[1] = hole[0] - 1;
	range[2] = hole[1] + 1;
	range[3] = out->len - range[2];
	lt = (size_t)snprintf(tmp, sizeof(tmp), "0 %zu %zu %zu", range[1],
	    range[2], range[3]);
	memcpy(out->data + brpos, tmp, lt);
	buf_free(&text);
	buf_free(&paths);
	return 0;
}

/* ---- finding signatures ---- */

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The length of the DER element at d (its header included), or 0. */
static size_t
der_len(const unsigned char *d, size_t n)
{
	size_t len = 0, k, nb;

	if (n < 2 || d[0] != 0x30)
		return 0;
	if (d[1] < 0x80)
		len = d[1], k = 2;
	else {
		nb = d[1] & 0x7f;
		if (nb == 0 || nb > 4 || n < 2 + nb)
			return 0;
		for (k = 0; k < nb; k++)
			len = len << 8 | d[2 + k];
		k = 2 + nb;
	}
	return len <= n - k ? len + k : 0;
}

/* memmem, which C17 lacks. */
static const unsigned char *
find_bytes(const unsigned char *h, size_t n, const char *needle, size_t m)
{
	const unsigned char *p = h, *end = h + n;

	while (m > 0 && (size_t)(end - p) >= m &&
	    (p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

void
sig_found_free(struct sig_found *f, size_t n)
{
	size_t k;

	for (k = 0; f != NULL && k < n; k++) {
		free(f[k].der);
		free(f[k].m);
	}
	free(f);
}

int
sig_pdf_find(const unsigned char *b, size_t n, struct sig_found **found,
    size_t *nfound, struct buf *err)
{
	static const char key[] = "/ByteRange";
	size_t p = 0, q, k, nf = 0, cap = 0;
	struct sig_found *f = NULL;
	long long r[4];
	const unsigned char *hit;
	const char *malformed = NULL;

	*found = NULL;
	*nfound = 0;
	while (p < n && (hit = find_bytes(b + p, n - p, key, sizeof(key) - 1))
	    != NULL) {
		struct sig_found s;
		size_t hexn, dl;

		q = (size_t)(hit - b) + sizeof(key) - 1;
		p = q;
		skip_ws(b, n, &q);
		if (q >= n || b[q] != '[')
			continue;
		q++;
		for (k = 0; k < 4; k++) {
			skip_ws(b, n, &q);
			if (read_uint(b, n, &q, &r[k]) != 0)
				break;
		}
		skip_ws(b, n, &q);
		/* One that does not describe a hole is skipped (the words may
		 * occur elsewhere); when no signature is left, it is the reason. */
		if (k < 4 || q >= n || b[q] != ']') {
			malformed = "/ByteRange của chữ ký không đọc được";
			continue;
		}
		if (r[0] != 0 || (size_t)r[1] >= n || r[2] < r[1] + 2 ||
		    (size_t)r[2] > n || (size_t)r[3] > n - (size_t)r[2] ||
		    b[r[1]] != '<' || b[r[2] - 1] != '>') {
			malformed = "/ByteRange của chữ ký không chỉ đúng vào /Contents "
			    "<…>: chữ ký bị sửa hoặc tệp hỏng";
			continue;
		}
		memset(&s, 0, sizeof(s));
		for (k = 0; k < 4; k++)
			s.range[k] = (size_t)r[k];
		hexn = (size_t)(r[2] - r[1] - 2);
		s.der = xmalloc(hexn / 2 + 1);
		for (k = 0; k + 1 < hexn + 1 && k / 2 < hexn / 2; k += 2) {
			int hi = hexval(b[r[1] + 1 + k]), lo = hexval(b[r[1] + 2 + k]);

			if (hi < 0 || lo < 0)
				break;
			s.der[k / 2] = (unsigned char)(hi << 4 | lo);
		}
		if (k / 2 < hexn / 2) {
			free(s.der);
			malformed = "/Contents của chữ ký không phải chuỗi hex";
			continue;
		}
		s.derlen = hexn / 2;
		if ((dl = der_len(s.der, s.derlen)) > 0)
			s.derlen = dl;
		s.whole = s.range[2] + s.range[3] == n;
		if (nf == cap) {
			cap = cap ? cap * 2 : 4;
			f = xrealloc(f, cap * sizeof(*f));
		}
		f[nf++] = s;
		p = (size_t)r[2];
		if (nf >= PDF_MAX_SIGS)
			break;
	}
	if (nf == 0 && malformed != NULL) {
		buf_puts(err, malformed);
		return -1;
	}
	*found = f;
	*nfound = nf;
	return 0;
}

/* ---- sign and verify ---- */

int
sig_pdf_sign(const unsigned char *in, size_t n, const struct sig_signer *s,
    struct buf *out, struct buf *err)
{
	struct sig_pdf pdf;
	struct sig_appearance ap;
	struct buf cn = BUF_INIT, title = BUF_INIT, der = BUF_INIT;
	size_t range[4], hole[2], k;
	const unsigned char *part[2];
	size_t plen[2];
	char when[64], date[40], zone[8];
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	if (sig_pdf_parse(in, n, &pdf, err) != 0)
		return -1;
	localtime_r(&now, &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(when, sizeof(when), "%02d/%02d/%04d %02d:%02d (UTC%.3s:%.2s)",
	    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    zone, zone + 3);
	snprintf(date, sizeof(date), "D:%04d%02d%02d%02d%02d%02d%.3s'%.2s'",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, zone, zone + 3);
	sig_signer_names(s, &cn, &title);
	ap.signer = buf_str(&cn);
	ap.title = buf_str(&title);
	ap.when = when;
	if (sig_pdf_prepare(in, n, &pdf, &ap, date, out, range, hole, err) != 0)
		goto out;
	part[0] = (const unsigned char *)out->data;
	plen[0] = range[1];
	part[1] = (const unsigned char *)out->data + range[2];
	plen[1] = range[3];
	if (sig_cms_sign(s, part, plen, 2, &der, err) != 0)
		goto out;
	if (der.len > SIG_CONTENTS_MAX) {
		buf_printf(err, "chữ ký CMS quá lớn (%zu byte, tối đa %d): chuỗi "
		    "chứng thư quá dài", der.len, SIG_CONTENTS_MAX);
		goto out;
	}
	for (k = 0; k < der.len; k++) {
		static const char hx[] = "0123456789ABCDEF";
		unsigned char c = (unsigned char)der.data[k];

		out->data[hole[0] + 2 * k] = hx[c >> 4];
		out->data[hole[0] + 2 * k + 1] = hx[c & 15];
	}
	rc = 0;
out:
	buf_free(&cn);
	buf_free(&title);
	buf_free(&der);
	return rc;
}

int
sig_pdf_check_last(const unsigned char *b, size_t n, const char *ca,
    struct sig_check *c, bool *whole, struct buf *err)
{
	struct sig_found *f = NULL;
	size_t nf = 0;

	memset(c, 0, sizeof(*c));
	*whole = false;
	if (sig_pdf_find(b, n, &f, &nf, err) != 0)
		return -1;
	if (nf == 0) {
		buf_puts(err, "tệp không có chữ ký số");
		return -1;
	}
	{
		const struct sig_found *l = &f[nf - 1];
		const unsigned char *part[2] = { b, b + l->range[2] };
		size_t plen[2] = { l->range[1], l->range[3] };

		sig_cms_check(l->der, l->derlen, part, plen, 2, ca, c);
		*whole = l->whole;
	}
	sig_found_free(f, nf);
	return 0;
}

int
sig_pdf_verify(const unsigned char *b, size_t n, const char *ca,
    struct buf *report)
{
	struct sig_found *f = NULL;
	struct buf err = BUF_INIT;
	size_t nf = 0, k;
	int rc = 0;

	if (sig_pdf_find(b, n, &f, &nf, &err) != 0) {
		buf_printf(report, "KHÔNG HỢP LỆ: %s\n", buf_str(&err));
		buf_free(&err);
		return 1;
	}
	if (nf == 0) {
		buf_puts(report, "KHÔNG HỢP LỆ: tệp không có chữ ký số\n");
		return 1;
	}
	for (k = 0; k < nf; k++) {
		struct sig_check c;
		const unsigned char *part[2] = { b, b + f[k].range[2] };
		size_t plen[2] = { f[k].range[1], f[k].range[3] };

		sig_cms_check(f[k].der, f[k].derlen, part, plen, 2, ca, &c);
		buf_printf(report, "Chữ ký %zu:\n", k + 1);
		buf_printf(report, "  người ký: %s\n", c.signer ? c.signer :
		    "(không đọc được)");
		buf_printf(report, "  thời điểm ký: %s\n", c.when ? c.when :
		    "(không có)");
		buf_printf(report, "  nội dung nguyên vẹn: %s\n", c.intact ? "có" :
		    "KHÔNG — các byte được ký đã bị thay đổi hoặc chữ ký hỏng");
		if (k + 1 == nf) {
			if (f[k].whole)
				buf_puts(report, "  phủ toàn bộ tệp: có\n");
			else {
				buf_printf(report, "  phủ toàn bộ tệp: KHÔNG — có %zu byte "
				    "được nối thêm sau khi ký (tệp bị sửa sau khi ký)\n",
				    n - f[k].range[2] - f[k].range[3]);
				rc = 1;
			}
		}
		buf_printf(report, "  chuỗi chứng thư: %s\n", c.trusted ?
		    "tin cậy" : "KHÔNG tin cậy");
		if (c.why.len > 0)
			buf_printf(report, "  lý do: %s", buf_str(&c.why));
		if (!c.intact || !c.trusted)
			rc = 1;
		sig_check_free(&c);
	}
	buf_puts(report, rc == 0 ? "Kết luận: chữ ký HỢP LỆ\n" :
	    "Kết luận: chữ ký KHÔNG HỢP LỆ\n");
	sig_found_free(f, nf);
	return rc;
}
