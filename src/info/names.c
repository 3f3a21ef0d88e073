/* names.c — the small vocabulary of 主动公开: status, document type and validity names (stored and
 * Chinese), outcomes, and the text helpers (trimming) used by every file of src/info/. The HTTP status
 * of an outcome is the HTTP layer's business (page_info_common.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domain/accounts.h"
#include "info/info_internal.h"
#include "util/buf.h"

static const char *const status_names[INFO_STATUS_COUNT] = {
    "draft", "submitted", "reviewed", "approved", "published", "returned", "classified", "withdrawn",
};
static const char *const status_zh[INFO_STATUS_COUNT] = {
    "草稿", "待保密审查", "待领导审批", "待发布", "已发布", "已退回", "涉密不予发布", "已撤回",
};
static const char *const doc_type_names[INFO_DOC_TYPE_COUNT] = {"other", "regulation", "normative"};
static const char *const doc_type_zh[INFO_DOC_TYPE_COUNT] = {"其他", "规章", "行政规范性文件"};
static const char *const validity_names[INFO_VALIDITY_COUNT] = {"valid", "repealed", "expired"};
static const char *const validity_zh[INFO_VALIDITY_COUNT] = {"有效", "废止", "失效"};

/* Index of text in either table, or -1. */
static int lookup(const char *text, const char *const *names, const char *const *zh, int count)
{
	if (!text)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(text, names[i]) == 0 || strcmp(text, zh[i]) == 0)
			return i;
	return -1;
}

const char *info_status_name(enum info_status s)
{
	return (unsigned)s < INFO_STATUS_COUNT ? status_names[s] : NULL;
}

const char *info_status_zh(enum info_status s)
{
	return (unsigned)s < INFO_STATUS_COUNT ? status_zh[s] : NULL;
}

int info_status_parse(const char *text)
{
	return lookup(text, status_names, status_zh, INFO_STATUS_COUNT);
}

const char *info_doc_type_name(enum info_doc_type t)
{
	return (unsigned)t < INFO_DOC_TYPE_COUNT ? doc_type_names[t] : NULL;
}

const char *info_doc_type_zh(enum info_doc_type t)
{
	return (unsigned)t < INFO_DOC_TYPE_COUNT ? doc_type_zh[t] : NULL;
}

int info_doc_type_parse(const char *text)
{
	return lookup(text, doc_type_names, doc_type_zh, INFO_DOC_TYPE_COUNT);
}

const char *info_validity_name(enum info_validity v)
{
	return (unsigned)v < INFO_VALIDITY_COUNT ? validity_names[v] : NULL;
}

const char *info_validity_zh(enum info_validity v)
{
	return (unsigned)v < INFO_VALIDITY_COUNT ? validity_zh[v] : NULL;
}

int info_validity_parse(const char *text)
{
	return lookup(text, validity_names, validity_zh, INFO_VALIDITY_COUNT);
}

int info_decision_parse(const char *text)
{
	static const char *const names[] = {"pass", "return", "classified"};
	static const char *const zh[] = {"通过", "退回", "涉密"};
	return lookup(text, names, zh, 3);
}

/* Length of the space at s: 1 for ASCII white space, 3 for U+3000, 0 otherwise. */
static size_t space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

char *info_trim_dup(const char *s)
{
	if (!s)
		return xstrdup("");
	size_t n;
	while ((n = space_len(s)) > 0)
		s += n;
	size_t len = strlen(s);
	for (;;) {
		if (len >= 1 && space_len(s + len - 1) == 1)
			len -= 1;
		else if (len >= 3 && space_len(s + len - 3) == 3)
			len -= 3;
		else
			break;
	}
	return xstrndup(s, len);
}

enum outcome_code info_invalid(struct outcome *out, const char *field, const char *message)
{
	outcome_clear(out);
	return outcome_fail(out, OUTCOME_INVALID, field, "%s", message);
}

/* The steps of an item's trail (info_record_step actions) in the words of the back office. */
static const struct {
	const char *name, *zh;
} step_words[] = {
    {"create", "新建草稿"},	      {"update", "修改"},	{"attach", "上传附件"}, {"detach", "删除附件"},
    {"submit", "提交保密审查"},	      {"pass", "保密审查通过"}, {"return", "退回修改"}, {"classify", "认定涉密"},
    {"approve", "领导同意发布"},      {"publish", "发布"},	{"withdraw", "撤回"},	{"validity", "变更有效性"},
    {"override", "确认错敏提示无误"},
};

const char *info_step_zh(const char *action)
{
	for (size_t i = 0; action && i < sizeof step_words / sizeof step_words[0]; i++)
		if (strcmp(step_words[i].name, action) == 0)
			return step_words[i].zh;
	return NULL;
}
