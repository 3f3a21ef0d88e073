/* health.c — the write probe of /api/v1/health (see health.h). */
#include "domain/health.h"

#include <stdio.h>

int health_write_probe(struct store *store, int64_t now, char *reason, size_t size)
{
	struct db *w = store_write_begin(store);
	if (!w) {
		snprintf(reason, size, "无法开始写事务");
		return -1;
	}
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES "
					   "('health_write_probe', :now, :now) ON CONFLICT (name) DO UPDATE SET "
					   "value = :now, updated_at = :now");
	db_bind_int(st, ":now", now);
	int rc = st ? db_step(st) : -1;
	if (rc < 0)
		snprintf(reason, size, "数据库写入失败：%s", db_errmsg(w));
	if (store_write_end(store, rc == 0) != 0 && rc == 0) {
		snprintf(reason, size, "数据库提交失败：%s", db_errmsg(w));
		rc = -1;
	}
	return rc < 0 ? -1 : 0;
}
