/* report_json.h — the canonical JSON form of a report ("gongkai-annual-report/1", docs/report-json.md).
 * Output is deterministic (fixed key order, one table row per line), so JSON → report → JSON is
 * byte-identical. */
#ifndef GONGKAI_REPORT_REPORT_JSON_H
#define GONGKAI_REPORT_REPORT_JSON_H

#include <stddef.h>

#include "report/report.h"
#include "util/buf.h"

#define REPORT_JSON_FORMAT "gongkai-annual-report/1"

/* Appends the canonical JSON of r (with a final newline) to out. */
void report_to_json(const struct report *r, struct buf *out);

/* Parses canonical JSON into r (which it initialises). Returns 0, or -1 with a message in
 * Chinese naming the offending key in err; r is then empty. Caller frees r with report_free. */
int report_from_json(const char *text, size_t len, struct report *r, char *err, size_t errsize);

#endif
