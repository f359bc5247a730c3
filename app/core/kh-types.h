/* kh-types.h: enumerations shared by the whole core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KhFieldType:
 *
 * The type of a schema field. The nicks ("string", "integer", …) are the
 * spellings used in the mapping XML.
 */
typedef enum
{
  KH_FIELD_TYPE_STRING,
  KH_FIELD_TYPE_INTEGER,
  KH_FIELD_TYPE_DECIMAL,
  KH_FIELD_TYPE_BOOLEAN,
  KH_FIELD_TYPE_DATE,
  KH_FIELD_TYPE_DATETIME,
  KH_FIELD_TYPE_TIME,
} KhFieldType;

/**
 * KhRequired:
 *
 * Whether a field must have a value. Metadata often does not say, so
 * "unknown" is kept apart from "no".
 */
typedef enum
{
  KH_REQUIRED_UNKNOWN,
  KH_REQUIRED_NO,
  KH_REQUIRED_YES,
} KhRequired;

/* Facet values for max-length, precision and scale. */
#define KH_FACET_UNKNOWN (-1)  /* the metadata does not say */
#define KH_LENGTH_NONE   0     /* max-length: explicitly unlimited */

/**
 * KhOnError:
 *
 * What a rule does when its step chain fails for a record.
 */
typedef enum
{
  KH_ON_ERROR_REJECT,   /* the whole record goes to the rejects */
  KH_ON_ERROR_DEFAULT,  /* the cell takes the rule's default */
  KH_ON_ERROR_NULL,     /* the cell becomes null */
  KH_ON_ERROR_KEEP,     /* the cell keeps the raw source value */
  KH_ON_ERROR_ABORT,    /* the run stops; nothing is written */
} KhOnError;

/**
 * KhUnknownCode:
 *
 * What a code-list lookup does with a value the list does not contain.
 */
typedef enum
{
  KH_UNKNOWN_CODE_ERROR,    /* the step fails (then the rule's on-error applies) */
  KH_UNKNOWN_CODE_DEFAULT,  /* the list's default value */
  KH_UNKNOWN_CODE_KEEP,     /* pass the value through unchanged */
  KH_UNKNOWN_CODE_NULL,     /* null */
} KhUnknownCode;

/**
 * KhDedupeKeep:
 *
 * Which record of a group with the same dedupe key is written.
 */
typedef enum
{
  KH_DEDUPE_KEEP_FIRST,
  KH_DEDUPE_KEEP_LAST,
} KhDedupeKeep;

/**
 * KhFilterOp:
 *
 * The comparison of a record filter. A record is written only when every
 * filter holds for its transformed values.
 */
typedef enum
{
  KH_FILTER_OP_EQUALS,
  KH_FILTER_OP_NOT_EQUALS,
  KH_FILTER_OP_EMPTY,
  KH_FILTER_OP_NOT_EMPTY,
  KH_FILTER_OP_MATCHES,
  KH_FILTER_OP_ONE_OF,
  KH_FILTER_OP_NOT_ONE_OF,
} KhFilterOp;

/**
 * KhOutcome:
 *
 * What happened to one input record. Every input record has exactly one
 * outcome, so the counts of a run always balance.
 */
typedef enum
{
  KH_OUTCOME_WRITTEN,
  KH_OUTCOME_REJECTED,
  KH_OUTCOME_DUPLICATE,
  KH_OUTCOME_FILTERED,
} KhOutcome;

/**
 * KhCellStatus:
 *
 * The status of one output cell, as the preview shows it.
 */
typedef enum
{
  KH_CELL_STATUS_OK,         /* the source value, unchanged */
  KH_CELL_STATUS_CHANGED,    /* a step changed the value */
  KH_CELL_STATUS_DEFAULTED,  /* the rule's (or a step's) default was used */
  KH_CELL_STATUS_NULL,       /* the cell is null */
  KH_CELL_STATUS_ERROR,      /* the chain failed; see the reason */
} KhCellStatus;

/* Enum nick helpers: the XML spelling of each value. They return NULL /
 * FALSE for unknown strings. */
const char *kh_field_type_to_string   (KhFieldType    type);
gboolean    kh_field_type_from_string (const char    *str,
                                       KhFieldType   *type);
const char *kh_field_type_get_label   (KhFieldType    type);
const char *kh_on_error_to_string     (KhOnError      policy);
gboolean    kh_on_error_from_string   (const char    *str,
                                       KhOnError     *policy);
const char *kh_on_error_get_label     (KhOnError      policy);
const char *kh_unknown_code_to_string (KhUnknownCode  policy);
gboolean    kh_unknown_code_from_string (const char  *str,
                                       KhUnknownCode *policy);
const char *kh_unknown_code_get_label (KhUnknownCode  policy);
const char *kh_dedupe_keep_to_string  (KhDedupeKeep   keep);
gboolean    kh_dedupe_keep_from_string (const char   *str,
                                       KhDedupeKeep  *keep);
const char *kh_filter_op_to_string    (KhFilterOp     op);
gboolean    kh_filter_op_from_string  (const char    *str,
                                       KhFilterOp    *op);
const char *kh_filter_op_get_label    (KhFilterOp     op);
gboolean    kh_filter_op_takes_value  (KhFilterOp     op);
const char *kh_outcome_to_string      (KhOutcome      outcome);
const char *kh_cell_status_to_string  (KhCellStatus   status);
const char *kh_cell_status_get_label  (KhCellStatus   status);

G_END_DECLS
