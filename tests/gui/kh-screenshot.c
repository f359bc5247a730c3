/* kh-screenshot.c: save a PNG of the main window, for the README and for
 * looking at the GUI without a display.
 *
 *   kh-screenshot [--demo] [--select TARGET] [--side PAGE] [--source FIELD]
 *                 [--search TEXT] [--bottom preview|problems] [--filter NAME]
 *                 [--rule TARGET] [--sources] [--explain RECORD,TARGET]
 *                 [--gaps] [--versions list|empty] OUT.png [FILE-TO-OPEN]
 *                 [WIDTHxHEIGHT]
 *
 * --versions list saves the project (the demo: into a temporary folder)
 * three times, with two comments and edits between, and takes the PNG of
 * the Versions dialog instead of the window; --versions empty shows the
 * dialog of the project as it is.
 *
 * Run it under dbus-run-session -- xvfb-run -a, with LANGUAGE=ja for the
 * Japanese screenshots and ADW_DEBUG_COLOR_SCHEME=prefer-dark for dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "kh-application.h"
#include "kh-field-panel.h"
#include "kh-gui-test-util.h"
#include "kh-versions-dialog.h"
#include "kh-window.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  const char *localedir = g_getenv ("KAKEHASHI_LOCALEDIR");
  gboolean demo = FALSE;
  g_autofree char *select = NULL;
  g_autofree char *side = NULL;
  g_autofree char *source = NULL;
  g_autofree char *search = NULL;
  g_autofree char *expand = NULL;
  g_autofree char *bottom = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *explain = NULL;
  gboolean sources = FALSE;
  gboolean gaps = FALSE;
  g_autofree char *versions = NULL;
  GtkWidget *shot;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Open the demo project", NULL },
    { "select", 0, 0, G_OPTION_ARG_STRING, &select, "Select this target field", "TARGET" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, "Select this source field", "FIELD" },
    { "side", 0, 0, G_OPTION_ARG_STRING, &side, "Side pane page (rule, code-lists, records)", "PAGE" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Type this into the source search", "TEXT" },
    { "expand", 0, 0, G_OPTION_ARG_STRING, &expand, "Expand this step of the selected rule", "INDEX" },
    { "bottom", 0, 0, G_OPTION_ARG_STRING, &bottom, "Bottom pane page (preview, problems)", "PAGE" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter, "Preview filter (all, errors, changed, rejected, duplicates)", "NAME" },
    { "rule", 0, 0, G_OPTION_ARG_STRING, &rule, "Preview filter by rule", "TARGET" },
    { "sources", 0, 0, G_OPTION_ARG_NONE, &sources, "Show the source values beside the output", NULL },
    { "explain", 0, 0, G_OPTION_ARG_STRING, &explain, "Explain the cell of this record (1-based) and target", "RECORD,TARGET" },
    { "gaps", 0, 0, G_OPTION_ARG_NONE, &gaps, "Click the coverage meter", NULL },
    { "versions", 0, 0, G_OPTION_ARG_STRING, &versions, "Show the Versions dialog (list: after three saves)", "list|empty" },
    { NULL }
  };
  KhWindow *window;
  int width = 1400, height = 900;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("OUT.png [FILE] [WIDTHxHEIGHT]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("usage: kh-screenshot [--demo] [--select TARGET] OUT.png [FILE] [WIDTHxHEIGHT]\n");
      return 2;
    }

  if (argc > 3 && sscanf (argv[3], "%dx%d", &width, &height) != 2)
    {
      g_printerr ("bad size %s\n", argv[3]);
      return 2;
    }

  gtk_init ();
  adw_init ();

  app = kh_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = kh_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (demo && !kh_window_open_demo (window, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (argc > 2 && argv[2][0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[2]);
      kh_window_open_file (window, file);
    }
  kh_test_wait_ms (500);
  if (search != NULL)
    kh_field_panel_set_search_text (kh_mapping_canvas_get_panel (kh_window_get_canvas (window), KH_SIDE_SOURCE), search);
  if (source != NULL)
    kh_window_select_source_field (window, source);
  if (select != NULL)
    kh_window_select_rule (window, select, expand != NULL ? atoi (expand) : -1, NULL);
  if (side != NULL && g_str_equal (side, "records"))
    kh_window_show_record_rules (window);
  else if (side != NULL && g_str_equal (side, "code-lists"))
    kh_window_select_code_list (window, "account-groups");
  if (bottom != NULL)
    kh_window_show_bottom_page (window, bottom);
  {
    KhPreviewView *view = kh_window_get_preview_view (window);
    KhPreview *preview = kh_window_get_preview (window);

    for (guint i = 0; i < 200 && (kh_preview_get_computing (preview) || kh_preview_get_result (preview) == NULL) &&
                      kh_preview_get_samples (preview) != NULL; i++)
      kh_test_wait_ms (25);
    if (sources)
      kh_preview_view_set_show_sources (view, TRUE);
    if (filter != NULL)
      g_object_set (view, "filter", filter, NULL);
    if (rule != NULL)
      kh_preview_view_set_filter_target (view, rule);
    if (gaps)
      g_signal_emit_by_name (kh_window_get_coverage_meter (window), "clicked");
    kh_test_wait_ms (300);
    if (explain != NULL)
      {
        g_auto(GStrv) parts = g_strsplit (explain, ",", 2);
        guint record = (guint) g_ascii_strtoull (parts[0], NULL, 10);

        if (parts[1] == NULL || record == 0)
          {
            g_printerr ("bad --explain %s\n", explain);
            return 2;
          }
        kh_preview_view_reveal_cell (view, record - 1, parts[1]);
        kh_test_wait_ms (200);
        if (kh_preview_view_explain (view, record - 1, parts[1], &error) == NULL)
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
      }
  }
  shot = GTK_WIDGET (window);
  if (versions != NULL)
    {
      if (g_str_equal (versions, "list"))
        {
          KhDocument *document = kh_window_get_document (window);
          g_autofree char *dir = NULL;
          g_autofree char *path = NULL;
          g_autoptr(GFile) file = NULL;
          const char *street[] = { "STRAS", NULL };
          const char *fax[] = { "TELFX", NULL };

          if (kh_document_get_file (document) == NULL)
            {
              dir = g_dir_make_tmp ("kh-screenshot-XXXXXX", NULL);
              path = g_build_filename (dir, "demo.kakehashi", NULL);
              file = g_file_new_for_path (path);
            }
          if (!kh_window_save_version (window, file, "First draft from the KNA1 export", &error) ||
              !kh_window_link_fields (window, street, "BillingStreet") ||
              !kh_window_save_version (window, file, NULL, &error) ||
              !kh_window_link_fields (window, fax, "Fax") ||
              !kh_window_save_version (window, file, "Billing street and fax, as agreed with the CRM team", &error))
            {
              g_printerr ("%s\n", error != NULL ? error->message : "cannot edit the project");
              return 1;
            }
        }
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-versions", NULL);
      kh_test_wait_ms (300);
      shot = NULL;
      {
        GListModel *toplevels = gtk_window_get_toplevels ();

        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

            if (KH_IS_VERSIONS_DIALOG (toplevel))
              shot = GTK_WIDGET (toplevel);
          }
      }
      if (shot == NULL)
        {
          g_printerr ("no Versions dialog\n");
          return 1;
        }
    }
  kh_test_wait_ms (1200);

  if (!kh_test_save_png (shot, argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
