/* server.c — the live HTTP server on libmicrohttpd (the only user of http/mhd_lib.h, which opens the
 * library when `serve` starts: http_server_load).
 *
 * Life of a connection's request here:
 *   - MHD's URI-log callback (first thing MHD reports) creates the struct req and parses the raw
 *     target with our own parser (so the server and `gongkai http` parse identically);
 *   - first access-handler call: copy the headers, decide the body limit for the route; a declared
 *     Content-Length above it is answered with 413 at once (MHD then closes the connection instead
 *     of reading the body); otherwise return without a response, as MHD requires for bodies;
 *   - calls with upload data: append to the body up to the limit (a chunked body that grows past it
 *     is marked and answered 413 at the end);
 *   - the final call: router_dispatch() and queue the response (always on a later call than the
 *     first: queueing on the first call makes MHD close the connection);
 *   - the completion callback writes the access-log line and frees the request and its arena.
 * Limits: header size via MHD's per-connection memory pool, connection count in all and per client
 * address, an idle timeout per connection, a deadline for the whole request head (the watchdog
 * below) against slow-header clients, and the body limits above. Malformed framing (guard.h) is
 * refused with 400 before any body is read. SIGTERM/SIGINT stop accepting, let the
 * running requests finish (at most SHUTDOWN_GRACE_SECONDS) and then stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "domain/audit.h"
#include "http/guard.h"
#include "http/http.h"
#include "http/mhd_lib.h"
#include "http/router.h"
#include "util/log.h"

enum {
	SHUTDOWN_GRACE_SECONDS = 10,
	CONNECTION_MEMORY = 32 * 1024, /* per-connection pool, zeroed by MHD for every request: heads up to the
					* limits below get our 414/431; beyond ~24 KB MHD refuses them itself */
	MAX_TARGET_BYTES = 8 * 1024,   /* longer request targets: our 414 */
	MAX_HEADER_BYTES = 16 * 1024,  /* more header bytes: our 431 (with security headers, JSON for /api/) */
};

/* The whole-head deadline (slow-header defence): every connection is tracked from the moment it is
 * accepted, and from the end of each response on a kept-alive connection, until its request head is
 * complete; a watchdog thread shuts down the socket of any connection whose head has not arrived
 * within request_head_seconds (MHD then sees the end of the stream and closes it). MHD's own timeout
 * is an idle timeout, which a client sending one byte at a time never reaches. */
struct head_watch {
	struct head_watch *prev, *next;
	int fd;
	struct timespec since; /* monotonic: accepted, or the last response finished */
	bool head_done;	       /* the current request's head is complete (body or response under way) */
	bool cut;	       /* already shut down by the watchdog */
};

struct watchdog {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct head_watch *list;
	int deadline_seconds;
	bool stop;
	pthread_t thread;
};

static void head_watch_set(struct MHD_Connection *con, bool head_done, struct watchdog *wd)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct head_watch *hw = ci ? ci->socket_context : NULL;
	if (!hw || !wd)
		return;
	pthread_mutex_lock(&wd->lock);
	hw->head_done = head_done;
	if (!head_done)
		clock_gettime(CLOCK_MONOTONIC, &hw->since);
	pthread_mutex_unlock(&wd->lock);
}

/* MHD_OPTION_NOTIFY_CONNECTION: start and stop watching a connection. */
static void on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct watchdog *wd = cls;
	pthread_mutex_lock(&wd->lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct head_watch *hw = xcalloc(1, sizeof *hw);
		hw->fd = ci ? ci->connect_fd : -1;
		clock_gettime(CLOCK_MONOTONIC, &hw->since);
		hw->next = wd->list;
		if (wd->list)
			wd->list->prev = hw;
		wd->list = hw;
		*socket_context = hw;
	} else if (*socket_context) {
		struct head_watch *hw = *socket_context;
		if (hw->prev)
			hw->prev->next = hw->next;
		else
			wd->list = hw->next;
		if (hw->next)
			hw->next->prev = hw->prev;
		free(hw);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&wd->lock);
}

/* The watchdog thread: twice a second, cuts the connections whose head is overdue. */
static void *watchdog_run(void *arg)
{
	struct watchdog *wd = arg;
	pthread_mutex_lock(&wd->lock);
	while (!wd->stop) {
		struct timespec now, until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 500 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		pthread_cond_timedwait(&wd->wake, &wd->lock, &until);
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (struct head_watch *hw = wd->list; hw; hw = hw->next)
			if (!hw->head_done && !hw->cut && hw->fd >= 0 &&
			    now.tv_sec - hw->since.tv_sec >= wd->deadline_seconds) {
				shutdown(hw->fd, SHUT_RDWR);
				hw->cut = true;
			}
	}
	pthread_mutex_unlock(&wd->lock);
	return NULL;
}

static int watchdog_start(struct watchdog *wd, int deadline_seconds)
{
	memset(wd, 0, sizeof *wd);
	pthread_mutex_init(&wd->lock, NULL);
	pthread_cond_init(&wd->wake, NULL);
	wd->deadline_seconds = deadline_seconds;
	return pthread_create(&wd->thread, NULL, watchdog_run, wd);
}

static void watchdog_stop(struct watchdog *wd)
{
	pthread_mutex_lock(&wd->lock);
	wd->stop = true;
	pthread_cond_signal(&wd->wake);
	pthread_mutex_unlock(&wd->lock);
	pthread_join(wd->thread, NULL);
	pthread_cond_destroy(&wd->wake);
	pthread_mutex_destroy(&wd->lock);
}

/* Per-request server bookkeeping lives in the req itself; these flags track the handler calls. */
struct conn_state {
	struct req *req;
	bool headers_seen;
	bool answered_early;
	const char *refused; /* set when the request head itself is refused: the reason … */
	int refused_status;  /* … and the status (400, 414, 431) */
};

/* Copies one header; value_len keeps the length MHD saw, so a NUL inside shows (guard_framing). */
static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	(void)kind;
	struct req *r = cls;
	const char *v = value ? value : "";
	size_t name_nul = strlen(key) != key_size;
	kv_add(&r->arena, &r->headers, arena_strdup(&r->arena, key), arena_strdup(&r->arena, v),
	       (value ? value_size : 0) + name_nul);
	return MHD_YES;
}

static const char *client_address(struct req *r, struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
				  sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
				  sizeof text);
	}
	return arena_strdup(&r->arena, text);
}

/* MHD_OPTION_URI_LOG_CALLBACK: the raw request target, before anything else. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct conn_state *cs = xcalloc(1, sizeof *cs);
	cs->req = req_create(cls);
	cs->req->client_ip = client_address(cs->req, con);
	req_parse_target(cs->req, uri ? uri : "/");
	return cs;
}

/* Turns the finished struct req into an MHD response and queues it. */
static enum MHD_Result send_response(struct MHD_Connection *con, struct req *r)
{
	struct MHD_Response *resp;
	size_t len;
	if (r->static_body) {
		len = r->static_len;
		resp = MHD_create_response_from_buffer(len, (void *)r->static_body, MHD_RESPMEM_PERSISTENT);
	} else {
		len = r->page.out.len;
		resp = MHD_create_response_from_buffer(len, buf_take(&r->page.out), MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	r->static_len = len; /* remembered for the access log */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	for (size_t i = 0; i < r->resp_headers.count; i++)
		MHD_add_response_header(resp, r->resp_headers.items[i].name, r->resp_headers.items[i].value);
	enum MHD_Result ret = MHD_queue_response(con, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* First handler call: headers are complete, the body (if any) not yet read. */
static bool on_headers(struct MHD_Connection *con, struct conn_state *cs, const char *method)
{
	struct req *r = cs->req;
	r->method = arena_strdup(&r->arena, method);
	MHD_get_connection_values_n(con, MHD_HEADER_KIND, copy_header, r);
	if (r->app->cfg->trust_proxy)
		r->client_ip = guard_client_ip(&r->arena, r->client_ip, req_header(r, "X-Forwarded-For"),
					       r->app->cfg->trusted_proxies);
	size_t header_bytes = 0;
	for (size_t i = 0; i < r->headers.count; i++)
		header_bytes += strlen(r->headers.items[i].name) + r->headers.items[i].value_len + 4;
	const char *framing = guard_framing(&r->headers);
	if (strlen(r->target) > MAX_TARGET_BYTES) {
		cs->refused = "请求的网址过长。";
		cs->refused_status = 414;
	} else if (header_bytes > MAX_HEADER_BYTES) {
		cs->refused = "请求头过大或过多，服务器无法处理。";
		cs->refused_status = 431;
	} else if (framing) {
		cs->refused = framing;
		cs->refused_status = 400;
	}
	if (cs->refused)
		return true; /* answer now: MHD closes the connection without reading a body */
	r->body_limit = router_body_limit(r->app, r->method, r->path);
	const char *cl = req_header(r, "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > r->body_limit) {
		r->body_too_large = true;
		return true; /* answer now: MHD closes the connection instead of reading the body */
	}
	return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)cls, (void)url, (void)version;
	struct conn_state *cs = *con_cls;
	struct req *r = cs->req;
	if (!cs->headers_seen) {
		cs->headers_seen = true;
		head_watch_set(con, true, r->app->watchdog);
		if (!on_headers(con, cs, method))
			return MHD_YES;
		cs->answered_early = true;
		if (cs->refused)
			router_refuse(r, cs->refused_status, cs->refused);
		else
			router_dispatch(r);
		return send_response(con, r);
	}
	if (*upload_data_size) {
		if (!r->body_too_large && r->body_in.len + *upload_data_size <= r->body_limit)
			buf_append(&r->body_in, upload_data, *upload_data_size);
		else
			r->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->answered_early)
		return MHD_YES;
	router_dispatch(r);
	return send_response(con, r);
}

/* MHD_OPTION_NOTIFY_COMPLETED: the response went out (or the connection died). */
static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)toe;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	head_watch_set(con, false, cs->req->app->watchdog); /* a kept-alive connection: the next head's clock */
	if (cs->headers_seen)
		router_access_log(cs->req, cs->req->static_len);
	req_destroy(cs->req);
	free(cs);
	*con_cls = NULL;
}

/* MHD's error logger; fmt comes from the library, never from a request. */
__attribute__((format(printf, 2, 0))) static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("gongkai serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Parses "host:port" / "[v6]:port" into addr. Returns 0, or -1. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, bool *ipv6)
{
	memset(addr, 0, sizeof *addr);
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (hlen >= sizeof host)
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	*ipv6 = host[0] == '[';
	if (*ipv6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)addr;
		if (hlen < 2 || host[hlen - 1] != ']')
			return -1;
		host[hlen - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)addr;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? 0 : -1;
}

/* The worker thread count: the configured one, or, when the setting is 0, on SQLite 32 per CPU and at
 * least 64, on PostgreSQL eight per CPU and at least 16 (each thread there holds a server connection,
 * and the server's max_connections is 100 by default). A thread that submits a write waits until the
 * batch holding it is durable, and the batches gather the writes that end while the previous one is
 * being synced: the more writes can wait together, the larger the batches and the less work each
 * write costs (docs/performance.md: at 64 connections on 2 cores, 16 threads gave batches of 4 and
 * 64 threads batches of 12–20, with 15 % less CPU per submission). Reads cost a thread little more
 * than its stack and its reader connection. */
static bool on_postgresql(const struct http_app *app)
{
	return app->store && strcmp(store_backend(app->store), "postgresql") == 0;
}

static unsigned worker_threads(const struct config *cfg, bool postgresql)
{
	if (cfg->threads > 0)
		return (unsigned)cfg->threads;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned per_cpu = postgresql ? 8u : 32u, least = postgresql ? 16u : 64u;
	unsigned n = cpus > 0 ? per_cpu * (unsigned)cpus : least;
	return n < least ? least : n > 256u ? 256u : n;
}

static struct MHD_Daemon *start_daemon(struct http_app *app, const struct sockaddr_storage *addr, bool ipv6)
{
	const struct config *cfg = app->cfg;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	return MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, app, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL, MHD_OPTION_SOCK_ADDR,
	    addr, MHD_OPTION_THREAD_POOL_SIZE, worker_threads(cfg, on_postgresql(app)), MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_connections_per_ip, MHD_OPTION_NOTIFY_CONNECTION,
	    on_connection, app->watchdog, MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, app,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, app, MHD_OPTION_END);
}

static void announce(struct MHD_Daemon *d, const struct http_app *app, int ready_fd, bool ipv6)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	char host[64];
	const char *colon = strrchr(app->cfg->listen, ':');
	snprintf(host, sizeof host, "%.*s", (int)(colon - app->cfg->listen), app->cfg->listen);
	fprintf(stderr, "gongkai serve: 正在监听 http://%s:%u/ （%u 个工作线程；按 Ctrl-C 停止）\n", host, port,
		worker_threads(app->cfg, on_postgresql(app)));
	if (ready_fd >= 0) {
		char line[96];
		int n = snprintf(line, sizeof line, "listening on %s:%u\n", host, port);
		if (write(ready_fd, line, (size_t)n) < 0)
			perror("gongkai serve: ready fd");
	}
	(void)ipv6;
}

/* Verifies the audit log and appends a signed checkpoint of its head (audit.h); logs an error when
 * the log is found tampered or the checkpoint cannot be written. */
static void audit_checkpoint_now(struct http_app *app)
{
	struct db *db = app->store ? store_reader(app->store) : NULL;
	struct audit_verify_result result;
	char err[256] = "";
	int rc = db ? audit_checkpoint(db, (int64_t)time(NULL), &result, err, sizeof err) : -1;
	if (rc == 2)
		log_msg(LOG_ERROR, NULL, "审计日志校验失败，未写检查点：%s", result.problem);
	else if (rc < 0)
		log_msg(LOG_ERROR, NULL, "无法写审计检查点：%s", err[0] ? err : "数据库不可用");
	if (db)
		db_release(db);
}

/* Waits for SIGTERM/SIGINT (blocked in every thread, so only this thread sees them), writing an
 * audit checkpoint every audit_checkpoint_minutes meanwhile. */
static int wait_for_stop_signal(struct http_app *app, const sigset_t *set)
{
	for (;;) {
		struct timespec every = {(time_t)app->cfg->audit_checkpoint_minutes * 60, 0};
		int sig = sigtimedwait(set, NULL, &every);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			audit_checkpoint_now(app);
	}
}

/* Logs what the group commit achieved while the server ran (bench/apply.sh prints it). */
static void log_write_stats(struct http_app *app)
{
	struct store_write_stats s = {0};
	if (app->store)
		store_write_stats(app->store, &s);
	log_msg(LOG_INFO, NULL,
		"合并提交：%llu 个写事务，共 %llu 项写入，平均每批 %.2f 项，最多 %d 项，日志同步 %llu 次",
		(unsigned long long)s.batches, (unsigned long long)s.jobs,
		s.batches ? (double)s.jobs / (double)s.batches : 0.0, s.largest, (unsigned long long)s.syncs);
}

static void drain(struct MHD_Daemon *d)
{
	MHD_socket listen_fd = MHD_quiesce_daemon(d);
	for (int i = 0; i < SHUTDOWN_GRACE_SECONDS * 10; i++) {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		usleep(100 * 1000);
	}
	MHD_stop_daemon(d);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
}

int http_server_load(char *err, size_t errsize)
{
	return gk_mhd_load(err, errsize);
}

int http_serve(struct http_app *app, int ready_fd)
{
	char load_err[DL_ERROR_MAX];
	if (http_server_load(load_err, sizeof load_err) != 0) {
		fprintf(stderr, "gongkai serve: %s\n", load_err);
		return -1;
	}
	struct sockaddr_storage addr;
	bool ipv6;
	if (parse_listen(app->cfg->listen, &addr, &ipv6) != 0) {
		fprintf(stderr, "gongkai serve: 监听地址“%s”无效，应为 主机:端口，例如 127.0.0.1:8080\n",
			app->cfg->listen);
		return -1;
	}
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	/* Memory a request frees stays with the process up to 64 MiB per arena: glibc's default gives the
	 * top of a thread's heap back to the kernel as soon as 128 KiB are free, and the next request
	 * faults the pages in again — 6.7 page faults per acknowledged submission at 64 connections,
	 * 0.03 with this (docs/performance.md). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	struct watchdog wd;
	if (watchdog_start(&wd, app->cfg->request_head_seconds) != 0) {
		fprintf(stderr, "gongkai serve: 无法启动连接看守线程\n");
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	app->watchdog = &wd;
	struct MHD_Daemon *d = start_daemon(app, &addr, ipv6);
	if (!d) {
		fprintf(stderr, "gongkai serve: 无法在 %s 上监听（%s）\n", app->cfg->listen, strerror(errno));
		watchdog_stop(&wd);
		app->watchdog = NULL;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	announce(d, app, ready_fd, ipv6);
	int sig = wait_for_stop_signal(app, &set);
	fprintf(stderr, "gongkai serve: 收到信号 %d，停止接受新连接，等待进行中的请求完成…\n", sig);
	drain(d);
	audit_checkpoint_now(app); /* the head as the server leaves it */
	log_write_stats(app);
	watchdog_stop(&wd);
	app->watchdog = NULL;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fputs("gongkai serve: 已停止\n", stderr);
	return 0;
}
