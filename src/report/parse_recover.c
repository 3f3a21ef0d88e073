/* parse_recover.c — reading rows whose cell boundaries were lost, so that numbers ran together
 * ("230 000023" where seven cells were needed).
 *
 * Every way of cutting the digit strings into the needed count of numbers is tried (each string
 * gives one or more numbers, none written with a leading zero except "0" itself), and only the
 * readings that satisfy the row's own arithmetic are kept. The caller accepts a reading only when
 * it is the only one; it never picks between several. The search has a fixed budget of steps, so a
 * hostile input (a long run of digits) costs bounded time and is reported as unreadable. */
#include <string.h>

#include "report/parse_internal.h"

#define RECOVER_BUDGET	   200000 /* search steps per row */
#define RECOVER_MAX_DIGITS 12	  /* digits of one recovered number */

struct search {
	const char *const *toks;
	const size_t *lens;
	size_t ntoks, n;
	enum row_rule rule;
	int64_t cur[RECOVER_MAX_VALUES];
	long steps;
	struct recovery *out;
};

bool parse_rule_holds(const int64_t *v, size_t n, enum row_rule rule)
{
	switch (rule) {
	case RULE_APP: {
		if (n != APP_COL_COUNT)
			return false;
		int64_t sum = 0;
		for (size_t c = 0; c < APP_COL_TOTAL; c++)
			sum += v[c];
		return sum == v[APP_COL_TOTAL];
	}
	case RULE_CASES:
		if (n != CASE_BLOCK_COUNT * CASE_COL_COUNT)
			return false;
		for (size_t b = 0; b < CASE_BLOCK_COUNT; b++) {
			const int64_t *x = v + b * CASE_COL_COUNT;
			if (x[CASE_UPHELD] + x[CASE_CORRECTED] + x[CASE_OTHER] + x[CASE_PENDING] != x[CASE_TOTAL])
				return false;
		}
		return true;
	case RULE_NONE:
	default:
		return true;
	}
}

static void found(struct search *s)
{
	if (!parse_rule_holds(s->cur, s->n, s->rule))
		return;
	if (s->out->count < RECOVER_MAX_READINGS)
		memcpy(s->out->readings[s->out->count], s->cur, s->n * sizeof *s->cur);
	s->out->count++;
}

/* Digits left from token t, offset pos, to the end of all tokens. */
static size_t digits_left(const struct search *s, size_t t, size_t pos)
{
	size_t d = s->lens[t] - pos;
	for (size_t k = t + 1; k < s->ntoks; k++)
		d += s->lens[k];
	return d;
}

/* Places number k starting in token t at offset pos. */
static void place(struct search *s, size_t t, size_t pos, size_t k)
{
	if (++s->steps > RECOVER_BUDGET) {
		s->out->exhausted = true;
		return;
	}
	if (t == s->ntoks) {
		if (k == s->n)
			found(s);
		return;
	}
	size_t need = s->n - k, tokens_left = s->ntoks - t;
	size_t left = digits_left(s, t, pos);
	if (need < tokens_left || need > left || left > need * RECOVER_MAX_DIGITS)
		return;
	const char *d = s->toks[t] + pos;
	size_t avail = s->lens[t] - pos;
	size_t maxlen = d[0] == '0' ? 1 : avail < RECOVER_MAX_DIGITS ? avail : RECOVER_MAX_DIGITS;
	for (size_t len = 1; len <= maxlen && !s->out->exhausted; len++) {
		int64_t v = 0;
		for (size_t i = 0; i < len; i++)
			v = v * 10 + (d[i] - '0');
		s->cur[k] = v;
		if (len == avail)
			place(s, t + 1, 0, k + 1);
		else
			place(s, t, pos + len, k + 1);
	}
}

void parse_recover(const char *const *toks, const size_t *lens, size_t ntoks, size_t n, enum row_rule rule,
		   struct recovery *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0 || n > RECOVER_MAX_VALUES || ntoks == 0 || ntoks > n)
		return;
	for (size_t i = 0; i < ntoks; i++)
		if (lens[i] == 0)
			return;
	struct search s = {.toks = toks, .lens = lens, .ntoks = ntoks, .n = n, .rule = rule, .out = out};
	place(&s, 0, 0, 0);
}
