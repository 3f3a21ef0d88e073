/* pango_lib.h — pango, pangocairo and cairo (writing PDF: util/pdf_text.c, report/report_pdf.c) with
 * g_object_unref, loaded when the first PDF is written. One dlopen of libpangocairo brings pango, cairo,
 * harfbuzz and glib as its dependencies; dlsym on its handle finds their symbols too.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_UTIL_PANGO_LIB_H
#define GONGKAI_UTIL_PANGO_LIB_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_PANGO_FUNCTIONS(X, T)                                                                                       \
	X(T, cairo_create)                                                                                             \
	X(T, cairo_destroy)                                                                                            \
	X(T, cairo_fill_preserve)                                                                                      \
	X(T, cairo_move_to)                                                                                            \
	X(T, cairo_pdf_surface_create_for_stream)                                                                      \
	X(T, cairo_pdf_surface_set_metadata)                                                                           \
	X(T, cairo_rectangle)                                                                                          \
	X(T, cairo_set_line_width)                                                                                     \
	X(T, cairo_set_source_rgb)                                                                                     \
	X(T, cairo_show_page)                                                                                          \
	X(T, cairo_status)                                                                                             \
	X(T, cairo_status_to_string)                                                                                   \
	X(T, cairo_stroke)                                                                                             \
	X(T, cairo_surface_destroy)                                                                                    \
	X(T, cairo_surface_finish)                                                                                     \
	X(T, cairo_surface_status)                                                                                     \
	X(T, g_object_unref)                                                                                           \
	X(T, pango_cairo_font_map_new)                                                                                 \
	X(T, pango_cairo_show_layout)                                                                                  \
	X(T, pango_cairo_show_layout_line)                                                                             \
	X(T, pango_cairo_update_context)                                                                               \
	X(T, pango_font_description_free)                                                                              \
	X(T, pango_font_description_from_string)                                                                       \
	X(T, pango_font_description_new)                                                                               \
	X(T, pango_font_description_set_absolute_size)                                                                 \
	X(T, pango_font_description_set_family)                                                                        \
	X(T, pango_font_description_set_weight)                                                                        \
	X(T, pango_font_map_create_context)                                                                            \
	X(T, pango_layout_get_iter)                                                                                    \
	X(T, pango_layout_get_line_count)                                                                              \
	X(T, pango_layout_get_size)                                                                                    \
	X(T, pango_layout_iter_free)                                                                                   \
	X(T, pango_layout_iter_get_baseline)                                                                           \
	X(T, pango_layout_iter_get_line_extents)                                                                       \
	X(T, pango_layout_iter_get_line_readonly)                                                                      \
	X(T, pango_layout_iter_next_line)                                                                              \
	X(T, pango_layout_new)                                                                                         \
	X(T, pango_layout_set_alignment)                                                                               \
	X(T, pango_layout_set_font_description)                                                                        \
	X(T, pango_layout_set_indent)                                                                                  \
	X(T, pango_layout_set_justify)                                                                                 \
	X(T, pango_layout_set_text)                                                                                    \
	X(T, pango_layout_set_width)                                                                                   \
	X(T, pango_layout_set_wrap)

/* gk_pango_load() opens libpangocairo-1.0.so.0 (Debian package libpangocairo-1.0-0) or says why not; gk_pango() is the
 * table of the call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_pango, GK_PANGO_FUNCTIONS);

#ifndef GK_PANGO_TABLE_ONLY
#define cairo_create				 (gk_pango()->cairo_create)
#define cairo_destroy				 (gk_pango()->cairo_destroy)
#define cairo_fill_preserve			 (gk_pango()->cairo_fill_preserve)
#define cairo_move_to				 (gk_pango()->cairo_move_to)
#define cairo_pdf_surface_create_for_stream	 (gk_pango()->cairo_pdf_surface_create_for_stream)
#define cairo_pdf_surface_set_metadata		 (gk_pango()->cairo_pdf_surface_set_metadata)
#define cairo_rectangle				 (gk_pango()->cairo_rectangle)
#define cairo_set_line_width			 (gk_pango()->cairo_set_line_width)
#define cairo_set_source_rgb			 (gk_pango()->cairo_set_source_rgb)
#define cairo_show_page				 (gk_pango()->cairo_show_page)
#define cairo_status				 (gk_pango()->cairo_status)
#define cairo_status_to_string			 (gk_pango()->cairo_status_to_string)
#define cairo_stroke				 (gk_pango()->cairo_stroke)
#define cairo_surface_destroy			 (gk_pango()->cairo_surface_destroy)
#define cairo_surface_finish			 (gk_pango()->cairo_surface_finish)
#define cairo_surface_status			 (gk_pango()->cairo_surface_status)
#define g_object_unref				 (gk_pango()->g_object_unref)
#define pango_cairo_font_map_new		 (gk_pango()->pango_cairo_font_map_new)
#define pango_cairo_show_layout			 (gk_pango()->pango_cairo_show_layout)
#define pango_cairo_show_layout_line		 (gk_pango()->pango_cairo_show_layout_line)
#define pango_cairo_update_context		 (gk_pango()->pango_cairo_update_context)
#define pango_font_description_free		 (gk_pango()->pango_font_description_free)
#define pango_font_description_from_string	 (gk_pango()->pango_font_description_from_string)
#define pango_font_description_new		 (gk_pango()->pango_font_description_new)
#define pango_font_description_set_absolute_size (gk_pango()->pango_font_description_set_absolute_size)
#define pango_font_description_set_family	 (gk_pango()->pango_font_description_set_family)
#define pango_font_description_set_weight	 (gk_pango()->pango_font_description_set_weight)
#define pango_font_map_create_context		 (gk_pango()->pango_font_map_create_context)
#define pango_layout_get_iter			 (gk_pango()->pango_layout_get_iter)
#define pango_layout_get_line_count		 (gk_pango()->pango_layout_get_line_count)
#define pango_layout_get_size			 (gk_pango()->pango_layout_get_size)
#define pango_layout_iter_free			 (gk_pango()->pango_layout_iter_free)
#define pango_layout_iter_get_baseline		 (gk_pango()->pango_layout_iter_get_baseline)
#define pango_layout_iter_get_line_extents	 (gk_pango()->pango_layout_iter_get_line_extents)
#define pango_layout_iter_get_line_readonly	 (gk_pango()->pango_layout_iter_get_line_readonly)
#define pango_layout_iter_next_line		 (gk_pango()->pango_layout_iter_next_line)
#define pango_layout_new			 (gk_pango()->pango_layout_new)
#define pango_layout_set_alignment		 (gk_pango()->pango_layout_set_alignment)
#define pango_layout_set_font_description	 (gk_pango()->pango_layout_set_font_description)
#define pango_layout_set_indent			 (gk_pango()->pango_layout_set_indent)
#define pango_layout_set_justify		 (gk_pango()->pango_layout_set_justify)
#define pango_layout_set_text			 (gk_pango()->pango_layout_set_text)
#define pango_layout_set_width			 (gk_pango()->pango_layout_set_width)
#define pango_layout_set_wrap			 (gk_pango()->pango_layout_set_wrap)
#endif

#endif
