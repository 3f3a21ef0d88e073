/* fnv.h — the one FNV-1a hash of gongkai (http://www.isthe.com/chongo/tech/comp/fnv/): a fast,
 * non-cryptographic hash for fingerprints that must stay the same from run to run and machine to
 * machine (the calendar's content version, the page cache's ETags, similarity shingles). Not for
 * anything an attacker could aim at: keyed lookups that face the network use libsodium.
 * Usage: h = FNV1A64_INIT; h = fnv1a64(h, data, len); … (the same for 32 bits). */
#ifndef GONGKAI_UTIL_FNV_H
#define GONGKAI_UTIL_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A32_INIT 2166136261u
#define FNV1A64_INIT 14695981039346656037ull

/* h extended with len bytes of data. */
static inline uint32_t fnv1a32(uint32_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* h extended with len bytes of data. */
static inline uint64_t fnv1a64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

#endif
