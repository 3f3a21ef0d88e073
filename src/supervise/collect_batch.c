/* collect_batch.c — receiving the published reports of agencies not on the platform in batches
 * (collect.h): every file (a zip of many is opened into its files) is read by the report reader of
 * src/report (text, HTML, PDF, DOCX), checked, compared with the year of the batch and matched to an
 * agency below the supervising one by the name in its title. An exact match is attached at once as
 * that agency's imported report of the year (annual_import_report); any other guess waits for the
 * user to confirm it (collect_confirm); a file that cannot be used is kept with the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "calendar/calendar.h"
#include "report/report_check.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "supervise/collect.h"

static const char *const file_state_names[] = {"attached", "unsure", "refused"};

const char *collect_file_state_name(int state)
{
	return state >= 0 && state <= COLLECT_FILE_REFUSED ? file_state_names[state] : NULL;
}

static int file_state_parse(const char *name)
{
	for (int i = 0; name && i <= COLLECT_FILE_REFUSED; i++)
		if (strcmp(name, file_state_names[i]) == 0)
			return i;
	return COLLECT_FILE_REFUSED;
}

void collect_batch_free(struct collect_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->files[i].readable)
			report_free(&b->files[i].report);
		findings_free(&b->files[i].findings);
	}
	free(b->files);
	*b = (struct collect_batch){0};
}

/* ---- reading ---- */

/* The active agencies below the supervising one, as match candidates (names point into *all). */
struct candidates {
	struct agency *all;
	struct collect_candidate *v;
	size_t n;
};

static int candidates_load(struct db *db, int64_t agency_id, struct candidates *c)
{
	size_t count = 0;
	if (agency_list(db, &c->all, &count) < 0)
		return -1;
	c->v = xcalloc(count ? count : 1, sizeof *c->v);
	size_t top = 0;
	while (top < count && c->all[top].id != agency_id)
		top++;
	for (size_t i = top + 1; i < count && c->all[i].depth > c->all[top].depth; i++)
		if (!c->all[i].retired_at)
			c->v[c->n++] = (struct collect_candidate){
			    .id = c->all[i].id, .name = c->all[i].name, .short_name = c->all[i].short_name};
	return top < count ? 0 : -1;
}

static void candidates_free(struct candidates *c)
{
	free(c->all);
	free(c->v);
}

static const char *candidate_name(const struct candidates *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].id == id)
			return c->v[i].name;
	return "";
}

struct reading {
	struct collect_batch *b;
	const struct candidates *cands;
	int year;
	const char *url;
	const char *prefix; /* the zip's name for files of a bundle, else NULL */
	size_t cap;
};

static struct collect_file *new_file(struct reading *rd, const char *name)
{
	struct collect_batch *b = rd->b;
	if (b->n == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 16;
		b->files = xrealloc(b->files, rd->cap * sizeof *b->files);
	}
	struct collect_file *f = &b->files[b->n];
	memset(f, 0, sizeof *f);
	f->seq = (int)++b->n;
	if (rd->prefix)
		snprintf(f->name, sizeof f->name, "%s/%s", rd->prefix, name);
	else
		snprintf(f->name, sizeof f->name, "%s", name && *name ? name : "（未命名文件）");
	snprintf(f->url, sizeof f->url, "%s", rd->url ? rd->url : "");
	f->read_state = f->state = COLLECT_FILE_REFUSED;
	return f;
}

/* Decides what becomes of a readable report: the year, then the agency. */
static void judge(struct reading *rd, struct collect_file *f)
{
	const struct report *r = &f->report;
	snprintf(f->read_agency, sizeof f->read_agency, "%s", r->agency ? r->agency : "");
	f->read_year = r->year;
	if (findings_status(&f->findings) == 2) {
		snprintf(f->message, sizeof f->message, "年报不完整（缺少表格或段落，见发现），未接收");
		return;
	}
	if (r->year < 2008) {
		snprintf(f->message, sizeof f->message, "无法从标题读出统计年度，未接收");
		return;
	}
	if (rd->year && r->year != rd->year) {
		snprintf(f->message, sizeof f->message, "这是 %d 年度的年报，不是本批次的 %d 年度，未接收", r->year,
			 rd->year);
		return;
	}
	struct collect_match m = collect_match_agency(r->agency, rd->cands->v, rd->cands->n);
	f->agency_id = m.agency_id;
	f->score = m.score;
	snprintf(f->agency_name, sizeof f->agency_name, "%s", candidate_name(rd->cands, m.agency_id));
	f->read_state = m.exact ? COLLECT_FILE_ATTACHED : COLLECT_FILE_UNSURE;
	if (!m.exact)
		snprintf(f->message, sizeof f->message, "%s",
			 m.agency_id ? "年报中的机关名称与下级机关不完全一致，请确认是哪个机关"
				     : "年报中的机关名称与任何下级机关都不相符，请选择机关");
}

static void read_one(struct reading *rd, const char *name, const char *data, size_t len)
{
	struct collect_file *f = new_file(rd, name);
	char why[384];
	if (len > REPORT_PARSE_MAX_BYTES) {
		snprintf(f->message, sizeof f->message, "文件超过 %u MiB，未读取", REPORT_PARSE_MAX_BYTES >> 20);
		return;
	}
	if (report_parse(data, len, &f->report, &f->findings, why, sizeof why) < 0) {
		report_free(&f->report);
		snprintf(f->message, sizeof f->message, "无法读取：%s", why);
		return;
	}
	f->readable = true;
	report_check(&f->report, &f->findings);
	judge(rd, f);
}

static int read_entry(const char *name, const char *data, size_t len, void *ctx)
{
	read_one(ctx, name, data, len);
	return 0;
}

int collect_read(struct db *db, int64_t agency_id, int year, const struct collect_upload *uploads, size_t n,
		 struct collect_batch *b, char *err, size_t errsize)
{
	*b = (struct collect_batch){.agency_id = agency_id, .year = year};
	struct agency sup;
	if (agency_get(db, agency_id, &sup) != 1) {
		snprintf(err, errsize, "机关 %lld 不存在", (long long)agency_id);
		return -1;
	}
	snprintf(b->agency_name, sizeof b->agency_name, "%s", sup.name);
	struct candidates cands = {0};
	if (candidates_load(db, agency_id, &cands) < 0) {
		candidates_free(&cands);
		snprintf(err, errsize, "读取机关失败");
		return -1;
	}
	struct reading rd = {.b = b, .cands = &cands, .year = year};
	for (size_t i = 0; i < n; i++) {
		rd.url = uploads[i].url && *uploads[i].url ? uploads[i].url : NULL;
		rd.prefix = uploads[i].name;
		char why[384];
		int given = report_bundle_each(uploads[i].data, uploads[i].len, read_entry, &rd, why, sizeof why);
		rd.prefix = NULL;
		if (given == 0) {
			read_one(&rd, uploads[i].name, uploads[i].data, uploads[i].len);
		} else if (given < 0) {
			struct collect_file *f = new_file(&rd, uploads[i].name);
			snprintf(f->message, sizeof f->message, "无法读取压缩包：%s", why);
		}
	}
	candidates_free(&cands);
	return 0;
}

/* ---- storing ---- */

static int64_t insert_batch(struct db *w, const struct actor *actor, const struct collect_batch *b, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO supervise_batch (agency_id, year, created_by, created_at) "
					   "VALUES (:agency, :year, :user, :now) RETURNING id");
	int64_t id = -1;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", b->agency_id);
	db_bind_int(st, ":year", b->year);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	return db_step_int(st, &id) == 1 ? id : -1;
}

static int insert_file(struct db *w, int64_t batch_id, struct collect_file *f, int64_t now)
{
	struct buf json = {0}, findings = {0};
	if (f->state == COLLECT_FILE_UNSURE)
		report_to_json(&f->report, &json);
	findings_to_json(&f->findings, &findings);
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO supervise_file (batch_id, seq, file_name, url, state, read_agency, read_year, agency_id, "
	    "report_id, json, findings, message, updated_at) VALUES (:batch, :seq, :name, :url, :state, :read_agency, "
	    ":read_year, :agency, :report, :json, :findings, :message, :now) RETURNING id");
	int rc = -1;
	if (st) {
		db_bind_int(st, ":batch", batch_id);
		db_bind_int(st, ":seq", f->seq);
		db_bind_text(st, ":name", f->name);
		db_bind_text(st, ":url", f->url);
		db_bind_text(st, ":state", collect_file_state_name(f->state));
		db_bind_text(st, ":read_agency", f->read_agency);
		db_bind_int(st, ":read_year", f->read_year);
		if (f->agency_id)
			db_bind_int(st, ":agency", f->agency_id);
		else
			db_bind_null(st, ":agency");
		if (f->report_id)
			db_bind_int(st, ":report", f->report_id);
		else
			db_bind_null(st, ":report");
		db_bind_text(st, ":json", json.data ? json.data : "");
		db_bind_text(st, ":findings", findings.data ? findings.data : "[]");
		db_bind_text(st, ":message", f->message);
		db_bind_int(st, ":now", now);
		rc = db_step_int(st, &f->id) == 1 ? 0 : -1;
	}
	buf_free(&json);
	buf_free(&findings);
	return rc;
}

/* Attaches a file matched exactly. Returns 0 (attached or refused with the reason), -1 database error. */
static int attach(struct db *w, const struct actor *actor, struct collect_file *f, int64_t now)
{
	char err[COLLECT_ERR_SIZE] = "";
	int64_t id = annual_import_report(w, actor, f->agency_id, &f->report, f->url[0] ? f->url : f->name, false, now,
					  err, sizeof err);
	if (id < 0)
		return -1;
	if (id == 0) {
		f->state = COLLECT_FILE_REFUSED;
		snprintf(f->message, sizeof f->message, "%s", err);
		return 0;
	}
	f->state = COLLECT_FILE_ATTACHED;
	f->report_id = id;
	return collect_checked_store(w, id);
}

int64_t collect_batch_store(struct db *w, const struct actor *actor, struct collect_batch *b, int64_t now, char *err,
			    size_t errsize)
{
	if (!collect_may_supervise(w, actor, b->agency_id)) {
		snprintf(err, errsize, "只有%s或其上级机关的督查、管理员可以接收下级机关的年报", b->agency_name);
		return 0;
	}
	b->attached = b->unsure = b->refused = 0;
	int64_t id = insert_batch(w, actor, b, now);
	if (id < 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		struct collect_file *f = &b->files[i];
		f->state = f->read_state;
		f->report_id = 0;
		if (f->state == COLLECT_FILE_ATTACHED && attach(w, actor, f, now) < 0)
			return -1;
		if (insert_file(w, id, f, now) < 0)
			return -1;
		b->attached += f->state == COLLECT_FILE_ATTACHED;
		b->unsure += f->state == COLLECT_FILE_UNSURE;
		b->refused += f->state == COLLECT_FILE_REFUSED;
	}
	b->id = id;
	return id;
}

/* ---- reading back ---- */

static int load_files(struct db *db, struct collect_batch *b)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, seq, file_name, url, state, read_agency, read_year, coalesce(agency_id, 0), "
		"coalesce(report_id, 0), message, findings FROM supervise_file WHERE batch_id = :batch ORDER BY seq");
	if (!st)
		return -1;
	db_bind_int(st, ":batch", b->id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (b->n == cap) {
			cap = cap ? cap * 2 : 16;
			b->files = xrealloc(b->files, cap * sizeof *b->files);
		}
		struct collect_file *f = &b->files[b->n++];
		memset(f, 0, sizeof *f);
		f->id = db_column_int(st, 0);
		f->seq = (int)db_column_int(st, 1);
		snprintf(f->name, sizeof f->name, "%s", db_column_text(st, 2));
		snprintf(f->url, sizeof f->url, "%s", db_column_text(st, 3));
		f->state = f->read_state = file_state_parse(db_column_text(st, 4));
		snprintf(f->read_agency, sizeof f->read_agency, "%s", db_column_text(st, 5));
		f->read_year = (int)db_column_int(st, 6);
		f->agency_id = db_column_int(st, 7);
		f->report_id = db_column_int(st, 8);
		snprintf(f->message, sizeof f->message, "%s", db_column_text(st, 9));
		b->attached += f->state == COLLECT_FILE_ATTACHED;
		b->unsure += f->state == COLLECT_FILE_UNSURE;
		b->refused += f->state == COLLECT_FILE_REFUSED;
	}
	for (size_t i = 0; rc == 0 && i < b->n; i++) {
		struct agency a;
		if (b->files[i].agency_id && agency_get(db, b->files[i].agency_id, &a) == 1)
			snprintf(b->files[i].agency_name, sizeof b->files[i].agency_name, "%s", a.name);
	}
	return rc;
}

int collect_batch_get(struct db *db, int64_t batch_id, struct collect_batch *b)
{
	*b = (struct collect_batch){0};
	struct db_stmt *st =
	    db_prepare(db, "SELECT id, agency_id, year, created_by, created_at FROM supervise_batch WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", batch_id);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	b->id = db_column_int(st, 0);
	b->agency_id = db_column_int(st, 1);
	b->year = (int)db_column_int(st, 2);
	b->created_by = db_column_int(st, 3);
	b->created_at = db_column_int(st, 4);
	db_reset(st);
	struct agency a;
	if (agency_get(db, b->agency_id, &a) == 1)
		snprintf(b->agency_name, sizeof b->agency_name, "%s", a.name);
	if (load_files(db, b) < 0) {
		collect_batch_free(b);
		return -1;
	}
	return 1;
}

/* ---- confirming ---- */

int collect_file_batch(struct db *db, int64_t file_id, int64_t *batch_id, int64_t *agency_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT b.id, b.agency_id FROM supervise_file f JOIN supervise_batch b ON "
					    "b.id = f.batch_id WHERE f.id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", file_id);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	*batch_id = db_column_int(st, 0);
	*agency_id = db_column_int(st, 1);
	db_reset(st);
	return 1;
}

struct pending {
	int64_t batch_id, batch_agency;
	char state[16];
	char *json;
	char source[512];
};

/* Loads an unsure file. Returns 1, 0 not found, -1 error. */
static int load_pending(struct db *w, int64_t file_id, struct pending *p)
{
	struct db_stmt *st = db_prepare(
	    w, "SELECT f.batch_id, b.agency_id, f.state, f.json, CASE WHEN f.url <> '' THEN f.url ELSE f.file_name END "
	       "FROM supervise_file f JOIN supervise_batch b ON b.id = f.batch_id WHERE f.id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", file_id);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	p->batch_id = db_column_int(st, 0);
	p->batch_agency = db_column_int(st, 1);
	snprintf(p->state, sizeof p->state, "%s", db_column_text(st, 2));
	p->json = strdup(db_column_text(st, 3));
	snprintf(p->source, sizeof p->source, "%s", db_column_text(st, 4));
	db_reset(st);
	return p->json ? 1 : -1;
}

static int mark_attached(struct db *w, int64_t file_id, int64_t agency_id, int64_t report_id, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(w, "UPDATE supervise_file SET state = 'attached', agency_id = :agency, "
			  "report_id = :report, json = '', message = '', updated_at = :now WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":report", report_id);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", file_id);
	return db_step(st) == 0 ? 0 : -1;
}

/* Checks the confirmation. Returns 0, or fills err and returns -1. */
static int check_confirm(struct db *w, const struct actor *actor, const struct pending *p, int64_t agency_id, char *err,
			 size_t errsize)
{
	if (!collect_may_supervise(w, actor, p->batch_agency))
		return snprintf(err, errsize, "只有该批次所属机关或其上级机关的督查、管理员可以确认"), -1;
	if (strcmp(p->state, "unsure") != 0)
		return snprintf(err, errsize, "该文件已处理，无需确认"), -1;
	if (agency_id == p->batch_agency || agency_within(w, agency_id, p->batch_agency) != 1)
		return snprintf(err, errsize, "机关：请选择本批次所属机关的下级机关"), -1;
	return 0;
}

int64_t collect_confirm(struct db *w, const struct actor *actor, int64_t file_id, int64_t agency_id, int64_t now,
			char *err, size_t errsize)
{
	struct pending p = {0};
	int rc = load_pending(w, file_id, &p);
	if (rc <= 0) {
		if (rc == 0)
			snprintf(err, errsize, "文件 %lld 不存在", (long long)file_id);
		return rc;
	}
	int64_t result = 0;
	struct report r;
	char why[384];
	if (check_confirm(w, actor, &p, agency_id, err, errsize) < 0) {
		free(p.json);
		return 0;
	}
	if (report_from_json(p.json, strlen(p.json), &r, why, sizeof why) < 0) {
		snprintf(err, errsize, "保存的年报无法读取：%s", why);
	} else {
		int64_t id = annual_import_report(w, actor, agency_id, &r, p.source, true, now, err, errsize);
		if (id < 0 ||
		    (id > 0 && (mark_attached(w, file_id, agency_id, id, now) < 0 || collect_checked_store(w, id) < 0)))
			result = -1;
		else if (id > 0)
			result = p.batch_id;
	}
	report_free(&r);
	free(p.json);
	return result;
}
