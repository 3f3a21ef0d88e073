/* info_statutory.h — 法定主动公开内容 (条例第二十条, 第二十一条) over an agency's catalogue, and the
 * 基层政务公开标准目录 (国办发〔2019〕54号) of 乡镇/街道 agencies.
 *
 * A statutory category is a child of the default groups "A" (第二十条, fifteen items) or "B" (第二十一条
 * local items) of src/info/category.c. Another category is filed under it when it is a descendant of
 * it, or when its basis equals the statutory category's basis (第二十条: "条例第二十条第（七）项") or
 * reads "条例第二十一条：<name of the statutory category>". The basis is edited with the category, so
 * the filing is data the administrator keeps. */
#ifndef GONGKAI_INFO_INFO_STATUTORY_H
#define GONGKAI_INFO_INFO_STATUTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info.h"

/* True when cats[i] is a statutory category (child of group "A" or "B"); article21 set for "B". */
bool info_statutory_is(const struct info_category *cats, size_t n, size_t i, bool *article21);

/* True when cats[c] is filed under the statutory category cats[s] (itself included). */
bool info_statutory_member(const struct info_category *cats, size_t n, size_t s, size_t c);

/* Why a statutory category of a 乡镇/街道 (or any agency) may be empty, by its code ("A04" …): a
 * Chinese sentence; a general one for codes without a specific reason. */
const char *info_statutory_empty_reason(const char *code);

#define INFO_EMPTY_REASON_MAX_CHARS 200

/* The reason shown for an empty statutory category: the one the administrator wrote for category_id
 * (info_statutory_set_reason), else info_statutory_empty_reason(code). *custom (may be NULL) tells
 * which. malloc'd; NULL on a storage error. */
char *info_statutory_reason(struct db *db, int64_t category_id, const char *code, bool *custom);

/* Writes the reason why statutory category category_id is empty (administrator of its agency or of an
 * agency above it, which runs the portal for it; at most
 * INFO_EMPTY_REASON_MAX_CHARS characters; "" returns to the standard sentence). Audited
 * "info.category.empty_reason". */
enum outcome_code info_statutory_set_reason(struct db *w, const struct actor *actor, int64_t category_id,
					    const char *reason, int64_t now, struct outcome *out);

/* One row of the 基层政务公开标准目录. */
struct info_standard_entry {
	int64_t id;
	char domain[64], matter[128], content[256], basis[160], time_limit[128], subject[96], channels[192];
	char audience[16], mode[16], level[16], category_code[32];
	int sort_order;
};

/* Active rows by sort order. *out malloc'd (free()). Returns 0 or -1. */
int info_standard_list(struct db *db, struct info_standard_entry **out, size_t *count);

/* Adds (e->id == 0) or updates a row (admin; audited). domain and matter required (≤ 30 / 60 chars);
 * audience 全社会|特定群体; mode 主动|依申请; other fields ≤ 100 chars. */
enum outcome_code info_standard_save(struct db *w, const struct actor *actor, struct info_standard_entry *e,
				     int64_t now, struct outcome *out);

/* Retires a row (admin; audited). */
enum outcome_code info_standard_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				       struct outcome *out);

#endif
