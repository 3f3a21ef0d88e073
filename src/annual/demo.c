/* demo.c — the demo 街道办事处's records behind its annual reports (see annual_demo.h). Items go
 * through the 主动公开 workflow (create, submit, review, publish) and applications through the 依申请
 * 公开 intake and timeline, with the clock set to the day each happened, so the demo exercises the
 * same code as real use. The 2023 numbers are those of the seed report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_archive.h"
#include "annual/annual_demo.h"
#include "apply/apply.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/holidays.h"
#include "info/info.h"
#include "util/china_time.h"

struct demo_ctx {
	struct store *store;
	struct calendar *cal;
	int64_t agency_id;
	struct actor editor, reviewer;
	struct actor handler;
	struct actor staff;
	char *err;
	size_t errlen;
	int serial;
	int today; /* records dated after it are not loaded (the demo never invents the future) */
};

static int fail(struct demo_ctx *c, const char *what, const char *why)
{
	snprintf(c->err, c->errlen, "演示年报数据：%s失败：%s", what, why);
	return -1;
}

/* Runs job in one write transaction (store_write); 0, or -1 with the step named by what and the reason. */
static int demo_write(struct demo_ctx *c, const char *what, store_job job, void *ctx)
{
	struct outcome out;
	if (store_write(c->store, job, ctx, &out) == OUTCOME_OK)
		return 0;
	return fail(c, what, out.message[0] ? out.message : "数据库错误");
}

/* A step in the annual module's convention (ok, or the reason in why) as a job's outcome. */
static enum outcome_code step_outcome(bool ok, const char *why, struct outcome *out)
{
	return ok ? OUTCOME_OK : outcome_fail(out, OUTCOME_CONFLICT, NULL, "%s", why);
}

static int64_t at_day(int y, int m, int d, int hour)
{
	return china_day_start(cal_day_from_date(y, m, d)) + hour * 3600;
}

/* ---- items ---- */

struct demo_items {
	int year;
	int counts[10]; /* per default category C01 … C10 (政策文件 … 公示公告) */
	int normative;	/* of the C01 items, how many are 行政规范性文件 */
};

static const struct demo_items demo_items[] = {
    {2022, {5, 24, 1, 4, 6, 3, 5, 1, 2, 3}, 0},
    {2023, {7, 32, 2, 5, 7, 5, 4, 2, 1, 1}, 0}, /* the seed report: 66 */
    {2024, {9, 36, 3, 6, 8, 4, 6, 3, 2, 4}, 2},
    {2025, {6, 28, 2, 4, 7, 3, 5, 2, 1, 2}, 1},
};

/* The seed's categories: the default catalogue's C01 … C10 (src/info/category.c). */
static const char *const category_names[10] = {"政策文件", "动态信息", "规划计划", "会议报告", "财政信息",
					       "安全生产", "社会救助", "养老服务", "涉农补贴", "公示公告"};

static const char *const item_titles[10] = {
    "关于做好辖区环境卫生整治工作的通知",
    "街道开展安全生产隐患排查",
    "街道年度重点工作计划",
    "街道党工委扩大会议纪要",
    "街道部门预算公开",
    "街道消防安全检查情况通报",
    "城乡低保对象名单公示",
    "高龄津贴发放情况",
    "耕地地力保护补贴发放公示",
    "街道招聘公益性岗位公告",
};

struct item_job {
	struct demo_ctx *c;
	const struct info_item_input *in;
	int64_t at;
};

static enum outcome_code item_through_workflow(struct db *w, void *ctx, struct outcome *out)
{
	struct item_job *j = ctx;
	struct demo_ctx *c = j->c;
	int64_t id = 0;
	enum outcome_code rc = info_item_create(w, &c->editor, j->in, j->at - 3600, &id, out);
	if (rc == OUTCOME_OK)
		rc = info_submit(w, &c->editor, id, j->at - 1800, out);
	if (rc == OUTCOME_OK)
		rc = info_review(w, &c->reviewer, id, INFO_PASS, "不涉密，同意公开", j->at - 900, out);
	if (rc == OUTCOME_OK)
		rc = info_publish(w, &c->editor, id, 0, c->cal, j->at, out);
	return rc;
}

/* Creates, submits, reviews and publishes one item at `at`, in one write transaction. */
static int run_workflow(struct demo_ctx *c, const struct info_item_input *in, int64_t at)
{
	struct item_job job = {c, in, at};
	return demo_write(c, "发布公开信息", item_through_workflow, &job);
}

/* One item through the workflow, published at 10:00 on the day. */
static int publish_item(struct demo_ctx *c, int category, int y, int m, int d, bool normative)
{
	char title[160], formed[CAL_ISO_SIZE], doc_no[64] = "";
	snprintf(title, sizeof title, "%s（%d-%02d-%02d）", item_titles[category], y, m, d);
	int64_t at = at_day(y, m, d, 10);
	cal_format_iso(cal_day_from_date(y, m, d) - 2, formed);
	if (normative)
		snprintf(doc_no, sizeof doc_no, "钟办〔%d〕%d号", y, ++c->serial);
	struct info_item_input in = {.category = category_names[category],
				     .title = title,
				     .doc_no = doc_no,
				     .formed_on = formed,
				     .body = "演示数据：本条信息由演示数据生成。",
				     .doc_type = normative ? "normative" : "other"};
	return run_workflow(c, &in, at);
}

/* The 政府网站年度工作报表 of 2025, published in January 2026 as 国办函〔2018〕12号 asks (by 31 January). */
static int publish_site_report(struct demo_ctx *c)
{
	if (cal_day_from_date(2026, 1, 20) > c->today)
		return 0;
	struct info_item_input in = {
	    .category = "政府网站年度工作报表",
	    .title = "汝州市钟楼街道办事处2025年度政府网站工作年度报表",
	    .formed_on = "2026-01-16",
	    .summary = "2025年度本网站信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护等情况。",
	    .body = "演示数据：本报表按国办函〔2018〕12号的格式填报，内容包括信息发布、专栏专题、解读回应、"
		    "办事服务、互动交流、安全防护、移动新媒体、创新发展等情况。"};
	return run_workflow(c, &in, at_day(2026, 1, 20, 10));
}

static int load_items(struct demo_ctx *c)
{
	for (size_t i = 0; i < sizeof demo_items / sizeof demo_items[0]; i++) {
		const struct demo_items *year = &demo_items[i];
		for (int cat = 0; cat < 10; cat++)
			for (int k = 0; k < year->counts[cat]; k++) {
				int month = 1 + (k * 5 + cat) % 12, day = 3 + (k * 7 + cat * 3) % 25;
				if (year->year == 2025 && month > 10)
					month -= 2; /* the demo's last year ends before the usual "today" */
				if (cal_day_from_date(year->year, month, day) > c->today)
					continue;
				if (publish_item(c, cat, year->year, month, day, cat == 0 && k < year->normative) < 0)
					return -1;
			}
	}
	return 0;
}

/* ---- applications ---- */

struct demo_application {
	const char *type, *name, *id_type, *id_number, *received, *replied, *outcome, *description;
};

static const struct demo_application demo_applications[] = {
    {"natural_person", "张某", "passport", "E10000001", "2022-03-14", "2022-03-30", "granted",
     "申请公开钟楼街道 2021 年老旧小区改造项目清单"},
    {"commercial", "汝州市某商贸有限公司", "other", "91410482MA0000001", "2022-06-06", "2022-06-28", "partial",
     "申请公开某路段占道经营整治的处理决定"},
    {"natural_person", "李某", "passport", "E10000002", "2022-09-19", "2022-09-23", "rejected_repeat",
     "再次申请公开钟楼街道 2021 年老旧小区改造项目清单"},
    /* 2023: the seed report's single application */
    {"natural_person", "王某", "passport", "E10000003", "2023-05-08", "2023-05-22", "unable_no_info",
     "申请公开某小区 1998 年房改房分配方案"},
    {"natural_person", "赵某", "passport", "E10000004", "2024-02-26", "2024-03-12", "granted",
     "申请公开钟楼街道 2023 年城乡低保资金发放情况"},
    {"natural_person", "钱某", "passport", "E10000005", "2024-04-08", "2024-04-26", "unable_no_info",
     "申请公开某企业 2005 年改制文件"},
    {"legal_service", "河南某律师事务所", "other", "31410000MD0000001", "2024-07-15", "2024-08-05", "partial",
     "申请公开某地块征收补偿安置方案及会议纪要"},
    {"commercial", "汝州市某建筑工程有限公司", "other", "91410482MA0000002", "2024-09-09", "2024-09-27",
     "denied_process_info", "申请公开某工程招标前的内部讨论记录"},
    {"natural_person", "孙某", "passport", "E10000006", "2024-12-23", "2025-01-08", "granted",
     "申请公开钟楼街道 2024 年公益性岗位招聘结果"}, /* received in December, answered in January */
    {"natural_person", "周某", "passport", "E10000007", "2025-03-03", "2025-03-17", "granted",
     "申请公开钟楼街道 2024 年部门决算"},
    {"research", "某大学公共管理学院", "other", "12410000MB0000001", "2025-05-12", "2025-05-30",
     "unable_needs_creation", "申请提供街道近十年政务公开工作的统计分析"},
    {"natural_person", "吴某", "passport", "E10000008", "2025-08-18", "2025-09-02", "granted",
     "申请公开辖区耕地地力保护补贴发放名单"},
};

static int submit_application(struct demo_ctx *c, const struct demo_application *a)
{
	int received, replied;
	cal_parse_iso(a->received, strlen(a->received), &received);
	cal_parse_iso(a->replied, strlen(a->replied), &replied);
	if (replied > c->today)
		return 0;
	struct apply_input in = {.agency_id = c->agency_id,
				 .applicant_type = a->type,
				 .name = a->name,
				 .id_type = a->id_type,
				 .id_number = a->id_number,
				 .phone = "0375-6000000",
				 .address = "河南省汝州市（演示地址）",
				 .description = a->description,
				 .form = "paper",
				 .delivery = "post",
				 .channel = "in_person",
				 .received_on = a->received};
	struct apply_created created;
	struct apply_errors errs = {0};
	int64_t at = china_day_start(received) + 9 * 3600;
	if (apply_submit(c->store, &in, &c->handler, received, at, &created, &errs) != APPLY_OK)
		return fail(c, "登记申请", errs.n ? errs.v[0].message : errs.reason);
	struct apply_event_input reply = {.type = "reply", .date = a->replied, .outcome = a->outcome};
	if (apply_add_event(c->store, c->cal, created.tracking_no, &c->handler, &reply, replied,
			    china_day_start(replied) + 16 * 3600, &errs) != APPLY_OK)
		return fail(c, "登记答复", errs.n ? errs.v[0].message : errs.reason);
	return 0;
}

/* ---- cases, figures, text ---- */

struct now_job {
	struct demo_ctx *c;
	int64_t now;
};

static enum outcome_code cases_and_figures(struct db *w, void *ctx, struct outcome *out)
{
	struct demo_ctx *c = ((struct now_job *)ctx)->c;
	int64_t now = ((struct now_job *)ctx)->now;
	static const struct annual_case_input cases[] = {
	    {.kind = "reconsideration",
	     .case_no = "汝政复〔2024〕17号",
	     .filed_on = "2024-05-20",
	     .result = "upheld",
	     .result_on = "2024-07-16",
	     .notes = "申请人不服“本机关不掌握相关政府信息”的答复申请复议，复议机关维持。"},
	    {.kind = "litigation_direct",
	     .case_no = "（2025）豫0482行初12号",
	     .filed_on = "2025-04-02",
	     .notes = "申请人对不予公开（过程性信息）答复提起诉讼，尚未审结。"},
	};
	static const struct annual_figures_input figures[] = {
	    {"2022", "0", "0", "0", "0"},
	    {"2023", "0", "0", "0", "0"},
	    {"2024", "36", "4", "0", "0"},
	    {"2025", "41", "6", "1", "0"},
	};
	char why[ANNUAL_ERR_SIZE] = "";
	int y, m, d;
	cal_date_from_day(c->today, &y, &m, &d);
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof cases / sizeof cases[0]; i++) {
		int filed;
		cal_parse_iso(cases[i].filed_on, strlen(cases[i].filed_on), &filed);
		int decided = filed;
		if (cases[i].result_on)
			cal_parse_iso(cases[i].result_on, strlen(cases[i].result_on), &decided);
		if (decided <= c->today)
			ok = annual_case_add(w, &c->staff, c->agency_id, &cases[i], c->today, now, why, sizeof why) > 0;
	}
	for (size_t i = 0; ok && i < sizeof figures / sizeof figures[0]; i++)
		if (atoi(figures[i].year) < y)
			ok = annual_figures_set(w, &c->staff, c->agency_id, &figures[i], now, why, sizeof why) == 1;
	return step_outcome(ok, why, out);
}

static int load_cases_and_figures(struct demo_ctx *c, int64_t now)
{
	struct now_job job = {c, now};
	return demo_write(c, "登记复议诉讼案件和表二数字", cases_and_figures, &job);
}

struct demo_text {
	int year, section;
	const char *body;
};

static const struct demo_text demo_texts[] = {
    {2023, ANNUAL_TEXT_MANAGEMENT,
     "2023 年，钟楼街道办事处信息公开工作坚持“公开、透明、规范、廉洁、高效”的目标，健全机制，拓宽渠道。"
     "一是领导重视，成立了政府信息公开领导小组；二是规范信息发布程序，坚持先审查后公开、一事一审；"
     "三是明确工作职责，由党政办负责街道的政府信息公开工作。"},
    {2023, ANNUAL_TEXT_PLATFORM, "本机关信息只通过汝州市政府门户网站进行公开，没有政务新媒体账号。"},
    {2023, ANNUAL_TEXT_SUPERVISION,
     "将政府信息公开工作纳入年终考核；党政办专职工作人员按时参加汝州市政府信息公开办组织的各项业务培训。"},
    {2023, ANNUAL_TEXT_PROBLEMS,
     "（一）存在的主要问题\n2023年，钟楼街道办事处信息公开工作主要存在以下问题：一是工作人员业务水平、写作水平还需进一"
     "步提高；"
     "二是信息公开形式、内容仍需进一步丰富和提升；三是对政府信息公开宣传不够，公众不知道如何获取政府信息。\n"
     "（二）2022年存在问题的改进情况\n统一认识，规范工作流程，公开条目、及时性、实用性较之前有较大提高。"},
    {2024, ANNUAL_TEXT_PLATFORM, "本机关信息通过汝州市政府门户网站和本平台“政府信息公开”专栏公开。"},
    {2024, ANNUAL_TEXT_PROBLEMS,
     "（一）存在的主要问题\n政策解读形式单一；依申请公开答复书的说理还需加强。\n"
     "（二）2023年存在问题的改进情况\n组织业务培训两次，公开目录补充完善了社会救助、涉农补贴两个栏目。"},
    {2025, ANNUAL_TEXT_PROBLEMS,
     "（一）存在的主要问题\n规范性文件的清理和有效性标注还不及时。\n"
     "（二）2024年存在问题的改进情况\n政策文件均配发图文解读；答复书统一使用本平台生成的模板。"},
};

static enum outcome_code texts(struct db *w, void *ctx, struct outcome *out)
{
	struct demo_ctx *c = ((struct now_job *)ctx)->c;
	int64_t now = ((struct now_job *)ctx)->now;
	char why[ANNUAL_ERR_SIZE] = "";
	int y, m, d;
	cal_date_from_day(c->today, &y, &m, &d);
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof demo_texts / sizeof demo_texts[0]; i++)
		if (demo_texts[i].year < y)
			ok = annual_text_set(w, &c->staff, c->agency_id, demo_texts[i].year, demo_texts[i].section,
					     demo_texts[i].body, now, why, sizeof why) == 1;
	return step_outcome(ok, why, out);
}

static int load_texts(struct demo_ctx *c, int64_t now)
{
	struct now_job job = {c, now};
	return demo_write(c, "保存年报文字", texts, &job);
}

/* ---- setup ---- */

static int find_user(struct db *db, const char *name, int64_t agency_id, struct user *u)
{
	return user_get_by_name(db, name, u) == 1 && u->agency_id == agency_id ? 0 : -1;
}

static int find_actors(struct demo_ctx *c)
{
	struct db *db = store_reader(c->store);
	struct agency *list = NULL;
	size_t n = 0;
	c->agency_id = 0;
	if (db && agency_list(db, &list, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (strcmp(list[i].name, ANNUAL_DEMO_AGENCY) == 0)
				c->agency_id = list[i].id;
	free(list);
	struct user editor, reviewer, handler;
	if (c->agency_id == 0 || find_user(db, "editor", c->agency_id, &editor) < 0 ||
	    find_user(db, "reviewer", c->agency_id, &reviewer) < 0 ||
	    find_user(db, "handler", c->agency_id, &handler) < 0)
		return fail(c, "查找演示机关和账号", "没有" ANNUAL_DEMO_AGENCY "或其编辑、审查员、办理员账号");
	c->editor =
	    (struct actor){.user_id = editor.id, .agency_id = c->agency_id, .roles = editor.roles, .ip = "demo"};
	c->reviewer =
	    (struct actor){.user_id = reviewer.id, .agency_id = c->agency_id, .roles = reviewer.roles, .ip = "demo"};
	c->handler =
	    (struct actor){.user_id = handler.id, .agency_id = c->agency_id, .roles = handler.roles, .ip = "demo"};
	c->staff = (struct actor){.user_id = 0, .system = true, .agency_id = c->agency_id, .ip = "demo"};
	return 0;
}

/* Installs the default catalogue unless the agency has one already (then nothing changes). */
static enum outcome_code catalogue(struct db *w, void *ctx, struct outcome *out)
{
	struct now_job *j = ctx;
	return step_outcome(info_categories_install_defaults(w, j->c->agency_id, j->now) >= 0, "数据库错误", out);
}

static int ensure_catalogue(struct demo_ctx *c, int64_t now)
{
	struct now_job job = {c, now};
	return demo_write(c, "建立公开目录", catalogue, &job);
}

struct publish_job {
	struct demo_ctx *c;
	const struct actor *leader, *editor;
	int year;
	int64_t now;
};

static enum outcome_code approve_and_publish(struct db *w, void *ctx, struct outcome *out)
{
	struct publish_job *j = ctx;
	struct annual_env env = {.cal = j->c->cal, .today = j->c->today};
	struct findings f = {0};
	char why[ANNUAL_ERR_SIZE] = "数据库错误";
	int64_t id = annual_approve(w, &env, j->leader, j->c->agency_id, j->year, NULL, j->now, &f, why, sizeof why);
	findings_free(&f); /* the publication's own findings are the ones frozen with it */
	int version =
	    id > 0 ? annual_publish(w, &env, j->editor, j->c->agency_id, j->year, j->now, &f, why, sizeof why) : -1;
	findings_free(&f);
	return step_outcome(version > 0, why, out);
}

/* Approves (as the 街道's leader) and publishes (as its editor) one finished year unless a version is
 * already public. Returns 0 or -1 (the refusal's reason in the message). */
static int publish_year(struct demo_ctx *c, const struct actor *leader, const struct actor *editor, int year,
			int64_t now)
{
	struct annual_version v;
	if (annual_version_public(store_reader(c->store), c->agency_id, year, 0, &v) != 0)
		return 0;
	struct publish_job job = {c, leader, editor, year, now};
	return demo_write(c, "发布演示年报", approve_and_publish, &job);
}

/* The finished years 2022 and 2023 go on the portal's 年报 column (2023 is the seed report built from
 * the records); later years stay drafts for the back office. */
static int publish_years(struct demo_ctx *c, int64_t now)
{
	struct user leader, editor;
	struct db *db = store_reader(c->store);
	if (find_user(db, "leader", c->agency_id, &leader) < 0 || find_user(db, "editor", c->agency_id, &editor) < 0)
		return fail(c, "查找演示账号", "没有" ANNUAL_DEMO_AGENCY "的审批领导或编辑账号");
	struct actor approver = {.user_id = leader.id, .agency_id = c->agency_id, .roles = leader.roles, .ip = "demo"};
	struct actor publisher = {.user_id = editor.id, .agency_id = c->agency_id, .roles = editor.roles, .ip = "demo"};
	int y, m, d;
	cal_date_from_day(c->today, &y, &m, &d);
	int rc = 0;
	for (int year = 2022; rc == 0 && year <= 2023 && year < y; year++)
		rc = publish_year(c, &approver, &publisher, year, now);
	return rc;
}

int annual_demo_load(struct store *store, int64_t now, char *err, size_t errlen)
{
	char why[256];
	struct demo_ctx c = {.store = store, .err = err, .errlen = errlen, .today = china_day(now)};
	int rc = holidays_calendar(store_reader(store), &c.cal, NULL, 0, NULL, why, sizeof why) < 0
		     ? fail(&c, "载入节假日安排", why)
		     : 0;
	if (rc == 0)
		rc = find_actors(&c);
	if (rc == 0)
		rc = ensure_catalogue(&c, now);
	if (rc == 0)
		rc = load_items(&c) < 0 ? -1 : publish_site_report(&c);
	for (size_t i = 0; rc == 0 && i < sizeof demo_applications / sizeof demo_applications[0]; i++)
		rc = submit_application(&c, &demo_applications[i]);
	if (rc == 0)
		rc = load_cases_and_figures(&c, now);
	if (rc == 0)
		rc = load_texts(&c, now);
	if (rc == 0)
		rc = publish_years(&c, now);
	calendar_free(c.cal);
	return rc;
}
