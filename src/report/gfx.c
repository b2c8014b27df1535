/* gfx.c: the table of gfx.h, filled from libpangocairo and the libraries
 * it depends on (dlsym searches them all). */
#define GFX_TABLE
#include "gfx.h"

struct gfx_fns gfx;

static int
gfx_fill(void *h)
{
#define LOAD(f) DYNLIB_SYM(h, gfx, f, fail)
	GFX_FUNCS(LOAD)
#undef LOAD
	return 0;
fail:
	return -1;
}
static struct dynlib gfx_lib = { GFX_SONAME, "libpangocairo-1.0-0", gfx_fill,
    false };

int
gfx_load(struct buf *err)
{
	return dynlib_load(&gfx_lib, err);
}
