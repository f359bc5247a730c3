/* kh-param-row.c: the editor of one step parameter
 *
 * One row per catalogue parameter: a text entry (text, decimal, character,
 * time zone, regular expression), a spin button (integers with a default),
 * a switch (booleans), a drop-down (enums and code lists), an entry with a
 * live example (date patterns), or a list of entries (repeatable
 * parameters). Every change is one undoable edit of the document; typing
 * in one entry merges into one undo step. The row's subtitle shows the
 * parameter's problem inline, or the live example.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-param-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-engine.h"
#include "kh-error.h"
#include "kh-param-row.h"

struct _KhParamRow
{
  AdwActionRow       parent_instance;

  /* Owned */
  KhDocument        *document;
  KhStep            *step;
  char              *target;
  GtkStringList     *choices;     /* enum and code-list drop-downs */

  /* Borrowed */
  const KhParamInfo *param;
  GtkWidget         *editor;      /* the control in the suffix */
  GtkWidget         *list_box;    /* repeatable: the entries */
  GtkWidget         *edit_button; /* code lists: opens the list */

  guint              step_index;
  gboolean           updating;
  gboolean           valid;
};

G_DEFINE_FINAL_TYPE (KhParamRow, kh_param_row, ADW_TYPE_ACTION_ROW)

static void rebuild_repeatable (KhParamRow *self);

static void
kh_param_row_dispose (GObject *object)
{
  KhParamRow *self = (KhParamRow *) object;

  g_clear_object (&self->document);
  g_clear_object (&self->step);
  g_clear_object (&self->choices);
  g_clear_pointer (&self->target, g_free);

  G_OBJECT_CLASS (kh_param_row_parent_class)->dispose (object);
}

static void
kh_param_row_class_init (KhParamRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kh_param_row_dispose;
}

static void
kh_param_row_init (KhParamRow *self)
{
  self->valid = TRUE;
}

/* ---- Writing ------------------------------------------------------------ */

static void
write_values (KhParamRow         *self,
              const char * const *values,
              gboolean            merge)
{
  g_autofree char *label = NULL;
  g_autofree char *merge_key = NULL;

  if (self->updating)
    return;

  /* Translators: an undo label: a parameter and its rule's target field,
   * e.g. "Edit Width (AccountNumber)" */
  label = g_strdup_printf (_("Edit %s (%s)"), _(self->param->label), self->target);
  if (merge)
    merge_key = g_strdup_printf ("param:%s:%u:%s", self->target, self->step_index, self->param->name);

  self->updating = TRUE;
  kh_document_begin_edit (self->document, label, merge_key);
  kh_step_set_param_values (self->step, self->param->name, values);
  kh_document_end_edit (self->document);
  self->updating = FALSE;

  kh_param_row_refresh (self);
}

static void
write_value (KhParamRow *self,
             const char *value,
             gboolean    merge)
{
  const char *values[] = { value, NULL };

  /* The catalogue default is written as "absent", so saved files stay
   * minimal; an optional parameter left empty is absent too. */
  if (value != NULL && self->param->defaults != NULL &&
      self->param->defaults[0] != NULL && self->param->defaults[1] == NULL &&
      g_strcmp0 (self->param->defaults[0], value) == 0)
    value = NULL;
  if (value != NULL && value[0] == '\0' && (self->param->flags & KH_PARAM_FLAG_OPTIONAL))
    value = NULL;

  write_values (self, value != NULL ? values : NULL, merge);
}

/* ---- Controls ----------------------------------------------------------- */

static void
on_entry_changed_cb (KhParamRow *self,
                     GtkEditable *editable)
{
  write_value (self, gtk_editable_get_text (editable), TRUE);
}

static void
on_spin_value_changed_cb (KhParamRow    *self,
                          GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));

  write_value (self, text, TRUE);
}

static void
on_switch_active_cb (KhParamRow *self,
                     GParamSpec *pspec,
                     GtkSwitch  *sw)
{
  write_value (self, gtk_switch_get_active (sw) ? "true" : "false", FALSE);
}

static void
on_dropdown_selected_cb (KhParamRow  *self,
                         GParamSpec  *pspec,
                         GtkDropDown *dropdown)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  write_value (self, gtk_string_list_get_string (self->choices, pos), FALSE);
}

static GtkWidget *
new_entry (KhParamRow *self,
           const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->param->label), -1);
  if (self->param->defaults != NULL && self->param->defaults[0] != NULL && self->param->defaults[0][0] != '\0')
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), self->param->defaults[0]);

  return entry;
}

/* Repeatable parameters: one entry per value, with remove buttons, and an
 * add button. */
static void
write_repeatable (KhParamRow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (self->list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *entry = g_object_get_data (G_OBJECT (child), "entry");

      if (entry != NULL)
        g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (entry)));
    }
  values = g_strv_builder_end (builder);
  write_values (self, values[0] != NULL ? (const char * const *) values : NULL, TRUE);
}

static void
on_repeat_entry_changed_cb (KhParamRow  *self,
                            GtkEditable *editable)
{
  write_repeatable (self);
}

static void
on_repeat_remove_clicked_cb (KhParamRow *self,
                             GtkButton  *button)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (button));

  gtk_box_remove (GTK_BOX (self->list_box), box);
  write_repeatable (self);
  self->updating = TRUE;
  rebuild_repeatable (self);
  self->updating = FALSE;
}

static void
on_repeat_add_clicked_cb (KhParamRow *self,
                          GtkButton  *button)
{
  const char * const *values = kh_step_get_param_values_or_defaults (self->step, self->param->name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  GtkWidget *last = NULL;

  if (values != NULL)
    g_strv_builder_addv (builder, (const char **) values);
  g_strv_builder_add (builder, "");
  strv = g_strv_builder_end (builder);
  write_values (self, (const char * const *) strv, FALSE);

  self->updating = TRUE;
  rebuild_repeatable (self);
  self->updating = FALSE;

  /* Focus the new, empty entry. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->list_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "entry") != NULL)
      last = g_object_get_data (G_OBJECT (child), "entry");
  if (last != NULL)
    gtk_widget_grab_focus (last);
}

static void
rebuild_repeatable (KhParamRow *self)
{
  const char * const *values = kh_step_get_param_values_or_defaults (self->step, self->param->name);
  GtkWidget *child;
  GtkWidget *add;
  guint i = 0;

  while ((child = gtk_widget_get_first_child (self->list_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->list_box), child);

  for (i = 0; values != NULL && values[i] != NULL; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *entry = new_entry (self, values[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *a11y = g_strdup_printf (_("Remove value %u of %s"), i + 1, _(self->param->label));

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this value"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_signal_connect_object (entry, "changed", G_CALLBACK (on_repeat_entry_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_repeat_remove_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), entry);
      gtk_box_append (GTK_BOX (box), remove);
      g_object_set_data (G_OBJECT (box), "entry", entry);
      gtk_box_append (GTK_BOX (self->list_box), box);
    }

  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_halign (add, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (add, _("Add a value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add a value"), -1);
  g_signal_connect_object (add, "clicked", G_CALLBACK (on_repeat_add_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->list_box), add);
}

static void
fill_code_lists (KhParamRow *self)
{
  KhMapping *mapping = kh_document_get_mapping (self->document);
  guint n = kh_mapping_get_n_code_lists (mapping);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *current = kh_step_get_param (self->step, self->param->name);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) kh_code_list_get_name (kh_mapping_get_code_list (mapping, i)));
  if (current != NULL && kh_mapping_lookup_code_list (mapping, current) == NULL)
    g_ptr_array_add (names, (gpointer) current);
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->choices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->choices)),
                          (const char * const *) names->pdata);
}

static void
build_editor (KhParamRow *self)
{
  const KhParamInfo *param = self->param;
  const char *value = kh_step_get_param_or_default (self->step, param->name);

  if (param->flags & KH_PARAM_FLAG_REPEATABLE)
    {
      self->list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      gtk_widget_set_margin_top (self->list_box, 6);
      gtk_widget_set_margin_bottom (self->list_box, 6);
      rebuild_repeatable (self);
      self->editor = self->list_box;
    }
  else switch (param->type)
    {
    case KH_PARAM_BOOLEAN:
      self->editor = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (self->editor), g_strcmp0 (value, "true") == 0);
      gtk_widget_set_valign (self->editor, GTK_ALIGN_CENTER);
      g_signal_connect_object (self->editor, "notify::active", G_CALLBACK (on_switch_active_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->editor);
      break;

    case KH_PARAM_ENUM:
    case KH_PARAM_CODE_LIST:
      {
        guint selected = GTK_INVALID_LIST_POSITION;
        guint n;

        self->choices = gtk_string_list_new (NULL);
        if (param->type == KH_PARAM_ENUM)
          for (guint i = 0; param->choices != NULL && param->choices[i] != NULL; i++)
            gtk_string_list_append (self->choices, param->choices[i]);
        else
          fill_code_lists (self);

        n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
        for (guint i = 0; i < n; i++)
          if (g_strcmp0 (gtk_string_list_get_string (self->choices, i), value) == 0)
            selected = i;

        self->editor = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->choices)), NULL);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editor), selected);
        gtk_widget_set_valign (self->editor, GTK_ALIGN_CENTER);
        g_signal_connect_object (self->editor, "notify::selected", G_CALLBACK (on_dropdown_selected_cb),
                                 self, G_CONNECT_SWAPPED);
        break;
      }

    case KH_PARAM_INTEGER:
      if (param->defaults != NULL)
        {
          self->editor = gtk_spin_button_new_with_range (param->min, param->max, 1);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->editor), g_ascii_strtoll (value != NULL ? value : "0", NULL, 10));
          gtk_widget_set_valign (self->editor, GTK_ALIGN_CENTER);
          g_signal_connect_object (self->editor, "value-changed", G_CALLBACK (on_spin_value_changed_cb),
                                   self, G_CONNECT_SWAPPED);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case KH_PARAM_TEXT:
    case KH_PARAM_DECIMAL:
    case KH_PARAM_DATE_PATTERN:
    case KH_PARAM_REGEX:
    case KH_PARAM_TIME_ZONE:
    case KH_PARAM_CHAR:
    default:
      self->editor = new_entry (self, kh_step_get_param (self->step, param->name) != NULL ? value : "");
      if (param->type == KH_PARAM_REGEX || param->type == KH_PARAM_DATE_PATTERN)
        gtk_widget_add_css_class (self->editor, "monospace");
      g_signal_connect_object (self->editor, "changed", G_CALLBACK (on_entry_changed_cb),
                               self, G_CONNECT_SWAPPED);
      break;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(param->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(param->description),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->editor);

  if (param->type == KH_PARAM_CODE_LIST)
    {
      /* Opens the code list in the Code Lists page. */
      self->edit_button = gtk_button_new_from_icon_name ("document-edit-symbolic");
      gtk_widget_add_css_class (self->edit_button, "flat");
      gtk_widget_set_valign (self->edit_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (self->edit_button, _("Edit the Code List"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit the Code List"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->edit_button);
    }
}

/* ---- Validation and the live example ------------------------------------ */

/**
 * kh_param_row_date_example:
 *
 * Writes an example date-time (9 March 2024, 14:05:30) with @pattern,
 * through the engine's own format-date step, so the example is exactly
 * what a run would produce.
 *
 * Returns: (transfer full) (nullable): the example, or %NULL with @error
 */
char *
kh_param_row_date_example (const char  *pattern,
                           GError     **error)
{
  g_autoptr(KhMapping) mapping = kh_mapping_new ();
  g_autoptr(KhRule) rule = kh_rule_new ("example");
  g_autoptr(KhStep) parse = kh_step_new ("parse-date");
  g_autoptr(KhStep) format = kh_step_new ("format-date");
  const char *columns[] = { "value", NULL };
  const char *values[] = { "2024-03-09 14:05:30", NULL };
  KhPlan *plan;
  KhRecordResult *result;
  KhOutcome outcome;
  char *text = NULL;

  kh_step_set_param (parse, "pattern", "yyyy-MM-dd HH:mm:ss");
  kh_step_set_param (parse, "as", "datetime");
  kh_step_set_param (format, "pattern", pattern);
  kh_rule_add_source (rule, "value");
  kh_rule_append_step (rule, parse);
  kh_rule_append_step (rule, format);
  kh_rule_set_on_error (rule, KH_ON_ERROR_REJECT);
  kh_mapping_add_rule (mapping, rule);

  plan = kh_plan_new (mapping, columns, 1, KH_PLAN_FLAGS_NONE, error);
  if (plan == NULL)
    return NULL;

  result = kh_record_result_new (plan);
  if (kh_plan_eval_strings (plan, values, result, &outcome))
    {
      const KhCellError *cell_error = kh_record_result_get_cell_error (result, 0);
      const KhValue *value = kh_record_result_get_value (result, 0);

      if (cell_error != NULL)
        g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_PARAM, cell_error->reason);
      else if (value != NULL && value->str != NULL)
        text = g_strndup (value->str, value->len);
    }
  else
    g_set_error_literal (error, KH_ERROR, KH_ERROR_INVALID_PARAM, _("The pattern cannot be used"));

  kh_record_result_free (result);
  kh_plan_unref (plan);

  return text;
}

/**
 * kh_param_row_refresh:
 *
 * Validates the parameter's current value(s) and shows the problem, the
 * live example or the description in the subtitle.
 */
void
kh_param_row_refresh (KhParamRow *self)
{
  const char * const *values;
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  gboolean valid = TRUE;

  g_return_if_fail (KH_IS_PARAM_ROW (self));

  values = kh_step_get_param_values (self->step, self->param->name);
  if (values == NULL && (self->param->flags & KH_PARAM_FLAG_REQUIRED))
    {
      valid = FALSE;
      g_set_error (&error, KH_ERROR, KH_ERROR_INVALID_PARAM, _("A value is required"));
    }
  for (guint i = 0; valid && values != NULL && values[i] != NULL; i++)
    valid = kh_param_info_validate (self->param, values[i], &error);

  if (valid && self->param->type == KH_PARAM_CODE_LIST && values != NULL &&
      kh_mapping_lookup_code_list (kh_document_get_mapping (self->document), values[0]) == NULL)
    {
      valid = FALSE;
      g_set_error (&error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                   _("The mapping has no code list “%s”"), values[0]);
    }

  if (valid && self->param->type == KH_PARAM_DATE_PATTERN && values != NULL)
    {
      g_autoptr(GString) str = g_string_new (NULL);

      for (guint i = 0; valid && values[i] != NULL; i++)
        {
          g_autofree char *one = kh_param_row_date_example (values[i], &error);

          if (one == NULL)
            valid = FALSE;
          else
            g_string_append_printf (str, "%s%s", i > 0 ? ", " : "", one);
        }
      if (valid)
        /* Translators: the live example under a date pattern, e.g. "9 March 2024 14:05:30 is written 09.03.2024" */
        example = g_strdup_printf (_("Example: %s"), str->str);
    }

  if (self->edit_button != NULL)
    {
      const char *name = values != NULL ? values[0] : NULL;

      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", name != NULL ? name : "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "win.edit-code-list");
    }

  self->valid = valid;
  if (!valid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), error->message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), example != NULL ? example : "");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_FALSE, -1);
    }
}

GtkWidget *
kh_param_row_new (KhDocument        *document,
                  const char        *target,
                  guint              step_index,
                  KhStep            *step,
                  const KhParamInfo *param)
{
  KhParamRow *self;

  g_return_val_if_fail (KH_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (KH_IS_STEP (step), NULL);
  g_return_val_if_fail (param != NULL, NULL);

  self = g_object_new (KH_TYPE_PARAM_ROW, NULL);
  self->document = g_object_ref (document);
  self->step = g_object_ref (step);
  self->target = g_strdup (target);
  self->step_index = step_index;
  self->param = param;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _(param->label));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _(param->description));
  gtk_widget_add_css_class (GTK_WIDGET (self), "param-row");

  self->updating = TRUE;
  build_editor (self);
  self->updating = FALSE;
  kh_param_row_refresh (self);

  return GTK_WIDGET (self);
}

const KhParamInfo *
kh_param_row_get_param (KhParamRow *self)
{
  g_return_val_if_fail (KH_IS_PARAM_ROW (self), NULL);

  return self->param;
}

gboolean
kh_param_row_is_valid (KhParamRow *self)
{
  g_return_val_if_fail (KH_IS_PARAM_ROW (self), FALSE);

  return self->valid;
}

/**
 * kh_param_row_get_editor:
 *
 * Returns: (transfer none): the control (entry, spin button, switch, drop-down, box)
 */
GtkWidget *
kh_param_row_get_editor (KhParamRow *self)
{
  g_return_val_if_fail (KH_IS_PARAM_ROW (self), NULL);

  return self->editor;
}

/* Types into a text editor: the same path as the user typing. */
void
kh_param_row_set_text (KhParamRow *self,
                       const char *text)
{
  g_return_if_fail (KH_IS_PARAM_ROW (self));

  if (GTK_IS_SPIN_BUTTON (self->editor))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->editor), g_ascii_strtod (text, NULL));
  else if (GTK_IS_EDITABLE (self->editor))
    gtk_editable_set_text (GTK_EDITABLE (self->editor), text);
  else if (GTK_IS_SWITCH (self->editor))
    gtk_switch_set_active (GTK_SWITCH (self->editor), g_strcmp0 (text, "true") == 0);
}
