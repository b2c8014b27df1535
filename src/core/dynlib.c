/* dynlib.c: shared libraries opened when first needed (dynlib.h). */
#include <dlfcn.h>
#include <pthread.h>

#include "core/dynlib.h"

void *
dynlib_sym(void *h, const char *name)
{
	return dlsym(h, name);
}

int
dynlib_load(struct dynlib *l, struct buf *err)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	void *h;
	int rc = 0;

	pthread_mutex_lock(&lock);
	if (!l->loaded) {
		rc = -1;
		if ((h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL)) == NULL)
			buf_printf(err, "không nạp được thư viện %s: %s (cài gói "
			    "%s)", l->soname, dlerror(), l->package);
		else if (l->fill(h) != 0) {
			buf_printf(err, "thư viện %s không dùng được: %s",
			    l->soname, dlerror());
			dlclose(h);
		} else
			rc = 0;
		l->loaded = rc == 0;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}
