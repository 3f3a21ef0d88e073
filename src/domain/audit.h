/* audit.h — the append-only audit log: who did what to which record, when, from which address.
 *
 * Tamper evidence, three layers:
 *   1. A keyed hash chain. Each entry stores HMAC-SHA256, under the installation's audit key, of the
 *      previous entry's hash and its own fields, so changing, inserting or deleting a row breaks the
 *      chain, and nobody without the key can recompute it. The key is a file outside the database
 *      (audit_key_path: "<db>.audit-key", 0600, made by `gongkai init` or the first append); keep it
 *      out of database backups.
 *   2. Signed checkpoints outside the table: audit_checkpoint() appends "entry id, number of entries,
 *      head hash" with an HMAC to audit_checkpoint_path ("<db>.audit-checkpoints"); the server writes one
 *      every audit_checkpoint_minutes and `gongkai audit verify` one after each clean check. An operator
 *      can copy the file elsewhere. Verification compares the table with every checkpoint, so deleting
 *      the newest rows, or all of them, is found as far back as the last checkpoint.
 *   3. Database triggers refuse UPDATE and DELETE on the table.
 * Databases from before the keyed chain: their entries (keyed = 0) keep the old unkeyed SHA-256
 * chain; the first keyed entry links to the last of them and so seals them; verification accepts
 * unkeyed entries only before the first keyed one (and before any checkpoint's keyed_from). */
#ifndef GONGKAI_DOMAIN_AUDIT_H
#define GONGKAI_DOMAIN_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define AUDIT_HASH_LEN 64 /* hex SHA-256 / HMAC-SHA256 */
#define AUDIT_KEY_LEN  32 /* bytes */
#define AUDIT_GENESIS  "0000000000000000000000000000000000000000000000000000000000000000" /* prev of entry 1 */

/* Appends an entry. w: writer inside a transaction (append in the same transaction as the change it
 * records). user_id / agency_id / record_id 0 = none; action is a short English verb phrase such as
 * "login", "user.add", "info.publish"; record_type e.g. "user", "agency", "info"; detail is free
 * text (may be NULL); ip may be NULL. Reads the audit key of the database (creating it when the log
 * has no keyed entry yet; the process keeps it while the key file stays the same file, unchanged);
 * without it the append fails. Returns the new entry id (> 0) or -1. */
int64_t audit_append(struct db *w, int64_t user_id, int64_t agency_id, const char *action, const char *record_type,
		     int64_t record_id, const char *detail, const char *ip, int64_t now);

/* The fields that an entry's hash covers. */
struct audit_fields {
	int64_t id, at, user_id, agency_id, record_id;
	const char *action, *record_type, *detail, *ip;
};

/* The hash of an entry given its predecessor's: HMAC-SHA256 under key, or with key NULL the unkeyed
 * SHA-256 of databases from before the keyed chain. Hex into out. */
void audit_hash(const unsigned char *key, const char *prev_hash, const struct audit_fields *f,
		char out[AUDIT_HASH_LEN + 1]);

/* Where the key and the checkpoints of the database file db_path live: db_path + ".audit-key" /
 * ".audit-checkpoints" (malloc'd; free). */
char *audit_key_path(const char *db_path);
char *audit_checkpoint_path(const char *db_path);

/* Reads the key file: the key (64 hex digits) and "keyed_from N", the first entry of the keyed chain
 * (entries before it are the unkeyed ones of an older database; 1 on a new one). With create_from > 0
 * a missing file is created (random key, 0600) with keyed_from = create_from. Returns 1 read, 0 no
 * such file (create_from 0), -1 with a Chinese message in err. */
int audit_key_load(const char *path, int64_t create_from, unsigned char key[AUDIT_KEY_LEN], int64_t *keyed_from,
		   char *err, size_t errlen);

/* Result of a verification. */
struct audit_verify_result {
	int64_t entries;		    /* rows checked */
	int64_t legacy_entries;		    /* of them, unkeyed rows from before the keyed chain */
	int64_t checkpoints;		    /* checkpoints compared with the table */
	int64_t first_bad_id;		    /* the first row found wrong; 0 when none (or the problem is
					     * rows missing at the end) */
	char last_hash[AUDIT_HASH_LEN + 1]; /* hash of the newest entry ("" when empty) */
	char problem[256];		    /* Chinese description when the result is 1 */
};

/* Walks the whole chain in id order with the database's key and checks it against every checkpoint
 * in its checkpoint file (audit_verify_files with the default paths). Returns 0 intact, 1 tampered
 * (problem and, when it is a row, first_bad_id set), -1 error. */
int audit_verify(struct db *db, struct audit_verify_result *result);

/* audit_verify with explicit files (e.g. to check a backup with the live key); checkpoint_path NULL
 * skips the checkpoints. */
int audit_verify_files(struct db *db, const char *key_path, const char *checkpoint_path,
		       struct audit_verify_result *result);

/* Verifies the log (db: a reader, so only committed entries count) and, when intact and the head
 * moved since the last checkpoint, appends a signed checkpoint (fsync'd) to the checkpoint file.
 * Returns 1 written, 0 nothing new (or the log is empty), 2 not written because the log is
 * tampered (result says why), -1 error with a Chinese message in err. */
int audit_checkpoint(struct db *db, int64_t now, struct audit_verify_result *result, char *err, size_t errlen);

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
