/* kh-step.h: one step of a rule's chain: a catalogue id and its parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kh-catalogue.h"

G_BEGIN_DECLS

#define KH_TYPE_STEP (kh_step_get_type ())

G_DECLARE_FINAL_TYPE (KhStep, kh_step, KH, STEP, GObject)

KhStep             *kh_step_new                   (const char          *id);
KhStep             *kh_step_copy                  (KhStep              *self);
gboolean            kh_step_equal                 (KhStep              *a,
                                                   KhStep              *b);
const char         *kh_step_get_id                (KhStep              *self);
const KhStepInfo   *kh_step_get_info              (KhStep              *self);
const char         *kh_step_get_param             (KhStep              *self,
                                                   const char          *name);
const char         *kh_step_get_param_or_default  (KhStep              *self,
                                                   const char          *name);
const char * const *kh_step_get_param_values      (KhStep              *self,
                                                   const char          *name);
const char * const *kh_step_get_param_values_or_defaults (KhStep       *self,
                                                   const char          *name);
void                kh_step_set_param             (KhStep              *self,
                                                   const char          *name,
                                                   const char          *value);
void                kh_step_set_param_values      (KhStep              *self,
                                                   const char          *name,
                                                   const char * const  *values);
char              **kh_step_list_params           (KhStep              *self);
gboolean            kh_step_validate              (KhStep              *self,
                                                   GError             **error);
char               *kh_step_describe              (KhStep              *self);

G_END_DECLS
