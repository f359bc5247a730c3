/* kh-mapping-xml.h: the mapping XML format v1: loader and canonical writer
 *
 * The format is described in docs/mapping-format.md and by the XSD
 * data/kakehashi-mapping-1.xsd, which is compiled into this library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kh-mapping.h"
#include "kh-problem.h"

G_BEGIN_DECLS

/* The namespace of the mapping format, version 1. */
#define KH_MAPPING_XML_NAMESPACE "urn:kakehashi:mapping:1"

/* The version this library reads and writes. */
#define KH_MAPPING_XML_VERSION 1

/* Files larger than this are refused before they are parsed. */
#define KH_MAPPING_XML_MAX_SIZE (64 * 1024 * 1024)

/**
 * KhMappingLoadFlags:
 * @KH_MAPPING_LOAD_DEFAULT: fail on any error
 * @KH_MAPPING_LOAD_KEEP_INVALID: return the mapping even when it has
 *   semantic errors (unknown steps, rules pointing at missing fields, …),
 *   as long as the file is well-formed and valid against the schema. The
 *   project store and the workbench use this to reopen work in progress.
 */
typedef enum
{
  KH_MAPPING_LOAD_DEFAULT      = 0,
  KH_MAPPING_LOAD_KEEP_INVALID = 1 << 0,
} KhMappingLoadFlags;

KhMapping *kh_mapping_load_bytes    (GBytes              *bytes,
                                     const char          *display_name,
                                     KhMappingLoadFlags   flags,
                                     GPtrArray          **problems,
                                     GError             **error);
KhMapping *kh_mapping_load_file     (GFile               *file,
                                     const char          *display_name,
                                     KhMappingLoadFlags   flags,
                                     GPtrArray          **problems,
                                     GCancellable        *cancellable,
                                     GError             **error);
GBytes    *kh_mapping_read_file     (GFile               *file,
                                     GCancellable        *cancellable,
                                     GError             **error);

GBytes    *kh_mapping_to_xml        (KhMapping           *mapping,
                                     GError             **error);
gboolean   kh_mapping_save_file     (KhMapping           *mapping,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GError             **error);

GBytes    *kh_mapping_xml_get_schema (void);

G_END_DECLS
