/* info.h — 主动公开 (proactive disclosure, 条例 第十九–二十六条): the catalogue of categories per agency,
 * information items with their 索引号, and the publication workflow with its confidentiality review.
 *
 * Workflow (every step checked here, recorded in info_review and in the audit log with the opinion):
 *
 *   draft ──submit──▶ submitted ──review: pass──▶ approved ──publish (now / at a time)──▶ published
 *     ▲                  │  │                        ▲                                      │
 *     │ (edit)           │  └─review: pass, agency needs leader──▶ reviewed ──leader approve─┘ │
 *   returned ◀──return───┘       (leader may return too)                                  withdraw
 *                        └──review: classified──▶ classified (涉密: never published)          ▼
 *                                                                                        withdrawn
 *
 * An editor cannot review or approve an item they created or changed. A refused step returns
 * OUTCOME_CONFLICT with a Chinese reason (the API answers 409), bad input OUTCOME_INVALID naming the field
 * (422). Items published more than 20 working days after their 生成日期 are flagged late (第二十六条).
 *
 * Write functions take the writer connection inside store_write_begin/end (w); read functions take any
 * connection (db). Times are Unix seconds passed in as `now`; calendar dates are day numbers of
 * src/calendar/calendar.h, taken in China time (UTC+8). */
#ifndef GONGKAI_INFO_INFO_H
#define GONGKAI_INFO_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "domain/actor.h"
#include "storage/db.h"

/* ---- outcome of a call ----
 * Every write of this module returns enum outcome_code and fills struct outcome (util/outcome.h);
 * the actor is struct actor (domain/actor.h). Writes run inside store_write() (storage/db.h). */

/* Fills out (may be NULL) as OUTCOME_INVALID for field with a Chinese message, for callers that check
 * their own input (e.g. an unparsable decision); returns OUTCOME_INVALID. */
enum outcome_code info_invalid(struct outcome *out, const char *field, const char *message);

/* ---- enumerations and their names ---- */

enum info_status {
	INFO_DRAFT,
	INFO_SUBMITTED,	 /* 待保密审查 */
	INFO_REVIEWED,	 /* 审查通过，待领导审批 */
	INFO_APPROVED,	 /* 待发布 */
	INFO_PUBLISHED,	 /* 已发布 (or scheduled while published_at > now) */
	INFO_RETURNED,	 /* 已退回修改 */
	INFO_CLASSIFIED, /* 涉密，不予发布 (final) */
	INFO_WITHDRAWN,	 /* 已撤回 */
	INFO_STATUS_COUNT
};

enum info_doc_type { INFO_DOC_OTHER, INFO_DOC_REGULATION, INFO_DOC_NORMATIVE, INFO_DOC_TYPE_COUNT };
enum info_validity { INFO_VALID, INFO_REPEALED, INFO_EXPIRED, INFO_VALIDITY_COUNT };

/* Stored/API names ("draft", "regulation", "repealed") and Chinese labels ("草稿", "规章", "废止");
 * NULL when out of range. The parsers accept the stored name or the Chinese label and return the
 * value, or -1. */
const char *info_status_name(enum info_status s);
const char *info_status_zh(enum info_status s);
int info_status_parse(const char *text);
/* A step of an item's trail ("submit", "pass", "attach" …, the action of info_record_step and, after
 * "info.", of its audit entry) in Chinese ("提交保密审查"), or NULL when unknown. */
const char *info_step_zh(const char *action);
const char *info_doc_type_name(enum info_doc_type t);
const char *info_doc_type_zh(enum info_doc_type t);
int info_doc_type_parse(const char *text);
const char *info_validity_name(enum info_validity v);
const char *info_validity_zh(enum info_validity v);
int info_validity_parse(const char *text);

/* ---- per-agency settings ---- */

#define INFO_DEFAULT_INDEX_PATTERN "{agency}-{category}/{year}-{serial:5}"

struct info_settings {
	int64_t agency_id;
	char index_pattern[128]; /* see info_index_format */
	char agency_code[64];	 /* {agency} in the pattern; "" = the agency's 统一社会信用代码, else its id */
	bool leader_approval;	 /* a leader must approve after the confidentiality review (off by default) */
	char channel[128]; /* where items are published, for the annual-report sentence ("" = 本机关门户网站) */
	char *guide_extra; /* malloc'd Markdown appended to the generated 指南 (never NULL after get) */
};

/* Reads the agency's settings (defaults when none were saved). Returns 0 or -1. Free with
 * info_settings_free (frees guide_extra only). */
int info_settings_get(struct db *db, int64_t agency_id, struct info_settings *out);
void info_settings_free(struct info_settings *s);

/* Saves the settings (actor needs ROLE_ADMIN of that agency; audited). The pattern is checked with
 * info_index_pattern_valid. Returns OUTCOME_OK or another code with out filled. */
enum outcome_code info_settings_save(struct db *w, const struct actor *actor, const struct info_settings *s,
				     int64_t now, struct outcome *out);

/* ---- 索引号 ---- */

/* Checks an index pattern: literal text plus the placeholders {agency}, {category}, {year} and
 * {serial} / {serial:N} (N = 1..9 digits, zero-padded; exactly one serial required). Returns true,
 * or false with a Chinese reason. */
bool info_index_pattern_valid(const char *pattern, char *err, size_t errlen);

/* Formats an index number. serial < 0 renders the pattern with the serial left out (the "scope" whose
 * counter numbers the items). Returns 0, or -1 if the pattern is invalid or the result does not fit. */
int info_index_format(const char *pattern, const char *agency_code, const char *category_code, int year, int64_t serial,
		      char *out, size_t size);

/* ---- categories (the 目录) ---- */

struct info_category {
	int64_t id, agency_id, parent_id; /* parent 0 = top level */
	char code[32];			  /* used in the 索引号; unique per agency */
	char name[96];
	char basis[96]; /* legal basis, e.g. "条例第二十条第（七）项" (may be "") */
	int sort_order;
	bool retired;
	int64_t merged_into; /* 0 unless merged */
	int depth;	     /* filled by info_category_list */
	int64_t published;   /* filled by info_category_list: visible published items directly in it */
};

/* Creates the default catalogue for an agency unless it already has categories: the fifteen items of
 * 条例第二十条, the local items of 第二十一条 (the 乡镇 list for townships and 街道, else the 市县
 * list) and the categories the seed report counts (政策文件, 动态信息, 规划计划, 会议报告, 财政信息,
 * 安全生产, 社会救助, 养老服务, 涉农补贴, 公示公告). Called by the demo loader and when an agency is
 * set up. Returns the number of categories created (0 if it had some), or -1. */
int info_categories_install_defaults(struct db *w, int64_t agency_id, int64_t now);

/* The same for the actor's own agency on request of an administrator (audited as
 * info.category.defaults when something was installed). *created = the number installed (0 when the
 * agency had categories already). */
enum outcome_code info_categories_defaults(struct db *w, const struct actor *actor, int64_t now, int *created,
					   struct outcome *out);

/* The agency's categories in tree order (parents before children, siblings by sort_order then id),
 * depth and published (visible at now) filled. Retired ones only when include_retired. *out is
 * malloc'd (free()); NULL when *count == 0. Returns 0 or -1. */
int info_category_list(struct db *db, int64_t agency_id, bool include_retired, int64_t now, struct info_category **out,
		       size_t *count);

/* Fetches a category by id. Returns 1, 0 (none), -1. */
int info_category_get(struct db *db, int64_t id, struct info_category *out);

/* Resolves "category" input of the API: a decimal id or an exact name of an active category of the
 * agency. Returns 1 found, 0 none, -1 error. */
int info_category_resolve(struct db *db, int64_t agency_id, const char *id_or_name, struct info_category *out);

/* Adds (c->id == 0) or updates a category of actor's agency (admin only; audited): name, code (letters,
 * digits, '-' '_', unique in the agency), parent (same agency, not itself or a descendant), basis,
 * sort order. Returns OUTCOME_OK (c->id set on add) or a code with out filled. */
enum outcome_code info_category_save(struct db *w, const struct actor *actor, struct info_category *c, int64_t now,
				     struct outcome *out);

/* Retires a category (admin; audited): hidden from new items and from the public tree when empty; its
 * items stay where they are and stay visible. Refused while it has active children. */
enum outcome_code info_category_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				       struct outcome *out);

/* Merges category from into category into (admin; audited): moves every item, retires from and records
 * merged_into. Both must be active categories of the actor's agency. */
enum outcome_code info_category_merge(struct db *w, const struct actor *actor, int64_t from, int64_t into, int64_t now,
				      struct outcome *out);

/* ---- items ---- */

/* Editable fields, as text from a form or JSON. NULL means "" (absent). */
struct info_item_input {
	const char *category; /* id or name */
	const char *title;
	const char *doc_no;    /* 文号 (optional) */
	const char *publisher; /* 发布机构 full name ("" = the agency's name) */
	const char *formed_on; /* 生成日期 YYYY-MM-DD */
	const char *summary;   /* 内容概述 */
	const char *body;      /* Markdown */
	const char *doc_type;  /* regulation|normative|other or 规章|行政规范性文件|其他 ("" = other) */
};

struct info_item {
	int64_t id, agency_id, category_id;
	char index_no[96];
	char category_name[96];
	char *title, *doc_no, *publisher, *summary, *body, *body_html, *body_text; /* malloc'd, never NULL */
	int formed_on;								   /* day */
	enum info_doc_type doc_type;
	enum info_validity validity;
	int validity_on; /* day of 废止/失效, CAL_NO_DAY when valid */
	enum info_status status;
	int64_t published_at;	  /* 0 when never published */
	int published_on, due_on; /* days; CAL_NO_DAY when not published / not computed */
	bool late;		  /* published more than 20 working days after formed_on */
	int64_t withdrawn_at;
	char *withdraw_reason; /* malloc'd, never NULL */
	int64_t created_by, created_at, updated_at;
	char theme_code[16]; /* 主题分类 (info_meta.h), "" = not classified */
	char theme_name[64]; /* its name, "" when not classified */
	int64_t replaced_by; /* the item that replaced this repealed/expired one, 0 = none */
};

/* Frees the strings an item owns (not the struct). Safe on a zeroed item. */
void info_item_free(struct info_item *it);

/* True when the item is visible to the public at now (published and published_at <= now). */
bool info_item_public(const struct info_item *it, int64_t now);

/* Renders Markdown to HTML with cmark (CMARK_OPT_SAFE: raw HTML and javascript:/data: links are
 * dropped), and to plain text for search. Both malloc'd; caller frees. */
char *info_markdown_html(const char *markdown);
char *info_markdown_text(const char *markdown);

/* Creates a draft in actor's agency (editor role), allocating its 索引号 from the agency's pattern
 * (category code, year of formed_on, next serial of the scope). Sets out->warning when another item of
 * the agency has the same 文号. Returns OUTCOME_OK with *id set, or a code with out filled. */
enum outcome_code info_item_create(struct db *w, const struct actor *actor, const struct info_item_input *in,
				   int64_t now, int64_t *id, struct outcome *out);

/* Replaces the editable fields of a draft or returned item (editor of the agency; the 索引号 stays).
 * The actor becomes one of its editors. */
enum outcome_code info_item_update(struct db *w, const struct actor *actor, int64_t id,
				   const struct info_item_input *in, int64_t now, struct outcome *out);

/* Fetches an item by id, whatever its status. Returns 1, 0 (none), -1. Free with info_item_free. */
int info_item_get(struct db *db, int64_t id, struct info_item *out);

/* Fetches an item only if it is visible to the public at now. Returns 1, 0 (none / not visible), -1. */
int info_item_get_public(struct db *db, int64_t id, int64_t now, struct info_item *out);

/* True (1) when user_id created or changed the item, 0 if not, -1 on error. */
int info_item_edited_by(struct db *db, int64_t item_id, int64_t user_id);

/* Other items of the agency with this 文号 (excluding except_id): count, or -1. "" gives 0. */
int64_t info_doc_no_duplicates(struct db *db, int64_t agency_id, const char *doc_no, int64_t except_id);

/* A line of the back-office item list. */
struct info_row {
	int64_t id, category_id, updated_at, published_at;
	char index_no[96];
	char title[256]; /* truncated at a character boundary when longer */
	char category_name[96];
	enum info_status status;
	int formed_on, published_on, due_on; /* days or CAL_NO_DAY */
	bool late;
};

/* Items of an agency for the back office, most recently changed first: status -1 = any; late_only
 * keeps items published after their 第二十六条 due day. *out malloc'd (free()). Returns the total number
 * matching (for paging) or -1. */
int64_t info_item_list(struct db *db, int64_t agency_id, int status, bool late_only, size_t limit, size_t offset,
		       struct info_row **out, size_t *count);

/* ---- workflow ---- */

enum info_decision { INFO_PASS, INFO_RETURN, INFO_CLASSIFY };
/* "pass|return|classified" (also 通过|退回|涉密) → decision, or -1. */
int info_decision_parse(const char *text);

/* draft/returned → submitted (editor of the agency). */
enum outcome_code info_submit(struct db *w, const struct actor *actor, int64_t id, int64_t now, struct outcome *out);

/* 保密审查 of a submitted item (reviewer of the agency who is not one of its editors). pass → approved
 * (or reviewed when the agency requires leader approval); return → returned (opinion required as the
 * reason); classify → classified for good (opinion required). */
enum outcome_code info_review(struct db *w, const struct actor *actor, int64_t id, enum info_decision decision,
			      const char *opinion, int64_t now, struct outcome *out);

/* Leader approval of a reviewed item (leader of the agency, not an editor): approve → approved,
 * otherwise → returned (opinion required). */
enum outcome_code info_approve(struct db *w, const struct actor *actor, int64_t id, bool approve, const char *opinion,
			       int64_t now, struct outcome *out);

/* approved → published (editor or leader of the agency), at publish_at (0 or <= now: now; later: the
 * item is scheduled and becomes visible then). Computes due_on = formed_on + 20 working days with cal
 * (NULL: not computed) and flags the item late when published after it. */
enum outcome_code info_publish(struct db *w, const struct actor *actor, int64_t id, int64_t publish_at,
			       const struct calendar *cal, int64_t now, struct outcome *out);

/* published (or scheduled) → withdrawn (editor, leader or admin of the agency); reason required and
 * shown on the public page. */
enum outcome_code info_withdraw(struct db *w, const struct actor *actor, int64_t id, const char *reason, int64_t now,
				struct outcome *out);

/* Changes the validity (有效 / 废止 on a date / 失效 on a date) of a published regulation or normative
 * document (editor or leader of the agency; audited). on_day is required unless valid. */
enum outcome_code info_set_validity(struct db *w, const struct actor *actor, int64_t id, enum info_validity validity,
				    int on_day, int64_t now, struct outcome *out);

/* One step of an item's trail. */
struct info_step {
	int64_t id, item_id, user_id, at;
	char action[24]; /* create, update, submit, pass, return, classify, approve, publish, withdraw, validity */
	char from_status[16], to_status[16];
	char user_name[128];  /* display name */
	char item_title[256]; /* filled by info_review_history */
	char *opinion;	      /* malloc'd, never NULL */
};
void info_steps_free(struct info_step *steps, size_t count);

/* The trail of one item, oldest first. *out malloc'd (info_steps_free). Returns 0 or -1. */
int info_item_trail(struct db *db, int64_t item_id, struct info_step **out, size_t *count);

/* The steps a user took (the reviewer's history), newest first, at most limit. Returns 0 or -1. */
int info_review_history(struct db *db, int64_t user_id, size_t limit, struct info_step **out, size_t *count);

#endif
