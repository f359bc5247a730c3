/* kh-versions-dialog.h: the saved versions of the project, to restore one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-window.h"

G_BEGIN_DECLS

#define KH_TYPE_VERSIONS_DIALOG (kh_versions_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhVersionsDialog, kh_versions_dialog, KH, VERSIONS_DIALOG, AdwWindow)

KhVersionsDialog *kh_versions_dialog_new          (KhWindow         *window);
GListModel       *kh_versions_dialog_get_model    (KhVersionsDialog *self);
const char       *kh_versions_dialog_get_page     (KhVersionsDialog *self);

G_END_DECLS
