/* kh-problem.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kh-problem"

#include "config.h"

#include "kh-format-enums.h"
#include "kh-problem.h"
#include "kh-util-private.h"

struct _KhProblem
{
  GObject            parent_instance;

  /* Owned */
  char              *code;
  char              *message;
  char              *rule_target;
  char              *param;
  char              *code_list;
  char              *field;
  char              *file;

  KhProblemSeverity  severity;
  KhProblemSubject   subject;
  int                step_index;
  int                golden_index;
  int                index;
  guint              line;
  guint              column;
};

G_DEFINE_FINAL_TYPE (KhProblem, kh_problem, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_SUBJECT,
  PROP_CODE,
  PROP_MESSAGE,
  PROP_RULE_TARGET,
  PROP_FILE,
  PROP_LINE,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kh_problem_finalize (GObject *object)
{
  KhProblem *self = (KhProblem *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->rule_target, g_free);
  g_clear_pointer (&self->param, g_free);
  g_clear_pointer (&self->code_list, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->file, g_free);

  G_OBJECT_CLASS (kh_problem_parent_class)->finalize (object);
}

static void
kh_problem_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhProblem *self = KH_PROBLEM (object);

  switch (prop_id)
    {
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;

    case PROP_SUBJECT:
      g_value_set_enum (value, self->subject);
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_RULE_TARGET:
      g_value_set_string (value, self->rule_target);
      break;

    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;

    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;

    case PROP_COLUMN:
      g_value_set_uint (value, self->column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_problem_class_init (KhProblemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_problem_finalize;
  object_class->get_property = kh_problem_get_property;

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       KH_TYPE_PROBLEM_SEVERITY, KH_PROBLEM_ERROR,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECT] =
    g_param_spec_enum ("subject", NULL, NULL,
                       KH_TYPE_PROBLEM_SUBJECT, KH_PROBLEM_SUBJECT_MAPPING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE_TARGET] =
    g_param_spec_string ("rule-target", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMN] =
    g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_problem_init (KhProblem *self)
{
  self->step_index = -1;
  self->golden_index = -1;
  self->index = -1;
}

/**
 * kh_problem_new:
 * @code: a stable identifier of the kind of problem, such as
 *   "step-unknown"; for tests and tools, never shown alone
 * @message: the translated message
 *
 * Returns: (transfer full): a new problem with no locators set
 */
KhProblem *
kh_problem_new (KhProblemSeverity  severity,
                KhProblemSubject   subject,
                const char        *code,
                const char        *message)
{
  KhProblem *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (KH_TYPE_PROBLEM, NULL);
  self->severity = severity;
  self->subject = subject;
  self->code = g_strdup (code);
  self->message = g_strdup (message);

  return self;
}

KhProblemSeverity
kh_problem_get_severity (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), KH_PROBLEM_ERROR);

  return self->severity;
}

KhProblemSubject
kh_problem_get_subject (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), KH_PROBLEM_SUBJECT_MAPPING);

  return self->subject;
}

const char *
kh_problem_get_code (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->code;
}

const char *
kh_problem_get_message (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->message;
}

/**
 * kh_problem_get_rule_target:
 *
 * Returns: (nullable): the target field of the rule the problem is in
 */
const char *
kh_problem_get_rule_target (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->rule_target;
}

void
kh_problem_set_rule_target (KhProblem  *self,
                            const char *target)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  if (kh_set_str (&self->rule_target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE_TARGET]);
}

/**
 * kh_problem_get_step_index:
 *
 * Returns: the 0-based position of the step in its rule, or -1
 */
int
kh_problem_get_step_index (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), -1);

  return self->step_index;
}

void
kh_problem_set_step_index (KhProblem *self,
                           int        index)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  self->step_index = index;
}

/**
 * kh_problem_get_param:
 *
 * Returns: (nullable): the name of the step parameter
 */
const char *
kh_problem_get_param (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->param;
}

void
kh_problem_set_param (KhProblem  *self,
                      const char *name)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  kh_set_str (&self->param, name);
}

/**
 * kh_problem_get_code_list:
 *
 * Returns: (nullable): the name of the code list
 */
const char *
kh_problem_get_code_list (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->code_list;
}

void
kh_problem_set_code_list (KhProblem  *self,
                          const char *name)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  kh_set_str (&self->code_list, name);
}

/**
 * kh_problem_get_golden_index:
 *
 * Returns: the position of the golden record in the mapping, or -1
 */
int
kh_problem_get_golden_index (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), -1);

  return self->golden_index;
}

void
kh_problem_set_golden_index (KhProblem *self,
                             int        index)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  self->golden_index = index;
}

/**
 * kh_problem_get_field:
 *
 * Returns: (nullable): the field the problem names (a source field of a
 *   rule, a dedupe key, a golden value's field, an entity's field, or a
 *   layout key)
 */
const char *
kh_problem_get_field (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->field;
}

void
kh_problem_set_field (KhProblem  *self,
                      const char *field)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  kh_set_str (&self->field, field);
}

/**
 * kh_problem_get_index:
 *
 * Returns: the position the subject needs (see #KhProblemSubject), or -1
 */
int
kh_problem_get_index (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), -1);

  return self->index;
}

void
kh_problem_set_index (KhProblem *self,
                      int        index)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  self->index = index;
}

/**
 * kh_problem_get_file:
 *
 * Returns: (nullable): the file the problem was found in, as the user named it
 */
const char *
kh_problem_get_file (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  return self->file;
}

/**
 * kh_problem_get_line:
 *
 * Returns: the 1-based line, or 0 when the problem has no place in a file
 */
guint
kh_problem_get_line (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), 0);

  return self->line;
}

/**
 * kh_problem_get_column:
 *
 * Returns: the 1-based column in characters, or 0 when unknown
 */
guint
kh_problem_get_column (KhProblem *self)
{
  g_return_val_if_fail (KH_IS_PROBLEM (self), 0);

  return self->column;
}

void
kh_problem_set_location (KhProblem  *self,
                         const char *file,
                         guint       line,
                         guint       column)
{
  g_return_if_fail (KH_IS_PROBLEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (kh_set_str (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  if (self->line != line)
    {
      self->line = line;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
    }
  if (self->column != column)
    {
      self->column = column;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * kh_problem_severity_to_string:
 *
 * Returns: "error" or "warning". These words are part of the output format
 *   of `kakehashi-run validate` (like a compiler's) and are not translated.
 */
const char *
kh_problem_severity_to_string (KhProblemSeverity severity)
{
  return severity == KH_PROBLEM_WARNING ? "warning" : "error";
}

/**
 * kh_problem_to_string:
 *
 * Formats the problem the way compilers do: `FILE:LINE:COLUMN: error:
 * message`, leaving out what is unknown.
 *
 * Returns: (transfer full): the problem as one line
 */
char *
kh_problem_to_string (KhProblem *self)
{
  GString *str;

  g_return_val_if_fail (KH_IS_PROBLEM (self), NULL);

  str = g_string_new (NULL);
  if (self->file != NULL)
    {
      g_string_append (str, self->file);
      if (self->line > 0)
        {
          g_string_append_printf (str, ":%u", self->line);
          if (self->column > 0)
            g_string_append_printf (str, ":%u", self->column);
        }
      g_string_append (str, ": ");
    }
  g_string_append (str, kh_problem_severity_to_string (self->severity));
  g_string_append (str, ": ");
  g_string_append (str, self->message);

  return g_string_free (str, FALSE);
}

/**
 * kh_problem_compare:
 *
 * Orders problems by file, line and column. Problems without a line keep
 * their relative order when sorted with a stable sort.
 */
int
kh_problem_compare (KhProblem *a,
                    KhProblem *b)
{
  int cmp;

  g_return_val_if_fail (KH_IS_PROBLEM (a), 0);
  g_return_val_if_fail (KH_IS_PROBLEM (b), 0);

  cmp = g_strcmp0 (a->file, b->file);
  if (cmp != 0)
    return cmp;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  return 0;
}

/**
 * kh_problems_have_errors:
 * @problems: (element-type KhProblem) (nullable): problems
 *
 * Returns: %TRUE if any problem is an error
 */
gboolean
kh_problems_have_errors (GPtrArray *problems)
{
  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    if (kh_problem_get_severity (g_ptr_array_index (problems, i)) == KH_PROBLEM_ERROR)
      return TRUE;

  return FALSE;
}
