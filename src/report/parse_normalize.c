/* parse_normalize.c — the character-level rules of the report parser: text normalisation
 * (full-width forms, odd spaces), the matching key of a label, and the reading of one value cell.
 *
 * Published reports write the same thing many ways: "１２" and "12", "（一）" and "(一)", "、" and
 * "，", NBSP or U+3000 for spaces, "-" "—" "/" or nothing for a blank cell. These functions reduce
 * them to one form so that the rest of the parser compares plain bytes. */
#include <stdlib.h>
#include <string.h>

#include "report/parse_internal.h"

/* ASCII replacement of a full-width or space code point, -1 to drop it, 0 to keep it as is. */
static int ascii_of(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return '0' + (int)(cp - 0xFF10);
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return 'A' + (int)(cp - 0xFF21);
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return 'a' + (int)(cp - 0xFF41);
	switch (cp) {
	case 0xFF0E:
		return '.';
	case 0xFF0D:
	case 0x2212:
		return '-';
	case 0xFF0B:
		return '+';
	case 0xFF0F:
		return '/';
	case 0xFF05:
		return '%';
	case 0xFF5C:
		return '|';
	case 0x00A0:
	case 0x3000:
	case 0x202F:
	case 0x205F:
		return ' ';
	case 0x200B:
	case 0x200C:
	case 0x200D:
	case 0x2060:
	case 0xFEFF:
		return -1;
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return ' ';
	return 0;
}

static bool continuation(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* What parse_normalize_utf8 does with a character by its first byte. */
enum normalize_class {
	NC_OTHER,     /* a control character or a byte no character starts with: handled one by one */
	NC_PLAIN,     /* printable ASCII, line break, tab: copied */
	NC_IDEOGRAPH, /* E4–E9: U+4000–U+9FFF, copied when its two continuation bytes follow */
	NC_DECODE,    /* another lead byte: decoded, copied unless a rule applies */
};
#define NC_RANGE(from, to, class) [from... to] = class
static const unsigned char normalize_classes[256] = {
    ['\t'] = NC_PLAIN,
    ['\n'] = NC_PLAIN,
    NC_RANGE(0x20, 0x7E, NC_PLAIN),
    NC_RANGE(0xC2, 0xE3, NC_DECODE),
    NC_RANGE(0xE4, 0xE9, NC_IDEOGRAPH),
    NC_RANGE(0xEA, 0xF4, NC_DECODE),
};

bool parse_normalize_utf8(struct buf *out, const char *s, size_t len, size_t *controls, bool *nul)
{
	const unsigned char *u = (const unsigned char *)s;
	buf_grow(out, len); /* every rule keeps or shortens the text */
	char *o = out->data + out->len;
	size_t i = 0;
	bool valid = true;
	while (i < len) {
		size_t run = i; /* a run of characters that need no rule is copied in one piece */
		while (i < len) {
			enum normalize_class k = normalize_classes[u[i]];
			uint32_t cp;
			size_t n;
			if (k == NC_PLAIN)
				i++;
			else if (k == NC_IDEOGRAPH && len - i >= 3 && continuation(u[i + 1]) && continuation(u[i + 2]))
				i += 3; /* well formed whatever the continuation bytes, and no rule */
			else if (k != NC_OTHER && (cp = utf8_decode(s + i, len - i, &n)) != UTF8_INVALID &&
				 ascii_of(cp) == 0)
				i += n; /* "，", "（", "。" */
			else
				break;
		}
		memcpy(o, s + run, i - run);
		o += i - run;
		if (i == len)
			break;
		unsigned char c = u[i];
		if (c < 0x80) {
			*nul |= c == 0;
			*controls += parse_counted_control(c);
			bool crlf = c == '\r' && i + 1 < len && u[i + 1] == '\n';
			if ((c == '\r' && !crlf) || c == '\f' || c == '\v')
				*o++ = '\n';
			i++; /* other control characters are dropped */
			continue;
		}
		size_t n;
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		if (cp == UTF8_INVALID) {
			valid = false;
			break;
		}
		int a = ascii_of(cp);
		if (a > 0) {
			*o++ = (char)a;
		} else if (a == 0) {
			memcpy(o, s + i, n);
			o += n;
		}
		i += n;
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return valid;
}

void parse_normalize(struct buf *out, const char *s, size_t len)
{
	size_t controls = 0;
	bool nul = false;
	parse_normalize_utf8(out, s, len, &controls, &nul); /* s is UTF-8: it reads to the end */
}

/* Length of a numbering "（一）" / "(12)" at s, or 0. */
static size_t paren_numbering_len(const char *s, size_t len)
{
	size_t n, i;
	uint32_t cp = utf8_decode_unchecked(s, len, &n);
	if (cp != '(' && cp != 0xFF08)
		return 0;
	i = n;
	int count = 0;
	while (i < len && count < 4) {
		cp = utf8_decode_unchecked(s + i, len - i, &n);
		if (cp == ')' || cp == 0xFF09)
			return count > 0 ? i + n : 0;
		if (!parse_is_cn_numeral(cp) && !(cp >= '0' && cp <= '9'))
			return 0;
		i += n;
		count++;
	}
	return 0;
}

/* Length of a numbering "一、" / "十二." at s, or 0. */
static size_t cn_numbering_len(const char *s, size_t len)
{
	size_t i = 0, n;
	int count = 0;
	while (i < len && count < 3) {
		uint32_t cp = utf8_decode_unchecked(s + i, len - i, &n);
		if (!parse_is_cn_numeral(cp))
			break;
		i += n;
		count++;
	}
	if (count == 0 || i >= len)
		return 0;
	uint32_t cp = utf8_decode_unchecked(s + i, len - i, &n);
	return cp == 0x3001 || cp == '.' ? i + n : 0;
}

/* True when s[0, 3), led by E4–E9, is an ideograph U+4E00–U+9FFF other than a numeral 一…十: a
 * character a key keeps as it is. Those led by E6–E9 (U+6000–U+9FFF, no numeral there) are decided
 * by their first byte. */
static bool plain_ideograph(const char *s)
{
	if ((unsigned char)s[0] >= 0xE6)
		return true;
	size_t n;
	uint32_t cp = utf8_decode_unchecked(s, 3, &n);
	return cp >= 0x4E00 && !parse_is_cn_numeral(cp);
}

size_t parse_label_key(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0;
	while (i < len) {
		unsigned char lead = (unsigned char)s[i];
		if (lead >= 0xE4 && lead <= 0xE9 && len - i >= 3 && plain_ideograph(s + i)) {
			if (o + 3 >= PARSE_KEY_MAX) /* most characters of a label: kept, no other test */
				break;
			out[o++] = s[i], out[o++] = s[i + 1], out[o++] = s[i + 2];
			i += 3;
			continue;
		}
		size_t n, skip = 0;
		uint32_t cp = utf8_decode_unchecked(s + i, len - i, &n);
		if (cp == '(' || cp == 0xFF08)
			skip = paren_numbering_len(s + i, len - i);
		else if (parse_is_cn_numeral(cp))
			skip = cn_numbering_len(s + i, len - i);
		if (skip) {
			i += skip;
			continue;
		}
		bool keep = cp >= 0x3400 ? parse_is_cjk(cp) : ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
		if (keep) {
			if (o + n >= PARSE_KEY_MAX)
				break;
			for (size_t k = 0; k < n; k++) /* 1–4 bytes: a loop, not a call to memcpy */
				out[o++] = s[i + k];
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

void pkeys_init(struct pkeys *k, const struct plines *pl)
{
	*k = (struct pkeys){.pl = pl};
	if (pl->ncells == 0)
		return;
	k->off = xmalloc(pl->ncells * sizeof *k->off);
	k->len = xmalloc(pl->ncells * sizeof *k->len);
	buf_grow(&k->text, pl->text.len + PARSE_KEY_MAX);  /* a key is never longer than its cell */
	memset(k->off, 0xFF, pl->ncells * sizeof *k->off); /* PKEY_UNSET */
}

void pkeys_free(struct pkeys *k)
{
	buf_free(&k->text);
	free(k->off);
	free(k->len);
	*k = (struct pkeys){0};
}

const char *pkeys_get(struct pkeys *k, size_t ci, size_t *len)
{
	if (k->off[ci] == PKEY_UNSET) {
		const struct pcell *c = &k->pl->cells[ci];
		buf_grow(&k->text, PARSE_KEY_MAX);
		k->off[ci] = (uint32_t)k->text.len;
		k->len[ci] = (uint32_t)parse_label_key(pcell_text(k->pl, c), c->len, k->text.data + k->text.len);
		k->text.len += k->len[ci];
	}
	*len = k->len[ci];
	return k->text.data + k->off[ci];
}

/* ---- value cells ---- */

/* True when the text is one of the merged-cell markers that carry no value. */
static bool is_merged_marker(const char *s, size_t len)
{
	static const struct word markers[] = {WORD("〃"), WORD("↑"), WORD("←"), WORD("→"), WORD("↓"), WORD("同上")};
	for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
		if (word_is(s, len, markers[i]))
			return true;
	return false;
}

/* True when the text is made only of dashes and slashes ("-", "—", "——", "/"). */
static bool is_blank_marker(const char *s, size_t len)
{
	static const struct word marks[] = {WORD("-"), WORD("/"), WORD("\\"), WORD("—"), WORD("–"),
					    WORD("―"), WORD("─"), WORD("~"),  WORD("～")};
	unsigned char c = len ? (unsigned char)s[0] : 0; /* the marks start with - / backslash ~ E2 EF */
	if (c != '-' && c != '/' && c != '\\' && c != '~' && c != 0xE2 && c != 0xEF)
		return false; /* the common case: a label cell led by an ideograph */
	size_t i = 0, count = 0;
	while (i < len) {
		size_t k;
		for (k = 0; k < sizeof marks / sizeof *marks; k++)
			if (len - i >= marks[k].len && memcmp(s + i, marks[k].s, marks[k].len) == 0)
				break;
		if (k == sizeof marks / sizeof *marks)
			return false;
		i += marks[k].len;
		count++;
	}
	return count > 0 && count <= 8;
}

/* Unit written after a number, or NULL when the rest is not a unit. */
static const char *unit_of(const char *s, size_t len)
{
	static const struct word units[] = {WORD("万元"), WORD("元"), WORD("件"), WORD("个"),
					    WORD("项"),	  WORD("次"), WORD("宗"), WORD("条")};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (word_is(s, len, units[i]))
			return units[i].s;
	return NULL;
}

/* Reads the digits (with optional "," grouping) at s; returns how many bytes were used. */
static size_t read_whole(const char *s, size_t len, struct pnum *num, int *ndigits)
{
	size_t i = 0;
	int group = 0;
	bool grouped = false;
	*ndigits = 0;
	while (i < len) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (*ndigits == 0 && c == '0' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
				num->leading_zero = true;
			if (*ndigits < 16)
				num->whole = num->whole * 10 + (c - '0');
			else
				num->overflow = true;
			(*ndigits)++;
			group++;
			i++;
		} else if (c == ',' && *ndigits > 0 && (grouped ? group == 3 : group <= 3) && i + 1 < len &&
			   s[i + 1] >= '0' && s[i + 1] <= '9') {
			grouped = true;
			group = 0;
			num->plain_digits = false;
			i++;
		} else {
			break;
		}
	}
	if (grouped && group != 3)
		return 0;
	return i;
}

/* Reads ".ddd"; returns the bytes used, or 0 for no decimals, or (size_t)-1 when malformed. */
static size_t read_frac(const char *s, size_t len, struct pnum *num)
{
	if (len == 0 || s[0] != '.')
		return 0;
	size_t i = 1;
	int64_t scale = REPORT_MONEY_SCALE / 10;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (num->frac_digits >= 6)
			num->overflow = true;
		else
			num->frac += (s[i] - '0') * scale;
		scale /= 10;
		num->frac_digits++;
		i++;
	}
	return i > 1 ? i : (size_t)-1;
}

static enum vkind parse_number(const char *s, size_t len, struct pnum *num)
{
	*num = (struct pnum){.plain_digits = true};
	size_t i = 0;
	if (s[0] == '-' || s[0] == '+') {
		num->negative = s[0] == '-';
		num->plain_digits = false;
		i++;
	}
	int ndigits;
	size_t used = read_whole(s + i, len - i, num, &ndigits);
	if (used == 0 || ndigits == 0)
		return VK_LABEL;
	i += used;
	size_t frac = read_frac(s + i, len - i, num);
	if (frac == (size_t)-1)
		return VK_LABEL;
	if (frac)
		num->plain_digits = false;
	i += frac;
	if (ndigits > 15)
		num->overflow = true;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len) {
		num->unit = unit_of(s + i, len - i);
		if (!num->unit)
			return VK_LABEL;
		num->plain_digits = false;
	}
	return VK_NUMBER;
}

/* The common case of a table cell, 1–15 plain digits ("0", "12"), read as parse_number would
 * read it into *num (when not NULL: a caller asking only for the kind); false (num untouched) for
 * anything else. */
static bool plain_number(const char *s, size_t len, struct pnum *num)
{
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (num)
		*num = (struct pnum){.plain_digits = true, .leading_zero = len > 1 && s[0] == '0', .whole = v};
	return true;
}

enum vkind parse_value(const char *s, size_t len, struct pnum *num)
{
	if (len == 0)
		return VK_EMPTY;
	unsigned char c = (unsigned char)s[0];
	if (c >= '0' && c <= '9' && len <= 15 && plain_number(s, len, num))
		return VK_NUMBER;
	struct pnum scratch;
	if (!num)
		num = &scratch;
	if ((c >= '0' && c <= '9') || c == '+')
		return parse_number(s, len, num);
	if (c == '-')
		return is_blank_marker(s, len) ? VK_BLANK : parse_number(s, len, num);
	if (c < 0x80 && c != '/' && c != '\\' && c != '~')
		return VK_LABEL;
	if (len > 24)
		return VK_LABEL; /* markers are short */
	if (c >= 0x80 && c != 0xE2 && c != 0xE3 && c != 0xE5 && c != 0xEF)
		return VK_LABEL; /* no marker starts with this lead byte (— ↑ are E2, 〃 E3, 同上 E5, ～ EF) */
	if (is_merged_marker(s, len))
		return VK_EMPTY;
	return is_blank_marker(s, len) ? VK_BLANK : VK_LABEL;
}
