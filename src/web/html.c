/* html.c: safe HTML output. web_html() is a small printf whose %s escapes
 * for HTML text and attributes; the raw form is the visibly different %R,
 * kept for fragments this layer built itself. Also the page frame (header,
 * navigation by role, footer), error pages, redirects and JSON bodies. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

void
web_html_esc(struct buf *b, const char *s)
{
	buf_html_esc(b, s);
}

static void
url_esc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~')
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void
web_html(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, fmt);
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			buf_putc(b, *p);
			continue;
		}
		switch (*++p) {
		case 's':
			web_html_esc(b, va_arg(ap, const char *));
			break;
		case 'R':
			buf_puts(b, va_arg(ap, const char *));
			break;
		case 'U':
			url_esc(b, va_arg(ap, const char *));
			break;
		case 'd':
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'l':
			if (p[1] == 'd') {
				p++;
				buf_printf(b, "%ld", va_arg(ap, long));
			}
			break;
		case 'z':
			if (p[1] == 'u') {
				p++;
				buf_printf(b, "%zu", va_arg(ap, size_t));
			}
			break;
		case '%':
			buf_putc(b, '%');
			break;
		case '\0':
			p--;
			break;
		default:
			buf_putc(b, '%');
			buf_putc(b, *p);
			break;
		}
	}
	va_end(ap);
}

/* Navigation: each page group and the least role that sees it. */
static const struct nav {
	const char	*href;
	const char	*label;
	enum web_access	 access;
	bool		 above;		/* only for the level above (auth_above) */
} nav[] = {
	{ "/", "Tổng quan", ACCESS_SIGNED_IN, false },
	{ "/entry", "Nhập số liệu", ACCESS_WRITER, false },
	{ "/texts", "Thuyết minh", ACCESS_WRITER, false },
	{ "/plan", "Kế hoạch", ACCESS_SIGNED_IN, false },
	{ "/reports", "Báo cáo", ACCESS_SIGNED_IN, false },
	{ "/check", "Kiểm tra báo cáo", ACCESS_SIGNED_IN, false },
	{ "/units", "Đơn vị", ACCESS_SIGNED_IN, false },
	{ "/province", "So sánh", ACCESS_SIGNED_IN, true },
	{ "/inbox", "Báo cáo gửi lên", ACCESS_SIGNED_IN, true },
	{ "/requests", "Giải trình", ACCESS_SIGNED_IN, false },
	{ "/admin", "Quản trị", ACCESS_ADMIN, false },
};

void
web_page_begin(struct req *r, const char *title)
{
	size_t i;
	bool above = r->who.in && auth_above(r);

	buf_reset(&r->body);
	web_html(&r->body, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>%s — ktxh</title>\n"
	    "<link rel=\"stylesheet\" href=\"/assets/ktxh.css\">\n"
	    "<script src=\"/assets/ktxh.js\" defer></script>\n"
	    "</head>\n<body>\n<header class=\"top\">\n"
	    "<a class=\"brand\" href=\"/\">ktxh</a>\n", title);
	if (r->who.in) {
		web_html(&r->body, "<nav>");
		for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
			if (auth_allowed(r, nav[i].access) && (!nav[i].above || above))
				web_html(&r->body, "<a href=\"%s\"%R>%s</a>",
				    nav[i].href, strcmp(r->path, nav[i].href) == 0 ?
				    " aria-current=\"page\"" : "", nav[i].label);
		web_html(&r->body, "</nav>\n<div class=\"who\">%s · %s · "
		    "<a href=\"/password\">Đổi mật khẩu</a> "
		    "<form method=\"post\" action=\"/logout\" class=\"inline\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button>Đăng xuất</button></form></div>\n",
		    r->who.acct.name, role_labels_vi[r->who.acct.role], r->who.csrf);
	}
	web_html(&r->body, "</header>\n<main>\n<h1>%s</h1>\n", title);
}

void
web_page_end(struct req *r)
{
	web_html(&r->body, "</main>\n<footer>ktxh — chỉ tiêu kế hoạch phát triển "
	    "kinh tế - xã hội</footer>\n</body>\n</html>\n");
}

void
web_csrf_field(struct req *r)
{
	web_html(&r->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	    r->who.csrf);
}

void
web_json(struct req *r, int status, const char *json)
{
	buf_reset(&r->body);
	buf_puts(&r->body, json);
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
}

void
web_error(struct req *r, int status, const char *message)
{
	r->status = status;
	if (strncmp(r->path, "/api/", 5) == 0) {
		buf_reset(&r->body);
		buf_puts(&r->body, "{\"error\":\"");
		for (const char *p = message; *p != '\0'; p++) {
			if ((unsigned char)*p < 0x20) {
				buf_printf(&r->body, "\\u%04x", (unsigned char)*p);
				continue;
			}
			if (*p == '"' || *p == '\\')
				buf_putc(&r->body, '\\');
			buf_putc(&r->body, *p);
		}
		buf_printf(&r->body, "\",\"status\":%d}\n", status);
		r->ctype = "application/json; charset=utf-8";
		return;
	}
	web_page_begin(r, status == 404 ? "Không tìm thấy" : status == 403 ?
	    "Không có quyền" : "Không thực hiện được");
	web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n"
	    "<p><a href=\"/\">Về trang tổng quan</a></p>\n", message);
	web_page_end(r);
}

void
web_redirect(struct req *r, const char *location)
{
	r->status = 303;
	buf_printf(&r->headers, "Location: %s\n", location);
	buf_reset(&r->body);
}
