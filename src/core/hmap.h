/* hmap.h: two small open-addressing hash tables: string -> index (codes of
 * units and indicators) and 64-bit key -> value (duplicate detection). */
#ifndef KTXH_HMAP_H
#define KTXH_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap {
	char	**keys;		/* owned copies, NULL for empty slots */
	size_t	 *vals;
	size_t	  cap;		/* power of two */
	size_t	  n;
};

/* Look up key; returns true and sets *val when present. */
bool	 hmap_get(const struct hmap *, const char *key, size_t *val);
/* The map's own copy of key (owned by the map), or NULL when absent: a
 * map can share one copy of each of many repeated strings. */
const char *hmap_key(const struct hmap *, const char *key);
/* Insert or replace; returns the stored copy of the key (owned by map). */
const char *hmap_put(struct hmap *, const char *key, size_t val);
void	 hmap_free(struct hmap *);

struct hmap64 {
	uint64_t *slots;	/* 0 marks an empty slot: keys are stored + 1 */
	size_t	 *vals;
	size_t	  cap;
	size_t	  n;
};

/* Add key with val; when key is already present, returns false and sets
 * *old to the value stored first. */
bool	 hmap64_add(struct hmap64 *, uint64_t key, size_t val, size_t *old);
void	 hmap64_free(struct hmap64 *);

#endif
