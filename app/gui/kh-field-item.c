/* kh-field-item.c: one row of a schema panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-field-item"

#include "config.h"

#include <string.h>

#include "kh-field-item.h"

struct _KhFieldItem
{
  GObject   parent_instance;

  /* Owned */
  char     *path;       /* the full dotted name */
  char     *folded;     /* case-folded "path label" for type-to-filter */
  KhField  *field;      /* NULL for a group that has no field of its own */

  /* Borrowed: points into path */
  const char *segment;

  guint     depth;
  guint     index;      /* position in the unfiltered list */
  guint     mapped : 1;
  guint     visible : 1;
};

G_DEFINE_FINAL_TYPE (KhFieldItem, kh_field_item, G_TYPE_OBJECT)

static void
update_folded (KhFieldItem *self)
{
  g_autofree char *text = NULL;

  g_free (self->folded);
  if (self->field != NULL && kh_field_get_label (self->field) != NULL)
    text = g_strconcat (self->path, "\n", kh_field_get_label (self->field), NULL);
  else
    text = g_strdup (self->path);
  self->folded = g_utf8_casefold (text, -1);
}

static void
kh_field_item_finalize (GObject *object)
{
  KhFieldItem *self = (KhFieldItem *) object;

  g_free (self->path);
  g_free (self->folded);
  g_clear_object (&self->field);

  G_OBJECT_CLASS (kh_field_item_parent_class)->finalize (object);
}

static void
kh_field_item_class_init (KhFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_field_item_finalize;
}

static void
kh_field_item_init (KhFieldItem *self)
{
  self->visible = TRUE;
}

/**
 * kh_field_item_new:
 * @path: the full dotted name
 * @field: (nullable): the field, or %NULL for a group
 * @depth: how many dots lead to it
 * @index: its position in the unfiltered list
 */
KhFieldItem *
kh_field_item_new (const char *path,
                   KhField    *field,
                   guint       depth,
                   guint       index)
{
  KhFieldItem *self;
  const char *dot;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (KH_TYPE_FIELD_ITEM, NULL);
  self->path = g_strdup (path);
  self->field = field != NULL ? g_object_ref (field) : NULL;
  self->depth = depth;
  self->index = index;
  dot = depth > 0 ? strrchr (self->path, '.') : NULL;
  self->segment = dot != NULL ? dot + 1 : self->path;
  update_folded (self);

  return self;
}

const char *
kh_field_item_get_path (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), NULL);

  return self->path;
}

/**
 * kh_field_item_get_segment:
 *
 * Returns: the last part of the dotted name, shown indented under its group
 */
const char *
kh_field_item_get_segment (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), NULL);

  return self->segment;
}

/**
 * kh_field_item_get_field:
 *
 * Returns: (transfer none) (nullable): the field
 */
KhField *
kh_field_item_get_field (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), NULL);

  return self->field;
}

/* Swaps in an equal field from a fresh copy of the entity (after undo)
 * without telling the list: the row shows the same thing. */
void
kh_field_item_set_field (KhFieldItem *self,
                         KhField     *field)
{
  g_return_if_fail (KH_IS_FIELD_ITEM (self));

  if (g_set_object (&self->field, field))
    update_folded (self);
}

gboolean
kh_field_item_is_group (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), FALSE);

  return self->field == NULL;
}

guint
kh_field_item_get_depth (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), 0);

  return self->depth;
}

guint
kh_field_item_get_index (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), 0);

  return self->index;
}

gboolean
kh_field_item_get_mapped (KhFieldItem *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), FALSE);

  return self->mapped;
}

/* Returns TRUE when it changed. */
gboolean
kh_field_item_set_mapped (KhFieldItem *self,
                          gboolean     mapped)
{
  g_return_val_if_fail (KH_IS_FIELD_ITEM (self), FALSE);

  mapped = !!mapped;
  if (self->mapped == (guint) mapped)
    return FALSE;
  self->mapped = mapped;
  return TRUE;
}

/**
 * kh_field_item_matches_text:
 * @folded_needle: a case-folded search text
 *
 * Returns: whether the name or the label contains the text
 */
gboolean
kh_field_item_matches_text (KhFieldItem *self,
                            const char  *folded_needle)
{
  return folded_needle == NULL || folded_needle[0] == '\0' ||
         strstr (self->folded, folded_needle) != NULL;
}

gboolean
kh_field_item_get_visible (KhFieldItem *self)
{
  return self->visible;
}

void
kh_field_item_set_visible (KhFieldItem *self,
                           gboolean     visible)
{
  self->visible = !!visible;
}
