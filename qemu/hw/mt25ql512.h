/*
 * Micron MT25QL512ABB: 512 Mbit (64 MiB) 3 V quad SPI NOR flash, as a
 * QUADSPI controller drives it: one call per command, with the phases the
 * controller put on the bus (instruction, address, dummy cycles, data).
 * The STM32H747I-DISCO has two, in dual-flash mode.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_MT25QL512_H
#define H7STACK_MT25QL512_H

#include "hw/qdev-core.h"
#include "qom/object.h"
#include "h7_nor.h"

#define TYPE_MT25QL512 "mt25ql512"
OBJECT_DECLARE_SIMPLE_TYPE(Mt25qlState, MT25QL512)

#define MT25QL_SIZE (64 * 1024 * 1024)

struct Mt25qlState {
    DeviceState parent_obj;
    BlockBackend *blk;
    H7NorArray array;

    uint8_t sr, fsr, vcr, evcr;
    uint16_t nvcr;
    bool addr4; /* 4-byte address mode (ENTER 4-BYTE ADDRESS MODE) */
    bool reset_enabled;
    uint32_t t_pp_us, t_sse_us, t_sse32_us, t_se_us, t_be_us;
};

/* Run one command: len bytes to (write) or from (read) the flash.
 * Returns false when the flash ignored it (logged as a guest error; on the
 * bus a read then sees the lines high). */
bool mt25ql_transfer(Mt25qlState *s, const H7NorCmd *c, uint8_t *data,
                     uint32_t len, bool write);
/* a power cut now: what is being programmed or erased stays half done */
void mt25ql_power_cut(Mt25qlState *s);

#endif
