/* arena.c — bump allocator: chunks of chunk_size bytes (ARENA_CHUNK by default); an allocation
 * larger than a quarter of a chunk that does not fit in the current one gets a chunk of its own. See
 * arena.h for who allocates this way and why. */
#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

enum { ARENA_CHUNK = 8192 };

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t cap;
	alignas(max_align_t) unsigned char data[];
};

static struct arena_chunk *chunk_new(size_t cap)
{
	struct arena_chunk *c = xmalloc(sizeof *c + cap);
	c->next = NULL;
	c->used = 0;
	c->cap = cap;
	return c;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	size_t rounded = (size + align - 1) & ~(align - 1);
	if (rounded < size)
		rounded = SIZE_MAX; /* overflow: let xmalloc fail loudly */
	struct arena_chunk *c = a->head;
	if (!c || c->cap - c->used < rounded) {
		size_t chunk = a->chunk_size ? a->chunk_size : ARENA_CHUNK;
		if (rounded > chunk / 4) {
			/* Large block: its own chunk, linked behind the current one so the current
			 * chunk keeps serving small allocations. */
			struct arena_chunk *big = chunk_new(rounded);
			big->used = rounded;
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				a->head = big;
			}
			a->total += rounded;
			return big->data;
		}
		c = chunk_new(chunk);
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += rounded;
	a->total += rounded;
	return p;
}

void *arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* One pass when the text fits in the current chunk's free space (the usual case: short strings),
	 * else measured there and written again where it fits. */
	struct arena_chunk *c = a->head;
	size_t room = c ? c->cap - c->used : 0;
	char *at = c ? (char *)c->data + c->used : NULL;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? at : NULL, room, fmt, ap);
	if (n < 0)
		n = 0;
	char *p;
	if ((size_t)n < room) {
		/* claims the bytes just written: the free space of a chunk is a multiple of the alignment, so
		 * what fits unrounded fits rounded; the copy only guards that assumption */
		p = arena_alloc(a, (size_t)n + 1);
		if (p != at)
			memcpy(p, at, (size_t)n);
		p[n] = '\0';
	} else {
		p = arena_alloc(a, (size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}
