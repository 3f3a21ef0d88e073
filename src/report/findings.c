/* findings.c — the list of findings about a report, and its JSON form. */
#include "report/findings.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A copy of s (NULL gives NULL) in f's arena or malloc'd. */
static char *copy_of(const struct findings *f, const char *s)
{
	if (f->arena)
		return arena_strdup(f->arena, s);
	return s ? xstrdup(s) : NULL;
}

/* Room for one more finding. */
static void make_room(struct findings *f)
{
	if (f->n < f->cap)
		return;
	size_t cap = f->cap ? f->cap * 2 : 8;
	if (f->arena) {
		struct finding *v = arena_alloc(f->arena, cap * sizeof *v);
		if (f->n)
			memcpy(v, f->v, f->n * sizeof *v);
		f->v = v;
	} else {
		f->v = xrealloc(f->v, cap * sizeof *f->v);
	}
	f->cap = cap;
}

void findings_add(struct findings *f, const char *rule, enum severity sev, bool incomplete, const char *table,
		  const char *row, const char *column, const char *fmt, ...)
{
	make_room(f);
	char *msg; /* formatted once, into a string of its own size (buf_vprintf formats twice) */
	va_list ap;
	va_start(ap, fmt);
	if (f->arena)
		msg = arena_vprintf(f->arena, fmt, ap);
	else if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup(""); /* as buf_vprintf leaves it on a format error */
	va_end(ap);
	f->v[f->n++] = (struct finding){
	    .rule = copy_of(f, rule),
	    .severity = sev,
	    .incomplete = incomplete,
	    .table = copy_of(f, table),
	    .row = copy_of(f, row),
	    .column = copy_of(f, column),
	    .message = msg,
	};
}

void findings_keep(struct findings *f, struct arena *a)
{
	if (f->arena)
		return;
	struct findings kept = {.arena = a, .cap = f->n}; /* sized exactly: no room wasted in the arena */
	if (f->n)
		kept.v = arena_alloc(a, f->n * sizeof *kept.v);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		findings_add(&kept, x->rule, x->severity, x->incomplete, x->table, x->row, x->column, "%s", x->message);
	}
	findings_free(f);
	*f = kept;
}

void findings_free(struct findings *f)
{
	if (f->arena) {
		*f = (struct findings){0};
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].rule);
		free(f->v[i].table);
		free(f->v[i].row);
		free(f->v[i].column);
		free(f->v[i].message);
	}
	free(f->v);
	*f = (struct findings){0};
}

int findings_status(const struct findings *f)
{
	int status = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].incomplete)
			return 2;
		if (f->v[i].severity == SEV_ERROR)
			status = 1;
	}
	return status;
}

size_t findings_count(const struct findings *f, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity == sev;
	return n;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void findings_to_json(const struct findings *f, struct buf *out)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(x->rule));
		json_object_set_new(o, "severity", json_string(x->severity == SEV_ERROR ? "error" : "warning"));
		json_object_set_new(o, "incomplete", json_boolean(x->incomplete));
		json_object_set_new(o, "table", string_or_null(x->table));
		json_object_set_new(o, "row", string_or_null(x->row));
		json_object_set_new(o, "column", string_or_null(x->column));
		json_object_set_new(o, "message", json_string(x->message));
		json_array_append_new(arr, o);
	}
	char *text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	buf_puts(out, text ? text : "[]");
	free(text);
	json_decref(arr);
}
