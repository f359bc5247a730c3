/* test-import-tabular.c: SQLite databases and CSV files with a header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "importers-test-util.h"

/* SQLite ------------------------------------------------------------------ */

static void
remove_database (gpointer data)
{
  char *path = data;
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

static char *
make_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-sqlite-XXXXXX", NULL);
  char *path = g_build_filename (dir, "erp.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db,
                "CREATE TABLE customer ("
                "  id INTEGER PRIMARY KEY,"
                "  name VARCHAR(40) NOT NULL,"
                "  credit_limit DECIMAL(12, 2),"
                "  born DATE,"
                "  updated_at TIMESTAMP NOT NULL,"
                "  active BOOLEAN,"
                "  photo BLOB,"
                "  notes,"
                "  shape GEOMETRY);"
                "CREATE TABLE order_line ("
                "  order_id TEXT NOT NULL,"
                "  line_no INT NOT NULL,"
                "  qty REAL,"
                "  PRIMARY KEY (order_id, line_no)) WITHOUT ROWID;"
                "CREATE VIEW active_customer AS SELECT id, name FROM customer WHERE active;"
                "INSERT INTO customer (name, updated_at) VALUES ('Ada', '2024-01-01');",
                NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);
  g_test_queue_destroy (remove_database, g_strdup (path));
  return path;
}

static void
test_sqlite (void)
{
  g_autofree char *path = make_database ();
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  KhField *field;

  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 3);
  g_assert_cmpstr (kh_entity_get_name (kh_schema_get_entity (schema, 0)), ==, "customer");
  g_assert_cmpstr (kh_entity_get_name (kh_schema_get_entity (schema, 2)), ==, "active_customer");
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "customer")), ==, 9);

  field = kh_test_field (schema, "customer", "id");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_INTEGER);
  g_assert_true (kh_field_get_key (field));
  field = kh_test_field (schema, "customer", "name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_attribute (field, "sql:declared-type"), ==, "VARCHAR(40)");
  field = kh_test_field (schema, "customer", "credit_limit");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_precision (field), ==, 12);
  g_assert_cmpint (kh_field_get_scale (field), ==, 2);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "customer", "born")), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "customer", "updated_at")), ==,
                   KH_FIELD_TYPE_DATETIME);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "customer", "active")), ==,
                   KH_FIELD_TYPE_BOOLEAN);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "customer", "notes")), ==,
                   KH_FIELD_TYPE_STRING);

  /* A composite key */
  g_assert_true (kh_field_get_key (kh_test_field (schema, "order_line", "order_id")));
  g_assert_true (kh_field_get_key (kh_test_field (schema, "order_line", "line_no")));
  g_assert_false (kh_field_get_key (kh_test_field (schema, "order_line", "qty")));

  /* A view: nothing known about required */
  field = kh_test_field (schema, "active_customer", "name");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_UNKNOWN);
  g_assert_cmpstr (kh_field_get_attribute (field, "sql:view"), ==, "true");

  /* The unknown GEOMETRY: text, with a warning */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "customer", "shape")), ==,
                   KH_FIELD_TYPE_STRING);
  g_assert_true (kh_test_has_warning (warnings, "GEOMETRY", "shape", NULL));
  g_assert_cmpuint (warnings->len, ==, 1);
}

static void
test_sqlite_truncated (void)
{
  g_autofree char *path = make_database ();
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 200);
  cut = kh_test_write_temp ("cut.db", contents, 200);
  error = kh_test_import_fail (cut, KH_IMPORT_FORMAT_AUTO);
  g_assert_error (error, KH_ERROR, KH_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, cut));
}


/* CSV --------------------------------------------------------------------- */

static const char *
confidence (KhSchema   *schema,
            const char *entity,
            const char *field)
{
  return kh_field_get_attribute (kh_test_field (schema, entity, field), "csv:confidence");
}

static void
test_csv_northwind (void)
{
  g_autofree char *orders_path = kh_test_data_path ("orders.csv");
  g_autofree char *customers_path = kh_test_data_path ("customers.csv");
  g_autoptr(KhSchema) orders = kh_test_import (orders_path, KH_IMPORT_FORMAT_AUTO, NULL);
  g_autoptr(KhSchema) customers = kh_test_import (customers_path, KH_IMPORT_FORMAT_CSV, NULL);
  KhField *field;

  /* orderID,customerID,employeeID,orderDate,…: 14 columns */
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (orders, "orders")), ==, 14);
  field = kh_test_field (orders, "orders", "orderID");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_INTEGER);
  g_assert_cmpstr (confidence (orders, "orders", "orderID"), ==, "1.00");
  /* "1996-07-04 00:00:00.000" */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (orders, "orders", "orderDate")), ==, KH_FIELD_TYPE_DATETIME);
  /* shippedDate has literal NULLs: missing values, not a misfit */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (orders, "orders", "shippedDate")), ==,
                   KH_FIELD_TYPE_DATETIME);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (orders, "orders", "freight")), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (orders, "orders", "customerID")), ==, KH_FIELD_TYPE_STRING);
  /* a CSV header says nothing about required or lengths */
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_UNKNOWN);
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_FACET_UNKNOWN);

  /* postalCode has "05021": the leading zero keeps it text */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (customers, "customers", "postalCode")), ==,
                   KH_FIELD_TYPE_STRING);
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (customers, "customers")), ==, 11);
}

static void
test_csv_banklist (void)
{
  g_autofree char *path = kh_test_data_path ("banklist_2017-04.csv");
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);
  KhField *field;

  /* Bank Name,City,ST,CERT,Acquiring Institution,Closing Date,Updated Date */
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "banklist_2017-04")), ==, 7);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "banklist_2017-04", "CERT")), ==,
                   KH_FIELD_TYPE_INTEGER);
  /* "3-Mar-17" */
  field = kh_test_field (schema, "banklist_2017-04", "Closing Date");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpstr (kh_field_get_attribute (field, "csv:date-format"), ==, "d-mmm-yy");
}

static void
test_csv_sap_semicolons (void)
{
  g_autofree char *path = kh_test_data_path ("API_BUSINESS_PARTNER-A_BusinessPartner.csv");
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);
  KhEntity *entity = kh_schema_get_entity (schema, 0);

  /* ";" delimited, with a trailing ";" on the header: five columns */
  g_assert_cmpuint (kh_entity_get_n_fields (entity), ==, 5);
  g_assert_nonnull (kh_entity_lookup_field (entity, "FirstName"));
  /* "true"/"false" as text */
  g_assert_cmpint (kh_field_get_field_type (kh_entity_lookup_field (entity, "BusinessPartnerIsBlocked")), ==,
                   KH_FIELD_TYPE_BOOLEAN);
}

static void
test_csv_ambiguous_dates (void)
{
  g_autofree char *ambiguous = kh_test_write_temp ("a.csv", "id,when\n1,01/02/2024\n2,03/04/2024\n3,12/11/2023\n", -1);
  g_autofree char *told = kh_test_write_temp ("b.csv", "id,when\n1,01/02/2024\n2,25/04/2024\n", -1);
  g_autofree char *us = kh_test_write_temp ("c.csv", "id,when\n1,01/02/2024\n2,04/25/2024\n", -1);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) a = kh_test_import (ambiguous, KH_IMPORT_FORMAT_AUTO, &warnings);
  g_autoptr(KhSchema) b = kh_test_import (told, KH_IMPORT_FORMAT_AUTO, NULL);
  g_autoptr(KhSchema) c = kh_test_import (us, KH_IMPORT_FORMAT_AUTO, NULL);

  g_assert_cmpint (kh_field_get_field_type (kh_test_field (a, "a", "when")), ==, KH_FIELD_TYPE_STRING);
  g_assert_null (kh_field_get_attribute (kh_test_field (a, "a", "when"), "csv:date-format"));
  g_assert_true (kh_test_has_warning (warnings, "“when”", "day and month", NULL));

  g_assert_cmpint (kh_field_get_field_type (kh_test_field (b, "b", "when")), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpstr (kh_field_get_attribute (kh_test_field (b, "b", "when"), "csv:date-format"), ==, "dd/mm/yyyy");
  g_assert_cmpstr (kh_field_get_attribute (kh_test_field (c, "c", "when"), "csv:date-format"), ==, "mm/dd/yyyy");
}

static void
test_csv_encodings (void)
{
  const char *utf8 = "顧客コード\t顧客名\t登録日\nA001\t山田商店\t2024-04-01\nA002\t佐藤工業\t2024-05-01\n";
  g_autofree char *cp932 = g_convert (utf8, -1, "CP932", "UTF-8", NULL, NULL, NULL);
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", utf8, NULL);
  g_autofree char *cp932_path = kh_test_write_temp ("sjis.csv", cp932, -1);
  g_autofree char *bom_path = kh_test_write_temp ("bom.csv", bom, -1);
  g_autoptr(KhSchema) a = kh_test_import (cp932_path, KH_IMPORT_FORMAT_AUTO, NULL);
  g_autoptr(KhSchema) b = kh_test_import (bom_path, KH_IMPORT_FORMAT_AUTO, NULL);

  g_assert_nonnull (cp932);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (a, "sjis", "登録日")), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpstr (kh_field_get_name (kh_entity_get_field (kh_schema_get_entity (a, 0), 0)), ==, "顧客コード");
  g_assert_cmpstr (kh_field_get_name (kh_entity_get_field (kh_schema_get_entity (b, 0), 0)), ==, "顧客コード");
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_get_entity (b, 0)), ==, 3);
}

static void
test_csv_sample_rows (void)
{
  g_autofree char *path = kh_test_write_temp ("n.csv", "n,x\n1,a\n2,b\nthree,c\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KhImportOptions) options = kh_import_options_new ();
  g_autoptr(KhSchema) all = kh_test_import (path, KH_IMPORT_FORMAT_CSV, NULL);
  g_autoptr(KhSchema) two = NULL;
  g_autoptr(GError) error = NULL;

  /* all rows: one in three is not a number: text */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (all, "n", "n")), ==, KH_FIELD_TYPE_STRING);
  /* two rows only: an integer */
  kh_import_options_set_sample_rows (options, 2);
  kh_import_options_set_entity_name (options, "numbers");
  two = kh_import_schema (file, KH_IMPORT_FORMAT_AUTO, options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (two, "numbers", "n")), ==, KH_FIELD_TYPE_INTEGER);
}

static void
test_csv_shared (void)
{
  g_autofree char *path = kh_test_shared_path ("messy-febrl-persons/febrl_dataset1.csv");
  g_autoptr(KhSchema) schema = NULL;

  if (path == NULL)
    return;
  /* ", " delimited: names lose the leading blank */
  schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_get_entity (schema, 0)), ==, 11);
  g_assert_nonnull (kh_entity_lookup_field (kh_schema_get_entity (schema, 0), "given_name"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/importers/sqlite/tables-and-views", test_sqlite);
  g_test_add_func ("/importers/sqlite/truncated", test_sqlite_truncated);
  g_test_add_func ("/importers/csv/northwind", test_csv_northwind);
  g_test_add_func ("/importers/csv/banklist", test_csv_banklist);
  g_test_add_func ("/importers/csv/sap-semicolons", test_csv_sap_semicolons);
  g_test_add_func ("/importers/csv/ambiguous-dates", test_csv_ambiguous_dates);
  g_test_add_func ("/importers/csv/encodings", test_csv_encodings);
  g_test_add_func ("/importers/csv/sample-rows", test_csv_sample_rows);
  g_test_add_func ("/importers/csv/febrl", test_csv_shared);

  return g_test_run ();
}
