/* kh-checks.h: the problems list: what is wrong with a mapping, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-entity.h"
#include "kh-mapping.h"
#include "kh-preview-result.h"
#include "kh-problem.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

/* The codes of the problems kh_checks_run() adds to those of
 * kh_mapping_check(). */
#define KH_CHECK_REQUIRED_UNMAPPED "target-required-unmapped"
#define KH_CHECK_TYPE_MISMATCH     "type-mismatch"
#define KH_CHECK_TRUNCATION        "truncation-risk"
#define KH_CHECK_CODE_NOT_COVERED  "code-not-covered"
#define KH_CHECK_RULE_FAILS        "rule-fails-on-samples"
#define KH_CHECK_COLUMN_MISSING    "sample-column-missing"

GListModel *kh_checks_run          (KhMapping       *mapping,
                                    KhEntity        *source_entity,
                                    KhEntity        *target_entity,
                                    KhPreviewResult *preview,
                                    KhSampleSet     *samples);
guint       kh_checks_count        (GListModel      *problems,
                                    KhProblemSeverity severity);

G_END_DECLS
