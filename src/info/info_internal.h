/* info_internal.h — helpers shared by the files of src/info/ only: filling an outcome, checking the
 * actor's role and agency, and recording a workflow step in both the item trail and the audit log. */
#ifndef GONGKAI_INFO_INFO_INTERNAL_H
#define GONGKAI_INFO_INFO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info.h"

/* Records one step: a row in info_review and an audit_log entry "info.<action>" whose detail carries
 * the item's 索引号, the transition and the opinion. Returns 0 or -1. */
int info_record_step(struct db *w, const struct actor *actor, const struct info_item *it, const char *action,
		     enum info_status to, const char *opinion, int64_t now);

/* Loads item id for a step by actor (workflow.c): OUTCOME_FORBIDDEN ("只有<role_text>可以执行此操作")
 * unless the actor has one of roles, OUTCOME_NOT_FOUND for an item of another agency, else OUTCOME_OK
 * with *it filled (free with info_item_free). */
enum outcome_code load_for_step(struct db *w, const struct actor *actor, int64_t id, unsigned roles,
				const char *role_text, struct info_item *it, struct outcome *out);

/* Makes room for one more element in a growing array (*items of count elements, capacity *cap; doubles
 * from 32). Returns the array (the same or moved); aborts when out of memory, like xrealloc. */
void *info_grow(void *items, size_t count, size_t *cap, size_t size);

/* What a retirement of a maintained row (wording list, 标准目录) records. */
struct info_retire_what {
	const char *record_type, *action; /* audit record type and action */
	const char *missing;		  /* Chinese NOT_FOUND message */
	const char *detail;		  /* audit detail */
};

/* Runs st, an "UPDATE … SET retired_at = :now WHERE id = :id AND retired_at = 0" of the caller's
 * table (NULL when its prepare failed), and writes the audit entry (wording_list.c). Returns OUTCOME_OK,
 * OUTCOME_NOT_FOUND when no active row had that id, or OUTCOME_STORAGE. */
enum outcome_code info_retire_row(struct db *w, struct db_stmt *st, const struct actor *actor, int64_t id, int64_t now,
				  const struct info_retire_what *what, struct outcome *out);

/* Copies s with leading/trailing ASCII and full-width (U+3000) spaces removed into a malloc'd string
 * (NULL gives ""). */
char *info_trim_dup(const char *s);

#endif
