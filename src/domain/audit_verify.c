/* audit_verify.c — the audit key file, signed checkpoints and verification of the chain against both
 * (see audit.h).
 *
 * Key file: the key as 64 hex digits and a newline, mode 0600, created with O_EXCL.
 * Checkpoint file: one line per checkpoint, appended (O_APPEND, fsync) and never rewritten:
 *   v1 <unix time> <entry id> <entries> <first keyed id or 0> <head hash> <mac>
 * mac = HMAC-SHA256(key, "gongkai-audit-checkpoint\n" + the line up to the head hash). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/audit.h"
#include "util/buf.h"

static const char checkpoint_domain[] = "gongkai-audit-checkpoint\n";

static char *path_with(const char *db_path, const char *suffix)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s", db_path ? db_path : "", suffix);
	return buf_take(&b);
}

char *audit_key_path(const char *db_path)
{
	return path_with(db_path, ".audit-key");
}

char *audit_checkpoint_path(const char *db_path)
{
	return path_with(db_path, ".audit-checkpoints");
}

/* Makes a new key file (O_EXCL, 0600) whose chain starts at entry keyed_from. Returns 1, 0 when
 * the file appeared meanwhile, -1 (err). */
static int key_create(const char *path, int64_t keyed_from, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		snprintf(err, errlen, "无法创建审计密钥文件 %s：%s", path, strerror(errno));
		return -1;
	}
	unsigned char key[AUDIT_KEY_LEN];
	char text[2 * AUDIT_KEY_LEN + 64];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(text, 2 * AUDIT_KEY_LEN + 1, key, sizeof key);
	size_t len = strlen(text);
	len += (size_t)snprintf(text + len, sizeof text - len, "\nkeyed_from %" PRId64 "\n", keyed_from);
	bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	sodium_memzero(key, sizeof key);
	sodium_memzero(text, sizeof text);
	if (close(fd) != 0 || !ok) {
		unlink(path);
		snprintf(err, errlen, "无法写入审计密钥文件 %s", path);
		return -1;
	}
	return 1;
}

/* Parses the key file's text. Returns true when it holds a key (and keyed_from, 1 when absent). */
static bool key_parse(char *text, unsigned char key[AUDIT_KEY_LEN], int64_t *keyed_from)
{
	size_t len = 0;
	if (sodium_hex2bin(key, AUDIT_KEY_LEN, text, strcspn(text, "\n"), NULL, &len, NULL) != 0 ||
	    len != AUDIT_KEY_LEN)
		return false;
	const char *from = strstr(text, "\nkeyed_from ");
	*keyed_from = from ? strtoll(from + 12, NULL, 10) : 1;
	return *keyed_from >= 1;
}

int audit_key_load(const char *path, int64_t create_from, unsigned char key[AUDIT_KEY_LEN], int64_t *keyed_from,
		   char *err, size_t errlen)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			if (create_from <= 0)
				return 0;
			if (key_create(path, create_from, err, errlen) < 0)
				return -1;
			continue; /* read what is there now (ours, or another process's) */
		}
		if (fd < 0) {
			snprintf(err, errlen, "无法读取审计密钥文件 %s：%s", path, strerror(errno));
			return -1;
		}
		char text[2 * AUDIT_KEY_LEN + 64];
		ssize_t n = read(fd, text, sizeof text - 1);
		close(fd);
		text[n > 0 ? n : 0] = '\0';
		bool ok = key_parse(text, key, keyed_from);
		sodium_memzero(text, sizeof text);
		if (!ok) {
			snprintf(err, errlen, "审计密钥文件 %s 内容无效（第一行应为 64 位十六进制数）", path);
			return -1;
		}
		return 1;
	}
	snprintf(err, errlen, "无法读取审计密钥文件 %s", path);
	return -1;
}

/* ---- checkpoints ---- */

struct checkpoint {
	int64_t at, id, entries, keyed_from;
	char head[AUDIT_HASH_LEN + 1];
	bool seen; /* matched a row during the walk */
};

struct checkpoints {
	struct checkpoint *v;
	size_t n, cap;
};

/* The MAC (hex) of a checkpoint's fields. */
static void checkpoint_mac(const unsigned char key[AUDIT_KEY_LEN], const struct checkpoint *c,
			   char out[AUDIT_HASH_LEN + 1])
{
	char body[256];
	int len = snprintf(body, sizeof body, "%sv1 %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %s",
			   checkpoint_domain, c->at, c->id, c->entries, c->keyed_from, c->head);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)body, (size_t)len, key);
	sodium_bin2hex(out, AUDIT_HASH_LEN + 1, mac, sizeof mac);
}

/* Parses and authenticates one line. Returns true when it is a well-formed checkpoint with a valid MAC. */
static bool checkpoint_parse(const unsigned char key[AUDIT_KEY_LEN], const char *line, struct checkpoint *c)
{
	char mac[AUDIT_HASH_LEN + 2], want[AUDIT_HASH_LEN + 1];
	memset(c, 0, sizeof *c);
	if (sscanf(line, "v1 %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %64s %65s", &c->at, &c->id, &c->entries,
		   &c->keyed_from, c->head, mac) != 6 ||
	    strlen(c->head) != AUDIT_HASH_LEN || strlen(mac) != AUDIT_HASH_LEN)
		return false;
	checkpoint_mac(key, c, want);
	return sodium_memcmp(want, mac, AUDIT_HASH_LEN) == 0;
}

static int by_id(const void *a, const void *b)
{
	const struct checkpoint *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Reads every checkpoint of the file (none when it does not exist). Returns 0, 1 when a line is
 * forged or damaged (problem set), -1 on a read error (problem set). */
static int checkpoints_read(const char *path, const unsigned char *key, struct checkpoints *cps, char *problem,
			    size_t size)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(problem, size, "无法读取审计检查点文件 %s：%s", path, strerror(errno));
		return -1;
	}
	char line[512];
	int rc = 0;
	for (int number = 1; rc == 0 && fgets(line, sizeof line, f); number++) {
		if (cps->n == cps->cap) {
			cps->cap = cps->cap ? cps->cap * 2 : 64;
			cps->v = xrealloc(cps->v, cps->cap * sizeof *cps->v);
		}
		if (!key || !checkpoint_parse(key, line, &cps->v[cps->n])) {
			snprintf(problem, size, "审计检查点文件第 %d 行%s", number,
				 key ? "签名不符（检查点被篡改或不是用本机的审计密钥写的）"
				     : "无法核对：缺少审计密钥文件");
			rc = 1;
		} else {
			cps->n++;
		}
	}
	fclose(f);
	qsort(cps->v, cps->n, sizeof *cps->v, by_id);
	return rc;
}

/* ---- verification ---- */

struct walk {
	const unsigned char *key; /* NULL when the key file is missing */
	struct checkpoints cps;
	size_t next_cp;	      /* first checkpoint not yet reached */
	int64_t legacy_limit; /* smallest keyed_from of the checkpoints (0 = none): older rows only */
	bool keyed_seen;
	char expected[AUDIT_HASH_LEN + 1];
};

static bool fail_at(struct audit_verify_result *r, int64_t id, const char *problem)
{
	r->first_bad_id = id;
	snprintf(r->problem, sizeof r->problem, "第 %" PRId64 " 条记录%s", id, problem);
	return false;
}

/* Checks the checkpoints that fall on or before row id (entries counted so far). */
static bool walk_checkpoints(struct walk *wk, int64_t id, int64_t entries, const char *hash,
			     struct audit_verify_result *r)
{
	for (; wk->next_cp < wk->cps.n && wk->cps.v[wk->next_cp].id <= id; wk->next_cp++) {
		const struct checkpoint *c = &wk->cps.v[wk->next_cp];
		if (c->id < id)
			return fail_at(r, id, "之前缺少检查点记载的记录（记录被删除）");
		if (c->entries != entries || strcmp(c->head, hash) != 0)
			return fail_at(r, id, "与检查点记载的条数或哈希不符（日志被改写后重算）");
		r->checkpoints++;
	}
	return true;
}

/* Checks the current row against the chain. */
static bool walk_row(struct walk *wk, struct db_stmt *st, struct audit_verify_result *r)
{
	struct audit_fields f = {
	    .id = db_column_int(st, 0),
	    .at = db_column_int(st, 1),
	    .user_id = db_column_int(st, 2),
	    .agency_id = db_column_int(st, 3),
	    .action = db_column_text(st, 4),
	    .record_type = db_column_text(st, 5),
	    .record_id = db_column_int(st, 6),
	    .detail = db_column_text(st, 7),
	    .ip = db_column_text(st, 8),
	};
	const char *prev = db_column_text(st, 9), *stored = db_column_text(st, 10);
	bool keyed = db_column_int(st, 11) != 0;
	if (keyed && !wk->key)
		return fail_at(r, f.id, "无法核对：缺少审计密钥文件");
	if (!keyed && (wk->keyed_seen || (wk->legacy_limit && f.id >= wk->legacy_limit)))
		return fail_at(r, f.id, "不带密钥，却位于带密钥的记录之后（日志被改写后重算）");
	if (!prev || !stored || strcmp(prev, wk->expected) != 0)
		return fail_at(r, f.id, "与前一条记录的哈希链接不上（记录被删除、插入或改写）");
	char hash[AUDIT_HASH_LEN + 1];
	audit_hash(keyed ? wk->key : NULL, prev, &f, hash);
	if (strcmp(hash, stored) != 0)
		return fail_at(r, f.id, "的内容与其哈希不符（记录被改写）");
	wk->keyed_seen |= keyed;
	r->legacy_entries += !keyed;
	memcpy(wk->expected, hash, sizeof hash);
	return walk_checkpoints(wk, f.id, r->entries, hash, r);
}

static int walk_rows(struct db *db, struct walk *wk, struct audit_verify_result *r)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, at, user_id, agency_id, action, record_type, record_id, "
					    "detail, ip, prev_hash, hash, keyed FROM audit_log ORDER BY id");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		r->entries++;
		if (!walk_row(wk, st, r)) {
			db_reset(st);
			return 1;
		}
	}
	if (rc < 0)
		return -1;
	if (wk->next_cp < wk->cps.n) {
		const struct checkpoint *c = &wk->cps.v[wk->next_cp];
		snprintf(r->problem, sizeof r->problem,
			 "检查点记载到第 %" PRId64 " 条（共 %" PRId64 " 条），表中只剩 %" PRId64
			 " 条：最新的记录被删除（日志被截断或清空）",
			 c->id, c->entries, r->entries);
		return 1;
	}
	return 0;
}

int audit_verify_files(struct db *db, const char *key_path, const char *checkpoint_path,
		       struct audit_verify_result *result)
{
	memset(result, 0, sizeof *result);
	unsigned char key[AUDIT_KEY_LEN];
	char err[256] = "";
	int64_t keyed_from = 0;
	int have_key = audit_key_load(key_path, 0, key, &keyed_from, err, sizeof err);
	if (have_key < 0) {
		snprintf(result->problem, sizeof result->problem, "%s", err);
		return -1;
	}
	struct walk wk = {.key = have_key == 1 ? key : NULL, .legacy_limit = have_key == 1 ? keyed_from : 0};
	memcpy(wk.expected, AUDIT_GENESIS, sizeof wk.expected);
	int rc = checkpoint_path
		     ? checkpoints_read(checkpoint_path, wk.key, &wk.cps, result->problem, sizeof result->problem)
		     : 0;
	for (size_t i = 0; i < wk.cps.n; i++)
		if (wk.cps.v[i].keyed_from && (!wk.legacy_limit || wk.cps.v[i].keyed_from < wk.legacy_limit))
			wk.legacy_limit = wk.cps.v[i].keyed_from;
	if (rc == 0)
		rc = walk_rows(db, &wk, result);
	if (rc == 0 && result->entries)
		memcpy(result->last_hash, wk.expected, sizeof wk.expected);
	free(wk.cps.v);
	sodium_memzero(key, sizeof key);
	return rc;
}

int audit_verify(struct db *db, struct audit_verify_result *result)
{
	char *key_path = audit_key_path(db_file(db)), *cp_path = audit_checkpoint_path(db_file(db));
	int rc = audit_verify_files(db, key_path, cp_path, result);
	free(key_path);
	free(cp_path);
	return rc;
}

/* ---- writing a checkpoint ---- */

/* The last checkpoint's entry id in the file (0 when none); the file was verified just before. */
static int64_t last_checkpoint_id(const char *path)
{
	FILE *f = fopen(path, "re");
	char line[512];
	int64_t id = 0, at, v;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "v1 %" SCNd64 " %" SCNd64, &at, &v) == 2 && v > id)
			id = v;
	if (f)
		fclose(f);
	return id;
}

/* One integer from a query (the head id, the first keyed id); -1 on error. */
static int64_t query_int(struct db_stmt *st)
{
	int64_t v = 0;
	return st && db_step_int(st, &v) == 1 ? v : -1;
}

static int checkpoint_append(const char *path, const struct checkpoint *c, const unsigned char *key, char *err,
			     size_t errlen)
{
	char mac[AUDIT_HASH_LEN + 1], line[512];
	checkpoint_mac(key, c, mac);
	int len = snprintf(line, sizeof line, "v1 %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %s %s\n", c->at,
			   c->id, c->entries, c->keyed_from, c->head, mac);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, line, (size_t)len) == len && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok)
		snprintf(err, errlen, "无法写入审计检查点文件 %s：%s", path, strerror(errno));
	return ok ? 1 : -1;
}

/* Inside the read transaction: the checkpoint of the verified head, when it moved. */
static int checkpoint_locked(struct db *db, const char *key_path, const char *cp_path, int64_t now,
			     struct audit_verify_result *result, char *err, size_t errlen)
{
	int rc = audit_verify_files(db, key_path, cp_path, result);
	if (rc != 0) {
		if (rc < 0)
			snprintf(err, errlen, "%s", result->problem[0] ? result->problem : "读取审计日志失败");
		return rc == 1 ? 2 : -1;
	}
	struct checkpoint c = {.at = now, .entries = result->entries};
	c.id = query_int(db_prepare(db, "SELECT coalesce(max(id), 0) FROM audit_log"));
	c.keyed_from = query_int(db_prepare(db, "SELECT coalesce(min(id), 0) FROM audit_log WHERE keyed = 1"));
	if (c.id < 0 || c.keyed_from < 0) {
		snprintf(err, errlen, "读取审计日志失败");
		return -1;
	}
	if (result->entries == 0 || last_checkpoint_id(cp_path) >= c.id)
		return 0;
	unsigned char key[AUDIT_KEY_LEN];
	int64_t keyed_from;
	if (audit_key_load(key_path, 0, key, &keyed_from, err, errlen) != 1) {
		if (!err[0])
			snprintf(err, errlen, "审计密钥文件 %s 不存在", key_path);
		return -1;
	}
	memcpy(c.head, result->last_hash, sizeof c.head);
	rc = checkpoint_append(cp_path, &c, key, err, errlen);
	sodium_memzero(key, sizeof key);
	return rc;
}

int audit_checkpoint(struct db *db, int64_t now, struct audit_verify_result *result, char *err, size_t errlen)
{
	char *key_path = audit_key_path(db_file(db)), *cp_path = audit_checkpoint_path(db_file(db));
	int rc = -1;
	err[0] = '\0';
	if (db_read_begin(db) == 0) {
		rc = checkpoint_locked(db, key_path, cp_path, now, result, err, errlen);
		db_read_end(db);
	} else {
		memset(result, 0, sizeof *result);
		snprintf(err, errlen, "读取审计日志失败");
	}
	free(key_path);
	free(cp_path);
	return rc;
}
