/* xlsx_lib.h — libxlsxwriter (the XLSX outputs: the report (report/report_xlsx.c), the findings of
 * `report check --format xlsx` (cli/cli_report_out.c), the table exports (util/table_export.c) and the
 * 年报 collection (supervise/collect_export.c)), loaded when the first workbook is written. Linked normally
 * it brought libminizip and libcrypto (OpenSSL) into every process.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_UTIL_XLSX_LIB_H
#define GONGKAI_UTIL_XLSX_LIB_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "util/dl.h"

#define GK_XLSX_FUNCTIONS(X, T)                                                                                        \
	X(T, format_set_align)                                                                                         \
	X(T, format_set_bg_color)                                                                                      \
	X(T, format_set_bold)                                                                                          \
	X(T, format_set_border)                                                                                        \
	X(T, format_set_font_name)                                                                                     \
	X(T, format_set_font_size)                                                                                     \
	X(T, format_set_num_format)                                                                                    \
	X(T, format_set_text_wrap)                                                                                     \
	X(T, lxw_strerror)                                                                                             \
	X(T, workbook_add_format)                                                                                      \
	X(T, workbook_add_worksheet)                                                                                   \
	X(T, workbook_close)                                                                                           \
	X(T, workbook_new)                                                                                             \
	X(T, workbook_new_opt)                                                                                         \
	X(T, workbook_set_properties)                                                                                  \
	X(T, worksheet_autofilter)                                                                                     \
	X(T, worksheet_freeze_panes)                                                                                   \
	X(T, worksheet_merge_range)                                                                                    \
	X(T, worksheet_set_column)                                                                                     \
	X(T, worksheet_set_row)                                                                                        \
	X(T, worksheet_write_blank)                                                                                    \
	X(T, worksheet_write_number)                                                                                   \
	X(T, worksheet_write_string)

/* gk_xlsx_load() opens libxlsxwriter.so.4 (Debian package libxlsxwriter4) or says why not; gk_xlsx() is the
 * table of the call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_xlsx, GK_XLSX_FUNCTIONS);

#ifndef GK_XLSX_TABLE_ONLY
#define format_set_align	(gk_xlsx()->format_set_align)
#define format_set_bg_color	(gk_xlsx()->format_set_bg_color)
#define format_set_bold		(gk_xlsx()->format_set_bold)
#define format_set_border	(gk_xlsx()->format_set_border)
#define format_set_font_name	(gk_xlsx()->format_set_font_name)
#define format_set_font_size	(gk_xlsx()->format_set_font_size)
#define format_set_num_format	(gk_xlsx()->format_set_num_format)
#define format_set_text_wrap	(gk_xlsx()->format_set_text_wrap)
#define lxw_strerror		(gk_xlsx()->lxw_strerror)
#define workbook_add_format	(gk_xlsx()->workbook_add_format)
#define workbook_add_worksheet	(gk_xlsx()->workbook_add_worksheet)
#define workbook_close		(gk_xlsx()->workbook_close)
#define workbook_new		(gk_xlsx()->workbook_new)
#define workbook_new_opt	(gk_xlsx()->workbook_new_opt)
#define workbook_set_properties (gk_xlsx()->workbook_set_properties)
#define worksheet_autofilter	(gk_xlsx()->worksheet_autofilter)
#define worksheet_freeze_panes	(gk_xlsx()->worksheet_freeze_panes)
#define worksheet_merge_range	(gk_xlsx()->worksheet_merge_range)
#define worksheet_set_column	(gk_xlsx()->worksheet_set_column)
#define worksheet_set_row	(gk_xlsx()->worksheet_set_row)
#define worksheet_write_blank	(gk_xlsx()->worksheet_write_blank)
#define worksheet_write_number	(gk_xlsx()->worksheet_write_number)
#define worksheet_write_string	(gk_xlsx()->worksheet_write_string)
#endif

#endif
