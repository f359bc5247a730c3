/* kh-window.c: the main window, the workbench
 *
 * Source panel, canvas and target panel in the middle, the inspector
 * (rule, code lists, record rules) on the right, and two slots below for
 * the preview grid and the problems list (issue #6). This file wires the
 * panels, the canvas and the inspector to one KhDocument and holds the
 * editing commands; kh-window-actions.c holds the file commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-field-panel.h"
#include "kh-rule-status.h"
#include "kh-window-private.h"

G_DEFINE_FINAL_TYPE (KhWindow, kh_window, ADW_TYPE_APPLICATION_WINDOW)

static KhFieldPanel *
source_panel (KhWindow *self)
{
  return kh_mapping_canvas_get_panel (self->canvas, KH_SIDE_SOURCE);
}

static KhFieldPanel *
target_panel (KhWindow *self)
{
  return kh_mapping_canvas_get_panel (self->canvas, KH_SIDE_TARGET);
}

/* ---- Messages ------------------------------------------------------------ */

void
_kh_window_toast (KhWindow   *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Shows a message in the status line (a live "status" region for screen
 * readers) and as a toast. GTK 4.8 has no gtk_accessible_announce(). */
void
_kh_window_announce (KhWindow   *self,
                     const char *message)
{
  gtk_label_set_text (self->status_label, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  _kh_window_toast (self, message);
}

void
kh_window_show_message (KhWindow   *self,
                        const char *message)
{
  g_return_if_fail (KH_IS_WINDOW (self));

  _kh_window_announce (self, message);
}

/* ---- State that follows the document -------------------------------------- */

static void
update_title (KhWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *full = NULL;
  KhMapping *mapping = kh_document_get_mapping (self->document);
  KhEntity *source = kh_mapping_get_source_entity (mapping);
  KhEntity *target = kh_mapping_get_target_entity (mapping);
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0)
    {
      adw_window_title_set_title (self->window_title, _("Kakehashi"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Kakehashi"));
      return;
    }

  title = kh_document_dup_title (self->document);
  full = kh_document_get_modified (self->document) ? g_strconcat ("• ", title, NULL) : g_strdup (title);
  adw_window_title_set_title (self->window_title, full);
  if (source != NULL || target != NULL)
    subtitle = g_strdup_printf ("%s → %s",
                                source != NULL ? kh_entity_get_name (source) : "?",
                                target != NULL ? kh_entity_get_name (target) : "?");
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), full);
}

static void
update_preview_placeholder (KhWindow *self)
{
  KhSampleSet *samples = kh_document_get_samples (self->document);
  g_autofree char *text = NULL;

  if (samples != NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u sample record is loaded. The preview of the mapping appears here.",
                                         "%u sample records are loaded. The preview of the mapping appears here.",
                                         kh_sample_set_get_n_rows (samples)),
                            kh_sample_set_get_n_rows (samples));
  else
    text = g_strdup (_("Import sample records to preview the mapping here."));
  gtk_label_set_text (self->preview_placeholder, text);
}

void
_kh_window_update_actions (KhWindow *self)
{
  const char *undo = kh_document_get_undo_label (self->document);
  const char *redo = kh_document_get_redo_label (self->document);
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;
  g_auto(GStrv) sources = kh_field_panel_get_selected_paths (source_panel (self));
  g_auto(GStrv) targets = kh_field_panel_get_selected_paths (target_panel (self));
  gboolean workbench = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workbench") == 0;

  /* Translators: the undo button's tooltip, e.g. "Undo Link KUNNR → AccountNumber (Ctrl+Z)" */
  undo_tip = undo != NULL ? g_strdup_printf (_("Undo %s (Ctrl+Z)"), undo) : g_strdup (_("Nothing to Undo"));
  redo_tip = redo != NULL ? g_strdup_printf (_("Redo %s (Shift+Ctrl+Z)"), redo) : g_strdup (_("Nothing to Redo"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button), undo_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->redo_button), redo_tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, undo_tip, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->redo_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, redo_tip, -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", kh_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", kh_document_can_redo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.link", workbench && sources[0] != NULL && targets[0] != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unlink",
                                 workbench && kh_mapping_canvas_get_selected_target (self->canvas) != NULL &&
                                 kh_mapping_lookup_rule (kh_document_get_mapping (self->document),
                                                         kh_mapping_canvas_get_selected_target (self->canvas)) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-xml", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-samples", workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->side_pane_button), workbench);
}

static void
on_document_changed_cb (KhWindow *self)
{
  update_title (self);
  _kh_window_update_actions (self);
  _kh_window_schedule_autosave (self);
}

static void
on_document_notify_cb (KhWindow *self)
{
  update_title (self);
  _kh_window_update_actions (self);
}

static void
on_schemas_changed_cb (KhWindow *self)
{
  update_preview_placeholder (self);
}

void
_kh_window_show_workbench (KhWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "workbench");
  update_title (self);
  _kh_window_update_actions (self);
}

/* ---- Linking --------------------------------------------------------------- */

static gboolean
rule_starts_with (KhRule      *rule,
                  KhStepInput  input)
{
  KhStep *step = kh_rule_get_n_steps (rule) > 0 ? kh_rule_get_step (rule, 0) : NULL;
  const KhStepInfo *info = step != NULL ? kh_step_get_info (step) : NULL;

  return info != NULL && info->input == input;
}

/**
 * kh_window_link_fields:
 * @sources: the source fields, in order
 * @target: the target field
 *
 * Links source fields to a target field as one undoable edit: a new rule,
 * or more sources for the target's rule. A rule with several sources
 * starts with a Concatenate step. Types that do not fit are allowed; the
 * link is drawn as a warning and the inspector says why. This is what the
 * drop target, Enter in the lists and the Link action all call.
 *
 * Returns: whether the mapping changed
 */
gboolean
kh_window_link_fields (KhWindow           *self,
                       const char * const *sources,
                       const char         *target)
{
  KhMapping *mapping;
  KhRule *rule;
  g_autoptr(KhRule) new_rule = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  g_autofree char *problem = NULL;
  guint n_sources;
  gboolean changed;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (sources == NULL || sources[0] == NULL)
    {
      _kh_window_announce (self, _("Select one or more source fields first"));
      return FALSE;
    }

  mapping = kh_document_get_mapping (self->document);
  n_sources = g_strv_length ((char **) sources);
  if (n_sources == 1)
    /* Translators: an undo label and a message, e.g. "Link KUNNR → AccountNumber" */
    label = g_strdup_printf (_("Link %s → %s"), sources[0], target);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Link %u field → %s", "Link %u fields → %s", n_sources),
                             n_sources, target);

  kh_document_begin_edit (self->document, label, NULL);
  rule = kh_mapping_lookup_rule (mapping, target);
  if (rule == NULL)
    {
      rule = new_rule = kh_rule_new (target);
      for (guint i = 0; sources[i] != NULL; i++)
        if (!kh_rule_has_source (rule, sources[i]))
          kh_rule_add_source (rule, sources[i]);
      kh_mapping_add_rule (mapping, rule);
    }
  else
    {
      /* A constant gives way to the link. */
      if (kh_rule_get_n_sources (rule) == 0 && rule_starts_with (rule, KH_STEP_INPUT_NONE))
        kh_rule_remove_step (rule, 0);
      for (guint i = 0; sources[i] != NULL; i++)
        if (!kh_rule_has_source (rule, sources[i]))
          kh_rule_add_source (rule, sources[i]);
    }
  if (kh_rule_get_n_sources (rule) > 1 && !rule_starts_with (rule, KH_STEP_INPUT_MANY))
    {
      g_autoptr(KhStep) concat = kh_step_new ("concat");

      kh_step_set_param (concat, "separator", " ");
      kh_rule_insert_step (rule, 0, concat);
    }
  changed = kh_document_end_edit (self->document);

  kh_window_select_rule (self, target, -1, NULL);

  if (!changed)
    message = g_strdup_printf (_("%s is already linked"), target);
  else if (kh_rule_status_check (kh_mapping_lookup_rule (mapping, target), mapping, &problem) & KH_RULE_STATUS_INCOMPATIBLE)
    /* Translators: after linking fields whose types do not fit */
    message = g_strdup_printf (_("%s. %s: add a step to convert it."), label, problem);
  else
    message = g_strdup_printf (_("Linked: %s"), label);
  _kh_window_announce (self, message);

  return changed;
}

/**
 * kh_window_unlink_selected:
 *
 * Removes the selected link (one source of a rule) or, when a whole rule
 * is selected, the rule.
 */
gboolean
kh_window_unlink_selected (KhWindow *self)
{
  KhMapping *mapping;
  KhRule *rule;
  g_autofree char *target = NULL;
  g_autofree char *source = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  mapping = kh_document_get_mapping (self->document);
  target = g_strdup (kh_mapping_canvas_get_selected_target (self->canvas));
  source = g_strdup (kh_mapping_canvas_get_selected_source (self->canvas));
  rule = target != NULL ? kh_mapping_lookup_rule (mapping, target) : NULL;
  if (rule == NULL)
    return FALSE;

  if (source != NULL && kh_rule_get_n_sources (rule) > 1 && kh_rule_has_source (rule, source))
    {
      label = g_strdup_printf (_("Unlink %s → %s"), source, target);
      kh_document_begin_edit (self->document, label, NULL);
      kh_rule_remove_source (rule, source);
      kh_document_end_edit (self->document);
      kh_mapping_canvas_set_selection (self->canvas, target, NULL);
    }
  else
    {
      label = g_strdup_printf (_("Remove the rule for %s"), target);
      kh_document_begin_edit (self->document, label, NULL);
      kh_mapping_remove_rule (mapping, target);
      kh_document_end_edit (self->document);
    }

  _kh_window_announce (self, label);
  _kh_window_update_actions (self);
  return TRUE;
}

/* ---- Panels and canvas ------------------------------------------------------ */

static void
on_target_selection_changed_cb (KhWindow *self)
{
  g_auto(GStrv) targets = kh_field_panel_get_selected_paths (target_panel (self));
  const char *target = targets[0];

  if (g_strcmp0 (target, kh_mapping_canvas_get_selected_target (self->canvas)) != 0)
    kh_mapping_canvas_set_selection (self->canvas, target, NULL);
  kh_rule_inspector_show_target (self->inspector, target);
  if (target != NULL)
    gtk_stack_set_visible_child_name (self->side_stack, "rule");
  _kh_window_update_actions (self);
}

static void
on_source_selection_changed_cb (KhWindow *self)
{
  _kh_window_update_actions (self);
}

static void
on_source_activated_cb (KhWindow     *self,
                        const char   *path,
                        KhFieldPanel *panel)
{
  g_auto(GStrv) targets = kh_field_panel_get_selected_paths (target_panel (self));

  if (targets[0] != NULL)
    {
      g_auto(GStrv) sources = kh_field_panel_get_selected_paths (source_panel (self));
      kh_window_link_fields (self, (const char * const *) sources, targets[0]);
    }
  else
    {
      /* Half-way through the keyboard path: go and pick a target. */
      kh_field_panel_focus_list (target_panel (self));
      _kh_window_announce (self, _("Now select a target field and press Enter to link"));
    }
}

static void
on_target_activated_cb (KhWindow     *self,
                        const char   *path,
                        KhFieldPanel *panel)
{
  g_auto(GStrv) sources = kh_field_panel_get_selected_paths (source_panel (self));

  kh_window_link_fields (self, (const char * const *) sources, path);
}

static void
on_link_requested_cb (KhWindow           *self,
                      const char * const *sources,
                      const char         *target,
                      KhFieldPanel       *panel)
{
  kh_window_link_fields (self, sources, target);
}

static void
on_entity_selected_cb (KhWindow     *self,
                       const char   *name,
                       KhFieldPanel *panel)
{
  KhSide side = kh_field_panel_get_side (panel);
  KhSchema *schema = kh_document_get_schema (self->document, side);
  KhEntity *entity = schema != NULL ? kh_schema_lookup_entity (schema, name) : NULL;
  KhMapping *mapping = kh_document_get_mapping (self->document);
  g_autoptr(KhEntity) copy = NULL;
  g_autofree char *label = NULL;

  if (entity == NULL)
    return;

  copy = kh_entity_copy (entity);
  label = g_strdup_printf (side == KH_SIDE_SOURCE ? _("Use the source entity %s") : _("Use the target entity %s"), name);
  kh_document_begin_edit (self->document, label, NULL);
  if (side == KH_SIDE_SOURCE)
    kh_mapping_set_source_entity (mapping, copy);
  else
    kh_mapping_set_target_entity (mapping, copy);
  kh_document_end_edit (self->document);
}

static void
on_files_dropped_cb (KhWindow     *self,
                     GdkFileList  *files,
                     KhFieldPanel *panel)
{
  GSList *list = gdk_file_list_get_files (files);

  for (GSList *l = list; l != NULL; l = l->next)
    kh_window_import_file_async (self, kh_field_panel_get_side (panel), l->data);
  g_slist_free (list);
}

static void
on_canvas_link_selected_cb (KhWindow        *self,
                            const char      *target,
                            const char      *source,
                            KhMappingCanvas *canvas)
{
  if (target == NULL)
    {
      kh_field_panel_unselect_all (target_panel (self));
      return;
    }

  kh_field_panel_select_path (target_panel (self), target, FALSE);
  kh_mapping_canvas_set_selection (self->canvas, target, source);
  if (source != NULL)
    kh_field_panel_select_path (source_panel (self), source, FALSE);
  _kh_window_update_actions (self);
}

/* ---- Hooks for the preview and the problems list --------------------------- */

/**
 * kh_window_select_target_field:
 *
 * Selects and reveals a target field, shows its rule in the inspector.
 */
gboolean
kh_window_select_target_field (KhWindow   *self,
                               const char *target)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  if (!kh_field_panel_select_path (target_panel (self), target, TRUE))
    return FALSE;
  kh_mapping_canvas_set_selection (self->canvas, target, NULL);
  kh_rule_inspector_show_target (self->inspector, target);
  gtk_stack_set_visible_child_name (self->side_stack, "rule");
  gtk_toggle_button_set_active (self->side_pane_button, TRUE);
  return TRUE;
}

/**
 * kh_window_select_source_field:
 *
 * Selects and reveals a source field.
 */
gboolean
kh_window_select_source_field (KhWindow   *self,
                               const char *source)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  return kh_field_panel_select_path (source_panel (self), source, TRUE);
}

/**
 * kh_window_select_rule:
 * @step_index: a step to expand and focus, or -1
 * @param: (nullable): a parameter of that step to focus
 *
 * Shows the rule of @target (even when the target entity lacks the
 * field), selects its links, and optionally jumps to a step's parameter.
 */
gboolean
kh_window_select_rule (KhWindow   *self,
                       const char *target,
                       int         step_index,
                       const char *param)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  kh_field_panel_select_path (target_panel (self), target, FALSE);
  kh_mapping_canvas_set_selection (self->canvas, target, NULL);
  kh_rule_inspector_show_target (self->inspector, target);
  gtk_stack_set_visible_child_name (self->side_stack, "rule");
  gtk_toggle_button_set_active (self->side_pane_button, TRUE);
  _kh_window_update_actions (self);

  if (step_index >= 0)
    return kh_rule_inspector_focus_step (self->inspector, step_index, param);
  return kh_rule_inspector_get_rule (self->inspector) != NULL;
}

gboolean
kh_window_select_code_list (KhWindow   *self,
                            const char *name)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), FALSE);

  gtk_stack_set_visible_child_name (self->side_stack, "code-lists");
  gtk_toggle_button_set_active (self->side_pane_button, TRUE);
  return kh_code_list_editor_select (self->code_list_editor, name);
}

void
kh_window_show_record_rules (KhWindow *self)
{
  g_return_if_fail (KH_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->side_stack, "records");
  gtk_toggle_button_set_active (self->side_pane_button, TRUE);
}

/**
 * kh_window_get_preview_slot:
 *
 * Returns: (transfer none): an #AdwBin under the canvas for the preview
 *   grid; set its child
 */
GtkWidget *
kh_window_get_preview_slot (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->preview_slot);
}

/**
 * kh_window_get_problems_slot:
 *
 * Returns: (transfer none): an #AdwBin for the problems list
 */
GtkWidget *
kh_window_get_problems_slot (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->problems_slot);
}

/**
 * kh_window_show_bottom_page:
 * @name: "preview" or "problems"
 */
void
kh_window_show_bottom_page (KhWindow   *self,
                            const char *name)
{
  g_return_if_fail (KH_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->bottom_stack, name);
}

/**
 * kh_window_get_document:
 *
 * Returns: (transfer none): the open project
 */
KhDocument *
kh_window_get_document (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->document;
}

/**
 * kh_window_get_canvas:
 *
 * Returns: (transfer none): the canvas (and through it the panels)
 */
KhMappingCanvas *
kh_window_get_canvas (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->canvas;
}

/**
 * kh_window_get_inspector:
 *
 * Returns: (transfer none): the rule inspector
 */
KhRuleInspector *
kh_window_get_inspector (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->inspector;
}

/* ---- Window state ------------------------------------------------------------ */

static void
save_window_state (KhWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static void
on_close_response_cb (KhWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "save") == 0)
    {
      /* The window closes when the (asynchronous) save succeeded. */
      self->closing_after_save = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      return;
    }
  else if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
kh_window_close_request (GtkWindow *window)
{
  KhWindow *self = KH_WINDOW (window);

  if (!self->closing && kh_document_get_modified (self->document))
    {
      g_autofree char *title = kh_document_dup_title (self->document);
      g_autofree char *heading = g_strdup_printf (_("Save Changes to “%s”?"), title);
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading,
                                                           _("Changes that are not saved are lost.")));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  save_window_state (self);
  _kh_window_discard_recovery (self);

  return GTK_WINDOW_CLASS (kh_window_parent_class)->close_request (window);
}

static void
kh_window_dispose (GObject *object)
{
  KhWindow *self = (KhWindow *) object;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (kh_window_parent_class)->dispose (object);
}

/* GtkWindow:application is set after construction, so the settings are
 * picked up when it is. */
static void
on_application_notify_cb (KhWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings != NULL || !KH_IS_APPLICATION (app))
    return;

  self->settings = g_object_ref (kh_application_get_settings (KH_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  _kh_window_add_recent (self, NULL);
}

static void
kh_window_class_init (KhWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kh_window_dispose;
  window_class->close_request = kh_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhWindow, bottom_paned);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, bottom_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, code_list_editor);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, link_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, preview_placeholder);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, preview_slot);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_slot);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, record_rules_editor);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, side_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, side_pane_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, side_paned);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_link_selected_cb);

  _kh_window_class_actions_init (widget_class);

  g_type_ensure (KH_TYPE_CODE_LIST_EDITOR);
  g_type_ensure (KH_TYPE_MAPPING_CANVAS);
  g_type_ensure (KH_TYPE_RECORD_RULES_EDITOR);
  g_type_ensure (KH_TYPE_RULE_INSPECTOR);
}

static void
kh_window_init (KhWindow *self)
{
  KhFieldPanel *source, *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->document = kh_document_new ();
  g_signal_connect_object (self->document, "changed", G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::modified", G_CALLBACK (on_document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::file", G_CALLBACK (on_document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "schemas-changed", G_CALLBACK (on_schemas_changed_cb), self, G_CONNECT_SWAPPED);

  kh_mapping_canvas_set_document (self->canvas, self->document);
  kh_rule_inspector_set_document (self->inspector, self->document);
  kh_code_list_editor_set_document (self->code_list_editor, self->document);
  kh_record_rules_editor_set_document (self->record_rules_editor, self->document);

  /* The panels live inside the canvas's template, so their signals are
   * connected here rather than in kh-window.ui. */
  source = source_panel (self);
  target = target_panel (self);
  g_signal_connect_object (source, "selection-changed", G_CALLBACK (on_source_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "selection-changed", G_CALLBACK (on_target_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "activated", G_CALLBACK (on_source_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "activated", G_CALLBACK (on_target_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "link-requested", G_CALLBACK (on_link_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "entity-selected", G_CALLBACK (on_entity_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "entity-selected", G_CALLBACK (on_entity_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "files-dropped", G_CALLBACK (on_files_dropped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "files-dropped", G_CALLBACK (on_files_dropped_cb), self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->side_pane_button, "active", self->side_box, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify_cb), NULL);

  update_title (self);
  update_preview_placeholder (self);
  _kh_window_update_actions (self);
}

KhWindow *
kh_window_new (KhApplication *application)
{
  return g_object_new (KH_TYPE_WINDOW, "application", application, NULL);
}
