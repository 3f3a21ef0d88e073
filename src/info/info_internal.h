/* info_internal.h — helpers shared by the files of src/info/ only: filling an outcome, checking the
 * actor's role and agency, and recording a workflow step in both the item trail and the audit log. */
#ifndef GONGKAI_INFO_INFO_INTERNAL_H
#define GONGKAI_INFO_INFO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "info/info.h"

/* Records one step: a row in info_review and an audit_log entry "info.<action>" whose detail carries
 * the item's 索引号, the transition and the opinion. Returns 0 or -1. */
int info_record_step(struct db *w, const struct actor *actor, const struct info_item *it, const char *action,
		     enum info_status to, const char *opinion, int64_t now);

/* Copies s with leading/trailing ASCII and full-width (U+3000) spaces removed into a malloc'd string
 * (NULL gives ""). */
char *info_trim_dup(const char *s);

#endif
