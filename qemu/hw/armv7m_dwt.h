/*
 * The Cortex-M7/M4 cycle counter: the DWT's CYCCNT (ARMv7-M ARM C1.8) and
 * the debug control block's DEMCR.TRCENA that powers the DWT (C1.6),
 * which QEMU's armv7m leaves RAZ/WI.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_ARMV7M_DWT_H
#define H7STACK_ARMV7M_DWT_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/clock.h"
#include "exec/memory.h"

#define TYPE_H7_ARMV7M_DWT "h7-armv7m-dwt"
OBJECT_DECLARE_SIMPLE_TYPE(H7Armv7mDwtState, H7_ARMV7M_DWT)

#define H7_DWT_BASE 0xE0001000u /* region 0: the DWT, 4 KiB */
#define H7_DCB_BASE 0xE000EDF0u /* region 1: DHCSR, DCRSR, DCRDR, DEMCR */

struct H7Armv7mDwtState {
    SysBusDevice parent_obj;
    MemoryRegion dwt, dcb;
    Clock *clk; /* the core's clock: CYCCNT counts its cycles */
    uint32_t ctrl, demcr;
    uint32_t cyccnt; /* the count at base_ns */
    int64_t base_ns; /* QEMU_CLOCK_VIRTUAL when cyccnt was taken */
};

#endif
