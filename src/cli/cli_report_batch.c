/* cli_report_batch.c — `gongkai report check PATH…`: checking one report or thousands of them.
 *
 * Directories are walked recursively (regular files only, hidden entries skipped) and every file is
 * checked in path order, so the output is the same whatever the order of the arguments or the number
 * of worker processes. With --jobs N, N forked workers take files from a shared counter and send
 * each result back to the parent through a pipe (a frame, see "the worker protocol"); a worker that
 * dies leaves its unfinished file marked unreadable, never a hole. The cross-year rules run in the
 * parent once every file is read, between reports of the same agency in consecutive years. Per file
 * the batch keeps only the findings and what the cross-year rules read of the model (struct
 * report_years: table 二, two rows of table 三, section 五) — never the file bytes. The findings,
 * agency and report_years of every file live in one arena of large chunks ("what a batch keeps"). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include "cli/cli.h"
#include "cli/cli_report.h"
#include "report/report_check.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xlsx_lib.h"

#define MAX_JOBS 64

/* ---- what a batch keeps ----
 * A file's findings, agency and report_years (about 2.5 KiB with section 五) are kept until the
 * batch ends, in one arena whose chunks are large (KEPT_CHUNK): packed together, apart from the
 * memory each file's reading allocates and frees. Copied into the malloc heap instead, they would
 * land between those short-lived blocks, the heap would grow by more than twice what is kept, and
 * every file would cost more than one fresh page (a page fault). */
#define KEPT_CHUNK (1u << 20)

enum verdict checked_verdict(const struct checked *c)
{
	if (!c->readable)
		return VERDICT_UNREADABLE;
	int s = findings_status(&c->findings);
	return s == 0 ? VERDICT_CONSISTENT : s == 1 ? VERDICT_VIOLATIONS : VERDICT_INCOMPLETE;
}

/* Frees what c owns; its findings, agency and years belong to the batch's arena. */
static void checked_free(struct checked *c)
{
	free(c->path);
	free(c->error);
	findings_free(&c->findings);
	*c = (struct checked){0};
}

/* ---- the list of files ----
 * A file named as an argument is opened while the list is made, and its descriptor kept for the
 * check (while the budget of descriptors lasts): its path is looked up once, by open, not by stat
 * and then again by open — 2 % of the CPU time of checking thousands of seed-size reports named one
 * by one. Files found under a directory are known regular from readdir and opened when checked. */

struct path_entry {
	char *path;
	bool regular; /* seen to be a regular file (fstat, readdir): read without fstat */
	int fd;	      /* open on the file, or -1: check_file opens path */
};

struct paths {
	struct path_entry *e;
	int n, cap;
	int fds_left; /* descriptors collect may still keep open */
};

static void paths_add(struct paths *p, char *path, bool regular, int fd)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->e = xrealloc(p->e, (size_t)p->cap * sizeof *p->e);
	}
	p->e[p->n++] = (struct path_entry){path, regular, fd};
}

/* Closes the descriptors still open and frees the list. */
static void paths_free(struct paths *p)
{
	for (int i = 0; i < p->n; i++) {
		if (p->e[i].fd >= 0)
			close(p->e[i].fd);
		free(p->e[i].path);
	}
	free(p->e);
	*p = (struct paths){0};
}

/* Adds the regular files under dir (recursively; entries whose name starts with '.' are skipped,
 * symbolic links to directories are not followed). An unreadable directory is added as a path of
 * its own so that it is reported unreadable rather than silently dropped. */
static void walk(struct paths *p, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		paths_add(p, xstrdup(dir), false, -1);
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
			paths_add(p, buf_take(&path), true, -1);
			continue;
		}
		if (e->d_type == DT_DIR ||
		    (e->d_type == DT_UNKNOWN && lstat(path.data, &st) == 0 && S_ISDIR(st.st_mode)))
			walk(p, path.data);
		else if (stat(path.data, &st) == 0 && S_ISREG(st.st_mode)) {
			paths_add(p, buf_take(&path), true, -1);
			continue;
		}
		buf_free(&path);
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct path_entry *)a)->path, ((const struct path_entry *)b)->path);
}

/* How many descriptors collect may keep: the soft limit raised to the hard one (as systemd advises
 * programs that need many and do not use select()), less a reserve for the libraries, the outputs
 * and the workers' pipes. */
static int descriptor_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit raised = {rl.rlim_max, rl.rlim_max};
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl = raised;
	}
	rlim_t reserve = 64 + 2 * MAX_JOBS, cap = 1 << 16;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > cap + reserve)
		return (int)cap;
	return rl.rlim_cur > reserve ? (int)(rl.rlim_cur - reserve) : 0;
}

/* Adds one argument: a directory's files, or the file itself (kept open when it is a regular file
 * and the budget allows). */
static void collect_argument(struct paths *p, const char *arg, bool *any_dir)
{
	struct stat st;
	bool is_stdin = strcmp(arg, "-") == 0;
	int fd = is_stdin ? -1 : open(arg, O_RDONLY | O_CLOEXEC | O_NONBLOCK);	      /* a FIFO must not block */
	bool seen = fd >= 0 ? fstat(fd, &st) == 0 : !is_stdin && stat(arg, &st) == 0; /* stat: why open failed */
	if (seen && S_ISDIR(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		*any_dir = true;
		walk(p, arg);
		return;
	}
	bool regular = seen && S_ISREG(st.st_mode);
	if (fd >= 0 && (!regular || p->fds_left == 0)) {
		close(fd);
		fd = -1;
	}
	p->fds_left -= fd >= 0;
	paths_add(p, xstrdup(arg), regular, fd);
}

/* The files named by the arguments: directories expanded, the whole list sorted by path. A path
 * that does not exist is kept (it will be reported unreadable). */
static void collect(struct paths *p, char **args, int nargs, bool *any_dir)
{
	p->fds_left = descriptor_budget();
	for (int i = 0; i < nargs; i++)
		collect_argument(p, args[i], any_dir);
	if (p->n > 1)
		qsort(p->e, (size_t)p->n, sizeof *p->e, by_path);
}

/* ---- checking one file ---- */

/* Reads (from f->fd when open; it is closed), parses and checks c->path (single-report rules) and
 * fills the rest of c, its findings, agency and years in kept; data as for cli_report_load_file. */
static void check_file(struct checked *c, struct path_entry *f, struct buf *data, struct arena *kept)
{
	struct loaded l;
	cli_report_load_file(&l, c->path, f->regular, f->fd, data);
	f->fd = -1;
	if (l.readable)
		report_check(&l.report, &l.findings);
	findings_keep(&l.findings, kept);
	*c = (struct checked){
	    .path = c->path,
	    .readable = l.readable,
	    .error = l.readable ? NULL : xstrdup(l.error),
	    .edition = l.report.edition,
	    .year = l.report.year,
	    .agency = arena_strdup(kept, l.report.agency),
	    .findings = l.findings,
	};
	l.findings = (struct findings){0};
	if (l.readable && l.report.agency && l.report.year) {
		c->years = arena_alloc(kept, sizeof *c->years);
		report_years_of(&l.report, c->years);
		c->years->problems = arena_strdup(kept, l.report.problems);
	}
	cli_report_unload(&l);
}

/* ---- the worker protocol ----
 * A result is a frame: a native-endian uint32 length, then the fields of struct checked in binary
 * (both processes are the same binary on the same machine): the file index, the verdict data, the
 * findings and, when the cross-year rules may need it, what they read of the model (struct
 * report_years). Plain copies on both sides: no JSON is built or parsed per
 * file, so --jobs N costs about the CPU time of one process plus the bytes through the pipes. */

#define FRAME_PREFIX	sizeof(uint32_t)
#define FRAME_NO_STRING UINT32_MAX /* the length written for a NULL string */

static void put_bytes(struct buf *out, const void *p, size_t len)
{
	buf_append(out, (const char *)p, len);
}

static void put_u32(struct buf *out, uint32_t v)
{
	put_bytes(out, &v, sizeof v);
}

static void put_string(struct buf *out, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	put_u32(out, s ? (uint32_t)len : FRAME_NO_STRING);
	put_bytes(out, s, len);
}

/* Reads a frame's fields in the order they were put; any read past the end sets bad. */
struct frame_reader {
	const char *p, *end;
	bool bad;
};

static bool get_bytes(struct frame_reader *r, void *to, size_t len)
{
	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = true;
		memset(to, 0, len);
		return false;
	}
	memcpy(to, r->p, len);
	r->p += len;
	return true;
}

static uint32_t get_u32(struct frame_reader *r)
{
	uint32_t v;
	get_bytes(r, &v, sizeof v);
	return v;
}

/* Points *s at the next string's bytes in the frame and returns its length; false (and *s NULL) for
 * a NULL string or a short frame. */
static bool get_view(struct frame_reader *r, const char **s, uint32_t *len)
{
	*s = NULL;
	*len = get_u32(r);
	if (r->bad || *len == FRAME_NO_STRING)
		return false;
	if ((size_t)(r->end - r->p) < *len) {
		r->bad = true;
		return false;
	}
	*s = r->p;
	r->p += *len;
	return true;
}

/* A malloc'd copy of the next string, or NULL (for a NULL string or a short frame). */
static char *get_string(struct frame_reader *r)
{
	const char *s;
	uint32_t len;
	return get_view(r, &s, &len) ? xstrndup(s, len) : NULL;
}

/* The same, copied into the batch's arena. */
static char *get_kept_string(struct frame_reader *r, struct arena *kept)
{
	const char *s;
	uint32_t len;
	return get_view(r, &s, &len) ? arena_strndup(kept, s, len) : NULL;
}

/* What the cross-year rules read of a model (struct report_years). */
static void put_years(struct buf *out, const struct report_years *y)
{
	int32_t ints[2] = {y->edition, y->year};
	put_bytes(out, ints, sizeof ints);
	put_bytes(out, y->proactive, sizeof y->proactive);
	put_bytes(out, y->carried_over, sizeof y->carried_over);
	put_bytes(out, y->carried_forward, sizeof y->carried_forward);
	put_string(out, y->problems);
}

static struct report_years *get_years(struct frame_reader *r, struct arena *kept)
{
	int32_t ints[2];
	get_bytes(r, ints, sizeof ints);
	struct report_years *y = arena_alloc(kept, sizeof *y);
	y->edition = ints[0];
	y->year = ints[1];
	get_bytes(r, y->proactive, sizeof y->proactive);
	get_bytes(r, y->carried_over, sizeof y->carried_over);
	get_bytes(r, y->carried_forward, sizeof y->carried_forward);
	y->problems = get_kept_string(r, kept);
	return y;
}

/* Appends the frame of c (file index) to out. */
static void encode_result(int index, const struct checked *c, struct buf *out)
{
	size_t start = out->len;
	put_u32(out, 0); /* the length, set below */
	int32_t ints[4] = {index, c->readable, c->edition, c->year};
	put_bytes(out, ints, sizeof ints);
	put_string(out, c->error);
	put_string(out, c->agency);
	put_u32(out, (uint32_t)c->findings.n);
	for (size_t k = 0; k < c->findings.n; k++) {
		const struct finding *x = &c->findings.v[k];
		put_string(out, x->rule);
		put_u32(out, (uint32_t)x->severity << 1 | x->incomplete);
		put_string(out, x->table);
		put_string(out, x->row);
		put_string(out, x->column);
		put_string(out, x->message);
	}
	put_u32(out, c->years != NULL);
	if (c->years)
		put_years(out, c->years);
	uint32_t len = (uint32_t)(out->len - start - FRAME_PREFIX);
	memcpy(out->data + start, &len, sizeof len);
}

/* Fills all[i] (whose path is already set) from a frame's payload, its findings, agency and years in
 * kept, and marks it got; returns the file index, or -1 for a frame that is short or names a file
 * already received. */
static int decode_result(const char *payload, size_t len, struct checked *all, bool *got, int n, struct arena *kept)
{
	struct frame_reader r = {payload, payload + len, false};
	int32_t ints[4];
	get_bytes(&r, ints, sizeof ints);
	int i = ints[0];
	if (r.bad || i < 0 || i >= n || got[i])
		return -1;
	struct checked c = {.path = all[i].path, .readable = ints[1] != 0, .edition = ints[2], .year = ints[3]};
	c.error = get_string(&r);
	c.agency = get_kept_string(&r, kept);
	c.findings.arena = kept;
	uint32_t nfindings = get_u32(&r);
	for (uint32_t k = 0; k < nfindings && !r.bad; k++) {
		char *rule = get_string(&r);
		uint32_t flags = get_u32(&r);
		char *table = get_string(&r), *row = get_string(&r), *column = get_string(&r),
		     *message = get_string(&r);
		if (!rule || !message) /* a finding always has both: the frame is damaged */
			r.bad = true;
		if (!r.bad)
			findings_add(&c.findings, rule, (enum severity)(flags >> 1), flags & 1, table, row, column,
				     "%s", message);
		free(rule), free(table), free(row), free(column), free(message);
	}
	if (get_u32(&r) && !r.bad)
		c.years = get_years(&r, kept);
	if (r.bad) {
		c.path = NULL; /* all[i] keeps its path */
		checked_free(&c);
		return -1;
	}
	got[i] = true;
	all[i] = c;
	return i;
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
	struct buf data = {0};	 /* the file read, reused from file to file */
	struct arena kept = {0}; /* one file's findings, agency and years, until its frame is sent */
	while ((i = atomic_fetch_add(next, 1)) < p->n) {
		struct checked c = {.path = xstrdup(p->e[i].path)};
		check_file(&c, &p->e[i], &data, &kept);
		struct buf frame = {0};
		encode_result(i, &c, &frame);
		bool ok = write_all(fd, frame.data, frame.len);
		buf_free(&frame);
		checked_free(&c);
		arena_free(&kept);
		if (!ok)
			break;
	}
	buf_free(&data);
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

/* The results of a batch as they come in. */
struct results {
	struct checked *all; /* one per file, in path order; the paths are set before the run */
	int n;
	struct arena kept; /* every file's findings, agency and years (see "what a batch keeps") */
	struct progress pr;
};

static void run_here(struct paths *p, struct results *res)
{
	struct buf data = {0}; /* the file read, reused from file to file */
	for (int i = 0; i < p->n; i++) {
		check_file(&res->all[i], &p->e[i], &data, &res->kept);
		progress_step(&res->pr);
	}
	buf_free(&data);
}

/* Reads from a worker's pipe and takes every complete frame into res (got[i] set for file i);
 * returns false at end of file. */
static bool drain(int fd, struct buf *pending, bool *got, struct results *res)
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
		uint32_t len;
		memcpy(&len, pending->data + start, sizeof len);
		size_t frame = FRAME_PREFIX + (size_t)len;
		if (pending->len - start < frame)
			break;
		if (decode_result(pending->data + start + FRAME_PREFIX, len, res->all, got, res->n, &res->kept) >= 0)
			progress_step(&res->pr);
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
static void gather(struct workers *w, bool *got, struct results *res)
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
			if (!drain(w->fds[k].fd, &w->pending[k], got, res)) {
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

static void run_workers(struct paths *p, int jobs, struct results *res)
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
		run_here(p, res);
		return;
	}
	for (int i = 0; i < p->n; i++) /* the workers read the files: the parent's copies of the descriptors go */
		if (p->e[i].fd >= 0) {
			close(p->e[i].fd);
			p->e[i].fd = -1;
		}
	bool *got = xcalloc((size_t)p->n, sizeof *got);
	gather(&w, got, res);
	int died = reap(&w);
	for (int i = 0; i < p->n; i++)
		if (!got[i]) {
			mark_lost(&res->all[i], died);
			progress_step(&res->pr);
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
 * in path order when there are several). */
static void check_across_years(struct checked *all, int n)
{
	struct checked **v = xcalloc((size_t)n + 1, sizeof *v);
	int m = 0;
	for (int i = 0; i < n; i++)
		if (all[i].years)
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
		if (prev)
			report_check_years_kept(prev->years, cur->years, &cur->findings, &memo);
	}
	report_years_memo_free(&memo);
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
	char err[DL_ERROR_MAX];
	if (o.format && strcmp(o.format, "xlsx") == 0 && gk_xlsx_load(err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report check: %s\n", err); /* before checking thousands of files */
		return 2;
	}
	struct paths p = {0};
	bool any_dir = false;
	collect(&p, argv + first, argc - first, &any_dir);
	if (p.n == 0) {
		fputs("gongkai report check: 给出的目录中没有可检查的文件\n", stderr);
		paths_free(&p);
		return 2;
	}
	struct results res = {
	    .all = xcalloc((size_t)p.n, sizeof *res.all),
	    .n = p.n,
	    .kept = {.chunk_size = KEPT_CHUNK},
	    .pr = {.on = p.n > 1 && isatty(STDERR_FILENO), .total = p.n, .shown = -1},
	};
	struct checked *all = res.all;
	for (int i = 0; i < p.n; i++)
		all[i].path = xstrdup(p.e[i].path);
	int jobs = o.jobs < p.n ? o.jobs : p.n;
	if (jobs > 1)
		run_workers(&p, jobs, &res);
	else
		run_here(&p, &res);
	check_across_years(all, p.n);

	int status = batch_status(all, p.n);
	if (write_outputs(&o, all, p.n, p.n > 1 || any_dir) < 0)
		status = 2;
	for (int i = 0; i < p.n; i++)
		checked_free(&all[i]);
	paths_free(&p);
	free(all);
	arena_free(&res.kept);
	return status;
}
