/* kh-step.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-step"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-step.h"
#include "kh-util-private.h"

struct _KhStep
{
  GObject           parent_instance;

  /* Owned */
  char             *id;
  GHashTable       *params;   /* name → GStrv (one element for scalars) */

  /* Borrowed (static) */
  const KhStepInfo *info;     /* NULL for an id the catalogue does not know */
};

G_DEFINE_FINAL_TYPE (KhStep, kh_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
kh_step_finalize (GObject *object)
{
  KhStep *self = (KhStep *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->params, g_hash_table_unref);

  G_OBJECT_CLASS (kh_step_parent_class)->finalize (object);
}

static void
kh_step_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KhStep *self = KH_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_step_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  KhStep *self = KH_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      self->info = self->id != NULL ? kh_catalogue_lookup (self->id) : NULL;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_step_class_init (KhStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_step_finalize;
  object_class->get_property = kh_step_get_property;
  object_class->set_property = kh_step_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhStep::changed:
   *
   * Emitted after a parameter changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_step_init (KhStep *self)
{
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

/**
 * kh_step_new:
 * @id: a catalogue id such as "trim". Unknown ids are allowed so that the
 *   loader can report them; kh_step_get_info() returns %NULL for them.
 */
KhStep *
kh_step_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (KH_TYPE_STEP, "id", id, NULL);
}

KhStep *
kh_step_copy (KhStep *self)
{
  KhStep *copy;
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);

  copy = kh_step_new (self->id);
  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->params, g_strdup (k), g_strdupv (v));

  return copy;
}

gboolean
kh_step_equal (KhStep *a,
               KhStep *b)
{
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (KH_IS_STEP (a), FALSE);
  g_return_val_if_fail (KH_IS_STEP (b), FALSE);

  if (g_strcmp0 (a->id, b->id) != 0 ||
      g_hash_table_size (a->params) != g_hash_table_size (b->params))
    return FALSE;

  g_hash_table_iter_init (&iter, a->params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const char * const *other = g_hash_table_lookup (b->params, k);

      if (other == NULL || !g_strv_equal ((const char * const *) v, other))
        return FALSE;
    }

  return TRUE;
}

const char *
kh_step_get_id (KhStep *self)
{
  g_return_val_if_fail (KH_IS_STEP (self), NULL);

  return self->id;
}

/**
 * kh_step_get_info:
 *
 * Returns: (nullable): the catalogue entry, or %NULL for an unknown id
 */
const KhStepInfo *
kh_step_get_info (KhStep *self)
{
  g_return_val_if_fail (KH_IS_STEP (self), NULL);

  return self->info;
}

/**
 * kh_step_get_param:
 *
 * Returns: (nullable): the first value given for @name, or %NULL when the
 *   mapping does not set it
 */
const char *
kh_step_get_param (KhStep     *self,
                   const char *name)
{
  const char * const *values;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  values = g_hash_table_lookup (self->params, name);
  return values != NULL ? values[0] : NULL;
}

/**
 * kh_step_get_param_or_default:
 *
 * Returns: (nullable): the value of @name, or its catalogue default
 */
const char *
kh_step_get_param_or_default (KhStep     *self,
                              const char *name)
{
  const char *value;
  const KhParamInfo *param;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = kh_step_get_param (self, name);
  if (value != NULL || self->info == NULL)
    return value;

  param = kh_step_info_lookup_param (self->info, name);
  if (param == NULL || param->defaults == NULL)
    return NULL;

  return param->defaults[0];
}

/**
 * kh_step_get_param_values:
 *
 * Returns: (nullable) (array zero-terminated=1): every value given for
 *   @name, in order, or %NULL when the mapping does not set it
 */
const char * const *
kh_step_get_param_values (KhStep     *self,
                          const char *name)
{
  g_return_val_if_fail (KH_IS_STEP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->params, name);
}

/**
 * kh_step_get_param_values_or_defaults:
 *
 * Returns: (nullable) (array zero-terminated=1): the values of @name, or
 *   the catalogue defaults
 */
const char * const *
kh_step_get_param_values_or_defaults (KhStep     *self,
                                      const char *name)
{
  const char * const *values;
  const KhParamInfo *param;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  values = kh_step_get_param_values (self, name);
  if (values != NULL || self->info == NULL)
    return values;

  param = kh_step_info_lookup_param (self->info, name);
  return param != NULL ? param->defaults : NULL;
}

/**
 * kh_step_set_param:
 * @value: (nullable): the value, or %NULL to unset the parameter
 */
void
kh_step_set_param (KhStep     *self,
                   const char *name,
                   const char *value)
{
  const char *values[2] = { value, NULL };

  g_return_if_fail (KH_IS_STEP (self));
  g_return_if_fail (name != NULL);

  kh_step_set_param_values (self, name, value != NULL ? values : NULL);
}

/**
 * kh_step_set_param_values:
 * @values: (nullable) (array zero-terminated=1): the values, or %NULL (or
 *   an empty array) to unset the parameter
 */
void
kh_step_set_param_values (KhStep             *self,
                          const char         *name,
                          const char * const *values)
{
  const char * const *old;

  g_return_if_fail (KH_IS_STEP (self));
  g_return_if_fail (name != NULL);

  if (values != NULL && values[0] == NULL)
    values = NULL;

  old = g_hash_table_lookup (self->params, name);
  if (old == NULL && values == NULL)
    return;
  if (old != NULL && values != NULL && g_strv_equal (old, values))
    return;

  if (values == NULL)
    g_hash_table_remove (self->params, name);
  else
    g_hash_table_insert (self->params, g_strdup (name), g_strdupv ((char **) values));

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * kh_step_list_params:
 *
 * Returns: (transfer full): the names of the parameters that are set, in
 *   catalogue order, followed by unknown names sorted
 */
char **
kh_step_list_params (KhStep *self)
{
  GPtrArray *names;
  GPtrArray *unknown;
  GHashTableIter iter;
  gpointer k;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);

  names = g_ptr_array_new ();
  unknown = g_ptr_array_new ();

  if (self->info != NULL)
    for (guint i = 0; i < self->info->n_params; i++)
      if (g_hash_table_contains (self->params, self->info->params[i].name))
        g_ptr_array_add (names, g_strdup (self->info->params[i].name));

  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    if (self->info == NULL || kh_step_info_lookup_param (self->info, k) == NULL)
      g_ptr_array_add (unknown, k);
  g_ptr_array_sort (unknown, kh_strptr_cmp);
  for (guint i = 0; i < unknown->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (unknown, i)));
  g_ptr_array_unref (unknown);

  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * kh_step_validate:
 *
 * Checks the step against the catalogue: a known id, no unknown parameter,
 * every required parameter present, no repeated value for a parameter that
 * is not repeatable, and every value of the right type. Code-list names are
 * not checked here (a step does not know its mapping).
 *
 * Returns: %TRUE if the step is valid
 */
gboolean
kh_step_validate (KhStep  *self,
                  GError **error)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (KH_IS_STEP (self), FALSE);

  if (self->info == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("“%s” is not a step of the catalogue"), self->id);
      return FALSE;
    }

  names = kh_step_list_params (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const KhParamInfo *param = kh_step_info_lookup_param (self->info, names[i]);
      const char * const *values = g_hash_table_lookup (self->params, names[i]);

      if (param == NULL)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Step “%s” has no parameter “%s”"), self->id, names[i]);
          return FALSE;
        }

      if (values[1] != NULL && !(param->flags & KH_PARAM_FLAG_REPEATABLE))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Parameter “%s” of step “%s” can be given only once"),
                       names[i], self->id);
          return FALSE;
        }

      for (guint j = 0; values[j] != NULL; j++)
        if (!kh_param_info_validate (param, values[j], error))
          return FALSE;
    }

  for (guint i = 0; i < self->info->n_params; i++)
    {
      const KhParamInfo *param = &self->info->params[i];

      if ((param->flags & KH_PARAM_FLAG_REQUIRED) &&
          !g_hash_table_contains (self->params, param->name))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                       _("Step “%s” needs the parameter “%s”"), self->id, param->name);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * kh_step_describe:
 *
 * Returns: (transfer full): a one-line description for humans, such as
 *   “Parse date (pattern=yyyy/MM/dd, pattern=dd-MM-yyyy)”
 */
char *
kh_step_describe (KhStep *self)
{
  GString *str;
  g_auto(GStrv) names = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (KH_IS_STEP (self), NULL);

  str = g_string_new (self->info != NULL ? kh_step_info_get_name (self->info) : self->id);
  names = kh_step_list_params (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char * const *values = g_hash_table_lookup (self->params, names[i]);

      for (guint j = 0; values[j] != NULL; j++)
        {
          g_string_append (str, first ? " (" : ", ");
          g_string_append_printf (str, "%s=%s", names[i], values[j]);
          first = FALSE;
        }
    }
  if (!first)
    g_string_append_c (str, ')');

  return g_string_free (str, FALSE);
}
