/* dl.c — the loader behind dl.h: dlopen of a library's SONAME and dlsym of each symbol into its
 * table, once per process (a mutex for the first use, an atomic state read afterwards). */
#include "util/dl.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills lib->table, or lib->error with the reason. Returns true when every symbol resolved. */
static bool open_and_resolve(struct dl_library *lib)
{
	/* RTLD_LAZY as for a library linked normally; RTLD_LOCAL so nothing of it leaks into the
	 * global namespace that other libraries would bind to. */
	void *handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
	if (!handle) {
		const char *why = dlerror();
		snprintf(lib->error, sizeof lib->error,
			 "无法加载 %s（Debian 软件包 %s）/ cannot load %s (Debian package %s): %s", lib->soname,
			 lib->package, lib->soname, lib->package, why ? why : "?");
		return false;
	}
	for (size_t i = 0; i < lib->nsymbols; i++) {
		dlerror();
		void *address = dlsym(handle, lib->symbols[i].name);
		if (!address) { /* none of the symbols gongkai uses is legitimately NULL */
			snprintf(lib->error, sizeof lib->error,
				 "%s 缺少函数 %s（版本过旧？Debian 软件包 %s）/ %s has no symbol %s (too old? Debian "
				 "package %s)",
				 lib->soname, lib->symbols[i].name, lib->package, lib->soname, lib->symbols[i].name,
				 lib->package);
			dlclose(handle);
			return false;
		}
		/* POSIX: a data pointer from dlsym has the representation of the function pointer it
		 * stands for; copying the bytes avoids the cast ISO C does not define. */
		memcpy((char *)lib->table + lib->symbols[i].offset, &address, sizeof address);
	}
	return true;
}

const void *dl_load(struct dl_library *lib, char *err, size_t errsize)
{
	int state = atomic_load_explicit(&lib->state, memory_order_acquire);
	if (state == 0) {
		pthread_mutex_lock(&lib->lock);
		state = atomic_load_explicit(&lib->state, memory_order_relaxed);
		if (state == 0) {
			state = open_and_resolve(lib) ? 1 : -1;
			atomic_store_explicit(&lib->state, state, memory_order_release);
		}
		pthread_mutex_unlock(&lib->lock);
	}
	if (state > 0)
		return lib->table;
	if (err && errsize)
		snprintf(err, errsize, "%s", lib->error);
	return NULL;
}

const void *dl_require(struct dl_library *lib)
{
	const void *table = dl_load(lib, NULL, 0);
	if (!table) {
		fprintf(stderr, "gongkai: %s\n", lib->error);
		exit(1);
	}
	return table;
}
