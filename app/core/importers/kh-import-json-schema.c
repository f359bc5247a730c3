/* kh-import-json-schema.c: JSON Schema (draft-07 and 2020-12 subsets)
 *
 * A schema whose root has "properties" is one entity; one without is read
 * as a set of definitions ("$defs" or "definitions"), one entity each.
 * Nested objects are flattened to dotted fields ("address.city"), local
 * "$ref"s are followed, "type": ["string", "null"] is a nullable string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-importer-private.h"

#define MAX_DEPTH 16

typedef struct
{
  KhImportContext *ctx;
  const cJSON     *root;
  KhEntity        *entity;
  guint            pos;
} JsBuild;

/* "#/$defs/Name" and "#/definitions/Name" (JSON pointers in the document). */
static const cJSON *
resolve_ref (JsBuild    *b,
             const char *ref)
{
  g_auto(GStrv) parts = NULL;
  const cJSON *node = b->root;

  if (ref == NULL || ref[0] != '#')
    return NULL;
  if (ref[1] == '\0')
    return b->root;
  if (ref[1] != '/')
    return NULL;

  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      g_autoptr(GString) token = g_string_new (parts[i]);

      /* JSON pointer escapes. */
      g_string_replace (token, "~1", "/", 0);
      g_string_replace (token, "~0", "~", 0);
      node = cJSON_GetObjectItemCaseSensitive (node, token->str);
    }
  return node;
}

/* Follows $ref chains; reports the ones it cannot follow. */
static const cJSON *
deref (JsBuild     *b,
       const cJSON *schema,
       const char  *path)
{
  for (guint i = 0; i < MAX_DEPTH; i++)
    {
      const char *ref = _kh_json_string (schema, "$ref");
      const cJSON *target;

      if (ref == NULL)
        return schema;
      target = resolve_ref (b, ref);
      if (target == NULL)
        {
          _kh_import_warn (b->ctx, 0, 0,
                           _("Reference “%s” of property “%s” cannot be followed (only references inside "
                             "the file are); it is read as text"),
                           ref, path);
          return NULL;
        }
      schema = target;
    }
  return NULL;
}

/* The one non-null schema of an anyOf / oneOf, if there is exactly one. */
static const cJSON *
single_alternative (const cJSON *schema,
                    gboolean    *nullable)
{
  static const char * const keys[] = { "anyOf", "oneOf" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const cJSON *list = cJSON_GetObjectItemCaseSensitive (schema, keys[k]);
      const cJSON *item, *found = NULL;
      guint n = 0;

      cJSON_ArrayForEach (item, list)
        {
          if (g_strcmp0 (_kh_json_string (item, "type"), "null") == 0)
            {
              *nullable = TRUE;
              continue;
            }
          found = item;
          n++;
        }
      if (n == 1)
        return found;
    }
  return NULL;
}

/* The type name; TRUE in *nullable when "null" is one of the types. */
static const char *
schema_type (const cJSON *schema,
             gboolean    *nullable,
             gboolean    *several)
{
  const cJSON *type = cJSON_GetObjectItemCaseSensitive (schema, "type");
  const char *found = NULL;
  const cJSON *item;

  if (cJSON_IsString (type))
    return type->valuestring;
  cJSON_ArrayForEach (item, type)
    {
      if (!cJSON_IsString (item))
        continue;
      if (strcmp (item->valuestring, "null") == 0)
        *nullable = TRUE;
      else if (found == NULL)
        found = item->valuestring;
      else
        *several = TRUE;
    }
  if (found == NULL && cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (schema, "properties")))
    return "object";
  return found;
}

static void
add_codes (KhField     *field,
           const cJSON *schema)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (schema, "enum");
  const cJSON *constant = cJSON_GetObjectItemCaseSensitive (schema, "const");
  const cJSON *item;

  if (constant != NULL && !cJSON_IsArray (list))
    list = NULL;

  cJSON_ArrayForEach (item, list)
    {
      if (cJSON_IsString (item))
        kh_field_add_code (field, item->valuestring, NULL);
      else if (cJSON_IsNumber (item) || cJSON_IsBool (item))
        {
          g_autofree char *text = cJSON_PrintUnformatted (item);

          kh_field_add_code (field, text, NULL);
        }
    }
  if (list == NULL && constant != NULL)
    {
      if (cJSON_IsString (constant))
        kh_field_add_code (field, constant->valuestring, NULL);
      else if (cJSON_IsNumber (constant) || cJSON_IsBool (constant))
        {
          g_autofree char *text = cJSON_PrintUnformatted (constant);

          kh_field_add_code (field, text, NULL);
        }
    }
}

static void add_properties (JsBuild     *b,
                            const cJSON *object,
                            const char  *prefix,
                            const char  *label_prefix,
                            gboolean     parent_required,
                            guint        depth);

static void
add_property (JsBuild     *b,
              const char  *name,
              const cJSON *schema,
              const char  *prefix,
              const char  *label_prefix,
              gboolean     required,
              guint        depth)
{
  g_autofree char *path = g_strconcat (prefix, name, NULL);
  const cJSON *resolved = deref (b, schema, path);
  const cJSON *alternative;
  const char *type_name;
  const char *format;
  const char *title;
  gboolean nullable = FALSE, several = FALSE;
  KhFieldType type = KH_FIELD_TYPE_STRING;
  KhField *field;
  int value;

  b->pos++;
  if (resolved != NULL && (alternative = single_alternative (resolved, &nullable)) != NULL)
    resolved = deref (b, alternative, path);

  type_name = resolved != NULL ? schema_type (resolved, &nullable, &several) : NULL;
  title = resolved != NULL ? _kh_json_string (resolved, "title") : NULL;
  if (title == NULL)
    title = _kh_json_string (schema, "title");

  if (type_name != NULL && strcmp (type_name, "object") == 0 && !several &&
      cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (resolved, "properties")))
    {
      g_autofree char *label = NULL;

      if (depth >= MAX_DEPTH)
        {
          _kh_import_warn (b->ctx, 0, 0, _("Property “%s” is nested too deeply; it is not flattened further"),
                           path);
          return;
        }
      if (label_prefix != NULL || title != NULL)
        label = g_strdup_printf ("%s%s%s", label_prefix != NULL ? label_prefix : "",
                                 label_prefix != NULL ? " / " : "", title != NULL ? title : name);
      {
        g_autofree char *child_prefix = g_strconcat (path, ".", NULL);

        add_properties (b, resolved, child_prefix, label, required && !nullable, depth + 1);
      }
      return;
    }

  format = resolved != NULL ? _kh_json_string (resolved, "format") : NULL;
  if (type_name == NULL)
    {
      if (resolved != NULL && (cJSON_HasObjectItem (resolved, "enum") || cJSON_HasObjectItem (resolved, "const")))
        type = KH_FIELD_TYPE_STRING;
      else if (resolved != NULL && cJSON_GetArraySize (resolved) > 0 && !cJSON_HasObjectItem (resolved, "$ref"))
        _kh_import_warn (b->ctx, 0, 0, _("Property “%s” has no type; it is read as text"), path);
    }
  else if (several)
    type = KH_FIELD_TYPE_STRING;
  else if (strcmp (type_name, "string") == 0)
    {
      if (g_strcmp0 (format, "date") == 0)
        type = KH_FIELD_TYPE_DATE;
      else if (g_strcmp0 (format, "date-time") == 0)
        type = KH_FIELD_TYPE_DATETIME;
      else if (g_strcmp0 (format, "time") == 0)
        type = KH_FIELD_TYPE_TIME;
    }
  else if (strcmp (type_name, "integer") == 0)
    type = KH_FIELD_TYPE_INTEGER;
  else if (strcmp (type_name, "number") == 0)
    type = KH_FIELD_TYPE_DECIMAL;
  else if (strcmp (type_name, "boolean") == 0)
    type = KH_FIELD_TYPE_BOOLEAN;
  else if (strcmp (type_name, "array") != 0 && strcmp (type_name, "object") != 0 &&
           strcmp (type_name, "null") != 0)
    /* Translators: the type name, then the property name */
    _kh_import_warn (b->ctx, 0, 0, _("Unknown type “%s” of property “%s”; it is read as text"),
                     type_name, path);

  field = kh_field_new (path, type);
  if (label_prefix != NULL)
    {
      g_autofree char *label = g_strdup_printf ("%s / %s", label_prefix, title != NULL ? title : name);

      kh_field_set_label (field, label);
    }
  else if (title != NULL)
    kh_field_set_label (field, title);
  if (resolved != NULL && _kh_json_string (resolved, "description") != NULL)
    kh_field_set_description (field, _kh_json_string (resolved, "description"));
  kh_field_set_required (field, required && !nullable ? KH_REQUIRED_YES : KH_REQUIRED_NO);

  if (type_name != NULL && (several || strcmp (type_name, "array") == 0 || strcmp (type_name, "object") == 0))
    kh_field_set_attribute (field, "json-schema:type", several ? "mixed" : type_name);
  if (format != NULL)
    kh_field_set_attribute (field, "json-schema:format", format);

  if (resolved != NULL)
    {
      if (type == KH_FIELD_TYPE_STRING && _kh_json_int (resolved, "maxLength", &value) && value >= 0)
        kh_field_set_max_length (field, value > 0 ? value : KH_FACET_UNKNOWN);
      if (type == KH_FIELD_TYPE_DECIMAL)
        {
          const cJSON *multiple = cJSON_GetObjectItemCaseSensitive (resolved, "multipleOf");

          /* multipleOf 0.01 → scale 2 */
          if (cJSON_IsNumber (multiple) && multiple->valuedouble > 0 && multiple->valuedouble < 1)
            {
              double digits = -log10 (multiple->valuedouble);

              if (fabs (digits - round (digits)) < 1e-9)
                kh_field_set_scale (field, (int) round (digits));
            }
        }
      add_codes (field, resolved);
    }

  _kh_import_add_field (b->ctx, b->entity, field, 0, b->pos);
}

static gboolean
is_required (const cJSON *object,
             const char  *name)
{
  const cJSON *required = cJSON_GetObjectItemCaseSensitive (object, "required");
  const cJSON *item;

  cJSON_ArrayForEach (item, required)
    if (cJSON_IsString (item) && strcmp (item->valuestring, name) == 0)
      return TRUE;
  return FALSE;
}

static void
add_properties (JsBuild     *b,
                const cJSON *object,
                const char  *prefix,
                const char  *label_prefix,
                gboolean     parent_required,
                guint        depth)
{
  const cJSON *properties = cJSON_GetObjectItemCaseSensitive (object, "properties");
  const cJSON *property;

  cJSON_ArrayForEach (property, properties)
    add_property (b, property->string, property, prefix, label_prefix,
                  parent_required && is_required (object, property->string), depth);

  /* allOf: the properties of each part belong to this object too. */
  {
    const cJSON *all_of = cJSON_GetObjectItemCaseSensitive (object, "allOf");
    const cJSON *part;

    cJSON_ArrayForEach (part, all_of)
      {
        const cJSON *resolved = deref (b, part, prefix);

        if (resolved != NULL && depth < MAX_DEPTH)
          add_properties (b, resolved, prefix, label_prefix, parent_required, depth + 1);
      }
  }
}

static void
add_entity (JsBuild     *b,
            KhSchema    *schema,
            const char  *name,
            const cJSON *object)
{
  const char *title = _kh_json_string (object, "title");
  const char *description = _kh_json_string (object, "description");

  b->entity = kh_entity_new (name);
  b->pos = 0;
  if (title != NULL && strcmp (title, name) != 0)
    kh_entity_set_label (b->entity, title);
  if (description != NULL)
    kh_entity_set_description (b->entity, description);
  add_properties (b, object, "", NULL, TRUE, 0);
  _kh_import_add_entity (b->ctx, schema, b->entity, 0);
  b->entity = NULL;
}

KhSchema *
_kh_import_json_schema (KhImportContext  *ctx,
                        const cJSON      *root,
                        GError          **error)
{
  g_autoptr(KhSchema) schema = NULL;
  JsBuild b = { ctx, root, NULL, 0 };
  const char *title = _kh_json_string (root, "title");
  const char *id = _kh_json_string (root, "$id");

  if (!cJSON_IsObject (root))
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("This is not a JSON Schema: expected an object"));
      return NULL;
    }

  schema = kh_schema_new (title != NULL ? title : id);

  if (cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (root, "properties")) ||
      cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (root, "allOf")))
    {
      g_autofree char *stem = _kh_import_stem (ctx);
      const char *name = ctx->options->entity_name;

      if (name == NULL)
        name = title != NULL ? title : stem;
      add_entity (&b, schema, name, root);
    }
  else
    {
      static const char * const keys[] = { "$defs", "definitions" };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const cJSON *defs = cJSON_GetObjectItemCaseSensitive (root, keys[k]);
          const cJSON *def;

          cJSON_ArrayForEach (def, defs)
            {
              gboolean nullable = FALSE, several = FALSE;

              if (cJSON_IsObject (def) && g_strcmp0 (schema_type (def, &nullable, &several), "object") == 0)
                add_entity (&b, schema, def->string, def);
            }
        }
    }

  if (kh_schema_get_n_entities (schema) == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The JSON Schema describes no object: expected “properties” or object "
                              "definitions in “$defs”"));
      return NULL;
    }
  return g_steal_pointer (&schema);
}
