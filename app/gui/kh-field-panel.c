/* kh-field-panel.c: one schema panel
 *
 * The list is a GtkListView over a GtkFilterListModel over a GListStore of
 * KhFieldItem rows. Dotted names (Address.City) become a group row and
 * indented children; filtering keeps the groups of every shown field. The
 * filter is computed in one pass over the items and then handed to a
 * GtkCustomFilter, so a 2,000-field entity filters as you type.
 *
 * The factory's bind/unbind keep a map from field path to the bound row
 * widget, which the canvas reads to attach its curves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-field-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-field-panel.h"
#include "kh-field-row.h"

struct _KhFieldPanel
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkDragSource      *drag_source;
  AdwStatusPage      *empty_page;
  GtkButton          *empty_import_button;
  GtkDropDown        *entity_dropdown;
  GtkDropTarget      *field_drop_target;
  GtkDropTarget      *file_drop_target;
  GtkDropDown        *filter_dropdown;
  GtkBox             *header_box;
  GtkButton          *import_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkScrolledWindow  *scrolled_window;
  GtkBox             *search_box;
  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkLabel           *title_label;

  /* Owned */
  KhDocument         *document;
  KhEntity           *entity;
  GListStore         *items;
  GHashTable         *by_path;       /* path → KhFieldItem (borrowed) */
  GHashTable         *rows;          /* path → KhFieldRow (borrowed; bind/unbind) */
  GHashTable         *links;         /* path → accessible description of its links */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSelectionModel  *selection;
  GtkStringList      *entity_names;
  char               *folded_search;

  /* Borrowed */
  KhFieldRow         *drop_row;

  KhSide              side;
  KhFieldFilter       filter_mode;
  guint               filter_serial;
  guint               rows_changed_id;
  guint               bound_min;
  guint               bound_max;
  guint               bound_dirty : 1;
  guint               updating_entities : 1;
};

G_DEFINE_FINAL_TYPE (KhFieldPanel, kh_field_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDE,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  ACTIVATED,
  LINK_REQUESTED,
  ENTITY_SELECTED,
  FILES_DROPPED,
  ROWS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void refresh_mapped (KhFieldPanel *self);


/* ---- Building the items ------------------------------------------------ */

typedef struct _Node Node;
struct _Node
{
  char      *path;
  KhField   *field;      /* borrowed */
  GPtrArray *children;   /* of Node*, owned */
};

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->path);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static Node *
node_child (Node       *parent,
            GHashTable *index,
            const char *path)
{
  Node *node = g_hash_table_lookup (index, path);

  if (node == NULL)
    {
      node = g_new0 (Node, 1);
      node->path = g_strdup (path);
      if (parent->children == NULL)
        parent->children = g_ptr_array_new_with_free_func (node_free);
      g_ptr_array_add (parent->children, node);
      g_hash_table_insert (index, node->path, node);
    }

  return node;
}

static void
flatten (Node      *node,
         guint      depth,
         GPtrArray *out)
{
  if (node->children == NULL)
    return;

  for (guint i = 0; i < node->children->len; i++)
    {
      Node *child = g_ptr_array_index (node->children, i);

      g_ptr_array_add (out, kh_field_item_new (child->path, child->field, depth, out->len));
      flatten (child, depth + 1, out);
    }
}

/* Returns a new array of KhFieldItem in display order: fields in entity
 * order, each dotted field under its group, groups where their first
 * member appears. */
static GPtrArray *
build_items (KhEntity *entity)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  Node root = { NULL, NULL, NULL };
  guint n;

  if (entity == NULL)
    return out;

  n = kh_entity_get_n_fields (entity);
  for (guint i = 0; i < n; i++)
    {
      KhField *field = kh_entity_get_field (entity, i);
      const char *name = kh_field_get_name (field);
      Node *parent = &root;
      const char *dot;
      Node *node;

      /* Create the groups for each dotted prefix. */
      for (dot = strchr (name, '.'); dot != NULL && dot[1] != '\0'; dot = strchr (dot + 1, '.'))
        {
          g_autofree char *prefix = g_strndup (name, dot - name);
          parent = node_child (parent, index, prefix);
        }

      node = node_child (parent, index, name);
      node->field = field;
    }

  flatten (&root, 0, out);
  g_clear_pointer (&root.children, g_ptr_array_unref);

  return out;
}

static gboolean
same_structure (KhFieldPanel *self,
                GPtrArray    *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (n != items->len)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFieldItem) old = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      KhFieldItem *new = g_ptr_array_index (items, i);

      if (g_strcmp0 (kh_field_item_get_path (old), kh_field_item_get_path (new)) != 0 ||
          kh_field_item_is_group (old) != kh_field_item_is_group (new))
        return FALSE;
    }

  return TRUE;
}

/* ---- Filtering --------------------------------------------------------- */

static gboolean
mode_passes (KhFieldPanel *self,
             KhFieldItem  *item)
{
  KhField *field = kh_field_item_get_field (item);
  gboolean mapped = kh_field_item_get_mapped (item);

  switch (self->filter_mode)
    {
    case KH_FIELD_FILTER_ALL:
      return TRUE;
    case KH_FIELD_FILTER_UNMAPPED:
      return !mapped;
    case KH_FIELD_FILTER_REQUIRED_UNMAPPED:
      return !mapped && field != NULL && kh_field_is_required (field);
    case KH_FIELD_FILTER_MAPPED:
      return mapped;
    default:
      return TRUE;
    }
}

static void
update_status (KhFieldPanel *self)
{
  guint total = kh_field_panel_get_n_fields (self);
  guint shown = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      if (!kh_field_item_is_group (item))
        shown++;
    }

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field", "%u fields", total), total);
  else
    /* Translators: "12 of 2000 fields" shown under a filtered field list */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u field", "%u of %u fields", total),
                            shown, total);
  gtk_label_set_text (self->status_label, text);

  if (self->entity == NULL || total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "nomatch");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
refilter (KhFieldPanel *self)
{
  GListModel *model = G_LIST_MODEL (self->items);
  guint n = g_list_model_get_n_items (model);
  g_autofree gboolean *text_at = NULL;
  g_autofree gboolean *child_visible = NULL;
  guint max_depth = 0;

  for (guint i = 0; i < n; i++)
    {
      KhFieldItem *item = g_list_model_get_item (model, i);
      max_depth = MAX (max_depth, kh_field_item_get_depth (item));
      g_object_unref (item);
    }

  /* Forward: a field matches the text when it or one of its groups does. */
  text_at = g_new0 (gboolean, max_depth + 2);
  for (guint i = 0; i < n; i++)
    {
      KhFieldItem *item = g_list_model_get_item (model, i);
      guint depth = kh_field_item_get_depth (item);
      gboolean text = kh_field_item_matches_text (item, self->folded_search) ||
                      (depth > 0 && text_at[depth - 1]);

      text_at[depth] = text;
      kh_field_item_set_visible (item, !kh_field_item_is_group (item) && text && mode_passes (self, item));
      g_object_unref (item);
    }

  /* Backward: a group is shown when one of its members is. */
  child_visible = g_new0 (gboolean, max_depth + 2);
  for (guint i = n; i-- > 0;)
    {
      KhFieldItem *item = g_list_model_get_item (model, i);
      guint depth = kh_field_item_get_depth (item);
      gboolean visible = kh_field_item_get_visible (item) || child_visible[depth + 1];

      child_visible[depth + 1] = FALSE;
      kh_field_item_set_visible (item, visible);
      if (visible)
        child_visible[depth] = TRUE;
      g_object_unref (item);
    }

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_status (self);
  self->filter_serial++;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  return kh_field_item_get_visible (item);
}

/* ---- Rows -------------------------------------------------------------- */

static gboolean
emit_rows_changed_cb (gpointer data)
{
  KhFieldPanel *self = data;

  self->rows_changed_id = 0;
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* A filter change binds about 200 rows: tell the canvas once, before the
 * next frame is drawn. */
static void
queue_rows_changed (KhFieldPanel *self)
{
  self->bound_dirty = TRUE;
  if (self->rows_changed_id == 0)
    self->rows_changed_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_rows_changed_cb, self, NULL);
}

static char *
dup_hint (KhFieldPanel *self,
          KhField      *field)
{
  if (field == NULL)
    return NULL;

  if (self->side == KH_SIDE_SOURCE)
    {
      const char *peek = self->document != NULL ? kh_document_peek_sample (self->document, kh_field_get_name (field)) : NULL;

      return g_strdup (peek);
    }
  else
    {
      guint n_codes = kh_field_get_n_codes (field);
      int max_length = kh_field_get_max_length (field);

      if (n_codes > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value", "%u values", n_codes), n_codes);
      if (kh_field_get_field_type (field) == KH_FIELD_TYPE_DECIMAL &&
          kh_field_get_precision (field) > 0)
        return g_strdup_printf ("%d,%d", kh_field_get_precision (field), MAX (0, kh_field_get_scale (field)));
      if (max_length > 0)
        /* Translators: the maximum length of a target field, e.g. "≤ 40" */
        return g_strdup_printf (_("≤ %d"), max_length);
      return NULL;
    }
}

static void
bind_row (KhFieldPanel *self,
          KhFieldRow   *row,
          KhFieldItem  *item)
{
  g_autofree char *hint = dup_hint (self, kh_field_item_get_field (item));

  kh_field_row_bind (row, item, hint, g_hash_table_lookup (self->links, kh_field_item_get_path (item)));
}

static void
on_factory_setup_cb (KhFieldPanel             *self,
                     GtkListItem              *list_item,
                     GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_child (list_item, kh_field_row_new (self->side));
}

static void
on_factory_bind_cb (KhFieldPanel             *self,
                    GtkListItem              *list_item,
                    GtkSignalListItemFactory *factory)
{
  KhFieldItem *item = gtk_list_item_get_item (list_item);
  KhFieldRow *row = KH_FIELD_ROW (gtk_list_item_get_child (list_item));
  bind_row (self, row, item);
  gtk_list_item_set_selectable (list_item, !kh_field_item_is_group (item));
  gtk_list_item_set_activatable (list_item, !kh_field_item_is_group (item));
  /* replace, not insert: the key must be the new item's own string */
  g_hash_table_replace (self->rows, (gpointer) kh_field_item_get_path (item), row);
  queue_rows_changed (self);
}

static void
on_factory_unbind_cb (KhFieldPanel             *self,
                      GtkListItem              *list_item,
                      GtkSignalListItemFactory *factory)
{
  KhFieldRow *row = KH_FIELD_ROW (gtk_list_item_get_child (list_item));
  KhFieldItem *item = kh_field_row_get_item (row);

  if (item != NULL &&
      g_hash_table_lookup (self->rows, kh_field_item_get_path (item)) == row)
    g_hash_table_remove (self->rows, kh_field_item_get_path (item));
  if (self->drop_row == row)
    self->drop_row = NULL;
  kh_field_row_unbind (row);
  queue_rows_changed (self);
}

static void
rebind_rows (KhFieldPanel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhFieldRow *row = value;
      KhFieldItem *item = kh_field_row_get_item (row);

      if (item != NULL)
        bind_row (self, row, item);
    }
}

/* ---- The entity -------------------------------------------------------- */

static void
set_entity (KhFieldPanel *self,
            KhEntity     *entity)
{
  g_autoptr(GPtrArray) items = NULL;

  g_set_object (&self->entity, entity);
  items = build_items (entity);

  if (same_structure (self, items))
    {
      /* After an undo the mapping holds an equal copy of the entity: swap
       * the fields in place so the list keeps its scroll and selection. */
      for (guint i = 0; i < items->len; i++)
        {
          g_autoptr(KhFieldItem) old = g_list_model_get_item (G_LIST_MODEL (self->items), i);
          kh_field_item_set_field (old, kh_field_item_get_field (g_ptr_array_index (items, i)));
        }
      refresh_mapped (self);
      rebind_rows (self);
      return;
    }

  g_hash_table_remove_all (self->by_path);
  for (guint i = 0; i < items->len; i++)
    {
      KhFieldItem *item = g_ptr_array_index (items, i);
      g_hash_table_insert (self->by_path, (gpointer) kh_field_item_get_path (item), item);
    }

  /* Compute mapped and visible flags before the list sees the items. */
  refresh_mapped (self);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  refilter (self);
}

static void
update_entity_dropdown (KhFieldPanel *self)
{
  KhSchema *schema = self->document != NULL ? kh_document_get_schema (self->document, self->side) : NULL;
  const char *current = self->entity != NULL ? kh_entity_get_name (self->entity) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  if (schema != NULL)
    {
      guint n = kh_schema_get_n_entities (schema);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (names, (gpointer) kh_entity_get_name (kh_schema_get_entity (schema, i)));
    }
  if (current != NULL && !g_ptr_array_find_with_equal_func (names, current, g_str_equal, NULL))
    g_ptr_array_add (names, (gpointer) current);

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (current, g_ptr_array_index (names, i)) == 0)
      selected = i;
  g_ptr_array_add (names, NULL);

  self->updating_entities = TRUE;
  gtk_string_list_splice (self->entity_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->entity_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->entity_dropdown, selected);
  /* One entity leaves nothing to choose: the drop-down is insensitive,
   * and its tooltip says why rather than leaving it to look broken. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->entity_dropdown), names->len > 2);
  if (names->len == 2)
    {
      g_autofree char *tooltip = g_strdup_printf (_("The schema has one entity, “%s”"),
                                                  (const char *) g_ptr_array_index (names, 0));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entity_dropdown), tooltip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->entity_dropdown), _("Entity"));
  self->updating_entities = FALSE;
}

static KhEntity *
mapping_entity (KhFieldPanel *self)
{
  KhMapping *mapping = kh_document_get_mapping (self->document);

  return self->side == KH_SIDE_SOURCE ? kh_mapping_get_source_entity (mapping)
                                      : kh_mapping_get_target_entity (mapping);
}

static void
on_entity_notify_cb (KhFieldPanel *self)
{
  KhEntity *entity = mapping_entity (self);

  if (entity != self->entity)
    {
      set_entity (self, entity);
      update_entity_dropdown (self);
    }
}

static void
on_mapping_changed_cb (KhFieldPanel *self)
{
  refresh_mapped (self);
}

static void
on_schemas_changed_cb (KhFieldPanel *self)
{
  update_entity_dropdown (self);
  rebind_rows (self);
}

static void
on_entity_dropdown_selected_cb (KhFieldPanel *self)
{
  guint pos = gtk_drop_down_get_selected (self->entity_dropdown);
  const char *name;

  if (self->updating_entities || pos == GTK_INVALID_LIST_POSITION)
    return;

  name = gtk_string_list_get_string (self->entity_names, pos);
  if (name != NULL && (self->entity == NULL || g_strcmp0 (name, kh_entity_get_name (self->entity)) != 0))
    g_signal_emit (self, signals[ENTITY_SELECTED], 0, name);
}

/* ---- Mapped state ------------------------------------------------------ */

static void
add_link (GHashTable *links,
          const char *path,
          const char *other)
{
  GString *str = g_hash_table_lookup (links, path);

  if (str == NULL)
    {
      str = g_string_new (NULL);
      g_hash_table_insert (links, g_strdup (path), str);
    }
  else
    g_string_append (str, ", ");
  g_string_append (str, other);
}

static void
refresh_mapped (KhFieldPanel *self)
{
  g_autoptr(GHashTable) links = NULL;
  GHashTableIter iter;
  gpointer key, value;
  KhMapping *mapping;
  gboolean changed = FALSE;
  guint n_rules;
  guint n_items;

  if (self->document == NULL)
    return;

  links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mapping = kh_document_get_mapping (self->document);
  n_rules = kh_mapping_get_n_rules (mapping);
  for (guint i = 0; i < n_rules; i++)
    {
      KhRule *rule = kh_mapping_get_rule (mapping, i);
      const char *target = kh_rule_get_target (rule);
      const char * const *sources = kh_rule_get_sources (rule);

      if (self->side == KH_SIDE_TARGET)
        {
          if (sources[0] == NULL)
            add_link (links, target, _("constant"));
          for (guint j = 0; sources[j] != NULL; j++)
            add_link (links, target, sources[j]);
        }
      else
        for (guint j = 0; sources[j] != NULL; j++)
          add_link (links, sources[j], target);
    }

  /* Turn the GStrings into accessible descriptions. */
  g_hash_table_remove_all (self->links);
  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GString *str = value;
      char *text = self->side == KH_SIDE_TARGET
        ? g_strdup_printf (_("linked from %s"), str->str)
        : g_strdup_printf (_("linked to %s"), str->str);

      g_hash_table_insert (self->links, g_strdup (key), text);
      g_string_free (str, TRUE);
      g_hash_table_iter_replace (&iter, NULL);
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      gboolean mapped = g_hash_table_contains (self->links, kh_field_item_get_path (item));

      changed |= kh_field_item_set_mapped (item, mapped);
    }
  /* New items (not yet in the store) are set up by set_entity's splice. */
  g_hash_table_iter_init (&iter, self->by_path);
  while (g_hash_table_iter_next (&iter, &key, &value))
    kh_field_item_set_mapped (value, g_hash_table_contains (self->links, key));

  rebind_rows (self);
  if (changed && self->filter_mode != KH_FIELD_FILTER_ALL)
    refilter (self);
}

/* ---- Search and filter widgets ----------------------------------------- */

static void
apply_search (KhFieldPanel *self,
              const char   *text)
{
  g_autofree char *folded = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;

  if (g_strcmp0 (folded, self->folded_search) == 0)
    return;

  g_free (self->folded_search);
  self->folded_search = g_steal_pointer (&folded);
  refilter (self);
}

static void
on_search_changed_cb (KhFieldPanel   *self,
                      GtkSearchEntry *entry)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search_cb (KhFieldPanel   *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_filter_dropdown_selected_cb (KhFieldPanel *self)
{
  guint pos = gtk_drop_down_get_selected (self->filter_dropdown);

  if (pos != GTK_INVALID_LIST_POSITION && pos != (guint) self->filter_mode)
    {
      self->filter_mode = pos;
      refilter (self);
    }
}

static void
on_selection_changed_cb (KhFieldPanel *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_list_activate_cb (KhFieldPanel *self,
                     guint         position,
                     GtkListView  *list)
{
  g_autoptr(KhFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL && !kh_field_item_is_group (item))
    g_signal_emit (self, signals[ACTIVATED], 0, kh_field_item_get_path (item));
}

static void
on_vadjustment_changed_cb (KhFieldPanel *self)
{
  self->bound_dirty = TRUE;
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

/* ---- Drag and drop ----------------------------------------------------- */

static KhFieldRow *
row_at (KhFieldPanel *self,
        double        x,
        double        y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row;

  if (picked == NULL)
    return NULL;
  row = KH_IS_FIELD_ROW (picked) ? picked : gtk_widget_get_ancestor (picked, KH_TYPE_FIELD_ROW);
  if (row == NULL)
    {
      /* The pick landed on the list item widget around the row. */
      GtkWidget *child = gtk_widget_get_first_child (picked);
      row = child != NULL && KH_IS_FIELD_ROW (child) ? child : NULL;
    }

  return row != NULL ? KH_FIELD_ROW (row) : NULL;
}

/**
 * kh_field_panel_path_at:
 * @x: in the list view's coordinates
 *
 * Returns: (nullable): the path of the field row at (@x, @y)
 */
const char *
kh_field_panel_path_at (KhFieldPanel *self,
                        double        x,
                        double        y)
{
  KhFieldRow *row;
  KhFieldItem *item;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  row = row_at (self, x, y);
  item = row != NULL ? kh_field_row_get_item (row) : NULL;
  if (item == NULL || kh_field_item_is_group (item))
    return NULL;

  return kh_field_item_get_path (item);
}

static guint
filtered_position (KhFieldPanel *self,
                   const char   *path)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      if (g_strcmp0 (kh_field_item_get_path (item), path) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/**
 * kh_field_panel_drag_paths_at:
 *
 * What a drag that starts at (@x, @y) carries: the selected fields when
 * the row under the pointer is one of them, else that row's field alone.
 * Paths are separated by newlines.
 *
 * Returns: (transfer full) (nullable): the paths
 */
char *
kh_field_panel_drag_paths_at (KhFieldPanel *self,
                              double        x,
                              double        y)
{
  const char *path;
  guint pos;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  path = kh_field_panel_path_at (self, x, y);
  if (path == NULL)
    return NULL;

  pos = filtered_position (self, path);
  if (pos != GTK_INVALID_LIST_POSITION && gtk_selection_model_is_selected (self->selection, pos))
    {
      g_auto(GStrv) selected = kh_field_panel_get_selected_paths (self);
      return g_strjoinv ("\n", selected);
    }

  return g_strdup (path);
}

static GdkContentProvider *
on_drag_prepare_cb (KhFieldPanel  *self,
                    double         x,
                    double         y,
                    GtkDragSource *source)
{
  g_autofree char *paths = kh_field_panel_drag_paths_at (self, x, y);

  if (paths == NULL)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_STRING, paths);
}

static void
on_drag_begin_cb (KhFieldPanel  *self,
                  GdkDrag       *drag,
                  GtkDragSource *source)
{
  g_autoptr(GdkContentProvider) content = gdk_drag_get_content (drag) ? g_object_ref (gdk_drag_get_content (drag)) : NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GStrv) paths = NULL;
  g_autofree char *text = NULL;
  GtkWidget *icon;
  GtkWidget *label;

  g_value_init (&value, G_TYPE_STRING);
  if (content == NULL || !gdk_content_provider_get_value (content, &value, NULL))
    return;

  paths = g_strsplit (g_value_get_string (&value), "\n", -1);
  if (g_strv_length (paths) > 1)
    /* Translators: the drag icon when several source fields are dragged */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more",
                                         g_strv_length (paths) - 1),
                            paths[0], g_strv_length (paths) - 1);
  else
    text = g_strdup (paths[0]);

  icon = gtk_drag_icon_get_for_drag (drag);
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "drag-field");
  gtk_drag_icon_set_child (GTK_DRAG_ICON (icon), label);
}

static void
set_drop_row (KhFieldPanel *self,
              KhFieldRow   *row)
{
  if (self->drop_row == row)
    return;
  if (self->drop_row != NULL)
    kh_field_row_set_drop_highlight (self->drop_row, FALSE);
  self->drop_row = row;
  if (row != NULL)
    kh_field_row_set_drop_highlight (row, TRUE);
}

static GdkDragAction
on_field_drop_motion_cb (KhFieldPanel  *self,
                         double         x,
                         double         y,
                         GtkDropTarget *target)
{
  KhFieldRow *row = row_at (self, x, y);
  KhFieldItem *item = row != NULL ? kh_field_row_get_item (row) : NULL;

  if (item == NULL || kh_field_item_is_group (item))
    {
      set_drop_row (self, NULL);
      return 0;
    }

  set_drop_row (self, row);
  return GDK_ACTION_COPY;
}

static void
on_field_drop_leave_cb (KhFieldPanel  *self,
                        GtkDropTarget *target)
{
  set_drop_row (self, NULL);
}

static gboolean
on_field_drop_cb (KhFieldPanel  *self,
                  const GValue  *value,
                  double         x,
                  double         y,
                  GtkDropTarget *target)
{
  const char *target_path;
  g_auto(GStrv) sources = NULL;

  set_drop_row (self, NULL);

  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;

  target_path = kh_field_panel_path_at (self, x, y);
  if (target_path == NULL)
    return FALSE;

  sources = g_strsplit (g_value_get_string (value), "\n", -1);
  if (sources[0] == NULL || sources[0][0] == '\0')
    return FALSE;

  g_signal_emit (self, signals[LINK_REQUESTED], 0, sources, target_path);
  return TRUE;
}

static gboolean
on_file_drop_cb (KhFieldPanel  *self,
                 const GValue  *value,
                 double         x,
                 double         y,
                 GtkDropTarget *target)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  g_signal_emit (self, signals[FILES_DROPPED], 0, g_value_get_boxed (value));
  return TRUE;
}

/* ---- GObject ----------------------------------------------------------- */

static void
kh_field_panel_constructed (GObject *object)
{
  KhFieldPanel *self = (KhFieldPanel *) object;

  G_OBJECT_CLASS (kh_field_panel_parent_class)->constructed (object);

  if (self->side == KH_SIDE_SOURCE)
    {
      self->selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filtered))));
      gtk_label_set_text (self->title_label, _("Source"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), _("Import a Source Schema or Samples"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Source fields"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Select one or more source fields, then a target field, and press Enter to link them"),
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search source fields"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entity_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Source entity"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show source fields"), -1);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      g_object_set (self->search_entry, "placeholder-text", _("Search source fields"), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->import_button), "win.import-source");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_import_button), "win.import-source");
      adw_status_page_set_title (self->empty_page, _("No Source Schema"));
      adw_status_page_set_description (self->empty_page,
                                       _("Import the ERP's metadata (OData, CSV, SQLite, JSON Schema…) or drop the file here."));
      gtk_widget_remove_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (self->field_drop_target));
      self->field_drop_target = NULL;
      gtk_widget_add_css_class (GTK_WIDGET (self), "source");
    }
  else
    {
      self->selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered))));
      gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (self->selection), FALSE);
      gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (self->selection), TRUE);
      gtk_label_set_text (self->title_label, _("Target"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), _("Import a Target Schema"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Target fields"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Press Enter on a target field to link the selected source fields to it"),
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search target fields"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entity_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Target entity"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show target fields"), -1);
      g_object_set (self->search_entry, "placeholder-text", _("Search target fields"), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->import_button), "win.import-target");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_import_button), "win.import-target");
      adw_status_page_set_title (self->empty_page, _("No Target Schema"));
      adw_status_page_set_description (self->empty_page,
                                       _("Import the CRM's metadata (Salesforce describe, OData, CDM, EspoCRM…) or drop the file here."));
      gtk_widget_remove_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (self->drag_source));
      self->drag_source = NULL;
      gtk_widget_add_css_class (GTK_WIDGET (self), "target");
    }

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, self->selection);
}

static void
kh_field_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhFieldPanel *self = KH_FIELD_PANEL (object);

  switch (prop_id)
    {
    case PROP_SIDE:
      self->side = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_field_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhFieldPanel *self = KH_FIELD_PANEL (object);

  switch (prop_id)
    {
    case PROP_SIDE:
      g_value_set_enum (value, self->side);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_field_panel_dispose (GObject *object)
{
  KhFieldPanel *self = (KhFieldPanel *) object;

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_FIELD_PANEL);
  /* Unbinding the rows above may have queued this. */
  g_clear_handle_id (&self->rows_changed_id, g_source_remove);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
    }
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->entity);
  g_clear_object (&self->entity_names);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_pointer (&self->folded_search, g_free);

  G_OBJECT_CLASS (kh_field_panel_parent_class)->dispose (object);
}

static void
kh_field_panel_class_init (KhFieldPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_field_panel_constructed;
  object_class->dispose = kh_field_panel_dispose;
  object_class->get_property = kh_field_panel_get_property;
  object_class->set_property = kh_field_panel_set_property;

  properties[PROP_SIDE] =
    g_param_spec_enum ("side", NULL, NULL, KH_TYPE_SIDE, KH_SIDE_SOURCE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LINK_REQUESTED] =
    g_signal_new ("link-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_STRING);
  signals[ENTITY_SELECTED] =
    g_signal_new ("entity-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FILES_DROPPED] =
    g_signal_new ("files-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GDK_TYPE_FILE_LIST);
  signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-field-panel.ui");
  gtk_widget_class_set_css_name (widget_class, "fieldpanel");
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, drag_source);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, entity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, field_drop_target);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, file_drop_target);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, header_box);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, import_button);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, search_box);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhFieldPanel, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_prepare_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_drop_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_drop_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_file_drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
}

static void
kh_field_panel_init (KhFieldPanel *self)
{
  GType file_types[] = { GDK_TYPE_FILE_LIST };
  GType string_types[] = { G_TYPE_STRING };

  self->items = g_list_store_new (KH_TYPE_FIELD_ITEM);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filter = gtk_custom_filter_new (filter_func, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->entity_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->entity_dropdown, G_LIST_MODEL (self->entity_names));
  gtk_drop_target_set_gtypes (self->file_drop_target, file_types, G_N_ELEMENTS (file_types));
  gtk_drop_target_set_gtypes (self->field_drop_target, string_types, G_N_ELEMENTS (string_types));
  gtk_search_entry_set_search_delay (self->search_entry, 0);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (on_vadjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_status (self);
}

/* ---- Public API -------------------------------------------------------- */

KhSide
kh_field_panel_get_side (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), KH_SIDE_SOURCE);

  return self->side;
}

void
kh_field_panel_set_document (KhFieldPanel *self,
                             KhDocument   *document)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));
  g_return_if_fail (!document || KH_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
    }
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      KhMapping *mapping = kh_document_get_mapping (document);

      g_signal_connect_object (mapping,
                               self->side == KH_SIDE_SOURCE ? "notify::source-entity" : "notify::target-entity",
                               G_CALLBACK (on_entity_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mapping, "changed", G_CALLBACK (on_mapping_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "schemas-changed", G_CALLBACK (on_schemas_changed_cb),
                               self, G_CONNECT_SWAPPED);
      set_entity (self, mapping_entity (self));
    }
  else
    set_entity (self, NULL);

  update_entity_dropdown (self);
}

/**
 * kh_field_panel_get_entity:
 *
 * Returns: (transfer none) (nullable): the entity shown
 */
KhEntity *
kh_field_panel_get_entity (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return self->entity;
}

/* Types into the search entry and filters at once (the entry's own
 * search-changed, which comes from an idle, then finds nothing to do). */
void
kh_field_panel_set_search_text (KhFieldPanel *self,
                                const char   *text)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  apply_search (self, text != NULL ? text : "");
}

const char *
kh_field_panel_get_search_text (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
kh_field_panel_set_filter (KhFieldPanel  *self,
                           KhFieldFilter  filter)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));

  gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

KhFieldFilter
kh_field_panel_get_filter (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), KH_FIELD_FILTER_ALL);

  return self->filter_mode;
}

/**
 * kh_field_panel_get_model:
 *
 * Returns: (transfer none): the rows shown, after search and filter
 */
GListModel *
kh_field_panel_get_model (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

guint
kh_field_panel_get_n_fields (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), 0);

  return self->entity != NULL ? kh_entity_get_n_fields (self->entity) : 0;
}

/**
 * kh_field_panel_get_selected_paths:
 *
 * Returns: (transfer full): the selected fields, in list order
 */
char **
kh_field_panel_get_selected_paths (KhFieldPanel *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint pos;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  set = gtk_selection_model_get_selection (self->selection);
  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      {
        g_autoptr(KhFieldItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), pos);

        if (item != NULL && !kh_field_item_is_group (item))
          g_strv_builder_add (builder, kh_field_item_get_path (item));
      }
    while (gtk_bitset_iter_next (&iter, &pos));

  return g_strv_builder_end (builder);
}

static guint
reveal (KhFieldPanel *self,
        const char   *path)
{
  guint pos = filtered_position (self, path);

  if (pos == GTK_INVALID_LIST_POSITION && g_hash_table_contains (self->by_path, path))
    {
      /* Hidden by the search or the filter: show everything again. */
      kh_field_panel_set_search_text (self, "");
      gtk_drop_down_set_selected (self->filter_dropdown, KH_FIELD_FILTER_ALL);
      pos = filtered_position (self, path);
    }

  return pos;
}

/**
 * kh_field_panel_select_path:
 * @grab_focus: move the keyboard focus to the row too
 *
 * Selects the field (alone), scrolls it into view and optionally focuses it.
 * A field hidden by the search or filter is revealed first. This is the
 * "jump to" hook of the problems list.
 *
 * Returns: whether the entity has the field
 */
gboolean
kh_field_panel_select_path (KhFieldPanel *self,
                            const char   *path,
                            gboolean      grab_focus)
{
  guint pos;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pos = reveal (self, path);
  if (pos == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_selection_model_select_item (self->selection, pos, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
  if (grab_focus)
    {
      GtkWidget *row = g_hash_table_lookup (self->rows, path);
      GtkWidget *list_item = row != NULL ? gtk_widget_get_parent (row) : NULL;

      if (list_item != NULL)
        gtk_widget_grab_focus (list_item);
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }

  return TRUE;
}

/**
 * kh_field_panel_add_to_selection:
 *
 * Adds a field to the selection (source panel: for multi-source rules).
 */
gboolean
kh_field_panel_add_to_selection (KhFieldPanel *self,
                                 const char   *path)
{
  guint pos;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), FALSE);

  pos = reveal (self, path);
  if (pos == GTK_INVALID_LIST_POSITION)
    return FALSE;

  return gtk_selection_model_select_item (self->selection, pos, FALSE);
}

void
kh_field_panel_unselect_all (KhFieldPanel *self)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));

  gtk_selection_model_unselect_all (self->selection);
}

void
kh_field_panel_focus_list (KhFieldPanel *self)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
kh_field_panel_focus_search (KhFieldPanel *self)
{
  g_return_if_fail (KH_IS_FIELD_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * kh_field_panel_get_viewport:
 *
 * Returns: whether @rect was set to the visible list area in
 *   @relative_to's coordinates
 */
gboolean
kh_field_panel_get_viewport (KhFieldPanel    *self,
                             GtkWidget       *relative_to,
                             graphene_rect_t *rect)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), FALSE);

  /* The stack, not the scrolled window: links still reach the list's
   * edges while it shows "no matching fields". */
  return gtk_widget_compute_bounds (GTK_WIDGET (self->list_stack), relative_to, rect);
}

static void
update_bound_range (KhFieldPanel *self)
{
  GHashTableIter iter;
  gpointer value;

  if (!self->bound_dirty)
    return;

  self->bound_min = G_MAXUINT;
  self->bound_max = 0;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhFieldItem *item = kh_field_row_get_item (value);
      guint index;

      /* Bound rows outside the viewport are kept but not mapped. */
      if (item == NULL || !gtk_widget_get_mapped (value))
        continue;
      index = kh_field_item_get_index (item);
      self->bound_min = MIN (self->bound_min, index);
      self->bound_max = MAX (self->bound_max, index);
    }
  self->bound_dirty = FALSE;
}

/**
 * kh_field_panel_locate:
 * @y: (out): the vertical position of the link's end in @relative_to's
 *   coordinates: the row's middle, or the viewport's edge
 *
 * Finds where a link to @path ends. Rows scrolled out of view (or hidden
 * by the filter) give the top or bottom edge of the list.
 */
KhRowPlace
kh_field_panel_locate (KhFieldPanel *self,
                       const char   *path,
                       GtkWidget    *relative_to,
                       double       *y)
{
  graphene_rect_t viewport;
  graphene_rect_t bounds;
  KhFieldItem *item;
  GtkWidget *row;
  double top, bottom;

  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), KH_ROW_PLACE_MISSING);

  if (!kh_field_panel_get_viewport (self, relative_to, &viewport))
    return KH_ROW_PLACE_MISSING;
  top = viewport.origin.y + 6;
  bottom = viewport.origin.y + viewport.size.height - 6;

  item = g_hash_table_lookup (self->by_path, path);
  if (item == NULL)
    {
      *y = top;
      return KH_ROW_PLACE_MISSING;
    }

  row = g_hash_table_lookup (self->rows, path);
  if (row != NULL && gtk_widget_get_mapped (row) &&
      gtk_widget_compute_bounds (row, relative_to, &bounds) &&
      kh_field_item_get_visible (item))
    {
      double middle = bounds.origin.y + bounds.size.height / 2;

      if (middle < top)
        {
          *y = top;
          return KH_ROW_PLACE_ABOVE;
        }
      if (middle > bottom)
        {
          *y = bottom;
          return KH_ROW_PLACE_BELOW;
        }
      *y = middle;
      return KH_ROW_PLACE_VISIBLE;
    }

  update_bound_range (self);
  if (self->bound_min != G_MAXUINT && kh_field_item_get_index (item) < self->bound_min)
    {
      *y = top;
      return KH_ROW_PLACE_ABOVE;
    }
  if (self->bound_min == G_MAXUINT)
    {
      /* Nothing bound (everything filtered out): place by list order. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
      if (kh_field_item_get_index (item) < n / 2)
        {
          *y = top;
          return KH_ROW_PLACE_ABOVE;
        }
    }

  *y = bottom;
  return KH_ROW_PLACE_BELOW;
}

/**
 * kh_field_panel_get_row_widget:
 *
 * Returns: (transfer none) (nullable): the row widget bound to @path, if any
 */
GtkWidget *
kh_field_panel_get_row_widget (KhFieldPanel *self,
                               const char   *path)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return g_hash_table_lookup (self->rows, path);
}

/**
 * kh_field_panel_get_vadjustment:
 *
 * Returns: (transfer none): the list's vertical adjustment
 */
GtkAdjustment *
kh_field_panel_get_vadjustment (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return gtk_scrolled_window_get_vadjustment (self->scrolled_window);
}

/**
 * kh_field_panel_get_list_view:
 *
 * Returns: (transfer none): the list view (tests drive it)
 */
GtkWidget *
kh_field_panel_get_list_view (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return GTK_WIDGET (self->list_view);
}

/**
 * kh_field_panel_get_filter_serial:
 *
 * Returns: a number that grows each time the list was filtered again (the
 *   benchmark waits for it)
 */
guint
kh_field_panel_get_filter_serial (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), 0);

  return self->filter_serial;
}

/**
 * kh_field_panel_get_search_entry:
 *
 * Returns: (transfer none): the search entry (tests and the benchmark type
 *   into it)
 */
GtkWidget *
kh_field_panel_get_search_entry (KhFieldPanel *self)
{
  g_return_val_if_fail (KH_IS_FIELD_PANEL (self), NULL);

  return GTK_WIDGET (self->search_entry);
}
