/* fuzz_parse.c — libFuzzer entry point of the published-report parser: any bytes (text, HTML,
 * GB18030, binary) go through report_parse, which must answer without crashing, leaking or
 * running long. Seed corpus: the parser's fixtures, tests/fixtures/reports/ (seed layouts) and
 * tests/fixtures/real/ (real published reports: flat one-line pages, pdftotext, Markdown), which
 * scripts/fuzz.sh copies in. */
#include <stddef.h>
#include <stdint.h>

#include "report/report_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report r;
	struct findings f = {0};
	char err[256];
	report_parse((const char *)data, size, &r, &f, err, sizeof err);
	report_free(&r);
	findings_free(&f);
	return 0;
}
