/* csv.c — the RFC 4180 reader (see csv.h): one record at a time, quoted fields unescaped into the
 * record's buffer. Replaces the line splitter of the figures import, which cut "1,234" at its comma and
 * could not read a quote or a line break inside a field. */
#include <stdbool.h>
#include <string.h>

#include "util/csv.h"

void csv_reader_init(struct csv_reader *rd, const char *csv, size_t len)
{
	*rd = (struct csv_reader){.csv = csv, .len = len, .line = 1};
	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		rd->pos = 3;
}

static void skip_blanks(const struct csv_reader *rd, size_t *p)
{
	while (*p < rd->len && (rd->csv[*p] == ' ' || rd->csv[*p] == '\t'))
		(*p)++;
}

/* True when a record ends at p: LF, CRLF, or CR as the last byte. */
static bool at_line_end(const struct csv_reader *rd, size_t p)
{
	return p < rd->len &&
	       (rd->csv[p] == '\n' || (rd->csv[p] == '\r' && (p + 1 == rd->len || rd->csv[p + 1] == '\n')));
}

/* Moves past the line end at p (at_line_end must hold) and counts the line. */
static size_t past_line_end(struct csv_reader *rd, size_t p)
{
	if (rd->csv[p] == '\r')
		p++;
	if (p < rd->len && rd->csv[p] == '\n')
		p++;
	rd->line++;
	return p;
}

/* Skips blank lines; returns false at the end of the input. */
static bool skip_blank_lines(struct csv_reader *rd)
{
	for (;;) {
		size_t p = rd->pos;
		skip_blanks(rd, &p);
		if (p >= rd->len) {
			rd->pos = rd->len;
			return false;
		}
		if (!at_line_end(rd, p))
			return true;
		rd->pos = past_line_end(rd, p);
	}
}

/* Reads a quoted field whose opening quote is at *p into rec. Returns NULL or the reason it is bad. */
static const char *quoted_field(struct csv_reader *rd, size_t *p, struct csv_record *rec)
{
	for ((*p)++;; (*p)++) {
		if (*p >= rd->len)
			return "引号没有闭合";
		char c = rd->csv[*p];
		if (c == '"') {
			if (*p + 1 < rd->len && rd->csv[*p + 1] == '"') {
				buf_putc(&rec->text, '"');
				(*p)++;
				continue;
			}
			(*p)++;
			break;
		}
		if (c == '\n')
			rd->line++;
		buf_putc(&rec->text, c);
	}
	skip_blanks(rd, p);
	if (*p < rd->len && rd->csv[*p] != ',' && !at_line_end(rd, *p))
		return "闭合引号后面有多余的字符";
	return NULL;
}

/* Reads an unquoted field at *p into rec, without the blanks around it. */
static const char *plain_field(struct csv_reader *rd, size_t *p, struct csv_record *rec)
{
	size_t start = *p;
	while (*p < rd->len && rd->csv[*p] != ',' && rd->csv[*p] != '"' && !at_line_end(rd, *p))
		(*p)++;
	if (*p < rd->len && rd->csv[*p] == '"')
		return "字段中间有引号：含引号的字段应整个加引号，其中的引号写作两个引号";
	size_t end = *p;
	while (end > start && (rd->csv[end - 1] == ' ' || rd->csv[end - 1] == '\t'))
		end--;
	buf_append(&rec->text, rd->csv + start, end - start);
	return NULL;
}

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

int csv_next(struct csv_reader *rd, struct csv_record *rec, const char **why)
{
	buf_reset(&rec->text);
	rec->count = 0;
	if (!skip_blank_lines(rd))
		return 0;
	rec->line = rd->line;
	size_t p = rd->pos;
	for (;;) {
		if (rec->count == CSV_MAX_FIELDS)
			return fail(why, "字段过多");
		size_t start = rec->text.len;
		rec->start[rec->count++] = start;
		skip_blanks(rd, &p);
		const char *bad =
		    p < rd->len && rd->csv[p] == '"' ? quoted_field(rd, &p, rec) : plain_field(rd, &p, rec);
		if (bad)
			return fail(why, bad);
		if (rec->text.len - start > CSV_MAX_FIELD_LEN)
			return fail(why, "字段过长");
		if (memchr(rec->text.data ? rec->text.data + start : "", '\0', rec->text.len - start))
			return fail(why, "含有空字符（不是文本文件）");
		buf_append(&rec->text, "", 1); /* the field's terminating NUL */
		if (p < rd->len && rd->csv[p] == ',') {
			p++;
			continue;
		}
		rd->pos = p < rd->len ? past_line_end(rd, p) : rd->len;
		return 1;
	}
}

const char *csv_field(const struct csv_record *rec, size_t i)
{
	return rec->text.data + rec->start[i];
}

void csv_record_free(struct csv_record *rec)
{
	buf_free(&rec->text);
}

void csv_put_field(struct buf *out, const char *s)
{
	if (!s)
		return;
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	bool quote = formula || strpbrk(s, ",\"\r\n");
	if (quote)
		buf_puts(out, "\"");
	if (formula)
		buf_puts(out, "'");
	for (; *s; s++) {
		if (*s == '"')
			buf_puts(out, "\"");
		buf_append(out, s, 1);
	}
	if (quote)
		buf_puts(out, "\"");
}
