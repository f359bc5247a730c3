/* kh-step-picker.h: a popover that adds a step from the catalogue, with search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KH_TYPE_STEP_PICKER (kh_step_picker_get_type ())

G_DECLARE_FINAL_TYPE (KhStepPicker, kh_step_picker, KH, STEP_PICKER, GtkPopover)

GtkWidget  *kh_step_picker_new             (void);
void        kh_step_picker_set_search_text (KhStepPicker *self,
                                            const char   *text);
GListModel *kh_step_picker_get_model       (KhStepPicker *self);
void        kh_step_picker_choose          (KhStepPicker *self,
                                            guint         position);

G_END_DECLS
