/* livetext.c: one pass over a text, copying it and replacing placeholders,
 * with the line and column of each one kept for error messages. */
#include <string.h>

#include "livetext.h"
#include "text.h"

const char *const lt_field_names[LT__MAX + 1] = {
	"actual", "target", "percent", "band", "previous", "change", "level",
	"uom", "pct", NULL
};

static int
code_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Copy a code of 1..64 code characters from s[0..n); 0 when not one. */
static int
take_code(const char *s, size_t n, char out[65])
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!code_char(s[i]))
			return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

/* Parse the inside of {…}. Returns NULL or why it is malformed. */
static const char *
parse_ref(const char *s, size_t n, struct lt_ref *r)
{
	const char *dot, *slash;
	size_t f;

	if (n > 4 && memcmp(s, "pct:", 4) == 0) {
		s += 4, n -= 4;
		if ((slash = memchr(s, '/', n)) == NULL ||
		    !take_code(s, (size_t)(slash - s), r->code) ||
		    !take_code(slash + 1, n - (size_t)(slash - s) - 1, r->code2))
			return "viết {pct:MÃ_TỬ/MÃ_MẪU}, ví dụ {pct:QP05/QP06}";
		r->field = LT_PCT;
		return NULL;
	}
	if ((dot = memchr(s, '.', n)) == NULL ||
	    !take_code(s, (size_t)(dot - s), r->code))
		return "viết {MÃ.trường}, ví dụ {KT06.actual}";
	dot++;
	for (f = 0; f < LT_PCT; f++)
		if (strlen(lt_field_names[f]) == n - (size_t)(dot - s) &&
		    memcmp(lt_field_names[f], dot, n - (size_t)(dot - s)) == 0) {
			r->field = (enum lt_field)f;
			return NULL;
		}
	return "trường không có; dùng actual, target, percent, band, previous, "
	    "change, level hoặc uom";
}

int
lt_expand(const char *text, size_t len, lt_resolver resolve, void *arg,
    struct buf *out, struct buf *err)
{
	size_t i = 0, line = 1, lstart = 0, j;
	struct lt_ref ref;
	const char *why;
	int nerr = 0;

	while (i < len) {
		char c = text[i];

		if (c == '\n') {
			buf_putc(out, c);
			line++;
			lstart = ++i;
			continue;
		}
		if (c != '{') {
			buf_putc(out, c);
			i++;
			continue;
		}
		if (i + 1 < len && text[i + 1] == '{') {
			buf_putc(out, '{');
			i += 2;
			continue;
		}
		memset(&ref, 0, sizeof(ref));
		ref.line = line;
		ref.col = text_column(text + lstart, i - lstart);
		for (j = i + 1; j < len && text[j] != '}' && text[j] != '\n' &&
		    text[j] != '{'; j++)
			;
		if (j >= len || text[j] != '}') {
			buf_printf(err, "dòng %zu, cột %zu: “{” mở mà không đóng bằng "
			    "“}” trên cùng dòng (muốn viết dấu { thì viết {{)\n", line,
			    ref.col);
			nerr++;
			buf_putc(out, '{');
			i++;
			continue;
		}
		why = parse_ref(text + i + 1, j - i - 1, &ref);
		if (why == NULL && resolve != NULL &&
		    resolve(&ref, out, &why, arg) != 0 && why == NULL)
			why = "không tính được";
		if (why != NULL) {
			buf_printf(err, "dòng %zu, cột %zu: “%.*s”: %s\n", line,
			    ref.col, (int)(j - i + 1), text + i, why);
			nerr++;
		}
		i = j + 1;
	}
	return nerr;
}
