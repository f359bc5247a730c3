/* kh-steps-codes.c: code-list lookup and boolean flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-steps-codes"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-step-impl-private.h"
#include "kh-str-table-private.h"

/* ---- lookup ----------------------------------------------------------- */

typedef struct
{
  KhStrTable      table;      /* from → to (in values) */
  GPtrArray      *values;     /* the owned "to" strings */
  KhUnknownCode   unknown;
  char           *fallback;   /* the list's default value, or NULL */
  char           *name;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  kh_str_table_clear (&lookup->table);
  g_clear_pointer (&lookup->values, g_ptr_array_unref);
  g_free (lookup->fallback);
  g_free (lookup->name);
  g_free (lookup);
}

static gboolean
eval_lookup (const KhStepImpl *step,
             KhEvalContext    *ctx,
             const KhValue    *in,
             guint             n_in,
             KhValue          *out)
{
  const Lookup *lookup = step->data;
  const KhStrEntry *entry = kh_str_table_lookup (&lookup->table, in->str, in->len);

  if (entry != NULL)
    {
      kh_value_set (out, entry->value, entry->value_len, KH_VALUE_STRING);
      return TRUE;
    }

  switch (lookup->unknown)
    {
    case KH_UNKNOWN_CODE_DEFAULT:
      kh_value_set (out, lookup->fallback, strlen (lookup->fallback), KH_VALUE_STRING);
      return TRUE;
    case KH_UNKNOWN_CODE_KEEP:
      kh_value_set (out, in->str, in->len, KH_VALUE_STRING);
      return TRUE;
    case KH_UNKNOWN_CODE_NULL:
      kh_value_set_null (out);
      return TRUE;
    case KH_UNKNOWN_CODE_ERROR:
    default:
      return kh_step_fail (ctx, _("“%s” is not in the code list “%s”"),
                           kh_shown_value (ctx, in), lookup->name);
    }
}

gboolean
kh_compile_lookup (KhStepImpl  *impl,
                   KhStep      *step,
                   KhMapping   *mapping,
                   GError     **error)
{
  const char *name = kh_step_param (step, "code-list");
  KhCodeList *list = mapping != NULL ? kh_mapping_lookup_code_list (mapping, name) : NULL;
  Lookup *lookup;
  guint n;

  if (list == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_NOT_FOUND,
                   _("Step “lookup” uses the code list “%s”, which the mapping does not have"), name);
      return FALSE;
    }

  lookup = g_new0 (Lookup, 1);
  kh_str_table_init (&lookup->table);
  lookup->values = g_ptr_array_new_with_free_func (g_free);
  lookup->unknown = kh_code_list_get_unknown (list);
  lookup->fallback = g_strdup (kh_code_list_get_default_value (list));
  lookup->name = g_strdup (name);
  impl->data = lookup;
  impl->free_data = lookup_free;
  impl->eval = eval_lookup;

  if (lookup->unknown == KH_UNKNOWN_CODE_DEFAULT && lookup->fallback == NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                   _("Code list “%s” gives unknown codes its default value, but has no default value"), name);
      return FALSE;
    }

  n = kh_code_list_get_n_entries (list);
  for (guint i = 0; i < n; i++)
    {
      KhCodeEntry *entry = kh_code_list_get_entry (list, i);
      const char *from = kh_code_entry_get_from (entry);

      char *to = g_strdup (kh_code_entry_get_to (entry));

      g_ptr_array_add (lookup->values, to);
      if (!kh_str_table_insert (&lookup->table, from, to))
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_MAPPING,
                       _("Code list “%s” has the code “%s” twice"), name, from);
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- boolean ---------------------------------------------------------- */

typedef enum
{
  EMPTY_FALSE,
  EMPTY_NULL,
  EMPTY_ERROR,
} EmptyFlag;

typedef struct
{
  KhStrTable  values;       /* text (case-folded if ignore_case) → "true"/"false" */
  gboolean    ignore_case;
  EmptyFlag   empty;
  char       *true_list;
  char       *false_list;
} Boolean;

static void
boolean_free (gpointer data)
{
  Boolean *b = data;

  kh_str_table_clear (&b->values);
  g_free (b->true_list);
  g_free (b->false_list);
  g_free (b);
}

/* The form values are compared in: case-folded when asked; short ASCII
 * values are folded on the stack. */
static const char *
fold_key (const Boolean *b,
          const char    *str,
          gsize          len,
          char          *stack,
          gsize          stack_size,
          char         **heap)
{
  *heap = NULL;
  if (!b->ignore_case)
    return str;
  if (len < stack_size && kh_is_ascii (str, len))
    {
      for (gsize i = 0; i < len; i++)
        stack[i] = g_ascii_tolower (str[i]);
      stack[len] = '\0';
      return stack;
    }
  *heap = g_utf8_casefold (str, (gssize) len);
  return *heap;
}

static gboolean
eval_boolean (const KhStepImpl *step,
              KhEvalContext    *ctx,
              const KhValue    *in,
              guint             n_in,
              KhValue          *out)
{
  const Boolean *b = step->data;
  char stack[64];
  g_autofree char *heap = NULL;
  const char *key;
  const KhStrEntry *entry;

  if (kh_value_is_missing (in))
    {
      switch (b->empty)
        {
        case EMPTY_NULL:
          kh_value_set_null (out);
          return TRUE;
        case EMPTY_ERROR:
          return kh_step_fail (ctx, _("The value is empty; expected true (%s) or false (%s)"),
                               b->true_list, b->false_list);
        case EMPTY_FALSE:
        default:
          kh_value_set (out, "false", 5, KH_VALUE_BOOLEAN);
          return TRUE;
        }
    }

  if (b->ignore_case && !kh_is_ascii (in->str, in->len) && !kh_step_require_utf8 (ctx, in))
    return FALSE;
  key = fold_key (b, in->str, in->len, stack, sizeof stack, &heap);
  entry = kh_str_table_lookup (&b->values, key, heap != NULL ? strlen (heap) : in->len);
  if (entry == NULL)
    return kh_step_fail (ctx, _("“%s” is neither true nor false; true is %s, false is %s"),
                         kh_shown_value (ctx, in), b->true_list, b->false_list);

  kh_value_set (out, entry->value, entry->value_len, KH_VALUE_BOOLEAN);
  return TRUE;
}

gboolean
kh_compile_boolean (KhStepImpl  *impl,
                    KhStep      *step,
                    KhMapping   *mapping,
                    GError     **error)
{
  const char * const *trues = kh_step_get_param_values_or_defaults (step, "true");
  const char * const *falses = kh_step_get_param_values_or_defaults (step, "false");
  const char *empty = kh_step_param (step, "empty");
  Boolean *b = g_new0 (Boolean, 1);
  static const char * const empty_list[] = { NULL };

  if (trues == NULL)
    trues = empty_list;
  if (falses == NULL)
    falses = empty_list;

  kh_str_table_init (&b->values);
  b->ignore_case = kh_step_param_bool (step, "ignore-case");
  b->empty = g_strcmp0 (empty, "null") == 0 ? EMPTY_NULL :
             g_strcmp0 (empty, "error") == 0 ? EMPTY_ERROR : EMPTY_FALSE;
  b->true_list = g_strjoinv (", ", (char **) trues);
  b->false_list = g_strjoinv (", ", (char **) falses);
  impl->data = b;
  impl->free_data = boolean_free;
  impl->eval = eval_boolean;

  for (int pass = 0; pass < 2; pass++)
    {
      const char * const *list = pass == 0 ? trues : falses;

      for (guint i = 0; list[i] != NULL; i++)
        {
          g_autofree char *key = b->ignore_case ? g_utf8_casefold (list[i], -1) : g_strdup (list[i]);
          const KhStrEntry *other = kh_str_table_lookup (&b->values, key, strlen (key));

          if (other != NULL && strcmp (other->value, pass == 0 ? "true" : "false") != 0)
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                           _("Step “boolean” has “%s” among both the true and the false values"), list[i]);
              return FALSE;
            }
          kh_str_table_insert (&b->values, key, pass == 0 ? "true" : "false");
        }
    }

  return TRUE;
}
