/* kh-import-erpnext.c: ERPNext / Frappe DocType JSON
 *
 * A DocType is one entity; its "fields" array holds the columns and also
 * the form layout (Section Break, Column Break, Tab Break, HTML, …), which
 * is left out, as are child tables (Table, Table MultiSelect), which are
 * entities of their own. Select options (one per line) are the codes.
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
  gboolean     column;   /* FALSE: layout or child table, not a column */
} ErpType;

static const ErpType erp_types[] = {
  { "Data",              KH_FIELD_TYPE_STRING,   TRUE },
  { "Small Text",        KH_FIELD_TYPE_STRING,   TRUE },
  { "Text",              KH_FIELD_TYPE_STRING,   TRUE },
  { "Long Text",         KH_FIELD_TYPE_STRING,   TRUE },
  { "Text Editor",       KH_FIELD_TYPE_STRING,   TRUE },
  { "HTML Editor",       KH_FIELD_TYPE_STRING,   TRUE },
  { "Markdown Editor",   KH_FIELD_TYPE_STRING,   TRUE },
  { "Code",              KH_FIELD_TYPE_STRING,   TRUE },
  { "JSON",              KH_FIELD_TYPE_STRING,   TRUE },
  { "Link",              KH_FIELD_TYPE_STRING,   TRUE },
  { "Dynamic Link",      KH_FIELD_TYPE_STRING,   TRUE },
  { "Select",            KH_FIELD_TYPE_STRING,   TRUE },
  { "Autocomplete",      KH_FIELD_TYPE_STRING,   TRUE },
  { "Read Only",         KH_FIELD_TYPE_STRING,   TRUE },
  { "Attach",            KH_FIELD_TYPE_STRING,   TRUE },
  { "Attach Image",      KH_FIELD_TYPE_STRING,   TRUE },
  { "Password",          KH_FIELD_TYPE_STRING,   TRUE },
  { "Signature",         KH_FIELD_TYPE_STRING,   TRUE },
  { "Color",             KH_FIELD_TYPE_STRING,   TRUE },
  { "Barcode",           KH_FIELD_TYPE_STRING,   TRUE },
  { "Geolocation",       KH_FIELD_TYPE_STRING,   TRUE },
  { "Phone",             KH_FIELD_TYPE_STRING,   TRUE },
  { "Icon",              KH_FIELD_TYPE_STRING,   TRUE },
  { "Int",               KH_FIELD_TYPE_INTEGER,  TRUE },
  { "Long Int",          KH_FIELD_TYPE_INTEGER,  TRUE },
  { "Duration",          KH_FIELD_TYPE_INTEGER,  TRUE },
  { "Float",             KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Currency",          KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Percent",           KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Rating",            KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Check",             KH_FIELD_TYPE_BOOLEAN,  TRUE },
  { "Date",              KH_FIELD_TYPE_DATE,     TRUE },
  { "Datetime",          KH_FIELD_TYPE_DATETIME, TRUE },
  { "Time",              KH_FIELD_TYPE_TIME,     TRUE },
  { "Section Break",     KH_FIELD_TYPE_STRING,   FALSE },
  { "Column Break",      KH_FIELD_TYPE_STRING,   FALSE },
  { "Tab Break",         KH_FIELD_TYPE_STRING,   FALSE },
  { "Fold",              KH_FIELD_TYPE_STRING,   FALSE },
  { "Heading",           KH_FIELD_TYPE_STRING,   FALSE },
  { "HTML",              KH_FIELD_TYPE_STRING,   FALSE },
  { "Button",            KH_FIELD_TYPE_STRING,   FALSE },
  { "Image",             KH_FIELD_TYPE_STRING,   FALSE },
  { "Table",             KH_FIELD_TYPE_STRING,   FALSE },
  { "Table MultiSelect", KH_FIELD_TYPE_STRING,   FALSE },
};

static const ErpType *
lookup_type (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (erp_types); i++)
    if (strcmp (name, erp_types[i].name) == 0)
      return &erp_types[i];
  return NULL;
}

KhSchema *
_kh_import_erpnext (KhImportContext  *ctx,
                    const cJSON      *root,
                    GError          **error)
{
  const cJSON *fields = cJSON_GetObjectItemCaseSensitive (root, "fields");
  const char *name = _kh_json_string (root, "name");
  g_autoptr(KhSchema) schema = NULL;
  g_autofree char *stem = NULL;
  KhEntity *entity;
  const cJSON *json;
  guint pos = 0;

  if (!cJSON_IsObject (root) || !cJSON_IsArray (fields))
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("This is not an ERPNext DocType: expected an object with a “fields” array"));
      return NULL;
    }
  if (name == NULL)
    {
      stem = _kh_import_stem (ctx);
      name = ctx->options->entity_name != NULL ? ctx->options->entity_name : stem;
    }

  schema = kh_schema_new ("ERPNext");
  entity = kh_entity_new (name);
  if (_kh_json_string (root, "description") != NULL)
    kh_entity_set_description (entity, _kh_json_string (root, "description"));
  if (_kh_json_string (root, "module") != NULL)
    kh_schema_set_system (schema, "ERPNext");

  cJSON_ArrayForEach (json, fields)
    {
      const char *field_name = _kh_json_string (json, "fieldname");
      const char *type_name = _kh_json_string (json, "fieldtype");
      const char *options = _kh_json_string (json, "options");
      const char *label = _kh_json_string (json, "label");
      const char *description = _kh_json_string (json, "description");
      const ErpType *type = lookup_type (type_name);
      KhField *field;
      int value;

      pos++;
      if (type != NULL && !type->column)
        continue;
      if (field_name == NULL || field_name[0] == '\0')
        {
          _kh_import_warn (ctx, 0, 0, _("Field %u has no fieldname and is left out"), pos);
          continue;
        }
      if (type == NULL)
        /* Translators: the type name, then the field name */
        _kh_import_warn (ctx, 0, 0, _("Unknown type “%s” of field “%s”; it is read as text"),
                         type_name != NULL ? type_name : "?", field_name);

      field = kh_field_new (field_name, type != NULL ? type->type : KH_FIELD_TYPE_STRING);
      if (label != NULL)
        kh_field_set_label (field, label);
      if (description != NULL)
        kh_field_set_description (field, description);
      if (type_name != NULL)
        kh_field_set_attribute (field, "erpnext:fieldtype", type_name);
      kh_field_set_required (field, _kh_json_bool (json, "reqd", FALSE) ? KH_REQUIRED_YES : KH_REQUIRED_NO);
      if (_kh_json_bool (json, "unique", FALSE))
        kh_field_set_attribute (field, "erpnext:unique", "true");

      if (type != NULL && type->type == KH_FIELD_TYPE_STRING && _kh_json_int (json, "length", &value) && value > 0)
        kh_field_set_max_length (field, value);
      if (type != NULL && type->type == KH_FIELD_TYPE_DECIMAL && _kh_json_int (json, "precision", &value))
        kh_field_set_scale (field, value);

      if (options != NULL && type_name != NULL)
        {
          if (strcmp (type_name, "Select") == 0)
            {
              g_auto(GStrv) lines = g_strsplit (options, "\n", -1);

              for (guint i = 0; lines[i] != NULL; i++)
                {
                  g_strstrip (lines[i]);
                  if (lines[i][0] != '\0' && kh_field_lookup_code (field, lines[i]) == NULL)
                    kh_field_add_code (field, lines[i], NULL);
                }
            }
          else if (strcmp (type_name, "Link") == 0)
            kh_field_set_attribute (field, "erpnext:link", options);
        }

      _kh_import_add_field (ctx, entity, field, 0, pos);
    }

  kh_schema_add_entity (schema, entity);
  g_object_unref (entity);
  return g_steal_pointer (&schema);
}
