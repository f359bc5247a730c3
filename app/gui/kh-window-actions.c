/* kh-window-actions.c: the window's commands: projects, import, export,
 * undo, linking, and the autosave to a recovery copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-window-actions"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kh-error.h"
#include "kh-field-panel.h"
#include "kh-project-io.h"
#include "kh-sample-import-dialog.h"
#include "kh-versions-dialog.h"
#include "kh-window-private.h"

/* Seconds between the first unsaved change and its recovery copy. Tests
 * shorten it with KAKEHASHI_AUTOSAVE_SECONDS. */
#define AUTOSAVE_SECONDS 10
#define MAX_RECENT       10

/* ---- Helpers --------------------------------------------------------------- */

static KhWindow *
window_for_new_project (KhWindow *self)
{
  KhWindow *window;

  /* Reuse a window that shows nothing worth keeping. */
  if (!kh_document_get_modified (self->document) &&
      (kh_document_get_file (self->document) == NULL ||
       g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0))
    return self;

  window = kh_window_new (KH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
report (KhWindow     *self,
        const char   *what,
        const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  _kh_window_toast (self, message);
  g_message ("%s", message);
}

typedef void (*ChooserFunc) (KhWindow *self,
                             GFile    *file);

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  KhWindow *self = user_data;
  ChooserFunc func = g_object_get_data (G_OBJECT (dialog), "func");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        func (self, file);
    }
  else
    self->closing_after_save = FALSE;

  gtk_native_dialog_destroy (dialog);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (dialog))
    g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char * const *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkFileChooser *
run_chooser (KhWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             ChooserFunc           func)
{
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "func", func);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  self->chooser = chooser;

  return GTK_FILE_CHOOSER (chooser);
}

static void
show_chooser (KhWindow *self)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Recent projects ------------------------------------------------------- */

static void
on_recent_row_activated_cb (KhWindow      *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_path (path) : NULL;

  if (file != NULL)
    kh_window_open_file (self, file);
}

/**
 * _kh_window_add_recent:
 * @file: (nullable): a project just opened or saved, or %NULL to only
 *   refresh the lists
 *
 * Keeps the GSettings "recent-projects" list (newest first) and shows it
 * on the welcome page.
 */
void
_kh_window_add_recent (KhWindow *self,
                       GFile    *file)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  GtkWidget *child;
  guint n = 0;

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-projects");
  if (path != NULL)
    {
      g_strv_builder_add (builder, path);
      n++;
    }
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  if (path != NULL)
    g_settings_set_strv (self->settings, "recent-projects", (const char * const *) updated);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  g_menu_remove_all (self->recent_section);
  for (guint i = 0; updated[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      GtkWidget *row;
      g_autofree char *base = g_path_get_basename (updated[i]);
      g_autofree char *dir = g_path_get_dirname (updated[i]);

      if (!g_file_test (updated[i], G_FILE_TEST_EXISTS))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (updated[i]), g_free);
      gtk_list_box_append (self->recent_list, row);

      item = g_menu_item_new (base, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", updated[i]);
      g_menu_append_item (self->recent_section, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->recent_section)) == 0)
    g_menu_append (self->recent_section, _("No Recent Projects"), "win.no-recent");
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->recent_list)) != NULL);
}

/* ---- Recovery ----------------------------------------------------------------- */

/**
 * kh_window_get_recovery_file:
 *
 * Returns: (transfer full) (nullable): where this window autosaves its
 *   project (the store's recovery copy), once it has autosaved
 */
GFile *
kh_window_get_recovery_file (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return kh_project_io_get_recovery_file (self->document);
}

/**
 * kh_window_save_recovery:
 *
 * Writes the project, as it is now, to its recovery copy.
 */
gboolean
kh_window_save_recovery (KhWindow  *self,
                         GError   **error)
{
  guint64 serial;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  serial = kh_document_get_serial (self->document);
  if (!kh_project_io_save_recovery (self->document, error))
    return FALSE;

  self->autosaved_serial = serial;
  return TRUE;
}

void
_kh_window_discard_recovery (KhWindow *self)
{
  kh_project_io_discard_recovery (self->document);
}

/**
 * kh_window_restore_recovery:
 * @recovery: a recovery copy (see kh_application_list_recovery())
 *
 * Opens a recovery copy as modified work on the project it belongs to; the
 * window keeps autosaving to the same copy, and saving removes it.
 */
gboolean
kh_window_restore_recovery (KhWindow  *self,
                            GFile     *recovery,
                            GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_project_io_load_recovery (self->document, recovery, error))
    return FALSE;

  self->autosaved_serial = kh_document_get_serial (self->document);
  _kh_window_show_workbench (self);
  _kh_window_announce (self, _("Restored the unsaved work"));
  return TRUE;
}

static void
on_autosaved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kh_project_io_save_recovery_finish (KH_DOCUMENT (source), result, &error))
    g_message ("Cannot write the recovery copy: %s", error->message);
}

static gboolean
autosave_cb (gpointer user_data)
{
  KhWindow *self = user_data;

  self->autosave_id = 0;
  if (kh_document_get_serial (self->document) != self->autosaved_serial &&
      kh_document_get_modified (self->document))
    {
      self->autosaved_serial = kh_document_get_serial (self->document);
      kh_project_io_save_recovery_async (self->document, on_autosaved_cb, NULL);
    }

  return G_SOURCE_REMOVE;
}

/**
 * _kh_window_schedule_autosave:
 *
 * Writes the recovery copy (in a worker thread) 10 s after the first
 * change that is not yet in it, so no edit older than about 10 s is lost.
 */
void
_kh_window_schedule_autosave (KhWindow *self)
{
  const char *env = g_getenv ("KAKEHASHI_AUTOSAVE_SECONDS");
  guint seconds = env != NULL ? (guint) CLAMP (g_ascii_strtoull (env, NULL, 10), 1, 60) : AUTOSAVE_SECONDS;

  if (self->autosave_id == 0 && kh_document_get_modified (self->document))
    self->autosave_id = g_timeout_add_seconds (seconds, autosave_cb, self);
}

/* ---- Opening and saving --------------------------------------------------------- */

/**
 * kh_window_load_project:
 *
 * Opens a .kakehashi project into this window.
 */
gboolean
kh_window_load_project (KhWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_project_io_load_project (self->document, file, error))
    return FALSE;

  _kh_window_add_recent (self, file);
  _kh_window_show_workbench (self);
  return TRUE;
}

/**
 * kh_window_save_project:
 *
 * Saves the project atomically to @file and makes it the project's file.
 */
gboolean
kh_window_save_project (KhWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_project_io_save_project (self->document, file, NULL, error))
    return FALSE;

  _kh_window_add_recent (self, file);
  return TRUE;
}

static KhProjectVersion *
dup_last_version (KhDocument *document)
{
  KhProject *project = kh_document_get_project (document);
  GListModel *versions = project != NULL ? kh_project_get_versions (project) : NULL;
  guint n = versions != NULL ? g_list_model_get_n_items (versions) : 0;

  return n > 0 ? g_list_model_get_item (versions, n - 1) : NULL;
}

/* A version's comment as kept: trimmed, and none when empty. */
static char *
strip_comment (const char *comment)
{
  char *stripped = comment != NULL ? g_strstrip (g_strdup (comment)) : NULL;

  if (stripped != NULL && stripped[0] == '\0')
    g_clear_pointer (&stripped, g_free);
  return stripped;
}

/* After a save: the file goes to the recent projects, and the window
 * says which version the save recorded (none when the mapping had not
 * changed since @before and there was no comment). */
static void
announce_saved (KhWindow         *self,
                GFile            *file,
                KhProjectVersion *before)
{
  g_autoptr(KhProjectVersion) after = dup_last_version (self->document);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  _kh_window_add_recent (self, file);
  /* By number, not by object: the store may hand out new objects for the
   * versions it had. */
  if (after != NULL &&
      (before == NULL || kh_project_version_get_number (after) != kh_project_version_get_number (before)))
    /* Translators: after Save Version, e.g. "Saved version 3 of crm.kakehashi" */
    message = g_strdup_printf (_("Saved version %lld of %s"),
                               (long long) kh_project_version_get_number (after), name);
  else
    message = g_strdup_printf (_("Saved %s"), name);
  _kh_window_announce (self, message);
}

/**
 * kh_window_save_version:
 * @file: (nullable): where to save, or %NULL for the project's file
 * @comment: (nullable): what the analyst says about this version
 *
 * Saves the project like kh_window_save_project() and records a version
 * with @comment (a comment always records one, even when the mapping did
 * not change), then announces it.
 */
gboolean
kh_window_save_version (KhWindow    *self,
                        GFile       *file,
                        const char  *comment,
                        GError     **error)
{
  g_autoptr(KhProjectVersion) before = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (!file || G_IS_FILE (file), FALSE);

  if (file == NULL)
    file = kh_document_get_file (self->document);
  if (file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The project has no file yet: save it first"));
      return FALSE;
    }

  stripped = strip_comment (comment);

  before = dup_last_version (self->document);
  if (!kh_project_io_save_project (self->document, file, stripped, error))
    return FALSE;

  announce_saved (self, file, before);
  return TRUE;
}

/**
 * kh_window_restore_version:
 *
 * Makes @version's mapping the document's mapping as one undoable edit
 * (the same snapshot path as every other edit: kh_document_begin_edit()
 * keeps the mapping before, kh_document_end_edit() pushes it on the undo
 * stack). The project's versions are untouched; the next save records
 * the restored mapping as a new version.
 */
gboolean
kh_window_restore_version (KhWindow          *self,
                           KhProjectVersion  *version,
                           GError           **error)
{
  g_autoptr(KhMapping) mapping = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  gint64 number;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (version), FALSE);

  mapping = kh_project_version_load_mapping (version, error);
  if (mapping == NULL)
    return FALSE;

  number = kh_project_version_get_number (version);
  /* Translators: an undo label, e.g. "Restore version 3" */
  label = g_strdup_printf (_("Restore version %lld"), (long long) number);
  kh_document_begin_edit (self->document, label, NULL);
  kh_mapping_replace_contents (kh_document_get_mapping (self->document), mapping);
  if (kh_document_end_edit (self->document))
    message = g_strdup_printf (_("Restored version %lld"), (long long) number);
  else
    message = g_strdup_printf (_("The mapping is already the same as version %lld"), (long long) number);

  _kh_window_show_workbench (self);
  _kh_window_announce (self, message);
  return TRUE;
}

gboolean
kh_window_load_mapping_xml (KhWindow  *self,
                            GFile     *file,
                            GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_project_io_load_mapping_xml (self->document, file, error))
    return FALSE;

  _kh_window_show_workbench (self);
  return TRUE;
}

gboolean
kh_window_export_mapping_xml (KhWindow  *self,
                              GFile     *file,
                              GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  return kh_project_io_export_mapping_xml (self->document, file, error);
}

gboolean
kh_window_open_demo (KhWindow  *self,
                     GError   **error)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_project_io_load_demo (self->document, error))
    return FALSE;

  _kh_window_show_workbench (self);
  return TRUE;
}

static gboolean
use_as_samples (KhWindow   *self,
                KhSide      side,
                KhFileKind  kind)
{
  return kind == KH_FILE_KIND_RECORDS && side == KH_SIDE_SOURCE &&
         kh_mapping_get_source_entity (kh_document_get_mapping (self->document)) != NULL;
}

static void
apply_samples (KhWindow    *self,
               const char  *base,
               KhSampleSet *samples)
{
  g_autofree char *label = g_strdup_printf (_("Import samples from %s"), base);
  g_autofree char *message = NULL;

  kh_document_begin_edit (self->document, label, NULL);
  kh_document_set_samples (self->document, samples);
  kh_document_end_edit (self->document);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u sample record from %s",
                                          "Imported %u sample records from %s",
                                          kh_sample_set_get_n_rows (samples)),
                             kh_sample_set_get_n_rows (samples), base);
  _kh_window_show_workbench (self);
  _kh_window_announce (self, message);
}

static gboolean
apply_schema (KhWindow    *self,
              KhSide       side,
              const char  *base,
              KhSchema    *schema,
              GError     **error)
{
  KhMapping *mapping = kh_document_get_mapping (self->document);
  g_autoptr(KhEntity) copy = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;

  if (kh_schema_get_n_entities (schema) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s describes no entity"), base);
      return FALSE;
    }

  copy = kh_entity_copy (kh_schema_get_entity (schema, 0));
  label = g_strdup_printf (side == KH_SIDE_SOURCE ? _("Import the source schema %s")
                                                  : _("Import the target schema %s"), base);
  kh_document_begin_edit (self->document, label, NULL);
  kh_document_set_schema (self->document, side, schema);
  if (side == KH_SIDE_SOURCE)
    {
      kh_mapping_set_source_entity (mapping, copy);
      kh_mapping_set_source_system (mapping, kh_schema_get_system (schema));
    }
  else
    {
      kh_mapping_set_target_entity (mapping, copy);
      kh_mapping_set_target_system (mapping, kh_schema_get_system (schema));
    }
  kh_document_end_edit (self->document);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s with %u entity",
                                          "Imported %s with %u entities",
                                          kh_schema_get_n_entities (schema)),
                             base, kh_schema_get_n_entities (schema));
  _kh_window_show_workbench (self);
  _kh_window_announce (self, message);
  return TRUE;
}

/**
 * kh_window_import_file:
 *
 * Imports a file onto one side, as one undoable edit: a sample-record
 * file becomes the samples (source side), anything else goes through the
 * schema importers and replaces that side's schema and entity. A project
 * or a mapping XML is opened instead. The file choosers and drag and drop
 * use kh_window_import_file_async(), which reads in a worker thread.
 */
gboolean
kh_window_import_file (KhWindow  *self,
                       KhSide     side,
                       GFile     *file,
                       GError   **error)
{
  KhFileKind kind;
  g_autofree char *base = NULL;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  kind = kh_project_io_guess_kind (file);
  base = g_file_get_basename (file);

  if (kind == KH_FILE_KIND_PROJECT || kind == KH_FILE_KIND_MAPPING_XML)
    {
      kh_window_open_file (self, file);
      return TRUE;
    }

  if (use_as_samples (self, side, kind))
    {
      g_autoptr(KhSampleSet) samples = kh_project_io_read_samples (file, KH_SAMPLES_MAX_ROWS, error);

      if (samples == NULL)
        return FALSE;
      apply_samples (self, base, samples);
      return TRUE;
    }
  else
    {
      g_autoptr(KhSchema) schema = kh_project_io_import_schema (file, error);

      return schema != NULL && apply_schema (self, side, base, schema, error);
    }
}

typedef struct
{
  GFile    *file;
  KhSide    side;
  gboolean  samples;
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_clear_object (&job->file);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;

  if (job->samples)
    {
      KhSampleSet *samples = kh_project_io_read_samples (job->file, KH_SAMPLES_MAX_ROWS, &error);

      if (samples == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, samples, (GDestroyNotify) kh_sample_set_unref);
    }
  else
    {
      KhSchema *schema = kh_project_io_import_schema (job->file, &error);

      if (schema == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, schema, g_object_unref);
    }
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KhWindow *self = KH_WINDOW (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *base = g_file_get_basename (job->file);
  g_autoptr(GError) error = NULL;
  gpointer loaded = g_task_propagate_pointer (G_TASK (result), &error);

  gtk_label_set_text (self->status_label, "");
  if (loaded == NULL)
    {
      report (self, base, error);
      return;
    }

  if (job->samples)
    {
      apply_samples (self, base, loaded);
      kh_sample_set_unref (loaded);
    }
  else
    {
      if (!apply_schema (self, job->side, base, loaded, &error))
        report (self, base, error);
      g_object_unref (loaded);
    }
}

/**
 * kh_window_import_file_async:
 *
 * Like kh_window_import_file(), reading and parsing in a worker thread;
 * errors are shown in a toast.
 */
void
kh_window_import_file_async (KhWindow *self,
                             KhSide    side,
                             GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;
  ImportJob *job;
  KhFileKind kind;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  kind = kh_project_io_guess_kind (file);
  if (kind == KH_FILE_KIND_PROJECT || kind == KH_FILE_KIND_MAPPING_XML)
    {
      kh_window_open_file (self, file);
      return;
    }

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (file);
  job->side = side;
  job->samples = use_as_samples (self, side, kind);

  base = g_file_get_basename (file);
  /* Translators: shown while a file is read, e.g. "Reading Account.describe.json…" */
  message = g_strdup_printf (_("Reading %s…"), base);
  gtk_label_set_text (self->status_label, message);

  task = g_task_new (self, NULL, on_imported_cb, NULL);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_thread);
}

typedef struct
{
  KhWindow *window;
  GFile    *file;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
on_project_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  KhWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->file);

  /* The window was closed while the project was read. */
  if (self->document == NULL)
    return;

  if (g_task_get_cancellable (G_TASK (result)) == self->opening)
    {
      g_clear_object (&self->opening);
      _kh_window_set_busy (self, FALSE);
      gtk_label_set_text (self->status_label, "");
    }

  if (!kh_project_io_load_project_finish (KH_DOCUMENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, name, error);
      return;
    }

  _kh_window_add_recent (self, data->file);
  _kh_window_show_workbench (self);
}

/* Reads a project in a worker (the store checks and loads the SQLite
 * file there); the window shows a spinner and stays usable, and the
 * document changes only when the project was read. */
static void
open_project_async (KhWindow *self,
                    GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;
  OpenData *data;

  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  self->opening = g_cancellable_new ();
  _kh_window_set_busy (self, TRUE);

  /* Translators: shown while a project is read, e.g. "Opening demo.kakehashi…" */
  message = g_strdup_printf (_("Opening %s…"), name);
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->busy_spinner), message);

  data = g_new0 (OpenData, 1);
  data->window = g_object_ref (self);
  data->file = g_object_ref (file);
  kh_project_io_load_project_async (self->document, file, self->opening, on_project_opened_cb, data);
}

/**
 * kh_window_open_file:
 *
 * Opens a project or a mapping XML in this window (or a new one when this
 * one holds work), reporting errors in a toast.
 */
void
kh_window_open_file (KhWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  KhWindow *window;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  window = window_for_new_project (self);
  name = g_file_get_basename (file);

  switch (kh_project_io_guess_kind (file))
    {
    case KH_FILE_KIND_MAPPING_XML:
      if (!kh_window_load_mapping_xml (window, file, &error))
        report (window, name, error);
      break;

    case KH_FILE_KIND_PROJECT:
    case KH_FILE_KIND_UNKNOWN:
    case KH_FILE_KIND_SCHEMA:
    case KH_FILE_KIND_RECORDS:
    default:
      open_project_async (window, file);
      break;
    }
}

static void
open_chosen (KhWindow *self,
             GFile    *file)
{
  kh_window_open_file (self, file);
}

typedef struct
{
  KhWindow         *window;   /* owned */
  GFile            *file;     /* owned */
  KhProjectVersion *before;   /* owned, nullable: the last version before */
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_clear_object (&job->before);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  KhWindow *self = job->window;
  g_autoptr(GError) error = NULL;

  if (!kh_project_io_save_project_finish (KH_DOCUMENT (source), result, &error))
    {
      self->closing_after_save = FALSE;
      report (self, _("Cannot save the project"), error);
      return;
    }

  announce_saved (self, job->file, job->before);
  if (self->closing_after_save)
    gtk_window_close (GTK_WINDOW (self));
}

/* Saves in a worker (see kh_project_io_save_project_async()), with a
 * version comment or none. */
static void
save_async (KhWindow   *self,
            GFile      *file,
            const char *comment)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  g_autofree char *stripped = strip_comment (comment);

  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->before = dup_last_version (self->document);
  gtk_label_set_text (self->status_label, _("Saving…"));
  kh_project_io_save_project_async (self->document, file, stripped, on_saved_cb, job);
}

static void
save_chosen (KhWindow *self,
             GFile    *file)
{
  save_async (self, file, NULL);
}

static void
export_chosen (KhWindow *self,
               GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (!kh_window_export_mapping_xml (self, file, &error))
    {
      report (self, name, error);
      return;
    }

  message = g_strdup_printf (_("Exported the mapping to %s"), name);
  _kh_window_announce (self, message);
}

static void
open_xml_chosen (KhWindow *self,
                 GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  KhWindow *window = window_for_new_project (self);

  if (!kh_window_load_mapping_xml (window, file, &error))
    report (window, name, error);
}

static void
import_source_chosen (KhWindow *self,
                      GFile    *file)
{
  kh_window_import_file_async (self, KH_SIDE_SOURCE, file);
}

static void
import_target_chosen (KhWindow *self,
                      GFile    *file)
{
  kh_window_import_file_async (self, KH_SIDE_TARGET, file);
}

/* ---- Actions ------------------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KhWindow *self = window_for_new_project (KH_WINDOW (widget));
  g_autoptr(KhMapping) mapping = kh_mapping_new ();

  kh_document_load (self->document, NULL, NULL, NULL, mapping);
  kh_document_set_file (self->document, NULL);
  _kh_window_show_workbench (self);
  _kh_window_announce (self, _("New project: import a source and a target schema to start"));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  GtkFileChooser *chooser = run_chooser (self, _("Open a Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), open_chosen);

  add_filter (chooser, _("Kakehashi projects and mappings"),
              (const char *[]) { "*.kakehashi", "*.xml", NULL });
  add_filter (chooser, _("All files"), (const char *[]) { "*", NULL });
  show_chooser (self);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));

  kh_window_open_file (KH_WINDOW (widget), file);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  GtkFileChooser *chooser = run_chooser (self, _("Save the Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), save_chosen);
  g_autofree char *title = kh_document_dup_title (self->document);
  g_autofree char *name = g_str_has_suffix (title, ".kakehashi") ? g_strdup (title)
                                                                  : g_strconcat (title, ".kakehashi", NULL);

  gtk_file_chooser_set_current_name (chooser, name);
  add_filter (chooser, _("Kakehashi projects"), (const char *[]) { "*.kakehashi", NULL });
  show_chooser (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  GFile *file = kh_document_get_file (self->document);

  if (file == NULL)
    save_as_action (widget, action_name, param);
  else
    save_chosen (self, file);
}

#define VERSION_COMMENT_KEY "kh-version-comment"

static void
save_version_chosen (KhWindow *self,
                     GFile    *file)
{
  save_async (self, file, g_object_get_data (G_OBJECT (self), VERSION_COMMENT_KEY));
  g_object_set_data (G_OBJECT (self), VERSION_COMMENT_KEY, NULL);
}

static void
on_version_comment_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                KhWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "save") != 0)
    return;

  if (kh_document_get_file (self->document) != NULL)
    save_async (self, kh_document_get_file (self->document), gtk_editable_get_text (entry));
  else
    {
      /* A first save: choose the file, then save with the comment. */
      GtkFileChooser *chooser = run_chooser (self, _("Save the Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                             _("_Save"), save_version_chosen);
      g_autofree char *title = kh_document_dup_title (self->document);
      g_autofree char *name = g_str_has_suffix (title, ".kakehashi") ? g_strdup (title)
                                                                      : g_strconcat (title, ".kakehashi", NULL);

      g_object_set_data_full (G_OBJECT (self), VERSION_COMMENT_KEY,
                              g_strdup (gtk_editable_get_text (entry)), g_free);
      gtk_file_chooser_set_current_name (chooser, name);
      add_filter (chooser, _("Kakehashi projects"), (const char *[]) { "*.kakehashi", NULL });
      show_chooser (self);
    }
}

static void
save_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  gboolean has_file = kh_document_get_file (self->document) != NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Version"),
                                                       has_file ? _("Say what changed in this version. The comment is kept with it in the project’s history.")
                                                                : _("The project has no file yet: you choose one next. Say what changed in this version. The comment is kept with it in the project’s history.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comment (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", has_file ? _("_Save Version") : _("_Choose a File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_version_comment_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
show_versions_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (kh_versions_dialog_new (self)));
}

static void
choose_export_file (KhWindow *self)
{
  GtkFileChooser *chooser = run_chooser (self, _("Export the Mapping XML"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), export_chosen);
  const char *name = kh_mapping_get_name (kh_document_get_mapping (self->document));
  g_autofree char *file_name = g_strconcat (name != NULL && name[0] != '\0' ? name : "mapping", ".xml", NULL);

  gtk_file_chooser_set_current_name (chooser, file_name);
  add_filter (chooser, _("Mapping XML"), (const char *[]) { "*.xml", NULL });
  show_chooser (self);
}

static void
on_export_warning_response_cb (KhWindow         *self,
                               const char       *response,
                               AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "export") == 0)
    choose_export_file (self);
}

/* How many errors the warning names before “and N more”. */
#define EXPORT_WARNING_ERRORS 3

/* Export is always allowed, but when the problems list holds errors the
 * analyst is told first how many, and the first few, and chooses. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  GListModel *problems = G_LIST_MODEL (self->checker);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  guint n_errors, shown = 0;

  kh_checker_update_now (self->checker);
  n_errors = kh_checker_get_n_errors (self->checker);
  if (n_errors == 0)
    {
      choose_export_file (self);
      return;
    }

  /* Translators: the heading of the warning before exporting a mapping with errors */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Export With %u Error?", "Export With %u Errors?", n_errors),
                             n_errors);
  g_string_append (body, _("A run of this mapping would stop or reject records:"));
  for (guint i = 0; i < g_list_model_get_n_items (problems) && shown < EXPORT_WARNING_ERRORS; i++)
    {
      g_autoptr(KhProblem) problem = g_list_model_get_item (problems, i);

      if (kh_problem_get_severity (problem) != KH_PROBLEM_ERROR)
        continue;
      g_string_append_printf (body, "\n• %s", kh_problem_get_message (problem));
      shown++;
    }
  if (n_errors > shown)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more error.", "…and %u more errors.",
                                                 n_errors - shown),
                              n_errors - shown);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("The file can still be exported; the problems list says how to fix each error."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body->str));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_warning_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_xml_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  GtkFileChooser *chooser = run_chooser (self, _("Open a Mapping XML as a New Project"),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), open_xml_chosen);

  add_filter (chooser, _("Mapping XML"), (const char *[]) { "*.xml", NULL });
  show_chooser (self);
}

typedef struct
{
  KhWindow *window;
  gboolean  append;
} SamplesJob;

static void
samples_job_free (SamplesJob *job)
{
  g_clear_object (&job->window);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SamplesJob, samples_job_free)

static void
on_samples_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SamplesJob) job = user_data;
  KhWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhSampleSet) samples = kh_samples_read_finish (result, &error);
  KhSampleSet *current;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  const char *origin;

  if (self->document == NULL)
    return;
  _kh_window_set_busy (self, FALSE);
  gtk_label_set_text (self->status_label, "");
  if (samples == NULL)
    {
      report (self, _("Cannot import the sample records"), error);
      return;
    }

  origin = kh_sample_set_get_origin (samples) != NULL ? kh_sample_set_get_origin (samples) : "";
  current = kh_document_get_samples (self->document);
  if (job->append && current != NULL)
    {
      g_autoptr(KhSampleSet) all = kh_samples_append (current, samples);

      /* Translators: an undo label; %s says where the records came from */
      label = g_strdup_printf (_("Add sample records from %s"), origin);
      kh_document_begin_edit (self->document, label, NULL);
      kh_document_set_samples (self->document, all);
      kh_document_end_edit (self->document);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u sample record: %s",
                                              "Added %u sample records: %s", kh_sample_set_get_n_rows (samples)),
                                 kh_sample_set_get_n_rows (samples), origin);
    }
  else
    {
      label = g_strdup_printf (_("Import samples from %s"), origin);
      kh_document_begin_edit (self->document, label, NULL);
      kh_document_set_samples (self->document, samples);
      kh_document_end_edit (self->document);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u sample record: %s",
                                              "Imported %u sample records: %s", kh_sample_set_get_n_rows (samples)),
                                 kh_sample_set_get_n_rows (samples), origin);
    }

  _kh_window_show_workbench (self);
  kh_window_show_bottom_page (self, "preview");
  _kh_window_announce (self, message);
}

/**
 * kh_window_import_samples:
 * @mode: the first records, or a random subset
 * @n_records: how many
 * @seed: the seed of a random subset
 * @table: (nullable): the SQLite table, or %NULL for the only one
 * @append: add the records to the current samples instead of replacing
 *   them
 *
 * Reads sample records from a CSV, JSON, NDJSON (OData envelopes too) or
 * SQLite file in a worker, then makes them the samples (or adds them) as
 * one undoable edit. Errors are shown in a toast. The "Import Sample
 * Records" dialog calls this.
 */
void
kh_window_import_samples (KhWindow     *self,
                          GFile        *file,
                          KhSampleMode  mode,
                          guint         n_records,
                          guint32       seed,
                          const char   *table,
                          gboolean      append)
{
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  SamplesJob *job;

  g_return_if_fail (KH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new (KH_ERROR, KH_ERROR_INPUT, _("Only local files can be read"));

      report (self, name, error);
      return;
    }

  options.ragged = KH_RAGGED_PAD;
  options.table = table;
  job = g_new0 (SamplesJob, 1);
  job->window = g_object_ref (self);
  job->append = append;

  message = g_strdup_printf (_("Reading %s…"), name);
  gtk_label_set_text (self->status_label, message);
  _kh_window_set_busy (self, TRUE);
  kh_samples_read_async (path, &options, mode, n_records, seed, NULL, on_samples_read_cb, job);
}

static void
on_sample_dialog_response_cb (KhWindow             *self,
                              const char           *response,
                              KhSampleImportDialog *dialog)
{
  if (g_strcmp0 (response, "import") != 0)
    return;

  kh_window_import_samples (self,
                            kh_sample_import_dialog_get_file (dialog),
                            kh_sample_import_dialog_get_mode (dialog),
                            kh_sample_import_dialog_get_count (dialog),
                            kh_sample_import_dialog_get_seed (dialog),
                            kh_sample_import_dialog_get_table (dialog),
                            kh_sample_import_dialog_get_append (dialog));
}

static void
import_samples_chosen (KhWindow *self,
                       GFile    *file)
{
  KhSampleImportDialog *dialog = kh_sample_import_dialog_new (GTK_WINDOW (self), file,
                                                              kh_document_get_samples (self->document) != NULL);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sample_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  gboolean source = g_str_equal (action_name, "win.import-source");
  gboolean samples = g_str_equal (action_name, "win.import-samples");
  GtkFileChooser *chooser;

  chooser = run_chooser (self,
                         samples ? _("Import Sample Records") :
                         source ? _("Import a Source Schema") : _("Import a Target Schema"),
                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                         samples ? import_samples_chosen : source ? import_source_chosen : import_target_chosen);
  if (samples)
    add_filter (chooser, _("Records (CSV, JSON, NDJSON, SQLite)"),
                (const char *[]) { "*.csv", "*.tsv", "*.txt", "*.json", "*.ndjson", "*.jsonl", "*.sqlite", "*.db", NULL });
  else
    add_filter (chooser, _("Metadata (OData, Salesforce, CDM, JSON Schema, CSV, SQLite, ERPNext, EspoCRM)"),
                (const char *[]) { "*.xml", "*.edmx", "*.json", "*.csv", "*.sqlite", "*.db", NULL });
  add_filter (chooser, _("All files"), (const char *[]) { "*", NULL });
  show_chooser (self);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KhWindow *self = window_for_new_project (KH_WINDOW (widget));
  g_autoptr(GError) error = NULL;

  if (!kh_window_open_demo (self, &error))
    report (self, _("The demo project"), error);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  g_autofree char *label = g_strdup (kh_document_get_undo_label (self->document));
  g_autofree char *message = NULL;

  if (kh_document_undo (self->document))
    {
      /* Translators: announced after undo, e.g. "Undone: Link KUNNR → AccountNumber" */
      message = g_strdup_printf (_("Undone: %s"), label);
      gtk_label_set_text (self->status_label, message);
    }
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  g_autofree char *label = g_strdup (kh_document_get_redo_label (self->document));
  g_autofree char *message = NULL;

  if (kh_document_redo (self->document))
    {
      message = g_strdup_printf (_("Redone: %s"), label);
      gtk_label_set_text (self->status_label, message);
    }
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  KhFieldPanel *source = kh_mapping_canvas_get_panel (self->canvas, KH_SIDE_SOURCE);
  KhFieldPanel *target = kh_mapping_canvas_get_panel (self->canvas, KH_SIDE_TARGET);
  g_auto(GStrv) sources = kh_field_panel_get_selected_paths (source);
  g_auto(GStrv) targets = kh_field_panel_get_selected_paths (target);

  if (targets[0] == NULL)
    {
      _kh_window_announce (self, _("Select a target field first"));
      return;
    }
  kh_window_link_fields (self, (const char * const *) sources, targets[0]);
}

static void
unlink_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  kh_window_unlink_selected (KH_WINDOW (widget));
}

static void
edit_code_list_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  kh_window_select_code_list (self, name[0] != '\0' ? name : NULL);
}

static void
toggle_inspector_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  gtk_toggle_button_set_active (self->side_pane_button, !gtk_toggle_button_get_active (self->side_pane_button));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  gboolean target = g_str_equal (action_name, "win.find-target");
  KhFieldPanel *panel = kh_mapping_canvas_get_panel (self->canvas, target ? KH_SIDE_TARGET : KH_SIDE_SOURCE);

  kh_field_panel_focus_search (panel);
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  kh_window_show_bottom_page (self, "problems");
  gtk_widget_grab_focus (GTK_WIDGET (kh_problems_view_get_list_view (self->problems_view)));
}

static void
show_preview_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  kh_window_show_bottom_page (self, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (kh_preview_view_get_column_view (self->preview_view)));
}

static void
go_problem_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);
  gboolean next = g_str_equal (action_name, "win.next-problem");

  kh_window_show_bottom_page (self, "problems");
  if (!kh_problems_view_go (self->problems_view, next ? 1 : -1))
    _kh_window_announce (self, _("No problems"));
}

static void
preview_filter_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  kh_window_show_bottom_page (self, "preview");
  gtk_widget_activate_action (GTK_WIDGET (self->preview_view), "preview.filter", "s",
                              g_variant_get_string (param, NULL));
}

static void
preview_sources_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  KhWindow *self = KH_WINDOW (widget);

  kh_window_show_bottom_page (self, "preview");
  kh_preview_view_set_show_sources (self->preview_view, !kh_preview_view_get_show_sources (self->preview_view));
}

void
_kh_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.save-version", NULL, save_version_action);
  gtk_widget_class_install_action (widget_class, "win.show-versions", NULL, show_versions_action);
  gtk_widget_class_install_action (widget_class, "win.import-source", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-target", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-samples", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-xml", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-xml", NULL, open_xml_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "win.unlink", NULL, unlink_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-inspector", NULL, toggle_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.edit-code-list", "s", edit_code_list_action);
  gtk_widget_class_install_action (widget_class, "win.find-source", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-target", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.show-problems", NULL, show_problems_action);
  gtk_widget_class_install_action (widget_class, "win.show-preview", NULL, show_preview_action);
  gtk_widget_class_install_action (widget_class, "win.next-problem", NULL, go_problem_action);
  gtk_widget_class_install_action (widget_class, "win.previous-problem", NULL, go_problem_action);
  gtk_widget_class_install_action (widget_class, "win.preview-filter", "s", preview_filter_action);
  gtk_widget_class_install_action (widget_class, "win.preview-sources", NULL, preview_sources_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK, "win.save-version", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-xml", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import-source", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-target", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-inspector", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find-source", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-target", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.next-problem", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK, "win.previous-problem", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "win.preview-filter", "s", "all");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_ALT_MASK, "win.preview-filter", "s", "errors");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_ALT_MASK, "win.preview-filter", "s", "changed");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_ALT_MASK, "win.preview-filter", "s", "rejected");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_ALT_MASK, "win.preview-filter", "s", "duplicates");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_ALT_MASK, "win.preview-sources", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-problems", NULL);
}
