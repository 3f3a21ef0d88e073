/* cases.c — the register of 行政复议 / 行政诉讼 cases about the agency's disclosure work, and how
 * table 四 counts them (annual.h: a case counts in its filing year under its result at 31 December,
 * and again in the year it is decided when that is later; C2: co-defendant cases are not counted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "apply/apply.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "util/buf.h"

static const char *const kind_names[CASE_BLOCK_COUNT] = {"reconsideration", "litigation_direct", "litigation_after"};
static const char *const result_names[CASE_TOTAL] = {"upheld", "corrected", "other", "pending"};

const char *annual_case_kind_name(int kind)
{
	return kind >= 0 && kind < CASE_BLOCK_COUNT ? kind_names[kind] : NULL;
}

int annual_case_kind_from_name(const char *name)
{
	return annual_name_index(kind_names, CASE_BLOCK_COUNT, name);
}

const char *annual_case_result_name(int result)
{
	return result >= 0 && result < CASE_TOTAL ? result_names[result] : NULL;
}

int annual_case_result_from_name(const char *name)
{
	return annual_name_index(result_names, CASE_TOTAL, name);
}

#define CASE_ROLES (ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN)

/* The linked application must belong to the agency. Returns 1 yes, 0 no, -1 error. */
static int application_of_agency(struct db *w, int64_t application_id, int64_t agency_id)
{
	int64_t owner = 0;
	int rc = apply_agency_and_number(w, application_id, &owner, NULL);
	return rc < 0 ? -1 : rc == 1 && owner == agency_id;
}

/* Checks the result and its date against filed_on. Returns 0 or -1 (err). */
static int check_result(const char *result, const char *result_on, int filed_on, int today, int *result_out,
			int *result_day, char *err, size_t errsize)
{
	*result_out = result && *result ? annual_case_result_from_name(result) : CASE_PENDING;
	*result_day = CAL_NO_DAY;
	if (*result_out < 0)
		return annual_fail(err, errsize,
				   "审理结果 应为 upheld（结果维持）、corrected（结果纠正）、other（其他结果）"
				   "或 pending（尚未审结）");
	if (*result_out == CASE_PENDING)
		return 0;
	if (annual_parse_day("结果日期", result_on, today, result_day, err, errsize) < 0)
		return -1;
	if (*result_day < filed_on)
		return annual_fail(err, errsize, "结果日期 不能早于立案（申请）日期");
	return 0;
}

/* Validates the input; fills the parsed values. Returns 0 or -1 (err). */
static int check_case(struct db *w, int64_t agency_id, const struct annual_case_input *in, int today, int *kind,
		      bool *co_defendant, int *filed_on, int *result, int *result_on, char *err, size_t errsize)
{
	*kind = in->kind ? annual_case_kind_from_name(in->kind) : -1;
	if (*kind < 0)
		return annual_fail(err, errsize,
				   "案件类型 应为 reconsideration（行政复议）、litigation_direct（行政诉讼，"
				   "未经复议直接起诉）或 litigation_after（行政诉讼，复议后起诉）");
	*co_defendant = in->role && strcmp(in->role, "co_defendant") == 0;
	if (in->role && *in->role && !*co_defendant && strcmp(in->role, "original") != 0)
		return annual_fail(err, errsize,
				   "本机关地位 应为 original（原行为主体）或 co_defendant（作为复议机关的共同被告）");
	if (*co_defendant && *kind != CASE_LITIGATION_AFTER)
		return annual_fail(err, errsize, "只有复议后起诉的行政诉讼才可能以复议机关身份作为共同被告");
	if (annual_parse_day("立案（申请）日期", in->filed_on, today, filed_on, err, errsize) < 0)
		return -1;
	if (check_result(in->result, in->result_on, *filed_on, today, result, result_on, err, errsize) < 0)
		return -1;
	if (in->case_no && strlen(in->case_no) >= 128)
		return annual_fail(err, errsize, "案号 过长（最多 127 字节）");
	if (in->notes && strlen(in->notes) >= 1024)
		return annual_fail(err, errsize, "备注 过长（最多 1023 字节）");
	if (in->application_id != 0) {
		int ok = application_of_agency(w, in->application_id, agency_id);
		if (ok < 0)
			return -2;
		if (ok == 0)
			return annual_fail(err, errsize, "关联申请 %lld 不存在或不属于本机关",
					   (long long)in->application_id);
	}
	return 0;
}

static int64_t insert_case(struct db *w, int64_t agency_id, const struct annual_case_input *in, int kind,
			   bool co_defendant, int filed_on, int result, int result_on, int64_t user_id, int64_t now)
{
	char filed[CAL_ISO_SIZE], decided[CAL_ISO_SIZE] = "";
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO annual_case (agency_id, kind, role, case_no, filed_on, result, result_on, application_id, "
	    "notes, created_by, created_at, updated_by, updated_at) VALUES (:agency, :kind, :role, :case_no, :filed, "
	    ":result, :result_on, :app, :notes, :user, :now, :user, :now) RETURNING id");
	if (!st)
		return -1;
	if (result_on != CAL_NO_DAY)
		cal_format_iso(result_on, decided);
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":kind", kind_names[kind]);
	db_bind_text(st, ":role", co_defendant ? "co_defendant" : "original");
	db_bind_text(st, ":case_no", in->case_no ? in->case_no : "");
	db_bind_text(st, ":filed", cal_format_iso(filed_on, filed));
	db_bind_text(st, ":result", result_names[result]);
	db_bind_text(st, ":result_on", decided);
	if (in->application_id)
		db_bind_int(st, ":app", in->application_id);
	else
		db_bind_null(st, ":app");
	db_bind_text(st, ":notes", in->notes ? in->notes : "");
	db_bind_int(st, ":user", user_id);
	db_bind_int(st, ":now", now);
	int64_t id = 0;
	return db_step_int(st, &id) == 1 ? id : -1;
}

int64_t annual_case_add(struct db *w, const struct actor *actor, int64_t agency_id, const struct annual_case_input *in,
			int today, int64_t now, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, CASE_ROLES))
		return annual_fail(err, errsize, "只有本机关的申请办理员、审批领导或管理员可以登记复议诉讼案件") + 1;
	int kind = 0, result = CASE_PENDING, result_on = CAL_NO_DAY, filed_on = CAL_NO_DAY;
	bool co_defendant = false;
	int rc =
	    check_case(w, agency_id, in, today, &kind, &co_defendant, &filed_on, &result, &result_on, err, errsize);
	if (rc == -2)
		return -1;
	if (rc < 0)
		return 0;
	int64_t id =
	    insert_case(w, agency_id, in, kind, co_defendant, filed_on, result, result_on, actor->user_id, now);
	if (id <= 0)
		return -1;
	char detail[256];
	snprintf(detail, sizeof detail, "%s %s %s%s", kind_names[kind], in->filed_on, result_names[result],
		 co_defendant ? " co_defendant" : "");
	if (audit_append(w, actor->user_id, agency_id, "annual.case_add", "annual_case", id, detail, actor->ip, now) <
	    0)
		return -1;
	return id;
}

/* Loads agency and filing day of a case. Returns 1, 0 not found, -1 error. */
static int case_head(struct db *w, int64_t id, int64_t *agency_id, int *filed_on)
{
	struct db_stmt *st = db_prepare(w, "SELECT agency_id, filed_on FROM annual_case WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc == 1) {
		*agency_id = db_column_int(st, 0);
		const char *iso = db_column_text(st, 1);
		if (!iso || cal_parse_iso(iso, strlen(iso), filed_on) < 0)
			*filed_on = CAL_NO_DAY;
		db_reset(st);
	}
	return rc;
}

int annual_case_set_result(struct db *w, const struct actor *actor, int64_t id, const char *result,
			   const char *result_on, int today, int64_t now, char *err, size_t errsize)
{
	int64_t agency_id = 0;
	int filed_on = CAL_NO_DAY, res = CASE_PENDING, day = CAL_NO_DAY;
	int rc = case_head(w, id, &agency_id, &filed_on);
	if (rc <= 0)
		return rc < 0 ? -1 : annual_fail(err, errsize, "案件 %lld 不存在", (long long)id) + 1;
	if (!annual_actor_may(actor, agency_id, CASE_ROLES))
		return annual_fail(err, errsize, "只有本机关的申请办理员、审批领导或管理员可以登记审理结果") + 1;
	if (check_result(result, result_on, filed_on, today, &res, &day, err, errsize) < 0)
		return 0;
	char iso[CAL_ISO_SIZE] = "";
	if (day != CAL_NO_DAY)
		cal_format_iso(day, iso);
	struct db_stmt *st =
	    db_prepare(w, "UPDATE annual_case SET result = :result, result_on = :day, updated_by = :user, "
			  "updated_at = :now WHERE id = :id");
	if (!st)
		return -1;
	db_bind_text(st, ":result", result_names[res]);
	db_bind_text(st, ":day", iso);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", id);
	if (db_step(st) != 0)
		return -1;
	char detail[64];
	snprintf(detail, sizeof detail, "%s %s", result_names[res], iso);
	return audit_append(w, actor->user_id, agency_id, "annual.case_result", "annual_case", id, detail, actor->ip,
			    now) < 0
		   ? -1
		   : 1;
}

/* The filter of the cases table 四 of a year counts (see annual_cases_count). */
#define YEAR_CASES                                                                                                     \
	"c.agency_id = :agency AND c.role = 'original' AND ((c.filed_on >= :start AND c.filed_on <= :end) OR "         \
	"(c.filed_on < :start AND c.result_on >= :start AND c.result_on <= :end)) "
/* The column a case falls in for the year: its result when decided by 31 December, else pending. */
#define YEAR_RESULT                                                                                                    \
	"CASE WHEN c.result <> 'pending' AND c.result_on <> '' AND c.result_on <= :end THEN c.result ELSE 'pending' "  \
	"END"

int annual_cases_count(struct db *db, int64_t agency_id, int year, struct rcell cells[CASE_BLOCK_COUNT][CASE_COL_COUNT])
{
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			cells[b][c] = rcell_of(0);
	struct db_stmt *st = db_prepare(db, "SELECT c.kind, " YEAR_RESULT
					    ", count(*) FROM annual_case c WHERE " YEAR_CASES "GROUP BY 1, 2");
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	int rc;
	while ((rc = db_step(st)) == 1) {
		int kind = annual_case_kind_from_name(db_column_text(st, 0));
		int result = annual_case_result_from_name(db_column_text(st, 1));
		int64_t n = db_column_int(st, 2);
		if (kind < 0 || result < 0)
			continue;
		cells[kind][result].value += n;
		cells[kind][CASE_TOTAL].value += n;
	}
	return rc < 0 ? -1 : 0;
}

static void read_case(struct db_stmt *st, struct annual_case *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_column_int(st, 0);
	c->agency_id = db_column_int(st, 1);
	c->kind = annual_case_kind_from_name(db_column_text(st, 2));
	c->co_defendant = strcmp(db_column_text(st, 3), "co_defendant") == 0;
	db_column_copy(st, 4, c->case_no, sizeof c->case_no);
	c->filed_on = annual_day_of(db_column_text(st, 5));
	c->result = annual_case_result_from_name(db_column_text(st, 6));
	c->result_on = annual_day_of(db_column_text(st, 7));
	c->application_id = db_column_int(st, 8);
	db_column_copy(st, 9, c->notes, sizeof c->notes);
	db_column_copy(st, 10, c->tracking_no, sizeof c->tracking_no);
}

/* Reads the cases of st, then the tracking numbers of their applications (through the apply module:
 * a feature reads another's data through its functions). */
static int collect_cases(struct db *db, struct db_stmt *st, struct annual_case **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		read_case(st, &(*out)[(*n)++]);
	}
	for (size_t i = 0; rc == 0 && i < *n; i++)
		if ((*out)[i].application_id > 0 &&
		    apply_agency_and_number(db, (*out)[i].application_id, NULL, (*out)[i].tracking_no) < 0)
			rc = -1;
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int annual_case_list(struct db *db, int64_t agency_id, int year, struct annual_case **out, size_t *n)
{
	struct db_stmt *st;
	if (year == 0) {
		st = db_prepare(
		    db, "SELECT c.id, c.agency_id, c.kind, c.role, c.case_no, c.filed_on, c.result, c.result_on, "
			"coalesce(c.application_id, 0), c.notes, '' FROM annual_case c WHERE c.agency_id = :agency "
			"ORDER BY c.filed_on, c.id");
		if (st)
			db_bind_int(st, ":agency", agency_id);
	} else {
		st = db_prepare(
		    db, "SELECT c.id, c.agency_id, c.kind, c.role, c.case_no, c.filed_on, " YEAR_RESULT
			", c.result_on, coalesce(c.application_id, 0), c.notes, '' FROM annual_case c WHERE " YEAR_CASES
			"ORDER BY c.filed_on, c.id");
		if (st)
			db_bind_agency_year(st, agency_id, year);
	}
	if (!st)
		return -1;
	return collect_cases(db, st, out, n);
}

int annual_cases_of_application(struct db *db, int64_t application_id, struct annual_case **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT c.id, c.agency_id, c.kind, c.role, c.case_no, c.filed_on, c.result, "
			   "c.result_on, coalesce(c.application_id, 0), c.notes, '' FROM annual_case c "
			   "WHERE c.application_id = :app ORDER BY c.filed_on, c.id");
	if (!st)
		return -1;
	db_bind_int(st, ":app", application_id);
	return collect_cases(db, st, out, n);
}
