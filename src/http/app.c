/* app.c — the process-wide state of the HTTP layer (struct http_app, see http.h). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar_cache.h"
#include "http/http.h"
#include "http/layout.h"
#include "util/log.h"

void http_app_init(struct http_app *app, const struct config *cfg, struct store *store)
{
	memset(app, 0, sizeof *app);
	if (sodium_init() < 0)
		abort();
	app->cfg = cfg;
	app->store = store;
	accounts_policy_from_config(&app->policy, cfg);
	assets_init(&app->assets);
	app->layout = layout_parts_new(&app->assets);
	unsigned char raw[4];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(app->id_prefix, sizeof app->id_prefix, raw, sizeof raw);
	atomic_init(&app->next_request, 0);
	pthread_mutex_init(&app->site_lock, NULL);
	pthread_mutex_init(&app->health_lock, NULL);
	page_cache_init(&app->page_cache);
	app->cache_ms = cfg && cfg->cache_ms > 0 ? cfg->cache_ms : PAGE_CACHE_TTL_MS;
	app->calendars = calendar_cache_new(app->cache_ms);
	enum log_level level = LOG_INFO;
	log_level_parse(cfg->log_level, &level); /* config already refused any other value */
	log_set_level(level);
	app->access_log = log_enabled(LOG_INFO);
}

void http_app_free(struct http_app *app)
{
	page_cache_free(&app->page_cache);
	layout_parts_free(app->layout);
	free(app->site_footer);
	calendar_cache_free(app->calendars);
	pthread_mutex_destroy(&app->site_lock);
	pthread_mutex_destroy(&app->health_lock);
}
