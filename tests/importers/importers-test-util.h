/* importers-test-util.h: helpers of the importer tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-error.h"
#include "kh-importer.h"

G_BEGIN_DECLS

/* tests/importers/data/NAME (copies with attribution in data/SOURCES.md). */
char      *kh_test_data_path   (const char      *name);
/* $KAKEHASHI_SHARED/realdata/NAME, or NULL (and the test skipped) when absent. */
char      *kh_test_shared_path (const char      *name);

/* Imports a file that must import; the warnings are returned when asked. */
KhSchema  *kh_test_import      (const char      *path,
                                KhImportFormat   format,
                                GPtrArray      **warnings);
/* Imports a file that must fail; returns the error. */
GError    *kh_test_import_fail (const char      *path,
                                KhImportFormat   format);

KhField   *kh_test_field       (KhSchema        *schema,
                                const char      *entity,
                                const char      *field);
/* Asserts the field's codes, in order, as a NULL-terminated list. */
void       kh_test_assert_codes (KhField        *field,
                                 const char * const *values);
/* TRUE when some warning's message contains all the given strings (NULL-terminated). */
gboolean   kh_test_has_warning (GPtrArray       *warnings,
                                ...) G_GNUC_NULL_TERMINATED;

/* Writes @contents to a new file in a temporary folder; returns its path. */
char      *kh_test_write_temp  (const char      *name,
                                const char      *contents,
                                gssize           length);

G_END_DECLS
