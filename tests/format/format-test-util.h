/* format-test-util.h: helpers shared by the tests of the mapping format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "kh-mapping-xml.h"

/* The XSD as shipped in the source tree (not the compiled-in copy). */
static inline char *
format_test_xsd_path (void)
{
  const char *root = g_getenv ("KAKEHASHI_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "kakehashi-mapping-1.xsd", NULL);
}

static inline char *
format_test_data_path (const char *first,
                       ...)
{
  GPtrArray *parts = g_ptr_array_new ();
  const char *part;
  char *path;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_getenv ("G_TEST_SRCDIR"));
  g_ptr_array_add (parts, (gpointer) "format");
  g_ptr_array_add (parts, (gpointer) "data");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  g_ptr_array_unref (parts);

  return path;
}

static inline GBytes *
format_test_read (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
format_test_xsd_error_cb (void        *user_data,
                          xmlErrorPtr  error)
{
  GString *errors = user_data;

  g_string_append (errors, error->message);
}

/* Validates @xml with libxml2 against the XSD file of the source tree. */
static inline void
format_test_assert_schema_valid (GBytes *xml)
{
  g_autofree char *xsd = format_test_xsd_path ();
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlSchemaParserCtxtPtr pctxt;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr vctxt;
  xmlDocPtr doc;
  gsize size;
  const char *data = g_bytes_get_data (xml, &size);
  int ret;

  pctxt = xmlSchemaNewParserCtxt (xsd);
  schema = xmlSchemaParse (pctxt);
  xmlSchemaFreeParserCtxt (pctxt);
  g_assert_nonnull (schema);

  doc = xmlReadMemory (data, (int) size, NULL, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);

  vctxt = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (vctxt, format_test_xsd_error_cb, errors);
  ret = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);
  xmlFreeDoc (doc);
  xmlSchemaFree (schema);

  if (ret != 0)
    g_error ("not valid against the XSD: %s\n%.*s", errors->str, (int) size, data);
}

/* Runs `xmllint --noout --schema XSD FILE` on @xml. */
static inline void
format_test_assert_xmllint_valid (GBytes *xml)
{
#ifdef XMLLINT
  g_autofree char *xsd = format_test_xsd_path ();
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  gsize size;
  const char *data = g_bytes_get_data (xml, &size);
  const char *argv[] = { XMLLINT, "--noout", "--nonet", "--schema", xsd, NULL, NULL };

  dir = g_dir_make_tmp ("kh-format-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "mapping.xml", NULL);
  g_file_set_contents (file, data, (gssize) size, &error);
  g_assert_no_error (error);
  argv[5] = file;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xmllint refused the file: %s", err);
  g_assert_nonnull (strstr (err, "validates"));

  g_unlink (file);
  g_rmdir (dir);
#else
  g_test_message ("xmllint not found at build time; skipped");
#endif
}
