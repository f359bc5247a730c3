/* test-import-odata.c: OData $metadata, against real SAP, Dynamics and
 * Northwind documents. Every expected value was looked up in the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "importers-test-util.h"

/* SAP Gateway demo service GWSAMPLE_BASIC (V2, all on one line). */
static void
test_gwsample (void)
{
  g_autofree char *path = kh_test_data_path ("GWSAMPLE_BASIC.edmx");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  KhEntity *partner;
  KhField *field;

  g_assert_cmpstr (kh_schema_get_system (schema), ==, "GWSAMPLE_BASIC");
  g_assert_cmpstr (kh_schema_get_origin (schema), ==, "GWSAMPLE_BASIC.edmx");
  /* 16 <EntityType> elements */
  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 16);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* <Property Name="CompanyName" Type="Edm.String" Nullable="false" MaxLength="80" sap:label="Company"/> */
  field = kh_test_field (schema, "BusinessPartner", "CompanyName");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpint (kh_field_get_max_length (field), ==, 80);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Company");
  g_assert_false (kh_field_get_key (field));

  /* The key, with sap:creatable="false" sap:updatable="false" */
  field = kh_test_field (schema, "BusinessPartner", "BusinessPartnerID");
  g_assert_true (kh_field_get_key (field));
  g_assert_cmpint (kh_field_get_max_length (field), ==, 10);
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:creatable"), ==, "false");
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:updatable"), ==, "false");
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:label"), ==, "Business Partner ID");

  /* WebAddress has no MaxLength and no Nullable: length unknown, not required */
  field = kh_test_field (schema, "BusinessPartner", "WebAddress");
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:semantics"), ==, "url");

  /* Address is a GWSAMPLE_BASIC.CT_Address: flattened; City has MaxLength="40" */
  partner = kh_schema_lookup_entity (schema, "BusinessPartner");
  g_assert_null (kh_entity_lookup_field (partner, "Address"));
  field = kh_test_field (schema, "BusinessPartner", "Address.City");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Address / City");
  /* Address is Nullable="false" but City is not, so City is not required */
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  /* the complex type's six properties come first, where Address is */
  g_assert_cmpint (kh_entity_get_field_index (partner, "Address.City"), ==, 0);
  g_assert_cmpuint (kh_entity_get_n_fields (partner), ==, 17);

  /* <Property Name="Price" Type="Edm.Decimal" Precision="16" Scale="3" .../> */
  field = kh_test_field (schema, "Product", "Price");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_precision (field), ==, 16);
  g_assert_cmpint (kh_field_get_scale (field), ==, 3);
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:unit"), ==, "CurrencyCode");

  /* <Property Name="CreatedAt" Type="Edm.DateTime" Precision="7" .../> */
  field = kh_test_field (schema, "BusinessPartner", "CreatedAt");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATETIME);
  g_assert_cmpint (kh_field_get_precision (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:fractional-seconds"), ==, "7");
}

/* SAP S/4HANA API_BUSINESS_PARTNER: 450 KB on a single line. */
static void
test_sap_business_partner (void)
{
  g_autofree char *path = kh_test_data_path ("API_BUSINESS_PARTNER.edmx");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = NULL;
  KhEntity *entity;
  KhField *field;

  /* The file is what the test claims: over 400 KB with no line break. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 400 * 1024);
  g_assert_null (memchr (contents, '\n', length));

  schema = kh_test_import (path, KH_IMPORT_FORMAT_ODATA, &warnings);
  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 52);

  /* <EntityType Name="A_BusinessPartnerType" sap:label="Business Partner"> */
  entity = kh_schema_lookup_entity (schema, "A_BusinessPartnerType");
  g_assert_nonnull (entity);
  g_assert_cmpstr (kh_entity_get_label (entity), ==, "Business Partner");

  /* <Property Name="BusinessPartner" Type="Edm.String" Nullable="false" MaxLength="10"
   *  sap:display-format="UpperCase" sap:label="Business Partner" sap:quickinfo="Business Partner Number"/> */
  field = kh_test_field (schema, "A_BusinessPartnerType", "BusinessPartner");
  g_assert_true (kh_field_get_key (field));
  g_assert_cmpint (kh_field_get_max_length (field), ==, 10);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Business Partner");
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:display-format"), ==, "UpperCase");
  g_assert_cmpstr (kh_field_get_description (field), ==, "Business Partner Number");

  field = kh_test_field (schema, "A_BusinessPartnerType", "Customer");
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:creatable"), ==, "false");
  g_assert_cmpstr (kh_field_get_attribute (field, "sap:updatable"), ==, "false");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);

  /* Edm.DateTime with sap:display-format="Date" is a date; Edm.Time a time */
  field = kh_test_field (schema, "A_BusinessPartnerType", "BirthDate");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:type"), ==, "Edm.DateTime");
  field = kh_test_field (schema, "A_BusinessPartnerType", "CreationTime");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_TIME);
}

/* Dynamics 365: 3.8 MB, UTF-8 BOM, 265 entity types, V4 annotations. */
static void
test_dynamics (void)
{
  g_autofree char *path = kh_test_data_path ("DynamicsCRM_metadata.xml");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = NULL;
  KhField *field;
  static const char * const attribute_types[] = {
    "Boolean", "Customer", "DateTime", "Decimal", "Double", "Integer", "Lookup", "Memo", "Money",
    "Owner", "PartyList", "Picklist", "State", "Status", "String", "Uniqueidentifier",
    "CalendarRules", "Virtual", "BigInt", "ManagedProperty", "EntityName", NULL
  };

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 3 * 1024 * 1024);
  g_assert_true (memcmp (contents, "\xEF\xBB\xBF", 3) == 0);

  schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  g_assert_cmpstr (kh_schema_get_system (schema), ==, "Microsoft.Dynamics.CRM");
  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 265);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* The maintainers' test type at the top: ID Edm.Int32 Nullable="false", the key */
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "ExampleEntity")), ==, 2);
  field = kh_test_field (schema, "ExampleEntity", "ID");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_INTEGER);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_true (kh_field_get_key (field));

  /* accountid: Edm.Guid, the key of account (inherits from crmbaseentity) */
  field = kh_test_field (schema, "account", "accountid");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:type"), ==, "Edm.Guid");
  g_assert_true (kh_field_get_key (field));
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);

  /* <Property Name="openrevenue" Type="Edm.Decimal" Scale="Variable"> with a
   * Core.Description and Core.Computed */
  field = kh_test_field (schema, "account", "openrevenue");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_scale (field), ==, KH_FACET_UNKNOWN);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:scale"), ==, "variable");
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:computed"), ==, "true");
  g_assert_cmpstr (kh_field_get_description (field), ==,
                   "Sum of open revenue against an account and its child accounts.");

  /* An empty Core.Description String="" gives no description */
  field = kh_test_field (schema, "accountleads", "leadid");
  g_assert_null (kh_field_get_description (field));
  field = kh_test_field (schema, "accountleads", "accountleadid");
  g_assert_cmpstr (kh_field_get_description (field), ==, "Unique identifier of the lead for the account.");

  /* lastusedincampaign: Edm.DateTimeOffset */
  field = kh_test_field (schema, "account", "lastusedincampaign");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATETIME);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:type"), ==, "Edm.DateTimeOffset");

  /* iscustomizable is a mscrm.BooleanManagedProperty complex type: flattened */
  field = kh_test_field (schema, "connectionrole", "iscustomizable.Value");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_BOOLEAN);

  /* AttributeType is the enum type mscrm.AttributeTypeCode: its members are the codes */
  field = kh_test_field (schema, "AttributeMetadata", "AttributeType");
  kh_test_assert_codes (field, attribute_types);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:type"), ==, "Microsoft.Dynamics.CRM.AttributeTypeCode");
  g_assert_true (g_str_has_prefix (kh_field_get_attribute (field, "odata:enum-values"),
                                   "Boolean=0;Customer=1;DateTime=2;"));
}

/* Northwind V3 as modified by Simple.OData.Client: complex type, enum, base types. */
static void
test_northwind_v3 (void)
{
  g_autofree char *path = kh_test_data_path ("Northwind_v3_metadata.xml");
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);
  static const char * const address_types[] = { "Unknown", "Private", "Corporate", "Delivery", NULL };
  KhEntity *ships;
  KhField *field;

  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 14);

  /* Customer.Address is a NorthwindModel.Address; its City has MaxLength="15" */
  field = kh_test_field (schema, "Customer", "Address.City");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 15);
  /* Address.Type is the enum NorthwindModel.AddressType: Unknown, Private, Corporate, Delivery=10 */
  field = kh_test_field (schema, "Customer", "Address.Type");
  kh_test_assert_codes (field, address_types);
  g_assert_cmpstr (kh_field_get_attribute (field, "odata:enum-values"), ==,
                   "Unknown=0;Private=1;Corporate=2;Delivery=10");

  /* CustomerID: Edm.String Nullable="false" MaxLength="5", the key */
  field = kh_test_field (schema, "Customer", "CustomerID");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 5);
  g_assert_true (kh_field_get_key (field));

  /* Ships has BaseType="NorthwindModel.Transport": TransportID (the key) comes first */
  ships = kh_schema_lookup_entity (schema, "Ships");
  g_assert_cmpuint (kh_entity_get_n_fields (ships), ==, 2);
  g_assert_cmpint (kh_entity_get_field_index (ships, "TransportID"), ==, 0);
  g_assert_true (kh_field_get_key (kh_test_field (schema, "Ships", "TransportID")));
  g_assert_cmpint (kh_field_get_max_length (kh_test_field (schema, "Ships", "ShipName")), ==, 100);
}

static void
test_northwind_v2_v4 (void)
{
  g_autofree char *v2 = kh_test_data_path ("Northwind_v2_odata.org_metadata.xml");
  g_autofree char *v4 = kh_test_data_path ("Northwind_v4_metadata.xml");
  g_autoptr(KhSchema) schema2 = kh_test_import (v2, KH_IMPORT_FORMAT_AUTO, NULL);
  g_autoptr(KhSchema) schema4 = kh_test_import (v4, KH_IMPORT_FORMAT_AUTO, NULL);
  KhField *field;

  /* V2: two schemas (NorthwindModel, ODataWeb.Northwind.Model), 26 entity types */
  g_assert_cmpuint (kh_schema_get_n_entities (schema2), ==, 26);
  /* <Property Name="UnitPrice" Type="Edm.Decimal" Precision="19" Scale="4" /> in Product */
  field = kh_test_field (schema2, "Product", "UnitPrice");
  g_assert_cmpint (kh_field_get_precision (field), ==, 19);
  g_assert_cmpint (kh_field_get_scale (field), ==, 4);

  /* V4: 32 entity types; Customer.CompanyName MaxLength="40" Nullable="false" */
  g_assert_cmpuint (kh_schema_get_n_entities (schema4), ==, 32);
  field = kh_test_field (schema4, "Customer", "CompanyName");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
}

/* Facets the real files lack: MaxLength="max", TimeOfDay, Date, Guid,
 * collections, external annotations by alias, an unknown type and a
 * repeated property. */
static void
test_facets (void)
{
  g_autofree char *path = kh_test_data_path ("facets-v4.xml");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  static const char * const sizes[] = { "Small", "Large", NULL };
  KhField *field;

  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "Item")), ==, 10);

  field = kh_test_field (schema, "Item", "Notes");
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_LENGTH_NONE);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Item", "Opens")), ==, KH_FIELD_TYPE_TIME);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Item", "Made")), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpstr (kh_field_get_attribute (kh_test_field (schema, "Item", "Tags"), "odata:type"), ==,
                   "Collection(Edm.String)");
  field = kh_test_field (schema, "Item", "Size");
  kh_test_assert_codes (field, sizes);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);

  /* <Annotation Term="Core.Description"><String>The list price</String></Annotation> */
  field = kh_test_field (schema, "Item", "Price");
  g_assert_cmpstr (kh_field_get_description (field), ==, "The list price");
  g_assert_cmpint (kh_field_get_precision (field), ==, 12);

  /* The first Name (MaxLength="40", line 11) is kept; the second (line 13) is reported */
  field = kh_test_field (schema, "Item", "Name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpstr (kh_field_get_description (field), ==, "What the item is called");
  g_assert_true (kh_test_has_warning (warnings, "“Name”", "line 11", "line 13", NULL));

  /* Unknown type: text, with a warning naming the type and the line */
  field = kh_test_field (schema, "Item", "Shelf");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_true (kh_test_has_warning (warnings, "tf.Hologram", "Shelf", NULL));
  for (guint i = 0; i < warnings->len; i++)
    {
      const KhImportWarning *warning = g_ptr_array_index (warnings, i);

      g_assert_cmpstr (warning->file, ==, path);
      g_assert_cmpuint (warning->line, >, 0);
    }
  g_assert_cmpuint (warnings->len, ==, 2);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *path = kh_test_data_path ("GWSAMPLE_BASIC.edmx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  kh_import_schema_async (file, KH_IMPORT_FORMAT_AUTO, NULL, G_PRIORITY_DEFAULT, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  schema = kh_import_schema_finish (result, &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 16);
  g_assert_nonnull (warnings);
  g_clear_object (&result);

  /* A cancelled import reports it. */
  g_cancellable_cancel (cancellable);
  kh_import_schema_async (file, KH_IMPORT_FORMAT_AUTO, NULL, G_PRIORITY_DEFAULT, cancellable, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (kh_import_schema_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/importers/odata/gwsample", test_gwsample);
  g_test_add_func ("/importers/odata/sap-business-partner", test_sap_business_partner);
  g_test_add_func ("/importers/odata/dynamics", test_dynamics);
  g_test_add_func ("/importers/odata/northwind-v3", test_northwind_v3);
  g_test_add_func ("/importers/odata/northwind-v2-v4", test_northwind_v2_v4);
  g_test_add_func ("/importers/odata/facets", test_facets);
  g_test_add_func ("/importers/odata/async", test_async);

  return g_test_run ();
}
