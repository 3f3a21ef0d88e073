/* parse_tables.c — reading tables 二, 三 and 四 of a published report out of its lines of cells.
 *
 * Rows are found by their label, never by position: the label text of a row (accumulated over
 * wrapped lines and over merged group cells such as "三、本年度办理结果" "（三）不予公开") is
 * reduced to its key and matched by suffix against the keys of the edition's rows, the longest
 * match winning. Its values are the value cells after the label on the same line or, when the label
 * stands alone (one cell per line, as in PDF text), on the following lines. Table 四 is one row of
 * fifteen values collected in section 四. What cannot be read is left blank with a finding; a row
 * whose numbers ran together is recovered only when one reading alone fits (parse_recover.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/parse_internal.h"

#define LABEL_MAX	    512 /* bytes of accumulated label key kept (the longest row key is ~110) */
#define VALS_MAX	    64	/* value cells kept per row; more are only counted */
#define PROSE_CELL	    240 /* a label cell longer than this is running text, not a table label */
#define LINE_LABELS_MAX	    64	/* label cells of one line looked at */
#define ORPHAN_WARNINGS_MAX 5
#define TRUNCATED_MIN_CHARS 4 /* a cut-off label must keep this many characters of the key */

enum tstate { TS_UNSEEN, TS_BLANK, TS_SET, TS_DEFERRED, TS_FAILED };

struct vals {
	struct pcell cell[VALS_MAX];
	enum vkind kind[VALS_MAX];
	size_t n, raw;
	bool overflow; /* more than VALS_MAX */
};

struct target {
	int table; /* 2, 3 or 4 */
	int row;
	int ncols;
	enum cell_kind kinds[RECOVER_MAX_VALUES];
	enum row_rule rule;
	struct rcell *cells; /* in the report */
	enum tstate state;
	struct recovery *deferred;  /* readings waiting for the column rules (malloc'd) */
	struct vals *deferred_vals; /* the values as written, for the one-digit-per-cell reading (malloc'd
				     * with deferred: a target carries no value buffer it does not need) */
	char written[96];	    /* the digits as written, for messages about deferred rows */
};

struct tables {
	const struct plines *pl;
	struct pkeys *cell_keys; /* label keys of pl's cells */
	struct report *r;
	struct findings *f;
	unsigned edition_bit, app_edition_bit; /* of table 二, of table 三 */
	int pro_index[PRO_ROW_COUNT], app_index[APP_ROW_COUNT], cases_index;
	size_t nt;
	char label[LABEL_MAX + PARSE_KEY_MAX];
	size_t label_len;
	int pending;	      /* target whose values are awaited, or -1 */
	size_t pending_start; /* where its key starts in label */
	struct vals collect;  /* values gathered for pending */
	struct vals cases;    /* table 四 values */
	bool cases_mode, header_run;
	int section; /* of the line being read */
	int orphan_warnings;
	struct buf keys; /* label keys of the current line */
	size_t key_off[LINE_LABELS_MAX], key_len[LINE_LABELS_MAX], nkeys;
	/* Last: parse_tables zeroes what comes before (2 KiB) and add_target each of the nt targets in
	 * use, not all 9 KiB of them. */
	struct target t[PRO_ROW_COUNT + APP_ROW_COUNT + 1];
};

static const char *table_name(int table)
{
	return table == 2 ? "表二" : table == 3 ? "表三" : "表四";
}

static const char *row_name(const struct tables *tb, const struct target *t)
{
	if (t->table == 2)
		return report_pro_row(tb->r->edition, t->row)->label;
	if (t->table == 3)
		return report_app_rows[t->row].short_label;
	return "行政复议、行政诉讼";
}

/* Column heading of column c of target t, written into out. */
static const char *col_name(const struct tables *tb, const struct target *t, int c, char *out, size_t size)
{
	if (t->table == 2)
		snprintf(out, size, "%s", report_pro_row(tb->r->edition, t->row)->col_labels[c]);
	else if (t->table == 3)
		snprintf(out, size, "%s", report_app_col_labels[c]);
	else
		snprintf(out, size, "%s %s", report_case_block_labels[c / CASE_COL_COUNT],
			 report_case_col_labels[c % CASE_COL_COUNT]);
	return out;
}

static void add_target(struct tables *tb, int table, int row, int ncols, enum row_rule rule, struct rcell *cells)
{
	struct target *t = &tb->t[tb->nt++];
	*t = (struct target){.table = table, .row = row, .ncols = ncols, .rule = rule, .cells = cells};
	for (int c = 0; c < ncols; c++)
		t->kinds[c] = CELL_COUNT;
}

static void init_targets(struct tables *tb)
{
	struct report *r = tb->r;
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		tb->pro_index[p] = def ? (int)tb->nt : -1;
		if (!def)
			continue;
		add_target(tb, 2, p, def->ncols, RULE_NONE, r->proactive[p]);
		for (int c = 0; c < def->ncols; c++)
			tb->t[tb->nt - 1].kinds[c] = def->kinds[c];
	}
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		tb->app_index[a] = report_app_row_in(report_app_edition(r), a) ? (int)tb->nt : -1;
		if (tb->app_index[a] >= 0)
			add_target(tb, 3, a, APP_COL_COUNT, RULE_APP, r->applications[a]);
	}
	tb->cases_index = (int)tb->nt;
	add_target(tb, 4, 0, CASE_BLOCK_COUNT * CASE_COL_COUNT, RULE_CASES, &r->cases[0][0]);
}

static int target_of_key(const struct tables *tb, const struct parse_label *k)
{
	if (k->kind != PL_ROW || !(k->editions & (k->table == 2 ? tb->edition_bit : tb->app_edition_bit)))
		return -1;
	return k->table == 2 ? tb->pro_index[k->row] : tb->app_index[k->row];
}

/* ---- the accumulated label ---- */

static void label_reset(struct tables *tb)
{
	tb->label_len = 0;
	tb->label[0] = '\0';
}

static void label_append(struct tables *tb, const char *key, size_t len)
{
	memcpy(tb->label + tb->label_len, key, len);
	tb->label_len += len;
	if (tb->label_len > LABEL_MAX) { /* keep the end, cut on a character boundary */
		size_t cut = utf8_next_boundary(tb->label, tb->label_len, tb->label_len - LABEL_MAX);
		memmove(tb->label, tb->label + cut, tb->label_len - cut);
		tb->label_len -= cut;
		tb->pending_start = tb->pending_start > cut ? tb->pending_start - cut : 0;
	}
	tb->label[tb->label_len] = '\0';
}

/* Target whose key is the longest suffix of s[0, len), or -1; *start gets where the key begins. */
static int match_suffix(const struct tables *tb, const char *s, size_t len, size_t *start)
{
	int best = -1;
	size_t best_len = 0;
	if (len < 3)
		return -1; /* every key is at least one ideograph */
	for (int i = parse_label_ending_first(s + len - 3); i >= 0; i = parse_label_ending_next(i)) {
		const struct parse_label *k = &parse_labels[i];
		size_t kl = k->key.len;
		int t = target_of_key(tb, k);
		if (t < 0 || kl > len || kl <= best_len || memcmp(s + len - kl, k->key.s, kl) != 0)
			continue;
		best = t;
		best_len = kl;
	}
	if (best >= 0 && start)
		*start = len - best_len;
	return best;
}

/* Start of the last n characters of s[0, len), or SIZE_MAX when it has fewer. */
static size_t last_chars_start(const char *s, size_t len, size_t n)
{
	size_t i = len;
	for (; i > 0 && n > 0; n--)
		i = utf8_back(s, i);
	return n == 0 ? i : SIZE_MAX;
}

/* Target of a cut-off label: a suffix of the label (at least TRUNCATED_MIN_CHARS characters) is the
 * beginning of exactly one row's key. Returns -1 when none or several. */
static int match_truncated(const struct tables *tb)
{
	size_t last = last_chars_start(tb->label, tb->label_len, TRUNCATED_MIN_CHARS);
	if (last == SIZE_MAX)
		return -1;
	int found = -1;
	for (size_t i = 0; i < parse_label_count; i++) {
		const struct parse_label *k = &parse_labels[i];
		int t = target_of_key(tb, k);
		size_t kl = k->key.len;
		if (t < 0 || t == found)
			continue;
		size_t from = tb->label_len >= kl ? tb->label_len - kl + 1 : 0;
		for (size_t p = from; p <= last; p++) {
			if (utf8_continuation(tb->label[p]) || memcmp(tb->label + p, k->key.s, tb->label_len - p) != 0)
				continue;
			if (found >= 0)
				return -1;
			found = t;
			break;
		}
	}
	return found;
}

/* True when text (the pending row's label so far plus this line's) still belongs to the pending row:
 * it is the start of one of its keys, or one of its keys ends it. */
static bool continues_pending(const struct tables *tb, const char *add, size_t addlen)
{
	char s[LABEL_MAX + PARSE_KEY_MAX];
	size_t base = tb->label_len - tb->pending_start;
	memcpy(s, tb->label + tb->pending_start, base);
	memcpy(s + base, add, addlen);
	size_t len = base + addlen;
	if (match_suffix(tb, s, len, NULL) == tb->pending)
		return true;
	for (size_t i = 0; i < parse_label_count; i++) {
		const struct parse_label *k = &parse_labels[i];
		if (target_of_key(tb, k) == tb->pending && k->key.len > len && memcmp(k->key.s, s, len) == 0)
			return true;
	}
	return false;
}

/* ---- values ---- */

static bool set_cell(struct tables *tb, struct target *t, int c, const struct pcell *cell, enum vkind kind)
{
	t->cells[c] = (struct rcell){0};
	if (kind != VK_NUMBER)
		return true;
	struct pnum num;
	parse_value(pcell_text(tb->pl, cell), cell->len, &num);
	if (num.overflow)
		return false;
	int64_t v;
	if (t->kinds[c] == CELL_MONEY) {
		if (num.whole > 1000000000000LL)
			return false;
		v = num.whole * REPORT_MONEY_SCALE + num.frac;
		if (t->table == 2 && t->row == PRO_FEES && num.unit && strcmp(num.unit, "元") == 0)
			v /= 10000; /* the 2021 fee column is in 万元 */
		if (t->table == 2 && t->row == PRO_PROCUREMENT && num.unit && !tb->r->procurement_unit)
			tb->r->procurement_unit = xstrdup(num.unit);
	} else {
		if (num.frac != 0)
			return false;
		v = num.whole;
	}
	t->cells[c] = rcell_of(num.negative ? -v : v);
	return true;
}

static void assign_cells(struct tables *tb, struct target *t, const struct vals *v)
{
	t->state = TS_SET;
	for (int c = 0; c < t->ncols; c++) {
		if ((size_t)c >= v->n) {
			t->cells[c] = (struct rcell){0};
			continue;
		}
		if (set_cell(tb, t, c, &v->cell[c], v->kind[c]))
			continue;
		char col[96];
		findings_add(tb->f, "P3", SEV_ERROR, true, table_name(t->table), row_name(tb, t),
			     col_name(tb, t, c, col, sizeof col), "%s %s %s列的“%.*s”不是有效的数值，已留空",
			     table_name(t->table), row_name(tb, t), col, (int)v->cell[c].len,
			     pcell_text(tb->pl, &v->cell[c]));
	}
}

static void assign_reading(struct target *t, const int64_t *reading)
{
	t->state = TS_SET;
	for (int c = 0; c < t->ncols; c++)
		t->cells[c] = rcell_of(reading[c]);
}

static void format_reading(const int64_t *v, int n, char *out, size_t size)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%lld", i ? "、" : "", (long long)v[i]);
}

static void report_recovered(struct tables *tb, const struct target *t, const char *how)
{
	int64_t v[RECOVER_MAX_VALUES];
	for (int c = 0; c < t->ncols; c++)
		v[c] = t->cells[c].value;
	char reading[256];
	format_reading(v, t->ncols, reading, sizeof reading);
	findings_add(tb->f, "P2", SEV_WARNING, false, table_name(t->table), row_name(tb, t), NULL,
		     "%s %s 一行的数字连写在一起（原文“%s”），%s只有一种拆分，按 %s 读取，请核对原文",
		     table_name(t->table), row_name(tb, t), t->written, how, reading);
}

static void fail_row(struct tables *tb, struct target *t, bool incomplete, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records that the row's values cannot be told; fmt continues "表三 <row> ". The cells become
 * unknown (not blank: the report wrote something) and the rules skip them. An incomplete row
 * (P3: more numbers than cells, or too many readings to tell) leaves the report unchecked; else
 * (P2, e.g. a row written with one number fewer than its cells) it is a warning naming the row.
 * No rule inside one report reads table 二, so there it is always a warning. */
static void fail_row(struct tables *tb, struct target *t, bool incomplete, const char *fmt, ...)
{
	incomplete &= t->table != 2;
	t->state = TS_FAILED;
	for (int c = 0; c < t->ncols; c++)
		t->cells[c] = (struct rcell){.unknown = true};
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	findings_add(tb->f, incomplete ? "P3" : "P2", incomplete ? SEV_ERROR : SEV_WARNING, incomplete,
		     table_name(t->table), row_name(tb, t), NULL, "%s %s %s，未参与检查", table_name(t->table),
		     row_name(tb, t), msg.data);
	buf_free(&msg);
}

/* Sets the cells on which all readings agree and leaves the others unknown; names the unknown
 * columns in `which` (for the message). Returns how many cells are unknown. */
static int assign_shared(struct tables *tb, struct target *t, const int64_t (*readings)[RECOVER_MAX_VALUES],
			 size_t count, struct buf *which)
{
	int unknown = 0;
	t->state = TS_SET;
	for (int c = 0; c < t->ncols; c++) {
		bool same = true;
		for (size_t k = 1; k < count && same; k++)
			same = readings[k][c] == readings[0][c];
		if (same) {
			t->cells[c] = rcell_of(readings[0][c]);
			continue;
		}
		char col[96];
		t->cells[c] = (struct rcell){.unknown = true};
		buf_printf(which, "%s%s", unknown++ ? "、" : "", col_name(tb, t, c, col, sizeof col));
	}
	return unknown;
}

/* Several readings fit: keeps what they share and names the cells that differ. */
static void settle_ambiguous(struct tables *tb, struct target *t, const int64_t (*readings)[RECOVER_MAX_VALUES],
			     size_t count)
{
	struct buf which = {0};
	assign_shared(tb, t, readings, count, &which);
	findings_add(tb->f, "P2", SEV_WARNING, false, table_name(t->table), row_name(tb, t), NULL,
		     "%s %s 一行的数字连写在一起（原文“%s”），有 %zu 种拆分%s；各种拆分相同的单元格已读取，"
		     "%s 无法确定，未参与检查，请核对原文",
		     table_name(t->table), row_name(tb, t), t->written, count,
		     t->rule == RULE_NONE ? "都说得通（本表没有勾稽关系可以排除）" : "都符合勾稽关系",
		     which.data ? which.data : "");
	buf_free(&which);
}

/* True when v is one run of digits that, one per cell, makes exactly the row: the reading a clerk
 * checking by hand uses when no cut satisfies the identities. */
static bool natural_reading(struct tables *tb, const struct vals *v, int ncols, int64_t *out)
{
	int k = 0;
	if (v->n != 1)
		return false; /* spaces in the run are cell boundaries: "95 0 0" is not 9,5,0,0 */
	for (size_t i = 0; i < v->n; i++) {
		const char *s = pcell_text(tb->pl, &v->cell[i]);
		for (uint32_t j = 0; j < v->cell[i].len; j++) {
			if (s[j] < '0' || s[j] > '9' || k == ncols)
				return false;
			out[k++] = s[j] - '0';
		}
	}
	return k == ncols;
}

/* No cut of the digits satisfies the identities: reads one digit per cell when that fills the row
 * exactly (the rules then name the broken identity), else leaves the row unknown and says that no
 * reading adds up. Never picks a number the report did not write. */
static void settle_inconsistent(struct tables *tb, struct target *t, const struct vals *v, const char *identity)
{
	int64_t natural[RECOVER_MAX_VALUES];
	if (natural_reading(tb, v, t->ncols, natural)) {
		assign_reading(t, natural);
		findings_add(tb->f, "P2", SEV_WARNING, false, table_name(t->table), row_name(tb, t), NULL,
			     "%s %s 一行的数字连写在一起（原文“%s”），没有一种拆分能使%s成立，按每位一个数读取，"
			     "勾稽关系的错误见下",
			     table_name(t->table), row_name(tb, t), t->written, identity);
		return;
	}
	t->state = TS_FAILED;
	for (int c = 0; c < t->ncols; c++)
		t->cells[c] = (struct rcell){.unknown = true};
	findings_add(tb->f, t->table == 4 ? "R4" : "R2", SEV_ERROR, false, table_name(t->table), row_name(tb, t), NULL,
		     "%s %s 一行的数字连写在一起（原文“%s”），任何拆分都不能使%s成立", table_name(t->table),
		     row_name(tb, t), t->written, identity);
}

/* Writes the value cells as written ("230 000023") into t->written. */
static void remember_written(const struct tables *tb, struct target *t, const struct vals *v)
{
	size_t o = 0;
	t->written[0] = '\0';
	for (size_t i = 0; i < v->n && o + 1 < sizeof t->written; i++) {
		if (v->cell[i].len == 0)
			continue;
		int room = (int)(sizeof t->written - o - 1);
		int len = (int)v->cell[i].len < room - 1 ? (int)v->cell[i].len : room - 1;
		o += (size_t)snprintf(t->written + o, sizeof t->written - o, "%s%.*s", o ? " " : "", len < 0 ? 0 : len,
				      pcell_text(tb->pl, &v->cell[i]));
	}
}

/* Tries to read a row with too few cells as numbers run together. Returns true when handled. */
static bool try_recover(struct tables *tb, struct target *t, const struct vals *v, bool positional)
{
	const char *toks[RECOVER_MAX_VALUES];
	size_t lens[RECOVER_MAX_VALUES], ntoks = 0;
	bool leading_zero = false;
	for (size_t i = 0; i < v->n; i++) {
		struct pnum num;
		if (v->kind[i] == VK_EMPTY)
			continue; /* slots left by a merged cell */
		if (v->kind[i] != VK_NUMBER)
			return false;
		parse_value(pcell_text(tb->pl, &v->cell[i]), v->cell[i].len, &num);
		if (!num.plain_digits)
			return false;
		leading_zero |= num.leading_zero;
		toks[ntoks] = pcell_text(tb->pl, &v->cell[i]);
		lens[ntoks++] = v->cell[i].len;
	}
	if (ntoks == 0 || (t->rule == RULE_NONE && positional && !leading_zero))
		return false; /* no arithmetic to check and the cells kept their places: blanks, not run-together */
	struct recovery rec;
	parse_recover(toks, lens, ntoks, (size_t)t->ncols, t->rule, &rec);
	remember_written(tb, t, v);
	if (rec.count == 1 && !rec.exhausted) {
		assign_reading(t, rec.readings[0]);
		report_recovered(tb, t, t->rule == RULE_NONE ? "" : "按本行合计关系");
		return true;
	}
	size_t digits = 0;
	for (size_t i = 0; i < ntoks; i++)
		digits += lens[i];
	if (rec.count == 0 && !rec.exhausted) {
		if (t->rule == RULE_NONE || (positional && !leading_zero) || digits < (size_t)t->ncols)
			return false; /* too few digits: cells are missing, not run together */
		settle_inconsistent(tb, t, v, t->rule == RULE_APP ? "本行总计等于六列之和" : "各栏总计等于四项之和");
		return true;
	}
	if (positional && !leading_zero)
		return false;
	if (!rec.exhausted && rec.count <= RECOVER_MAX_READINGS && t->table == 3) {
		t->state = TS_DEFERRED;
		t->deferred = xmalloc(sizeof *t->deferred);
		*t->deferred = rec;
		t->deferred_vals = xmalloc(sizeof *t->deferred_vals);
		*t->deferred_vals = *v;
		return true;
	}
	if (!rec.exhausted && rec.count <= RECOVER_MAX_READINGS) {
		settle_ambiguous(tb, t, (const int64_t(*)[RECOVER_MAX_VALUES])rec.readings, rec.count);
		return true;
	}
	fail_row(tb, t, true, "一行的数字连写在一起（原文“%s”），拆分为应有的 %d 列的方式太多，无法确定", t->written,
		 t->ncols);
	return true;
}

/* Reads the values gathered for target t (drops the empty cells around them first). */
static void process_values(struct tables *tb, struct target *t, struct vals *v)
{
	if (t->state == TS_SET || t->state == TS_DEFERRED || t->state == TS_FAILED)
		return; /* the first reading of a row stands */
	while (v->n > 0 && v->kind[v->n - 1] == VK_EMPTY)
		v->n--;
	size_t lead = 0;
	while (v->n - lead > (size_t)t->ncols && v->kind[lead] == VK_EMPTY)
		lead++;
	memmove(v->cell, v->cell + lead, (v->n - lead) * sizeof *v->cell);
	memmove(v->kind, v->kind + lead, (v->n - lead) * sizeof *v->kind);
	v->n -= lead;
	bool positional = v->raw >= (size_t)t->ncols;
	if (v->overflow || v->n > (size_t)t->ncols) {
		fail_row(tb, t, true, "有 %zu 个数值，多于应有的 %d 列，无法确定各列的值",
			 v->overflow ? (size_t)VALS_MAX : v->n, t->ncols);
		return;
	}
	if (v->n == (size_t)t->ncols) {
		assign_cells(tb, t, v);
		return;
	}
	if (v->n > 0 && try_recover(tb, t, v, positional))
		return;
	if (positional) {
		assign_cells(tb, t, v);
		return;
	}
	if (t->table == 2) {
		fail_row(tb, t, false, "只有 %zu 个数值，少于应有的 %d 列，无法确定各是哪一列", v->n, t->ncols);
		return;
	}
	t->state = TS_FAILED; /* a cell was left blank, but which one cannot be told */
	for (int c = 0; c < t->ncols; c++)
		t->cells[c] = (struct rcell){.unknown = true};
	findings_add(tb->f, "R8", SEV_ERROR, false, table_name(t->table), row_name(tb, t), NULL,
		     "%s %s 只有 %zu 个数值，少于应有的 %d 列：有单元格空白，无法确定是哪一列，本行未参与勾稽检查",
		     table_name(t->table), row_name(tb, t), v->n, t->ncols);
}

/* Empties v (only the counts: cells past n are never read, so the 800 bytes are not zeroed). */
static void vals_clear(struct vals *v)
{
	v->n = v->raw = 0;
	v->overflow = false;
}

static void vals_add(struct vals *v, const struct pcell *c, enum vkind k)
{
	v->raw++;
	if (v->n == VALS_MAX) {
		v->overflow = true;
		return;
	}
	v->cell[v->n] = *c;
	v->kind[v->n++] = k;
}

/* Number of value cells that say something (a number or an explicit blank). */
static size_t vals_filled(const struct vals *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		n += v->kind[i] != VK_EMPTY;
	return n;
}

static void finish_pending(struct tables *tb)
{
	if (tb->pending < 0)
		return;
	struct target *t = &tb->t[tb->pending];
	if (tb->collect.n == 0) {
		if (t->state == TS_UNSEEN)
			t->state = TS_BLANK; /* a label with no values: every cell blank */
	} else {
		process_values(tb, t, &tb->collect);
	}
	tb->pending = -1;
	vals_clear(&tb->collect);
}

/* ---- lines ---- */

static bool key_in(const char *key, size_t len, const struct word *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word_is(key, len, words[i]))
			return true;
	return false;
}

#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

/* True when the line's labels are column headings. */
static bool is_header(struct tables *tb)
{
	size_t words = 0, ambiguous = 0;
	for (size_t i = 0; i < tb->nkeys; i++) {
		const char *k = tb->keys.data + tb->key_off[i];
		size_t len = tb->key_len[i];
		for (size_t p = 0; p < parse_header_part_count; p++)
			if (key_has(k, len, parse_header_parts[p]))
				return true;
		words += key_in(k, len, parse_header_words, parse_header_word_count);
		ambiguous += key_in(k, len, parse_header_ambiguous, parse_header_ambiguous_count);
	}
	if (words >= 1 && words + ambiguous == tb->nkeys)
		return true;
	return tb->header_run && ambiguous == tb->nkeys;
}

static bool is_cases_header(const struct tables *tb)
{
	for (size_t i = 0; i < tb->nkeys; i++) {
		const char *k = tb->keys.data + tb->key_off[i];
		if (key_has(k, tb->key_len[i], (struct word)WORD("行政复议")) ||
		    key_has(k, tb->key_len[i], (struct word)WORD("结果维持")))
			return true;
	}
	return false;
}

static void orphan_values(struct tables *tb)
{
	if (tb->label_len == 0 || tb->orphan_warnings >= ORPHAN_WARNINGS_MAX || (tb->section != 2 && tb->section != 3))
		return; /* outside the tables, numbers after words are page furniture, not rows */
	tb->orphan_warnings++;
	bool group = false;
	for (size_t i = 0; i < parse_label_count; i++) {
		size_t gl = parse_labels[i].key.len;
		group |= parse_labels[i].kind == PL_GROUP && tb->label_len >= gl &&
			 memcmp(tb->label + tb->label_len - gl, parse_labels[i].key.s, gl) == 0;
	}
	if (group)
		findings_add(tb->f, "P4", SEV_WARNING, false, "表三", NULL, NULL,
			     "“%s”一行不是格式规定的行（非标准的小计行），其数值未读取", tb->label);
	else
		findings_add(tb->f, "P4", SEV_WARNING, false, NULL, NULL, NULL, "未能识别的表格行“%s”，其数值未读取",
			     tb->label);
}

/* Collects the label keys of cells [0, last] into tb->keys; returns false for running text. */
static bool line_keys(struct tables *tb, const struct pline *ln, const enum vkind *kinds, size_t last)
{
	buf_reset(&tb->keys);
	tb->nkeys = 0;
	for (size_t i = 0; i <= last && i < ln->n; i++) {
		const struct pcell *c = &tb->pl->cells[ln->first + i];
		if (kinds[i] != VK_LABEL)
			continue;
		if (c->len > PROSE_CELL)
			return false;
		size_t kl;
		const char *key = pkeys_get(tb->cell_keys, ln->first + i, &kl);
		if (kl == 0 || tb->nkeys == LINE_LABELS_MAX)
			continue;
		tb->key_off[tb->nkeys] = tb->keys.len;
		tb->key_len[tb->nkeys++] = kl;
		buf_append(&tb->keys, key, kl);
	}
	return true;
}

/* Adds the value cells [from, n) of a line to v, without the empty cells at either end. */
static void add_line_values(struct tables *tb, struct vals *v, const struct pline *ln, const enum vkind *kinds,
			    size_t from, bool keep_edges)
{
	size_t b = from, e = ln->n;
	if (!keep_edges) {
		while (b < e && kinds[b] == VK_EMPTY)
			b++;
		while (e > b && kinds[e - 1] == VK_EMPTY)
			e--;
	}
	for (size_t i = b; i < e; i++)
		vals_add(v, &tb->pl->cells[ln->first + i], kinds[i]);
}

static void reset_state(struct tables *tb)
{
	finish_pending(tb);
	label_reset(tb);
}

/* The row of table 三 that an unlabeled line of values belongs to: the first row, in the
 * template's order, after the last row already read, that has no values yet (its label may have
 * been seen apart from its numbers, as PDF-to-Markdown conversions print them). -1 when none. */
static int next_unfilled_app_row(const struct tables *tb)
{
	int after = -1;
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		int i = tb->app_index[a];
		if (i >= 0 && tb->t[i].state != TS_UNSEEN && tb->t[i].state != TS_BLANK)
			after = a;
	}
	if (after < 0)
		return -1;
	for (int a = after + 1; a < APP_ROW_COUNT; a++) {
		int i = tb->app_index[a];
		if (i >= 0 && (tb->t[i].state == TS_UNSEEN || tb->t[i].state == TS_BLANK))
			return i;
	}
	return -1;
}

/* A line of exactly one row's values without a label, in table 三 after its first rows: it fills
 * the next row without values, in the template's order — unless the label awaiting numbers is that
 * row anyway. Labels printed away from their numbers (seen without values) therefore never take a
 * row's numbers out of order, and stray numbers collected before such a line are dropped. Returns
 * true when the line was used. */
static bool unlabeled_row(struct tables *tb, const struct pline *ln, const enum vkind *kinds, size_t first_value)
{
	if (tb->section != 3 || ln->n - first_value != APP_COL_COUNT)
		return false;
	int next = next_unfilled_app_row(tb);
	if (next < 0 || (tb->pending == next && tb->collect.n == 0))
		return false;
	if (tb->pending >= 0 && tb->collect.n > 0)
		findings_add(tb->f, "P4", SEV_WARNING, false, table_name(3), row_name(tb, &tb->t[tb->pending]), NULL,
			     "表三 “%s”之后有 %zu 个不成行的数值，其后一整行数值属于“%s”，这些数值未读取",
			     row_name(tb, &tb->t[tb->pending]), tb->collect.n, row_name(tb, &tb->t[next]));
	vals_clear(&tb->collect);
	reset_state(tb);
	struct vals v = {0};
	add_line_values(tb, &v, ln, kinds, first_value, true);
	process_values(tb, &tb->t[next], &v);
	return true;
}

/* A line with labels and/or values, in tables 二/三. */
static void table_line(struct tables *tb, const struct pline *ln, const enum vkind *kinds, size_t first_value,
		       bool has_values)
{
	char add[LABEL_MAX];
	size_t addlen = 0;
	for (size_t i = 0; i < tb->nkeys && addlen + tb->key_len[i] < sizeof add; i++) {
		memcpy(add + addlen, tb->keys.data + tb->key_off[i], tb->key_len[i]);
		addlen += tb->key_len[i];
	}
	if (addlen > 0) {
		if (tb->pending >= 0 && !(tb->collect.n == 0 && continues_pending(tb, add, addlen)))
			reset_state(tb);
		label_append(tb, add, addlen);
		size_t start;
		int m = match_suffix(tb, tb->label, tb->label_len, &start);
		if (m >= 0 && (tb->pending < 0 || m == tb->pending)) {
			tb->pending = m;
			tb->pending_start = start;
		}
	}
	if (!has_values)
		return;
	if (addlen == 0 && unlabeled_row(tb, ln, kinds, first_value))
		return;
	if (tb->pending < 0) {
		int m = match_truncated(tb);
		if (m < 0) {
			orphan_values(tb);
			label_reset(tb);
			return;
		}
		tb->pending = m;
	}
	add_line_values(tb, &tb->collect, ln, kinds, first_value, addlen > 0);
	if (vals_filled(&tb->collect) >= (size_t)tb->t[tb->pending].ncols)
		reset_state(tb); /* else the rest may follow on the next line (a 总计 column wrapped by pdftotext) */
}

static void read_line(struct tables *tb, const struct pline *ln, int section)
{
	enum vkind kinds[LINE_LABELS_MAX * 2];
	size_t n = ln->n < COUNT_OF(kinds) ? ln->n : COUNT_OF(kinds);
	size_t last_label = SIZE_MAX;
	bool has_values = false;
	for (size_t i = 0; i < n; i++) {
		const struct pcell *c = &tb->pl->cells[ln->first + i];
		kinds[i] = parse_value(pcell_text(tb->pl, c), c->len, NULL);
		if (kinds[i] == VK_LABEL)
			last_label = i, has_values = false;
		else if (kinds[i] != VK_EMPTY)
			has_values = true;
	}
	if (!line_keys(tb, ln, kinds, last_label == SIZE_MAX ? 0 : last_label)) {
		reset_state(tb); /* running text */
		tb->header_run = false;
		return;
	}
	size_t first_value = last_label == SIZE_MAX ? 0 : last_label + 1;
	struct pline view = *ln;
	view.n = (uint32_t)n;
	if (section == 4 || tb->cases_mode) {
		if (has_values)
			add_line_values(tb, &tb->cases, &view, kinds, first_value, false);
		return;
	}
	if (tb->nkeys == 0 && !has_values)
		return;
	if (!has_values && tb->nkeys > 0 && is_header(tb)) {
		reset_state(tb);
		tb->header_run = true;
		tb->cases_mode = is_cases_header(tb);
		return;
	}
	tb->header_run = false;
	table_line(tb, &view, kinds, first_value, has_values);
}

/* ---- after the last line ---- */

/* True when the column identities of table 三 hold wherever all their cells are known:
 * 一 + 二 = （七） + 四 and （七） = the sum of the outcome rows, in every column. */
static bool column_rules_hold(const struct report *r)
{
	int edition = report_app_edition(r);
	for (int c = 0; c < APP_COL_COUNT; c++) {
		const struct rcell *n = &r->applications[APP_NEW][c], *o = &r->applications[APP_CARRIED_OVER][c];
		const struct rcell *t = &r->applications[APP_TOTAL][c], *f = &r->applications[APP_CARRIED_FORWARD][c];
		if (n->present && o->present && t->present && f->present && n->value + o->value != t->value + f->value)
			return false;
		int64_t sum = 0;
		bool known = t->present;
		for (int a = 0; a < APP_ROW_COUNT && known; a++)
			if (report_app_rows[a].is_outcome && report_app_row_in(edition, a)) {
				known = r->applications[a][c].present;
				sum += r->applications[a][c].value;
			}
		if (known && sum != t->value)
			return false;
	}
	return true;
}

#define SOLVE_BUDGET 4096 /* combinations of readings tried when solving table 三 as a whole */

struct joint {
	struct target *rows[APP_ROW_COUNT];
	size_t n;
	size_t pick[APP_ROW_COUNT];
	bool used[APP_ROW_COUNT][RECOVER_MAX_READINGS]; /* reading k of row i is in some consistent whole */
	size_t consistent;
};

/* Tries every combination of the rows' readings; counts the ones under which the column identities
 * hold and marks the readings they use. */
static void try_combinations(struct tables *tb, struct joint *j)
{
	size_t total = 1;
	for (size_t i = 0; i < j->n; i++)
		total *= j->rows[i]->deferred->count;
	for (size_t combo = 0; combo < total; combo++) {
		size_t rest = combo;
		for (size_t i = 0; i < j->n; i++) {
			struct target *t = j->rows[i];
			j->pick[i] = rest % t->deferred->count;
			rest /= t->deferred->count;
			assign_reading(t, t->deferred->readings[j->pick[i]]);
		}
		if (!column_rules_hold(tb->r))
			continue;
		j->consistent++;
		for (size_t i = 0; i < j->n; i++)
			j->used[i][j->pick[i]] = true;
	}
}

/* Settles the rows whose digits admit several readings by solving table 三 as a whole: the
 * combinations of their readings are tried against the column identities. One consistent whole →
 * its readings (recovered, and said so); several → each row keeps what its consistent readings
 * share; none → one digit per cell where that fills the row (the checker then names the broken
 * identity), else the row is unknown and the error says no reading adds up. */
static void resolve_deferred(struct tables *tb)
{
	struct joint j = {0};
	size_t total = 1;
	for (size_t i = 0; i < tb->nt; i++)
		if (tb->t[i].state == TS_DEFERRED) {
			j.rows[j.n++] = &tb->t[i];
			total = total > SOLVE_BUDGET ? total : total * tb->t[i].deferred->count;
		}
	if (j.n > 0 && total <= SOLVE_BUDGET)
		try_combinations(tb, &j);
	for (size_t i = 0; i < j.n; i++) {
		struct target *t = j.rows[i];
		int64_t kept[RECOVER_MAX_READINGS][RECOVER_MAX_VALUES];
		size_t nkept = 0;
		/* a deferred row holds at most RECOVER_MAX_READINGS readings (see where it is deferred);
		 * the bound is repeated so the compiler sees kept cannot overflow (gcc -O3 warns otherwise) */
		for (size_t k = 0; k < t->deferred->count && k < RECOVER_MAX_READINGS; k++)
			if (total > SOLVE_BUDGET || j.used[i][k])
				memcpy(kept[nkept++], t->deferred->readings[k], sizeof kept[0]);
		if (total <= SOLVE_BUDGET && j.consistent == 0)
			settle_inconsistent(tb, t, t->deferred_vals, "各列勾稽关系");
		else if (nkept == 1) {
			assign_reading(t, kept[0]);
			report_recovered(tb, t, "按各列勾稽关系");
		} else
			settle_ambiguous(tb, t, (const int64_t(*)[RECOVER_MAX_VALUES])kept, nkept);
		free(t->deferred);
		free(t->deferred_vals);
		t->deferred = NULL;
		t->deferred_vals = NULL;
	}
}

static void report_missing(struct tables *tb, int table, const char *title)
{
	bool any = false;
	for (size_t i = 0; i < tb->nt; i++) {
		struct target *t = &tb->t[i];
		any |= t->table == table && t->state != TS_UNSEEN;
		for (int c = 0; t->table == table && t->state == TS_UNSEEN && c < t->ncols; c++)
			t->cells[c] = (struct rcell){.unknown = true}; /* absent, not blank: the rules skip it */
	}
	if (!any) {
		findings_add(tb->f, "P1", SEV_ERROR, true, table_name(table), NULL, NULL, "缺少%s（%s），未能读取",
			     table_name(table), title);
		return;
	}
	for (size_t i = 0; i < tb->nt; i++) {
		struct target *t = &tb->t[i];
		if (t->table != table || t->state != TS_UNSEEN)
			continue;
		if (table == 2) { /* no rule reads it; many agencies leave out rows such as 规章 */
			findings_add(tb->f, "P6", SEV_WARNING, false, table_name(table), row_name(tb, t), NULL,
				     "%s 缺少“%s”一行（表二不参与勾稽检查）", table_name(table), row_name(tb, t));
			continue;
		}
		findings_add(tb->f, "P1", SEV_ERROR, true, table_name(table), row_name(tb, t), NULL, "%s 缺少“%s”一行",
			     table_name(table), row_name(tb, t));
	}
}

void parse_tables(const struct plines *pl, struct pkeys *keys, const signed char *line_section, struct report *r,
		  struct findings *f)
{
	struct tables *tb = xmalloc(sizeof *tb);
	memset(tb, 0, offsetof(struct tables, t));
	tb->pl = pl;
	tb->cell_keys = keys;
	tb->r = r;
	tb->f = f;
	tb->edition_bit = r->edition == REPORT_EDITION_2019 ? EDITION_BIT_2019 : EDITION_BIT_2021;
	tb->app_edition_bit = report_app_edition(r) == REPORT_EDITION_2019 ? EDITION_BIT_2019 : EDITION_BIT_2021;
	tb->pending = -1;
	buf_grow(&tb->keys, PARSE_KEY_MAX); /* room for a line's label keys as they usually come */
	init_targets(tb);
	int section = 0;
	for (size_t i = 0; i < pl->nlines; i++) {
		int s = line_section[i];
		if (s < 0 || s != section) { /* a heading: what was pending ends there */
			reset_state(tb);
			tb->cases_mode = false;
			tb->header_run = false;
		}
		if (s < 0)
			continue;
		section = s;
		tb->section = s;
		if (s == 1 || s == 5 || s == 6)
			continue;
		read_line(tb, &pl->lines[i], s);
	}
	reset_state(tb);
	if (tb->cases.n > 0 && vals_filled(&tb->cases) > 0)
		process_values(tb, &tb->t[tb->cases_index], &tb->cases);
	resolve_deferred(tb);
	report_missing(tb, 2, "主动公开政府信息情况");
	report_missing(tb, 3, "收到和处理政府信息公开申请情况");
	report_missing(tb, 4, "政府信息公开行政复议、行政诉讼情况");
	buf_free(&tb->keys);
	free(tb);
}
