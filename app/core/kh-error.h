/* kh-error.h: the core's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_ERROR (kh_error_quark ())

typedef enum
{
  KH_ERROR_FAILED,
  KH_ERROR_INVALID_PARAM,        /* a step parameter has the wrong type or value */
  KH_ERROR_INVALID_MAPPING,      /* the mapping breaks the format or its semantics */
  KH_ERROR_UNSUPPORTED_VERSION,  /* a mapping of a future major version */
  KH_ERROR_PARSE,                /* a file is not well-formed */
  KH_ERROR_ENCODING,             /* invalid UTF-8 or an unknown encoding */
  KH_ERROR_INPUT,                /* input cannot be read or does not fit the mapping */
  KH_ERROR_OUTPUT,               /* output cannot be written */
  KH_ERROR_NOT_FOUND,            /* a named thing (column, table, entity) does not exist */
  KH_ERROR_UNSUPPORTED,          /* a format or feature that is not supported */
  KH_ERROR_ABORTED,              /* the run stopped by policy or on a signal */
  KH_ERROR_CANCELLED,            /* the operation was cancelled */
} KhError;

GQuark kh_error_quark (void);

G_END_DECLS
