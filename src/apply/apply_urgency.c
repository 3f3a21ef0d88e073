/* apply_urgency.c — the order in which a handler should take up open applications: the clock leads.
 * Overdue ones first, the most overdue first; then those whose clock runs (or waits for the receipt
 * confirmation, which 第三十一条 wants the same day) by the fewest working days left; then those whose
 * clock is stopped (补正, 征求意见, 缴费) by the days that will remain; concluded ones last. Ties go to
 * the earlier due date, then the tracking number, so the order is stable for the same data. */
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"

/* 0 overdue, 1 running or awaiting confirmation, 2 paused, 3 concluded. */
static int urgency_group(const struct apply_summary *s)
{
	if (s->outcome[0] || s->state == STATE_REPLIED || s->state == STATE_WITHDRAWN)
		return 3;
	if (s->paused)
		return 2;
	if (s->overdue)
		return 0;
	return 1;
}

static int compare_urgency(const void *pa, const void *pb)
{
	const struct apply_summary *a = pa, *b = pb;
	int ga = urgency_group(a), gb = urgency_group(b);
	if (ga != gb)
		return ga < gb ? -1 : 1;
	if (a->working_days_left != b->working_days_left)
		return a->working_days_left < b->working_days_left ? -1 : 1;
	if (a->due_on != b->due_on) {
		if (a->due_on == CAL_NO_DAY || b->due_on == CAL_NO_DAY)
			return a->due_on == CAL_NO_DAY ? 1 : -1; /* no due date yet: after those with one */
		return a->due_on < b->due_on ? -1 : 1;
	}
	return strcmp(a->tracking_no, b->tracking_no);
}

void apply_sort_urgency(struct apply_summary *rows, size_t n)
{
	if (n > 1)
		qsort(rows, n, sizeof *rows, compare_urgency);
}
