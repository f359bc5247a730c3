/* kh-checker.h: the live problems list the workbench shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-checks.h"
#include "kh-coverage.h"
#include "kh-mapping.h"
#include "kh-preview.h"

G_BEGIN_DECLS

#define KH_TYPE_CHECKER (kh_checker_get_type ())

G_DECLARE_FINAL_TYPE (KhChecker, kh_checker, KH, CHECKER, GObject)

KhChecker  *kh_checker_new          (void);
KhMapping  *kh_checker_get_mapping  (KhChecker *self);
void        kh_checker_set_mapping  (KhChecker *self,
                                     KhMapping *mapping);
KhPreview  *kh_checker_get_preview  (KhChecker *self);
void        kh_checker_set_preview  (KhChecker *self,
                                     KhPreview *preview);
KhCoverage *kh_checker_get_coverage (KhChecker *self);
guint       kh_checker_get_n_errors   (KhChecker *self);
guint       kh_checker_get_n_warnings (KhChecker *self);
void        kh_checker_update_now   (KhChecker *self);

G_END_DECLS
