/* fuzz_pdf_text.c — libFuzzer entry point of the PDF grid rebuilder (read_pdf_grid.c): the bytes are
 * decoded into positioned glyphs and pages, so the fuzzer explores the geometry (overlapping,
 * stacked, wrapped, duplicated, degenerate boxes, many pages) rather than poppler's PDF parser.
 * Input: records of 6 bytes — x and y (little-endian, 1/16 point), a size byte (4–31 points) and a
 * symbol byte (0xFF starts a new page, otherwise an index into a small alphabet of digits, table
 * labels and page-number furniture). Seeds: fuzz/corpus/fuzz_pdf_text/ (real glyph positions of
 * tests/fixtures/real/243.pdf and a synthetic table, encoded by fuzz/corpus/encode_glyphs.py). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/read_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const alphabet[] = {
    "0",  "1",	"2",  "3",  "4",  "5",	"6",  "7",  "8", "9", "三", "本", "年", "度", "（", "）",
    "一", "、", "总", "计", "公", "开", "第", "页", "-", "/", ".",  "申", "请", "予", "以", "不",
};
#define ALPHABET_SIZE (sizeof alphabet / sizeof *alphabet)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_glyphs pg = {0};
	pdf_glyphs_new_page(&pg, 842);
	for (size_t i = 0; i + 6 <= size; i += 6) {
		const uint8_t *r = data + i;
		if (r[5] == 0xFF) {
			pdf_glyphs_new_page(&pg, 842);
			continue;
		}
		double x = (r[0] | r[1] << 8) / 16.0, y = (r[2] | r[3] << 8) / 16.0, s = 4 + r[4] % 28;
		const char *g = alphabet[r[5] % ALPHABET_SIZE];
		size_t len = strlen(g);
		pdf_glyphs_add(&pg, x, y, x + (len == 1 ? s / 2 : s), y + s, g, len);
	}
	struct plines pl = {0};
	pdf_glyphs_to_lines(&pg, &pl);
	plines_free(&pl);
	pdf_glyphs_free(&pg);
	return 0;
}
