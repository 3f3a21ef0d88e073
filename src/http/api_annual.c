/* api_annual.c — GET /api/v1/reports/{agency_id}/{year}[?format=json|txt|md|html|xlsx|pdf][&draft=1]
 * (docs/annual.md): the report in force on the portal (the newest published version, else an imported
 * one), as canonical JSON by default ("gongkai-annual-report/1", byte-identical to what was frozen) or
 * in an export format. Staff of the agency (bearer token) get the draft built now from the records when
 * nothing is published yet, or when they ask for it with draft=1. X-Report-Status says which one it is
 * (published, imported, draft) and X-Report-Version the version number. Everyone else gets 404 for a
 * report that is not published. */
#include <stdlib.h>
#include <string.h>

#include "http/page_annual.h"
#include "report/report_json.h"

#define REPORTS_PREFIX "/api/v1/reports/"

/* Parses "{agency_id}/{year}" after the prefix. Returns 0 or -1. */
static int parse_report_path(const char *path, int64_t *agency_id, int *year)
{
	const char *p = path + strlen(REPORTS_PREFIX);
	char *end = NULL;
	if (*p < '1' || *p > '9')
		return -1;
	long long id = strtoll(p, &end, 10);
	if (id <= 0 || *end != '/')
		return -1;
	*agency_id = id;
	*year = annual_http_year(end + 1);
	return *year ? 0 : -1;
}

static int send_draft(struct req *r, int64_t agency_id, int year, const char *format)
{
	struct annual_env env = annual_http_env(r);
	struct report rep;
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	int status;
	if (annual_build(req_reader(r), &env, agency_id, year, &rep, &f, err, sizeof err) < 0) {
		status = req_error(r, 422, err);
	} else {
		req_add_header(r, "X-Report-Status", "draft");
		status = annual_http_send(
		    r, &rep, 0, format,
		    arena_printf(&r->arena, "annual-report-%lld-%d-draft", (long long)agency_id, year));
	}
	report_free(&rep);
	findings_free(&f);
	return status;
}

/* The frozen canonical JSON of a version, exactly as stored. */
static int send_frozen_json(struct req *r, int64_t report_id)
{
	char *json = annual_version_json(req_reader(r), report_id);
	if (!json)
		return req_error(r, 500, NULL);
	r->content_type = annual_format_mime("json");
	buf_puts(&r->page.out, json); /* canonical JSON from report_to_json: no markup is interpreted */
	free(json);
	return 200;
}

static int send_version(struct req *r, const struct annual_version *v, const char *format)
{
	req_add_header(r, "X-Report-Status", annual_status_name(v->status));
	req_add_header(r, "X-Report-Version", arena_printf(&r->arena, "%d", v->version));
	if (strcmp(format, "json") == 0)
		return send_frozen_json(r, v->id);
	struct report rep;
	int status = annual_version_report(req_reader(r), v->id, &rep) < 0
			 ? req_error(r, 500, "年度报告数据无法读取。")
			 : annual_http_send(r, &rep, v->id, format,
					    arena_printf(&r->arena, "annual-report-%lld-%d-v%d",
							 (long long)v->agency_id, v->year, v->version));
	report_free(&rep);
	return status;
}

int api_annual_report(struct req *r)
{
	int64_t agency_id;
	int year;
	if (parse_report_path(r->path, &agency_id, &year) < 0)
		return req_error(r, 404, "路径应为 /api/v1/reports/{机关编号}/{年度}。");
	const char *format = req_query(r, "format");
	if (!format || !*format)
		format = "json";
	if (!annual_format_known(format))
		return req_error(r, 400, "format：可用 json、txt、md、html、xlsx、pdf。");
	bool staff = r->logged_in && r->user.agency_id == agency_id;
	const char *draft = req_query(r, "draft");
	if (draft && strcmp(draft, "1") == 0) {
		if (!staff)
			return req_error(r, 404, "没有这份年度报告，或尚未发布。");
		return send_draft(r, agency_id, year, format);
	}
	struct annual_version v;
	int rc = annual_version_public(req_reader(r), agency_id, year, 0, &v);
	if (rc < 0)
		return req_error(r, 500, NULL);
	if (rc == 1)
		return send_version(r, &v, format);
	if (staff)
		return send_draft(r, agency_id, year, format);
	return req_error(r, 404, "没有这份年度报告，或尚未发布。");
}
