/* kh-coverage-meter.c: how much of the target contract the mapping covers
 *
 * A toggle button in the header bar: two thin level bars (required
 * target fields with a rule, and all target fields with a rule) and the
 * figures in words, “Required 5/7 · All 11/18”. The figures are the
 * core's (KhCoverage, which the window's KhChecker keeps current). When
 * it is active, the window filters the target panel to the gaps: the
 * required fields without a rule when there are any, else every field
 * without one. A second click shows every field again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-coverage-meter"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-coverage-meter.h"

struct _KhCoverageMeter
{
  GtkToggleButton  parent_instance;

  /* Template widgets */
  GtkLevelBar     *all_bar;
  GtkLabel        *label;
  GtkLevelBar     *required_bar;

  /* Owned */
  KhCoverage      *coverage;
};

G_DEFINE_FINAL_TYPE (KhCoverageMeter, kh_coverage_meter, GTK_TYPE_TOGGLE_BUTTON)

static void
update (KhCoverageMeter *self)
{
  guint required = 0, required_mapped = 0, fields = 0, mapped = 0;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  g_autofree char *required_part = NULL;
  g_autofree char *all_part = NULL;

  if (self->coverage != NULL)
    {
      required = kh_coverage_get_n_required (self->coverage);
      required_mapped = kh_coverage_get_n_required_mapped (self->coverage);
      fields = kh_coverage_get_n_fields (self->coverage);
      mapped = kh_coverage_get_n_mapped (self->coverage);
    }

  /* Translators: the coverage meter: required target fields with a rule, then all target fields with a rule */
  text = g_strdup_printf (_("Required %u/%u · All %u/%u"), required_mapped, required, mapped, fields);
  gtk_label_set_text (self->label, text);
  gtk_level_bar_set_value (self->required_bar, required > 0 ? (double) required_mapped / required : 1.0);
  gtk_level_bar_set_value (self->all_bar, fields > 0 ? (double) mapped / fields : 1.0);

  required_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u required target field has a rule",
                                                "%u of %u required target fields have a rule", required),
                                   required_mapped, required);
  all_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u of %u target field has a rule",
                                           "%u of %u target fields have a rule", fields),
                              mapped, fields);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self)))
    /* Translators: the coverage meter's tooltip while the target panel shows the gaps */
    description = g_strdup_printf (_("%s; %s. The target panel shows only the fields without a rule: click to show every field."),
                                   required_part, all_part);
  else
    /* Translators: the coverage meter's tooltip */
    description = g_strdup_printf (_("%s; %s. Click to show only the fields without a rule, required first."),
                                   required_part, all_part);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  if (required_mapped < required)
    gtk_widget_add_css_class (GTK_WIDGET (self), "has-required-gaps");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "has-required-gaps");
}

static void
kh_coverage_meter_toggled (GtkToggleButton *button)
{
  update (KH_COVERAGE_METER (button));

  if (GTK_TOGGLE_BUTTON_CLASS (kh_coverage_meter_parent_class)->toggled != NULL)
    GTK_TOGGLE_BUTTON_CLASS (kh_coverage_meter_parent_class)->toggled (button);
}

static void
kh_coverage_meter_dispose (GObject *object)
{
  KhCoverageMeter *self = (KhCoverageMeter *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_COVERAGE_METER);
  g_clear_object (&self->coverage);

  G_OBJECT_CLASS (kh_coverage_meter_parent_class)->dispose (object);
}

static void
kh_coverage_meter_class_init (KhCoverageMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkToggleButtonClass *toggle_class = GTK_TOGGLE_BUTTON_CLASS (klass);

  object_class->dispose = kh_coverage_meter_dispose;
  toggle_class->toggled = kh_coverage_meter_toggled;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kh-coverage-meter.ui");
  gtk_widget_class_set_css_name (widget_class, "coveragemeter");
  gtk_widget_class_bind_template_child (widget_class, KhCoverageMeter, all_bar);
  gtk_widget_class_bind_template_child (widget_class, KhCoverageMeter, label);
  gtk_widget_class_bind_template_child (widget_class, KhCoverageMeter, required_bar);
}

static void
kh_coverage_meter_init (KhCoverageMeter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Full is good here: no "low" warning colour below a quarter. */
  gtk_level_bar_remove_offset_value (self->required_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->all_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  update (self);
}

/**
 * kh_coverage_meter_set_coverage:
 * @coverage: (nullable): the figures to show
 */
void
kh_coverage_meter_set_coverage (KhCoverageMeter *self,
                                KhCoverage      *coverage)
{
  g_return_if_fail (KH_IS_COVERAGE_METER (self));
  g_return_if_fail (coverage == NULL || KH_IS_COVERAGE (coverage));

  g_set_object (&self->coverage, coverage);
  update (self);
}

/**
 * kh_coverage_meter_get_coverage:
 *
 * Returns: (transfer none) (nullable): the figures shown
 */
KhCoverage *
kh_coverage_meter_get_coverage (KhCoverageMeter *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE_METER (self), NULL);

  return self->coverage;
}

/**
 * kh_coverage_meter_get_text:
 *
 * Returns: what the meter says, e.g. “Required 5/7 · All 11/18”
 */
const char *
kh_coverage_meter_get_text (KhCoverageMeter *self)
{
  g_return_val_if_fail (KH_IS_COVERAGE_METER (self), NULL);

  return gtk_label_get_text (self->label);
}
