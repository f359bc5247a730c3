/* kh-value.h: the values and records that flow through readers, the engine
 * and writers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-types.h"

G_BEGIN_DECLS

/**
 * KhValueType:
 *
 * The type of a value. Every value is carried as text in a canonical
 * spelling, so decimals keep their exact digits and never take a binary
 * round trip:
 *
 * - %KH_VALUE_INTEGER: `-?[0-9]+`, no leading zeros (except "0")
 * - %KH_VALUE_DECIMAL: `-?[0-9]+(\.[0-9]+)?`
 * - %KH_VALUE_BOOLEAN: `true` or `false`
 * - %KH_VALUE_DATE: `YYYY-MM-DD`
 * - %KH_VALUE_DATETIME: `YYYY-MM-DDTHH:MM:SS[.f+][Z|±HH:MM]`
 * - %KH_VALUE_TIME: `HH:MM:SS[.f+]`
 *
 * Readers produce only %KH_VALUE_STRING and %KH_VALUE_NULL.
 */
typedef enum
{
  KH_VALUE_NULL,
  KH_VALUE_STRING,
  KH_VALUE_INTEGER,
  KH_VALUE_DECIMAL,
  KH_VALUE_BOOLEAN,
  KH_VALUE_DATE,
  KH_VALUE_DATETIME,
  KH_VALUE_TIME,
} KhValueType;

/**
 * KhValue:
 * @str: the text; always NUL-terminated at @len. %NULL only for null.
 * @len: length of @str in bytes
 * @type: the value's type
 *
 * A borrowed view of one value. Who owns @str depends on who produced the
 * value (a reader's buffer, the engine's per-record arena, …).
 */
typedef struct
{
  const char  *str;
  gsize        len;
  KhValueType  type;
} KhValue;

#define KH_VALUE_INIT_NULL { NULL, 0, KH_VALUE_NULL }

static inline gboolean
kh_value_is_null (const KhValue *value)
{
  return value->type == KH_VALUE_NULL;
}

/* Null or the empty string: "no value" for the parsing steps. */
static inline gboolean
kh_value_is_missing (const KhValue *value)
{
  return value->type == KH_VALUE_NULL || value->len == 0;
}

KhValueType  kh_value_type_for_field_type (KhFieldType  type);
const char  *kh_value_type_to_string      (KhValueType  type);

/**
 * KhRecord:
 * @cells: one value per input column, in the reader's column order
 * @n_cells: number of cells
 * @line: the 1-based line the record starts on, or 0 when there are no lines
 * @number: the 1-based ordinal of the record in its input
 * @raw: the record's original text when the reader keeps it (JSON), or %NULL
 * @raw_len: length of @raw
 *
 * One input record, as a reader hands it out. All memory belongs to the
 * reader and stays valid until its next call.
 */
typedef struct
{
  KhValue     *cells;
  guint        n_cells;
  guint64      line;
  guint64      number;
  const char  *raw;
  gsize        raw_len;
} KhRecord;

G_END_DECLS
