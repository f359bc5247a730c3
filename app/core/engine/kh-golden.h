/* kh-golden.h: checking a mapping's golden records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-golden-record.h"
#include "kh-mapping.h"
#include "kh-plan.h"

G_BEGIN_DECLS

/**
 * KhGoldenMismatch:
 * @field: (nullable): the target field whose output differs, or %NULL when
 *   the outcome differs
 * @expected: (nullable): the expected text (%NULL: null expected); for an
 *   outcome mismatch, the expected outcome's name ("written", "rejected", …)
 * @actual: (nullable): the actual text (%NULL: null); for an outcome
 *   mismatch, the actual outcome's name, or "aborted"
 * @message: a translated sentence naming the record, the field and both
 *   values, such as “Golden record “blank e-mail”: Email: expected null,
 *   got “x@example.com””
 *
 * One difference between a golden record's expectation and the engine.
 */
typedef struct
{
  char *field;
  char *expected;
  char *actual;
  char *message;
} KhGoldenMismatch;

/**
 * KhGoldenResult:
 * @name: the golden record's name
 * @passed: whether the record gave the expected outcome and outputs
 * @expected_outcome: the outcome the record expects
 * @actual_outcome: the outcome it got (%KH_OUTCOME_REJECTED when aborted)
 * @aborted: whether a rule with policy `abort` failed
 * @mismatches: (element-type KhGoldenMismatch): the differences, empty when
 *   @passed
 * @errors: (element-type utf8): the record's rule errors as sentences
 *   (“Email: step 3 (required): a value is required”), to explain a
 *   rejection, whether or not it was expected
 *
 * The result of checking one golden record.
 */
typedef struct
{
  char       *name;
  gboolean    passed;
  KhOutcome   expected_outcome;
  KhOutcome   actual_outcome;
  gboolean    aborted;
  GPtrArray  *mismatches;
  GPtrArray  *errors;
} KhGoldenResult;

void            kh_golden_result_free   (KhGoldenResult  *result);

KhPlan         *kh_golden_plan_new      (KhMapping       *mapping,
                                         GError         **error);
KhGoldenResult *kh_golden_check_record  (KhPlan          *plan,
                                         KhGoldenRecord  *record);
GPtrArray      *kh_golden_check         (KhMapping       *mapping,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhGoldenResult, kh_golden_result_free)

G_END_DECLS
