/* collect_demo.c — the 年报 collection of the demo (`gongkai init --demo`, collect_demo.h): 汝州市人民政府
 * gets 17 more agencies below it, so that its collection of 2025 shows every kind of agency a 公开办
 * deals with: on the platform with records (钟楼街道, from annual_demo_load), with a report published
 * on time and one published late, without any record; external ones whose reports were received,
 * ten whose files are waiting in data/demo-reports/upload/ to be uploaded in one batch (two with the
 * arithmetic errors their real models published, one titled without "汝州市"), and one never received.
 * The received reports are the embedded text files of data/demo-reports/received/, read by the real reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "calendar/calendar.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "supervise/collect_demo.h"
#include "util/china_time.h"
#include "util/embedded.h"

#define DEMO_PARENT "汝州市人民政府"

struct demo_agency {
	const char *name, *short_name;
	enum agency_level level;
	bool external;
	const char *report; /* embedded file received or published, NULL when none */
	int month, day;	    /* when it was published / received, in 2026 */
};

static const struct demo_agency demo_agencies[] = {
    /* on the platform */
    {"汝州市教育体育局", "市教体局", AGENCY_DEPARTMENT, false, "data/demo-reports/received/jiaoti.txt", 1, 20},
    {"汝州市卫生健康委员会", "市卫健委", AGENCY_DEPARTMENT, false, "data/demo-reports/received/weijian.txt", 2, 3},
    {"汝州市司法局", "市司法局", AGENCY_DEPARTMENT, false, NULL, 0, 0},
    /* external, received */
    {"汝州市审计局", "市审计局", AGENCY_DEPARTMENT, true, "data/demo-reports/received/shenji.txt", 1, 26},
    {"汝州市文化广电和旅游局", "市文广旅局", AGENCY_DEPARTMENT, true, "data/demo-reports/received/wenlv.txt", 1, 29},
    {"汝州市交通运输局", "市交通局", AGENCY_DEPARTMENT, true, "data/demo-reports/received/jiaotong.txt", 1, 31},
    /* external, to be uploaded (data/demo-reports/upload/) */
    {"汝州市发展和改革委员会", "市发改委", AGENCY_DEPARTMENT, true, NULL, 0, 0},
    {"汝州市农业农村局", "市农业农村局", AGENCY_DEPARTMENT, true, NULL, 0, 0},
    {"汝州市商务局", "市商务局", AGENCY_DEPARTMENT, true, NULL, 0, 0},
    {"汝州市煤山街道办事处", "煤山街道", AGENCY_SUBDISTRICT, true, NULL, 0, 0},
    {"汝州市风穴路街道办事处", "风穴路街道", AGENCY_SUBDISTRICT, true, NULL, 0, 0},
    {"汝州市汝南街道办事处", "汝南街道", AGENCY_SUBDISTRICT, true, NULL, 0, 0},
    {"汝州市洗耳河街道办事处", "洗耳河街道", AGENCY_SUBDISTRICT, true, NULL, 0, 0},
    {"汝州市临汝镇人民政府", "临汝镇", AGENCY_TOWNSHIP, true, NULL, 0, 0},
    {"汝州市杨楼镇人民政府", "杨楼镇", AGENCY_TOWNSHIP, true, NULL, 0, 0},
    {"汝州市温泉镇人民政府", "温泉镇", AGENCY_TOWNSHIP, true, NULL, 0, 0},
    /* external, never received */
    {"汝州市庙下镇人民政府", "庙下镇", AGENCY_TOWNSHIP, true, NULL, 0, 0},
};
#define DEMO_COUNT (sizeof demo_agencies / sizeof demo_agencies[0])

/* The id of the demo's 市政府, 0 when absent, -1 on error. */
static int64_t parent_id(struct db *w)
{
	struct agency *all = NULL;
	size_t n = 0;
	if (agency_list(w, &all, &n) < 0)
		return -1;
	int64_t id = 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strcmp(all[i].name, DEMO_PARENT) == 0)
			id = all[i].id;
	free(all);
	return id;
}

/* Adds one agency and, when it has one, imports its report as published or received that day. */
static int add_one(struct db *w, int64_t parent, const struct demo_agency *d, int64_t now, char *err, size_t errsize)
{
	struct agency a = {.parent_id = parent, .level = d->level, .external = d->external};
	snprintf(a.name, sizeof a.name, "%s", d->name);
	snprintf(a.short_name, sizeof a.short_name, "%s", d->short_name);
	int64_t id = agency_add_at(w, &a, now, err, errsize);
	if (id < 0 || audit_append(w, 0, id, "agency.add", "agency", id, a.name, NULL, now) < 0)
		return -1;
	if (!d->report)
		return 0;
	const struct embedded_file *file = embedded_find(d->report);
	if (!file) {
		snprintf(err, errsize, "缺少演示年报 %s", d->report);
		return -1;
	}
	struct actor system = {.ip = "demo", .system = true};
	int64_t when = china_day_start(civil_day_from_date(2026, d->month, d->day)) + 10 * 3600;
	struct findings f = {0};
	int year = 0;
	int64_t rc = annual_import(w, &system, id, (const char *)file->data, file->size, d->report, when, &year, &f,
				   err, errsize);
	findings_free(&f);
	return rc > 0 ? 0 : -1;
}

struct demo_job {
	int64_t now;
	char *err;
	size_t errsize;
};

static enum outcome_code demo_write(struct db *w, void *ctx, struct outcome *out)
{
	struct demo_job *j = ctx;
	int64_t parent = parent_id(w);
	if (parent <= 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "%s",
				    parent < 0 ? "读取机关失败" : "演示数据中没有汝州市人民政府");
	for (size_t i = 0; i < DEMO_COUNT; i++)
		if (add_one(w, parent, &demo_agencies[i], j->now, j->err, j->errsize) < 0)
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "%s：%s", demo_agencies[i].name, j->err);
	return OUTCOME_OK;
}

int collect_demo_load(struct store *store, int64_t now, char *err, size_t errsize)
{
	char why[512] = "";
	struct demo_job job = {now, why, sizeof why};
	struct outcome out;
	if (store_write(store, demo_write, &job, &out) != OUTCOME_OK) {
		snprintf(err, errsize, "%s", out.message);
		return -1;
	}
	return 0;
}
