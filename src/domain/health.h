/* health.h — whether the database still takes writes, for /api/v1/health: a real, tiny committed
 * write (settings.health_write_probe), so a full disk, a read-only file or a lost lock shows as a
 * failing probe with the database's own reason, not as "ok". */
#ifndef GONGKAI_DOMAIN_HEALTH_H
#define GONGKAI_DOMAIN_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

/* Writes and commits the probe row. Returns 0 when the commit succeeded, else -1 with the reason
 * (Chinese, with the database's message) in reason. */
int health_write_probe(struct store *store, int64_t now, char *reason, size_t size);

#endif
