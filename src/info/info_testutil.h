/* info_testutil.h — the fixture shared by the unit tests of src/info/ (header-only, included by
 * test_*.c only): a fresh migrated database in a temporary directory with one 街道 agency modelled on
 * the seed report, its default catalogue, and one account per role, plus helpers that drive an item
 * through the workflow. */
#ifndef GONGKAI_INFO_INFO_TESTUTIL_H
#define GONGKAI_INFO_INFO_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "info/info.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"
#include "util/china_time.h"

struct info_fixture {
	char dir[64];
	struct store *store;
	struct calendar *cal;
	int64_t agency_id, other_agency_id;
	struct actor editor, editor2, reviewer, reviewer2, leader, admin, outsider;
	int64_t now;
};

/* 10:00 China time on y-m-d. */
static inline int64_t fixture_time(int y, int m, int d)
{
	return china_day_start(cal_day_from_date(y, m, d)) + 10 * 3600;
}

static inline int64_t fixture_agency(struct db *w, const char *name, enum agency_level level)
{
	struct agency a;
	memset(&a, 0, sizeof a);
	a.level = level;
	snprintf(a.name, sizeof a.name, "%s", name);
	char err[256];
	return agency_add(w, &a, err, sizeof err);
}

static inline struct actor fixture_user(struct db *w, int64_t agency_id, const char *name, unsigned roles)
{
	char err[256];
	int64_t id = user_add(w, agency_id, name, name, roles, "not-a-real-hash", 1700000000, err, sizeof err);
	return (struct actor){.user_id = id, .agency_id = agency_id, .roles = roles, .ip = "192.0.2.1"};
}

/* Creates the fixture; returns NULL on failure. */
static inline struct info_fixture *fixture_open(const char *tag)
{
	struct info_fixture *f = xcalloc(1, sizeof *f);
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
	f->now = fixture_time(2024, 3, 1);
	struct db *w = store_write_begin(f->store);
	f->agency_id = fixture_agency(w, "汝州市钟楼街道办事处", AGENCY_SUBDISTRICT);
	f->other_agency_id = fixture_agency(w, "汝州市民政局", AGENCY_DEPARTMENT);
	f->editor = fixture_user(w, f->agency_id, "editor", ROLE_EDITOR);
	f->editor2 = fixture_user(w, f->agency_id, "editor2", ROLE_EDITOR);
	f->reviewer = fixture_user(w, f->agency_id, "reviewer", ROLE_REVIEWER);
	f->reviewer2 = fixture_user(w, f->agency_id, "both", ROLE_REVIEWER | ROLE_EDITOR);
	f->leader = fixture_user(w, f->agency_id, "leader", ROLE_LEADER);
	f->admin = fixture_user(w, f->agency_id, "admin", ROLE_ADMIN);
	f->outsider = fixture_user(w, f->other_agency_id, "outsider", ROLE_EDITOR | ROLE_REVIEWER);
	bool ok = f->agency_id > 0 && f->other_agency_id > 0 && f->admin.user_id > 0 && f->outsider.user_id > 0 &&
		  info_categories_install_defaults(w, f->agency_id, f->now) > 0 &&
		  info_categories_install_defaults(w, f->other_agency_id, f->now) > 0;
	if (store_write_end(f->store, ok) < 0 || !ok)
		return NULL;
	return f;
}

static inline int fixture_close(struct info_fixture *f)
{
	if (!f)
		return -1;
	store_close(f->store);
	calendar_free(f->cal);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* Creates a draft as actor; returns its id or 0. */
static inline int64_t fixture_draft(struct info_fixture *f, const struct actor *actor, const char *category,
				    const char *title, const char *formed_on, const char *body, const char *doc_type)
{
	struct info_item_input in = {
	    .category = category, .title = title, .formed_on = formed_on, .body = body, .doc_type = doc_type};
	struct outcome out;
	int64_t id = 0;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_item_create(w, actor, &in, f->now, &id, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	if (code != OUTCOME_OK)
		fprintf(stderr, "create: %s\n", out.message);
	return code == OUTCOME_OK ? id : 0;
}

/* Takes a draft through submit, review (pass) and publish at `at`. Returns OUTCOME_OK or the failure. */
static inline enum outcome_code fixture_publish(struct info_fixture *f, int64_t id, int64_t at)
{
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_submit(w, &f->editor, id, at, &out);
	if (code == OUTCOME_OK)
		code = info_review(w, &f->reviewer, id, INFO_PASS, "不涉密，同意公开", at, &out);
	if (code == OUTCOME_OK)
		code = info_publish(w, &f->editor, id, 0, f->cal, at, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	if (code != OUTCOME_OK)
		fprintf(stderr, "publish: %s\n", out.message);
	return code;
}

#endif
