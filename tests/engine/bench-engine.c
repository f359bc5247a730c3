/* bench-engine.c: the engine alone on the reference workload
 *
 * Builds the mapping of ../shared/bench/README.md (ERP customer master →
 * CRM Account) in code, generates records like gen_erp.py in memory, and
 * times kh_plan_eval() plus the dedupe index per record. No reading, no
 * writing: this is the engine's share of a run. Also measures the dedupe
 * index's memory for a million keys.
 *
 * Usage: bench-engine [ROWS [PASSES [no-memory [no-dedupe]]]]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kh-engine.h"

static const char * const columns[] = {
  "KUNNR", "NAME1", "NAME2", "ERDAT", "LAST_ORDER", "UMSATZ", "CREDIT_LIMIT", "LAND1",
  "ORT01", "PSTLZ", "TELF1", "SMTP_ADDR", "STATUS", "CURRENCY", "SEGMENT",
};
#define N_COLUMNS G_N_ELEMENTS (columns)

static KhStep *
step (const char *id,
      ...)
{
  KhStep *s = kh_step_new (id);
  va_list args;
  const char *name;

  va_start (args, id);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      const char * const *old = kh_step_get_param_values (s, name);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) values = NULL;

      if (old != NULL)
        g_strv_builder_addv (builder, (const char **) old);
      g_strv_builder_add (builder, value);
      values = g_strv_builder_end (builder);
      kh_step_set_param_values (s, name, (const char * const *) values);
    }
  va_end (args);
  return s;
}

static void
rule (KhMapping  *mapping,
      const char *target,
      const char *source,
      KhOnError   on_error,
      ...)
{
  g_autoptr(KhRule) r = kh_rule_new (target);
  va_list args;
  KhStep *s;

  kh_rule_add_source (r, source);
  kh_rule_set_on_error (r, on_error);
  va_start (args, on_error);
  while ((s = va_arg (args, KhStep *)) != NULL)
    {
      kh_rule_append_step (r, s);
      g_object_unref (s);
    }
  va_end (args);
  kh_mapping_add_rule (mapping, r);
}

static KhMapping *
bench_mapping (void)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autoptr(KhEntity) account = kh_entity_new ("Account");
  g_autoptr(KhCodeList) status = kh_code_list_new ("status");
  g_autoptr(KhCodeList) segment = kh_code_list_new ("segment");
  static const struct { const char *name; KhFieldType type; } fields[] = {
    { "AccountNumber", KH_FIELD_TYPE_STRING }, { "Name", KH_FIELD_TYPE_STRING },
    { "ContactName", KH_FIELD_TYPE_STRING }, { "CreatedDate", KH_FIELD_TYPE_DATE },
    { "LastOrderDate", KH_FIELD_TYPE_DATE }, { "AnnualRevenue", KH_FIELD_TYPE_DECIMAL },
    { "CreditLimit", KH_FIELD_TYPE_INTEGER }, { "BillingCountry", KH_FIELD_TYPE_STRING },
    { "BillingCity", KH_FIELD_TYPE_STRING }, { "BillingPostalCode", KH_FIELD_TYPE_STRING },
    { "Phone", KH_FIELD_TYPE_STRING }, { "Email", KH_FIELD_TYPE_STRING },
    { "Status", KH_FIELD_TYPE_STRING }, { "CurrencyIsoCode", KH_FIELD_TYPE_STRING },
    { "Segment", KH_FIELD_TYPE_STRING },
  };
  const char *keys[] = { "AccountNumber", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(KhField) field = kh_field_new (fields[i].name, fields[i].type);

      kh_entity_add_field (account, field);
    }
  kh_mapping_set_name (mapping, "bench");
  kh_mapping_set_target_entity (mapping, account);

  kh_code_list_append (status, "A", "Active");
  kh_code_list_append (status, "I", "Inactive");
  kh_code_list_append (status, "B", "Blocked");
  kh_code_list_append (status, "P", "Prospect");
  kh_code_list_set_unknown (status, KH_UNKNOWN_CODE_NULL);
  kh_mapping_add_code_list (mapping, status);
  kh_code_list_append (segment, "SMB", "Small Business");
  kh_code_list_append (segment, "ENT", "Enterprise");
  kh_code_list_append (segment, "GOV", "Public Sector");
  kh_code_list_set_unknown (segment, KH_UNKNOWN_CODE_NULL);
  kh_mapping_add_code_list (mapping, segment);

#define DATE_STEP step ("parse-date", "pattern", "yyyy/MM/dd", "pattern", "dd-MM-yyyy", \
                        "pattern", "yyyyMMdd", "pattern", "yyyy-MM-dd", NULL)

  rule (mapping, "AccountNumber", "KUNNR", KH_ON_ERROR_REJECT,
        step ("trim", NULL), step ("strip-zeros", NULL), NULL);
  rule (mapping, "Name", "NAME2", KH_ON_ERROR_REJECT, step ("trim", NULL), NULL);
  rule (mapping, "ContactName", "NAME1", KH_ON_ERROR_REJECT, step ("collapse-whitespace", NULL), NULL);
  rule (mapping, "CreatedDate", "ERDAT", KH_ON_ERROR_NULL, DATE_STEP, NULL);
  rule (mapping, "LastOrderDate", "LAST_ORDER", KH_ON_ERROR_NULL, DATE_STEP, NULL);
  rule (mapping, "AnnualRevenue", "UMSATZ", KH_ON_ERROR_REJECT, step ("parse-number", NULL), NULL);
  rule (mapping, "CreditLimit", "CREDIT_LIMIT", KH_ON_ERROR_REJECT,
        step ("parse-number", "as", "integer", NULL), NULL);
  rule (mapping, "BillingCountry", "LAND1", KH_ON_ERROR_REJECT,
        step ("trim", NULL), step ("upper-case", NULL), NULL);
  rule (mapping, "BillingCity", "ORT01", KH_ON_ERROR_REJECT, NULL);
  rule (mapping, "BillingPostalCode", "PSTLZ", KH_ON_ERROR_REJECT, NULL);
  rule (mapping, "Phone", "TELF1", KH_ON_ERROR_REJECT, step ("keep-chars", "extra", "+", NULL), NULL);
  rule (mapping, "Email", "SMTP_ADDR", KH_ON_ERROR_REJECT,
        step ("trim", NULL), step ("lower-case", NULL), step ("required", NULL), NULL);
  rule (mapping, "Status", "STATUS", KH_ON_ERROR_REJECT, step ("lookup", "code-list", "status", NULL), NULL);
  rule (mapping, "CurrencyIsoCode", "CURRENCY", KH_ON_ERROR_REJECT, NULL);
  rule (mapping, "Segment", "SEGMENT", KH_ON_ERROR_REJECT, step ("lookup", "code-list", "segment", NULL), NULL);

  kh_mapping_set_dedupe_keys (mapping, keys);
  return mapping;
}

/* CPU time of this thread, in ns: steadier than wall time on a shared
 * machine. */
static gint64
cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char * const first[] = { "Taro", "Hanako", "John", "Maria", "Li", "Anna", "Kenji", "Yuki", "Peter", "Sofia", "Ahmed", "Olga" };
static const char * const last[] = { "Yamada", "Suzuki", "Smith", "Garcia", "Wang", "Muller", "Tanaka", "Sato", "Brown", "Rossi", "Khan", "Ivanova" };
static const char * const cities[] = { "Tokyo", "Osaka", "Berlin", "New York", "Paris", "Sapporo", "Madrid", "Toronto" };
static const char * const countries[] = { "jp", "JP", "de", "DE", "us", "US ", "fr", "ca", " es" };
static const char * const statuses[] = { "A", "I", "B", "P" };
static const char * const currencies[] = { "JPY", "EUR", "USD" };
static const char * const segments[] = { "SMB", "ENT", "GOV" };

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
make_date (GRand *rand,
           int    y,
           int    m,
           int    d)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:  return g_strdup_printf ("%04d/%02d/%02d", y, m, d);
    case 1:  return g_strdup_printf ("%02d-%02d-%04d", d, m, y);
    case 2:  return g_strdup_printf ("%04d%02d%02d", y, m, d);
    default: return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
    }
}

static char *
with_groups (guint64 v)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
  GString *s = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static void
make_row (GRand    *rand,
          guint     i,
          guint     rows,
          char    **cells)
{
  guint kid = g_rand_double (rand) < 0.02 ? (guint) g_rand_int_range (rand, 0, (gint32) rows) : i;
  const char *fn = PICK (rand, first);
  const char *ln = PICK (rand, last);
  int y = g_rand_int_range (rand, 1995, 2026);
  int m = g_rand_int_range (rand, 1, 13);
  int d = g_rand_int_range (rand, 1, 29);
  int y2 = g_rand_int_range (rand, y, 2027);
  guint64 cents = (guint64) g_rand_int_range (rand, 0, 1000000000);
  g_autofree char *units = with_groups (cents / 100);

  cells[0] = g_strdup_printf ("%010u", kid);
  cells[1] = g_strdup_printf ("  %s %s ", ln, fn);
  cells[2] = g_strdup_printf ("%s Trading Co., Ltd.", ln);
  cells[3] = make_date (rand, y, m, d);
  cells[4] = make_date (rand, y2, m, d);
  cells[5] = g_strdup_printf ("%s.%02u%s", units, (guint) (cents % 100), g_rand_double (rand) < 0.05 ? "-" : "");
  cells[6] = with_groups ((guint64) g_rand_int_range (rand, 0, 5000) * 1000);
  cells[7] = g_strdup (PICK (rand, countries));
  cells[8] = g_strdup (PICK (rand, cities));
  cells[9] = g_strdup_printf ("%d-%d", g_rand_int_range (rand, 100, 999), g_rand_int_range (rand, 1000, 9999));
  cells[10] = g_rand_boolean (rand)
    ? g_strdup_printf ("+81 3-%d-%d", g_rand_int_range (rand, 1000, 9999), g_rand_int_range (rand, 1000, 9999))
    : g_strdup_printf ("(03) %d %d", g_rand_int_range (rand, 1000, 9999), g_rand_int_range (rand, 1000, 9999));
  cells[11] = g_rand_double (rand) > 0.03 ? g_strdup_printf ("%s.%s%u@Example.COM", fn, ln, i) : g_strdup ("");
  cells[12] = g_strdup (PICK (rand, statuses));
  cells[13] = g_strdup (PICK (rand, currencies));
  cells[14] = g_strdup (PICK (rand, segments));
}

static void
bench_dedupe_memory (void)
{
  g_autoptr(KhDeduper) first_index = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_FIRST);
  g_autoptr(KhDeduper) last_index = kh_deduper_new_for_keys (1, KH_DEDUPE_KEEP_LAST);

  for (guint i = 0; i < 1000000; i++)
    {
      char key[16];
      KhValue part;

      part.len = (gsize) g_snprintf (key, sizeof key, "%010u", i * 7919u);
      part.str = key;
      part.type = KH_VALUE_STRING;
      kh_deduper_add_key (first_index, &part, i + 1, NULL, NULL);
      kh_deduper_add_key (last_index, &part, i + 1, NULL, NULL);
    }

  printf ("dedupe index, 1,000,000 keys of 10 bytes: keep=first %.1f MB, keep=last %.1f MB\n",
          kh_deduper_get_memory_size (first_index) / 1e6, kh_deduper_get_memory_size (last_index) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  guint passes = argc > 2 ? (guint) atoi (argv[2]) : 5;
  gboolean dedupe = argc <= 4;
  g_autoptr(KhMapping) mapping = bench_mapping ();
  g_autoptr(KhPlan) plan = NULL;
  g_autoptr(KhRecordResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *text;
  char line[4096];
  KhValue hot_cells[N_COLUMNS];
  KhValue *cells;
  KhRecord *records;
  double best = G_MAXDOUBLE;
  guint64 written = 0, rejected = 0, duplicates = 0;

  plan = kh_plan_new (mapping, columns, N_COLUMNS, KH_PLAN_FLAGS_NONE, &error);
  if (plan == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  result = kh_record_result_new (plan);

  /* The texts lie one after the other, as in a reader's buffer. */
  text = g_string_sized_new ((gsize) rows * 200);
  cells = g_new0 (KhValue, (gsize) rows * N_COLUMNS);
  records = g_new0 (KhRecord, rows);
  for (guint i = 0; i < rows; i++)
    {
      char *row[N_COLUMNS];

      make_row (rand, i, rows, row);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          KhValue *v = &cells[(gsize) i * N_COLUMNS + c];

          v->str = GSIZE_TO_POINTER (text->len);
          v->len = strlen (row[c]);
          v->type = KH_VALUE_STRING;
          g_string_append_len (text, row[c], (gssize) v->len + 1);
          g_free (row[c]);
        }
      records[i].cells = &cells[(gsize) i * N_COLUMNS];
      records[i].n_cells = N_COLUMNS;
      records[i].number = i + 1;
      records[i].line = i + 2;
    }

  for (gsize i = 0; i < (gsize) rows * N_COLUMNS; i++)
    cells[i].str = text->str + GPOINTER_TO_SIZE (cells[i].str);

  for (guint pass = 0; pass < passes; pass++)
    {
      g_autoptr(KhDeduper) deduper = kh_deduper_new (plan);
      gint64 start, cpu_start;
      double ns, cpu;
      start = g_get_monotonic_time ();
      cpu_start = cpu_ns ();

      written = rejected = duplicates = 0;
      for (guint i = 0; i < rows; i++)
        {
          KhOutcome outcome;
          KhRecord hot = records[i];

          /* As a reader would, hand the record over from a small buffer
           * that is hot in the cache (the copy is timed too). */
          for (guint c = 0, pos = 0; c < N_COLUMNS; c++)
            {
              const KhValue *cell = &records[i].cells[c];

              memcpy (line + pos, cell->str, cell->len + 1);
              hot_cells[c].str = line + pos;
              hot_cells[c].len = cell->len;
              hot_cells[c].type = cell->type;
              pos += (guint) cell->len + 1;
            }
          hot.cells = hot_cells;

          kh_plan_eval (plan, &hot, result, &outcome);
          if (outcome == KH_OUTCOME_WRITTEN && dedupe &&
              kh_deduper_add (deduper, result, records[i].number, NULL, NULL) == KH_DEDUPE_DUPLICATE)
            outcome = KH_OUTCOME_DUPLICATE;
          written += outcome == KH_OUTCOME_WRITTEN;
          rejected += outcome == KH_OUTCOME_REJECTED;
          duplicates += outcome == KH_OUTCOME_DUPLICATE;
        }
      cpu = (double) (cpu_ns () - cpu_start) / rows;
      ns = (double) (g_get_monotonic_time () - start) * 1000.0 / rows;
      best = MIN (best, cpu);
      printf ("pass %u: %.0f ns/record CPU, %.0f ns/record wall\n", pass + 1, cpu, ns);
    }

  printf ("rows %u: written %" G_GUINT64_FORMAT ", rejected %" G_GUINT64_FORMAT
          ", duplicates %" G_GUINT64_FORMAT "\n", rows, written, rejected, duplicates);
  printf ("engine (15 rules%s): best %.0f ns/record of CPU time (%.2f M records/s)\n",
          dedupe ? " + dedupe" : "", best, 1000.0 / best);

  if (argc <= 3)
    bench_dedupe_memory ();

  g_string_free (text, TRUE);
  g_free (cells);
  g_free (records);
  return 0;
}
