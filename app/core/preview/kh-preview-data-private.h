/* kh-preview-data-private.h: the compact, immutable store behind a preview
 * result, and the evaluation that fills it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-engine.h"
#include "kh-mapping.h"
#include "kh-preview-types.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

/* One output cell: 16 bytes, so that 10,000 records of 50 rules fit in
 * 8 MB besides their text. */
typedef struct
{
  const char *text;  /* NUL-terminated, in the store's text blocks or the
                      * samples (an unchanged source value is not copied);
                      * NULL for null */
  guint32  len;      /* in bytes */
  guint8   type;     /* KhValueType */
  guint8   status;   /* KhCellStatus */
  guint8   failed;   /* the rule failed (whatever its policy); see errors */
  guint8   padding;
} KhPreviewCellData;

/* What a record's cells hold, for the filters. */
typedef enum
{
  KH_PREVIEW_ROW_FAILED    = 1 << 0,
  KH_PREVIEW_ROW_CHANGED   = 1 << 1,
  KH_PREVIEW_ROW_DEFAULTED = 1 << 2,
  KH_PREVIEW_ROW_NULL      = 1 << 3,
  KH_PREVIEW_ROW_OK        = 1 << 4,
} KhPreviewRowFlags;

typedef struct
{
  guint32  first_error;    /* index into errors */
  guint32  n_errors;
  gint32   failed_filter;  /* -1 unless filtered */
  guint8   outcome;        /* KhOutcome */
  guint8   aborted;        /* a rule with policy abort failed */
  guint8   flags;          /* KhPreviewRowFlags */
  guint8   padding;
} KhPreviewRowData;

/* Why a rule failed for a record: KhCellError, with its strings copied. */
typedef struct
{
  const char *step_id;     /* nullable: the target contract failed */
  const char *reason;
  guint32     column;
  gint32      step_index;  /* -1: the target contract failed */
  guint8      policy;      /* KhOnError */
} KhPreviewErrorData;

/* One output column: the plan's column with the rule's metadata, and the
 * counts the grid's header shows. */
typedef struct
{
  char         *target;      /* owned */
  char         *label;       /* owned: the target field's display label, or the target */
  char        **sources;     /* owned: the rule's source columns */
  KhValueType   type;
  gboolean      has_field;
  KhFieldType   field_type;
  KhRequired    required;
  int           max_length;
  int           precision;
  int           scale;
  KhOnError     on_error;
  guint         n_steps;
  guint         counts[KH_CELL_STATUS_ERROR + 1];  /* cells per status */
  guint         n_failed;                          /* records the rule failed for */
  int           first_failed;                      /* the first such record, or -1 */
} KhPreviewColumnInfo;

typedef struct _KhPreviewData KhPreviewData;

struct _KhPreviewData
{
  gatomicrefcount       ref_count;

  /* Set up on the thread that owns the mapping (kh_preview_data_new()),
   * then only read. */
  KhPreviewFlags        flags;
  KhSampleSet          *samples;          /* owned ref */
  KhPlan               *plan;             /* owned: values only, as the runner */
  KhPlan               *trace_plan;       /* owned, nullable: with traces */
  char                 *mapping_name;     /* owned */
  char                **source_columns;   /* owned: the columns the mapping reads */
  char                **missing_columns;  /* owned: those the samples lack */
  guint                 n_columns;
  KhPreviewColumnInfo  *columns;          /* owned, n_columns */
  int                  *first_sources;    /* owned, n_columns: each rule's first
                                           * source as a sample column, or -1 */
  gboolean              has_dedupe;
  KhDedupeKeep          dedupe_keep;

  /* Filled by kh_preview_data_evaluate() (any thread), then only read. */
  guint                 n_rows;
  KhPreviewRowData     *rows;             /* owned, n_rows */
  KhPreviewCellData    *cells;            /* owned, n_rows × n_columns */
  KhPreviewErrorData   *errors;           /* owned */
  guint                 n_errors;
  GPtrArray            *blocks;           /* owned: the text blocks */
  gsize                 text_size;        /* bytes of text copied */
  guint                 n_outcomes[KH_OUTCOME_FILTERED + 1];
  int                   abort_row;        /* the first aborting record, or -1 */
  gint64                eval_us;
  gboolean              evaluated;
};

KhPreviewData *kh_preview_data_new      (KhMapping       *mapping,
                                         KhSampleSet     *samples,
                                         KhPreviewFlags   flags,
                                         GError         **error);
KhPreviewData *kh_preview_data_ref      (KhPreviewData   *self);
void           kh_preview_data_unref    (KhPreviewData   *self);
gboolean       kh_preview_data_evaluate (KhPreviewData   *self,
                                         GCancellable    *cancellable,
                                         GError         **error);

void           kh_preview_data_fill_record (KhPreviewData *self,
                                            guint          row,
                                            KhValue       *cells,
                                            KhRecord      *record);

gboolean       kh_preview_data_row_matches (KhPreviewData   *self,
                                            guint            row,
                                            KhPreviewFilter  filter,
                                            int              column);

static inline const KhPreviewCellData *
kh_preview_data_cell (const KhPreviewData *self,
                      guint                row,
                      guint                column)
{
  return &self->cells[(gsize) row * self->n_columns + column];
}

/* The error of @column in @row, or NULL when the rule did not fail. */
const KhPreviewErrorData *kh_preview_data_cell_error (const KhPreviewData *self,
                                                      guint                row,
                                                      guint                column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhPreviewData, kh_preview_data_unref)

G_END_DECLS
