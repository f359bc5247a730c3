/* kh-run-schema.c: kakehashi-run schema — import a metadata file and print it
 *
 * Prints the entities and fields as an aligned table, or with --json
 * exactly one JSON object:
 *
 *   {"entities":[{"name","label","fields":[{"name","label","type",
 *     "required","max_length","precision","scale","key",
 *     "codes":[{"value","label"}]}]}]}
 *
 * A facet the metadata does not give is null (required, max_length,
 * precision, scale; labels too). An explicitly unlimited max-length is the
 * string "none", as in the mapping XML. Types are the mapping XML's nicks
 * (string, integer, decimal, boolean, date, datetime, time).
 *
 * Warnings go to stderr as "FILE:LINE:COLUMN: warning: MESSAGE".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakehashi-run"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-error.h"
#include "kh-importer.h"
#include "kh-run.h"

/* JSON ------------------------------------------------------------------- */

static void
json_string (GString    *out,
             const char *str)
{
  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_facet (GString *out,
            int      value)
{
  if (value == KH_FACET_UNKNOWN)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%d", value);
}

static void
print_json (KhSchema   *schema,
            const char *only)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = kh_schema_get_n_entities (schema);
  gboolean first_entity = TRUE;

  fputs ("{\"entities\":[", stdout);
  for (guint i = 0; i < n; i++)
    {
      KhEntity *entity = kh_schema_get_entity (schema, i);
      guint n_fields = kh_entity_get_n_fields (entity);

      if (only != NULL && strcmp (only, kh_entity_get_name (entity)) != 0)
        continue;

      g_string_truncate (out, 0);
      if (!first_entity)
        g_string_append_c (out, ',');
      first_entity = FALSE;
      g_string_append (out, "\n{\"name\":");
      json_string (out, kh_entity_get_name (entity));
      g_string_append (out, ",\"label\":");
      json_string (out, kh_entity_get_label (entity));
      g_string_append (out, ",\"fields\":[");

      for (guint j = 0; j < n_fields; j++)
        {
          KhField *field = kh_entity_get_field (entity, j);
          guint n_codes = kh_field_get_n_codes (field);
          int max_length = kh_field_get_max_length (field);

          if (j > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "\n {\"name\":");
          json_string (out, kh_field_get_name (field));
          g_string_append (out, ",\"label\":");
          json_string (out, kh_field_get_label (field));
          g_string_append (out, ",\"type\":");
          json_string (out, kh_field_type_to_string (kh_field_get_field_type (field)));
          g_string_append (out, ",\"required\":");
          switch (kh_field_get_required (field))
            {
            case KH_REQUIRED_YES: g_string_append (out, "true"); break;
            case KH_REQUIRED_NO:  g_string_append (out, "false"); break;
            case KH_REQUIRED_UNKNOWN:
            default:              g_string_append (out, "null"); break;
            }
          g_string_append (out, ",\"max_length\":");
          if (max_length == KH_LENGTH_NONE)
            g_string_append (out, "\"none\"");
          else
            json_facet (out, max_length);
          g_string_append (out, ",\"precision\":");
          json_facet (out, kh_field_get_precision (field));
          g_string_append (out, ",\"scale\":");
          json_facet (out, kh_field_get_scale (field));
          g_string_append (out, kh_field_get_key (field) ? ",\"key\":true" : ",\"key\":false");
          g_string_append (out, ",\"codes\":[");
          for (guint k = 0; k < n_codes; k++)
            {
              g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), k);

              if (k > 0)
                g_string_append_c (out, ',');
              g_string_append (out, "{\"value\":");
              json_string (out, kh_code_value_get_value (code));
              g_string_append (out, ",\"label\":");
              json_string (out, kh_code_value_get_label (code));
              g_string_append_c (out, '}');
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
      fwrite (out->str, 1, out->len, stdout);
    }
  fputs ("\n]}\n", stdout);
}

/* Table ------------------------------------------------------------------ */

/* Terminal columns a string takes (East Asian wide characters take two). */
static guint
display_width (const char *str)
{
  guint width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_padded (GString    *out,
               const char *str,
               guint       width)
{
  guint w = display_width (str);

  g_string_append (out, str);
  for (; w < width; w++)
    g_string_append_c (out, ' ');
}

static char *
facet_to_string (int value)
{
  return value == KH_FACET_UNKNOWN ? g_strdup ("-") : g_strdup_printf ("%d", value);
}

enum { COL_NAME, COL_TYPE, COL_REQUIRED, COL_LENGTH, COL_PRECISION, COL_SCALE, COL_KEY, COL_LABEL, COL_CODES, N_COLS };

static void
print_entity_table (KhEntity *entity)
{
  /* Translators: column headings of `kakehashi-run schema` */
  const char *headings[N_COLS] = {
    _("FIELD"), _("TYPE"), _("REQUIRED"), _("LENGTH"), _("PRECISION"), _("SCALE"), _("KEY"), _("LABEL"), _("CODES"),
  };
  guint n_fields = kh_entity_get_n_fields (entity);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint widths[N_COLS];
  g_autoptr(GString) out = g_string_new (NULL);
  const char *label = kh_entity_get_label (entity);

  for (guint c = 0; c < N_COLS; c++)
    {
      g_ptr_array_add (cells, g_strdup (headings[c]));
      widths[c] = display_width (headings[c]);
    }

  for (guint i = 0; i < n_fields; i++)
    {
      KhField *field = kh_entity_get_field (entity, i);
      int max_length = kh_field_get_max_length (field);
      guint n_codes = kh_field_get_n_codes (field);
      g_autoptr(GString) codes = g_string_new (NULL);
      char *row[N_COLS];

      for (guint k = 0; k < n_codes && k < 5; k++)
        {
          g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), k);

          if (k > 0)
            g_string_append (codes, ", ");
          g_string_append (codes, kh_code_value_get_value (code));
        }
      if (n_codes > 5)
        g_string_append_printf (codes, g_dngettext (GETTEXT_PACKAGE, ", … (%u value)", ", … (%u values)", n_codes),
                                n_codes);

      row[COL_NAME] = g_strdup (kh_field_get_name (field));
      row[COL_TYPE] = g_strdup (kh_field_type_to_string (kh_field_get_field_type (field)));
      switch (kh_field_get_required (field))
        {
        case KH_REQUIRED_YES: row[COL_REQUIRED] = g_strdup (_("yes")); break;
        case KH_REQUIRED_NO:  row[COL_REQUIRED] = g_strdup (_("no")); break;
        case KH_REQUIRED_UNKNOWN:
        default:              row[COL_REQUIRED] = g_strdup ("-"); break;
        }
      row[COL_LENGTH] = max_length == KH_LENGTH_NONE ? g_strdup ("none") : facet_to_string (max_length);
      row[COL_PRECISION] = facet_to_string (kh_field_get_precision (field));
      row[COL_SCALE] = facet_to_string (kh_field_get_scale (field));
      row[COL_KEY] = g_strdup (kh_field_get_key (field) ? _("key") : "");
      row[COL_LABEL] = g_strdup (kh_field_get_label (field) != NULL ? kh_field_get_label (field) : "");
      row[COL_CODES] = g_strdup (codes->str);

      for (guint c = 0; c < N_COLS; c++)
        {
          widths[c] = MAX (widths[c], display_width (row[c]));
          g_ptr_array_add (cells, row[c]);
        }
    }

  if (label != NULL && g_strcmp0 (label, kh_entity_get_name (entity)) != 0)
    /* Translators: entity name, its label, then the number of fields */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s (%s): %u field\n", "%s (%s): %u fields\n", n_fields),
                            kh_entity_get_name (entity), label, n_fields);
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u field\n", "%s: %u fields\n", n_fields),
                            kh_entity_get_name (entity), n_fields);

  for (guint r = 0; r <= n_fields; r++)
    {
      GString *line = g_string_new ("  ");

      for (guint c = 0; c < N_COLS; c++)
        {
          const char *cell = g_ptr_array_index (cells, r * N_COLS + c);

          if (c + 1 == N_COLS)
            g_string_append (line, cell);
          else
            {
              append_padded (line, cell, widths[c]);
              g_string_append (line, "  ");
            }
        }
      /* No trailing blanks. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_c (line, '\n');
      g_string_append_len (out, line->str, line->len);
      g_string_free (line, TRUE);
    }
  g_string_append_c (out, '\n');
  fwrite (out->str, 1, out->len, stdout);
}

/* The command ------------------------------------------------------------ */

int
kh_run_cmd_schema (int    argc,
                   char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *entity_name = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_auto(GStrv) label_files = NULL;
  gboolean json = FALSE;
  int sample_rows = 0;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("The metadata format (auto, odata, salesforce, cdm, json-schema, csv, sqlite, erpnext, espocrm); "
         "default: detect from the content"), N_("FORMAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of a table"), NULL },
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &entity_name,
      N_("Print only this entity"), N_("NAME") },
    { "labels", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &label_files,
      N_("EspoCRM: an i18n label file to read along (repeatable)"), N_("FILE") },
    { "sample-rows", 0, 0, G_OPTION_ARG_INT, &sample_rows,
      N_("CSV: how many rows type inference looks at (default 1000)"), N_("N") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter,
      N_("CSV: the delimiter (default: detect)"), N_("CHAR") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("CSV: the encoding, e.g. UTF-8 or CP932 (default: detect)"), N_("ENCODING") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhImportOptions) options = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KhSchema) schema = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  KhImportFormat format = KH_IMPORT_FORMAT_AUTO;

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Import a metadata file (OData $metadata, Salesforce describe, Common Data "
                                  "Model, JSON Schema, CSV, SQLite, ERPNext DocType, EspoCRM entityDefs) and "
                                  "print its entities and fields."));
  g_option_context_set_description (context,
                                    _("With --json a facet the metadata does not give is null, and an "
                                      "unlimited max_length is \"none\".\n"
                                      "Exit status: 0 on success, 2 on a bad command line, 4 when the file "
                                      "cannot be read or is not valid metadata."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_USAGE;
    }

  if (argc < 2)
    {
      kh_run_print_error ("%s", _("missing the metadata FILE"));
      return KH_EXIT_USAGE;
    }
  if (argc > 2)
    {
      kh_run_print_error (_("unexpected argument “%s”"), argv[2]);
      return KH_EXIT_USAGE;
    }
  if (format_name != NULL && !kh_import_format_from_string (format_name, &format))
    {
      kh_run_print_error (_("unknown format “%s”; expected one of auto, odata, salesforce, cdm, json-schema, "
                            "csv, sqlite, erpnext, espocrm"),
                          format_name);
      return KH_EXIT_USAGE;
    }
  if (sample_rows < 0)
    {
      kh_run_print_error ("%s", _("--sample-rows must be a positive number"));
      return KH_EXIT_USAGE;
    }
  if (delimiter != NULL && g_utf8_strlen (delimiter, -1) != 1 && strcmp (delimiter, "\\t") != 0)
    {
      kh_run_print_error ("%s", _("--delimiter must be one character"));
      return KH_EXIT_USAGE;
    }

  options = kh_import_options_new ();
  if (sample_rows > 0)
    kh_import_options_set_sample_rows (options, (guint) sample_rows);
  if (delimiter != NULL)
    kh_import_options_set_delimiter (options, strcmp (delimiter, "\\t") == 0 ? '\t' : g_utf8_get_char (delimiter));
  if (encoding != NULL)
    kh_import_options_set_encoding (options, encoding);
  for (guint i = 0; label_files != NULL && label_files[i] != NULL; i++)
    {
      g_autoptr(GFile) label_file = g_file_new_for_commandline_arg (label_files[i]);

      kh_import_options_add_label_file (options, label_file);
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  schema = kh_import_schema (file, format, options, &warnings, NULL, &error);
  if (schema == NULL)
    {
      kh_run_print_error ("%s", error->message);
      return KH_EXIT_INPUT;
    }

  for (guint i = 0; i < warnings->len; i++)
    {
      const KhImportWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *text = kh_import_warning_to_string (warning);

      /* Translators: %s is "FILE:LINE:COLUMN: message" */
      g_printerr (_("kakehashi-run: warning: %s\n"), text);
    }

  if (entity_name != NULL && kh_schema_lookup_entity (schema, entity_name) == NULL)
    {
      kh_run_print_error (_("the file has no entity “%s”"), entity_name);
      return KH_EXIT_INPUT;
    }

  if (json)
    print_json (schema, entity_name);
  else
    for (guint i = 0; i < kh_schema_get_n_entities (schema); i++)
      {
        KhEntity *entity = kh_schema_get_entity (schema, i);

        if (entity_name == NULL || strcmp (entity_name, kh_entity_get_name (entity)) == 0)
          print_entity_table (entity);
      }

  return KH_EXIT_OK;
}
