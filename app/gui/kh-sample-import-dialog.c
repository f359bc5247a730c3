/* kh-sample-import-dialog.c: how to take sample records from a file
 *
 * Asked after the analyst picked a CSV, JSON, NDJSON or SQLite file for
 * “Import Sample Records”: the first N records or N random ones (seeded,
 * so the same seed gives the same records), the SQLite table when the
 * database has several, and whether they replace the current samples or
 * are added to them. The window reads the file in a worker
 * (kh_samples_read_async()) once the dialog's “import” response comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-sample-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-sample-import-dialog.h"

struct _KhSampleImportDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkCheckButton   *append_check;
  GtkWidget        *append_row;
  GtkSpinButton    *count_spin;
  GtkCheckButton   *random_check;
  GtkSpinButton    *seed_spin;
  AdwEntryRow      *table_row;

  /* Owned */
  GFile            *file;
};

G_DEFINE_FINAL_TYPE (KhSampleImportDialog, kh_sample_import_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kh_sample_import_dialog_dispose (GObject *object)
{
  KhSampleImportDialog *self = (KhSampleImportDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_SAMPLE_IMPORT_DIALOG);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (kh_sample_import_dialog_parent_class)->dispose (object);
}

static void
kh_sample_import_dialog_class_init (KhSampleImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_sample_import_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-sample-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, append_check);
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, append_row);
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, random_check);
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, KhSampleImportDialog, table_row);
}

static void
kh_sample_import_dialog_init (KhSampleImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gboolean
is_sqlite (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".sqlite") || g_str_has_suffix (lower, ".sqlite3") ||
         g_str_has_suffix (lower, ".db");
}

/**
 * kh_sample_import_dialog_new:
 * @parent: the window
 * @file: the chosen file
 * @has_samples: whether there are samples to add to
 */
KhSampleImportDialog *
kh_sample_import_dialog_new (GtkWindow *parent,
                             GFile     *file,
                             gboolean   has_samples)
{
  KhSampleImportDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (KH_TYPE_SAMPLE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  /* Translators: the body of the sample import dialog; %s is a file name */
  body = g_strdup_printf (_("Take sample records from “%s”. A large file is read once, without keeping it in memory."),
                          name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_set_visible (GTK_WIDGET (self->table_row), is_sqlite (file));
  gtk_widget_set_sensitive (self->append_row, has_samples);

  return self;
}

/**
 * kh_sample_import_dialog_get_file:
 *
 * Returns: (transfer none): the file to read
 */
GFile *
kh_sample_import_dialog_get_file (KhSampleImportDialog *self)
{
  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), NULL);

  return self->file;
}

KhSampleMode
kh_sample_import_dialog_get_mode (KhSampleImportDialog *self)
{
  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), KH_SAMPLE_FIRST);

  return gtk_check_button_get_active (self->random_check) ? KH_SAMPLE_RANDOM : KH_SAMPLE_FIRST;
}

guint
kh_sample_import_dialog_get_count (KhSampleImportDialog *self)
{
  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->count_spin);
}

guint32
kh_sample_import_dialog_get_seed (KhSampleImportDialog *self)
{
  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), 0);

  return (guint32) gtk_spin_button_get_value (self->seed_spin);
}

gboolean
kh_sample_import_dialog_get_append (KhSampleImportDialog *self)
{
  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (self->append_row) && gtk_check_button_get_active (self->append_check);
}

/**
 * kh_sample_import_dialog_get_table:
 *
 * Returns: (nullable): the SQLite table to read, or %NULL for the only one
 */
const char *
kh_sample_import_dialog_get_table (KhSampleImportDialog *self)
{
  const char *table;

  g_return_val_if_fail (KH_IS_SAMPLE_IMPORT_DIALOG (self), NULL);

  table = gtk_editable_get_text (GTK_EDITABLE (self->table_row));
  return gtk_widget_get_visible (GTK_WIDGET (self->table_row)) && table[0] != '\0' ? table : NULL;
}
