/* kh-field-row.c: the widget of one row of a schema panel
 *
 * Shows the field name (indented under its dotted group), its label, a
 * type badge, a required marker, a hint (a sample value on the source
 * side, the length or code values on the target side) and a dot on the
 * side that faces the canvas when the field is linked.
 *
 * The row is a tiny leaf built in C rather than from a template, and it
 * changes only what differs from what it shows: GTK 4.8's list view keeps
 * about 200 rows bound and rebinds them all when a filter changes the
 * list, so setting up and binding a row must cost next to nothing for a
 * 2,000-field list to filter as you type (see tests/bench/bench-gui.c).
 * So the name, the required marker and the label share one two-line
 * inscription (markup, the marker in the theme's error colour), and the
 * link dot is made the first time a row needs it: a row is four widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-field-row.h"

#define INDENT 14

typedef enum
{
  STATE_GROUP             = 1 << 0,
  STATE_MAPPED            = 1 << 1,
  STATE_REQUIRED          = 1 << 2,
  STATE_REQUIRED_UNMAPPED = 1 << 3,
  STATE_HAS_LABEL         = 1 << 4,
} RowState;

struct _KhFieldRow
{
  GtkWidget       parent_instance;

  /* Child widgets (made in init, or on first use when marked "lazy") */
  GtkWidget      *dot;               /* lazy */
  GtkInscription *hint_inscription;
  GtkInscription *name_inscription;  /* name, and the label below it */
  GtkLabel       *type_badge;

  /* Owned */
  KhFieldItem    *item;
  char           *a11y;
  char           *markup;
  char           *hint;
  char           *links;
  char           *required_color;    /* the theme's error colour, for the marker */

  KhSide          side;
  int             type;              /* the KhFieldType shown, or -1 */
  guint           depth;
  RowState        state;
};

G_DEFINE_FINAL_TYPE (KhFieldRow, kh_field_row, GTK_TYPE_WIDGET)

static const char *required_color (KhFieldRow *self);

static void
kh_field_row_dispose (GObject *object)
{
  KhFieldRow *self = (KhFieldRow *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);
  g_clear_pointer (&self->a11y, g_free);
  g_clear_pointer (&self->markup, g_free);
  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->links, g_free);
  g_clear_pointer (&self->required_color, g_free);

  G_OBJECT_CLASS (kh_field_row_parent_class)->dispose (object);
}

/* One tooltip for the whole row, made when asked: setting tooltips on
 * each bound row costs more than the rest of the binding. */
static gboolean
kh_field_row_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip)
{
  KhFieldRow *self = KH_FIELD_ROW (widget);
  KhField *field = self->item != NULL ? kh_field_item_get_field (self->item) : NULL;
  g_autoptr(GString) text = NULL;
  const char *description;

  if (field == NULL)
    return FALSE;

  text = g_string_new (kh_field_get_name (field));
  if (kh_field_get_label (field) != NULL)
    g_string_append_printf (text, " — %s", kh_field_get_label (field));
  g_string_append_printf (text, "\n%s", kh_field_type_get_label (kh_field_get_field_type (field)));
  if (kh_field_is_required (field))
    g_string_append_printf (text, ", %s", _("required"));
  if (kh_field_get_max_length (field) > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, _("at most %d characters"), kh_field_get_max_length (field));
    }
  description = kh_field_get_description (field);
  if (description != NULL && description[0] != '\0')
    g_string_append_printf (text, "\n%s", description);
  if (self->hint != NULL)
    g_string_append_printf (text, "\n%s", self->hint);

  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* Dark mode and high contrast change the marker's colour. */
static void
kh_field_row_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  KhFieldRow *self = KH_FIELD_ROW (widget);
  g_autofree char *old = g_steal_pointer (&self->required_color);

  GTK_WIDGET_CLASS (kh_field_row_parent_class)->css_changed (widget, change);

  if (old != NULL && g_strcmp0 (old, required_color (self)) != 0 && self->markup != NULL)
    {
      g_autoptr(KhFieldItem) item = self->item != NULL ? g_object_ref (self->item) : NULL;
      g_autofree char *hint = g_strdup (self->hint);
      g_autofree char *links = g_strdup (self->links);

      g_clear_pointer (&self->markup, g_free);
      if (item != NULL)
        kh_field_row_bind (self, item, hint, links);
    }
}

static void
kh_field_row_class_init (KhFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_field_row_dispose;
  widget_class->query_tooltip = kh_field_row_query_tooltip;
  widget_class->css_changed = kh_field_row_css_changed;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fieldrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kh_field_row_init (KhFieldRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->type = -1;
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 6);

  self->name_inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_xalign (self->name_inscription, 0);
  gtk_inscription_set_text_overflow (self->name_inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (self->name_inscription, 8);
  gtk_inscription_set_nat_chars (self->name_inscription, 24);
  /* The hint expands, so the required marker stays beside the name. */
  gtk_widget_set_valign (GTK_WIDGET (self->name_inscription), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_inscription), "field-name");
  gtk_widget_set_parent (GTK_WIDGET (self->name_inscription), widget);

  self->hint_inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (self->hint_inscription, 6);
  gtk_inscription_set_nat_chars (self->hint_inscription, 12);
  gtk_inscription_set_xalign (self->hint_inscription, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->hint_inscription), TRUE);
  /* One line: centred, it gets its natural height and never wraps. */
  gtk_widget_set_valign (GTK_WIDGET (self->hint_inscription), GTK_ALIGN_CENTER);
  gtk_inscription_set_text_overflow (self->hint_inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_inscription), "field-hint");
  gtk_widget_set_parent (GTK_WIDGET (self->hint_inscription), widget);

  self->type_badge = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->type_badge), GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (self->type_badge, 5);
  gtk_widget_add_css_class (GTK_WIDGET (self->type_badge), "type-badge");
  gtk_widget_set_parent (GTK_WIDGET (self->type_badge), widget);
}

GtkWidget *
kh_field_row_new (KhSide side)
{
  KhFieldRow *self = g_object_new (KH_TYPE_FIELD_ROW, NULL);

  self->side = side;
  gtk_widget_add_css_class (GTK_WIDGET (self), side == KH_SIDE_SOURCE ? "source" : "target");

  return GTK_WIDGET (self);
}

static const char *
type_badge_text (KhFieldType type)
{
  switch (type)
    {
    /* Translators: short type badges in the field lists */
    case KH_FIELD_TYPE_STRING:   return C_("type badge", "text");
    case KH_FIELD_TYPE_INTEGER:  return C_("type badge", "int");
    case KH_FIELD_TYPE_DECIMAL:  return C_("type badge", "dec");
    case KH_FIELD_TYPE_BOOLEAN:  return C_("type badge", "bool");
    case KH_FIELD_TYPE_DATE:     return C_("type badge", "date");
    case KH_FIELD_TYPE_DATETIME: return C_("type badge", "date-time");
    case KH_FIELD_TYPE_TIME:     return C_("type badge", "time");
    default:                     return "?";
    }
}

static void
set_type (KhFieldRow *self,
          int         type)
{
  g_autofree char *old_class = NULL;
  g_autofree char *new_class = NULL;

  if (self->type == type)
    return;

  if (self->type >= 0)
    {
      old_class = g_strconcat ("type-", kh_field_type_to_string (self->type), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->type_badge), old_class);
    }
  self->type = type;
  gtk_widget_set_visible (GTK_WIDGET (self->type_badge), type >= 0);
  if (type < 0)
    return;

  new_class = g_strconcat ("type-", kh_field_type_to_string (type), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->type_badge), new_class);
  gtk_label_set_text (self->type_badge, type_badge_text (type));
}

static void
toggle_class (KhFieldRow *self,
              RowState    state,
              RowState    flag,
              const char *css_class)
{
  if ((state & flag) == (self->state & flag))
    return;
  if (state & flag)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), css_class);
}

static void
set_state (KhFieldRow *self,
           RowState    state)
{
  gboolean mapped = (state & STATE_MAPPED) != 0;

  toggle_class (self, state, STATE_GROUP, "group");
  toggle_class (self, state, STATE_MAPPED, "mapped");
  toggle_class (self, state, STATE_REQUIRED_UNMAPPED, "required-unmapped");

  if (mapped && self->dot == NULL)
    {
      self->dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_valign (self->dot, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->dot, "link-dot");
      /* The dot faces the canvas: after the badge on the source side,
       * before the name on the target side. */
      if (self->side == KH_SIDE_SOURCE)
        gtk_widget_insert_before (self->dot, GTK_WIDGET (self), NULL);
      else
        gtk_widget_insert_after (self->dot, GTK_WIDGET (self), NULL);
    }
  if (self->dot != NULL)
    gtk_widget_set_visible (self->dot, mapped);

  self->state = state;
}

static const char *
required_color (KhFieldRow *self)
{
  if (self->required_color == NULL)
    {
      GdkRGBA rgba = { 0.75, 0.11, 0.16, 1.0 };

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), "error_color", &rgba);
      G_GNUC_END_IGNORE_DEPRECATIONS
      self->required_color = g_strdup_printf ("#%02x%02x%02x",
                                              (int) (rgba.red * 255), (int) (rgba.green * 255),
                                              (int) (rgba.blue * 255));
    }
  return self->required_color;
}

static void
set_inscription (GtkInscription *inscription,
                 const char     *text)
{
  if (g_strcmp0 (gtk_inscription_get_text (inscription), text) != 0)
    gtk_inscription_set_text (inscription, text);
}

/**
 * kh_field_row_bind:
 * @hint: (nullable): the sample value (source) or the length/code hint (target)
 * @links: (nullable): the names at the other end of this field's links,
 *   for the accessible description
 */
void
kh_field_row_bind (KhFieldRow  *self,
                   KhFieldItem *item,
                   const char  *hint,
                   const char  *links)
{
  KhField *field;
  g_autoptr(GString) a11y = g_string_new (kh_field_item_get_path (item));
  const char *label = NULL;
  gboolean mapped;
  RowState state = 0;
  guint depth;

  g_return_if_fail (KH_IS_FIELD_ROW (self));
  g_return_if_fail (KH_IS_FIELD_ITEM (item));

  g_set_object (&self->item, item);
  field = kh_field_item_get_field (item);
  mapped = kh_field_item_get_mapped (item);

  depth = kh_field_item_get_depth (item);
  if (depth != self->depth)
    {
      gtk_widget_set_margin_start (GTK_WIDGET (self->name_inscription), INDENT * depth);
      self->depth = depth;
    }

  if (field == NULL)
    {
      state |= STATE_GROUP;
      set_type (self, -1);
      hint = NULL;
      g_string_append_printf (a11y, ", %s", _("group"));
    }
  else
    {
      KhFieldType type = kh_field_get_field_type (field);

      label = kh_field_get_label (field);
      if (label != NULL && label[0] == '\0')
        label = NULL;
      set_type (self, type);
      if (kh_field_is_required (field))
        state |= STATE_REQUIRED;

      if (label != NULL)
        g_string_append_printf (a11y, ", %s", label);
      g_string_append_printf (a11y, ", %s", kh_field_type_get_label (type));
      if (state & STATE_REQUIRED)
        g_string_append_printf (a11y, ", %s", _("required"));
      if (hint != NULL && hint[0] != '\0')
        g_string_append_printf (a11y, ", %s", hint);
    }

  {
    g_autofree char *markup = NULL;
    guint lines = label != NULL ? 2 : 1;

    g_autofree char *marker = NULL;

    if (state & STATE_REQUIRED)
      /* Translators: the marker of a required field */
      marker = g_markup_printf_escaped (" <span foreground=\"%s\" weight=\"bold\">%s</span>",
                                        required_color (self), C_("required marker", "*"));

    if (field == NULL)
      markup = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span>", kh_field_item_get_segment (item));
    else
      {
        g_autofree char *name = g_markup_printf_escaped ("<b>%s</b>", kh_field_item_get_segment (item));
        g_autofree char *second = label != NULL
          ? g_markup_printf_escaped ("\n<small><span font_family=\"sans\" alpha=\"60%%\">%s</span></small>", label)
          : NULL;

        markup = g_strconcat (name, marker != NULL ? marker : "", second, NULL);
      }

    if (g_strcmp0 (markup, self->markup) != 0)
      {
        gtk_inscription_set_min_lines (self->name_inscription, lines);
        gtk_inscription_set_nat_lines (self->name_inscription, lines);
        gtk_inscription_set_markup (self->name_inscription, markup);
        g_free (self->markup);
        self->markup = g_steal_pointer (&markup);
      }
  }
  set_inscription (self->hint_inscription, hint);
  if (g_strcmp0 (self->hint, hint) != 0)
    {
      g_free (self->hint);
      self->hint = g_strdup (hint);
    }
  if (g_strcmp0 (self->links, links) != 0)
    {
      g_free (self->links);
      self->links = g_strdup (links);
    }

  if (mapped)
    {
      state |= STATE_MAPPED;
      if (links != NULL)
        g_string_append_printf (a11y, ", %s", links);
    }
  else if (field != NULL)
    g_string_append_printf (a11y, ", %s", _("not linked"));
  if ((state & STATE_REQUIRED) && !mapped && self->side == KH_SIDE_TARGET)
    state |= STATE_REQUIRED_UNMAPPED;
  set_state (self, state);

  /* Screen readers read the whole row as one sentence. Accessible property
   * changes go over D-Bus, so only a real change is sent. */
  if (g_strcmp0 (self->a11y, a11y->str) != 0)
    {
      g_free (self->a11y);
      self->a11y = g_strdup (a11y->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->a11y,
                                      -1);
    }
}

void
kh_field_row_unbind (KhFieldRow *self)
{
  g_return_if_fail (KH_IS_FIELD_ROW (self));

  g_clear_object (&self->item);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-hover");
}

/**
 * kh_field_row_get_item:
 *
 * Returns: (transfer none) (nullable): the bound item
 */
KhFieldItem *
kh_field_row_get_item (KhFieldRow *self)
{
  g_return_val_if_fail (KH_IS_FIELD_ROW (self), NULL);

  return self->item;
}

void
kh_field_row_set_drop_highlight (KhFieldRow *self,
                                 gboolean    highlight)
{
  g_return_if_fail (KH_IS_FIELD_ROW (self));

  if (highlight)
    gtk_widget_add_css_class (GTK_WIDGET (self), "drop-hover");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-hover");
}
