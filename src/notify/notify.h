/* notify.h — notices to applicants by e-mail (SMTP through libcurl) and SMS (a configured command),
 * delivered from a durable outbox (migration 023).
 *
 * Producers call notify_enqueue inside the write transaction of the change they tell about, so a
 * notice exists exactly when the change was committed. A sender thread (notify_sender_start) delivers
 * pending rows outside any write transaction: it claims a row in a short transaction, sends it with
 * no transaction open, and records the result in another; failures are retried with a growing delay
 * (at most NOTIFY_MAX_ATTEMPTS). A channel that is not configured (smtp_url or sms_command empty)
 * marks its rows "skipped": nothing is sent and nothing fails. Recipients and texts carry personal
 * data: they are never logged (only row ids and the SMTP error).
 *
 * Layering: storage + util only. Attachments are rendered at sending time by a callback the caller
 * provides (the apply module renders the 答复书 PDF), so notify does not depend on the features. */
#ifndef GONGKAI_NOTIFY_NOTIFY_H
#define GONGKAI_NOTIFY_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define NOTIFY_MAX_ATTEMPTS 8

/* One notice to queue (text fields not owned). */
struct notify_message {
	int64_t application_id;
	const char *kind;	/* "receipt", "correction", "extension", "fee_notice", "reply", "query_code" */
	const char *channel;	/* "email" or "sms" */
	const char *recipient;	/* e-mail address or phone number */
	const char *subject;	/* e-mail only ("" for SMS) */
	const char *body;	/* plain text, UTF-8 */
	const char *attachment; /* "" or "letter" */
};

/* Queues m. w: a writer inside the producer's transaction. Rows with an empty recipient are not
 * queued (returns 0). Returns 0 or -1. */
int notify_enqueue(struct db *w, const struct notify_message *m, int64_t now);

/* Queues first and second (in that order, as two notify_enqueue calls would), with one statement when
 * both have a recipient. Returns 0 or -1. */
int notify_enqueue_pair(struct db *w, const struct notify_message *first, const struct notify_message *second,
			int64_t now);

/* Renders attachment `kind` ("letter") of the application for sending: *data malloc'd (caller frees),
 * *len and the file name (into name, size bytes). Returns 0, or -1 when it cannot (the row is retried). */
typedef int (*notify_attachment_fn)(struct db *reader, int64_t application_id, const char *kind, unsigned char **data,
				    size_t *len, char *name, size_t size);

/* Work the sender thread does before each pass (the server queues staff reminders with it): ctx as
 * given in notify_config.tick_ctx, now the current Unix time. Its result is ignored (it logs its own
 * problems); it must open only short store_write transactions. */
typedef int (*notify_tick_fn)(void *ctx, int64_t now);

struct notify_config {
	const char *smtp_url;  /* "" = no e-mail; smtp://host:port or smtps://host:port */
	const char *smtp_user; /* "" = no authentication */
	const char *smtp_password;
	const char *mail_from;	 /* sender address, e.g. gongkai@example.gov.cn */
	const char *sms_command; /* "" = no SMS; an executable run as COMMAND PHONE with the text on stdin */
	notify_attachment_fn attachment;
	int poll_seconds;    /* sender: how often to look for due rows (≥ 1) */
	notify_tick_fn tick; /* NULL: none */
	void *tick_ctx;
	/* who claims rows (notify_outbox.claimed_by): notify_sender_start names its sender ("host:pid:time")
	 * so that several server processes share the outbox; NULL counts as "" */
	const char *claimant;
};

/* Seconds after which a row still "sending" counts as abandoned (its sender died) and is due again:
 * far longer than a send may take (SMTP gives up after a minute). */
#define NOTIFY_CLAIM_LEASE 600

/* Checks the settings: smtp_url empty or smtp:// / smtps://, mail_from set when smtp_url is.
 * Returns 0, or -1 with a Chinese message naming the key. */
int notify_config_check(const struct notify_config *cfg, char *err, size_t errsize);

/* Delivers the rows due at `now` (one pass, in id order; at most `limit`): the rows of channels that are
 * not configured are marked "skipped" together in one store_write job; each other row is claimed, sent
 * and its result recorded in short store_write jobs (no transaction is open while sending). Returns how
 * many were handled (sent, failed, skipped or rescheduled), or -1 when a read failed or a claim or a
 * result could not be committed (logged with the row id; a row whose result was lost stays "sending"
 * until notify_release_claimed). */
int notify_deliver_due(struct store *store, const struct notify_config *cfg, int64_t now, int limit);

/* Puts back to "pending" (through store_write) the rows left "sending" by claimant, and those of any
 * sender claimed more than NOTIFY_CLAIM_LEASE seconds before now: after a result that could not be
 * committed, and at the sender's start. The claims of other live senders (other server processes on
 * the database) are left to them. Returns 0, or -1 (logged). */
int notify_release_claimed(struct store *store, const char *claimant, int64_t now);

/* Sends one e-mail through libcurl (no database). attach may be NULL. Returns 0, or -1 with the
 * reason in err. */
int notify_smtp_send(const struct notify_config *cfg, const char *to, const char *subject, const char *body,
		     const unsigned char *attach, size_t attach_len, const char *attach_name, char *err,
		     size_t errsize);

/* Runs cfg->sms_command PHONE with text on standard input; 0 when it exits 0, else -1 with err. */
int notify_sms_send(const char *command, const char *phone, const char *text, char *err, size_t errsize);

/* The sender thread: started once per process; stop() wakes it, waits for it and frees it. Rows left
 * "sending" by a crash are put back to "pending" on start (a notice may then go out twice, never
 * not at all). */
struct notify_sender;
struct notify_sender *notify_sender_start(struct store *store, const struct notify_config *cfg);
void notify_sender_stop(struct notify_sender *s);

#endif
