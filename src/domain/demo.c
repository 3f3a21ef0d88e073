/* demo.c — the demo data set behind `gongkai init --demo`: an agency tree modelled on the seed report
 * (汝州市钟楼街道办事处, reference/ruzhou-zhonglou-2023.txt) and one account per role. Contact data and
 * 统一社会信用代码 are invented (the codes carry a valid GB 32100-2015 check character) and marked as
 * 演示; the passwords are generated at load time and shown once. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"

/* Index of the parent within demo_agencies, -1 for the root. */
struct demo_agency {
	int parent;
	struct agency a;
};

static const struct demo_agency demo_agencies[] = {
    {-1,
     {.level = AGENCY_CITY,
      .name = "汝州市人民政府",
      .short_name = "汝州市政府",
      .uscc = "11410482MB1000010L",
      .address = "河南省汝州市（演示地址）",
      .postcode = "467500",
      .office_hours = "工作日 上午 8:00—12:00，下午 15:00—18:00（法定节假日除外）",
      .phone = "0375-0000001",
      .fax = "0375-0000002",
      .email = "gongkai-city@example.com",
      .website_code = "4104820000",
      .icp = "豫ICP备00000000号（演示）",
      .police_record = "豫公网安备 00000000000000号（演示）"}},
    {0,
     {.level = AGENCY_SUBDISTRICT,
      .name = "汝州市钟楼街道办事处",
      .short_name = "钟楼街道",
      .uscc = "11410482MB1000029H",
      .address = "河南省汝州市钟楼街道（演示地址）",
      .postcode = "467500",
      .office_hours = "工作日 上午 8:00—12:00，下午 15:00—18:00（法定节假日除外）",
      .phone = "0375-0000011",
      .fax = "0375-0000012",
      .email = "gongkai-zhonglou@example.com",
      /* a 街道 publishes inside the city's 集约化 platform: its pages carry the platform's marks */
      .website_code = "4104820000",
      .icp = "豫ICP备00000000号（演示）",
      .police_record = "豫公网安备 00000000000000号（演示）"}},
    {0,
     {.level = AGENCY_DEPARTMENT,
      .name = "汝州市财政局",
      .short_name = "市财政局",
      .uscc = "11410482MB1000037C",
      .address = "河南省汝州市（演示地址）",
      .postcode = "467500",
      .office_hours = "工作日 上午 8:00—12:00，下午 15:00—18:00（法定节假日除外）",
      .phone = "0375-0000021",
      .email = "gongkai-czj@example.com"}},
    {0,
     {.level = AGENCY_DEPARTMENT,
      .name = "汝州市民政局",
      .short_name = "市民政局",
      .uscc = "11410482MB10000457",
      .address = "河南省汝州市（演示地址）",
      .postcode = "467500",
      .office_hours = "工作日 上午 8:00—12:00，下午 15:00—18:00（法定节假日除外）",
      .phone = "0375-0000031",
      .email = "gongkai-mzj@example.com"}},
};
#define DEMO_AGENCIES (sizeof demo_agencies / sizeof demo_agencies[0])

/* One account per role; agency is an index into demo_agencies. */
static const struct {
	const char *name, *display_name;
	unsigned roles;
	int agency;
} demo_users[DEMO_ACCOUNTS] = {
    {"admin", "演示管理员", ROLE_ADMIN, 0},
    {"editor", "演示编辑（钟楼街道）", ROLE_EDITOR, 1},
    {"reviewer", "演示保密审查员（钟楼街道）", ROLE_REVIEWER, 1},
    {"handler", "演示申请办理员（钟楼街道）", ROLE_HANDLER, 1},
    {"leader", "演示审批领导（钟楼街道）", ROLE_LEADER, 1},
    {"supervisor", "演示公开办督查（市政府办公室）", ROLE_SUPERVISOR, 0},
};

/* The portal of the demo serves the 街道办事处 (the seed report's agency), whose records fill it. */
#define DEMO_SITE_AGENCY 1

/* Inserts the agencies; ids[] receives their database ids. */
static int demo_agencies_add(struct db *w, int64_t now, int64_t ids[DEMO_AGENCIES], char *err, size_t errlen)
{
	for (size_t i = 0; i < DEMO_AGENCIES; i++) {
		struct agency a = demo_agencies[i].a;
		a.parent_id = demo_agencies[i].parent < 0 ? 0 : ids[demo_agencies[i].parent];
		ids[i] = agency_add_at(w, &a, now, err, errlen);
		if (ids[i] < 0 || audit_append(w, 0, ids[i], "agency.add", "agency", ids[i], a.name, NULL, now) < 0)
			return -1;
	}
	return 0;
}

static int demo_users_add(struct db *w, int64_t now, const int64_t agency_ids[DEMO_AGENCIES],
			  struct demo_account accounts[DEMO_ACCOUNTS], char hashes[][PASSWORD_HASH_MAX], char *err,
			  size_t errlen)
{
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *acc = &accounts[i];
		acc->agency_id = agency_ids[demo_users[i].agency];
		int64_t id = user_add(w, acc->agency_id, acc->name, demo_users[i].display_name, acc->roles, hashes[i],
				      now, err, errlen);
		if (id < 0 || audit_append(w, 0, acc->agency_id, "user.add", "user", id, acc->name, NULL, now) < 0)
			return -1;
	}
	return 0;
}

struct demo_job {
	int64_t now;
	struct demo_account *accounts;
	char (*hashes)[PASSWORD_HASH_MAX];
};

/* Agencies, accounts and the portal's agency, into a database without agencies. */
static enum outcome_code demo_write(struct db *w, void *ctx, struct outcome *out)
{
	struct demo_job *j = ctx;
	char err[512] = "";
	int64_t ids[DEMO_AGENCIES] = {0};
	int64_t existing = agency_count(w);
	if (existing != 0)
		return outcome_fail(out, existing > 0 ? OUTCOME_CONFLICT : OUTCOME_STORAGE, NULL, "%s",
				    existing > 0 ? "数据库中已有机关，演示数据只能载入空数据库" : "读取机关失败");
	if (demo_agencies_add(w, j->now, ids, err, sizeof err) == 0 &&
	    demo_users_add(w, j->now, ids, j->accounts, j->hashes, err, sizeof err) == 0 &&
	    agency_set_site(w, ids[DEMO_SITE_AGENCY], 0, j->now, err, sizeof err) == 0)
		return OUTCOME_OK;
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "%s", err[0] ? err : "写入演示数据失败");
}

int demo_load(struct store *store, int64_t now, struct demo_account accounts[DEMO_ACCOUNTS], char *err, size_t errlen)
{
	char hashes[DEMO_ACCOUNTS][PASSWORD_HASH_MAX];
	memset(accounts, 0, DEMO_ACCOUNTS * sizeof *accounts);
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) { /* hash before taking the writer */
		snprintf(accounts[i].name, sizeof accounts[i].name, "%s", demo_users[i].name);
		snprintf(accounts[i].agency_name, sizeof accounts[i].agency_name, "%s",
			 demo_agencies[demo_users[i].agency].a.name);
		accounts[i].roles = demo_users[i].roles;
		password_generate(accounts[i].password, 17);
		if (password_hash(accounts[i].password, hashes[i]) < 0) {
			snprintf(err, errlen, "密码哈希失败（内存不足？）");
			return -1;
		}
	}
	struct demo_job job = {now, accounts, hashes};
	struct outcome out;
	if (store_write(store, demo_write, &job, &out) != OUTCOME_OK) {
		snprintf(err, errlen, "%s", out.message);
		return -1;
	}
	return 0;
}
