/* cli_report.h — what the `gongkai report` subcommands share inside src/cli/: loading one input file
 * into the report model (cli_report.c), the batch checker behind `report check` (cli_report_batch.c)
 * and its outputs (cli_report_out.c). Not a public interface of the library. */
#ifndef GONGKAI_CLI_CLI_REPORT_H
#define GONGKAI_CLI_CLI_REPORT_H

#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>

#include "report/findings.h"
#include "report/report.h"
#include "report/report_check.h"
#include "util/buf.h"

extern const char cli_report_usage[]; /* `gongkai report --help` */

/* A JSON string, or null for NULL. */
static inline json_t *json_string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* One input file and what became of it. */
struct loaded {
	const char *path;
	struct report report;
	struct findings findings;
	bool readable;	 /* the report model is filled */
	char error[512]; /* why not, when !readable */
};

/* Reads and parses one file (at most REPORT_PARSE_MAX_BYTES; "-" is stdin): canonical JSON or a
 * published report in any format report_parse() accepts. Never fails: an unreadable file leaves
 * l->readable false and the reason in l->error. The caller releases l with cli_report_unload. */
void cli_report_load(struct loaded *l, const char *path);
/* cli_report_load with the file's bytes read into data (emptied first; the caller keeps it from
 * file to file and frees it): regular says the caller has seen path to be a regular file, so it
 * is read without an fstat call (buf_read_regular_file); fd, when not -1, is the file already open
 * on path (read from there, then closed). */
void cli_report_load_file(struct loaded *l, const char *path, bool regular, int fd, struct buf *data);
void cli_report_unload(struct loaded *l);

/* Prints the findings one per line ("  错误 R1  message") for a clerk. */
void cli_report_print_findings(FILE *out, const struct findings *f);

/* `gongkai report check [options] PATH…` (cli_report_batch.c); argv[0] is "check". */
int cli_report_check(int argc, char **argv);

/* One checked file as the batch keeps it: no file contents, what the cross-year rules read of the
 * report model only while they need it. */
struct checked {
	char *path;
	bool readable;
	char *error; /* why unreadable, NULL when readable */
	int edition, year;
	char *agency;		    /* NULL when unknown (a batch: in its arena) */
	struct findings findings;   /* parser, single-report and cross-year findings (a batch: in its arena) */
	struct report_years *years; /* kept for the cross-year rules (in the batch's arena), NULL otherwise */
};

/* Verdict of a checked file: 0 consistent, 1 violations, 2 incomplete, 3 unreadable. */
enum verdict { VERDICT_CONSISTENT, VERDICT_VIOLATIONS, VERDICT_INCOMPLETE, VERDICT_UNREADABLE };
enum verdict checked_verdict(const struct checked *c);

/* Outputs of a batch (cli_report_out.c); files are in path order. */
void batch_print_text(FILE *out, const struct checked *files, int n, bool with_findings);
void batch_print_summary(FILE *out, const struct checked *files, int n);
void batch_print_legacy_json(FILE *out, const struct checked *files, int n);
/* One row per finding (an unreadable file is one row with severity "unreadable") in format
 * "json", "csv" or "xlsx", written to path (NULL: stdout, not for xlsx). Returns 0, or -1 after
 * printing a Chinese message to stderr. */
int batch_write_findings(const char *format, const char *path, const struct checked *files, int n);

#endif
