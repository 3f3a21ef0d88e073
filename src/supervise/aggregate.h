/* aggregate.h — the aggregated report (汇总年报) of a supervising agency and year (issue 10 item 4,
 * docs/supervision.md "汇总年报"): tables 二, 三 and 四 as the cell-by-cell sum (report/report_sum.h) of
 * the reports of the agencies it chooses in its subtree, with its own sections 一, 五 and 六.
 *
 * The parts. For every agency of the subtree (the supervising agency itself included, for its own
 * records) the report of the year is taken from:
 *   published  an on-platform agency's newest published (else imported) annual_report version;
 *   records    an on-platform agency without one: its report built now from its records
 *              (annual_build_figures), offered when it has any record of the year (a non-zero cell or
 *              its own text); the supervising agency's own records are always offered;
 *   external   an external agency (agency.external = 1): the report received from it, stored through
 *              `gongkai report import` as an imported (or published) version; none = 未报送.
 * The selection is stored (supervise_aggregate_part); until the supervisor saves one, every part with a
 * report is selected. The parts are named in the report itself: section 一 opens with the list.
 *
 * A part whose own published report is an aggregate (source "aggregate": a 县 below a 市) stands for its
 * whole subtree: the agencies below it are not listed again (no double counting).
 *
 * The lifecycle is the agency report's (annual_archive.h, annual_approve_draft / annual_publish_draft):
 * the aggregate is the supervising agency's annual_report with source "aggregate" — draft (built live,
 * never stored) → approved by a leader (the JSON with its parts frozen) → published (re-built, must equal
 * the approved JSON: the hierarchy rule by construction; refused on checker errors; frozen with its
 * rendered forms; shown on the portal as the agency's report) → corrected (a new version with a change
 * note supersedes it). The selection and the narrative are in supervise_aggregate_draft / _part
 * (migrations/060_supervise_aggregate.sql). Deadline: 31 March of the next year.
 *
 * Who: a user acts for agency A's aggregate when A is the user's agency or lies below it (agency_within)
 * and the user has one of the step's roles; the system actor always may. Writers run inside store_write,
 * audited; messages are Chinese. */
#ifndef GONGKAI_SUPERVISE_AGGREGATE_H
#define GONGKAI_SUPERVISE_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annual/annual.h"
#include "domain/actor.h"
#include "report/findings.h"
#include "report/report.h"
#include "storage/db.h"
#include "util/buf.h"

#define AGGREGATE_ERR_SIZE 512

enum aggregate_source { AGG_SOURCE_NONE, AGG_SOURCE_RECORDS, AGG_SOURCE_PUBLISHED, AGG_SOURCE_EXTERNAL };

/* "records", "published", "external" ("" for NONE) and their Chinese labels. */
const char *aggregate_source_name(int source);
const char *aggregate_source_zh(int source);

struct aggregate_part {
	int64_t agency_id;
	char agency[192];
	int depth;	      /* below the supervising agency: 0 itself, 1 its children … */
	bool external;	      /* agency.external */
	bool aggregate;	      /* its report is itself an aggregate: it stands for its subtree */
	int source;	      /* enum aggregate_source; AGG_SOURCE_NONE: no report of the year */
	bool selected;	      /* summed (never true without a report) */
	struct report report; /* the part's report when source != NONE */
};

struct aggregate {
	int64_t agency_id;
	int year;
	char agency[192];
	struct aggregate_part *parts; /* subtree order, the supervising agency first */
	size_t n;
	bool selection_saved;	  /* false: the default selection (every part with a report) */
	struct report report;	  /* the sum of the selected parts with the narrative */
	struct findings findings; /* H2 and the checker's findings of the sum */
};

/* Builds the draft aggregate of agency_id for year: the parts, the stored (or default) selection, the
 * sum and the narrative; selection (n_selection ids) overrides the stored one when non-NULL. Refuses
 * (-1, err) an unknown agency, a year before 2008 or not yet begun, parts of the 2019 edition — in that
 * last case out->parts and their selection are filled, so a page can offer to untick the part.
 * Returns 0 (aggregate_free out, also on failure). */
int aggregate_build(struct db *db, const struct annual_env *env, int64_t agency_id, int year, const int64_t *selection,
		    size_t n_selection, struct aggregate *out, char *err, size_t errsize);
void aggregate_free(struct aggregate *a);

/* Only the parts of year (no selection, no sum): what the trends read. Same ownership and errors. */
int aggregate_parts_of_year(struct db *db, int64_t agency_id, int year, struct aggregate *out, char *err,
			    size_t errsize);

/* The canonical report JSON of a (report_json.h) with "parts":[{"agency_id":N,"agency":"…","source":
 * "records|published|external"}] of the selected parts added before the closing brace. */
void aggregate_to_json(const struct aggregate *a, struct buf *out);

/* True when actor may act for agency_id's aggregate with one of roles (see above). */
bool aggregate_actor_may(struct db *db, const struct actor *actor, int64_t agency_id, unsigned roles);

/* 31 March of year + 1 (条例第四十九条 as applied to the 本级政府 report; FORMAT.md §1.3). */
int aggregate_deadline(int year);

/* ---- the supervisor's draft (writers) ---------------------------------------------------------- */

struct aggregate_draft_input {
	const int64_t *parts; /* chosen agencies, n_parts; NULL: keep the selection as it is */
	size_t n_parts;
	const char *overview, *problems, *other; /* NULL: keep; "" clears */
};

/* Saves the selection and/or the narrative (supervisor, admin or leader of the agency or above). A part
 * must be in the subtree. Returns 1, 0 refused (err), -1 database error. Audited. */
int aggregate_save(struct db *w, const struct actor *actor, int64_t agency_id, int year,
		   const struct aggregate_draft_input *in, int64_t now, char *err, size_t errsize);

/* The stored narrative of a section (0 一 overview, 1 五 problems, 2 六 other), malloc'd, or NULL. */
char *aggregate_text(struct db *db, int64_t agency_id, int year, int section);

/* ---- lifecycle (aggregate_lifecycle.c) --------------------------------------------------------- */

/* annual_report.source of the aggregate's versions (the supervising agency's annual_report rows). */
#define AGGREGATE_SOURCE "aggregate"

/* A leader of the agency (or above) approves the current draft (findings of the build to f): stored as
 * the agency's approved annual_report version (annual_approve_draft). After a publication a change note
 * is required and an unchanged draft is refused. Returns the row id (> 0), 0 refused (err), -1 error.
 * Audited. */
int64_t aggregate_approve(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			  int year, const char *change_note, int64_t now, struct findings *f, char *err,
			  size_t errsize);

/* Publishes the approved version (supervisor, leader or admin of the agency or above) through
 * annual_publish_draft: the draft is built again and must equal the approved JSON, the checker's errors
 * refuse it, the earlier published version becomes superseded, the rendered forms are frozen and the
 * portal shows it as the agency's report. Returns the version (> 0), 0 refused, -1 error. Audited. */
int aggregate_publish(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
		      int year, int64_t now, struct findings *f, char *err, size_t errsize);

/* The JSON (report plus parts) of the newest published aggregate (version 0) or of version `version`
 * (published or superseded) of the year, malloc'd, or NULL when there is none (or it is not an aggregate). */
char *aggregate_published_json(struct db *db, int64_t agency_id, int year, int version);

/* ---- year over year and across agencies (aggregate_trends.c; issue 10 item 5) ------------------ */

#define TRENDS_MAX_YEARS 10

struct trend_point {
	int year;
	bool known;					    /* the agency had a report (or records) that year */
	int64_t received, answered, carried_forward, cases; /* 新收, （七）总计, 结转下年度 (总计 column); 表四 总计 */
};

struct trend_agency {
	int64_t agency_id;
	char agency[192];
	struct trend_point points[TRENDS_MAX_YEARS]; /* oldest first, `years` of them */
	struct report last;			     /* the report of the last year (blank when unknown) */
};

/* A finding about one agency and year. Rules: J1 新收, J2 （七）总计, J3 表四 总计 changed ×5 or ÷5 from the
 * year before (both years non-zero); S1 section 五 repeated from the agency's latest earlier report (last year's, else
 * the one before); S2 section 五 copied from (or shared with) another agency's report of the same year (similarity over
 * character 4-shingles ≥ 0.5, report/report_similarity.h). */
struct trend_finding {
	int64_t agency_id;
	char agency[192];
	int year;
	char rule[4];
	char message[768];
};

struct trends {
	int year, years;
	struct trend_agency *agencies; /* subtree order */
	size_t n;
	struct trend_finding *findings;
	size_t nfindings;
};

/* The trends of the subtree of agency_id over the `years` (1…TRENDS_MAX_YEARS) years ending with year,
 * each agency's report of a year taken as the aggregate takes its parts. Returns 0 (aggregate_trends_free
 * out, also on failure) or -1 with err. */
int aggregate_trends(struct db *db, int64_t agency_id, int year, int years, struct trends *out, char *err,
		     size_t errsize);
void aggregate_trends_free(struct trends *t);

/* The findings as CSV (UTF-8 with BOM, CRLF): 机关编号, 机关, 年度, 规则, 说明. */
void aggregate_trends_csv(const struct trends *t, struct buf *out);

/* One agency's charts (SVG figures with text alternatives, src/annual/charts.c): the trend of 新收 /
 * 办理 / 结转 over the years and the outcome mix of the last year. */
void aggregate_trends_charts(const struct trends *t, const struct trend_agency *a, struct buf *out);

#endif
