/* audit.h — the append-only audit log: who did what to which record, when, from which address.
 *
 * Each entry stores the SHA-256 of the previous entry's hash together with its own fields, so changing,
 * inserting or deleting a row in the middle breaks the chain and audit_verify() finds it. (Removing the
 * newest rows is only detectable against an exported copy of the last hash — `gongkai audit verify`
 * prints it.) The table also refuses UPDATE and DELETE through database triggers. */
#ifndef GONGKAI_DOMAIN_AUDIT_H
#define GONGKAI_DOMAIN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define AUDIT_HASH_LEN 64 /* hex SHA-256 */

/* Appends an entry. w: writer inside a transaction (append in the same transaction as the change it
 * records). user_id / agency_id / record_id 0 = none; action is a short English verb phrase such as
 * "login", "user.add", "info.publish"; record_type e.g. "user", "agency", "info"; detail is free
 * text (may be NULL); ip may be NULL. Returns the new entry id (> 0) or -1. */
int64_t audit_append(struct db *w, int64_t user_id, int64_t agency_id, const char *action, const char *record_type,
		     int64_t record_id, const char *detail, const char *ip, int64_t now);

/* Result of a verification. */
struct audit_verify_result {
	int64_t entries;		    /* rows checked */
	int64_t first_bad_id;		    /* 0 when the chain is intact */
	char last_hash[AUDIT_HASH_LEN + 1]; /* hash of the newest entry ("" when empty) */
};

/* Walks the whole chain in id order. Returns 0 intact, 1 broken (first_bad_id set), -1 error. */
int audit_verify(struct db *db, struct audit_verify_result *result);

/* One row, for listing. */
struct audit_entry {
	int64_t id, at, user_id, agency_id, record_id;
	char action[64];
	char record_type[32];
	char ip[64];
	char *detail; /* malloc'd, may be NULL */
};

/* Newest entries first, at most limit, optionally for one agency (0 = all). *out malloc'd; free with
 * audit_entries_free(). Returns 0 or -1. */
int audit_list(struct db *db, int64_t agency_id, size_t limit, struct audit_entry **out, size_t *count);
void audit_entries_free(struct audit_entry *entries, size_t count);

#endif
