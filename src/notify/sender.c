/* sender.c — the thread that empties the outbox: every poll_seconds (or at once when stopped) it
 * runs the configured tick (the server's staff reminders) and delivers the due rows with
 * notify_deliver_due. One per server process (several processes on one database share the outbox: each
 * claims rows under its own name, see notify_release_claimed); it only ever holds the writer for the
 * short claim and record transactions. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "notify/notify.h"
#include "util/buf.h"
#include "util/log.h"

#define SENDER_BATCH 50

struct notify_sender {
	struct store *store;
	struct notify_config cfg;
	char claimant[96]; /* cfg.claimant: "host:pid:start time" */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *run(void *arg)
{
	struct notify_sender *s = arg;
	notify_release_claimed(s->store, s->claimant, (int64_t)time(NULL)); /* rows a crash left "sending" */
	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		if (s->cfg.tick && s->cfg.tick(s->cfg.tick_ctx, (int64_t)time(NULL)) < 0)
			log_msg(LOG_ERROR, NULL, "notify: 定时任务（办理提醒）未完成，稍后重试");
		int handled;
		while ((handled = notify_deliver_due(s->store, &s->cfg, (int64_t)time(NULL), SENDER_BATCH)) ==
		       SENDER_BATCH)
			;	 /* a full batch: there may be more */
		if (handled < 0) /* a claim or a result not committed (logged): put "sending" rows back */
			notify_release_claimed(s->store, s->claimant, (int64_t)time(NULL));
		pthread_mutex_lock(&s->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->cfg.poll_seconds > 0 ? s->cfg.poll_seconds : 1;
		if (!s->stop)
			pthread_cond_timedwait(&s->wake, &s->lock, &until);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

struct notify_sender *notify_sender_start(struct store *store, const struct notify_config *cfg)
{
	struct notify_sender *s = xcalloc(1, sizeof *s);
	s->store = store;
	s->cfg = *cfg;
	char host[64] = "";
	gethostname(host, sizeof host - 1);
	snprintf(s->claimant, sizeof s->claimant, "%s:%ld:%lld", host, (long)getpid(), (long long)time(NULL));
	s->cfg.claimant = s->claimant;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		log_msg(LOG_ERROR, NULL, "notify: 无法启动通知发送线程");
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	return s;
}

void notify_sender_stop(struct notify_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
