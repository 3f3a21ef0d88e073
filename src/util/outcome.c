/* outcome.c — filling struct outcome (see outcome.h), so that every module reports results alike. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/outcome.h"

enum outcome_code outcome_fail(struct outcome *out, enum outcome_code code, const char *field, const char *fmt, ...)
{
	if (!out)
		return code;
	out->code = code;
	snprintf(out->field, sizeof out->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof out->message, fmt, ap);
	va_end(ap);
	return code;
}

void outcome_clear(struct outcome *out)
{
	if (out)
		memset(out, 0, sizeof *out);
}
