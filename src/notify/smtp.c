/* smtp.c — one e-mail through libcurl's SMTP client: UTF-8 text (base64), an optional attachment,
 * the subject encoded as RFC 2047 (=?UTF-8?B?…?=), STARTTLS when the server offers it (smtps:// is
 * TLS from the start), authentication when smtp_user is set, bounded connect and total times so a
 * dead server cannot hang the sender for long. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notify/curl_lib.h"
#include "notify/notify.h"
#include "util/buf.h"

#define SMTP_CONNECT_SECONDS 10L
#define SMTP_TOTAL_SECONDS   60L

/* "=?UTF-8?B?…?=" of text (malloc'd). */
static char *encoded_word(const char *text)
{
	size_t len = strlen(text);
	size_t size = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(size);
	sodium_bin2base64(b64, size, (const unsigned char *)text, len, sodium_base64_VARIANT_ORIGINAL);
	struct buf b = {0};
	buf_printf(&b, "=?UTF-8?B?%s?=", b64);
	free(b64);
	return buf_take(&b);
}

/* True when s has no CR or LF (header injection) and is not empty. */
static bool header_safe(const char *s)
{
	return s && *s && !strpbrk(s, "\r\n");
}

static struct curl_slist *headers_for(const struct notify_config *cfg, const char *to, const char *subject)
{
	char line[512], date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	char *subj = encoded_word(subject);
	struct curl_slist *h = NULL;
	snprintf(line, sizeof line, "From: %s", cfg->mail_from);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof line, "To: %s", to);
	h = curl_slist_append(h, line);
	struct buf s = {0};
	buf_printf(&s, "Subject: %s", subj);
	h = curl_slist_append(h, s.data);
	buf_free(&s);
	free(subj);
	snprintf(line, sizeof line, "Date: %s", date);
	h = curl_slist_append(h, line);
	return curl_slist_append(h, "MIME-Version: 1.0");
}

static curl_mime *message_for(CURL *curl, const char *body, const unsigned char *attach, size_t attach_len,
			      const char *attach_name)
{
	curl_mime *mime = curl_mime_init(curl);
	curl_mimepart *part = curl_mime_addpart(mime);
	curl_mime_data(part, body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "base64");
	if (attach && attach_len) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, (const char *)attach, attach_len);
		curl_mime_type(part, "application/pdf");
		curl_mime_filename(part, attach_name && *attach_name ? attach_name : "attachment.pdf");
		curl_mime_encoder(part, "base64");
	}
	return mime;
}

int notify_smtp_send(const struct notify_config *cfg, const char *to, const char *subject, const char *body,
		     const unsigned char *attach, size_t attach_len, const char *attach_name, char *err, size_t errsize)
{
	if (!header_safe(to) || !header_safe(cfg->mail_from) || strpbrk(subject, "\r\n")) {
		snprintf(err, errsize, "收件或发件地址不正确");
		return -1;
	}
	if (gk_curl_load(err, errsize) < 0)
		return -1;
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(err, errsize, "libcurl 初始化失败");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct curl_slist *headers = headers_for(cfg, to, subject);
	curl_mime *mime = message_for(curl, body, attach, attach_len, attach_name);
	curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, cfg->mail_from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_SECONDS);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, SMTP_TOTAL_SECONDS);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	if (cfg->smtp_user && *cfg->smtp_user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
	}
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		snprintf(err, errsize, "SMTP：%s", *errbuf ? errbuf : curl_easy_strerror(rc));
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	return rc == CURLE_OK ? 0 : -1;
}
