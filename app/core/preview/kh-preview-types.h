/* kh-preview-types.h: the options and filters of the sample preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KhPreviewFlags:
 * @KH_PREVIEW_FLAGS_NONE: the defaults: cells can be explained (a second
 *   plan with traces is compiled, but it runs only for the one record
 *   kh_preview_result_explain() is asked about), and a source column the
 *   samples lack reads as null (see kh_preview_result_get_missing_columns())
 * @KH_PREVIEW_NO_TRACE: do not compile the trace plan; then
 *   kh_preview_result_explain() fails. For benchmarks and the identity
 *   test, which never explain.
 * @KH_PREVIEW_STRICT_COLUMNS: a source column the samples lack is an error,
 *   as it is for the runner on CSV and SQLite input
 *
 * Options of kh_preview_compute().
 */
typedef enum
{
  KH_PREVIEW_FLAGS_NONE     = 0,
  KH_PREVIEW_NO_TRACE       = 1 << 0,
  KH_PREVIEW_STRICT_COLUMNS = 1 << 1,
} KhPreviewFlags;

/**
 * KhPreviewFilter:
 * @KH_PREVIEW_FILTER_ALL: every record (with a column: the records where
 *   that rule's cell is not `ok`: it failed, changed, defaulted or is null)
 * @KH_PREVIEW_FILTER_ERRORS: "errors only": records where a rule failed,
 *   whatever its on-error policy (with a column: where that rule failed)
 * @KH_PREVIEW_FILTER_CHANGED: "changed only": records with a cell a step
 *   changed (with a column: where that cell changed)
 * @KH_PREVIEW_FILTER_DEFAULTED: records with a defaulted cell (with a
 *   column: where that cell was defaulted)
 * @KH_PREVIEW_FILTER_REJECTED: records the run would reject (an aborting
 *   record included)
 * @KH_PREVIEW_FILTER_DUPLICATES: records dropped as duplicates
 * @KH_PREVIEW_FILTER_FILTERED: records dropped by a record filter
 * @KH_PREVIEW_FILTER_WRITTEN: records the run would write
 *
 * Which records the grid shows. The record-level kinds (rejected,
 * duplicates, filtered, written) ignore the column; the cell-level kinds
 * look at every cell, or only at the given column ("by rule").
 */
typedef enum
{
  KH_PREVIEW_FILTER_ALL,
  KH_PREVIEW_FILTER_ERRORS,
  KH_PREVIEW_FILTER_CHANGED,
  KH_PREVIEW_FILTER_DEFAULTED,
  KH_PREVIEW_FILTER_REJECTED,
  KH_PREVIEW_FILTER_DUPLICATES,
  KH_PREVIEW_FILTER_FILTERED,
  KH_PREVIEW_FILTER_WRITTEN,
} KhPreviewFilter;

/**
 * KhSampleMode:
 * @KH_SAMPLE_FIRST: the first N records of the file
 * @KH_SAMPLE_RANDOM: N records drawn at random (reservoir sampling, seeded,
 *   so the same seed gives the same records), kept in file order
 *
 * How kh_samples_read() picks records from a large file.
 */
typedef enum
{
  KH_SAMPLE_FIRST,
  KH_SAMPLE_RANDOM,
} KhSampleMode;

G_END_DECLS
