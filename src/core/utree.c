/* utree.c: a list of units indexed by code with its parent links. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utree.h"

void
utree_build(struct utree *t, const struct unit *u, size_t n)
{
	size_t i, p;

	memset(t, 0, sizeof(*t));
	t->u = u;
	t->n = n;
	t->parent = xcalloc(n ? n : 1, sizeof(*t->parent));
	t->has_kids = xcalloc(n ? n : 1, sizeof(*t->has_kids));
	for (i = 0; i < n; i++)
		hmap_put(&t->by_code, u[i].code, i);
	for (i = 0; i < n; i++) {
		t->parent[i] = u[i].parent != NULL &&
		    hmap_get(&t->by_code, u[i].parent, &p) ? p : UTREE_NONE;
		if (t->parent[i] != UTREE_NONE)
			t->has_kids[t->parent[i]] = true;
	}
}

void
utree_free(struct utree *t)
{
	hmap_free(&t->by_code);
	free(t->parent);
	free(t->has_kids);
	memset(t, 0, sizeof(*t));
}

size_t
utree_find(const struct utree *t, const char *code)
{
	size_t i;

	return code != NULL && hmap_get(&t->by_code, code, &i) ? i : UTREE_NONE;
}

bool
utree_within(const struct utree *t, const char *top, const char *code)
{
	size_t i = utree_find(t, code), k, steps;

	if (top == NULL || code == NULL)
		return false;
	if (strcmp(top, code) == 0)
		return true;
	if ((k = utree_find(t, top)) == UTREE_NONE)
		return false;
	for (steps = 0; i != UTREE_NONE && steps < t->n; steps++) {
		i = t->parent[i];
		if (i == k)
			return true;
	}
	return false;
}

bool
utree_has_kids(const struct utree *t, const char *code)
{
	size_t i = utree_find(t, code);

	return i != UTREE_NONE && t->has_kids[i];
}
