/* kh-param-row.h: the editor of one step parameter, generated from the
 * catalogue's typed parameter description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-step.h"

G_BEGIN_DECLS

#define KH_TYPE_PARAM_ROW (kh_param_row_get_type ())

G_DECLARE_FINAL_TYPE (KhParamRow, kh_param_row, KH, PARAM_ROW, AdwActionRow)

GtkWidget         *kh_param_row_new        (KhDocument        *document,
                                            const char        *target,
                                            guint              step_index,
                                            KhStep            *step,
                                            const KhParamInfo *param);
const KhParamInfo *kh_param_row_get_param  (KhParamRow        *self);
void               kh_param_row_refresh    (KhParamRow        *self);
gboolean           kh_param_row_is_valid   (KhParamRow        *self);
GtkWidget         *kh_param_row_get_editor (KhParamRow        *self);
void               kh_param_row_set_text   (KhParamRow        *self,
                                            const char        *text);

char              *kh_param_row_date_example (const char      *pattern,
                                            GError           **error);

G_END_DECLS
