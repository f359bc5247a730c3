/* kh-import-csv.c: a CSV file with a header row
 *
 * The rows are read with the io layer's CSV reader (kh-reader.h), which
 * also detects the encoding (a BOM, UTF-8, else CP932). The delimiter is
 * detected here from the first lines: the candidate (, ; tab |) that splits
 * them into the same number of fields.
 *
 * Types are inferred from up to N sample rows (options: sample-rows). A
 * column takes the most specific type that at least 95 % of its non-empty
 * sample values fit; "csv:confidence" is that share (0.00–1.00), and a
 * column whose values do not all fit gets a warning naming the first line
 * that does not. Empty values and the literal NULL are missing values. A
 * date format is only picked when some row tells day from month: if every
 * value of a column could be either dd/mm or mm/dd, the column stays text
 * and a warning says so. Leading zeros ("05021") keep a column text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-importer-private.h"
#include "kh-reader.h"

#define HEAD_SIZE   (64 * 1024)
#define MIN_SHARE   0.95

typedef enum
{
  CAND_INTEGER,
  CAND_DECIMAL,
  CAND_BOOLEAN,
  CAND_DATE_ISO,        /* yyyy-mm-dd */
  CAND_DATE_YMD_SLASH,  /* yyyy/mm/dd */
  CAND_DATE_DMY,        /* dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy */
  CAND_DATE_MDY,        /* mm/dd/yyyy */
  CAND_DATE_D_MON_YY,   /* 3-Mar-17 */
  CAND_DATETIME,        /* yyyy-mm-dd[T ]hh:mm[:ss[.fff]][Z|±hh:mm] */
  CAND_TIME,            /* hh:mm[:ss] */
  N_CANDS
} Candidate;

static const struct
{
  KhFieldType  type;
  const char  *date_format;
} candidates[N_CANDS] = {
  [CAND_INTEGER]        = { KH_FIELD_TYPE_INTEGER,  NULL },
  [CAND_DECIMAL]        = { KH_FIELD_TYPE_DECIMAL,  NULL },
  [CAND_BOOLEAN]        = { KH_FIELD_TYPE_BOOLEAN,  NULL },
  [CAND_DATE_ISO]       = { KH_FIELD_TYPE_DATE,     "yyyy-mm-dd" },
  [CAND_DATE_YMD_SLASH] = { KH_FIELD_TYPE_DATE,     "yyyy/mm/dd" },
  [CAND_DATE_DMY]       = { KH_FIELD_TYPE_DATE,     "dd/mm/yyyy" },
  [CAND_DATE_MDY]       = { KH_FIELD_TYPE_DATE,     "mm/dd/yyyy" },
  [CAND_DATE_D_MON_YY]  = { KH_FIELD_TYPE_DATE,     "d-mmm-yy" },
  [CAND_DATETIME]       = { KH_FIELD_TYPE_DATETIME, NULL },
  [CAND_TIME]           = { KH_FIELD_TYPE_TIME,     NULL },
};

/* The order in which a column's type is chosen: most specific first. */
static const Candidate preference[] = {
  CAND_BOOLEAN, CAND_INTEGER, CAND_DECIMAL, CAND_DATE_ISO, CAND_DATE_YMD_SLASH,
  CAND_DATE_DMY, CAND_DATE_MDY, CAND_DATE_D_MON_YY, CAND_DATETIME, CAND_TIME,
};

typedef struct
{
  guint   n_values;             /* non-empty values seen */
  guint   fits[N_CANDS];
  guint64 first_misfit[N_CANDS];  /* line of the first value that does not fit */
  guint   n_ambiguous_dm;       /* values that fit both dd/mm and mm/dd */
  gboolean leading_zero;
} ColumnStats;

/* Parsing helpers --------------------------------------------------------- */

static gboolean
all_digits (const char *s,
            gsize       n)
{
  if (n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int
number (const char *s,
        gsize       n)
{
  int v = 0;

  for (gsize i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  return m >= 1 && m <= 12 && d >= 1 && y >= 0 && y <= 9999 &&
         d <= g_date_get_days_in_month ((GDateMonth) m, (GDateYear) MAX (y, 1));
}

/* "2024-03-05" style: three digit groups split by @sep; returns the groups. */
static gboolean
split3 (const char *s,
        gsize       n,
        char        sep,
        int         out[3],
        gsize       lens[3])
{
  gsize start = 0;
  guint k = 0;

  for (gsize i = 0; i <= n; i++)
    if (i == n || s[i] == sep)
      {
        if (k == 3 || !all_digits (s + start, i - start) || i - start > 4)
          return FALSE;
        lens[k] = i - start;
        out[k++] = number (s + start, i - start);
        start = i + 1;
      }
  return k == 3;
}

static gboolean
parse_time (const char *s,
            gsize       n)
{
  /* hh:mm or hh:mm:ss, optional .fff */
  if (n < 5 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) || s[2] != ':' ||
      !g_ascii_isdigit (s[3]) || !g_ascii_isdigit (s[4]))
    return FALSE;
  if (number (s, 2) > 23 || number (s + 3, 2) > 59)
    return FALSE;
  if (n == 5)
    return TRUE;
  if (n < 8 || s[5] != ':' || !g_ascii_isdigit (s[6]) || !g_ascii_isdigit (s[7]) || number (s + 6, 2) > 60)
    return FALSE;
  if (n == 8)
    return TRUE;
  return s[8] == '.' && all_digits (s + 9, n - 9);
}

static gboolean
parse_iso_date (const char *s,
                gsize       n)
{
  int v[3];
  gsize lens[3];

  return n == 10 && split3 (s, n, '-', v, lens) && lens[0] == 4 && lens[1] == 2 && lens[2] == 2 &&
         valid_date (v[0], v[1], v[2]);
}

static gboolean
parse_datetime (const char *s,
                gsize       n)
{
  gsize end = n;

  if (n < 16 || !parse_iso_date (s, 10) || (s[10] != 'T' && s[10] != ' '))
    return FALSE;
  /* Z or ±hh:mm at the end */
  if (s[end - 1] == 'Z')
    end--;
  else if (end > 22 && (s[end - 6] == '+' || s[end - 6] == '-') && s[end - 3] == ':')
    end -= 6;
  return parse_time (s + 11, end - 11);
}

static const char * const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static gboolean
parse_d_mon_yy (const char *s,
                gsize       n)
{
  const char *dash1 = memchr (s, '-', n);
  const char *dash2;
  int day;

  if (dash1 == NULL)
    return FALSE;
  dash2 = memchr (dash1 + 1, '-', n - (dash1 + 1 - s));
  if (dash2 == NULL || dash2 - dash1 != 4)
    return FALSE;
  if (!all_digits (s, dash1 - s) || dash1 - s > 2 || !all_digits (dash2 + 1, n - (dash2 + 1 - s)))
    return FALSE;
  if (n - (dash2 + 1 - s) != 2 && n - (dash2 + 1 - s) != 4)
    return FALSE;
  day = number (s, dash1 - s);
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    if (g_ascii_strncasecmp (dash1 + 1, months[m], 3) == 0)
      return day >= 1 && day <= 31;
  return FALSE;
}

static void
observe (ColumnStats *stats,
         const char  *value,
         gsize        n,
         guint64      line)
{
  gboolean fit[N_CANDS] = { FALSE, };
  gsize i = 0;

  stats->n_values++;

  /* integer: [+-]digits */
  if (n > 0 && (value[0] == '+' || value[0] == '-'))
    i = 1;
  if (all_digits (value + i, n - i) && n - i <= 18)
    {
      fit[CAND_INTEGER] = TRUE;
      if (n - i > 1 && value[i] == '0')
        stats->leading_zero = TRUE;
    }
  /* decimal: [+-]digits[.digits] */
  {
    const char *dot = memchr (value + i, '.', n - i);

    if (fit[CAND_INTEGER])
      fit[CAND_DECIMAL] = TRUE;
    else if (dot != NULL && all_digits (value + i, dot - (value + i)) &&
             all_digits (dot + 1, n - (dot + 1 - value)))
      fit[CAND_DECIMAL] = TRUE;
    else if (dot != NULL && dot == value + i && all_digits (dot + 1, n - (dot + 1 - value)))
      fit[CAND_DECIMAL] = TRUE;
  }
  fit[CAND_BOOLEAN] = (n == 4 && g_ascii_strncasecmp (value, "true", 4) == 0) ||
                      (n == 5 && g_ascii_strncasecmp (value, "false", 5) == 0);
  fit[CAND_DATE_ISO] = parse_iso_date (value, n);
  {
    int v[3];
    gsize lens[3];

    if (n >= 8 && n <= 10 && split3 (value, n, '/', v, lens) && lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2)
      fit[CAND_DATE_YMD_SLASH] = valid_date (v[0], v[1], v[2]);
    if (n >= 6 && n <= 10 &&
        (split3 (value, n, '/', v, lens) || split3 (value, n, '.', v, lens) || split3 (value, n, '-', v, lens)) &&
        lens[0] <= 2 && lens[1] <= 2 && lens[2] == 4)
      {
        fit[CAND_DATE_DMY] = valid_date (v[2], v[1], v[0]);
        fit[CAND_DATE_MDY] = value[lens[0]] == '/' && valid_date (v[2], v[0], v[1]);
        if (fit[CAND_DATE_DMY] && fit[CAND_DATE_MDY])
          stats->n_ambiguous_dm++;
      }
  }
  fit[CAND_DATE_D_MON_YY] = parse_d_mon_yy (value, n);
  fit[CAND_DATETIME] = parse_datetime (value, n);
  fit[CAND_TIME] = parse_time (value, n);

  for (guint c = 0; c < N_CANDS; c++)
    {
      if (fit[c])
        stats->fits[c]++;
      else if (stats->first_misfit[c] == 0)
        stats->first_misfit[c] = line;
    }
}

/* Delimiter --------------------------------------------------------------- */

static int
count_fields (const char *line,
              gsize       n,
              char        delimiter)
{
  gboolean quoted = FALSE;
  int count = 1;

  for (gsize i = 0; i < n; i++)
    {
      if (line[i] == '"')
        quoted = !quoted;
      else if (!quoted && line[i] == delimiter)
        count++;
    }
  return count;
}

static char
detect_delimiter (const char *head,
                  gsize       length)
{
  static const char options[] = { ',', ';', '\t', '|' };
  char best = ',';
  int best_score = -1;

  for (guint d = 0; d < G_N_ELEMENTS (options); d++)
    {
      const char *p = head, *end = head + length;
      int first = -1, score = 0;
      guint lines = 0;

      while (p < end && lines < 20)
        {
          const char *nl = memchr (p, '\n', end - p);
          gsize n;
          int count;

          if (nl == NULL)
            {
              if (lines > 0 && length == HEAD_SIZE)
                break;  /* a cut last line tells nothing */
              nl = end;
            }
          n = nl - p;
          if (n > 0 && p[n - 1] == '\r')
            n--;
          if (n > 0)
            {
              count = count_fields (p, n, options[d]);
              if (first < 0)
                first = count;
              if (count == first && count > 1)
                score++;
              lines++;
            }
          p = nl + 1;
        }
      if (first > 1)
        score = score * 100 + MIN (first, 99);
      else
        score = 0;
      if (score > best_score)
        {
          best_score = score;
          best = options[d];
        }
    }
  return best;
}

/* The import -------------------------------------------------------------- */

typedef struct
{
  KhImportContext *ctx;
  guint            n_ragged;
  guint64          first_ragged_line;
} CsvState;

static void
on_issue (const KhRecord *record,
          const GError   *issue,
          gpointer        user_data)
{
  CsvState *state = user_data;

  if (state->n_ragged++ == 0)
    state->first_ragged_line = record->line;
}

static void
build_field (KhImportContext   *ctx,
             KhEntity          *entity,
             const char        *name,
             const ColumnStats *stats,
             guint              pos)
{
  KhFieldType type = KH_FIELD_TYPE_STRING;
  const char *date_format = NULL;
  double confidence = stats->n_values > 0 ? 1.0 : 0.0;
  Candidate chosen = N_CANDS;
  KhField *field;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint k = 0; k < G_N_ELEMENTS (preference) && stats->n_values > 0; k++)
    {
      Candidate c = preference[k];
      double share = (double) stats->fits[c] / stats->n_values;

      if (share < MIN_SHARE)
        continue;
      if ((c == CAND_INTEGER || c == CAND_DECIMAL) && stats->leading_zero)
        continue;  /* codes such as postal codes keep their zeros */
      if ((c == CAND_DATE_DMY || c == CAND_DATE_MDY) && stats->n_ambiguous_dm == stats->n_values)
        {
          _kh_import_warn (ctx, 0, 0,
                           _("Column “%s” holds dates, but day and month cannot be told apart in any "
                             "sampled row (dd/mm/yyyy or mm/dd/yyyy?); it is read as text"),
                           name);
          break;
        }
      chosen = c;
      confidence = share;
      break;
    }

  if (chosen != N_CANDS)
    {
      type = candidates[chosen].type;
      date_format = candidates[chosen].date_format;
      if (stats->fits[chosen] < stats->n_values)
        /* Translators: column name, the type (e.g. "Integer"), then a line number */
        _kh_import_warn (ctx, (guint) stats->first_misfit[chosen], 0,
                         _("Column “%s” is read as %s, but not every sampled value fits (the first that "
                           "does not is on line %u)"),
                         name, kh_field_type_get_label (type), (guint) stats->first_misfit[chosen]);
    }

  field = kh_field_new (name, type);
  g_ascii_formatd (buffer, sizeof buffer, "%.2f", confidence);
  kh_field_set_attribute (field, "csv:confidence", buffer);
  if (date_format != NULL)
    kh_field_set_attribute (field, "csv:date-format", date_format);
  _kh_import_add_field (ctx, entity, field, 1, pos);
}

KhSchema *
_kh_import_csv (KhImportContext  *ctx,
                GError          **error)
{
  KhReaderOptions options = KH_READER_OPTIONS_INIT;
  g_autoptr(KhReader) reader = NULL;
  g_autoptr(KhSchema) schema = NULL;
  g_autofree char *stem = NULL;
  g_autofree ColumnStats *stats = NULL;
  const char *path = g_file_peek_path (ctx->file);
  const char * const *columns;
  const KhRecord *record;
  CsvState state = { ctx, 0, 0 };
  char delimiter_text[8] = { 0, };
  guint n_columns = 0;
  guint n_rows = 0;
  KhEntity *entity;

  if (path == NULL)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_UNSUPPORTED, 0, 0, "%s", _("A CSV file must be a local file"));
      return NULL;
    }

  if (ctx->options->delimiter != 0)
    g_unichar_to_utf8 (ctx->options->delimiter, delimiter_text);
  else
    {
      g_autoptr(GFileInputStream) stream = g_file_read (ctx->file, ctx->cancellable, error);
      g_autofree char *head = g_malloc (HEAD_SIZE);
      gsize n = 0;

      if (stream == NULL ||
          !g_input_stream_read_all (G_INPUT_STREAM (stream), head, HEAD_SIZE, &n, ctx->cancellable, error))
        {
          _kh_import_prefix_error (error, ctx);
          return NULL;
        }
      delimiter_text[0] = detect_delimiter (head, n);
    }

  options.format = KH_IO_FORMAT_CSV;
  options.encoding = ctx->options->encoding != NULL ? ctx->options->encoding : "auto";
  options.delimiter = delimiter_text;
  options.ragged = KH_RAGGED_PAD;
  options.issue_func = on_issue;
  options.issue_data = &state;
  options.cancellable = ctx->cancellable;

  reader = kh_reader_open (path, &options, error);
  if (reader == NULL)
    return NULL;

  columns = kh_reader_get_columns (reader, &n_columns);
  if (columns == NULL || n_columns == 0)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The CSV file has no header row; expected the column names on line 1"));
      return NULL;
    }

  stats = g_new0 (ColumnStats, n_columns);
  while (n_rows < ctx->options->sample_rows && (record = kh_reader_next (reader, error)) != NULL)
    {
      n_rows++;
      for (guint c = 0; c < n_columns && c < record->n_cells; c++)
        {
          const KhValue *value = &record->cells[c];
          g_autofree char *trimmed = NULL;

          if (kh_value_is_null (value) || value->len == 0)
            continue;
          trimmed = g_strstrip (g_strndup (value->str, value->len));
          if (trimmed[0] == '\0' || g_ascii_strcasecmp (trimmed, "NULL") == 0)
            continue;
          observe (&stats[c], trimmed, strlen (trimmed), record->line);
        }
    }
  if (error != NULL && *error != NULL)
    return NULL;

  stem = _kh_import_stem (ctx);
  schema = kh_schema_new (stem);
  entity = kh_entity_new (ctx->options->entity_name != NULL ? ctx->options->entity_name : stem);

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (columns[c]));

      if (name[0] == '\0')
        {
          g_free (name);
          name = g_strdup_printf ("column%u", c + 1);
        }
      build_field (ctx, entity, name, &stats[c], c + 1);
    }

  if (state.n_ragged > 0)
    _kh_import_warn (ctx, (guint) state.first_ragged_line, 0,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u sampled row has more or fewer fields than the header (the first on line %u)",
                                  "%u sampled rows have more or fewer fields than the header (the first on line %u)",
                                  state.n_ragged),
                     state.n_ragged, (guint) state.first_ragged_line);

  _kh_import_add_entity (ctx, schema, entity, 1);
  return g_steal_pointer (&schema);
}
