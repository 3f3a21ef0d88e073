/* info_meta.h — item metadata beyond the editable text (docs/portal-conventions.md items 19, 22, 23):
 *
 * 主题分类 — the standard subject classification of government information (the 22 主题 of the
 * 国务院公文主题词表, table info_theme, migration 015). The list is data: administrators add themes,
 * rename and retire them (audited). Each item carries one; a new item takes its category's default
 * (info_theme_default); the editor changes it on the item's page. The portal shows it in the item's metadata
 * and browses and filters by it.
 *
 * 发布机构 — chosen from the agency tree, not typed: the item's agency, an agency above it or one below
 * it (full names, retired agencies excluded).
 *
 * 替代文件 — a repealed or expired item may name the published item of the same agency that replaced
 * it; the portal's repeal banner links to it. */
#ifndef GONGKAI_INFO_INFO_META_H
#define GONGKAI_INFO_INFO_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/actor.h"
#include "domain/agency.h"
#include "info/info.h"
#include "storage/db.h"
#include "util/outcome.h"

#define INFO_THEME_NAME_MAX_CHARS 30

struct info_theme {
	int64_t id;
	char code[16];
	char name[64];
	int sort_order;
	int64_t retired_at; /* 0 = in use */
	int64_t published;  /* filled by info_theme_counts: visible items of the agency with this theme */
};

/* The themes in list order, retired ones too when with_retired. *out malloc'd (free()). 0 or -1. */
int info_theme_list(struct db *db, bool with_retired, struct info_theme **out, size_t *count);

/* The themes in use that visible items of agency_id carry at now, with their counts (published). Same
 * ownership. 0 or -1. */
int info_theme_counts(struct db *db, int64_t agency_id, int64_t now, struct info_theme **out, size_t *count);

/* The theme in use whose code or name is text. 1 found, 0 none, -1 error. */
int info_theme_find(struct db *db, const char *text, struct info_theme *out);

/* Adds a theme (administrator; code 1–8 letters or digits, name 2–30 characters, both unique). Audited
 * "info.theme.add". */
enum outcome_code info_theme_add(struct db *w, const struct actor *actor, const char *code, const char *name,
				 int64_t now, struct outcome *out);

/* Renames theme id (administrator; audited "info.theme.rename"). Items keep the code, so they follow. */
enum outcome_code info_theme_rename(struct db *w, const struct actor *actor, int64_t id, const char *name, int64_t now,
				    struct outcome *out);

/* Retires theme id (administrator; audited). Items keep it; it is no longer offered. */
enum outcome_code info_theme_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				    struct outcome *out);

/* The default theme of a category code (info_theme_default, a theme in use) into out_code, "" when it
 * has none. OUTCOME_OK or OUTCOME_STORAGE. A new item starts with it (item.c); the editor changes it
 * with info_item_set_theme. */
enum outcome_code info_theme_default_of(struct db *w, const char *category_code, char out_code[16],
					struct outcome *out);

/* Sets the 主题分类 of item id (editor of its agency, any state but withdrawn; the trail step "theme"
 * and the audit log record the change). */
enum outcome_code info_item_set_theme(struct db *w, const struct actor *actor, int64_t id, const char *theme,
				      int64_t now, struct outcome *out);

/* The agencies an item of agency_id may name as 发布机构: itself, the agencies above it and those below
 * it, active ones, in tree order. *out malloc'd (free()). 0 or -1. */
int info_publisher_choices(struct db *db, int64_t agency_id, struct agency **out, size_t *count);

/* OUTCOME_OK when publisher is the full name of one of info_publisher_choices, else OUTCOME_INVALID
 * naming the field "publisher" (or OUTCOME_STORAGE). */
enum outcome_code info_publisher_check(struct db *db, int64_t agency_id, const char *publisher, struct outcome *out);

/* Records (or with replacement "" clears) the item that replaced repealed or expired item id: the
 * replacement is given by 索引号 or id, must be published and public at now, of the same agency, and
 * not the item itself. Editor or leader of the agency; trail step "replaced" and audit log. */
enum outcome_code info_item_set_replacement(struct db *w, const struct actor *actor, int64_t id,
					    const char *replacement, int64_t now, struct outcome *out);

#endif
