/* kh-run-sink.h: an atomic text output of the runner (rejects, duplicates,
 * report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhRunSink KhRunSink;

KhRunSink  *kh_run_sink_open          (const char  *path,
                                       GError     **error);
gboolean    kh_run_sink_write         (KhRunSink   *sink,
                                       const char  *data,
                                       gsize        len,
                                       GError     **error);
gboolean    kh_run_sink_commit        (KhRunSink   *sink,
                                       GError     **error);
void        kh_run_sink_abort         (KhRunSink   *sink);
void        kh_run_sink_free          (KhRunSink   *sink);

const char *kh_run_sink_get_name      (KhRunSink   *sink);
const char *kh_run_sink_get_temp_path (KhRunSink   *sink);
guint64     kh_run_sink_get_n_bytes   (KhRunSink   *sink);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhRunSink, kh_run_sink_free)

G_END_DECLS
