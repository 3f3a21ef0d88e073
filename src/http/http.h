/* http.h — the entry points of the HTTP layer for the command line (src/cli/cli_serve.c):
 * set up the process-wide state, serve on a socket, or answer one request read from a stream
 * (`gongkai http`, as `fossil http`: request tests without sockets). */
#ifndef GONGKAI_HTTP_HTTP_H
#define GONGKAI_HTTP_HTTP_H

#include <stdio.h>

#include "http/req.h"

/* Fills app for this configuration and store (store may be NULL: pages needing the database then
 * answer 500/503). Computes the asset table and the request-id prefix. Release with http_app_free();
 * the store stays the caller's. */
void http_app_init(struct http_app *app, const struct config *cfg, struct store *store);
/* Frees what the app holds (the page cache) once no request uses it any more. */
void http_app_free(struct http_app *app);

/* Opens libmicrohttpd, which only the server uses (http/mhd_lib.h: not loaded at start-up). Returns 0, or
 * -1 with the reason in err (the library and its Debian package, in Chinese and English). `serve`
 * calls it before opening the database, so that a server that cannot listen changes nothing. */
int http_server_load(char *err, size_t errsize);

/* Serves HTTP on cfg->listen (host:port, IPv4 or [IPv6]) with a pool of cfg->threads threads until
 * SIGTERM or SIGINT, then stops accepting, lets running requests finish (up to 10 s) and returns 0.
 * Returns -1 with a Chinese message on stderr when libmicrohttpd cannot be loaded (http_server_load) or
 * the address cannot be used. If ready_fd >= 0, the
 * line "listening on HOST:PORT\n" is written to it once the socket is bound (for tests using port 0). */
int http_serve(struct http_app *app, int ready_fd);

/* Reads one HTTP/1.x request from in (request line, headers, body by Content-Length), answers it
 * through the same router as the server, and writes the full response (status line, headers, body)
 * to out. A malformed or oversized request gets a 400/413 response. Returns 0, or -1 on I/O error. */
int http_answer_stream(struct http_app *app, FILE *in, FILE *out, const char *client_ip);

#endif
