/* kh-project-io.h: the workbench's bridge to the core: project files,
 * mapping XML, schema importers, sample readers and the demo project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-document.h"

G_BEGIN_DECLS

#define KH_SAMPLES_MAX_ROWS 10000

typedef enum
{
  KH_FILE_KIND_UNKNOWN,
  KH_FILE_KIND_PROJECT,      /* a .kakehashi project */
  KH_FILE_KIND_MAPPING_XML,  /* an exported mapping */
  KH_FILE_KIND_SCHEMA,       /* metadata an importer reads */
  KH_FILE_KIND_RECORDS,      /* sample records (CSV, JSON, NDJSON) */
} KhFileKind;

KhFileKind  kh_project_io_guess_kind        (GFile       *file);

gboolean    kh_project_io_load_project      (KhDocument  *document,
                                             GFile       *file,
                                             GError     **error);
void        kh_project_io_load_project_async (KhDocument *document,
                                             GFile       *file,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer     user_data);
gboolean    kh_project_io_load_project_finish (KhDocument *document,
                                             GAsyncResult *result,
                                             GError     **error);
gboolean    kh_project_io_save_project      (KhDocument  *document,
                                             GFile       *file,
                                             const char  *comment,
                                             GError     **error);
void        kh_project_io_save_project_async (KhDocument *document,
                                             GFile       *file,
                                             const char  *comment,
                                             GAsyncReadyCallback callback,
                                             gpointer     user_data);
gboolean    kh_project_io_save_project_finish (KhDocument *document,
                                             GAsyncResult *result,
                                             GError     **error);
KhProject  *kh_project_io_sync              (KhDocument  *document);

gboolean    kh_project_io_save_recovery     (KhDocument  *document,
                                             GError     **error);
void        kh_project_io_save_recovery_async (KhDocument *document,
                                             GAsyncReadyCallback callback,
                                             gpointer     user_data);
gboolean    kh_project_io_save_recovery_finish (KhDocument *document,
                                             GAsyncResult *result,
                                             GError     **error);
GFile      *kh_project_io_get_recovery_file (KhDocument  *document);
void        kh_project_io_discard_recovery  (KhDocument  *document);
gboolean    kh_project_io_load_recovery     (KhDocument  *document,
                                             GFile       *recovery,
                                             GError     **error);

gboolean    kh_project_io_load_mapping_xml  (KhDocument  *document,
                                             GFile       *file,
                                             GError     **error);
gboolean    kh_project_io_export_mapping_xml (KhDocument *document,
                                             GFile       *file,
                                             GError     **error);

KhSchema   *kh_project_io_import_schema     (GFile       *file,
                                             GError     **error);
KhSampleSet  *kh_project_io_read_samples      (GFile       *file,
                                             guint        max_rows,
                                             GError     **error);

GFile      *kh_project_io_get_demo_dir      (void);
gboolean    kh_project_io_load_demo         (KhDocument  *document,
                                             GError     **error);

KhSchema   *kh_project_io_schema_for_entity (const char  *system,
                                             KhEntity    *entity);

G_END_DECLS
