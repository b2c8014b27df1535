/* web.h: the web layer. server.c runs GNU libmicrohttpd and turns each
 * request into a struct req; routes.c holds the one table of routes (path,
 * method, who may call it, whether it needs a CSRF token, handler); the
 * page and API handlers only parse, authorise, call the same functions as
 * the CLI, and render. HTML is written with web_html(), whose "%s" escapes:
 * raw output needs the visibly different "%R". */
#ifndef KTXH_WEB_H
#define KTXH_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/model.h"
#include "store/store.h"

/* Limits of a request. */
#define WEB_MAX_FORM	(256 * 1024)		/* a form post */
#define WEB_MAX_UPLOAD	(20 * 1024 * 1024)	/* a DOCX to check, a bundle */
#define WEB_MAX_FIELDS	512
#define WEB_MAX_QUERY	8192			/* bytes of a URL: 414 above */
#define WEB_MAX_QUERY_FIELDS 100		/* query parameters: 414 above */
#define WEB_SESSION_SECONDS (12 * 3600)		/* absolute session lifetime */
#define WEB_SESSION_IDLE (2 * 3600)		/* ends after this without a request */
/* Connections: a connection that has sent nothing yet (or nothing since its
 * last answer) is closed after WEB_IDLE_TIMEOUT seconds, one within a
 * request after WEB_REQUEST_TIMEOUT of silence. */
#define WEB_MAX_CONNS	1000
#define WEB_IDLE_TIMEOUT 5
#define WEB_REQUEST_TIMEOUT 30
/* Login throttling (auth.c): failures of one name from one address, and of
 * any name from one address, each allow a number of free tries, then an
 * exponential wait (1, 2, 4 … WEB_THROTTLE_MAX seconds) after the last
 * failure; counts are forgotten WEB_THROTTLE_FORGET seconds after it. */
#define WEB_THROTTLE_NAME_FREE 3
#define WEB_THROTTLE_ADDR_FREE 20
#define WEB_THROTTLE_MAX 60
#define WEB_THROTTLE_FORGET (15 * 60)

/* How ktxh serve runs (the options of the command). */
struct web_options {
	const char	*listen;	/* ADDRESS:PORT */
	unsigned	 threads;	/* worker threads; 0: CPUs, at least 2 */
	unsigned	 max_conns;	/* 0: WEB_MAX_CONNS */
	unsigned	 max_per_addr;	/* 0: max_conns / 8, at least 4 */
	unsigned	 max_hashes;	/* password hashes at once; 0: CPUs,
					 * at least 2 (never above threads) */
	bool		 behind_proxy;	/* trust X-Forwarded-* from the proxy */
	const char	*proxy;		/* the proxy's address; NULL: 127.0.0.1 */
};

struct web;		/* the server: configuration and the pool of stores */

/* One name=value of a query string or form; value may hold NUL bytes. */
struct kv {
	char	*key;
	char	*val;
	size_t	 len;		/* bytes of val */
	char	*filename;	/* multipart file field, or NULL */
};

/* The signed-in account, when any. */
struct who {
	bool		 in;		/* signed in */
	struct account	 acct;		/* the account (acct.name, role, unit …) */
	char		 csrf[64];	/* the session's CSRF token */
	bool		 by_token;	/* API token, not a browser session */
};

/* One request. Handlers read it and fill the response fields. */
struct req {
	struct web	*web;
	struct store	*store;		/* borrowed from the pool for this request */
	const char	*method;	/* "GET", "POST" … */
	const char	*path;		/* without the query string */
	struct kv	*query;		/* query-string fields */
	size_t		 nquery;
	struct kv	*form;		/* POST fields (urlencoded or multipart) */
	size_t		 nform;
	const char	*cookie_session;	/* value of the session cookie */
	const char	*cookie_csrf;	/* value of the pre-login CSRF cookie */
	const char	*authorization;	/* "Bearer …" header */
	const char	*csrf_header;	/* "X-CSRF-Token" header (API posts) */
	const char	*content_type;	/* of the request body */
	const char	*if_match;	/* "If-Match" header (API writes) */
	struct buf	 raw;		/* a JSON body (application/json), or a
					 * file sent as the body to a route
					 * that takes uploads, as sent */
	const char	*remote;	/* client address (the proxy's client
					 * behind a trusted proxy); for IPv6
					 * its /64 */
	bool		 https;		/* came over HTTPS (a trusted proxy said) */
	struct who	 who;
	/* The response. */
	int		 status;	/* 200 unless set */
	const char	*ctype;		/* "text/html; charset=utf-8" unless set */
	struct buf	 body;
	struct buf	 headers;	/* extra "Name: value\n" lines */
	char		*file_name;	/* download: Content-Disposition name */
};

/* Route handler: fills r's response. */
typedef void (*web_handler)(struct req *);

enum web_access {
	ACCESS_PUBLIC,		/* anyone (login page, assets) */
	ACCESS_SIGNED_IN,	/* any account */
	ACCESS_WRITER,		/* officer, approver, admin */
	ACCESS_APPROVER,	/* approver, admin */
	ACCESS_ADMIN		/* admin */
};

struct web_route {
	const char	*method;
	const char	*path;		/* exact, or a prefix ending in '/' with prefix */
	bool		 prefix;
	enum web_access	 access;
	bool		 csrf;		/* POST needs a valid csrf field */
	size_t		 max_body;	/* 0: WEB_MAX_FORM; set: the route takes
					 * uploads (multipart, or a zip or
					 * other bytes as the body: r->raw) */
	web_handler	 handler;
};

extern const struct web_route web_routes[];

/* server.c */
struct web *web_new(const char *db, struct buf *err);
int	 web_run(struct web *, const struct web_options *, struct buf *err);
void	 web_free(struct web *);
/* Signing in the web application (page_sendup.c): the key that seals the
 * units' certificates (app/sendup.h), read from key_file or created there
 * (NULL: no signing), and the trusted CAs (PEM) a stored report's signature
 * is checked against (NULL: the system's). 0, or -1 with *err. */
int	 web_signing(struct web *, const char *key_file, const char *ca,
	    struct buf *err);
const unsigned char *web_key(const struct web *);	/* NULL: none */
const char *web_ca(const struct web *);
/* A valid Argon2id hash of nothing anyone knows, to spend the same time on
 * an unknown name as on a wrong password. */
const char *web_dummy_hash(const struct web *);
/* The gate of password hashing (Argon2id costs 64 MiB and a core for a
 * tenth of a second): at most a few at once in a process, and an address
 * with failed logins (limited) at most half of them. */
enum web_gate {
	GATE_OK,		/* go on; call web_hash_leave after */
	GATE_ADDR_BUSY,		/* this address holds its share: 429 */
	GATE_FULL		/* every slot is taken: 503 */
};
enum web_gate web_hash_enter(struct web *, const char *addr, bool limited);
void	 web_hash_leave(struct web *, const char *addr);
/* Cookie attributes for the request: "; Secure" over HTTPS, else "". */
const char *web_cookie_secure(const struct req *);
/* What was computed from the data at generation gen (store_generation),
 * shared by the server's threads: a hit appends it to out. Callers check
 * permissions before asking: the cache knows nothing of accounts. */
bool	 web_cache_get(struct web *, const char *key, long long gen,
	    struct buf *out);
void	 web_cache_put(struct web *, const char *key, long long gen,
	    const char *data, size_t len);

/* Fields. */
const char *web_query(const struct req *, const char *key);
const char *web_field(const struct req *, const char *key);
const struct kv *web_field_kv(const struct req *, const char *key);

/* Output. web_html: printf-like; %s escapes HTML, %R writes raw (trusted,
 * already escaped), %U URL-encodes a query component, %d, %ld, %zu, %%. */
void	 web_html(struct buf *, const char *fmt, ...);
void	 web_html_esc(struct buf *, const char *s);
/* A whole page: header with navigation for r->who, title, body, footer. */
void	 web_page_begin(struct req *, const char *title);
void	 web_page_end(struct req *);
/* A refusal or error page (and for the API, JSON) with a status 4xx. */
void	 web_error(struct req *, int status, const char *message);
void	 web_redirect(struct req *, const char *location);
/* The hidden CSRF field of a form, for the signed-in session. */
void	 web_csrf_field(struct req *);
/* JSON body. */
void	 web_json(struct req *, int status, const char *json);

/* auth.c */
int	 auth_hash_password(const char *pw, char out[128]);
bool	 auth_check_password(const char *hash, const char *pw);
/* A random URL-safe token (43 characters) and its storage hash (hex). */
void	 auth_token(char out[48]);
void	 auth_token_hash(const char *token, char out[65]);
/* Identify the caller from its session cookie or bearer token. */
void	 auth_identify(struct req *);
/* Ends every session of account but the request's own (a password change,
 * an account locked); 0 or -1. */
int	 auth_end_sessions(struct req *, const char *account);
bool	 auth_allowed(const struct req *, enum web_access);
/* Whether the caller may read / write the given unit (and sector). */
bool	 auth_can_read(struct req *, const char *unit);
/* The same, against a list of units the caller has already read (one
 * store_units for a whole page instead of one per unit). */
bool	 auth_can_read_in(const struct req *, const struct unit *, size_t,
	    const char *unit);
bool	 auth_can_write(struct req *, const char *unit, const char *sector);
/* Whether the account looks down on units below it: an admin, or an
 * account whose unit has units below it (the level above's pages). */
bool	 auth_above(struct req *);

/* Handlers (pages and API). */
void	 h_login_form(struct req *);
void	 h_login(struct req *);
void	 h_logout(struct req *);
void	 h_password_form(struct req *);
void	 h_password(struct req *);
void	 h_asset(struct req *);
void	 h_dashboard(struct req *);
void	 h_api_eval(struct req *);
void	 h_api_units(struct req *);	/* api.c */
void	 h_api_indicators(struct req *);
void	 h_api_targets(struct req *);
void	 h_api_values(struct req *);
void	 h_api_values_save(struct req *);
void	 h_api_state(struct req *);
/* The CSRF rule of API writes: a bearer token needs none; a browser
 * session sends its token in X-CSRF-Token (or the form field csrf). */
bool	 api_csrf_ok(const struct req *);
void	 h_requests(struct req *);	/* page_requests.c */
void	 h_request(struct req *);
void	 h_requests_post(struct req *);
void	 h_api_requests(struct req *);
void	 h_api_request(struct req *);
void	 h_api_requests_ask(struct req *);
void	 h_api_request_step(struct req *);
void	 h_entry(struct req *);		/* page_entry.c */
void	 h_entry_save(struct req *);
void	 h_workflow(struct req *);
void	 h_indicator(struct req *);	/* page_indicator.c */
void	 h_units(struct req *);		/* page_units.c */
void	 h_province(struct req *);	/* page_province.c */
void	 h_plan(struct req *);		/* page_plan.c */
void	 h_plan_save(struct req *);
void	 h_texts(struct req *);		/* page_texts.c */
void	 h_texts_save(struct req *);
void	 h_reports(struct req *);	/* page_reports.c */
void	 h_report_download(struct req *);
void	 h_check_form(struct req *);	/* page_check.c */
void	 h_check(struct req *);
void	 h_reports_sign(struct req *);	/* page_sendup.c */
void	 h_inbox(struct req *);
void	 h_inbox_item(struct req *);
void	 h_inbox_pdf(struct req *);
void	 h_inbox_post(struct req *);
void	 h_inbox_bundle(struct req *);
void	 h_admin_cert(struct req *);
void	 h_api_submissions(struct req *);
void	 h_api_submission(struct req *);
void	 h_api_submissions_sign(struct req *);
void	 h_api_submission_step(struct req *);
void	 h_api_submissions_bundle(struct req *);
void	 h_admin(struct req *);		/* page_admin.c */
void	 h_admin_user(struct req *);
void	 h_admin_audit(struct req *);

#endif
