/* test-import-json.c: Salesforce describe, Common Data Model, JSON Schema,
 * ERPNext DocType and EspoCRM entityDefs. Expected values were looked up
 * in the files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "importers-test-util.h"

/* Salesforce --------------------------------------------------------------- */

static void
test_salesforce_account (void)
{
  g_autofree char *path = kh_test_data_path ("Account.describe.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  static const char * const types[] = {
    "Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
    "Installation Partner", "Technology Partner", "Other", NULL
  };
  KhEntity *account;
  KhField *field;

  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 1);
  account = kh_schema_lookup_entity (schema, "Account");
  g_assert_cmpstr (kh_entity_get_label (account), ==, "Account");
  /* 68 fields, less the compound BillingAddress and ShippingAddress */
  g_assert_cmpuint (kh_entity_get_n_fields (account), ==, 66);
  g_assert_null (kh_entity_lookup_field (account, "BillingAddress"));
  g_assert_cmpuint (warnings->len, ==, 0);

  /* Name: string, length 255, nillable false, createable true, defaultedOnCreate false */
  field = kh_test_field (schema, "Account", "Name");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpint (kh_field_get_max_length (field), ==, 255);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Account Name");

  /* Type: a picklist of 7 active values */
  field = kh_test_field (schema, "Account", "Type");
  kh_test_assert_codes (field, types);
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  g_assert_cmpstr (kh_field_get_attribute (field, "salesforce:type"), ==, "picklist");

  /* Id: the key, not required (createable false) */
  field = kh_test_field (schema, "Account", "Id");
  g_assert_true (kh_field_get_key (field));
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);

  /* The parts of BillingAddress stay */
  field = kh_test_field (schema, "Account", "BillingCity");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpstr (kh_field_get_attribute (field, "salesforce:compound-field"), ==, "BillingAddress");

  /* AnnualRevenue: currency, precision 18, scale 0 */
  field = kh_test_field (schema, "Account", "AnnualRevenue");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_precision (field), ==, 18);
  g_assert_cmpint (kh_field_get_scale (field), ==, 0);

  /* ParentId: reference to Account */
  field = kh_test_field (schema, "Account", "ParentId");
  g_assert_cmpstr (kh_field_get_attribute (field, "salesforce:reference-to"), ==, "Account");
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Account", "CreatedDate")), ==,
                   KH_FIELD_TYPE_DATETIME);
}

static void
test_salesforce_opportunity (void)
{
  g_autofree char *path = kh_test_data_path ("Opportunity.describe.json");
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_SALESFORCE, NULL);
  KhField *field;

  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "Opportunity")), ==, 40);
  /* StageName: picklist, nillable false, createable, not defaulted: required */
  field = kh_test_field (schema, "Opportunity", "StageName");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpuint (kh_field_get_n_codes (field), >, 0);
  /* CloseDate: date, required */
  field = kh_test_field (schema, "Opportunity", "CloseDate");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  /* Probability: percent */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Opportunity", "Probability")), ==,
                   KH_FIELD_TYPE_DECIMAL);
}

/* Written for the tests: the flags the real files do not have. */
static void
test_salesforce_flags (void)
{
  g_autofree char *path = kh_test_data_path ("Invoice__c.describe.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  static const char * const statuses[] = { "draft", "sent", NULL };
  KhField *field;

  field = kh_test_field (schema, "Invoice__c", "Invoice_Number__c");
  g_assert_cmpstr (kh_field_get_attribute (field, "salesforce:external-id"), ==, "true");
  g_assert_cmpstr (kh_field_get_attribute (field, "salesforce:unique"), ==, "true");
  g_assert_null (kh_field_get_attribute (kh_test_field (schema, "Invoice__c", "Account__c"),
                                         "salesforce:external-id"));
  /* defaultedOnCreate: not required though not nillable; inactive values left out */
  field = kh_test_field (schema, "Invoice__c", "Status__c");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  kh_test_assert_codes (field, statuses);
  /* the first Amount__c is kept */
  field = kh_test_field (schema, "Invoice__c", "Amount__c");
  g_assert_cmpint (kh_field_get_precision (field), ==, 16);
  g_assert_cmpint (kh_field_get_scale (field), ==, 2);
  g_assert_true (kh_test_has_warning (warnings, "“Amount__c”", "field 3", "field 7", NULL));
  g_assert_true (kh_test_has_warning (warnings, "hologram", "Hologram__c", NULL));
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Invoice__c", "Hologram__c")), ==,
                   KH_FIELD_TYPE_STRING);
}

/* Common Data Model -------------------------------------------------------- */

static void
test_cdm_logical (void)
{
  g_autofree char *path = kh_test_data_path ("Account.cdm.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  KhEntity *account;
  KhField *field;

  account = kh_schema_lookup_entity (schema, "Account");
  g_assert_nonnull (account);
  g_assert_cmpstr (kh_entity_get_label (account), ==, "Account");
  /* 80 attributes in the attributesAddedAtThisScope group (72 typed, 8 entity references) */
  g_assert_cmpuint (kh_entity_get_n_fields (account), ==, 80);

  /* The imports and the base entity are not there: warnings, not a failure */
  g_assert_true (kh_test_has_warning (warnings, "_allImports.cdm.json", NULL));
  g_assert_true (kh_test_has_warning (warnings, "CdsStandard", NULL));

  /* name: dataType name, maximumLength 160, is.requiredAtLevel "required" */
  field = kh_test_field (schema, "Account", "name");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpint (kh_field_get_max_length (field), ==, 160);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Account Name");

  /* accountCategoryCode: listLookup with [en, Preferred Customer, 1, 0], [en, Standard, 2, 1] */
  field = kh_test_field (schema, "Account", "accountCategoryCode");
  kh_test_assert_codes (field, (const char * const[]) { "1", "2", NULL });
  {
    g_autoptr(KhCodeValue) code = g_list_model_get_item (kh_field_get_codes (field), 0);

    g_assert_cmpstr (kh_code_value_get_label (code), ==, "Preferred Customer");
  }
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);

  /* accountId: purpose identifiedBy, systemrequired */
  field = kh_test_field (schema, "Account", "accountId");
  g_assert_true (kh_field_get_key (field));
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);

  /* primaryContact, an entity attribute, becomes its foreign key primaryContactId */
  field = kh_test_field (schema, "Account", "primaryContactId");
  g_assert_cmpstr (kh_field_get_attribute (field, "cdm:entity-reference"), ==, "Contact");
  g_assert_cmpstr (kh_field_get_label (field), ==, "Primary Contact");
}

static void
test_cdm_resolved (void)
{
  g_autofree char *path = kh_test_data_path ("resolved.Account.cdm.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_CDM, &warnings);
  KhField *field;

  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "Account")), ==, 208);
  /* the only import is the "resolvedFrom" document: nothing is missing */
  g_assert_cmpuint (warnings->len, ==, 0);

  /* revenue: dataFormat Decimal, is.dataFormat.numeric.shaped precision 19 scale 4 */
  field = kh_test_field (schema, "Account", "revenue");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_precision (field), ==, 19);
  g_assert_cmpint (kh_field_get_scale (field), ==, 4);
  /* name: String, maximumLength 160, required */
  field = kh_test_field (schema, "Account", "name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 160);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  /* accountCategoryCode: Int32 with a defaultValue list */
  field = kh_test_field (schema, "Account", "accountCategoryCode");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_INTEGER);
  kh_test_assert_codes (field, (const char * const[]) { "1", "2", NULL });
  /* accountId: isPrimaryKey */
  g_assert_true (kh_field_get_key (kh_test_field (schema, "Account", "accountId")));
}

static void
test_cdm_shared (void)
{
  g_autofree char *path = kh_test_shared_path ("microsoft-cdm/resolved.Contact.cdm.json");
  g_autoptr(KhSchema) schema = NULL;

  if (path == NULL)
    return;
  schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);
  /* 299 attributes */
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "Contact")), ==, 299);
}

/* JSON Schema (written for the tests) -------------------------------------- */

static void
test_json_schema_2020 (void)
{
  g_autofree char *path = kh_test_data_path ("customer.schema.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  KhField *field;

  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 1);
  g_assert_cmpuint (kh_entity_get_n_fields (kh_schema_lookup_entity (schema, "Customer")), ==, 16);

  field = kh_test_field (schema, "Customer", "name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 80);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  field = kh_test_field (schema, "Customer", "email");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  g_assert_cmpstr (kh_field_get_attribute (field, "json-schema:format"), ==, "email");
  kh_test_assert_codes (kh_test_field (schema, "Customer", "segment"),
                        (const char * const[]) { "retail", "wholesale", "partner", NULL });
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Customer", "birthDate")), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Customer", "createdAt")), ==,
                   KH_FIELD_TYPE_DATETIME);
  g_assert_cmpint (kh_field_get_scale (kh_test_field (schema, "Customer", "creditLimit")), ==, 2);

  /* nested objects flattened; city required inside a required address */
  field = kh_test_field (schema, "Customer", "address.city");
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpint (kh_field_get_max_length (field), ==, 40);
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Customer", "address.geo.lat")), ==,
                   KH_FIELD_TYPE_DECIMAL);
  /* $ref to $defs; postalCode is required there but billingAddress is not */
  field = kh_test_field (schema, "Customer", "billingAddress.postalCode");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 10);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);

  g_assert_true (kh_test_has_warning (warnings, "blob", "photo", NULL));
  g_assert_cmpuint (warnings->len, ==, 1);
}

static void
test_json_schema_draft07 (void)
{
  g_autofree char *path = kh_test_data_path ("orders.draft07.json");
  g_autoptr(KhSchema) schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, NULL);

  /* Two object definitions; OrderStatus is not an object */
  g_assert_cmpuint (kh_schema_get_n_entities (schema), ==, 2);
  g_assert_null (kh_schema_lookup_entity (schema, "OrderStatus"));
  g_assert_cmpint (kh_field_get_max_length (kh_test_field (schema, "Order", "shipTo.zip")), ==, 8);
  kh_test_assert_codes (kh_test_field (schema, "Order", "status"),
                        (const char * const[]) { "open", "shipped", "cancelled", NULL });
  g_assert_cmpint (kh_field_get_required (kh_test_field (schema, "Order", "customerId")), ==, KH_REQUIRED_YES);
}

/* ERPNext (GPL-3.0: read from the shared folder) --------------------------- */

static void
test_erpnext (void)
{
  g_autofree char *path = kh_test_shared_path ("erpnext/customer.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = NULL;
  KhEntity *customer;
  KhField *field;

  if (path == NULL)
    return;
  schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  customer = kh_schema_lookup_entity (schema, "Customer");
  g_assert_nonnull (customer);
  /* 76 entries in "fields", less 11 Section Break, 11 Column Break, 7 Tab Break, 2 HTML, 5 Table */
  g_assert_cmpuint (kh_entity_get_n_fields (customer), ==, 40);
  g_assert_null (kh_entity_lookup_field (customer, "basic_info"));
  g_assert_cmpuint (warnings->len, ==, 0);

  /* customer_name: Data, reqd 1, "Customer Name" */
  field = kh_test_field (schema, "Customer", "customer_name");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_STRING);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Customer Name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, KH_FACET_UNKNOWN);

  /* customer_type: Select "Company\nIndividual\nPartnership", reqd 1 */
  field = kh_test_field (schema, "Customer", "customer_type");
  kh_test_assert_codes (field, (const char * const[]) { "Company", "Individual", "Partnership", NULL });
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);

  /* disabled: Check */
  field = kh_test_field (schema, "Customer", "disabled");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_BOOLEAN);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_NO);
  /* customer_group: Link to Customer Group */
  g_assert_cmpstr (kh_field_get_attribute (kh_test_field (schema, "Customer", "customer_group"), "erpnext:link"),
                   ==, "Customer Group");
}

/* EspoCRM (AGPL-3.0: read from the shared folder) -------------------------- */

static void
test_espocrm_account (void)
{
  g_autofree char *path = kh_test_shared_path ("espocrm/entityDefs-Account.json");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(KhSchema) schema = NULL;
  g_autoptr(KhCodeValue) code = NULL;
  KhField *field;

  if (path == NULL)
    return;
  schema = kh_test_import (path, KH_IMPORT_FORMAT_AUTO, &warnings);
  g_assert_nonnull (kh_schema_lookup_entity (schema, "Account"));
  g_assert_cmpuint (warnings->len, ==, 0);

  /* name: varchar, maxLength 249, required; label "Name" from i18n-en_US-Account.json */
  field = kh_test_field (schema, "Account", "name");
  g_assert_cmpint (kh_field_get_max_length (field), ==, 249);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpstr (kh_field_get_label (field), ==, "Name");

  /* type: enum ["", "Customer", "Investor", "Partner", "Reseller"]: "" is no code */
  field = kh_test_field (schema, "Account", "type");
  kh_test_assert_codes (field, (const char * const[]) { "Customer", "Investor", "Partner", "Reseller", NULL });
  code = g_list_model_get_item (kh_field_get_codes (field), 0);
  g_assert_cmpstr (kh_code_value_get_label (code), ==, "Customer");

  /* billingAddress: the parts; Street is not defined on its own, City is */
  g_assert_null (kh_entity_lookup_field (kh_schema_lookup_entity (schema, "Account"), "billingAddress"));
  g_assert_nonnull (kh_test_field (schema, "Account", "billingAddressStreet"));
  g_assert_nonnull (kh_test_field (schema, "Account", "billingAddressCity"));
  /* a link: its foreign key */
  field = kh_test_field (schema, "Account", "campaignId");
  g_assert_cmpstr (kh_field_get_attribute (field, "espocrm:link"), ==, "campaign");
  g_assert_cmpstr (kh_field_get_label (field), ==, "Campaign");
  /* linkMultiple is a relation, not a column */
  g_assert_null (kh_entity_lookup_field (kh_schema_lookup_entity (schema, "Account"), "targetListsIds"));
}

static void
test_espocrm_opportunity (void)
{
  g_autofree char *path = kh_test_shared_path ("espocrm/entityDefs-Opportunity.json");
  g_autoptr(KhSchema) schema = NULL;
  KhField *field;

  if (path == NULL)
    return;
  schema = kh_test_import (path, KH_IMPORT_FORMAT_ESPOCRM, NULL);
  /* stage: 6 options */
  kh_test_assert_codes (kh_test_field (schema, "Opportunity", "stage"),
                        (const char * const[]) { "Prospecting", "Qualification", "Proposal", "Negotiation",
                                                 "Closed Won", "Closed Lost", NULL });
  /* amount: currency, required; its currency code too */
  field = kh_test_field (schema, "Opportunity", "amount");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DECIMAL);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  g_assert_cmpint (kh_field_get_required (kh_test_field (schema, "Opportunity", "amountCurrency")), ==,
                   KH_REQUIRED_YES);
  /* closeDate: date, required */
  field = kh_test_field (schema, "Opportunity", "closeDate");
  g_assert_cmpint (kh_field_get_field_type (field), ==, KH_FIELD_TYPE_DATE);
  g_assert_cmpint (kh_field_get_required (field), ==, KH_REQUIRED_YES);
  /* probability: int */
  g_assert_cmpint (kh_field_get_field_type (kh_test_field (schema, "Opportunity", "probability")), ==,
                   KH_FIELD_TYPE_INTEGER);
}

/* Detection looks at the content, not the name. */
static void
test_detect (void)
{
  static const struct { const char *name; KhImportFormat format; } cases[] = {
    { "GWSAMPLE_BASIC.edmx", KH_IMPORT_FORMAT_ODATA },
    { "DynamicsCRM_metadata.xml", KH_IMPORT_FORMAT_ODATA },
    { "Account.describe.json", KH_IMPORT_FORMAT_SALESFORCE },
    { "Account.cdm.json", KH_IMPORT_FORMAT_CDM },
    { "resolved.Account.cdm.json", KH_IMPORT_FORMAT_CDM },
    { "customer.schema.json", KH_IMPORT_FORMAT_JSON_SCHEMA },
    { "orders.draft07.json", KH_IMPORT_FORMAT_JSON_SCHEMA },
    { "orders.csv", KH_IMPORT_FORMAT_CSV },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = kh_test_data_path (cases[i].name);
      g_autofree char *contents = NULL;
      g_autofree char *renamed = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      /* Under a misleading name. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      renamed = kh_test_write_temp ("metadata.sqlite", contents, length);
      file = g_file_new_for_path (renamed);
      g_assert_cmpint (kh_import_detect_format (file, NULL, &error), ==, cases[i].format);
      g_assert_no_error (error);
    }

  /* Every nick round-trips. */
  for (int f = KH_IMPORT_FORMAT_AUTO; f <= KH_IMPORT_FORMAT_ESPOCRM; f++)
    {
      KhImportFormat back;

      g_assert_true (kh_import_format_from_string (kh_import_format_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
      g_assert_nonnull (kh_import_format_get_label (f));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/importers/salesforce/account", test_salesforce_account);
  g_test_add_func ("/importers/salesforce/opportunity", test_salesforce_opportunity);
  g_test_add_func ("/importers/salesforce/flags", test_salesforce_flags);
  g_test_add_func ("/importers/cdm/logical", test_cdm_logical);
  g_test_add_func ("/importers/cdm/resolved", test_cdm_resolved);
  g_test_add_func ("/importers/cdm/shared-contact", test_cdm_shared);
  g_test_add_func ("/importers/json-schema/2020-12", test_json_schema_2020);
  g_test_add_func ("/importers/json-schema/draft-07", test_json_schema_draft07);
  g_test_add_func ("/importers/erpnext/customer", test_erpnext);
  g_test_add_func ("/importers/espocrm/account", test_espocrm_account);
  g_test_add_func ("/importers/espocrm/opportunity", test_espocrm_opportunity);
  g_test_add_func ("/importers/detect", test_detect);

  return g_test_run ();
}
