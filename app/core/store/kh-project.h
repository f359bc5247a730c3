/* kh-project.h: a Kakehashi project, the .kakehashi file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-project-version.h"
#include "kh-sample-set.h"
#include "kh-schema.h"

G_BEGIN_DECLS

/* The extension of project files. */
#define KH_PROJECT_EXTENSION ".kakehashi"

#define KH_TYPE_PROJECT (kh_project_get_type ())

G_DECLARE_FINAL_TYPE (KhProject, kh_project, KH, PROJECT, GObject)

KhProject   *kh_project_new                 (void);
KhProject   *kh_project_new_from_mapping    (KhMapping            *mapping);
KhProject   *kh_project_import_mapping_file (GFile                *file,
                                             GPtrArray           **problems,
                                             GCancellable         *cancellable,
                                             GError              **error);

KhProject   *kh_project_open                (GFile                *file,
                                             GCancellable         *cancellable,
                                             GError              **error);
void         kh_project_open_async          (GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
KhProject   *kh_project_open_finish         (GAsyncResult         *result,
                                             GError              **error);

gboolean     kh_project_save                (KhProject            *self,
                                             const char           *comment,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean     kh_project_save_as             (KhProject            *self,
                                             GFile                *file,
                                             const char           *comment,
                                             GCancellable         *cancellable,
                                             GError              **error);
void         kh_project_save_as_async       (KhProject            *self,
                                             GFile                *file,
                                             const char           *comment,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     kh_project_save_finish         (KhProject            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

GFile       *kh_project_get_file            (KhProject            *self);
char        *kh_project_get_title           (KhProject            *self);
gboolean     kh_project_get_modified        (KhProject            *self);
void         kh_project_set_modified        (KhProject            *self,
                                             gboolean              modified);

KhMapping   *kh_project_get_mapping         (KhProject            *self);
KhSchema    *kh_project_get_source_schema   (KhProject            *self);
void         kh_project_set_source_schema   (KhProject            *self,
                                             KhSchema             *schema);
KhSchema    *kh_project_get_target_schema   (KhProject            *self);
void         kh_project_set_target_schema   (KhProject            *self,
                                             KhSchema             *schema);
KhSampleSet *kh_project_get_samples         (KhProject            *self);
void         kh_project_set_samples         (KhProject            *self,
                                             KhSampleSet          *samples);

GListModel  *kh_project_get_versions        (KhProject            *self);
gboolean     kh_project_restore_version     (KhProject            *self,
                                             KhProjectVersion     *version,
                                             GError              **error);

GFile       *kh_project_get_recovery_file   (KhProject            *self);
gboolean     kh_project_save_recovery       (KhProject            *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void         kh_project_save_recovery_async (KhProject            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     kh_project_save_recovery_finish (KhProject           *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean     kh_project_has_recovery        (KhProject            *self);
KhProject   *kh_project_open_recovery       (GFile                *recovery_file,
                                             GCancellable         *cancellable,
                                             GError              **error);
void         kh_project_discard_recovery    (KhProject            *self);
GPtrArray   *kh_project_list_recoveries     (void);

G_END_DECLS
