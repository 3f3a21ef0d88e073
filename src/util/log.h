/* log.h — the diagnostic log of gongkai: one line per event on stderr, with a level and, for anything
 * that happens while answering a request, that request's id (the X-Request-Id the client saw), so an
 * operator can go from a user's complaint to the lines behind it.
 *
 *   2026-03-01T10:00:00+08:00 error req=1f2e3d4c-17 服务器内部错误 500 POST /admin/info/action：database: disk I/O
 * error
 *
 * The request id is passed explicitly (there is no global "current request"). The level is process
 * configuration (config log_level: error|warn|info|debug), set once at start-up with log_set_level.
 * Callers never pass personal data (names, ID numbers, phone numbers, addresses, query codes) or
 * secrets (passwords, tokens, session ids) to these functions: log what happened and to which record
 * id, not who the applicant is. The access log (one line per request) is the router's. */
#ifndef GONGKAI_UTIL_LOG_H
#define GONGKAI_UTIL_LOG_H

#include <stdbool.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Parses "error", "warn", "info" or "debug"; returns 0, or -1 (level unchanged) for anything else. */
int log_level_parse(const char *name, enum log_level *level);

/* Sets the process log level (default LOG_INFO). Call at start-up, before threads start. */
void log_set_level(enum log_level level);

/* True when events of this level are written. */
bool log_enabled(enum log_level level);

/* Writes one line "TIME LEVEL req=ID MESSAGE" (req=- without a request) when the level is enabled.
 * Control characters in the message (newlines included) are escaped, so one event is one line; the line
 * goes out in a single write, so lines of concurrent threads never interleave. */
void log_msg(enum log_level level, const char *request_id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
