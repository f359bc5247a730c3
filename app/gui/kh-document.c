/* kh-document.c: the project open in a window and its undo history
 *
 * The history is snapshot based: an edit takes a deep copy of the state
 * before it (kh_mapping_copy, and references to the immutable schemas and
 * samples), and undo puts that state back with kh_mapping_replace_contents,
 * so the #KhMapping object every view is bound to keeps its identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-document"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-document.h"

#define MAX_HISTORY   200
#define MERGE_WINDOW  (G_USEC_PER_SEC * 3 / 2)

typedef struct
{
  char      *label;
  char      *merge_key;
  gint64     time;
  KhMapping *mapping;
  KhSchema  *source;
  KhSchema  *target;
  KhSampleSet *samples;
} KhHistoryEntry;

struct _KhDocument
{
  GObject          parent_instance;

  /* Owned */
  KhMapping       *mapping;
  KhSchema        *source;
  KhSchema        *target;
  KhSampleSet     *samples;
  GHashTable      *peeks;     /* column → first non-empty sample value (borrowed) */
  KhProject       *project;   /* the store's project, once opened or saved */
  GFile           *file;
  GQueue           undo;      /* of KhHistoryEntry, newest first */
  GQueue           redo;
  KhHistoryEntry  *pending;   /* the state before the running edit */

  guint            edit_depth;
  guint64          serial;
  gboolean         modified;
};

G_DEFINE_FINAL_TYPE (KhDocument, kh_document, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KhSide, kh_side,
                    G_DEFINE_ENUM_VALUE (KH_SIDE_SOURCE, "source"),
                    G_DEFINE_ENUM_VALUE (KH_SIDE_TARGET, "target"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

enum {
  CHANGED,
  SCHEMAS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
history_entry_free (gpointer data)
{
  KhHistoryEntry *entry = data;

  g_free (entry->label);
  g_free (entry->merge_key);
  g_clear_object (&entry->mapping);
  g_clear_object (&entry->source);
  g_clear_object (&entry->target);
  g_clear_pointer (&entry->samples, kh_sample_set_unref);
  g_free (entry);
}

static KhHistoryEntry *
snapshot (KhDocument *self,
          const char *label,
          const char *merge_key)
{
  KhHistoryEntry *entry = g_new0 (KhHistoryEntry, 1);

  entry->label = g_strdup (label);
  entry->merge_key = g_strdup (merge_key);
  entry->time = g_get_monotonic_time ();
  entry->mapping = kh_mapping_copy (self->mapping);
  g_set_object (&entry->source, self->source);
  g_set_object (&entry->target, self->target);
  entry->samples = self->samples != NULL ? kh_sample_set_ref (self->samples) : NULL;

  return entry;
}

static gboolean
entry_differs (KhDocument     *self,
               KhHistoryEntry *entry)
{
  return entry->source != self->source ||
         entry->target != self->target ||
         entry->samples != self->samples ||
         !kh_mapping_equal (entry->mapping, self->mapping);
}

static void
notify_history (KhDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
}

static void
clear_queue (GQueue *queue)
{
  g_queue_clear_full (queue, history_entry_free);
}

static void
trim_queue (GQueue *queue)
{
  while (queue->length > MAX_HISTORY)
    history_entry_free (g_queue_pop_tail (queue));
}

static void
kh_document_finalize (GObject *object)
{
  KhDocument *self = (KhDocument *) object;

  clear_queue (&self->undo);
  clear_queue (&self->redo);
  g_clear_pointer (&self->pending, history_entry_free);
  g_clear_object (&self->mapping);
  g_clear_object (&self->source);
  g_clear_object (&self->target);
  g_clear_pointer (&self->samples, kh_sample_set_unref);
  g_clear_pointer (&self->peeks, g_hash_table_unref);
  g_clear_object (&self->project);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (kh_document_parent_class)->finalize (object);
}

static void
kh_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KhDocument *self = KH_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, kh_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, kh_document_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, kh_document_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, kh_document_get_redo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_document_class_init (KhDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_document_finalize;
  object_class->get_property = kh_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhDocument::changed:
   *
   * Emitted once after an edit, an undo or a redo changed the model.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KhDocument::schemas-changed:
   *
   * Emitted when a schema or the samples were replaced (load, import,
   * undo of an import).
   */
  signals[SCHEMAS_CHANGED] =
    g_signal_new ("schemas-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_document_init (KhDocument *self)
{
  self->mapping = kh_mapping_new ();
  self->peeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

KhDocument *
kh_document_new (void)
{
  return g_object_new (KH_TYPE_DOCUMENT, NULL);
}

/**
 * kh_document_get_mapping:
 *
 * Returns: (transfer none): the mapping; the same object for the whole
 *   life of the document (loads and undo replace its contents)
 */
KhMapping *
kh_document_get_mapping (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  return self->mapping;
}

/**
 * kh_document_get_schema:
 *
 * Returns: (transfer none) (nullable): the schema of one side
 */
KhSchema *
kh_document_get_schema (KhDocument *self,
                        KhSide      side)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  return side == KH_SIDE_SOURCE ? self->source : self->target;
}

/**
 * kh_document_get_samples:
 *
 * Returns: (transfer none) (nullable): the sample records
 */
KhSampleSet *
kh_document_get_samples (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  return self->samples;
}

/**
 * kh_document_peek_sample:
 *
 * Returns: (nullable): the first non-empty sample value of @column, for
 *   the quick look in the source panel
 */
const char *
kh_document_peek_sample (KhDocument *self,
                         const char *column)
{
  gpointer cached;
  const char *value = NULL;
  int col;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  if (self->samples == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (self->peeks, column, NULL, &cached))
    return cached;

  col = kh_sample_set_lookup_column (self->samples, column);
  if (col >= 0)
    {
      guint n = kh_sample_set_get_n_rows (self->samples);

      for (guint i = 0; i < n && value == NULL; i++)
        {
          const char *v = kh_sample_set_get_value (self->samples, i, col);

          if (v != NULL && v[0] != '\0')
            value = v;
        }
    }
  g_hash_table_insert (self->peeks, g_strdup (column), (gpointer) value);

  return value;
}

/**
 * kh_document_get_project:
 *
 * Returns: (transfer none) (nullable): the store's project behind the
 *   document (see kh-project-io.c), or %NULL before the first save
 */
KhProject *
kh_document_get_project (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  return self->project;
}

void
kh_document_set_project (KhDocument *self,
                         KhProject  *project)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));
  g_return_if_fail (!project || KH_IS_PROJECT (project));

  g_set_object (&self->project, project);
}

/**
 * kh_document_get_file:
 *
 * Returns: (transfer none) (nullable): the project file, or %NULL for a
 *   project that was never saved
 */
GFile *
kh_document_get_file (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  return self->file;
}

void
kh_document_set_file (KhDocument *self,
                      GFile      *file)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/**
 * kh_document_dup_title:
 *
 * Returns: (transfer full): what the window title shows
 */
char *
kh_document_dup_title (KhDocument *self)
{
  const char *name;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  if (self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);
      return g_steal_pointer (&base);
    }

  name = kh_mapping_get_name (self->mapping);
  if (name != NULL && name[0] != '\0')
    return g_strdup (name);

  return g_strdup (_("Untitled Project"));
}

gboolean
kh_document_get_modified (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  return self->modified;
}

void
kh_document_set_modified (KhDocument *self,
                          gboolean    modified)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  modified = !!modified;
  if (self->modified != modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

/**
 * kh_document_get_serial:
 *
 * Returns: a number that grows with every change (edit, undo, redo,
 *   load), for autosave and views that cache
 */
guint64
kh_document_get_serial (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);

  return self->serial;
}

static void
set_schemas (KhDocument *self,
             KhSchema   *source,
             KhSchema   *target,
             KhSampleSet  *samples)
{
  gboolean changed = FALSE;

  changed |= g_set_object (&self->source, source);
  changed |= g_set_object (&self->target, target);
  if (self->samples != samples)
    {
      g_clear_pointer (&self->samples, kh_sample_set_unref);
      self->samples = samples != NULL ? kh_sample_set_ref (samples) : NULL;
      g_hash_table_remove_all (self->peeks);
      changed = TRUE;
    }

  if (changed)
    g_signal_emit (self, signals[SCHEMAS_CHANGED], 0);
}

/**
 * kh_document_load:
 * @mapping: (nullable): copied into the document's mapping
 *
 * Replaces the whole project and clears the undo history, the file and
 * the store's project. The document is not modified afterwards.
 */
void
kh_document_load (KhDocument *self,
                  KhSchema   *source,
                  KhSchema   *target,
                  KhSampleSet  *samples,
                  KhMapping  *mapping)
{
  g_autoptr(KhMapping) empty = NULL;

  g_return_if_fail (KH_IS_DOCUMENT (self));
  g_return_if_fail (self->edit_depth == 0);

  if (mapping == NULL)
    mapping = empty = kh_mapping_new ();

  clear_queue (&self->undo);
  clear_queue (&self->redo);
  self->serial++;
  set_schemas (self, source, target, samples);
  kh_mapping_replace_contents (self->mapping, mapping);
  g_clear_object (&self->project);
  kh_document_set_file (self, NULL);
  kh_document_set_modified (self, FALSE);
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
kh_document_begin_edit (KhDocument *self,
                        const char *label,
                        const char *merge_key)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));
  g_return_if_fail (label != NULL);

  if (self->edit_depth++ == 0)
    {
      g_assert (self->pending == NULL);
      self->pending = snapshot (self, label, merge_key);
    }
}

/**
 * kh_document_end_edit:
 *
 * Ends an edit. When the outermost edit changed anything, it becomes an
 * undo step, the document is modified and #KhDocument::changed is
 * emitted.
 *
 * Returns: %TRUE if the outermost edit ended and changed the model
 */
gboolean
kh_document_end_edit (KhDocument *self)
{
  KhHistoryEntry *entry;
  KhHistoryEntry *top;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  if (--self->edit_depth > 0)
    return FALSE;

  entry = g_steal_pointer (&self->pending);
  if (!entry_differs (self, entry))
    {
      history_entry_free (entry);
      return FALSE;
    }

  top = g_queue_peek_head (&self->undo);
  if (top != NULL &&
      entry->merge_key != NULL &&
      g_strcmp0 (top->merge_key, entry->merge_key) == 0 &&
      entry->time - top->time < MERGE_WINDOW &&
      self->redo.length == 0)
    {
      /* Typing: keep the older "before" state, refresh the time. */
      top->time = entry->time;
      history_entry_free (entry);
    }
  else
    {
      g_queue_push_head (&self->undo, entry);
      trim_queue (&self->undo);
    }

  clear_queue (&self->redo);
  self->serial++;
  kh_document_set_modified (self, TRUE);
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * kh_document_set_schema:
 *
 * Replaces the schema of one side; call it inside an edit so that it can
 * be undone.
 */
void
kh_document_set_schema (KhDocument *self,
                        KhSide      side,
                        KhSchema   *schema)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));
  g_return_if_fail (!schema || KH_IS_SCHEMA (schema));

  if (side == KH_SIDE_SOURCE)
    set_schemas (self, schema, self->target, self->samples);
  else
    set_schemas (self, self->source, schema, self->samples);
}

/**
 * kh_document_set_samples:
 *
 * Replaces the sample records; call it inside an edit.
 */
void
kh_document_set_samples (KhDocument *self,
                         KhSampleSet  *samples)
{
  g_return_if_fail (KH_IS_DOCUMENT (self));

  set_schemas (self, self->source, self->target, samples);
}

gboolean
kh_document_can_undo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  return self->undo.length > 0 && self->edit_depth == 0;
}

gboolean
kh_document_can_redo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  return self->redo.length > 0 && self->edit_depth == 0;
}

/**
 * kh_document_get_undo_label:
 *
 * Returns: (nullable): what undo would undo, e.g. "Link KUNNR → AccountNumber"
 */
const char *
kh_document_get_undo_label (KhDocument *self)
{
  KhHistoryEntry *entry;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  entry = g_queue_peek_head (&self->undo);
  return entry != NULL ? entry->label : NULL;
}

/**
 * kh_document_get_redo_label:
 *
 * Returns: (nullable): what redo would redo
 */
const char *
kh_document_get_redo_label (KhDocument *self)
{
  KhHistoryEntry *entry;

  g_return_val_if_fail (KH_IS_DOCUMENT (self), NULL);

  entry = g_queue_peek_head (&self->redo);
  return entry != NULL ? entry->label : NULL;
}

static void
restore (KhDocument     *self,
         KhHistoryEntry *entry)
{
  set_schemas (self, entry->source, entry->target, entry->samples);
  kh_mapping_replace_contents (self->mapping, entry->mapping);
  self->serial++;
  kh_document_set_modified (self, TRUE);
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
step_history (KhDocument *self,
              GQueue     *from,
              GQueue     *to)
{
  KhHistoryEntry *entry;
  KhHistoryEntry *current;

  if (from->length == 0 || self->edit_depth > 0)
    return FALSE;

  entry = g_queue_pop_head (from);
  current = snapshot (self, entry->label, NULL);
  g_queue_push_head (to, current);
  trim_queue (to);
  restore (self, entry);
  history_entry_free (entry);

  return TRUE;
}

gboolean
kh_document_undo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  return step_history (self, &self->undo, &self->redo);
}

gboolean
kh_document_redo (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), FALSE);

  return step_history (self, &self->redo, &self->undo);
}

guint
kh_document_get_history_length (KhDocument *self)
{
  g_return_val_if_fail (KH_IS_DOCUMENT (self), 0);

  return self->undo.length;
}
