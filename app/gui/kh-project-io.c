/* kh-project-io.c: the workbench's bridge to the core
 *
 * Every file the workbench reads or writes goes through here, and from
 * here through the core: the project store (kh-project.h), the mapping
 * XML loader and canonical writer (kh-mapping-xml.h), the schema
 * importers (kh-importer.h) and the record readers (kh-reader.h). The
 * workbench itself never parses a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-project-io"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-importer.h"
#include "kh-project.h"
#include "kh-mapping-xml.h"
#include "kh-project-io.h"
#include "kh-reader.h"

#define DEMO_MAPPING "kna1-to-account.xml"
#define DEMO_SAMPLES "kna1-samples.csv"

static char *
dup_extension (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  const char *dot = base != NULL ? strrchr (base, '.') : NULL;

  return dot != NULL ? g_ascii_strdown (dot + 1, -1) : g_strdup ("");
}

static gboolean
head_contains (GFile      *file,
               const char *needle)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char buf[4096];
  gssize n;

  if (stream == NULL)
    return FALSE;
  n = g_input_stream_read (G_INPUT_STREAM (stream), buf, sizeof buf - 1, NULL, NULL);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return strstr (buf, needle) != NULL;
}

/**
 * kh_project_io_guess_kind:
 *
 * Guesses what a file the user opened or dropped is: a project, a mapping
 * XML, schema metadata or sample records.
 */
KhFileKind
kh_project_io_guess_kind (GFile *file)
{
  g_autofree char *ext = dup_extension (file);

  if (g_str_equal (ext, "kakehashi"))
    return KH_FILE_KIND_PROJECT;
  if (g_str_equal (ext, "xml") && head_contains (file, KH_MAPPING_XML_NAMESPACE))
    return KH_FILE_KIND_MAPPING_XML;
  if (g_str_equal (ext, "csv") || g_str_equal (ext, "tsv") || g_str_equal (ext, "txt") ||
      g_str_equal (ext, "ndjson") || g_str_equal (ext, "jsonl"))
    return KH_FILE_KIND_RECORDS;
  if (g_str_equal (ext, "xml") || g_str_equal (ext, "edmx") || g_str_equal (ext, "json") ||
      g_str_equal (ext, "sqlite") || g_str_equal (ext, "db"))
    return KH_FILE_KIND_SCHEMA;
  if (head_contains (file, "SQLite format 3"))
    return KH_FILE_KIND_PROJECT;

  return KH_FILE_KIND_UNKNOWN;
}

/**
 * kh_project_io_schema_for_entity:
 *
 * Returns: (transfer full): a schema holding a copy of @entity, for
 *   projects made from a mapping XML (which carries its two entities)
 */
KhSchema *
kh_project_io_schema_for_entity (const char *system,
                                 KhEntity   *entity)
{
  KhSchema *schema = kh_schema_new (system != NULL ? system : "");

  if (entity != NULL)
    {
      g_autoptr(KhEntity) copy = kh_entity_copy (entity);
      kh_schema_add_entity (schema, copy);
    }

  return schema;
}

/* ---- Mapping XML ---------------------------------------------------------- */

static char *
problems_to_string (GPtrArray *problems)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len && i < 5; i++)
    {
      g_autofree char *text = kh_problem_to_string (g_ptr_array_index (problems, i));

      if (str->len > 0)
        g_string_append_c (str, '\n');
      g_string_append (str, text);
    }

  return g_string_free (str, FALSE);
}

/**
 * kh_project_io_load_mapping_xml:
 *
 * Makes a new, unsaved project from an exported mapping XML (through the
 * store: the mapping, and one schema per side holding the entity the file
 * carries). Semantic problems do not stop the load (they are listed by the
 * problems view); a file that is not a valid mapping does.
 */
gboolean
kh_project_io_load_mapping_xml (KhDocument  *document,
                                GFile       *file,
                                GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhProject) project = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  project = kh_project_import_mapping_file (file, &problems, NULL, error);
  if (project == NULL)
    return FALSE;

  kh_document_load (document,
                    kh_project_get_source_schema (project),
                    kh_project_get_target_schema (project),
                    NULL,
                    kh_project_get_mapping (project));
  kh_document_set_project (document, project);
  kh_document_set_modified (document, TRUE);

  return TRUE;
}

/**
 * kh_project_io_export_mapping_xml:
 *
 * Writes the mapping with the core's canonical writer (atomically).
 */
gboolean
kh_project_io_export_mapping_xml (KhDocument  *document,
                                  GFile       *file,
                                  GError     **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return kh_mapping_save_file (kh_document_get_mapping (document), file, NULL, error);
}

/* ---- Schemas and samples --------------------------------------------------- */

/**
 * kh_project_io_import_schema:
 *
 * Returns: (transfer full) (nullable): the schema the importers read from
 *   @file (format detected from the content)
 */
KhSchema *
kh_project_io_import_schema (GFile   *file,
                             GError **error)
{
  g_autoptr(GPtrArray) warnings = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return kh_import_schema (file, KH_IMPORT_FORMAT_AUTO, NULL, &warnings, NULL, error);
}

/**
 * kh_project_io_read_samples:
 * @max_rows: read at most this many records
 *
 * Returns: (transfer full) (nullable): the first records of @file
 */
KhSampleSet *
kh_project_io_read_samples (GFile   *file,
                           guint    max_rows,
                           GError **error)
{
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(KhSampleSet) samples = NULL;
  g_autofree char *path = NULL;
  g_autofree const char **values = NULL;
  const char * const *columns;
  const KhRecord *record;
  guint n_columns = 0;
  GError *local = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT, _("Only local files can be read"));
      return NULL;
    }

  options.ragged = KH_RAGGED_PAD;
  reader = kh_reader_open (path, &options, error);
  if (reader == NULL)
    return NULL;

  columns = kh_reader_get_columns (reader, &n_columns);
  samples = kh_sample_set_new (columns);
  kh_sample_set_set_origin (samples, path);
  values = g_new0 (const char *, MAX (n_columns, 1));

  while (kh_sample_set_get_n_rows (samples) < max_rows &&
         (record = kh_reader_next (reader, &local)) != NULL)
    {
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n_columns; i++)
        {
          const KhValue *value = i < record->n_cells ? &record->cells[i] : NULL;

          if (value == NULL || kh_value_is_null (value))
            values[i] = NULL;
          else
            {
              char *copy = g_strndup (value->str, value->len);
              g_ptr_array_add (owned, copy);
              values[i] = copy;
            }
        }
      kh_sample_set_add_row (samples, values, n_columns);
    }

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }

  return g_steal_pointer (&samples);
}

/* ---- The demo project ------------------------------------------------------- */

/**
 * kh_project_io_get_demo_dir:
 *
 * The demo's text sources: $KAKEHASHI_DEMO_DIR, the source tree when the
 * app runs uninstalled, or the installed copy.
 *
 * Returns: (transfer full): the folder
 */
GFile *
kh_project_io_get_demo_dir (void)
{
  const char *env = g_getenv ("KAKEHASHI_DEMO_DIR");
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "demo", DEMO_MAPPING, NULL);

  if (env != NULL && env[0] != '\0')
    return g_file_new_for_path (env);
  if (g_file_test (source, G_FILE_TEST_EXISTS))
    return g_file_new_build_filename (SOURCE_DATADIR, "demo", NULL);
  return g_file_new_build_filename (PKGDATADIR, "demo", NULL);
}

/**
 * kh_project_io_load_demo:
 *
 * Builds the demo project from its text sources: the mapping XML (which
 * carries the SAP KNA1 and Salesforce Account entities) and the messy
 * sample records. The result is a new, unsaved project.
 */
gboolean
kh_project_io_load_demo (KhDocument  *document,
                         GError     **error)
{
  g_autoptr(GFile) dir = kh_project_io_get_demo_dir ();
  g_autoptr(GFile) mapping_file = g_file_get_child (dir, DEMO_MAPPING);
  g_autoptr(GFile) samples_file = g_file_get_child (dir, DEMO_SAMPLES);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(KhSchema) source = NULL;
  g_autoptr(KhSchema) target = NULL;
  g_autoptr(KhSampleSet) samples = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);

  mapping = kh_mapping_load_file (mapping_file, NULL, KH_MAPPING_LOAD_KEEP_INVALID, &problems, NULL, error);
  if (mapping == NULL)
    return FALSE;
  if (kh_problems_have_errors (problems))
    {
      g_autofree char *text = problems_to_string (problems);
      g_warning ("The demo mapping has problems:\n%s", text);
    }

  samples = kh_project_io_read_samples (samples_file, KH_SAMPLES_MAX_ROWS, error);
  if (samples == NULL)
    return FALSE;

  source = kh_project_io_schema_for_entity (kh_mapping_get_source_system (mapping),
                                            kh_mapping_get_source_entity (mapping));
  target = kh_project_io_schema_for_entity (kh_mapping_get_target_system (mapping),
                                            kh_mapping_get_target_entity (mapping));
  kh_document_load (document, source, target, samples, mapping);

  return TRUE;
}

/* ---- Projects ----------------------------------------------------------------- */

static void
load_from_project (KhDocument *document,
                   KhProject  *project)
{
  kh_document_load (document,
                    kh_project_get_source_schema (project),
                    kh_project_get_target_schema (project),
                    kh_project_get_samples (project),
                    kh_project_get_mapping (project));
  kh_document_set_project (document, project);
  kh_document_set_file (document, kh_project_get_file (project));
  kh_document_set_modified (document, kh_project_get_modified (project));
}

/**
 * kh_project_io_load_project:
 *
 * Opens a .kakehashi project (the store refuses foreign and damaged files
 * with a message that says so).
 */
gboolean
kh_project_io_load_project (KhDocument  *document,
                            GFile       *file,
                            GError     **error)
{
  g_autoptr(KhProject) project = NULL;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  project = kh_project_open (file, NULL, error);
  if (project == NULL)
    return FALSE;

  load_from_project (document, project);
  return TRUE;
}

static void
on_project_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhProject) project = kh_project_open_finish (result, &error);

  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A later open (or a closed window) gave this one up. */
  if (g_task_return_error_if_cancelled (task))
    return;

  load_from_project (g_task_get_source_object (task), project);
  g_task_return_boolean (task, TRUE);
}

/**
 * kh_project_io_load_project_async:
 * @cancellable: (nullable): to give up the open
 *
 * Opens a .kakehashi project like kh_project_io_load_project(), reading
 * and checking the file in a worker (the store's kh_project_open_async()),
 * so a large project never blocks the window. The document changes only
 * when the open succeeded, on the main thread.
 */
void
kh_project_io_load_project_async (KhDocument          *document,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KH_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_project_io_load_project_async);
  kh_project_open_async (file, cancellable, on_project_opened_cb, task);
}

gboolean
kh_project_io_load_project_finish (KhDocument    *document,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, document), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kh_project_io_sync:
 *
 * Copies the document's state into its store project (made on first use),
 * ready for a save or an autosave.
 *
 * Returns: (transfer none): the project
 */
KhProject *
kh_project_io_sync (KhDocument *document)
{
  KhProject *project = kh_document_get_project (document);
  KhMapping *mapping = kh_document_get_mapping (document);
  KhSchema *source = kh_document_get_schema (document, KH_SIDE_SOURCE);
  KhSchema *target = kh_document_get_schema (document, KH_SIDE_TARGET);
  g_autoptr(KhSchema) made_source = NULL;
  g_autoptr(KhSchema) made_target = NULL;

  if (project == NULL)
    {
      g_autoptr(KhProject) created = kh_project_new ();

      kh_document_set_project (document, created);
      project = created;
    }

  if (source == NULL && kh_mapping_get_source_entity (mapping) != NULL)
    source = made_source = kh_project_io_schema_for_entity (kh_mapping_get_source_system (mapping),
                                                            kh_mapping_get_source_entity (mapping));
  if (target == NULL && kh_mapping_get_target_entity (mapping) != NULL)
    target = made_target = kh_project_io_schema_for_entity (kh_mapping_get_target_system (mapping),
                                                            kh_mapping_get_target_entity (mapping));

  kh_mapping_replace_contents (kh_project_get_mapping (project), mapping);
  kh_project_set_source_schema (project, source);
  kh_project_set_target_schema (project, target);
  kh_project_set_samples (project, kh_document_get_samples (document));
  kh_project_set_modified (project, kh_document_get_modified (document));

  return project;
}

/**
 * kh_project_io_save_project:
 *
 * Saves the project atomically to @file (a kill during the save leaves the
 * previous file intact) and records a version.
 */
gboolean
kh_project_io_save_project (KhDocument  *document,
                            GFile       *file,
                            const char  *comment,
                            GError     **error)
{
  KhProject *project;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  project = kh_project_io_sync (document);
  if (!kh_project_save_as (project, file, comment, NULL, error))
    return FALSE;

  kh_document_set_file (document, file);
  kh_document_set_modified (document, FALSE);
  return TRUE;
}

typedef struct
{
  GFile   *file;
  guint64  serial;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->file);
  g_free (save);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KhDocument *document = g_task_get_source_object (task);
  SaveData *save = g_task_get_task_data (task);

  if (!kh_project_save_finish (KH_PROJECT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  kh_document_set_file (document, save->file);
  /* Edits made while the worker wrote are not in the file. */
  if (kh_document_get_serial (document) == save->serial)
    kh_document_set_modified (document, FALSE);
  g_task_return_boolean (task, TRUE);
}

/**
 * kh_project_io_save_project_async:
 *
 * @comment: (nullable): the comment of the version the save records
 *
 * Saves in a worker thread (the store snapshots the project first), so a
 * large project never blocks the window.
 */
void
kh_project_io_save_project_async (KhDocument          *document,
                                  GFile               *file,
                                  const char          *comment,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (document, NULL, callback, user_data);
  SaveData *save = g_new0 (SaveData, 1);
  KhProject *project = kh_project_io_sync (document);

  save->file = g_object_ref (file);
  save->serial = kh_document_get_serial (document);
  g_task_set_task_data (task, save, save_data_free);
  kh_project_save_as_async (project, file, comment, NULL, on_saved_cb, task);
}

gboolean
kh_project_io_save_project_finish (KhDocument    *document,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kh_project_io_save_recovery:
 *
 * Writes the recovery copy (the store's autosave; no version, the project
 * file untouched).
 */
gboolean
kh_project_io_save_recovery (KhDocument  *document,
                             GError     **error)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (document), FALSE);

  return kh_project_save_recovery (kh_project_io_sync (document), NULL, error);
}

static void
on_recovery_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_project_save_recovery_finish (KH_PROJECT (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_project_io_save_recovery_async (KhDocument          *document,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (document, NULL, callback, user_data);

  kh_project_save_recovery_async (kh_project_io_sync (document), NULL, on_recovery_saved_cb, task);
}

gboolean
kh_project_io_save_recovery_finish (KhDocument    *document,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kh_project_io_get_recovery_file:
 *
 * Returns: (transfer full) (nullable): where the document autosaves, once
 *   it has a store project
 */
GFile *
kh_project_io_get_recovery_file (KhDocument *document)
{
  KhProject *project = kh_document_get_project (document);

  return project != NULL ? kh_project_get_recovery_file (project) : NULL;
}

void
kh_project_io_discard_recovery (KhDocument *document)
{
  KhProject *project = kh_document_get_project (document);

  if (project != NULL)
    kh_project_discard_recovery (project);
}

/**
 * kh_project_io_load_recovery:
 *
 * Opens a recovery copy: the work comes back modified, on the project file
 * it belongs to (if any), and keeps autosaving to the same copy.
 */
gboolean
kh_project_io_load_recovery (KhDocument  *document,
                             GFile       *recovery,
                             GError     **error)
{
  g_autoptr(KhProject) project = kh_project_open_recovery (recovery, NULL, error);

  if (project == NULL)
    return FALSE;

  load_from_project (document, project);
  kh_document_set_modified (document, TRUE);
  return TRUE;
}
