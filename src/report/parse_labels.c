/* parse_labels.c — the one table of the labels the parser anchors on: the rows of tables 二 and 三
 * (every variant seen in real published reports), the group labels of table 三 and the section
 * headings, and the matcher that finds them in running text.
 *
 * Real reports do not write the template's labels verbatim: "规范性文件" for 行政规范性文件,
 * "其他法律和行政法规禁止公开", "行政机关不再受理…", "行政法复议", non-standard headings such as
 * "五、当前存在的突出问题". Each variant is listed here once, with the report it was seen in, and
 * has a test in test_real.c made from that report. The words of the tables' column headings are
 * here too. Keys are in parse_label_key form (CJK and
 * letters only). The matcher compares keys against raw text while skipping spaces, line breaks and
 * punctuation, so a label wrapped over lines or split by a PDF ("三 、本 年 度办 理 结果") matches. */
#include <pthread.h>

#include "report/parse_internal.h"

#define E19  EDITION_BIT_2019
#define E21  EDITION_BIT_2021
#define BOTH (EDITION_BIT_2019 | EDITION_BIT_2021)

#define ROW(table, row, ed, item, key)                                                                                 \
	{                                                                                                              \
		PL_ROW, table, row, ed, item, WORD(key)                                                                \
	}
#define GROUP(key)                                                                                                     \
	{                                                                                                              \
		PL_GROUP, 3, -1, BOTH, 0, WORD(key)                                                                    \
	}
#define HEADING(section, key)                                                                                          \
	{                                                                                                              \
		PL_HEADING, 0, section, BOTH, 0, WORD(key)                                                             \
	}
#define EXTRA(key)                                                                                                     \
	{                                                                                                              \
		PL_EXTRA, 0, -1, BOTH, 0, WORD(key)                                                                    \
	}
#define HEADER(table, key)                                                                                             \
	{                                                                                                              \
		PL_HEADER, table, -1, BOTH, 0, WORD(key)                                                               \
	}

const struct parse_label parse_labels[] = {
    ROW(2, PRO_REGULATIONS, BOTH, 0, "规章"),
    ROW(2, PRO_NORMATIVE, E21, 0, "行政规范性文件"),
    ROW(2, PRO_NORMATIVE, BOTH, 0, "规范性文件"), /* 2019 edition; 2021 reports such as 221 too */
    ROW(2, PRO_LICENSING, BOTH, 0, "行政许可"),
    ROW(2, PRO_OTHER_SERVICES, E19, 0, "其他对外管理服务事项"),
    ROW(2, PRO_PUNISHMENT, BOTH, 0, "行政处罚"),
    ROW(2, PRO_COERCION, BOTH, 0, "行政强制"),
    ROW(2, PRO_FEES, BOTH, 0, "行政事业性收费"),
    ROW(2, PRO_PROCUREMENT, E19, 0, "政府集中采购"),
    ROW(3, APP_NEW, BOTH, 0, "本年新收政府信息公开申请数量"),
    ROW(3, APP_CARRIED_OVER, BOTH, 0, "上年结转政府信息公开申请数量"),
    ROW(3, APP_GRANTED, BOTH, 0, "予以公开"),
    ROW(3, APP_PARTIAL, BOTH, 0, "部分公开区分处理的只计这一情形不计其他情形"),
    ROW(3, APP_PARTIAL, BOTH, 0, "部分公开"),
    ROW(3, APP_DENIED_STATE_SECRET, BOTH, 1, "属于国家秘密"),
    ROW(3, APP_DENIED_LAW_FORBIDDEN, BOTH, 2, "其他法律行政法规禁止公开"),
    ROW(3, APP_DENIED_LAW_FORBIDDEN, BOTH, 2, "其他法律和行政法规禁止公开"), /* 234 */
    ROW(3, APP_DENIED_LAW_FORBIDDEN, BOTH, 2, "其他法律行政止公开"),	     /* 243 (the PDF lost 法规禁) */
    ROW(3, APP_DENIED_THREE_SAFETY, BOTH, 3, "危及三安全一稳定"),
    ROW(3, APP_DENIED_THIRD_PARTY, BOTH, 4, "保护第三方合法权益"),
    ROW(3, APP_DENIED_INTERNAL_AFFAIRS, BOTH, 5, "属于三类内部事务信息"),
    ROW(3, APP_DENIED_PROCESS_INFO, BOTH, 6, "属于四类过程性信息"),
    ROW(3, APP_DENIED_ENFORCEMENT_FILE, BOTH, 7, "属于行政执法案卷"),
    ROW(3, APP_DENIED_ADMIN_QUERY, BOTH, 8, "属于行政查询事项"),
    ROW(3, APP_UNABLE_NO_INFO, BOTH, 1, "本机关不掌握相关政府信息"),
    ROW(3, APP_UNABLE_NEEDS_CREATION, BOTH, 2, "没有现成信息需要另行制作"),
    ROW(3, APP_UNABLE_UNCLEAR, BOTH, 3, "补正后申请内容仍不明确"),
    ROW(3, APP_REJECTED_COMPLAINT, BOTH, 1, "信访举报投诉类申请"),
    ROW(3, APP_REJECTED_REPEAT, BOTH, 2, "重复申请"),
    ROW(3, APP_REJECTED_PUBLICATION, BOTH, 3, "要求提供公开出版物"),
    ROW(3, APP_REJECTED_MASS, BOTH, 4, "无正当理由大量反复申请"),
    ROW(3, APP_REJECTED_CONFIRM, BOTH, 5, "要求行政机关确认或重新出具已获取信息"),
    ROW(3, APP_OTHER_NO_CORRECTION, E21, 1, "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请"),
    ROW(3, APP_OTHER_NO_CORRECTION, E21, 1, "申请人无正当理由逾期不补正行政机关不再受理其政府信息公开申请"), /* 234 */
    ROW(3, APP_OTHER_NO_CORRECTION, E21, 1, "申请人无正当理由逾期不补正"),
    ROW(3, APP_OTHER_NO_FEE, E21, 2, "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请"),
    ROW(3, APP_OTHER_NO_FEE, E21, 2, "申请人逾期未按收费通知要求缴纳费用行政机关不再受理其政府信息公开申请"), /* 234 */
    ROW(3, APP_OTHER_NO_FEE, E21, 2, "申请人逾期未按收费通知要求缴纳费用"),
    ROW(3, APP_OTHER_NO_FEE, E21, 2, "申请人逾期未缴纳费用"),
    ROW(3, APP_OTHER_OTHER, E21, 3, "其他"),
    ROW(3, APP_OTHER, E19, 0, "其他处理"), /* 2019 edition; 2021 reports 229 and 243 keep it */
    ROW(3, APP_TOTAL, BOTH, 0, "总计"),
    ROW(3, APP_CARRIED_FORWARD, BOTH, 0, "结转下年度继续办理"),
    GROUP("本年度办理结果"),
    GROUP("不予公开"),
    GROUP("无法提供"),
    GROUP("不予处理"),
    GROUP("其他处理"), /* the 2021 edition's group label; a row in the 2019 edition (above) */
    GROUP("小计"),
    HEADER(2, "第二十条第"), /* "第二十条第（五）项": the heading row of each part of table 二 */
    EXTRA("其中"),	     /* sub-rows some regions add, e.g. "其中修订件" under 行政规范性文件 */
    HEADING(1, "总体情况"),
    HEADING(1, "年度工作核心成效"), /* 234 */
    HEADING(2, "主动公开政府信息情况"),
    HEADING(3, "收到和处理政府信息公开申请情况"),
    HEADING(4, "政府信息公开行政复议行政诉讼情况"),
    HEADING(4, "政府信息公开行政复议与行政诉讼情况"), /* 211 */
    HEADING(4, "政府信息公开行政法复议行政诉讼情况"), /* 223 */
    HEADING(4, "政府信息公开行政复议"),		      /* any other ending */
    HEADING(5, "存在的主要问题及改进情况"),
    HEADING(5, "存在的主要问题和改进情况"), /* 235 */
    HEADING(5, "存在的主要问题和改进措施"),
    HEADING(5, "当前存在的突出问题"),	      /* 234 */
    HEADING(5, "存在的主要问题"),	      /* any other ending */
    HEADING(5, "政府信息公开存在的主要问题"), /* 218 */
    HEADING(6, "其他需要报告的事项"),
    HEADING(6, "其他需说明事项"),		/* 234 */
    HEADING(0, "政务公开工作主要任务落实情况"), /* 216: a section the template does not have */
    HEADING(0, "信息处理费收取情况"),		/* 235, 242: an extra table of fees */
};
const size_t parse_label_count = sizeof parse_labels / sizeof *parse_labels;

/* Column headings: a line made of these is a header, not a row. */
const struct word parse_header_words[] = {
    WORD("自然人"),
    WORD("法人或其他组织"),
    WORD("商业企业"),
    WORD("科研机构"),
    WORD("社会公益组织"),
    WORD("法律服务机构"),
    WORD("申请人情况"),
    WORD("信息内容"),
    WORD("本年制发件数"),
    WORD("本年废止件数"),
    WORD("现行有效件数"),
    WORD("本年处理决定数量"),
    WORD("本年收费金额单位万元"),
    WORD("本年收费金额"),
    WORD("本年新制作数量"),
    WORD("本年新公开数量"),
    WORD("对外公开总数量"),
    WORD("上一年项目数量"),
    WORD("本年增减"),
    WORD("处理决定数量"),
    WORD("采购项目数量"),
    WORD("采购总金额"),
    WORD("结果维持"),
    WORD("结果纠正"),
    WORD("其他结果"),
    WORD("尚未审结"),
    WORD("行政复议"),
    WORD("行政诉讼"),
    WORD("未经复议直接起诉"),
    WORD("复议后起诉"),
};
/* Words that make a line a header wherever they appear in a cell. */
const struct word parse_header_parts[] = {WORD("勾稽"),		WORD("钩稽") /* 223, 228, 229 */,
					  WORD("第二十条第"),	WORD("申请人情况"),
					  WORD("信息内容"),	WORD("商业企业"),
					  WORD("法律服务机构"), WORD("社会公益组织"),
					  WORD("自然人")};
/* Headings that are also row keys ("总计", "其他"): a header only next to other headings. */
const struct word parse_header_ambiguous[] = {WORD("总计"), WORD("其他")};

const size_t parse_header_word_count = sizeof parse_header_words / sizeof *parse_header_words;
const size_t parse_header_part_count = sizeof parse_header_parts / sizeof *parse_header_parts;
const size_t parse_header_ambiguous_count = sizeof parse_header_ambiguous / sizeof *parse_header_ambiguous;

/* True for the characters a label match steps over: spaces, line breaks, table rules and
 * punctuation (everything but CJK ideographs, letters and digits). */
static bool skippable(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
	return !parse_is_cjk(cp);
}

/* Length of the text at s that spells key (skipping what skippable() allows between its
 * characters), or 0 when it does not. */
static size_t spelled(const char *s, size_t len, struct word key)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0;
	while (k < key.len) {
		if (i >= len)
			return 0;
		if ((unsigned char)key.s[k] == u[i]) { /* keys are ideographs and letters: 3 or 1 bytes */
			size_t n = u[i] < 0x80 ? 1 : 3;
			if (len - i < n || (n == 3 && (key.s[k + 1] != s[i + 1] || key.s[k + 2] != s[i + 2])))
				return 0;
			i += n;
			k += n;
			continue;
		}
		if (k == 0)
			return 0;
		size_t n;
		uint32_t cp = utf8_decode_unchecked(s + i, len - i, &n);
		if (!skippable(cp))
			return 0;
		i += n;
	}
	return i;
}

/* True when the first character of the key (three bytes: every key starts with an ideograph) is
 * at s; the cheap test done before spelled(). */
static bool starts_like(const char *s, size_t len, struct word key)
{
	return len >= 3 && key.s[0] == s[0] && key.s[1] == s[1] && key.s[2] == s[2];
}

/* utf8_back(s, i) (i > 0) without decoding the common characters again: an ASCII byte, or a
 * three-byte character whose lead (E1–EC, EE, EF) allows any continuation bytes, is one character
 * as it stands. */
static size_t char_before(const char *s, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[i - 1] < 0x80)
		return i - 1;
	if (i >= 3 && utf8_continuation(s[i - 1]) && utf8_continuation(s[i - 2]) && u[i - 3] >= 0xE1 &&
	    u[i - 3] <= 0xEF && u[i - 3] != 0xED)
		return i - 3;
	return utf8_back(s, i);
}

/* Start of the text ending at s[end] that spells key backwards (as spelled() does forwards), or
 * SIZE_MAX when it does not. */
static size_t spelled_before(const char *s, size_t end, struct word key)
{
	size_t i = end, k = key.len;
	while (k > 0) {
		if (i == 0)
			return SIZE_MAX;
		size_t b = char_before(s, i), kb = char_before(key.s, k), n;
		if (i - b == k - kb && memcmp(s + b, key.s + kb, i - b) == 0) {
			i = b;
			k = kb;
			continue;
		}
		if (k == key.len || !skippable(utf8_decode_unchecked(s + b, i - b, &n)))
			return SIZE_MAX;
		i = b;
	}
	return i;
}

/* The keys indexed by their first and by their last character (the three bytes of an ideograph,
 * hashed into a bucket), computed once per process from the constant table, so that a lookup
 * compares only the few keys that share that character instead of every key. Each bucket chains
 * label indexes in ascending order, so ties between keys of equal length resolve as a scan of the
 * whole table would (the first listed wins). */
#define LABEL_COUNT   (sizeof parse_labels / sizeof *parse_labels)
#define LABEL_BUCKETS 256
static int16_t first_head[LABEL_BUCKETS], first_next[LABEL_COUNT];
static int16_t last_head[LABEL_BUCKETS], last_next[LABEL_COUNT];
static pthread_once_t label_index_once = PTHREAD_ONCE_INIT;

static unsigned bucket_of(const char *c)
{
	const unsigned char *u = (const unsigned char *)c;
	return (u[0] * 961u + u[1] * 31u + u[2]) & (LABEL_BUCKETS - 1);
}

static void fill_label_index(void)
{
	for (size_t b = 0; b < LABEL_BUCKETS; b++)
		first_head[b] = last_head[b] = -1;
	for (size_t i = LABEL_COUNT; i-- > 0;) { /* pushed from the end: chains come out ascending */
		const struct word *k = &parse_labels[i].key;
		unsigned fb = bucket_of(k->s), lb = bucket_of(k->s + k->len - 3);
		first_next[i] = first_head[fb];
		first_head[fb] = (int16_t)i;
		last_next[i] = last_head[lb];
		last_head[lb] = (int16_t)i;
	}
}

static int first_with_start(const char *c)
{
	pthread_once(&label_index_once, fill_label_index);
	return first_head[bucket_of(c)];
}

int parse_label_ending_first(const char *c)
{
	pthread_once(&label_index_once, fill_label_index);
	return last_head[bucket_of(c)];
}

int parse_label_ending_next(int i)
{
	return last_next[i];
}

const struct parse_label *parse_label_before(const char *s, size_t end, unsigned kinds, size_t *start)
{
	const struct parse_label *best = NULL;
	size_t best_key = 0;
	if (end < 3)
		return NULL;
	for (int i = parse_label_ending_first(s + end - 3); i >= 0; i = last_next[i]) {
		const struct parse_label *l = &parse_labels[i];
		const char *last = l->key.s + l->key.len - 3;
		if (!(kinds & (1u << l->kind)) || l->key.len <= best_key || last[0] != s[end - 3] ||
		    last[1] != s[end - 2] || last[2] != s[end - 1])
			continue;
		size_t b = spelled_before(s, end, l->key);
		if (b != SIZE_MAX) {
			best = l;
			best_key = l->key.len;
			*start = b;
		}
	}
	return best;
}

const struct parse_label *parse_label_at(const char *s, size_t len, unsigned kinds, size_t *end)
{
	const struct parse_label *best = NULL;
	size_t best_key = 0;
	if (len < 3)
		return NULL; /* every key is at least one ideograph */
	for (int i = first_with_start(s); i >= 0; i = first_next[i]) {
		const struct parse_label *l = &parse_labels[i];
		if (!(kinds & (1u << l->kind)) || l->key.len <= best_key || !starts_like(s, len, l->key))
			continue;
		size_t n = spelled(s, len, l->key);
		if (n > 0) {
			best = l;
			best_key = l->key.len;
			*end = n;
		}
	}
	return best;
}

int parse_heading_of_key(const char *key, size_t len)
{
	int found = -1;
	size_t best = 0;
	if (len < 3)
		return -1;
	for (int i = first_with_start(key); i >= 0; i = first_next[i]) {
		const struct parse_label *l = &parse_labels[i];
		if (l->kind == PL_HEADING && l->key.len > best && len >= l->key.len &&
		    memcmp(key, l->key.s, l->key.len) == 0) {
			found = l->row;
			best = l->key.len;
		}
	}
	return found;
}
