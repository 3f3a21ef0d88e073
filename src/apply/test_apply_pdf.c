/* test_apply_pdf.c — the 答复书 as PDF and the PDF writer under it (util/pdf_text.h), checked with the
 * poppler tools a reader would use: pdffonts must list an embedded Noto CJK font, pdftoppm must
 * render page 1 to an image, pdftotext must give back the Chinese text of every required element
 * (so the fonts carry a Unicode mapping), and a long document must flow onto numbered pages with the
 * table header repeated on the continuation page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply/apply.h"
#include "util/buf.h"
#include "util/pdf_text.h"
#include "storage/store_testutil.h"

struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-pdf-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const unsigned char *bytes, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Runs a shell command and returns its standard output (malloc'd). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf out = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	int status = pclose(p);
	if (status != 0)
		fail_msg("command failed (%d): %s\n%s", status, cmd, out.data ? out.data : "");
	return buf_take(&out);
}

/* True when text contains needle, ignoring ASCII spaces on both sides (pdftotext spaces glyphs as it
 * measures them: "— 1 —" may read back as "—1—"). */
static bool contains_squeezed(const char *text, const char *needle)
{
	struct buf a = {0}, b = {0};
	for (const char *p = text; *p; p++)
		if (*p != ' ')
			buf_putc(&a, *p);
	for (const char *p = needle; *p; p++)
		if (*p != ' ')
			buf_putc(&b, *p);
	bool found = a.data && b.data && strstr(a.data, b.data);
	buf_free(&a);
	buf_free(&b);
	return found;
}

static int day_of(const char *iso)
{
	int d = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &d), 0);
	return d;
}

static char *sample_letter(void)
{
	struct application a = {.applicant_type = APPLICANT_NATURAL_PERSON};
	snprintf(a.tracking_no, sizeof a.tracking_no, "YS2023-2-00007");
	snprintf(a.name, sizeof a.name, "张三");
	snprintf(a.description, sizeof a.description, "2023年钟楼街道老旧小区改造项目的立项批复文件");
	struct apply_letter_context ctx = {
	    &a,	  "汝州市钟楼街道办事处", "钟政信复〔2023〕3号", day_of("2023-09-28"), day_of("2023-10-20"), "partial",
	    NULL, "汝州市人民政府"};
	return apply_letter_draft(&ctx);
}

static void test_letter_pdf_embeds_cjk_and_renders(void **state)
{
	struct fixture *f = *state;
	char *body = sample_letter();
	size_t len = 0;
	char err[128] = "";
	unsigned char *pdf = apply_letter_pdf(body, "YS2023-2-00007", false, &len, err, sizeof err);
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	char path[128], cmd[512];
	snprintf(path, sizeof path, "%s/letter.pdf", f->dir);
	write_file(path, pdf, len);
	free(pdf);

	/* pdffonts: "name type encoding emb sub uni" — a Noto CJK font, embedded (emb = yes) */
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
	char *fonts = run(cmd);
	bool embedded_cjk = false;
	for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "NotoSerifCJK") && strstr(line, " yes "))
			embedded_cjk = true;
	if (!embedded_cjk)
		fail_msg("no embedded Noto CJK font in the letter");
	free(fonts);

	/* pdftoppm renders page 1 to a PNG of a plausible size */
	snprintf(cmd, sizeof cmd, "pdftoppm -f 1 -l 1 -r 50 -png '%s' '%s/page' && ls '%s'", path, f->dir, f->dir);
	free(run(cmd));
	char png[128];
	snprintf(png, sizeof png, "%s/page-1.png", f->dir);
	struct stat st;
	assert_int_equal(stat(png, &st), 0);
	assert_true(st.st_size > 2000);

	/* every required element reads back as text */
	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
	char *text = run(cmd);
	const char *elements[] = {"政府信息公开申请答复书", "钟政信复〔2023〕3号", "张三：",   "2023年9月28日",
				  "老旧小区改造",	    "第三十七条",	   "六十日内", "六个月内",
				  "汝州市钟楼街道办事处",   "2023年10月20日",	   "— 1 —"};
	for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
		if (!contains_squeezed(text, elements[i]))
			fail_msg("PDF text lacks %s:\n%s", elements[i], text);
	free(text);
	free(body);
}

static void test_draft_is_marked(void **state)
{
	struct fixture *f = *state;
	char *body = sample_letter();
	size_t len = 0;
	unsigned char *pdf = apply_letter_pdf(body, "YS2023-2-00007", true, &len, NULL, 0);
	assert_non_null(pdf);
	char path[128], cmd[256];
	snprintf(path, sizeof path, "%s/draft.pdf", f->dir);
	write_file(path, pdf, len);
	snprintf(cmd, sizeof cmd, "pdftotext '%s' -", path);
	char *text = run(cmd);
	assert_non_null(strstr(text, "草稿"));
	free(text);
	free(pdf);
	free(body);
}

/* A long document: paragraphs flow over pages, each page numbered, the table header repeated. */
static void test_long_document_flows_over_pages(void **state)
{
	struct fixture *f = *state;
	struct pdf_text *d = pdf_text_new("测试文档", "gongkai");
	pdf_text_heading(d, 1, "汝州市钟楼街道办事处2023年政府信息公开工作年度报告");
	pdf_text_heading(d, 2, "一、总体情况");
	for (int i = 0; i < 12; i++)
		pdf_text_paragraph(d,
				   "2023年，钟楼街道办事处深入贯彻落实《中华人民共和国政府信息公开条例》，"
				   "围绕群众关切，不断加大政府信息公开力度，主动公开、依申请公开、政府信息管理、"
				   "平台建设和监督保障各项工作稳步推进。",
				   PDF_INDENT);
	const char *cells[2 * 41];
	char labels[40][32];
	cells[0] = "信息内容";
	cells[1] = "本年处理决定数量";
	for (int row = 0; row < 40; row++) {
		snprintf(labels[row], sizeof labels[row], "第 %d 行", row + 1);
		cells[2 * (row + 1)] = labels[row];
		cells[2 * (row + 1) + 1] = "0";
	}
	double widths[] = {3, 1};
	pdf_text_table(d, 2, widths, cells, 41, 1);
	int pages = pdf_text_pages(d);
	assert_true(pages >= 3);
	size_t len = 0;
	unsigned char *pdf = pdf_text_finish(d, &len, NULL, 0);
	assert_non_null(pdf);
	char path[128], cmd[256];
	snprintf(path, sizeof path, "%s/long.pdf", f->dir);
	write_file(path, pdf, len);
	free(pdf);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep '^Pages:'", path);
	char *info = run(cmd);
	char expect[32];
	snprintf(expect, sizeof expect, "%d", pages);
	assert_non_null(strstr(info, expect));
	free(info);
	snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d '%s' -", pages, pages, path);
	char *last = run(cmd);
	snprintf(expect, sizeof expect, "— %d —", pages);
	assert_true(contains_squeezed(last, expect));
	assert_non_null(strstr(last, "本年处理决定数量")); /* header repeated where the table continues */
	assert_true(contains_squeezed(last, "第 40 行"));
	free(last);
}

static void test_doc_no_filled(void **state)
{
	(void)state;
	struct application a = {.applicant_type = APPLICANT_NATURAL_PERSON};
	snprintf(a.tracking_no, sizeof a.tracking_no, "YS2023-2-00007");
	snprintf(a.name, sizeof a.name, "张三");
	snprintf(a.description, sizeof a.description, "立项批复");
	struct apply_letter_context ctx = {
	    &a, "汝州市钟楼街道办事处", "", day_of("2023-09-28"), day_of("2023-10-20"), "granted", NULL, ""};
	char *draft = apply_letter_draft(&ctx);
	assert_non_null(strstr(draft, "〔    〕    号"));
	char *filled = apply_letter_fill_doc_no(draft, "钟政信复〔2023〕3号");
	assert_null(strstr(filled, "〔    〕"));
	assert_non_null(strstr(filled, "\n钟政信复〔2023〕3号\n"));
	assert_int_equal(strlen(filled), strlen(draft) - strlen("〔    〕    号") + strlen("钟政信复〔2023〕3号"));
	free(filled);
	/* No number: unchanged; a number written by hand is left alone. */
	filled = apply_letter_fill_doc_no(draft, "");
	assert_string_equal(filled, draft);
	free(filled);
	filled = apply_letter_fill_doc_no("标题\n\n钟政〔2023〕1号\n\n正文", "钟政信复〔2023〕3号");
	assert_string_equal(filled, "标题\n\n钟政〔2023〕1号\n\n正文");
	free(filled);
	filled = apply_letter_fill_doc_no("标题\n\n\xe3\x80\x80〔 〕 号\n正文〔〕号在句中", "X〔2023〕3号");
	assert_string_equal(filled, "标题\n\nX〔2023〕3号\n正文〔〕号在句中");
	free(filled);
	free(draft);
}

/* Letters made longer paragraph by paragraph: wherever the page ends, the 答复主体, the 答复日期 and
 * （印章） stay on one page — the seal never stands alone on the next. */
static void test_signature_block_kept_together(void **state)
{
	struct fixture *f = *state;
	char *letter = sample_letter();
	const char *sign = strstr(letter, "\n\n        ");
	while (sign && strstr(sign + 2, "\n\n        "))
		sign = strstr(sign + 2, "\n\n        ");
	assert_non_null(sign);
	bool split_case = false;
	for (int extra = 0; extra < 14; extra++) {
		struct buf b = {0};
		buf_append(&b, letter, (size_t)(sign - letter));
		for (int i = 0; i < extra; i++)
			buf_puts(&b, "\n\n    此段用于加长答复书，使签署部分落在页面底部附近。");
		buf_puts(&b, sign);
		size_t len = 0;
		unsigned char *pdf = apply_letter_pdf(b.data, "YS2023-2-00007", false, &len, NULL, 0);
		buf_free(&b);
		assert_non_null(pdf);
		char path[128], cmd[1024];
		snprintf(path, sizeof path, "%s/sign.pdf", f->dir);
		write_file(path, pdf, len);
		free(pdf);
		/* the page that holds the seal, and the text of that page */
		snprintf(cmd, sizeof cmd,
			 "n=$(pdfinfo '%s' | awk '/^Pages:/ {print $2}'); p=1; while [ $p -le $n ]; do "
			 "if pdftotext -f $p -l $p '%s' - | grep -q '（印章）'; then pdftotext -f $p -l $p '%s' -; "
			 "echo \"PAGE $p\"; fi; p=$((p+1)); done",
			 path, path, path);
		char *page = run(cmd);
		if (!contains_squeezed(page, "2023年10月20日") || !contains_squeezed(page, "汝州市钟楼街道办事处"))
			fail_msg("with %d extra paragraphs the seal is apart from the signature:\n%s", extra, page);
		split_case |= strstr(page, "PAGE 2") != NULL;
		free(page);
	}
	assert_true(split_case); /* some of the lengths did push the signature onto page 2 */
	free(letter);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_letter_pdf_embeds_cjk_and_renders),
	    cmocka_unit_test(test_draft_is_marked),
	    cmocka_unit_test(test_doc_no_filled),
	    cmocka_unit_test(test_signature_block_kept_together),
	    cmocka_unit_test(test_long_document_flows_over_pages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
