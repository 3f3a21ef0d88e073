/* site_url.c — the site's absolute address from the configuration only (see site_url.h). */
#include <string.h>

#include "http/site_url.h"

const char *site_base_url(struct req *r)
{
	const char *base = r->app->cfg->base_url;
	if (base && *base) {
		size_t n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			n--;
		return arena_strndup(&r->arena, base, n);
	}
	const char *listen = r->app->cfg->listen;
	return arena_printf(&r->arena, "%s://%s", r->app->cfg->https ? "https" : "http",
			    listen && *listen ? listen : "localhost");
}

const char *site_domain(struct req *r)
{
	const char *base = site_base_url(r);
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	const char *slash = strchr(host, '/');
	return slash ? arena_strndup(&r->arena, host, (size_t)(slash - host)) : host;
}
