/* test-field-panel.c: the schema panels on a 2,000-field entity
 *
 * Filtering as you type: after each keystroke the panel's model holds
 * exactly the fields whose name or label (or one of whose groups) matches,
 * with every group of a shown field kept above it. The expected sets are
 * computed here from the entity, independently of the panel's code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kh-gui-test-util.h"

#define N_FIELDS 2000

static KhApplication *the_app;

static gboolean
text_matches (const char *text,
              const char *folded_needle)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return strstr (folded, folded_needle) != NULL;
}

/* The paths that must be shown for @needle: matching fields, fields under
 * a matching group, and the groups of all of those. */
static GHashTable *
expected_paths (KhEntity   *entity,
                const char *needle,
                gboolean  (*keep) (KhField *, gpointer),
                gpointer    data)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folded = g_utf8_casefold (needle, -1);
  guint n = kh_entity_get_n_fields (entity);

  for (guint i = 0; i < n; i++)
    {
      KhField *field = kh_entity_get_field (entity, i);
      const char *name = kh_field_get_name (field);
      gboolean match = text_matches (name, folded) ||
                       (kh_field_get_label (field) != NULL && text_matches (kh_field_get_label (field), folded));
      g_auto(GStrv) parts = g_strsplit (name, ".", -1);

      if (keep != NULL && !keep (field, data))
        continue;
      if (!match)
        continue;

      g_hash_table_add (set, g_strdup (name));
      for (guint j = 1; parts[j] != NULL; j++)
        {
          char *saved = parts[j];
          parts[j] = NULL;
          g_hash_table_add (set, g_strjoinv (".", parts));
          parts[j] = saved;
        }
    }

  return set;
}

static void
assert_model_is (KhFieldPanel *panel,
                 GHashTable   *expected)
{
  GListModel *model = kh_field_panel_get_model (panel);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhFieldItem) item = g_list_model_get_item (model, i);
      const char *path = kh_field_item_get_path (item);
      const char *dot = strrchr (path, '.');

      if (!g_hash_table_contains (expected, path))
        g_error ("%s is shown but should not be", path);
      g_hash_table_add (seen, (gpointer) path);

      /* The hierarchy is kept: a field's group is already shown above it. */
      if (dot != NULL)
        {
          g_autofree char *group = g_strndup (path, dot - path);
          g_assert_true (g_hash_table_contains (seen, group));
        }
    }

  g_assert_cmpuint (n, ==, g_hash_table_size (expected));
}

static KhWindow *
open_wide (KhEntity **entity_out)
{
  KhWindow *window = kh_test_new_window (the_app, 1400, 900);
  g_autoptr(KhEntity) source = kh_test_make_wide_entity ("ZWIDE", N_FIELDS);
  g_autoptr(KhEntity) target = kh_test_make_wide_entity ("ZWIDE_OUT", 50);
  g_autoptr(KhMapping) mapping = kh_mapping_new ();

  kh_mapping_set_source_entity (mapping, source);
  kh_mapping_set_target_entity (mapping, target);
  kh_document_load (kh_window_get_document (window), NULL, NULL, NULL, mapping);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  kh_document_load (kh_window_get_document (window), NULL, NULL, NULL, mapping);
  kh_test_wait_ms (100);

  *entity_out = kh_mapping_get_source_entity (kh_document_get_mapping (kh_window_get_document (window)));
  return window;
}

static void
test_filter_as_you_type (void)
{
  KhEntity *entity;
  KhWindow *window = open_wide (&entity);
  KhFieldPanel *panel = kh_test_panel (window, KH_SIDE_SOURCE);
  const char *typed[] = { "p", "pa", "par", "partner01", "partner017", "partner017.address.s",
                          "partner017.address.st", "city", "ZFIELD19", "nomatch-at-all", "", NULL };

  g_assert_cmpuint (kh_entity_get_n_fields (entity), ==, N_FIELDS);
  g_assert_cmpuint (kh_field_panel_get_n_fields (panel), ==, N_FIELDS);

  for (guint i = 0; typed[i] != NULL; i++)
    {
      g_autoptr(GHashTable) expected = NULL;

      kh_field_panel_set_search_text (panel, typed[i]);
      if (typed[i][0] == '\0')
        {
          /* Everything, groups included. */
          expected = expected_paths (entity, "", NULL, NULL);
        }
      else
        expected = expected_paths (entity, typed[i], NULL, NULL);
      assert_model_is (panel, expected);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_group_match_shows_members (void)
{
  KhEntity *entity;
  KhWindow *window = open_wide (&entity);
  KhFieldPanel *panel = kh_test_panel (window, KH_SIDE_SOURCE);
  GListModel *model = kh_field_panel_get_model (panel);

  /* "Address" is only in group names: every member of every Address group
   * is shown under it, and no plain field. */
  kh_field_panel_set_search_text (panel, "Partner005.Address");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2 + 5);
  {
    g_autoptr(KhFieldItem) first = g_list_model_get_item (model, 0);
    g_autoptr(KhFieldItem) second = g_list_model_get_item (model, 1);
    g_autoptr(KhFieldItem) third = g_list_model_get_item (model, 2);

    g_assert_cmpstr (kh_field_item_get_path (first), ==, "Partner005");
    g_assert_true (kh_field_item_is_group (first));
    g_assert_cmpstr (kh_field_item_get_path (second), ==, "Partner005.Address");
    g_assert_cmpuint (kh_field_item_get_depth (third), ==, 2);
    g_assert_cmpstr (kh_field_item_get_segment (third), ==, "Street");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
keep_required (KhField  *field,
               gpointer  data)
{
  return kh_field_is_required (field) && !g_hash_table_contains (data, kh_field_get_name (field));
}

static gboolean
keep_unmapped (KhField  *field,
               gpointer  data)
{
  return !g_hash_table_contains (data, kh_field_get_name (field));
}

static gboolean
keep_mapped (KhField  *field,
             gpointer  data)
{
  return g_hash_table_contains (data, kh_field_get_name (field));
}

static void
test_mapped_filters (void)
{
  KhEntity *entity;
  KhWindow *window = open_wide (&entity);
  KhFieldPanel *panel = kh_test_panel (window, KH_SIDE_SOURCE);
  KhEntity *target = kh_mapping_get_target_entity (kh_document_get_mapping (kh_window_get_document (window)));
  g_autoptr(GHashTable) mapped = g_hash_table_new (g_str_hash, g_str_equal);
  const char *linked[] = { "ZFIELD0000", "ZFIELD0010", "Partner003.Address.Phone", NULL };

  /* Link three source fields (one required, one dotted). */
  for (guint i = 0; linked[i] != NULL; i++)
    {
      const char *sources[] = { linked[i], NULL };
      KhField *to = kh_entity_get_field (target, i);

      g_assert_true (kh_window_link_fields (window, sources, kh_field_get_name (to)));
      g_hash_table_add (mapped, (gpointer) linked[i]);
    }

  kh_field_panel_set_filter (panel, KH_FIELD_FILTER_MAPPED);
  {
    g_autoptr(GHashTable) expected = expected_paths (entity, "", keep_mapped, mapped);
    assert_model_is (panel, expected);
    g_assert_cmpuint (g_hash_table_size (expected), ==, 3 + 2);
  }

  kh_field_panel_set_filter (panel, KH_FIELD_FILTER_REQUIRED_UNMAPPED);
  {
    g_autoptr(GHashTable) expected = expected_paths (entity, "", keep_required, mapped);
    assert_model_is (panel, expected);
  }

  /* Search and filter combine, and the filter follows undo. */
  kh_field_panel_set_filter (panel, KH_FIELD_FILTER_UNMAPPED);
  kh_field_panel_set_search_text (panel, "Partner003");
  {
    g_autoptr(GHashTable) expected = expected_paths (entity, "Partner003", keep_unmapped, mapped);
    assert_model_is (panel, expected);
  }
  g_assert_true (kh_document_undo (kh_window_get_document (window)));
  g_hash_table_remove (mapped, "Partner003.Address.Phone");
  /* Undo put back a copy of the entity. */
  entity = kh_mapping_get_source_entity (kh_document_get_mapping (kh_window_get_document (window)));
  {
    g_autoptr(GHashTable) expected = expected_paths (entity, "Partner003", keep_unmapped, mapped);
    assert_model_is (panel, expected);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_jump_reveals_hidden_field (void)
{
  KhEntity *entity;
  KhWindow *window = open_wide (&entity);
  KhFieldPanel *panel = kh_test_panel (window, KH_SIDE_SOURCE);
  g_auto(GStrv) selected = NULL;

  /* A field hidden by the search is revealed by "jump to" (problems list). */
  kh_field_panel_set_search_text (panel, "ZFIELD0002");
  g_assert_cmpuint (g_list_model_get_n_items (kh_field_panel_get_model (panel)), ==, 1);
  g_assert_true (kh_window_select_source_field (window, "Partner150.Address.Flag"));
  selected = kh_field_panel_get_selected_paths (panel);
  g_assert_cmpstr (selected[0], ==, "Partner150.Address.Flag");
  g_assert_null (selected[1]);
  g_assert_cmpstr (kh_field_panel_get_search_text (panel), ==, "");
  g_assert_false (kh_window_select_source_field (window, "NoSuchField"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The entity drop-down: with one entity there is nothing to choose, so
 * it is insensitive and its tooltip names the entity; with several it
 * lists them all. */
static void
test_entity_dropdown (void)
{
  KhWindow *window = kh_test_open_demo (the_app);
  KhDocument *document = kh_window_get_document (window);

  for (KhSide side = KH_SIDE_SOURCE; side <= KH_SIDE_TARGET; side++)
    {
      KhSchema *schema = kh_document_get_schema (document, side);
      GtkWidget *dropdown = kh_test_find_by_name (GTK_WIDGET (kh_test_panel (window, side)), "entity_dropdown");
      GListModel *names;
      guint n;

      g_assert_nonnull (schema);
      g_assert_nonnull (dropdown);
      n = kh_schema_get_n_entities (schema);
      names = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
      g_assert_cmpuint (g_list_model_get_n_items (names), ==, n);
      g_assert_true (gtk_widget_get_sensitive (dropdown) == (n > 1));
      if (n == 1)
        g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (dropdown),
                                  kh_entity_get_name (kh_schema_get_entity (schema, 0))));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kh_test_init_environment ();
  kh_test_init_gtk (&argc, &argv);
  the_app = kh_test_new_application ();

  g_test_add_func ("/gui/field-panel/filter-as-you-type", test_filter_as_you_type);
  g_test_add_func ("/gui/field-panel/group-match-shows-members", test_group_match_shows_members);
  g_test_add_func ("/gui/field-panel/mapped-filters", test_mapped_filters);
  g_test_add_func ("/gui/field-panel/jump-reveals-hidden-field", test_jump_reveals_hidden_field);
  g_test_add_func ("/gui/field-panel/entity-dropdown", test_entity_dropdown);

  return g_test_run ();
}
