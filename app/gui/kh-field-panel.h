/* kh-field-panel.h: one schema panel: entity selector, search, filters and
 * a virtualised field list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-document.h"
#include "kh-field-item.h"

G_BEGIN_DECLS

#define KH_TYPE_FIELD_PANEL (kh_field_panel_get_type ())

G_DECLARE_FINAL_TYPE (KhFieldPanel, kh_field_panel, KH, FIELD_PANEL, GtkWidget)

typedef enum
{
  KH_FIELD_FILTER_ALL,
  KH_FIELD_FILTER_UNMAPPED,
  KH_FIELD_FILTER_REQUIRED_UNMAPPED,
  KH_FIELD_FILTER_MAPPED,
} KhFieldFilter;

/* Where a field's row is, for the canvas. */
typedef enum
{
  KH_ROW_PLACE_VISIBLE,
  KH_ROW_PLACE_ABOVE,    /* scrolled out above the viewport (or filtered out before it) */
  KH_ROW_PLACE_BELOW,
  KH_ROW_PLACE_MISSING,  /* the entity has no such field */
} KhRowPlace;

KhSide              kh_field_panel_get_side          (KhFieldPanel  *self);
void                kh_field_panel_set_document      (KhFieldPanel  *self,
                                                      KhDocument    *document);
KhEntity           *kh_field_panel_get_entity        (KhFieldPanel  *self);

void                kh_field_panel_set_search_text   (KhFieldPanel  *self,
                                                      const char    *text);
const char         *kh_field_panel_get_search_text   (KhFieldPanel  *self);
void                kh_field_panel_set_filter        (KhFieldPanel  *self,
                                                      KhFieldFilter  filter);
KhFieldFilter       kh_field_panel_get_filter        (KhFieldPanel  *self);
GListModel         *kh_field_panel_get_model         (KhFieldPanel  *self);
guint               kh_field_panel_get_n_fields      (KhFieldPanel  *self);
guint               kh_field_panel_get_filter_serial (KhFieldPanel  *self);

char              **kh_field_panel_get_selected_paths (KhFieldPanel *self);
gboolean            kh_field_panel_select_path       (KhFieldPanel  *self,
                                                      const char    *path,
                                                      gboolean       grab_focus);
gboolean            kh_field_panel_add_to_selection  (KhFieldPanel  *self,
                                                      const char    *path);
void                kh_field_panel_unselect_all      (KhFieldPanel  *self);
void                kh_field_panel_focus_list        (KhFieldPanel  *self);
void                kh_field_panel_focus_search      (KhFieldPanel  *self);

KhRowPlace          kh_field_panel_locate            (KhFieldPanel  *self,
                                                      const char    *path,
                                                      GtkWidget     *relative_to,
                                                      double        *y);
gboolean            kh_field_panel_get_viewport      (KhFieldPanel  *self,
                                                      GtkWidget     *relative_to,
                                                      graphene_rect_t *rect);
GtkWidget          *kh_field_panel_get_row_widget    (KhFieldPanel  *self,
                                                      const char    *path);
GtkAdjustment      *kh_field_panel_get_vadjustment   (KhFieldPanel  *self);

/* For tests: the same code paths the drag source and drop target run. */
char               *kh_field_panel_drag_paths_at     (KhFieldPanel  *self,
                                                      double         x,
                                                      double         y);
const char         *kh_field_panel_path_at           (KhFieldPanel  *self,
                                                      double         x,
                                                      double         y);
GtkWidget          *kh_field_panel_get_list_view     (KhFieldPanel  *self);
GtkWidget          *kh_field_panel_get_search_entry  (KhFieldPanel  *self);

G_END_DECLS
