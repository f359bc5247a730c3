/* kh-importer.h: import a schema from the metadata a system publishes
 *
 * One entry point for every metadata format: the GUI's import dialog and
 * drag-and-drop call kh_import_schema_async(), the runner's `schema`
 * command calls kh_import_schema(). The format is detected from the
 * content (never the file name) unless the caller names one.
 *
 * Facets follow the model (kh-types.h): a facet the metadata does not give
 * is KH_FACET_UNKNOWN, an explicitly unlimited max-length ("Max") is
 * KH_LENGTH_NONE, and a required flag the metadata does not give is
 * KH_REQUIRED_UNKNOWN.
 *
 * Metadata that has no place in the model is kept as field attributes
 * (kh_field_get_attribute()), with these stable names:
 *
 *   odata:type             the declared type when the model type loses
 *                          something (Edm.Guid, Edm.Double, Edm.Binary,
 *                          Edm.DateTimeOffset, Collection(…), enum types…)
 *   odata:scale            "variable" for Scale="Variable"
 *   odata:fractional-seconds  Precision of a temporal property
 *   odata:enum-values      "Name=Value;…" of an enum type's members
 *   odata:enum-flags       "true" for an IsFlags enum type
 *   odata:computed         "true" for Core.Computed
 *   odata:concurrency      "fixed" for ConcurrencyMode="Fixed"
 *   sap:label sap:display-format sap:creatable sap:updatable sap:quickinfo
 *   sap:heading sap:semantics sap:unit
 *                          SAP annotations, verbatim
 *   salesforce:type        the describe type (picklist, reference, …)
 *   salesforce:external-id "true" for externalId fields
 *   salesforce:unique      "true" for unique fields
 *   salesforce:reference-to the referenced sObjects, comma-separated
 *   salesforce:compound-field the compound field a part belongs to
 *   cdm:data-type          the CDM data type or data format
 *   cdm:entity-reference   the entity an attribute refers to
 *   cdm:required-level     the is.requiredAtLevel level
 *   json-schema:format     the JSON Schema "format"
 *   json-schema:type       the JSON Schema "type" when it is not mapped 1:1
 *   csv:confidence         0.00–1.00: share of non-empty sample values
 *                          that fit the inferred type
 *   csv:date-format        the date format the samples fit (yyyy-mm-dd…)
 *   sql:declared-type      the SQLite declared column type
 *   sql:view               "true" on every field of a view
 *   erpnext:fieldtype      the DocType field type
 *   erpnext:link           the DocType a Link field points to
 *   erpnext:unique         "true" for unique fields
 *   espocrm:type           the entityDefs field type
 *   espocrm:link           the link a foreign-key field belongs to
 *   espocrm:not-storable   "true" for fields EspoCRM does not store
 *   espocrm:read-only      "true" for read-only fields
 *
 * Errors are in the KH_ERROR domain (KH_ERROR_PARSE, KH_ERROR_ENCODING,
 * KH_ERROR_UNSUPPORTED, KH_ERROR_INPUT) with messages that start with
 * "FILE:LINE:COLUMN: " (line and column when they exist), or G_IO_ERROR
 * from GIO (a missing file, prefixed with its name); a cancelled import
 * gives G_IO_ERROR_CANCELLED. CSV reader errors come from the io layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-schema.h"

G_BEGIN_DECLS

/**
 * KhImportFormat:
 *
 * A metadata format. The nicks ("odata", "salesforce", …) are the
 * spellings of `kakehashi-run schema --format`.
 */
typedef enum
{
  KH_IMPORT_FORMAT_AUTO,         /* detect from the content */
  KH_IMPORT_FORMAT_ODATA,        /* OData CSDL / EDMX $metadata, V2, V3, V4 */
  KH_IMPORT_FORMAT_SALESFORCE,   /* Salesforce sObject describe JSON */
  KH_IMPORT_FORMAT_CDM,          /* Microsoft Common Data Model entity JSON */
  KH_IMPORT_FORMAT_JSON_SCHEMA,  /* JSON Schema, draft-07 and 2020-12 */
  KH_IMPORT_FORMAT_CSV,          /* CSV with a header row */
  KH_IMPORT_FORMAT_SQLITE,       /* a SQLite database */
  KH_IMPORT_FORMAT_ERPNEXT,      /* ERPNext / Frappe DocType JSON */
  KH_IMPORT_FORMAT_ESPOCRM,      /* EspoCRM entityDefs JSON */
} KhImportFormat;

const char     *kh_import_format_to_string   (KhImportFormat  format);
gboolean        kh_import_format_from_string (const char     *str,
                                              KhImportFormat *format);
const char     *kh_import_format_get_label   (KhImportFormat  format);

/**
 * KhImportWarning:
 * @file: the file the warning is about (its display name)
 * @line: 1-based line, 0 when not known
 * @column: 1-based column, 0 when not known
 * @message: what happened, translated
 *
 * Something the importer noticed but got past: an unknown type read as a
 * string, a field defined twice, an import that is not present.
 */
typedef struct
{
  char  *file;
  guint  line;
  guint  column;
  char  *message;
} KhImportWarning;

#define KH_TYPE_IMPORT_WARNING (kh_import_warning_get_type ())

GType            kh_import_warning_get_type  (void) G_GNUC_CONST;
KhImportWarning *kh_import_warning_new       (const char            *file,
                                              guint                  line,
                                              guint                  column,
                                              const char            *message);
KhImportWarning *kh_import_warning_copy      (const KhImportWarning *self);
void             kh_import_warning_free      (KhImportWarning       *self);
char            *kh_import_warning_to_string (const KhImportWarning *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhImportWarning, kh_import_warning_free)

/**
 * KhImportOptions:
 *
 * What the caller knows that the file may not say. Every option has a
 * sensible default, so %NULL options are fine.
 */
typedef struct _KhImportOptions KhImportOptions;

#define KH_TYPE_IMPORT_OPTIONS (kh_import_options_get_type ())
#define KH_IMPORT_DEFAULT_SAMPLE_ROWS 1000

GType              kh_import_options_get_type        (void) G_GNUC_CONST;
KhImportOptions   *kh_import_options_new             (void);
KhImportOptions   *kh_import_options_copy            (const KhImportOptions *self);
void               kh_import_options_free            (KhImportOptions       *self);
/* The entity name for files that do not name their entity (CSV, EspoCRM
 * entityDefs, a JSON Schema without a title); default: from the file name. */
void               kh_import_options_set_entity_name (KhImportOptions       *self,
                                                      const char            *name);
const char        *kh_import_options_get_entity_name (const KhImportOptions *self);
/* CSV: how many rows type inference looks at (default 1000). */
void               kh_import_options_set_sample_rows (KhImportOptions       *self,
                                                      guint                  rows);
guint              kh_import_options_get_sample_rows (const KhImportOptions *self);
/* CSV: the delimiter (0: detect) and the encoding (NULL: detect). */
void               kh_import_options_set_delimiter   (KhImportOptions       *self,
                                                      gunichar               delimiter);
gunichar           kh_import_options_get_delimiter   (const KhImportOptions *self);
void               kh_import_options_set_encoding    (KhImportOptions       *self,
                                                      const char            *encoding);
const char        *kh_import_options_get_encoding    (const KhImportOptions *self);
/* EspoCRM: an i18n label file (fields, options) to read along. Label files
 * next to the entityDefs file are found without this. */
void               kh_import_options_add_label_file  (KhImportOptions       *self,
                                                      GFile                 *file);
GFile * const     *kh_import_options_get_label_files (const KhImportOptions *self,
                                                      guint                 *n_files);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhImportOptions, kh_import_options_free)

KhImportFormat kh_import_detect_format (GFile                *file,
                                        GCancellable         *cancellable,
                                        GError              **error);

KhSchema      *kh_import_schema        (GFile                *file,
                                        KhImportFormat        format,
                                        const KhImportOptions *options,
                                        GPtrArray           **warnings,
                                        GCancellable         *cancellable,
                                        GError              **error);
void           kh_import_schema_async  (GFile                *file,
                                        KhImportFormat        format,
                                        const KhImportOptions *options,
                                        int                   io_priority,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
KhSchema      *kh_import_schema_finish (GAsyncResult         *result,
                                        GPtrArray           **warnings,
                                        GError              **error);

G_END_DECLS
