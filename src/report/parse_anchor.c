/* parse_anchor.c — the front end for flat text: it does not trust line breaks.
 *
 * Web pages copied as text come as ONE line (the whole report, tables included), pdftotext output
 * wraps labels and interleaves them with numbers, Markdown conversions mix both. This pass reads
 * the text as a stream of labels, numbers and prose and rewrites it so that every row label, group
 * label and section heading (parse_labels.c) starts its own line, wherever it stood: mid-line,
 * inside a paragraph ("…成效。二、主动公开政府信息情况 第二十条…"), glued to the last digit of the row
 * before ("0 0 0 0 0 002.其他法律…"), after an item number glued to that row's digits ("1700000172."
 * = 17,0,0,0,0,0,17 and item "2."). Page footers such as "-4-" are removed. The lines it produces
 * are then cut into cells by parse_text.c and read by the one table assembler (parse_tables.c), the
 * same one that reads HTML tables. It never drops or invents a digit: it only inserts line breaks
 * and spaces. */

#include "report/parse_internal.h"

#define NUMBERING_BACK_MAX 24 /* bytes of a "（十二）" numbering looked back over */
#define SHORT_KEY_BYTES	   12 /* keys of up to four characters also occur in prose */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool at(const char *s, size_t len, size_t i, const char *lit)
{
	size_t n = strlen(lit);
	return len - i >= n && memcmp(s + i, lit, n) == 0;
}

/* Length of the decimal spelling of item (> 0) when the digits s[0, len) end with it, else 0 (the
 * item number glued to the digits of the row before). */
static size_t ends_with_number(const char *s, size_t len, int item)
{
	size_t n = 0;
	for (; item > 0; item /= 10, n++)
		if (n >= len || s[len - 1 - n] != '0' + item % 10)
			return 0;
	return n;
}

/* Where the numbering written just before a label that starts at out[label] begins ("（一）", "一、",
 * "2."), or label when there is none. An item number glued to the digits of the row before
 * ("…172." for item 2) starts at the item's own digits. */
static size_t numbering_start(const struct buf *out, size_t label, int item)
{
	const char *s = out->data;
	size_t e = label;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	if (e == 0)
		return label;
	if (s[e - 1] == ')' || (e >= 3 && memcmp(s + e - 3, "）", 3) == 0)) {
		size_t b = s[e - 1] == ')' ? e - 1 : e - 3, n;
		while (b > 0 && b + NUMBERING_BACK_MAX > e) {
			if (s[b - 1] == '(')
				return b - 1;
			if (b >= 3 && memcmp(s + b - 3, "（", 3) == 0)
				return b - 3;
			if (is_digit(s[b - 1]))
				b--;
			else if (b >= 3 && parse_is_cn_numeral(utf8_decode_unchecked(s + b - 3, 3, &n)))
				b -= 3;
			else
				break;
		}
		return label;
	}
	size_t sep;
	if (s[e - 1] == '.')
		sep = e - 1;
	else if (e >= 3 && memcmp(s + e - 3, "、", 3) == 0)
		sep = e - 3;
	else
		return label;
	size_t d = sep;
	while (d > 0 && is_digit(s[d - 1]))
		d--;
	if (d < sep) {
		size_t wl = item > 0 ? ends_with_number(s + d, sep - d, item) : 0;
		if (wl > 0)
			return sep - wl;
		return sep - d <= 2 ? d : sep;
	}
	size_t n, b = sep; /* "三、", also doubled as "三三、" */
	while (b >= 3 && sep - b < 6 && parse_is_cn_numeral(utf8_decode_unchecked(s + b - 3, 3, &n)))
		b -= 3;
	return b < sep ? b : label;
}

/* Starts a new line in out at position pos (the rest of out moves after the break); nothing when
 * only spaces and table rules ("| ") stand before pos on its line. */
static void break_at(struct buf *out, size_t pos)
{
	size_t b = pos;
	while (b > 0 && (out->data[b - 1] == ' ' || out->data[b - 1] == '|' || out->data[b - 1] == '\t'))
		b--;
	if (b == 0 || out->data[b - 1] == '\n')
		return;
	while (pos < out->len && out->data[pos] == ' ')
		pos++;
	if (pos == out->len) {
		while (out->len > 0 && out->data[out->len - 1] == ' ')
			out->len--;
		buf_putc(out, '\n');
		return;
	}
	buf_putc(out, ' ');
	memmove(out->data + pos + 1, out->data + pos, out->len - 1 - pos);
	out->data[pos] = '\n';
}

/* Appends s[0, len) with line breaks and tabs turned into spaces. */
static void append_flat(struct buf *out, const char *s, size_t len)
{
	size_t from = out->len;
	buf_append(out, s, len);
	for (char *p = out->data + from; p < out->data + out->len; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

/* True when the number at s[i] is followed by a counter word ("无法提供 1 件。"): prose, not a
 * table row. */
static bool counted_in_prose(const char *s, size_t len, size_t i)
{
	static const char *const counters[] = {"件", "条", "个", "份", "人", "次", "项", "宗", "家", "年", "%"};
	while (i < len && (is_digit(s[i]) || s[i] == ' ' || s[i] == '.'))
		i++;
	for (size_t k = 0; k < sizeof counters / sizeof *counters; k++)
		if (at(s, len, i, counters[k]))
			return true;
	return false;
}

/* True when what follows a short label makes it a table row rather than a word of prose: a number,
 * a blank mark, the next numbering, or the end. With digits_only, only a number will do. */
static bool row_follows(const char *s, size_t len, size_t i, bool digits_only)
{
	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '|' || s[i] == ':'))
		i++;
	if (i == len)
		return !digits_only;
	if (is_digit(s[i]))
		return !counted_in_prose(s, len, i);
	return !digits_only &&
	       (s[i] == '-' || s[i] == '(' || at(s, len, i, "（") || at(s, len, i, "—") || at(s, len, i, "："));
}

/* Extends a label ending at s[end] over its closing brackets and quotes ("…不计其他情形）"). */
static size_t closing_marks(const char *s, size_t len, size_t end)
{
	for (;;) {
		if (end < len && (s[end] == ')' || s[end] == '"'))
			end++;
		else if (at(s, len, end, "）") || at(s, len, end, "”") || at(s, len, end, "】"))
			end += 3;
		else
			return end;
	}
}

/* Length of a heading at s[i] ("二、主动公开政府信息情况", "一总体情况"), or 0. */
static size_t heading_at(const char *s, size_t len, size_t i)
{
	if ((i > 0 && s[i - 1] == '(') || (i >= 3 && memcmp(s + i - 3, "（", 3) == 0))
		return 0; /* "（一）…" is a sub-heading */
	size_t j = i, n;
	int numerals = 0;
	while (j < len && numerals < 2 && parse_is_cn_numeral(utf8_decode_unchecked(s + j, len - j, &n)))
		j += n, numerals++;
	if (numerals == 0)
		return 0;
	if (at(s, len, j, "、") || at(s, len, j, "，"))
		j += 3;
	else if (j < len && (s[j] == '.' || s[j] == ','))
		j++;
	while (j < len && s[j] == ' ')
		j++;
	size_t end;
	if (j >= len || !parse_label_at(s + j, len - j, 1u << PL_HEADING, &end))
		return 0;
	return j + end - i;
}

/* Length of a page footer "-4-" at s[i] standing between spaces, or 0. */
static size_t footer_at(const char *s, size_t len, size_t i)
{
	if (s[i] != '-' || (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n'))
		return 0;
	size_t j = i + 1;
	while (j < len && is_digit(s[j]))
		j++;
	if (j == i + 1 || j - i > 5 || j >= len || s[j] != '-')
		return 0;
	j++;
	return j == len || s[j] == ' ' || s[j] == '\n' ? j - i : 0;
}

/* True when what out holds so far ends with a digit (spaces aside): the end of a row's numbers. */
static bool after_number(const struct buf *out)
{
	size_t e = out->len;
	while (e > 0 && out->data[e - 1] == ' ')
		e--;
	return e > 0 && is_digit(out->data[e - 1]);
}

/* Anchors a heading or label that starts a token at s[i]: writes it to out on a line of its own (a
 * row label followed by two spaces and its numbers). Returns the bytes of s consumed, or 0 when
 * nothing is anchored there. */
static size_t anchor_at(struct buf *out, const char *s, size_t len, size_t i)
{
	size_t h = heading_at(s, len, i);
	if (h) {
		break_at(out, out->len);
		append_flat(out, s + i, h);
		buf_putc(out, '\n');
		return h;
	}
	size_t end;
	const struct parse_label *l = parse_label_at(
	    s + i, len - i, (1u << PL_ROW) | (1u << PL_GROUP) | (1u << PL_HEADER) | (1u << PL_EXTRA), &end);
	if (!l)
		return 0;
	end = closing_marks(s + i, len - i, end);
	if (l->kind == PL_EXTRA ? !after_number(out)
				: l->key.len <= SHORT_KEY_BYTES && !row_follows(s, len, i + end, false))
		return 0;
	break_at(out, numbering_start(out, out->len, l->item));
	append_flat(out, s + i, end);
	if (l->kind != PL_HEADER)
		buf_append(out, "  ", 2);
	return end;
}

/* Before the number at s[i]: a row label glued to the word before it ("…现行有效件数规章 0 0 0",
 * "…尚未审结总计000…") ends what out holds so far; puts it on a line of its own. */
static void anchor_glued_label(struct buf *out, const char *s, size_t len, size_t i)
{
	size_t end = out->len, start;
	while (end > 0 && out->data[end - 1] == ' ')
		end--;
	const struct parse_label *l = parse_label_before(out->data, end, 1u << PL_ROW, &start);
	if (!l || !row_follows(s, len, i, true))
		return;
	out->len = end;
	break_at(out, numbering_start(out, start, l->item));
	buf_append(out, "  ", 2);
}

/* True when s[0, 3) is an ideograph told by its bytes alone (len ≥ 3): U+4000–U+9FFF but for the
 * Yijing hexagrams U+4DC0–U+4DFF (E4 B7 xx), which are no ideographs. */
static bool ideograph_at(const unsigned char *u)
{
	return u[0] >= 0xE5 ? u[0] <= 0xE9 : u[0] == 0xE4 && u[1] != 0xB7;
}

void parse_anchor_text(struct buf *out, const char *s, size_t len)
{
	buf_grow(out, len + len / 8 + 16);
	size_t i = 0, copied = 0; /* s[copied, i) is still to be copied to out */
	bool after_cjk = false;	  /* the last code point before i, spaces aside, is an ideograph */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\t') {
			i++;
			continue;
		}
		size_t n = 1, taken = 0;
		bool cjk = false;
		if (len - i >= 3 && ideograph_at((const unsigned char *)s + i))
			n = 3, cjk = true; /* no need to decode it */
		else if (c >= 0x80)
			cjk = parse_is_cjk(utf8_decode_unchecked(s + i, len - i, &n));
		if (c >= 0x80) {
			if (cjk && !after_cjk) {
				buf_append(out, s + copied, i - copied);
				copied = i;
				taken = anchor_at(out, s, len, i);
			}
		} else if (c == '-' && (taken = footer_at(s, len, i)) > 0) {
			buf_append(out, s + copied, i - copied);
			buf_putc(out, ' ');
		} else if (is_digit((char)c) && after_cjk) {
			buf_append(out, s + copied, i - copied);
			copied = i;
			anchor_glued_label(out, s, len, i);
		}
		if (taken) {
			i += taken;
			copied = i;
			after_cjk = false;
			continue;
		}
		after_cjk = cjk;
		i += n;
		if (cjk) /* the rest of a run of ideographs changes nothing */
			while (len - i >= 3 && ideograph_at((const unsigned char *)s + i))
				i += 3;
		else if (c < 0x80) /* nor does ASCII after ASCII (digits, spaces), but for a footer's '-' */
			while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '-')
				i++;
	}
	buf_append(out, s + copied, len - copied);
}
