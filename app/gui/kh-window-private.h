/* kh-window-private.h: what kh-window.c and kh-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-code-list-editor.h"
#include "kh-record-rules-editor.h"
#include "kh-window.h"

G_BEGIN_DECLS

struct _KhWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkPaned             *bottom_paned;
  GtkStack             *bottom_stack;
  KhMappingCanvas      *canvas;
  KhCodeListEditor     *code_list_editor;
  GtkBox               *content_box;
  AdwHeaderBar         *header_bar;
  KhRuleInspector      *inspector;
  GtkButton            *link_button;
  GtkStack             *main_stack;
  GtkLabel             *preview_placeholder;
  AdwBin               *preview_slot;
  GtkMenuButton        *primary_menu_button;
  AdwBin               *problems_slot;
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

  guint                 autosave_id;
  guint64               autosaved_serial;
  gboolean              closing;
  gboolean              closing_after_save;
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

G_END_DECLS
