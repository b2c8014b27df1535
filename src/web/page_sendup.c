/* page_sendup.c: reports sent up to the level above, on the web. The admin
 * uploads a unit's certificate (Quản trị); the unit's approver signs the
 * approved period's report and sends it (a card of the Báo cáo page); the
 * level above (a viewer or approver of a unit above, or an admin: who may
 * ask for explanations) finds it in Báo cáo gửi lên, with its signature
 * checked each time it is shown and the figures as they were sent, and
 * accepts it or returns it with a reason, which reopens the period. A
 * commune without a connection sends its bundle (.ktxh) on a USB stick;
 * the level above uploads it on the same page (or to the API), and it is
 * received by the importer of `ktxh bundle import` (app/bundlein.c). Pages
 * and the JSON API (/api/v1/submissions…) take the same steps of
 * app/sendup.c after the same rights checks here. A report signed and not
 * sent yet is the unit's own: the level above does not see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/bundlein.h"
#include "app/sendup.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "webpage.h"

/* The HTTP status of a step's answer. */
static int
status_of(int rc)
{
	static const int st[] = { 200, 422, 409, 404, 503 };

	return rc >= 0 && rc < (int)(sizeof(st) / sizeof(st[0])) ? st[rc] : 500;
}

/* Whether the account signs and sends the unit's reports: its approver,
 * or an admin. */
static bool
can_sign(struct req *r, const char *unit)
{
	return auth_can_write(r, unit, NULL) &&
	    (r->who.acct.role == ROLE_APPROVER || r->who.acct.role == ROLE_ADMIN);
}

/* Whether the account may see submission x (u: every unit): one of a unit
 * it may read, sent (a report only signed is its unit's own). */
static bool
can_see(const struct req *r, const struct unit *u, size_t n,
    const struct submission *x)
{
	return auth_can_read_in(r, u, n, x->unit) && (x->state != SSTATE_SIGNED ||
	    r->who.acct.role == ROLE_ADMIN || (r->who.acct.unit != NULL &&
	    strcmp(r->who.acct.unit, x->unit) == 0));
}

/* Submission id (full or not) when the account may see it: 0, else the
 * HTTP status with the message sent (page or JSON). */
static int
load_one(struct req *r, long long id, bool full, struct submission **x,
    size_t *n)
{
	struct unit *u = NULL;
	size_t nu = 0;
	int status = 0;

	*x = NULL;
	*n = 0;
	if (id <= 0) {
		web_error(r, 400, "Cần số báo cáo gửi lên (id), ví dụ id=1.");
		return 400;
	}
	if (store_units(r->store, &u, &nu) != 0 ||
	    store_submissions(r->store, NULL, NULL, id, full, x, n) != 0) {
		web_error(r, 503, "Không đọc được báo cáo gửi lên; hãy thử lại.");
		status = 503;
	} else if (*n == 0) {
		web_error(r, 404, "Không có báo cáo gửi lên này.");
		status = 404;
	} else if (!auth_can_read_in(r, u, nu, (*x)->unit)) {
		web_error(r, 403, "Bạn không được xem báo cáo này.");
		status = 403;
	} else if (!can_see(r, u, nu, *x)) {
		/* Signed and not sent: not there yet for the level above. */
		web_error(r, 404, "Không có báo cáo gửi lên này.");
		status = 404;
	}
	store_free_units(u, nu);
	if (status != 0) {
		store_free_submissions(*x, *n);
		*x = NULL;
		*n = 0;
	}
	return status;
}

/* The date of a time ("2027-01-05 14:51:53 UTC") as "05/01/2027". */
static const char *
date_words(struct buf *b, const char *at)
{
	buf_reset(b);
	if (at != NULL && strlen(at) >= 10 && at[4] == '-' && at[7] == '-')
		buf_printf(b, "%.2s/%.2s/%.4s", at + 8, at + 5, at);
	else if (at != NULL)
		buf_puts(b, at);
	return buf_str(b);
}

/* A UTC time in words, or "" when none. */
static const char *
when_words(struct buf *b, const char *at)
{
	buf_reset(b);
	page_when(b, at);
	return buf_str(b);
}

static void
badge(struct buf *b, enum sstate st)
{
	web_html(b, "<span class=\"badge s-%s\">%s</span>", sstate_names[st],
	    sstate_labels_vi[st]);
}

/* A page that says why a form was refused, with a way back. */
static void
refusal(struct req *r, int status, const char *msg, const char *back,
    const char *back_label)
{
	web_page_begin(r, status == 403 ? "Không có quyền" :
	    "Không thực hiện được");
	r->status = status;
	web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n"
	    "<p><a href=\"%s\">%s</a></p>\n", msg, back, back_label);
	web_page_end(r);
}

/* ---- the card of the Báo cáo page ---- */

void
page_sendup_box(struct req *r, const struct unit *unit, const char *period)
{
	struct submission *x = NULL;
	struct unit_cert *c = NULL;
	struct buf t = BUF_INIT, w = BUF_INIT, by = BUF_INIT;
	const char *done = web_query(r, "sendup");
	const struct submission *last;
	enum pstate st;
	size_t n = 0, nc = 0;
	bool signer;

	if (store_period_state(r->store, unit->code, period, &st, &by, NULL) != 0 ||
	    store_submissions(r->store, unit->code, period, 0, false, &x,
	    &n) != 0 || store_unit_certs(r->store, unit->code, &c, &nc) != 0) {
		web_html(&r->body, "<p class=\"error\">Không đọc được trạng thái gửi "
		    "cấp trên của kỳ.</p>\n");
		goto out;
	}
	last = n > 0 ? &x[0] : NULL;
	signer = can_sign(r, unit->code);
	web_html(&r->body, "<section class=\"card sendup\" aria-labelledby="
	    "\"gui-cap-tren\">\n<h2 id=\"gui-cap-tren\">Ký số và gửi cấp trên</h2>\n");
	if (done != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s</p>\n",
		    strcmp(done, "send") == 0 ? "Đã gửi báo cáo đã ký lên cấp trên." :
		    "Đã ký số báo cáo. Xem lại tệp đã ký rồi gửi cấp trên.");
	web_html(&r->body, "<p>Trạng thái của kỳ: <strong>%s</strong>.</p>\n",
	    pstate_labels_vi[st]);
	if (last != NULL && (last->state != SSTATE_SIGNED || signer ||
	    r->who.acct.role == ROLE_ADMIN)) {
		web_html(&r->body, "<dl class=\"request\"><dt>Báo cáo đã ký</dt><dd>"
		    "<a href=\"/inbox/item?id=%ld\">Số %ld</a> ", (long)last->id,
		    (long)last->id);
		badge(&r->body, last->state);
		web_html(&r->body, "</dd><dt>Người ký</dt><dd>%s (tài khoản %s), %s"
		    "</dd>", last->signer ? last->signer : "", last->signed_by,
		    when_words(&t, last->signed_at));
		if (last->sent_at != NULL)
			web_html(&r->body, "<dt>Gửi cấp trên</dt><dd>%s, %s</dd>",
			    last->sent_by, when_words(&t, last->sent_at));
		if (last->state == SSTATE_ACCEPTED)
			web_html(&r->body, "<dt>Cấp trên tiếp nhận</dt><dd>%s, %s</dd>",
			    last->decided_by, when_words(&t, last->decided_at));
		if (last->state == SSTATE_RETURNED)
			web_html(&r->body, "<dt>Cấp trên trả lại</dt><dd>%s, %s</dd>"
			    "<dt>Lý do trả lại</dt><dd class=\"reason\">%s</dd>",
			    last->decided_by, when_words(&w, last->decided_at),
			    last->reason ? last->reason : "");
		web_html(&r->body, "</dl>\n<p><a href=\"/inbox/pdf?id=%ld\" download>"
		    "Tải báo cáo đã ký số (PDF)</a></p>\n", (long)last->id);
	}
	if (!signer) {
		if (st == PSTATE_APPROVED && (last == NULL ||
		    last->state == SSTATE_SIGNED))
			web_html(&r->body, "<p>Người phê duyệt của đơn vị ký số và gửi "
			    "báo cáo này lên cấp trên.</p>\n");
	} else if (last != NULL && last->state == SSTATE_SENT)
		web_html(&r->body, "<p>Báo cáo đang chờ cấp trên tiếp nhận.</p>\n");
	else if (st != PSTATE_APPROVED)
		web_html(&r->body, "<p>Chỉ ký số được báo cáo của kỳ đã phê duyệt và "
		    "khóa: gửi duyệt và phê duyệt ở trang <a href=\"/entry?unit=%U&amp;"
		    "year=%d&amp;period=%U\">Nhập số liệu</a>.</p>\n", unit->code,
		    atoi(period), period);
	else if (web_key(r->web) == NULL)
		web_html(&r->body, "<p class=\"note\">Máy chủ chạy không có khóa bảo "
		    "vệ chứng thư số (--key-file) nên chưa ký số được trên web.</p>\n");
	else if (nc == 0)
		web_html(&r->body, "<p class=\"note\">Đơn vị chưa có chứng thư số để "
		    "ký: quản trị viên tải tệp chứng thư (.p12) lên ở trang Quản trị."
		    "</p>\n");
	else {
		const bool resign = last != NULL && last->state == SSTATE_SIGNED;

		if (resign) {
			web_html(&r->body, "<form method=\"post\" action=\"/reports/sign\" "
			    "class=\"workflow\">");
			web_csrf_field(r);
			web_html(&r->body, "<input type=\"hidden\" name=\"action\" value="
			    "\"send\"><input type=\"hidden\" name=\"unit\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"period\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"id\" value=\"%ld\">"
			    "<input type=\"hidden\" name=\"version\" value=\"%ld\">"
			    "<button>Gửi cấp trên</button></form>\n", unit->code, period,
			    (long)last->id, (long)last->version);
		}
		web_html(&r->body, "<form method=\"post\" action=\"/reports/sign\" "
		    "class=\"workflow\">");
		web_csrf_field(r);
		web_html(&r->body, "<input type=\"hidden\" name=\"action\" value="
		    "\"sign\"><input type=\"hidden\" name=\"unit\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"period\" value=\"%s\">"
		    "<button%R>%s</button></form>\n<p class=\"note\">Ký bằng chứng thư "
		    "số của đơn vị: %s%s%s (hiệu lực đến ngày %s).</p>\n", unit->code,
		    period,
		    resign ? " class=\"secondary\"" : "", resign ? "Ký lại" :
		    "Ký số báo cáo", c->subject, c->title ? ", " : "",
		    c->title ? c->title : "", date_words(&t, c->not_after));
	}
	web_html(&r->body, "</section>\n");
out:
	store_free_submissions(x, n);
	store_free_unit_certs(c, nc);
	buf_free(&t);
	buf_free(&w);
	buf_free(&by);
}

/* POST /reports/sign: action=sign (unit, period) or send (id, version). */
void
h_reports_sign(struct req *r)
{
	const char *act = web_field(r, "action"), *unit = web_field(r, "unit");
	const char *period = web_field(r, "period");
	struct buf msg = BUF_INIT, back = BUF_INIT, code = BUF_INIT;
	struct submission *x = NULL;
	struct unit u;
	struct period p;
	long long id = 0;
	size_t n = 0;
	int rc;

	memset(&u, 0, sizeof(u));
	if (act == NULL || (strcmp(act, "sign") != 0 && strcmp(act, "send") != 0)) {
		web_error(r, 400, "Thao tác không hợp lệ: dùng các nút ở trang Báo "
		    "cáo.");
		goto out;
	}
	if (strcmp(act, "send") == 0) {
		if ((id = page_version(web_field(r, "id"))) <= 0) {
			web_error(r, 400, "Thiếu số báo cáo đã ký (id).");
			goto out;
		}
		if (load_one(r, id, false, &x, &n) != 0)
			goto out;
		unit = x->unit;
		period = x->period;
	}
	if (unit == NULL || app_find_unit(r->store, unit, &u, &msg) != 0 ||
	    period == NULL || period_parse(period, strlen(period), &p) != 0) {
		web_error(r, 422, "Cần đơn vị (unit) và kỳ (period) của báo cáo.");
		goto out;
	}
	period_format(&code, &p);
	web_html(&back, "/reports?unit=%U&year=%d&period=%U", u.code, p.year,
	    buf_str(&code));
	if (!can_sign(r, u.code)) {
		refusal(r, 403, "Chỉ người phê duyệt của đơn vị (hoặc quản trị viên) "
		    "ký số và gửi báo cáo lên cấp trên.", buf_str(&back),
		    "Về trang Báo cáo");
		goto out;
	}
	buf_reset(&msg);
	rc = id == 0 ? sendup_sign(r->store, web_key(r->web), r->who.acct.name,
	    u.code, buf_str(&code), &id, &msg) : sendup_send(r->store,
	    r->who.acct.name, id, page_version(web_field(r, "version")), &msg);
	if (rc != SENDUP_OK) {
		refusal(r, status_of(rc), buf_str(&msg), buf_str(&back),
		    "Về trang Báo cáo");
		goto out;
	}
	buf_printf(&back, "&sendup=%s#gui-cap-tren", act);
	web_redirect(r, buf_str(&back));
out:
	store_free_submissions(x, n);
	unit_free(&u);
	buf_free(&msg);
	buf_free(&back);
	buf_free(&code);
}

/* ---- Báo cáo gửi lên: the list ---- */

/* The submissions the account may see among those of unit and the units
 * below it (NULL: all), sent (not only signed), in state (-1: all). */
static int
visible(struct req *r, const char *unit, int state, struct submission **out,
    size_t *nout, struct unit **u, size_t *nu)
{
	struct submission *x = NULL;
	size_t n = 0, i, k = 0;
	const char *cur;
	size_t steps;

	*out = NULL;
	*nout = 0;
	if (store_units(r->store, u, nu) != 0 ||
	    store_submissions(r->store, NULL, NULL, 0, false, &x, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		bool keep = x[i].state != SSTATE_SIGNED && (state < 0 ||
		    (int)x[i].state == state) && can_see(r, *u, *nu, &x[i]);

		/* unit itself or below it */
		for (cur = x[i].unit, steps = 0; keep && unit != NULL &&
		    cur != NULL && strcmp(cur, unit) != 0 && steps <= *nu; steps++) {
			size_t j;

			for (j = 0; j < *nu && strcmp((*u)[j].code, cur) != 0; j++)
				;
			cur = j < *nu ? (*u)[j].parent : NULL;
		}
		keep = keep && (unit == NULL || (cur != NULL &&
		    strcmp(cur, unit) == 0));
		if (keep) {
			if (k != i) {
				x[k] = x[i];
				memset(&x[i], 0, sizeof(x[i]));
			}
			k++;
		} else
			submission_free(&x[i]);
	}
	*out = x;
	*nout = k;
	return 0;
}

/* Whether the account receives bundles at all: an admin, or a viewer or
 * approver of a unit with units below it; which units, bundlein asks of
 * may_receive with the bundle's. */
static bool
receives(struct req *r)
{
	return r->who.acct.role == ROLE_ADMIN ||
	    (r->who.acct.role != ROLE_OFFICER && auth_above(r));
}

/* The upload of a bundle, on Báo cáo gửi lên (and again under a refusal). */
static void
bundle_form(struct req *r)
{
	web_html(&r->body, "<section class=\"card bundle-upload\" aria-labelledby="
	    "\"nhan-goi\">\n<h2 id=\"nhan-goi\">Nhận gói từ xã không có mạng</h2>\n"
	    "<p>Xã, phường không kết nối được hệ thống gửi báo cáo đã ký số trong "
	    "một tệp gói <code>.ktxh</code> (qua USB hoặc thư điện tử). Tải gói lên "
	    "đây: chữ ký số của bảng kê và của báo cáo, từng tệp trong gói được "
	    "kiểm tra, rồi số liệu của đơn vị được nhập toàn bộ hoặc không nhập gì, "
	    "và báo cáo vào danh sách chờ tiếp nhận.</p>\n<form method=\"post\" "
	    "action=\"/inbox/bundle\" enctype=\"multipart/form-data\">");
	web_csrf_field(r);
	web_html(&r->body, "<label>Tệp gói (.ktxh, tối đa %d MiB) <input type="
	    "\"file\" name=\"bundle\" accept=\".ktxh,.zip\" required></label>\n"
	    "<button>Kiểm tra và nhập gói</button>\n</form>\n</section>\n",
	    WEB_MAX_UPLOAD >> 20);
}

/* After a bundle was received (?bundle=ID): what it was, and where. */
static void
bundle_received(struct req *r, const struct unit *u, size_t nu,
    const char *id)
{
	struct submission *x = NULL;
	struct buf un = BUF_INIT, pw = BUF_INIT;
	size_t n = 0;

	if (store_submissions(r->store, NULL, NULL, page_version(id), false, &x,
	    &n) == 0 && n == 1 && can_see(r, u, nu, x)) {
		page_unit_words(&un, u, nu, x->unit);
		page_period_words(&pw, x->period);
		web_html(&r->body, "<p class=\"ok\" role=\"status\">Đã nhận gói: báo "
		    "cáo %s của %s (ký bởi %s) đúng chữ ký và nguyên vẹn, số liệu đã "
		    "được nhập. <a href=\"/inbox/item?id=%ld\">Mở báo cáo số %ld</a> để "
		    "tiếp nhận hoặc trả lại.</p>\n", buf_str(&pw), buf_str(&un),
		    x->signer ? x->signer : "?", (long)x->id, (long)x->id);
	}
	store_free_submissions(x, n);
	buf_free(&un);
	buf_free(&pw);
}

void
h_inbox(struct req *r)
{
	static const char *const labels[] = { "Tất cả", "Chờ tiếp nhận",
	    "Đã tiếp nhận", "Đã trả lại" };
	static const int states[] = { -1, SSTATE_SENT, SSTATE_ACCEPTED,
	    SSTATE_RETURNED };
	const char *q = web_query(r, "unit"), *sq = web_query(r, "state");
	struct submission *x = NULL;
	struct unit *u = NULL, one;
	struct buf err = BUF_INIT, un = BUF_INIT, pw = BUF_INIT, t = BUF_INIT;
	size_t n = 0, nu = 0, i;
	int state = -1;

	memset(&one, 0, sizeof(one));
	if (sq != NULL && *sq != '\0' && (state = model_lookup(sstate_names,
	    sq)) < 0) {
		web_error(r, 400, "Trạng thái không hợp lệ: sent, accepted hoặc "
		    "returned.");
		return;
	}
	if (q != NULL && *q != '\0' && app_find_unit(r->store, q, &one,
	    &err) != 0) {
		web_error(r, 404, buf_str(&err));
		goto out;
	}
	if (one.code != NULL && !auth_can_read(r, one.code)) {
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		goto out;
	}
	if (visible(r, one.code, state, &x, &n, &u, &nu) != 0) {
		web_error(r, 503, "Không đọc được báo cáo gửi lên; hãy thử lại.");
		goto out;
	}
	web_page_begin(r, "Báo cáo gửi lên");
	if (web_query(r, "bundle") != NULL)
		bundle_received(r, u, nu, web_query(r, "bundle"));
	web_html(&r->body, "<p>Báo cáo các đơn vị cấp dưới đã ký số và gửi lên, "
	    "với số liệu lúc gửi. Mở một báo cáo để kiểm tra chữ ký, rồi tiếp "
	    "nhận hoặc trả lại kèm lý do.</p>\n<p class=\"filters\">");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		web_html(&r->body, "<a href=\"/inbox?unit=%U&amp;state=%U\"%R>%s</a> ",
		    one.code ? one.code : "", states[i] < 0 ? "" :
		    sstate_names[states[i]], states[i] == state ?
		    " aria-current=\"page\"" : "", labels[i]);
	web_html(&r->body, "</p>\n");
	if (n == 0) {
		web_html(&r->body, "<p class=\"card\">Chưa có báo cáo nào%s.</p>\n",
		    state < 0 ? "" : " ở trạng thái này");
		goto end;
	}
	web_html(&r->body, "<table class=\"responsive inbox\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Đơn vị</th>"
	    "<th scope=\"col\">Kỳ báo cáo</th><th scope=\"col\">Người ký</th>"
	    "<th scope=\"col\">Gửi lúc</th><th scope=\"col\">Trạng thái</th>"
	    "</tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		buf_reset(&un);
		buf_reset(&pw);
		page_unit_words(&un, u, nu, x[i].unit);
		page_period_words(&pw, x[i].period);
		web_html(&r->body, "<tr><td data-label=\"Số\"><a href=\"/inbox/item?"
		    "id=%ld\">%ld</a></td><td data-label=\"Đơn vị\"><a href=\"/inbox/"
		    "item?id=%ld\">%s</a></td><td data-label=\"Kỳ báo cáo\">%s</td>"
		    "<td data-label=\"Người ký\">%s</td><td data-label=\"Gửi lúc\">%s"
		    "</td><td data-label=\"Trạng thái\">", (long)x[i].id,
		    (long)x[i].id, (long)x[i].id, buf_str(&un), buf_str(&pw),
		    x[i].signer ? x[i].signer : "", when_words(&t, x[i].sent_at));
		badge(&r->body, x[i].state);
		web_html(&r->body, "</td></tr>\n");
	}
	web_html(&r->body, "</tbody></table>\n");
end:
	if (receives(r))
		bundle_form(r);
	web_page_end(r);
out:
	store_free_submissions(x, n);
	store_free_units(u, nu);
	unit_free(&one);
	buf_free(&err);
	buf_free(&un);
	buf_free(&pw);
	buf_free(&t);
}

void
page_inbox_note(struct req *r, const char *unit)
{
	struct submission *x = NULL;
	struct unit *u = NULL;
	size_t n = 0, nu = 0, i, k = 0;

	if (!auth_above(r) || visible(r, unit, SSTATE_SENT, &x, &n, &u, &nu) != 0)
		goto out;
	for (i = 0; i < n; i++)
		k += strcmp(x[i].unit, unit) != 0 && xr_can_ask(r, x[i].unit);
	if (k > 0)
		web_html(&r->body, "<p class=\"card inbox-note\">Có %zu báo cáo cấp dưới "
		    "gửi lên đang chờ tiếp nhận: <a href=\"/inbox?unit=%U&amp;state="
		    "sent\">xem ở trang Báo cáo gửi lên</a>.</p>\n", k, unit);
out:
	store_free_submissions(x, n);
	store_free_units(u, nu);
}

/* ---- one submission ---- */

/* A yes/no line of the signature check. */
static void
check_line(struct buf *b, const char *what, bool yes, const char *good,
    const char *bad)
{
	web_html(b, "<dt>%s</dt><dd class=\"%R\">%s</dd>", what, yes ? "yes" :
	    "no", yes ? good : bad);
}

static void
verify_card(struct req *r, const struct submission *x)
{
	struct buf t = BUF_INIT;
	struct sendup_check k;
	const char *ca = web_ca(r->web);

	sendup_verify(x, ca, &k);
	web_html(&r->body, "<section class=\"card verify\" aria-labelledby="
	    "\"chu-ky\">\n<h2 id=\"chu-ky\">Chữ ký số</h2>\n");
	if (k.valid)
		web_html(&r->body, "<p class=\"ok verdict\" role=\"status\">Chữ ký số "
		    "hợp lệ: báo cáo nguyên vẹn từ khi ký.</p>\n");
	else
		web_html(&r->body, "<p class=\"error verdict\" role=\"alert\">Chữ ký số "
		    "KHÔNG hợp lệ: đừng tiếp nhận báo cáo này.</p>\n");
	web_html(&r->body, "<dl class=\"request\"><dt>Người ký</dt><dd>%s</dd>"
	    "<dt>Thời điểm ký</dt><dd>%s</dd>", k.signer ? k.signer :
	    "(không đọc được)", k.when ? when_words(&t, k.when) : "(không có)");
	check_line(&r->body, "Nội dung", k.has_sig && k.intact && k.whole,
	    "nguyên vẹn: mọi byte được ký khớp với chữ ký", "ĐÃ BỊ THAY ĐỔI sau "
	    "khi ký, hoặc chữ ký hỏng");
	check_line(&r->body, "Chuỗi chứng thư", k.trusted, ca != NULL ?
	    "đến CA tin cậy của máy chủ (--ca)" : "đến CA tin cậy của hệ thống",
	    ca != NULL ? "KHÔNG đến được CA tin cậy nào của máy chủ (--ca)" :
	    "chưa xác nhận được (máy chủ chưa được chỉ CA tin cậy bằng --ca)");
	check_line(&r->body, "Tệp lưu trữ", k.hash_ok, "khớp mã băm lúc ký",
	    "KHÁC tệp lúc ký (mã băm không khớp)");
	web_html(&r->body, "<dt>SHA-256</dt><dd><code>%s</code></dd></dl>\n",
	    x->pdf_sha256 ? x->pdf_sha256 : "");
	if (!k.valid && k.why.len > 0)
		web_html(&r->body, "<p class=\"note\">Chi tiết: %s</p>\n",
		    buf_str(&k.why));
	web_html(&r->body, "<p><a href=\"/inbox/pdf?id=%ld\" download>Tải báo cáo "
	    "đã ký số (PDF, %zu KB)</a></p>\n</section>\n", (long)x->id,
	    (x->pdflen + 1023) / 1024);
	sendup_check_free(&k);
	buf_free(&t);
}

/* The rows of the snapshot's indicators (and their parts, indented). */
static void
snapshot_rows(struct buf *b, json_t *rows, int depth)
{
	struct buf pct = BUF_INIT;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_t *p = json_object_get(row, "percent");
		const char *band = json_string_value(json_object_get(row, "band"));

		buf_reset(&pct);
		if (json_is_number(p)) {
			num_format(&pct, json_number_value(p), 2, NUM_FMT_TRIM);
			buf_putc(&pct, '%');
		}
		web_html(b, "<tr%R><td%R>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td class=\"num\">%s</td><td>", depth ? " class=\"part\"" : "",
		    depth ? " class=\"rp-indent\"" : "",
		    json_string_value(json_object_get(row, "code")),
		    json_string_value(json_object_get(row, "name")),
		    json_string_value(json_object_get(row, "target_text")),
		    json_string_value(json_object_get(row, "actual_text")),
		    buf_str(&pct));
		if (band != NULL)
			web_html(b, "<span class=\"badge b-%s\">%s</span>", band,
			    json_string_value(json_object_get(row, "band_label")));
		web_html(b, "</td></tr>\n");
		snapshot_rows(b, json_object_get(row, "children"), depth + 1);
	}
	buf_free(&pct);
}

static void
snapshot_card(struct req *r, const struct submission *x)
{
	json_t *root = x->snapshot ? json_loads(x->snapshot, 0, NULL) : NULL;
	struct buf err = BUF_INIT;
	char *now;

	web_html(&r->body, "<section class=\"card snapshot\" aria-labelledby="
	    "\"so-lieu\">\n<h2 id=\"so-lieu\">Số liệu đã gửi</h2>\n");
	if (root == NULL) {
		web_html(&r->body, "<p class=\"error\">Không đọc được số liệu đã lưu."
		    "</p>\n</section>\n");
		return;
	}
	web_html(&r->body, "<p class=\"note\">Số liệu lúc ký và gửi, lưu cùng báo "
	    "cáo: sửa đổi sau đó không làm thay đổi bảng này.</p>\n");
	now = sendup_snapshot(r->store, x->unit, x->period, &err);
	if (now != NULL && strcmp(now, x->snapshot) != 0)
		web_html(&r->body, "<p class=\"error\">Số liệu hiện nay của đơn vị đã "
		    "khác với số liệu đã gửi.</p>\n");
	free(now);
	web_html(&r->body, "<p class=\"tally\">%s</p>\n<div class=\"scroll\">"
	    "<table class=\"snapshot\"><thead><tr><th scope=\"col\">Mã</th>"
	    "<th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Kế hoạch</th>"
	    "<th scope=\"col\">Thực hiện</th><th scope=\"col\">Tỷ lệ</th>"
	    "<th scope=\"col\">Đánh giá</th></tr></thead><tbody>\n",
	    json_string_value(json_object_get(root, "tally")));
	snapshot_rows(&r->body, json_object_get(root, "indicators"), 0);
	web_html(&r->body, "</tbody></table></div>\n</section>\n");
	json_decref(root);
	buf_free(&err);
}

void
h_inbox_item(struct req *r)
{
	struct submission *x = NULL;
	struct unit *u = NULL;
	struct buf title = BUF_INIT, un = BUF_INIT, pw = BUF_INIT, t = BUF_INIT;
	const char *done = web_query(r, "done");
	size_t n = 0, nu = 0;
	bool bundle;

	if (load_one(r, page_version(web_query(r, "id")), true, &x, &n) != 0)
		return;
	if (store_units(r->store, &u, &nu) != 0) {
		web_error(r, 503, "Không đọc được danh mục đơn vị; hãy thử lại.");
		goto out;
	}
	page_unit_words(&un, u, nu, x->unit);
	page_period_words(&pw, x->period);
	buf_printf(&title, "Báo cáo %s — %s", buf_str(&pw), buf_str(&un));
	web_page_begin(r, buf_str(&title));
	if (done != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s</p>\n",
		    strcmp(done, "accept") == 0 ? "Đã tiếp nhận báo cáo." :
		    "Đã trả lại báo cáo; kỳ báo cáo được mở lại cho đơn vị sửa.");
	web_html(&r->body, "<dl class=\"card request\"><dt>Số</dt><dd>%ld</dd>"
	    "<dt>Đơn vị</dt><dd><a href=\"/?unit=%U&amp;year=%d\">%s</a></dd>"
	    "<dt>Kỳ báo cáo</dt><dd>%s</dd><dt>Trạng thái</dt><dd>", (long)x->id,
	    x->unit, atoi(x->period), buf_str(&un), buf_str(&pw));
	badge(&r->body, x->state);
	bundle = x->source != NULL && strcmp(x->source, "bundle") == 0;
	if (bundle)
		web_html(&r->body, "</dd><dt>Ký số</dt><dd>%s (ký ngoài hệ thống)</dd>"
		    "<dt>Đường gửi</dt><dd>gói .ktxh, nhận bởi %s, %s</dd>",
		    x->signer ? x->signer : "?", x->sent_by,
		    when_words(&t, x->sent_at));
	else
		web_html(&r->body, "</dd><dt>Ký số</dt><dd>%s, %s</dd>", x->signed_by,
		    when_words(&t, x->signed_at));
	if (x->sent_at != NULL && !bundle)
		web_html(&r->body, "<dt>Người gửi</dt><dd>%s</dd><dt>Gửi lúc</dt>"
		    "<dd>%s</dd>", x->sent_by, when_words(&t, x->sent_at));
	if (x->decided_at != NULL)
		web_html(&r->body, "<dt>%s</dt><dd>%s, %s</dd>", x->state ==
		    SSTATE_ACCEPTED ? "Tiếp nhận" : "Trả lại", x->decided_by,
		    when_words(&t, x->decided_at));
	if (x->reason != NULL)
		web_html(&r->body, "<dt>Lý do trả lại</dt><dd class=\"reason\">%s"
		    "</dd>", x->reason);
	web_html(&r->body, "</dl>\n");
	verify_card(r, x);
	if (x->state == SSTATE_SENT && xr_can_ask(r, x->unit)) {
		web_html(&r->body, "<form method=\"post\" action=\"/inbox\" "
		    "class=\"card decide-accept\">\n<h2>Tiếp nhận</h2>\n");
		web_csrf_field(r);
		web_html(&r->body, "<input type=\"hidden\" name=\"action\" value="
		    "\"accept\"><input type=\"hidden\" name=\"id\" value=\"%ld\">"
		    "<input type=\"hidden\" name=\"version\" value=\"%ld\">\n<p>Báo cáo "
		    "đúng và đủ: tiếp nhận để kết thúc việc gửi của kỳ này.</p>\n"
		    "<button>Tiếp nhận báo cáo</button>\n</form>\n", (long)x->id,
		    (long)x->version);
		web_html(&r->body, "<form method=\"post\" action=\"/inbox\" "
		    "class=\"card decide-return\">\n<h2>Trả lại</h2>\n");
		web_csrf_field(r);
		web_html(&r->body, "<input type=\"hidden\" name=\"action\" value="
		    "\"return\"><input type=\"hidden\" name=\"id\" value=\"%ld\">"
		    "<input type=\"hidden\" name=\"version\" value=\"%ld\">\n<label>Lý "
		    "do trả lại (bắt buộc; đơn vị sẽ thấy lý do này) <textarea "
		    "name=\"reason\" required maxlength=\"2000\" rows=\"4\"></textarea>"
		    "</label>\n<p class=\"note\">Trả lại mở lại kỳ báo cáo để đơn vị sửa "
		    "số liệu, phê duyệt, ký và gửi lại.</p>\n<button>Trả lại để đơn vị "
		    "sửa</button>\n</form>\n", (long)x->id, (long)x->version);
	}
	snapshot_card(r, x);
	web_html(&r->body, "<p><a href=\"/inbox\">Mọi báo cáo gửi lên</a> · "
	    "<a href=\"/reports?unit=%U&amp;year=%d&amp;period=%U\">Báo cáo của kỳ "
	    "(bản hiện nay)</a></p>\n", x->unit, atoi(x->period), x->period);
	web_page_end(r);
out:
	store_free_submissions(x, n);
	store_free_units(u, nu);
	buf_free(&title);
	buf_free(&un);
	buf_free(&pw);
	buf_free(&t);
}

/* The signed PDF as a download. */
static void
send_pdf(struct req *r, const struct submission *x)
{
	struct buf name = BUF_INIT;
	size_t i;

	buf_printf(&name, "bao-cao-da-ky-%s-%s-so-%lld.pdf", x->unit, x->period,
	    x->id);
	for (i = 0; i < name.len; i++)
		if (!((name.data[i] >= 'a' && name.data[i] <= 'z') ||
		    (name.data[i] >= 'A' && name.data[i] <= 'Z') ||
		    (name.data[i] >= '0' && name.data[i] <= '9') ||
		    name.data[i] == '-' || name.data[i] == '.'))
			name.data[i] = '_';
	buf_reset(&r->body);
	buf_append(&r->body, (const char *)x->pdf, x->pdflen);
	r->ctype = "application/pdf";
	free(r->file_name);
	r->file_name = xstrdup(buf_str(&name));
	buf_printf(&r->headers, "Content-Disposition: attachment; filename=\"%s\"\n",
	    buf_str(&name));
	buf_free(&name);
}

void
h_inbox_pdf(struct req *r)
{
	struct submission *x = NULL;
	size_t n = 0;

	if (load_one(r, page_version(web_query(r, "id")), true, &x, &n) != 0)
		return;
	send_pdf(r, x);
	store_free_submissions(x, n);
}

/* Accept or return submission id (after the rights check): 0, or the
 * HTTP status with msg. */
static int
decide(struct req *r, long long id, const char *action, const char *reason,
    const char *version, struct buf *msg)
{
	struct submission *x = NULL;
	size_t n = 0;
	long long want = page_version(version);
	bool accept = strcmp(action, "accept") == 0;
	int rc;

	if (!accept && strcmp(action, "return") != 0) {
		buf_puts(msg, "Việc không hợp lệ: accept (tiếp nhận) hoặc return (trả "
		    "lại).");
		return 400;
	}
	if (want < 0) {
		buf_puts(msg, "version phải là số nguyên dương (phiên bản của báo cáo "
		    "bạn đã đọc).");
		return 422;
	}
	if (store_submissions(r->store, NULL, NULL, id, false, &x, &n) != 0) {
		buf_puts(msg, "Không đọc được báo cáo gửi lên; hãy thử lại.");
		return 503;
	}
	if (n == 0 || x->state == SSTATE_SIGNED) {
		store_free_submissions(x, n);
		buf_printf(msg, "Không có báo cáo gửi lên số %lld.", id);
		return 404;
	}
	if (!auth_can_read(r, x->unit)) {
		store_free_submissions(x, n);
		buf_puts(msg, "Bạn không được xem báo cáo này.");
		return 403;
	}
	if (!xr_can_ask(r, x->unit)) {
		store_free_submissions(x, n);
		buf_puts(msg, "Chỉ cấp trên của đơn vị (tài khoản xem, phê duyệt của "
		    "cấp trên, hoặc quản trị viên) tiếp nhận hoặc trả lại báo cáo.");
		return 403;
	}
	store_free_submissions(x, n);
	rc = sendup_decide(r->store, r->who.acct.name, id, accept, reason, want,
	    msg);
	return rc == SENDUP_OK ? 0 : status_of(rc);
}

void
h_inbox_post(struct req *r)
{
	const char *action = web_field(r, "action");
	long long id = page_version(web_field(r, "id"));
	struct buf msg = BUF_INIT, loc = BUF_INIT;
	int status;

	if (action == NULL || id <= 0) {
		web_error(r, 400, "Thiếu trường action hoặc số báo cáo (id).");
		return;
	}
	status = decide(r, id, action, web_field(r, "reason"),
	    web_field(r, "version"), &msg);
	buf_printf(&loc, "/inbox/item?id=%lld", id);
	if (status != 0)
		refusal(r, status, buf_str(&msg), buf_str(&loc), "Về báo cáo");
	else {
		buf_printf(&loc, "&done=%s", strcmp(action, "accept") == 0 ? "accept" :
		    "return");
		web_redirect(r, buf_str(&loc));
	}
	buf_free(&msg);
	buf_free(&loc);
}

/* ---- a bundle received: the upload on Báo cáo gửi lên and the API ---- */

static bool
may_receive(void *arg, const char *unit)
{
	return xr_can_ask(arg, unit);
}

/* The HTTP status of bundlein_import's answer. */
static int
bundle_status(enum bundlein_rc rc)
{
	static const int st[] = { 201, 422, 422, 422, 403, 409, 503 };

	return (size_t)rc < sizeof(st) / sizeof(st[0]) ? st[rc] : 500;
}

/* The name an upload gave its file, when it is fit for messages and the
 * audit log: its last part, valid UTF-8 without control characters. */
static const char *
upload_name(const char *given)
{
	const char *p = given != NULL ? strrchr(given, '/') : NULL;
	size_t bad, k, len;

	given = p != NULL ? p + 1 : given;
	if (given == NULL || (len = strlen(given)) == 0 || len > 200 ||
	    text_utf8_check(given, len, &bad) != 0)
		return "goi.ktxh";
	for (k = 0; k < len; k++)
		if ((unsigned char)given[k] < 0x20 || given[k] == 0x7f ||
		    given[k] == '\\')
			return "goi.ktxh";
	return given;
}

/* Receive the bundle sent with the request — the file field "bundle" of
 * a multipart form, or the body itself (a zip) — as the account, into *b
 * (bundlein_free). */
static enum bundlein_rc
receive(struct req *r, struct bundlein *b)
{
	const struct kv *f = web_field_kv(r, "bundle");

	memset(b, 0, sizeof(*b));
	b->ca = web_ca(r->web);
	b->by = r->who.acct.name;
	b->may = may_receive;
	b->arg = r;
	if (f != NULL) {
		b->name = upload_name(f->filename);
		b->data = f->val;
		b->len = f->len;
	} else {
		b->name = upload_name(web_query(r, "name"));
		b->data = r->raw.data;
		b->len = r->raw.len;
	}
	if (!receives(r)) {
		buf_puts(&b->msg, "Chỉ cấp trên của đơn vị (tài khoản xem, phê duyệt "
		    "của cấp trên, hoặc quản trị viên) nhận gói báo cáo; không nhập "
		    "gì.");
		return BUNDLEIN_FORBIDDEN;
	}
	if (b->len == 0) {
		buf_puts(&b->msg, f != NULL && f->filename != NULL &&
		    *f->filename != '\0' ? "Tệp gửi lên rỗng (0 byte): chọn tệp gói "
		    ".ktxh mà xã gửi." : "Chưa có tệp gói: chọn tệp .ktxh mà xã gửi.");
		return BUNDLEIN_UNREADABLE;
	}
	return bundlein_import(r->store, b);
}

/* The line of report that names file ("data/values.csv: nội dung …"),
 * without the name, into out; false when there is none. */
static bool
finding_of(const char *report, const char *file, struct buf *out)
{
	size_t n = strlen(file);
	const char *p, *nl;

	for (p = report; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if ((size_t)(nl - p) > n + 2 && strncmp(p, file, n) == 0 &&
		    p[n] == ':' && p[n + 1] == ' ') {
			buf_append(out, p + n + 2, (size_t)(nl - p - n - 2));
			return true;
		}
	}
	return false;
}

/* The reason of a refused bundle in one sentence (plain text): what it
 * was and, when a file of it is at fault, which, and what is wrong with
 * it. */
static void
bundle_headline(struct buf *o, enum bundlein_rc rc, const struct bundlein *b)
{
	struct buf why = BUF_INIT;

	switch (rc) {
	case BUNDLEIN_REFUSED:
		if (b->file == NULL || !finding_of(buf_str(&b->report), b->file,
		    &why))
			buf_puts(&why, buf_str(&b->msg));
		buf_printf(o, "Không nhập gì: gói “%s” bị từ chối — tệp “%s” trong gói: "
		    "%s.", b->name, b->file ? b->file : "?", buf_str(&why));
		break;
	case BUNDLEIN_UNREADABLE:
		buf_printf(o, "Không nhập gì: “%s” không phải gói .ktxh đọc được (%s).",
		    b->name, buf_str(&b->msg));
		break;
	case BUNDLEIN_DATA:
		buf_printf(o, "Không nhập gì: số liệu trong gói “%s” bị từ chối.",
		    b->name);
		break;
	default:
		buf_puts(o, buf_str(&b->msg));
	}
	buf_free(&why);
}

/* The lines of s as the items of a list (escaped). */
static void
lines_list(struct buf *o, const char *cls, const char *s)
{
	struct buf line = BUF_INIT;
	const char *nl;

	web_html(o, "<ul class=\"%s\">", cls);
	for (; *s != '\0'; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		buf_reset(&line);
		buf_append(&line, s, (size_t)(nl - s));
		if (line.len > 0)
			web_html(o, "<li>%s</li>", buf_str(&line));
	}
	buf_puts(o, "</ul>\n");
	buf_free(&line);
}

void
h_inbox_bundle(struct req *r)
{
	struct bundlein b;
	struct buf h = BUF_INIT, loc = BUF_INIT;
	enum bundlein_rc rc = receive(r, &b);

	if (rc == BUNDLEIN_OK) {
		buf_printf(&loc, "/inbox?bundle=%lld", b.id);
		web_redirect(r, buf_str(&loc));
		goto out;
	}
	web_page_begin(r, rc == BUNDLEIN_FORBIDDEN ? "Không có quyền" :
	    "Gói báo cáo bị từ chối");
	r->status = bundle_status(rc);
	bundle_headline(&h, rc, &b);
	web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n",
	    buf_str(&h));
	if (rc == BUNDLEIN_REFUSED) {
		web_html(&r->body, "<p>Kết quả kiểm tra gói:</p>\n");
		lines_list(&r->body, "findings", buf_str(&b.report));
		web_html(&r->body, "<p class=\"note\">Cơ sở dữ liệu giữ nguyên. Đề nghị "
		    "xã tạo lại gói (ktxh bundle create) và gửi lại.</p>\n");
	} else if (rc == BUNDLEIN_DATA) {
		lines_list(&r->body, "findings", buf_str(&b.msg));
		web_html(&r->body, "<p class=\"note\">Cơ sở dữ liệu giữ nguyên.</p>\n");
	}
	if (rc != BUNDLEIN_FORBIDDEN && receives(r))
		bundle_form(r);
	web_html(&r->body, "<p><a href=\"/inbox\">Về trang Báo cáo gửi lên</a></p>\n");
	web_page_end(r);
out:
	bundlein_free(&b);
	buf_free(&h);
	buf_free(&loc);
}

/* ---- Quản trị: the units' certificates ---- */

void
page_certs(struct req *r, const struct unit *u, size_t nu)
{
	struct unit_cert *c = NULL;
	struct buf t = BUF_INIT, w = BUF_INIT;
	const char *done = web_query(r, "cert");
	size_t n = 0, i, k;

	web_html(&r->body, "<section class=\"certs\" aria-labelledby=\"chung-thu\">"
	    "\n<h2 id=\"chung-thu\">Chứng thư số của đơn vị</h2>\n");
	if (done != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">Đã lưu chứng thư "
		    "số của đơn vị %s.</p>\n", done);
	if (store_unit_certs(r->store, NULL, &c, &n) != 0) {
		web_html(&r->body, "<p class=\"error\">Không đọc được chứng thư số."
		    "</p>\n</section>\n");
		return;
	}
	web_html(&r->body, "<p>Người phê duyệt của đơn vị ký số báo cáo của kỳ đã "
	    "duyệt bằng chứng thư số này rồi gửi lên cấp trên (trang Báo cáo). "
	    "Tệp chứng thư và mật khẩu được mã hóa bằng khóa của máy chủ, để ngoài "
	    "cơ sở dữ liệu; mật khẩu không bao giờ được hiện lại. Tải chứng thư "
	    "mới lên cho một đơn vị thì chứng thư cũ được thay.</p>\n");
	if (n > 0) {
		web_html(&r->body, "<table class=\"responsive\"><thead><tr>"
		    "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Người ký</th>"
		    "<th scope=\"col\">Hiệu lực đến</th><th scope=\"col\">Tải lên</th>"
		    "</tr></thead><tbody>\n");
		for (i = 0; i < n; i++) {
			buf_reset(&t);
			page_unit_words(&t, u, nu, c[i].unit);
			web_html(&r->body, "<tr><td data-label=\"Đơn vị\">%s</td>"
			    "<td data-label=\"Người ký\">%s%R%s%R</td><td data-label=\""
			    "Hiệu lực đến\">%s</td><td data-label=\"Tải lên\">%s, ",
			    buf_str(&t), c[i].subject, c[i].title ? "<br><small>" : "",
			    c[i].title ? c[i].title : "", c[i].title ? "</small>" : "",
			    date_words(&w, c[i].not_after), c[i].uploaded_by);
			web_html(&r->body, "%s</td></tr>\n", when_words(&w,
			    c[i].uploaded_at));
		}
		web_html(&r->body, "</tbody></table>\n");
	}
	if (web_key(r->web) == NULL) {
		web_html(&r->body, "<p class=\"card note\">Máy chủ chạy không có khóa "
		    "bảo vệ chứng thư (<code>ktxh serve --key-file TỆP</code>) nên "
		    "chưa tải chứng thư lên được.</p>\n");
		goto out;
	}
	web_html(&r->body, "<form method=\"post\" action=\"/admin/cert\" "
	    "enctype=\"multipart/form-data\" class=\"card narrow cert\">\n"
	    "<h2>Tải chứng thư số lên</h2>\n");
	web_csrf_field(r);
	web_html(&r->body, "<label>Đơn vị <select name=\"unit\" required>");
	for (k = 0; k < nu; k++)
		web_html(&r->body, "<option value=\"%s\">%s %s</option>", u[k].code,
		    u[k].kind, u[k].name);
	web_html(&r->body, "</select></label>\n<label>Tệp chứng thư (.p12, .pfx) "
	    "<input type=\"file\" name=\"p12\" accept=\".p12,.pfx\" required>"
	    "</label>\n<label>Mật khẩu của tệp <input type=\"password\" "
	    "name=\"password\" autocomplete=\"off\"></label>\n<button>Lưu chứng "
	    "thư số</button>\n</form>\n");
out:
	web_html(&r->body, "</section>\n");
	store_free_unit_certs(c, n);
	buf_free(&t);
	buf_free(&w);
}

void
h_admin_cert(struct req *r)
{
	const struct kv *f = web_field_kv(r, "p12");
	const char *unit = web_field(r, "unit");
	struct buf msg = BUF_INIT, loc = BUF_INIT;
	struct unit u;
	int rc;

	memset(&u, 0, sizeof(u));
	if (unit == NULL || app_find_unit(r->store, unit, &u, &msg) != 0) {
		refusal(r, 422, "Chọn đơn vị của chứng thư.", "/admin#chung-thu",
		    "Về trang Quản trị");
		goto out;
	}
	rc = sendup_put_cert(r->store, web_key(r->web), r->who.acct.name, u.code,
	    f ? f->val : "", f ? f->len : 0, web_field(r, "password"), &msg);
	if (rc != SENDUP_OK) {
		refusal(r, status_of(rc), buf_str(&msg), "/admin#chung-thu",
		    "Về trang Quản trị");
		goto out;
	}
	web_html(&loc, "/admin?cert=%U#chung-thu", u.code);
	web_redirect(r, buf_str(&loc));
out:
	unit_free(&u);
	buf_free(&msg);
	buf_free(&loc);
}

/* ---- the API ---- */

/* The non-empty lines of s as a JSON array of strings. */
static json_t *
lines_json(const char *s)
{
	json_t *arr = json_array();
	const char *nl;

	for (; *s != '\0'; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		if (nl > s)
			json_array_append_new(arr, json_stringn(s, (size_t)(nl - s)));
	}
	return arr;
}

static json_t *
submission_json(struct req *r, const struct submission *x, bool full)
{
	json_t *o = json_object(), *pdf = json_object(), *v;
	struct buf b = BUF_INIT;
	struct sendup_check k;

	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "unit", json_string(x->unit));
	json_object_set_new(o, "period", json_string(x->period));
	page_period_words(&b, x->period);
	json_object_set_new(o, "period_label", json_string(buf_str(&b)));
	json_object_set_new(o, "state", json_string(sstate_names[x->state]));
	json_object_set_new(o, "state_label",
	    json_string(sstate_labels_vi[x->state]));
	json_object_set_new(o, "source", api_jstr(x->source));
	json_object_set_new(o, "signer", api_jstr(x->signer));
	json_object_set_new(o, "signed_by", api_jstr(x->signed_by));
	json_object_set_new(o, "signed_at", api_jstr(x->signed_at));
	json_object_set_new(o, "sent_by", api_jstr(x->sent_by));
	json_object_set_new(o, "sent_at", api_jstr(x->sent_at));
	json_object_set_new(o, "decided_by", api_jstr(x->decided_by));
	json_object_set_new(o, "decided_at", api_jstr(x->decided_at));
	json_object_set_new(o, "reason", api_jstr(x->reason));
	json_object_set_new(o, "version", json_integer(x->version));
	json_object_set_new(pdf, "bytes", json_integer((json_int_t)x->pdflen));
	json_object_set_new(pdf, "sha256", api_jstr(x->pdf_sha256));
	buf_reset(&b);
	buf_printf(&b, "/api/v1/submissions/%lld/pdf", x->id);
	json_object_set_new(pdf, "url", json_string(buf_str(&b)));
	json_object_set_new(o, "pdf", pdf);
	if (full) {
		sendup_verify(x, web_ca(r->web), &k);
		v = json_object();
		json_object_set_new(v, "valid", json_boolean(k.valid));
		json_object_set_new(v, "signer", api_jstr(k.signer));
		json_object_set_new(v, "signed_at", api_jstr(k.when));
		json_object_set_new(v, "intact", json_boolean(k.has_sig && k.intact &&
		    k.whole));
		json_object_set_new(v, "trusted", json_boolean(k.trusted));
		json_object_set_new(v, "hash_matches", json_boolean(k.hash_ok));
		json_object_set_new(v, "problems", lines_json(buf_str(&k.why)));
		json_object_set_new(o, "verification", v);
		sendup_check_free(&k);
		v = x->snapshot ? json_loads(x->snapshot, 0, NULL) : NULL;
		json_object_set_new(o, "snapshot", v ? v : json_null());
	}
	buf_free(&b);
	return o;
}

void
h_api_submissions(struct req *r)
{
	const char *q = web_query(r, "unit"), *sq = web_query(r, "state");
	struct submission *x = NULL;
	struct unit *u = NULL, one;
	struct buf err = BUF_INIT;
	json_t *root, *arr;
	size_t n = 0, nu = 0, i;
	int state = -1;

	memset(&one, 0, sizeof(one));
	if (sq != NULL && *sq != '\0' && ((state = model_lookup(sstate_names,
	    sq)) < 0 || state == SSTATE_SIGNED)) {
		web_error(r, 400, "Tham số state không hợp lệ: sent, accepted hoặc "
		    "returned.");
		return;
	}
	if (q != NULL && *q != '\0') {
		if (app_find_unit(r->store, q, &one, &err) != 0) {
			web_error(r, 404, buf_str(&err));
			goto out;
		}
		if (!auth_can_read(r, one.code)) {
			web_error(r, 403, "Không được xem số liệu của đơn vị này.");
			goto out;
		}
	}
	if (visible(r, one.code, state, &x, &n, &u, &nu) != 0) {
		web_error(r, 503, "Không đọc được báo cáo gửi lên; hãy thử lại.");
		goto out;
	}
	root = json_object();
	json_object_set_new(root, "unit", api_jstr(one.code));
	json_object_set_new(root, "state", state < 0 ? json_null() :
	    json_string(sstate_names[state]));
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(arr, submission_json(r, &x[i], false));
	json_object_set_new(root, "submissions", arr);
	api_json_send(r, 200, root);
out:
	store_free_submissions(x, n);
	store_free_units(u, nu);
	unit_free(&one);
	buf_free(&err);
}

/* Send submission id, full, with status, and the members of extra
 * (consumed; may be NULL). */
static void
send_one(struct req *r, int status, long long id, json_t *extra)
{
	struct submission *x = NULL;
	json_t *o;
	size_t n = 0;

	if (store_submissions(r->store, NULL, NULL, id, true, &x, &n) != 0 ||
	    n == 0) {
		json_decref(extra);
		web_error(r, 503, "Không đọc được báo cáo gửi lên; hãy thử lại.");
		return;
	}
	o = submission_json(r, x, true);
	if (extra != NULL)
		json_object_update(o, extra);
	json_decref(extra);
	api_json_send(r, status, o);
	store_free_submissions(x, n);
}

void
h_api_submission(struct req *r)
{
	const char *verb;
	long long id = api_path_id(r, "/api/v1/submissions/", &verb);
	struct submission *x = NULL;
	size_t n = 0;

	if (id <= 0 || (verb != NULL && strcmp(verb, "pdf") != 0)) {
		web_error(r, 404, "Không có địa chỉ này: /api/v1/submissions/SỐ hoặc "
		    "/api/v1/submissions/SỐ/pdf.");
		return;
	}
	if (load_one(r, id, true, &x, &n) != 0)
		return;
	if (verb != NULL)
		send_pdf(r, x);
	else
		api_json_send(r, 200, submission_json(r, x, true));
	store_free_submissions(x, n);
}

void
h_api_submissions_sign(struct req *r)
{
	static const char *const keys[] = { "unit", "period" };
	const char *f[2] = { NULL };
	char nums[2][32];
	struct buf msg = BUF_INIT, code = BUF_INIT;
	json_t *body = NULL;
	struct unit u;
	struct period p;
	long long id = 0;
	int rc;

	memset(&u, 0, sizeof(u));
	if (api_csrf_refused(r) || api_fields(r, keys, 2, f, &body, nums) != 0)
		goto out;
	if (f[0] == NULL || *f[0] == '\0' || f[1] == NULL ||
	    period_parse(f[1], strlen(f[1]), &p) != 0) {
		web_error(r, 422, "Cần unit (đơn vị) và period (kỳ đã phê duyệt, ví "
		    "dụ 2023, 2023-Q3).");
		goto out;
	}
	if (app_find_unit(r->store, f[0], &u, &msg) != 0) {
		web_error(r, 422, buf_str(&msg));
		goto out;
	}
	if (!auth_can_read(r, u.code) || !can_sign(r, u.code)) {
		web_error(r, 403, "Chỉ người phê duyệt của đơn vị (hoặc quản trị viên) "
		    "ký số báo cáo của đơn vị.");
		goto out;
	}
	period_format(&code, &p);
	if ((rc = sendup_sign(r->store, web_key(r->web), r->who.acct.name, u.code,
	    buf_str(&code), &id, &msg)) != SENDUP_OK)
		web_error(r, status_of(rc), buf_str(&msg));
	else
		send_one(r, 201, id, NULL);
out:
	json_decref(body);
	unit_free(&u);
	buf_free(&msg);
	buf_free(&code);
}

void
h_api_submission_step(struct req *r)
{
	static const char *const keys[] = { "reason", "version" };
	const char *f[2] = { NULL }, *verb;
	char nums[2][32];
	struct buf msg = BUF_INIT;
	struct submission *x = NULL;
	json_t *body = NULL;
	long long id = api_path_id(r, "/api/v1/submissions/", &verb);
	size_t n = 0;
	int status = 0, rc;

	if (id <= 0 || verb == NULL || (strcmp(verb, "send") != 0 &&
	    strcmp(verb, "accept") != 0 && strcmp(verb, "return") != 0)) {
		web_error(r, 404, "Không có địa chỉ này: POST /api/v1/submissions/SỐ/"
		    "send, /accept hoặc /return.");
		return;
	}
	if (api_csrf_refused(r) || api_fields(r, keys, 2, f, &body, nums) != 0)
		goto out;
	if (strcmp(verb, "send") != 0)
		status = decide(r, id, verb, f[0], f[1], &msg);
	else if (page_version(f[1]) < 0) {
		buf_puts(&msg, "version phải là số nguyên dương.");
		status = 422;
	} else if (load_one(r, id, false, &x, &n) != 0)
		goto out;
	else if (!can_sign(r, x->unit)) {
		buf_puts(&msg, "Chỉ người phê duyệt của đơn vị (hoặc quản trị viên) "
		    "gửi báo cáo của đơn vị lên cấp trên.");
		status = 403;
	} else if ((rc = sendup_send(r->store, r->who.acct.name, id,
	    page_version(f[1]), &msg)) != SENDUP_OK)
		status = status_of(rc);
	if (status != 0)
		web_error(r, status, buf_str(&msg));
	else
		send_one(r, 200, id, NULL);
out:
	store_free_submissions(x, n);
	json_decref(body);
	buf_free(&msg);
}

void
h_api_submissions_bundle(struct req *r)
{
	struct bundlein b;
	struct buf h = BUF_INIT;
	enum bundlein_rc rc;
	json_t *o;

	memset(&b, 0, sizeof(b));
	if (api_csrf_refused(r))
		return;
	if ((rc = receive(r, &b)) == BUNDLEIN_OK) {
		o = json_object();
		json_object_set_new(o, "imported", json_pack("{s:I,s:I,s:I,s:I,s:I}",
		    "units", (json_int_t)b.counts.units, "indicators",
		    (json_int_t)b.counts.indicators, "targets",
		    (json_int_t)b.counts.targets, "values",
		    (json_int_t)b.counts.values, "texts",
		    (json_int_t)b.counts.texts));
		send_one(r, 201, b.id, o);
		goto out;
	}
	bundle_headline(&h, rc, &b);
	o = json_object();
	json_object_set_new(o, "error", json_string(buf_str(&h)));
	json_object_set_new(o, "status", json_integer(bundle_status(rc)));
	json_object_set_new(o, "file", api_jstr(b.file));
	json_object_set_new(o, "unit", api_jstr(b.unit));
	json_object_set_new(o, "period", api_jstr(b.period));
	json_object_set_new(o, "details", lines_json(rc == BUNDLEIN_REFUSED ?
	    buf_str(&b.report) : rc == BUNDLEIN_DATA ? buf_str(&b.msg) : ""));
	api_json_send(r, bundle_status(rc), o);
out:
	bundlein_free(&b);
	buf_free(&h);
}
