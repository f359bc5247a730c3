/* kh-coverage.h: how much of the target contract a mapping covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-entity.h"
#include "kh-mapping.h"

G_BEGIN_DECLS

#define KH_TYPE_COVERAGE (kh_coverage_get_type ())

G_DECLARE_FINAL_TYPE (KhCoverage, kh_coverage, KH, COVERAGE, GObject)

KhCoverage *kh_coverage_new                   (KhMapping  *mapping,
                                               KhEntity   *target_entity);
guint       kh_coverage_get_n_fields          (KhCoverage *self);
guint       kh_coverage_get_n_mapped          (KhCoverage *self);
guint       kh_coverage_get_n_required        (KhCoverage *self);
guint       kh_coverage_get_n_required_mapped (KhCoverage *self);
double      kh_coverage_get_fraction          (KhCoverage *self);
double      kh_coverage_get_required_fraction (KhCoverage *self);
GListModel *kh_coverage_get_gaps              (KhCoverage *self);
GListModel *kh_coverage_get_required_gaps     (KhCoverage *self);
gboolean    kh_coverage_is_gap                (KhCoverage *self,
                                               const char *field);
char       *kh_coverage_describe              (KhCoverage *self);

G_END_DECLS
