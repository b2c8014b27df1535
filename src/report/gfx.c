/* gfx.c: the table of gfx.h, filled from libpangocairo and the libraries
 * it depends on (dlsym searches them all). */
#include <pthread.h>
#include <string.h>

#define GFX_TABLE
#include "gfx.h"

struct gfx_fns gfx;
static pthread_mutex_t gfx_lock = PTHREAD_MUTEX_INITIALIZER;

int
gfx_load(struct buf *err)
{
	void *h;
	int rc = 0;

	pthread_mutex_lock(&gfx_lock);
	if (gfx.pango_layout_new != NULL)
		goto out;
	rc = -1;
	if ((h = dynlib_open(GFX_SONAME, "libpangocairo-1.0-0", err)) == NULL)
		goto out;
#define LOAD(f) DYNLIB_SYM(h, gfx, f, fail)
	GFX_FUNCS(LOAD)
#undef LOAD
	rc = 0;
	goto out;
fail:
	dynlib_fail(h, GFX_SONAME, err);
	memset(&gfx, 0, sizeof gfx);
out:
	pthread_mutex_unlock(&gfx_lock);
	return rc;
}
