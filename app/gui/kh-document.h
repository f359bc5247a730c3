/* kh-document.h: the project open in a window: schemas, samples, mapping,
 * file, and the undo history of every edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-project.h"
#include "kh-sample-set.h"
#include "kh-schema.h"

G_BEGIN_DECLS

#define KH_TYPE_DOCUMENT (kh_document_get_type ())

G_DECLARE_FINAL_TYPE (KhDocument, kh_document, KH, DOCUMENT, GObject)

typedef enum
{
  KH_SIDE_SOURCE,
  KH_SIDE_TARGET,
} KhSide;

#define KH_TYPE_SIDE (kh_side_get_type ())
GType kh_side_get_type (void) G_GNUC_CONST;

KhDocument *kh_document_new                 (void);
KhMapping  *kh_document_get_mapping         (KhDocument  *self);
KhSchema   *kh_document_get_schema          (KhDocument  *self,
                                             KhSide       side);
KhSampleSet  *kh_document_get_samples         (KhDocument  *self);
const char *kh_document_peek_sample         (KhDocument  *self,
                                             const char  *column);
KhProject  *kh_document_get_project         (KhDocument  *self);
void        kh_document_set_project         (KhDocument  *self,
                                             KhProject   *project);
GFile      *kh_document_get_file            (KhDocument  *self);
void        kh_document_set_file            (KhDocument  *self,
                                             GFile       *file);
char       *kh_document_dup_title           (KhDocument  *self);
gboolean    kh_document_get_modified        (KhDocument  *self);
void        kh_document_set_modified        (KhDocument  *self,
                                             gboolean     modified);
guint64     kh_document_get_serial          (KhDocument  *self);

/* Loading a project replaces everything and clears the history. */
void        kh_document_load                (KhDocument  *self,
                                             KhSchema    *source,
                                             KhSchema    *target,
                                             KhSampleSet   *samples,
                                             KhMapping   *mapping);

/* Every change to the model goes between begin and end. Nested calls
 * join the outermost edit. Edits with the same @merge_key that follow
 * each other within a second and a half become one undo step (typing). */
void        kh_document_begin_edit          (KhDocument  *self,
                                             const char  *label,
                                             const char  *merge_key);
gboolean    kh_document_end_edit            (KhDocument  *self);
void        kh_document_set_schema          (KhDocument  *self,
                                             KhSide       side,
                                             KhSchema    *schema);
void        kh_document_set_samples         (KhDocument  *self,
                                             KhSampleSet   *samples);

gboolean    kh_document_can_undo            (KhDocument  *self);
gboolean    kh_document_can_redo            (KhDocument  *self);
const char *kh_document_get_undo_label      (KhDocument  *self);
const char *kh_document_get_redo_label      (KhDocument  *self);
gboolean    kh_document_undo                (KhDocument  *self);
gboolean    kh_document_redo                (KhDocument  *self);
guint       kh_document_get_history_length  (KhDocument  *self);

G_END_DECLS
