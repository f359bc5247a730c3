/* kh-sample-set.c: imported sample records
 *
 * A table of text cells where null is kept apart from the empty string,
 * with the column names and a description of where the records came from
 * ("customers.csv, 200 of 12,408 records"). It is filled once, after an
 * import, and then only read, so it can be handed to a thread that saves
 * the project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-sample-set"

#include "config.h"

#include "kh-sample-set.h"

struct _KhSampleSet
{
  gatomicrefcount  ref_count;
  GStrv            columns;    /* owned */
  guint            n_columns;
  GPtrArray       *cells;      /* owned: row-major, n_columns per row; NULL = null */
  guint            n_rows;
  char            *origin;     /* owned, nullable */
};

G_DEFINE_BOXED_TYPE (KhSampleSet, kh_sample_set, kh_sample_set_ref, kh_sample_set_unref)

/**
 * kh_sample_set_new:
 * @columns: NULL-terminated column names, as the records name them
 *
 * Returns: (transfer full): an empty set with these columns
 */
KhSampleSet *
kh_sample_set_new (const char * const *columns)
{
  KhSampleSet *self = g_new0 (KhSampleSet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->columns = g_strdupv ((char **) columns);
  if (self->columns == NULL)
    self->columns = g_new0 (char *, 1);
  self->n_columns = g_strv_length (self->columns);
  self->cells = g_ptr_array_new_with_free_func (g_free);

  return self;
}

KhSampleSet *
kh_sample_set_ref (KhSampleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kh_sample_set_unref (KhSampleSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_strfreev (self->columns);
  g_ptr_array_unref (self->cells);
  g_free (self->origin);
  g_free (self);
}

/**
 * kh_sample_set_equal:
 *
 * Returns: %TRUE when both sets have the same columns, cells and origin
 */
gboolean
kh_sample_set_equal (const KhSampleSet *a,
                     const KhSampleSet *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  if (a->n_rows != b->n_rows ||
      !g_strv_equal ((const char * const *) a->columns, (const char * const *) b->columns) ||
      g_strcmp0 (a->origin, b->origin) != 0)
    return FALSE;

  for (guint i = 0; i < a->cells->len; i++)
    {
      const char *ca = a->cells->pdata[i];
      const char *cb = b->cells->pdata[i];

      if ((ca == NULL) != (cb == NULL) || g_strcmp0 (ca, cb) != 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * kh_sample_set_add_row:
 * @values: (array length=n_values) (element-type utf8) (nullable): the
 *   cells; a %NULL cell is null
 * @n_values: the number of cells; missing ones are null, extra ones are
 *   dropped
 *
 * Appends a record.
 */
void
kh_sample_set_add_row (KhSampleSet        *self,
                       const char * const *values,
                       guint               n_values)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n_columns; i++)
    g_ptr_array_add (self->cells, i < n_values && values != NULL ? g_strdup (values[i]) : NULL);
  self->n_rows++;
}

guint
kh_sample_set_get_n_columns (const KhSampleSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

guint
kh_sample_set_get_n_rows (const KhSampleSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

const char *
kh_sample_set_get_column (const KhSampleSet *self,
                          guint              column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->columns[column];
}

/**
 * kh_sample_set_get_columns:
 *
 * Returns: (array zero-terminated=1) (transfer none): the column names
 */
const char * const *
kh_sample_set_get_columns (const KhSampleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->columns;
}

/**
 * kh_sample_set_lookup_column:
 *
 * Returns: the position of the first column called @name, or -1
 */
int
kh_sample_set_lookup_column (const KhSampleSet *self,
                             const char        *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_columns; i++)
    if (g_strcmp0 (self->columns[i], name) == 0)
      return (int) i;

  return -1;
}

/**
 * kh_sample_set_get_value:
 *
 * Returns: (nullable): the cell, or %NULL when it is null
 */
const char *
kh_sample_set_get_value (const KhSampleSet *self,
                         guint              row,
                         guint              column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->cells->pdata[(gsize) row * self->n_columns + column];
}

/**
 * kh_sample_set_get_origin:
 *
 * Returns: (nullable): where the records came from, for people
 */
const char *
kh_sample_set_get_origin (const KhSampleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->origin;
}

void
kh_sample_set_set_origin (KhSampleSet *self,
                          const char  *origin)
{
  g_return_if_fail (self != NULL);

  if (self->origin != origin)
    {
      g_free (self->origin);
      self->origin = g_strdup (origin);
    }
}
