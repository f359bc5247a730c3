/* kh-checker.c: the live problems list the workbench shows
 *
 * A #KhChecker is a #GListModel of #KhProblem that stays current: it
 * watches a mapping (its ::changed signal) and, optionally, the
 * #KhPreview of that mapping (whose results give the rules that fail on
 * the samples, the code values the samples hold and the columns they
 * lack), and runs kh_checks_run() again, once per main-loop iteration
 * however many changes came in it. It also keeps the target-contract
 * coverage and the error and warning counts (the header bar's badge).
 *
 * The problems are replaced all at once on each update (one
 * ::items-changed). Runs on the main thread; it never computes a preview
 * itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-checker"

#include "config.h"

#include "kh-checker.h"

struct _KhChecker
{
  GObject      parent_instance;

  KhMapping   *mapping;       /* owned */
  gulong       changed_id;
  KhPreview   *preview;       /* owned, nullable */
  gulong       result_id;
  GListStore  *problems;      /* owned, of KhProblem */
  KhCoverage  *coverage;      /* owned, nullable */
  guint        n_errors;
  guint        n_warnings;
  guint        idle_id;
};

static void kh_checker_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhChecker, kh_checker, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kh_checker_list_model_init))

enum {
  PROP_0,
  PROP_MAPPING,
  PROP_PREVIEW,
  PROP_COVERAGE,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
kh_checker_get_item_type (GListModel *model)
{
  return KH_TYPE_PROBLEM;
}

static guint
kh_checker_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (KH_CHECKER (model)->problems));
}

static gpointer
kh_checker_get_item (GListModel *model,
                     guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (KH_CHECKER (model)->problems), position);
}

static void
kh_checker_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_checker_get_item_type;
  iface->get_n_items = kh_checker_get_n_items;
  iface->get_item = kh_checker_get_item;
}

/**
 * kh_checker_update_now:
 *
 * Runs the checks now instead of at the next main-loop iteration.
 */
void
kh_checker_update_now (KhChecker *self)
{
  g_autoptr(GListModel) problems = NULL;
  g_autoptr(KhCoverage) coverage = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  KhPreviewResult *result = NULL;
  guint old_n, n_errors, n_warnings;

  g_return_if_fail (KH_IS_CHECKER (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->mapping != NULL)
    {
      if (self->preview != NULL && kh_preview_get_mapping (self->preview) == self->mapping)
        result = kh_preview_get_result (self->preview);
      problems = kh_checks_run (self->mapping, NULL, NULL, result, NULL);
      coverage = kh_coverage_new (self->mapping, NULL);
      for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
        g_ptr_array_add (items, g_list_model_get_item (problems, i));
    }

  g_object_freeze_notify (G_OBJECT (self));

  old_n = g_list_model_get_n_items (G_LIST_MODEL (self->problems));
  g_list_store_splice (self->problems, 0, old_n, items->pdata, items->len);
  if (old_n != items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  g_set_object (&self->coverage, coverage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE]);

  n_errors = problems != NULL ? kh_checks_count (problems, KH_PROBLEM_ERROR) : 0;
  n_warnings = problems != NULL ? kh_checks_count (problems, KH_PROBLEM_WARNING) : 0;
  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
idle_cb (gpointer user_data)
{
  KhChecker *self = user_data;

  self->idle_id = 0;
  kh_checker_update_now (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (KhChecker *self)
{
  if (self->idle_id == 0)
    {
      self->idle_id = g_idle_add (idle_cb, self);
      g_source_set_name_by_id (self->idle_id, "[kakehashi] checks");
    }
}

static void
problems_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     KhChecker  *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
kh_checker_dispose (GObject *object)
{
  KhChecker *self = KH_CHECKER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->mapping != NULL)
    g_clear_signal_handler (&self->changed_id, self->mapping);
  if (self->preview != NULL)
    g_clear_signal_handler (&self->result_id, self->preview);
  g_clear_object (&self->mapping);
  g_clear_object (&self->preview);
  g_clear_object (&self->coverage);

  G_OBJECT_CLASS (kh_checker_parent_class)->dispose (object);
}

static void
kh_checker_finalize (GObject *object)
{
  KhChecker *self = KH_CHECKER (object);

  g_clear_object (&self->problems);

  G_OBJECT_CLASS (kh_checker_parent_class)->finalize (object);
}

static void
kh_checker_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhChecker *self = KH_CHECKER (object);

  switch (prop_id)
    {
    case PROP_MAPPING:    g_value_set_object (value, self->mapping); break;
    case PROP_PREVIEW:    g_value_set_object (value, self->preview); break;
    case PROP_COVERAGE:   g_value_set_object (value, self->coverage); break;
    case PROP_N_ERRORS:   g_value_set_uint (value, self->n_errors); break;
    case PROP_N_WARNINGS: g_value_set_uint (value, self->n_warnings); break;
    case PROP_N_ITEMS:    g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->problems))); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_checker_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhChecker *self = KH_CHECKER (object);

  switch (prop_id)
    {
    case PROP_MAPPING: kh_checker_set_mapping (self, g_value_get_object (value)); break;
    case PROP_PREVIEW: kh_checker_set_preview (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_checker_class_init (KhCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kh_checker_dispose;
  object_class->finalize = kh_checker_finalize;
  object_class->get_property = kh_checker_get_property;
  object_class->set_property = kh_checker_set_property;

  properties[PROP_MAPPING] = g_param_spec_object ("mapping", NULL, NULL, KH_TYPE_MAPPING, rw);
  properties[PROP_PREVIEW] = g_param_spec_object ("preview", NULL, NULL, KH_TYPE_PREVIEW, rw);
  properties[PROP_COVERAGE] = g_param_spec_object ("coverage", NULL, NULL, KH_TYPE_COVERAGE, ro);
  properties[PROP_N_ERRORS] = g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_WARNINGS] = g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_checker_init (KhChecker *self)
{
  self->problems = g_list_store_new (KH_TYPE_PROBLEM);
  g_signal_connect (self->problems, "items-changed", G_CALLBACK (problems_changed_cb), self);
}

/**
 * kh_checker_new:
 *
 * Returns: (transfer full): a checker with no mapping
 */
KhChecker *
kh_checker_new (void)
{
  return g_object_new (KH_TYPE_CHECKER, NULL);
}

KhMapping *
kh_checker_get_mapping (KhChecker *self)
{
  g_return_val_if_fail (KH_IS_CHECKER (self), NULL);

  return self->mapping;
}

/**
 * kh_checker_set_mapping:
 * @mapping: (nullable): the mapping to check
 */
void
kh_checker_set_mapping (KhChecker *self,
                        KhMapping *mapping)
{
  g_return_if_fail (KH_IS_CHECKER (self));
  g_return_if_fail (mapping == NULL || KH_IS_MAPPING (mapping));

  if (self->mapping == mapping)
    return;

  if (self->mapping != NULL)
    g_clear_signal_handler (&self->changed_id, self->mapping);
  g_set_object (&self->mapping, mapping);
  if (mapping != NULL)
    self->changed_id = g_signal_connect_swapped (mapping, "changed", G_CALLBACK (queue_update), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAPPING]);
  queue_update (self);
}

KhPreview *
kh_checker_get_preview (KhChecker *self)
{
  g_return_val_if_fail (KH_IS_CHECKER (self), NULL);

  return self->preview;
}

/**
 * kh_checker_set_preview:
 * @preview: (nullable): the preview of the same mapping
 *
 * Its results are used while it previews the checker's mapping.
 */
void
kh_checker_set_preview (KhChecker *self,
                        KhPreview *preview)
{
  g_return_if_fail (KH_IS_CHECKER (self));
  g_return_if_fail (preview == NULL || KH_IS_PREVIEW (preview));

  if (self->preview == preview)
    return;

  if (self->preview != NULL)
    g_clear_signal_handler (&self->result_id, self->preview);
  g_set_object (&self->preview, preview);
  if (preview != NULL)
    self->result_id = g_signal_connect_swapped (preview, "notify::result", G_CALLBACK (queue_update), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
  queue_update (self);
}

/**
 * kh_checker_get_coverage:
 *
 * Returns: (transfer none) (nullable): the target-contract coverage, made
 *   again on every update
 */
KhCoverage *
kh_checker_get_coverage (KhChecker *self)
{
  g_return_val_if_fail (KH_IS_CHECKER (self), NULL);

  return self->coverage;
}

guint
kh_checker_get_n_errors (KhChecker *self)
{
  g_return_val_if_fail (KH_IS_CHECKER (self), 0);

  return self->n_errors;
}

guint
kh_checker_get_n_warnings (KhChecker *self)
{
  g_return_val_if_fail (KH_IS_CHECKER (self), 0);

  return self->n_warnings;
}
