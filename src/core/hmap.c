/* hmap.c: FNV-1a hashing with linear probing; tables grow at half load. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hmap.h"

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

bool
hmap_get(const struct hmap *m, const char *key, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return false;
	for (i = fnv(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			if (val != NULL)
				*val = m->vals[i];
			return true;
		}
	return false;
}

const char *
hmap_key(const struct hmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = fnv(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->keys[i];
	return NULL;
}

static void
hmap_grow(struct hmap *m)
{
	struct hmap g;
	size_t i, j;

	g.cap = m->cap ? m->cap * 2 : 64;
	g.n = m->n;
	g.keys = xcalloc(g.cap, sizeof(*g.keys));
	g.vals = xcalloc(g.cap, sizeof(*g.vals));
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		for (j = fnv(m->keys[i]) & (g.cap - 1); g.keys[j] != NULL;
		    j = (j + 1) & (g.cap - 1))
			;
		g.keys[j] = m->keys[i];
		g.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = g;
}

const char *
hmap_put(struct hmap *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		hmap_grow(m);
	for (i = fnv(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return m->keys[i];
		}
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return m->keys[i];
}

void
hmap_free(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static void
hmap64_grow(struct hmap64 *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i, j;
	/* One more slot at index cap holds the key UINT64_MAX (see below). */
	uint64_t *slots = xcalloc(cap + 1, sizeof(*slots));
	size_t *vals = xcalloc(cap + 1, sizeof(*vals));

	for (i = 0; i < s->cap; i++) {
		if (s->slots[i] == 0)
			continue;
		for (j = mix(s->slots[i]) & (cap - 1); slots[j] != 0;
		    j = (j + 1) & (cap - 1))
			;
		slots[j] = s->slots[i];
		vals[j] = s->vals[i];
	}
	if (s->cap != 0) {
		slots[cap] = s->slots[s->cap];
		vals[cap] = s->vals[s->cap];
	}
	free(s->slots);
	free(s->vals);
	s->slots = slots;
	s->vals = vals;
	s->cap = cap;
}

bool
hmap64_add(struct hmap64 *s, uint64_t key, size_t val, size_t *old)
{
	size_t i;

	key++;
	if (2 * (s->n + 1) > s->cap)
		hmap64_grow(s);
	if (key == 0) {
		/* UINT64_MAX + 1 is the empty mark: that key has the extra
		 * slot at index cap, nonzero when present. */
		i = s->cap;
		if (s->slots[i] != 0) {
			if (old != NULL)
				*old = s->vals[i];
			return false;
		}
		s->slots[i] = 1;
		s->vals[i] = val;
		s->n++;
		return true;
	}
	for (i = mix(key) & (s->cap - 1); s->slots[i] != 0;
	    i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == key) {
			if (old != NULL)
				*old = s->vals[i];
			return false;
		}
	s->slots[i] = key;
	s->vals[i] = val;
	s->n++;
	return true;
}

void
hmap64_free(struct hmap64 *s)
{
	free(s->slots);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}
