/* kh-problem.h: one problem of a mapping, and what it points at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KhProblemSeverity:
 * @KH_PROBLEM_ERROR: the mapping cannot run as it is
 * @KH_PROBLEM_WARNING: the mapping runs, but probably not as meant
 *
 * How bad a problem is.
 */
typedef enum
{
  KH_PROBLEM_ERROR,
  KH_PROBLEM_WARNING,
} KhProblemSeverity;

/**
 * KhProblemSubject:
 *
 * What a problem points at. The locators that apply to each subject:
 *
 * - %KH_PROBLEM_SUBJECT_MAPPING: nothing (the mapping as a whole)
 * - %KH_PROBLEM_SUBJECT_DOCUMENT: nothing (the file: not well-formed XML,
 *   not valid against the schema); only the loader reports these
 * - %KH_PROBLEM_SUBJECT_SOURCE_ENTITY, %KH_PROBLEM_SUBJECT_TARGET_ENTITY:
 *   nothing
 * - %KH_PROBLEM_SUBJECT_SOURCE_FIELD, %KH_PROBLEM_SUBJECT_TARGET_FIELD:
 *   field
 * - %KH_PROBLEM_SUBJECT_RULE: rule target
 * - %KH_PROBLEM_SUBJECT_RULE_SOURCE: rule target, field, index (of the
 *   source in the rule)
 * - %KH_PROBLEM_SUBJECT_STEP: rule target, step index
 * - %KH_PROBLEM_SUBJECT_PARAM: rule target, step index, param name, index
 *   (of the value for repeatable parameters, or -1 for all)
 * - %KH_PROBLEM_SUBJECT_DEFAULT: rule target
 * - %KH_PROBLEM_SUBJECT_CODE_LIST: code list
 * - %KH_PROBLEM_SUBJECT_CODE_ENTRY: code list, index (of the entry)
 * - %KH_PROBLEM_SUBJECT_FILTER: index (of the filter)
 * - %KH_PROBLEM_SUBJECT_DEDUPE: nothing
 * - %KH_PROBLEM_SUBJECT_DEDUPE_KEY: field, index (of the key)
 * - %KH_PROBLEM_SUBJECT_GOLDEN_RECORD: golden record index
 * - %KH_PROBLEM_SUBJECT_GOLDEN_INPUT, %KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED:
 *   golden record index, field
 * - %KH_PROBLEM_SUBJECT_LAYOUT: field (the layout key)
 */
typedef enum
{
  KH_PROBLEM_SUBJECT_MAPPING,
  KH_PROBLEM_SUBJECT_DOCUMENT,
  KH_PROBLEM_SUBJECT_SOURCE_ENTITY,
  KH_PROBLEM_SUBJECT_TARGET_ENTITY,
  KH_PROBLEM_SUBJECT_SOURCE_FIELD,
  KH_PROBLEM_SUBJECT_TARGET_FIELD,
  KH_PROBLEM_SUBJECT_RULE,
  KH_PROBLEM_SUBJECT_RULE_SOURCE,
  KH_PROBLEM_SUBJECT_STEP,
  KH_PROBLEM_SUBJECT_PARAM,
  KH_PROBLEM_SUBJECT_DEFAULT,
  KH_PROBLEM_SUBJECT_CODE_LIST,
  KH_PROBLEM_SUBJECT_CODE_ENTRY,
  KH_PROBLEM_SUBJECT_FILTER,
  KH_PROBLEM_SUBJECT_DEDUPE,
  KH_PROBLEM_SUBJECT_DEDUPE_KEY,
  KH_PROBLEM_SUBJECT_GOLDEN_RECORD,
  KH_PROBLEM_SUBJECT_GOLDEN_INPUT,
  KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED,
  KH_PROBLEM_SUBJECT_LAYOUT,
} KhProblemSubject;

#define KH_TYPE_PROBLEM (kh_problem_get_type ())

G_DECLARE_FINAL_TYPE (KhProblem, kh_problem, KH, PROBLEM, GObject)

KhProblem         *kh_problem_new               (KhProblemSeverity  severity,
                                                 KhProblemSubject   subject,
                                                 const char        *code,
                                                 const char        *message);
KhProblemSeverity  kh_problem_get_severity      (KhProblem         *self);
KhProblemSubject   kh_problem_get_subject       (KhProblem         *self);
const char        *kh_problem_get_code          (KhProblem         *self);
const char        *kh_problem_get_message       (KhProblem         *self);

const char        *kh_problem_get_rule_target   (KhProblem         *self);
void               kh_problem_set_rule_target   (KhProblem         *self,
                                                 const char        *target);
int                kh_problem_get_step_index    (KhProblem         *self);
void               kh_problem_set_step_index    (KhProblem         *self,
                                                 int                index);
const char        *kh_problem_get_param         (KhProblem         *self);
void               kh_problem_set_param         (KhProblem         *self,
                                                 const char        *name);
const char        *kh_problem_get_code_list     (KhProblem         *self);
void               kh_problem_set_code_list     (KhProblem         *self,
                                                 const char        *name);
int                kh_problem_get_golden_index  (KhProblem         *self);
void               kh_problem_set_golden_index  (KhProblem         *self,
                                                 int                index);
const char        *kh_problem_get_field         (KhProblem         *self);
void               kh_problem_set_field         (KhProblem         *self,
                                                 const char        *field);
int                kh_problem_get_index         (KhProblem         *self);
void               kh_problem_set_index         (KhProblem         *self,
                                                 int                index);

const char        *kh_problem_get_file          (KhProblem         *self);
guint              kh_problem_get_line          (KhProblem         *self);
guint              kh_problem_get_column        (KhProblem         *self);
void               kh_problem_set_location      (KhProblem         *self,
                                                 const char        *file,
                                                 guint              line,
                                                 guint              column);

const char        *kh_problem_severity_to_string (KhProblemSeverity severity);
char              *kh_problem_to_string         (KhProblem         *self);
int                kh_problem_compare           (KhProblem         *a,
                                                 KhProblem         *b);
gboolean           kh_problems_have_errors      (GPtrArray         *problems);

G_END_DECLS
