/* name.c — the names of attachments: sanitising the name a browser sent (it is shown on public
 * pages and becomes the name of the downloaded file, so it must carry no path, no control or bidi
 * characters that disguise an extension, and no extension that contradicts the content), the
 * Content-Disposition value that gives it back to browsers (RFC 6266 with an RFC 5987 UTF-8 name), and
 * the size as people read it. Pure code, unit-tested in test_info_attach.c. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "files/files.h"
#include "util/utf8.h"

/* Characters that are dropped: controls, and invisible formatting that can reorder or hide text
 * ("年报\u202Efdp.exe" would display as "年报exe.pdf"). */
static bool dropped(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

/* The last path component of a name ('/' and '\\' both separate). */
static const char *last_component(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* Copies the allowed characters of src into out (size > 0). */
static void clean_chars(const char *src, char *out, size_t size)
{
	size_t o = 0, n = strlen(src);
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = utf8_decode(src + i, n - i, &len);
		if (cp == UTF8_INVALID)
			continue; /* malformed bytes are dropped */
		if (!dropped(cp) && o + len < size) {
			if (cp < 0x80 && strchr("<>:\"/\\|?*", (int)cp)) {
				out[o++] = '_';
			} else {
				memcpy(out + o, src + i, len);
				o += len;
			}
		}
	}
	out[o] = '\0';
}

/* Length of the leading run of spaces (ASCII, U+3000) and dots at s. */
static size_t blank_prefix(const char *s)
{
	size_t i = 0;
	for (;;) {
		if (s[i] == ' ' || s[i] == '.')
			i++;
		else if (strncmp(s + i, "\u3000", 3) == 0)
			i += 3;
		else
			return i;
	}
}

/* Removes spaces (ASCII, U+3000) and dots at both ends, in place. */
static void trim(char *s)
{
	size_t lead = blank_prefix(s);
	memmove(s, s + lead, strlen(s + lead) + 1);
	size_t n = strlen(s);
	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\u3000", 3) == 0)
			n -= 3;
		else
			break;
		s[n] = '\0';
	}
}

/* Cuts s to at most max bytes without splitting a UTF-8 character. */
static void cut_utf8(char *s, size_t max)
{
	s[utf8_cut(s, strlen(s), max)] = '\0';
}

/* The extension of name (after the last '.', 1–10 ASCII letters/digits) or NULL; *dot its position. */
static char *extension_of(char *name, char **dot)
{
	char *d = strrchr(name, '.');
	if (!d || d == name || strlen(d + 1) == 0 || strlen(d + 1) > 10)
		return NULL;
	for (const char *c = d + 1; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			return NULL;
	*dot = d;
	return d + 1;
}

int attach_sanitize_name(const char *client_name, enum attach_kind kind, char *out, size_t size, char *err,
			 size_t errlen)
{
	const char *ext = attach_kind_ext(kind);
	if (!ext || size < ATTACH_NAME_MAX + 1) {
		snprintf(err, errlen, "附件：文件类型不受支持");
		return -1;
	}
	char clean[4 * ATTACH_NAME_MAX];
	clean_chars(last_component(client_name ? client_name : ""), clean, sizeof clean);
	trim(clean);
	char *dot = NULL, *claimed_ext = extension_of(clean, &dot);
	enum attach_kind claimed = claimed_ext ? attach_kind_of_ext(claimed_ext) : ATTACH_UNKNOWN;
	if (claimed != ATTACH_UNKNOWN && !attach_kind_same_family(claimed, kind)) {
		snprintf(err, errlen, "附件：文件名后缀“.%s”表明是%s，但文件内容是%s，请确认是否选错了文件",
			 claimed_ext, attach_kind_label(claimed), attach_kind_label(kind));
		return -1;
	}
	const char *keep_ext = claimed == kind ? claimed_ext : ext;
	if (claimed != ATTACH_UNKNOWN)
		*dot = '\0'; /* the base without its extension */
	cut_utf8(clean, ATTACH_NAME_MAX - 1 - strlen(keep_ext));
	trim(clean);
	snprintf(out, size, "%s.%s", *clean ? clean : "附件", keep_ext);
	return 0;
}

static bool rfc5987_attr_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

void attach_content_disposition(struct buf *out, const char *name)
{
	buf_puts(out, "attachment; filename=\"");
	for (const char *c = name; *c; c += utf8_char_len(c)) { /* one '_' per non-ASCII character */
		unsigned char b = (unsigned char)*c;
		buf_putc(out, b >= 0x20 && b < 0x7F && b != '"' && b != '\\' && b != '%' ? (char)b : '_');
	}
	buf_puts(out, "\"; filename*=UTF-8''");
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		if (rfc5987_attr_char(*c))
			buf_putc(out, (char)*c);
		else
			buf_printf(out, "%%%02X", *c);
	}
}

const char *attach_size_text(int64_t bytes, char *out, size_t size)
{
	if (bytes < 1024)
		snprintf(out, size, "%lld 字节", (long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, size, "%.1f KB", (double)bytes / 1024.0);
	else
		snprintf(out, size, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
	return out;
}
