/* kh-step-row.h: one step of the rule inspector's chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-step.h"

G_BEGIN_DECLS

#define KH_TYPE_STEP_ROW (kh_step_row_get_type ())

G_DECLARE_FINAL_TYPE (KhStepRow, kh_step_row, KH, STEP_ROW, AdwExpanderRow)

GtkWidget *kh_step_row_new        (KhDocument *document,
                                   const char *target,
                                   KhStep     *step,
                                   guint       index,
                                   guint       n_steps);
KhStep    *kh_step_row_get_step   (KhStepRow  *self);
guint      kh_step_row_get_index  (KhStepRow  *self);
void       kh_step_row_refresh    (KhStepRow  *self,
                                   KhMapping  *mapping);
GtkWidget *kh_step_row_get_param_row (KhStepRow  *self,
                                   const char *name);

G_END_DECLS
