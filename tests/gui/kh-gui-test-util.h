/* kh-gui-test-util.h: helpers for GUI tests and screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     kh_test_wait_idle         (void);
void     kh_test_wait_ms           (guint      ms);
gboolean kh_test_save_png          (GtkWidget  *widget,
                                    const char *path,
                                    GError    **error);
GtkWidget *kh_test_find_by_name    (GtkWidget  *root,
                                    const char *buildable_id);

G_END_DECLS
