/* kh-sample-import-dialog.h: how to take sample records from a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kh-preview.h"

G_BEGIN_DECLS

#define KH_TYPE_SAMPLE_IMPORT_DIALOG (kh_sample_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhSampleImportDialog, kh_sample_import_dialog, KH, SAMPLE_IMPORT_DIALOG, AdwMessageDialog)

KhSampleImportDialog *kh_sample_import_dialog_new        (GtkWindow            *parent,
                                                          GFile                *file,
                                                          gboolean              has_samples);
GFile                *kh_sample_import_dialog_get_file   (KhSampleImportDialog *self);
KhSampleMode          kh_sample_import_dialog_get_mode   (KhSampleImportDialog *self);
guint                 kh_sample_import_dialog_get_count  (KhSampleImportDialog *self);
guint32               kh_sample_import_dialog_get_seed   (KhSampleImportDialog *self);
gboolean              kh_sample_import_dialog_get_append (KhSampleImportDialog *self);
const char           *kh_sample_import_dialog_get_table  (KhSampleImportDialog *self);

G_END_DECLS
