/* kh-rule-inspector.c: the side pane that edits one rule
 *
 * It shows the rule of one target field: its source fields, the ordered
 * chain of steps (each with generated parameter editors), the on-error
 * policy, the default value and a note. Each change is one undoable edit
 * of the document. The inspector follows the mapping: when undo replaces
 * the rule object it rebuilds itself, and when only values change it just
 * refreshes its messages, so typing is never interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-rule-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-param-row.h"
#include "kh-rule-inspector.h"
#include "kh-rule-status.h"
#include "kh-step-picker.h"
#include "kh-step-row.h"

struct _KhRuleInspector
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkMenuButton   *add_step_button;
  AdwEntryRow     *default_row;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *norule_page;
  AdwEntryRow     *note_row;
  AdwComboRow     *on_error_row;
  GtkButton       *remove_rule_button;
  GtkListBox      *sources_list;
  GtkStack        *stack;
  GtkLabel        *status_label;
  KhStepPicker    *step_picker;
  GtkListBox      *steps_list;
  GtkLabel        *target_info;
  GtkLabel        *target_label;

  /* Owned */
  KhDocument      *document;
  KhRule          *rule;
  char            *target;
  GPtrArray       *step_rows;     /* of KhStepRow (borrowed widgets) */
  GPtrArray       *built_steps;   /* of KhStep, the steps the rows show */
  GStrv            built_sources;

  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (KhRuleInspector, kh_rule_inspector, GTK_TYPE_WIDGET)

static void refresh (KhRuleInspector *self);

static KhMapping *
get_mapping (KhRuleInspector *self)
{
  return kh_document_get_mapping (self->document);
}

/* ---- Edits --------------------------------------------------------------- */

static void
begin (KhRuleInspector *self,
       const char      *label,
       const char      *merge_key)
{
  self->updating = TRUE;
  kh_document_begin_edit (self->document, label, merge_key);
}

static void
end (KhRuleInspector *self)
{
  kh_document_end_edit (self->document);
  self->updating = FALSE;
  refresh (self);
}

static void
on_step_move_cb (KhRuleInspector *self,
                 guint            from,
                 guint            to,
                 KhStepRow       *row)
{
  KhStep *step;
  g_autofree char *label = NULL;

  if (self->rule == NULL || from >= kh_rule_get_n_steps (self->rule) || to >= kh_rule_get_n_steps (self->rule))
    return;

  step = kh_rule_get_step (self->rule, from);
  /* Translators: an undo label */
  label = g_strdup_printf (_("Move step %s"), kh_step_info_get_name (kh_step_get_info (step)));
  begin (self, label, NULL);
  kh_rule_move_step (self->rule, from, to);
  end (self);

  /* Keep the keyboard on the moved step. */
  if (to < self->step_rows->len)
    gtk_widget_grab_focus (g_ptr_array_index (self->step_rows, to));
}

static void
on_step_remove_cb (KhRuleInspector *self,
                   guint            index,
                   KhStepRow       *row)
{
  g_autofree char *label = NULL;
  KhStep *step;

  if (self->rule == NULL || index >= kh_rule_get_n_steps (self->rule))
    return;

  step = kh_rule_get_step (self->rule, index);
  label = g_strdup_printf (_("Remove step %s"), kh_step_info_get_name (kh_step_get_info (step)));
  begin (self, label, NULL);
  kh_rule_remove_step (self->rule, index);
  end (self);

  if (self->step_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->step_rows, MIN (index, self->step_rows->len - 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_step_button));
}

/**
 * kh_rule_inspector_add_step:
 *
 * Adds a step of the catalogue to the rule: steps that combine the
 * sources or need none go first, others last.
 *
 * Returns: whether the step was added
 */
gboolean
kh_rule_inspector_add_step (KhRuleInspector *self,
                            const char      *id)
{
  const KhStepInfo *info;
  g_autoptr(KhStep) step = NULL;
  g_autofree char *label = NULL;
  guint position;

  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), FALSE);

  info = kh_catalogue_lookup (id);
  if (info == NULL || self->rule == NULL)
    return FALSE;

  step = kh_step_new (id);
  position = info->input == KH_STEP_INPUT_ONE ? kh_rule_get_n_steps (self->rule) : 0;
  label = g_strdup_printf (_("Add step %s"), kh_step_info_get_name (info));
  begin (self, label, NULL);
  kh_rule_insert_step (self->rule, position, step);
  end (self);

  kh_rule_inspector_focus_step (self, position, NULL);
  return TRUE;
}

static void
on_step_chosen_cb (KhRuleInspector *self,
                   const char      *id,
                   KhStepPicker    *picker)
{
  kh_rule_inspector_add_step (self, id);
}

static void
on_source_remove_clicked_cb (KhRuleInspector *self,
                             GtkButton       *button)
{
  const char *source = g_object_get_data (G_OBJECT (button), "source");
  g_autofree char *label = NULL;
  g_autofree char *target = g_strdup (self->target);

  if (self->rule == NULL || source == NULL)
    return;

  /* Translators: an undo label, e.g. "Unlink KUNNR → AccountNumber" */
  label = g_strdup_printf (_("Unlink %s → %s"), source, self->target);
  begin (self, label, NULL);
  if (kh_rule_get_n_sources (self->rule) <= 1)
    kh_mapping_remove_rule (get_mapping (self), target);
  else
    kh_rule_remove_source (self->rule, source);
  end (self);
}

static void
on_on_error_selected_cb (KhRuleInspector *self)
{
  guint pos = adw_combo_row_get_selected (self->on_error_row);

  if (self->updating || self->rule == NULL || pos == GTK_INVALID_LIST_POSITION ||
      (KhOnError) pos == kh_rule_get_on_error (self->rule))
    return;

  begin (self, _("Change the on-error policy"), NULL);
  kh_rule_set_on_error (self->rule, pos);
  end (self);
}

static void
on_default_changed_cb (KhRuleInspector *self,
                       GtkEditable     *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *merge = NULL;

  if (self->updating || self->rule == NULL ||
      g_strcmp0 (text[0] != '\0' ? text : NULL, kh_rule_get_default_value (self->rule)) == 0)
    return;

  merge = g_strdup_printf ("default:%s", self->target);
  begin (self, _("Edit the default value"), merge);
  kh_rule_set_default_value (self->rule, text[0] != '\0' ? text : NULL);
  end (self);
}

static void
on_note_changed_cb (KhRuleInspector *self,
                    GtkEditable     *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *merge = NULL;

  if (self->updating || self->rule == NULL ||
      g_strcmp0 (text[0] != '\0' ? text : NULL, kh_rule_get_note (self->rule)) == 0)
    return;

  merge = g_strdup_printf ("note:%s", self->target);
  begin (self, _("Edit the note"), merge);
  kh_rule_set_note (self->rule, text[0] != '\0' ? text : NULL);
  end (self);
}

static void
add_constant_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KhRuleInspector *self = KH_RULE_INSPECTOR (widget);
  g_autoptr(KhRule) rule = NULL;
  g_autoptr(KhStep) step = NULL;
  g_autofree char *label = NULL;

  if (self->target == NULL || self->document == NULL ||
      kh_mapping_lookup_rule (get_mapping (self), self->target) != NULL)
    return;

  rule = kh_rule_new (self->target);
  step = kh_step_new ("constant");
  kh_rule_append_step (rule, step);
  label = g_strdup_printf (_("Set a constant for %s"), self->target);
  begin (self, label, NULL);
  kh_mapping_add_rule (get_mapping (self), rule);
  end (self);

  kh_rule_inspector_focus_step (self, 0, "value");
}

static void
remove_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KhRuleInspector *self = KH_RULE_INSPECTOR (widget);
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;

  if (self->rule == NULL)
    return;

  target = g_strdup (self->target);
  label = g_strdup_printf (_("Remove the rule for %s"), target);
  begin (self, label, NULL);
  kh_mapping_remove_rule (get_mapping (self), target);
  end (self);
}

/* ---- Building ------------------------------------------------------------ */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
build_sources (KhRuleInspector *self)
{
  const char * const *sources = kh_rule_get_sources (self->rule);
  KhEntity *entity = kh_mapping_get_source_entity (get_mapping (self));

  clear_list (self->sources_list);
  g_clear_pointer (&self->built_sources, g_strfreev);
  self->built_sources = g_strdupv ((char **) sources);

  for (guint i = 0; sources[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      KhField *field = entity != NULL ? kh_entity_lookup_field (entity, sources[i]) : NULL;
      const char *peek = kh_document_peek_sample (self->document, sources[i]);
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sources[i]);
      if (field != NULL)
        subtitle = g_strdup_printf ("%s · %s%s%s", kh_field_get_display_label (field),
                                    kh_field_type_get_label (kh_field_get_field_type (field)),
                                    peek != NULL ? " · " : "", peek != NULL ? peek : "");
      else
        subtitle = g_strdup (_("Not a field of the source entity"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      a11y = g_strdup_printf (_("Unlink %s"), sources[i]);
      gtk_widget_set_tooltip_text (remove, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (remove), "source", g_strdup (sources[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_source_remove_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->sources_list, row);
    }

  if (sources[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No source field"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The rule makes its value with its first step"));
      gtk_list_box_append (self->sources_list, row);
    }
}

static void
build_steps (KhRuleInspector *self)
{
  guint n = kh_rule_get_n_steps (self->rule);

  clear_list (self->steps_list);
  g_ptr_array_set_size (self->step_rows, 0);
  g_ptr_array_set_size (self->built_steps, 0);

  for (guint i = 0; i < n; i++)
    {
      KhStep *step = kh_rule_get_step (self->rule, i);
      GtkWidget *row = kh_step_row_new (self->document, self->target, step, i, n);

      g_signal_connect_object (row, "move", G_CALLBACK (on_step_move_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (on_step_remove_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->steps_list, row);
      g_ptr_array_add (self->step_rows, row);
      g_ptr_array_add (self->built_steps, g_object_ref (step));
    }
}

static gboolean
steps_match (KhRuleInspector *self)
{
  guint n = kh_rule_get_n_steps (self->rule);

  if (n != self->built_steps->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (kh_rule_get_step (self->rule, i) != g_ptr_array_index (self->built_steps, i))
      return FALSE;
  return TRUE;
}

static void
update_values (KhRuleInspector *self)
{
  const char *text;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->on_error_row, kh_rule_get_on_error (self->rule));
  text = kh_rule_get_default_value (self->rule);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->default_row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->default_row), text != NULL ? text : "");
  text = kh_rule_get_note (self->rule);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->note_row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), text != NULL ? text : "");
  self->updating = FALSE;
}

static void
update_header (KhRuleInspector *self)
{
  KhEntity *entity = kh_mapping_get_target_entity (get_mapping (self));
  KhField *field = entity != NULL ? kh_entity_lookup_field (entity, self->target) : NULL;
  g_autoptr(GString) info = g_string_new (NULL);

  gtk_label_set_text (self->target_label, self->target);
  if (field != NULL)
    {
      g_string_append (info, kh_field_get_display_label (field));
      g_string_append_printf (info, " · %s", kh_field_type_get_label (kh_field_get_field_type (field)));
      if (kh_field_get_max_length (field) > 0)
        {
          g_string_append (info, " · ");
          /* Translators: the maximum length of a field in the inspector */
          g_string_append_printf (info, _("at most %d characters"), kh_field_get_max_length (field));
        }
      if (kh_field_is_required (field))
        g_string_append_printf (info, " · %s", _("required"));
    }
  else
    g_string_append (info, _("Not a field of the target entity"));
  gtk_label_set_text (self->target_info, info->str);
}

static void
update_status (KhRuleInspector *self)
{
  g_autofree char *message = NULL;
  KhRuleStatus status = kh_rule_status_check (self->rule, get_mapping (self), &message);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  gtk_label_set_text (self->status_label, message);
  if (status & (KH_RULE_STATUS_INVALID | KH_RULE_STATUS_DANGLING))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else if (status != KH_RULE_STATUS_OK)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
}

static void
set_rule (KhRuleInspector *self,
          KhRule          *rule)
{
  g_set_object (&self->rule, rule);
  g_ptr_array_set_size (self->step_rows, 0);
  g_ptr_array_set_size (self->built_steps, 0);
  g_clear_pointer (&self->built_sources, g_strfreev);
}

static void
refresh (KhRuleInspector *self)
{
  KhRule *rule;

  if (self->updating)
    return;

  if (self->document == NULL || self->target == NULL)
    {
      set_rule (self, NULL);
      clear_list (self->steps_list);
      clear_list (self->sources_list);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  rule = kh_mapping_lookup_rule (get_mapping (self), self->target);
  if (rule == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s Has No Rule"), self->target);

      set_rule (self, NULL);
      clear_list (self->steps_list);
      clear_list (self->sources_list);
      adw_status_page_set_title (self->norule_page, title);
      gtk_stack_set_visible_child_name (self->stack, "norule");
      return;
    }

  if (rule != self->rule)
    set_rule (self, rule);

  update_header (self);
  if (self->built_sources == NULL ||
      !g_strv_equal ((const char * const *) self->built_sources, kh_rule_get_sources (rule)))
    build_sources (self);
  if (!steps_match (self))
    build_steps (self);
  else
    for (guint i = 0; i < self->step_rows->len; i++)
      kh_step_row_refresh (g_ptr_array_index (self->step_rows, i), get_mapping (self));
  update_values (self);
  update_status (self);
  gtk_stack_set_visible_child_name (self->stack, "rule");
}

static void
on_mapping_changed_cb (KhRuleInspector *self)
{
  refresh (self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
kh_rule_inspector_dispose (GObject *object)
{
  KhRuleInspector *self = (KhRuleInspector *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_RULE_INSPECTOR);
  g_clear_object (&self->document);
  g_clear_object (&self->rule);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->built_steps, g_ptr_array_unref);
  g_clear_pointer (&self->built_sources, g_strfreev);

  G_OBJECT_CLASS (kh_rule_inspector_parent_class)->dispose (object);
}

static void
kh_rule_inspector_class_init (KhRuleInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_rule_inspector_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-rule-inspector.ui");
  gtk_widget_class_set_css_name (widget_class, "ruleinspector");
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, add_step_button);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, default_row);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, norule_page);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, note_row);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, on_error_row);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, remove_rule_button);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, sources_list);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, step_picker);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, steps_list);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, target_info);
  gtk_widget_class_bind_template_child (widget_class, KhRuleInspector, target_label);
  gtk_widget_class_bind_template_callback (widget_class, on_default_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_on_error_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_step_chosen_cb);

  gtk_widget_class_install_action (widget_class, "inspector.add-constant", NULL, add_constant_action);
  gtk_widget_class_install_action (widget_class, "inspector.remove-rule", NULL, remove_rule_action);

  g_type_ensure (KH_TYPE_STEP_PICKER);
}

static void
kh_rule_inspector_init (KhRuleInspector *self)
{
  g_autoptr(GtkStringList) policies = gtk_string_list_new (NULL);

  self->step_rows = g_ptr_array_new ();
  self->built_steps = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (KhOnError p = KH_ON_ERROR_REJECT; p <= KH_ON_ERROR_ABORT; p++)
    gtk_string_list_append (policies, kh_on_error_get_label (p));
  adw_combo_row_set_model (self->on_error_row, G_LIST_MODEL (policies));
}

void
kh_rule_inspector_set_document (KhRuleInspector *self,
                                KhDocument      *document)
{
  g_return_if_fail (KH_IS_RULE_INSPECTOR (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (kh_document_get_mapping (self->document), self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (kh_document_get_mapping (document), "changed",
                             G_CALLBACK (on_mapping_changed_cb), self, G_CONNECT_SWAPPED);
  set_rule (self, NULL);
  refresh (self);
}

/**
 * kh_rule_inspector_show_target:
 * @target: (nullable): the target field whose rule to show
 */
void
kh_rule_inspector_show_target (KhRuleInspector *self,
                               const char      *target)
{
  g_return_if_fail (KH_IS_RULE_INSPECTOR (self));

  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  set_rule (self, NULL);
  refresh (self);
}

const char *
kh_rule_inspector_get_target (KhRuleInspector *self)
{
  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), NULL);

  return self->target;
}

/**
 * kh_rule_inspector_get_rule:
 *
 * Returns: (transfer none) (nullable): the rule shown
 */
KhRule *
kh_rule_inspector_get_rule (KhRuleInspector *self)
{
  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), NULL);

  return self->rule;
}

/**
 * kh_rule_inspector_get_step_row:
 *
 * Returns: (transfer none) (nullable): the row of step @index
 */
GtkWidget *
kh_rule_inspector_get_step_row (KhRuleInspector *self,
                                guint            index)
{
  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), NULL);

  return index < self->step_rows->len ? g_ptr_array_index (self->step_rows, index) : NULL;
}

/**
 * kh_rule_inspector_focus_step:
 * @index: the step, or -1 for the chain
 * @param: (nullable): a parameter whose editor gets the focus
 *
 * Expands a step and focuses it or one of its parameters: the "jump to"
 * hook of the problems list.
 */
gboolean
kh_rule_inspector_focus_step (KhRuleInspector *self,
                              int              index,
                              const char      *param)
{
  GtkWidget *row;

  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), FALSE);

  if (index < 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->steps_list));

  row = kh_rule_inspector_get_step_row (self, index);
  if (row == NULL)
    return FALSE;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  if (param != NULL)
    {
      GtkWidget *param_row = kh_step_row_get_param_row (KH_STEP_ROW (row), param);

      if (param_row != NULL)
        {
          GtkWidget *editor = kh_param_row_get_editor (KH_PARAM_ROW (param_row));

          if (!gtk_widget_grab_focus (editor))
            gtk_widget_child_focus (editor, GTK_DIR_TAB_FORWARD);
          return TRUE;
        }
    }

  if (!gtk_widget_grab_focus (row))
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/**
 * kh_rule_inspector_get_step_picker:
 *
 * Returns: (transfer none): the add-step popover
 */
GtkWidget *
kh_rule_inspector_get_step_picker (KhRuleInspector *self)
{
  g_return_val_if_fail (KH_IS_RULE_INSPECTOR (self), NULL);

  return GTK_WIDGET (self->step_picker);
}
