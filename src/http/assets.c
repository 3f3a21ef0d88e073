/* assets.c — content-hashed URLs for the embedded static files (see assets.h). */
#include "http/assets.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/embedded.h"

static const char *content_type_for(const char *name)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".woff2", "font/woff2"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static void asset_fill(struct asset *a, const struct embedded_file *f)
{
	unsigned char hash[16];
	char hex[33];
	crypto_generichash(hash, sizeof hash, f->data, f->size, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	a->name = f->path + strlen("assets/");
	a->data = f->data;
	a->size = f->size;
	a->content_type = content_type_for(a->name);
	const char *dot = strrchr(a->name, '.');
	int stem = dot ? (int)(dot - a->name) : (int)strlen(a->name);
	snprintf(a->url, sizeof a->url, "/assets/%.*s.%.10s%s", stem, a->name, hex, dot ? dot : "");
	snprintf(a->etag, sizeof a->etag, "\"%.10s\"", hex);
}

void assets_init(struct assets *assets)
{
	memset(assets, 0, sizeof *assets);
	if (sodium_init() < 0)
		return;
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		if (strncmp(f->path, "assets/", 7) != 0 || strchr(f->path + 7, '/'))
			continue;
		if (assets->count == ASSETS_MAX)
			break;
		asset_fill(&assets->items[assets->count++], f);
	}
}

const struct asset *assets_by_url(const struct assets *assets, const char *path)
{
	for (size_t i = 0; i < assets->count; i++)
		if (strcmp(assets->items[i].url, path) == 0)
			return &assets->items[i];
	return NULL;
}

const char *assets_url(const struct assets *assets, const char *name)
{
	for (size_t i = 0; i < assets->count; i++)
		if (strcmp(assets->items[i].name, name) == 0)
			return assets->items[i].url;
	return "";
}
