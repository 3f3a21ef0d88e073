/* agency.h — the agencies served by one gongkai instance, as a tree (省/市/县/乡镇/街道/部门).
 *
 * Every record in the database belongs to one agency. An agency carries what its public pages and
 * its 公开指南 need: names, 统一社会信用代码 (GB 32100-2015, checksum validated), contact data and
 * the footer identifiers (政府网站标识码, ICP 备案号, 公安备案号). Parent 0 means a root. */
#ifndef GONGKAI_DOMAIN_AGENCY_H
#define GONGKAI_DOMAIN_AGENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

enum agency_level {
	AGENCY_PROVINCE = 1, /* 省 */
	AGENCY_CITY,	     /* 市 */
	AGENCY_COUNTY,	     /* 县 */
	AGENCY_TOWNSHIP,     /* 乡镇 */
	AGENCY_SUBDISTRICT,  /* 街道 */
	AGENCY_DEPARTMENT,   /* 部门 */
};

/* "province"… and "省"… for a level; NULL when out of range. */
const char *agency_level_name(enum agency_level level);
const char *agency_level_name_zh(enum agency_level level);
/* Parses "city" or "市" (any level name; "乡镇街道", the 公开办's name for the level, is 乡镇); returns 0
 * and sets *level, or -1. */
int agency_level_parse(const char *text, enum agency_level *level);

struct agency {
	int64_t id;
	int64_t parent_id; /* 0 = root */
	enum agency_level level;
	int depth;	     /* filled by agency_list (0 for roots); ignored on write */
	char name[192];	     /* 全称, e.g. 汝州市钟楼街道办事处 (required) */
	char short_name[96]; /* 简称, e.g. 钟楼街道 */
	char uscc[19];	     /* 统一社会信用代码, 18 chars, or "" when not known */
	char address[256];
	char postcode[16];
	char office_hours[192];
	char phone[64];
	char fax[64];
	char email[128];
	char website_code[32];	/* 政府网站标识码 */
	char icp[96];		/* ICP 备案号 */
	char police_record[96]; /* 公安机关备案号 */
	bool external;		/* not on the platform: its 年报 is received as a published file */
	int64_t retired_at;	/* 0 = active; else when it was retired (kept for its history) */
};

/* Validates a 统一社会信用代码 (18 characters, GB 32100-2015 check character and the embedded
 * 组织机构代码 check; delegates to idcheck_uscc). */
bool agency_uscc_valid(const char *code);

/* Checks the fields (name required, lengths, uscc checksum, e-mail shape, level range). Returns true,
 * or false with a Chinese message naming the field. */
bool agency_validate(const struct agency *a, char *err, size_t errlen);

/* Adds an agency (a->id ignored). w: writer inside a transaction. Returns the new id (> 0), or -1 with a
 * Chinese message (validation, unknown parent, duplicate uscc). The record's created_at/updated_at are
 * the current time; agency_add_at takes them from now (tests, imports). */
int64_t agency_add(struct db *w, const struct agency *a, char *err, size_t errlen);
int64_t agency_add_at(struct db *w, const struct agency *a, int64_t now, char *err, size_t errlen);

/* Updates every field of agency a->id (a parent may not become its own descendant).
 * Returns 1 updated, 0 no such agency, -1 with a message. */
int agency_update(struct db *w, const struct agency *a, char *err, size_t errlen);
int agency_update_at(struct db *w, const struct agency *a, int64_t now, char *err, size_t errlen);

/* Fetches one agency. Returns 1 found, 0 not found, -1 error. */
int agency_get(struct db *db, int64_t id, struct agency *out);

/* Every agency in tree order (depth-first, siblings by level then name), depth filled. *out is
 * malloc'd (free() it; NULL when *count == 0). Returns 0 or -1. */
int agency_list(struct db *db, struct agency **out, size_t *count);

/* Direct children of parent_id (0 = roots), ordered by level then name. Same ownership as agency_list. */
int agency_children(struct db *db, int64_t parent_id, struct agency **out, size_t *count);

/* True (1) if agency_id is ancestor_id itself or lies below it (supervisors see subordinate agencies),
 * 0 if not, -1 on error. */
int agency_within(struct db *db, int64_t agency_id, int64_t ancestor_id);

/* The agency root_id and every agency below it, in tree order (as agency_list), depth counted from
 * root_id (0). Retired agencies are included (retired_at set) unless active_only. *out malloc'd
 * (free(); NULL when *count == 0). Returns 0 (an unknown root gives *count == 0) or -1. */
int agency_subtree(struct db *db, int64_t root_id, bool active_only, struct agency **out, size_t *count);

/* Retires agency id at now (kept with its history, no longer offered for new work). Refused while an
 * agency below it is still active. Returns 1 retired, 0 no such agency, -1 with a Chinese message
 * (already retired, active subordinates, database). */
int agency_retire(struct db *w, int64_t id, int64_t now, char *err, size_t errlen);

/* Number of agencies, or -1. */
int64_t agency_count(struct db *db);

/* The agency whose portal this instance serves: the one recorded with agency_set_site(), else the
 * first root agency. Returns its id, 0 when there is no agency, -1 on error. */
int64_t agency_site_id(struct db *db);

/* Records agency_id as the portal's agency (settings row "site_agency_id", by user `by`, 0 = system).
 * The agency must exist. Returns 0, or -1 with a message. */
int agency_set_site(struct db *w, int64_t agency_id, int64_t by, int64_t now, char *err, size_t errlen);

#endif
