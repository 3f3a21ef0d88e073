/* search_fold.c — helpers that make the portal's search forgiving in the ways an inspector tries it:
 * traditional characters fold to simplified (預算 → 预算) with Debian's OpenCC (t2s.json, the
 * maintained conversion tables shipped as data in libopencc-data; the library is opened with the first
 * query that is not plain ASCII, info/opencc_lib.h), and a query that is exactly an item's 索引号 finds
 * that item. See info_search_fold.h. */
#include <string.h>

#include "info/info_search_fold.h"
#include "info/opencc_lib.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

char *info_fold_simplified(const char *text)
{
	if (!text)
		return xstrdup("");
	if (utf8_chars(text) == strlen(text)) /* plain ASCII: nothing to fold */
		return xstrdup(text);
	char err[DL_ERROR_MAX];
	if (gk_opencc_load(err, sizeof err) < 0) { /* no library: search still works, without folding */
		log_msg(LOG_WARN, NULL, "检索词未转为简体：%s", err);
		return xstrdup(text);
	}
	opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
	if (cc == (opencc_t)-1) { /* the t2s data is missing: search still works, without folding */
		log_msg(LOG_WARN, NULL, "OpenCC 繁简转换（%s）不可用，检索词未转为简体",
			OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
		return xstrdup(text);
	}
	char *converted = opencc_convert_utf8(cc, text, strlen(text));
	char *copy = xstrdup(converted ? converted : text);
	if (converted)
		opencc_convert_utf8_free(converted);
	opencc_close(cc);
	return copy;
}

int64_t info_item_by_index_no(struct db *db, const char *index_no, int64_t now)
{
	if (!index_no || !*index_no || strlen(index_no) > 95)
		return 0;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM info_item WHERE index_no = :no AND status = 'published' "
					    "AND published_at <= :now");
	int64_t id = 0;
	if (!st || db_bind_text(st, ":no", index_no) < 0 || db_bind_int(st, ":now", now) < 0)
		return -1;
	int rc = db_step_int(st, &id);
	return rc < 0 ? -1 : rc == 1 ? id : 0;
}
