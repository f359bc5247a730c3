/* kh-util-private.h: small helpers shared inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replace *slot by a copy of value; returns TRUE when it changed. */
static inline gboolean
kh_set_str (char       **slot,
            const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* A GCompareFunc for a GPtrArray of strings. */
static inline int
kh_strptr_cmp (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The item at @position of a list model whose items the model itself keeps
 * alive: returns a borrowed pointer, or NULL past the end. */
static inline gpointer
kh_list_model_peek (GListModel *model,
                    guint       position)
{
  gpointer item = g_list_model_get_item (model, position);

  if (item != NULL)
    g_object_unref (item);
  return item;
}

G_END_DECLS
