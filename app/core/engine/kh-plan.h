/* kh-plan.h: a mapping compiled against concrete input columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-mapping.h"
#include "kh-types.h"
#include "kh-value.h"

G_BEGIN_DECLS

/**
 * KhPlanFlags:
 * @KH_PLAN_FLAGS_NONE: values only, as the runner wants them
 * @KH_PLAN_TRACE: record the value after every stage of every rule, for
 *   kh_record_result_get_trace(). Without it the engine does no trace work.
 * @KH_PLAN_MISSING_COLUMNS_NULL: a source column the mapping names but the
 *   input does not have reads as null instead of failing the compile
 *   (JSON input, golden records, the preview of a partial sample)
 * @KH_PLAN_CONTINUE_AFTER_ABORT: when a rule with policy `abort` fails, the
 *   other rules still run so that a preview can show every cell; the record
 *   is still reported as aborted. The runner must not set it.
 *
 * Options of kh_plan_new().
 */
typedef enum
{
  KH_PLAN_FLAGS_NONE           = 0,
  KH_PLAN_TRACE                = 1 << 0,
  KH_PLAN_MISSING_COLUMNS_NULL = 1 << 1,
  KH_PLAN_CONTINUE_AFTER_ABORT = 1 << 2,
} KhPlanFlags;

/**
 * KhPlanColumn:
 * @name: the target field the column is named after
 * @type: the type of the column's values: the target field's type when the
 *   target entity has the field, otherwise the type the rule's steps give.
 *   A cell can still carry another type (a `keep` policy keeps the raw
 *   string, a missing value is null): writers use each cell's own
 *   #KhValue.type.
 * @has_field: whether the target entity has the field (the target contract
 *   is checked only then)
 * @field_type: the target field's type (when @has_field)
 * @required: whether the field is required (when @has_field)
 * @max_length: the field's max length in characters, %KH_FACET_UNKNOWN or
 *   %KH_LENGTH_NONE
 * @precision: the field's precision, or %KH_FACET_UNKNOWN
 * @scale: the field's scale, or %KH_FACET_UNKNOWN
 * @on_error: the rule's on-error policy
 * @n_steps: the number of steps of the rule
 *
 * One output column of a plan: one per rule, in rule order.
 */
typedef struct
{
  const char  *name;
  KhValueType  type;
  gboolean     has_field;
  KhFieldType  field_type;
  KhRequired   required;
  int          max_length;
  int          precision;
  int          scale;
  KhOnError    on_error;
  guint        n_steps;
} KhPlanColumn;

/**
 * KhPlan:
 *
 * A #KhMapping compiled once against the names of the input columns: source
 * columns resolved to indexes, date patterns, regular expressions, time
 * zones and code lists precompiled. A plan is immutable and reference
 * counted; it copies everything it needs at compile time and never touches
 * the mapping again, so it can be evaluated in a worker thread while the
 * mapping is edited. Several threads can evaluate one plan at the same
 * time, each with its own #KhRecordResult.
 */
typedef struct _KhPlan KhPlan;

typedef struct _KhRecordResult KhRecordResult;

#define KH_TYPE_PLAN (kh_plan_get_type ())

GType               kh_plan_get_type              (void) G_GNUC_CONST;

KhPlan             *kh_plan_new                   (KhMapping           *mapping,
                                                   const char * const  *columns,
                                                   guint                n_columns,
                                                   KhPlanFlags          flags,
                                                   GError             **error);
KhPlan             *kh_plan_ref                   (KhPlan              *self);
void                kh_plan_unref                 (KhPlan              *self);

KhPlanFlags         kh_plan_get_flags             (KhPlan              *self);
const char         *kh_plan_get_mapping_name      (KhPlan              *self);

guint               kh_plan_get_n_input_columns   (KhPlan              *self);
const char         *kh_plan_get_input_column      (KhPlan              *self,
                                                   guint                index);

guint               kh_plan_get_n_columns         (KhPlan              *self);
const KhPlanColumn *kh_plan_get_column            (KhPlan              *self,
                                                   guint                column);
int                 kh_plan_find_column           (KhPlan              *self,
                                                   const char          *name);

guint               kh_plan_get_n_filters         (KhPlan              *self);

gboolean            kh_plan_has_dedupe            (KhPlan              *self);
KhDedupeKeep        kh_plan_get_dedupe_keep       (KhPlan              *self);
const guint        *kh_plan_get_dedupe_columns    (KhPlan              *self,
                                                   guint               *n_columns);

gboolean            kh_plan_eval                  (KhPlan              *self,
                                                   const KhRecord      *record,
                                                   KhRecordResult      *result,
                                                   KhOutcome           *outcome);
gboolean            kh_plan_eval_strings          (KhPlan              *self,
                                                   const char * const  *values,
                                                   KhRecordResult      *result,
                                                   KhOutcome           *outcome);

char              **kh_plan_list_source_columns   (KhMapping           *mapping);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhPlan, kh_plan_unref)

G_END_DECLS
