/* findings.h — what the parser and the checker say about a report.
 *
 * A finding names its rule (R1–R10 of FORMAT.md §3, or P* for parser findings), its severity, where
 * it is (table, row label, column — any may be NULL) and a message in Chinese a clerk understands,
 * e.g. "表三 （七）总计 自然人列 为 20，但各办理结果之和为 26". A finding marked incomplete means the
 * report could not be read whole (missing table, row or section; unreadable row): such a report
 * never passes as consistent. */
#ifndef GONGKAI_REPORT_FINDINGS_H
#define GONGKAI_REPORT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

enum severity { SEV_WARNING, SEV_ERROR };

struct finding {
	char *rule; /* "R1" … "R10", "P1" … */
	enum severity severity;
	bool incomplete;
	char *table;  /* "表二" "表三" "表四" "正文" or NULL */
	char *row;    /* row label or NULL */
	char *column; /* column label or NULL */
	char *message;
};

struct findings {
	struct finding *v;
	size_t n, cap;
	struct arena *arena; /* NULL: v and its strings are malloc'd; else they live in this arena */
};

/* Adds a finding; table/row/column may be NULL; the message is printf-formatted. */
void findings_add(struct findings *f, const char *rule, enum severity sev, bool incomplete, const char *table,
		  const char *row, const char *column, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
void findings_free(struct findings *f);

/* Moves f's findings, and those added later, into arena a (a batch keeps thousands of lists until it
 * ends: packed in its arena, they do not scatter the heap). findings_free then only forgets them; the
 * memory goes with the arena. */
void findings_keep(struct findings *f, struct arena *a);

/* Exit status the CLI reports for these findings: 0 complete and consistent (warnings allowed),
 * 1 rule violations, 2 incomplete or unreadable. */
int findings_status(const struct findings *f);
size_t findings_count(const struct findings *f, enum severity sev);

/* Appends the findings as a JSON array to out. */
void findings_to_json(const struct findings *f, struct buf *out);

#endif
