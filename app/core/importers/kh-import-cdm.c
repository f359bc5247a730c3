/* kh-import-cdm.c: Microsoft Common Data Model entity JSON
 *
 * Both forms: the logical definitions of the CDM schema documents (data
 * types by name, attribute groups, entity attributes with a foreign key,
 * traits such as is.requiredAtLevel) and the resolved ones a manifest
 * holds (flat attributes with a dataFormat). Imports are not read: one
 * that is not present next to the file is reported as a warning, as is an
 * entity that extends one that is not in the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-importer-private.h"

typedef struct
{
  const char  *name;
  KhFieldType  type;
} CdmType;

/* Logical data types (foundations.cdm.json, primitives.cdm.json) and the
 * data formats of resolved attributes, compared without case. */
static const CdmType cdm_types[] = {
  { "string", KH_FIELD_TYPE_STRING }, { "char", KH_FIELD_TYPE_STRING },
  { "name", KH_FIELD_TYPE_STRING }, { "fullName", KH_FIELD_TYPE_STRING },
  { "firstName", KH_FIELD_TYPE_STRING }, { "middleName", KH_FIELD_TYPE_STRING },
  { "lastName", KH_FIELD_TYPE_STRING }, { "email", KH_FIELD_TYPE_STRING },
  { "phone", KH_FIELD_TYPE_STRING }, { "url", KH_FIELD_TYPE_STRING },
  { "tickerSymbol", KH_FIELD_TYPE_STRING }, { "governmentId", KH_FIELD_TYPE_STRING },
  { "guid", KH_FIELD_TYPE_STRING }, { "entityId", KH_FIELD_TYPE_STRING },
  { "entityName", KH_FIELD_TYPE_STRING }, { "localizedDisplayText", KH_FIELD_TYPE_STRING },
  { "json", KH_FIELD_TYPE_STRING }, { "binary", KH_FIELD_TYPE_STRING },
  { "image", KH_FIELD_TYPE_STRING }, { "languageTag", KH_FIELD_TYPE_STRING },
  { "colorName", KH_FIELD_TYPE_STRING }, { "city", KH_FIELD_TYPE_STRING },
  { "country", KH_FIELD_TYPE_STRING }, { "postalCode", KH_FIELD_TYPE_STRING },
  { "stateOrProvince", KH_FIELD_TYPE_STRING }, { "addressLine", KH_FIELD_TYPE_STRING },
  { "integer", KH_FIELD_TYPE_INTEGER }, { "smallInteger", KH_FIELD_TYPE_INTEGER },
  { "bigInteger", KH_FIELD_TYPE_INTEGER }, { "int16", KH_FIELD_TYPE_INTEGER },
  { "int32", KH_FIELD_TYPE_INTEGER }, { "int64", KH_FIELD_TYPE_INTEGER },
  { "byte", KH_FIELD_TYPE_INTEGER }, { "year", KH_FIELD_TYPE_INTEGER },
  { "month", KH_FIELD_TYPE_INTEGER }, { "week", KH_FIELD_TYPE_INTEGER },
  { "day", KH_FIELD_TYPE_INTEGER }, { "listLookup", KH_FIELD_TYPE_INTEGER },
  { "listLookupCorrelated", KH_FIELD_TYPE_INTEGER }, { "listLookupMultiple", KH_FIELD_TYPE_STRING },
  { "decimal", KH_FIELD_TYPE_DECIMAL }, { "currency", KH_FIELD_TYPE_DECIMAL },
  { "baseCurrency", KH_FIELD_TYPE_DECIMAL }, { "double", KH_FIELD_TYPE_DECIMAL },
  { "float", KH_FIELD_TYPE_DECIMAL }, { "percentage", KH_FIELD_TYPE_DECIMAL },
  { "latitude", KH_FIELD_TYPE_DECIMAL }, { "longitude", KH_FIELD_TYPE_DECIMAL },
  { "boolean", KH_FIELD_TYPE_BOOLEAN },
  { "date", KH_FIELD_TYPE_DATE }, { "dateTime", KH_FIELD_TYPE_DATETIME },
  { "dateTimeOffset", KH_FIELD_TYPE_DATETIME }, { "time", KH_FIELD_TYPE_TIME },
};

static const CdmType *
lookup_type (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (cdm_types); i++)
    if (g_ascii_strcasecmp (name, cdm_types[i].name) == 0)
      return &cdm_types[i];
  return NULL;
}

/* Traits ------------------------------------------------------------------ */

static const char *
trait_name (const cJSON *trait)
{
  const cJSON *ref;

  if (cJSON_IsString (trait))
    return trait->valuestring;
  ref = cJSON_GetObjectItemCaseSensitive (trait, "traitReference");
  if (cJSON_IsString (ref))
    return ref->valuestring;
  return _kh_json_string (ref, "traitName");
}

static const cJSON *
find_trait (const cJSON *object,
            const char  *name)
{
  const cJSON *traits = cJSON_GetObjectItemCaseSensitive (object, "appliedTraits");
  const cJSON *trait;

  cJSON_ArrayForEach (trait, traits)
    if (g_strcmp0 (trait_name (trait), name) == 0)
      return trait;
  return NULL;
}

/* The value of a trait argument, by name or (unnamed) by position. */
static const char *
trait_argument (const cJSON *trait,
                const char  *name,
                int          position)
{
  const cJSON *args = cJSON_GetObjectItemCaseSensitive (trait, "arguments");
  const cJSON *arg;
  int i = 0;

  cJSON_ArrayForEach (arg, args)
    {
      if (cJSON_IsObject (arg) && g_strcmp0 (_kh_json_string (arg, "name"), name) == 0)
        return _kh_json_string (arg, "value");
      if (cJSON_IsString (arg) && i == position)
        return arg->valuestring;
      i++;
    }
  return NULL;
}

/* The rows of a constant entity in a trait argument. */
static const cJSON *
trait_constants (const cJSON *trait)
{
  const cJSON *args = cJSON_GetObjectItemCaseSensitive (trait, "arguments");
  const cJSON *arg;

  cJSON_ArrayForEach (arg, args)
    {
      const cJSON *ref = cJSON_GetObjectItemCaseSensitive (arg, "entityReference");
      const cJSON *values = cJSON_GetObjectItemCaseSensitive (ref, "constantValues");

      if (cJSON_IsArray (values))
        return values;
    }
  return NULL;
}

/* The English text of an is.localized.* trait (or the first language). */
static const char *
localized (const cJSON *object,
           const char  *trait_id)
{
  const cJSON *rows = trait_constants (find_trait (object, trait_id));
  const cJSON *row;
  const char *first = NULL;

  cJSON_ArrayForEach (row, rows)
    {
      const cJSON *lang = cJSON_GetArrayItem (row, 0);
      const cJSON *text = cJSON_GetArrayItem (row, 1);

      if (!cJSON_IsString (text))
        continue;
      if (cJSON_IsString (lang) && g_str_has_prefix (lang->valuestring, "en"))
        return text->valuestring;
      if (first == NULL)
        first = text->valuestring;
    }
  return first;
}

/* Attributes -------------------------------------------------------------- */

typedef struct
{
  KhImportContext *ctx;
  KhEntity        *entity;
  guint            pos;
} CdmBuild;

static void
add_code (KhField    *field,
          const char *value,
          const char *label,
          const char *lang)
{
  /* One code per value: the first row given for it wins. */
  KhCodeValue *code = kh_field_lookup_code (field, value);

  if (code != NULL)
    return;
  kh_field_add_code (field, value, label);
  (void) lang;
}

static void
add_codes (KhField     *field,
           const cJSON *attr,
           const cJSON *data_type)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (attr, "defaultValue");
  const cJSON *rows = NULL;
  const cJSON *row;

  /* Resolved: "defaultValue": [{languageTag, displayText, attributeValue, displayOrder}] */
  if (cJSON_IsArray (list))
    {
      cJSON_ArrayForEach (row, list)
        {
          const char *value = _kh_json_string (row, "attributeValue");

          if (value != NULL)
            add_code (field, value, _kh_json_string (row, "displayText"), _kh_json_string (row, "languageTag"));
        }
      return;
    }

  /* Logical: does.haveDefault on the data type or the attribute, rows of
   * {languageTag, displayText, attributeValue, displayOrder}. */
  if (data_type != NULL)
    rows = trait_constants (find_trait (data_type, "does.haveDefault"));
  if (rows == NULL)
    rows = trait_constants (find_trait (attr, "does.haveDefault"));
  cJSON_ArrayForEach (row, rows)
    {
      const cJSON *lang = cJSON_GetArrayItem (row, 0);
      const cJSON *text = cJSON_GetArrayItem (row, 1);
      const cJSON *value = cJSON_GetArrayItem (row, 2);

      if (cJSON_GetArraySize (row) >= 3 && cJSON_IsString (value))
        add_code (field, value->valuestring,
                  cJSON_IsString (text) ? text->valuestring : NULL,
                  cJSON_IsString (lang) ? lang->valuestring : NULL);
    }
}

static void
set_required (KhField     *field,
              const cJSON *attr)
{
  const cJSON *trait = find_trait (attr, "is.requiredAtLevel");
  const char *level = trait != NULL ? trait_argument (trait, "level", 0) : NULL;

  if (level != NULL)
    {
      kh_field_set_attribute (field, "cdm:required-level", level);
      kh_field_set_required (field,
                             (g_ascii_strcasecmp (level, "systemrequired") == 0 ||
                              g_ascii_strcasecmp (level, "required") == 0)
                             ? KH_REQUIRED_YES : KH_REQUIRED_NO);
    }
  else if (cJSON_IsBool (cJSON_GetObjectItemCaseSensitive (attr, "isNullable")))
    kh_field_set_required (field, _kh_json_bool (attr, "isNullable", TRUE) ? KH_REQUIRED_NO : KH_REQUIRED_YES);
}

static void
set_label (KhField     *field,
           const cJSON *attr)
{
  const char *label = _kh_json_string (attr, "displayName");
  const char *description = _kh_json_string (attr, "description");

  if (label == NULL)
    label = localized (attr, "is.localized.displayedAs");
  if (description == NULL)
    description = localized (attr, "is.localized.describedAs");
  if (label != NULL)
    kh_field_set_label (field, label);
  if (description != NULL)
    kh_field_set_description (field, description);
}

static void
add_type_attribute (CdmBuild    *b,
                    const cJSON *attr,
                    const char  *name)
{
  const cJSON *data_type = cJSON_GetObjectItemCaseSensitive (attr, "dataType");
  const char *type_name = NULL;
  const CdmType *type;
  const cJSON *shaped;
  KhField *field;
  int value;

  if (cJSON_IsString (data_type))
    type_name = data_type->valuestring;
  else if (cJSON_IsObject (data_type))
    type_name = _kh_json_string (data_type, "dataTypeReference");
  if (type_name == NULL)
    type_name = _kh_json_string (attr, "dataFormat");

  type = lookup_type (type_name);
  if (type == NULL)
    /* Translators: the type name, then the attribute name */
    _kh_import_warn (b->ctx, 0, 0, _("Unknown data type “%s” of attribute “%s”; it is read as text"),
                     type_name != NULL ? type_name : "?", name);

  field = kh_field_new (name, type != NULL ? type->type : KH_FIELD_TYPE_STRING);
  set_label (field, attr);
  set_required (field, attr);
  if (type_name != NULL)
    kh_field_set_attribute (field, "cdm:data-type", type_name);

  if (_kh_json_int (attr, "maximumLength", &value) && value > 0 &&
      (type == NULL || type->type == KH_FIELD_TYPE_STRING))
    kh_field_set_max_length (field, value);

  shaped = find_trait (attr, "is.dataFormat.numeric.shaped");
  if (shaped == NULL && cJSON_IsObject (data_type))
    shaped = find_trait (data_type, "is.dataFormat.numeric.shaped");
  if (shaped != NULL)
    {
      const char *precision = trait_argument (shaped, "precision", 0);
      const char *scale = trait_argument (shaped, "scale", 1);

      if (precision != NULL)
        kh_field_set_precision (field, atoi (precision));
      if (scale != NULL)
        kh_field_set_scale (field, atoi (scale));
    }

  if (g_strcmp0 (_kh_json_string (attr, "purpose"), "identifiedBy") == 0 ||
      _kh_json_bool (attr, "isPrimaryKey", FALSE) ||
      find_trait (attr, "is.identifiedBy") != NULL)
    kh_field_set_key (field, TRUE);

  add_codes (field, attr, cJSON_IsObject (data_type) ? data_type : NULL);
  _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);
}

/* An entity attribute (a reference to another entity) becomes the foreign
 * key the resolver would make: name + "Id" unless the guidance says
 * otherwise. */
static void
add_entity_attribute (CdmBuild    *b,
                      const cJSON *attr,
                      const char  *name)
{
  const cJSON *entity = cJSON_GetObjectItemCaseSensitive (attr, "entity");
  const cJSON *guidance = cJSON_GetObjectItemCaseSensitive (attr, "resolutionGuidance");
  const cJSON *by_ref = cJSON_GetObjectItemCaseSensitive (guidance, "entityByReference");
  const cJSON *fk = cJSON_GetObjectItemCaseSensitive (by_ref, "foreignKeyAttribute");
  const char *fk_name = _kh_json_string (fk, "name");
  const char *target = NULL;
  g_autofree char *field_name = NULL;
  KhField *field;

  if (cJSON_IsString (entity))
    target = entity->valuestring;
  else
    {
      const cJSON *ref = cJSON_GetObjectItemCaseSensitive (entity, "entityReference");

      target = cJSON_IsString (ref) ? ref->valuestring : _kh_json_string (ref, "entityName");
    }

  if (fk_name == NULL)
    fk_name = "id";
  field_name = g_strdup_printf ("%s%c%s", name, g_ascii_toupper (fk_name[0]), fk_name + 1);

  field = kh_field_new (field_name, KH_FIELD_TYPE_STRING);
  if (fk != NULL)
    {
      set_label (field, fk);
      set_required (field, fk);
    }
  kh_field_set_attribute (field, "cdm:data-type", "entityId");
  if (target != NULL)
    kh_field_set_attribute (field, "cdm:entity-reference", target);
  _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);
}

static void
add_attributes (CdmBuild    *b,
                const cJSON *attributes,
                guint        depth)
{
  const cJSON *attr;

  cJSON_ArrayForEach (attr, attributes)
    {
      const cJSON *group = cJSON_GetObjectItemCaseSensitive (attr, "attributeGroupReference");
      const char *name = _kh_json_string (attr, "name");

      if (group != NULL)
        {
          const cJSON *members = cJSON_GetObjectItemCaseSensitive (group, "members");

          if (cJSON_IsArray (members) && depth < 16)
            add_attributes (b, members, depth + 1);
          else
            _kh_import_warn (b->ctx, 0, 0,
                             _("Attribute group “%s” is defined in another document; its attributes are missing"),
                             cJSON_IsString (group) ? group->valuestring : "?");
          continue;
        }

      b->pos++;
      if (name == NULL)
        {
          _kh_import_warn (b->ctx, 0, 0, _("Attribute %u has no name and is left out"), b->pos);
          continue;
        }
      if (cJSON_HasObjectItem (attr, "entity"))
        add_entity_attribute (b, attr, name);
      else
        add_type_attribute (b, attr, name);
    }
}

/* The document ------------------------------------------------------------ */

static void
check_imports (KhImportContext *ctx,
               const cJSON     *root)
{
  const cJSON *imports = cJSON_GetObjectItemCaseSensitive (root, "imports");
  const cJSON *import;
  g_autoptr(GFile) dir = g_file_get_parent (ctx->file);

  cJSON_ArrayForEach (import, imports)
    {
      const char *path = _kh_json_string (import, "corpusPath");
      const char *moniker = _kh_json_string (import, "moniker");
      g_autoptr(GFile) file = NULL;

      if (path == NULL || g_strcmp0 (moniker, "resolvedFrom") == 0)
        continue;  /* a resolved document does not need what it came from */
      if (!g_str_has_prefix (path, "cdm:") && dir != NULL)
        file = g_file_resolve_relative_path (dir, path);
      if (file == NULL || !g_file_query_exists (file, ctx->cancellable))
        _kh_import_warn (ctx, 0, 0,
                         _("Import “%s” is not present; what it defines (data types, traits, base entities) "
                           "is not resolved"),
                         path);
      else
        _kh_import_warn (ctx, 0, 0,
                         _("Import “%s” is not read; what it defines (data types, traits, base entities) "
                           "is not resolved"),
                         path);
    }
}

KhSchema *
_kh_import_cdm (KhImportContext  *ctx,
                const cJSON      *root,
                GError          **error)
{
  const cJSON *definitions = cJSON_GetObjectItemCaseSensitive (root, "definitions");
  g_autoptr(KhSchema) schema = NULL;
  const cJSON *def;

  if (!cJSON_IsObject (root) || !cJSON_IsArray (definitions))
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("This is not a Common Data Model document: expected an object with a "
                              "“definitions” array"));
      return NULL;
    }

  check_imports (ctx, root);
  schema = kh_schema_new ("Common Data Model");

  cJSON_ArrayForEach (def, definitions)
    {
      const char *name = _kh_json_string (def, "entityName");
      const char *label = _kh_json_string (def, "displayName");
      const char *description = _kh_json_string (def, "description");
      const char *extends = NULL;
      const cJSON *extends_item = cJSON_GetObjectItemCaseSensitive (def, "extendsEntity");
      CdmBuild b = { ctx, NULL, 0 };

      if (name == NULL)
        continue;  /* a data type, trait or purpose definition */

      b.entity = kh_entity_new (name);
      if (label == NULL)
        label = localized (def, "is.localized.displayedAs");
      if (description == NULL)
        description = localized (def, "is.localized.describedAs");
      if (label != NULL)
        kh_entity_set_label (b.entity, label);
      if (description != NULL)
        kh_entity_set_description (b.entity, description);

      if (cJSON_IsString (extends_item))
        extends = extends_item->valuestring;
      else
        extends = _kh_json_string (extends_item, "entityReference");
      if (extends != NULL)
        {
          KhEntity *base = kh_schema_lookup_entity (schema, extends);

          if (base != NULL)
            for (guint i = 0; i < kh_entity_get_n_fields (base); i++)
              _kh_import_add_field (ctx, b.entity, kh_field_copy (kh_entity_get_field (base, i)), 0, ++b.pos);
          else
            _kh_import_warn (ctx, 0, 0,
                             _("Entity “%s” extends “%s”, which is not in this document; the attributes it "
                               "inherits are missing"),
                             name, extends);
        }

      add_attributes (&b, cJSON_GetObjectItemCaseSensitive (def, "hasAttributes"), 0);
      _kh_import_add_entity (ctx, schema, b.entity, 0);
    }

  if (kh_schema_get_n_entities (schema) == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The Common Data Model document defines no entity"));
      return NULL;
    }
  return g_steal_pointer (&schema);
}
