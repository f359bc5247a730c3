/* kh-importer.c: the common entry point of the schema importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include "kh-importer.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>

#include "kh-importer-private.h"

/* Formats ----------------------------------------------------------------- */

static const struct
{
  KhImportFormat  format;
  const char     *nick;
  const char     *label;
} formats[] = {
  { KH_IMPORT_FORMAT_AUTO,        "auto",        N_("Detect from the content") },
  { KH_IMPORT_FORMAT_ODATA,       "odata",       N_("OData metadata (CSDL / EDMX)") },
  { KH_IMPORT_FORMAT_SALESFORCE,  "salesforce",  N_("Salesforce describe JSON") },
  { KH_IMPORT_FORMAT_CDM,         "cdm",         N_("Common Data Model entity JSON") },
  { KH_IMPORT_FORMAT_JSON_SCHEMA, "json-schema", N_("JSON Schema") },
  { KH_IMPORT_FORMAT_CSV,         "csv",         N_("CSV with a header row") },
  { KH_IMPORT_FORMAT_SQLITE,      "sqlite",      N_("SQLite database") },
  { KH_IMPORT_FORMAT_ERPNEXT,     "erpnext",     N_("ERPNext DocType JSON") },
  { KH_IMPORT_FORMAT_ESPOCRM,     "espocrm",     N_("EspoCRM entityDefs JSON") },
};

const char *
kh_import_format_to_string (KhImportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].nick;
  return NULL;
}

gboolean
kh_import_format_from_string (const char     *str,
                              KhImportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (str, formats[i].nick) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
kh_import_format_get_label (KhImportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return _(formats[i].label);
  return NULL;
}

/* Warnings ---------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (KhImportWarning, kh_import_warning,
                     kh_import_warning_copy, kh_import_warning_free)

KhImportWarning *
kh_import_warning_new (const char *file,
                       guint       line,
                       guint       column,
                       const char *message)
{
  KhImportWarning *self = g_new0 (KhImportWarning, 1);

  self->file = g_strdup (file);
  self->line = line;
  self->column = column;
  self->message = g_strdup (message);
  return self;
}

KhImportWarning *
kh_import_warning_copy (const KhImportWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kh_import_warning_new (self->file, self->line, self->column, self->message);
}

void
kh_import_warning_free (KhImportWarning *self)
{
  if (self == NULL)
    return;
  g_free (self->file);
  g_free (self->message);
  g_free (self);
}

static char *
format_located (const char *file,
                guint       line,
                guint       column,
                const char *message)
{
  if (line > 0 && column > 0)
    return g_strdup_printf ("%s:%u:%u: %s", file, line, column, message);
  if (line > 0)
    return g_strdup_printf ("%s:%u: %s", file, line, message);
  return g_strdup_printf ("%s: %s", file, message);
}

/**
 * kh_import_warning_to_string:
 *
 * Returns: "FILE:LINE:COLUMN: MESSAGE", leaving out what is not known
 */
char *
kh_import_warning_to_string (const KhImportWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return format_located (self->file != NULL ? self->file : "", self->line, self->column, self->message);
}

/* Options ----------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (KhImportOptions, kh_import_options,
                     kh_import_options_copy, kh_import_options_free)

KhImportOptions *
kh_import_options_new (void)
{
  KhImportOptions *self = g_new0 (KhImportOptions, 1);

  self->sample_rows = KH_IMPORT_DEFAULT_SAMPLE_ROWS;
  self->label_files = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

KhImportOptions *
kh_import_options_copy (const KhImportOptions *self)
{
  KhImportOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kh_import_options_new ();
  copy->entity_name = g_strdup (self->entity_name);
  copy->encoding = g_strdup (self->encoding);
  copy->sample_rows = self->sample_rows;
  copy->delimiter = self->delimiter;
  for (guint i = 0; i < self->label_files->len; i++)
    g_ptr_array_add (copy->label_files, g_object_ref (g_ptr_array_index (self->label_files, i)));
  return copy;
}

void
kh_import_options_free (KhImportOptions *self)
{
  if (self == NULL)
    return;
  g_free (self->entity_name);
  g_free (self->encoding);
  g_ptr_array_unref (self->label_files);
  g_free (self);
}

void
kh_import_options_set_entity_name (KhImportOptions *self,
                                   const char      *name)
{
  g_return_if_fail (self != NULL);

  g_free (self->entity_name);
  self->entity_name = (name != NULL && name[0] != '\0') ? g_strdup (name) : NULL;
}

const char *
kh_import_options_get_entity_name (const KhImportOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->entity_name;
}

void
kh_import_options_set_sample_rows (KhImportOptions *self,
                                   guint            rows)
{
  g_return_if_fail (self != NULL);

  self->sample_rows = rows > 0 ? rows : KH_IMPORT_DEFAULT_SAMPLE_ROWS;
}

guint
kh_import_options_get_sample_rows (const KhImportOptions *self)
{
  g_return_val_if_fail (self != NULL, KH_IMPORT_DEFAULT_SAMPLE_ROWS);

  return self->sample_rows;
}

void
kh_import_options_set_delimiter (KhImportOptions *self,
                                 gunichar         delimiter)
{
  g_return_if_fail (self != NULL);

  self->delimiter = delimiter;
}

gunichar
kh_import_options_get_delimiter (const KhImportOptions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->delimiter;
}

void
kh_import_options_set_encoding (KhImportOptions *self,
                                const char      *encoding)
{
  g_return_if_fail (self != NULL);

  g_free (self->encoding);
  self->encoding = (encoding != NULL && encoding[0] != '\0') ? g_strdup (encoding) : NULL;
}

const char *
kh_import_options_get_encoding (const KhImportOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding;
}

void
kh_import_options_add_label_file (KhImportOptions *self,
                                  GFile           *file)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->label_files, g_object_ref (file));
}

GFile * const *
kh_import_options_get_label_files (const KhImportOptions *self,
                                   guint                 *n_files)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_files != NULL)
    *n_files = self->label_files->len;
  return (GFile * const *) self->label_files->pdata;
}

/* The import context ------------------------------------------------------ */

void
_kh_import_context_init (KhImportContext       *ctx,
                         GFile                 *file,
                         const KhImportOptions *options,
                         GCancellable          *cancellable)
{
  const char *path = g_file_peek_path (file);

  memset (ctx, 0, sizeof *ctx);
  ctx->file = g_object_ref (file);
  ctx->display_name = path != NULL ? g_strdup (path) : g_file_get_parse_name (file);
  ctx->basename = g_file_get_basename (file);
  if (ctx->basename == NULL)
    ctx->basename = g_strdup (ctx->display_name);
  ctx->options = options;
  ctx->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_import_warning_free);
  ctx->field_pos = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  ctx->cancellable = cancellable;
}

void
_kh_import_context_clear (KhImportContext *ctx)
{
  g_clear_object (&ctx->file);
  g_clear_pointer (&ctx->display_name, g_free);
  g_clear_pointer (&ctx->basename, g_free);
  g_clear_pointer (&ctx->warnings, g_ptr_array_unref);
  g_clear_pointer (&ctx->field_pos, g_hash_table_unref);
}

void
_kh_import_warn (KhImportContext *ctx,
                 guint            line,
                 guint            column,
                 const char      *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (ctx->warnings, kh_import_warning_new (ctx->display_name, line, column, message));
}

void
_kh_import_set_error (GError          **error,
                      KhImportContext  *ctx,
                      KhError           code,
                      guint             line,
                      guint             column,
                      const char       *format,
                      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *located = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  located = format_located (ctx->display_name, line, column, message);
  g_set_error_literal (error, KH_ERROR, code, located);
}

/* For errors from GIO and friends that do not name the file. */
void
_kh_import_prefix_error (GError          **error,
                         KhImportContext  *ctx)
{
  if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, ctx->display_name))
    g_prefix_error (error, "%s: ", ctx->display_name);
}

gboolean
_kh_import_check_cancelled (KhImportContext  *ctx,
                            GError          **error)
{
  /* G_IO_ERROR_CANCELLED, as GIO (and GTask) report it. */
  return !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

static char *
describe_pos (const KhImportPos *pos)
{
  if (pos->line > 0)
    return g_strdup_printf (_("line %u"), pos->line);
  return g_strdup_printf (_("field %u"), pos->pos);
}

gboolean
_kh_import_add_field (KhImportContext *ctx,
                      KhEntity        *entity,
                      KhField         *field,
                      guint            line,
                      guint            pos)
{
  g_autoptr(KhField) owned = field;
  KhField *first;
  KhImportPos *where;

  /* Names repeat within one entity only: keep the positions of one. */
  if (entity != ctx->pos_entity)
    {
      g_hash_table_remove_all (ctx->field_pos);
      ctx->pos_entity = entity;
    }

  first = kh_entity_lookup_field (entity, kh_field_get_name (field));
  if (first != NULL)
    {
      const KhImportPos *first_pos = g_hash_table_lookup (ctx->field_pos, first);
      KhImportPos second_pos = { line, pos };
      g_autofree char *a = first_pos != NULL ? describe_pos (first_pos) : g_strdup ("?");
      g_autofree char *b = describe_pos (&second_pos);

      /* Translators: the field name, the entity name, then where the two
       * definitions are ("line 12" or "field 3") */
      _kh_import_warn (ctx, line, 0,
                       _("Field “%s” is defined twice in entity “%s” (%s and %s); the first is kept"),
                       kh_field_get_name (field), kh_entity_get_name (entity), a, b);
      return FALSE;
    }

  where = g_new (KhImportPos, 1);
  where->line = line;
  where->pos = pos;
  g_hash_table_insert (ctx->field_pos, field, where);
  kh_entity_add_field (entity, field);
  return TRUE;
}

gboolean
_kh_import_add_entity (KhImportContext *ctx,
                       KhSchema        *schema,
                       KhEntity        *entity,
                       guint            line)
{
  g_autoptr(KhEntity) owned = entity;

  if (!kh_schema_add_entity (schema, entity))
    {
      _kh_import_warn (ctx, line, 0,
                       _("Entity “%s” is defined twice; the first is kept"),
                       kh_entity_get_name (entity));
      return FALSE;
    }
  return TRUE;
}

char *
_kh_import_stem (KhImportContext *ctx)
{
  static const char * const suffixes[] = {
    ".describe.json", ".cdm.json", ".schema.json", ".json", ".csv", ".tsv", ".txt",
    ".sqlite3", ".sqlite", ".db", ".xml", ".edmx",
  };
  const char *name = ctx->basename;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize n = strlen (name), m = strlen (suffixes[i]);

      if (n > m && g_ascii_strcasecmp (name + n - m, suffixes[i]) == 0)
        return g_strndup (name, n - m);
    }
  return g_strdup (name);
}

/* Detection --------------------------------------------------------------- */

#define HEAD_SIZE 4096

static gssize
read_head (KhImportContext  *ctx,
           guint8           *buffer,
           gsize             size,
           GError          **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  gsize n = 0;

  stream = g_file_read (ctx->file, ctx->cancellable, error);
  if (stream == NULL)
    {
      _kh_import_prefix_error (error, ctx);
      return -1;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, size, &n, ctx->cancellable, error))
    {
      _kh_import_prefix_error (error, ctx);
      return -1;
    }
  return (gssize) n;
}

static gboolean
looks_like_text (const guint8 *data,
                 gsize         length)
{
  const char *end = NULL;

  if (memchr (data, '\0', length) != NULL)
    return FALSE;
  if (g_utf8_validate ((const char *) data, length, &end))
    return TRUE;
  /* A character cut at the end of the head is fine. */
  if ((gsize) (end - (const char *) data) + 4 > length)
    return TRUE;

  /* Not UTF-8: Shift_JIS / CP932 exports are text too. */
  {
    g_autofree char *converted = NULL;
    gsize in = length;

    /* Leave out a possibly cut last character. */
    while (in > 0 && length - in < 2 && (data[in - 1] & 0x80))
      in--;
    converted = g_convert ((const char *) data, in, "UTF-8", "CP932", NULL, NULL, NULL);
    return converted != NULL;
  }
}

static KhImportFormat
detect (KhImportContext  *ctx,
        cJSON           **root_out,
        GError          **error)
{
  guint8 head[HEAD_SIZE];
  gssize n;
  gsize i = 0;

  n = read_head (ctx, head, sizeof head, error);
  if (n < 0)
    return KH_IMPORT_FORMAT_AUTO;

  if (n == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The file is empty; expected schema metadata"));
      return KH_IMPORT_FORMAT_AUTO;
    }

  if (n >= 16 && memcmp (head, "SQLite format 3", 16) == 0)
    return KH_IMPORT_FORMAT_SQLITE;

  if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    i = 3;
  while (i < (gsize) n && g_ascii_isspace (head[i]))
    i++;

  if (i < (gsize) n && head[i] == '<')
    return KH_IMPORT_FORMAT_ODATA;

  if (i < (gsize) n && (head[i] == '{' || head[i] == '['))
    {
      g_autoptr(GError) local_error = NULL;
      cJSON *root = _kh_import_load_json (ctx, &local_error);
      KhImportFormat format;

      if (root == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return KH_IMPORT_FORMAT_AUTO;
        }

      format = _kh_import_detect_json (root);
      if (format == KH_IMPORT_FORMAT_AUTO)
        {
          cJSON_Delete (root);
          _kh_import_set_error (error, ctx, KH_ERROR_UNSUPPORTED, 1, 1, "%s",
                                _("This JSON file is not a metadata format Kakehashi knows; expected a "
                                  "Salesforce describe, a Common Data Model entity, a JSON Schema, an "
                                  "ERPNext DocType or EspoCRM entityDefs"));
          return KH_IMPORT_FORMAT_AUTO;
        }
      *root_out = root;
      return format;
    }

  if (looks_like_text (head, n))
    return KH_IMPORT_FORMAT_CSV;

  _kh_import_set_error (error, ctx, KH_ERROR_UNSUPPORTED, 1, 1, "%s",
                        _("This file is not a metadata format Kakehashi knows; expected OData metadata, "
                          "JSON metadata, CSV or a SQLite database"));
  return KH_IMPORT_FORMAT_AUTO;
}

/**
 * kh_import_detect_format:
 * @file: the metadata file
 *
 * Looks at the content (never the name) and tells the format.
 *
 * Returns: the format, or %KH_IMPORT_FORMAT_AUTO with @error set
 */
KhImportFormat
kh_import_detect_format (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  KhImportContext ctx;
  KhImportFormat format;
  cJSON *root = NULL;

  g_return_val_if_fail (G_IS_FILE (file), KH_IMPORT_FORMAT_AUTO);
  g_return_val_if_fail (error == NULL || *error == NULL, KH_IMPORT_FORMAT_AUTO);

  _kh_import_context_init (&ctx, file, NULL, cancellable);
  format = detect (&ctx, &root, error);
  cJSON_Delete (root);
  _kh_import_context_clear (&ctx);
  return format;
}

/* Import ------------------------------------------------------------------ */

static gboolean
check_not_empty (KhImportContext  *ctx,
                 GError          **error)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (ctx->file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, ctx->cancellable, error);
  if (info == NULL)
    {
      _kh_import_prefix_error (error, ctx);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_INPUT, 0, 0, "%s",
                            _("This is a folder; expected a metadata file"));
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && g_file_info_get_size (info) == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The file is empty; expected schema metadata"));
      return FALSE;
    }
  return TRUE;
}

static KhSchema *
import_in_context (KhImportContext  *ctx,
                   KhImportFormat    format,
                   GError          **error)
{
  cJSON *root = NULL;
  KhSchema *schema = NULL;

  if (!_kh_import_check_cancelled (ctx, error) || !check_not_empty (ctx, error))
    return NULL;

  if (format == KH_IMPORT_FORMAT_AUTO)
    {
      format = detect (ctx, &root, error);
      if (format == KH_IMPORT_FORMAT_AUTO)
        return NULL;
    }

  switch (format)
    {
    case KH_IMPORT_FORMAT_ODATA:
      return _kh_import_odata (ctx, error);
    case KH_IMPORT_FORMAT_CSV:
      return _kh_import_csv (ctx, error);
    case KH_IMPORT_FORMAT_SQLITE:
      return _kh_import_sqlite (ctx, error);
    case KH_IMPORT_FORMAT_SALESFORCE:
    case KH_IMPORT_FORMAT_CDM:
    case KH_IMPORT_FORMAT_JSON_SCHEMA:
    case KH_IMPORT_FORMAT_ERPNEXT:
    case KH_IMPORT_FORMAT_ESPOCRM:
      break;
    case KH_IMPORT_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }

  if (root == NULL)
    root = _kh_import_load_json (ctx, error);
  if (root == NULL)
    return NULL;

  switch (format)
    {
    case KH_IMPORT_FORMAT_SALESFORCE:
      schema = _kh_import_salesforce (ctx, root, error);
      break;
    case KH_IMPORT_FORMAT_CDM:
      schema = _kh_import_cdm (ctx, root, error);
      break;
    case KH_IMPORT_FORMAT_JSON_SCHEMA:
      schema = _kh_import_json_schema (ctx, root, error);
      break;
    case KH_IMPORT_FORMAT_ERPNEXT:
      schema = _kh_import_erpnext (ctx, root, error);
      break;
    case KH_IMPORT_FORMAT_ESPOCRM:
      schema = _kh_import_espocrm (ctx, root, error);
      break;
    case KH_IMPORT_FORMAT_AUTO:
    case KH_IMPORT_FORMAT_ODATA:
    case KH_IMPORT_FORMAT_CSV:
    case KH_IMPORT_FORMAT_SQLITE:
    default:
      g_assert_not_reached ();
    }
  cJSON_Delete (root);
  return schema;
}

/**
 * kh_import_schema:
 * @file: the metadata file
 * @format: its format, or %KH_IMPORT_FORMAT_AUTO to detect it from the content
 * @options: (nullable): what the caller knows that the file may not say
 * @warnings: (out) (optional) (transfer full) (element-type KhImportWarning):
 *   what the importer noticed and got past; set on success only
 * @cancellable: (nullable)
 * @error: errors name the file, line and column
 *
 * Imports the schema a metadata file describes.
 *
 * Returns: (transfer full): the schema, or %NULL with @error set
 */
KhSchema *
kh_import_schema (GFile                  *file,
                  KhImportFormat          format,
                  const KhImportOptions  *options,
                  GPtrArray             **warnings,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autoptr(KhImportOptions) defaults = NULL;
  KhImportContext ctx;
  KhSchema *schema;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (kh_import_format_to_string (format) != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  xmlInitParser ();

  if (options == NULL)
    options = defaults = kh_import_options_new ();

  _kh_import_context_init (&ctx, file, options, cancellable);
  schema = import_in_context (&ctx, format, error);
  if (schema != NULL)
    {
      if (kh_schema_get_origin (schema) == NULL)
        kh_schema_set_origin (schema, ctx.basename);
      if (warnings != NULL)
        *warnings = g_ptr_array_ref (ctx.warnings);
    }
  _kh_import_context_clear (&ctx);
  return schema;
}

typedef struct
{
  GFile           *file;
  KhImportFormat   format;
  KhImportOptions *options;
} ImportTaskData;

typedef struct
{
  KhSchema  *schema;
  GPtrArray *warnings;
} ImportTaskResult;

static void
import_task_data_free (ImportTaskData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->options, kh_import_options_free);
  g_free (data);
}

static void
import_task_result_free (ImportTaskResult *result)
{
  g_clear_object (&result->schema);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTaskData *data = task_data;
  ImportTaskResult *result;
  GError *error = NULL;
  GPtrArray *warnings = NULL;
  KhSchema *schema;

  schema = kh_import_schema (data->file, data->format, data->options, &warnings, cancellable, &error);
  if (schema == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ImportTaskResult, 1);
  result->schema = schema;
  result->warnings = warnings;
  g_task_return_pointer (task, result, (GDestroyNotify) import_task_result_free);
}

/**
 * kh_import_schema_async:
 *
 * Imports in a worker thread; see kh_import_schema(). @callback runs in
 * the thread-default main context of the caller.
 */
void
kh_import_schema_async (GFile                 *file,
                        KhImportFormat         format,
                        const KhImportOptions *options,
                        int                    io_priority,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTaskData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (kh_import_format_to_string (format) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* libxml2 must be initialised before it is used from threads. */
  xmlInitParser ();

  data = g_new0 (ImportTaskData, 1);
  data->file = g_object_ref (file);
  data->format = format;
  data->options = options != NULL ? kh_import_options_copy (options) : kh_import_options_new ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_import_schema_async);
  g_task_set_priority (task, io_priority);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * kh_import_schema_finish:
 * @warnings: (out) (optional) (transfer full) (element-type KhImportWarning)
 *
 * Returns: (transfer full): the schema, or %NULL with @error set
 */
KhSchema *
kh_import_schema_finish (GAsyncResult  *result,
                         GPtrArray    **warnings,
                         GError       **error)
{
  ImportTaskResult *res;
  KhSchema *schema;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_import_schema_async, NULL);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return NULL;

  schema = g_steal_pointer (&res->schema);
  if (warnings != NULL)
    *warnings = g_steal_pointer (&res->warnings);
  import_task_result_free (res);
  return schema;
}
