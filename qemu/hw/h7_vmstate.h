/*
 * VMState helpers shared by h7stack's models.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7_VMSTATE_H
#define H7_VMSTATE_H

#include "migration/vmstate.h"

/* QEMU has no VMState type for double: one goes as its 64 bits */
#define VMSTATE_DOUBLE(f, s) \
    VMSTATE_SINGLE(f, s, 0, vmstate_info_uint64, double)
#define VMSTATE_DOUBLE_ARRAY(f, s, n) \
    VMSTATE_ARRAY(f, s, n, 0, vmstate_info_uint64, double)

#endif
