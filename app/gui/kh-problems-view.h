/* kh-problems-view.h: the live problems list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-checker.h"

G_BEGIN_DECLS

#define KH_TYPE_PROBLEMS_VIEW (kh_problems_view_get_type ())

G_DECLARE_FINAL_TYPE (KhProblemsView, kh_problems_view, KH, PROBLEMS_VIEW, GtkWidget)

void         kh_problems_view_set_checker    (KhProblemsView *self,
                                              KhChecker      *checker);
KhChecker   *kh_problems_view_get_checker    (KhProblemsView *self);
GtkListView *kh_problems_view_get_list_view  (KhProblemsView *self);
guint        kh_problems_view_get_selected   (KhProblemsView *self);
gboolean     kh_problems_view_activate       (KhProblemsView *self,
                                              guint           position);
gboolean     kh_problems_view_go             (KhProblemsView *self,
                                              int             delta);
const char  *kh_problems_view_get_counts_text (KhProblemsView *self);

char        *kh_problem_describe_location    (KhProblem      *problem);

G_END_DECLS
