/* info_check.h — the publishing safeguards of 主动公开 (国办秘函〔2019〕19号 单项否决 "严重表述错误";
 * 条例第十五条 personal data): a 错敏 check of an item's title and body against the maintained
 * wording list (table info_wording: misspelt leaders' names and official terms, forbidden
 * expressions), and a personal-data check (身份证号码 with a valid check digit, mobile numbers, bank
 * card numbers passing the Luhn check).
 *
 * The workflow calls the check when an item is submitted for review (findings become a warning to
 * the editor), and before review approval and publication (a 错敏 hit refuses the step unless a
 * reviewer has recorded an override with a reason for exactly this text; personal-data findings warn
 * only). Reviewers record overrides with info_check_override (audited). info_check_scan runs the
 * check over the agency's published items on demand. */
#ifndef GONGKAI_INFO_INFO_CHECK_H
#define GONGKAI_INFO_INFO_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info.h"

enum info_finding_kind {
	INFO_FIND_MISSPELLING, /* a wrong form of a name or term on the list: blocks */
	INFO_FIND_FORBIDDEN,   /* a forbidden expression on the list: blocks */
	INFO_FIND_RESIDENT_ID, /* 18-digit 身份证号码 with a valid check digit: warns */
	INFO_FIND_MOBILE,      /* 11-digit mobile number 1[3-9]…: warns */
	INFO_FIND_BANK_CARD,   /* 16–19 digits passing Luhn: warns */
};

struct info_finding {
	enum info_finding_kind kind;
	bool in_title;	  /* found in the title (else in the body) */
	char found[96];	  /* the text found; personal data masked (e.g. 410482********1234) */
	char advice[192]; /* Chinese: what to write instead / what to do */
};

struct info_check {
	struct info_finding *items; /* malloc'd; NULL when count == 0 */
	size_t count;
	size_t blocking; /* misspellings + forbidden expressions */
};

/* True for the kinds that refuse review approval and publication without an override. */
bool info_finding_blocks(enum info_finding_kind kind);
/* Chinese label of a kind ("错别字", "禁用表述", "身份证号码", "手机号码", "银行卡号"). */
const char *info_finding_kind_zh(enum info_finding_kind kind);

/* Scans text for personal data and appends findings to c (in_title as given). Pure; no I/O. */
void info_check_personal_data(const char *text, bool in_title, struct info_check *c);

/* True when digits (ASCII digits only) pass the Luhn check. */
bool info_luhn_valid(const char *digits, size_t len);

/* Checks title and body: the active entries of info_wording (each distinct hit once per place) and
 * personal data. Returns 0 with *out filled (info_check_free), or -1 on a database error. */
int info_check_text(struct db *db, const char *title, const char *body, struct info_check *out);
void info_check_free(struct info_check *c);

/* Digest (hex, 64 chars + NUL) of the text an override applies to: title and body. */
void info_check_digest(const char *title, const char *body, char out[65]);

/* 1 when a reviewer has recorded an override for this exact title and body of the item, 0 if not,
 * -1 on error. */
int info_check_overridden(struct db *db, int64_t item_id, const char *title, const char *body);

/* The gate the workflow calls before a review pass and before publication: OUTCOME_OK when the item's
 * text has no blocking finding or an override exists for it, else OUTCOME_CONFLICT naming the first hits
 * and the way out (reviewer override with a reason). step is the refused step ("审查通过", "发布"). */
enum outcome_code info_check_gate(struct db *w, const struct info_item *it, const char *step, struct outcome *out);

/* Sets out->warning (when empty) to a summary of the findings, for the editor at submission. Errors
 * are ignored (the gates run again later). */
void info_check_warn(struct db *w, const struct info_item *it, struct outcome *out);

/* A reviewer of the item's agency who did not edit it records that the current 错敏 hits are not
 * errors (reason required, at most 500 characters); allowed while the item is submitted, reviewed or
 * approved. Writes info_wording_override, the trail step "override" and the audit entry. */
enum outcome_code info_check_override(struct db *w, const struct actor *actor, int64_t id, const char *reason,
				      int64_t now, struct outcome *out);

/* ---- the maintained list ---- */

struct info_wording {
	int64_t id;
	char kind[16]; /* "misspelling" | "forbidden" */
	char wrong[96], correct[160], note[96];
};

/* Active entries, by kind then wrong form. *out malloc'd (free()). Returns 0 or -1. */
int info_wording_list(struct db *db, struct info_wording **out, size_t *count);

/* Adds an entry (admin; audited). kind "misspelling"/"forbidden" (or 错别字/禁用表述); wrong 2–30
 * characters and not already listed; correct required for a misspelling. */
enum outcome_code info_wording_add(struct db *w, const struct actor *actor, const char *kind, const char *wrong,
				   const char *correct, const char *note, int64_t now, struct outcome *out);

/* Retires an entry (admin; audited). */
enum outcome_code info_wording_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				      struct outcome *out);

/* ---- on-demand scan of published items ---- */

struct info_scan_row {
	int64_t item_id;
	char index_no[96];
	char title[256];
	struct info_check check;
};

/* Checks every published (visible or scheduled, not withdrawn) item of the agency; keeps the items
 * with findings. *out malloc'd (info_scan_free); *scanned = items checked. Returns 0 or -1. */
int info_check_scan(struct db *db, int64_t agency_id, struct info_scan_row **out, size_t *count, size_t *scanned);
void info_scan_free(struct info_scan_row *rows, size_t count);

#endif
