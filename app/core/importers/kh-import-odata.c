/* kh-import-odata.c: OData CSDL / EDMX $metadata, V2, V3 and V4
 *
 * The document is read with libxml2's streaming reader (xmlTextReader), so
 * memory holds the types being collected, never the whole DOM. Types can be
 * used before they are defined (an entity's complex property, a base type),
 * so the pass collects compact type records first and builds the schema
 * from them at the end.
 *
 * Security: the reader is opened without entity substitution, DTD loading
 * or network access, and a document type declaration stops the import, so
 * neither entity expansion (billion laughs) nor external entities (XXE)
 * can happen. $metadata documents never have a DTD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-importer"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xmlreader.h>

#include "kh-importer-private.h"

#define SAP_NS           "http://www.sap.com/Protocols/SAPData"
#define CORE_DESCRIPTION "Org.OData.Core.V1.Description"
#define CORE_LONG_DESCRIPTION "Org.OData.Core.V1.LongDescription"
#define CORE_COMPUTED    "Org.OData.Core.V1.Computed"
#define COMMON_LABEL     "com.sap.vocabularies.Common.v1.Label"
#define MAX_NESTING      16   /* complex types inside complex types */

typedef enum
{
  OD_ENTITY,
  OD_COMPLEX,
  OD_ENUM,
} OdKind;

typedef struct
{
  char      *name;
  char      *type;         /* as written; for enum members: the value */
  char      *label;
  char      *description;
  char      *precision;
  char      *scale;
  GPtrArray *attrs;        /* name, value, name, value… (owned strings); NULL if none */
  int        max_length;
  int        nullable;     /* -1: not said */
  guint      line;
} OdProp;

typedef struct
{
  OdKind     kind;
  char      *ns;
  char      *name;
  char      *base_type;
  char      *label;
  char      *description;
  GPtrArray *props;        /* of OdProp */
  GPtrArray *keys;         /* of char*, paths with '.' */
  guint      line;
  guint      is_flags : 1;
  guint      busy : 1;     /* cycle guard while flattening */
} OdType;

typedef struct
{
  char *target;
  char *term;
  char *value;
} OdPending;

typedef struct
{
  KhImportContext  *ctx;
  xmlTextReaderPtr  reader;
  GInputStream     *stream;
  GError           *io_error;
  char             *xml_error;     /* the first libxml2 error */
  guint             xml_error_line;
  guint             xml_error_column;

  GHashTable       *types;         /* "Namespace.Name" → OdType (owned) */
  GPtrArray        *entity_order;  /* of OdType (borrowed), document order */
  GHashTable       *aliases;       /* alias → namespace (owned strings) */
  GPtrArray        *pending;       /* of OdPending: external annotations */
  char             *ns;            /* the current schema's namespace */
  char             *first_ns;

  /* Where the reader is. */
  OdType           *type;
  int               type_depth;
  OdProp           *prop;
  int               prop_depth;
  char             *annotations_target;
  int               annotations_depth;
  char             *annotation_term;  /* the term whose <String> child is read */
  int               annotation_depth;
  int               skip_depth;    /* -1, or the depth of an element skipped */
  gboolean          seen_root;
} OdParser;

static void
od_prop_free (OdProp *prop)
{
  g_free (prop->name);
  g_free (prop->type);
  g_free (prop->label);
  g_free (prop->description);
  g_free (prop->precision);
  g_free (prop->scale);
  g_clear_pointer (&prop->attrs, g_ptr_array_unref);
  g_free (prop);
}

static void
od_type_free (OdType *type)
{
  g_free (type->ns);
  g_free (type->name);
  g_free (type->base_type);
  g_free (type->label);
  g_free (type->description);
  g_ptr_array_unref (type->props);
  g_ptr_array_unref (type->keys);
  g_free (type);
}

static void
od_pending_free (OdPending *pending)
{
  g_free (pending->target);
  g_free (pending->term);
  g_free (pending->value);
  g_free (pending);
}

static void
od_prop_add_attr (OdProp     *prop,
                  const char *name,
                  const char *value)
{
  if (prop->attrs == NULL)
    prop->attrs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (prop->attrs, g_strdup (name));
  g_ptr_array_add (prop->attrs, g_strdup (value));
}

/* Reading ----------------------------------------------------------------- */

static int
read_cb (void *context,
         char *buffer,
         int   len)
{
  OdParser *p = context;
  gssize n;

  if (p->io_error != NULL)
    return -1;
  n = g_input_stream_read (p->stream, buffer, len, p->ctx->cancellable, &p->io_error);
  return n < 0 ? -1 : (int) n;
}

static int
close_cb (void *context)
{
  return 0;
}

static void
error_cb (void        *user_data,
          xmlErrorPtr  error)
{
  OdParser *p = user_data;

  if (error == NULL || error->level < XML_ERR_ERROR || p->xml_error != NULL)
    return;
  p->xml_error = g_strstrip (g_strdup (error->message != NULL ? error->message : "?"));
  p->xml_error_line = error->line > 0 ? (guint) error->line : 0;
  p->xml_error_column = error->int2 > 0 ? (guint) error->int2 : 0;
}

static guint
current_line (OdParser *p)
{
  xmlNodePtr node = xmlTextReaderCurrentNode (p->reader);
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  if (line <= 0)
    line = xmlTextReaderGetParserLineNumber (p->reader);
  return line > 0 ? (guint) line : 0;
}

static char *
get_attr (OdParser   *p,
          const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (p->reader, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* "Alias.Name" → "Namespace.Name"; other names unchanged. */
static char *
resolve_alias (OdParser   *p,
               const char *qname)
{
  const char *dot = strrchr (qname, '.');
  g_autofree char *prefix = NULL;
  const char *ns;

  if (dot == NULL)
    return g_strdup (qname);
  prefix = g_strndup (qname, dot - qname);
  ns = g_hash_table_lookup (p->aliases, prefix);
  if (ns == NULL)
    return g_strdup (qname);
  return g_strconcat (ns, dot, NULL);
}

static int
parse_max_length (const char *value)
{
  char *end = NULL;
  gint64 n;

  if (value == NULL)
    return KH_FACET_UNKNOWN;
  if (g_ascii_strcasecmp (value, "Max") == 0)
    return KH_LENGTH_NONE;
  n = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0' || n <= 0 || n > G_MAXINT)
    return KH_FACET_UNKNOWN;
  return (int) n;
}

static void
start_property (OdParser *p,
                gboolean  empty,
                int       depth)
{
  OdProp *prop = g_new0 (OdProp, 1);

  prop->max_length = KH_FACET_UNKNOWN;
  prop->nullable = -1;
  prop->line = current_line (p);

  while (xmlTextReaderMoveToNextAttribute (p->reader) == 1)
    {
      const char *local = (const char *) xmlTextReaderConstLocalName (p->reader);
      const char *uri = (const char *) xmlTextReaderConstNamespaceUri (p->reader);
      const char *value = (const char *) xmlTextReaderConstValue (p->reader);

      if (local == NULL || value == NULL)
        continue;
      if (uri == NULL)
        {
          if (strcmp (local, "Name") == 0)
            prop->name = g_strdup (value);
          else if (strcmp (local, "Type") == 0)
            prop->type = g_strdup (value);
          else if (strcmp (local, "Nullable") == 0)
            prop->nullable = g_ascii_strcasecmp (value, "false") != 0;
          else if (strcmp (local, "MaxLength") == 0)
            prop->max_length = parse_max_length (value);
          else if (strcmp (local, "Precision") == 0)
            prop->precision = g_strdup (value);
          else if (strcmp (local, "Scale") == 0)
            prop->scale = g_strdup (value);
          else if (strcmp (local, "ConcurrencyMode") == 0 && g_ascii_strcasecmp (value, "Fixed") == 0)
            od_prop_add_attr (prop, "odata:concurrency", "fixed");
        }
      else if (strcmp (uri, SAP_NS) == 0)
        {
          g_autofree char *name = g_strconcat ("sap:", local, NULL);

          if (strcmp (local, "label") == 0)
            prop->label = g_strdup (value);
          od_prop_add_attr (prop, name, value);
        }
    }
  xmlTextReaderMoveToElement (p->reader);

  if (prop->name == NULL || prop->name[0] == '\0')
    {
      _kh_import_warn (p->ctx, prop->line, 0, "%s", _("A property without a name is left out"));
      od_prop_free (prop);
      return;
    }
  if (prop->type == NULL)
    prop->type = g_strdup ("Edm.String");

  g_ptr_array_add (p->type->props, prop);
  if (!empty)
    {
      p->prop = prop;
      p->prop_depth = depth;
    }
}

static void
start_type (OdParser   *p,
            OdKind      kind,
            gboolean    empty,
            int         depth)
{
  g_autofree char *name = get_attr (p, "Name");
  g_autofree char *qname = NULL;
  OdType *type;

  if (name == NULL || p->ns == NULL)
    {
      _kh_import_warn (p->ctx, current_line (p), 0, "%s",
                       _("A type without a name or outside a schema is left out"));
      return;
    }

  type = g_new0 (OdType, 1);
  type->kind = kind;
  type->ns = g_strdup (p->ns);
  type->name = g_steal_pointer (&name);
  type->base_type = get_attr (p, "BaseType");
  type->props = g_ptr_array_new_with_free_func ((GDestroyNotify) od_prop_free);
  type->keys = g_ptr_array_new_with_free_func (g_free);
  type->line = current_line (p);
  {
    g_autofree char *flags = get_attr (p, "IsFlags");

    type->is_flags = flags != NULL && g_ascii_strcasecmp (flags, "true") == 0;
  }
  {
    xmlChar *label = xmlTextReaderGetAttributeNs (p->reader, (const xmlChar *) "label", (const xmlChar *) SAP_NS);

    if (label != NULL)
      {
        type->label = g_strdup ((const char *) label);
        xmlFree (label);
      }
  }

  qname = g_strconcat (type->ns, ".", type->name, NULL);
  if (g_hash_table_contains (p->types, qname))
    {
      _kh_import_warn (p->ctx, type->line, 0, _("Type “%s” is defined twice; the first is kept"), qname);
      od_type_free (type);
      if (!empty)
        p->skip_depth = depth;  /* skip its content */
      return;
    }

  g_hash_table_insert (p->types, g_steal_pointer (&qname), type);
  if (kind == OD_ENTITY)
    g_ptr_array_add (p->entity_order, type);

  if (!empty)
    {
      p->type = type;
      p->type_depth = depth;
    }
}

static void
start_member (OdParser *p)
{
  OdProp *member = g_new0 (OdProp, 1);

  member->name = get_attr (p, "Name");
  member->type = get_attr (p, "Value");   /* the member's value */
  member->max_length = KH_FACET_UNKNOWN;
  member->nullable = -1;
  member->line = current_line (p);
  if (member->name == NULL)
    {
      od_prop_free (member);
      return;
    }
  g_ptr_array_add (p->type->props, member);
}

/* An annotation on the current property or type. */
static void
apply_annotation (OdParser   *p,
                  const char *term,
                  const char *value,
                  gboolean    is_bool_true)
{
  if (strcmp (term, CORE_DESCRIPTION) == 0 || strcmp (term, CORE_LONG_DESCRIPTION) == 0)
    {
      if (value == NULL || value[0] == '\0')
        return;
      if (p->prop != NULL)
        {
          if (p->prop->description == NULL || strcmp (term, CORE_DESCRIPTION) == 0)
            g_free (p->prop->description), p->prop->description = g_strdup (value);
        }
      else if (p->type != NULL)
        {
          if (p->type->description == NULL || strcmp (term, CORE_DESCRIPTION) == 0)
            g_free (p->type->description), p->type->description = g_strdup (value);
        }
    }
  else if (strcmp (term, COMMON_LABEL) == 0 && value != NULL && value[0] != '\0')
    {
      if (p->prop != NULL && p->prop->label == NULL)
        p->prop->label = g_strdup (value);
      else if (p->prop == NULL && p->type != NULL && p->type->label == NULL)
        p->type->label = g_strdup (value);
    }
  else if (strcmp (term, CORE_COMPUTED) == 0 && is_bool_true && p->prop != NULL)
    od_prop_add_attr (p->prop, "odata:computed", "true");
}

static void
start_annotation (OdParser *p,
                  gboolean  empty,
                  int       depth)
{
  g_autofree char *raw_term = get_attr (p, "Term");
  g_autofree char *term = NULL;
  g_autofree char *string = NULL;
  g_autofree char *boolean = NULL;
  gboolean direct;

  if (raw_term == NULL)
    return;
  term = resolve_alias (p, raw_term);
  string = get_attr (p, "String");
  boolean = get_attr (p, "Bool");

  /* External annotations: <Annotations Target="NS.Type/Property">. */
  if (p->annotations_target != NULL)
    {
      if (depth == p->annotations_depth + 1 && string != NULL)
        {
          OdPending *pending = g_new0 (OdPending, 1);

          pending->target = g_strdup (p->annotations_target);
          pending->term = g_strdup (raw_term);  /* resolved at the end */
          pending->value = g_steal_pointer (&string);
          g_ptr_array_add (p->pending, pending);
        }
      else if (depth == p->annotations_depth + 1 && !empty)
        {
          g_free (p->annotation_term);
          p->annotation_term = g_steal_pointer (&term);
          p->annotation_depth = depth;
        }
      return;
    }

  /* Inline annotations apply to the element they are in. */
  direct = (p->prop != NULL && depth == p->prop_depth + 1) ||
           (p->prop == NULL && p->type != NULL && depth == p->type_depth + 1);
  if (!direct)
    return;

  if (string != NULL || boolean != NULL || empty)
    apply_annotation (p, term, string,
                      boolean != NULL ? g_ascii_strcasecmp (boolean, "true") == 0 : empty);
  else
    {
      g_free (p->annotation_term);
      p->annotation_term = g_steal_pointer (&term);
      p->annotation_depth = depth;
    }
}

/* <Annotation Term="…"><String>text</String></Annotation> */
static void
read_annotation_string (OdParser *p)
{
  xmlChar *text = xmlTextReaderReadString (p->reader);

  if (text == NULL)
    return;
  if (p->annotations_target != NULL)
    {
      OdPending *pending = g_new0 (OdPending, 1);

      pending->target = g_strdup (p->annotations_target);
      pending->term = g_strdup (p->annotation_term);
      pending->value = g_strdup ((const char *) text);
      g_ptr_array_add (p->pending, pending);
    }
  else
    apply_annotation (p, p->annotation_term, (const char *) text, FALSE);
  xmlFree (text);
}

/* CSDL 1.x <Documentation><Summary/><LongDescription/></Documentation> */
static void
read_documentation (OdParser   *p,
                    const char *local)
{
  xmlChar *text = xmlTextReaderReadString (p->reader);
  char **slot = NULL;

  if (text == NULL)
    return;
  if (p->prop != NULL)
    slot = &p->prop->description;
  else if (p->type != NULL)
    slot = &p->type->description;
  if (slot != NULL && text[0] != '\0' && (*slot == NULL || strcmp (local, "Summary") == 0))
    {
      g_free (*slot);
      *slot = g_strstrip (g_strdup ((const char *) text));
    }
  xmlFree (text);
}

static gboolean
start_element (OdParser  *p,
               GError   **error)
{
  const char *local = (const char *) xmlTextReaderConstLocalName (p->reader);
  gboolean empty = xmlTextReaderIsEmptyElement (p->reader) == 1;
  int depth = xmlTextReaderDepth (p->reader);

  if (!p->seen_root)
    {
      p->seen_root = TRUE;
      if (strcmp (local, "Edmx") != 0 && strcmp (local, "Schema") != 0)
        {
          _kh_import_set_error (error, p->ctx, KH_ERROR_UNSUPPORTED, current_line (p), 0,
                                _("The XML root element is “%s”; expected an OData metadata document "
                                  "(edmx:Edmx)"),
                                (const char *) xmlTextReaderConstName (p->reader));
          return FALSE;
        }
    }

  if (p->annotation_term != NULL && depth == p->annotation_depth + 1 && strcmp (local, "String") == 0)
    {
      read_annotation_string (p);
      return TRUE;
    }

  if (strcmp (local, "Include") == 0 || strcmp (local, "Schema") == 0 || strcmp (local, "Using") == 0)
    {
      g_autofree char *ns = get_attr (p, "Namespace");
      g_autofree char *alias = get_attr (p, "Alias");

      if (ns != NULL && alias != NULL)
        g_hash_table_replace (p->aliases, g_strdup (alias), g_strdup (ns));
      if (strcmp (local, "Schema") == 0 && ns != NULL)
        {
          g_free (p->ns);
          p->ns = g_strdup (ns);
          if (p->first_ns == NULL)
            p->first_ns = g_strdup (ns);
        }
      return TRUE;
    }

  if (p->type == NULL)
    {
      if (strcmp (local, "EntityType") == 0)
        start_type (p, OD_ENTITY, empty, depth);
      else if (strcmp (local, "ComplexType") == 0)
        start_type (p, OD_COMPLEX, empty, depth);
      else if (strcmp (local, "EnumType") == 0)
        start_type (p, OD_ENUM, empty, depth);
      else if (strcmp (local, "Annotations") == 0 && !empty)
        {
          g_autofree char *target = get_attr (p, "Target");

          if (target != NULL)
            {
              g_free (p->annotations_target);
              p->annotations_target = g_steal_pointer (&target);
              p->annotations_depth = depth;
            }
        }
      else if (strcmp (local, "Annotation") == 0)
        start_annotation (p, empty, depth);
      return TRUE;
    }

  /* Inside a type. */
  if (strcmp (local, "Property") == 0 && p->prop == NULL && p->type->kind != OD_ENUM)
    start_property (p, empty, depth);
  else if (strcmp (local, "PropertyRef") == 0 && p->type->kind == OD_ENTITY)
    {
      char *name = get_attr (p, "Name");

      if (name != NULL)
        {
          g_strdelimit (name, "/", '.');
          g_ptr_array_add (p->type->keys, name);
        }
    }
  else if (strcmp (local, "Member") == 0 && p->type->kind == OD_ENUM)
    start_member (p);
  else if (strcmp (local, "Annotation") == 0)
    start_annotation (p, empty, depth);
  else if (strcmp (local, "Summary") == 0 || strcmp (local, "LongDescription") == 0)
    read_documentation (p, local);

  return TRUE;
}

static void
end_element (OdParser *p)
{
  int depth = xmlTextReaderDepth (p->reader);

  if (p->annotation_term != NULL && depth == p->annotation_depth)
    g_clear_pointer (&p->annotation_term, g_free);
  else if (p->prop != NULL && depth == p->prop_depth)
    p->prop = NULL;
  else if (p->type != NULL && depth == p->type_depth)
    p->type = NULL;
  else if (p->annotations_target != NULL && depth == p->annotations_depth)
    g_clear_pointer (&p->annotations_target, g_free);
}

static gboolean
read_document (OdParser  *p,
               GError   **error)
{
  guint n_nodes = 0;
  int ret;

  while ((ret = xmlTextReaderRead (p->reader)) == 1)
    {
      int node_type = xmlTextReaderNodeType (p->reader);

      if ((++n_nodes & 0xFFF) == 0 && !_kh_import_check_cancelled (p->ctx, error))
        return FALSE;

      if (p->skip_depth >= 0)
        {
          if (node_type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (p->reader) == p->skip_depth)
            p->skip_depth = -1;
          else if (node_type != XML_READER_TYPE_DOCUMENT_TYPE && node_type != XML_READER_TYPE_ENTITY_REFERENCE)
            continue;
        }

      switch (node_type)
        {
        case XML_READER_TYPE_ELEMENT:
          if (!start_element (p, error))
            return FALSE;
          break;
        case XML_READER_TYPE_END_ELEMENT:
          end_element (p);
          break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
          _kh_import_set_error (error, p->ctx, KH_ERROR_PARSE, current_line (p), 0, "%s",
                                _("The document declares a DTD or entities, which OData metadata never "
                                  "has; it is refused for safety (entity expansion, external entities)"));
          return FALSE;
        default:
          break;
        }
    }

  if (p->io_error != NULL)
    {
      if (g_error_matches (p->io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&p->io_error));
      else
        _kh_import_set_error (error, p->ctx, KH_ERROR_INPUT, 0, 0, "%s", p->io_error->message);
      return FALSE;
    }

  if (ret < 0 || p->xml_error != NULL)
    {
      KhError code = KH_ERROR_PARSE;

      if (p->xml_error != NULL && (strstr (p->xml_error, "UTF-8") != NULL || strstr (p->xml_error, "encoding") != NULL))
        code = KH_ERROR_ENCODING;
      /* Translators: %s is libxml2's description of the problem */
      _kh_import_set_error (error, p->ctx, code, p->xml_error_line, p->xml_error_column,
                            _("Not well-formed XML: %s"),
                            p->xml_error != NULL ? p->xml_error : _("the document cannot be read"));
      return FALSE;
    }

  if (!p->seen_root)
    {
      _kh_import_set_error (error, p->ctx, KH_ERROR_PARSE, 1, 1, "%s",
                            _("The document has no root element; expected edmx:Edmx"));
      return FALSE;
    }
  return TRUE;
}

/* Building the schema ----------------------------------------------------- */

typedef struct
{
  OdParser   *p;
  KhEntity   *entity;
  GHashTable *keys;      /* path → NULL */
  guint       pos;
} OdBuild;

static OdType *
lookup_type (OdParser   *p,
             const char *qname)
{
  g_autofree char *resolved = resolve_alias (p, qname);

  return g_hash_table_lookup (p->types, resolved);
}

/* The properties of @type, those of its base types first. */
static void
collect_props (OdParser  *p,
               OdType    *type,
               GPtrArray *out,
               guint      depth)
{
  if (type->base_type != NULL)
    {
      OdType *base = lookup_type (p, type->base_type);

      if (base == NULL)
        _kh_import_warn (p->ctx, type->line, 0,
                         _("Base type “%s” of “%s” is not defined; its properties are missing"),
                         type->base_type, type->name);
      else if (depth > MAX_NESTING || base == type)
        _kh_import_warn (p->ctx, type->line, 0,
                         _("Type “%s” derives from itself; the loop is cut"), type->name);
      else
        collect_props (p, base, out, depth + 1);
    }
  for (guint i = 0; i < type->props->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (type->props, i));
}

static GPtrArray *
collect_keys (OdParser *p,
              OdType   *type)
{
  for (guint depth = 0; type != NULL && depth <= MAX_NESTING; depth++)
    {
      if (type->keys->len > 0 || type->base_type == NULL)
        return type->keys;
      type = lookup_type (p, type->base_type);
    }
  return NULL;
}

static gboolean
parse_facet (const char *value,
             int        *out)
{
  char *end = NULL;
  gint64 n;

  if (value == NULL)
    return FALSE;
  n = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0' || n < 0 || n > G_MAXINT)
    return FALSE;
  *out = (int) n;
  return TRUE;
}

typedef struct
{
  const char  *name;
  KhFieldType  type;
  gboolean     keep_name;   /* set odata:type: the model type loses something */
} EdmType;

static const EdmType edm_types[] = {
  { "String",         KH_FIELD_TYPE_STRING,   FALSE },
  { "Boolean",        KH_FIELD_TYPE_BOOLEAN,  FALSE },
  { "Int32",          KH_FIELD_TYPE_INTEGER,  FALSE },
  { "Int16",          KH_FIELD_TYPE_INTEGER,  FALSE },
  { "Int64",          KH_FIELD_TYPE_INTEGER,  FALSE },
  { "Byte",           KH_FIELD_TYPE_INTEGER,  FALSE },
  { "SByte",          KH_FIELD_TYPE_INTEGER,  FALSE },
  { "Decimal",        KH_FIELD_TYPE_DECIMAL,  FALSE },
  { "Double",         KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Single",         KH_FIELD_TYPE_DECIMAL,  TRUE },
  { "Date",           KH_FIELD_TYPE_DATE,     FALSE },
  { "DateTime",       KH_FIELD_TYPE_DATETIME, FALSE },
  { "DateTimeOffset", KH_FIELD_TYPE_DATETIME, TRUE },
  { "Time",           KH_FIELD_TYPE_TIME,     TRUE },
  { "TimeOfDay",      KH_FIELD_TYPE_TIME,     FALSE },
  { "Guid",           KH_FIELD_TYPE_STRING,   TRUE },
  { "Binary",         KH_FIELD_TYPE_STRING,   TRUE },
  { "Stream",         KH_FIELD_TYPE_STRING,   TRUE },
  { "Duration",       KH_FIELD_TYPE_STRING,   TRUE },
  { "Untyped",        KH_FIELD_TYPE_STRING,   TRUE },
  { "PrimitiveType",  KH_FIELD_TYPE_STRING,   TRUE },
};

static const EdmType *
lookup_edm (const char *name)
{
  if (!g_str_has_prefix (name, "Edm."))
    return NULL;
  name += 4;
  for (guint i = 0; i < G_N_ELEMENTS (edm_types); i++)
    if (strcmp (name, edm_types[i].name) == 0)
      return &edm_types[i];
  if (g_str_has_prefix (name, "Geography") || g_str_has_prefix (name, "Geometry"))
    return &edm_types[G_N_ELEMENTS (edm_types) - 1];
  return NULL;
}

static const char *
prop_attr (const OdProp *prop,
           const char   *name)
{
  if (prop->attrs == NULL)
    return NULL;
  for (guint i = 0; i + 1 < prop->attrs->len; i += 2)
    if (strcmp (g_ptr_array_index (prop->attrs, i), name) == 0)
      return g_ptr_array_index (prop->attrs, i + 1);
  return NULL;
}

static void
set_prop_attrs (KhField      *field,
                const OdProp *prop)
{
  if (prop->attrs == NULL)
    return;
  for (guint i = 0; i + 1 < prop->attrs->len; i += 2)
    kh_field_set_attribute (field,
                            g_ptr_array_index (prop->attrs, i),
                            g_ptr_array_index (prop->attrs, i + 1));
}

static void
add_enum_codes (KhField      *field,
                const OdType *enum_type)
{
  g_autoptr(GString) values = g_string_new (NULL);
  gint64 next = 0;

  for (guint i = 0; i < enum_type->props->len; i++)
    {
      const OdProp *member = g_ptr_array_index (enum_type->props, i);
      gint64 value = next;

      if (member->type != NULL)
        value = g_ascii_strtoll (member->type, NULL, 10);
      next = value + 1;

      kh_field_add_code (field, member->name, member->description);
      if (values->len > 0)
        g_string_append_c (values, ';');
      g_string_append_printf (values, "%s=%" G_GINT64_FORMAT, member->name, value);
    }
  kh_field_set_attribute (field, "odata:enum-values", values->str);
  if (enum_type->is_flags)
    kh_field_set_attribute (field, "odata:enum-flags", "true");
}

static void add_prop (OdBuild      *b,
                      const OdProp *prop,
                      const char   *prefix,
                      const char   *label_prefix,
                      gboolean      parent_required,
                      guint         depth);

static void
add_complex (OdBuild      *b,
             const OdProp *prop,
             OdType       *complex,
             const char   *path,
             const char   *label,
             gboolean      required,
             guint         depth)
{
  g_autoptr(GPtrArray) props = g_ptr_array_new ();
  g_autofree char *prefix = g_strconcat (path, ".", NULL);

  if (complex->busy || depth >= MAX_NESTING)
    {
      _kh_import_warn (b->p->ctx, prop->line, 0,
                       _("Complex type “%s” contains itself; property “%s” is not flattened further"),
                       complex->name, path);
      return;
    }

  complex->busy = TRUE;
  collect_props (b->p, complex, props, 0);
  for (guint i = 0; i < props->len; i++)
    add_prop (b, g_ptr_array_index (props, i), prefix, label, required, depth + 1);
  complex->busy = FALSE;
}

static void
add_prop (OdBuild      *b,
          const OdProp *prop,
          const char   *prefix,
          const char   *label_prefix,
          gboolean      parent_required,
          guint         depth)
{
  g_autofree char *path = g_strconcat (prefix, prop->name, NULL);
  g_autofree char *label = NULL;
  g_autofree char *inner = NULL;
  const EdmType *edm;
  OdType *named = NULL;
  KhField *field;
  gboolean collection = FALSE;
  gboolean required;
  gboolean key;

  key = g_hash_table_contains (b->keys, path);
  required = parent_required && (prop->nullable == 0 || key);

  if (label_prefix != NULL || prop->label != NULL)
    label = label_prefix != NULL
            ? g_strdup_printf ("%s / %s", label_prefix, prop->label != NULL ? prop->label : prop->name)
            : g_strdup (prop->label);

  if (g_str_has_prefix (prop->type, "Collection(") && g_str_has_suffix (prop->type, ")"))
    {
      collection = TRUE;
      inner = g_strndup (prop->type + 11, strlen (prop->type) - 12);
    }
  else
    inner = g_strdup (prop->type);

  edm = lookup_edm (inner);
  if (edm == NULL)
    named = lookup_type (b->p, inner);

  if (named != NULL && named->kind == OD_COMPLEX && !collection)
    {
      add_complex (b, prop, named,
                   path, label != NULL ? label : (label_prefix != NULL ? NULL : prop->name),
                   required, depth);
      return;
    }

  field = kh_field_new (path, edm != NULL ? edm->type : KH_FIELD_TYPE_STRING);
  /* SAP: an Edm.DateTime shown as a date is a date. */
  if (edm != NULL && strcmp (edm->name, "DateTime") == 0 &&
      g_strcmp0 (prop_attr (prop, "sap:display-format"), "Date") == 0)
    {
      kh_field_set_field_type (field, KH_FIELD_TYPE_DATE);
      kh_field_set_attribute (field, "odata:type", inner);
    }
  if (label != NULL)
    kh_field_set_label (field, label);
  if (prop->description != NULL)
    kh_field_set_description (field, prop->description);
  else if (prop_attr (prop, "sap:quickinfo") != NULL)
    kh_field_set_description (field, prop_attr (prop, "sap:quickinfo"));

  kh_field_set_required (field, required ? KH_REQUIRED_YES : KH_REQUIRED_NO);
  kh_field_set_key (field, key);
  set_prop_attrs (field, prop);

  if (collection)
    kh_field_set_attribute (field, "odata:type", prop->type);

  if (edm != NULL)
    {
      int value;

      if (edm->keep_name && !collection)
        kh_field_set_attribute (field, "odata:type", inner);
      if (edm->type == KH_FIELD_TYPE_STRING && !collection)
        kh_field_set_max_length (field, prop->max_length);
      if (edm->type == KH_FIELD_TYPE_DECIMAL && strcmp (edm->name, "Decimal") == 0)
        {
          if (parse_facet (prop->precision, &value))
            kh_field_set_precision (field, value);
          if (parse_facet (prop->scale, &value))
            kh_field_set_scale (field, value);
          else if (prop->scale != NULL && g_ascii_strcasecmp (prop->scale, "Variable") == 0)
            kh_field_set_attribute (field, "odata:scale", "variable");
          else if (prop->scale != NULL && g_ascii_strcasecmp (prop->scale, "Floating") == 0)
            kh_field_set_attribute (field, "odata:scale", "floating");
        }
      else if ((edm->type == KH_FIELD_TYPE_DATETIME || edm->type == KH_FIELD_TYPE_TIME) &&
               prop->precision != NULL && kh_field_get_field_type (field) != KH_FIELD_TYPE_DATE)
        kh_field_set_attribute (field, "odata:fractional-seconds", prop->precision);
    }
  else if (named != NULL && named->kind == OD_ENUM)
    {
      g_autofree char *qname = g_strconcat (named->ns, ".", named->name, NULL);

      if (!collection)
        {
          kh_field_set_attribute (field, "odata:type", qname);
          add_enum_codes (field, named);
        }
    }
  else if (named == NULL || named->kind == OD_ENTITY)
    {
      if (!collection)
        kh_field_set_attribute (field, "odata:type", prop->type);
      /* Translators: the type name, then the property name */
      _kh_import_warn (b->p->ctx, prop->line, 0,
                       _("Unknown type “%s” of property “%s”; it is read as text"),
                       prop->type, path);
    }

  _kh_import_add_field (b->p->ctx, b->entity, field, prop->line, ++b->pos);
}

static KhEntity *
build_entity (OdParser *p,
              OdType   *type,
              const char *name)
{
  g_autoptr(GPtrArray) props = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *key_list;
  OdBuild b = { p, NULL, keys, 0 };
  KhEntity *entity;

  entity = kh_entity_new (name);
  if (type->label != NULL)
    kh_entity_set_label (entity, type->label);
  if (type->description != NULL)
    kh_entity_set_description (entity, type->description);

  key_list = collect_keys (p, type);
  if (key_list != NULL)
    for (guint i = 0; i < key_list->len; i++)
      g_hash_table_add (keys, g_ptr_array_index (key_list, i));

  b.entity = entity;
  collect_props (p, type, props, 0);
  for (guint i = 0; i < props->len; i++)
    add_prop (&b, g_ptr_array_index (props, i), "", NULL, TRUE, 0);

  return entity;
}

/* Targets look like "NS.Type/Property" (or "Alias.Type/Property"). */
static void
apply_pending (OdParser *p)
{
  for (guint i = 0; i < p->pending->len; i++)
    {
      const OdPending *pending = g_ptr_array_index (p->pending, i);
      const char *slash = strchr (pending->target, '/');
      g_autofree char *type_name = NULL;
      OdType *type;

      type_name = slash != NULL ? g_strndup (pending->target, slash - pending->target)
                                : g_strdup (pending->target);
      type = lookup_type (p, type_name);
      if (type == NULL)
        continue;

      p->type = type;
      p->prop = NULL;
      if (slash != NULL)
        {
          for (guint j = 0; j < type->props->len; j++)
            {
              OdProp *prop = g_ptr_array_index (type->props, j);

              if (strcmp (prop->name, slash + 1) == 0)
                {
                  p->prop = prop;
                  break;
                }
            }
          if (p->prop == NULL)
            continue;
        }
      {
        g_autofree char *term = resolve_alias (p, pending->term);

        apply_annotation (p, term, pending->value, FALSE);
      }
    }
  p->type = NULL;
  p->prop = NULL;
}

static KhSchema *
build_schema (OdParser *p)
{
  KhSchema *schema = kh_schema_new (p->first_ns);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;

  apply_pending (p);
  g_ptr_array_set_size (p->pending, 0);

  /* Types others derive from are kept until the end; the properties of
   * the others are freed as soon as their entity is built, so the records
   * and the schema are not both whole in memory. */
  g_hash_table_iter_init (&iter, p->types);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      OdType *type = value;

      if (type->base_type != NULL)
        g_hash_table_add (bases, resolve_alias (p, type->base_type));
    }

  for (guint i = 0; i < p->entity_order->len; i++)
    {
      OdType *type = g_ptr_array_index (p->entity_order, i);
      g_autofree char *name = g_strdup (type->name);
      g_autofree char *qname = g_strconcat (type->ns, ".", type->name, NULL);

      if (kh_schema_lookup_entity (schema, name) != NULL)
        {
          g_free (name);
          name = g_strdup (qname);
          _kh_import_warn (p->ctx, type->line, 0,
                           _("Entity type “%s” is also defined in another namespace; this one is named “%s”"),
                           type->name, name);
        }
      _kh_import_add_entity (p->ctx, schema, build_entity (p, type, name), type->line);

      if (!g_hash_table_contains (bases, qname))
        g_ptr_array_set_size (type->props, 0);
    }
  return schema;
}

KhSchema *
_kh_import_odata (KhImportContext  *ctx,
                  GError          **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  OdParser p = { 0 };
  KhSchema *schema = NULL;
  g_autofree char *uri = NULL;

  stream = g_file_read (ctx->file, ctx->cancellable, error);
  if (stream == NULL)
    {
      _kh_import_prefix_error (error, ctx);
      return NULL;
    }

  p.ctx = ctx;
  p.stream = G_INPUT_STREAM (stream);
  p.types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) od_type_free);
  p.entity_order = g_ptr_array_new ();
  p.aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p.pending = g_ptr_array_new_with_free_func ((GDestroyNotify) od_pending_free);
  p.skip_depth = -1;

  uri = g_file_get_uri (ctx->file);
  /* No XML_PARSE_NOENT, DTDLOAD or DTDATTR: entities are never expanded
   * and nothing outside the file is read. */
  p.reader = xmlReaderForIO (read_cb, close_cb, &p, uri, NULL,
                             XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS);
  if (p.reader == NULL)
    {
      _kh_import_set_error (error, ctx, KH_ERROR_FAILED, 0, 0, "%s", _("The XML reader cannot be created"));
      goto out;
    }
  xmlTextReaderSetStructuredErrorHandler (p.reader, error_cb, &p);

  if (read_document (&p, error))
    {
      /* The reader's buffers are not needed to build the schema. */
      g_clear_pointer (&p.reader, xmlFreeTextReader);
      g_clear_object (&stream);
      schema = build_schema (&p);
    }

out:
  g_clear_pointer (&p.reader, xmlFreeTextReader);
  g_clear_error (&p.io_error);
  g_free (p.xml_error);
  g_hash_table_unref (p.types);
  g_ptr_array_unref (p.entity_order);
  g_hash_table_unref (p.aliases);
  g_ptr_array_unref (p.pending);
  g_free (p.ns);
  g_free (p.first_ns);
  g_free (p.annotations_target);
  g_free (p.annotation_term);
  return schema;
}
