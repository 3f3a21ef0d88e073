/* site_url.c — the site's absolute address and its sub-path from the configuration only (see
 * site_url.h). */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

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

const char *site_mount_path(const char *base_url, size_t *len)
{
	*len = 0;
	if (!base_url)
		return "";
	const char *host = strstr(base_url, "://");
	if (!host)
		return "";
	const char *path = strchr(host + 3, '/');
	if (!path)
		return "";
	size_t n = strcspn(path, "?#");
	while (n > 0 && path[n - 1] == '/')
		n--;
	*len = n;
	return path;
}

void site_unmount_path(struct req *r)
{
	size_t mlen;
	const char *mount = site_mount_path(r->app && r->app->cfg ? r->app->cfg->base_url : NULL, &mlen);
	if (mlen == 0 || !r->path || strncmp(r->path, mount, mlen) != 0)
		return;
	if (r->path[mlen] == '\0')
		r->path = "/";
	else if (r->path[mlen] == '/')
		r->path += mlen;
	else
		return;
	/* the raw target too: pages build "back" links from it, and the page cache keys on it */
	if (r->target && strncmp(r->target, mount, mlen) == 0)
		r->target =
		    r->target[mlen] == '/' ? r->target + mlen : arena_printf(&r->arena, "/%s", r->target + mlen);
}

/* The attribute (html) or member (JSON) names whose root-relative values are mounted. */
static bool url_name(const char *name, size_t n, bool json)
{
	static const char *const html_names[] = {"href", "src", "action", "formaction"};
	if (json)
		return n == 3 && memcmp(name, "url", 3) == 0;
	for (size_t i = 0; i < sizeof html_names / sizeof *html_names; i++)
		if (strlen(html_names[i]) == n && memcmp(name, html_names[i], n) == 0)
			return true;
	return false;
}

/* True when text[0..at) ends with a URL name introducing a value at text[at] (the '"' before '/'):
 * ` href="` in HTML (a space before the name), `"url":"` in JSON. */
static bool url_value_starts(const char *text, size_t at, bool json)
{
	size_t end = at;
	if (json) {
		if (end < 2 || text[end - 1] != ':' || text[end - 2] != '"')
			return false;
		end -= 2;
	} else {
		if (end < 1 || text[end - 1] != '=')
			return false;
		end -= 1;
	}
	size_t start = end;
	while (start > 0 && text[start - 1] >= 'a' && text[start - 1] <= 'z')
		start--;
	if (start == 0 || !url_name(text + start, end - start, json))
		return false;
	char before = text[start - 1];
	return json ? before == '"' : (before == ' ' || before == '\n' || before == '\t');
}

void site_mount_text(struct buf *out, const char *text, size_t len, const char *mount, size_t mlen, bool json)
{
	size_t copied = 0;
	for (size_t i = 0; i + 2 < len; i++) {
		if (text[i] != '"' || text[i + 1] != '/' || text[i + 2] == '/' || !url_value_starts(text, i, json))
			continue;
		buf_append(out, text + copied, i + 1 - copied);
		buf_append(out, mount, mlen);
		copied = i + 1;
	}
	buf_append(out, text + copied, len - copied);
}

/* The Location header of a redirect to a local path gets the mount path too, and cookies are limited to
 * it (Path=/gongkai instead of Path=/: other sites of the host never receive them). */
static void mount_headers(struct req *r, const char *mount, size_t mlen)
{
	for (size_t i = 0; i < r->resp_headers.count; i++) {
		struct kv *h = &r->resp_headers.items[i];
		const char *root_path = strcasecmp(h->name, "Set-Cookie") == 0 ? strstr(h->value, "; Path=/;") : NULL;
		if (root_path)
			h->value = arena_printf(&r->arena, "%.*s; Path=%.*s;%s", (int)(root_path - h->value), h->value,
						(int)mlen, mount, root_path + strlen("; Path=/;"));
		else if (strcasecmp(h->name, "Location") == 0 && h->value[0] == '/' && h->value[1] != '/')
			h->value = arena_printf(&r->arena, "%.*s%s", (int)mlen, mount, h->value);
		h->value_len = strlen(h->value);
	}
}

void site_mount_response(struct req *r)
{
	size_t mlen;
	const char *mount = site_mount_path(r->app->cfg->base_url, &mlen);
	if (mlen == 0 || r->static_body)
		return;
	mount_headers(r, mount, mlen);
	const char *type = r->content_type ? r->content_type : "text/html";
	bool json = strncmp(type, "application/json", 16) == 0;
	if (!json && strncmp(type, "text/html", 9) != 0)
		return;
	struct buf mounted = {0};
	site_mount_text(&mounted, r->page.out.data ? r->page.out.data : "", r->page.out.len, mount, mlen, json);
	buf_free(&r->page.out);
	r->page.out = mounted;
}
