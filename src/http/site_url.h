/* site_url.h — the site's own absolute address for SiteDomain, feeds and sitemap.xml. It comes from
 * the configured base_url, else from the configured listen address; the client's Host header is never
 * used, so a forged Host cannot plant its domain in absolute URLs (set base_url in production). */
#ifndef GONGKAI_HTTP_SITE_URL_H
#define GONGKAI_HTTP_SITE_URL_H

#include "http/req.h"

/* "https://gk.example.gov.cn[/sub]" without a trailing slash, in the request arena. */
const char *site_base_url(struct req *r);

/* The host[:port] part of site_base_url, for <meta name="SiteDomain">. */
const char *site_domain(struct req *r);

#endif
