/* kh-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KH_TYPE_APPLICATION (kh_application_get_type ())

G_DECLARE_FINAL_TYPE (KhApplication, kh_application, KH, APPLICATION, AdwApplication)

KhApplication *kh_application_new          (void);
GSettings     *kh_application_get_settings (KhApplication *self);

GPtrArray     *kh_application_list_recovery      (void);
char          *kh_application_dup_recovery_title (GFile *file);
void           kh_application_discard_recovery   (GFile *file);

G_END_DECLS
