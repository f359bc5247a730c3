/* kh-mapping-writer.c: the canonical form of the mapping XML
 *
 * The same mapping always gives the same bytes: a fixed order of elements
 * and attributes, two-space indentation, LF line ends, no ids, no
 * timestamps, and empty containers left out. Rules come in the order of
 * the target entity's fields, code lists by name, parameters in catalogue
 * order (repeats in their own order), layout sorted by key and kept last,
 * apart from the semantics. So loading and saving a saved file gives it
 * back byte for byte, and two mappings that differ by one rule differ by a
 * few lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-mapping-xml"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-mapping-xml.h"

typedef struct
{
  GString *out;
  GError  *error;   /* the first error; nothing more is checked after it */
  guint    depth;
} Writer;

static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* Checks that @value can be written; @place says where it is, @what which
 * part of it (an attribute name, or "text"). */
static gboolean
check_value (Writer     *w,
             const char *value,
             const char *place,
             const char *what)
{
  if (w->error != NULL)
    return FALSE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (&w->error, KH_ERROR, KH_ERROR_OUTPUT,
                   /* Translators: the first %s says where (e.g. “parameter “with” of
                    * step 2 of the rule for “Name””), the second which part ("value") */
                   _("Cannot save %s: its %s is not valid UTF-8"), place, what);
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_xml_char (c))
        {
          g_set_error (&w->error, KH_ERROR, KH_ERROR_OUTPUT,
                       /* Translators: the first %s says where, the second which part */
                       _("Cannot save %s: its %s contains the character U+%04X, which an XML file cannot hold"),
                       place, what, c);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_name (Writer     *w,
            const char *value,
            const char *place,
            const char *what)
{
  if (w->error != NULL)
    return FALSE;

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (&w->error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot save %s: its %s is empty"), place, what);
      return FALSE;
    }

  return check_value (w, value, place, what);
}

/* [a-z][a-z0-9]*(-[a-z0-9]+)*, the schema's identifier. */
static gboolean
check_identifier (Writer     *w,
                  const char *value,
                  const char *place,
                  const char *what)
{
  gboolean ok;
  const char *p = value;

  if (w->error != NULL)
    return FALSE;

  ok = p != NULL && g_ascii_islower (*p);
  while (ok && *p != '\0')
    {
      if (*p == '-')
        ok = g_ascii_islower (p[1]) || g_ascii_isdigit (p[1]);
      else
        ok = g_ascii_islower (*p) || g_ascii_isdigit (*p);
      p++;
    }

  if (!ok)
    {
      g_set_error (&w->error, KH_ERROR, KH_ERROR_OUTPUT,
                   _("Cannot save %s: its %s “%s” is not an identifier (lower-case letters, digits and hyphens)"),
                   place, what, value != NULL ? value : "");
      return FALSE;
    }

  return TRUE;
}

static void
indent (Writer *w)
{
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

static void
append_escaped (GString    *out,
                const char *value,
                gboolean    attribute)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, attribute ? "&quot;" : "\"");
          break;
        case '\r':
          /* A parser turns a literal CR (or CR LF) into LF. */
          g_string_append (out, "&#13;");
          break;
        case '\t':
          /* In attributes, a parser turns literal tabs and newlines into
           * spaces; character references survive. */
          g_string_append (out, attribute ? "&#9;" : "\t");
          break;
        case '\n':
          g_string_append (out, attribute ? "&#10;" : "\n");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
open_tag (Writer     *w,
          const char *name)
{
  indent (w);
  g_string_append_c (w->out, '<');
  g_string_append (w->out, name);
}

/* Writes ` name="value"` when @value is not NULL. */
static void
attr (Writer     *w,
      const char *name,
      const char *value,
      const char *place)
{
  if (value == NULL || !check_value (w, value, place, name))
    return;

  g_string_append_c (w->out, ' ');
  g_string_append (w->out, name);
  g_string_append (w->out, "=\"");
  append_escaped (w->out, value, TRUE);
  g_string_append_c (w->out, '"');
}

static void
attr_int (Writer     *w,
          const char *name,
          int         value)
{
  g_string_append_printf (w->out, " %s=\"%d\"", name, value);
}

/* Ends a start tag: `>` and a deeper level, or `/>` for an empty element. */
static void
end_open (Writer   *w,
          gboolean  has_children)
{
  if (has_children)
    {
      g_string_append (w->out, ">\n");
      w->depth++;
    }
  else
    g_string_append (w->out, "/>\n");
}

static void
close_tag (Writer     *w,
           const char *name)
{
  w->depth--;
  indent (w);
  g_string_append (w->out, "</");
  g_string_append (w->out, name);
  g_string_append (w->out, ">\n");
}

/* <name>text</name>, or <name/> for the empty string. */
static void
text_element (Writer     *w,
              const char *name,
              const char *text,
              const char *place)
{
  if (!check_value (w, text, place, name))
    return;

  open_tag (w, name);
  if (text[0] == '\0')
    {
      g_string_append (w->out, "/>\n");
      return;
    }
  g_string_append_c (w->out, '>');
  append_escaped (w->out, text, FALSE);
  g_string_append (w->out, "</");
  g_string_append (w->out, name);
  g_string_append (w->out, ">\n");
}

/* ---- Entities --------------------------------------------------------- */

static void
write_field (Writer     *w,
             KhField    *field,
             const char *side_place)
{
  const char *name = kh_field_get_name (field);
  g_autofree char *place = g_strdup_printf (_("the field “%s” of %s"), name, side_place);
  const char *description = kh_field_get_description (field);
  guint n_codes = kh_field_get_n_codes (field);
  g_auto(GStrv) attributes = kh_field_list_attributes (field);
  int max_length = kh_field_get_max_length (field);
  int precision = kh_field_get_precision (field);
  int scale = kh_field_get_scale (field);

  open_tag (w, "field");
  if (check_name (w, name, place, "name"))
    attr (w, "name", name, place);
  attr (w, "type", kh_field_type_to_string (kh_field_get_field_type (field)), place);
  attr (w, "label", kh_field_get_label (field), place);
  switch (kh_field_get_required (field))
    {
    case KH_REQUIRED_YES:
      attr (w, "required", "true", place);
      break;
    case KH_REQUIRED_NO:
      attr (w, "required", "false", place);
      break;
    case KH_REQUIRED_UNKNOWN:
    default:
      break;
    }
  if (max_length == KH_LENGTH_NONE)
    attr (w, "max-length", "none", place);
  else if (max_length > 0)
    attr_int (w, "max-length", max_length);
  if (precision >= 0)
    attr_int (w, "precision", precision);
  if (scale >= 0)
    attr_int (w, "scale", scale);
  if (kh_field_get_key (field))
    attr (w, "key", "true", place);

  end_open (w, description != NULL || n_codes > 0 || attributes[0] != NULL);

  if (description != NULL)
    text_element (w, "description", description, place);

  for (guint i = 0; i < n_codes; i++)
    {
      g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), i);

      open_tag (w, "code");
      attr (w, "value", kh_code_value_get_value (code), place);
      attr (w, "label", kh_code_value_get_label (code), place);
      end_open (w, FALSE);
    }

  for (guint i = 0; attributes[i] != NULL; i++)
    {
      open_tag (w, "attribute");
      if (check_name (w, attributes[i], place, "attribute"))
        attr (w, "name", attributes[i], place);
      attr (w, "value", kh_field_get_attribute (field, attributes[i]), place);
      end_open (w, FALSE);
    }

  if (description != NULL || n_codes > 0 || attributes[0] != NULL)
    close_tag (w, "field");
}

static void
write_side (Writer     *w,
            const char *element,
            const char *system,
            KhEntity   *entity,
            const char *place)
{
  open_tag (w, element);
  attr (w, "system", system, place);
  end_open (w, entity != NULL);
  if (entity == NULL)
    return;

  {
    const char *name = kh_entity_get_name (entity);
    const char *description = kh_entity_get_description (entity);
    guint n = kh_entity_get_n_fields (entity);

    open_tag (w, "entity");
    if (check_name (w, name, place, "name"))
      attr (w, "name", name, place);
    attr (w, "label", kh_entity_get_label (entity), place);
    end_open (w, description != NULL || n > 0);

    if (description != NULL)
      text_element (w, "description", description, place);
    for (guint i = 0; i < n; i++)
      write_field (w, kh_entity_get_field (entity, i), place);

    if (description != NULL || n > 0)
      close_tag (w, "entity");
  }

  close_tag (w, element);
}

/* ---- Code lists ------------------------------------------------------- */

static void
write_code_lists (Writer    *w,
                  KhMapping *mapping)
{
  guint n = kh_mapping_get_n_code_lists (mapping);

  if (n == 0)
    return;

  open_tag (w, "code-lists");
  end_open (w, TRUE);

  for (guint i = 0; i < n; i++)
    {
      KhCodeList *list = kh_mapping_get_code_list (mapping, i);
      const char *name = kh_code_list_get_name (list);
      g_autofree char *place = g_strdup_printf (_("the code list “%s”"), name);
      guint n_entries = kh_code_list_get_n_entries (list);

      open_tag (w, "code-list");
      if (check_name (w, name, place, "name"))
        attr (w, "name", name, place);
      attr (w, "unknown", kh_unknown_code_to_string (kh_code_list_get_unknown (list)), place);
      attr (w, "default", kh_code_list_get_default_value (list), place);
      end_open (w, n_entries > 0);

      for (guint j = 0; j < n_entries; j++)
        {
          KhCodeEntry *entry = kh_code_list_get_entry (list, j);

          open_tag (w, "entry");
          attr (w, "from", kh_code_entry_get_from (entry), place);
          attr (w, "to", kh_code_entry_get_to (entry), place);
          end_open (w, FALSE);
        }

      if (n_entries > 0)
        close_tag (w, "code-list");
    }

  close_tag (w, "code-lists");
}

/* ---- Rules ------------------------------------------------------------ */

static void
write_step (Writer     *w,
            KhStep     *step,
            guint       index,
            const char *target)
{
  g_autofree char *place = g_strdup_printf (_("step %u of the rule for “%s”"), index + 1, target);
  g_auto(GStrv) names = kh_step_list_params (step);

  open_tag (w, "step");
  if (check_identifier (w, kh_step_get_id (step), place, "id"))
    attr (w, "id", kh_step_get_id (step), place);
  end_open (w, names[0] != NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char * const *values = kh_step_get_param_values (step, names[i]);
      g_autofree char *param_place = g_strdup_printf (_("parameter “%s” of step %u of the rule for “%s”"),
                                                      names[i], index + 1, target);

      for (guint j = 0; values[j] != NULL; j++)
        {
          open_tag (w, "param");
          if (check_identifier (w, names[i], param_place, "name"))
            attr (w, "name", names[i], param_place);
          attr (w, "value", values[j], param_place);
          end_open (w, FALSE);
        }
    }

  if (names[0] != NULL)
    close_tag (w, "step");
}

static void
write_rule (Writer *w,
            KhRule *rule)
{
  const char *target = kh_rule_get_target (rule);
  const char * const *sources = kh_rule_get_sources (rule);
  guint n_steps = kh_rule_get_n_steps (rule);
  const char *default_value = kh_rule_get_default_value (rule);
  const char *note = kh_rule_get_note (rule);
  g_autofree char *place = g_strdup_printf (_("the rule for “%s”"), target);
  gboolean has_children = sources[0] != NULL || n_steps > 0 || default_value != NULL || note != NULL;

  open_tag (w, "rule");
  if (check_name (w, target, place, "target"))
    attr (w, "target", target, place);
  attr (w, "on-error", kh_on_error_to_string (kh_rule_get_on_error (rule)), place);
  end_open (w, has_children);

  for (guint i = 0; sources[i] != NULL; i++)
    {
      open_tag (w, "source");
      if (check_name (w, sources[i], place, "source"))
        attr (w, "field", sources[i], place);
      end_open (w, FALSE);
    }

  for (guint i = 0; i < n_steps; i++)
    write_step (w, kh_rule_get_step (rule, i), i, target);

  if (default_value != NULL)
    {
      open_tag (w, "default");
      attr (w, "value", default_value, place);
      end_open (w, FALSE);
    }

  if (note != NULL)
    text_element (w, "note", note, place);

  if (has_children)
    close_tag (w, "rule");
}

static void
write_rules (Writer    *w,
             KhMapping *mapping)
{
  guint n = kh_mapping_get_n_rules (mapping);

  if (n == 0)
    return;

  open_tag (w, "rules");
  end_open (w, TRUE);
  for (guint i = 0; i < n; i++)
    write_rule (w, kh_mapping_get_rule (mapping, i));
  close_tag (w, "rules");
}

/* ---- Record rules ----------------------------------------------------- */

static void
write_record_rules (Writer    *w,
                    KhMapping *mapping)
{
  guint n_filters = kh_mapping_get_n_filters (mapping);
  const char * const *keys = kh_mapping_get_dedupe_keys (mapping);
  KhDedupeKeep keep = kh_mapping_get_dedupe_keep (mapping);
  /* A keep policy without keys is kept too, so nothing is lost. */
  gboolean has_dedupe = keys[0] != NULL || keep != KH_DEDUPE_KEEP_FIRST;

  if (n_filters == 0 && !has_dedupe)
    return;

  open_tag (w, "record-rules");
  end_open (w, TRUE);

  for (guint i = 0; i < n_filters; i++)
    {
      KhFilter *filter = kh_mapping_get_filter (mapping, i);
      const char * const *values = kh_filter_get_values (filter);
      g_autofree char *place = g_strdup_printf (_("filter %u"), i + 1);

      open_tag (w, "filter");
      if (check_name (w, kh_filter_get_field (filter), place, "field"))
        attr (w, "field", kh_filter_get_field (filter), place);
      attr (w, "op", kh_filter_op_to_string (kh_filter_get_op (filter)), place);
      end_open (w, values[0] != NULL);
      for (guint j = 0; values[j] != NULL; j++)
        text_element (w, "value", values[j], place);
      if (values[0] != NULL)
        close_tag (w, "filter");
    }

  if (has_dedupe)
    {
      const char *place = _("the dedupe rule");

      open_tag (w, "dedupe");
      attr (w, "keep", kh_dedupe_keep_to_string (keep), place);
      end_open (w, keys[0] != NULL);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          open_tag (w, "key");
          if (check_name (w, keys[i], place, "field"))
            attr (w, "field", keys[i], place);
          end_open (w, FALSE);
        }
      if (keys[0] != NULL)
        close_tag (w, "dedupe");
    }

  close_tag (w, "record-rules");
}

/* ---- Golden records --------------------------------------------------- */

static void
write_values (Writer             *w,
              const char         *element,
              KhGoldenRecord     *record,
              gboolean            input,
              const char         *place)
{
  const char * const *fields = input ? kh_golden_record_get_input_fields (record)
                                     : kh_golden_record_get_expected_fields (record);

  if (fields[0] == NULL)
    return;

  open_tag (w, element);
  end_open (w, TRUE);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = NULL;

      if (input)
        kh_golden_record_get_input (record, fields[i], &value);
      else
        kh_golden_record_get_expected (record, fields[i], &value);

      open_tag (w, "value");
      if (check_name (w, fields[i], place, "field"))
        attr (w, "field", fields[i], place);
      if (value == NULL)
        {
          attr (w, "null", "true", place);
          end_open (w, FALSE);
        }
      else if (value[0] == '\0')
        end_open (w, FALSE);
      else if (check_value (w, value, place, "value"))
        {
          g_string_append_c (w->out, '>');
          append_escaped (w->out, value, FALSE);
          g_string_append (w->out, "</value>\n");
        }
    }

  close_tag (w, element);
}

static void
write_tests (Writer    *w,
             KhMapping *mapping)
{
  guint n = kh_mapping_get_n_golden_records (mapping);

  if (n == 0)
    return;

  open_tag (w, "tests");
  end_open (w, TRUE);

  for (guint i = 0; i < n; i++)
    {
      KhGoldenRecord *record = kh_mapping_get_golden_record (mapping, i);
      const char *name = kh_golden_record_get_name (record);
      g_autofree char *place = g_strdup_printf (_("the test “%s”"), name);
      gboolean has_children = kh_golden_record_get_input_fields (record)[0] != NULL ||
                              kh_golden_record_get_expected_fields (record)[0] != NULL;

      open_tag (w, "test");
      attr (w, "name", name, place);
      attr (w, "outcome", kh_outcome_to_string (kh_golden_record_get_outcome (record)), place);
      end_open (w, has_children);
      write_values (w, "input", record, TRUE, place);
      write_values (w, "expect", record, FALSE, place);
      if (has_children)
        close_tag (w, "test");
    }

  close_tag (w, "tests");
}

/* ---- Layout ----------------------------------------------------------- */

static void
write_layout (Writer    *w,
              KhMapping *mapping)
{
  g_auto(GStrv) keys = kh_mapping_list_layout_keys (mapping);

  if (keys[0] == NULL)
    return;

  open_tag (w, "layout");
  end_open (w, TRUE);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *place = g_strdup_printf (_("the layout entry “%s”"), keys[i]);

      open_tag (w, "item");
      if (check_name (w, keys[i], place, "key"))
        attr (w, "key", keys[i], place);
      attr (w, "value", kh_mapping_get_layout (mapping, keys[i]), place);
      end_open (w, FALSE);
    }
  close_tag (w, "layout");
}

/**
 * kh_mapping_to_xml:
 * @mapping: a mapping
 * @error: why the mapping cannot be written
 *
 * Writes @mapping in the canonical form of the mapping format. Every file
 * it writes is valid against the mapping schema. It refuses, with an error
 * naming the place, any text an XML 1.0 file cannot hold (control
 * characters such as U+0001, invalid UTF-8), empty names and malformed
 * step or parameter identifiers, rather than write a file that cannot be
 * read back.
 *
 * The mapping need not be free of semantic problems (kh_mapping_check()):
 * work in progress can be saved.
 *
 * Returns: (transfer full): the UTF-8 text of the file, or %NULL
 */
GBytes *
kh_mapping_to_xml (KhMapping  *mapping,
                   GError    **error)
{
  Writer w = { 0 };
  const char *name;
  const char *description;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  w.out = g_string_sized_new (4096);
  name = kh_mapping_get_name (mapping);
  description = kh_mapping_get_description (mapping);

  g_string_append (w.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  open_tag (&w, "mapping");
  g_string_append (w.out, " xmlns=\"" KH_MAPPING_XML_NAMESPACE "\"");
  attr (&w, "name", name, _("the mapping"));
  end_open (&w, TRUE);

  if (description != NULL)
    text_element (&w, "description", description, _("the mapping"));

  write_side (&w, "source", kh_mapping_get_source_system (mapping),
              kh_mapping_get_source_entity (mapping), _("the source entity"));
  write_side (&w, "target", kh_mapping_get_target_system (mapping),
              kh_mapping_get_target_entity (mapping), _("the target entity"));
  write_code_lists (&w, mapping);
  write_rules (&w, mapping);
  write_record_rules (&w, mapping);
  write_tests (&w, mapping);
  write_layout (&w, mapping);

  close_tag (&w, "mapping");

  if (w.error != NULL)
    {
      g_propagate_error (error, w.error);
      g_string_free (w.out, TRUE);
      return NULL;
    }

  return g_string_free_to_bytes (w.out);
}

/**
 * kh_mapping_save_file:
 *
 * Writes the canonical form of @mapping to @file, atomically: the file is
 * written aside and renamed over the old one, so it appears whole or not
 * at all.
 *
 * Returns: %TRUE on success
 */
gboolean
kh_mapping_save_file (KhMapping     *mapping,
                      GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (KH_IS_MAPPING (mapping), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = kh_mapping_to_xml (mapping, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  return g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, cancellable, error);
}
