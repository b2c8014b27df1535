/* server.c: the HTTP server on GNU libmicrohttpd. A thread pool serves the
 * connections; each request borrows a store connection from a small pool,
 * its body is read through MHD's post processor within the route's size
 * limit, the route table dispatches it, and the response carries the usual
 * security headers. SIGINT/SIGTERM stop the daemon cleanly: requests in
 * flight finish, connections close, the stores are closed. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>
#include <sodium.h>

#include "app/sendup.h"
#include "web.h"

/*
 * libmicrohttpd is opened when the server starts, not linked into ktxh: it
 * brings GnuTLS and seven more libraries, whose loading and symbol binding
 * would cost every other command (a report, an import) some 2.5 ms before
 * main. <microhttpd.h> still gives the types and constants; the functions
 * are called through this table, which mhd_open fills.
 */
#define MHD_SONAME "libmicrohttpd.so.12"
#define MHD_FN(f) __typeof__(MHD_##f) *f
static struct {
	MHD_FN(start_daemon);
	MHD_FN(stop_daemon);
	MHD_FN(create_response_from_buffer);
	MHD_FN(add_response_header);
	MHD_FN(queue_response);
	MHD_FN(destroy_response);
	MHD_FN(get_connection_values);
	MHD_FN(lookup_connection_value);
	MHD_FN(create_post_processor);
	MHD_FN(post_process);
	MHD_FN(destroy_post_processor);
	MHD_FN(get_connection_info);
	MHD_FN(set_connection_option);
} mhd;
#undef MHD_FN

/* Fills mhd (once, before the daemon's threads exist); 0, or -1 with *err
 * set. */
static int
mhd_open(struct buf *err)
{
	void *h;

	if (mhd.start_daemon != NULL)
		return 0;
	if ((h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		buf_printf(err, "không nạp được thư viện máy chủ web: %s (cài gói "
		    "libmicrohttpd12)", dlerror());
		return -1;
	}
#define MHD_SYM(f) \
	if ((mhd.f = (__typeof__(mhd.f))dlsym(h, "MHD_" #f)) == NULL) \
		goto fail
	MHD_SYM(start_daemon);
	MHD_SYM(stop_daemon);
	MHD_SYM(create_response_from_buffer);
	MHD_SYM(add_response_header);
	MHD_SYM(queue_response);
	MHD_SYM(destroy_response);
	MHD_SYM(get_connection_values);
	MHD_SYM(lookup_connection_value);
	MHD_SYM(create_post_processor);
	MHD_SYM(post_process);
	MHD_SYM(destroy_post_processor);
	MHD_SYM(get_connection_info);
	MHD_SYM(set_connection_option);
#undef MHD_SYM
	return 0;
fail:
	buf_printf(err, "thư viện máy chủ web %s không dùng được: %s",
	    MHD_SONAME, dlerror());
	memset(&mhd, 0, sizeof(mhd));
	dlclose(h);
	return -1;
}

#define POOL_MAX 16
#define CACHE_SLOTS 64
#define HASH_SLOTS_MAX 64

/* A computed fragment, right while the data's generation is unchanged. */
struct centry {
	char		 key[160];
	long long	 gen;
	char		*data;
	size_t		 len;
};

struct web {
	char		*db;			/* database path */
	pthread_mutex_t	 lock;			/* guards pool */
	struct store	*pool[POOL_MAX];	/* idle connections */
	size_t		 npool;
	char		 dummy[128];		/* see web_dummy_hash */
	pthread_mutex_t	 clock;			/* guards cache */
	struct centry	 cache[CACHE_SLOTS];
	unsigned	 next;			/* slot to reuse next */
	bool		 behind_proxy;		/* trust X-Forwarded-* from proxy */
	char		 proxy[INET6_ADDRSTRLEN];	/* its address, normalised */
	pthread_mutex_t	 glock;			/* guards the hashing gate */
	unsigned	 hash_slots;		/* hashes at once, at most */
	unsigned	 hash_busy;		/* hashes running */
	struct {
		char	 addr[64];
		unsigned n;			/* its hashes running; 0: free */
	}		 inflight[HASH_SLOTS_MAX];
	unsigned char	 key[SENDUP_KEY_BYTES];	/* seals units' certificates */
	bool		 has_key;		/* --key-file was given */
	char		*ca;			/* --ca: trusted CAs, or NULL */
};

/* Per-connection state, from the first callback to the completion one. */
struct conn {
	struct req		 r;
	const struct web_route	*route;
	struct MHD_PostProcessor *pp;
	size_t			 received;	/* body bytes so far */
	size_t			 limit;		/* for this route */
	int			 refused;	/* status to answer without running */
	const char		*refusal;	/* its message */
	char			 too_big[128];	/* the message of a 413 */
	bool			 started;	/* the handler has been called */
	char			 addr[64];	/* the client, see struct req */
};

struct web *
web_new(const char *db, struct buf *err)
{
	struct web *w;
	struct store *s;

	if (sodium_init() < 0) {
		buf_puts(err, "không khởi tạo được libsodium");
		return NULL;
	}
	/* Fail now, not at the first request, when the database is unusable. */
	if (store_open(db, false, &s, err) != 0)
		return NULL;
	if (store_ready(s) != 0) {
		buf_puts(err, store_error(s));
		store_close(s);
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->db = xstrdup(db);
	pthread_mutex_init(&w->lock, NULL);
	pthread_mutex_init(&w->clock, NULL);
	pthread_mutex_init(&w->glock, NULL);
	w->hash_slots = 2;
	w->pool[w->npool++] = s;
	{
		char pw[48];

		auth_token(pw);
		auth_hash_password(pw, w->dummy);
	}
	return w;
}

bool
web_cache_get(struct web *w, const char *key, long long gen, struct buf *out)
{
	bool hit = false;
	size_t i;

	if (gen < 0)
		return false;
	pthread_mutex_lock(&w->clock);
	for (i = 0; i < CACHE_SLOTS && !hit; i++)
		if (w->cache[i].data != NULL && w->cache[i].gen == gen &&
		    strcmp(w->cache[i].key, key) == 0) {
			buf_append(out, w->cache[i].data, w->cache[i].len);
			hit = true;
		}
	pthread_mutex_unlock(&w->clock);
	return hit;
}

void
web_cache_put(struct web *w, const char *key, long long gen, const char *data,
    size_t len)
{
	struct centry *e = NULL;
	size_t i;

	if (gen < 0 || strlen(key) >= sizeof(e->key))
		return;
	pthread_mutex_lock(&w->clock);
	for (i = 0; i < CACHE_SLOTS && e == NULL; i++)
		if (w->cache[i].data != NULL && strcmp(w->cache[i].key, key) == 0)
			e = &w->cache[i];
	if (e == NULL)
		e = &w->cache[w->next++ % CACHE_SLOTS];
	free(e->data);
	snprintf(e->key, sizeof(e->key), "%s", key);
	e->gen = gen;
	e->data = xstrndup(data, len);
	e->len = len;
	pthread_mutex_unlock(&w->clock);
}

const char *
web_dummy_hash(const struct web *w)
{
	return w->dummy;
}

enum web_gate
web_hash_enter(struct web *w, const char *addr, bool limited)
{
	unsigned i, share = w->hash_slots / 2 ? w->hash_slots / 2 : 1;
	unsigned mine = HASH_SLOTS_MAX, free_slot = HASH_SLOTS_MAX;
	enum web_gate g = GATE_OK;

	pthread_mutex_lock(&w->glock);
	for (i = 0; i < HASH_SLOTS_MAX; i++)
		if (w->inflight[i].n > 0 && strcmp(w->inflight[i].addr, addr) == 0)
			mine = i;
		else if (w->inflight[i].n == 0 && free_slot == HASH_SLOTS_MAX)
			free_slot = i;
	if (w->hash_busy >= w->hash_slots)
		g = GATE_FULL;
	else if (limited && mine < HASH_SLOTS_MAX && w->inflight[mine].n >= share)
		g = GATE_ADDR_BUSY;
	else {
		/* There are no more addresses in flight than hashes running,
		 * so a free entry exists when a slot does. */
		if (mine == HASH_SLOTS_MAX) {
			mine = free_slot;
			snprintf(w->inflight[mine].addr, sizeof(w->inflight[mine].addr),
			    "%s", addr);
		}
		w->inflight[mine].n++;
		w->hash_busy++;
	}
	pthread_mutex_unlock(&w->glock);
	return g;
}

void
web_hash_leave(struct web *w, const char *addr)
{
	unsigned i;

	pthread_mutex_lock(&w->glock);
	for (i = 0; i < HASH_SLOTS_MAX; i++)
		if (w->inflight[i].n > 0 && strcmp(w->inflight[i].addr, addr) == 0) {
			w->inflight[i].n--;
			w->hash_busy--;
			break;
		}
	pthread_mutex_unlock(&w->glock);
}

const char *
web_cookie_secure(const struct req *r)
{
	return r->https ? "; Secure" : "";
}

void
web_free(struct web *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->npool; i++)
		store_close(w->pool[i]);
	for (i = 0; i < CACHE_SLOTS; i++)
		free(w->cache[i].data);
	pthread_mutex_destroy(&w->lock);
	pthread_mutex_destroy(&w->clock);
	pthread_mutex_destroy(&w->glock);
	sodium_memzero(w->key, sizeof(w->key));
	free(w->ca);
	free(w->db);
	free(w);
}

int
web_signing(struct web *w, const char *key_file, const char *ca,
    struct buf *err)
{
	bool created;

	if (ca != NULL && access(ca, R_OK) != 0) {
		buf_printf(err, "--ca: không đọc được tệp %s", ca);
		return -1;
	}
	if (key_file != NULL) {
		if (sendup_key_file(key_file, w->key, &created, err) != 0)
			return -1;
		w->has_key = true;
		if (created)
			fprintf(stderr, "ktxh serve: đã tạo khóa mới %s (bảo vệ chứng thư "
			    "số của các đơn vị; giữ bí mật, sao lưu riêng)\n", key_file);
	}
	free(w->ca);
	w->ca = ca != NULL ? xstrdup(ca) : NULL;
	return 0;
}

const unsigned char *
web_key(const struct web *w)
{
	return w->has_key ? w->key : NULL;
}

const char *
web_ca(const struct web *w)
{
	return w->ca;
}

static struct store *
pool_get(struct web *w)
{
	struct store *s = NULL;
	struct buf err = BUF_INIT;

	pthread_mutex_lock(&w->lock);
	if (w->npool > 0)
		s = w->pool[--w->npool];
	pthread_mutex_unlock(&w->lock);
	if (s == NULL && store_open(w->db, false, &s, &err) != 0) {
		fprintf(stderr, "ktxh serve: %s\n", buf_str(&err));
		s = NULL;
	}
	buf_free(&err);
	return s;
}

/* Open connections until the pool holds n (at most POOL_MAX), so that no
 * worker's first request waits for a connection to a database server
 * (PostgreSQL: a new backend process each). Before the workers exist. */
static void
pool_fill(struct web *w, size_t n)
{
	struct store *s;
	struct buf err = BUF_INIT;

	while (w->npool < n && w->npool < POOL_MAX &&
	    store_open(w->db, false, &s, &err) == 0)
		w->pool[w->npool++] = s;
	buf_free(&err);
}

static void
pool_put(struct web *w, struct store *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	if (w->npool < POOL_MAX) {
		w->pool[w->npool++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&w->lock);
	store_close(s);
}

static void
kv_add(struct kv **a, size_t *n, const char *key, const char *val, size_t len,
    const char *filename)
{
	*a = xrealloc(*a, (*n + 1) * sizeof(**a));
	/* A malformed body or query can name no key at all. */
	(*a)[*n].key = xstrdup(key != NULL ? key : "");
	(*a)[*n].val = xstrndup(val, len);
	(*a)[*n].len = len;
	(*a)[*n].filename = xstrdup(filename);
	(*n)++;
}

static void
kv_free(struct kv *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].key);
		free(a[i].val);
		free(a[i].filename);
	}
	free(a);
}

static const char *
kv_get(const struct kv *a, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].key, key) == 0)
			return a[i].val;
	return NULL;
}

const char *
web_query(const struct req *r, const char *key)
{
	return kv_get(r->query, r->nquery, key);
}

const char *
web_field(const struct req *r, const char *key)
{
	return kv_get(r->form, r->nform, key);
}

const struct kv *
web_field_kv(const struct req *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, key) == 0)
			return &r->form[i];
	return NULL;
}

static enum MHD_Result
take_query(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct req *r = cls;

	(void)kind;
	if (key == NULL)
		key = "";
	if (r->nquery < WEB_MAX_FIELDS)
		kv_add(&r->query, &r->nquery, key, value ? value : "",
		    value ? strlen(value) : 0, NULL);
	return MHD_YES;
}

/* Post processor callback: fields arrive in pieces; append each piece to
 * the field of the same key seen last. */
static enum MHD_Result
take_post(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *ctype, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct req *r = cls;
	struct kv *last;

	(void)kind;
	(void)ctype;
	(void)enc;
	if (key == NULL)
		key = "";
	if (off == 0 || r->nform == 0 || strcmp(r->form[r->nform - 1].key,
	    key) != 0) {
		if (r->nform >= WEB_MAX_FIELDS)
			return MHD_NO;
		kv_add(&r->form, &r->nform, key, data ? data : "", size, filename);
		return MHD_YES;
	}
	last = &r->form[r->nform - 1];
	last->val = xrealloc(last->val, last->len + size + 1);
	memcpy(last->val + last->len, data, size);
	last->len += size;
	last->val[last->len] = '\0';
	return MHD_YES;
}

/* Whether a Content-Type names JSON. */
static bool
is_json(const char *ctype)
{
	return ctype != NULL && strncasecmp(ctype, "application/json", 16) == 0;
}

/* Whether the body is kept whole in r->raw: JSON, or a file sent as the
 * body itself (a zip, any bytes) to a route that takes uploads (one that
 * declares a body limit of its own). */
static bool
is_raw(const struct conn *k)
{
	const char *ct = k->r.content_type;

	return is_json(ct) || (k->route != NULL && k->route->max_body > 0 &&
	    ct != NULL && (strncasecmp(ct, "application/zip", 15) == 0 ||
	    strncasecmp(ct, "application/octet-stream", 24) == 0));
}

/* Refuse a body over the route's limit, saying the limit. */
static void
refuse_too_big(struct conn *k)
{
	k->refused = 413;
	snprintf(k->too_big, sizeof(k->too_big), "Dữ liệu gửi lên quá lớn (tối "
	    "đa %zu MiB).", k->limit >> 20 ? k->limit >> 20 : 1);
	k->refusal = k->too_big;
}

static const struct web_route *
find_route(const char *method, const char *path, bool *other_method)
{
	const struct web_route *rt;

	*other_method = false;
	for (rt = web_routes; rt->path != NULL; rt++) {
		bool match = rt->prefix ? strncmp(path, rt->path,
		    strlen(rt->path)) == 0 : strcmp(path, rt->path) == 0;

		if (!match)
			continue;
		if (strcmp(rt->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
			return rt;
		*other_method = true;
	}
	return NULL;
}

static void
add_headers(struct MHD_Response *resp, const struct req *r)
{
	const char *line, *nl, *colon;
	char name[128], value[2048];

	mhd.add_response_header(resp, "Content-Type",
	    r->ctype ? r->ctype : "text/html; charset=utf-8");
	mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
	mhd.add_response_header(resp, "X-Frame-Options", "DENY");
	mhd.add_response_header(resp, "Referrer-Policy", "same-origin");
	/* A handler may set a stricter policy of its own (a report download). */
	if (strstr(buf_str(&r->headers), "Content-Security-Policy:") == NULL)
		mhd.add_response_header(resp, "Content-Security-Policy",
		    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
		    "script-src 'self'; form-action 'self'; frame-ancestors 'none'");
	if (strstr(buf_str(&r->headers), "Cache-Control:") == NULL)
		mhd.add_response_header(resp, "Cache-Control", "no-store");
	/* Only over HTTPS: a browser ignores it over HTTP anyway (RFC 6797). */
	if (r->https)
		mhd.add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	for (line = buf_str(&r->headers); *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		colon = strchr(line, ':');
		if (nl == NULL || colon == NULL || colon > nl)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(colon - line), line);
		snprintf(value, sizeof(value), "%.*s", (int)(nl - colon - 2),
		    colon + 2);
		mhd.add_response_header(resp, name, value);
	}
}

static enum MHD_Result
respond(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len = r->body.len;
	char *body = buf_detach(&r->body);

	resp = mhd.create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	add_headers(resp, r);
	ret = mhd.queue_response(c, (unsigned)(r->status ? r->status : 200), resp);
	mhd.destroy_response(resp);
	return ret;
}

static void
run_route(struct conn *k)
{
	struct req *r = &k->r;
	const char *got;

	auth_identify(r);
	if (!auth_allowed(r, k->route->access)) {
		if (!r->who.in && strncmp(r->path, "/api/", 5) != 0 &&
		    strcmp(r->method, "GET") == 0)
			web_redirect(r, "/login");
		else if (!r->who.in)
			web_error(r, 401, "Cần đăng nhập.");
		else
			web_error(r, 403, "Tài khoản của bạn không có quyền làm việc "
			    "này.");
		return;
	}
	if (k->route->csrf && strcmp(r->method, "POST") == 0) {
		got = web_field(r, "csrf");
		if (!r->who.in || r->who.by_token || got == NULL ||
		    strlen(got) != strlen(r->who.csrf) ||
		    sodium_memcmp(got, r->who.csrf, strlen(got)) != 0) {
			web_error(r, 403, "Biểu mẫu hết hạn hoặc không hợp lệ (thiếu "
			    "mã chống giả mạo): hãy tải lại trang rồi gửi lại.");
			return;
		}
	}
	k->route->handler(r);
}

/* An address as text, an IPv6 one as its /64 (one machine may hold all of
 * it, so throttling counts it as one address); false when a is neither. */
static bool
address_text(int family, const void *a, char *out, size_t size)
{
	unsigned char v6[16];

	if (family == AF_INET6) {
		memcpy(v6, a, sizeof(v6));
		memset(v6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, v6, out, (socklen_t)size) == NULL ||
		    strlen(out) + 4 >= size)
			return false;
		strcat(out, "/64");
		return true;
	}
	return family == AF_INET &&
	    inet_ntop(AF_INET, a, out, (socklen_t)size) != NULL;
}

/* The last item of a comma-separated header value, trimmed, into out. */
static void
last_item(const char *v, char *out, size_t size)
{
	const char *p = strrchr(v, ',');
	size_t n;

	p = p != NULL ? p + 1 : v;
	while (*p == ' ' || *p == '\t')
		p++;
	for (n = strlen(p); n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'); n--)
		;
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

/* "[2001:db8::1]:443" and "192.0.2.1:443", as some proxies write the
 * client, without the port and brackets. */
static void
strip_port(char *a)
{
	char *colon = strchr(a, ':'), *end;

	if (a[0] == '[' && (end = strchr(a, ']')) != NULL) {
		memmove(a, a + 1, (size_t)(end - a - 1));
		a[end - a - 1] = '\0';
	} else if (colon != NULL && strchr(colon + 1, ':') == NULL)
		*colon = '\0';
}

/*
 * Who is asking, and over what. The peer's address, unless ktxh runs
 * --behind-proxy and the peer is the proxy: then the last address of
 * X-Forwarded-For (the one the proxy added; those before it are whatever the
 * client sent) and X-Forwarded-Proto. From any other peer, or without the
 * option, those headers are ignored: anyone can send them.
 */
static void
identify_client(struct web *w, struct MHD_Connection *c, struct conn *k)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;
	const char *xff, *xfp;
	char item[INET6_ADDRSTRLEN + 8], peer[64] = "?";
	unsigned char bin[16];

	ci = mhd.get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && (sa = ci->client_addr) != NULL) {
		if (sa->sa_family == AF_INET)
			address_text(AF_INET, &((const struct sockaddr_in *)
			    (const void *)sa)->sin_addr, peer, sizeof(peer));
		else if (sa->sa_family == AF_INET6) {
			const void *a6 = &((const struct sockaddr_in6 *)
			    (const void *)sa)->sin6_addr;

			/* The whole address to know the proxy, its /64 to
			 * count. */
			inet_ntop(AF_INET6, a6, peer, sizeof(peer));
			address_text(AF_INET6, a6, k->addr, sizeof(k->addr));
		}
	}
	if (k->addr[0] == '\0')
		snprintf(k->addr, sizeof(k->addr), "%s", peer);
	k->r.remote = k->addr;
	k->r.https = false;
	if (!w->behind_proxy || strcmp(peer, w->proxy) != 0)
		return;
	if ((xff = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Forwarded-For")) != NULL) {
		last_item(xff, item, sizeof(item));
		strip_port(item);
		if (inet_pton(AF_INET, item, bin) == 1)
			address_text(AF_INET, bin, k->addr, sizeof(k->addr));
		else if (inet_pton(AF_INET6, item, bin) == 1)
			address_text(AF_INET6, bin, k->addr, sizeof(k->addr));
		else	/* Not the proxy's own address: its clients would all
			 * share one count. */
			snprintf(k->addr, sizeof(k->addr), "?%s", item);
	}
	if ((xfp = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Forwarded-Proto")) != NULL) {
		last_item(xfp, item, sizeof(item));
		k->r.https = strcasecmp(item, "https") == 0;
	}
}

/*
 * Called with the request line, before libmicrohttpd splits the query into
 * its table: a query that would not fit the connection's memory made it
 * send nothing until the timeout. One that is too long or has too many
 * parameters is cut off here (the buffer is libmicrohttpd's and writable)
 * and answered 414 at once. Returns the per-request state.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *k = xcalloc(1, sizeof(*k));
	char *q = strchr(uri, '?');
	size_t fields = 1;
	const char *p;

	(void)cls;
	(void)c;
	if (q == NULL)
		return k;
	for (p = q + 1; *p != '\0'; p++)
		fields += *p == '&';
	if (strlen(uri) > WEB_MAX_QUERY || fields > WEB_MAX_QUERY_FIELDS) {
		k->refused = 414;
		k->refusal = "Địa chỉ quá dài hoặc có quá nhiều tham số.";
		q[1] = '\0';
	}
	return k;
}

/* Answer a refusal at once, before any body is read: libmicrohttpd then
 * closes the connection instead of reading what the client still sends. */
static enum MHD_Result
refuse_now(struct MHD_Connection *c, struct conn *k)
{
	web_error(&k->r, k->refused, k->refusal);
	return respond(c, &k->r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct web *w = cls;
	struct conn *k = *con_cls;
	const char *len;
	bool other;
	enum MHD_Result ret;

	(void)version;
	if (k == NULL)		/* on_uri was not called */
		*con_cls = k = xcalloc(1, sizeof(*k));
	if (!k->started) {
		/* First call: headers only. The request has begun: the longer
		 * timeout holds until its answer is sent. */
		k->started = true;
		mhd.set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
		    (unsigned)WEB_REQUEST_TIMEOUT);
		k->r.web = w;
		identify_client(w, c, k);
		k->r.method = method;
		k->r.path = url;
		mhd.get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_query,
		    &k->r);
		k->r.cookie_session = mhd.lookup_connection_value(c,
		    MHD_COOKIE_KIND, "ktxh_session");
		k->r.cookie_csrf = mhd.lookup_connection_value(c, MHD_COOKIE_KIND,
		    "ktxh_csrf");
		k->r.authorization = mhd.lookup_connection_value(c,
		    MHD_HEADER_KIND, "Authorization");
		k->r.csrf_header = mhd.lookup_connection_value(c,
		    MHD_HEADER_KIND, "X-CSRF-Token");
		k->r.if_match = mhd.lookup_connection_value(c,
		    MHD_HEADER_KIND, "If-Match");
		k->r.content_type = mhd.lookup_connection_value(c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (k->refused == 414)
			return refuse_now(c, k);
		k->route = find_route(method, url, &other);
		if (k->route == NULL) {
			k->refused = other ? 405 : 404;
			k->refusal = other ? "Phương thức không được hỗ trợ ở địa chỉ "
			    "này." : "Không có trang này.";
			return MHD_YES;
		}
		k->limit = k->route->max_body ? k->route->max_body : WEB_MAX_FORM;
		len = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len != NULL && strtoull(len, NULL, 10) > k->limit) {
			refuse_too_big(k);
			return refuse_now(c, k);
		}
		if (strcmp(method, "POST") == 0 && !is_raw(k))
			k->pp = mhd.create_post_processor(c, 16384, take_post, &k->r);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		/* Body: count it, feed it, drop it once past the limit. */
		k->received += *upload_size;
		if (k->received > k->limit && k->refused == 0)
			refuse_too_big(k);
		if (k->refused == 0 && is_raw(k))
			buf_append(&k->r.raw, upload, *upload_size);
		else if (k->refused == 0 && k->pp != NULL &&
		    mhd.post_process(k->pp, upload, *upload_size) != MHD_YES) {
			k->refused = 400;
			k->refusal = "Dữ liệu biểu mẫu không đọc được.";
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (k->refused == 0 && strcmp(method, "POST") == 0 && k->pp == NULL &&
	    k->received > 0 && !is_raw(k)) {
		k->refused = 415;
		k->refusal = "Chỉ nhận biểu mẫu (application/x-www-form-urlencoded "
		    "hoặc multipart/form-data) hoặc JSON (application/json).";
	}
	if ((k->r.store = pool_get(w)) == NULL && k->refused == 0) {
		k->refused = 503;
		k->refusal = "Cơ sở dữ liệu tạm thời không mở được; hãy thử lại.";
	}
	if (k->refused != 0)
		web_error(&k->r, k->refused, k->refusal);
	else
		run_route(k);
	ret = respond(c, &k->r);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct web *w = cls;
	struct conn *k = *con_cls;

	/* Between requests a kept-alive connection is idle again. */
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		mhd.set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
		    (unsigned)WEB_IDLE_TIMEOUT);
	if (k == NULL)
		return;
	if (k->pp != NULL)
		mhd.destroy_post_processor(k->pp);
	pool_put(w, k->r.store);
	kv_free(k->r.query, k->r.nquery);
	kv_free(k->r.form, k->r.nform);
	account_free(&k->r.who.acct);
	buf_free(&k->r.body);
	buf_free(&k->r.headers);
	buf_free(&k->r.raw);
	free(k->r.file_name);
	free(k);
	*con_cls = NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa, struct buf *err)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) ||
	    (port = strtol(colon + 1, NULL, 10)) <= 0 || port > 65535) {
		buf_printf(err, "--listen “%s” không hợp lệ: viết ĐỊA_CHỈ:CỔNG, ví "
		    "dụ 127.0.0.1:8080", listen);
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &sa->sin_addr) != 1) {
		buf_printf(err, "--listen: địa chỉ “%s” không hợp lệ (IPv4)", host);
		return -1;
	}
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

int
web_run(struct web *w, const struct web_options *o, struct buf *err)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t set;
	int sig;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads, conns, per_addr;
	unsigned char bin[16];
	const char *proxy = o->proxy != NULL ? o->proxy : "127.0.0.1";

	if (parse_listen(o->listen, &sa, err) != 0)
		return -1;
	w->behind_proxy = o->behind_proxy;
	if (inet_pton(AF_INET, proxy, bin) == 1)
		inet_ntop(AF_INET, bin, w->proxy, sizeof(w->proxy));
	else if (inet_pton(AF_INET6, proxy, bin) == 1)
		inet_ntop(AF_INET6, bin, w->proxy, sizeof(w->proxy));
	else {
		buf_printf(err, "--proxy “%s” không phải địa chỉ IP", proxy);
		return -1;
	}
	if (mhd_open(err) != 0)
		return -1;
	threads = o->threads ? o->threads : (unsigned)(ncpu > 1 ? ncpu : 2);
	conns = o->max_conns ? o->max_conns : WEB_MAX_CONNS;
	per_addr = o->max_per_addr ? o->max_per_addr : conns / 8;
	if (per_addr < 4)
		per_addr = 4;
	/* A hash per core at most, and never more than the workers. */
	w->hash_slots = o->max_hashes ? o->max_hashes :
	    (unsigned)(ncpu > 2 ? ncpu : 2);
	if (w->hash_slots > threads)
		w->hash_slots = threads;
	if (w->hash_slots > HASH_SLOTS_MAX)
		w->hash_slots = HASH_SLOTS_MAX;
	pool_fill(w, threads);
	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Behind a proxy every connection comes from it: a cap per address
	 * would cap everyone together (the proxy caps its clients). */
	d = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, w,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_IDLE_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_CONNECTION_LIMIT, conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->behind_proxy ? 0U : per_addr,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, w,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
	    MHD_OPTION_END);
	if (d == NULL) {
		buf_printf(err, "không mở được cổng %s: %s", o->listen,
		    strerror(errno));
		return -1;
	}
	printf("ktxh đang phục vụ tại http://%s/ (Ctrl-C để dừng)\n", o->listen);
	fflush(stdout);
	while (sigwait(&set, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	printf("ktxh: nhận tín hiệu dừng, đang đóng kết nối…\n");
	mhd.stop_daemon(d);
	printf("ktxh: đã dừng.\n");
	return 0;
}
