/* arena.h — a bump allocator: many allocations released together in one call.
 *
 * Its main user is the HTTP request: every allocation made while answering one request (parsed
 * headers, query and form fields, cookies, decoded strings) comes from the request's arena, and the
 * whole arena is released when the request completes. This gives handlers Fossil's "everything goes
 * away at the end" simplicity without a process per request, and without per-field free()
 * bookkeeping. `report check` keeps what a batch needs of every file until the batch ends in one
 * arena with large chunks, packed apart from each file's short-lived allocations.
 * An arena is not thread-safe: it belongs to one owner (a request, served by one thread at a time). */
#ifndef GONGKAI_UTIL_ARENA_H
#define GONGKAI_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t total;		  /* bytes handed out, for diagnostics */
	size_t chunk_size;	  /* bytes per chunk; 0 means 8 KiB (a request's usual needs) */
};

/* Returns size bytes aligned for any type, valid until arena_free(). Never NULL (aborts on OOM).
 * A zero-initialised struct arena is ready to use. */
void *arena_alloc(struct arena *a, size_t size);

/* Same as arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t size);

/* Copies n bytes of s and appends a NUL; the copy lives in the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Copies the NUL-terminated string s (NULL gives NULL) into the arena. */
char *arena_strdup(struct arena *a, const char *s);

/* printf into the arena (standard conversions; for internal strings, never for HTML). */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Releases every allocation of the arena; the arena may be reused afterwards. */
void arena_free(struct arena *a);

#endif
