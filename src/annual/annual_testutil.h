/* annual_testutil.h — fixture of the unit tests of src/annual/ (header-only, included by test_*.c
 * only): a fresh migrated database in a temporary directory with the seed report's 街道 agency, its
 * default catalogue, staff accounts, the embedded calendar, and helpers that insert application,
 * event and item rows directly (the tests check counting, not the other modules' workflows). */
#ifndef GONGKAI_ANNUAL_ANNUAL_TESTUTIL_H
#define GONGKAI_ANNUAL_ANNUAL_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "info/info.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

struct annual_fixture {
	char dir[64];
	struct store *store;
	struct calendar *cal;
	int64_t agency_id, other_agency_id, editor_id;
	struct actor handler, editor, outsider;
	struct annual_env env;
	int64_t now;
	int serial;
};

static inline int64_t annual_fixture_agency(struct db *w, const char *name, enum agency_level level)
{
	struct agency a;
	memset(&a, 0, sizeof a);
	a.level = level;
	snprintf(a.name, sizeof a.name, "%s", name);
	char err[256];
	return agency_add(w, &a, err, sizeof err);
}

static inline struct actor annual_fixture_user(struct db *w, int64_t agency_id, const char *name, unsigned roles)
{
	char err[256];
	int64_t id = user_add(w, agency_id, name, name, roles, "not-a-real-hash", 1700000000, err, sizeof err);
	return (struct actor){.user_id = id, .agency_id = agency_id, .roles = roles, .ip = "192.0.2.1"};
}

static inline struct annual_fixture *annual_fixture_open(const char *tag)
{
	struct annual_fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-%s-XXXXXX", tag);
	if (!mkdtemp(f->dir))
		return NULL;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	if (!f->store) {
		fprintf(stderr, "store_open: %s\n", err);
		return NULL;
	}
	f->cal = calendar_new();
	if (calendar_load_embedded(f->cal, err, sizeof err) < 0)
		return NULL;
	f->env = (struct annual_env){.cal = f->cal, .today = cal_day_from_date(2024, 3, 1)};
	f->now = 1709258400; /* 2024-03-01 */
	struct db *w = store_write_begin(f->store);
	f->agency_id = annual_fixture_agency(w, "汝州市钟楼街道办事处", AGENCY_SUBDISTRICT);
	f->other_agency_id = annual_fixture_agency(w, "汝州市民政局", AGENCY_DEPARTMENT);
	f->handler = annual_fixture_user(w, f->agency_id, "handler", ROLE_HANDLER);
	f->editor = annual_fixture_user(w, f->agency_id, "editor", ROLE_EDITOR);
	f->outsider = annual_fixture_user(w, f->other_agency_id, "outsider", ROLE_ALL);
	f->editor_id = f->editor.user_id;
	bool ok = f->agency_id > 0 && f->other_agency_id > 0 && f->outsider.user_id > 0 &&
		  info_categories_install_defaults(w, f->agency_id, f->now) > 0;
	if (store_write_end(f->store, ok) < 0 || !ok)
		return NULL;
	return f;
}

static inline void annual_fixture_close(struct annual_fixture *f)
{
	if (!f)
		return;
	store_close(f->store);
	calendar_free(f->cal);
	if (test_dir_remove(f->dir) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(f);
}

/* Inserts an application (concluded NULL = still open). Returns its id or -1. */
static inline int64_t annual_fixture_app(struct annual_fixture *f, struct db *w, int64_t agency_id, const char *type,
					 const char *received, const char *concluded, const char *outcome)
{
	char tracking[32];
	int n = ++f->serial;
	snprintf(tracking, sizeof tracking, "T%06d", n);
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO application (agency_id, tracking_no, year, seq, query_code_hash, applicant_type, name, "
	    "id_type, id_number, applicant_key, description, form, delivery, channel, submitted_on, outcome, "
	    "concluded_on, created_at, updated_at) VALUES (:agency, :no, :year, :seq, 'x', :type, '申请人', 'other', "
	    "'X1', :no, '申请公开某项信息', 'electronic', 'email', 'in_person', :received, :outcome, :concluded, 0, 0) "
	    "RETURNING id");
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":no", tracking);
	db_bind_int(st, ":year", atoi(received));
	db_bind_int(st, ":seq", n);
	db_bind_text(st, ":type", type);
	db_bind_text(st, ":received", received);
	db_bind_text(st, ":outcome", outcome);
	db_bind_text(st, ":concluded", concluded);
	int64_t id = -1;
	return db_step_int(st, &id) == 1 ? id : -1;
}

static inline int annual_fixture_event(struct db *w, int64_t app, int seq, const char *type, const char *day,
				       int64_t fee)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO application_event (application_id, seq, type, day, fee_yuan, "
					   "created_at) VALUES (:app, :seq, :type, :day, :fee, 0)");
	db_bind_int(st, ":app", app);
	db_bind_int(st, ":seq", seq);
	db_bind_text(st, ":type", type);
	db_bind_text(st, ":day", day);
	db_bind_int(st, ":fee", fee);
	return db_step(st) == 0 ? 0 : -1;
}

/* Inserts a published item of category code (e.g. "C01"). validity_on "" unless repealed. */
static inline int annual_fixture_item(struct annual_fixture *f, struct db *w, const char *category,
				      const char *published, const char *doc_type, const char *validity,
				      const char *validity_on)
{
	char index_no[32];
	snprintf(index_no, sizeof index_no, "IDX-%06d", ++f->serial);
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO info_item (agency_id, category_id, index_no, title, publisher, formed_on, doc_type, validity, "
	    "validity_on, status, published_at, published_on, pub_year, created_by, created_at, updated_at) "
	    "SELECT :agency, id, :index_no, '测试信息', '钟楼街道', :published, :doc_type, :validity, :validity_on, "
	    "'published', 1, :published, 0, :user, 0, 0 FROM info_category WHERE agency_id = :agency AND code = :code");
	db_bind_int(st, ":agency", f->agency_id);
	db_bind_text(st, ":index_no", index_no);
	db_bind_text(st, ":published", published);
	db_bind_text(st, ":doc_type", doc_type);
	db_bind_text(st, ":validity", validity);
	db_bind_text(st, ":validity_on", validity_on);
	db_bind_int(st, ":user", f->editor_id);
	db_bind_text(st, ":code", category);
	return db_step(st) == 0 && db_changes(w) == 1 ? 0 : -1;
}

#endif
