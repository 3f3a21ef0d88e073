/* markdown.c — item bodies are written in Markdown and rendered with Debian's libcmark. CMARK_OPT_SAFE
 * replaces raw HTML blocks/inlines with a comment and drops javascript:, vbscript:, file: and data:
 * (except images) links, so an editor's text can never inject markup into the portal. The plain-text
 * rendering feeds the search index and the snippets. */
#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "info/info.h"
#include "util/buf.h"

/* Copies a cmark-allocated string into our allocator (so every caller frees with free()). */
static char *adopt(char *cmark_text)
{
	char *copy = xstrdup(cmark_text ? cmark_text : "");
	free(cmark_text); /* cmark's default allocator is malloc/free */
	return copy;
}

char *info_markdown_html(const char *markdown)
{
	const char *md = markdown ? markdown : "";
	return adopt(cmark_markdown_to_html(md, strlen(md), CMARK_OPT_SAFE));
}

/* True for node types that end a line of text (paragraphs, headings, list items, breaks…). */
static bool breaks_line(cmark_node_type type)
{
	return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_CODE_BLOCK ||
	       type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_THEMATIC_BREAK;
}

char *info_markdown_text(const char *markdown)
{
	const char *md = markdown ? markdown : "";
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_SAFE);
	struct buf b = {0};
	buf_puts(&b, "");
	cmark_iter *iter = doc ? cmark_iter_new(doc) : NULL;
	cmark_event_type ev;
	while (iter && (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		const char *literal = NULL;
		if (ev == CMARK_EVENT_ENTER &&
		    (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK))
			literal = cmark_node_get_literal(node);
		if (literal)
			buf_puts(&b, literal);
		bool leaf = type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_SOFTBREAK ||
			    type == CMARK_NODE_THEMATIC_BREAK || type == CMARK_NODE_CODE_BLOCK;
		if (breaks_line(type) && (ev == CMARK_EVENT_EXIT || leaf) && b.len && b.data[b.len - 1] != '\n')
			buf_putc(&b, '\n');
	}
	if (iter)
		cmark_iter_free(iter);
	if (doc)
		cmark_node_free(doc);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return buf_take(&b);
}
