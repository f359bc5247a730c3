/* kh-window.h: the main window, the workbench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-application.h"
#include "kh-checker.h"
#include "kh-coverage-meter.h"
#include "kh-document.h"
#include "kh-mapping-canvas.h"
#include "kh-preview-view.h"
#include "kh-problems-view.h"
#include "kh-rule-inspector.h"

G_BEGIN_DECLS

#define KH_TYPE_WINDOW (kh_window_get_type ())

G_DECLARE_FINAL_TYPE (KhWindow, kh_window, KH, WINDOW, AdwApplicationWindow)

KhWindow        *kh_window_new                 (KhApplication *application);
KhDocument      *kh_window_get_document        (KhWindow      *self);
KhMappingCanvas *kh_window_get_canvas          (KhWindow      *self);
KhRuleInspector *kh_window_get_inspector       (KhWindow      *self);

/* Opening and saving. The *_sync variants are what the file choosers and
 * tests call; they report errors with a toast and return FALSE. */
void             kh_window_open_file           (KhWindow      *self,
                                                GFile         *file);
gboolean         kh_window_load_project        (KhWindow      *self,
                                                GFile         *file,
                                                GError       **error);
gboolean         kh_window_save_project        (KhWindow      *self,
                                                GFile         *file,
                                                GError       **error);
gboolean         kh_window_save_version        (KhWindow      *self,
                                                GFile         *file,
                                                const char    *comment,
                                                GError       **error);
gboolean         kh_window_restore_version     (KhWindow         *self,
                                                KhProjectVersion *version,
                                                GError          **error);
gboolean         kh_window_load_mapping_xml    (KhWindow      *self,
                                                GFile         *file,
                                                GError       **error);
gboolean         kh_window_export_mapping_xml  (KhWindow      *self,
                                                GFile         *file,
                                                GError       **error);
gboolean         kh_window_import_file         (KhWindow      *self,
                                                KhSide         side,
                                                GFile         *file,
                                                GError       **error);
void             kh_window_import_file_async   (KhWindow      *self,
                                                KhSide         side,
                                                GFile         *file);
gboolean         kh_window_open_demo           (KhWindow      *self,
                                                GError       **error);
gboolean         kh_window_save_recovery       (KhWindow      *self,
                                                GError       **error);
GFile           *kh_window_get_recovery_file   (KhWindow      *self);
gboolean         kh_window_restore_recovery    (KhWindow      *self,
                                                GFile         *recovery,
                                                GError       **error);

/* Editing (the same code paths as the canvas, lists and actions). */
gboolean         kh_window_link_fields         (KhWindow           *self,
                                                const char * const *sources,
                                                const char         *target);
gboolean         kh_window_unlink_selected     (KhWindow      *self);

/* Hooks for the preview grid and the problems list (issue #6). */
GtkWidget       *kh_window_get_preview_slot    (KhWindow      *self);
GtkWidget       *kh_window_get_problems_slot   (KhWindow      *self);
void             kh_window_show_bottom_page    (KhWindow      *self,
                                                const char    *name);
gboolean         kh_window_select_target_field (KhWindow      *self,
                                                const char    *target);
gboolean         kh_window_select_source_field (KhWindow      *self,
                                                const char    *source);
gboolean         kh_window_select_rule         (KhWindow      *self,
                                                const char    *target,
                                                int            step_index,
                                                const char    *param);
gboolean         kh_window_select_code_list    (KhWindow      *self,
                                                const char    *name);
void             kh_window_show_record_rules   (KhWindow      *self);
void             kh_window_show_message        (KhWindow      *self,
                                                const char    *message);

/* The preview, the problems list and the coverage meter (issue #6). */
KhPreview       *kh_window_get_preview         (KhWindow      *self);
KhChecker       *kh_window_get_checker         (KhWindow      *self);
KhPreviewView   *kh_window_get_preview_view    (KhWindow      *self);
KhProblemsView  *kh_window_get_problems_view   (KhWindow      *self);
KhCoverageMeter *kh_window_get_coverage_meter  (KhWindow      *self);
void             kh_window_import_samples      (KhWindow      *self,
                                                GFile         *file,
                                                KhSampleMode   mode,
                                                guint          n_records,
                                                guint32        seed,
                                                const char    *table,
                                                gboolean       append);

G_END_DECLS
