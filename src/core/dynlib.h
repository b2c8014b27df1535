/* dynlib.h: shared libraries opened when first needed. A library linked
 * into ktxh is loaded, relocated and initialised at every start, with all
 * that it depends on: poppler (libstdc++, NSS, image codecs) and libpq
 * (Kerberos, LDAP, GnuTLS) made every command pay some 12 ms before main,
 * more than `ktxh check` takes to read a page. Their one user each calls
 * them through a table of pointers filled on first use; the library's
 * header still gives the types and constants (src/web/server.c does the
 * same for libmicrohttpd).
 *
 *	#define FOO_FUNCS(X) X(foo_open) X(foo_close)
 *	static struct { FOO_FUNCS(DYNLIB_FIELD) } foo;
 *	DYNLIB_FILL(foo_fill, foo, FOO_FUNCS)
 *	static struct dynlib foo_lib = { "libfoo.so.1", "libfoo1", foo_fill };
 *	…
 *	if (dynlib_load(&foo_lib, err) != 0)
 *		return -1;
 */
#ifndef KTXH_DYNLIB_H
#define KTXH_DYNLIB_H

#include <stdbool.h>

#include "core/buf.h"

/* A table's member for function f: a pointer of f's own type. */
#define DYNLIB_FIELD(f)	__typeof__(f) *f;
/* static int fn(void *h): fill table t with the functions FUNCS lists
 * from handle h; 0, or -1 at the first missing. */
#define DYNLIB_FILL(fn, t, FUNCS)					\
static int								\
fn(void *h)								\
{									\
	__typeof__(t) *dynlib_t_ = &(t);				\
									\
	FUNCS(DYNLIB_SET_)						\
	return 0;							\
}
#define DYNLIB_SET_(f)							\
	if ((dynlib_t_->f = (__typeof__(dynlib_t_->f))dynlib_sym(h, #f)) \
	    == NULL)							\
		return -1;

/* The address of symbol name in h, or NULL. */
void	*dynlib_sym(void *h, const char *name);

/* A library and its table. fill sets the table's pointers from the
 * library's handle and returns 0, or -1 at the first it lacks. */
struct dynlib {
	const char	*soname;
	const char	*package;	/* Debian's, named when it is missing */
	int		(*fill)(void *h);
	bool		 loaded;
};

/* Open l and fill its table, once for the process whichever thread asks
 * first; 0, or -1 with a message in err naming the library and the package
 * to install (and the next call tries again). */
int	 dynlib_load(struct dynlib *l, struct buf *err);

#endif
