/* kh-import-salesforce.c: Salesforce sObject describe JSON
 *
 * One describe (GET /services/data/vXX.X/sobjects/NAME/describe) is one
 * entity. required = !nillable && createable && !defaultedOnCreate, which
 * is what the API demands on insert. Compound fields (BillingAddress, a
 * geolocation) are left out when their parts are there: the parts are
 * what a record is written with.
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
  guint        has_length : 1;
  guint        has_precision : 1;
} SfType;

static const SfType sf_types[] = {
  { "id",               KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "string",           KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "textarea",         KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "picklist",         KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "multipicklist",    KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "combobox",         KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "reference",        KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "email",            KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "phone",            KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "url",              KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "encryptedstring",  KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "base64",           KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "anyType",          KH_FIELD_TYPE_STRING,   TRUE,  FALSE },
  { "complexvalue",     KH_FIELD_TYPE_STRING,   FALSE, FALSE },
  { "address",          KH_FIELD_TYPE_STRING,   FALSE, FALSE },
  { "location",         KH_FIELD_TYPE_STRING,   FALSE, FALSE },
  { "currency",         KH_FIELD_TYPE_DECIMAL,  FALSE, TRUE },
  { "double",           KH_FIELD_TYPE_DECIMAL,  FALSE, TRUE },
  { "percent",          KH_FIELD_TYPE_DECIMAL,  FALSE, TRUE },
  { "int",              KH_FIELD_TYPE_INTEGER,  FALSE, FALSE },
  { "long",             KH_FIELD_TYPE_INTEGER,  FALSE, FALSE },
  { "date",             KH_FIELD_TYPE_DATE,     FALSE, FALSE },
  { "datetime",         KH_FIELD_TYPE_DATETIME, FALSE, FALSE },
  { "time",             KH_FIELD_TYPE_TIME,     FALSE, FALSE },
  { "boolean",          KH_FIELD_TYPE_BOOLEAN,  FALSE, FALSE },
};

static const SfType *
lookup_type (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sf_types); i++)
    if (strcmp (name, sf_types[i].name) == 0)
      return &sf_types[i];
  return NULL;
}

static void
add_codes (KhField     *field,
           const cJSON *json)
{
  const cJSON *values = cJSON_GetObjectItemCaseSensitive (json, "picklistValues");
  const cJSON *value;

  cJSON_ArrayForEach (value, values)
    {
      const char *code = _kh_json_string (value, "value");

      if (code == NULL || !_kh_json_bool (value, "active", TRUE))
        continue;
      kh_field_add_code (field, code, _kh_json_string (value, "label"));
    }
}

static KhField *
build_field (KhImportContext *ctx,
             const cJSON     *json,
             const char      *name,
             guint            pos)
{
  const char *type_name = _kh_json_string (json, "type");
  const SfType *type = lookup_type (type_name);
  const char *label = _kh_json_string (json, "label");
  const char *help = _kh_json_string (json, "inlineHelpText");
  const char *compound = _kh_json_string (json, "compoundFieldName");
  const cJSON *reference_to = cJSON_GetObjectItemCaseSensitive (json, "referenceTo");
  KhField *field;
  int value;

  if (type == NULL)
    /* Translators: the type name, then the field name */
    _kh_import_warn (ctx, 0, 0, _("Unknown type “%s” of field “%s”; it is read as text"),
                     type_name != NULL ? type_name : "?", name);

  field = kh_field_new (name, type != NULL ? type->type : KH_FIELD_TYPE_STRING);
  if (label != NULL)
    kh_field_set_label (field, label);
  if (help != NULL)
    kh_field_set_description (field, help);
  if (type_name != NULL)
    kh_field_set_attribute (field, "salesforce:type", type_name);

  if (cJSON_HasObjectItem (json, "nillable") && cJSON_HasObjectItem (json, "createable"))
    {
      gboolean required = !_kh_json_bool (json, "nillable", TRUE) &&
                          _kh_json_bool (json, "createable", FALSE) &&
                          !_kh_json_bool (json, "defaultedOnCreate", FALSE);

      kh_field_set_required (field, required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
    }

  if (type != NULL && type->has_length && _kh_json_int (json, "length", &value) && value > 0)
    kh_field_set_max_length (field, value);
  if (type != NULL && type->has_precision)
    {
      if (_kh_json_int (json, "precision", &value) && value > 0)
        {
          kh_field_set_precision (field, value);
          if (_kh_json_int (json, "scale", &value) && value >= 0)
            kh_field_set_scale (field, value);
        }
    }
  else if (type != NULL && type->type == KH_FIELD_TYPE_INTEGER &&
           _kh_json_int (json, "digits", &value) && value > 0)
    kh_field_set_precision (field, value);

  if (type_name != NULL && strcmp (type_name, "id") == 0)
    {
      kh_field_set_key (field, TRUE);
    }

  if (_kh_json_bool (json, "externalId", FALSE))
    kh_field_set_attribute (field, "salesforce:external-id", "true");
  if (_kh_json_bool (json, "unique", FALSE))
    kh_field_set_attribute (field, "salesforce:unique", "true");
  if (compound != NULL && strcmp (compound, name) != 0)
    kh_field_set_attribute (field, "salesforce:compound-field", compound);
  if (cJSON_GetArraySize (reference_to) > 0)
    {
      g_autoptr(GString) targets = g_string_new (NULL);
      const cJSON *target;

      cJSON_ArrayForEach (target, reference_to)
        if (cJSON_IsString (target))
          {
            if (targets->len > 0)
              g_string_append_c (targets, ',');
            g_string_append (targets, target->valuestring);
          }
      kh_field_set_attribute (field, "salesforce:reference-to", targets->str);
    }

  add_codes (field, json);
  (void) pos;
  return field;
}

KhSchema *
_kh_import_salesforce (KhImportContext  *ctx,
                       const cJSON      *root,
                       GError          **error)
{
  const cJSON *fields = cJSON_GetObjectItemCaseSensitive (root, "fields");
  const char *name = _kh_json_string (root, "name");
  g_autoptr(GHashTable) compounds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KhSchema) schema = NULL;
  g_autofree char *stem = NULL;
  KhEntity *entity;
  const cJSON *json;
  guint pos = 0;

  if (!cJSON_IsObject (root) || !cJSON_IsArray (fields))
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("This is not a Salesforce describe: expected an object with a “fields” array"));
      return NULL;
    }

  if (name == NULL)
    {
      stem = _kh_import_stem (ctx);
      name = ctx->options->entity_name != NULL ? ctx->options->entity_name : stem;
      _kh_import_warn (ctx, 0, 0, _("The describe has no “name”; the entity is called “%s”"), name);
    }

  /* Compound fields whose parts are there. */
  cJSON_ArrayForEach (json, fields)
    {
      const char *compound = _kh_json_string (json, "compoundFieldName");
      const char *field_name = _kh_json_string (json, "name");

      if (compound != NULL && field_name != NULL && strcmp (compound, field_name) != 0)
        g_hash_table_add (compounds, (gpointer) compound);
    }

  schema = kh_schema_new ("Salesforce");
  entity = kh_entity_new (name);
  if (_kh_json_string (root, "label") != NULL)
    kh_entity_set_label (entity, _kh_json_string (root, "label"));

  cJSON_ArrayForEach (json, fields)
    {
      const char *field_name = _kh_json_string (json, "name");
      const char *type_name = _kh_json_string (json, "type");

      pos++;
      if (field_name == NULL || field_name[0] == '\0')
        {
          _kh_import_warn (ctx, 0, 0, _("Field %u has no name and is left out"), pos);
          continue;
        }
      if (type_name != NULL && (strcmp (type_name, "address") == 0 || strcmp (type_name, "location") == 0) &&
          g_hash_table_contains (compounds, field_name))
        continue;

      _kh_import_add_field (ctx, entity, build_field (ctx, json, field_name, pos), 0, pos);
    }

  kh_schema_add_entity (schema, entity);
  g_object_unref (entity);
  return g_steal_pointer (&schema);
}
