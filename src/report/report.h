/* report.h — the annual-report model (政府信息公开工作年度报告), both editions of the national format.
 *
 * One struct report represents a report in the 2019 《格式（试行）》 (国办公开办函〔2019〕60号) or the
 * 2021 《格式》 (国办公开办函〔2021〕30号) edition. The row and column descriptors below are the single
 * source of every label, key and order: the JSON codec, the renderers, the parser and the checker
 * all iterate over them. This module is pure: no I/O, no HTTP, no SQL.
 *
 * Every cell distinguishes blank (present == false) from zero. Money cells store millionths of
 * their unit (the 2021 fee cell is in 万元), so decimals written with up to six places survive a
 * round trip exactly. */
#ifndef GONGKAI_REPORT_REPORT_H
#define GONGKAI_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum report_edition {
	REPORT_EDITION_UNKNOWN = 0,
	REPORT_EDITION_2019 = 2019,
	REPORT_EDITION_2021 = 2021,
};

#define REPORT_MONEY_SCALE 1000000 /* money cells hold value * 10^6 */

struct rcell {
	int64_t value;
	bool present;
	/* Not present, but not blank either: the report gives no single value for this cell (its digits
	 * ran together and the readings differ here, or a row of table 二 is not there). The parser says
	 * why in a finding; the rules skip the cell instead of calling it blank. */
	bool unknown;
};

enum cell_kind {
	CELL_COUNT,  /* non-negative integer */
	CELL_SIGNED, /* integer that may be negative (2019 本年增/减) */
	CELL_MONEY,  /* non-negative decimal, scaled by REPORT_MONEY_SCALE */
};

/* ---- Table 二: 主动公开政府信息情况 (rows of both editions) ---- */
enum pro_row {
	PRO_REGULATIONS,    /* 规章 */
	PRO_NORMATIVE,	    /* 2021 行政规范性文件 / 2019 规范性文件 */
	PRO_LICENSING,	    /* 行政许可 */
	PRO_OTHER_SERVICES, /* 2019 only: 其他对外管理服务事项 */
	PRO_PUNISHMENT,	    /* 行政处罚 */
	PRO_COERCION,	    /* 行政强制 */
	PRO_FEES,	    /* 行政事业性收费 */
	PRO_PROCUREMENT,    /* 2019 only: 政府集中采购 */
	PRO_ROW_COUNT
};
#define PRO_MAX_COLS 3

struct pro_row_def {
	const char *key;   /* JSON key, e.g. "regulations" */
	const char *label; /* row label as in the template, e.g. "行政规范性文件" */
	const char *item;  /* the sub-table heading, e.g. "第二十条第（一）项" */
	int ncols;
	const char *col_keys[PRO_MAX_COLS];   /* JSON keys of the cells */
	const char *col_labels[PRO_MAX_COLS]; /* column headings as in the template */
	enum cell_kind kinds[PRO_MAX_COLS];
};

/* Returns the descriptor of row r in the edition, or NULL when the edition has no such row. */
const struct pro_row_def *report_pro_row(int edition, enum pro_row r);

/* ---- Table 三: 收到和处理政府信息公开申请情况 ---- */
enum app_row {
	APP_NEW,
	APP_CARRIED_OVER,
	APP_GRANTED,
	APP_PARTIAL,
	APP_DENIED_STATE_SECRET,
	APP_DENIED_LAW_FORBIDDEN,
	APP_DENIED_THREE_SAFETY,
	APP_DENIED_THIRD_PARTY,
	APP_DENIED_INTERNAL_AFFAIRS,
	APP_DENIED_PROCESS_INFO,
	APP_DENIED_ENFORCEMENT_FILE,
	APP_DENIED_ADMIN_QUERY,
	APP_UNABLE_NO_INFO,
	APP_UNABLE_NEEDS_CREATION,
	APP_UNABLE_UNCLEAR,
	APP_REJECTED_COMPLAINT,
	APP_REJECTED_REPEAT,
	APP_REJECTED_PUBLICATION,
	APP_REJECTED_MASS,
	APP_REJECTED_CONFIRM,
	APP_OTHER_NO_CORRECTION, /* 2021 only */
	APP_OTHER_NO_FEE,	 /* 2021 only */
	APP_OTHER_OTHER,	 /* 2021 only */
	APP_OTHER,		 /* 2019 only: the single （六）其他处理 row */
	APP_TOTAL,
	APP_CARRIED_FORWARD,
	APP_ROW_COUNT
};

enum app_col {
	APP_COL_NATURAL,    /* 自然人 */
	APP_COL_COMMERCIAL, /* 商业企业 */
	APP_COL_RESEARCH,   /* 科研机构 */
	APP_COL_WELFARE,    /* 社会公益组织 */
	APP_COL_LEGAL,	    /* 法律服务机构 */
	APP_COL_OTHER_ORG,  /* 其他 */
	APP_COL_TOTAL,	    /* 总计 */
	APP_COL_COUNT
};

enum app_group {
	APP_GROUP_NONE,	    /* 一、二、四 and （七）总计 */
	APP_GROUP_GRANTED,  /* （一） */
	APP_GROUP_PARTIAL,  /* （二） */
	APP_GROUP_DENIED,   /* （三）不予公开 */
	APP_GROUP_UNABLE,   /* （四）无法提供 */
	APP_GROUP_REJECTED, /* （五）不予处理 */
	APP_GROUP_OTHER,    /* （六）其他处理 */
};

#define EDITION_BIT_2019 1u
#define EDITION_BIT_2021 2u

struct app_row_def {
	const char *key;   /* JSON key, e.g. "unable_no_info" */
	const char *label; /* leaf label, verbatim from the template, e.g. "1.本机关不掌握相关政府信息" */
	const char *short_label; /* for messages, e.g. "（四）无法提供 1.本机关不掌握相关政府信息" */
	enum app_group group;
	unsigned editions; /* EDITION_BIT_* */
	bool is_outcome;   /* counted in （七）总计 */
};

extern const struct app_row_def report_app_rows[APP_ROW_COUNT];
extern const char *const report_app_col_labels[APP_COL_COUNT]; /* 自然人 … 总计 */
extern const char *const report_app_group_labels[];	       /* indexed by enum app_group; "" for NONE */

/* True when the row belongs to the edition. */
bool report_app_row_in(int edition, enum app_row r);
/* Index of the row with this JSON key, or -1. */
int report_app_row_by_key(const char *key);

/* ---- Table 四: 行政复议、行政诉讼 ---- */
enum case_block { CASE_RECONSIDERATION, CASE_LITIGATION_DIRECT, CASE_LITIGATION_AFTER, CASE_BLOCK_COUNT };
enum case_col { CASE_UPHELD, CASE_CORRECTED, CASE_OTHER, CASE_PENDING, CASE_TOTAL, CASE_COL_COUNT };

extern const char *const report_case_block_keys[CASE_BLOCK_COUNT]; /* "reconsideration", … */
extern const char *const report_case_block_labels[CASE_BLOCK_COUNT]; /* 行政复议, 行政诉讼（未经复议直接起诉）, … */
extern const char *const report_case_col_labels[CASE_COL_COUNT]; /* 结果维持 … 总计 */

/* ---- Sections ---- */
extern const char *const report_section_titles[6]; /* "一、总体情况" … "六、其他需要报告的事项" */

struct report {
	int edition;	 /* enum report_edition (of table 二, and of table 三 unless app_edition says otherwise) */
	int app_edition; /* edition of table 三 when a mixed report differs from `edition`, else 0 */
	int year;	 /* statistics year, 0 when unknown */
	char *agency;	 /* malloc'd; NULL when unknown */

	struct rcell proactive[PRO_ROW_COUNT][PRO_MAX_COLS];
	char *procurement_unit; /* 2019 采购总金额 unit as written (e.g. "万元"); NULL when none */

	struct rcell applications[APP_ROW_COUNT][APP_COL_COUNT];
	struct rcell cases[CASE_BLOCK_COUNT][CASE_COL_COUNT];

	/* Free text of sections 一, 五, 六: lines trimmed, blank lines dropped, joined by '\n'
	 * (sub-headings such as "（一）主动公开情况" are lines of the text). NULL when absent. */
	char *overview;
	char *problems;
	char *other;
	/* 信息处理费 collected in the year, in 元 (money cell); blank when the report does not say. */
	struct rcell processing_fee;
};

/* The edition of the report's table 三 (app_edition when set, else edition). */
int report_app_edition(const struct report *r);

/* Initialises r as an empty report of the edition (all cells blank). */
void report_init(struct report *r, int edition);
/* Frees what r owns (not r itself) and leaves it empty. */
void report_free(struct report *r);
/* Sets every cell that the edition has to present zero (a blank, all-zero report). */
void report_zero(struct report *r);
/* Replaces *field with a malloc'd copy of text normalised as the sections are (see above);
 * NULL or all-blank text stores NULL. */
void report_set_text(char **field, const char *text);

static inline struct rcell rcell_of(int64_t v)
{
	return (struct rcell){.value = v, .present = true};
}

/* Formats a cell for display into out (size >= 32): "" for blank, "12", "-3", "0.5" (money
 * trailing zeros trimmed). */
void rcell_format(struct rcell c, enum cell_kind kind, char *out, size_t size);

#endif
