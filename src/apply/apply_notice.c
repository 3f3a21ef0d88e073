/* apply_notice.c — 补正 and 延长答复期限 as the 条例 requires them, on top of the deadline engine:
 * - 第三十条: a 补正告知 states what is to be corrected (the event's note) and a reasonable period
 *   (its workdays); the applicant is told both, with the last day computed on the calendar.
 * - 第三十三条第二款: an extension must be decided within the time limit — so it is refused after the
 *   reply deadline has passed and while the clock is stopped (补正, 征求意见, 缴费: there is no
 *   running limit to extend) —, approved by the head of the 政府信息公开工作机构 (the approver's name
 *   is required and kept) and told to the applicant (a 延长答复期限告知书 naming the new deadline).
 * The engine alone only warns about a late extension (it must still read old timelines); recording a
 * new one goes through apply_extension_check. The notices are generated when the event is recorded,
 * in its write transaction (apply_events.c), and frozen in application_notice (migration 022). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/agency.h"
#include "util/buf.h"

#define APPROVER_MAX 90 /* bytes: about 30 汉字 */

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

void apply_notice_check_fields(const struct apply_event_input *in, struct apply_errors *errs)
{
	const char *type = in->type ? in->type : "";
	if (strcmp(type, "request_correction") == 0) {
		if (blank(in->note))
			apply_error_add(errs, "note", "补正告知须写明需要补正的事项（条例第三十条）。");
		if (in->workdays == 0)
			apply_error_add(errs, "workdays",
					"补正告知须给出合理的补正期限（工作日数，一般不超过 15 个工作日）。");
	}
	if (strcmp(type, "extend") == 0) {
		if (blank(in->approver))
			apply_error_add(errs, "approver",
					"延长答复期限须经政府信息公开工作机构负责人同意：请填写批准人姓名（条例第三十三"
					"条第二款）。");
		else if (strlen(in->approver) > APPROVER_MAX)
			apply_error_add(errs, "approver", "批准人姓名过长（最多约 30 个汉字）。");
	}
	if (in->correction_text && strlen(in->correction_text) > APPLY_CORRECTION_TEXT_MAX)
		apply_error_add(errs, "text", "补正内容过长（最多约 1300 个汉字）。");
	if (in->nfiles > APPLY_FILES_MAX)
		apply_error_add(errs, "files", "附件：一次最多上传 %d 个文件。", APPLY_FILES_MAX);
	if (in->nfiles && !in->correction_text)
		apply_error_add(errs, "files", "附件只能随申请人在线提交的补正一并提交。");
}

/* The clock of the timeline (without the new event) on `day`. Returns 0 or -1. */
static int clock_on(const struct calendar *cal, const struct application *a, const struct apply_event *events, size_t n,
		    int day, struct deadline_result *r)
{
	struct deadline_problems probs = {0};
	int rc = apply_deadline(cal, a, events, n, day, r, &probs);
	deadline_problems_free(&probs);
	return rc;
}

static const char *pause_reason(enum deadline_state s)
{
	switch (s) {
	case STATE_AWAITING_CORRECTION:
		return "正在等待申请人补正，答复期限尚未重新起算";
	case STATE_CONSULTING:
		return "正在征求意见，征求意见的时间不计入答复期限";
	case STATE_AWAITING_FEE:
		return "正在等待申请人缴纳信息处理费，答复期限暂停计算";
	default:
		return "答复期限暂停计算";
	}
}

enum apply_status apply_extension_check(const struct calendar *cal, const struct application *a,
					const struct apply_event *events, size_t n, int day, struct apply_errors *errs)
{
	struct deadline_result r;
	if (clock_on(cal, a, events, n, day, &r) != 0) {
		deadline_result_free(&r);
		return APPLY_OK; /* the timeline check names the fault */
	}
	enum apply_status st = APPLY_OK;
	char iso[CAL_ISO_SIZE];
	if (r.paused || r.state == STATE_AWAITING_CORRECTION || r.state == STATE_CONSULTING ||
	    r.state == STATE_AWAITING_FEE) {
		snprintf(errs->reason, sizeof errs->reason,
			 "%s，不能延长答复期限：延长须在答复期限计算期间决定（条例第三十三条第二款）。",
			 pause_reason(r.state));
		st = APPLY_REFUSED;
	} else if (r.due_on != CAL_NO_DAY && day > r.due_on) {
		snprintf(errs->reason, sizeof errs->reason,
			 "答复期限已于 %s 届满，不能再延长：延长答复期限须在期限届满前经工作机构负责人同意并告知申请人"
			 "（条例第三十三条第二款）。请尽快答复。",
			 cal_format_iso(r.due_on, iso));
		st = APPLY_REFUSED;
	}
	deadline_result_free(&r);
	return st;
}

static void put_day(struct buf *b, int day)
{
	char zh[CAL_ZH_SIZE];
	buf_puts(b, day == CAL_NO_DAY ? "    年  月  日" : cal_format_zh(day, zh));
}

/* Writes the heading, salutation and the receipt sentence shared by both notices. */
static void notice_opening(struct buf *b, const char *agency, const char *title, const struct application *a,
			   int received_on)
{
	buf_printf(b, "%s\n%s\n\n%s：\n\n    本机关于", agency, title, a->name);
	put_day(b, received_on);
	buf_printf(b, "收到您提出的政府信息公开申请（申请编号：%s）。", a->tracking_no);
}

static void notice_closing(struct buf *b, const char *agency, int day)
{
	buf_printf(b, "\n\n%40s%s\n%40s", "", agency, "");
	put_day(b, day);
	buf_puts(b, "\n");
}

char *apply_notice_text(const char *kind, const char *agency, const struct application *a, int received_on,
			const struct apply_event *ev, int due_on)
{
	struct buf b = {0};
	if (strcmp(kind, "correction") == 0) {
		notice_opening(&b, agency, "政府信息公开申请补正告知书", a, received_on);
		buf_printf(&b, "经审查，您的申请需要补正以下事项：\n\n    %s\n\n    请您于", ev->note);
		put_day(&b, due_on);
		buf_puts(&b, "前补正。您可以在本网站“申请查询”页面输入申请编号和查询码后在线提交补正内容，"
			     "也可以书面补正。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，"
			     "视为放弃申请，本机关不再处理该政府信息公开申请（《中华人民共和国政府信息公开条例》"
			     "第三十条）。");
	} else {
		notice_opening(&b, agency, "延长答复期限告知书", a, received_on);
		buf_printf(&b,
			   "因%s，不能在规定期限内答复。经本机关政府信息公开工作机构负责人同意，根据"
			   "《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长 %d 个工作日，"
			   "本机关将于",
			   blank(ev->note) ? "所申请公开的信息需要进一步检索、研判" : ev->note, ev->workdays);
		put_day(&b, due_on);
		buf_puts(&b, "前答复您。");
	}
	notice_closing(&b, agency, ev->day);
	return buf_take(&b);
}

/* The clock with the new event on its day: *r (free it with deadline_result_free). Returns 0 or -1. */
static int clock_with(const struct calendar *cal, const struct application *a, const struct apply_event *events,
		      size_t n, const struct apply_event *ev, struct deadline_result *r)
{
	struct apply_event *all = xmalloc((n + 1) * sizeof *all);
	if (n)
		memcpy(all, events, n * sizeof *all);
	all[n] = *ev;
	int rc = clock_on(cal, a, all, n + 1, ev->day, r);
	free(all);
	return rc;
}

static int notice_insert(struct db *w, const struct application *a, const struct apply_event *ev, const char *kind,
			 const char *approver, int due_on, const char *body)
{
	char iso[CAL_ISO_SIZE];
	struct db_stmt *st =
	    db_prepare(w, "INSERT INTO application_notice (application_id, event_seq, kind, approver, due_on, body, "
			  "created_at) VALUES (:app, :seq, :kind, :approver, :due, :body, :now)");
	db_bind_int(st, ":app", a->id);
	db_bind_int(st, ":seq", ev->seq);
	db_bind_text(st, ":kind", kind);
	db_bind_text(st, ":approver", approver ? approver : "");
	db_bind_text(st, ":due", due_on == CAL_NO_DAY ? "" : cal_format_iso(due_on, iso));
	db_bind_text(st, ":body", body);
	db_bind_int(st, ":now", ev->created_at);
	return db_step(st) == 0 ? 0 : -1;
}

int apply_notice_record(struct db *w, const struct calendar *cal, const struct application *a,
			const struct apply_event *events, size_t n, const struct apply_event *ev,
			const struct apply_event_input *in)
{
	if (strcmp(ev->type, "correction_received") == 0 && in->correction_text)
		return notice_insert(w, a, ev, "correction_reply", NULL, CAL_NO_DAY, in->correction_text) == 0 &&
			       apply_files_record(w, a->id, ev->seq, in->files, in->nfiles, ev->created_at) == 0
			   ? 0
			   : -1;
	bool correction = strcmp(ev->type, "request_correction") == 0;
	bool fee = strcmp(ev->type, "fee_notice") == 0;
	if (!correction && !fee && strcmp(ev->type, "extend") != 0)
		return 0;
	struct deadline_result r;
	int rc = clock_with(cal, a, events, n, ev, &r);
	if (rc == 0 && fee)
		rc = apply_notify_event(w, a, ev, NULL, r.fee_pay_by);
	if (rc != 0 || fee) {
		deadline_result_free(&r);
		return rc;
	}
	int due_on = correction ? r.correction_by : r.due_on;
	struct agency ag;
	const char *agency = agency_get(w, a->agency_id, &ag) == 1 ? ag.name : "";
	const char *kind = correction ? "correction" : "extension";
	char *body = apply_notice_text(kind, agency, a, r.received_on, ev, due_on);
	deadline_result_free(&r);
	rc = notice_insert(w, a, ev, kind, correction ? NULL : in->approver, due_on, body);
	if (rc == 0)
		rc = apply_notify_event(w, a, ev, body, CAL_NO_DAY);
	free(body);
	return rc;
}

/* ---- the applicant's online 补正 ---- */

static bool is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*len = 1;
		return true;
	}
	if (strncmp(s, "\xe3\x80\x80", 3) == 0) { /* U+3000 全角空格 */
		*len = 3;
		return true;
	}
	return false;
}

void apply_normalize_key(const char *in, char *out, size_t size)
{
	size_t len, o = 0;
	if (!in)
		in = "";
	while (*in && is_space_at(in, &len))
		in += len;
	size_t end = 0; /* just past the last byte that is not a space */
	for (size_t i = 0; in[i];) {
		if (is_space_at(in + i, &len)) {
			i += len;
		} else {
			i++;
			end = i;
		}
	}
	for (size_t i = 0; i < end && o + 1 < size; i++)
		out[o++] = (in[i] >= 'a' && in[i] <= 'z') ? (char)(in[i] - 'a' + 'A') : in[i];
	out[o] = '\0';
}

bool apply_applicant_may(const struct actor *actor, const struct application *a, const struct apply_event_input *in)
{
	return actor && actor->user_id == 0 && actor->roles == APPLY_ROLE_APPLICANT &&
	       actor->agency_id == a->agency_id && in->type && strcmp(in->type, "correction_received") == 0 &&
	       in->correction_text;
}

/* Whether the application waits for a correction on today. Returns 1 yes, 0 no (reason set), -1. */
static int correction_pending(struct db *db, const struct calendar *cal, const struct application *a, int today,
			      struct apply_errors *errs)
{
	struct apply_event *events;
	size_t n;
	if (apply_events(db, a->id, &events, &n) != 0)
		return -1;
	struct deadline_result r;
	int rc = clock_on(cal, a, events, n, today, &r) == 0 ? 1 : -1;
	free(events);
	if (rc == 1 && r.state != STATE_AWAITING_CORRECTION) {
		snprintf(errs->reason, sizeof errs->reason, "%s",
			 r.state == STATE_ABANDONED ? "补正期限已过，申请视为放弃，不能再在线补正。"
						    : "本申请目前没有需要补正的事项。");
		rc = 0;
	}
	deadline_result_free(&r);
	return rc;
}

enum apply_status apply_correction_online(struct store *store, const struct calendar *cal, const char *tracking_no,
					  const char *code, const char *text, const struct attach_upload *files,
					  size_t nfiles, const char *ip, int today, int64_t now,
					  struct apply_errors *errs)
{
	char no[APPLY_TRACKING_SIZE], key[APPLY_CODE_LEN + 8];
	apply_normalize_key(tracking_no, no, sizeof no);
	apply_normalize_key(code, key, sizeof key);
	struct application a;
	int rc = apply_get_public(store_reader(store), no, key, &a);
	if (rc != 1)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (blank(text))
		apply_error_add(errs, "text", "请填写补正内容。");
	else if (strlen(text) > APPLY_CORRECTION_TEXT_MAX)
		apply_error_add(errs, "text", "补正内容过长（最多约 1300 个汉字），请精简或书面补正。");
	if (errs->n)
		return APPLY_INVALID;
	rc = correction_pending(store_reader(store), cal, &a, today, errs);
	if (rc != 1)
		return rc < 0 ? APPLY_ERROR : APPLY_REFUSED;
	char date[CAL_ISO_SIZE];
	/* The applicant acts on the agency's application: recorded as the public (user 0). */
	struct actor actor = {.agency_id = a.agency_id, .roles = APPLY_ROLE_APPLICANT, .ip = ip};
	struct apply_event_input in = {.type = "correction_received",
				       .date = cal_format_iso(today, date),
				       .note = "申请人在线提交补正",
				       .correction_text = text,
				       .files = files,
				       .nfiles = nfiles};
	return apply_add_event(store, cal, no, &actor, &in, today, now, errs);
}

int apply_notices(struct db *db, int64_t application_id, struct apply_notice **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT n.event_seq, n.kind, n.approver, n.due_on, n.body, e.note, e.day FROM application_notice n "
		"JOIN application_event e ON e.application_id = n.application_id AND e.seq = n.event_seq "
		"WHERE n.application_id = :app ORDER BY n.event_seq");
	if (!st)
		return -1;
	db_bind_int(st, ":app", application_id);
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		struct apply_notice *v = &(*out)[(*n)++];
		memset(v, 0, sizeof *v);
		v->event_seq = (int)db_column_int(st, 0);
		db_column_copy(st, 1, v->kind, sizeof v->kind);
		db_column_copy(st, 2, v->approver, sizeof v->approver);
		v->due_on = apply_day_of(db_column_text(st, 3));
		v->body = db_column_dup(st, 4);
		db_column_copy(st, 5, v->note, sizeof v->note);
		v->day = apply_day_of(db_column_text(st, 6));
	}
	if (rc < 0) {
		apply_notices_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void apply_notices_free(struct apply_notice *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].body);
	free(v);
}

const struct apply_notice *apply_pending_correction(const struct apply_notice *v, size_t n,
						    const struct deadline_result *r)
{
	if (r->state != STATE_AWAITING_CORRECTION)
		return NULL;
	for (size_t i = n; i-- > 0;)
		if (strcmp(v[i].kind, "correction") == 0)
			return &v[i];
	return NULL;
}
