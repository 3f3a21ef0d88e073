/* annual_archive.h — the lifecycle of the annual report and what the pages built on it need
 * (docs/annual.md):
 *
 *   draft      built live from the records by annual_build (never stored), the agency's text editable;
 *   approved   a leader approves the draft as it stands: an 'approved' row of annual_report holds the
 *              JSON the leader saw (one per agency and year; a new approval replaces it);
 *   published  the approved JSON, checked again and refused when it breaks a hard rule (error
 *              findings), becomes a frozen version with its findings and rendered forms
 *              (migrations/031_annual_lifecycle.sql: triggers forbid any change);
 *   correction after publication the draft is editable again; approving it needs a change note, and
 *              publishing it makes a new version and marks the earlier one superseded.
 *
 * Also: the statutory deadline (FORMAT.md §1.3), the drill-down queries behind every number of
 * tables 二–四, the five-year trend for the charts and the workbench summary.
 * Same conventions as annual.h: writers inside store_write_begin/end, audited; Chinese messages. */
#ifndef GONGKAI_ANNUAL_ANNUAL_ARCHIVE_H
#define GONGKAI_ANNUAL_ANNUAL_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annual/annual.h"
#include "domain/agency.h"
#include "util/buf.h"

/* ---- versions --------------------------------------------------------------------------------- */

enum annual_status { ANNUAL_APPROVED, ANNUAL_PUBLISHED, ANNUAL_SUPERSEDED, ANNUAL_IMPORTED, ANNUAL_STATUS_COUNT };

const char *annual_status_name(int status); /* "approved", … */
const char *annual_status_zh(int status);   /* "已批准待发布", "已发布", "已被更正", "历史导入" */

/* One stored version (row of annual_report), without its JSON. */
struct annual_version {
	int64_t id, agency_id;
	int year, version;
	int status; /* enum annual_status */
	char change_note[1024];
	char source[256];
	int64_t approved_by, approved_at, published_by, published_at, created_at;
	char approved_by_name[96], published_by_name[96]; /* display names, "" when none */
};

/* The stored versions of agency_id: of one year (year > 0) or of every year (year == 0), newest year
 * first, newest version first. *out malloc'd (free(); NULL when *n == 0). Returns 0 or -1. */
int annual_versions(struct db *db, int64_t agency_id, int year, struct annual_version **out, size_t *n);

/* The version that the portal shows for the year: the newest published one, else the imported one
 * (public == true), or any version number `version` (> 0) of the year that was published, superseded
 * or imported. Returns 1 (out filled), 0 none, -1 error. */
int annual_version_public(struct db *db, int64_t agency_id, int year, int version, struct annual_version *out);

/* The agencies that have something on the portal (a published or imported version), with their
 * years newest first: parallel arrays, *agencies[i] / *years[i], ordered by agency then year. Both
 * malloc'd (free()). Returns 0 or -1. */
int annual_public_years(struct db *db, int64_t **agencies, int **years, size_t *n);

/* The canonical JSON of a stored version, malloc'd (caller frees), or NULL (not found / error). */
char *annual_version_json(struct db *db, int64_t report_id);

/* The stored findings (JSON array text) of a version, malloc'd, or NULL. */
char *annual_version_findings(struct db *db, int64_t report_id);

/* A rendered form frozen at publication ("txt", "md", "html", "fragment"), malloc'd, or NULL when the
 * version has none (an imported one: render it from its JSON). */
char *annual_version_render(struct db *db, int64_t report_id, const char *format);

/* Loads a stored version's report model. Returns 0 (report_free it) or -1. */
int annual_version_report(struct db *db, int64_t report_id, struct report *out);

/* ---- lifecycle (writers) ---------------------------------------------------------------------- */

/* A leader of the agency approves the current draft of year (built now from the records, the build's
 * findings appended to f): stored as the approved version, replacing an earlier unpublished approval.
 * Refused (0, err): not a leader of the agency, the year is not over, or — after a publication — an
 * empty change_note, or a draft identical to the published version. Returns the row id (> 0), 0
 * refused, -1 database error. Audited. */
int64_t annual_approve(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
		       int year, const char *change_note, int64_t now, struct findings *f, char *err, size_t errsize);

/* Withdraws the pending approval of year (leader or admin). Returns 1, 0 refused/none (err), -1. */
int annual_revoke(struct db *w, const struct actor *actor, int64_t agency_id, int year, int64_t now, char *err,
		  size_t errsize);

/* Publishes the approved version of year (editor, leader or admin of the agency). The draft is built
 * again and must equal what the leader approved (else: refused, approve again); its findings go to f;
 * any error finding refuses publication (err names how many and the first). On success the version is
 * frozen with its findings and rendered forms, an earlier published version becomes superseded, and
 * the version number is returned (> 0). 0 refused, -1 database error. Audited. */
int annual_publish(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id, int year,
		   int64_t now, struct findings *f, char *err, size_t errsize);

/* Where a draft comes from. Agency reports are built from the agency's records (annual_build); the
 * aggregated report of a supervising agency (src/supervise/aggregate.h) is the sum of other agencies'
 * reports, stored as that agency's annual_report with source "aggregate" and going through the same
 * lifecycle. build fills json (the canonical JSON, which may carry extra keys) and r (the model whose
 * rendered forms are frozen at publication; initialised by build, freed by the caller also on failure),
 * appends its findings to f, and returns 0 or -1 refused (err). */
struct annual_draft {
	const char *source; /* annual_report.source of the versions it makes */
	int (*build)(struct db *w, const struct annual_env *env, int64_t agency_id, int year, void *ctx,
		     struct buf *json, struct report *r, struct findings *f, char *err, size_t errsize);
	void *ctx;
};

/* annual_approve and annual_publish for a draft from another source. They do NOT check who acts: the
 * caller has (e.g. a supervisor of the agency or above). Same results and audit as those. */
int64_t annual_approve_draft(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			     int year, const char *change_note, const struct annual_draft *draft, int64_t now,
			     struct findings *f, char *err, size_t errsize);
int annual_publish_draft(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			 int year, const struct annual_draft *draft, int64_t now, struct findings *f, char *err,
			 size_t errsize);

/* ---- statutory deadline (FORMAT.md §1.3) ------------------------------------------------------- */

/* The day by which the report of `year` is due (in year + 1) for an agency of this level: 1月31日 for
 * departments, 乡镇 and 街道; 2月20日 for a county (县级汇总); 3月10日 for a city (地市级汇总);
 * 3月31日 for a province (省级汇总). *basis (may be NULL) gets the sentence that says why. */
int annual_deadline(enum agency_level level, int year, const char **basis);

/* ---- drill-down: the records behind a number ------------------------------------------------------ */

/* An application counted in a cell of table 三. */
struct annual_app_ref {
	int64_t id;
	char tracking_no[32];
	int column;		       /* enum app_col */
	int row;		       /* outcome row (enum app_row) or -1 while open */
	int received_on, concluded_on; /* CAL_NO_DAY when not concluded */
};

/* The applications of agency_id that make up table 三 cell (row_key, column) of year (column
 * APP_COL_TOTAL = every type), by the same rule as annual_fill_applications: *total gets how many
 * there are, out the ones from offset (at most limit), ordered by receipt. Returns 0 or -1 (also for
 * an unknown row key). *out malloc'd (free()). */
int annual_drill_applications(struct db *db, int64_t agency_id, int year, const char *row_key, int column,
			      size_t offset, size_t limit, struct annual_app_ref **out, size_t *n, size_t *total);

/* An item counted in table 二, 第二十条第（一）项. */
struct annual_item_ref {
	int64_t id;
	char index_no[64];
	char title[512];
	int published_on, validity_on;
	char validity[16];
};

/* The 规章 (row PRO_REGULATIONS) or 行政规范性文件 (PRO_NORMATIVE) items of the cell column (0 本年制发,
 * 1 本年废止, 2 现行有效) at 31 December of year, by info_stats' rules. Same ownership and limits as
 * above. Returns 0 or -1 (also for another row or column). */
int annual_drill_items(struct db *db, int64_t agency_id, int year, int row, int column, size_t offset, size_t limit,
		       struct annual_item_ref **out, size_t *n, size_t *total);

/* The cases of table 四 cell (block, col) of year (col CASE_TOTAL = every result; block -1 = every
 * block), as annual_cases_count counts them; each case's result is its result for that year.
 * *out malloc'd (free()). Returns 0 or -1. */
int annual_drill_cases(struct db *db, int64_t agency_id, int year, int block, int col, struct annual_case **out,
		       size_t *n);

/* ---- charts' data ------------------------------------------------------------------------------ */

struct annual_trend_point {
	int year;
	bool known;	   /* false: no report and no records for the year */
	bool from_archive; /* true: the published or imported report; false: built from the records */
	int64_t received, answered, carried_forward; /* 新收, （七）总计, 结转下年度 (总计 column) */
};

/* The `count` years ending with `year` (oldest first, out[count]): each from the archived (published or
 * imported) report of that year, else — unless archived_only, as on the public portal, which shows
 * nothing unpublished — built from the records when the agency had records by then. Returns 0 or -1. */
int annual_trend(struct db *db, int64_t agency_id, int year, int count, bool archived_only,
		 struct annual_trend_point *out);

/* ---- exports ---------------------------------------------------------------------------------- */

/* True when format is one of "json", "txt", "md", "html", "xlsx", "pdf". */
bool annual_format_known(const char *format);

/* True for the binary formats (xlsx, pdf). */
bool annual_format_binary(const char *format);

/* The MIME type of a format ("application/json; charset=utf-8", …), NULL when unknown. */
const char *annual_format_mime(const char *format);

/* Renders r in format (see annual_format_known) into out. Returns 0, or -1 with err. */
int annual_render(const struct report *r, const char *format, struct buf *out, char *err, size_t errsize);

/* ---- workbench -------------------------------------------------------------------------------- */

struct annual_workbench {
	int year;	   /* the report now due: last year's */
	int due_on;	   /* day number of the deadline */
	int days_left;	   /* due_on − today (negative: overdue) */
	const char *basis; /* why that deadline (static text) */
	bool published;	   /* a version of the year is published */
	int published_version;
	int64_t published_at;
	bool approved_pending;	 /* an approved version waits for publication */
	size_t errors, warnings; /* findings of the current draft */
	char status_zh[64]; /* "草稿" / "已批准待发布" / "已发布（第 2 版）" / "已发布，更正待发布" */
};

/* What the back-office workbench shows about this year's report (the report of env->today's year − 1):
 * deadline and status, with the current draft built and checked. Returns 0, or -1 (err). */
int annual_workbench_summary(struct db *db, const struct annual_env *env, int64_t agency_id,
			     struct annual_workbench *out, char *err, size_t errsize);

#endif
