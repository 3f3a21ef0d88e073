/* fuzz_docx.c — libFuzzer entry point of the DOCX (and OFD) reader: bytes that start like a zip go through
 * read_published (libzip container, entry limits, inflation budget, then the XML), any other bytes
 * straight into the word/document.xml reader (w:tbl grids with gridSpan/vMerge/gridBefore/After,
 * nested tables, paragraphs). Must answer without crashing, leaking or running long. Seeds:
 * fuzz/corpus/fuzz_docx/ (the document.xml of tests/fixtures/formats/hongze-2024.docx, a
 * hand-written table with every kind of merge, a whole small DOCX and an OFD, which goes through
 * the OFD reader the same way). */
#include <stddef.h>
#include <stdint.h>

#include "report/read_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plines pl = {0};
	char err[512];
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		read_published((const char *)data, size, &pl, err, sizeof err);
	else
		read_docx_xml((const char *)data, size, &pl, err, sizeof err);
	plines_free(&pl);
	return 0;
}
