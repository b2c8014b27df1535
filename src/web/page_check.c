/* page_check.c: Kiểm tra báo cáo — paste a report's text or upload its DOCX
 * or PDF (told apart by the PDF's "%PDF-" signature),
 * and see the findings of the report checker (the same as `ktxh check`)
 * marked in the text, each with its recomputed figure and correction. */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/docx.h"
#include "check/pdf.h"
#include "core/text.h"
#include "web.h"

struct found {
	size_t		 line, col;	/* 1-based; col in characters */
	size_t		 width;		/* characters of the claim in the text */
	enum chk_verdict verdict;
	char		*kind, *text, *stated, *message, *suggestion, *computed;
};

struct found_list {
	struct found	*a;
	size_t		 n;
};

static void
take_finding(void *arg, const struct chk_finding *f)
{
	struct found_list *l = arg;
	struct found *x;

	l->a = xrealloc(l->a, (l->n + 1) * sizeof(*l->a));
	x = &l->a[l->n++];
	memset(x, 0, sizeof(*x));
	x->line = f->line;
	x->col = f->col;
	x->verdict = f->verdict;
	x->kind = xstrdup(chk_kind_name(f->kind));
	x->text = xstrdup(f->text);
	x->stated = xstrdup(f->stated);
	x->message = xstrdup(f->message);
	x->suggestion = xstrdup(f->suggestion);
	x->computed = xstrdup(f->computed);
}

static void
found_free(struct found_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].kind);
		free(l->a[i].text);
		free(l->a[i].stated);
		free(l->a[i].message);
		free(l->a[i].suggestion);
		free(l->a[i].computed);
	}
	free(l->a);
}

static const char *
verdict_class(enum chk_verdict v)
{
	return v == CHK_ERROR ? "error" : v == CHK_WARNING ? "warning" : "ok";
}

/* Byte offset of character column col (1-based) in s[0..len). */
static size_t
char_off(const char *s, size_t len, size_t col)
{
	size_t off = 0, c = 1;

	while (off < len && c < col) {
		off++;
		while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
			off++;
		c++;
	}
	return off;
}

/* One line of the text with its findings marked. */
static void
mark_line(struct req *r, const char *s, size_t len, size_t line,
    const struct found_list *l)
{
	struct buf seg = BUF_INIT;
	size_t pos = 0, i;

	for (i = 0; i < l->n; i++) {
		const struct found *f = &l->a[i];
		size_t at, end;

		if (f->line != line || f->verdict == CHK_OK ||
		    f->verdict == CHK_UNVERIFIABLE)
			continue;
		at = char_off(s, len, f->col);
		if (at < pos)
			continue;	/* overlaps a mark already made */
		/* The column points at the figure under test: mark it (or the
		 * whole claim when that is what starts there). */
		if (f->text != NULL && strlen(f->text) <= len - at &&
		    memcmp(s + at, f->text, strlen(f->text)) == 0)
			end = at + strlen(f->text);
		else if (f->stated != NULL && strlen(f->stated) <= len - at &&
		    memcmp(s + at, f->stated, strlen(f->stated)) == 0)
			end = at + strlen(f->stated);
		else
			end = char_off(s, len, f->col + 1);
		buf_reset(&seg);
		buf_append(&seg, s + pos, at - pos);
		web_html(&r->body, "%s", buf_str(&seg));
		buf_reset(&seg);
		buf_append(&seg, s + at, end - at);
		web_html(&r->body, "<mark class=\"finding %s\" title=\"%s\">%s</mark>",
		    verdict_class(f->verdict), f->message ? f->message : "",
		    buf_str(&seg));
		pos = end;
	}
	buf_reset(&seg);
	buf_append(&seg, s + pos, len - pos);
	web_html(&r->body, "%s", buf_str(&seg));
	buf_free(&seg);
}

static void
form(struct req *r, const char *text)
{
	web_html(&r->body, "<form method=\"post\" action=\"/check\" "
	    "enctype=\"multipart/form-data\" class=\"card\">\n");
	web_csrf_field(r);
	web_html(&r->body, "\n<label>Dán nội dung báo cáo <textarea name=\"text\" "
	    "rows=\"12\">%s</textarea></label>\n<label>hoặc chọn tệp DOCX, PDF "
	    "<input type=\"file\" name=\"file\" accept=\".docx,.pdf\"></label>\n"
	    "<label><input type=\"checkbox\" name=\"truncate\" value=\"1\" "
	    "class=\"inline\"> Người viết cắt bớt số lẻ thay vì làm tròn</label>\n"
	    "<button>Kiểm tra</button>\n</form>\n", text ? text : "");
}

void
h_check_form(struct req *r)
{
	web_page_begin(r, "Kiểm tra báo cáo");
	web_html(&r->body, "<p>Dán nội dung một báo cáo (hoặc tải lên tệp DOCX, PDF): "
	    "ktxh tìm các con số (tỷ lệ, tổng và thành phần, câu tổng hợp chỉ "
	    "tiêu, tăng giảm, cách viết số) và tính lại từng số, như lệnh "
	    "<code>ktxh check</code>.</p>\n");
	form(r, NULL);
	web_page_end(r);
}

void
h_check(struct req *r)
{
	const struct kv *file = web_field_kv(r, "file");
	const char *pasted = web_field(r, "text"), *line, *nl, *end;
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct found_list l = { NULL, 0 };
	struct chk_opts o = { false, false };
	struct chk_sink sink = { take_finding, NULL, &l };
	struct chk_stats st;
	struct pdf_map map;
	bool pdf = false;
	char *nfc = NULL;
	size_t i, ln, bad;
	unsigned page, pline;
	int rc;

	memset(&st, 0, sizeof(st));
	memset(&map, 0, sizeof(map));
	o.truncate = web_field(r, "truncate") != NULL;
	if (file != NULL && file->len > 0) {
		pdf = file->len >= 5 && memcmp(file->val, "%PDF-", 5) == 0;
		/* Poppler runs under its own lock (pdf.c): requests on other
		 * threads wait for it. */
		rc = pdf ? pdf_text_mem(file->val, file->len, file->filename ?
		    file->filename : "", &text, &map, &err) :
		    docx_text_mem(file->val, file->len, &text, &err);
		if (rc != 0) {
			r->status = 422;
			web_page_begin(r, "Kiểm tra báo cáo");
			web_html(&r->body, "<p class=\"error\" role=\"alert\">Không đọc "
			    "được tệp %s: %s</p>\n", file->filename ? file->filename :
			    "", buf_str(&err));
			form(r, pasted);
			web_page_end(r);
			goto out;
		}
	} else if (pasted != NULL && *pasted != '\0')
		buf_puts(&text, pasted);
	else {
		r->status = 422;
		web_page_begin(r, "Kiểm tra báo cáo");
		web_html(&r->body, "<p class=\"error\" role=\"alert\">Hãy dán nội "
		    "dung báo cáo hoặc chọn một tệp DOCX, PDF.</p>\n");
		form(r, NULL);
		web_page_end(r);
		goto out;
	}
	/* Marks are placed by character columns of the NFC text. */
	if (text_utf8_check(buf_str(&text), text.len, &bad) == 0)
		nfc = text_nfc(buf_str(&text), text.len);
	if (nfc == NULL) {
		r->status = 422;
		web_page_begin(r, "Kiểm tra báo cáo");
		web_html(&r->body, "<p class=\"error\" role=\"alert\">Nội dung không "
		    "phải văn bản UTF-8 hợp lệ.</p>\n");
		form(r, NULL);
		web_page_end(r);
		goto out;
	}
	chk_buffer(nfc, strlen(nfc), &o, &sink, &st);
	web_page_begin(r, "Kiểm tra báo cáo");
	web_html(&r->body, "<p class=\"card\">%zu số liệu được kiểm tra: "
	    "<span class=\"badge b-missed\">%zu lỗi</span> <span class=\"badge "
	    "b-near\">%zu cảnh báo</span> <span class=\"badge b-met\">%zu đúng"
	    "</span>.</p>\n", st.claims, st.errors, st.warnings, st.oks);
	if (l.n > 0) {
		web_html(&r->body, "<h2>Các phát hiện</h2>\n<table class=\"responsive\">"
		    "<thead><tr><th>Dòng</th><th>Đánh giá</th><th>Nội dung</th>"
		    "<th>Tính lại</th><th>Gợi ý sửa</th></tr></thead><tbody>\n");
		for (i = 0; i < l.n; i++) {
			const struct found *f = &l.a[i];

			if (f->verdict == CHK_OK || f->verdict == CHK_UNVERIFIABLE)
				continue;
			if (pdf) {
				pdf_map_find(&map, f->line, f->col, &page, &pline);
				web_html(&r->body, "<tr><td class=\"num\">trang %d, "
				    "dòng %d</td>", (int)page, (int)pline);
			} else
				web_html(&r->body, "<tr><td class=\"num\">%zu:%zu"
				    "</td>", f->line, f->col);
			web_html(&r->body, "<td><span "
			    "class=\"badge b-%s\">%s</span></td><td>%s<br><small>%s"
			    "</small></td><td>%s</td><td>%s</td></tr>\n",
			    f->verdict == CHK_ERROR ? "missed" : "near",
			    chk_verdict_label(f->verdict), f->text ? f->text : "",
			    f->message ? f->message : "", f->computed ? f->computed : "",
			    f->suggestion ? f->suggestion : "");
		}
		web_html(&r->body, "</tbody></table>\n");
	}
	web_html(&r->body, "<h2>Văn bản</h2>\n<div class=\"card checked\">\n");
	for (line = nfc, ln = 1; *line != '\0'; line = *end ? end + 1 : end, ln++) {
		nl = strchr(line, '\n');
		end = nl != NULL ? nl : line + strlen(line);
		web_html(&r->body, "<p>");
		mark_line(r, line, (size_t)(end - line - (end > line &&
		    end[-1] == '\r')), ln, &l);
		web_html(&r->body, "</p>\n");
	}
	web_html(&r->body, "</div>\n");
	form(r, pasted);
	web_page_end(r);
out:
	free(nfc);
	pdf_map_free(&map);
	found_free(&l);
	buf_free(&text);
	buf_free(&err);
}
