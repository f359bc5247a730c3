/* kh-coverage-meter.h: how much of the target contract the mapping covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kh-coverage.h"

G_BEGIN_DECLS

#define KH_TYPE_COVERAGE_METER (kh_coverage_meter_get_type ())

G_DECLARE_FINAL_TYPE (KhCoverageMeter, kh_coverage_meter, KH, COVERAGE_METER, GtkToggleButton)

void        kh_coverage_meter_set_coverage (KhCoverageMeter *self,
                                            KhCoverage      *coverage);
KhCoverage *kh_coverage_meter_get_coverage (KhCoverageMeter *self);
const char *kh_coverage_meter_get_text     (KhCoverageMeter *self);

G_END_DECLS
