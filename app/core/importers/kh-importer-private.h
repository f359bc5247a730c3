/* kh-importer-private.h: what the per-format importers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>

#include "kh-error.h"
#include "kh-importer.h"

G_BEGIN_DECLS

struct _KhImportOptions
{
  char      *entity_name;
  char      *encoding;
  GPtrArray *label_files;  /* of GFile, owned */
  guint      sample_rows;
  gunichar   delimiter;
};

/* One import: the file, its name for messages, the warnings so far. */
typedef struct
{
  GFile                 *file;          /* owned */
  char                  *display_name;  /* owned: path or URI, for messages */
  char                  *basename;      /* owned: the file name */
  const KhImportOptions *options;       /* borrowed; never NULL */
  GPtrArray             *warnings;      /* owned: of KhImportWarning */
  GHashTable            *field_pos;     /* owned: KhField* → KhImportPos*, of one entity */
  KhEntity              *pos_entity;    /* borrowed: the entity field_pos is about */
  GCancellable          *cancellable;   /* borrowed; nullable */
} KhImportContext;

/* Where a field came from: a line when the format has lines that mean
 * something (XML), and its position among its entity's fields (1-based). */
typedef struct
{
  guint line;
  guint pos;
} KhImportPos;

void      _kh_import_context_init    (KhImportContext        *ctx,
                                      GFile                  *file,
                                      const KhImportOptions  *options,
                                      GCancellable           *cancellable);
void      _kh_import_context_clear   (KhImportContext        *ctx);

void      _kh_import_warn            (KhImportContext        *ctx,
                                      guint                   line,
                                      guint                   column,
                                      const char             *format,
                                      ...) G_GNUC_PRINTF (4, 5);
void      _kh_import_set_error       (GError                **error,
                                      KhImportContext        *ctx,
                                      KhError                 code,
                                      guint                   line,
                                      guint                   column,
                                      const char             *format,
                                      ...) G_GNUC_PRINTF (6, 7);
void      _kh_import_prefix_error    (GError                **error,
                                      KhImportContext        *ctx);
gboolean  _kh_import_check_cancelled (KhImportContext        *ctx,
                                      GError                **error);

/* Adds @field (taking the reference) to @entity. A name that is already
 * taken gives a warning naming both occurrences, and the first is kept.
 * @line is 0 when not known; @pos is the field's position in the source. */
gboolean  _kh_import_add_field       (KhImportContext        *ctx,
                                      KhEntity               *entity,
                                      KhField                *field,
                                      guint                   line,
                                      guint                   pos);
/* Adds @entity (taking the reference); a taken name gives a warning. */
gboolean  _kh_import_add_entity      (KhImportContext        *ctx,
                                      KhSchema               *schema,
                                      KhEntity               *entity,
                                      guint                   line);

/* The file name without directory and the given extensions. */
char     *_kh_import_stem            (KhImportContext        *ctx);

/* JSON: the whole file read, checked for UTF-8 and parsed. Errors name the
 * line and column. */
cJSON    *_kh_import_load_json       (KhImportContext        *ctx,
                                      GError                **error);
cJSON    *_kh_import_parse_json      (KhImportContext        *ctx,
                                      const char             *data,
                                      gsize                   length,
                                      GError                **error);
/* Line and column (1-based, in characters) of @offset in @data. */
void      _kh_import_locate          (const char             *data,
                                      gsize                   offset,
                                      guint                  *line,
                                      guint                  *column);
gboolean  _kh_import_check_utf8      (KhImportContext        *ctx,
                                      const char             *data,
                                      gsize                   length,
                                      GError                **error);

/* JSON accessors that tolerate missing members and wrong types. */
const char *_kh_json_string          (const cJSON            *object,
                                      const char             *name);
gboolean    _kh_json_bool            (const cJSON            *object,
                                      const char             *name,
                                      gboolean                fallback);
gboolean    _kh_json_int             (const cJSON            *object,
                                      const char             *name,
                                      int                    *value);

/* Format detection. */
KhImportFormat _kh_import_detect_json (const cJSON           *root);

/* The importers. The JSON ones get the parsed document. */
KhSchema *_kh_import_odata           (KhImportContext        *ctx,
                                      GError                **error);
KhSchema *_kh_import_salesforce      (KhImportContext        *ctx,
                                      const cJSON            *root,
                                      GError                **error);
KhSchema *_kh_import_cdm             (KhImportContext        *ctx,
                                      const cJSON            *root,
                                      GError                **error);
KhSchema *_kh_import_json_schema     (KhImportContext        *ctx,
                                      const cJSON            *root,
                                      GError                **error);
KhSchema *_kh_import_erpnext         (KhImportContext        *ctx,
                                      const cJSON            *root,
                                      GError                **error);
KhSchema *_kh_import_espocrm         (KhImportContext        *ctx,
                                      const cJSON            *root,
                                      GError                **error);
KhSchema *_kh_import_csv             (KhImportContext        *ctx,
                                      GError                **error);
KhSchema *_kh_import_sqlite          (KhImportContext        *ctx,
                                      GError                **error);

G_END_DECLS
