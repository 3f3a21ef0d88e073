/* report_render_priv.h — the one description of a report's layout shared by the renderers.
 *
 * report_render_doc.c walks a report once, in template order, and tells a writer what to put
 * down: the title, each section's heading and paragraphs, and each table as rows of cells with
 * their rowspan/colspan as in the national template. The plain-text and Markdown writers expand
 * merged cells into a grid (text in the top-left slot, empty strings in the covered slots — the
 * same grid the parser builds from HTML); the HTML writer keeps the spans. So the three formats
 * cannot disagree about which label goes where. Not part of the public interface. */
#ifndef GONGKAI_REPORT_REPORT_RENDER_PRIV_H
#define GONGKAI_REPORT_REPORT_RENDER_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"
#include "util/buf.h"

#define RENDER_MAX_COLS 15 /* table 四 is the widest */

enum tcell_role {
	TCELL_DATA,	/* a number */
	TCELL_NOTE,	/* the 勾稽关系 note of table 三 */
	TCELL_COL,	/* column header */
	TCELL_COLGROUP, /* header over several columns */
	TCELL_ROW,	/* row header */
	TCELL_ROWGROUP, /* header over several rows */
};

struct tcell {
	const char *text;
	int colspan; /* >= 1 */
	int rowspan; /* >= 1 */
	enum tcell_role role;
};

struct report_writer {
	struct buf *out;
	void (*title)(struct report_writer *w, const char *title);
	void (*section_begin)(struct report_writer *w, const char *heading);
	void (*section_end)(struct report_writer *w);
	/* One line of section text (not NUL-terminated). */
	void (*paragraph)(struct report_writer *w, const char *line, size_t len);
	void (*table_begin)(struct report_writer *w, const char *caption, int ncols);
	/* Starts a group of header rows (head) or body rows; a header group after body rows starts
	 * a new sub-table (table 二). */
	void (*rows_begin)(struct report_writer *w, bool head);
	/* One row: only the cells that start in it (slots covered by earlier spans are left out). */
	void (*row)(struct report_writer *w, const struct tcell *cells, int n);
	void (*table_end)(struct report_writer *w);

	/* Grid state used by render_grid_row (txt, md). */
	int ncols;
	int covered[RENDER_MAX_COLS]; /* rows below still covered by a rowspan from above */
	int rows_in_table;
	/* HTML: the row group element being written ("thead", "tbody") or NULL. */
	const char *open_group;
};

/* Walks r in template order, calling w's callbacks. */
void render_report(const struct report *r, struct report_writer *w);

/* Expands one row of spanned cells into ncols slot texts (covered slots get ""), updating the
 * rowspan bookkeeping in w. slots must have room for RENDER_MAX_COLS pointers. */
void render_grid_row(struct report_writer *w, const struct tcell *cells, int n, const char **slots);
/* Resets the grid bookkeeping for a table of ncols columns. */
void render_grid_reset(struct report_writer *w, int ncols);

#endif
