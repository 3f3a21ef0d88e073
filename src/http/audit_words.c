/* audit_words.c — audit actions and actors in words (see audit_words.h). The table names every action
 * the modules write today (grep audit_append); the 主动公开 steps ("info.submit" …) come from the info
 * module's own words so the trail and the audit log say the same thing. */
#include <string.h>

#include "domain/accounts.h"
#include "http/audit_words.h"
#include "info/info.h"

static const struct {
	const char *action, *words;
} action_words[] = {
    {"agency.add", "新增机关"},
    {"agency.update", "修改机关信息"},
    {"annual.approve", "审批年度报告"},
    {"annual.case_add", "登记复议诉讼案件"},
    {"annual.case_result", "登记复议诉讼结果"},
    {"annual.figures", "填报年度报告数据"},
    {"annual.import", "导入年度报告数据"},
    {"annual.publish", "发布年度报告"},
    {"annual.revoke", "撤回年度报告审批"},
    {"annual.text", "编辑年度报告文字部分"},
    {"application.assign", "分配依申请公开办理人"},
    {"application.code_resend", "重发申请查询码"},
    {"application.event", "登记依申请公开办理事项"},
    {"application.file_download", "下载申请人附件"},
    {"application.intake", "登记当面、信件、传真或口头申请"},
    {"application.letter_edit", "修改答复书"},
    {"application.letter_issue", "签发答复书"},
    {"application.propose_publication", "建议转为主动公开"},
    {"application.submit", "收到网上申请"},
    {"application.view_personal", "查看申请人个人信息"},
    {"calendar.load", "载入节假日安排"},
    {"calendar.replace", "替换节假日安排"},
    {"info.category.add", "新增信息类别"},
    {"info.category.defaults", "建立默认信息类别"},
    {"info.category.edit", "修改信息类别"},
    {"info.category.merge", "合并信息类别"},
    {"info.category.retire", "停用信息类别"},
    {"info.settings", "修改主动公开设置"},
    {"info.standard.retire", "停用标准目录条目"},
    {"info.standard.save", "保存标准目录条目"},
    {"info.wording.add", "新增错敏词"},
    {"info.wording.retire", "停用错敏词"},
    {"token.create", "创建接口令牌"},
    {"token.revoke", "吊销接口令牌"},
    {"user.add", "新增用户"},
    {"user.disable", "停用用户"},
    {"user.email", "设置提醒邮箱"},
    {"user.password", "修改密码"},
    {"user.password_reset", "重置密码"},
};

const char *audit_action_words(const char *action)
{
	if (!action)
		return "其他操作";
	for (size_t i = 0; i < sizeof action_words / sizeof action_words[0]; i++)
		if (strcmp(action_words[i].action, action) == 0)
			return action_words[i].words;
	const char *step = strncmp(action, "info.", 5) == 0 ? info_step_zh(action + 5) : NULL;
	return step ? step : "其他操作";
}

const char *audit_actor_words(struct req *r, struct db *db, int64_t user_id)
{
	if (user_id == 0)
		return "公众（申请人）";
	struct user u;
	if (user_get(db, user_id, &u) != 1)
		return "已删除的用户";
	return arena_printf(&r->arena, "%s（%s）", u.display_name, u.name);
}
