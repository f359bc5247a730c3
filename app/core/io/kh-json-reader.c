/* kh-json-reader.c: NDJSON, and JSON arrays of objects (OData envelopes too)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-json-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kh-reader-private.h"
#include "kh-utf8-private.h"

/*
 * Streaming: an NDJSON line, or one element of the document's array, is
 * copied out of the byte source into @elem, then parsed and flattened in
 * one pass by a small validating parser of our own (it keeps numbers as
 * written, which a parser that converts them to doubles cannot). A
 * JSON document is never held whole: the reader walks its envelope to the
 * array of records, hands out the elements one at a time, and checks the
 * rest of the document once the array ends.
 */

#define MAX_DEPTH   256
#define MAX_COLUMNS 16384  /* discovered columns; beyond, pass a column list */

typedef struct
{
  KhReader     parent;

  gboolean     ndjson;
  gboolean     fixed;        /* the caller gave the columns */
  gsize        max_field;
  gsize        max_record;
  GHashTable  *slots;        /* owned: column name (borrowed) → index + 1 */

  /* Where the scan is */
  gsize        pos;          /* index in src->buf */
  guint64      line;         /* the line of buf[pos] */
  guint64      line_start;   /* stream offset where that line starts */

  /* JSON document: the array of records */
  gboolean     in_array;
  gboolean     first_elem;
  guint        closers;      /* objects that enclose the array */

  /* The current record */
  GString     *elem;         /* owned: its JSON text */
  guint64      elem_line;
  guint64      elem_col;
  GString     *arena;        /* owned: its values, NUL-terminated */
  GString     *path;         /* owned: the dotted name being parsed */
  gsize       *voff;         /* owned: cell → offset in arena */
  guint64     *stamp;        /* owned: cell → record number that set it */
  KhValue     *cells;        /* owned */
  guint        cells_cap;
  guint        hint;         /* the slot most likely to come next */
  guint64      number;
  gboolean     pending;      /* the first record was read at open */
} KhJsonReader;

/* ---- Scanning the byte source ------------------------------------------ */

#define SCAN_EOF   (-1)
#define SCAN_ERROR (-2)

/* The byte at the scan position, refilling as needed. */
static int
scan_peek (KhJsonReader  *self,
           GError       **error)
{
  KhByteSource *src = self->parent.src;

  while (self->pos == src->len)
    {
      GError *fill_error = NULL;

      if (src->eof)
        return SCAN_EOF;
      if (!kh_byte_source_fill (src, self->pos, &fill_error))
        {
          _kh_reader_wrap_error (&self->parent, error, fill_error, self->line);
          return SCAN_ERROR;
        }
      self->pos = 0;
    }

  return (guint8) src->buf[self->pos];
}

static void
scan_advance (KhJsonReader *self)
{
  KhByteSource *src = self->parent.src;

  if (src->buf[self->pos] == '\n')
    {
      self->line++;
      self->line_start = src->base + self->pos + 1;
    }
  self->pos++;
}

static guint64
scan_column (KhJsonReader *self)
{
  return self->parent.src->base + self->pos - self->line_start + 1;
}

static gboolean
is_space (int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips white space; returns the next byte, SCAN_EOF or SCAN_ERROR. */
static int
scan_skip_space (KhJsonReader  *self,
                 GError       **error)
{
  for (;;)
    {
      int c = scan_peek (self, error);

      if (!is_space (c))
        return c;
      scan_advance (self);
    }
}

static void
scan_error (KhJsonReader  *self,
            GError       **error,
            const char    *message)
{
  _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE,
                           self->line, scan_column (self), "%s", message);
}

static void
scan_expected (KhJsonReader  *self,
               GError       **error,
               int            c,
               const char    *expected)
{
  if (c == SCAN_EOF)
    _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE, self->line, 0,
                             _("the JSON document ends too early: expected %s"),
                             expected);
  else
    _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE,
                             self->line, scan_column (self),
                             _("expected %s"), expected);
}

/* Finds the extent of one JSON value at the scan position and appends its
 * text to @out (when not NULL). Only the nesting and the strings are
 * followed here; the value is validated when it is parsed. */
static gboolean
scan_value (KhJsonReader  *self,
            GString       *out,
            GError       **error)
{
  KhByteSource *src = self->parent.src;
  gboolean in_string = FALSE;
  gboolean escape = FALSE;
  gboolean scalar = FALSE;
  gboolean started = FALSE;
  guint depth = 0;
  gsize copied = 0;

  for (;;)
    {
      const char *buf;
      gsize chunk = self->pos;
      gsize i;
      gboolean done = FALSE;
      int c = scan_peek (self, error);

      if (c == SCAN_ERROR)
        return FALSE;
      if (c == SCAN_EOF)
        {
          if (scalar)
            return TRUE;
          scan_expected (self, error, c, started ? _("the end of a value") : _("a value"));
          return FALSE;
        }

      buf = src->buf;
      chunk = self->pos;
      for (i = self->pos; i < src->len; i++)
        {
          char ch = buf[i];

          if (scalar)
            {
              /* A scalar ends before its terminator, which is not taken. */
              if (ch == ',' || ch == ']' || ch == '}' || is_space (ch))
                {
                  done = TRUE;
                  break;
                }
              continue;
            }

          if (ch == '\n')
            {
              self->line++;
              self->line_start = src->base + i + 1;
            }

          if (in_string)
            {
              if (escape)
                escape = FALSE;
              else if (ch == '\\')
                escape = TRUE;
              else if (ch == '"')
                {
                  in_string = FALSE;
                  if (depth == 0)
                    {
                      i++;
                      done = TRUE;
                      break;
                    }
                }
              continue;
            }

          started = TRUE;
          if (ch == '"')
            in_string = TRUE;
          else if (ch == '{' || ch == '[')
            depth++;
          else if (ch == '}' || ch == ']')
            {
              if (depth == 0)
                {
                  self->pos = i;
                  scan_error (self, error, _("unexpected closing bracket"));
                  return FALSE;
                }
              if (--depth == 0)
                {
                  i++;
                  done = TRUE;
                  break;
                }
            }
          else if (depth == 0)
            scalar = TRUE;
        }

      copied += i - chunk;
      if (copied > self->max_record)
        {
          g_autofree char *limit = g_format_size_full (self->max_record, G_FORMAT_SIZE_IEC_UNITS);

          _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE,
                                   self->elem_line, 0,
                                   _("the record that starts here is larger than the limit of %s"),
                                   limit);
          return FALSE;
        }
      if (out != NULL)
        g_string_append_len (out, buf + chunk, i - chunk);
      self->pos = i;
      if (done)
        return TRUE;
    }
}

/* ---- Parsing and flattening one record ---------------------------------- */

typedef struct
{
  KhJsonReader  *self;
  const char    *start;
  const char    *p;
  guint          depth;
  gboolean       failed;
  GError       **error;
  KhError        code;      /* for the next error */
} Parser;

static void
parser_error_at (Parser     *ps,
                 const char *at,
                 const char *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
parser_error_at (Parser     *ps,
                 const char *at,
                 const char *format,
                 ...)
{
  KhJsonReader *self = ps->self;
  g_autofree char *message = NULL;
  guint64 line = self->elem_line;
  guint64 column = self->elem_col;
  va_list args;

  if (ps->failed)
    return;
  ps->failed = TRUE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  for (const char *q = ps->start; q < at; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else
        column++;
    }

  _kh_reader_set_error_at (&self->parent, ps->error, ps->code,
                           line, column, "%s", message);
}

static void
parser_unexpected (Parser     *ps,
                   const char *expected)
{
  if (*ps->p == '\0')
    parser_error_at (ps, ps->p, _("the record ends too early: expected %s"), expected);
  else
    parser_error_at (ps, ps->p, _("expected %s"), expected);
}

static void
skip_space (Parser *ps)
{
  while (is_space (*ps->p))
    ps->p++;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* Parses the string at ps->p (its opening quote) and appends its value to
 * @out, or only checks it when @out is NULL. */
static gboolean
parse_string (Parser  *ps,
              GString *out)
{
  gboolean validate = !ps->self->parent.src->decoded;
  const char *start = ps->p;
  const char *p = ps->p + 1;

  for (;;)
    {
      const char *run = p;
      guint8 c;

      while ((c = (guint8) *p) >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || !validate))
        p++;
      if (out != NULL)
        g_string_append_len (out, run, p - run);

      if (c == '"')
        {
          ps->p = p + 1;
          if (out != NULL && p - start > (gssize) ps->self->max_field)
            {
              g_autofree char *limit = g_format_size_full (ps->self->max_field, G_FORMAT_SIZE_IEC_UNITS);

              parser_error_at (ps, start, _("a value is larger than the limit of %s"), limit);
              return FALSE;
            }
          return TRUE;
        }

      if (c >= 0x80)
        {
          guint n = kh_utf8_sequence_length ((const guint8 *) p, strnlen (p, 4));

          if (n == 0)
            {
              ps->code = KH_ERROR_ENCODING;
              parser_error_at (ps, p, _("invalid UTF-8 (byte 0x%02X)"), c);
              return FALSE;
            }
          if (out != NULL)
            g_string_append_len (out, p, n);
          p += n;
          continue;
        }

      if (c == '\\')
        {
          char unescaped;

          switch (p[1])
            {
            case '"': unescaped = '"'; break;
            case '\\': unescaped = '\\'; break;
            case '/': unescaped = '/'; break;
            case 'b': unescaped = '\b'; break;
            case 'f': unescaped = '\f'; break;
            case 'n': unescaped = '\n'; break;
            case 'r': unescaped = '\r'; break;
            case 't': unescaped = '\t'; break;
            case 'u':
              {
                int cp = hex4 (p + 2);
                const char *at = p;

                if (cp < 0)
                  {
                    parser_error_at (ps, p, _("a \\u escape needs four hexadecimal digits"));
                    return FALSE;
                  }
                p += 6;
                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    int low = p[0] == '\\' && p[1] == 'u' ? hex4 (p + 2) : -1;

                    if (low < 0xDC00 || low > 0xDFFF)
                      {
                        parser_error_at (ps, at, _("a \\u escape of a lone surrogate is not a character"));
                        return FALSE;
                      }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                  }
                else if (cp >= 0xDC00 && cp <= 0xDFFF)
                  {
                    parser_error_at (ps, at, _("a \\u escape of a lone surrogate is not a character"));
                    return FALSE;
                  }
                else if (cp == 0)
                  {
                    parser_error_at (ps, at, _("a string contains the NUL character (\\u0000), which is not supported"));
                    return FALSE;
                  }
                if (out != NULL)
                  g_string_append_unichar (out, cp);
                continue;
              }
            default:
              parser_error_at (ps, p, _("an invalid escape in a string"));
              return FALSE;
            }
          if (out != NULL)
            g_string_append_c (out, unescaped);
          p += 2;
          continue;
        }

      if (c == '\0')
        parser_error_at (ps, start, _("the string that starts here is not closed"));
      else
        parser_error_at (ps, p, _("a control character in a string must be escaped"));
      return FALSE;
    }
}

static gboolean
parse_number (Parser *ps)
{
  const char *p = ps->p;

  if (*p == '-')
    p++;
  if (*p == '0')
    {
      p++;
      if (g_ascii_isdigit (*p))
        goto bad;  /* no leading zeros */
    }
  else if (g_ascii_isdigit (*p))
    while (g_ascii_isdigit (*p))
      p++;
  else
    goto bad;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto bad;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        goto bad;
      while (g_ascii_isdigit (*p))
        p++;
    }

  ps->p = p;
  return TRUE;

bad:
  parser_error_at (ps, ps->p, _("an invalid number"));
  return FALSE;
}

static gboolean
parse_literal (Parser     *ps,
               const char *word)
{
  gsize len = strlen (word);

  if (strncmp (ps->p, word, len) != 0 || g_ascii_isalnum (ps->p[len]))
    {
      parser_error_at (ps, ps->p, _("expected a value (a string, number, object, array, true, false or null)"));
      return FALSE;
    }
  ps->p += len;
  return TRUE;
}

/* Validates any value and appends it to @out without insignificant white
 * space (strings keep their escapes as written). */
static gboolean
minify_value (Parser  *ps,
              GString *out)
{
  const char *start = ps->p;

  switch (*ps->p)
    {
    case '{':
    case '[':
      {
        char close = *ps->p == '{' ? '}' : ']';
        gboolean object = close == '}';
        gboolean first = TRUE;

        if (++ps->depth > MAX_DEPTH)
          {
            parser_error_at (ps, ps->p, _("the values are nested too deeply"));
            return FALSE;
          }
        g_string_append_c (out, *ps->p);
        ps->p++;
        skip_space (ps);
        while (*ps->p != close)
          {
            if (!first)
              {
                if (*ps->p != ',')
                  {
                    parser_unexpected (ps, object ? _("“,” or “}”") : _("“,” or “]”"));
                    return FALSE;
                  }
                g_string_append_c (out, ',');
                ps->p++;
                skip_space (ps);
              }
            first = FALSE;
            if (object)
              {
                const char *key = ps->p;

                if (*ps->p != '"')
                  {
                    parser_unexpected (ps, _("a member name in quotes"));
                    return FALSE;
                  }
                if (!parse_string (ps, NULL))
                  return FALSE;
                g_string_append_len (out, key, ps->p - key);
                skip_space (ps);
                if (*ps->p != ':')
                  {
                    parser_unexpected (ps, _("“:”"));
                    return FALSE;
                  }
                g_string_append_c (out, ':');
                ps->p++;
                skip_space (ps);
              }
            if (!minify_value (ps, out))
              return FALSE;
            skip_space (ps);
          }
        g_string_append_c (out, close);
        ps->p++;
        ps->depth--;
        return TRUE;
      }

    case '"':
      if (!parse_string (ps, NULL))
        return FALSE;
      break;

    case 't':
      if (!parse_literal (ps, "true"))
        return FALSE;
      break;

    case 'f':
      if (!parse_literal (ps, "false"))
        return FALSE;
      break;

    case 'n':
      if (!parse_literal (ps, "null"))
        return FALSE;
      break;

    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        {
          if (!parse_number (ps))
            return FALSE;
          break;
        }
      parser_unexpected (ps, _("a value (a string, number, object, array, true, false or null)"));
      return FALSE;
    }

  g_string_append_len (out, start, ps->p - start);
  return TRUE;
}

static void
ensure_cells (KhJsonReader *self,
              guint         n)
{
  if (n <= self->cells_cap)
    return;

  self->cells_cap = MAX (n, self->cells_cap * 2);
  self->cells = g_renew (KhValue, self->cells, self->cells_cap);
  self->voff = g_renew (gsize, self->voff, self->cells_cap);
  self->stamp = g_renew (guint64, self->stamp, self->cells_cap);
}

/* Gives the value now at the end of the arena (from @offset) to the column
 * named by ps->self->path; @type is KH_VALUE_STRING or KH_VALUE_NULL. */
static gboolean
assign (Parser      *ps,
        const char  *key_at,
        KhValueType  type,
        gsize        offset)
{
  KhJsonReader *self = ps->self;
  KhReader *reader = &self->parent;
  const char *name = self->path->str;
  GPtrArray *columns = reader->columns;
  guint n_columns = columns->len - 1;
  guint slot;

  if (self->hint < n_columns &&
      strcmp (g_ptr_array_index (columns, self->hint), name) == 0)
    slot = self->hint;
  else
    {
      gpointer value = g_hash_table_lookup (self->slots, name);

      if (value != NULL)
        slot = GPOINTER_TO_UINT (value) - 1;
      else if (self->fixed)
        {
          g_string_truncate (self->arena, offset);
          return TRUE;
        }
      else
        {
          if (n_columns == MAX_COLUMNS)
            {
              parser_error_at (ps, key_at, _("more than %u different member names; "
                                             "name the columns to read"), MAX_COLUMNS);
              return FALSE;
            }
          slot = n_columns;
          _kh_reader_add_column (reader, name);
          g_hash_table_insert (self->slots, g_ptr_array_index (columns, slot),
                               GUINT_TO_POINTER (slot + 1));
          ensure_cells (self, slot + 1);
          self->stamp[slot] = 0;
          self->cells[slot].type = KH_VALUE_NULL;
        }
    }

  if (self->stamp[slot] == self->number)
    {
      parser_error_at (ps, key_at, _("the member “%s” appears twice"), name);
      return FALSE;
    }

  self->stamp[slot] = self->number;
  self->hint = slot + 1;
  self->cells[slot].type = type;
  self->voff[slot] = offset;
  self->cells[slot].len = type == KH_VALUE_NULL ? 0 : self->arena->len - offset;
  g_string_append_c (self->arena, '\0');

  return TRUE;
}

static gboolean parse_members (Parser *ps);

/* The value of the member whose dotted name is in self->path. */
static gboolean
parse_member_value (Parser     *ps,
                    const char *key_at)
{
  KhJsonReader *self = ps->self;
  GString *arena = self->arena;
  gsize offset = arena->len;

  switch (*ps->p)
    {
    case '{':
      {
        const char *q = ps->p + 1;

        while (is_space (*q))
          q++;
        if (*q == '}')
          {
            /* An empty object: its JSON text, so it is not lost. */
            ps->p = q + 1;
            g_string_append (arena, "{}");
            return assign (ps, key_at, KH_VALUE_STRING, offset);
          }
        if (++ps->depth > MAX_DEPTH)
          {
            parser_error_at (ps, ps->p, _("the values are nested too deeply"));
            return FALSE;
          }
        ps->p++;
        if (!parse_members (ps))
          return FALSE;
        ps->depth--;
        return TRUE;
      }

    case '[':
      if (!minify_value (ps, arena))
        return FALSE;
      return assign (ps, key_at, KH_VALUE_STRING, offset);

    case '"':
      if (!parse_string (ps, arena))
        return FALSE;
      return assign (ps, key_at, KH_VALUE_STRING, offset);

    case 'n':
      if (!parse_literal (ps, "null"))
        return FALSE;
      return assign (ps, key_at, KH_VALUE_NULL, offset);

    default:
      if (!minify_value (ps, arena))
        return FALSE;
      return assign (ps, key_at, KH_VALUE_STRING, offset);
    }
}

/* The members of an object, after its '{', up to and with its '}'. */
static gboolean
parse_members (Parser *ps)
{
  KhJsonReader *self = ps->self;
  GString *path = self->path;
  gsize prefix_len = path->len;
  gboolean first = TRUE;

  skip_space (ps);
  while (*ps->p != '}')
    {
      const char *key_at;
      const char *key;

      if (!first)
        {
          if (*ps->p != ',')
            {
              parser_unexpected (ps, _("“,” or “}”"));
              return FALSE;
            }
          ps->p++;
          skip_space (ps);
        }
      first = FALSE;

      key_at = ps->p;
      if (*ps->p != '"')
        {
          parser_unexpected (ps, _("a member name in quotes"));
          return FALSE;
        }
      if (prefix_len > 0)
        g_string_append_c (path, '.');
      if (!parse_string (ps, path))
        return FALSE;
      key = path->str + prefix_len + (prefix_len > 0 ? 1 : 0);

      skip_space (ps);
      if (*ps->p != ':')
        {
          parser_unexpected (ps, _("“:”"));
          return FALSE;
        }
      ps->p++;
      skip_space (ps);

      if (strcmp (key, "__metadata") == 0 || strcmp (key, "__deferred") == 0)
        {
          /* OData V2 bookkeeping: checked, then dropped. */
          gsize mark = self->arena->len;

          if (!minify_value (ps, self->arena))
            return FALSE;
          g_string_truncate (self->arena, mark);
        }
      else if (!parse_member_value (ps, key_at))
        return FALSE;

      g_string_truncate (path, prefix_len);
      skip_space (ps);
    }
  ps->p++;

  return TRUE;
}

/* Parses self->elem as one record. */
static gboolean
parse_record (KhJsonReader  *self,
              GError       **error)
{
  Parser ps = { self, self->elem->str, self->elem->str, 0, FALSE, error, KH_ERROR_PARSE };
  GPtrArray *columns = self->parent.columns;
  guint n_columns;

  self->number++;
  g_string_truncate (self->arena, 0);
  g_string_truncate (self->path, 0);
  self->hint = 0;

  n_columns = columns->len - 1;
  ensure_cells (self, n_columns);
  for (guint i = 0; i < n_columns; i++)
    self->cells[i].type = KH_VALUE_NULL;

  skip_space (&ps);
  if (*ps.p != '{')
    {
      parser_error_at (&ps, ps.p, _("expected a JSON object (one record)"));
      return FALSE;
    }
  ps.p++;
  ps.depth = 1;
  if (!parse_members (&ps))
    return FALSE;
  skip_space (&ps);
  if (*ps.p != '\0' || ps.p != self->elem->str + self->elem->len)
    {
      parser_error_at (&ps, ps.p, self->ndjson
                       ? _("unexpected text after the object (NDJSON has one object per line)")
                       : _("unexpected text after the object"));
      return FALSE;
    }

  n_columns = columns->len - 1;
  for (guint i = 0; i < n_columns; i++)
    {
      KhValue *cell = &self->cells[i];

      if (cell->type == KH_VALUE_NULL)
        {
          cell->str = NULL;
          cell->len = 0;
        }
      else
        cell->str = self->arena->str + self->voff[i];
    }

  self->parent.record.cells = self->cells;
  self->parent.record.n_cells = n_columns;
  self->parent.record.line = self->elem_line;
  self->parent.record.number = self->number;
  self->parent.record.raw = self->elem->str;
  self->parent.record.raw_len = self->elem->len;

  return TRUE;
}

/* ---- NDJSON ---------------------------------------------------------------- */

/* Reads the next non-blank line into elem; FALSE at the end or on error. */
static gboolean
read_line (KhJsonReader  *self,
           GError       **error)
{
  KhByteSource *src = self->parent.src;

  for (;;)
    {
      gboolean any = FALSE;
      gboolean blank = TRUE;

      g_string_truncate (self->elem, 0);
      self->elem_line = self->line;
      self->elem_col = 1;

      for (;;)
        {
          const char *start;
          const char *nl;
          int c = scan_peek (self, error);

          if (c == SCAN_ERROR)
            return FALSE;
          if (c == SCAN_EOF)
            break;
          any = TRUE;

          start = src->buf + self->pos;
          nl = memchr (start, '\n', src->len - self->pos);
          if (nl == NULL)
            {
              g_string_append_len (self->elem, start, src->len - self->pos);
              self->pos = src->len;
            }
          else
            {
              g_string_append_len (self->elem, start, nl - start);
              self->pos += nl - start + 1;
              self->line++;
              self->line_start = src->base + self->pos;
            }

          if (self->elem->len > self->max_record)
            {
              g_autofree char *limit = g_format_size_full (self->max_record, G_FORMAT_SIZE_IEC_UNITS);

              _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE, self->elem_line, 0,
                                       _("the line is longer than the limit of %s"), limit);
              return FALSE;
            }
          if (nl != NULL)
            break;
        }

      if (!any)
        return FALSE;

      if (self->elem->len > 0 && self->elem->str[self->elem->len - 1] == '\r')
        g_string_truncate (self->elem, self->elem->len - 1);

      for (gsize i = 0; i < self->elem->len && blank; i++)
        blank = is_space (self->elem->str[i]);
      if (!blank)
        return TRUE;
    }
}

/* ---- JSON documents ---------------------------------------------------------- */

/* Reads a member name (at a quote) into @key. */
static gboolean
scan_key (KhJsonReader  *self,
          GString       *key,
          GError       **error)
{
  int c = scan_skip_space (self, error);

  if (c == SCAN_ERROR)
    return FALSE;
  if (c != '"')
    {
      scan_expected (self, error, c, _("a member name in quotes"));
      return FALSE;
    }
  g_string_truncate (key, 0);
  if (!scan_value (self, key, error))
    return FALSE;

  c = scan_skip_space (self, error);
  if (c == SCAN_ERROR)
    return FALSE;
  if (c != ':')
    {
      scan_expected (self, error, c, _("“:”"));
      return FALSE;
    }
  scan_advance (self);
  return scan_skip_space (self, error) != SCAN_ERROR;
}

/* Walks the members of an envelope object to its array of records: "d" or
 * "value" at the top, "results" inside "d". */
static gboolean
find_array (KhJsonReader  *self,
            guint          level,
            GError       **error)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (;;)
    {
      int c;

      if (!scan_key (self, key, error))
        return FALSE;

      c = scan_peek (self, error);
      if (c == SCAN_ERROR)
        return FALSE;

      if ((level == 0 && (strcmp (key->str, "\"d\"") == 0 || strcmp (key->str, "\"value\"") == 0)) ||
          (level == 1 && strcmp (key->str, "\"results\"") == 0))
        {
          if (c == '[')
            {
              scan_advance (self);
              self->closers = level + 1;
              return TRUE;
            }
          if (c == '{' && level == 0 && strcmp (key->str, "\"d\"") == 0)
            {
              scan_advance (self);
              return find_array (self, 1, error);
            }
          scan_expected (self, error, c, _("an array of records"));
          return FALSE;
        }

      if (!scan_value (self, NULL, error))
        return FALSE;

      c = scan_skip_space (self, error);
      if (c == SCAN_ERROR)
        return FALSE;
      if (c == ',')
        {
          scan_advance (self);
          continue;
        }
      if (c == '}')
        _kh_reader_set_error_at (&self->parent, error, KH_ERROR_PARSE,
                                 self->line, scan_column (self),
                                 level == 0
                                 ? _("no array of records: expected a JSON array, or an object with "
                                     "a “d” or “value” member (an OData response)")
                                 : _("no array of records: expected a “results” member"));
      else
        scan_expected (self, error, c, _("“,” or “}”"));
      return FALSE;
    }
}

/* After the array: the rest of the enclosing objects, then nothing. */
static gboolean
finish_document (KhJsonReader  *self,
                 GError       **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  int c;

  while (self->closers > 0)
    {
      c = scan_skip_space (self, error);
      if (c == SCAN_ERROR)
        return FALSE;
      if (c == '}')
        {
          scan_advance (self);
          self->closers--;
          continue;
        }
      if (c != ',')
        {
          scan_expected (self, error, c, _("“,” or “}”"));
          return FALSE;
        }
      scan_advance (self);
      if (!scan_key (self, key, error) || !scan_value (self, NULL, error))
        return FALSE;
    }

  c = scan_skip_space (self, error);
  if (c == SCAN_ERROR)
    return FALSE;
  if (c != SCAN_EOF)
    {
      scan_error (self, error, _("unexpected text after the end of the JSON document"));
      return FALSE;
    }
  return TRUE;
}

/* Reads the next array element into elem; FALSE at the end or on error. */
static gboolean
read_element (KhJsonReader  *self,
              GError       **error)
{
  int c;

  if (!self->in_array)
    return FALSE;

  c = scan_skip_space (self, error);
  if (c == SCAN_ERROR)
    return FALSE;

  if (!self->first_elem && c == ',')
    {
      scan_advance (self);
      c = scan_skip_space (self, error);
      if (c == SCAN_ERROR)
        return FALSE;
    }
  else if (c == ']')
    {
      scan_advance (self);
      self->in_array = FALSE;
      finish_document (self, error);
      return FALSE;
    }
  else if (!self->first_elem)
    {
      scan_expected (self, error, c, _("“,” or “]”"));
      return FALSE;
    }

  if (c == SCAN_EOF)
    {
      scan_expected (self, error, c, _("a record"));
      return FALSE;
    }

  self->first_elem = FALSE;
  self->elem_line = self->line;
  self->elem_col = scan_column (self);
  g_string_truncate (self->elem, 0);

  return scan_value (self, self->elem, error);
}

static gboolean
open_document (KhJsonReader  *self,
               GError       **error)
{
  int c = scan_skip_space (self, error);

  if (c == SCAN_ERROR)
    return FALSE;
  if (c == SCAN_EOF)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is empty"), self->parent.name);
      return FALSE;
    }
  if (c == '[')
    {
      scan_advance (self);
      self->in_array = TRUE;
      self->first_elem = TRUE;
      return TRUE;
    }
  if (c == '{')
    {
      scan_advance (self);
      if (!find_array (self, 0, error))
        return FALSE;
      self->in_array = TRUE;
      self->first_elem = TRUE;
      return TRUE;
    }

  scan_expected (self, error, c, _("a JSON array of records, or an OData response "
                                   "({\"d\": …} or {\"value\": …})"));
  return FALSE;
}

/* ---- The reader ------------------------------------------------------------ */

static const KhRecord *
json_next (KhReader  *reader,
           GError   **error)
{
  KhJsonReader *self = (KhJsonReader *) reader;
  g_autoptr(GError) local_error = NULL;
  gboolean got;

  if (self->pending)
    {
      self->pending = FALSE;
      return &reader->record;
    }

  got = self->ndjson ? read_line (self, &local_error) : read_element (self, &local_error);
  if (!got)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!parse_record (self, error))
    return NULL;

  return &reader->record;
}

static void
json_finalize (KhReader *reader)
{
  KhJsonReader *self = (KhJsonReader *) reader;

  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_string_free (self->elem, TRUE);
  g_string_free (self->arena, TRUE);
  g_string_free (self->path, TRUE);
  g_free (self->voff);
  g_free (self->stamp);
  g_free (self->cells);
}

static const KhReaderClass json_class = {
  .next = json_next,
  .finalize = json_finalize,
};

KhReader *
_kh_json_reader_new (KhByteSource           *src,
                     KhIoFormat              format,
                     const KhReaderOptions  *options,
                     GError                **error)
{
  KhJsonReader *self = g_new0 (KhJsonReader, 1);
  g_autoptr(KhReader) reader = &self->parent;
  g_autoptr(GError) local_error = NULL;
  const KhRecord *first;

  _kh_reader_init (reader, &json_class, format, src->name, options);
  reader->src = src;

  self->ndjson = format == KH_IO_FORMAT_NDJSON;
  self->max_field = options->max_field_size != 0 ? options->max_field_size
                                                 : KH_READER_DEFAULT_MAX_FIELD_SIZE;
  self->max_record = options->max_record_size != 0 ? options->max_record_size
                                                   : KH_READER_DEFAULT_MAX_RECORD_SIZE;
  self->slots = g_hash_table_new (g_str_hash, g_str_equal);
  self->elem = g_string_sized_new (4096);
  self->arena = g_string_sized_new (4096);
  self->path = g_string_sized_new (256);
  self->line = 1;

  if (options->columns != NULL)
    {
      self->fixed = TRUE;
      for (guint i = 0; options->columns[i] != NULL; i++)
        {
          if (g_hash_table_contains (self->slots, options->columns[i]))
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_PARAM,
                           _("The column “%s” is listed twice"), options->columns[i]);
              return NULL;
            }
          _kh_reader_add_column (reader, options->columns[i]);
          g_hash_table_insert (self->slots, g_ptr_array_index (reader->columns, i),
                               GUINT_TO_POINTER (i + 1));
        }
      ensure_cells (self, reader->columns->len - 1);
      for (guint i = 0; i + 1 < reader->columns->len; i++)
        self->stamp[i] = 0;
    }

  if (!self->ndjson && !open_document (self, error))
    return NULL;

  /* Read the first record now, so the columns are known after open. */
  first = json_next (reader, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (first != NULL)
    self->pending = TRUE;
  else if (self->ndjson)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                   _("“%s” is empty"), reader->name);
      return NULL;
    }
  else
    reader->done = TRUE;

  return g_steal_pointer (&reader);
}
