/*
 * Macronix MX25UW25645G octal NOR flash (32 MiB), as the XSPI controller
 * drives it: one call per command, with the phases the controller put on
 * the bus (instruction, address, dummy cycles, data; lines and DTR).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_MX25UW25645G_H
#define H7STACK_MX25UW25645G_H

#include "hw/qdev-core.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "h7_nor.h"

#define TYPE_MX25UW25645G "mx25uw25645g"
OBJECT_DECLARE_SIMPLE_TYPE(Mx25uwState, MX25UW25645G)

#define MX25UW_SIZE (32 * 1024 * 1024)

struct Mx25uwState {
    DeviceState parent_obj;
    BlockBackend *blk;
    H7NorArray array;

    uint8_t sr, cr, cr2_mode, cr2_dummy;
    bool reset_enabled;
    uint32_t t_pp_us, t_se_us, t_be_us, t_ce_us;
};

typedef H7NorCmd Mx25uwCmd;

/* Run one command: len bytes to (write) or from (read) the flash.
 * Returns false when the flash ignored it (logged as a guest error). */
bool mx25uw_transfer(Mx25uwState *s, const Mx25uwCmd *c, uint8_t *data,
                     uint32_t len, bool write);
/* a program or erase in progress */
bool mx25uw_busy(Mx25uwState *s);
/* would a read with command c return the array's bytes, changing nothing and
 * logging nothing?  Then a controller may read the window directly */
bool mx25uw_reads_array(Mx25uwState *s, const Mx25uwCmd *c);
/* the contents as a ROM device, MX25UW_SIZE bytes from address 0 */
MemoryRegion *mx25uw_window(Mx25uwState *s);
/* the controller mapping the window: writes to it go to write(opaque) */
void mx25uw_own_window(Mx25uwState *s,
                       MemTxResult (*write)(void *opaque, hwaddr addr,
                                            uint64_t data, unsigned size,
                                            MemTxAttrs attrs),
                       void *opaque);

#endif
