/* test_info_attach.c — unit tests of the records of attachments: who may attach or remove, in which
 * states, trail and audit log, uploader cannot review. The checks of the file itself (type by content,
 * names, the content store) are tested in src/files/test_files.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/audit.h"
#include "info/attach.h"
#include "info/info_testutil.h"

/* ---- records ---- */

static struct attach_upload upload_of(const char *name, const char *content)
{
	struct attach_upload up;
	struct outcome out;
	enum outcome_code code =
	    attach_check_upload(name, (const unsigned char *)content, strlen(content), 1 << 20, &up, &out);
	if (code != OUTCOME_OK)
		fail_msg("attach_check_upload: %s", out.message);
	return up;
}

static enum outcome_code add(struct info_fixture *f, const struct actor *actor, int64_t item,
			     const struct attach_upload *up, int64_t *id)
{
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_attach_add(w, actor, item, up, f->now, id, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static enum outcome_code removal(struct info_fixture *f, const struct actor *actor, int64_t id)
{
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_attach_remove(w, actor, id, f->now, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static bool audit_has(struct info_fixture *f, const char *action, const char *needle)
{
	struct audit_entry *entries;
	size_t n;
	bool found = false;
	if (audit_list(store_reader(f->store), f->agency_id, 100, &entries, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++)
		found = found || (strcmp(entries[i].action, action) == 0 && entries[i].detail &&
				  strstr(entries[i].detail, needle));
	audit_entries_free(entries, n);
	return found;
}

static void test_attach_and_remove(void **state)
{
	(void)state;
	struct info_fixture *f = fixture_open("attach");
	assert_non_null(f);
	int64_t item = fixture_draft(f, &f->editor, "财政信息", "2024年部门预算", "2024-01-15", "预算说明", "other");
	assert_true(item > 0);
	struct attach_upload up = upload_of("部门预算.pdf", "%PDF-1.7 预算表");
	int64_t id = 0, second = 0;
	assert_int_equal(add(f, &f->editor, item, &up, &id), OUTCOME_OK);
	assert_true(id > 0);
	struct attach_upload png = upload_of("图表.png", "\x89PNG\r\n\x1a\n 图表");
	assert_int_equal(add(f, &f->editor2, item, &png, &second), OUTCOME_OK);

	struct info_attachment *list;
	size_t n;
	assert_int_equal(info_attach_list(store_reader(f->store), item, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "部门预算.pdf");
	assert_int_equal(list[0].kind, ATTACH_PDF);
	assert_int_equal(list[0].agency_id, f->agency_id);
	assert_string_equal(list[0].sha256, up.sha256);
	assert_int_equal(list[1].kind, ATTACH_PNG);
	free(list);
	assert_true(audit_has(f, "info.attach", "部门预算.pdf"));

	/* trail */
	struct info_step *steps;
	assert_int_equal(info_item_trail(store_reader(f->store), item, &steps, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(steps[1].action, "attach");
	assert_non_null(strstr(steps[1].opinion, "部门预算.pdf"));
	info_steps_free(steps, n);

	/* removal: only once, and it is recorded */
	assert_int_equal(removal(f, &f->editor, second), OUTCOME_OK);
	assert_int_equal(removal(f, &f->editor, second), OUTCOME_NOT_FOUND);
	struct info_attachment a;
	assert_int_equal(info_attach_get(store_reader(f->store), second, &a), 0);
	assert_int_equal(info_attach_get(store_reader(f->store), id, &a), 1);
	assert_int_equal(a.item_id, item);
	assert_true(audit_has(f, "info.detach", "图表.png"));
	assert_int_equal(info_attach_list(store_reader(f->store), item, &list, &n), 0);
	assert_int_equal(n, 1);
	free(list);
	assert_int_equal(fixture_close(f), 0);
}

static void test_attach_refusals(void **state)
{
	(void)state;
	struct info_fixture *f = fixture_open("attach-refuse");
	assert_non_null(f);
	int64_t item = fixture_draft(f, &f->editor, "动态信息", "工作动态", "2024-02-01", "正文", "other");
	struct attach_upload up = upload_of("动态.pdf", "%PDF-1.4 动态");
	int64_t id = 0, other = 0;
	assert_int_equal(add(f, &f->reviewer, item, &up, &id), OUTCOME_FORBIDDEN); /* not an editor */
	assert_int_equal(add(f, &f->outsider, item, &up, &id), OUTCOME_NOT_FOUND); /* another agency */
	assert_int_equal(add(f, &f->editor, item + 1000, &up, &id), OUTCOME_NOT_FOUND);
	struct attach_upload empty = {0};
	assert_int_equal(add(f, &f->editor, item, &empty, &id), OUTCOME_INVALID);

	/* the person who edits and reviews uploads: they now count as an editor and may not review */
	assert_int_equal(add(f, &f->reviewer2, item, &up, &id), OUTCOME_OK);
	assert_int_equal(add(f, &f->editor, item, &up, &other), OUTCOME_OK);
	assert_int_equal(removal(f, &f->outsider, other), OUTCOME_NOT_FOUND);
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_submit(w, &f->editor, item, f->now, &out), OUTCOME_OK);
	assert_int_equal(info_review(w, &f->reviewer2, item, INFO_PASS, "通过", f->now, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(store_write_end(f->store, true), 0);

	/* once submitted (and later published), attachments are frozen */
	assert_int_equal(add(f, &f->editor, item, &up, &other), OUTCOME_CONFLICT);
	assert_int_equal(removal(f, &f->editor, id), OUTCOME_CONFLICT);
	w = store_write_begin(f->store);
	assert_int_equal(info_review(w, &f->reviewer, item, INFO_PASS, "通过", f->now, &out), OUTCOME_OK);
	assert_int_equal(info_publish(w, &f->editor, item, 0, f->cal, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(removal(f, &f->editor, id), OUTCOME_CONFLICT);
	assert_int_equal(add(f, &f->editor, item, &up, &other), OUTCOME_CONFLICT);
	assert_int_equal(fixture_close(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attach_and_remove),
	    cmocka_unit_test(test_attach_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
