/* kh-preview.c: the live preview the workbench shows
 *
 * A #KhPreview watches a mapping (its #KhMapping::changed signal) and
 * holds the sample records. After every change it waits for the edits to
 * settle (the delay, 150 ms by default), cancels any computation still
 * running for an older version, compiles the plans on the main thread and
 * evaluates the samples in a worker (kh_preview_compute_async()). When
 * the newest computation finishes, #KhPreview:result changes.
 *
 * It is also the #GListModel of #KhPreviewRow a GtkColumnView binds to:
 * the rows of the current result that pass the current filter. The model
 * object stays the same across recomputes; each new result replaces all
 * its items at once (one ::items-changed), so the view keeps its scroll
 * position. When the new result's columns differ from the old one's (a
 * rule was added, removed or retyped), ::columns-changed is emitted first
 * so the view can rebuild its columns from kh_preview_result_get_columns().
 *
 * When the mapping does not compile, #KhPreview:error says why and the
 * previous result stays, so the grid does not flicker empty while the
 * analyst is half-way through an edit.
 *
 * Everything here runs on the thread that owns the mapping (the main
 * thread); only the evaluation runs in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-preview"

#include "config.h"

#include "kh-preview.h"

#include "kh-preview-enums.h"

struct _KhPreview
{
  GObject           parent_instance;

  KhMapping        *mapping;        /* owned */
  gulong            changed_id;
  KhSampleSet      *samples;        /* owned */
  KhPreviewFlags    flags;
  guint             delay_ms;

  guint             timeout_id;
  GCancellable     *cancellable;    /* owned: the newest computation's, while it runs */
  gboolean          computing;      /* as last notified */

  KhPreviewResult  *result;         /* owned, nullable */
  GError           *error;          /* owned, nullable */

  KhPreviewFilter   filter;
  char             *filter_target;  /* owned, nullable */
  guint            *visible;        /* owned: positions of the rows shown */
  guint             n_visible;
};

static void kh_preview_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhPreview, kh_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kh_preview_list_model_init))

enum {
  PROP_0,
  PROP_MAPPING,
  PROP_SAMPLES,
  PROP_FLAGS,
  PROP_DELAY,
  PROP_RESULT,
  PROP_ERROR,
  PROP_COMPUTING,
  PROP_FILTER,
  PROP_FILTER_TARGET,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  COLUMNS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- GListModel ------------------------------------------------------- */

static GType
kh_preview_get_item_type (GListModel *model)
{
  return KH_TYPE_PREVIEW_ROW;
}

static guint
kh_preview_get_n_items (GListModel *model)
{
  return KH_PREVIEW (model)->n_visible;
}

static gpointer
kh_preview_get_item (GListModel *model,
                     guint       position)
{
  KhPreview *self = KH_PREVIEW (model);

  if (position >= self->n_visible)
    return NULL;
  return g_object_ref (kh_preview_result_get_row (self->result, self->visible[position]));
}

static void
kh_preview_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_preview_get_item_type;
  iface->get_n_items = kh_preview_get_n_items;
  iface->get_item = kh_preview_get_item;
}

/* Recomputes the visible rows and replaces the model's items. */
static void
refilter (KhPreview *self)
{
  guint old_n = self->n_visible;
  int column = -1;

  g_clear_pointer (&self->visible, g_free);
  self->n_visible = 0;

  if (self->result != NULL)
    {
      if (self->filter_target != NULL)
        {
          column = kh_preview_result_find_column (self->result, self->filter_target);
          if (column < 0)
            column = G_MAXINT;  /* the rule is gone: no cell matches */
        }
      self->visible = kh_preview_result_filter (self->result, self->filter, column, &self->n_visible);
    }

  if (old_n > 0 || self->n_visible > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_visible);
  if (old_n != self->n_visible)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ---- computing -------------------------------------------------------- */

static void
update_computing (KhPreview *self)
{
  gboolean computing = self->cancellable != NULL || self->timeout_id != 0;

  if (self->computing != computing)
    {
      self->computing = computing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPUTING]);
    }
}

static void
cancel_running (KhPreview *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
set_error (KhPreview *self,
           GError    *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_result (KhPreview       *self,
            KhPreviewResult *result)
{
  gboolean same_columns;

  if (self->result == result)
    return;

  same_columns = kh_preview_result_same_columns (self->result, result);
  g_set_object (&self->result, result);

  if (!same_columns)
    g_signal_emit (self, signals[COLUMNS_CHANGED], 0);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

/* The task holds only a weak reference, so that dropping the preview
 * cancels its computation (in dispose) instead of waiting for it. */
static void
compute_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KhPreview) self = g_weak_ref_get (weak);
  g_autoptr(KhPreviewResult) result = NULL;
  GError *error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  result = kh_preview_compute_finish (res, &error);

  /* The preview is gone, or a newer computation replaced this one. */
  if (self == NULL || self->cancellable == NULL || g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    {
      g_clear_error (&error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (result != NULL)
    {
      set_error (self, NULL);
      set_result (self, result);
    }
  else
    set_error (self, error);
  g_clear_object (&self->cancellable);
  update_computing (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
start (KhPreview *self)
{
  GWeakRef *weak;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_running (self);

  if (self->mapping == NULL || self->samples == NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_error (self, NULL);
      set_result (self, NULL);
      update_computing (self);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  self->cancellable = g_cancellable_new ();
  kh_preview_compute_async (self->mapping, self->samples, self->flags, self->cancellable,
                            compute_cb, weak);
  update_computing (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  KhPreview *self = user_data;

  self->timeout_id = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

/**
 * kh_preview_queue_update:
 *
 * Recomputes the preview once the edits have settled: cancels the running
 * computation at once (it is for an older version), then starts a new one
 * after #KhPreview:delay milliseconds without another call. The mapping's
 * ::changed signal calls it.
 */
void
kh_preview_queue_update (KhPreview *self)
{
  g_return_if_fail (KH_IS_PREVIEW (self));

  cancel_running (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay_ms, timeout_cb, self);
  g_source_set_name_by_id (self->timeout_id, "[kakehashi] preview debounce");
  update_computing (self);
}

/**
 * kh_preview_update_now:
 *
 * Recomputes the preview now, without waiting for the delay.
 */
void
kh_preview_update_now (KhPreview *self)
{
  g_return_if_fail (KH_IS_PREVIEW (self));

  start (self);
}

static void
mapping_changed_cb (KhPreview *self)
{
  kh_preview_queue_update (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
kh_preview_dispose (GObject *object)
{
  KhPreview *self = KH_PREVIEW (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  cancel_running (self);
  if (self->mapping != NULL)
    g_clear_signal_handler (&self->changed_id, self->mapping);
  g_clear_object (&self->mapping);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (kh_preview_parent_class)->dispose (object);
}

static void
kh_preview_finalize (GObject *object)
{
  KhPreview *self = KH_PREVIEW (object);

  g_clear_pointer (&self->samples, kh_sample_set_unref);
  g_clear_error (&self->error);
  g_free (self->filter_target);
  g_free (self->visible);

  G_OBJECT_CLASS (kh_preview_parent_class)->finalize (object);
}

static void
kh_preview_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhPreview *self = KH_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_MAPPING:       g_value_set_object (value, self->mapping); break;
    case PROP_SAMPLES:       g_value_set_boxed (value, self->samples); break;
    case PROP_FLAGS:         g_value_set_flags (value, self->flags); break;
    case PROP_DELAY:         g_value_set_uint (value, self->delay_ms); break;
    case PROP_RESULT:        g_value_set_object (value, self->result); break;
    case PROP_ERROR:         g_value_set_boxed (value, self->error); break;
    case PROP_COMPUTING:     g_value_set_boolean (value, self->computing); break;
    case PROP_FILTER:        g_value_set_enum (value, self->filter); break;
    case PROP_FILTER_TARGET: g_value_set_string (value, self->filter_target); break;
    case PROP_N_ITEMS:       g_value_set_uint (value, self->n_visible); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhPreview *self = KH_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_MAPPING:       kh_preview_set_mapping (self, g_value_get_object (value)); break;
    case PROP_SAMPLES:       kh_preview_set_samples (self, g_value_get_boxed (value)); break;
    case PROP_FLAGS:         kh_preview_set_flags (self, g_value_get_flags (value)); break;
    case PROP_DELAY:         kh_preview_set_delay (self, g_value_get_uint (value)); break;
    case PROP_FILTER:        kh_preview_set_filter (self, g_value_get_enum (value), self->filter_target); break;
    case PROP_FILTER_TARGET: kh_preview_set_filter (self, self->filter, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_preview_class_init (KhPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kh_preview_dispose;
  object_class->finalize = kh_preview_finalize;
  object_class->get_property = kh_preview_get_property;
  object_class->set_property = kh_preview_set_property;

  properties[PROP_MAPPING] = g_param_spec_object ("mapping", NULL, NULL, KH_TYPE_MAPPING, rw);
  properties[PROP_SAMPLES] = g_param_spec_boxed ("samples", NULL, NULL, KH_TYPE_SAMPLE_SET, rw);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, KH_TYPE_PREVIEW_FLAGS, KH_PREVIEW_FLAGS_NONE, rw);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, 60000, KH_PREVIEW_DEFAULT_DELAY, rw);
  properties[PROP_RESULT] = g_param_spec_object ("result", NULL, NULL, KH_TYPE_PREVIEW_RESULT, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_COMPUTING] = g_param_spec_boolean ("computing", NULL, NULL, FALSE, ro);
  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, KH_TYPE_PREVIEW_FILTER, KH_PREVIEW_FILTER_ALL, rw);
  properties[PROP_FILTER_TARGET] = g_param_spec_string ("filter-target", NULL, NULL, NULL, rw);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhPreview::columns-changed:
   *
   * Emitted when a new result's output columns differ from the previous
   * result's (kh_preview_result_same_columns()), just before the rows are
   * replaced: rebuild the grid's columns from the new result.
   */
  signals[COLUMNS_CHANGED] =
    g_signal_new ("columns-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_preview_init (KhPreview *self)
{
  self->delay_ms = KH_PREVIEW_DEFAULT_DELAY;
  self->filter = KH_PREVIEW_FILTER_ALL;
}

/**
 * kh_preview_new:
 *
 * Returns: (transfer full): a preview with no mapping and no samples
 */
KhPreview *
kh_preview_new (void)
{
  return g_object_new (KH_TYPE_PREVIEW, NULL);
}

/* ---- properties ------------------------------------------------------- */

KhMapping *
kh_preview_get_mapping (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), NULL);

  return self->mapping;
}

/**
 * kh_preview_set_mapping:
 * @mapping: (nullable): the mapping to preview
 *
 * Watches @mapping and queues an update.
 */
void
kh_preview_set_mapping (KhPreview *self,
                        KhMapping *mapping)
{
  g_return_if_fail (KH_IS_PREVIEW (self));
  g_return_if_fail (mapping == NULL || KH_IS_MAPPING (mapping));

  if (self->mapping == mapping)
    return;

  if (self->mapping != NULL)
    g_clear_signal_handler (&self->changed_id, self->mapping);
  g_set_object (&self->mapping, mapping);
  if (mapping != NULL)
    self->changed_id = g_signal_connect_swapped (mapping, "changed", G_CALLBACK (mapping_changed_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAPPING]);
  kh_preview_queue_update (self);
}

KhSampleSet *
kh_preview_get_samples (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), NULL);

  return self->samples;
}

/**
 * kh_preview_set_samples:
 * @samples: (nullable): the sample records
 *
 * Sample sets are immutable; to edit a cell, set the new set that
 * kh_samples_set_value() returns. Queues an update.
 */
void
kh_preview_set_samples (KhPreview   *self,
                        KhSampleSet *samples)
{
  g_return_if_fail (KH_IS_PREVIEW (self));

  if (self->samples == samples)
    return;

  g_clear_pointer (&self->samples, kh_sample_set_unref);
  if (samples != NULL)
    self->samples = kh_sample_set_ref (samples);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLES]);
  kh_preview_queue_update (self);
}

KhPreviewFlags
kh_preview_get_flags (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), 0);

  return self->flags;
}

void
kh_preview_set_flags (KhPreview      *self,
                      KhPreviewFlags  flags)
{
  g_return_if_fail (KH_IS_PREVIEW (self));

  if (self->flags == flags)
    return;

  self->flags = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
  kh_preview_queue_update (self);
}

/**
 * kh_preview_get_delay:
 *
 * Returns: the debounce of kh_preview_queue_update(), in milliseconds
 */
guint
kh_preview_get_delay (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), 0);

  return self->delay_ms;
}

void
kh_preview_set_delay (KhPreview *self,
                      guint      delay_ms)
{
  g_return_if_fail (KH_IS_PREVIEW (self));

  if (self->delay_ms == delay_ms)
    return;

  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

/**
 * kh_preview_get_computing:
 *
 * Returns: whether an update is queued or running: the result is older
 *   than the mapping
 */
gboolean
kh_preview_get_computing (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), FALSE);

  return self->computing;
}

/**
 * kh_preview_get_result:
 *
 * Returns: (transfer none) (nullable): the newest result
 */
KhPreviewResult *
kh_preview_get_result (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), NULL);

  return self->result;
}

/**
 * kh_preview_get_error:
 *
 * Returns: (nullable): why the newest computation failed (the mapping does
 *   not compile), or %NULL. The result is then the last good one.
 */
const GError *
kh_preview_get_error (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), NULL);

  return self->error;
}

KhPreviewFilter
kh_preview_get_filter (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), KH_PREVIEW_FILTER_ALL);

  return self->filter;
}

/**
 * kh_preview_get_filter_target:
 *
 * Returns: (nullable): the rule the filter looks at, or %NULL for all
 */
const char *
kh_preview_get_filter_target (KhPreview *self)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), NULL);

  return self->filter_target;
}

/**
 * kh_preview_set_filter:
 * @filter: which records to show
 * @target: (nullable): the target field of the rule to look at ("by
 *   rule"), or %NULL for every rule
 *
 * Changes the rows the model shows, without recomputing anything. The
 * rule is named by its target so that the filter survives edits that move
 * the columns.
 */
void
kh_preview_set_filter (KhPreview       *self,
                       KhPreviewFilter  filter,
                       const char      *target)
{
  gboolean filter_changed, target_changed;

  g_return_if_fail (KH_IS_PREVIEW (self));
  g_return_if_fail (filter <= KH_PREVIEW_FILTER_WRITTEN);

  filter_changed = self->filter != filter;
  target_changed = g_strcmp0 (self->filter_target, target) != 0;
  if (!filter_changed && !target_changed)
    return;

  self->filter = filter;
  if (target_changed)
    {
      g_free (self->filter_target);
      self->filter_target = g_strdup (target);
    }

  refilter (self);
  if (filter_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  if (target_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TARGET]);
}

/**
 * kh_preview_get_position:
 * @item: a position in the model
 *
 * Returns: the sample position of the model's item @item, or
 *   %G_MAXUINT past the end
 */
guint
kh_preview_get_position (KhPreview *self,
                         guint      item)
{
  g_return_val_if_fail (KH_IS_PREVIEW (self), G_MAXUINT);

  return item < self->n_visible ? self->visible[item] : G_MAXUINT;
}

/**
 * kh_preview_find_item:
 * @position: a record's position in the samples (e.g. a problem's index)
 *
 * For jumping to a record: where the model shows it.
 *
 * Returns: the model position of the record, or %G_MAXUINT when the
 *   current filter hides it
 */
guint
kh_preview_find_item (KhPreview *self,
                      guint      position)
{
  guint lo = 0, hi;

  g_return_val_if_fail (KH_IS_PREVIEW (self), G_MAXUINT);

  /* The visible positions are in increasing order. */
  hi = self->n_visible;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->visible[mid] < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->n_visible && self->visible[lo] == position ? lo : G_MAXUINT;
}
