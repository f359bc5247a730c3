/* kh-project-file-private.h: the .kakehashi file: reading and atomic writing
 *
 * These functions touch no shared object: they work on a KhProjectData
 * that belongs to the caller, so they run in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-sample-set.h"
#include "kh-schema.h"

G_BEGIN_DECLS

/* PRAGMA application_id: "KAKE". */
#define KH_PROJECT_APPLICATION_ID 0x4B414B45

/* PRAGMA user_version: the version of the project file's tables. */
#define KH_PROJECT_FORMAT_VERSION 1

typedef struct
{
  KhSchema    *source;       /* nullable */
  KhSchema    *target;       /* nullable */
  KhSampleSet *samples;      /* nullable */
  GBytes      *mapping_xml;  /* the mapping's canonical XML */
  KhMapping   *mapping;      /* read only: the loaded mapping */
  GPtrArray   *versions;     /* of KhProjectVersion, oldest first */
  char        *recovery_of;  /* recovery copies: the project's URI, "" when untitled */
} KhProjectData;

KhProjectData *_kh_project_data_new   (void);
void           _kh_project_data_free  (KhProjectData        *data);
gboolean       _kh_project_file_write (const KhProjectData  *data,
                                       const char           *path,
                                       GCancellable         *cancellable,
                                       GError              **error);
KhProjectData *_kh_project_file_read  (const char           *path,
                                       GCancellable         *cancellable,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhProjectData, _kh_project_data_free)

G_END_DECLS
