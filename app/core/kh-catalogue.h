/* kh-catalogue.h: the step catalogue, one table of every transform step
 *
 * The XML loader, the GUI's step picker and parameter editors, the generated
 * documentation and the engine all read this table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-value.h"

G_BEGIN_DECLS

typedef enum
{
  KH_PARAM_TEXT,          /* any text, possibly empty */
  KH_PARAM_INTEGER,       /* a decimal integer within [min, max] */
  KH_PARAM_DECIMAL,       /* an exact decimal literal: -?[0-9]+(\.[0-9]+)? */
  KH_PARAM_BOOLEAN,       /* "true" or "false" */
  KH_PARAM_ENUM,          /* one of the choices */
  KH_PARAM_DATE_PATTERN,  /* a date/time pattern such as yyyy/MM/dd */
  KH_PARAM_REGEX,         /* a Perl-compatible regular expression */
  KH_PARAM_CODE_LIST,     /* the name of a code list of the mapping */
  KH_PARAM_TIME_ZONE,     /* an IANA zone ("Asia/Tokyo"), "UTC" or an offset ("+09:00") */
  KH_PARAM_CHAR,          /* exactly one character */
} KhParamType;

typedef enum
{
  KH_PARAM_FLAG_NONE       = 0,
  KH_PARAM_FLAG_REQUIRED   = 1 << 0,  /* has no default: must be given */
  KH_PARAM_FLAG_REPEATABLE = 1 << 1,  /* may be given several times; order matters */
  KH_PARAM_FLAG_OPTIONAL   = 1 << 2,  /* may be absent: no default, no value */
} KhParamFlags;

typedef struct
{
  const char          *name;
  KhParamType          type;
  KhParamFlags         flags;
  const char * const  *defaults;     /* NULL-terminated; NULL when required or optional */
  const char * const  *choices;      /* KH_PARAM_ENUM: NULL-terminated */
  gint64               min;          /* KH_PARAM_INTEGER bounds */
  gint64               max;
  const char          *label;        /* translatable (N_) */
  const char          *description;  /* translatable (N_) */
} KhParamInfo;

typedef enum
{
  KH_STEP_CATEGORY_TEXT,
  KH_STEP_CATEGORY_DATES,
  KH_STEP_CATEGORY_NUMBERS,
  KH_STEP_CATEGORY_CODES,
  KH_STEP_CATEGORY_VALIDATION,
} KhStepCategory;

typedef enum
{
  KH_STEP_INPUT_ONE,   /* works on one value */
  KH_STEP_INPUT_MANY,  /* combines the values of all the rule's sources */
  KH_STEP_INPUT_NONE,  /* produces a value from nothing (constant) */
} KhStepInput;

/**
 * KhStepExample:
 * @inputs: NULL-terminated input values (several for %KH_STEP_INPUT_MANY)
 * @params: NULL-terminated name, value, name, value, … pairs
 * @output: the expected output, or %NULL when the example shows an error
 * @error: when @output is %NULL, a fragment of the expected reason
 *
 * An example is documentation and a test at once: the test suite runs
 * every example through the engine.
 */
typedef struct
{
  const char * const *inputs;
  const char * const *params;
  const char         *output;
  const char         *error;
} KhStepExample;

typedef struct
{
  const char          *id;
  KhStepCategory       category;
  KhStepInput          input;
  const char          *name;           /* translatable (N_) */
  const char          *description;    /* translatable (N_) */
  const KhParamInfo   *params;
  guint                n_params;
  KhValueType          output_type;    /* the type the step produces… */
  gboolean             keeps_type;     /* …unless it keeps its input's type */
  const char          *type_param;     /* an enum param whose value names the output type */
  gboolean             handles_missing;/* sees null/empty values (others pass them through) */
  const KhStepExample *examples;
  guint                n_examples;
} KhStepInfo;

const KhStepInfo  *kh_catalogue_get_steps       (guint              *n_steps);
const KhStepInfo  *kh_catalogue_lookup          (const char         *id);
const char        *kh_step_category_get_label   (KhStepCategory      category);
const char        *kh_step_category_to_string   (KhStepCategory      category);
const char        *kh_param_type_to_string      (KhParamType         type);
const KhParamInfo *kh_step_info_lookup_param    (const KhStepInfo   *info,
                                                 const char         *name);
const char        *kh_step_info_get_name        (const KhStepInfo   *info);
const char        *kh_step_info_get_description (const KhStepInfo   *info);
gboolean           kh_param_info_validate       (const KhParamInfo  *param,
                                                 const char         *value,
                                                 GError            **error);
KhValueType        kh_step_info_get_output_type (const KhStepInfo   *info,
                                                 const char         *type_param_value,
                                                 KhValueType         input_type);

G_END_DECLS
