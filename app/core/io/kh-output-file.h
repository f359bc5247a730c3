/* kh-output-file.h: a text output written aside and renamed at the end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KhOutputFile KhOutputFile;

KhOutputFile *kh_output_file_open     (const char    *path,
                                       GError       **error);
gboolean      kh_output_file_write    (KhOutputFile  *file,
                                       const char    *data,
                                       gsize          len,
                                       GError       **error);
gboolean      kh_output_file_commit   (KhOutputFile  *file,
                                       GError       **error);
void          kh_output_file_abort    (KhOutputFile  *file);
void          kh_output_file_free     (KhOutputFile  *file);
const char   *kh_output_file_get_name (KhOutputFile  *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhOutputFile, kh_output_file_free)

G_END_DECLS
