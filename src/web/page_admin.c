/* page_admin.c: Quản trị, for admins only. Accounts are listed with their
 * role, unit, sectors and whether they are disabled; an admin creates an
 * account (with the rules of `ktxh user add`), disables or enables one (never
 * their own), and resets a password. Every such change is audited (action
 * "user", object the account name; a password never reaches the log). The
 * audit log is shown newest first, filtered by unit and action, 100 entries a
 * page going back with ?before=ID. Units and the indicator catalogue are
 * shown read-only: for now they change through `ktxh import` of CSV files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/period.h"
#include "webpage.h"

#define AUDIT_PAGE 100		/* audit entries a page */
#define AUDIT_SHOWN 300		/* bytes of an old/new value shown */

/* The account-creation or password-reset form as posted, with an error
 * beside each field that was refused. */
struct user_form {
	const char	*op;		/* "create" or "password" */
	const char	*name, *role, *unit;
	const char	*e_name, *e_role, *e_unit, *e_sectors;
	const char	*e_password, *e_again;
	const char	*error;		/* a refusal not tied to one field */
};

/* Known audit actions and their Vietnamese names (others show their code). */
static const struct {
	const char *code, *label;
} actions[] = {
	{ "login", "đăng nhập" },
	{ "password", "đổi mật khẩu" },
	{ "user", "tài khoản" },
	{ "token", "mã truy cập API" },
	{ "value", "số liệu" },
	{ "target", "chỉ tiêu kế hoạch" },
	{ "text", "thuyết minh" },
	{ "state", "trạng thái kỳ báo cáo" },
	{ "request-ask", "yêu cầu giải trình" },
	{ "request-answer", "giải trình" },
	{ "request-close", "đóng yêu cầu giải trình" },
	{ "request-reopen", "hỏi thêm (mở lại yêu cầu)" },
	{ "cert", "chứng thư số của đơn vị" },
	{ "report-sign", "ký số báo cáo" },
	{ "report-send", "gửi báo cáo cấp trên" },
	{ "report-accept", "cấp trên tiếp nhận báo cáo" },
	{ "report-return", "cấp trên trả lại báo cáo" },
};

static const char *const kind_labels[KIND__MAX] = {
	"số lượng", "tỷ lệ", "có/không", "định tính", "gộp"
};

static const char *
action_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].code, code) == 0)
			return actions[i].label;
	return NULL;
}

/* Whether name is a valid account name: 1–64 of [A-Za-z0-9._-]. */
static bool
name_ok(const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' &&
		    name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '_' || name[i] == '-' || name[i] == '.'))
			return false;
	return i > 0 && i <= 64;
}

/* Whether the posted form holds key=val (a multiple select sends one field
 * per chosen option). */
static bool
form_has(const struct req *r, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, key) == 0 &&
		    strcmp(r->form[i].val, val) == 0)
			return true;
	return false;
}

static void
field_error(struct req *r, const char *msg)
{
	if (msg != NULL)
		web_html(&r->body, "<span class=\"field-error\" role=\"alert\">%s"
		    "</span>", msg);
}

/* "an account's role; unit; sectors; state", for the audit log. */
static void
account_desc(struct buf *b, const struct account *a)
{
	buf_printf(b, "vai trò %s", role_names[a->role]);
	if (a->unit != NULL)
		buf_printf(b, "; đơn vị %s", a->unit);
	if (a->sectors != NULL)
		buf_printf(b, "; lĩnh vực %s", a->sectors);
	buf_puts(b, a->disabled ? "; đã khóa" : "; đang dùng");
}

static const char *
unit_name(const struct unit *u, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(u[i].code, code) == 0)
			return u[i].name;
	return NULL;
}

/* The sectors of a comma-separated list, by name. */
static void
sector_names(struct buf *b, const struct sector *s, size_t n, const char *list)
{
	const char *p = list, *end;
	size_t i, len;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (b->len > 0)
			buf_puts(b, ", ");
		for (i = 0; i < n; i++)
			if (strlen(s[i].code) == len && strncmp(s[i].code, p, len) == 0)
				break;
		if (i < n)
			buf_puts(b, s[i].name);
		else
			buf_append(b, p, len);
		p = end;
	}
}

/* The message of a finished action (?ok=…&name=…, after the redirect). */
static void
done_message(struct req *r)
{
	const char *ok = web_query(r, "ok"), *name = web_query(r, "name");
	const char *what = NULL;

	if (ok == NULL || name == NULL)
		return;
	if (strcmp(ok, "created") == 0)
		what = "Đã tạo tài khoản";
	else if (strcmp(ok, "disabled") == 0)
		what = "Đã khóa tài khoản";
	else if (strcmp(ok, "enabled") == 0)
		what = "Đã mở khóa tài khoản";
	else if (strcmp(ok, "password") == 0)
		what = "Đã đặt lại mật khẩu của tài khoản";
	if (what != NULL)
		web_html(&r->body, "<p class=\"ok\" role=\"status\">%s %s.</p>\n",
		    what, name);
}

/* The card of one account: its password reset. */
static void
user_card(struct req *r, const struct account *a, const struct user_form *f)
{
	bool mine = f != NULL && f->op != NULL && strcmp(f->op, "password") == 0;

	web_html(&r->body, "<section class=\"card narrow\" id=\"dat-lai\">\n"
	    "<h2>Đặt lại mật khẩu của %s</h2>\n<p>Người dùng đăng nhập bằng mật "
	    "khẩu mới rồi tự đổi (mục “Đổi mật khẩu”); các phiên đăng nhập đang mở "
	    "của tài khoản này bị đóng.</p>\n<form method=\"post\" "
	    "action=\"/admin/user\">", a->name);
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"op\" value=\"password\">"
	    "<input type=\"hidden\" name=\"name\" value=\"%s\">\n<label>Mật khẩu "
	    "mới (ít nhất 10 ký tự) <input type=\"password\" name=\"password\" "
	    "autocomplete=\"new-password\" minlength=\"10\" maxlength=\"1024\" "
	    "required>", a->name);
	field_error(r, mine ? f->e_password : NULL);
	web_html(&r->body, "</label>\n<label>Nhập lại mật khẩu mới <input "
	    "type=\"password\" name=\"again\" autocomplete=\"new-password\" "
	    "required>");
	field_error(r, mine ? f->e_again : NULL);
	web_html(&r->body, "</label>\n<button>Đặt lại mật khẩu</button>\n</form>\n"
	    "<p><a href=\"/admin#tai-khoan\">Đóng</a></p>\n</section>\n");
}

static void
users_table(struct req *r, const struct account *a, size_t n,
    const struct unit *u, size_t nu, const struct sector *s, size_t ns)
{
	struct buf sec = BUF_INIT;
	const char *un;
	size_t i;

	web_html(&r->body, "<h2 id=\"tai-khoan\">Tài khoản (%zu)</h2>\n"
	    "<table class=\"responsive\"><thead><tr><th>Tên đăng nhập</th>"
	    "<th>Vai trò</th><th>Đơn vị</th><th>Lĩnh vực</th><th>Trạng thái</th>"
	    "<th>Thao tác</th></tr></thead><tbody>\n", n);
	for (i = 0; i < n; i++) {
		bool self = strcmp(a[i].name, r->who.acct.name) == 0;

		buf_reset(&sec);
		if (a[i].sectors != NULL)
			sector_names(&sec, s, ns, a[i].sectors);
		else if (a[i].role == ROLE_OFFICER)
			buf_puts(&sec, "mọi lĩnh vực");
		un = unit_name(u, nu, a[i].unit);
		web_html(&r->body, "<tr><td>%s%R</td><td>%s</td><td>", a[i].name,
		    self ? " <small>(bạn)</small>" : "",
		    role_labels_vi[a[i].role]);
		if (a[i].unit != NULL)
			web_html(&r->body, "%s <small>%s</small>", un ? un : "",
			    a[i].unit);
		else
			web_html(&r->body, "—");
		web_html(&r->body, "</td><td>%s</td><td>%s</td><td>", buf_str(&sec),
		    a[i].disabled ? "Đã khóa" : "Đang dùng");
		if (!self) {
			web_html(&r->body, "<form method=\"post\" action=\"/admin/user\" "
			    "class=\"inline\">");
			web_csrf_field(r);
			web_html(&r->body, "<input type=\"hidden\" name=\"op\" "
			    "value=\"%s\"><input type=\"hidden\" name=\"name\" "
			    "value=\"%s\"><button>%s</button></form> ",
			    a[i].disabled ? "enable" : "disable", a[i].name,
			    a[i].disabled ? "Mở khóa" : "Khóa");
		}
		web_html(&r->body, "<a href=\"/admin?user=%U#dat-lai\">Đặt lại mật "
		    "khẩu</a> · <a href=\"/admin/audit?object=%U\">Nhật ký</a>"
		    "</td></tr>\n", a[i].name, a[i].name);
	}
	web_html(&r->body, "</tbody></table>\n");
	buf_free(&sec);
}

static void
create_form(struct req *r, const struct user_form *f, const struct unit *u,
    size_t nu, const struct sector *s, size_t ns)
{
	bool posted = f != NULL && f->op != NULL && strcmp(f->op, "create") == 0;
	const char *name = posted && f->name ? f->name : "";
	const char *role = posted && f->role ? f->role : "officer";
	const char *unit = posted && f->unit ? f->unit : "";
	size_t i;
	int k;

	web_html(&r->body, "<h2 id=\"tao\">Tạo tài khoản</h2>\n<form method=\"post\" "
	    "action=\"/admin/user\" class=\"card narrow\">");
	web_csrf_field(r);
	web_html(&r->body, "<input type=\"hidden\" name=\"op\" value=\"create\">\n"
	    "<label>Tên đăng nhập (chữ không dấu, chữ số, dấu . _ -) <input "
	    "name=\"name\" value=\"%s\" maxlength=\"64\" "
	    "pattern=\"[A-Za-z0-9._\\-]{1,64}\" autocomplete=\"off\" required>",
	    name);
	field_error(r, posted ? f->e_name : NULL);
	web_html(&r->body, "</label>\n<label>Vai trò <select name=\"role\">");
	for (k = 0; k < ROLE__MAX; k++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", role_names[k],
		    strcmp(role, role_names[k]) == 0 ? " selected" : "",
		    role_labels_vi[k]);
	web_html(&r->body, "</select>");
	field_error(r, posted ? f->e_role : NULL);
	web_html(&r->body, "</label>\n<label>Đơn vị (bắt buộc, trừ vai trò quản "
	    "trị) <select name=\"unit\"><option value=\"\">— không có —</option>");
	for (i = 0; i < nu; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s %s (%s)</option>",
		    u[i].code, strcmp(unit, u[i].code) == 0 ? " selected" : "",
		    u[i].kind, u[i].name, u[i].code);
	web_html(&r->body, "</select>");
	field_error(r, posted ? f->e_unit : NULL);
	web_html(&r->body, "</label>\n<label>Lĩnh vực (chỉ với cán bộ nhập liệu; "
	    "không chọn: mọi lĩnh vực của đơn vị) <select name=\"sectors\" "
	    "multiple size=\"%d\">", ns < 6 ? (int)ns + 1 : 6);
	for (i = 0; i < ns; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", s[i].code,
		    posted && form_has(r, "sectors", s[i].code) ? " selected" : "",
		    s[i].name);
	web_html(&r->body, "</select>");
	field_error(r, posted ? f->e_sectors : NULL);
	web_html(&r->body, "</label>\n<label>Mật khẩu ban đầu (ít nhất 10 ký tự) "
	    "<input type=\"password\" name=\"password\" autocomplete=\"new-password\" "
	    "minlength=\"10\" maxlength=\"1024\" required>");
	field_error(r, posted ? f->e_password : NULL);
	web_html(&r->body, "</label>\n<label>Nhập lại mật khẩu <input "
	    "type=\"password\" name=\"again\" autocomplete=\"new-password\" "
	    "required>");
	field_error(r, posted ? f->e_again : NULL);
	web_html(&r->body, "</label>\n<button>Tạo tài khoản</button>\n</form>\n");
}

static void
units_table(struct req *r, const struct unit *u, size_t n)
{
	struct buf d = BUF_INIT;
	const char *pn;
	size_t i;

	web_html(&r->body, "<h2 id=\"don-vi\">Đơn vị hành chính (%zu)</h2>\n"
	    "<table class=\"responsive\"><thead><tr><th>Mã</th><th>Tên</th>"
	    "<th>Cấp trên</th><th>Hiệu lực</th><th>Xem</th></tr></thead><tbody>\n",
	    n);
	for (i = 0; i < n; i++) {
		pn = unit_name(u, n, u[i].parent);
		buf_reset(&d);
		if (date_isset(&u[i].valid_from)) {
			buf_puts(&d, "từ ");
			date_format_vi(&d, &u[i].valid_from);
		}
		if (date_isset(&u[i].valid_to)) {
			buf_puts(&d, d.len ? " đến " : "đến ");
			date_format_vi(&d, &u[i].valid_to);
		}
		web_html(&r->body, "<tr><td>%s</td><td>%s %s</td><td>", u[i].code,
		    u[i].kind, u[i].name);
		if (u[i].parent != NULL)
			web_html(&r->body, "%s <small>%s</small>", pn ? pn : "",
			    u[i].parent);
		web_html(&r->body, "</td><td>%s</td><td><a href=\"/?unit=%U\">Tổng "
		    "quan</a> · <a href=\"/units?unit=%U\">Đơn vị cấp dưới</a> · "
		    "<a href=\"/admin/audit?unit=%U\">Nhật ký</a></td></tr>\n",
		    buf_str(&d), u[i].code, u[i].code, u[i].code);
	}
	web_html(&r->body, "</tbody></table>\n");
	buf_free(&d);
}

static void
indicators_table(struct req *r, const struct sector *s, size_t ns)
{
	struct indicator *ind = NULL;
	size_t n = 0, i, k;
	const char *sn;

	if (store_indicators(r->store, &ind, &n) != 0) {
		web_html(&r->body, "<p class=\"error\">Không đọc được danh mục chỉ "
		    "tiêu: %s</p>\n", store_error(r->store));
		return;
	}
	web_html(&r->body, "<h2 id=\"chi-tieu\">Danh mục chỉ tiêu (%zu)</h2>\n"
	    "<table class=\"responsive\"><thead><tr><th>Mã</th><th>Tên chỉ tiêu"
	    "</th><th>Lĩnh vực</th><th>Đơn vị tính</th><th>Loại</th>"
	    "<th>Thuộc chỉ tiêu gộp</th></tr></thead><tbody>\n", n);
	for (i = 0; i < n; i++) {
		sn = ind[i].sector;
		for (k = 0; k < ns; k++)
			if (strcmp(s[k].code, ind[i].sector) == 0)
				sn = s[k].name;
		web_html(&r->body, "<tr><td><a href=\"/indicator?code=%U\">%s</a>"
		    "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "</tr>\n", ind[i].code, ind[i].code, ind[i].name, sn,
		    ind[i].uom ? ind[i].uom : "", kind_labels[ind[i].kind],
		    ind[i].parent ? ind[i].parent : "");
	}
	web_html(&r->body, "</tbody></table>\n");
	store_free_indicators(ind, n);
}

/* The whole page; f, when not NULL, is a refused form to show again. */
static void
admin_page(struct req *r, const struct user_form *f)
{
	const char *sel = web_query(r, "user");
	struct account *a = NULL, card;
	struct unit *u = NULL;
	struct sector *s = NULL;
	size_t n = 0, nu = 0, ns = 0;
	bool found = false;

	memset(&card, 0, sizeof(card));
	if (f != NULL && f->op != NULL && strcmp(f->op, "password") == 0)
		sel = f->name;
	if (store_accounts(r->store, &a, &n) != 0 ||
	    store_units(r->store, &u, &nu) != 0 ||
	    store_sectors(r->store, &s, &ns) != 0) {
		web_error(r, 503, "Không đọc được dữ liệu; hãy thử lại.");
		goto out;
	}
	web_page_begin(r, "Quản trị");
	web_html(&r->body, "<p class=\"filters\"><a href=\"#tai-khoan\">Tài khoản"
	    "</a> · <a href=\"#tao\">Tạo tài khoản</a> · <a href=\"/admin/audit\">"
	    "Nhật ký thay đổi</a> · <a href=\"#chung-thu\">Chứng thư số</a> · "
	    "<a href=\"#don-vi\">Đơn vị</a> · "
	    "<a href=\"#chi-tieu\">Danh mục chỉ tiêu</a></p>\n");
	done_message(r);
	if (f != NULL && f->error != NULL)
		web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n",
		    f->error);
	else if (f != NULL && f->op != NULL && strcmp(f->op, "create") == 0)
		web_html(&r->body, "<p class=\"error\" role=\"alert\">Chưa tạo tài "
		    "khoản: sửa các ô có báo lỗi ở <a href=\"#tao\">biểu mẫu tạo "
		    "tài khoản</a> rồi gửi lại.</p>\n");
	if (sel != NULL && *sel != '\0') {
		if (store_account(r->store, sel, &card, &found) == 0 && found)
			user_card(r, &card, f);
		else
			web_html(&r->body, "<p class=\"error\" role=\"alert\">Không có "
			    "tài khoản “%s”.</p>\n", sel);
	}
	users_table(r, a, n, u, nu, s, ns);
	create_form(r, f, u, nu, s, ns);
	page_certs(r, u, nu);
	web_html(&r->body, "<p class=\"card\">Đơn vị và danh mục chỉ tiêu hiện "
	    "chỉ xem được ở đây; muốn thêm hoặc sửa, hãy sửa các tệp "
	    "<code>units.csv</code>, <code>sectors.csv</code>, "
	    "<code>indicators.csv</code> (xem docs/formats.md) rồi nhập lại trên "
	    "máy chủ bằng lệnh <code>ktxh import --db ĐƯỜNG_DẪN_CSDL THƯ_MỤC_CSV"
	    "</code>, ví dụ <code>ktxh import --db ktxh.db data/nhon-hung</code>. "
	    "Lệnh kiểm tra từng dòng và chỉ ghi khi không có lỗi nào.</p>\n");
	units_table(r, u, nu);
	indicators_table(r, s, ns);
	web_page_end(r);
out:
	account_free(&card);
	store_free_accounts(a, n);
	store_free_units(u, nu);
	store_free_sectors(s, ns);
}

void
h_admin(struct req *r)
{
	admin_page(r, NULL);
}

/* Redirect to the page with the message of a finished action. */
static void
done(struct req *r, const char *ok, const char *name)
{
	struct buf loc = BUF_INIT;

	buf_puts(&loc, "/admin?ok=");
	buf_puts(&loc, ok);
	buf_puts(&loc, "&name=");
	web_html(&loc, "%U", name);	/* URL-encoded: a name is [A-Za-z0-9._-] */
	buf_puts(&loc, "#tai-khoan");
	web_redirect(r, buf_str(&loc));
	buf_free(&loc);
}

/* Check the password and its repetition; false with the errors set. */
static bool
password_ok(const char *pw, const char *again, struct user_form *f)
{
	if (pw == NULL || strlen(pw) < 10) {
		f->e_password = "Mật khẩu phải có từ 10 ký tự.";
		return false;
	}
	if (strlen(pw) > 1024) {
		f->e_password = "Mật khẩu dài quá 1024 ký tự.";
		return false;
	}
	if (again == NULL || strcmp(pw, again) != 0) {
		f->e_again = "Hai lần nhập mật khẩu không khớp.";
		return false;
	}
	return true;
}

static void
user_create(struct req *r)
{
	const char *pw = web_field(r, "password"), *again = web_field(r, "again");
	struct user_form f;
	struct buf err = BUF_INIT, sectors = BUF_INIT, desc = BUF_INIT;
	struct account a, old;
	struct sector *s = NULL;
	struct unit u;
	char hash[128];
	size_t ns = 0, i, k;
	bool found = false, bad = false;
	int role = -1;

	memset(&f, 0, sizeof(f));
	memset(&a, 0, sizeof(a));
	memset(&old, 0, sizeof(old));
	memset(&u, 0, sizeof(u));
	f.op = "create";
	f.name = web_field(r, "name");
	f.role = web_field(r, "role");
	f.unit = web_field(r, "unit");
	if (f.unit != NULL && *f.unit == '\0')
		f.unit = NULL;
	if (f.name == NULL || !name_ok(f.name)) {
		f.e_name = "Tên đăng nhập gồm 1–64 ký tự: chữ không dấu, chữ số, "
		    "dấu chấm, gạch dưới, gạch nối.";
		bad = true;
	} else if (store_account(r->store, f.name, &old, &found) != 0) {
		web_error(r, 503, "Không đọc được tài khoản; hãy thử lại.");
		goto out;
	} else if (found) {
		f.e_name = "Đã có tài khoản tên này; hãy chọn tên khác.";
		bad = true;
	}
	if (f.role == NULL || (role = model_lookup(role_names, f.role)) < 0) {
		f.e_role = "Chọn một vai trò: quản trị, phê duyệt, cán bộ nhập liệu "
		    "hoặc xem.";
		bad = true;
	}
	if (role >= 0 && role != ROLE_ADMIN && f.unit == NULL) {
		f.e_unit = "Vai trò này cần chọn đơn vị.";
		bad = true;
	} else if (f.unit != NULL && app_find_unit(r->store, f.unit, &u,
	    &err) != 0) {
		f.e_unit = "Không có đơn vị này.";
		bad = true;
	}
	if (store_sectors(r->store, &s, &ns) != 0) {
		web_error(r, 503, "Không đọc được danh sách lĩnh vực; hãy thử lại.");
		goto out;
	}
	for (i = 0; i < r->nform; i++) {
		if (strcmp(r->form[i].key, "sectors") != 0 || *r->form[i].val == '\0')
			continue;
		if (role >= 0 && role != ROLE_OFFICER) {
			f.e_sectors = "Chỉ cán bộ nhập liệu mới được gắn lĩnh vực; bỏ "
			    "chọn lĩnh vực hoặc đổi vai trò.";
			bad = true;
			break;
		}
		for (k = 0; k < ns && strcmp(s[k].code, r->form[i].val) != 0; k++)
			;
		if (k == ns) {
			f.e_sectors = "Có lĩnh vực không tồn tại; chọn trong danh sách.";
			bad = true;
			break;
		}
		if (sectors.len > 0)
			buf_putc(&sectors, ',');
		buf_puts(&sectors, s[k].code);
	}
	if (!password_ok(pw, again, &f))
		bad = true;
	if (bad) {
		r->status = 422;
		admin_page(r, &f);
		goto out;
	}
	if (auth_hash_password(pw, hash) != 0) {
		web_error(r, 503, "Không băm được mật khẩu; hãy thử lại.");
		goto out;
	}
	a.name = (char *)f.name;
	a.role = (enum role)role;
	a.unit = u.code;
	a.sectors = sectors.len > 0 ? sectors.data : NULL;
	a.pwhash = hash;
	account_desc(&desc, &a);
	if (store_begin(r->store) != 0 || store_put_account(r->store, &a) != 0 ||
	    store_audit(r->store, r->who.acct.name, u.code, "user", f.name, NULL,
	    buf_str(&desc)) != 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		web_error(r, 503, "Không ghi được tài khoản; không có gì thay đổi. "
		    "Hãy thử lại.");
		goto out;
	}
	done(r, "created", f.name);
out:
	account_free(&old);
	store_free_sectors(s, ns);
	unit_free(&u);
	buf_free(&err);
	buf_free(&sectors);
	buf_free(&desc);
}

/* Disable or enable an account (op "disable" / "enable"). */
static void
user_toggle(struct req *r, const char *name, bool disable)
{
	struct user_form f;
	struct account a;
	bool found = false;

	memset(&f, 0, sizeof(f));
	if (store_account(r->store, name, &a, &found) != 0) {
		web_error(r, 503, "Không đọc được tài khoản; hãy thử lại.");
		return;
	}
	if (!found) {
		web_error(r, 404, "Không có tài khoản này.");
		return;
	}
	if (disable && strcmp(name, r->who.acct.name) == 0) {
		f.error = "Bạn không thể tự khóa tài khoản của chính mình; nhờ một "
		    "quản trị viên khác nếu cần.";
		r->status = 400;
		admin_page(r, &f);
		account_free(&a);
		return;
	}
	if (a.disabled != disable) {
		a.disabled = disable;
		if (store_begin(r->store) != 0 || store_put_account(r->store, &a) != 0 ||
		    (disable && auth_end_sessions(r, name) != 0) ||
		    store_audit(r->store, r->who.acct.name, a.unit, "user", name,
		    disable ? "đang dùng" : "đã khóa", disable ? "đã khóa" :
		    "đang dùng") != 0 || store_commit(r->store) != 0) {
			store_rollback(r->store);
			account_free(&a);
			web_error(r, 503, "Không ghi được thay đổi; hãy thử lại.");
			return;
		}
	}
	done(r, disable ? "disabled" : "enabled", name);
	account_free(&a);
}

static void
user_password(struct req *r, const char *name)
{
	const char *pw = web_field(r, "password"), *again = web_field(r, "again");
	struct user_form f;
	struct account a;
	char hash[128];
	bool found = false;

	memset(&f, 0, sizeof(f));
	f.op = "password";
	f.name = name;
	if (store_account(r->store, name, &a, &found) != 0) {
		web_error(r, 503, "Không đọc được tài khoản; hãy thử lại.");
		return;
	}
	if (!found) {
		web_error(r, 404, "Không có tài khoản này.");
		return;
	}
	if (!password_ok(pw, again, &f)) {
		r->status = 422;
		admin_page(r, &f);
		account_free(&a);
		return;
	}
	if (auth_hash_password(pw, hash) != 0) {
		account_free(&a);
		web_error(r, 503, "Không băm được mật khẩu; hãy thử lại.");
		return;
	}
	/* The person must sign in again with the new password; an admin who
	 * resets their own keeps this session, not the others. */
	if (store_begin(r->store) != 0 ||
	    store_set_password(r->store, name, hash) != 0 ||
	    auth_end_sessions(r, name) != 0 ||
	    store_audit(r->store, r->who.acct.name, a.unit, "user", name, NULL,
	    "đặt lại mật khẩu") != 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		account_free(&a);
		web_error(r, 503, "Không đặt lại được mật khẩu; hãy thử lại.");
		return;
	}
	account_free(&a);
	done(r, "password", name);
}

void
h_admin_user(struct req *r)
{
	const char *op = web_field(r, "op"), *name = web_field(r, "name");

	if (op != NULL && strcmp(op, "create") == 0) {
		user_create(r);
		return;
	}
	if (op == NULL || name == NULL || !name_ok(name)) {
		web_error(r, 400, "Yêu cầu không hợp lệ: thiếu thao tác hoặc tên tài "
		    "khoản.");
		return;
	}
	if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0)
		user_toggle(r, name, strcmp(op, "disable") == 0);
	else if (strcmp(op, "password") == 0)
		user_password(r, name);
	else
		web_error(r, 400, "Thao tác không hợp lệ: dùng create, disable, "
		    "enable hoặc password.");
}

/* ---- the audit log ---- */

/* The walk over the log: which entries to show and how many so far. */
struct audit_walk {
	struct req	*r;
	const char	*action;	/* filter, or NULL */
	long long	 before;	/* only ids below this; 0: from the newest */
	int		 shown;
	long long	 last;		/* id of the last entry shown */
	bool		 more;		/* an older entry matches too */
};

/* "2025-11-28T06:24:05Z" (UTC) as Vietnam's time "28/11/2025 13:24:05". */
static void
local_time(struct buf *b, const char *at)
{
	struct tm tm;
	time_t t;
	int y, mo, d, h, mi, s;

	if (at == NULL || sscanf(at, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi,
	    &s) != 6) {
		buf_puts(b, at ? at : "");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm) + 7 * 3600;	/* UTC+7, no daylight saving */
	gmtime_r(&t, &tm);
	buf_printf(b, "%02d/%02d/%04d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* At most AUDIT_SHOWN bytes of s, cut on a character boundary. */
static void
shorten(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (n <= AUDIT_SHOWN) {
		buf_puts(b, s);
		return;
	}
	n = AUDIT_SHOWN;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	buf_append(b, s, n);
	buf_puts(b, "…");
}

static int
audit_row(const struct audit *a, void *arg)
{
	struct audit_walk *w = arg;
	struct buf when = BUF_INIT, old = BUF_INIT, nw = BUF_INIT;
	const char *label;

	if (w->before > 0 && a->id >= w->before)
		return 0;
	if (w->action != NULL && (a->action == NULL ||
	    strcmp(a->action, w->action) != 0))
		return 0;
	if (w->shown == AUDIT_PAGE) {
		w->more = true;
		return 1;
	}
	local_time(&when, a->at);
	shorten(&old, a->old);
	shorten(&nw, a->new_);
	label = action_label(a->action);
	web_html(&w->r->body, "<tr><td class=\"num\">%ld</td><td><time "
	    "datetime=\"%s\">%s</time></td><td>%s</td><td>%s</td><td>%s",
	    (long)a->id, a->at ? a->at : "", buf_str(&when),
	    a->account ? a->account : "", a->unit ? a->unit : "",
	    label ? label : a->action ? a->action : "");
	if (label != NULL)
		web_html(&w->r->body, " <small>%s</small>", a->action);
	web_html(&w->r->body, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
	    a->object ? a->object : "", buf_str(&old), buf_str(&nw));
	w->shown++;
	w->last = a->id;
	buf_free(&when);
	buf_free(&old);
	buf_free(&nw);
	return 0;
}

void
h_admin_audit(struct req *r)
{
	const char *unit = web_query(r, "unit"), *action = web_query(r, "action");
	const char *object = web_query(r, "object"), *bs = web_query(r, "before");
	struct audit_walk w;
	struct unit *u = NULL;
	size_t nu = 0, i;
	char *end = NULL;
	int rc;

	memset(&w, 0, sizeof(w));
	w.r = r;
	if (unit != NULL && *unit == '\0')
		unit = NULL;
	if (object != NULL && *object == '\0')
		object = NULL;
	w.action = action != NULL && *action != '\0' ? action : NULL;
	if (bs != NULL && *bs != '\0') {
		w.before = strtoll(bs, &end, 10);
		if (*end != '\0' || w.before <= 0) {
			web_error(r, 400, "Tham số before không hợp lệ: dùng số thứ tự "
			    "của một dòng nhật ký.");
			return;
		}
	}
	if (store_units(r->store, &u, &nu) != 0) {
		web_error(r, 503, "Không đọc được danh sách đơn vị; hãy thử lại.");
		return;
	}
	web_page_begin(r, "Nhật ký thay đổi");
	web_html(&r->body, "<p><a href=\"/admin\">← Quản trị</a></p>\n"
	    "<form method=\"get\" action=\"/admin/audit\" class=\"filters card\">\n"
	    "<label>Đơn vị <select name=\"unit\"><option value=\"\">Mọi đơn vị"
	    "</option>");
	for (i = 0; i < nu; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s %s (%s)</option>",
		    u[i].code, unit && strcmp(unit, u[i].code) == 0 ? " selected" : "",
		    u[i].kind, u[i].name, u[i].code);
	web_html(&r->body, "</select></label>\n<label>Việc <select name=\"action\">"
	    "<option value=\"\">Mọi việc</option>");
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>",
		    actions[i].code, w.action && strcmp(w.action, actions[i].code) ==
		    0 ? " selected" : "", actions[i].label);
	if (w.action != NULL && action_label(w.action) == NULL)
		web_html(&r->body, "<option value=\"%s\" selected>%s</option>",
		    w.action, w.action);
	web_html(&r->body, "</select></label>\n");
	if (object != NULL)
		web_html(&r->body, "<label>Đối tượng <input name=\"object\" "
		    "value=\"%s\"></label>\n", object);
	web_html(&r->body, "<button>Lọc</button>\n</form>\n"
	    "<p>Mới nhất ở trên; giờ Việt Nam (UTC+7). Mỗi trang %d dòng.</p>\n"
	    "<table class=\"responsive\"><thead><tr><th>Số</th><th>Thời điểm</th>"
	    "<th>Tài khoản</th><th>Đơn vị</th><th>Việc</th><th>Đối tượng</th>"
	    "<th>Trước</th><th>Sau</th></tr></thead><tbody>\n", AUDIT_PAGE);
	/* No limit in SQL: the action filter and the page are applied here,
	 * and the walk stops one entry past the page. */
	rc = store_each_audit(r->store, unit, object, -1, audit_row, &w);
	web_html(&r->body, "</tbody></table>\n");
	if (rc < 0)
		web_html(&r->body, "<p class=\"error\">Không đọc hết được nhật ký: "
		    "%s</p>\n", store_error(r->store));
	if (w.shown == 0)
		web_html(&r->body, "<p class=\"card\">Không có dòng nhật ký nào khớp "
		    "bộ lọc.</p>\n");
	web_html(&r->body, "<p>");
	if (w.before > 0)
		web_html(&r->body, "<a href=\"/admin/audit?unit=%U&amp;action=%U"
		    "&amp;object=%U\">« Mới nhất</a> ", unit ? unit : "",
		    w.action ? w.action : "", object ? object : "");
	if (w.more)
		web_html(&r->body, "<a href=\"/admin/audit?unit=%U&amp;action=%U"
		    "&amp;object=%U&amp;before=%ld\">Cũ hơn »</a>", unit ? unit : "",
		    w.action ? w.action : "", object ? object : "", (long)w.last);
	web_html(&r->body, "</p>\n");
	web_page_end(r);
	store_free_units(u, nu);
}
