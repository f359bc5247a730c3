/* kh-project.c: a Kakehashi project
 *
 * A project holds both full schemas (every entity, not only the mapped
 * ones), the imported sample records, the mapping (with its layout) and
 * every saved version of the mapping. It lives in one .kakehashi file (see
 * kh-project-file.c), saved atomically.
 *
 * For crash recovery the workbench autosaves a recovery copy under the
 * user's cache folder, one per project: kh_project_save_recovery(). A
 * normal save removes it. After a crash, kh_project_has_recovery() on the
 * reopened project, or kh_project_list_recoveries() at start-up, finds it,
 * and kh_project_open_recovery() opens it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-project"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-mapping-xml.h"
#include "kh-project.h"
#include "kh-project-file-private.h"

struct _KhProject
{
  GObject       parent_instance;

  /* Owned */
  GFile        *file;          /* nullable: not saved yet */
  KhMapping    *mapping;       /* the same object for the project's life */
  KhSchema     *source;        /* nullable */
  KhSchema     *target;        /* nullable */
  KhSampleSet  *samples;       /* nullable */
  GListStore   *versions;      /* of KhProjectVersion, oldest first */
  char         *recovery_key;  /* the name of the recovery copy */

  guint64       serial;        /* counts changes, to tell a save's snapshot from later edits */
  gboolean      modified;
};

G_DEFINE_FINAL_TYPE (KhProject, kh_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_MAPPING,
  PROP_SOURCE_SCHEMA,
  PROP_TARGET_SCHEMA,
  PROP_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Recovery keys ---------------------------------------------------- */

static char *
recovery_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "kakehashi", "recovery", NULL);
}

static char *
key_for_file (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);

  return g_strdup_printf ("project-%.32s", hash);
}

static char *
recovery_path_for_key (const char *key)
{
  g_autofree char *dir = recovery_dir ();
  g_autofree char *name = g_strconcat (key, KH_PROJECT_EXTENSION, NULL);

  return g_build_filename (dir, name, NULL);
}

static void
remove_recovery_key (const char *key)
{
  g_autofree char *path = recovery_path_for_key (key);

  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Cannot remove the recovery copy %s: %s", path, g_strerror (errno));
}

/* ---- Change tracking -------------------------------------------------- */

static void
mark_changed (KhProject *self)
{
  self->serial++;
  kh_project_set_modified (self, TRUE);
}

static void
on_changed_cb (GObject   *object,
               KhProject *self)
{
  mark_changed (self);
}

static void
watch_schema (KhProject *self,
              KhSchema  *schema)
{
  if (schema != NULL)
    g_signal_connect_object (schema, "changed", G_CALLBACK (on_changed_cb), self, 0);
}

static void
unwatch_schema (KhProject *self,
                KhSchema  *schema)
{
  if (schema != NULL)
    g_signal_handlers_disconnect_by_data (schema, self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
kh_project_dispose (GObject *object)
{
  KhProject *self = (KhProject *) object;

  if (self->mapping != NULL)
    g_signal_handlers_disconnect_by_data (self->mapping, self);
  unwatch_schema (self, self->source);
  unwatch_schema (self, self->target);

  g_clear_object (&self->file);
  g_clear_object (&self->mapping);
  g_clear_object (&self->source);
  g_clear_object (&self->target);
  g_clear_pointer (&self->samples, kh_sample_set_unref);
  g_clear_object (&self->versions);

  G_OBJECT_CLASS (kh_project_parent_class)->dispose (object);
}

static void
kh_project_finalize (GObject *object)
{
  KhProject *self = (KhProject *) object;

  g_clear_pointer (&self->recovery_key, g_free);

  G_OBJECT_CLASS (kh_project_parent_class)->finalize (object);
}

static void
kh_project_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhProject *self = KH_PROJECT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_take_string (value, kh_project_get_title (self));
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    case PROP_MAPPING:
      g_value_set_object (value, self->mapping);
      break;

    case PROP_SOURCE_SCHEMA:
      g_value_set_object (value, self->source);
      break;

    case PROP_TARGET_SCHEMA:
      g_value_set_object (value, self->target);
      break;

    case PROP_SAMPLES:
      g_value_set_boxed (value, self->samples);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_project_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhProject *self = KH_PROJECT (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      kh_project_set_modified (self, g_value_get_boolean (value));
      break;

    case PROP_SOURCE_SCHEMA:
      kh_project_set_source_schema (self, g_value_get_object (value));
      break;

    case PROP_TARGET_SCHEMA:
      kh_project_set_target_schema (self, g_value_get_object (value));
      break;

    case PROP_SAMPLES:
      kh_project_set_samples (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_project_class_init (KhProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_project_dispose;
  object_class->finalize = kh_project_finalize;
  object_class->get_property = kh_project_get_property;
  object_class->set_property = kh_project_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAPPING] =
    g_param_spec_object ("mapping", NULL, NULL, KH_TYPE_MAPPING,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_SCHEMA] =
    g_param_spec_object ("source-schema", NULL, NULL, KH_TYPE_SCHEMA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_SCHEMA] =
    g_param_spec_object ("target-schema", NULL, NULL, KH_TYPE_SCHEMA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAMPLES] =
    g_param_spec_boxed ("samples", NULL, NULL, KH_TYPE_SAMPLE_SET,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_project_init (KhProject *self)
{
  g_autofree char *uuid = g_uuid_string_random ();

  self->mapping = kh_mapping_new ();
  self->versions = g_list_store_new (KH_TYPE_PROJECT_VERSION);
  self->recovery_key = g_strdup_printf ("untitled-%s", uuid);

  g_signal_connect_object (self->mapping, "changed", G_CALLBACK (on_changed_cb), self, 0);
  g_signal_connect_object (self->mapping, "layout-changed", G_CALLBACK (on_changed_cb), self, 0);
}

/**
 * kh_project_new:
 *
 * Returns: (transfer full): a new, empty, untitled project
 */
KhProject *
kh_project_new (void)
{
  return g_object_new (KH_TYPE_PROJECT, NULL);
}

/* ---- Accessors -------------------------------------------------------- */

/**
 * kh_project_get_file:
 *
 * Returns: (transfer none) (nullable): the project file, or %NULL for a
 *   project never saved
 */
GFile *
kh_project_get_file (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return self->file;
}

static void
set_file (KhProject *self,
          GFile     *file)
{
  if (self->file == file || (self->file != NULL && file != NULL && g_file_equal (self->file, file)))
    return;

  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * kh_project_get_title:
 *
 * Returns: (transfer full): the file's name without its extension, or a
 *   translated "Untitled project"
 */
char *
kh_project_get_title (KhProject *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  if (self->file == NULL)
    return g_strdup (_("Untitled project"));

  base = g_file_get_basename (self->file);
  if (g_str_has_suffix (base, KH_PROJECT_EXTENSION) && strlen (base) > strlen (KH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (KH_PROJECT_EXTENSION)] = '\0';

  return g_filename_display_name (base);
}

/**
 * kh_project_get_modified:
 *
 * Returns: whether the project has changes that are not saved
 */
gboolean
kh_project_get_modified (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);

  return self->modified;
}

void
kh_project_set_modified (KhProject *self,
                         gboolean   modified)
{
  g_return_if_fail (KH_IS_PROJECT (self));

  modified = !!modified;
  if (self->modified != modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

/**
 * kh_project_get_mapping:
 *
 * The mapping is the same object for the whole life of the project:
 * restoring a version replaces its contents.
 *
 * Returns: (transfer none): the mapping
 */
KhMapping *
kh_project_get_mapping (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return self->mapping;
}

/**
 * kh_project_get_source_schema:
 *
 * Returns: (transfer none) (nullable): the whole source schema
 */
KhSchema *
kh_project_get_source_schema (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return self->source;
}

static void
set_schema (KhProject  *self,
            KhSchema  **slot,
            KhSchema   *schema,
            guint       prop_id)
{
  if (*slot == schema)
    return;

  unwatch_schema (self, *slot);
  g_set_object (slot, schema);
  watch_schema (self, *slot);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  mark_changed (self);
}

void
kh_project_set_source_schema (KhProject *self,
                              KhSchema  *schema)
{
  g_return_if_fail (KH_IS_PROJECT (self));
  g_return_if_fail (schema == NULL || KH_IS_SCHEMA (schema));

  set_schema (self, &self->source, schema, PROP_SOURCE_SCHEMA);
}

/**
 * kh_project_get_target_schema:
 *
 * Returns: (transfer none) (nullable): the whole target schema
 */
KhSchema *
kh_project_get_target_schema (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return self->target;
}

void
kh_project_set_target_schema (KhProject *self,
                              KhSchema  *schema)
{
  g_return_if_fail (KH_IS_PROJECT (self));
  g_return_if_fail (schema == NULL || KH_IS_SCHEMA (schema));

  set_schema (self, &self->target, schema, PROP_TARGET_SCHEMA);
}

/**
 * kh_project_get_samples:
 *
 * Returns: (transfer none) (nullable): the sample records
 */
KhSampleSet *
kh_project_get_samples (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return self->samples;
}

/**
 * kh_project_set_samples:
 * @samples: (nullable): the sample records; the project keeps a reference
 *   and expects the set not to change any more
 */
void
kh_project_set_samples (KhProject   *self,
                        KhSampleSet *samples)
{
  g_return_if_fail (KH_IS_PROJECT (self));

  if (self->samples == samples)
    return;

  g_clear_pointer (&self->samples, kh_sample_set_unref);
  if (samples != NULL)
    self->samples = kh_sample_set_ref (samples);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLES]);
  mark_changed (self);
}

/**
 * kh_project_get_versions:
 *
 * Returns: (transfer none): a #GListModel of #KhProjectVersion, oldest
 *   first
 */
GListModel *
kh_project_get_versions (KhProject *self)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  return G_LIST_MODEL (self->versions);
}

/**
 * kh_project_restore_version:
 *
 * Makes @version's mapping the current one. The project is then modified;
 * the next save records it as a new version, so no version is lost.
 *
 * Returns: %TRUE on success
 */
gboolean
kh_project_restore_version (KhProject         *self,
                            KhProjectVersion  *version,
                            GError           **error)
{
  g_autoptr(KhMapping) mapping = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (version), FALSE);

  mapping = kh_project_version_load_mapping (version, error);
  if (mapping == NULL)
    return FALSE;

  kh_mapping_replace_contents (self->mapping, mapping);
  mark_changed (self);

  return TRUE;
}

/* ---- From a mapping --------------------------------------------------- */

static KhSchema *
schema_for_side (const char *system,
                 KhEntity   *entity)
{
  KhSchema *schema;

  if (system == NULL && entity == NULL)
    return NULL;

  schema = kh_schema_new (system);
  if (entity != NULL)
    {
      g_autoptr(KhEntity) copy = kh_entity_copy (entity);
      kh_schema_add_entity (schema, copy);
    }

  return schema;
}

/**
 * kh_project_new_from_mapping:
 *
 * Makes an untitled project of a mapping: its schemas are made of the
 * mapping's source and target entities.
 *
 * Returns: (transfer full): the project
 */
KhProject *
kh_project_new_from_mapping (KhMapping *mapping)
{
  KhProject *self;
  g_autoptr(KhSchema) source = NULL;
  g_autoptr(KhSchema) target = NULL;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);

  self = kh_project_new ();
  kh_mapping_replace_contents (self->mapping, mapping);
  source = schema_for_side (kh_mapping_get_source_system (mapping), kh_mapping_get_source_entity (mapping));
  target = schema_for_side (kh_mapping_get_target_system (mapping), kh_mapping_get_target_entity (mapping));
  kh_project_set_source_schema (self, source);
  kh_project_set_target_schema (self, target);

  return self;
}

/**
 * kh_project_import_mapping_file:
 * @file: a mapping XML file
 * @problems: (out) (optional) (transfer container) (element-type KhProblem):
 *   the problems of the mapping
 *
 * Opens an exported mapping as a new, untitled project. A mapping with
 * semantic problems is opened too, so that they can be fixed; a file that
 * is not a sound mapping file is refused.
 *
 * Returns: (transfer full) (nullable): the project
 */
KhProject *
kh_project_import_mapping_file (GFile         *file,
                                GPtrArray    **problems,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(KhMapping) mapping = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  mapping = kh_mapping_load_file (file, NULL, KH_MAPPING_LOAD_KEEP_INVALID, problems, cancellable, error);
  if (mapping == NULL)
    return NULL;

  return kh_project_new_from_mapping (mapping);
}

/* ---- Opening ---------------------------------------------------------- */

static const char *
local_path (GFile   *file,
            GError **error)
{
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file; projects are kept on local disks"), name);
    }

  return path;
}

static KhProject *
project_from_data (KhProjectData *data,
                   GFile         *file)
{
  KhProject *self = kh_project_new ();

  kh_mapping_replace_contents (self->mapping, data->mapping);
  kh_project_set_source_schema (self, data->source);
  kh_project_set_target_schema (self, data->target);
  kh_project_set_samples (self, data->samples);
  for (guint i = 0; i < data->versions->len; i++)
    g_list_store_append (self->versions, data->versions->pdata[i]);

  if (file != NULL)
    {
      set_file (self, file);
      g_free (self->recovery_key);
      self->recovery_key = key_for_file (file);
    }

  kh_project_set_modified (self, FALSE);

  return self;
}

/**
 * kh_project_open:
 *
 * Opens a project file. A file that is not a Kakehashi project (another
 * SQLite database, anything else), one saved by a newer Kakehashi, or a
 * damaged one is refused with a message that says so.
 *
 * Returns: (transfer full) (nullable): the project
 */
KhProject *
kh_project_open (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(KhProjectData) data = NULL;
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = local_path (file, error);
  if (path == NULL)
    return NULL;

  data = _kh_project_file_read (path, cancellable, error);
  if (data == NULL)
    return NULL;

  return project_from_data (data, file);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KhProjectData *data;
  GError *error = NULL;

  data = _kh_project_file_read (task_data, cancellable, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) _kh_project_data_free);
}

/**
 * kh_project_open_async:
 *
 * Opens a project file in a worker thread; see kh_project_open().
 */
void
kh_project_open_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  const char *path;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_project_open_async);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);

  path = local_path (file, &error);
  if (path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * kh_project_open_finish:
 *
 * Returns: (transfer full) (nullable): the project
 */
KhProject *
kh_project_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(KhProjectData) data = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_project_open_async, NULL);

  data = g_task_propagate_pointer (G_TASK (result), error);
  if (data == NULL)
    return NULL;

  return project_from_data (data, g_object_get_data (G_OBJECT (result), "file"));
}

/* ---- Saving ----------------------------------------------------------- */

typedef struct
{
  KhProjectData    *data;
  char             *path;
  GFile            *file;         /* the project file (save), nullable (recovery) */
  KhProjectVersion *new_version;  /* nullable */
  guint64           serial;       /* the project's serial at the snapshot */
  gboolean          recovery;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_pointer (&job->data, _kh_project_data_free);
  g_clear_pointer (&job->path, g_free);
  g_clear_object (&job->file);
  g_clear_object (&job->new_version);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

/* A snapshot of the project that a thread can write: copies of the
 * schemas, the mapping as text, the immutable versions and samples. */
static SaveJob *
save_job_new (KhProject   *self,
              GFile       *file,
              const char  *comment,
              gboolean     recovery,
              GError     **error)
{
  g_autoptr(SaveJob) job = g_new0 (SaveJob, 1);
  guint n_versions = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  const char *path;

  job->recovery = recovery;
  job->serial = self->serial;
  job->data = _kh_project_data_new ();
  job->data->mapping_xml = kh_mapping_to_xml (self->mapping, error);
  if (job->data->mapping_xml == NULL)
    return NULL;

  if (recovery)
    {
      g_autofree char *dir = recovery_dir ();

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, KH_ERROR, KH_ERROR_OUTPUT,
                       _("Cannot create the folder for recovery copies “%s”: %s"),
                       dir, g_strerror (saved_errno));
          return NULL;
        }
      job->path = recovery_path_for_key (self->recovery_key);
      job->data->recovery_of = self->file != NULL ? g_file_get_uri (self->file) : g_strdup ("");
    }
  else
    {
      path = local_path (file, error);
      if (path == NULL)
        return NULL;
      job->path = g_strdup (path);
      job->file = g_object_ref (file);
    }

  if (self->source != NULL)
    job->data->source = kh_schema_copy (self->source);
  if (self->target != NULL)
    job->data->target = kh_schema_copy (self->target);
  if (self->samples != NULL)
    job->data->samples = kh_sample_set_ref (self->samples);

  for (guint i = 0; i < n_versions; i++)
    g_ptr_array_add (job->data->versions, g_list_model_get_item (G_LIST_MODEL (self->versions), i));

  /* A save records a version when the mapping changed since the last one,
   * or when the user says something about it. */
  if (!recovery)
    {
      KhProjectVersion *last = n_versions > 0 ? job->data->versions->pdata[n_versions - 1] : NULL;

      if (last == NULL || comment != NULL ||
          !g_bytes_equal (kh_project_version_get_xml (last), job->data->mapping_xml))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          job->new_version = kh_project_version_new (last != NULL ? kh_project_version_get_number (last) + 1 : 1,
                                                     now, comment, job->data->mapping_xml);
          g_ptr_array_add (job->data->versions, g_object_ref (job->new_version));
        }
    }

  return g_steal_pointer (&job);
}

static gboolean
save_job_run (SaveJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  return _kh_project_file_write (job->data, job->path, cancellable, error);
}

/* Back in the main thread, after a successful save. */
static void
save_job_apply (KhProject *self,
                SaveJob   *job)
{
  if (job->recovery)
    return;

  if (job->new_version != NULL)
    g_list_store_append (self->versions, job->new_version);

  /* The recovery copy is older than the file now, under either name. */
  remove_recovery_key (self->recovery_key);
  if (self->file == NULL || !g_file_equal (self->file, job->file))
    {
      g_free (self->recovery_key);
      self->recovery_key = key_for_file (job->file);
      remove_recovery_key (self->recovery_key);
    }
  set_file (self, job->file);

  if (self->serial == job->serial)
    kh_project_set_modified (self, FALSE);
}

/**
 * kh_project_save_as:
 * @file: the project file, usually named *.kakehashi
 * @comment: (nullable): a comment for the version this save records
 *
 * Saves the project to @file, atomically: the whole database is written
 * beside it and renamed over it, so a kill at any moment leaves the
 * previous file intact. The save records a new version when the mapping
 * changed since the last version (or when @comment is given), and removes
 * the project's recovery copy.
 *
 * Returns: %TRUE on success
 */
gboolean
kh_project_save_as (KhProject     *self,
                    GFile         *file,
                    const char    *comment,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SaveJob) job = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  job = save_job_new (self, file, comment, FALSE, error);
  if (job == NULL || !save_job_run (job, cancellable, error))
    return FALSE;

  save_job_apply (self, job);
  return TRUE;
}

/**
 * kh_project_save:
 * @comment: (nullable): a comment for the version this save records
 *
 * Saves the project to its file; see kh_project_save_as(). A project that
 * was never saved has no file: use kh_project_save_as().
 *
 * Returns: %TRUE on success
 */
gboolean
kh_project_save (KhProject     *self,
                 const char    *comment,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);

  if (self->file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("The project has no file yet; choose where to save it"));
      return FALSE;
    }

  return kh_project_save_as (self, self->file, comment, cancellable, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (save_job_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * kh_project_save_as_async:
 * @file: (nullable): the project file; %NULL for the project's own file
 *
 * Saves in a worker thread; see kh_project_save_as(). The snapshot is
 * taken now, so later edits are not part of this save and leave the
 * project modified.
 */
void
kh_project_save_as_async (KhProject           *self,
                          GFile               *file,
                          const char          *comment,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (KH_IS_PROJECT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_project_save_as_async);

  if (file == NULL)
    file = self->file;
  if (file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("The project has no file yet; choose where to save it"));
      return;
    }

  job = save_job_new (self, file, comment, FALSE, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * kh_project_save_finish:
 *
 * Finishes kh_project_save_as_async().
 *
 * Returns: %TRUE on success
 */
gboolean
kh_project_save_finish (KhProject     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_project_save_as_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  save_job_apply (self, g_task_get_task_data (G_TASK (result)));
  return TRUE;
}

/* ---- Recovery copies -------------------------------------------------- */

/**
 * kh_project_get_recovery_file:
 *
 * Returns: (transfer full): where the project's recovery copy is kept:
 *   `$XDG_CACHE_HOME/kakehashi/recovery/KEY.kakehashi`, KEY derived from
 *   the project file's URI (or random for an untitled project)
 */
GFile *
kh_project_get_recovery_file (KhProject *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), NULL);

  path = recovery_path_for_key (self->recovery_key);
  return g_file_new_for_path (path);
}

/**
 * kh_project_save_recovery:
 *
 * Writes the project, as it is now, to its recovery copy (atomically,
 * like a save). It does not record a version, does not touch the project
 * file and leaves the project modified. The workbench calls it on a timer.
 *
 * Returns: %TRUE on success
 */
gboolean
kh_project_save_recovery (KhProject     *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SaveJob) job = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);

  job = save_job_new (self, NULL, NULL, TRUE, error);
  return job != NULL && save_job_run (job, cancellable, error);
}

void
kh_project_save_recovery_async (KhProject           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (KH_IS_PROJECT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_project_save_recovery_async);

  job = save_job_new (self, NULL, NULL, TRUE, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
kh_project_save_recovery_finish (KhProject     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_project_save_recovery_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kh_project_has_recovery:
 *
 * Returns: whether a recovery copy of this project exists, e.g. left by a
 *   session that crashed with unsaved changes to the same file
 */
gboolean
kh_project_has_recovery (KhProject *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (KH_IS_PROJECT (self), FALSE);

  path = recovery_path_for_key (self->recovery_key);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/**
 * kh_project_discard_recovery:
 *
 * Removes the project's recovery copy, if there is one.
 */
void
kh_project_discard_recovery (KhProject *self)
{
  g_return_if_fail (KH_IS_PROJECT (self));

  remove_recovery_key (self->recovery_key);
}

/**
 * kh_project_open_recovery:
 * @recovery_file: a recovery copy (kh_project_get_recovery_file(),
 *   kh_project_list_recoveries())
 *
 * Opens a recovery copy. The project has the file it was a copy of (or
 * none, if it was untitled), is modified, and keeps the same recovery
 * copy: later autosaves replace it, and saving removes it.
 *
 * Returns: (transfer full) (nullable): the project
 */
KhProject *
kh_project_open_recovery (GFile         *recovery_file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(KhProjectData) data = NULL;
  g_autoptr(GFile) original = NULL;
  g_autofree char *base = NULL;
  KhProject *self;
  const char *path;

  g_return_val_if_fail (G_IS_FILE (recovery_file), NULL);

  path = local_path (recovery_file, error);
  if (path == NULL)
    return NULL;

  data = _kh_project_file_read (path, cancellable, error);
  if (data == NULL)
    return NULL;

  if (data->recovery_of != NULL && data->recovery_of[0] != '\0')
    original = g_file_new_for_uri (data->recovery_of);

  self = project_from_data (data, original);

  base = g_file_get_basename (recovery_file);
  if (g_str_has_suffix (base, KH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (KH_PROJECT_EXTENSION)] = '\0';
  g_free (self->recovery_key);
  self->recovery_key = g_steal_pointer (&base);

  mark_changed (self);
  return self;
}

static int
compare_mtime_desc (gconstpointer a,
                    gconstpointer b)
{
  GFileInfo *ia = g_object_get_data (*(GObject * const *) a, "info");
  GFileInfo *ib = g_object_get_data (*(GObject * const *) b, "info");
  guint64 ta = g_file_info_get_attribute_uint64 (ia, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 tb = g_file_info_get_attribute_uint64 (ib, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

/**
 * kh_project_list_recoveries:
 *
 * Lists every recovery copy, newest first: at start-up, the workbench
 * offers to restore them (the copies of untitled projects can only be
 * found this way).
 *
 * Returns: (transfer container) (element-type GFile): the recovery copies
 */
GPtrArray *
kh_project_list_recoveries (void)
{
  g_autofree char *path = recovery_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator == NULL)
    return files;

  while ((info = g_file_enumerator_next_file (enumerator, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      /* Unfinished saves are hidden temporary files: skip them. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          name[0] != '.' && g_str_has_suffix (name, KH_PROJECT_EXTENSION))
        {
          GFile *file = g_file_get_child (dir, name);

          g_object_set_data_full (G_OBJECT (file), "info", g_object_ref (info), g_object_unref);
          g_ptr_array_add (files, file);
        }
      g_object_unref (info);
    }

  g_ptr_array_sort (files, compare_mtime_desc);
  for (guint i = 0; i < files->len; i++)
    g_object_set_data (files->pdata[i], "info", NULL);

  return files;
}
