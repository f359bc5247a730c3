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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-version", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-versions", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-xml", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-samples", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-preview", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-problem", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-problem", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview-filter", workbench);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview-sources", workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->side_pane_button), workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_button), workbench);
  gtk_widget_set_visible (GTK_WIDGET (self->coverage_meter), workbench);
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
  /* Sample sets are immutable: an edit, an import or an undo replaces
   * the document's set, and the preview recomputes. */
  kh_preview_set_samples (self->preview, kh_document_get_samples (self->document));
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

/* ---- The preview, the problems and the coverage ------------------------------ */

static void
on_preview_show_rule_cb (KhWindow      *self,
                         const char    *target,
                         int            step_index,
                         KhPreviewView *view)
{
  kh_window_select_rule (self, target, step_index, NULL);
}

static void
on_view_message_cb (KhWindow   *self,
                    const char *message)
{
  _kh_window_announce (self, message);
}

/* Goes to what a problem points at: a field, a rule (and step and
 * parameter), a code list, the record rules; a problem about a sample
 * record (a rule that fails on the samples, a code the list lacks) also
 * shows that record's cell in the preview. */
static void
on_problem_activated_cb (KhWindow       *self,
                         KhProblem      *problem,
                         KhProblemsView *view)
{
  const char *target = kh_problem_get_rule_target (problem);
  const char *field = kh_problem_get_field (problem);
  KhProblemSubject subject = kh_problem_get_subject (problem);
  int index = kh_problem_get_index (problem);

  switch (subject)
    {
    case KH_PROBLEM_SUBJECT_TARGET_FIELD:
      if (field != NULL)
        kh_window_select_target_field (self, field);
      break;
    case KH_PROBLEM_SUBJECT_SOURCE_FIELD:
      if (field != NULL)
        kh_window_select_source_field (self, field);
      break;
    case KH_PROBLEM_SUBJECT_RULE:
    case KH_PROBLEM_SUBJECT_DEFAULT:
      if (target != NULL)
        kh_window_select_rule (self, target, -1, NULL);
      break;
    case KH_PROBLEM_SUBJECT_RULE_SOURCE:
      if (target != NULL)
        kh_window_select_rule (self, target, -1, NULL);
      if (field != NULL)
        kh_window_select_source_field (self, field);
      break;
    case KH_PROBLEM_SUBJECT_STEP:
    case KH_PROBLEM_SUBJECT_PARAM:
      if (target != NULL)
        kh_window_select_rule (self, target, kh_problem_get_step_index (problem),
                               subject == KH_PROBLEM_SUBJECT_PARAM ? kh_problem_get_param (problem) : NULL);
      break;
    case KH_PROBLEM_SUBJECT_CODE_LIST:
    case KH_PROBLEM_SUBJECT_CODE_ENTRY:
      kh_window_select_code_list (self, kh_problem_get_code_list (problem));
      break;
    case KH_PROBLEM_SUBJECT_FILTER:
    case KH_PROBLEM_SUBJECT_DEDUPE:
    case KH_PROBLEM_SUBJECT_DEDUPE_KEY:
      kh_window_show_record_rules (self);
      break;
    case KH_PROBLEM_SUBJECT_MAPPING:
    case KH_PROBLEM_SUBJECT_DOCUMENT:
    case KH_PROBLEM_SUBJECT_SOURCE_ENTITY:
    case KH_PROBLEM_SUBJECT_TARGET_ENTITY:
    case KH_PROBLEM_SUBJECT_GOLDEN_RECORD:
    case KH_PROBLEM_SUBJECT_GOLDEN_INPUT:
    case KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED:
    case KH_PROBLEM_SUBJECT_LAYOUT:
    default:
      break;
    }

  if (index >= 0 && target != NULL &&
      (subject == KH_PROBLEM_SUBJECT_STEP || subject == KH_PROBLEM_SUBJECT_RULE || subject == KH_PROBLEM_SUBJECT_PARAM))
    {
      kh_window_show_bottom_page (self, "preview");
      kh_preview_view_reveal_cell (self->preview_view, (guint) index, target);
    }

  gtk_label_set_text (self->status_label, kh_problem_get_message (problem));
}

static void
update_problems_badge (KhWindow *self)
{
  guint errors = kh_checker_get_n_errors (self->checker);
  guint warnings = kh_checker_get_n_warnings (self->checker);
  g_autofree char *e = g_strdup_printf ("%u", errors);
  g_autofree char *w = g_strdup_printf ("%u", warnings);
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (self->problems_error_label, e);
  gtk_label_set_text (self->problems_warning_label, w);
  gtk_widget_set_visible (self->problems_error_icon, errors > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_error_label), errors > 0);
  gtk_widget_set_visible (self->problems_warning_icon, warnings > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_warning_label), warnings > 0);
  gtk_widget_set_visible (self->problems_ok_icon, errors == 0 && warnings == 0);

  if (errors > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->problems_button), "has-errors");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->problems_button), "has-errors");

  if (errors == 0 && warnings == 0)
    tooltip = g_strdup (_("No problems (F8)"));
  else
    {
      g_autofree char *ep = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
      g_autofree char *wp = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings),
                                             warnings);
      /* Translators: the problems badge's tooltip, e.g. "2 errors, 5 warnings: show the problems (F8)" */
      tooltip = g_strdup_printf (_("%s, %s: show the problems (F8)"), ep, wp);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->problems_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problems_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
update_coverage (KhWindow *self)
{
  kh_coverage_meter_set_coverage (self->coverage_meter, kh_checker_get_coverage (self->checker));
}

/* The meter filters the target panel to the gaps: the required fields
 * without a rule first (when there are any), else every field without
 * one; clicking again shows every field. */
static void
on_coverage_meter_active_cb (KhWindow *self)
{
  KhCoverage *coverage = kh_checker_get_coverage (self->checker);
  KhFieldPanel *panel = target_panel (self);
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->coverage_meter));
  g_autofree char *message = NULL;

  if (self->syncing_meter)
    return;

  if (!active)
    {
      kh_field_panel_set_filter (panel, KH_FIELD_FILTER_ALL);
      _kh_window_announce (self, _("The target panel shows every field"));
      return;
    }

  if (coverage != NULL && kh_coverage_get_n_required_mapped (coverage) < kh_coverage_get_n_required (coverage))
    {
      guint n = kh_coverage_get_n_required (coverage) - kh_coverage_get_n_required_mapped (coverage);

      kh_field_panel_set_filter (panel, KH_FIELD_FILTER_REQUIRED_UNMAPPED);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The target panel shows the %u required field without a rule",
                                              "The target panel shows the %u required fields without a rule", n), n);
    }
  else
    {
      guint n = coverage != NULL ? kh_coverage_get_n_fields (coverage) - kh_coverage_get_n_mapped (coverage) : 0;

      kh_field_panel_set_filter (panel, KH_FIELD_FILTER_UNMAPPED);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The target panel shows the %u field without a rule",
                                              "The target panel shows the %u fields without a rule", n), n);
    }
  _kh_window_announce (self, message);
}

/* The panel's own filter menu can show every field again: the meter
 * follows. */
static void
on_target_rows_changed_cb (KhWindow *self)
{
  gboolean gaps = kh_field_panel_get_filter (target_panel (self)) != KH_FIELD_FILTER_ALL;

  if (!gaps && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->coverage_meter)))
    {
      self->syncing_meter = TRUE;
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->coverage_meter), FALSE);
      self->syncing_meter = FALSE;
    }
}

/**
 * kh_window_get_preview:
 *
 * Returns: (transfer none): the live preview of the document
 */
KhPreview *
kh_window_get_preview (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->preview;
}

/**
 * kh_window_get_checker:
 *
 * Returns: (transfer none): the live problems list
 */
KhChecker *
kh_window_get_checker (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->checker;
}

/**
 * kh_window_get_preview_view:
 *
 * Returns: (transfer none): the preview grid
 */
KhPreviewView *
kh_window_get_preview_view (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->preview_view;
}

/**
 * kh_window_get_problems_view:
 *
 * Returns: (transfer none): the problems list
 */
KhProblemsView *
kh_window_get_problems_view (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->problems_view;
}

/**
 * kh_window_get_coverage_meter:
 *
 * Returns: (transfer none): the coverage meter in the header bar
 */
KhCoverageMeter *
kh_window_get_coverage_meter (KhWindow *self)
{
  g_return_val_if_fail (KH_IS_WINDOW (self), NULL);

  return self->coverage_meter;
}

/**
 * _kh_window_set_busy:
 *
 * Shows or hides the header bar's spinner while a project is read.
 */
void
_kh_window_set_busy (KhWindow *self,
                     gboolean  busy)
{
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
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
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_WINDOW);
  g_clear_object (&self->settings);
  if (self->checker != NULL)
    kh_checker_set_preview (self->checker, NULL);
  g_clear_object (&self->checker);
  if (self->preview != NULL)
    kh_preview_set_mapping (self->preview, NULL);
  g_clear_object (&self->preview);
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
  gtk_widget_class_bind_template_child (widget_class, KhWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, code_list_editor);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, coverage_meter);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, link_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, preview_slot);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, preview_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_error_icon);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_error_label);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_ok_icon);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_slot);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_view);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_warning_icon);
  gtk_widget_class_bind_template_child (widget_class, KhWindow, problems_warning_label);
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
  gtk_widget_class_bind_template_callback (widget_class, on_coverage_meter_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_show_rule_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_message_cb);

  _kh_window_class_actions_init (widget_class);

  g_type_ensure (KH_TYPE_CODE_LIST_EDITOR);
  g_type_ensure (KH_TYPE_COVERAGE_METER);
  g_type_ensure (KH_TYPE_MAPPING_CANVAS);
  g_type_ensure (KH_TYPE_PREVIEW_VIEW);
  g_type_ensure (KH_TYPE_PROBLEMS_VIEW);
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

  /* The live preview and problems list of the document: the core
   * recomputes them (the preview in a worker) after every edit. */
  self->preview = kh_preview_new ();
  kh_preview_set_mapping (self->preview, kh_document_get_mapping (self->document));
  kh_preview_set_samples (self->preview, kh_document_get_samples (self->document));
  self->checker = kh_checker_new ();
  kh_checker_set_mapping (self->checker, kh_document_get_mapping (self->document));
  kh_checker_set_preview (self->checker, self->preview);
  g_signal_connect_object (self->checker, "notify::n-errors", G_CALLBACK (update_problems_badge), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checker, "notify::n-warnings", G_CALLBACK (update_problems_badge), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checker, "notify::coverage", G_CALLBACK (update_coverage), self, G_CONNECT_SWAPPED);
  kh_preview_view_set_preview (self->preview_view, self->preview);
  kh_preview_view_set_document (self->preview_view, self->document);
  kh_problems_view_set_checker (self->problems_view, self->checker);
  kh_mapping_canvas_set_problems (self->canvas, G_LIST_MODEL (self->checker));

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
  g_signal_connect_object (target, "rows-changed", G_CALLBACK (on_target_rows_changed_cb), self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->side_pane_button, "active", self->side_box, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify_cb), NULL);

  update_title (self);
  update_problems_badge (self);
  update_coverage (self);
  _kh_window_update_actions (self);
}

KhWindow *
kh_window_new (KhApplication *application)
{
  return g_object_new (KH_TYPE_WINDOW, "application", application, NULL);
}
