/* audit.c: the hash chain of the audit log (audit.h), on libsodium's
 * SHA-256. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"

static void
put_field(crypto_hash_sha256_state *h, const char *s)
{
	unsigned char len[9];
	size_t n = s != NULL ? strlen(s) : 0;
	int i;

	/* A NULL field differs from an empty one. */
	len[0] = s != NULL;
	for (i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)(n >> (8 * i));
	crypto_hash_sha256_update(h, len, sizeof(len));
	if (n > 0)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

void
audit_hash(const char *prev, const struct audit *a, char out[AUDIT_HASH_LEN + 1])
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];
	char id[32];

	snprintf(id, sizeof(id), "%lld", a->id);
	crypto_hash_sha256_init(&h);
	put_field(&h, "ktxh-audit-1");
	put_field(&h, prev != NULL ? prev : "");
	put_field(&h, id);
	put_field(&h, a->at);
	put_field(&h, a->account);
	put_field(&h, a->unit);
	put_field(&h, a->action);
	put_field(&h, a->object);
	put_field(&h, a->old);
	put_field(&h, a->new_);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(out, AUDIT_HASH_LEN + 1, md, sizeof(md));
}

void
audit_verify_init(struct audit_verifier *v, long long last_written)
{
	memset(v, 0, sizeof(*v));
	v->last_written = last_written;
}

static bool
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

bool
audit_verify_next(struct audit_verifier *v, const struct audit *a,
    struct buf *why)
{
	char h[AUDIT_HASH_LEN + 1];

	v->count++;
	if (a->id > v->last_written) {
		buf_printf(why, "mục #%lld được chèn vào nhật ký ngoài ktxh (ktxh mới "
		    "ghi %lld mục)", a->id, v->last_written);
		return false;
	}
	if (a->id != v->last_id + 1) {
		if (a->id == v->last_id + 2)
			buf_printf(why, "mục #%lld của nhật ký đã bị xóa", v->last_id + 1);
		else
			buf_printf(why, "các mục #%lld đến #%lld của nhật ký đã bị xóa",
			    v->last_id + 1, a->id - 1);
		return false;
	}
	audit_hash(a->prev, a, h);
	if (!same(a->hash, h)) {
		buf_printf(why, "mục #%lld của nhật ký đã bị sửa (nội dung không khớp "
		    "mã băm của nó)", a->id);
		return false;
	}
	if (!same(a->prev, v->prev)) {
		buf_printf(why, "mục #%lld không nối với mục #%lld trước nó: một mục "
		    "đã bị chèn vào hoặc thay thế", a->id, v->last_id);
		return false;
	}
	memcpy(v->prev, h, sizeof(v->prev));
	v->last_id = a->id;
	return true;
}

bool
audit_verify_end(struct audit_verifier *v, struct buf *why)
{
	if (v->last_id >= v->last_written)
		return true;
	if (v->last_id + 1 == v->last_written)
		buf_printf(why, "mục cuối #%lld của nhật ký đã bị xóa", v->last_written);
	else
		buf_printf(why, "các mục cuối #%lld đến #%lld của nhật ký đã bị xóa",
		    v->last_id + 1, v->last_written);
	return false;
}
