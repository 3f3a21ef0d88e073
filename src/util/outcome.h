/* outcome.h — the one result type of every domain operation (info, apply, annual, accounts …) and of
 * store_write(): what happened, and for the user a Chinese sentence naming the field or the reason.
 *
 * It lives in util/ because storage (store_write reports a failed commit as OUTCOME_STORAGE) and every
 * layer above it use it. Translating a code to an HTTP status is the HTTP layer's job
 * (http_outcome_status); a CLI command exits non-zero for anything but OUTCOME_OK. */
#ifndef GONGKAI_UTIL_OUTCOME_H
#define GONGKAI_UTIL_OUTCOME_H

enum outcome_code {
	OUTCOME_OK = 0,
	OUTCOME_NOT_FOUND, /* no such record (or not visible to the caller) */
	OUTCOME_INVALID,   /* a field is invalid: field names it, message says why (nothing was changed) */
	OUTCOME_CONFLICT,  /* the record's state forbids this step now (workflow, duplicate, stale) */
	OUTCOME_FORBIDDEN, /* the caller may not do this */
	OUTCOME_STORAGE,   /* the database failed (begin, a statement, or the commit): nothing was saved */
};

struct outcome {
	enum outcome_code code;
	char field[32];	   /* OUTCOME_INVALID: the input field ("title", "formed_on", …); else "" */
	char message[512]; /* Chinese, names the field / the reason; "" on success */
	char warning[256]; /* Chinese, set on success when something deserves attention (duplicate 文号) */
};

/* Sets out (may be NULL) to code with field (may be NULL) and a printf-style Chinese message; returns
 * code. */
enum outcome_code outcome_fail(struct outcome *out, enum outcome_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clears out (may be NULL) to OUTCOME_OK with empty texts. */
void outcome_clear(struct outcome *out);

#endif
