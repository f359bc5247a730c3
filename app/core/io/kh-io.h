/* kh-io.h: the readers and writers of records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kh-error.h"
#include "kh-io-format.h"
#include "kh-json-escape.h"
#include "kh-reader.h"
#include "kh-writer.h"
