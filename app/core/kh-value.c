/* kh-value.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-value"

#include "config.h"

#include "kh-value.h"

KhValueType
kh_value_type_for_field_type (KhFieldType type)
{
  switch (type)
    {
    case KH_FIELD_TYPE_STRING:   return KH_VALUE_STRING;
    case KH_FIELD_TYPE_INTEGER:  return KH_VALUE_INTEGER;
    case KH_FIELD_TYPE_DECIMAL:  return KH_VALUE_DECIMAL;
    case KH_FIELD_TYPE_BOOLEAN:  return KH_VALUE_BOOLEAN;
    case KH_FIELD_TYPE_DATE:     return KH_VALUE_DATE;
    case KH_FIELD_TYPE_DATETIME: return KH_VALUE_DATETIME;
    case KH_FIELD_TYPE_TIME:     return KH_VALUE_TIME;
    default:                     return KH_VALUE_STRING;
    }
}

const char *
kh_value_type_to_string (KhValueType type)
{
  switch (type)
    {
    case KH_VALUE_NULL:     return "null";
    case KH_VALUE_STRING:   return "string";
    case KH_VALUE_INTEGER:  return "integer";
    case KH_VALUE_DECIMAL:  return "decimal";
    case KH_VALUE_BOOLEAN:  return "boolean";
    case KH_VALUE_DATE:     return "date";
    case KH_VALUE_DATETIME: return "datetime";
    case KH_VALUE_TIME:     return "time";
    default:                return "unknown";
    }
}
