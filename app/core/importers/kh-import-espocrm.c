/* kh-import-espocrm.c: EspoCRM entityDefs JSON (+ i18n label files)
 *
 * An entityDefs file does not name its entity: the name comes from the
 * options, else from the file name ("Account.json", "entityDefs-Account.json").
 * Fields become the columns EspoCRM stores and its API reads and writes:
 *
 *   link, file, image     NAMEId                     (espocrm:link = NAME)
 *   linkParent            NAMEId, NAMEType
 *   currency              NAME, NAMECurrency
 *   address               NAMEStreet, NAMECity, NAMEState, NAMECountry,
 *                         NAMEPostalCode (those not defined on their own)
 *   personName            salutationName, firstName, lastName (likewise)
 *   linkMultiple, linkOne, attachmentMultiple: relations, left out
 *
 * Labels come from the i18n file ("fields", "options") given in the
 * options or found next to the file: i18n-en_US-NAME.json in the same
 * folder, or EspoCRM's own layout (metadata/entityDefs/NAME.json with
 * i18n/en_US/NAME.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-importer-private.h"

typedef struct
{
  const char  *name;
  KhFieldType  type;
} EspoType;

static const EspoType espo_types[] = {
  { "varchar", KH_FIELD_TYPE_STRING }, { "text", KH_FIELD_TYPE_STRING },
  { "wysiwyg", KH_FIELD_TYPE_STRING }, { "email", KH_FIELD_TYPE_STRING },
  { "phone", KH_FIELD_TYPE_STRING }, { "url", KH_FIELD_TYPE_STRING },
  { "urlMultiple", KH_FIELD_TYPE_STRING }, { "enum", KH_FIELD_TYPE_STRING },
  { "multiEnum", KH_FIELD_TYPE_STRING }, { "array", KH_FIELD_TYPE_STRING },
  { "checklist", KH_FIELD_TYPE_STRING }, { "password", KH_FIELD_TYPE_STRING },
  { "colorpicker", KH_FIELD_TYPE_STRING }, { "barcode", KH_FIELD_TYPE_STRING },
  { "foreign", KH_FIELD_TYPE_STRING }, { "number", KH_FIELD_TYPE_STRING },
  { "jsonArray", KH_FIELD_TYPE_STRING }, { "jsonObject", KH_FIELD_TYPE_STRING },
  { "int", KH_FIELD_TYPE_INTEGER }, { "autoincrement", KH_FIELD_TYPE_INTEGER },
  { "float", KH_FIELD_TYPE_DECIMAL }, { "currency", KH_FIELD_TYPE_DECIMAL },
  { "currencyConverted", KH_FIELD_TYPE_DECIMAL }, { "decimal", KH_FIELD_TYPE_DECIMAL },
  { "bool", KH_FIELD_TYPE_BOOLEAN }, { "date", KH_FIELD_TYPE_DATE },
  { "datetime", KH_FIELD_TYPE_DATETIME }, { "datetimeOptional", KH_FIELD_TYPE_DATETIME },
};

static const char * const address_parts[] = { "Street", "City", "State", "Country", "PostalCode" };
static const char * const person_parts[] = { "salutationName", "firstName", "lastName" };

typedef struct
{
  KhImportContext *ctx;
  KhEntity        *entity;
  const cJSON     *defs;      /* "fields" */
  const cJSON     *labels;    /* i18n "fields", or NULL */
  const cJSON     *options;   /* i18n "options", or NULL */
  guint            pos;
} EspoBuild;

static const EspoType *
lookup_type (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (espo_types); i++)
    if (strcmp (name, espo_types[i].name) == 0)
      return &espo_types[i];
  return NULL;
}

static KhField *
new_field (EspoBuild   *b,
           const char  *name,
           KhFieldType  type,
           const char  *label_key,
           const char  *espo_type)
{
  KhField *field = kh_field_new (name, type);
  const char *label = _kh_json_string (b->labels, label_key);

  if (label != NULL)
    kh_field_set_label (field, label);
  if (espo_type != NULL)
    kh_field_set_attribute (field, "espocrm:type", espo_type);
  return field;
}

static void
add_part (EspoBuild   *b,
          const char  *name,
          KhFieldType  type,
          const char  *label_key,
          const char  *espo_type,
          const char  *link,
          gboolean     required)
{
  KhField *field;

  /* A part defined on its own comes at its own place. */
  if (cJSON_HasObjectItem (b->defs, name))
    return;
  field = new_field (b, name, type, label_key, espo_type);
  if (link != NULL)
    kh_field_set_attribute (field, "espocrm:link", link);
  kh_field_set_required (field, required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
  _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);
}

static void
add_def (EspoBuild   *b,
         const char  *name,
         const cJSON *def)
{
  const char *type_name = _kh_json_string (def, "type");
  const EspoType *type = lookup_type (type_name);
  gboolean required = _kh_json_bool (def, "required", FALSE);
  const cJSON *options;
  const cJSON *option;
  KhField *field;
  int value;

  if (type_name == NULL)
    type_name = "";

  if (strcmp (type_name, "linkMultiple") == 0 || strcmp (type_name, "linkOne") == 0 ||
      strcmp (type_name, "attachmentMultiple") == 0)
    return;

  if (strcmp (type_name, "link") == 0 || strcmp (type_name, "file") == 0 ||
      strcmp (type_name, "image") == 0 || strcmp (type_name, "linkParent") == 0)
    {
      g_autofree char *id = g_strconcat (name, "Id", NULL);

      field = new_field (b, id, KH_FIELD_TYPE_STRING, name, type_name);
      kh_field_set_attribute (field, "espocrm:link", name);
      kh_field_set_required (field, required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
      _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);
      if (strcmp (type_name, "linkParent") == 0)
        {
          g_autofree char *parent_type = g_strconcat (name, "Type", NULL);

          add_part (b, parent_type, KH_FIELD_TYPE_STRING, name, type_name, name, required);
        }
      return;
    }

  if (strcmp (type_name, "address") == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (address_parts); i++)
        {
          g_autofree char *part = g_strconcat (name, address_parts[i], NULL);

          add_part (b, part, KH_FIELD_TYPE_STRING, part, "varchar", NULL, FALSE);
        }
      return;
    }
  if (strcmp (type_name, "personName") == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (person_parts); i++)
        add_part (b, person_parts[i], KH_FIELD_TYPE_STRING, person_parts[i], "varchar", NULL, FALSE);
      return;
    }

  if (type == NULL)
    /* Translators: the type name, then the field name */
    _kh_import_warn (b->ctx, 0, 0, _("Unknown type “%s” of field “%s”; it is read as text"), type_name, name);

  field = new_field (b, name, type != NULL ? type->type : KH_FIELD_TYPE_STRING, name, type_name);
  kh_field_set_required (field, required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
  if ((type == NULL || type->type == KH_FIELD_TYPE_STRING) && _kh_json_int (def, "maxLength", &value) && value > 0)
    kh_field_set_max_length (field, value);
  if (_kh_json_bool (def, "notStorable", FALSE))
    kh_field_set_attribute (field, "espocrm:not-storable", "true");
  if (_kh_json_bool (def, "readOnly", FALSE))
    kh_field_set_attribute (field, "espocrm:read-only", "true");

  options = cJSON_GetObjectItemCaseSensitive (def, "options");
  cJSON_ArrayForEach (option, options)
    {
      const cJSON *option_labels = cJSON_GetObjectItemCaseSensitive (b->options, name);

      if (!cJSON_IsString (option) || option->valuestring[0] == '\0')
        continue;  /* "" is "no value", not a code */
      if (kh_field_lookup_code (field, option->valuestring) == NULL)
        kh_field_add_code (field, option->valuestring, _kh_json_string (option_labels, option->valuestring));
    }
  _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);

  if (strcmp (type_name, "currency") == 0)
    {
      g_autofree char *currency = g_strconcat (name, "Currency", NULL);

      add_part (b, currency, KH_FIELD_TYPE_STRING, name, "currency", NULL, required);
    }
}

static char *
entity_name_from_file (KhImportContext *ctx)
{
  g_autofree char *stem = _kh_import_stem (ctx);

  if (ctx->options->entity_name != NULL)
    return g_strdup (ctx->options->entity_name);
  if (g_str_has_prefix (stem, "entityDefs-"))
    return g_strdup (stem + strlen ("entityDefs-"));
  return g_steal_pointer (&stem);
}

/* The label files: those given, else one found next to the file. */
static GPtrArray *
find_label_files (KhImportContext *ctx,
                  const char      *entity)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) dir = g_file_get_parent (ctx->file);
  g_autofree char *sibling = g_strdup_printf ("i18n-en_US-%s.json", entity);
  g_autofree char *upstream = g_strdup_printf ("../../i18n/en_US/%s.json", entity);
  guint n = 0;
  GFile * const *given = kh_import_options_get_label_files (ctx->options, &n);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_object_ref (given[i]));
  if (n > 0 || dir == NULL)
    return files;

  {
    GFile *candidates[2] = {
      g_file_get_child (dir, sibling),
      g_file_resolve_relative_path (dir, upstream),
    };

    for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
      {
        if (files->len == 0 && g_file_query_exists (candidates[i], ctx->cancellable))
          g_ptr_array_add (files, candidates[i]);
        else
          g_object_unref (candidates[i]);
      }
  }
  return files;
}

KhSchema *
_kh_import_espocrm (KhImportContext  *ctx,
                    const cJSON      *root,
                    GError          **error)
{
  const cJSON *defs = cJSON_GetObjectItemCaseSensitive (root, "fields");
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) label_files = NULL;
  g_autoptr(GPtrArray) label_docs = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  g_autoptr(KhSchema) schema = NULL;
  EspoBuild b = { ctx, NULL, defs, NULL, NULL, 0 };
  const cJSON *def;

  if (!cJSON_IsObject (root) || !cJSON_IsObject (defs))
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("This is not EspoCRM entityDefs: expected an object with a “fields” object"));
      return NULL;
    }

  name = entity_name_from_file (ctx);
  label_files = find_label_files (ctx, name);
  for (guint i = 0; i < label_files->len; i++)
    {
      KhImportContext label_ctx;
      g_autoptr(GError) local_error = NULL;
      cJSON *doc;

      _kh_import_context_init (&label_ctx, g_ptr_array_index (label_files, i), ctx->options, ctx->cancellable);
      doc = _kh_import_load_json (&label_ctx, &local_error);
      if (doc == NULL)
        /* Translators: %s is the error, which names the label file */
        _kh_import_warn (ctx, 0, 0, _("The label file cannot be read: %s"), local_error->message);
      else
        {
          g_ptr_array_add (label_docs, doc);
          /* The first file that has them wins. */
          if (b.labels == NULL)
            b.labels = cJSON_GetObjectItemCaseSensitive (doc, "fields");
          if (b.options == NULL)
            b.options = cJSON_GetObjectItemCaseSensitive (doc, "options");
        }
      _kh_import_context_clear (&label_ctx);
    }

  schema = kh_schema_new ("EspoCRM");
  b.entity = kh_entity_new (name);

  cJSON_ArrayForEach (def, defs)
    {
      b.pos++;
      if (!cJSON_IsObject (def))
        {
          _kh_import_warn (ctx, 0, 0, _("Field “%s” is not an object and is left out"), def->string);
          continue;
        }
      add_def (&b, def->string, def);
    }

  kh_schema_add_entity (schema, b.entity);
  g_object_unref (b.entity);
  return g_steal_pointer (&schema);
}
