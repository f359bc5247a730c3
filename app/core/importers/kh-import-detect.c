/* kh-import-detect.c: which JSON metadata format a document is
 *
 * Detection looks at the structure, never at the file name. XML, SQLite and
 * CSV are told apart by their first bytes in kh-importer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <string.h>

#include "kh-importer-private.h"

static const cJSON *
first_child (const cJSON *item)
{
  return item != NULL ? item->child : NULL;
}

static gboolean
is_salesforce (const cJSON *root)
{
  const cJSON *fields = cJSON_GetObjectItemCaseSensitive (root, "fields");
  const cJSON *field;

  if (!cJSON_IsArray (fields))
    return FALSE;
  field = first_child (fields);
  if (cJSON_IsObject (field))
    return cJSON_HasObjectItem (field, "nillable") || cJSON_HasObjectItem (field, "soapType");
  /* An sObject without fields still has its describe properties. */
  return cJSON_HasObjectItem (root, "keyPrefix") && cJSON_HasObjectItem (root, "urls");
}

static gboolean
is_cdm (const cJSON *root)
{
  const cJSON *definitions = cJSON_GetObjectItemCaseSensitive (root, "definitions");
  const cJSON *def;

  if (cJSON_HasObjectItem (root, "jsonSchemaSemanticVersion"))
    return TRUE;
  if (!cJSON_IsArray (definitions))
    return FALSE;
  cJSON_ArrayForEach (def, definitions)
    if (cJSON_HasObjectItem (def, "entityName"))
      return TRUE;
  return FALSE;
}

static gboolean
is_erpnext (const cJSON *root)
{
  const char *doctype = _kh_json_string (root, "doctype");
  const cJSON *fields = cJSON_GetObjectItemCaseSensitive (root, "fields");

  if (doctype != NULL && strcmp (doctype, "DocType") == 0)
    return TRUE;
  return cJSON_IsArray (fields) && cJSON_HasObjectItem (first_child (fields), "fieldtype");
}

static gboolean
is_espocrm (const cJSON *root)
{
  const cJSON *fields = cJSON_GetObjectItemCaseSensitive (root, "fields");
  const cJSON *field;

  if (!cJSON_IsObject (fields))
    return FALSE;
  field = first_child (fields);
  if (field == NULL)
    return cJSON_HasObjectItem (root, "links");
  return cJSON_IsObject (field) && cJSON_IsString (cJSON_GetObjectItemCaseSensitive (field, "type"));
}

static gboolean
is_json_schema (const cJSON *root)
{
  const char *schema = _kh_json_string (root, "$schema");

  if (schema != NULL && strstr (schema, "json-schema") != NULL)
    return TRUE;
  return cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (root, "properties")) ||
         cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (root, "$defs")) ||
         cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (root, "definitions"));
}

/* Returns KH_IMPORT_FORMAT_AUTO when the document fits no format. */
KhImportFormat
_kh_import_detect_json (const cJSON *root)
{
  if (!cJSON_IsObject (root))
    return KH_IMPORT_FORMAT_AUTO;
  if (is_salesforce (root))
    return KH_IMPORT_FORMAT_SALESFORCE;
  if (is_cdm (root))
    return KH_IMPORT_FORMAT_CDM;
  if (is_erpnext (root))
    return KH_IMPORT_FORMAT_ERPNEXT;
  if (is_espocrm (root))
    return KH_IMPORT_FORMAT_ESPOCRM;
  if (is_json_schema (root))
    return KH_IMPORT_FORMAT_JSON_SCHEMA;
  return KH_IMPORT_FORMAT_AUTO;
}
