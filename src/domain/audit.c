/* audit.c — appending to the keyed, hash-chained audit log and listing it (see audit.h; verification
 * and checkpoints are in audit_verify.c).
 *
 * hash(entry) = HMAC-SHA256(audit key, "gongkai-audit-entry\n" + serialization), where the
 * serialization holds prev_hash and every field of the entry, each written as "<length>:<bytes>\n"
 * (NULL detail as "-\n"), so no two different entries serialize alike. The entry id is part of it,
 * so rows cannot be reordered; the first entry's prev_hash is 64 zeros. Entries of databases from
 * before the keyed chain (keyed = 0) used SHA-256 of the serialization alone. */
#include "domain/audit.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/log.h"

static const char genesis[AUDIT_HASH_LEN + 1] = AUDIT_GENESIS;
static const char entry_domain[] = "gongkai-audit-entry\n"; /* keyed hashes of entries, nothing else */

/* Appends "<length>:<bytes>\n", or "-\n" for NULL (without printf: an entry has ten fields). */
static void put_field_n(struct buf *b, const char *text, size_t len)
{
	if (!text) {
		buf_puts(b, "-\n");
		return;
	}
	buf_put_uint(b, len);
	buf_putc(b, ':');
	buf_append(b, text, len);
	buf_putc(b, '\n');
}

static void put_field(struct buf *b, const char *text)
{
	put_field_n(b, text, text ? strlen(text) : 0);
}

static void put_int(struct buf *b, int64_t v)
{
	char text[21];
	size_t n = 0;
	if (v < 0)
		text[n++] = '-';
	n += decimal_digits(v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, text + n);
	put_field_n(b, text, n);
}

/* The serialization of an entry that its hash covers (see the top of the file). */
static void serialize(struct buf *b, const char *prev_hash, const struct audit_fields *f)
{
	buf_grow(b, 256);
	put_field(b, prev_hash);
	put_int(b, f->id);
	put_int(b, f->at);
	put_int(b, f->user_id);
	put_int(b, f->agency_id);
	put_field(b, f->action);
	put_field(b, f->record_type);
	put_int(b, f->record_id);
	put_field(b, f->detail);
	put_field(b, f->ip);
}

/* The keyed hash's state after the key and the domain string: where every entry's hash starts. */
static void keyed_start(const unsigned char key[AUDIT_KEY_LEN], crypto_auth_hmacsha256_state *st)
{
	crypto_auth_hmacsha256_init(st, key, AUDIT_KEY_LEN);
	crypto_auth_hmacsha256_update(st, (const unsigned char *)entry_domain, strlen(entry_domain));
}

/* The keyed hash of an entry, continuing a copy of start (keyed_start), hex into out. */
static void hash_from(const crypto_auth_hmacsha256_state *start, const char *prev_hash, const struct audit_fields *f,
		      char out[AUDIT_HASH_LEN + 1])
{
	struct buf b = {0};
	serialize(&b, prev_hash, f);
	crypto_auth_hmacsha256_state st = *start;
	unsigned char digest[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)b.data, b.len);
	crypto_auth_hmacsha256_final(&st, digest);
	sodium_memzero(&st, sizeof st);
	sodium_bin2hex(out, AUDIT_HASH_LEN + 1, digest, sizeof digest);
	buf_free(&b);
}

void audit_hash(const unsigned char *key, const char *prev_hash, const struct audit_fields *f,
		char out[AUDIT_HASH_LEN + 1])
{
	if (key) {
		crypto_auth_hmacsha256_state start;
		keyed_start(key, &start);
		hash_from(&start, prev_hash, f, out);
		sodium_memzero(&start, sizeof start);
		return;
	}
	struct buf b = {0};
	serialize(&b, prev_hash, f);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(out, AUDIT_HASH_LEN + 1, digest, sizeof digest);
	buf_free(&b);
}

/* Reads the newest entry's id, hash and whether it is keyed (genesis when the log is empty).
 * Returns 0 or -1. */
static int audit_tail(struct db *w, int64_t *id, char hash[AUDIT_HASH_LEN + 1], bool *keyed)
{
	struct db_stmt *st = db_prepare(w, "SELECT id, hash, keyed FROM audit_log ORDER BY id DESC LIMIT 1");
	int rc = db_step(st);
	if (rc < 0)
		return -1;
	*id = 0;
	*keyed = false;
	memcpy(hash, genesis, sizeof genesis);
	if (rc == 1) {
		*id = db_column_int(st, 0);
		db_column_copy(st, 1, hash, AUDIT_HASH_LEN + 1);
		*keyed = db_column_int(st, 2) != 0;
		db_reset(st);
	}
	return 0;
}

/* The audit key of the database last appended to, kept by the process as the keyed hash's started state
 * (keyed_start): audit_append runs in most write jobs, and reading the key file each time cost an open,
 * a read, a close and the parsing, and starting the HMAC two SHA-256 blocks. The file is
 * still looked at (stat) on every append, and the kept key is used only while the file is the one it
 * was read from (same device, inode, size and modification time), so a key file that is removed,
 * replaced or rewritten is noticed as before: read again, or created, or the append refused. */
static struct {
	pthread_mutex_t lock;
	char *db_path, *key_path; /* NULL: nothing kept */
	struct stat file;	  /* the key file as it was before it was read */
	crypto_auth_hmacsha256_state start;
} kept_key = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Copies the kept state of database db_path into start when its key file is still the one it was read
 * from. */
static bool kept_key_get(const char *db_path, crypto_auth_hmacsha256_state *start)
{
	struct stat now;
	bool hit = false;
	pthread_mutex_lock(&kept_key.lock);
	if (kept_key.db_path && strcmp(kept_key.db_path, db_path) == 0 && stat(kept_key.key_path, &now) == 0 &&
	    same_file(&now, &kept_key.file)) {
		*start = kept_key.start;
		hit = true;
	}
	pthread_mutex_unlock(&kept_key.lock);
	return hit;
}

/* Keeps start as the database's, with `before`, the key file's identity taken before it was read: a file
 * changed since differs from it, so the next append reads the file again. */
static void kept_key_put(const char *db_path, const char *key_path, const struct stat *before,
			 const crypto_auth_hmacsha256_state *start)
{
	pthread_mutex_lock(&kept_key.lock);
	free(kept_key.db_path);
	free(kept_key.key_path);
	kept_key.db_path = xstrdup(db_path);
	kept_key.key_path = xstrdup(key_path);
	kept_key.file = *before;
	kept_key.start = *start;
	pthread_mutex_unlock(&kept_key.lock);
}

/* The keyed hash's started state (keyed_start) under the database's audit key; the key is created, with
 * the keyed chain starting at next_id, when the log has no keyed entry yet. Returns 0 or -1 (logged as an
 * error: without its key the log cannot grow, and the operator must restore the file). */
static int append_key(struct db *w, bool log_keyed, int64_t next_id, crypto_auth_hmacsha256_state *start)
{
	const char *db_path = db_file(w) ? db_file(w) : "";
	if (kept_key_get(db_path, start))
		return 0;
	unsigned char key[AUDIT_KEY_LEN];
	char err[256] = "";
	char *path = audit_key_path(db_path);
	struct stat before;
	bool known = stat(path, &before) == 0; /* a file created by the load is kept from the next append on */
	int64_t keyed_from;
	int rc = audit_key_load(path, log_keyed ? 0 : next_id, key, &keyed_from, err, sizeof err);
	if (rc == 1)
		keyed_start(key, start);
	sodium_memzero(key, sizeof key);
	if (rc == 1 && known)
		kept_key_put(db_path, path, &before, start);
	else if (rc != 1)
		log_msg(LOG_ERROR, NULL, "无法写入审计日志：%s",
			rc == 0 ? "审计密钥文件不存在（请从保管处恢复该文件）" : err);
	free(path);
	return rc == 1 ? 0 : -1;
}

int64_t audit_append(struct db *w, int64_t user_id, int64_t agency_id, const char *action, const char *record_type,
		     int64_t record_id, const char *detail, const char *ip, int64_t now)
{
	char prev[AUDIT_HASH_LEN + 1], hash[AUDIT_HASH_LEN + 1];
	crypto_auth_hmacsha256_state start;
	int64_t last_id;
	bool keyed;
	if (!action || !*action || audit_tail(w, &last_id, prev, &keyed) < 0 ||
	    append_key(w, keyed, last_id + 1, &start) < 0)
		return -1;
	struct audit_fields f = {
	    last_id + 1, now,	      user_id, agency_id, record_id, action, record_type ? record_type : "",
	    detail,	 ip ? ip : ""};
	hash_from(&start, prev, &f, hash);
	sodium_memzero(&start, sizeof start);
	struct db_stmt *st = db_prepare(w, "INSERT INTO audit_log (id, at, user_id, agency_id, action, record_type, "
					   "record_id, detail, ip, prev_hash, hash, keyed) VALUES (:id, :at, :user, "
					   ":agency, :action, :type, :record, :detail, :ip, :prev, :hash, 1)");
	db_bind_int(st, ":id", f.id);
	db_bind_int(st, ":at", f.at);
	db_bind_int(st, ":user", f.user_id);
	db_bind_int(st, ":agency", f.agency_id);
	db_bind_text(st, ":action", f.action);
	db_bind_text(st, ":type", f.record_type);
	db_bind_int(st, ":record", f.record_id);
	db_bind_text(st, ":detail", f.detail);
	db_bind_text(st, ":ip", f.ip);
	db_bind_text(st, ":prev", prev);
	db_bind_text(st, ":hash", hash);
	return db_step_later(st) < 0 ? -1 : f.id; /* PostgreSQL: read with the job's next statement or its end */
}

static void audit_entry_fill(struct db_stmt *st, struct audit_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = db_column_int(st, 0);
	e->at = db_column_int(st, 1);
	e->user_id = db_column_int(st, 2);
	e->agency_id = db_column_int(st, 3);
	db_column_copy(st, 4, e->action, sizeof e->action);
	db_column_copy(st, 5, e->record_type, sizeof e->record_type);
	e->record_id = db_column_int(st, 6);
	e->detail = db_column_dup(st, 7);
	db_column_copy(st, 8, e->ip, sizeof e->ip);
}

int audit_list(struct db *db, int64_t agency_id, size_t limit, struct audit_entry **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, at, user_id, agency_id, action, record_type, record_id, "
					    "detail, ip FROM audit_log WHERE (:agency = 0 OR agency_id = :agency) "
					    "ORDER BY id DESC LIMIT :limit");
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":limit", (int64_t)limit);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		audit_entry_fill(st, &(*out)[(*count)++]);
	}
	if (rc < 0) {
		audit_entries_free(*out, *count);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

void audit_entries_free(struct audit_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(entries[i].detail);
	free(entries);
}
