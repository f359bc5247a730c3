/* kh-plan-private.h: the insides of plans and record results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-arena-private.h"
#include "kh-plan.h"
#include "kh-record-result.h"
#include "kh-step-impl-private.h"
#include "kh-str-table-private.h"

G_BEGIN_DECLS

/* The target field's contract, copied from the target entity. */
typedef struct
{
  gboolean     has_field;
  KhFieldType  field_type;
  KhValueType  value_type;
  KhRequired   required;
  int          max_length;
  int          precision;
  int          scale;
  gboolean     checks_value;   /* facets to check beyond the type */
} KhTargetContract;

/* The short way the runner's evaluation takes for a rule's source value
 * that is there (see eval_rules()) */
typedef enum
{
  KH_SHORT_WAY_NONE,    /* none: the rule runs in full */
  KH_SHORT_WAY_COPY,    /* no steps, and a text is the value as it is */
  KH_SHORT_WAY_STEPS,   /* steps that each take one value (eval_rule_short()) */
} KhShortWay;

/* One compiled rule. Everything is owned by the plan. */
typedef struct
{
  char              *target;
  guint              column;
  int               *sources;        /* input column indexes; -1: always null */
  int                first_source;   /* sources[0], or -1 without sources */
  KhValueType        pass_type;      /* values of this type need no contract work
                                      * (KH_VALUE_NULL: every value does) */
  KhShortWay         short_way;      /* only with a first source column (first_source >= 0) */
  guint              pass_mask;      /* 1 << type for each type of value (never null) that
                                      * pass_type lets through */
  char             **source_names;   /* NULL-terminated */
  guint              n_sources;
  KhStepImpl        *steps;
  guint              n_steps;
  KhOnError          on_error;
  gboolean           has_default;
  KhValue            default_value;  /* the default after the target contract; str owned */
  KhTargetContract   contract;
} KhPlanRule;

typedef struct
{
  guint        column;
  KhFilterOp   op;
  char        *value;       /* equals, not-equals */
  gsize        value_len;
  GRegex      *regex;       /* matches: anchored */
  KhStrTable   set;         /* one-of, not-one-of */
} KhPlanFilter;

struct _KhPlan
{
  KhPlanFlags     flags;
  char           *mapping_name;
  char          **input_columns;     /* NULL-terminated */
  guint           n_input_columns;
  KhPlanRule     *rules;
  KhPlanColumn   *columns;
  guint           n_rules;
  KhPlanFilter   *filters;
  guint           n_filters;
  guint          *dedupe_columns;
  guint           n_dedupe;
  guint           key_rule;          /* the last of dedupe_columns */
  KhDedupeKeep    dedupe_keep;
  guint           max_sources;
};

/* Besides the KhCellStatus values: a value that is there, ok or changed,
 * which kh_record_result_get_status() decides when asked. */
#define KH_CELL_STATUS_UNDECIDED 7

/* One output cell of a record; its value is in KhRecordResult.values. */
typedef struct
{
  guint         status;        /* KhCellStatus or KH_CELL_STATUS_UNDECIDED */
  gboolean      failed;
  KhCellError   error;
  guint         trace_start;
  guint         trace_len;
} KhCell;

struct _KhRecordResult
{
  KhPlan        *plan;          /* owned ref */
  KhArena        arena;
  KhCell        *cells;         /* n_rules */
  KhValue       *values;        /* n_rules: the cells' values */
  guint          n_evaluated;   /* cells [0, n_evaluated) were evaluated */
  guint          status_mask;   /* 1 << status of every cell decided */
  guint         *errors;        /* indexes of failed cells, n_errors of n_rules */
  guint          n_errors;
  KhValue       *inputs;        /* scratch, max_sources */
  KhValue       *padded;        /* scratch, n_input_columns: a short record padded with nulls */
  const KhValue *record_cells;  /* the cells evaluated, one per input column (the
                                 * record's, or padded): the status compares a
                                 * value with its rule's first source value here */
  KhTraceEntry  *trace;
  guint          n_trace;
  guint          trace_size;
  KhOutcome      outcome;
  gboolean       aborted;
  int            abort_cell;
  int            failed_filter;
  guint64        number;
  guint64        line;
  KhRecordResultKeyFunc key_func;
  gpointer       key_data;
};

gboolean  kh_target_contract_apply   (const KhTargetContract *contract,
                                      KhEvalContext          *ctx,
                                      const KhValue          *in,
                                      KhValue                *out);
void      kh_target_contract_init    (KhTargetContract       *contract,
                                      KhField                *field);

gboolean  kh_plan_rule_compile       (KhPlanRule             *prule,
                                      KhRule                 *rule,
                                      KhMapping              *mapping,
                                      GError                **error);
void      kh_plan_rule_clear         (KhPlanRule             *prule);

void      kh_record_result_reset     (KhRecordResult         *self);
KhTraceEntry *kh_record_result_add_trace (KhRecordResult     *self);

G_END_DECLS
