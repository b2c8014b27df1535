/* gfx.h: cairo, pango and fontconfig, and the glib they stand on, opened
 * when the first PDF is drawn (core/dynlib.h): they are some 30 libraries
 * (harfbuzz, freetype, X11 …) that every other command would map and
 * relocate at its start for nothing, 4 ms of each `ktxh eval`. Their two
 * users (rpt_pdf.c, sign/pdfsig.c) include this after nothing else of
 * theirs, call gfx_load before drawing, and then read as plain cairo and
 * pango: the definitions below send each call through the table. */
#ifndef KTXH_GFX_H
#define KTXH_GFX_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "core/buf.h"
#include "core/dynlib.h"

#define GFX_SONAME	"libpangocairo-1.0.so.0"
#define GFX_FUNCS(X)							\
	X(FcConfigAppFontAddFile) X(FcConfigCreate) X(FcConfigDestroy)	\
	X(FcConfigSetCurrent) X(cairo_copy_path) X(cairo_create)	\
	X(cairo_destroy) X(cairo_font_options_create)	\
	X(cairo_font_options_destroy)	\
	X(cairo_font_options_set_hint_metrics)	\
	X(cairo_font_options_set_hint_style) X(cairo_line_to)	\
	X(cairo_move_to) X(cairo_path_destroy)	\
	X(cairo_pdf_surface_create_for_stream)	\
	X(cairo_pdf_surface_set_metadata) X(cairo_recording_surface_create)	\
	X(cairo_rectangle) X(cairo_set_line_width) X(cairo_set_source_rgb)	\
	X(cairo_show_page) X(cairo_status) X(cairo_status_to_string)	\
	X(cairo_stroke) X(cairo_surface_destroy) X(cairo_surface_finish)	\
	X(cairo_surface_status) X(g_cond_broadcast) X(g_cond_clear)	\
	X(g_cond_init) X(g_cond_wait) X(g_free) X(g_get_num_processors)	\
	X(g_hash_table_destroy) X(g_hash_table_insert)	\
	X(g_hash_table_lookup) X(g_hash_table_lookup_extended)	\
	X(g_hash_table_new_full) X(g_mutex_clear) X(g_mutex_init)	\
	X(g_mutex_lock) X(g_mutex_unlock) X(g_object_ref) X(g_object_unref)	\
	X(g_once_impl) X(g_str_equal) X(g_str_hash) X(g_strdup)	\
	X(g_strdup_printf) X(g_thread_join) X(g_thread_try_new)	\
	X(g_type_check_instance_cast) X(g_utf8_get_char)	\
	X(g_utf8_make_valid) X(g_utf8_skip) X(g_utf8_validate)	\
	X(pango_attr_list_insert) X(pango_attr_list_new)	\
	X(pango_attr_list_unref) X(pango_attr_size_new_absolute)	\
	X(pango_attr_style_new) X(pango_attr_underline_new)	\
	X(pango_attr_weight_new) X(pango_cairo_context_set_font_options)	\
	X(pango_cairo_context_set_resolution)	\
	X(pango_cairo_font_map_get_type) X(pango_cairo_font_map_new)	\
	X(pango_cairo_font_map_set_resolution) X(pango_cairo_layout_path)	\
	X(pango_cairo_show_layout) X(pango_cairo_show_layout_line)	\
	X(pango_cairo_update_context)	\
	X(pango_context_set_round_glyph_positions)	\
	X(pango_font_description_free)	\
	X(pango_font_description_from_string) X(pango_font_description_new)	\
	X(pango_font_description_set_absolute_size)	\
	X(pango_font_description_set_family)	\
	X(pango_font_description_set_style)	\
	X(pango_font_description_set_weight)	\
	X(pango_font_map_create_context) X(pango_layout_get_baseline)	\
	X(pango_layout_get_extents) X(pango_layout_get_iter)	\
	X(pango_layout_get_line_count) X(pango_layout_get_line_readonly)	\
	X(pango_layout_get_lines_readonly)	\
	X(pango_layout_get_log_attrs_readonly)	\
	X(pango_layout_get_pixel_size) X(pango_layout_get_size)	\
	X(pango_layout_get_text) X(pango_layout_iter_free)	\
	X(pango_layout_iter_get_baseline)	\
	X(pango_layout_iter_get_line_extents)	\
	X(pango_layout_iter_get_line_yrange) X(pango_layout_iter_next_line)	\
	X(pango_layout_new) X(pango_layout_set_alignment)	\
	X(pango_layout_set_attributes) X(pango_layout_set_ellipsize)	\
	X(pango_layout_set_font_description) X(pango_layout_set_height)	\
	X(pango_layout_set_indent) X(pango_layout_set_justify)	\
	X(pango_layout_set_line_spacing) X(pango_layout_set_text)	\
	X(pango_layout_set_width) X(pango_layout_set_wrap)	\
	X(pango_units_from_double) X(pango_units_to_double)

struct gfx_fns { GFX_FUNCS(DYNLIB_FIELD) };
extern struct gfx_fns gfx;

/* Fill gfx once, whichever thread draws first; 0, or -1 with a message
 * in err (the library and the Debian package to install). */
int	gfx_load(struct buf *err);

#ifndef GFX_TABLE
#undef FcConfigAppFontAddFile
#define FcConfigAppFontAddFile (*gfx.FcConfigAppFontAddFile)
#undef FcConfigCreate
#define FcConfigCreate (*gfx.FcConfigCreate)
#undef FcConfigDestroy
#define FcConfigDestroy (*gfx.FcConfigDestroy)
#undef FcConfigSetCurrent
#define FcConfigSetCurrent (*gfx.FcConfigSetCurrent)
#undef cairo_copy_path
#define cairo_copy_path (*gfx.cairo_copy_path)
#undef cairo_create
#define cairo_create (*gfx.cairo_create)
#undef cairo_destroy
#define cairo_destroy (*gfx.cairo_destroy)
#undef cairo_font_options_create
#define cairo_font_options_create (*gfx.cairo_font_options_create)
#undef cairo_font_options_destroy
#define cairo_font_options_destroy (*gfx.cairo_font_options_destroy)
#undef cairo_font_options_set_hint_metrics
#define cairo_font_options_set_hint_metrics (*gfx.cairo_font_options_set_hint_metrics)
#undef cairo_font_options_set_hint_style
#define cairo_font_options_set_hint_style (*gfx.cairo_font_options_set_hint_style)
#undef cairo_line_to
#define cairo_line_to (*gfx.cairo_line_to)
#undef cairo_move_to
#define cairo_move_to (*gfx.cairo_move_to)
#undef cairo_path_destroy
#define cairo_path_destroy (*gfx.cairo_path_destroy)
#undef cairo_pdf_surface_create_for_stream
#define cairo_pdf_surface_create_for_stream (*gfx.cairo_pdf_surface_create_for_stream)
#undef cairo_pdf_surface_set_metadata
#define cairo_pdf_surface_set_metadata (*gfx.cairo_pdf_surface_set_metadata)
#undef cairo_recording_surface_create
#define cairo_recording_surface_create (*gfx.cairo_recording_surface_create)
#undef cairo_rectangle
#define cairo_rectangle (*gfx.cairo_rectangle)
#undef cairo_set_line_width
#define cairo_set_line_width (*gfx.cairo_set_line_width)
#undef cairo_set_source_rgb
#define cairo_set_source_rgb (*gfx.cairo_set_source_rgb)
#undef cairo_show_page
#define cairo_show_page (*gfx.cairo_show_page)
#undef cairo_status
#define cairo_status (*gfx.cairo_status)
#undef cairo_status_to_string
#define cairo_status_to_string (*gfx.cairo_status_to_string)
#undef cairo_stroke
#define cairo_stroke (*gfx.cairo_stroke)
#undef cairo_surface_destroy
#define cairo_surface_destroy (*gfx.cairo_surface_destroy)
#undef cairo_surface_finish
#define cairo_surface_finish (*gfx.cairo_surface_finish)
#undef cairo_surface_status
#define cairo_surface_status (*gfx.cairo_surface_status)
#undef g_cond_broadcast
#define g_cond_broadcast (*gfx.g_cond_broadcast)
#undef g_cond_clear
#define g_cond_clear (*gfx.g_cond_clear)
#undef g_cond_init
#define g_cond_init (*gfx.g_cond_init)
#undef g_cond_wait
#define g_cond_wait (*gfx.g_cond_wait)
#undef g_free
#define g_free (*gfx.g_free)
#undef g_get_num_processors
#define g_get_num_processors (*gfx.g_get_num_processors)
#undef g_hash_table_destroy
#define g_hash_table_destroy (*gfx.g_hash_table_destroy)
#undef g_hash_table_insert
#define g_hash_table_insert (*gfx.g_hash_table_insert)
#undef g_hash_table_lookup
#define g_hash_table_lookup (*gfx.g_hash_table_lookup)
#undef g_hash_table_lookup_extended
#define g_hash_table_lookup_extended (*gfx.g_hash_table_lookup_extended)
#undef g_hash_table_new_full
#define g_hash_table_new_full (*gfx.g_hash_table_new_full)
#undef g_mutex_clear
#define g_mutex_clear (*gfx.g_mutex_clear)
#undef g_mutex_init
#define g_mutex_init (*gfx.g_mutex_init)
#undef g_mutex_lock
#define g_mutex_lock (*gfx.g_mutex_lock)
#undef g_mutex_unlock
#define g_mutex_unlock (*gfx.g_mutex_unlock)
#undef g_object_ref
#define g_object_ref (*gfx.g_object_ref)
#undef g_object_unref
#define g_object_unref (*gfx.g_object_unref)
#undef g_once_impl
#define g_once_impl (*gfx.g_once_impl)
#undef g_str_equal
#define g_str_equal (*gfx.g_str_equal)
#undef g_str_hash
#define g_str_hash (*gfx.g_str_hash)
#undef g_strdup
#define g_strdup (*gfx.g_strdup)
#undef g_strdup_printf
#define g_strdup_printf (*gfx.g_strdup_printf)
#undef g_thread_join
#define g_thread_join (*gfx.g_thread_join)
#undef g_thread_try_new
#define g_thread_try_new (*gfx.g_thread_try_new)
#undef g_type_check_instance_cast
#define g_type_check_instance_cast (*gfx.g_type_check_instance_cast)
#undef g_utf8_get_char
#define g_utf8_get_char (*gfx.g_utf8_get_char)
#undef g_utf8_make_valid
#define g_utf8_make_valid (*gfx.g_utf8_make_valid)
#undef g_utf8_skip
#define g_utf8_skip (*gfx.g_utf8_skip)
#undef g_utf8_validate
#define g_utf8_validate (*gfx.g_utf8_validate)
#undef pango_attr_list_insert
#define pango_attr_list_insert (*gfx.pango_attr_list_insert)
#undef pango_attr_list_new
#define pango_attr_list_new (*gfx.pango_attr_list_new)
#undef pango_attr_list_unref
#define pango_attr_list_unref (*gfx.pango_attr_list_unref)
#undef pango_attr_size_new_absolute
#define pango_attr_size_new_absolute (*gfx.pango_attr_size_new_absolute)
#undef pango_attr_style_new
#define pango_attr_style_new (*gfx.pango_attr_style_new)
#undef pango_attr_underline_new
#define pango_attr_underline_new (*gfx.pango_attr_underline_new)
#undef pango_attr_weight_new
#define pango_attr_weight_new (*gfx.pango_attr_weight_new)
#undef pango_cairo_context_set_font_options
#define pango_cairo_context_set_font_options (*gfx.pango_cairo_context_set_font_options)
#undef pango_cairo_context_set_resolution
#define pango_cairo_context_set_resolution (*gfx.pango_cairo_context_set_resolution)
#undef pango_cairo_font_map_get_type
#define pango_cairo_font_map_get_type (*gfx.pango_cairo_font_map_get_type)
#undef pango_cairo_font_map_new
#define pango_cairo_font_map_new (*gfx.pango_cairo_font_map_new)
#undef pango_cairo_font_map_set_resolution
#define pango_cairo_font_map_set_resolution (*gfx.pango_cairo_font_map_set_resolution)
#undef pango_cairo_layout_path
#define pango_cairo_layout_path (*gfx.pango_cairo_layout_path)
#undef pango_cairo_show_layout
#define pango_cairo_show_layout (*gfx.pango_cairo_show_layout)
#undef pango_cairo_show_layout_line
#define pango_cairo_show_layout_line (*gfx.pango_cairo_show_layout_line)
#undef pango_cairo_update_context
#define pango_cairo_update_context (*gfx.pango_cairo_update_context)
#undef pango_context_set_round_glyph_positions
#define pango_context_set_round_glyph_positions (*gfx.pango_context_set_round_glyph_positions)
#undef pango_font_description_free
#define pango_font_description_free (*gfx.pango_font_description_free)
#undef pango_font_description_from_string
#define pango_font_description_from_string (*gfx.pango_font_description_from_string)
#undef pango_font_description_new
#define pango_font_description_new (*gfx.pango_font_description_new)
#undef pango_font_description_set_absolute_size
#define pango_font_description_set_absolute_size (*gfx.pango_font_description_set_absolute_size)
#undef pango_font_description_set_family
#define pango_font_description_set_family (*gfx.pango_font_description_set_family)
#undef pango_font_description_set_style
#define pango_font_description_set_style (*gfx.pango_font_description_set_style)
#undef pango_font_description_set_weight
#define pango_font_description_set_weight (*gfx.pango_font_description_set_weight)
#undef pango_font_map_create_context
#define pango_font_map_create_context (*gfx.pango_font_map_create_context)
#undef pango_layout_get_baseline
#define pango_layout_get_baseline (*gfx.pango_layout_get_baseline)
#undef pango_layout_get_extents
#define pango_layout_get_extents (*gfx.pango_layout_get_extents)
#undef pango_layout_get_iter
#define pango_layout_get_iter (*gfx.pango_layout_get_iter)
#undef pango_layout_get_line_count
#define pango_layout_get_line_count (*gfx.pango_layout_get_line_count)
#undef pango_layout_get_line_readonly
#define pango_layout_get_line_readonly (*gfx.pango_layout_get_line_readonly)
#undef pango_layout_get_lines_readonly
#define pango_layout_get_lines_readonly (*gfx.pango_layout_get_lines_readonly)
#undef pango_layout_get_log_attrs_readonly
#define pango_layout_get_log_attrs_readonly (*gfx.pango_layout_get_log_attrs_readonly)
#undef pango_layout_get_pixel_size
#define pango_layout_get_pixel_size (*gfx.pango_layout_get_pixel_size)
#undef pango_layout_get_size
#define pango_layout_get_size (*gfx.pango_layout_get_size)
#undef pango_layout_get_text
#define pango_layout_get_text (*gfx.pango_layout_get_text)
#undef pango_layout_iter_free
#define pango_layout_iter_free (*gfx.pango_layout_iter_free)
#undef pango_layout_iter_get_baseline
#define pango_layout_iter_get_baseline (*gfx.pango_layout_iter_get_baseline)
#undef pango_layout_iter_get_line_extents
#define pango_layout_iter_get_line_extents (*gfx.pango_layout_iter_get_line_extents)
#undef pango_layout_iter_get_line_yrange
#define pango_layout_iter_get_line_yrange (*gfx.pango_layout_iter_get_line_yrange)
#undef pango_layout_iter_next_line
#define pango_layout_iter_next_line (*gfx.pango_layout_iter_next_line)
#undef pango_layout_new
#define pango_layout_new (*gfx.pango_layout_new)
#undef pango_layout_set_alignment
#define pango_layout_set_alignment (*gfx.pango_layout_set_alignment)
#undef pango_layout_set_attributes
#define pango_layout_set_attributes (*gfx.pango_layout_set_attributes)
#undef pango_layout_set_ellipsize
#define pango_layout_set_ellipsize (*gfx.pango_layout_set_ellipsize)
#undef pango_layout_set_font_description
#define pango_layout_set_font_description (*gfx.pango_layout_set_font_description)
#undef pango_layout_set_height
#define pango_layout_set_height (*gfx.pango_layout_set_height)
#undef pango_layout_set_indent
#define pango_layout_set_indent (*gfx.pango_layout_set_indent)
#undef pango_layout_set_justify
#define pango_layout_set_justify (*gfx.pango_layout_set_justify)
#undef pango_layout_set_line_spacing
#define pango_layout_set_line_spacing (*gfx.pango_layout_set_line_spacing)
#undef pango_layout_set_text
#define pango_layout_set_text (*gfx.pango_layout_set_text)
#undef pango_layout_set_width
#define pango_layout_set_width (*gfx.pango_layout_set_width)
#undef pango_layout_set_wrap
#define pango_layout_set_wrap (*gfx.pango_layout_set_wrap)
#undef pango_units_from_double
#define pango_units_from_double (*gfx.pango_units_from_double)
#undef pango_units_to_double
#define pango_units_to_double (*gfx.pango_units_to_double)
#endif

#endif
