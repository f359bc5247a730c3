/* kh-run-rejects.h: the rejects file of a run, and the duplicates listing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-plan.h"
#include "kh-record-result.h"
#include "kh-value.h"

G_BEGIN_DECLS

typedef struct _KhRunRejects KhRunRejects;

KhRunRejects *kh_run_rejects_open          (const char            *path,
                                            GError               **error);
void          kh_run_rejects_set_columns   (KhRunRejects          *self,
                                            const char * const    *columns,
                                            guint                  n_columns);
gboolean      kh_run_rejects_add           (KhRunRejects          *self,
                                            const KhRecord        *record,
                                            const KhRecordResult  *result,
                                            GError               **error);
gboolean      kh_run_rejects_add_issue     (KhRunRejects          *self,
                                            const KhRecord        *record,
                                            const char            *reason,
                                            GError               **error);
gboolean      kh_run_rejects_add_duplicate (KhRunRejects          *self,
                                            KhPlan                *plan,
                                            guint64                number,
                                            guint64                line,
                                            const KhValue         *cells,
                                            GError               **error);
gboolean      kh_run_rejects_commit        (KhRunRejects          *self,
                                            GError               **error);
void          kh_run_rejects_abort         (KhRunRejects          *self);
const char   *kh_run_rejects_get_name      (KhRunRejects          *self);
guint64       kh_run_rejects_get_n_lines   (KhRunRejects          *self);
void          kh_run_rejects_free          (KhRunRejects          *self);

void          kh_run_append_compact_json   (GString               *out,
                                            const char            *json,
                                            gsize                  len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunRejects, kh_run_rejects_free)

G_END_DECLS
