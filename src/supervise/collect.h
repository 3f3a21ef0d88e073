/* collect.h — the 年报 collection of a supervising agency (公开办) for a year (docs/supervision.md):
 * every agency below it with the state of its report, the publication date against the statutory
 * deadline and the checker's findings by rule; and the reports of agencies not on the platform
 * (external), received as published files in batches, read, checked, matched to their agency by the
 * name and year the reader finds, and stored as that agency's imported report of the year.
 *
 * The pure parts (state derivation, name matching, sorting and filtering) take no database and are
 * unit-tested alone (test_collect.c). Writers are store_write jobs' helpers: they take the writer
 * inside the transaction and audit through the annual module. Messages are Chinese. */
#ifndef GONGKAI_SUPERVISE_COLLECT_H
#define GONGKAI_SUPERVISE_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/actor.h"
#include "domain/agency.h"
#include "report/findings.h"
#include "report/report.h"
#include "storage/db.h"
#include "util/buf.h"

#define COLLECT_ERR_SIZE 512

/* ---- states ---------------------------------------------------------------------------------- */

enum collect_state {
	COLLECT_NO_RECORDS,	   /* on the platform, no record at all by 31 December: nothing to report */
	COLLECT_DRAFT,		   /* on the platform, records, nothing approved or published */
	COLLECT_APPROVED,	   /* approved by a leader, not yet published */
	COLLECT_PUBLISHED,	   /* published (or imported) by the deadline */
	COLLECT_PUBLISHED_LATE,	   /* published after the deadline */
	COLLECT_EXTERNAL_RECEIVED, /* not on the platform; its published report was received */
	COLLECT_EXTERNAL_MISSING,  /* not on the platform; nothing received yet */
	COLLECT_STATE_COUNT
};

/* "no_records", "draft", "approved", "published", "published_late", "external_received",
 * "external_missing"; the Chinese labels; the parser (-1 when unknown). */
const char *collect_state_name(int state);
const char *collect_state_zh(int state);
int collect_state_parse(const char *name);

/* What the state of one agency's report of a year is derived from. */
struct collect_facts {
	bool external;	  /* not on the platform */
	bool has_records; /* on the platform: any record dated up to 31 December of the year */
	bool approved;	  /* an approved version waits for publication */
	int published_on; /* day number of the version in force (published, or imported: received); CAL_NO_DAY */
	int due_on;	  /* day number of the statutory deadline */
};

/* The state: external → received when a version is in force, else missing; on the platform →
 * published (on or before due_on, so a report published on the deadline day is on time) or
 * published late (any later day), else approved, else draft when it has records, else no records. */
enum collect_state collect_state_of(const struct collect_facts *f);

/* ---- matching a report to its agency ---------------------------------------------------------- */

struct collect_candidate {
	int64_t id;
	const char *name;	/* 全称 */
	const char *short_name; /* 简称, may be "" or NULL */
};

struct collect_match {
	int64_t agency_id; /* 0: no candidate resembles the name */
	bool exact;	   /* the report names the agency by its full name: attach without asking */
	int score;	   /* similarity 0…1000 of the best candidate */
};

/* The candidate a report's agency name (as the reader found it in the title) designates. Exact when
 * the name contains a candidate's full name (the longest such name wins: 汝州市财政局 over 汝州市); else
 * the candidate most similar by character bigrams (Dice coefficient of the name with the full or the
 * short name, whichever is higher; ties to the earlier candidate), which a user must confirm.
 * NULL or "" names match nothing. */
struct collect_match collect_match_agency(const char *read_name, const struct collect_candidate *c, size_t n);

/* Bigram similarity of two UTF-8 strings, 0…1000 (1000: the same bigrams). */
int collect_similarity(const char *a, const char *b);

/* ---- the collection -------------------------------------------------------------------------- */

#define COLLECT_MAX_RULES 24

struct collect_rule_count {
	char rule[8];
	unsigned count;
};

struct collect_row {
	struct agency agency; /* depth relative to the supervising agency (1 = directly below) */
	enum collect_state state;
	int due_on;	  /* the deadline (annual_deadline for the agency's level) */
	int published_on; /* day of the version in force, CAL_NO_DAY when none */
	int days_late;	  /* published_on − due_on when late, else 0 */
	int64_t report_id;
	int version;
	char source[256]; /* of an imported version: the file name or the address it was published at */
	size_t errors, warnings;
	struct collect_rule_count rules[COLLECT_MAX_RULES]; /* findings by rule, in rule order */
	size_t nrules;
	size_t notices, notices_open; /* 整改 notices of the year, and those not yet answered */
};

/* True when actor may see the collection (and act) for agency_id: an administrator or supervisor whose
 * agency is agency_id or lies above it; a system actor always. */
bool collect_may_supervise(struct db *db, const struct actor *actor, int64_t agency_id);

/* The collection of year for the supervising agency: one row per active agency below it (not itself),
 * in tree order. Findings are the checker's (report_check) on the JSON of the version in force (the counts
 * collect_checked_store kept for it, else checked now).
 * *rows malloc'd (free(); NULL when *n == 0). Returns 0 or -1. */
int collect_list(struct db *db, int64_t agency_id, int year, struct collect_row **rows, size_t *n);

/* Stores the checker's counts on the JSON of archived version report_id (an imported report just
 * attached), which collect_list then uses instead of checking it again. w: writer. Returns 0 or -1. */
int collect_checked_store(struct db *w, int64_t report_id);

/* Keeps the rows of one state (state < 0: all) in order; returns the new count. */
size_t collect_filter(struct collect_row *rows, size_t n, int state);

/* Sorts rows by key: "name" (tree order is the default, key NULL or unknown), "state",
 * "published" (date; none last), "findings" (errors, then warnings); desc reverses. Stable. */
void collect_sort(struct collect_row *rows, size_t n, const char *key, bool desc);

/* The findings by rule as text: "R1×2 R3×1", "" when none. */
void collect_rules_text(const struct collect_row *row, struct buf *out);

/* The exports: one row per agency with 机关, 层级, 外部, 状态, 发布日期, 法定期限, 逾期天数, 错误, 提醒,
 * 发现（按规则）, 整改通知, 来源. CSV (UTF-8 with BOM, CRLF) appends to out; XLSX appends the file's
 * bytes (returns -1 with err on failure). */
void collect_export_csv(const struct collect_row *rows, size_t n, int year, struct buf *out);
int collect_export_xlsx(const struct collect_row *rows, size_t n, int year, struct buf *out, char *err, size_t errsize);

/* The JSON of the API: [{"agency_id":…,"agency":"…","level":"…","external":bool,"state":"…",
 * "published_on":"YYYY-MM-DD"|null,"due_on":"…","days_late":N,"errors":N,"warnings":N,
 * "findings":{"R1":2,…},"notices":N,"notices_open":N,"report_version":N|null}, …]. */
void collect_to_json(const struct collect_row *rows, size_t n, struct buf *out);

/* ---- receiving external reports in batches ----------------------------------------------------- */

/* One file as uploaded (not owned). A zip of several reports is opened into its files. */
struct collect_upload {
	const char *name; /* file name as sent */
	const char *data;
	size_t len;
	const char *url; /* the address the agency published it at, or NULL */
};

enum collect_file_state { COLLECT_FILE_ATTACHED, COLLECT_FILE_UNSURE, COLLECT_FILE_REFUSED };
const char *collect_file_state_name(int state); /* "attached", "unsure", "refused" */

/* One file of a batch after reading (collect_read) and after storing (collect_batch_store). */
struct collect_file {
	int64_t id; /* row of supervise_file once stored */
	int seq;
	char name[256];
	char url[512];
	enum collect_file_state read_state; /* as read: attached here means "matched exactly, to attach" */
	enum collect_file_state state;	    /* as stored */
	char read_agency[192];
	int read_year;
	int64_t agency_id; /* attached to, or the guess while unsure (0: none) */
	char agency_name[192];
	int score;	      /* similarity of the guess */
	int64_t report_id;    /* once attached */
	struct report report; /* the report read (valid when readable) */
	bool readable;
	struct findings findings; /* the reader's and the checker's */
	char message[COLLECT_ERR_SIZE];
};

struct collect_batch {
	int64_t id, agency_id, created_by, created_at;
	int year;
	char agency_name[192];
	struct collect_file *files;
	size_t n;
	size_t attached, unsure, refused;
};

/* Reads every upload for the batch of supervising agency `agency_id` and year: zips of several reports
 * are opened, each file parsed (report_parse) and checked (report_check), its year compared with year
 * and its agency matched among the active agencies below agency_id. No write happens here (parse before
 * taking the writer). Fills b (files malloc'd; release with collect_batch_free). Returns 0 or -1 (err:
 * the supervising agency is unknown or a database error). */
int collect_read(struct db *db, int64_t agency_id, int year, const struct collect_upload *uploads, size_t n,
		 struct collect_batch *b, char *err, size_t errsize);

/* The store_write step: records the batch and its files; a file matched exactly is attached
 * (annual_import_report), one matched unsure waits for confirmation, a refused one keeps its reason.
 * actor: supervisor or administrator of b->agency_id. Returns the batch id (> 0), 0 refused (err), -1
 * database error. Repeatable. */
int64_t collect_batch_store(struct db *w, const struct actor *actor, struct collect_batch *b, int64_t now, char *err,
			    size_t errsize);

/* A batch with its files as stored (report and findings of the files not loaded; message, state,
 * agency). Returns 1, 0 not found, -1 error. Release with collect_batch_free. */
int collect_batch_get(struct db *db, int64_t batch_id, struct collect_batch *b);
void collect_batch_free(struct collect_batch *b);

/* The batch of a stored file and the batch's supervising agency. Returns 1, 0 no such file, -1 error. */
int collect_file_batch(struct db *db, int64_t file_id, int64_t *batch_id, int64_t *agency_id);

/* The user confirms which agency an unsure file is (agency_id: an active agency below the batch's
 * supervising agency): the report stored with the file is attached to it. actor: as for the batch.
 * Returns the batch id (> 0), 0 refused (err), -1 error. Audited (through the import). */
int64_t collect_confirm(struct db *w, const struct actor *actor, int64_t file_id, int64_t agency_id, int64_t now,
			char *err, size_t errsize);

#endif
