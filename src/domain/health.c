/* health.c — the write probe of /api/v1/health (see health.h): one committed write through the
 * write owner (store_write), so a database that cannot commit shows as degraded. */
#include "domain/health.h"

#include <stdio.h>

struct probe_job {
	int64_t now;
};

static enum outcome_code probe_job(struct db *w, void *ctx, struct outcome *out)
{
	const struct probe_job *j = ctx;
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES "
					   "('health_write_probe', :now, :now) ON CONFLICT (name) DO UPDATE SET "
					   "value = :now, updated_at = :now");
	db_bind_int(st, ":now", j->now);
	if (!st || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库写入失败：%s", db_errmsg(w));
	return OUTCOME_OK;
}

int health_write_probe(struct store *store, int64_t now, char *reason, size_t size)
{
	struct probe_job job = {now};
	struct outcome out;
	db_thread_error_clear();
	if (store_write(store, probe_job, &job, &out) == OUTCOME_OK)
		return 0;
	const char *db = db_thread_error();
	if (*db)
		snprintf(reason, size, "%s（%s）", out.message, db);
	else
		snprintf(reason, size, "%s", out.message);
	return -1;
}
