/* apply_supervision.h — 督办 on applications across the agency tree: a supervisor (公开办督查) of the
 * application's agency or of an agency above it sends a notice with a reply deadline; the handler or
 * leader of the application's agency answers it once. Both steps are audited and kept with the
 * application (shown beside its timeline). Also the per-agency figures of a year over a subtree for
 * 年度考核 (apply_figures.c) and the open applications of a whole subtree for the supervisor's
 * 工作台 and the API. Table: application_supervision (migrations/051). */
#ifndef GONGKAI_APPLY_APPLY_SUPERVISION_H
#define GONGKAI_APPLY_APPLY_SUPERVISION_H

#include <stddef.h>
#include <stdint.h>

#include "apply/apply.h"
#include "domain/actor.h"
#include "util/outcome.h"

#define APPLY_SUPERVISION_CHARS 1000 /* longest notice or answer, in characters */
#define APPLY_SUPERVISION_SIZE	(APPLY_SUPERVISION_CHARS * 4 + 1)
#define APPLY_SUPERVISION_DAYS	60 /* latest reply deadline: today + 60 days */

struct apply_supervision {
	int64_t id, application_id;
	int64_t agency_id;	/* the application's agency (who answers) */
	int64_t from_agency_id; /* the supervising agency */
	int64_t sent_by, answered_by;
	int64_t sent_at, answered_at; /* answered_at 0 while unanswered */
	int reply_by;		      /* day number of the answer's deadline */
	char tracking_no[APPLY_TRACKING_SIZE];
	char agency[192], from_agency[192];
	char sent_by_name[128], answered_by_name[128];
	char body[APPLY_SUPERVISION_SIZE];
	char answer[APPLY_SUPERVISION_SIZE];
};

/* Sends a 督办 notice. The actor must be a supervisor whose agency is the application's or lies above
 * it (the system acts anywhere); reply_by "YYYY-MM-DD" from today to today + APPLY_SUPERVISION_DAYS.
 * OUTCOME_NOT_FOUND (no such application, or outside the actor's subtree — nothing is revealed),
 * OUTCOME_FORBIDDEN (not a supervisor), OUTCOME_INVALID naming "body" or "reply_by". Audited as
 * application.supervise. Sets id. */
struct apply_supervise_job {
	struct actor actor;
	const char *tracking_no;
	const char *body;
	const char *reply_by;
	int today;
	int64_t now;
	int64_t id; /* out */
};
enum outcome_code apply_supervise(struct db *w, void *job, struct outcome *out);

/* Answers notice id. The actor must be a handler or leader of the application's agency.
 * OUTCOME_NOT_FOUND (no such notice, or the actor's agency is not the application's), OUTCOME_FORBIDDEN
 * (not a handler or leader), OUTCOME_CONFLICT (already answered), OUTCOME_INVALID naming "answer".
 * Audited as application.supervise_answer. */
struct apply_supervision_answer_job {
	struct actor actor;
	int64_t id;
	const char *answer;
	int64_t now;
};
enum outcome_code apply_supervision_answer(struct db *w, void *job, struct outcome *out);

/* One notice. 1 found, 0 not found, -1 error. */
int apply_supervision_get(struct db *db, int64_t id, struct apply_supervision *out);

/* The notices of an application, oldest first. *out malloc'd (free()). 0 or -1. */
int apply_supervision_of(struct db *db, int64_t application_id, struct apply_supervision **out, size_t *n);

/* Unanswered notices on applications of agency_id (for its handlers and leaders), the earliest
 * deadline first. Same ownership. 0 or -1. */
int apply_supervision_pending(struct db *db, int64_t agency_id, struct apply_supervision **out, size_t *n);

/* Notices sent by agency from_agency_id, newest first (the supervisor's record). 0 or -1. */
int apply_supervision_sent(struct db *db, int64_t from_agency_id, struct apply_supervision **out, size_t *n);

/* ---- the subtree (apply_figures.c) ---- */

/* The applications matching filter of root_agency and every active agency below it (apply_list for
 * each, agency_id set in every row), concatenated in tree order. *out malloc'd (free()). 0 or -1. */
int apply_list_subtree(struct db *db, const struct calendar *cal, int64_t root_agency, enum apply_filter filter,
		       int today, struct apply_summary **out, size_t *n);

/* The outcome mix of the figures: the groups of table 三 (予以公开 … 其他处理), withdrawals apart. */
enum apply_mix { MIX_GRANTED, MIX_PARTIAL, MIX_DENIED, MIX_UNABLE, MIX_REJECTED, MIX_OTHER, MIX_WITHDRAWN, MIX_COUNT };
extern const char *const apply_mix_labels[MIX_COUNT];

/* Figures of one agency for a year (for 年度考核). */
struct apply_figures {
	int64_t agency_id;
	char agency[192];
	int depth;	    /* below the root of the listing */
	int received;	    /* 收到申请之日 in the year (submitted day while unconfirmed) */
	int concluded;	    /* replied or withdrawn in the year */
	int replied;	    /* replied in the year */
	int on_time;	    /* replied in the year on or before the due day */
	int late;	    /* replied in the year after the due day */
	int open_overdue;   /* still open on the day of the listing and past due */
	int median_days_x2; /* twice the median working days from receipt to reply (exact for even counts); -1: none */
	int mix[MIX_COUNT];
};

/* The figures for year of root_agency and every agency below it (retired ones too: they answered
 * applications that year), in tree order, each agency its own records only. today: the day the open
 * ones are judged on. *out malloc'd (free()). 0 or -1. */
int apply_figures_subtree(struct db *db, const struct calendar *cal, int64_t root_agency, int year, int today,
			  struct apply_figures **out, size_t *n);

/* On-time rate in tenths of a percent (on_time * 1000 / replied, rounded half up), or -1 when nothing
 * was replied. */
int apply_figures_rate_permille(const struct apply_figures *f);

#endif
