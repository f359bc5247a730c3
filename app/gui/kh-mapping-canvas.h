/* kh-mapping-canvas.h: the two schema panels and the links drawn between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-field-panel.h"
#include "kh-rule-status.h"

G_BEGIN_DECLS

#define KH_TYPE_MAPPING_CANVAS (kh_mapping_canvas_get_type ())

G_DECLARE_FINAL_TYPE (KhMappingCanvas, kh_mapping_canvas, KH, MAPPING_CANVAS, GtkWidget)

void          kh_mapping_canvas_set_document      (KhMappingCanvas *self,
                                                   KhDocument      *document);
void          kh_mapping_canvas_set_problems      (KhMappingCanvas *self,
                                                   GListModel      *problems);
KhRuleStatus  kh_mapping_canvas_get_link_status   (KhMappingCanvas *self,
                                                   const char      *target);
KhFieldPanel *kh_mapping_canvas_get_panel         (KhMappingCanvas *self,
                                                   KhSide           side);
void          kh_mapping_canvas_set_selection     (KhMappingCanvas *self,
                                                   const char      *target,
                                                   const char      *source);
const char   *kh_mapping_canvas_get_selected_target (KhMappingCanvas *self);
const char   *kh_mapping_canvas_get_selected_source (KhMappingCanvas *self);
guint         kh_mapping_canvas_get_n_links       (KhMappingCanvas *self);
gboolean      kh_mapping_canvas_get_link_geometry (KhMappingCanvas *self,
                                                   const char      *source,
                                                   const char      *target,
                                                   graphene_point_t *start,
                                                   graphene_point_t *end);
gboolean      kh_mapping_canvas_pick_link         (KhMappingCanvas *self,
                                                   double           x,
                                                   double           y,
                                                   const char     **source,
                                                   const char     **target);
guint         kh_mapping_canvas_get_draw_count    (KhMappingCanvas *self);

G_END_DECLS
