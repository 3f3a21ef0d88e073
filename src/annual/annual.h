/* annual.h — the annual report (政府信息公开工作年度报告) derived from the agency's own records.
 *
 * The pure report library (src/report/) knows the format; this module fills it from the database:
 *   - the register of 行政复议 / 行政诉讼 cases about disclosure work (table 四, rule C2);
 *   - the table-二 figures that come from other systems (行政许可, 行政处罚, 行政强制 counts and
 *     行政事业性收费 in 万元), entered per year or imported from CSV, with who entered them and when;
 *   - the agency's own text under the headings of sections 一, 五 and 六;
 *   - annual_build(): every number of the report from the records (table 三 by ARCHITECTURE.md's
 *     counting rule, table 二 from the items and the figures, table 四 from the cases), always run
 *     through the checker, cross-year rules against last year's report;
 *   - the archive of reports (imported reports of years before adoption; see annual_archive.h for the
 *     lifecycle).
 *
 * Layering: functions that change data take the writer (struct db *) inside a transaction the
 * caller opened with store_write_begin, and audit the change in it; read functions take any
 * connection. Dates are day numbers (calendar.h); `today` and `now` are passed in, never read from
 * the clock. Messages are Chinese and name the field or row. */
#ifndef GONGKAI_ANNUAL_ANNUAL_H
#define GONGKAI_ANNUAL_ANNUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "domain/actor.h"
#include "report/findings.h"
#include "report/report.h"
#include "storage/db.h"

#define ANNUAL_ERR_SIZE 512

/* The outcome of a step in this module's result convention, for store_write jobs: rc > 0 done
 * (OUTCOME_OK), 0 refused with the Chinese reason in err (OUTCOME_CONFLICT), < 0 a database error
 * (OUTCOME_STORAGE). */
enum outcome_code annual_outcome(int64_t rc, const char *err, struct outcome *out);

/* Who acts: struct actor (domain/actor.h); system is true only for the command line and the demo
 * loader (user_id 0), which may act for any agency. */

/* ---- cases register (表四) -------------------------------------------------------------------- */

/* Names of the kinds (enum case_block order: "reconsideration", "litigation_direct",
 * "litigation_after") and results (enum case_col order: "upheld", "corrected", "other", "pending").
 * The parsers return -1 when unknown. Labels come from report.h. */
const char *annual_case_kind_name(int kind);
int annual_case_kind_from_name(const char *name);
const char *annual_case_result_name(int result);
int annual_case_result_from_name(const char *name);

/* A case as entered (text fields, not owned; NULL = absent). */
struct annual_case_input {
	const char *kind; /* required, see above */
	const char *role; /* "original" (default) or "co_defendant" (this agency only as 复议机关: not counted) */
	const char *case_no;   /* 案号, optional */
	const char *filed_on;  /* required, "YYYY-MM-DD", not after today */
	const char *result;    /* default "pending" */
	const char *result_on; /* required unless pending; not before filed_on, not after today */
	const char *notes;
	int64_t application_id; /* 0 = none; else an application of the same agency */
};

struct annual_case {
	int64_t id, agency_id, application_id;
	int kind;   /* enum case_block */
	int result; /* enum case_col (CASE_UPHELD … CASE_PENDING) */
	bool co_defendant;
	int filed_on, result_on; /* day numbers; result_on CAL_NO_DAY while pending */
	char case_no[128];
	char tracking_no[32]; /* of the linked application, "" when none */
	char notes[1024];
};

/* Registers a case of agency_id (actor: handler, leader or admin of that agency). Returns the new
 * id (> 0), 0 when refused or invalid (err names the field), -1 on a database error. Audited. */
int64_t annual_case_add(struct db *w, const struct actor *actor, int64_t agency_id, const struct annual_case_input *in,
			int today, int64_t now, char *err, size_t errsize);

/* Records the result of case id (result "pending" clears it). Same roles and return values as
 * above (1 = done). Audited. */
int annual_case_set_result(struct db *w, const struct actor *actor, int64_t id, const char *result,
			   const char *result_on, int today, int64_t now, char *err, size_t errsize);

/* The cases that table 四 of year counts for agency_id (see annual_cases_count), or every case of
 * the agency when year is 0; co-defendant cases are listed too (flagged) when year is 0 only.
 * Ordered by filing date. *out malloc'd (free(); NULL when *n == 0). Returns 0 or -1. */
int annual_case_list(struct db *db, int64_t agency_id, int year, struct annual_case **out, size_t *n);

/* Fills cells[block][col] for year: a case counts in the year it was filed, under its result when
 * decided by 31 December, else 尚未审结; a case filed earlier and decided in the year counts again in
 * that year under its result (so every decision is reported once). Cases where the agency is only
 * co-defendant as 复议机关 are not counted (C2). Totals are filled. Returns 0 or -1. */
int annual_cases_count(struct db *db, int64_t agency_id, int year,
		       struct rcell cells[CASE_BLOCK_COUNT][CASE_COL_COUNT]);

/* The cases linked to one application (for its timeline: "答复被复议纠正"). Same ownership. */
int annual_cases_of_application(struct db *db, int64_t application_id, struct annual_case **out, size_t *n);

/* ---- table 二 figures -------------------------------------------------------------------------- */

struct annual_figures {
	int64_t agency_id;
	int year;
	int64_t licensing, punishment, coercion; /* 本年处理决定数量 */
	int64_t fees_micro;			 /* 本年收费金额, 万元 × REPORT_MONEY_SCALE */
	char source[8];				 /* "manual" or "csv" */
	int64_t entered_by, entered_at;
};

/* Figures as typed (text, not owned). Counts: non-negative integers; fees: a non-negative decimal
 * in 万元 with at most six decimal places ("1.25"; a trailing "万元" is accepted, "元" is refused). */
struct annual_figures_input {
	const char *year, *licensing, *punishment, *coercion, *fees_wan;
};

/* Checks and converts in into out (agency_id/source/entered_* untouched). Returns 0, or -1 with a
 * message naming the field in err. */
int annual_figures_parse(const struct annual_figures_input *in, struct annual_figures *out, char *err, size_t errsize);

/* Stores the figures of agency_id for the year in `in` (replacing earlier ones). actor: editor,
 * leader or admin of the agency. Returns 1 stored, 0 invalid/refused (err), -1 database error. */
int annual_figures_set(struct db *w, const struct actor *actor, int64_t agency_id,
		       const struct annual_figures_input *in, int64_t now, char *err, size_t errsize);

/* Imports CSV (UTF-8, optional BOM): a header naming the columns — 年度/year, 行政许可/licensing,
 * 行政处罚/punishment, 行政强制/coercion, 行政事业性收费（万元）/fees_wan, in any order — then one row per
 * year. All rows are checked first; a bad row is named ("第 3 行：…") and nothing is imported.
 * Returns the number of rows imported (> 0), or -1 with err: the caller then rolls the transaction
 * back (nothing has been written unless the database itself failed). Audited. */
int annual_figures_import_csv(struct db *w, const struct actor *actor, int64_t agency_id, const char *csv, size_t len,
			      int64_t now, char *err, size_t errsize);

/* Reads and checks the figures of a CSV text as annual_figures_import_csv does, without storing them:
 * RFC 4180 quoting (util/csv.h), thousands separators and full-width digits in numbers. Returns 0 with
 * *figs (malloc'd, one per year, agency/source/entered_* zero) and *count > 0; or -1 with err naming
 * the line ("第 3 行：…"), *figs NULL. */
int annual_figures_read_csv(const char *csv, size_t len, struct annual_figures **figs, size_t *count, char *err,
			    size_t errsize);

/* Reads the figures of the year. Returns 1 found, 0 none entered, -1 error. */
int annual_figures_get(struct db *db, int64_t agency_id, int year, struct annual_figures *out);

/* ---- the agency's own text ------------------------------------------------------------------------ */

enum annual_text_section {
	ANNUAL_TEXT_PROACTIVE,	 /* "proactive": （一）主动公开情况 */
	ANNUAL_TEXT_REQUESTS,	 /* "requests": （二）依申请公开情况 */
	ANNUAL_TEXT_MANAGEMENT,	 /* "management": （三）政府信息管理情况 */
	ANNUAL_TEXT_PLATFORM,	 /* "platform": （四）政府信息公开平台建设情况 */
	ANNUAL_TEXT_SUPERVISION, /* "supervision": （五）监督保障情况 */
	ANNUAL_TEXT_PROBLEMS,	 /* "problems": 五、存在的主要问题及改进情况 */
	ANNUAL_TEXT_OTHER,	 /* "other": 六、其他需要报告的事项 */
	ANNUAL_TEXT_COUNT
};

const char *annual_text_name(int section);
const char *annual_text_heading(int section); /* "（一）主动公开情况" …, "五、存在的主要问题及改进情况" */
int annual_text_from_name(const char *name);

/* Saves (or, with an all-blank body, removes) the agency's text of a section for the year. actor:
 * editor, leader or admin of the agency. Returns 1, 0 refused/invalid (err), -1 error. Audited. */
int annual_text_set(struct db *w, const struct actor *actor, int64_t agency_id, int year, int section, const char *body,
		    int64_t now, char *err, size_t errsize);

/* The text, malloc'd (caller frees), or NULL when none (or on error). */
char *annual_text_get(struct db *db, int64_t agency_id, int year, int section);

/* ---- building -------------------------------------------------------------------------------------- */

struct annual_env {
	const struct calendar *cal; /* the loaded holiday schedules: a year without one is refused */
	int today;		    /* day number: a year that has not begun is refused */
};

/* Builds the 2021-edition report of agency_id for year from the records into out (initialised
 * here; caller frees with report_free, also on failure). Refuses (returns -1, Chinese reason in
 * err, nothing in f) an unknown agency, a year after today's, and a year whose holiday schedule is
 * not loaded. Otherwise returns 0 and appends to f the build warnings (A1 year not over, A2 no
 * records at all, A3 table-二 figures not entered), the checker's findings (report_check), and the
 * cross-year ones (report_check_years) against last year's report — the archived published or
 * imported one, else last year built from the records when the agency has records before year. */
int annual_build(struct db *db, const struct annual_env *env, int64_t agency_id, int year, struct report *out,
		 struct findings *f, char *err, size_t errsize);

/* Like annual_build but without any check (no findings): the bare figures, for last year's
 * comparison and the charts. Returns 0 or -1 (err). */
int annual_build_figures(struct db *db, int64_t agency_id, int year, struct report *out, char *err, size_t errsize);

/* Table 三 only: fills out->applications (every cell of the 2021 edition present) from the
 * applications of agency_id, one aggregate query. Returns 0 or -1. */
int annual_fill_applications(struct db *db, int64_t agency_id, int year, struct report *out);

/* 信息处理费 collected in the year (fee_paid events in the year, amount of their fee notice), in 元.
 * Returns 0 (sets *yuan) or -1. */
int annual_processing_fees(struct db *db, int64_t agency_id, int year, int64_t *yuan);

/* ---- archive ----------------------------------------------------------------------------------------- */

/* Brings a published report of a year before adoption into the archive, through the parser (text or
 * HTML, or canonical JSON). Refused when it is not a readable 2019/2021 report, names another year
 * than one with no archived report yet, or names an agency other than agency_id's (the title must
 * contain the agency's name). Parser and checker findings are appended to f; an incomplete report is
 * refused. Returns the archive row id (> 0), 0 refused (err), -1 error. *year_out gets the year.
 * actor: editor, leader or admin of the agency. Audited. */
int64_t annual_import(struct db *w, const struct actor *actor, int64_t agency_id, const char *data, size_t len,
		      const char *source_name, int64_t now, int *year_out, struct findings *f, char *err,
		      size_t errsize);

/* Stores a report already read (parsed by the caller, which ran the checker) as agency_id's imported
 * report of r->year: what a supervisor receives from an agency not on the platform. actor: editor,
 * leader or admin of the agency, or an administrator or supervisor of an agency above it. Refused
 * like annual_import (no readable year, a report of that year already archived) and, unless
 * name_confirmed (a user confirmed which agency it is), when the title does not contain the agency's
 * name. Returns the archive row id (> 0), 0 refused (err), -1 error. Audited. */
int64_t annual_import_report(struct db *w, const struct actor *actor, int64_t agency_id, const struct report *r,
			     const char *source_name, bool name_confirmed, int64_t now, char *err, size_t errsize);

/* True when agency_id has any record (application, published item, case) dated before 1 January of
 * year: a report built from its records has something to count. */
bool annual_has_records_before(struct db *db, int64_t agency_id, int year);

/* The archived report of the year that counts as "last year's" for the cross-year checks: the
 * newest published version, else the imported one. Returns 1 (out filled; report_free it), 0 none,
 * -1 error. */
int annual_archived(struct db *db, int64_t agency_id, int year, struct report *out);

/* True when actor may act for agency_id with one of roles (a system actor always may). */
bool annual_actor_may(const struct actor *actor, int64_t agency_id, unsigned roles);

#endif
