/* kh-run-spill.h: the evaluated records a keep="last" dedupe holds back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kh-value.h"

G_BEGIN_DECLS

typedef struct _KhRunSpill KhRunSpill;

KhRunSpill *kh_run_spill_new       (guint           n_columns,
                                    GError        **error);
gboolean    kh_run_spill_add       (KhRunSpill     *self,
                                    guint64         ordinal,
                                    guint64         number,
                                    guint64         line,
                                    const KhValue  *cells,
                                    GError        **error);
gboolean    kh_run_spill_rewind    (KhRunSpill     *self,
                                    GError        **error);
gboolean    kh_run_spill_next      (KhRunSpill     *self,
                                    guint64        *ordinal,
                                    guint64        *number,
                                    guint64        *line,
                                    const KhValue **cells,
                                    GError        **error);
guint64     kh_run_spill_get_n_records (KhRunSpill *self);
void        kh_run_spill_free      (KhRunSpill     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunSpill, kh_run_spill_free)

G_END_DECLS
