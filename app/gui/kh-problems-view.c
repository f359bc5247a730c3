/* kh-problems-view.c: the live problems list
 *
 * The window's KhChecker (a list model of KhProblem the core keeps
 * current after every edit and every recompute of the preview, errors
 * first) in a list: a severity icon (with the severity in the accessible
 * label and the tooltip, not only in colour), the one-line explanation
 * and what it points at. Activating a problem (click, Enter, F8 and
 * Shift+F8 from anywhere in the window) emits ::problem-activated; the
 * window jumps to the field, rule, step, code list or cell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-problems-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-problems-view.h"

struct _KhProblemsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkLabel           *counts_label;
  GtkWidget          *header_box;
  GtkListView        *list_view;
  GtkStack           *stack;

  /* Owned */
  KhChecker          *checker;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (KhProblemsView, kh_problems_view, GTK_TYPE_WIDGET)

enum {
  PROBLEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * kh_problem_describe_location:
 *
 * Returns: (transfer full): what a problem points at, for people: “Rule
 *   Name, step 2”, “Target field Industry”, “Code list countries”…, and
 *   the sample record when it is about a cell
 */
char *
kh_problem_describe_location (KhProblem *problem)
{
  const char *target = kh_problem_get_rule_target (problem);
  const char *field = kh_problem_get_field (problem);
  int step = kh_problem_get_step_index (problem);
  int index = kh_problem_get_index (problem);
  g_autofree char *place = NULL;

  switch (kh_problem_get_subject (problem))
    {
    case KH_PROBLEM_SUBJECT_SOURCE_FIELD:
      place = g_strdup_printf (_("Source field %s"), field != NULL ? field : "?");
      break;
    case KH_PROBLEM_SUBJECT_TARGET_FIELD:
      place = g_strdup_printf (_("Target field %s"), field != NULL ? field : "?");
      break;
    case KH_PROBLEM_SUBJECT_RULE:
    case KH_PROBLEM_SUBJECT_DEFAULT:
      place = g_strdup_printf (_("Rule %s"), target != NULL ? target : "?");
      break;
    case KH_PROBLEM_SUBJECT_RULE_SOURCE:
      /* Translators: a rule's source, e.g. "Rule Name ← NAME1" */
      place = g_strdup_printf (_("Rule %s ← %s"), target != NULL ? target : "?", field != NULL ? field : "?");
      break;
    case KH_PROBLEM_SUBJECT_STEP:
      /* Translators: e.g. "Rule BillingCountry, step 2" */
      place = g_strdup_printf (_("Rule %s, step %d"), target != NULL ? target : "?", step + 1);
      break;
    case KH_PROBLEM_SUBJECT_PARAM:
      /* Translators: e.g. "Rule SAP_Created_Date__c, step 1, pattern" */
      place = g_strdup_printf (_("Rule %s, step %d, %s"), target != NULL ? target : "?", step + 1,
                               kh_problem_get_param (problem) != NULL ? kh_problem_get_param (problem) : "?");
      break;
    case KH_PROBLEM_SUBJECT_CODE_LIST:
    case KH_PROBLEM_SUBJECT_CODE_ENTRY:
      place = g_strdup_printf (_("Code list %s"), kh_problem_get_code_list (problem) != NULL
                                                  ? kh_problem_get_code_list (problem) : "?");
      break;
    case KH_PROBLEM_SUBJECT_FILTER:
      place = g_strdup_printf (_("Record filter %d"), index + 1);
      index = -1;
      break;
    case KH_PROBLEM_SUBJECT_DEDUPE:
    case KH_PROBLEM_SUBJECT_DEDUPE_KEY:
      place = g_strdup (_("Dedupe"));
      index = -1;
      break;
    case KH_PROBLEM_SUBJECT_GOLDEN_RECORD:
    case KH_PROBLEM_SUBJECT_GOLDEN_INPUT:
    case KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED:
      place = g_strdup_printf (_("Golden record %d"), kh_problem_get_golden_index (problem) + 1);
      index = -1;
      break;
    case KH_PROBLEM_SUBJECT_SOURCE_ENTITY:
      place = g_strdup (_("Source entity"));
      break;
    case KH_PROBLEM_SUBJECT_TARGET_ENTITY:
      place = g_strdup (_("Target entity"));
      break;
    case KH_PROBLEM_SUBJECT_MAPPING:
    case KH_PROBLEM_SUBJECT_DOCUMENT:
    case KH_PROBLEM_SUBJECT_LAYOUT:
    default:
      place = g_strdup (_("Mapping"));
      index = -1;
      break;
    }

  /* A problem about a cell names its sample record too. */
  if (index >= 0 && target != NULL && kh_problem_get_subject (problem) != KH_PROBLEM_SUBJECT_RULE_SOURCE)
    /* Translators: a place and a sample record, e.g. "Rule Name, step 3 · record 12" */
    return g_strdup_printf (_("%s · record %d"), place, index + 1);

  return g_steal_pointer (&place);
}

static void
update_counts (KhProblemsView *self)
{
  guint errors = self->checker != NULL ? kh_checker_get_n_errors (self->checker) : 0;
  guint warnings = self->checker != NULL ? kh_checker_get_n_warnings (self->checker) : 0;
  guint n = self->checker != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->checker)) : 0;
  g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
  g_autofree char *w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings), warnings);
  g_autofree char *text = NULL;

  /* Translators: the problems list's summary, e.g. "2 errors · 5 warnings" */
  text = g_strdup_printf (_("%s · %s"), e, w);
  gtk_label_set_text (self->counts_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "problems.next", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "problems.previous", n > 0);
}

static void
on_factory_setup_cb (KhProblemsView *self,
                     GtkListItem    *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *place = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "problem-row");
  gtk_widget_add_css_class (icon, "severity");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_ellipsize (GTK_LABEL (message), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (message), TRUE);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_widget_add_css_class (message, "problem-message");
  gtk_label_set_xalign (GTK_LABEL (place), 1);
  gtk_label_set_ellipsize (GTK_LABEL (place), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (place), 40);
  gtk_widget_add_css_class (place, "problem-place");
  gtk_widget_add_css_class (place, "dim-label");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), place);
  gtk_list_item_set_child (item, box);
}

static void
on_factory_bind_cb (KhProblemsView *self,
                    GtkListItem    *item)
{
  KhProblem *problem = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *message = gtk_widget_get_next_sibling (icon);
  GtkWidget *place = gtk_widget_get_next_sibling (message);
  gboolean error = kh_problem_get_severity (problem) == KH_PROBLEM_ERROR;
  const char *severity = error ? _("Error") : _("Warning");
  g_autofree char *where = kh_problem_describe_location (problem);
  g_autofree char *a11y = NULL;
  g_autofree char *tooltip = NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (icon, error ? "warning" : "error");
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_label_set_text (GTK_LABEL (message), kh_problem_get_message (problem));
  gtk_label_set_text (GTK_LABEL (place), where);

  /* Translators: a problem's tooltip and accessible label: severity, message, place */
  a11y = g_strdup_printf (_("%s: %s (%s)"), severity, kh_problem_get_message (problem), where);
  tooltip = g_strdup_printf ("%s: %s", severity, kh_problem_get_message (problem));
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/**
 * kh_problems_view_activate:
 * @position: a problem's position in the list
 *
 * Selects a problem and emits ::problem-activated for it.
 *
 * Returns: whether there is such a problem
 */
gboolean
kh_problems_view_activate (KhProblemsView *self,
                           guint           position)
{
  g_autoptr(KhProblem) problem = NULL;

  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), FALSE);

  if (self->checker == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->checker)))
    return FALSE;

  problem = g_list_model_get_item (G_LIST_MODEL (self->checker), position);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  g_signal_emit (self, signals[PROBLEM_ACTIVATED], 0, problem);
  return TRUE;
}

static void
on_list_activate_cb (KhProblemsView *self,
                     guint           position)
{
  kh_problems_view_activate (self, position);
}

/**
 * kh_problems_view_go:
 * @delta: 1 for the next problem, -1 for the previous one
 *
 * Activates the problem after (or before) the selected one, wrapping
 * around: F8 and Shift+F8.
 *
 * Returns: whether there was a problem to go to
 */
gboolean
kh_problems_view_go (KhProblemsView *self,
                     int             delta)
{
  guint n, selected;
  guint next;

  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), FALSE);

  n = self->checker != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->checker)) : 0;
  if (n == 0)
    return FALSE;

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= n)
    next = delta >= 0 ? 0 : n - 1;
  else
    next = (guint) (((int) selected + delta % (int) n + (int) n) % (int) n);

  return kh_problems_view_activate (self, next);
}

static void
go_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  kh_problems_view_go (KH_PROBLEMS_VIEW (widget), g_str_equal (action_name, "problems.next") ? 1 : -1);
}

static void
kh_problems_view_dispose (GObject *object)
{
  KhProblemsView *self = (KhProblemsView *) object;

  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PROBLEMS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->checker);

  G_OBJECT_CLASS (kh_problems_view_parent_class)->dispose (object);
}

static void
kh_problems_view_class_init (KhProblemsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kh_problems_view_dispose;

  /**
   * KhProblemsView::problem-activated:
   * @problem: the problem
   *
   * Go to what @problem points at.
   */
  signals[PROBLEM_ACTIVATED] =
    g_signal_new ("problem-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PROBLEM);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-problems-view.ui");
  gtk_widget_class_set_css_name (widget_class, "problemsview");
  gtk_widget_class_bind_template_child (widget_class, KhProblemsView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, KhProblemsView, header_box);
  gtk_widget_class_bind_template_child (widget_class, KhProblemsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhProblemsView, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "problems.next", NULL, go_action);
  gtk_widget_class_install_action (widget_class, "problems.previous", NULL, go_action);
}

static void
kh_problems_view_init (KhProblemsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_counts (self);
}

/**
 * kh_problems_view_set_checker:
 * @checker: (nullable): the live problems
 */
void
kh_problems_view_set_checker (KhProblemsView *self,
                              KhChecker      *checker)
{
  g_return_if_fail (KH_IS_PROBLEMS_VIEW (self));
  g_return_if_fail (checker == NULL || KH_IS_CHECKER (checker));

  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  g_set_object (&self->checker, checker);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (checker));
  if (checker != NULL)
    {
      g_signal_connect_object (checker, "items-changed", G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (checker, "notify::n-errors", G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (checker, "notify::n-warnings", G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
    }
  update_counts (self);
}

/**
 * kh_problems_view_get_checker:
 *
 * Returns: (transfer none) (nullable): the problems shown
 */
KhChecker *
kh_problems_view_get_checker (KhProblemsView *self)
{
  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), NULL);

  return self->checker;
}

/**
 * kh_problems_view_get_list_view:
 *
 * Returns: (transfer none): the list
 */
GtkListView *
kh_problems_view_get_list_view (KhProblemsView *self)
{
  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), NULL);

  return self->list_view;
}

/**
 * kh_problems_view_get_selected:
 *
 * Returns: the position of the selected problem, or
 *   %GTK_INVALID_LIST_POSITION
 */
guint
kh_problems_view_get_selected (KhProblemsView *self)
{
  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

/**
 * kh_problems_view_get_counts_text:
 *
 * Returns: the summary above the list, e.g. “2 errors · 5 warnings”
 */
const char *
kh_problems_view_get_counts_text (KhProblemsView *self)
{
  g_return_val_if_fail (KH_IS_PROBLEMS_VIEW (self), NULL);

  return gtk_label_get_text (self->counts_label);
}
