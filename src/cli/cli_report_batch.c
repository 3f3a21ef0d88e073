/* cli_report_batch.c — `gongkai report check PATH…`: checking one report or thousands of them.
 *
 * Directories are walked recursively (regular files only, hidden entries skipped) and every file is
 * checked in path order, so the output is the same whatever the order of the arguments or the number
 * of worker processes. With --jobs N, N forked workers take files from a shared counter and send
 * each result back to the parent through a pipe (a frame, see "the worker protocol"); a worker that
 * dies leaves its unfinished file marked unreadable, never a hole. The cross-year rules run in the
 * parent once every file is read, between reports of the same agency in consecutive years. Per file
 * the batch keeps only the findings and the small report model the cross-year rules need — never
 * the file bytes. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include "cli/cli.h"
#include "cli/cli_report.h"
#include "report/report_check.h"
#include "report/report_json.h"
#include "util/buf.h"

#define MAX_JOBS 64

enum verdict checked_verdict(const struct checked *c)
{
	if (!c->readable)
		return VERDICT_UNREADABLE;
	int s = findings_status(&c->findings);
	return s == 0 ? VERDICT_CONSISTENT : s == 1 ? VERDICT_VIOLATIONS : VERDICT_INCOMPLETE;
}

static void checked_free(struct checked *c)
{
	free(c->path);
	free(c->error);
	free(c->agency);
	findings_free(&c->findings);
	if (c->model)
		report_free(c->model);
	free(c->model);
	free(c->model_json);
	*c = (struct checked){0};
}

/* ---- the list of files ---- */

struct paths {
	char **v;
	int n, cap;
};

static void paths_add(struct paths *p, char *path)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	p->v[p->n++] = path;
}

/* Adds the regular files under dir (recursively; entries whose name starts with '.' are skipped,
 * symbolic links to directories are not followed). An unreadable directory is added as a path of
 * its own so that it is reported unreadable rather than silently dropped. */
static void walk(struct paths *p, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		paths_add(p, xstrdup(dir));
		return;
	}
	struct dirent *e;
	size_t dlen = strlen(dir);
	bool slash = dlen > 0 && dir[dlen - 1] == '/';
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		struct buf path = {0};
		buf_printf(&path, "%s%s%s", dir, slash ? "" : "/", e->d_name);
		struct stat st;
		if (e->d_type == DT_REG) { /* the type readdir gives, when it gives one, spares two stat calls */
			paths_add(p, buf_take(&path));
			continue;
		}
		if (e->d_type == DT_DIR ||
		    (e->d_type == DT_UNKNOWN && lstat(path.data, &st) == 0 && S_ISDIR(st.st_mode)))
			walk(p, path.data);
		else if (stat(path.data, &st) == 0 && S_ISREG(st.st_mode)) {
			paths_add(p, buf_take(&path));
			continue;
		}
		buf_free(&path);
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files named by the arguments: directories expanded, the whole list sorted by path. A path
 * that does not exist is kept (it will be reported unreadable). */
static void collect(struct paths *p, char **args, int nargs, bool *any_dir)
{
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			*any_dir = true;
			walk(p, args[i]);
		} else {
			paths_add(p, xstrdup(args[i]));
		}
	}
	if (p->n > 1)
		qsort(p->v, (size_t)p->n, sizeof *p->v, by_path);
}

/* ---- checking one file ---- */

/* Reads, parses and checks c->path (single-report rules) and fills the rest of c. */
static void check_file(struct checked *c)
{
	struct loaded l;
	cli_report_load(&l, c->path);
	if (l.readable)
		report_check(&l.report, &l.findings);
	*c = (struct checked){
	    .path = c->path,
	    .readable = l.readable,
	    .error = l.readable ? NULL : xstrdup(l.error),
	    .edition = l.report.edition,
	    .year = l.report.year,
	    .agency = l.report.agency ? xstrdup(l.report.agency) : NULL,
	    .findings = l.findings,
	};
	l.findings = (struct findings){0};
	if (l.readable && l.report.agency && l.report.year) {
		/* The cross-year rules read the tables and section 五 (report_check.h): sections 一 and 六
		 * are dropped to keep the batch small. */
		report_set_text(&l.report.overview, NULL);
		report_set_text(&l.report.other, NULL);
		c->model = xmalloc(sizeof *c->model);
		*c->model = l.report;
		report_init(&l.report, REPORT_EDITION_UNKNOWN);
	}
	cli_report_unload(&l);
}

/* ---- the worker protocol ----
 * A result is a frame: two native-endian uint32 lengths (both processes are the same binary on the
 * same machine), a compact JSON header (index, verdict data, findings), then the canonical JSON of
 * the report model when the cross-year rules may need it. The parent keeps that JSON as bytes and
 * parses it only for a report whose agency has a consecutive year in the batch, so the parent's
 * work per file stays small and the workers do the parsing. */

#define FRAME_PREFIX (2 * sizeof(uint32_t))

/* Appends the frame of c (file index) to out. */
static void encode_result(int index, const struct checked *c, struct buf *out)
{
	json_t *o = json_object();
	json_object_set_new(o, "i", json_integer(index));
	json_object_set_new(o, "readable", json_boolean(c->readable));
	json_object_set_new(o, "error", json_string_or_null(c->error));
	json_object_set_new(o, "edition", json_integer(c->edition));
	json_object_set_new(o, "year", json_integer(c->year));
	json_object_set_new(o, "agency", json_string_or_null(c->agency));
	struct buf text = {0};
	findings_to_json(&c->findings, &text);
	json_object_set_new(o, "findings", json_loads(text.data, 0, NULL));
	buf_free(&text);
	char *header = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (c->model)
		report_to_json(c->model, &text);
	uint32_t len[2] = {(uint32_t)strlen(header), (uint32_t)text.len};
	buf_append(out, (const char *)len, sizeof len);
	buf_append(out, header, len[0]);
	buf_append(out, text.data ? text.data : "", text.len);
	free(header);
	buf_free(&text);
}

static const char *string_member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Fills all[i] (whose path is already set) from a frame's header and report JSON and marks it
 * got; returns the file index, or -1 for a frame that is not a result or names a file already
 * received. */
static int decode_result(const char *header, size_t header_len, const char *model, size_t model_len,
			 struct checked *all, bool *got, int n)
{
	json_t *o = json_loadb(header, header_len, 0, NULL);
	json_int_t i = o ? json_integer_value(json_object_get(o, "i")) : -1;
	if (!o || i < 0 || i >= n || got[i]) {
		json_decref(o);
		return -1;
	}
	got[i] = true;
	struct checked *c = &all[i];
	c->readable = json_is_true(json_object_get(o, "readable"));
	const char *s = string_member(o, "error");
	c->error = s ? xstrdup(s) : NULL;
	c->edition = (int)json_integer_value(json_object_get(o, "edition"));
	c->year = (int)json_integer_value(json_object_get(o, "year"));
	s = string_member(o, "agency");
	c->agency = s ? xstrdup(s) : NULL;
	size_t k;
	json_t *x;
	json_array_foreach(json_object_get(o, "findings"), k, x)
	{
		const char *sev = string_member(x, "severity");
		findings_add(&c->findings, string_member(x, "rule"),
			     sev && strcmp(sev, "error") == 0 ? SEV_ERROR : SEV_WARNING,
			     json_is_true(json_object_get(x, "incomplete")), string_member(x, "table"),
			     string_member(x, "row"), string_member(x, "column"), "%s", string_member(x, "message"));
	}
	json_decref(o);
	if (model_len > 0) {
		c->model_json = xmalloc(model_len);
		memcpy(c->model_json, model, model_len);
		c->model_json_len = model_len;
	}
	return (int)i;
}

/* The report model of c for the cross-year rules, parsed from the worker's JSON on first use;
 * NULL when there is none. */
static struct report *checked_model(struct checked *c)
{
	if (!c->model && c->model_json) {
		char err[256];
		struct report *r = xmalloc(sizeof *r);
		if (report_from_json(c->model_json, c->model_json_len, r, err, sizeof err) == 0) {
			c->model = r;
		} else {
			report_free(r);
			free(r);
		}
		free(c->model_json);
		c->model_json = NULL;
	}
	return c->model;
}

static bool write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

/* A worker: takes the next file index from the shared counter until none is left. */
static void run_worker(int fd, atomic_int *next, struct paths *p)
{
	int i;
	while ((i = atomic_fetch_add(next, 1)) < p->n) {
		struct checked c = {.path = xstrdup(p->v[i])};
		check_file(&c);
		struct buf frame = {0};
		encode_result(i, &c, &frame);
		bool ok = write_all(fd, frame.data, frame.len);
		buf_free(&frame);
		checked_free(&c);
		if (!ok)
			break;
	}
}

/* ---- progress on a terminal ---- */

struct progress {
	bool on;
	int total, done, shown; /* shown: the last percentage drawn, -1 before the first */
};

static void progress_step(struct progress *pr)
{
	pr->done++;
	if (!pr->on)
		return;
	int percent = pr->done * 100 / pr->total;
	if (percent == pr->shown && pr->done != pr->total)
		return;
	pr->shown = percent;
	int width = 30, filled = pr->done * width / pr->total;
	fprintf(stderr, "\r检查中 [%.*s%*s] %d/%d", filled, "##############################", width - filled, "",
		pr->done, pr->total);
	if (pr->done == pr->total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* ---- running the batch ---- */

static void run_here(struct checked *all, int n, struct progress *pr)
{
	for (int i = 0; i < n; i++) {
		check_file(&all[i]);
		progress_step(pr);
	}
}

/* Reads from a worker's pipe and takes every complete frame into all[]; returns false at end of
 * file. */
static bool drain(int fd, struct buf *pending, struct checked *all, bool *got, int n, struct progress *pr)
{
	char chunk[65536];
	ssize_t r = read(fd, chunk, sizeof chunk);
	if (r < 0 && errno == EINTR)
		return true;
	if (r <= 0)
		return false;
	buf_append(pending, chunk, (size_t)r);
	size_t start = 0;
	while (pending->len - start >= FRAME_PREFIX) {
		uint32_t len[2];
		memcpy(len, pending->data + start, sizeof len);
		size_t frame = FRAME_PREFIX + (size_t)len[0] + len[1];
		if (pending->len - start < frame)
			break;
		const char *header = pending->data + start + FRAME_PREFIX;
		if (decode_result(header, len[0], header + len[0], len[1], all, got, n) >= 0)
			progress_step(pr);
		start += frame;
	}
	memmove(pending->data, pending->data + start, pending->len - start);
	pending->len -= start;
	return true;
}

/* The worker processes of one batch and the parent's end of their pipes. */
struct workers {
	int n;
	struct pollfd fds[MAX_JOBS];
	pid_t pids[MAX_JOBS];
	struct buf pending[MAX_JOBS]; /* bytes of a frame not complete yet */
};

/* Forks up to jobs workers (w->n says how many started). */
static void start_workers(struct workers *w, int jobs, atomic_int *next, struct paths *p)
{
	fflush(NULL);
	for (w->n = 0; w->n < jobs;) {
		int pipefd[2];
		if (pipe(pipefd) < 0)
			break;
		pid_t pid = fork();
		if (pid == 0) {
			close(pipefd[0]);
			for (int k = 0; k < w->n; k++)
				close(w->fds[k].fd);
			run_worker(pipefd[1], next, p);
			_exit(0);
		}
		close(pipefd[1]);
		if (pid < 0) {
			close(pipefd[0]);
			break;
		}
		w->pids[w->n] = pid;
		w->fds[w->n] = (struct pollfd){.fd = pipefd[0], .events = POLLIN};
		w->pending[w->n] = (struct buf){0};
		w->n++;
	}
}

/* Reads the workers' frames until every pipe is closed. */
static void gather(struct workers *w, struct checked *all, bool *got, int n, struct progress *pr)
{
	for (int open = w->n; open > 0;) {
		if (poll(w->fds, (nfds_t)w->n, -1) < 0 && errno != EINTR) {
			for (int k = 0; k < w->n; k++)
				if (w->fds[k].fd >= 0)
					close(w->fds[k].fd);
			return;
		}
		for (int k = 0; k < w->n; k++) {
			if (w->fds[k].fd < 0 || !(w->fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (!drain(w->fds[k].fd, &w->pending[k], all, got, n, pr)) {
				close(w->fds[k].fd);
				w->fds[k].fd = -1;
				open--;
			}
		}
	}
}

/* Waits for every worker; returns the signal that killed one of them, or 0. */
static int reap(struct workers *w)
{
	int died = 0;
	for (int k = 0; k < w->n; k++) {
		int status = 0;
		while (waitpid(w->pids[k], &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status))
			died = WTERMSIG(status);
		buf_free(&w->pending[k]);
	}
	return died;
}

/* A file no worker reported on (its worker died) is unreadable, with the reason. */
static void mark_lost(struct checked *c, int signal)
{
	struct buf why = {0};
	if (signal)
		buf_printf(&why, "检查进程异常终止（信号 %d），本文件未能检查", signal);
	else
		buf_puts(&why, "检查进程未交回本文件的结果，本文件未能检查");
	c->readable = false;
	c->error = buf_take(&why);
}

static void run_workers(struct paths *p, struct checked *all, int jobs, struct progress *pr)
{
	atomic_int *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct workers w = {0};
	if (next != MAP_FAILED) {
		atomic_init(next, 0);
		start_workers(&w, jobs, next, p);
	}
	if (w.n == 0) { /* no worker could start: check everything here */
		if (next != MAP_FAILED)
			munmap(next, sizeof *next);
		run_here(all, p->n, pr);
		return;
	}
	bool *got = xcalloc((size_t)p->n, sizeof *got);
	gather(&w, all, got, p->n, pr);
	int died = reap(&w);
	for (int i = 0; i < p->n; i++)
		if (!got[i]) {
			mark_lost(&all[i], died);
			progress_step(pr);
		}
	free(got);
	munmap(next, sizeof *next);
}

/* ---- cross-year rules ---- */

static int by_agency_year_path(const void *a, const void *b)
{
	const struct checked *x = *(struct checked *const *)a, *y = *(struct checked *const *)b;
	int c = strcmp(x->agency, y->agency);
	if (c == 0)
		c = (x->year > y->year) - (x->year < y->year);
	return c ? c : strcmp(x->path, y->path);
}

/* Applies R5–R7 and T2 to every report whose agency has a report of the year before (the last one
 * in path order when there are several), then drops the models. */
static void check_across_years(struct checked *all, int n)
{
	struct checked **v = xcalloc((size_t)n + 1, sizeof *v);
	int m = 0;
	for (int i = 0; i < n; i++)
		if (all[i].model || all[i].model_json)
			v[m++] = &all[i];
	qsort(v, (size_t)m, sizeof *v, by_agency_year_path);
	struct report_years_memo memo = {0}; /* the bigrams of one year's section 五, reused for the next */
	for (int i = 1; i < m; i++) {
		struct checked *cur = v[i], *prev = NULL;
		for (int j = i - 1; j >= 0 && strcmp(v[j]->agency, cur->agency) == 0 && v[j]->year >= cur->year - 1;
		     j--)
			if (v[j]->year == cur->year - 1) {
				prev = v[j];
				break;
			}
		if (prev && checked_model(prev) && checked_model(cur))
			report_check_years_kept(prev->model, cur->model, &cur->findings, &memo);
	}
	report_years_memo_free(&memo);
	for (int i = 0; i < m; i++) {
		if (v[i]->model)
			report_free(v[i]->model);
		free(v[i]->model);
		free(v[i]->model_json);
		v[i]->model = NULL;
		v[i]->model_json = NULL;
	}
	free(v);
}

/* ---- the command ---- */

struct check_options {
	bool json;	    /* --json: per-file JSON on stdout */
	const char *format; /* --format json|csv|xlsx: one row per finding */
	const char *output; /* -o FILE */
	int jobs;
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gongkai report check: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(cli_report_usage, stderr);
	return EXIT_USAGE;
}

/* Parses the options; returns the index of the first path, or -1 after a usage error, or -2 for
 * --help. */
static int parse_options(int argc, char **argv, struct check_options *o)
{
	static const struct option options[] = {
	    {"json", no_argument, NULL, 'J'},	      {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'}, {"jobs", required_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},	      {0}};
	*o = (struct check_options){.jobs = 1};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:j:h", options, NULL)) != -1) {
		char *end;
		long jobs;
		switch (c) {
		case 'J':
			o->json = true;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			return -2;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || jobs < 1 || jobs > MAX_JOBS)
				return usage_error("--jobs 应为 1 到 64 之间的整数，而不是 %s", optarg), -1;
			o->jobs = (int)jobs;
			break;
		default:
			return usage_error("未知选项或缺少参数：%s", argv[optind - 1]), -1;
		}
	}
	if (o->format && strcmp(o->format, "json") != 0 && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "xlsx") != 0)
		return usage_error("不支持的格式 %s（可用 json、csv、xlsx）", o->format), -1;
	if (o->format && o->json)
		return usage_error("%s", "--json 与 --format 只能选一个"), -1;
	if (o->output && !o->format)
		return usage_error("%s", "-o 需与 --format json|csv|xlsx 一起使用"), -1;
	if (o->format && strcmp(o->format, "xlsx") == 0 && !o->output)
		return usage_error("%s", "--format xlsx 需要用 -o FILE 指定输出文件"), -1;
	if (optind >= argc)
		return usage_error("%s", "请给出要检查的文件或目录"), -1;
	return optind;
}

/* Exit status of a batch: 0 all consistent, 1 any violation, 2 any incomplete or unreadable file. */
static int batch_status(const struct checked *all, int n)
{
	int worst = 0;
	for (int i = 0; i < n; i++) {
		enum verdict v = checked_verdict(&all[i]);
		int s = v == VERDICT_CONSISTENT ? 0 : v == VERDICT_VIOLATIONS ? 1 : 2;
		worst = s > worst ? s : worst;
	}
	return worst;
}

/* Prints or writes what the options ask for; returns -1 when the findings file cannot be written. */
static int write_outputs(const struct check_options *o, const struct checked *all, int n, bool several)
{
	bool findings_to_stdout = o->format && !o->output;
	if (o->json) {
		batch_print_legacy_json(stdout, all, n);
	} else if (!findings_to_stdout) {
		batch_print_text(stdout, all, n, !several);
		if (several)
			batch_print_summary(stdout, all, n);
	} else if (several) {
		batch_print_summary(stderr, all, n);
	}
	return o->format ? batch_write_findings(o->format, o->output, all, n) : 0;
}

int cli_report_check(int argc, char **argv)
{
	struct check_options o;
	int first = parse_options(argc, argv, &o);
	if (first == -2) {
		fputs(cli_report_usage, stdout);
		return 0;
	}
	if (first < 0)
		return EXIT_USAGE;
	struct paths p = {0};
	bool any_dir = false;
	collect(&p, argv + first, argc - first, &any_dir);
	if (p.n == 0) {
		fputs("gongkai report check: 给出的目录中没有可检查的文件\n", stderr);
		free(p.v);
		return 2;
	}
	struct checked *all = xcalloc((size_t)p.n, sizeof *all);
	for (int i = 0; i < p.n; i++)
		all[i].path = xstrdup(p.v[i]);
	struct progress pr = {.on = p.n > 1 && isatty(STDERR_FILENO), .total = p.n, .shown = -1};
	int jobs = o.jobs < p.n ? o.jobs : p.n;
	if (jobs > 1)
		run_workers(&p, all, jobs, &pr);
	else
		run_here(all, p.n, &pr);
	check_across_years(all, p.n);

	int status = batch_status(all, p.n);
	if (write_outputs(&o, all, p.n, p.n > 1 || any_dir) < 0)
		status = 2;
	for (int i = 0; i < p.n; i++) {
		free(p.v[i]);
		checked_free(&all[i]);
	}
	free(p.v);
	free(all);
	return status;
}
