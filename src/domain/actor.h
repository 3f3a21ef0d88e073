/* actor.h — who acts: the one description of the person (or system) behind a write, passed from the
 * HTTP layer (http_actor) or a CLI command to every domain function and recorded in the audit log.
 * One struct for every module, so a request id or a client address reaches the audit the same way
 * whichever feature writes. */
#ifndef GONGKAI_DOMAIN_ACTOR_H
#define GONGKAI_DOMAIN_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

struct actor {
	int64_t user_id;	/* the staff user; 0 = the public (an applicant) or the system */
	int64_t agency_id;	/* the user's agency (0 for the public) */
	unsigned roles;		/* enum role bits (domain/accounts.h) */
	const char *ip;		/* client address for the audit log ("cli" from the command line); may be NULL */
	const char *request_id; /* the request's id for logs; may be NULL */
	bool system;		/* the program itself (CLI import, demo loader): no role checks */
};

/* True when the actor holds at least one of the role bits. */
static inline bool actor_has(const struct actor *actor, unsigned roles)
{
	return actor && (actor->roles & roles) != 0;
}

#endif
