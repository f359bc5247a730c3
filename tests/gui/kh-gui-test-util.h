/* kh-gui-test-util.h: helpers for GUI tests, screenshots and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-application.h"
#include "kh-entity.h"
#include "kh-field-panel.h"
#include "kh-window.h"

G_BEGIN_DECLS

void                kh_test_wait_idle         (void);
void                kh_test_wait_ms           (guint        ms);
gboolean            kh_test_save_png          (GtkWidget   *widget,
                                               const char  *path,
                                               GError     **error);
GtkWidget          *kh_test_find_by_name      (GtkWidget   *root,
                                               const char  *buildable_id);
GtkWidget          *kh_test_find_by_type      (GtkWidget   *root,
                                               GType        type);
GtkEventController *kh_test_find_controller   (GtkWidget   *widget,
                                               GType        type);
gboolean            kh_test_wait_until        (gboolean   (*check) (gpointer),
                                               gpointer     data,
                                               guint        timeout_ms);

void                kh_test_init_environment  (void);
void                kh_test_init_gtk          (int            *argc,
                                               char         ***argv);
KhApplication      *kh_test_new_application   (void);
KhWindow           *kh_test_new_window        (KhApplication *app,
                                               int            width,
                                               int            height);
KhWindow           *kh_test_open_demo         (KhApplication *app);

KhFieldPanel       *kh_test_panel             (KhWindow    *window,
                                               KhSide       side);
gboolean            kh_test_row_center        (KhFieldPanel *panel,
                                               const char   *path,
                                               double       *x,
                                               double       *y);
guint               kh_test_model_position    (KhFieldPanel *panel,
                                               const char   *path);

KhEntity           *kh_test_make_wide_entity  (const char  *name,
                                               guint        n_fields);

G_END_DECLS
