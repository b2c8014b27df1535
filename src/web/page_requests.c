/* page_requests.c: Giải trình — explanation requests. The level above (a
 * viewer, approver or admin of a unit above) asks a commune to explain one
 * indicator of one period; the commune's approver, or the officer of the
 * indicator's sector, answers; the asker closes the request or reopens it
 * with a follow-up question. The pages (list, one request, the form posts)
 * and the JSON API (/api/v1/requests…) share one path for every action:
 * the same checks in the same order (fields, rights, state), one
 * transaction with the audit entry, nothing stored on a refusal. Requests
 * live in the database, so several servers on one database agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/app.h"
#include "core/period.h"
#include "core/text.h"
#include "webpage.h"

#define XR_MAX_CHARS 2000	/* of a question or an answer */

/* The steps of a thread in words. */
static const char *
kind_label(const char *kind)
{
	if (strcmp(kind, "ask") == 0)
		return "Yêu cầu giải trình";
	if (strcmp(kind, "answer") == 0)
		return "Giải trình";
	if (strcmp(kind, "reopen") == 0)
		return "Hỏi thêm (mở lại)";
	if (strcmp(kind, "close") == 0)
		return "Đóng yêu cầu";
	return kind;
}

/* "2023-12-05T08:00:00Z" (UTC, as the store writes times) in Viet Nam's
 * time, UTC+7 all year: "15:00 ngày 05/12/2023"; other text as it is. */
void
page_when(struct buf *b, const char *at)
{
	struct tm tm;
	time_t t;
	char s[40];

	memset(&tm, 0, sizeof(tm));
	if (at != NULL && strlen(at) >= 16 && at[4] == '-' && (at[10] == 'T' ||
	    at[10] == ' ') && sscanf(at, "%4d-%2d-%2d%*c%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) == 5) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm) + 7 * 3600;
		gmtime_r(&t, &tm);
		strftime(s, sizeof(s), "%H:%M ngày %d/%m/%Y", &tm);
		buf_puts(b, s);
	} else if (at != NULL)
		buf_puts(b, at);
}

/* A period code ("2023-Q3") in words ("quý III năm 2023"). */
void
page_period_words(struct buf *b, const char *code)
{
	struct period p;

	if (code != NULL && period_parse(code, strlen(code), &p) == 0)
		period_label(b, &p);
	else if (code != NULL)
		buf_puts(b, code);
}

/* Whether unit lies strictly below home in the list u of n units. */
static bool
strictly_below(const struct unit *u, size_t n, const char *home,
    const char *unit)
{
	size_t i, steps;
	const char *cur = unit;

	for (steps = 0; cur != NULL && steps < n; steps++) {
		for (i = 0; i < n && strcmp(u[i].code, cur) != 0; i++)
			;
		if (i == n)
			return false;
		cur = u[i].parent;
		if (cur != NULL && strcmp(cur, home) == 0)
			return true;
	}
	return false;
}

/* Whether the account may ask unit for an explanation (and close or reopen
 * its requests): an admin, or a viewer or approver of a unit above it. */
static bool
can_ask_in(const struct req *r, const struct unit *u, size_t n,
    const char *unit)
{
	if (!r->who.in)
		return false;
	if (r->who.acct.role == ROLE_ADMIN)
		return true;
	if (r->who.acct.role == ROLE_OFFICER || r->who.acct.unit == NULL)
		return false;
	return strictly_below(u, n, r->who.acct.unit, unit);
}

bool
xr_can_ask(struct req *r, const char *unit)
{
	struct unit *u = NULL;
	size_t n = 0;
	bool yes;

	if (store_units(r->store, &u, &n) != 0)
		return false;
	yes = can_ask_in(r, u, n, unit);
	store_free_units(u, n);
	return yes;
}

/* The sector of an indicator, into sector; false when there is no such
 * indicator. */
static bool
indicator_sector(struct store *s, const char *code, struct buf *sector,
    struct buf *name)
{
	struct indicator *ind = NULL;
	size_t n = 0, i;
	bool found = false;

	if (store_indicators(s, &ind, &n) != 0)
		return false;
	for (i = 0; i < n && !found; i++)
		if (strcmp(ind[i].code, code) == 0) {
			found = true;
			if (sector != NULL)
				buf_puts(sector, ind[i].sector);
			if (name != NULL)
				buf_puts(name, ind[i].name);
		}
	store_free_indicators(ind, n);
	return found;
}

/* A question or answer: valid UTF-8, NFC, at most XR_MAX_CHARS characters,
 * not blank when required. *out (caller frees) is NULL for a blank optional
 * text. 0, or 422 with msg. */
static int
clean_text(const char *in, bool required, char **out, struct buf *msg)
{
	size_t bad, chars = 0;
	const char *p;

	*out = NULL;
	if (in == NULL)
		in = "";
	for (p = in; *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'; p++)
		;
	if (*p == '\0') {
		if (!required)
			return 0;
		buf_puts(msg, "Nội dung trống: hãy viết câu hỏi hoặc nội dung giải "
		    "trình (trường text).");
		return 422;
	}
	if (text_utf8_check(in, strlen(in), &bad) != 0) {
		buf_puts(msg, "Nội dung không phải UTF-8 hợp lệ.");
		return 422;
	}
	for (p = in; *p != '\0'; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	if (chars > XR_MAX_CHARS) {
		buf_printf(msg, "Nội dung dài %zu ký tự, quá giới hạn %d ký tự: hãy "
		    "viết ngắn lại.", chars, XR_MAX_CHARS);
		return 422;
	}
	*out = text_nfc(in, strlen(in));
	return 0;
}

/* A version as sent ("3"), or 0 when none; -1 when malformed. */
long long
page_version(const char *v)
{
	char *end;
	long long x;

	if (v == NULL || *v == '\0')
		return 0;
	x = strtoll(v, &end, 10);
	return *end != '\0' || x <= 0 ? -1 : x;
}

/* Ask unit for an explanation of indicator in period. Returns 0 with *id,
 * or an HTTP status with msg; nothing is stored unless 0. */
static int
xr_ask(struct req *r, const char *unit, const char *indicator,
    const char *period, const char *text, long long *id, struct buf *msg)
{
	struct unit u;
	struct buf err = BUF_INIT, pcode = BUF_INIT;
	struct xrequest x;
	struct xmsg m;
	struct period p;
	char *body = NULL, object[160];
	int status = 0;

	*id = 0;
	memset(&u, 0, sizeof(u));
	if (unit == NULL || *unit == '\0' || indicator == NULL ||
	    *indicator == '\0' || period == NULL || *period == '\0') {
		buf_puts(msg, "Thiếu trường: cần unit (đơn vị được hỏi), indicator "
		    "(mã chỉ tiêu), period (kỳ, ví dụ 2023) và text (câu hỏi).");
		return 422;
	}
	if (app_find_unit(r->store, unit, &u, &err) != 0) {
		buf_printf(msg, "Đơn vị: %s.", buf_str(&err));
		status = 422;
		goto out;
	}
	if (!auth_can_read(r, u.code) || !xr_can_ask(r, u.code)) {
		buf_puts(msg, "Chỉ cấp trên của đơn vị (tài khoản xem, phê duyệt "
		    "của cấp trên, hoặc quản trị viên) mới yêu cầu đơn vị này giải "
		    "trình được.");
		status = 403;
		goto out;
	}
	if (!indicator_sector(r->store, indicator, NULL, NULL)) {
		buf_printf(msg, "Mã chỉ tiêu “%s” không có trong danh mục.",
		    indicator);
		status = 422;
		goto out;
	}
	if (period_parse(period, strlen(period), &p) != 0) {
		buf_printf(msg, "Kỳ “%s” không hợp lệ: viết 2023, 2023-H1, 2023-Q3, "
		    "2023-M09 hoặc 2023-9M.", period);
		status = 422;
		goto out;
	}
	period_format(&pcode, &p);
	if ((status = clean_text(text, true, &body, msg)) != 0)
		goto out;
	memset(&x, 0, sizeof(x));
	memset(&m, 0, sizeof(m));
	m.kind = (char *)"ask";
	m.account = r->who.acct.name;
	m.body = body;
	x.unit = u.code;
	x.indicator = (char *)indicator;
	x.period = (char *)buf_str(&pcode);
	x.asked_by = r->who.acct.name;
	x.asker_unit = r->who.acct.unit;
	x.msgs = &m;
	x.nmsgs = 1;
	if (store_begin(r->store) != 0) {
		buf_puts(msg, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		status = 503;
		goto out;
	}
	if (store_put_request(r->store, &x, id) != 0)
		goto fail;
	snprintf(object, sizeof(object), "%s@%s#%lld", indicator, x.period, *id);
	if (store_audit(r->store, r->who.acct.name, u.code, "request-ask",
	    object, NULL, body) != 0 || store_commit(r->store) != 0)
		goto fail;
	goto out;
fail:
	store_rollback(r->store);
	*id = 0;
	buf_puts(msg, "Không ghi được yêu cầu (lỗi cơ sở dữ liệu); không có gì "
	    "được ghi, hãy thử lại.");
	status = 503;
out:
	free(body);
	unit_free(&u);
	buf_free(&err);
	buf_free(&pcode);
	return status;
}

/* Answer, close or reopen request id (action), on the condition of version
 * when given. Returns 0, or an HTTP status with msg; nothing is stored
 * unless 0. */
static int
xr_step(struct req *r, long long id, const char *action, const char *text,
    const char *version, struct buf *msg)
{
	struct xrequest *x = NULL;
	struct buf sector = BUF_INIT;
	struct xmsg m;
	enum xstate to;
	long long want = page_version(version);
	size_t n = 0;
	char *body = NULL, object[160];
	bool answer = strcmp(action, "answer") == 0;
	bool reopen = strcmp(action, "reopen") == 0;
	bool close = strcmp(action, "close") == 0;
	int status = 0, rc;

	if (!answer && !reopen && !close) {
		buf_puts(msg, "Việc không hợp lệ: answer (giải trình), close (đóng) "
		    "hoặc reopen (hỏi thêm).");
		return 400;
	}
	if (want < 0) {
		buf_puts(msg, "version phải là số nguyên dương (phiên bản của yêu "
		    "cầu bạn đã đọc).");
		return 422;
	}
	if ((status = clean_text(text, !close, &body, msg)) != 0)
		return status;
	if (store_begin(r->store) != 0) {
		free(body);
		buf_puts(msg, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		return 503;
	}
	if (store_requests(r->store, NULL, id, -1, &x, &n) != 0) {
		buf_puts(msg, "Không đọc được yêu cầu; hãy thử lại.");
		status = 503;
		goto out;
	}
	if (n == 0) {
		buf_printf(msg, "Không có yêu cầu giải trình số %lld.", id);
		status = 404;
		goto out;
	}
	if (!auth_can_read(r, x->unit)) {
		buf_puts(msg, "Bạn không được xem yêu cầu giải trình của đơn vị "
		    "này.");
		status = 403;
		goto out;
	}
	indicator_sector(r->store, x->indicator, &sector, NULL);
	if (answer && !auth_can_write(r, x->unit, buf_str(&sector))) {
		buf_puts(msg, "Chỉ người phê duyệt của đơn vị, hoặc cán bộ phụ trách "
		    "lĩnh vực của chỉ tiêu, mới giải trình được.");
		status = 403;
		goto out;
	}
	if (!answer && !xr_can_ask(r, x->unit)) {
		buf_puts(msg, "Chỉ cấp trên đã hỏi (hoặc quản trị viên) mới đóng hay "
		    "hỏi thêm được.");
		status = 403;
		goto out;
	}
	if ((answer && x->state != XSTATE_OPEN) ||
	    (close && x->state == XSTATE_CLOSED) ||
	    (reopen && x->state == XSTATE_OPEN)) {
		buf_printf(msg, "Yêu cầu đang ở trạng thái “%s”: %s", xstate_labels_vi[
		    x->state], answer ? "chỉ giải trình được khi yêu cầu đang chờ "
		    "giải trình." : close ? "đã đóng rồi." : "đang chờ giải trình, "
		    "chưa cần hỏi thêm.");
		status = 409;
		goto out;
	}
	if (want > 0 && want != x->version) {
		buf_printf(msg, "Yêu cầu đã thay đổi sau khi bạn đọc (phiên bản hiện "
		    "tại %lld, bạn gửi %lld): không ghi gì. Đọc lại rồi quyết định.",
		    x->version, want);
		status = 409;
		goto out;
	}
	to = answer ? XSTATE_ANSWERED : close ? XSTATE_CLOSED : XSTATE_OPEN;
	memset(&m, 0, sizeof(m));
	m.kind = (char *)action;
	m.account = r->who.acct.name;
	m.body = body;
	rc = store_request_step(r->store, id, x->version, to, &m);
	if (rc == STORE_CONFLICT) {
		buf_puts(msg, "Yêu cầu vừa được người khác thay đổi: không ghi gì. "
		    "Đọc lại rồi quyết định.");
		status = 409;
		goto out;
	}
	snprintf(object, sizeof(object), "%s@%s#%lld", x->indicator, x->period,
	    id);
	if (rc != 0 || store_audit(r->store, r->who.acct.name, x->unit,
	    answer ? "request-answer" : close ? "request-close" :
	    "request-reopen", object, xstate_names[x->state], body) != 0 ||
	    store_commit(r->store) != 0) {
		buf_puts(msg, "Không ghi được (lỗi cơ sở dữ liệu); không có gì được "
		    "ghi, hãy thử lại.");
		status = 503;
		goto out;
	}
	store_free_requests(x, n);
	free(body);
	buf_free(&sector);
	return 0;
out:
	store_rollback(r->store);
	store_free_requests(x, n);
	free(body);
	buf_free(&sector);
	return status;
}

/* The requests the account may read among those of unit and every unit
 * below it (unit NULL: all), in state (-1: all), newest first. */
static int
readable_requests(struct req *r, const char *unit, int state,
    struct xrequest **out, size_t *nout)
{
	struct unit *u = NULL;
	struct xrequest *x = NULL;
	size_t nu = 0, n = 0, i, k = 0;

	*out = NULL;
	*nout = 0;
	if (store_units(r->store, &u, &nu) != 0 ||
	    store_requests(r->store, NULL, 0, state, &x, &n) != 0) {
		store_free_units(u, nu);
		return -1;
	}
	for (i = 0; i < n; i++) {
		bool keep = auth_can_read_in(r, u, nu, x[i].unit) && (unit == NULL ||
		    strcmp(x[i].unit, unit) == 0 ||
		    strictly_below(u, nu, unit, x[i].unit));

		if (keep) {
			if (k != i) {
				x[k] = x[i];
				memset(&x[i], 0, sizeof(x[i]));
			}
			k++;
		} else
			xrequest_free(&x[i]);
	}
	store_free_units(u, nu);
	*out = x;
	*nout = k;
	if (k == 0) {
		free(x);
		*out = NULL;
	}
	return 0;
}

/* ---- pages ---- */

void
page_unit_words(struct buf *b, const struct unit *u, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(u[i].code, code) == 0) {
			buf_printf(b, "%s %s", u[i].kind, u[i].name);
			return;
		}
	buf_puts(b, code);
}

/* The name of an indicator, for the lists. */
static const char *
ind_name(const struct indicator *ind, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ind[i].code, code) == 0)
			return ind[i].name;
	return "";
}

/* The last question of a thread (the one being answered). */
static const char *
last_question(const struct xrequest *x)
{
	size_t i;
	const char *q = "";

	for (i = 0; i < x->nmsgs; i++)
		if ((strcmp(x->msgs[i].kind, "ask") == 0 ||
		    strcmp(x->msgs[i].kind, "reopen") == 0) && x->msgs[i].body)
			q = x->msgs[i].body;
	return q;
}

/* A table of requests. */
static void
request_table(struct req *r, const struct xrequest *x, size_t n)
{
	struct unit *u = NULL;
	struct indicator *ind = NULL;
	struct buf un = BUF_INIT, pw = BUF_INIT;
	size_t nu = 0, ni = 0, i;

	if (store_units(r->store, &u, &nu) != 0 ||
	    store_indicators(r->store, &ind, &ni) != 0) {
		web_html(&r->body, "<p class=\"error\">Không đọc được danh mục.</p>");
		goto out;
	}
	web_html(&r->body, "<table class=\"responsive requests\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Đơn vị</th>"
	    "<th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Kỳ</th>"
	    "<th scope=\"col\">Nội dung hỏi</th><th scope=\"col\">Người hỏi</th>"
	    "<th scope=\"col\">Trạng thái</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		buf_reset(&un);
		buf_reset(&pw);
		page_unit_words(&un, u, nu, x[i].unit);
		page_period_words(&pw, x[i].period);
		web_html(&r->body, "<tr><td data-label=\"Số\"><a href=\"/request?id="
		    "%ld\">#%ld</a></td><td data-label=\"Đơn vị\">%s</td>"
		    "<td data-label=\"Chỉ tiêu\">%s %s</td><td data-label=\"Kỳ\">%s</td>"
		    "<td data-label=\"Nội dung hỏi\"><a href=\"/request?id=%ld\">%s</a>"
		    "</td><td data-label=\"Người hỏi\">%s</td><td data-label=\""
		    "Trạng thái\"><span class=\"badge x-%s\">%s</span></td></tr>\n",
		    (long)x[i].id, (long)x[i].id, buf_str(&un), x[i].indicator,
		    ind_name(ind, ni, x[i].indicator), buf_str(&pw), (long)x[i].id,
		    last_question(&x[i]), x[i].asked_by, xstate_names[x[i].state],
		    xstate_labels_vi[x[i].state]);
	}
	web_html(&r->body, "</tbody></table>\n");
out:
	store_free_units(u, nu);
	store_free_indicators(ind, ni);
	buf_free(&un);
	buf_free(&pw);
}

void
page_requests_box(struct req *r, const char *unit)
{
	struct xrequest *x = NULL, *open = NULL;
	size_t n = 0, i, k = 0;
	struct buf l = BUF_INIT;

	if (readable_requests(r, unit, -1, &x, &n) != 0)
		return;
	open = xcalloc(n ? n : 1, sizeof(*open));
	for (i = 0; i < n; i++)
		if (x[i].state != XSTATE_CLOSED)
			open[k++] = x[i];
	if (k > 0) {
		web_html(&l, "/requests?unit=%U", unit);
		web_html(&r->body, "<section class=\"card requests-open\" "
		    "aria-labelledby=\"yc-mo\"><h2 id=\"yc-mo\">Yêu cầu giải trình "
		    "chưa đóng (%zu)</h2>\n", k);
		request_table(r, open, k);
		web_html(&r->body, "<p><a href=\"%R\">Mọi yêu cầu giải trình</a></p>"
		    "</section>\n", buf_str(&l));
	}
	free(open);
	store_free_requests(x, n);
	buf_free(&l);
}

/* The form to ask, with what the query proposes. */
static void
ask_form(struct req *r, const char *unit)
{
	struct unit *u = NULL;
	struct indicator *ind = NULL;
	size_t nu = 0, ni = 0, i;
	const char *qi = web_query(r, "indicator"), *qp = web_query(r, "period");
	bool any = false;

	if (store_units(r->store, &u, &nu) != 0 ||
	    store_indicators(r->store, &ind, &ni) != 0)
		goto out;
	for (i = 0; i < nu && !any; i++)
		any = can_ask_in(r, u, nu, u[i].code);
	if (!any)
		goto out;
	web_html(&r->body, "<form method=\"post\" action=\"/requests\" "
	    "class=\"card ask\">\n<h2>Yêu cầu đơn vị giải trình</h2>\n");
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"action\" value=\"ask\">"
	    "\n<label>Đơn vị được hỏi <select name=\"unit\" required>");
	for (i = 0; i < nu; i++)
		if (can_ask_in(r, u, nu, u[i].code))
			web_html(&r->body, "<option value=\"%s\"%R>%s %s</option>",
			    u[i].code, unit != NULL && strcmp(unit, u[i].code) == 0 ?
			    " selected" : "", u[i].kind, u[i].name);
	web_html(&r->body, "</select></label>\n<label>Chỉ tiêu <select "
	    "name=\"indicator\" required>");
	for (i = 0; i < ni; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s — %s</option>",
		    ind[i].code, qi != NULL && strcmp(qi, ind[i].code) == 0 ?
		    " selected" : "", ind[i].code, ind[i].name);
	web_html(&r->body, "</select></label>\n<label>Kỳ (ví dụ 2023, 2023-Q3, "
	    "2023-M09) <input name=\"period\" required value=\"%s\"></label>\n"
	    "<label>Nội dung cần giải trình (tối đa 2.000 ký tự) <textarea "
	    "name=\"text\" required maxlength=\"2000\" rows=\"4\"></textarea>"
	    "</label>\n<button>Gửi yêu cầu</button>\n</form>\n",
	    qp != NULL ? qp : "");
out:
	store_free_units(u, nu);
	store_free_indicators(ind, ni);
}

void
h_requests(struct req *r)
{
	const char *q = web_query(r, "unit"), *st = web_query(r, "state");
	static const char *const states[] = { "", "open", "answered", "closed" };
	static const char *const labels[] = { "Tất cả", "Chờ giải trình",
	    "Đã giải trình", "Đã đóng" };
	struct xrequest *x = NULL;
	struct unit u;
	struct buf err = BUF_INIT;
	size_t n = 0, i;
	int state = -1;

	memset(&u, 0, sizeof(u));
	if (st != NULL && *st != '\0' && (state = model_lookup(xstate_names,
	    st)) < 0) {
		web_error(r, 400, "Trạng thái không hợp lệ: open, answered hoặc "
		    "closed.");
		return;
	}
	if (q != NULL && *q != '\0') {
		if (app_find_unit(r->store, q, &u, &err) != 0) {
			web_error(r, 404, buf_str(&err));
			goto out;
		}
	} else if (r->who.acct.unit != NULL &&
	    app_find_unit(r->store, r->who.acct.unit, &u, &err) != 0) {
		web_error(r, 404, buf_str(&err));
		goto out;
	}
	if (u.code != NULL && !auth_can_read(r, u.code)) {
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		goto out;
	}
	if (readable_requests(r, u.code, state, &x, &n) != 0) {
		web_error(r, 503, "Không đọc được yêu cầu giải trình; hãy thử lại.");
		goto out;
	}
	web_page_begin(r, "Yêu cầu giải trình");
	if (web_query(r, "sent") != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">Đã gửi yêu cầu "
		    "giải trình.</p>\n");
	ask_form(r, u.code != NULL && web_query(r, "unit") != NULL ? u.code :
	    NULL);
	if (u.code != NULL)
		web_html(&r->body, "<h2>Các yêu cầu của %s %s và các đơn vị trực "
		    "thuộc</h2>\n", u.kind, u.name);
	else
		web_html(&r->body, "<h2>Các yêu cầu</h2>\n");
	web_html(&r->body, "<p class=\"filters\">");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		bool cur = (state < 0 && i == 0) || (state >= 0 &&
		    strcmp(states[i], xstate_names[state]) == 0);

		web_html(&r->body, "<a href=\"/requests?unit=%U&amp;state=%U\"%R>%s"
		    "</a> ", u.code != NULL ? u.code : "", states[i], cur ?
		    " aria-current=\"page\"" : "", labels[i]);
	}
	web_html(&r->body, "</p>\n");
	if (n == 0)
		web_html(&r->body, "<p class=\"card\">Không có yêu cầu giải trình "
		    "nào.</p>\n");
	else
		request_table(r, x, n);
	web_page_end(r);
out:
	store_free_requests(x, n);
	unit_free(&u);
	buf_free(&err);
}

/* ?id= as a positive number; 0 when malformed. */
static long long
query_id(const char *s)
{
	long long id = page_version(s);

	return id > 0 ? id : 0;
}

static void
step_form(struct req *r, const struct xrequest *x, const char *action,
    const char *heading, const char *button, bool required)
{
	web_html(&r->body, "<form method=\"post\" action=\"/requests\" "
	    "class=\"card step-%s\">\n<h2>%s</h2>\n", action, heading);
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"action\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"id\" value=\"%ld\"><input type=\"hidden\" "
	    "name=\"version\" value=\"%ld\">\n<label>Nội dung%R <textarea "
	    "name=\"text\" maxlength=\"2000\" rows=\"4\"%R></textarea></label>\n"
	    "<button>%s</button>\n</form>\n", action, (long)x->id,
	    (long)x->version, required ? "" : " (không bắt buộc)",
	    required ? " required" : "", button);
}

void
h_request(struct req *r)
{
	long long id = query_id(web_query(r, "id"));
	struct xrequest *x = NULL;
	struct unit u;
	struct buf err = BUF_INIT, sector = BUF_INIT, iname = BUF_INIT;
	struct buf t = BUF_INIT, pw = BUF_INIT;
	size_t n = 0, i;
	const char *done = web_query(r, "done");

	memset(&u, 0, sizeof(u));
	if (id == 0) {
		web_error(r, 400, "Cần số yêu cầu: /request?id=1.");
		return;
	}
	if (store_requests(r->store, NULL, id, -1, &x, &n) != 0) {
		web_error(r, 503, "Không đọc được yêu cầu giải trình; hãy thử lại.");
		return;
	}
	if (n == 0) {
		web_error(r, 404, "Không có yêu cầu giải trình này.");
		goto out;
	}
	if (!auth_can_read(r, x->unit)) {
		web_error(r, 403, "Bạn không được xem yêu cầu giải trình của đơn vị "
		    "này.");
		goto out;
	}
	app_find_unit(r->store, x->unit, &u, &err);
	indicator_sector(r->store, x->indicator, &sector, &iname);
	buf_printf(&t, "Yêu cầu giải trình #%lld", id);
	page_period_words(&pw, x->period);
	web_page_begin(r, buf_str(&t));
	if (done != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s</p>\n",
		    strcmp(done, "answer") == 0 ? "Đã gửi giải trình." :
		    strcmp(done, "close") == 0 ? "Đã đóng yêu cầu." :
		    strcmp(done, "reopen") == 0 ? "Đã gửi câu hỏi thêm." :
		    "Đã gửi yêu cầu giải trình.");
	web_html(&r->body, "<dl class=\"card request\"><dt>Đơn vị</dt><dd><a href="
	    "\"/?unit=%U\">%s %s</a></dd><dt>Chỉ tiêu</dt><dd><a href=\"/indicator?"
	    "unit=%U&amp;code=%U&amp;year=%d\">%s %s</a></dd><dt>Kỳ</dt><dd>%s</dd>"
	    "<dt>Trạng thái</dt><dd><span class=\"badge x-%s\">%s</span></dd>"
	    "</dl>\n<h2>Trao đổi</h2>\n<ol class=\"thread\">\n", x->unit,
	    u.kind ? u.kind : "", u.name ? u.name : x->unit, x->unit, x->indicator,
	    atoi(x->period), x->indicator, buf_str(&iname), buf_str(&pw),
	    xstate_names[x->state], xstate_labels_vi[x->state]);
	for (i = 0; i < x->nmsgs; i++) {
		buf_reset(&t);
		page_when(&t, x->msgs[i].at);
		web_html(&r->body, "<li class=\"card msg-%s\"><p><strong>%s</strong> — "
		    "%s, %s</p>%R%s%R</li>\n", x->msgs[i].kind,
		    kind_label(x->msgs[i].kind), x->msgs[i].account, buf_str(&t),
		    x->msgs[i].body ? "<p class=\"text\">" : "",
		    x->msgs[i].body ? x->msgs[i].body : "",
		    x->msgs[i].body ? "</p>" : "");
	}
	web_html(&r->body, "</ol>\n");
	if (x->state == XSTATE_OPEN && auth_can_write(r, x->unit,
	    buf_str(&sector)))
		step_form(r, x, "answer", "Giải trình", "Gửi giải trình", true);
	if (xr_can_ask(r, x->unit)) {
		if (x->state != XSTATE_OPEN)
			step_form(r, x, "reopen", "Hỏi thêm", "Hỏi thêm và mở lại yêu cầu",
			    true);
		if (x->state != XSTATE_CLOSED)
			step_form(r, x, "close", "Đóng yêu cầu", "Đóng yêu cầu", false);
	}
	web_html(&r->body, "<p><a href=\"/requests?unit=%U\">Mọi yêu cầu của đơn "
	    "vị</a></p>\n", x->unit);
	web_page_end(r);
out:
	store_free_requests(x, n);
	unit_free(&u);
	buf_free(&err);
	buf_free(&sector);
	buf_free(&iname);
	buf_free(&t);
	buf_free(&pw);
}

void
h_requests_post(struct req *r)
{
	const char *action = web_field(r, "action");
	struct buf msg = BUF_INIT, loc = BUF_INIT;
	long long id = 0;
	int status;

	if (action == NULL) {
		web_error(r, 400, "Thiếu trường action.");
		return;
	}
	if (strcmp(action, "ask") == 0) {
		status = xr_ask(r, web_field(r, "unit"), web_field(r, "indicator"),
		    web_field(r, "period"), web_field(r, "text"), &id, &msg);
		if (status == 0)
			buf_printf(&loc, "/request?id=%lld&done=ask", id);
	} else {
		id = query_id(web_field(r, "id"));
		if (id == 0) {
			web_error(r, 400, "Thiếu hoặc sai số yêu cầu (trường id).");
			return;
		}
		status = xr_step(r, id, action, web_field(r, "text"),
		    web_field(r, "version"), &msg);
		if (status == 0)
			buf_printf(&loc, "/request?id=%lld&done=%s", id,
			    strcmp(action, "answer") == 0 ? "answer" :
			    strcmp(action, "close") == 0 ? "close" : "reopen");
	}
	if (status == 0)
		web_redirect(r, buf_str(&loc));
	else
		web_error(r, status, buf_str(&msg));
	buf_free(&msg);
	buf_free(&loc);
}

/* ---- the API ---- */

json_t *
api_jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

static json_t *
request_json(const struct xrequest *x)
{
	json_t *o = json_object(), *a = json_array(), *m;
	size_t i;

	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "unit", api_jstr(x->unit));
	json_object_set_new(o, "indicator", api_jstr(x->indicator));
	json_object_set_new(o, "period", api_jstr(x->period));
	json_object_set_new(o, "state", json_string(xstate_names[x->state]));
	json_object_set_new(o, "state_label",
	    json_string(xstate_labels_vi[x->state]));
	json_object_set_new(o, "asked_by", api_jstr(x->asked_by));
	json_object_set_new(o, "asker_unit", api_jstr(x->asker_unit));
	json_object_set_new(o, "created", api_jstr(x->created));
	json_object_set_new(o, "updated", api_jstr(x->updated));
	json_object_set_new(o, "version", json_integer(x->version));
	for (i = 0; i < x->nmsgs; i++) {
		m = json_object();
		json_object_set_new(m, "kind", api_jstr(x->msgs[i].kind));
		json_object_set_new(m, "by", api_jstr(x->msgs[i].account));
		json_object_set_new(m, "at", api_jstr(x->msgs[i].at));
		json_object_set_new(m, "text", api_jstr(x->msgs[i].body));
		json_array_append_new(a, m);
	}
	json_object_set_new(o, "messages", a);
	return o;
}

void
api_json_send(struct req *r, int status, json_t *root)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct buf b = BUF_INIT;

	json_decref(root);
	buf_printf(&b, "%s\n", s != NULL ? s : "{}");
	web_json(r, status, buf_str(&b));
	free(s);
	buf_free(&b);
}

void
h_api_requests(struct req *r)
{
	const char *q = web_query(r, "unit"), *st = web_query(r, "state");
	struct xrequest *x = NULL;
	struct unit u;
	struct buf err = BUF_INIT, msg = BUF_INIT;
	json_t *root, *arr;
	size_t n = 0, i;
	int state = -1;

	memset(&u, 0, sizeof(u));
	if (st != NULL && *st != '\0' && (state = model_lookup(xstate_names,
	    st)) < 0) {
		web_error(r, 400, "Tham số state không hợp lệ: open, answered hoặc "
		    "closed.");
		return;
	}
	if (q != NULL && *q != '\0') {
		if (app_find_unit(r->store, q, &u, &err) != 0) {
			buf_printf(&msg, "Đơn vị: %s.", buf_str(&err));
			web_error(r, 404, buf_str(&msg));
			goto out;
		}
		if (!auth_can_read(r, u.code)) {
			web_error(r, 403, "Không được xem số liệu của đơn vị này.");
			goto out;
		}
	}
	if (readable_requests(r, u.code, state, &x, &n) != 0) {
		web_error(r, 503, "Không đọc được yêu cầu giải trình; hãy thử lại.");
		goto out;
	}
	root = json_object();
	json_object_set_new(root, "unit", api_jstr(u.code));
	json_object_set_new(root, "state", state < 0 ? json_null() :
	    json_string(xstate_names[state]));
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, request_json(&x[i]));
	json_object_set_new(root, "requests", arr);
	api_json_send(r, 200, root);
out:
	store_free_requests(x, n);
	unit_free(&u);
	buf_free(&err);
	buf_free(&msg);
}

long long
api_path_id(const struct req *r, const char *prefix, const char **verb)
{
	const char *p = r->path + strlen(prefix);
	char *end;
	long long id;

	*verb = NULL;
	if (*p < '1' || *p > '9')
		return -1;
	id = strtoll(p, &end, 10);
	if (*end == '/') {
		*verb = end + 1;
		return id;
	}
	return *end == '\0' ? id : -1;
}

bool
api_csrf_refused(struct req *r)
{
	if (api_csrf_ok(r))
		return false;
	web_error(r, 403, "Thiếu hoặc sai mã chống giả mạo: gửi kèm tiêu đề "
	    "X-CSRF-Token của phiên đăng nhập (hoặc dùng mã truy cập API).");
	return true;
}

/* Send request id as the API shows it. */
static void
send_request(struct req *r, int status, long long id)
{
	struct xrequest *x = NULL;
	size_t n = 0;

	if (store_requests(r->store, NULL, id, -1, &x, &n) != 0 || n == 0) {
		web_error(r, 503, "Không đọc được yêu cầu giải trình; hãy thử lại.");
		return;
	}
	api_json_send(r, status, request_json(x));
	store_free_requests(x, n);
}

void
h_api_request(struct req *r)
{
	const char *verb;
	long long id = api_path_id(r, "/api/v1/requests/", &verb);
	struct xrequest *x = NULL;
	size_t n = 0;

	if (id <= 0 || verb != NULL) {
		web_error(r, 404, "Không có địa chỉ này: /api/v1/requests/SỐ.");
		return;
	}
	if (store_requests(r->store, NULL, id, -1, &x, &n) != 0) {
		web_error(r, 503, "Không đọc được yêu cầu giải trình; hãy thử lại.");
		return;
	}
	if (n == 0)
		web_error(r, 404, "Không có yêu cầu giải trình này.");
	else if (!auth_can_read(r, x->unit))
		web_error(r, 403, "Không được xem yêu cầu giải trình của đơn vị này.");
	else
		api_json_send(r, 200, request_json(x));
	store_free_requests(x, n);
}

/* The fields of an API write: a form, or a JSON object whose values are
 * strings (or, for version, a number). Unknown keys are refused (422) so
 * that a mistyped name is not silently dropped. f[i] of keys[i]; nums holds
 * numbers turned to text. -1 when refused (the error is sent). */
int
api_fields(struct req *r, const char *const *keys, size_t nkeys,
    const char **f, json_t **body, char nums[][32])
{
	json_error_t je;
	const char *k;
	json_t *v;
	size_t i;

	*body = NULL;
	if (r->content_type == NULL || strncmp(r->content_type,
	    "application/json", 16) != 0) {
		for (i = 0; i < nkeys; i++)
			f[i] = web_field(r, keys[i]);
		return 0;
	}
	*body = json_loadb(r->raw.data ? r->raw.data : "", r->raw.len, 0, &je);
	if (*body == NULL || !json_is_object(*body)) {
		web_error(r, 400, "Nội dung JSON không đọc được: gửi một đối tượng "
		    "{\"text\": \"…\"}.");
		return -1;
	}
	json_object_foreach(*body, k, v) {
		for (i = 0; i < nkeys && strcmp(keys[i], k) != 0; i++)
			;
		if (i == nkeys) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "Khóa lạ “%s” trong JSON: chỉ nhận", k);
			for (i = 0; i < nkeys; i++)
				buf_printf(&m, "%s %s", i ? "," : "", keys[i]);
			buf_putc(&m, '.');
			web_error(r, 422, buf_str(&m));
			buf_free(&m);
			return -1;
		}
		if (json_is_string(v))
			f[i] = json_string_value(v);
		else if (json_is_integer(v)) {
			snprintf(nums[i], 32, "%lld", (long long)json_integer_value(v));
			f[i] = nums[i];
		} else if (!json_is_null(v)) {
			web_error(r, 422, "Giá trị trong JSON phải là chuỗi.");
			return -1;
		}
	}
	return 0;
}

void
h_api_requests_ask(struct req *r)
{
	static const char *const keys[] = { "unit", "indicator", "period",
	    "text" };
	const char *f[4] = { NULL };
	char nums[4][32];
	struct buf msg = BUF_INIT;
	json_t *body = NULL;
	long long id;
	int status;

	if (api_csrf_refused(r))
		return;
	if (api_fields(r, keys, 4, f, &body, nums) != 0)
		goto out;
	if ((status = xr_ask(r, f[0], f[1], f[2], f[3], &id, &msg)) != 0)
		web_error(r, status, buf_str(&msg));
	else
		send_request(r, 201, id);
out:
	json_decref(body);
	buf_free(&msg);
}

void
h_api_request_step(struct req *r)
{
	static const char *const keys[] = { "text", "version" };
	const char *f[2] = { NULL }, *verb;
	char nums[2][32];
	struct buf msg = BUF_INIT;
	json_t *body = NULL;
	long long id = api_path_id(r, "/api/v1/requests/", &verb);
	int status;

	if (id <= 0 || verb == NULL || (strcmp(verb, "answer") != 0 &&
	    strcmp(verb, "close") != 0 && strcmp(verb, "reopen") != 0)) {
		web_error(r, 404, "Không có địa chỉ này: POST /api/v1/requests/SỐ/"
		    "answer, /close hoặc /reopen.");
		return;
	}
	if (api_csrf_refused(r))
		return;
	if (api_fields(r, keys, 2, f, &body, nums) != 0)
		goto out;
	if ((status = xr_step(r, id, verb, f[0], f[1], &msg)) != 0)
		web_error(r, status, buf_str(&msg));
	else
		send_request(r, 200, id);
out:
	json_decref(body);
	buf_free(&msg);
}
