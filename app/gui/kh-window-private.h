/* kh-window-private.h: what kh-window.c and kh-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-checker.h"
#include "kh-code-list-editor.h"
#include "kh-coverage-meter.h"
#include "kh-preview-view.h"
#include "kh-problems-view.h"
#include "kh-record-rules-editor.h"
#include "kh-window.h"

G_BEGIN_DECLS

struct _KhWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkPaned             *bottom_paned;
  GtkStack             *bottom_stack;
  GtkSpinner           *busy_spinner;
  KhMappingCanvas      *canvas;
  KhCodeListEditor     *code_list_editor;
  GtkBox               *content_box;
  KhCoverageMeter      *coverage_meter;
  AdwHeaderBar         *header_bar;
  KhRuleInspector      *inspector;
  GtkButton            *link_button;
  GtkStack             *main_stack;
  AdwBin               *preview_slot;
  KhPreviewView        *preview_view;
  GtkMenuButton        *primary_menu_button;
  GtkButton            *problems_button;
  GtkWidget            *problems_error_icon;
  GtkLabel             *problems_error_label;
  GtkWidget            *problems_ok_icon;
  AdwBin               *problems_slot;
  KhProblemsView       *problems_view;
  GtkWidget            *problems_warning_icon;
  GtkLabel             *problems_warning_label;
  GtkListBox           *recent_list;
  GMenu                *recent_section;
  KhRecordRulesEditor  *record_rules_editor;
  GtkButton            *redo_button;
  GtkWidget            *side_box;
  GtkToggleButton      *side_pane_button;
  GtkPaned             *side_paned;
  GtkStack             *side_stack;
  GtkLabel             *status_label;
  AdwStatusPage        *status_page;
  AdwToastOverlay      *toast_overlay;
  GtkButton            *undo_button;
  AdwWindowTitle       *window_title;

  /* Owned */
  GSettings            *settings;
  KhDocument           *document;
  GtkFileChooserNative *chooser;
  KhPreview            *preview;    /* the live preview of the document's mapping and samples */
  KhChecker            *checker;    /* the live problems list, and the coverage */
  GCancellable         *opening;    /* while a project is read in a worker */

  guint                 autosave_id;
  guint64               autosaved_serial;
  gboolean              closing;
  gboolean              closing_after_save;
  gboolean              syncing_meter;
};

void     _kh_window_class_actions_init (GtkWidgetClass *widget_class);
void     _kh_window_update_actions     (KhWindow       *self);
void     _kh_window_toast              (KhWindow       *self,
                                        const char     *message);
void     _kh_window_announce           (KhWindow       *self,
                                        const char     *message);
void     _kh_window_add_recent         (KhWindow       *self,
                                        GFile          *file);
void     _kh_window_show_workbench     (KhWindow       *self);
void     _kh_window_schedule_autosave  (KhWindow       *self);
void     _kh_window_discard_recovery   (KhWindow       *self);
void     _kh_window_set_busy           (KhWindow       *self,
                                        gboolean        busy);

G_END_DECLS
