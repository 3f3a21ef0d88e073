/* csv.h — a reader of comma-separated values as spreadsheets write them (RFC 4180): fields separated by
 * commas, records by LF or CRLF, a field in double quotes may hold commas, line breaks and doubled
 * quotes (""), spaces and tabs around a field are dropped, and blank lines are skipped. Used by the
 * imports (the table-二 figures of the annual report); fuzzed through them. And the one writer of a
 * field, for the exports.
 *
 * Strict where a lenient reader would guess: a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote, a NUL byte, too many or too long fields are errors with a Chinese
 * reason, so a malformed file is refused instead of imported wrongly. */
#ifndef GONGKAI_UTIL_CSV_H
#define GONGKAI_UTIL_CSV_H

#include <stddef.h>

#include "util/buf.h"

#define CSV_MAX_FIELDS	  64   /* fields per record */
#define CSV_MAX_FIELD_LEN 4096 /* bytes per field, after unquoting */

struct csv_record {
	struct buf text;	      /* the fields, each NUL-terminated, one after another */
	size_t start[CSV_MAX_FIELDS]; /* offset of each field in text */
	size_t count;		      /* fields of the record (>= 1) */
	size_t line;		      /* line number (1-based) where the record starts */
};

/* A reader over csv[0..len). A UTF-8 byte-order mark at the start is skipped. */
struct csv_reader {
	const char *csv;
	size_t len, pos;
	size_t line; /* line number of pos */
};
void csv_reader_init(struct csv_reader *rd, const char *csv, size_t len);

/* Reads the next record into rec (start rec as {0}; reuse it for every record, then csv_record_free).
 * Returns 1 when a record was read, 0 at the end of the input, -1 when the input is malformed: *why
 * (may be NULL) then says why in Chinese and rec->line names the line where the record starts. */
int csv_next(struct csv_reader *rd, struct csv_record *rec, const char **why);

/* Field i (< rec->count) as a NUL-terminated string owned by rec. */
const char *csv_field(const struct csv_record *rec, size_t i);

void csv_record_free(struct csv_record *rec);

/* ---- writing ---- */

/* Appends s (NULL: nothing) as one CSV field: quoted when it holds a comma, quote, CR or LF (quotes
 * doubled); text a spreadsheet would run as a formula (leading = + - @, tab or CR) gets a leading
 * apostrophe inside quotes (OWASP's advice against CSV injection: the text may come from files checked). */
void csv_put_field(struct buf *out, const char *s);

#endif
