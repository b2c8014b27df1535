/* auth.c: accounts, sessions and permissions. Passwords are Argon2id hashes
 * (libsodium); a session is a random token whose hash alone is stored, sent
 * as an HttpOnly SameSite cookie (Secure over HTTPS), with its own CSRF
 * token, ending after WEB_SESSION_IDLE without a request or
 * WEB_SESSION_SECONDS after the login; API clients send a bearer token made
 * by `ktxh token add`. Failed passwords are counted in the database per
 * (client address, name) and per address, and answered 429 at once while
 * their wait lasts: a guesser cannot lock the owner out from elsewhere, and
 * no worker sleeps. Every permission question goes through auth_allowed,
 * auth_can_read and auth_can_write, checked on the server for every route. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "web.h"

int
auth_hash_password(const char *pw, char out[128])
{
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

bool
auth_check_password(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void
auth_token(char out[48])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 48, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static long long
now(void)
{
	return (long long)time(NULL);
}

static void
load_account(struct req *r, const char *name)
{
	bool found;

	if (store_account(r->store, name, &r->who.acct, &found) == 0 && found &&
	    !r->who.acct.disabled)
		r->who.in = true;
	else
		account_free(&r->who.acct);
}

void
auth_identify(struct req *r)
{
	struct buf name = BUF_INIT, csrf = BUF_INIT;
	char hash[65];
	bool found = false;

	/* An API token opens the API only; the pages want a session. */
	if (r->authorization != NULL &&
	    strncmp(r->authorization, "Bearer ", 7) == 0 &&
	    strncmp(r->path, "/api/", 5) == 0) {
		auth_token_hash(r->authorization + 7, hash);
		if (store_token(r->store, hash, &name, &found) == 0 && found) {
			load_account(r, buf_str(&name));
			r->who.by_token = true;
		}
	} else if (r->cookie_session != NULL) {
		auth_token_hash(r->cookie_session, hash);
		if (store_session(r->store, hash, now(), WEB_SESSION_IDLE, &name,
		    &csrf, &found) == 0 && found) {
			load_account(r, buf_str(&name));
			snprintf(r->who.csrf, sizeof(r->who.csrf), "%s", buf_str(&csrf));
		}
	}
	buf_free(&name);
	buf_free(&csrf);
}

int
auth_end_sessions(struct req *r, const char *account)
{
	char hash[65];
	bool own = r->cookie_session != NULL && r->who.in && !r->who.by_token &&
	    strcmp(r->who.acct.name, account) == 0;

	if (own)
		auth_token_hash(r->cookie_session, hash);
	return store_del_other_sessions(r->store, account, own ? hash : NULL);
}

bool
auth_allowed(const struct req *r, enum web_access a)
{
	enum role role = r->who.acct.role;

	switch (a) {
	case ACCESS_PUBLIC:
		return true;
	case ACCESS_SIGNED_IN:
		return r->who.in;
	case ACCESS_WRITER:
		return r->who.in && role != ROLE_VIEWER;
	case ACCESS_APPROVER:
		return r->who.in && (role == ROLE_APPROVER || role == ROLE_ADMIN);
	case ACCESS_ADMIN:
		return r->who.in && role == ROLE_ADMIN;
	}
	return false;
}

/* Whether unit is home or lies below it, in the list u of n units: one
 * question, a walk up without an index. */
static bool
within(const struct unit *u, size_t n, const char *home, const char *unit)
{
	size_t i, steps;
	const char *cur = unit;

	if (home == NULL || unit == NULL)
		return false;
	if (strcmp(home, unit) == 0)
		return true;
	for (steps = 0; cur != NULL && steps < n; steps++) {
		for (i = 0; i < n && strcmp(u[i].code, cur) != 0; i++)
			;
		cur = i < n ? u[i].parent : NULL;
		if (cur != NULL && strcmp(cur, home) == 0)
			return true;
	}
	return false;
}

bool
auth_can_read_in(const struct req *r, const struct utree *t,
    const char *unit)
{
	if (!r->who.in)
		return false;
	if (r->who.acct.role == ROLE_ADMIN)
		return true;
	return r->who.acct.unit != NULL && utree_within(t, r->who.acct.unit, unit);
}

bool
auth_can_read(struct req *r, const char *unit)
{
	struct unit *u = NULL;
	size_t n = 0;
	bool yes;

	if (!r->who.in)
		return false;
	if (r->who.acct.role == ROLE_ADMIN)
		return true;
	/* The own unit needs no walk up the hierarchy. */
	if (r->who.acct.unit != NULL && unit != NULL &&
	    strcmp(r->who.acct.unit, unit) == 0)
		return true;
	if (store_units(r->store, &u, &n) != 0)
		return false;
	yes = within(u, n, r->who.acct.unit, unit);
	store_free_units(u, n);
	return yes;
}

/* Whether sector is in the officer's comma-separated list. */
static bool
has_sector(const char *list, const char *sector)
{
	size_t n = strlen(sector);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, sector, n) == 0 && (p[n] == ',' || p[n] == '\0' ||
		    p[n] == ' '))
			return true;
		p = strchr(p, ',');
	}
	return false;
}

bool
auth_can_write(struct req *r, const char *unit, const char *sector)
{
	if (!r->who.in)
		return false;
	switch (r->who.acct.role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_APPROVER:
		return r->who.acct.unit != NULL && unit != NULL &&
		    strcmp(r->who.acct.unit, unit) == 0;
	case ROLE_OFFICER:
		return r->who.acct.unit != NULL && unit != NULL &&
		    strcmp(r->who.acct.unit, unit) == 0 &&
		    (sector == NULL || r->who.acct.sectors == NULL ||
		    has_sector(r->who.acct.sectors, sector));
	default:
		return false;
	}
}

bool
auth_above(struct req *r)
{
	const struct web_units *x;

	if (!r->who.in)
		return false;
	if (r->who.acct.role == ROLE_ADMIN)
		return true;
	if (r->who.acct.unit == NULL || (x = web_units(r)) == NULL)
		return false;
	return utree_has_kids(&x->tree, r->who.acct.unit);
}

/* ---- pages ---- */

/* Whether s looks like a token of auth_token (43 URL-safe characters). */
static bool
token_shaped(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return i == 43;
}

static void
login_page(struct req *r, const char *error, const char *name)
{
	char token[48];

	/* Before a session exists the form's CSRF token is a double-submit
	 * cookie: the post must carry the same value in both. A browser that
	 * has one keeps it, so an open second tab still works. */
	if (r->cookie_csrf != NULL && token_shaped(r->cookie_csrf))
		snprintf(token, sizeof(token), "%s", r->cookie_csrf);
	else {
		auth_token(token);
		buf_printf(&r->headers, "Set-Cookie: ktxh_csrf=%s; Path=/; "
		    "HttpOnly; SameSite=Strict%s\n", token, web_cookie_secure(r));
	}
	web_page_begin(r, "Đăng nhập");
	if (error != NULL)
		web_html(&r->body, "<p class=\"error\" role=\"alert\">%s</p>\n", error);
	web_html(&r->body, "<form method=\"post\" action=\"/login\" class=\"card "
	    "narrow\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label>Tên đăng nhập <input name=\"username\" value=\"%s\" "
	    "autocomplete=\"username\" required autofocus></label>\n"
	    "<label>Mật khẩu <input type=\"password\" name=\"password\" "
	    "autocomplete=\"current-password\" required></label>\n"
	    "<button>Đăng nhập</button>\n</form>\n", token, name ? name : "");
	web_page_end(r);
}

void
h_login_form(struct req *r)
{
	if (r->who.in) {
		web_redirect(r, "/");
		return;
	}
	login_page(r, NULL, NULL);
}

/* The wait after count failures of which free_tries cost nothing: 1, 2,
 * 4 … WEB_THROTTLE_MAX seconds. */
static long long
throttle_wait(int count, int free_tries)
{
	int k = count - free_tries;
	long long wait;

	if (k < 0)
		return 0;
	wait = 1LL << (k < 6 ? k : 6);
	return wait < WEB_THROTTLE_MAX ? wait : WEB_THROTTLE_MAX;
}

/* How many seconds the client must still wait before trying a password
 * for name (0: none), from the counts of the database. */
static long long
throttle_left(const struct login_fails *f, long long t)
{
	long long wn = throttle_wait(f->name_count, WEB_THROTTLE_NAME_FREE);
	long long wa = throttle_wait(f->addr_count, WEB_THROTTLE_ADDR_FREE);
	long long left = 0;

	/* Whole seconds: "<=" makes each wait at least that long. */
	if (wn > 0 && t - f->name_last <= wn)
		left = wn - (t - f->name_last) + 1;
	if (wa > 0 && t - f->addr_last <= wa && wa - (t - f->addr_last) + 1 > left)
		left = wa - (t - f->addr_last) + 1;
	return left;
}

/*
 * Before checking a password of name: whether the client may try now. When
 * not, sets the status (429 throttled or this address's share of hashing in
 * use, 503 every hashing slot in use or the store failing), Retry-After
 * and the message in why (WHY_SIZE bytes), and returns false. When it may, the caller holds a hashing slot
 * and must call web_hash_leave.
 */
#define WHY_SIZE 160

static bool
password_gate(struct req *r, const char *name, char *why)
{
	struct login_fails f;
	long long left;

	if (store_login_throttle(r->store, r->remote, name,
	    now() - WEB_THROTTLE_FORGET, &f) != 0) {
		r->status = 503;
		buf_puts(&r->headers, "Retry-After: 1\n");
		snprintf(why, WHY_SIZE, "Máy chủ tạm thời không kiểm tra được mật "
		    "khẩu; hãy thử lại.");
		return false;
	}
	if ((left = throttle_left(&f, now())) > 0) {
		r->status = 429;
		buf_printf(&r->headers, "Retry-After: %lld\n", left);
		snprintf(why, WHY_SIZE, "Đăng nhập sai nhiều lần từ máy này: hãy đợi "
		    "%lld giây rồi thử lại.", left);
		return false;
	}
	switch (web_hash_enter(r->web, r->remote, f.addr_count > 0)) {
	case GATE_OK:
		return true;
	case GATE_ADDR_BUSY:
		r->status = 429;
		snprintf(why, WHY_SIZE, "Đang kiểm tra một mật khẩu khác từ máy này: "
		    "hãy thử lại sau giây lát.");
		break;
	case GATE_FULL:
		r->status = 503;
		snprintf(why, WHY_SIZE, "Máy chủ đang bận kiểm tra mật khẩu: hãy thử "
		    "lại sau giây lát.");
		break;
	}
	buf_puts(&r->headers, "Retry-After: 1\n");
	return false;
}

void
h_login(struct req *r)
{
	const char *name = web_field(r, "username"), *pw = web_field(r, "password");
	const char *csrf = web_field(r, "csrf");
	char why[WHY_SIZE];
	char token[48], hash[65], sess_csrf[48];
	struct account a;
	bool found = false, ok = false;

	if (csrf == NULL || r->cookie_csrf == NULL ||
	    strlen(csrf) != strlen(r->cookie_csrf) ||
	    sodium_memcmp(csrf, r->cookie_csrf, strlen(csrf)) != 0) {
		r->status = 403;
		login_page(r, "Biểu mẫu đăng nhập hết hạn hoặc không hợp lệ: hãy "
		    "đăng nhập lại.", name);
		return;
	}
	if (name == NULL || pw == NULL || *name == '\0' || strlen(name) > 64 ||
	    strlen(pw) > 1024) {
		r->status = 400;
		login_page(r, "Nhập tên đăng nhập và mật khẩu.", NULL);
		return;
	}
	if (!password_gate(r, name, why)) {
		login_page(r, why, name);
		return;
	}
	if (store_account(r->store, name, &a, &found) == 0 && found &&
	    !a.disabled)
		ok = auth_check_password(a.pwhash, pw);
	else	/* The same work for an unknown name: no timing hint. */
		auth_check_password(web_dummy_hash(r->web), pw);
	web_hash_leave(r->web, r->remote);
	if (!ok) {
		store_login_failed(r->store, r->remote, name, now(),
		    now() - WEB_THROTTLE_FORGET);
		account_free(&a);
		r->status = 401;
		login_page(r, "Tên đăng nhập hoặc mật khẩu không đúng.", name);
		return;
	}
	store_login_ok(r->store, r->remote, name);
	auth_token(token);
	auth_token(sess_csrf);
	auth_token_hash(token, hash);
	if (store_put_session(r->store, hash, a.name, sess_csrf, now(),
	    now() + WEB_SESSION_SECONDS) != 0) {
		account_free(&a);
		web_error(r, 503, "Không tạo được phiên đăng nhập; hãy thử lại.");
		return;
	}
	store_audit(r->store, a.name, a.unit, "login", NULL, NULL, NULL);
	buf_printf(&r->headers, "Set-Cookie: ktxh_session=%s; Path=/; HttpOnly; "
	    "SameSite=Lax; Max-Age=%d%s\n", token, WEB_SESSION_SECONDS,
	    web_cookie_secure(r));
	account_free(&a);
	web_redirect(r, "/");
}

void
h_logout(struct req *r)
{
	char hash[65];

	if (r->cookie_session != NULL) {
		auth_token_hash(r->cookie_session, hash);
		store_del_session(r->store, hash, now());
	}
	buf_printf(&r->headers, "Set-Cookie: ktxh_session=; Path=/; HttpOnly; "
	    "SameSite=Lax; Max-Age=0%s\n", web_cookie_secure(r));
	web_redirect(r, "/login");
}

static void
password_page(struct req *r, const char *msg, bool error)
{
	web_page_begin(r, "Đổi mật khẩu");
	if (msg != NULL)
		web_html(&r->body, "<p class=\"%s\" role=\"alert\">%s</p>\n",
		    error ? "error" : "ok", msg);
	web_html(&r->body, "<form method=\"post\" action=\"/password\" "
	    "class=\"card narrow\">\n");
	web_csrf_field(r);
	web_html(&r->body, "\n<label>Mật khẩu hiện tại <input type=\"password\" "
	    "name=\"old\" autocomplete=\"current-password\" required></label>\n"
	    "<label>Mật khẩu mới (ít nhất 10 ký tự) <input type=\"password\" "
	    "name=\"new\" autocomplete=\"new-password\" minlength=\"10\" "
	    "required></label>\n<label>Nhập lại mật khẩu mới <input "
	    "type=\"password\" name=\"again\" autocomplete=\"new-password\" "
	    "required></label>\n<button>Đổi mật khẩu</button>\n</form>\n");
	web_page_end(r);
}

void
h_password_form(struct req *r)
{
	password_page(r, NULL, false);
}

void
h_password(struct req *r)
{
	const char *old = web_field(r, "old"), *nw = web_field(r, "new");
	const char *again = web_field(r, "again");
	char why[WHY_SIZE];
	const char *name = r->who.acct.name;
	char hash[128];
	bool right;

	if (old == NULL || nw == NULL || again == NULL) {
		r->status = 400;
		password_page(r, "Mật khẩu hiện tại không đúng.", true);
		return;
	}
	if (strlen(nw) < 10 || strlen(nw) > 1024 || strcmp(nw, again) != 0) {
		r->status = 400;
		password_page(r, strcmp(nw, again) != 0 ? "Hai lần nhập mật khẩu mới "
		    "không khớp." : "Mật khẩu mới phải có từ 10 ký tự.", true);
		return;
	}
	/* The current password is guessed like a login's: the same counts. */
	if (!password_gate(r, name, why)) {
		password_page(r, why, true);
		return;
	}
	right = auth_check_password(r->who.acct.pwhash, old);
	if (right && auth_hash_password(nw, hash) != 0) {
		web_hash_leave(r->web, r->remote);
		web_error(r, 503, "Không đổi được mật khẩu; hãy thử lại.");
		return;
	}
	web_hash_leave(r->web, r->remote);
	if (!right) {
		store_login_failed(r->store, r->remote, name, now(),
		    now() - WEB_THROTTLE_FORGET);
		r->status = 400;
		password_page(r, "Mật khẩu hiện tại không đúng.", true);
		return;
	}
	/* Whoever else holds a session of this account (a stolen cookie, a
	 * forgotten browser) is signed out; this session stays. */
	if (store_begin(r->store) != 0 ||
	    store_set_password(r->store, name, hash) != 0 ||
	    auth_end_sessions(r, name) != 0 ||
	    store_audit(r->store, name, r->who.acct.unit, "password", name, NULL,
	    NULL) != 0 || store_commit(r->store) != 0) {
		store_rollback(r->store);
		web_error(r, 503, "Không đổi được mật khẩu; hãy thử lại.");
		return;
	}
	password_page(r, "Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản "
	    "này đã kết thúc.", false);
}
