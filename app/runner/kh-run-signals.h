/* kh-run-signals.h: stopping a run cleanly on SIGINT and SIGTERM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KhRunSignals KhRunSignals;

KhRunSignals *kh_run_signals_install    (GCancellable *cancellable);
void          kh_run_signals_free       (KhRunSignals *self);
int           kh_run_signals_get_caught (KhRunSignals *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunSignals, kh_run_signals_free)

G_END_DECLS
