/* kh-project-version.h: one saved version of a project's mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"

G_BEGIN_DECLS

#define KH_TYPE_PROJECT_VERSION (kh_project_version_get_type ())

G_DECLARE_FINAL_TYPE (KhProjectVersion, kh_project_version, KH, PROJECT_VERSION, GObject)

KhProjectVersion *kh_project_version_new          (gint64            number,
                                                   GDateTime        *saved_at,
                                                   const char       *comment,
                                                   GBytes           *xml);
gint64            kh_project_version_get_number   (KhProjectVersion *self);
GDateTime        *kh_project_version_get_saved_at (KhProjectVersion *self);
const char       *kh_project_version_get_comment  (KhProjectVersion *self);
GBytes           *kh_project_version_get_xml      (KhProjectVersion *self);
KhMapping        *kh_project_version_load_mapping (KhProjectVersion *self,
                                                   GError          **error);

G_END_DECLS
