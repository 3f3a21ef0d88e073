/* report.c — descriptor tables of both editions and the basic operations on a report.
 * Labels are verbatim from 国办公开办函〔2021〕30号 and 〔2019〕60号 (see docs/format.md). */
#include "report/report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define ITEM1 "第二十条第（一）项"
#define ITEM5 "第二十条第（五）项"
#define ITEM6 "第二十条第（六）项"
#define ITEM8 "第二十条第（八）项"
#define ITEM9 "第二十条第（九）项"

static const struct pro_row_def pro_rows_2021[PRO_ROW_COUNT] = {
    [PRO_REGULATIONS] = {"regulations",
			 "规章",
			 ITEM1,
			 3,
			 {"made", "repealed", "in_force"},
			 {"本年制发件数", "本年废止件数", "现行有效件数"},
			 {CELL_COUNT, CELL_COUNT, CELL_COUNT}},
    [PRO_NORMATIVE] = {"normative_documents",
		       "行政规范性文件",
		       ITEM1,
		       3,
		       {"made", "repealed", "in_force"},
		       {"本年制发件数", "本年废止件数", "现行有效件数"},
		       {CELL_COUNT, CELL_COUNT, CELL_COUNT}},
    [PRO_LICENSING] = {"licensing", "行政许可", ITEM5, 1, {"decisions"}, {"本年处理决定数量"}, {CELL_COUNT}},
    [PRO_PUNISHMENT] = {"punishment", "行政处罚", ITEM6, 1, {"decisions"}, {"本年处理决定数量"}, {CELL_COUNT}},
    [PRO_COERCION] = {"coercion", "行政强制", ITEM6, 1, {"decisions"}, {"本年处理决定数量"}, {CELL_COUNT}},
    [PRO_FEES] = {"fees", "行政事业性收费", ITEM8, 1, {"amount"}, {"本年收费金额（单位：万元）"}, {CELL_MONEY}},
};

#define ITEMS_2019                                                                                                     \
	{"previous_items", "change", "decisions"}, {"上一年项目数量", "本年增/减", "处理决定数量"},                    \
	{                                                                                                              \
		CELL_COUNT, CELL_SIGNED, CELL_COUNT                                                                    \
	}

static const struct pro_row_def pro_rows_2019[PRO_ROW_COUNT] = {
    [PRO_REGULATIONS] = {"regulations",
			 "规章",
			 ITEM1,
			 3,
			 {"new_made", "new_published", "total_published"},
			 {"本年新制作数量", "本年新公开数量", "对外公开总数量"},
			 {CELL_COUNT, CELL_COUNT, CELL_COUNT}},
    [PRO_NORMATIVE] = {"normative_documents",
		       "规范性文件",
		       ITEM1,
		       3,
		       {"new_made", "new_published", "total_published"},
		       {"本年新制作数量", "本年新公开数量", "对外公开总数量"},
		       {CELL_COUNT, CELL_COUNT, CELL_COUNT}},
    [PRO_LICENSING] = {"licensing", "行政许可", ITEM5, 3, ITEMS_2019},
    [PRO_OTHER_SERVICES] = {"other_services", "其他对外管理服务事项", ITEM5, 3, ITEMS_2019},
    [PRO_PUNISHMENT] = {"punishment", "行政处罚", ITEM6, 3, ITEMS_2019},
    [PRO_COERCION] = {"coercion", "行政强制", ITEM6, 3, ITEMS_2019},
    [PRO_FEES] = {"fees",
		  "行政事业性收费",
		  ITEM8,
		  2,
		  {"previous_items", "change"},
		  {"上一年项目数量", "本年增/减"},
		  {CELL_COUNT, CELL_SIGNED}},
    [PRO_PROCUREMENT] = {"procurement",
			 "政府集中采购",
			 ITEM9,
			 2,
			 {"items", "amount"},
			 {"采购项目数量", "采购总金额"},
			 {CELL_COUNT, CELL_MONEY}},
};

const struct pro_row_def *report_pro_row(int edition, enum pro_row r)
{
	if (r < 0 || r >= PRO_ROW_COUNT)
		return NULL;
	const struct pro_row_def *def = edition == REPORT_EDITION_2019	 ? &pro_rows_2019[r]
					: edition == REPORT_EDITION_2021 ? &pro_rows_2021[r]
									 : NULL;
	return def && def->key ? def : NULL;
}

#define BOTH (EDITION_BIT_2019 | EDITION_BIT_2021)
#define D3   "（三）不予公开 "
#define D4   "（四）无法提供 "
#define D5   "（五）不予处理 "
#define D6   "（六）其他处理 "

const struct app_row_def report_app_rows[APP_ROW_COUNT] = {
    [APP_NEW] = {"new", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", APP_GROUP_NONE, BOTH,
		 false},
    [APP_CARRIED_OVER] = {"carried_over", "二、上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
			  APP_GROUP_NONE, BOTH, false},
    [APP_GRANTED] = {"granted", "（一）予以公开", "（一）予以公开", APP_GROUP_GRANTED, BOTH, true},
    [APP_PARTIAL] = {"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开",
		     APP_GROUP_PARTIAL, BOTH, true},
    [APP_DENIED_STATE_SECRET] = {"denied_state_secret", "1.属于国家秘密", D3 "1.属于国家秘密", APP_GROUP_DENIED, BOTH,
				 true},
    [APP_DENIED_LAW_FORBIDDEN] = {"denied_law_forbidden", "2.其他法律行政法规禁止公开", D3 "2.其他法律行政法规禁止公开",
				  APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_THREE_SAFETY] = {"denied_three_safety", "3.危及“三安全一稳定”", D3 "3.危及“三安全一稳定”",
				 APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_THIRD_PARTY] = {"denied_third_party", "4.保护第三方合法权益", D3 "4.保护第三方合法权益",
				APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_INTERNAL_AFFAIRS] = {"denied_internal_affairs", "5.属于三类内部事务信息", D3 "5.属于三类内部事务信息",
				     APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_PROCESS_INFO] = {"denied_process_info", "6.属于四类过程性信息", D3 "6.属于四类过程性信息",
				 APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_ENFORCEMENT_FILE] = {"denied_enforcement_file", "7.属于行政执法案卷", D3 "7.属于行政执法案卷",
				     APP_GROUP_DENIED, BOTH, true},
    [APP_DENIED_ADMIN_QUERY] = {"denied_admin_query", "8.属于行政查询事项", D3 "8.属于行政查询事项", APP_GROUP_DENIED,
				BOTH, true},
    [APP_UNABLE_NO_INFO] = {"unable_no_info", "1.本机关不掌握相关政府信息", D4 "1.本机关不掌握相关政府信息",
			    APP_GROUP_UNABLE, BOTH, true},
    [APP_UNABLE_NEEDS_CREATION] = {"unable_needs_creation", "2.没有现成信息需要另行制作",
				   D4 "2.没有现成信息需要另行制作", APP_GROUP_UNABLE, BOTH, true},
    [APP_UNABLE_UNCLEAR] = {"unable_unclear", "3.补正后申请内容仍不明确", D4 "3.补正后申请内容仍不明确",
			    APP_GROUP_UNABLE, BOTH, true},
    [APP_REJECTED_COMPLAINT] = {"rejected_complaint", "1.信访举报投诉类申请", D5 "1.信访举报投诉类申请",
				APP_GROUP_REJECTED, BOTH, true},
    [APP_REJECTED_REPEAT] = {"rejected_repeat", "2.重复申请", D5 "2.重复申请", APP_GROUP_REJECTED, BOTH, true},
    [APP_REJECTED_PUBLICATION] = {"rejected_publication", "3.要求提供公开出版物", D5 "3.要求提供公开出版物",
				  APP_GROUP_REJECTED, BOTH, true},
    [APP_REJECTED_MASS] = {"rejected_mass", "4.无正当理由大量反复申请", D5 "4.无正当理由大量反复申请",
			   APP_GROUP_REJECTED, BOTH, true},
    [APP_REJECTED_CONFIRM] = {"rejected_confirm", "5.要求行政机关确认或重新出具已获取信息",
			      D5 "5.要求行政机关确认或重新出具已获取信息", APP_GROUP_REJECTED, BOTH, true},
    [APP_OTHER_NO_CORRECTION] = {"other_no_correction",
				 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
				 D6 "1.申请人无正当理由逾期不补正", APP_GROUP_OTHER, EDITION_BIT_2021, true},
    [APP_OTHER_NO_FEE] = {"other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
			  D6 "2.申请人逾期未缴纳费用", APP_GROUP_OTHER, EDITION_BIT_2021, true},
    [APP_OTHER_OTHER] = {"other_other", "3.其他", D6 "3.其他", APP_GROUP_OTHER, EDITION_BIT_2021, true},
    [APP_OTHER] = {"other", "（六）其他处理", "（六）其他处理", APP_GROUP_OTHER, EDITION_BIT_2019, true},
    [APP_TOTAL] = {"total", "（七）总计", "（七）总计", APP_GROUP_NONE, BOTH, false},
    [APP_CARRIED_FORWARD] = {"carried_forward", "四、结转下年度继续办理", "四、结转下年度继续办理", APP_GROUP_NONE,
			     BOTH, false},
};

const char *const report_app_col_labels[APP_COL_COUNT] = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
};

const char *const report_app_group_labels[] = {
    "", "（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
};

bool report_app_row_in(int edition, enum app_row r)
{
	unsigned bit = edition == REPORT_EDITION_2019	? EDITION_BIT_2019
		       : edition == REPORT_EDITION_2021 ? EDITION_BIT_2021
							: 0;
	return r >= 0 && r < APP_ROW_COUNT && (report_app_rows[r].editions & bit);
}

int report_app_edition(const struct report *r)
{
	return r->app_edition ? r->app_edition : r->edition;
}

int report_app_row_by_key(const char *key)
{
	for (int r = 0; r < APP_ROW_COUNT; r++)
		if (strcmp(report_app_rows[r].key, key) == 0)
			return r;
	return -1;
}

const char *const report_case_block_keys[CASE_BLOCK_COUNT] = {
    "reconsideration",
    "litigation_direct",
    "litigation_after_reconsideration",
};
const char *const report_case_block_labels[CASE_BLOCK_COUNT] = {
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
};
const char *const report_case_col_labels[CASE_COL_COUNT] = {
    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
};

const char *const report_section_titles[6] = {
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
};

void report_init(struct report *r, int edition)
{
	memset(r, 0, sizeof *r);
	r->edition = edition;
}

void report_free(struct report *r)
{
	free(r->agency);
	free(r->procurement_unit);
	free(r->overview);
	free(r->problems);
	free(r->other);
	report_init(r, REPORT_EDITION_UNKNOWN);
}

void report_zero(struct report *r)
{
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		for (int c = 0; def && c < def->ncols; c++)
			r->proactive[p][c] = rcell_of(0);
	}
	for (int a = 0; a < APP_ROW_COUNT; a++)
		for (int c = 0; c < APP_COL_COUNT; c++)
			r->applications[a][c] =
			    report_app_row_in(report_app_edition(r), a) ? rcell_of(0) : (struct rcell){0};
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			r->cases[b][c] = rcell_of(0);
}

static bool is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Length of a Unicode space (U+00A0, U+3000) at s, else 0. */
static size_t unicode_space_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

void report_set_text(char **field, const char *text)
{
	free(*field);
	*field = NULL;
	if (!text)
		return;
	struct buf out = {0};
	buf_grow(&out, strlen(text)); /* trimming never lengthens: one allocation */
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *end = eol ? eol : p + strlen(p);
		const char *s = p;
		for (;;) {
			size_t u;
			if (s < end && is_blank_byte((unsigned char)*s))
				s++;
			else if (s < end && (u = unicode_space_len(s)) > 0)
				s += u;
			else
				break;
		}
		const char *e = end;
		while (e > s) {
			if (is_blank_byte((unsigned char)e[-1]))
				e--;
			else if (e - s >= 2 && unicode_space_len(e - 2) == 2)
				e -= 2;
			else if (e - s >= 3 && unicode_space_len(e - 3) == 3)
				e -= 3;
			else
				break;
		}
		if (e > s) {
			if (out.len)
				buf_putc(&out, '\n');
			buf_append(&out, s, (size_t)(e - s));
		}
		p = eol ? eol + 1 : end;
	}
	*field = out.len ? buf_take(&out) : NULL;
	buf_free(&out);
}

void rcell_format(struct rcell c, enum cell_kind kind, char *out, size_t size)
{
	if (!c.present) {
		snprintf(out, size, "%s", "");
		return;
	}
	if (kind != CELL_MONEY) {
		snprintf(out, size, "%" PRId64, c.value);
		return;
	}
	int64_t v = c.value;
	const char *sign = v < 0 ? "-" : "";
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = a / REPORT_MONEY_SCALE, frac = a % REPORT_MONEY_SCALE;
	if (frac == 0) {
		snprintf(out, size, "%s%" PRIu64, sign, whole);
		return;
	}
	char digits[8];
	snprintf(digits, sizeof digits, "%06" PRIu64, frac);
	for (int i = 5; i > 0 && digits[i] == '0'; i--)
		digits[i] = '\0';
	snprintf(out, size, "%s%" PRIu64 ".%s", sign, whole, digits);
}
