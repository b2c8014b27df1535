/* utree.h: the hierarchy of a list of units, indexed once (code -> index,
 * each unit's parent, whether it has children), so that the pages of a
 * province or of the country walk up and down 14,000 units without
 * searching the list at every step. */
#ifndef KTXH_UTREE_H
#define KTXH_UTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "hmap.h"
#include "model.h"

#define UTREE_NONE ((size_t)-1)

struct utree {
	const struct unit *u;		/* the list, borrowed */
	size_t		 n;
	struct hmap	 by_code;	/* code -> index into u */
	size_t		*parent;	/* [i] index of u[i]'s parent, or NONE */
	bool		*has_kids;	/* [i] some unit has u[i] as parent */
};

/* Index the n units of u, which must outlive the tree. */
void	utree_build(struct utree *, const struct unit *u, size_t n);
void	utree_free(struct utree *);		/* accepts a zeroed tree */
/* The index of code, or UTREE_NONE. */
size_t	utree_find(const struct utree *, const char *code);
/* Whether code is top or lies below it (a loop in the data ends the
 * walk). */
bool	utree_within(const struct utree *, const char *top, const char *code);
/* Whether the unit of code has units below it. */
bool	utree_has_kids(const struct utree *, const char *code);

#endif
