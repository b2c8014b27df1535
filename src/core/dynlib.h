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
 *	…
 *	if ((h = dynlib_open("libfoo.so.1", "libfoo1", err)) == NULL)
 *		return -1;
 *	#define LOAD(f) DYNLIB_SYM(h, foo, f, fail)
 *	FOO_FUNCS(LOAD)
 */
#ifndef KTXH_DYNLIB_H
#define KTXH_DYNLIB_H

#include "core/buf.h"

/* A table's member for function f: a pointer of f's own type. */
#define DYNLIB_FIELD(f)	__typeof__(f) *f;
/* Fill table t's pointer to f from handle h, or goto fail. */
#define DYNLIB_SYM(h, t, f, fail)					\
	if (((t).f = (__typeof__((t).f))dynlib_sym((h), #f)) == NULL)	\
		goto fail;

/* Open the library soname for the process's lifetime; NULL with a message
 * naming it and the Debian package to install in err. */
void	*dynlib_open(const char *soname, const char *package,
	    struct buf *err);
/* The address of symbol name in h, or NULL. */
void	*dynlib_sym(void *h, const char *name);
/* After a failed DYNLIB_SYM: say which library lacks what, close h. */
void	 dynlib_fail(void *h, const char *soname, struct buf *err);

#endif
