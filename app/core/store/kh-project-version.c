/* kh-project-version.c
 *
 * A version is a snapshot of the mapping's canonical XML, taken when the
 * project was saved, with the time and the user's comment. Versions are
 * immutable, so they are shared freely, also with the thread that saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-project-version"

#include "config.h"

#include "kh-mapping-xml.h"
#include "kh-project-version.h"

struct _KhProjectVersion
{
  GObject    parent_instance;

  /* Owned */
  GDateTime *saved_at;
  char      *comment;
  GBytes    *xml;

  gint64     number;
};

G_DEFINE_FINAL_TYPE (KhProjectVersion, kh_project_version, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_SAVED_AT,
  PROP_COMMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_project_version_finalize (GObject *object)
{
  KhProjectVersion *self = (KhProjectVersion *) object;

  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->xml, g_bytes_unref);

  G_OBJECT_CLASS (kh_project_version_parent_class)->finalize (object);
}

static void
kh_project_version_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KhProjectVersion *self = KH_PROJECT_VERSION (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_int64 (value, self->number);
      break;

    case PROP_SAVED_AT:
      g_value_set_boxed (value, self->saved_at);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_project_version_class_init (KhProjectVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_project_version_finalize;
  object_class->get_property = kh_project_version_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_int64 ("number", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED_AT] =
    g_param_spec_boxed ("saved-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_project_version_init (KhProjectVersion *self)
{
}

/**
 * kh_project_version_new:
 * @number: the version's number in its project, from 1
 * @saved_at: when it was saved (UTC)
 * @comment: (nullable): what the user said about it
 * @xml: the mapping's canonical XML at that time
 *
 * Returns: (transfer full): a version
 */
KhProjectVersion *
kh_project_version_new (gint64      number,
                        GDateTime  *saved_at,
                        const char *comment,
                        GBytes     *xml)
{
  KhProjectVersion *self;

  g_return_val_if_fail (saved_at != NULL, NULL);
  g_return_val_if_fail (xml != NULL, NULL);

  self = g_object_new (KH_TYPE_PROJECT_VERSION, NULL);
  self->number = number;
  self->saved_at = g_date_time_ref (saved_at);
  self->comment = g_strdup (comment);
  self->xml = g_bytes_ref (xml);

  return self;
}

gint64
kh_project_version_get_number (KhProjectVersion *self)
{
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (self), 0);

  return self->number;
}

/**
 * kh_project_version_get_saved_at:
 *
 * Returns: (transfer none): when the version was saved, in UTC
 */
GDateTime *
kh_project_version_get_saved_at (KhProjectVersion *self)
{
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (self), NULL);

  return self->saved_at;
}

/**
 * kh_project_version_get_comment:
 *
 * Returns: (nullable): the comment
 */
const char *
kh_project_version_get_comment (KhProjectVersion *self)
{
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (self), NULL);

  return self->comment;
}

/**
 * kh_project_version_get_xml:
 *
 * Returns: (transfer none): the mapping's canonical XML
 */
GBytes *
kh_project_version_get_xml (KhProjectVersion *self)
{
  g_return_val_if_fail (KH_IS_PROJECT_VERSION (self), NULL);

  return self->xml;
}

/**
 * kh_project_version_load_mapping:
 *
 * Loads the version's mapping (leniently: a version may be work in
 * progress with problems).
 *
 * Returns: (transfer full) (nullable): the mapping
 */
KhMapping *
kh_project_version_load_mapping (KhProjectVersion  *self,
                                 GError           **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (KH_IS_PROJECT_VERSION (self), NULL);

  name = g_strdup_printf ("version %" G_GINT64_FORMAT, self->number);
  return kh_mapping_load_bytes (self->xml, name, KH_MAPPING_LOAD_KEEP_INVALID, NULL, error);
}
