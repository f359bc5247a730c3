/* kh-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-rule"

#include "config.h"

#include "kh-enums.h"
#include "kh-rule.h"
#include "kh-util-private.h"

struct _KhRule
{
  GObject     parent_instance;

  /* Owned */
  char       *target;
  GPtrArray  *sources;        /* of char*, NULL-terminated */
  GListStore *steps;          /* of KhStep */
  char       *default_value;  /* NULL: no default */
  char       *note;

  KhOnError   on_error;
};

G_DEFINE_FINAL_TYPE (KhRule, kh_rule, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_SOURCES,
  PROP_DEFAULT_VALUE,
  PROP_ON_ERROR,
  PROP_NOTE,
  PROP_N_STEPS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (KhRule *self,
              guint   prop_id)
{
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_step_changed_cb (KhStep *step,
                    KhRule *self)
{
  emit_changed (self, PROP_0);
}

static void
kh_rule_dispose (GObject *object)
{
  KhRule *self = (KhRule *) object;

  if (self->steps != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KhStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
          g_signal_handlers_disconnect_by_data (step, self);
        }
    }
  g_clear_object (&self->steps);

  G_OBJECT_CLASS (kh_rule_parent_class)->dispose (object);
}

static void
kh_rule_finalize (GObject *object)
{
  KhRule *self = (KhRule *) object;

  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->default_value, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (kh_rule_parent_class)->finalize (object);
}

static void
kh_rule_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KhRule *self = KH_RULE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_SOURCES:
      g_value_set_boxed (value, kh_rule_get_sources (self));
      break;

    case PROP_DEFAULT_VALUE:
      g_value_set_string (value, self->default_value);
      break;

    case PROP_ON_ERROR:
      g_value_set_enum (value, self->on_error);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_N_STEPS:
      g_value_set_uint (value, kh_rule_get_n_steps (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_rule_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  KhRule *self = KH_RULE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      kh_rule_set_target (self, g_value_get_string (value));
      break;

    case PROP_SOURCES:
      kh_rule_set_sources (self, g_value_get_boxed (value));
      break;

    case PROP_DEFAULT_VALUE:
      kh_rule_set_default_value (self, g_value_get_string (value));
      break;

    case PROP_ON_ERROR:
      kh_rule_set_on_error (self, g_value_get_enum (value));
      break;

    case PROP_NOTE:
      kh_rule_set_note (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_rule_class_init (KhRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_rule_dispose;
  object_class->finalize = kh_rule_finalize;
  object_class->get_property = kh_rule_get_property;
  object_class->set_property = kh_rule_set_property;

  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_VALUE] =
    g_param_spec_string ("default-value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_ERROR] =
    g_param_spec_enum ("on-error", NULL, NULL, KH_TYPE_ON_ERROR, KH_ON_ERROR_REJECT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhRule::changed:
   *
   * Emitted after the rule, its step list or any step's parameters changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_rule_init (KhRule *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->sources, NULL);
  self->steps = g_list_store_new (KH_TYPE_STEP);
  self->on_error = KH_ON_ERROR_REJECT;
}

/**
 * kh_rule_new:
 * @target: the name of the target field the rule computes
 */
KhRule *
kh_rule_new (const char *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  return g_object_new (KH_TYPE_RULE, "target", target, NULL);
}

KhRule *
kh_rule_copy (KhRule *self)
{
  KhRule *copy;
  guint n;

  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  copy = kh_rule_new (self->target);
  kh_rule_set_sources (copy, kh_rule_get_sources (self));
  copy->default_value = g_strdup (self->default_value);
  copy->note = g_strdup (self->note);
  copy->on_error = self->on_error;

  n = kh_rule_get_n_steps (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhStep) step = kh_step_copy (kh_rule_get_step (self, i));
      kh_rule_append_step (copy, step);
    }

  return copy;
}

gboolean
kh_rule_equal (KhRule *a,
               KhRule *b)
{
  guint n;

  g_return_val_if_fail (KH_IS_RULE (a), FALSE);
  g_return_val_if_fail (KH_IS_RULE (b), FALSE);

  if (g_strcmp0 (a->target, b->target) != 0 ||
      !g_strv_equal (kh_rule_get_sources (a), kh_rule_get_sources (b)) ||
      g_strcmp0 (a->default_value, b->default_value) != 0 ||
      g_strcmp0 (a->note, b->note) != 0 ||
      a->on_error != b->on_error)
    return FALSE;

  n = kh_rule_get_n_steps (a);
  if (n != kh_rule_get_n_steps (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!kh_step_equal (kh_rule_get_step (a, i), kh_rule_get_step (b, i)))
      return FALSE;

  return TRUE;
}

const char *
kh_rule_get_target (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return self->target;
}

void
kh_rule_set_target (KhRule     *self,
                    const char *target)
{
  g_return_if_fail (KH_IS_RULE (self));
  g_return_if_fail (target != NULL);

  if (kh_set_str (&self->target, target))
    emit_changed (self, PROP_TARGET);
}

/**
 * kh_rule_get_sources:
 *
 * Returns: (array zero-terminated=1) (transfer none): the source field
 *   names, in order
 */
const char * const *
kh_rule_get_sources (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return (const char * const *) self->sources->pdata;
}

guint
kh_rule_get_n_sources (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), 0);

  return self->sources->len - 1;
}

/**
 * kh_rule_set_sources:
 * @sources: (nullable) (array zero-terminated=1): source field names
 */
void
kh_rule_set_sources (KhRule             *self,
                     const char * const *sources)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (KH_IS_RULE (self));

  if (sources == NULL)
    sources = empty;
  if (g_strv_equal (kh_rule_get_sources (self), sources))
    return;

  g_ptr_array_set_size (self->sources, 0);
  for (guint i = 0; sources[i] != NULL; i++)
    g_ptr_array_add (self->sources, g_strdup (sources[i]));
  g_ptr_array_add (self->sources, NULL);

  emit_changed (self, PROP_SOURCES);
}

void
kh_rule_add_source (KhRule     *self,
                    const char *source)
{
  g_return_if_fail (KH_IS_RULE (self));
  g_return_if_fail (source != NULL);

  g_ptr_array_insert (self->sources, self->sources->len - 1, g_strdup (source));
  emit_changed (self, PROP_SOURCES);
}

gboolean
kh_rule_remove_source (KhRule     *self,
                       const char *source)
{
  g_return_val_if_fail (KH_IS_RULE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  for (guint i = 0; i + 1 < self->sources->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->sources, i), source) == 0)
      {
        g_ptr_array_remove_index (self->sources, i);
        emit_changed (self, PROP_SOURCES);
        return TRUE;
      }

  return FALSE;
}

gboolean
kh_rule_has_source (KhRule     *self,
                    const char *source)
{
  g_return_val_if_fail (KH_IS_RULE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  return g_strv_contains (kh_rule_get_sources (self), source);
}

/**
 * kh_rule_get_steps:
 *
 * Returns: (transfer none): a #GListModel of #KhStep, in chain order
 */
GListModel *
kh_rule_get_steps (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return G_LIST_MODEL (self->steps);
}

guint
kh_rule_get_n_steps (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/**
 * kh_rule_get_step:
 *
 * Returns: (transfer none) (nullable): the step at @position
 */
KhStep *
kh_rule_get_step (KhRule *self,
                  guint   position)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return kh_list_model_peek (G_LIST_MODEL (self->steps), position);
}

void
kh_rule_append_step (KhRule *self,
                     KhStep *step)
{
  g_return_if_fail (KH_IS_RULE (self));

  kh_rule_insert_step (self, kh_rule_get_n_steps (self), step);
}

void
kh_rule_insert_step (KhRule *self,
                     guint   position,
                     KhStep *step)
{
  g_return_if_fail (KH_IS_RULE (self));
  g_return_if_fail (KH_IS_STEP (step));
  g_return_if_fail (position <= kh_rule_get_n_steps (self));

  g_signal_connect_object (step, "changed", G_CALLBACK (on_step_changed_cb), self, 0);
  g_list_store_insert (self->steps, position, step);
  emit_changed (self, PROP_N_STEPS);
}

void
kh_rule_remove_step (KhRule *self,
                     guint   position)
{
  KhStep *step;

  g_return_if_fail (KH_IS_RULE (self));

  step = kh_rule_get_step (self, position);
  g_return_if_fail (step != NULL);

  g_signal_handlers_disconnect_by_data (step, self);
  g_list_store_remove (self->steps, position);
  emit_changed (self, PROP_N_STEPS);
}

/**
 * kh_rule_move_step:
 * @from: the step's position
 * @to: its new position
 */
void
kh_rule_move_step (KhRule *self,
                   guint   from,
                   guint   to)
{
  g_autoptr(KhStep) step = NULL;
  guint n;

  g_return_if_fail (KH_IS_RULE (self));

  n = kh_rule_get_n_steps (self);
  g_return_if_fail (from < n && to < n);

  if (from == to)
    return;

  step = g_list_model_get_item (G_LIST_MODEL (self->steps), from);
  g_list_store_remove (self->steps, from);
  g_list_store_insert (self->steps, to, step);
  emit_changed (self, PROP_0);
}

/**
 * kh_rule_get_default_value:
 *
 * The default is used when the chain's result is null or empty, and when
 * the chain fails and the on-error policy is %KH_ON_ERROR_DEFAULT.
 *
 * Returns: (nullable): the default, or %NULL when the rule has none
 */
const char *
kh_rule_get_default_value (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return self->default_value;
}

void
kh_rule_set_default_value (KhRule     *self,
                           const char *value)
{
  g_return_if_fail (KH_IS_RULE (self));

  if (kh_set_str (&self->default_value, value))
    emit_changed (self, PROP_DEFAULT_VALUE);
}

KhOnError
kh_rule_get_on_error (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), KH_ON_ERROR_REJECT);

  return self->on_error;
}

void
kh_rule_set_on_error (KhRule    *self,
                      KhOnError  policy)
{
  g_return_if_fail (KH_IS_RULE (self));

  if (self->on_error != policy)
    {
      self->on_error = policy;
      emit_changed (self, PROP_ON_ERROR);
    }
}

const char *
kh_rule_get_note (KhRule *self)
{
  g_return_val_if_fail (KH_IS_RULE (self), NULL);

  return self->note;
}

void
kh_rule_set_note (KhRule     *self,
                  const char *note)
{
  g_return_if_fail (KH_IS_RULE (self));

  if (note != NULL && note[0] == '\0')
    note = NULL;
  if (kh_set_str (&self->note, note))
    emit_changed (self, PROP_NOTE);
}
