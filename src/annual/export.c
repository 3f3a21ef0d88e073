/* export.c — one door to every published form of a report (canonical JSON, text, Markdown, HTML,
 * XLSX, PDF), used by the command line, the portal's download links and the API, so they all offer
 * the same formats with the same MIME types. */
#include <stdio.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "report/report_export.h"
#include "report/report_json.h"
#include "report/report_render.h"

static const struct {
	const char *name, *mime;
	bool binary;
} formats[] = {
    {"json", "application/json; charset=utf-8", false},
    {"txt", "text/plain; charset=utf-8", false},
    {"md", "text/markdown; charset=utf-8", false},
    {"html", "text/html; charset=utf-8", false},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true},
    {"pdf", "application/pdf", true},
};

static int format_index(const char *format)
{
	for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, format) == 0)
			return (int)i;
	return -1;
}

bool annual_format_known(const char *format)
{
	return format_index(format) >= 0;
}

bool annual_format_binary(const char *format)
{
	int i = format_index(format);
	return i >= 0 && formats[i].binary;
}

const char *annual_format_mime(const char *format)
{
	int i = format_index(format);
	return i >= 0 ? formats[i].mime : NULL;
}

int annual_render(const struct report *r, const char *format, struct buf *out, char *err, size_t errsize)
{
	switch (format_index(format)) {
	case 0:
		report_to_json(r, out);
		return 0;
	case 1:
		report_render_txt(r, out);
		return 0;
	case 2:
		report_render_md(r, out);
		return 0;
	case 3:
		report_render_html(r, out);
		return 0;
	case 4:
		return report_render_xlsx(r, out, err, errsize);
	case 5:
		return report_render_pdf(r, out, err, errsize);
	default:
		snprintf(err, errsize, "不支持的格式 %s（可用 json、txt、md、html、xlsx、pdf）", format ? format : "");
		return -1;
	}
}
