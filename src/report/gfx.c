/* gfx.c: the table of gfx.h, filled from libpangocairo and the libraries
 * it depends on (dlsym searches them all). */
#define GFX_TABLE
#include "gfx.h"

struct gfx_fns gfx;

DYNLIB_FILL(gfx_fill, gfx, GFX_FUNCS)
static struct dynlib gfx_lib = { GFX_SONAME, "libpangocairo-1.0-0", gfx_fill,
    false };

int
gfx_load(struct buf *err)
{
	return dynlib_load(&gfx_lib, err);
}
