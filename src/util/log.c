/* log.c — levelled one-line diagnostics on stderr (see log.h). The level is the only state, and it is
 * process configuration written once at start-up; each line is formatted in a local buffer and written
 * with one write(2), so threads need no lock. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/china_time.h"
#include "util/log.h"

static enum log_level process_level = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int log_level_parse(const char *name, enum log_level *level)
{
	for (int i = LOG_ERROR; i <= LOG_DEBUG; i++)
		if (name && strcmp(name, level_names[i]) == 0) {
			*level = (enum log_level)i;
			return 0;
		}
	return -1;
}

void log_set_level(enum log_level level)
{
	process_level = level;
}

bool log_enabled(enum log_level level)
{
	return level <= process_level;
}

/* Appends text with control characters escaped (\n, \r, \t, \xHH), so it stays on one line. */
static void append_escaped(struct buf *b, const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '\n')
			buf_puts(b, "\\n");
		else if (*c == '\r')
			buf_puts(b, "\\r");
		else if (*c == '\t')
			buf_puts(b, "\\t");
		else if (*c < 0x20 || *c == 0x7F)
			buf_printf(b, "\\x%02X", *c);
		else
			buf_putc(b, (char)*c);
	}
}

void log_msg(enum log_level level, const char *request_id, const char *fmt, ...)
{
	if (!log_enabled(level))
		return;
	struct buf message = {0}, line = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&message, fmt, ap);
	va_end(ap);
	char when[CHINA_TIME_SIZE];
	china_time_format((int64_t)time(NULL), CHINA_RFC3339, when);
	buf_printf(&line, "%s %s req=", when, level_names[level]);
	append_escaped(&line, request_id && *request_id ? request_id : "-");
	buf_putc(&line, ' ');
	append_escaped(&line, message.data ? message.data : "");
	buf_putc(&line, '\n');
	for (size_t done = 0; done < line.len;) { /* one write: lines of threads do not interleave */
		ssize_t n = write(STDERR_FILENO, line.data + done, line.len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	buf_free(&message);
	buf_free(&line);
}
