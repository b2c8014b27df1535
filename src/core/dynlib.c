/* dynlib.c: shared libraries opened when first needed (dynlib.h). */
#include <dlfcn.h>

#include "core/dynlib.h"

void *
dynlib_open(const char *soname, const char *package, struct buf *err)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		buf_printf(err, "không nạp được thư viện %s: %s (cài gói %s)",
		    soname, dlerror(), package);
	return h;
}

void *
dynlib_sym(void *h, const char *name)
{
	return dlsym(h, name);
}

void
dynlib_fail(void *h, const char *soname, struct buf *err)
{
	buf_printf(err, "thư viện %s không dùng được: %s", soname, dlerror());
	dlclose(h);
}
