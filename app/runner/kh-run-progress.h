/* kh-run-progress.h: the progress line of a run on a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-reader.h"

G_BEGIN_DECLS

typedef struct _KhRunProgress KhRunProgress;

/* How many records go between two calls of kh_run_progress_update(). */
#define KH_RUN_PROGRESS_EVERY 1024

KhRunProgress *kh_run_progress_new    (KhReader      *reader,
                                       gboolean       enabled);
void           kh_run_progress_update (KhRunProgress *self,
                                       guint64        n_records);
void           kh_run_progress_clear  (KhRunProgress *self);
void           kh_run_progress_free   (KhRunProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunProgress, kh_run_progress_free)

G_END_DECLS
