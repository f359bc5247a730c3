/* kh-mapping-loader.c: reading the mapping XML, securely
 *
 * The loader never trusts the file:
 *
 * - It reads at most KH_MAPPING_XML_MAX_SIZE bytes and accepts only UTF-8.
 * - It refuses any document type declaration before its internal subset
 *   is read, so no entity is ever declared, loaded or expanded (XXE,
 *   billion laughs, external DTDs, parameter entities). The parser never
 *   uses the network and never substitutes entities.
 * - It bounds the nesting depth.
 * - It validates the document against the XSD compiled into the library,
 *   then builds the model and runs the semantic checks, and reports every
 *   problem with its line and column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-mapping-xml"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>

#include "kh-error.h"
#include "kh-mapping-check.h"
#include "kh-mapping-xml.h"

#define SCHEMA_RESOURCE RESOURCE_BASE "/format/kakehashi-mapping-1.xsd"
#define NAMESPACE_PREFIX "urn:kakehashi:mapping:"
#define MAX_DEPTH 64

/* Separates the parts of a place key; it cannot occur in an XML name or
 * value (U+001F is not an XML character). */
#define SEP "\x1f"

typedef struct
{
  const char *name;      /* borrowed: the display name, nullable */
  const char *data;      /* borrowed: the whole file */
  gsize       len;
  gsize       bom;       /* 3 when the file starts with a UTF-8 BOM */
  GArray     *lines;     /* of gsize: offsets of line starts */

  GHashTable *offsets;   /* xmlNode* → offset of its '<' + 1 */
  GHashTable *places;    /* key → xmlNode* (borrowed from the document) */
  GPtrArray  *problems;  /* of KhProblem */
  GPtrArray  *idc;       /* of KhProblem: identity-constraint errors */
  gboolean    refused;   /* parsing was stopped on purpose */
  gboolean    schema_invalid;
} Loader;

/* ---- Positions -------------------------------------------------------- */

static void
position_for_offset (Loader *loader,
                     gsize   offset,
                     guint  *line,
                     guint  *column)
{
  guint lo, hi;
  gsize start;

  if (loader->lines == NULL)
    {
      loader->lines = g_array_new (FALSE, FALSE, sizeof (gsize));
      start = 0;
      g_array_append_val (loader->lines, start);
      for (gsize i = 0; i < loader->len; i++)
        if (loader->data[i] == '\n')
          {
            start = i + 1;
            g_array_append_val (loader->lines, start);
          }
    }

  offset = MIN (offset, loader->len);

  /* The last line start <= offset. */
  lo = 0;
  hi = loader->lines->len;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (loader->lines, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  start = g_array_index (loader->lines, gsize, lo);
  if (start == 0)
    start = MIN (loader->bom, offset);

  *line = lo + 1;
  /* The text was validated as UTF-8 before parsing. */
  *column = (guint) g_utf8_strlen (loader->data + start, (gssize) (offset - start)) + 1;
}

static gboolean
node_position (Loader  *loader,
               xmlNode *node,
               guint   *line,
               guint   *column)
{
  gpointer value;

  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    node = node->parent;
  if (node == NULL)
    return FALSE;

  value = g_hash_table_lookup (loader->offsets, node);
  if (value != NULL)
    {
      position_for_offset (loader, GPOINTER_TO_SIZE (value) - 1, line, column);
      return TRUE;
    }

  if (node->line > 0 && node->line < 65535)
    {
      *line = node->line;
      *column = 0;
      return TRUE;
    }

  return FALSE;
}

/* ---- Problems --------------------------------------------------------- */

static KhProblem *add_problem (Loader           *loader,
                               xmlNode          *node,
                               KhProblemSubject  subject,
                               const char       *code,
                               const char       *format,
                               ...) G_GNUC_PRINTF (5, 6);

static KhProblem *
add_problem (Loader           *loader,
             xmlNode          *node,
             KhProblemSubject  subject,
             const char       *code,
             const char       *format,
             ...)
{
  g_autofree char *message = NULL;
  KhProblem *problem;
  guint line = 0, column = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  problem = kh_problem_new (KH_PROBLEM_ERROR, subject, code, message);
  node_position (loader, node, &line, &column);
  kh_problem_set_location (problem, loader->name, line, column);
  g_ptr_array_add (loader->problems, problem);

  return problem;
}

static void
add_problem_at (Loader     *loader,
                gsize       offset,
                const char *code,
                const char *message)
{
  KhProblem *problem = kh_problem_new (KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_DOCUMENT, code, message);
  guint line = 0, column = 0;

  if (offset != G_MAXSIZE)
    position_for_offset (loader, offset, &line, &column);
  kh_problem_set_location (problem, loader->name, line, column);
  g_ptr_array_add (loader->problems, problem);
}

/* libxml2's messages end with a newline and name elements with their
 * namespace in braces; the namespace is the same everywhere, so it goes. */
static char *
clean_libxml_message (const char *message)
{
  g_autoptr(GString) str = g_string_new (message != NULL ? message : "");

  g_string_replace (str, "{" KH_MAPPING_XML_NAMESPACE "}", "", 0);
  while (str->len > 0 && g_ascii_isspace (str->str[str->len - 1]))
    g_string_truncate (str, str->len - 1);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
on_parse_error (void        *user_data,
                xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  Loader *loader = ctxt->_private;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  KhProblem *problem;

  /* Our own stop, already reported. */
  if (loader->refused && error->code == XML_ERR_USER_STOP)
    return;

  text = clean_libxml_message (error->message);
  message = g_strdup_printf (_("The file is not well-formed XML: %s"), text);
  problem = kh_problem_new (error->level == XML_ERR_WARNING ? KH_PROBLEM_WARNING : KH_PROBLEM_ERROR,
                            KH_PROBLEM_SUBJECT_DOCUMENT, "xml-syntax", message);
  kh_problem_set_location (problem, loader->name,
                           error->line > 0 ? (guint) error->line : 0,
                           error->int2 > 0 ? (guint) error->int2 : 0);
  g_ptr_array_add (loader->problems, problem);
}

static void
on_schema_error (void        *user_data,
                 xmlErrorPtr  error)
{
  Loader *loader = user_data;
  g_autofree char *text = clean_libxml_message (error->message);
  g_autofree char *message = NULL;
  KhProblem *problem;
  guint line = 0, column = 0;

  message = g_strdup_printf (_("The file does not follow the mapping schema: %s"), text);
  problem = kh_problem_new (error->level == XML_ERR_WARNING ? KH_PROBLEM_WARNING : KH_PROBLEM_ERROR,
                            KH_PROBLEM_SUBJECT_DOCUMENT, "xml-schema", message);
  if (!node_position (loader, error->node, &line, &column) && error->line > 0)
    line = (guint) error->line;
  kh_problem_set_location (problem, loader->name, line, column);

  /* Identity constraints (unique rule targets, …) are checked again, with
   * better messages, by the loader itself; keep them apart. */
  if (error->code == XML_SCHEMAV_CVC_IDC)
    g_ptr_array_add (loader->idc, problem);
  else
    {
      g_ptr_array_add (loader->problems, problem);
      if (error->level != XML_ERR_WARNING)
        loader->schema_invalid = TRUE;
    }
}

/* ---- The parser ------------------------------------------------------- */

static void
refuse (xmlParserCtxtPtr  ctxt,
        gsize             offset,
        const char       *code,
        const char       *message)
{
  Loader *loader = ctxt->_private;
  KhProblem *problem;
  guint line, column;

  if (loader->refused)
    return;

  loader->refused = TRUE;
  position_for_offset (loader, offset, &line, &column);
  problem = kh_problem_new (KH_PROBLEM_ERROR, KH_PROBLEM_SUBJECT_DOCUMENT, code, message);
  kh_problem_set_location (problem, loader->name, line, column);
  g_ptr_array_add (loader->problems, problem);
  xmlStopParser (ctxt);
}

static gsize
current_offset (xmlParserCtxtPtr ctxt)
{
  long consumed = xmlByteConsumed (ctxt);

  return consumed > 0 ? (gsize) consumed : 0;
}

/* The offset of the last occurrence of @what before @offset (the parser's
 * position, which is past the start of the markup it reports). */
static gsize
find_back (Loader     *loader,
           gsize       offset,
           const char *what)
{
  gsize n = strlen (what);

  offset = MIN (offset, loader->len);
  for (gsize i = offset; i-- > 0;)
    if (i + n <= loader->len && memcmp (loader->data + i, what, n) == 0)
      return i;

  return offset;
}

static void
on_internal_subset (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;
  Loader *loader = ctxt->_private;

  refuse (ctxt, find_back (loader, current_offset (ctxt), "<!DOCTYPE"), "xml-doctype",
          _("The file has a document type declaration (<!DOCTYPE …>). Mapping files must not have one: "
            "DTDs and entities can read other files or expand without bound, so they are refused"));
}

static void
on_entity_decl (void          *ctx,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  Loader *loader = ctxt->_private;

  refuse (ctxt, find_back (loader, current_offset (ctxt), "<!ENTITY"), "xml-entity",
          _("The file declares an entity. Mapping files must not declare entities, so it is refused"));
}

static xmlEntityPtr
on_get_entity (void          *ctx,
               const xmlChar *name)
{
  /* Only &lt; &gt; &amp; &quot; &apos; exist. */
  return xmlGetPredefinedEntity (name);
}

static xmlEntityPtr
on_get_parameter_entity (void          *ctx,
                         const xmlChar *name)
{
  return NULL;
}

static xmlParserInputPtr
on_resolve_entity (void          *ctx,
                   const xmlChar *public_id,
                   const xmlChar *system_id)
{
  return NULL;
}

static void
on_external_subset (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
}

static void
on_start_element (void           *ctx,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  Loader *loader = ctxt->_private;
  gsize offset = find_back (loader, current_offset (ctxt), "<");

  if (ctxt->nodeNr >= MAX_DEPTH)
    {
      g_autofree char *message = g_strdup_printf (_("The elements are nested more than %d deep; a mapping file never is"),
                                                  MAX_DEPTH);

      refuse (ctxt, offset, "xml-too-deep", message);
      return;
    }

  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);

  if (ctxt->node != NULL)
    g_hash_table_insert (loader->offsets, ctxt->node, GSIZE_TO_POINTER (offset + 1));
}

static gboolean
check_encoding (Loader *loader)
{
  const guchar *data = (const guchar *) loader->data;
  gsize len = loader->len;
  const char *invalid = NULL;

  if (len >= 2 && ((data[0] == 0xFE && data[1] == 0xFF) || (data[0] == 0xFF && data[1] == 0xFE) ||
                   data[0] == 0 || data[1] == 0))
    {
      add_problem_at (loader, G_MAXSIZE, "encoding",
                      _("The file is not UTF-8 (it looks like UTF-16 or UTF-32); mapping files are UTF-8"));
      return FALSE;
    }

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    loader->bom = 3;

  /* The encoding named by the XML declaration. */
  if (len - loader->bom >= 5 && memcmp (loader->data + loader->bom, "<?xml", 5) == 0)
    {
      const char *start = loader->data + loader->bom;
      const char *end = g_strstr_len (start, MIN (len - loader->bom, 1024), "?>");
      const char *enc = end != NULL ? g_strstr_len (start, end - start, "encoding") : NULL;

      if (enc != NULL)
        {
          const char *p = enc + strlen ("encoding");
          const char *q;

          while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '='))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char quote = *p++;

              q = memchr (p, quote, end - p);
              if (q != NULL)
                {
                  g_autofree char *name = g_strndup (p, q - p);

                  if (g_ascii_strcasecmp (name, "UTF-8") != 0 && g_ascii_strcasecmp (name, "UTF8") != 0)
                    {
                      g_autofree char *message = g_strdup_printf (_("The file declares the encoding “%s”; mapping files are UTF-8"),
                                                                  name);

                      add_problem_at (loader, (gsize) (enc - loader->data), "encoding", message);
                      return FALSE;
                    }
                }
            }
        }
    }

  if (!g_utf8_validate (loader->data, (gssize) len, &invalid))
    {
      g_autofree char *message = NULL;

      if (*invalid == '\0')
        message = g_strdup (_("The file contains a NUL byte; mapping files are UTF-8 text"));
      else
        message = g_strdup_printf (_("The file is not valid UTF-8 here (byte 0x%02X); mapping files are UTF-8"),
                                   (guint) (guchar) *invalid);
      add_problem_at (loader, (gsize) (invalid - loader->data), "encoding", message);
      return FALSE;
    }

  return TRUE;
}

static xmlDocPtr
parse (Loader *loader)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;

  ctxt->_private = loader;
  ctxt->sax->serror = on_parse_error;
  ctxt->sax->startElementNs = on_start_element;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->sax->externalSubset = on_external_subset;
  ctxt->sax->entityDecl = on_entity_decl;
  ctxt->sax->getEntity = on_get_entity;
  ctxt->sax->getParameterEntity = on_get_parameter_entity;
  ctxt->sax->resolveEntity = on_resolve_entity;

  doc = xmlCtxtReadMemory (ctxt, loader->data, (int) loader->len, NULL, "UTF-8", options);

  if (doc != NULL && (loader->refused || !ctxt->wellFormed))
    g_clear_pointer (&doc, xmlFreeDoc);

  xmlFreeParserCtxt (ctxt);

  return doc;
}

/* ---- The schema ------------------------------------------------------- */

/**
 * kh_mapping_xml_get_schema:
 *
 * Returns: (transfer full): the text of the XSD of the mapping format, as
 *   installed in `share/xml/kakehashi/kakehashi-mapping-1.xsd`
 */
GBytes *
kh_mapping_xml_get_schema (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_resources_lookup_data (SCHEMA_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The mapping schema is not compiled in: %s", error->message);

  return bytes;
}

static void
on_schema_parse_error (void        *user_data,
                       xmlErrorPtr  error)
{
  g_critical ("The compiled-in mapping schema has an error: %s", error->message);
}

static gpointer
compile_schema (gpointer data)
{
  g_autoptr(GBytes) bytes = kh_mapping_xml_get_schema ();
  xmlSchemaParserCtxtPtr ctxt;
  xmlSchemaPtr schema;
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);

  xmlInitParser ();

  ctxt = xmlSchemaNewMemParserCtxt (text, (int) size);
  xmlSchemaSetParserStructuredErrors (ctxt, on_schema_parse_error, NULL);
  schema = xmlSchemaParse (ctxt);
  xmlSchemaFreeParserCtxt (ctxt);

  return schema;
}

static xmlSchemaPtr
get_schema (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, compile_schema, NULL);

  return once.retval;
}

/* ---- Reading the document into the model ----------------------------- */

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         strcmp ((const char *) node->ns->href, KH_MAPPING_XML_NAMESPACE) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

#define FOR_EACH_ELEMENT(child, parent, name) \
  for (xmlNode *child = (parent)->children; child != NULL; child = child->next) \
    if (is_element (child, name))

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

static char *
get_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy;

  copy = g_strdup (value != NULL ? (const char *) value : "");
  xmlFree (value);

  return copy;
}

static int
get_int_attr (xmlNode    *node,
              const char *name,
              int         unset)
{
  g_autofree char *value = get_attr (node, name);
  gint64 v;

  if (value == NULL)
    return unset;

  g_strstrip (value);
  if (strcmp (value, "none") == 0)
    return KH_LENGTH_NONE;

  v = g_ascii_strtoll (value, NULL, 10);
  return (int) CLAMP (v, 0, G_MAXINT);
}

static gboolean
get_flag_attr (xmlNode    *node,
               const char *name)
{
  g_autofree char *value = get_attr (node, name);

  return g_strcmp0 (value, "true") == 0;
}

static void
add_place (Loader  *loader,
           xmlNode *node,
           char    *key)
{
  if (!g_hash_table_contains (loader->places, key))
    g_hash_table_insert (loader->places, key, node);
  else
    g_free (key);
}

static KhField *
read_field (Loader     *loader,
            xmlNode    *node,
            const char *side)
{
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *type_name = get_attr (node, "type");
  g_autofree char *required = get_attr (node, "required");
  KhFieldType type = KH_FIELD_TYPE_STRING;
  KhField *field;
  guint code_index = 0;

  kh_field_type_from_string (type_name, &type);
  field = kh_field_new (name, type);

  {
    g_autofree char *label = get_attr (node, "label");
    kh_field_set_label (field, label);
  }

  if (g_strcmp0 (required, "true") == 0)
    kh_field_set_required (field, KH_REQUIRED_YES);
  else if (g_strcmp0 (required, "false") == 0)
    kh_field_set_required (field, KH_REQUIRED_NO);

  kh_field_set_max_length (field, get_int_attr (node, "max-length", KH_FACET_UNKNOWN));
  kh_field_set_precision (field, get_int_attr (node, "precision", KH_FACET_UNKNOWN));
  kh_field_set_scale (field, get_int_attr (node, "scale", KH_FACET_UNKNOWN));
  kh_field_set_key (field, get_flag_attr (node, "key"));

  FOR_EACH_ELEMENT (child, node, "description")
    {
      g_autofree char *text = get_text (child);
      kh_field_set_description (field, text);
    }

  FOR_EACH_ELEMENT (child, node, "code")
    {
      g_autofree char *value = get_attr (child, "value");
      g_autofree char *label = get_attr (child, "label");

      kh_field_add_code (field, value != NULL ? value : "", label);
      add_place (loader, child, g_strdup_printf ("%s" SEP "field" SEP "%s" SEP "code" SEP "%u",
                                                 side, name, code_index++));
    }

  FOR_EACH_ELEMENT (child, node, "attribute")
    {
      g_autofree char *attr_name = get_attr (child, "name");
      g_autofree char *value = get_attr (child, "value");

      if (attr_name == NULL || value == NULL)
        continue;

      if (kh_field_get_attribute (field, attr_name) != NULL)
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-attribute",
                       _("Field “%s” has the attribute “%s” more than once"), name, attr_name);
          continue;
        }
      kh_field_set_attribute (field, attr_name, value);
    }

  return field;
}

static KhEntity *
read_entity (Loader     *loader,
             xmlNode    *node,
             const char *side)
{
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *label = get_attr (node, "label");
  KhEntity *entity = kh_entity_new (name != NULL ? name : "");

  kh_entity_set_label (entity, label);

  FOR_EACH_ELEMENT (child, node, "description")
    {
      g_autofree char *text = get_text (child);
      kh_entity_set_description (entity, text);
    }

  FOR_EACH_ELEMENT (child, node, "field")
    {
      g_autoptr(KhField) field = read_field (loader, child, side);

      if (!kh_entity_add_field (entity, field))
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-field",
                       _("Entity “%s” has more than one field named “%s”"),
                       name, kh_field_get_name (field));
          continue;
        }
      add_place (loader, child, g_strdup_printf ("%s" SEP "field" SEP "%s", side, kh_field_get_name (field)));
    }

  return entity;
}

static void
read_side (Loader    *loader,
           xmlNode   *node,
           KhMapping *mapping,
           gboolean   source)
{
  const char *side = source ? "source" : "target";
  g_autofree char *system = get_attr (node, "system");

  if (source)
    kh_mapping_set_source_system (mapping, system);
  else
    kh_mapping_set_target_system (mapping, system);

  add_place (loader, node, g_strdup (side));

  FOR_EACH_ELEMENT (child, node, "entity")
    {
      g_autoptr(KhEntity) entity = read_entity (loader, child, side);

      g_hash_table_insert (loader->places, g_strdup (side), child);
      if (source)
        kh_mapping_set_source_entity (mapping, entity);
      else
        kh_mapping_set_target_entity (mapping, entity);
    }
}

static void
read_code_lists (Loader    *loader,
                 xmlNode   *node,
                 KhMapping *mapping)
{
  FOR_EACH_ELEMENT (child, node, "code-list")
    {
      g_autofree char *name = get_attr (child, "name");
      g_autofree char *unknown = get_attr (child, "unknown");
      g_autofree char *default_value = get_attr (child, "default");
      g_autoptr(KhCodeList) list = kh_code_list_new (name != NULL ? name : "");
      KhUnknownCode policy = KH_UNKNOWN_CODE_ERROR;
      guint index = 0;

      kh_unknown_code_from_string (unknown, &policy);
      kh_code_list_set_unknown (list, policy);
      kh_code_list_set_default_value (list, default_value);

      FOR_EACH_ELEMENT (entry, child, "entry")
        {
          g_autofree char *from = get_attr (entry, "from");
          g_autofree char *to = get_attr (entry, "to");

          kh_code_list_append (list, from != NULL ? from : "", to != NULL ? to : "");
          add_place (loader, entry, g_strdup_printf ("code-list" SEP "%s" SEP "entry" SEP "%u", name, index++));
        }

      if (!kh_mapping_add_code_list (mapping, list))
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-code-list",
                       _("There is more than one code list named “%s”"), name);
          continue;
        }
      add_place (loader, child, g_strdup_printf ("code-list" SEP "%s", name));
    }
}

static KhStep *
read_step (Loader     *loader,
           xmlNode    *node,
           const char *target,
           guint       index)
{
  g_autofree char *id = get_attr (node, "id");
  KhStep *step = kh_step_new (id != NULL ? id : "");
  g_autoptr(GHashTable) values = NULL;

  /* Repeated parameters keep their order; different parameters may be
   * given in any order (the writer uses the catalogue's). */
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  FOR_EACH_ELEMENT (child, node, "param")
    {
      g_autofree char *name = get_attr (child, "name");
      char *value = get_attr (child, "value");
      GPtrArray *list;

      if (name == NULL || value == NULL)
        {
          g_free (value);
          continue;
        }

      list = g_hash_table_lookup (values, name);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (values, g_strdup (name), list);
        }
      add_place (loader, child, g_strdup_printf ("rule" SEP "%s" SEP "step" SEP "%u" SEP "param" SEP "%s" SEP "%u",
                                                 target, index, name, list->len));
      g_ptr_array_add (list, value);
    }

  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, values);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        GPtrArray *list = v;

        g_ptr_array_add (list, NULL);
        kh_step_set_param_values (step, k, (const char * const *) list->pdata);
      }
  }

  return step;
}

static void
read_rules (Loader    *loader,
            xmlNode   *node,
            KhMapping *mapping)
{
  FOR_EACH_ELEMENT (child, node, "rule")
    {
      g_autofree char *target = get_attr (child, "target");
      g_autofree char *on_error = get_attr (child, "on-error");
      g_autoptr(KhRule) rule = NULL;
      g_autoptr(GHashTable) places = NULL;
      KhOnError policy = KH_ON_ERROR_REJECT;
      guint n_sources = 0, n_steps = 0;

      if (target == NULL)
        continue;

      if (kh_mapping_lookup_rule (mapping, target) != NULL)
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-rule",
                       _("There is more than one rule for the target field “%s”"), target);
          continue;
        }

      rule = kh_rule_new (target);
      kh_on_error_from_string (on_error, &policy);
      kh_rule_set_on_error (rule, policy);
      add_place (loader, child, g_strdup_printf ("rule" SEP "%s", target));

      FOR_EACH_ELEMENT (source, child, "source")
        {
          g_autofree char *field = get_attr (source, "field");

          if (field == NULL)
            continue;
          kh_rule_add_source (rule, field);
          add_place (loader, source, g_strdup_printf ("rule" SEP "%s" SEP "source" SEP "%u", target, n_sources++));
        }

      FOR_EACH_ELEMENT (step_node, child, "step")
        {
          g_autoptr(KhStep) step = read_step (loader, step_node, target, n_steps);

          kh_rule_append_step (rule, step);
          add_place (loader, step_node, g_strdup_printf ("rule" SEP "%s" SEP "step" SEP "%u", target, n_steps++));
        }

      FOR_EACH_ELEMENT (default_node, child, "default")
        {
          g_autofree char *value = get_attr (default_node, "value");

          kh_rule_set_default_value (rule, value != NULL ? value : "");
          add_place (loader, default_node, g_strdup_printf ("rule" SEP "%s" SEP "default", target));
        }

      FOR_EACH_ELEMENT (note, child, "note")
        {
          g_autofree char *text = get_text (note);
          kh_rule_set_note (rule, text);
        }

      kh_mapping_add_rule (mapping, rule);
    }
}

static void
read_record_rules (Loader    *loader,
                   xmlNode   *node,
                   KhMapping *mapping)
{
  FOR_EACH_ELEMENT (child, node, "filter")
    {
      g_autofree char *field = get_attr (child, "field");
      g_autofree char *op_name = get_attr (child, "op");
      g_autoptr(KhFilter) filter = NULL;
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      KhFilterOp op = KH_FILTER_OP_EQUALS;

      kh_filter_op_from_string (op_name, &op);
      filter = kh_filter_new (field != NULL ? field : "", op);
      FOR_EACH_ELEMENT (value, child, "value")
        g_ptr_array_add (values, get_text (value));
      g_ptr_array_add (values, NULL);
      kh_filter_set_values (filter, (const char * const *) values->pdata);

      add_place (loader, child, g_strdup_printf ("filter" SEP "%u", kh_mapping_get_n_filters (mapping)));
      kh_mapping_add_filter (mapping, filter);
    }

  FOR_EACH_ELEMENT (child, node, "dedupe")
    {
      g_autofree char *keep_name = get_attr (child, "keep");
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      KhDedupeKeep keep = KH_DEDUPE_KEEP_FIRST;

      kh_dedupe_keep_from_string (keep_name, &keep);
      add_place (loader, child, g_strdup ("dedupe"));

      FOR_EACH_ELEMENT (key, child, "key")
        {
          char *field = get_attr (key, "field");

          if (field == NULL)
            continue;
          add_place (loader, key, g_strdup_printf ("dedupe" SEP "key" SEP "%u", keys->len));
          g_ptr_array_add (keys, field);
        }
      g_ptr_array_add (keys, NULL);

      kh_mapping_set_dedupe_keys (mapping, (const char * const *) keys->pdata);
      kh_mapping_set_dedupe_keep (mapping, keep);
    }
}

static gboolean
parse_outcome (const char *str,
               KhOutcome  *outcome)
{
  static const KhOutcome all[] = {
    KH_OUTCOME_WRITTEN, KH_OUTCOME_REJECTED, KH_OUTCOME_DUPLICATE, KH_OUTCOME_FILTERED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (str, kh_outcome_to_string (all[i])) == 0)
      {
        *outcome = all[i];
        return TRUE;
      }

  return FALSE;
}

static void
read_golden_values (Loader         *loader,
                    xmlNode        *node,
                    KhGoldenRecord *record,
                    gboolean        input,
                    GPtrArray      *places)
{
  FOR_EACH_ELEMENT (child, node, "value")
    {
      g_autofree char *field = get_attr (child, "field");
      g_autofree char *text = get_text (child);
      gboolean is_null = get_flag_attr (child, "null");
      gboolean exists;

      if (field == NULL)
        continue;

      if (is_null && text[0] != '\0')
        add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "null-with-text",
                     _("The value of “%s” is marked null=\"true\" but has text; a null value has none"),
                     field);

      exists = input ? kh_golden_record_get_input (record, field, NULL)
                     : kh_golden_record_get_expected (record, field, NULL);
      if (exists)
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-golden-value",
                       _("Test “%s” gives the field “%s” more than once"),
                       kh_golden_record_get_name (record), field);
          continue;
        }

      if (input)
        kh_golden_record_set_input (record, field, is_null ? NULL : text);
      else
        kh_golden_record_set_expected (record, field, is_null ? NULL : text);

      g_ptr_array_add (places, g_strdup_printf ("%s" SEP "%s", input ? "input" : "expect", field));
      g_ptr_array_add (places, child);
    }
}

static void
read_tests (Loader    *loader,
            xmlNode   *node,
            KhMapping *mapping)
{
  FOR_EACH_ELEMENT (child, node, "test")
    {
      g_autofree char *name = get_attr (child, "name");
      g_autofree char *outcome_name = get_attr (child, "outcome");
      g_autoptr(KhGoldenRecord) record = kh_golden_record_new (name != NULL ? name : "");
      g_autoptr(GPtrArray) places = g_ptr_array_new ();
      KhOutcome outcome = KH_OUTCOME_WRITTEN;
      guint index = kh_mapping_get_n_golden_records (mapping);

      parse_outcome (outcome_name, &outcome);
      kh_golden_record_set_outcome (record, outcome);

      FOR_EACH_ELEMENT (input, child, "input")
        read_golden_values (loader, input, record, TRUE, places);
      FOR_EACH_ELEMENT (expect, child, "expect")
        read_golden_values (loader, expect, record, FALSE, places);

      if (!kh_mapping_add_golden_record (mapping, record))
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-test",
                       _("There is more than one test named “%s”"), name);
          for (guint i = 0; i < places->len; i += 2)
            g_free (places->pdata[i]);
          continue;
        }

      add_place (loader, child, g_strdup_printf ("test" SEP "%u", index));
      for (guint i = 0; i < places->len; i += 2)
        {
          g_autofree char *suffix = places->pdata[i];

          add_place (loader, places->pdata[i + 1], g_strdup_printf ("test" SEP "%u" SEP "%s", index, suffix));
        }
    }
}

static void
read_layout (Loader    *loader,
             xmlNode   *node,
             KhMapping *mapping)
{
  FOR_EACH_ELEMENT (child, node, "item")
    {
      g_autofree char *key = get_attr (child, "key");
      g_autofree char *value = get_attr (child, "value");

      if (key == NULL || value == NULL)
        continue;

      if (kh_mapping_get_layout (mapping, key) != NULL)
        {
          add_problem (loader, child, KH_PROBLEM_SUBJECT_DOCUMENT, "duplicate-layout-key",
                       _("The layout gives the key “%s” more than once"), key);
          continue;
        }
      kh_mapping_set_layout (mapping, key, value);
      add_place (loader, child, g_strdup_printf ("layout" SEP "%s", key));
    }
}

static KhMapping *
read_mapping (Loader  *loader,
              xmlNode *root)
{
  KhMapping *mapping = kh_mapping_new ();
  g_autofree char *name = get_attr (root, "name");

  kh_mapping_set_name (mapping, name);
  add_place (loader, root, g_strdup ("mapping"));

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (is_element (child, "description"))
        {
          g_autofree char *text = get_text (child);
          kh_mapping_set_description (mapping, text);
        }
      else if (is_element (child, "source"))
        read_side (loader, child, mapping, TRUE);
      else if (is_element (child, "target"))
        read_side (loader, child, mapping, FALSE);
      else if (is_element (child, "code-lists"))
        read_code_lists (loader, child, mapping);
      else if (is_element (child, "rules"))
        read_rules (loader, child, mapping);
      else if (is_element (child, "record-rules"))
        read_record_rules (loader, child, mapping);
      else if (is_element (child, "tests"))
        read_tests (loader, child, mapping);
      else if (is_element (child, "layout"))
        read_layout (loader, child, mapping);
    }

  return mapping;
}

/* ---- Placing the semantic problems ------------------------------------ */

/* The keys of the places a problem points at, most precise first. */
static GPtrArray *
problem_places (KhProblem *problem)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const char *target = kh_problem_get_rule_target (problem);
  const char *field = kh_problem_get_field (problem);
  const char *list = kh_problem_get_code_list (problem);
  int index = kh_problem_get_index (problem);
  int step = kh_problem_get_step_index (problem);
  int golden = kh_problem_get_golden_index (problem);
  KhProblemSubject subject = kh_problem_get_subject (problem);

  switch (subject)
    {
    case KH_PROBLEM_SUBJECT_SOURCE_FIELD:
    case KH_PROBLEM_SUBJECT_TARGET_FIELD:
      {
        const char *side = subject == KH_PROBLEM_SUBJECT_SOURCE_FIELD ? "source" : "target";

        if (index >= 0)
          g_ptr_array_add (keys, g_strdup_printf ("%s" SEP "field" SEP "%s" SEP "code" SEP "%d", side, field, index));
        g_ptr_array_add (keys, g_strdup_printf ("%s" SEP "field" SEP "%s", side, field));
        g_ptr_array_add (keys, g_strdup (side));
      }
      break;

    case KH_PROBLEM_SUBJECT_SOURCE_ENTITY:
      g_ptr_array_add (keys, g_strdup ("source"));
      break;

    case KH_PROBLEM_SUBJECT_TARGET_ENTITY:
      g_ptr_array_add (keys, g_strdup ("target"));
      break;

    case KH_PROBLEM_SUBJECT_PARAM:
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s" SEP "step" SEP "%d" SEP "param" SEP "%s" SEP "%d",
                                              target, step, kh_problem_get_param (problem), MAX (index, 0)));
      G_GNUC_FALLTHROUGH;
    case KH_PROBLEM_SUBJECT_STEP:
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s" SEP "step" SEP "%d", target, step));
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s", target));
      break;

    case KH_PROBLEM_SUBJECT_RULE_SOURCE:
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s" SEP "source" SEP "%d", target, index));
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s", target));
      break;

    case KH_PROBLEM_SUBJECT_DEFAULT:
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s" SEP "default", target));
      G_GNUC_FALLTHROUGH;
    case KH_PROBLEM_SUBJECT_RULE:
      g_ptr_array_add (keys, g_strdup_printf ("rule" SEP "%s", target));
      break;

    case KH_PROBLEM_SUBJECT_CODE_ENTRY:
      g_ptr_array_add (keys, g_strdup_printf ("code-list" SEP "%s" SEP "entry" SEP "%d", list, index));
      G_GNUC_FALLTHROUGH;
    case KH_PROBLEM_SUBJECT_CODE_LIST:
      g_ptr_array_add (keys, g_strdup_printf ("code-list" SEP "%s", list));
      break;

    case KH_PROBLEM_SUBJECT_FILTER:
      g_ptr_array_add (keys, g_strdup_printf ("filter" SEP "%d", index));
      break;

    case KH_PROBLEM_SUBJECT_DEDUPE_KEY:
      g_ptr_array_add (keys, g_strdup_printf ("dedupe" SEP "key" SEP "%d", index));
      G_GNUC_FALLTHROUGH;
    case KH_PROBLEM_SUBJECT_DEDUPE:
      g_ptr_array_add (keys, g_strdup ("dedupe"));
      break;

    case KH_PROBLEM_SUBJECT_GOLDEN_INPUT:
      g_ptr_array_add (keys, g_strdup_printf ("test" SEP "%d" SEP "input" SEP "%s", golden, field));
      g_ptr_array_add (keys, g_strdup_printf ("test" SEP "%d", golden));
      break;

    case KH_PROBLEM_SUBJECT_GOLDEN_EXPECTED:
      g_ptr_array_add (keys, g_strdup_printf ("test" SEP "%d" SEP "expect" SEP "%s", golden, field));
      G_GNUC_FALLTHROUGH;
    case KH_PROBLEM_SUBJECT_GOLDEN_RECORD:
      g_ptr_array_add (keys, g_strdup_printf ("test" SEP "%d", golden));
      break;

    case KH_PROBLEM_SUBJECT_LAYOUT:
      g_ptr_array_add (keys, g_strdup_printf ("layout" SEP "%s", field));
      break;

    case KH_PROBLEM_SUBJECT_MAPPING:
    case KH_PROBLEM_SUBJECT_DOCUMENT:
    default:
      break;
    }

  g_ptr_array_add (keys, g_strdup ("mapping"));

  return keys;
}

static void
place_problem (Loader    *loader,
               KhProblem *problem)
{
  g_autoptr(GPtrArray) keys = problem_places (problem);
  guint line = 0, column = 0;

  for (guint i = 0; i < keys->len; i++)
    {
      xmlNode *node = g_hash_table_lookup (loader->places, keys->pdata[i]);

      if (node != NULL && node_position (loader, node, &line, &column))
        break;
    }

  kh_problem_set_location (problem, loader->name, line, column);
}

/* ---- Loading ---------------------------------------------------------- */

typedef struct
{
  KhProblem *problem;
  guint      seq;
} Sortable;

static int
compare_sortable (gconstpointer a,
                  gconstpointer b)
{
  const Sortable *sa = a;
  const Sortable *sb = b;
  int cmp = kh_problem_compare (sa->problem, sb->problem);

  if (cmp != 0)
    return cmp;
  return sa->seq < sb->seq ? -1 : sa->seq > sb->seq;
}

/* A stable sort by position. */
static void
sort_problems (GPtrArray *problems)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (Sortable), problems->len);

  for (guint i = 0; i < problems->len; i++)
    {
      Sortable item = { problems->pdata[i], i };
      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_sortable);
  for (guint i = 0; i < problems->len; i++)
    problems->pdata[i] = g_array_index (items, Sortable, i).problem;
}

static void
set_error_from_problems (Loader    *loader,
                         int        code,
                         GError   **error)
{
  KhProblem *first = NULL;
  guint n_errors = 0;
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;

  for (guint i = 0; i < loader->problems->len; i++)
    {
      KhProblem *problem = loader->problems->pdata[i];

      if (kh_problem_get_severity (problem) != KH_PROBLEM_ERROR)
        continue;
      if (first == NULL)
        first = problem;
      n_errors++;
    }

  g_assert (first != NULL);

  if (kh_problem_get_line (first) > 0 && kh_problem_get_column (first) > 0)
    where = g_strdup_printf ("%s:%u:%u: ",
                             loader->name != NULL ? loader->name : "-",
                             kh_problem_get_line (first), kh_problem_get_column (first));
  else if (kh_problem_get_line (first) > 0)
    where = g_strdup_printf ("%s:%u: ",
                             loader->name != NULL ? loader->name : "-",
                             kh_problem_get_line (first));
  else
    where = g_strdup_printf ("%s: ", loader->name != NULL ? loader->name : "-");

  if (n_errors > 1)
    /* Translators: %s is an error message, %u the number of further errors */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s (and %u more error)",
                                            "%s (and %u more errors)",
                                            n_errors - 1),
                               kh_problem_get_message (first), n_errors - 1);
  else
    message = g_strdup (kh_problem_get_message (first));

  g_set_error (error, KH_ERROR, code, "%s%s", where, message);
}

/* Checks the root element: its name and namespace, and so the version. */
static gboolean
check_root (Loader  *loader,
            xmlNode *root,
            int     *code)
{
  const char *href = root->ns != NULL ? (const char *) root->ns->href : NULL;

  if (href != NULL && g_str_has_prefix (href, NAMESPACE_PREFIX) &&
      strcmp (href, KH_MAPPING_XML_NAMESPACE) != 0)
    {
      const char *version = href + strlen (NAMESPACE_PREFIX);
      guint64 major = 0;

      if (g_ascii_string_to_unsigned (version, 10, 2, G_MAXUINT32, &major, NULL))
        {
          add_problem (loader, root, KH_PROBLEM_SUBJECT_DOCUMENT, "unsupported-version",
                       _("The file uses mapping format %llu; this version of Kakehashi reads format %d. "
                         "Use a newer Kakehashi, or export the mapping from it in format %d if it can"),
                       (unsigned long long) major, KH_MAPPING_XML_VERSION, KH_MAPPING_XML_VERSION);
          *code = KH_ERROR_UNSUPPORTED_VERSION;
          return FALSE;
        }
    }

  if (href == NULL || strcmp (href, KH_MAPPING_XML_NAMESPACE) != 0 ||
      strcmp ((const char *) root->name, "mapping") != 0)
    {
      g_autofree char *found = NULL;

      if (href != NULL)
        found = g_strdup_printf ("<%s xmlns=\"%s\">", (const char *) root->name, href);
      else
        found = g_strdup_printf ("<%s>", (const char *) root->name);

      add_problem (loader, root, KH_PROBLEM_SUBJECT_DOCUMENT, "not-a-mapping",
                   _("This is not a Kakehashi mapping: the root element is %s, "
                     "but a mapping starts with <mapping xmlns=\"%s\">"),
                   found, KH_MAPPING_XML_NAMESPACE);
      *code = KH_ERROR_INVALID_MAPPING;
      return FALSE;
    }

  return TRUE;
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->lines, g_array_unref);
  g_clear_pointer (&loader->offsets, g_hash_table_unref);
  g_clear_pointer (&loader->places, g_hash_table_unref);
  g_clear_pointer (&loader->problems, g_ptr_array_unref);
  g_clear_pointer (&loader->idc, g_ptr_array_unref);
}

/**
 * kh_mapping_load_bytes:
 * @bytes: the content of a mapping file
 * @display_name: (nullable): the name of the file for messages, as the
 *   user gave it
 * @flags: how strict to be
 * @problems: (out) (optional) (transfer container) (element-type KhProblem):
 *   every problem found, errors and warnings, sorted by line and column
 * @error: the first error, with its place and the number of others
 *
 * Loads a mapping: checks the encoding, parses the XML securely (see the
 * top of this file), validates it against the mapping schema, builds the
 * mapping and runs kh_mapping_check() on it.
 *
 * Returns: (transfer full) (nullable): the mapping, or %NULL on any error
 *   (with %KH_MAPPING_LOAD_KEEP_INVALID: on an error of the XML or the
 *   schema)
 */
KhMapping *
kh_mapping_load_bytes (GBytes              *bytes,
                       const char          *display_name,
                       KhMappingLoadFlags   flags,
                       GPtrArray          **problems,
                       GError             **error)
{
  Loader loader = { 0 };
  g_autoptr(KhMapping) mapping = NULL;
  g_autoptr(GPtrArray) semantic = NULL;
  xmlDocPtr doc = NULL;
  xmlSchemaValidCtxtPtr vctxt;
  xmlNode *root;
  gsize size;
  int code;
  gboolean ok = FALSE;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;

  loader.name = display_name;
  loader.data = g_bytes_get_data (bytes, &size);
  loader.len = size;
  loader.offsets = g_hash_table_new (NULL, NULL);
  loader.places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.problems = g_ptr_array_new_with_free_func (g_object_unref);
  loader.idc = g_ptr_array_new_with_free_func (g_object_unref);

  if (size > KH_MAPPING_XML_MAX_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("The file is %llu bytes long; mapping files are at most %d MiB"),
                                                  (unsigned long long) size, KH_MAPPING_XML_MAX_SIZE / (1024 * 1024));

      add_problem_at (&loader, G_MAXSIZE, "too-large", message);
      set_error_from_problems (&loader, KH_ERROR_INPUT, error);
      goto out;
    }

  if (loader.data == NULL)
    loader.data = "";

  if (!check_encoding (&loader))
    {
      set_error_from_problems (&loader, KH_ERROR_ENCODING, error);
      goto out;
    }

  xmlInitParser ();

  doc = parse (&loader);
  if (doc == NULL)
    {
      if (loader.problems->len == 0)
        add_problem (&loader, NULL, KH_PROBLEM_SUBJECT_DOCUMENT, "xml-syntax",
                     "%s", _("The file is not well-formed XML"));
      set_error_from_problems (&loader, KH_ERROR_PARSE, error);
      goto out;
    }

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      add_problem (&loader, NULL, KH_PROBLEM_SUBJECT_DOCUMENT, "xml-syntax",
                   "%s", _("The file has no root element"));
      set_error_from_problems (&loader, KH_ERROR_PARSE, error);
      goto out;
    }

  if (!check_root (&loader, root, &code))
    {
      set_error_from_problems (&loader, code, error);
      goto out;
    }

  vctxt = xmlSchemaNewValidCtxt (get_schema ());
  xmlSchemaSetValidStructuredErrors (vctxt, on_schema_error, &loader);
  if (xmlSchemaValidateDoc (vctxt, doc) != 0 && loader.problems->len == 0 && loader.idc->len == 0)
    add_problem (&loader, root, KH_PROBLEM_SUBJECT_DOCUMENT, "xml-schema",
                 "%s", _("The file does not follow the mapping schema"));
  xmlSchemaFreeValidCtxt (vctxt);

  if (loader.schema_invalid || kh_problems_have_errors (loader.problems))
    {
      sort_problems (loader.problems);
      set_error_from_problems (&loader, KH_ERROR_INVALID_MAPPING, error);
      goto out;
    }

  mapping = read_mapping (&loader, root);

  semantic = kh_mapping_check (mapping);
  for (guint i = 0; i < semantic->len; i++)
    {
      KhProblem *problem = semantic->pdata[i];

      place_problem (&loader, problem);
      g_ptr_array_add (loader.problems, g_object_ref (problem));
    }

  /* The schema's identity constraints all have a check of their own
   * above; should one slip through, its message is still reported. */
  if (loader.idc->len > 0 && !kh_problems_have_errors (loader.problems))
    g_ptr_array_extend_and_steal (loader.problems, g_steal_pointer (&loader.idc));

  sort_problems (loader.problems);

  if (kh_problems_have_errors (loader.problems))
    {
      if (flags & KH_MAPPING_LOAD_KEEP_INVALID)
        ok = TRUE;
      else
        set_error_from_problems (&loader, KH_ERROR_INVALID_MAPPING, error);
    }
  else
    ok = TRUE;

out:
  if (doc != NULL)
    xmlFreeDoc (doc);

  if (problems != NULL)
    *problems = g_steal_pointer (&loader.problems);
  loader_clear (&loader);

  return ok ? g_steal_pointer (&mapping) : NULL;
}

/**
 * kh_mapping_read_file:
 *
 * Reads a whole mapping file, refusing one larger than
 * %KH_MAPPING_XML_MAX_SIZE.
 *
 * Returns: (transfer full): the file's content
 */
GBytes *
kh_mapping_read_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  guint8 chunk[65536];

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  buffer = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > KH_MAPPING_XML_MAX_SIZE)
        {
          g_autofree char *name = g_file_get_parse_name (file);

          g_set_error (error, KH_ERROR, KH_ERROR_INPUT,
                       _("%s: the file is larger than %d MiB, the most a mapping file may be"),
                       name, KH_MAPPING_XML_MAX_SIZE / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * kh_mapping_load_file:
 * @display_name: (nullable): the name for messages; %NULL for the file's
 *   parse name
 *
 * Reads @file with kh_mapping_read_file() and loads it with
 * kh_mapping_load_bytes().
 *
 * Returns: (transfer full) (nullable): the mapping
 */
KhMapping *
kh_mapping_load_file (GFile               *file,
                      const char          *display_name,
                      KhMappingLoadFlags   flags,
                      GPtrArray          **problems,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *parse_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (problems != NULL)
    *problems = NULL;

  bytes = kh_mapping_read_file (file, cancellable, error);
  if (bytes == NULL)
    return NULL;

  if (display_name == NULL)
    display_name = parse_name = g_file_get_parse_name (file);

  return kh_mapping_load_bytes (bytes, display_name, flags, problems, error);
}
