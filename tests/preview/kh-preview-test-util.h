/* kh-preview-test-util.h: mappings and samples for the preview and checks
 * tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-mapping.h"
#include "kh-sample-set.h"

G_BEGIN_DECLS

/* Loads a mapping from XML text through the real loader (XSD and semantic
 * checks); with @keep_invalid, semantic errors are kept. */
KhMapping   *test_mapping_from_xml  (const char *xml,
                                     gboolean    keep_invalid);
KhMapping   *test_mapping_from_file (const char *path);

/* Reads CSV text through the real CSV reader: every field a string. */
KhSampleSet *test_samples_from_csv  (const char *csv);

/* The value of @column (by name) in @row of @samples. */
const char  *test_sample_value      (KhSampleSet *samples,
                                     guint        row,
                                     const char  *column);

/* The demo project's files, or NULL when data/demo/ lacks them. */
char        *test_demo_mapping_path (void);
char        *test_demo_samples_path (void);

G_END_DECLS
