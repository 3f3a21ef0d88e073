/* apply_letter_docno.c — the 文号 of a 答复书 onto its text. The draft leaves the 文号 line blank
 * ("〔    〕    号") because the number is given when the letter is saved or issued, in its own field;
 * without this the issued letter and its PDF kept printing the blank while the number sat unused in
 * the database. The line is recognised by its shape — 〔, 〕 and 号 with nothing but spaces between —
 * so a letter edited by hand keeps whatever the handler wrote there. */
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "util/buf.h"

/* True when [line, end) is "〔 … 〕 … 号" with only spaces (ASCII or 全角) where the number goes. */
static bool blank_doc_no_line(const char *line, const char *end)
{
	static const char *const marks[] = {"〔", "〕", "号"};
	size_t next = 0;
	for (const char *p = line; p < end;) {
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
		} else if (end - p >= 3 && strncmp(p, "\xe3\x80\x80", 3) == 0) {
			p += 3;
		} else if (next < 3 && (size_t)(end - p) >= strlen(marks[next]) &&
			   strncmp(p, marks[next], strlen(marks[next])) == 0) {
			p += strlen(marks[next++]);
		} else {
			return false;
		}
	}
	return next == 3;
}

char *apply_letter_fill_doc_no(const char *body, const char *doc_no)
{
	if (!body)
		body = "";
	if (!doc_no || !*doc_no)
		return xstrdup(body);
	struct buf b = {0};
	bool filled = false;
	for (const char *line = body; *line;) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);
		if (!filled && blank_doc_no_line(line, end)) {
			buf_puts(&b, doc_no);
			filled = true;
		} else {
			buf_append(&b, line, (size_t)(end - line));
		}
		if (nl)
			buf_putc(&b, '\n');
		line = nl ? nl + 1 : end;
	}
	return b.data ? buf_take(&b) : xstrdup("");
}
