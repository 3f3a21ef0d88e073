/* test_report_similarity.c — the shingle similarity behind "section 五 repeated or copied"
 * (report_similarity.h): identical texts are 1, a text with other years and punctuation is still 1, an
 * unrelated text of the same genre stays below the threshold, an edited copy stays above it, and short
 * texts are not compared. The numbers are checked exactly where the arithmetic is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report_similarity.h"

static double similarity(const char *a, const char *b)
{
	struct report_shingles x, y;
	report_shingles(a, &x);
	report_shingles(b, &y);
	double s = report_shingle_similarity(&x, &y);
	report_shingles_free(&x);
	report_shingles_free(&y);
	return s;
}

static const char problems[] =
    "一是政策解读形式较为单一，图解、视频等解读方式运用不多；二是依申请公开答复的说理还需加强，"
    "个别答复书引用条款不够准确。下一步将加强业务培训，丰富解读形式。";

static void test_identical_and_normalised(void **state)
{
	(void)state;
	assert_true(similarity(problems, problems) == 1.0);
	/* digits, whitespace and punctuation do not count */
	assert_true(similarity("2023年本机关共组织培训3次，公开目录补充完善了两个栏目。",
			       "2024年 本机关共组织培训5次 公开目录补充完善了两个栏目") == 1.0);
}

static void test_unrelated_below_copy_above(void **state)
{
	(void)state;
	const char *other = "一是主动公开的及时性有待提高，部分信息更新滞后；二是政务公开平台栏目设置需进一步优化。"
			    "下一步将完善信息发布审核机制，按时更新各栏目内容。";
	double unrelated = similarity(problems, other);
	assert_true(unrelated >= 0 && unrelated < REPORT_SIMILAR_THRESHOLD);
	const char *edited =
	    "一是政策解读形式较为单一，图解、视频等解读方式运用不多；二是依申请公开答复的说理还需加强，"
	    "个别答复书引用条款不够准确。下一步将加强业务培训。";
	assert_true(similarity(problems, edited) >= REPORT_SIMILAR_THRESHOLD);
}

static void test_short_texts_not_compared(void **state)
{
	(void)state;
	assert_true(similarity("无。", "无。") == -1);
	assert_true(similarity(NULL, problems) == -1);
	struct report_shingles s;
	report_shingles("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申", &s); /* 19 characters */
	assert_int_equal(s.n, 0);
	report_shingles_free(&s);
	report_shingles("一二三四一二三四一二三四一二三四一二三四", &s); /* 20 characters, 4 distinct shingles */
	assert_int_equal(s.n, 4);
	report_shingles_free(&s);
	report_shingles("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", &s); /* 20: 17 shingles, all distinct */
	assert_int_equal(s.n, 17);
	report_shingles_free(&s);
}

static void test_jaccard_exact(void **state)
{
	(void)state;
	/* 20 distinct characters vs the same with the last one changed: 17 and 17 shingles, 16 shared:
	 * 16 / (17 + 17 − 16) = 16/18 */
	double s = similarity("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申戌");
	assert_true(s > 16.0 / 18 - 1e-9 && s < 16.0 / 18 + 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identical_and_normalised),
	    cmocka_unit_test(test_unrelated_below_copy_above),
	    cmocka_unit_test(test_short_texts_not_compared),
	    cmocka_unit_test(test_jaccard_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
