/* kh-types.c: enum nick helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-types"

#include "config.h"

#include <glib/gi18n.h>

#include "kh-enums.h"
#include "kh-types.h"

static const char *
enum_to_nick (GType type,
              int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);
  const char *nick = ev != NULL ? ev->value_nick : NULL;

  /* Enum classes are static: the nick outlives the reference. */
  g_type_class_unref (klass);
  return nick;
}

static gboolean
enum_from_nick (GType       type,
                const char *str,
                int        *value)
{
  GEnumClass *klass;
  GEnumValue *ev;

  if (str == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  ev = g_enum_get_value_by_nick (klass, str);
  if (ev != NULL)
    *value = ev->value;
  g_type_class_unref (klass);

  return ev != NULL;
}

#define DEFINE_NICK_FUNCS(prefix, Type, TYPE_MACRO)                     \
  const char *                                                          \
  prefix##_to_string (Type value)                                       \
  {                                                                     \
    return enum_to_nick (TYPE_MACRO, (int) value);                      \
  }                                                                     \
  gboolean                                                              \
  prefix##_from_string (const char *str,                                \
                        Type       *value)                              \
  {                                                                     \
    int v;                                                              \
    if (!enum_from_nick (TYPE_MACRO, str, &v))                          \
      return FALSE;                                                     \
    *value = (Type) v;                                                  \
    return TRUE;                                                        \
  }

DEFINE_NICK_FUNCS (kh_field_type, KhFieldType, KH_TYPE_FIELD_TYPE)
DEFINE_NICK_FUNCS (kh_on_error, KhOnError, KH_TYPE_ON_ERROR)
DEFINE_NICK_FUNCS (kh_unknown_code, KhUnknownCode, KH_TYPE_UNKNOWN_CODE)
DEFINE_NICK_FUNCS (kh_dedupe_keep, KhDedupeKeep, KH_TYPE_DEDUPE_KEEP)
DEFINE_NICK_FUNCS (kh_filter_op, KhFilterOp, KH_TYPE_FILTER_OP)

const char *
kh_outcome_to_string (KhOutcome outcome)
{
  return enum_to_nick (KH_TYPE_OUTCOME, (int) outcome);
}

const char *
kh_cell_status_to_string (KhCellStatus status)
{
  return enum_to_nick (KH_TYPE_CELL_STATUS, (int) status);
}

const char *
kh_field_type_get_label (KhFieldType type)
{
  switch (type)
    {
    case KH_FIELD_TYPE_STRING:   return _("Text");
    case KH_FIELD_TYPE_INTEGER:  return _("Integer");
    case KH_FIELD_TYPE_DECIMAL:  return _("Decimal");
    case KH_FIELD_TYPE_BOOLEAN:  return _("Boolean");
    case KH_FIELD_TYPE_DATE:     return _("Date");
    case KH_FIELD_TYPE_DATETIME: return _("Date and time");
    case KH_FIELD_TYPE_TIME:     return _("Time");
    default:                     return _("Unknown");
    }
}

const char *
kh_on_error_get_label (KhOnError policy)
{
  switch (policy)
    {
    case KH_ON_ERROR_REJECT:  return _("Reject the record");
    case KH_ON_ERROR_DEFAULT: return _("Use the default");
    case KH_ON_ERROR_NULL:    return _("Set to null");
    case KH_ON_ERROR_KEEP:    return _("Keep the raw value");
    case KH_ON_ERROR_ABORT:   return _("Abort the run");
    default:                  return _("Unknown");
    }
}

const char *
kh_unknown_code_get_label (KhUnknownCode policy)
{
  switch (policy)
    {
    case KH_UNKNOWN_CODE_ERROR:   return _("Fail the step");
    case KH_UNKNOWN_CODE_DEFAULT: return _("Use the list's default");
    case KH_UNKNOWN_CODE_KEEP:    return _("Keep the value");
    case KH_UNKNOWN_CODE_NULL:    return _("Set to null");
    default:                      return _("Unknown");
    }
}

const char *
kh_filter_op_get_label (KhFilterOp op)
{
  switch (op)
    {
    case KH_FILTER_OP_EQUALS:     return _("equals");
    case KH_FILTER_OP_NOT_EQUALS: return _("does not equal");
    case KH_FILTER_OP_EMPTY:      return _("is empty");
    case KH_FILTER_OP_NOT_EMPTY:  return _("is not empty");
    case KH_FILTER_OP_MATCHES:    return _("matches the pattern");
    case KH_FILTER_OP_ONE_OF:     return _("is one of");
    case KH_FILTER_OP_NOT_ONE_OF: return _("is none of");
    default:                      return _("Unknown");
    }
}

gboolean
kh_filter_op_takes_value (KhFilterOp op)
{
  return op != KH_FILTER_OP_EMPTY && op != KH_FILTER_OP_NOT_EMPTY;
}

const char *
kh_cell_status_get_label (KhCellStatus status)
{
  switch (status)
    {
    case KH_CELL_STATUS_OK:        return _("Unchanged");
    case KH_CELL_STATUS_CHANGED:   return _("Changed");
    case KH_CELL_STATUS_DEFAULTED: return _("Defaulted");
    case KH_CELL_STATUS_NULL:      return _("Null");
    case KH_CELL_STATUS_ERROR:     return _("Error");
    default:                       return _("Unknown");
    }
}
