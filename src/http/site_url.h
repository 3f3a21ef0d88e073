/* site_url.h — the site's own address: absolute URLs for SiteDomain, feeds and sitemap.xml, and the
 * sub-path the site may be mounted under.
 *
 * Absolute URLs come from the configured base_url, else from the configured listen address; the
 * client's Host header is never used, so a forged Host cannot plant its domain in absolute URLs (set
 * base_url in production).
 *
 * Sub-path deployment: with base_url = https://example.gov.cn/gongkai the site lives under /gongkai.
 * The front proxy may keep that prefix or strip it: an incoming path under the mount is unmounted
 * before routing (site_unmount_path), so both work. Pages and handlers write root-relative links
 * ("/info", "/assets/…") as if the site were at the root; site_mount_response then prefixes every
 * root-relative URL of the response in one place — href/src/action/formaction attributes of HTML, the
 * "url" members of JSON and the Location header — so no page, including the back office, can forget
 * one; cookies get Path=<mount>. Request data cannot fake such an attribute: every value is HTML-/JSON-escaped on
 * output (page.h), so a quote inside data never appears raw. */
#ifndef GONGKAI_HTTP_SITE_URL_H
#define GONGKAI_HTTP_SITE_URL_H

#include <stddef.h>

#include "http/req.h"
#include "util/buf.h"

/* "https://gk.example.gov.cn[/sub]" without a trailing slash, in the request arena. */
const char *site_base_url(struct req *r);

/* The host[:port] part of site_base_url, for <meta name="SiteDomain">. */
const char *site_domain(struct req *r);

/* The path part of base_url without a trailing slash ("/gongkai"), or "" for a site at the root of its
 * host. Points into base_url; *len receives its length. */
const char *site_mount_path(const char *base_url, size_t *len);

/* Removes the mount path from r->path when the path lies under it ("/gongkai" → "/", "/gongkai/info"
 * → "/info"), and from r->target likewise; leaves every other path alone (a proxy that strips the
 * prefix). */
void site_unmount_path(struct req *r);

/* Prefixes the mount path to the root-relative URLs of r's response (see above). Nothing happens for
 * a site at the root or a static asset. */
void site_mount_response(struct req *r);

/* The rewriting behind site_mount_response, on a text: appends text to out with mount (length mlen)
 * inserted after the '"' of every href="/, src="/, action="/ and formaction="/ attribute (html) or of
 * every "url":"/ member (JSON). Protocol-relative "//host" URLs are left alone. */
void site_mount_text(struct buf *out, const char *text, size_t len, const char *mount, size_t mlen, bool json);

#endif
