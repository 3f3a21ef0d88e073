/* audit_words.h — the audit log in the words of the people who read it: each action code
 * ("info.publish", "application.event") as a Chinese phrase and each user number as the person's
 * name, for the back-office pages that show audit entries. */
#ifndef GONGKAI_HTTP_AUDIT_WORDS_H
#define GONGKAI_HTTP_AUDIT_WORDS_H

#include <stdint.h>

#include "http/req.h"

/* The Chinese phrase of an audit action ("发布主动公开信息"); "其他操作" for a code not known here. */
const char *audit_action_words(const char *action);

/* Who acted: the display name of user_id (with the login name), "公众（申请人）" for 0 (the public,
 * e.g. an online application), "已删除的用户" when unknown. Arena string. */
const char *audit_actor_words(struct req *r, struct db *db, int64_t user_id);

#endif
