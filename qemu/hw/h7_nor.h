/*
 * What h7stack's serial NOR flash models share: the command a controller
 * puts on the bus (H7NorCmd), and the array behind the chip (H7NorArray):
 * contents loaded from and written back to the -drive backing file, page
 * program that can only clear bits, erase, the busy time of both in
 * virtual time, and what a power cut leaves of an operation in progress.
 * Each chip model keeps its own command set and registers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_H7_NOR_H
#define H7STACK_H7_NOR_H

#include "qemu/timer.h"
#include "exec/memory.h"
#include "h7_writeback.h"

/* one command as the controller drove it */
typedef struct H7NorCmd {
    uint32_t instruction;
    unsigned inst_bytes; /* 1 (SPI) or 2 (octal: opcode, ~opcode) */
    unsigned inst_lines; /* 1, 2, 4 or 8 */
    bool inst_dtr;
    bool has_addr;
    uint32_t addr;
    unsigned addr_bytes;
    unsigned addr_lines;
    unsigned dummy;      /* dummy cycles */
    unsigned data_lines; /* 0: no data phase */
    bool data_dtr;
    bool dqs; /* data strobe enabled (octal DTR reads) */
} H7NorCmd;

#define H7_NOR_PAGE_MAX 256

typedef struct H7NorArray {
    MemoryRegion window; /* the contents as a ROM device (h7_nor.c) */
    MemTxResult (*window_write)(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size, MemTxAttrs attrs);
    void *window_opaque;
    uint8_t *storage; /* the window's RAM */
    uint32_t size;
    const char *name;
    H7Writeback wb;
    QEMUTimer *busy_timer;
    void (*done)(void *opaque); /* the chip's own end of busy */
    void *opaque;
    bool busy;
    /* the program or erase the busy time belongs to, for a power cut */
    uint32_t op_addr, op_len;
    bool op_erase;
    uint8_t op_before[H7_NOR_PAGE_MAX]; /* a program's page before it */
    uint32_t programs, erases;          /* counters for tests (QOM) */
} H7NorArray;

/* the array erased, then the backing file's contents (at most size bytes) */
bool h7_nor_array_realize(H7NorArray *a, Object *owner, BlockBackend *blk,
                          uint32_t size, const char *name,
                          void (*done)(void *opaque), void *opaque,
                          Error **errp);
/* the controller that maps the window: writes to it go to write(opaque) */
void h7_nor_array_own_window(H7NorArray *a,
                             MemTxResult (*write)(void *opaque, hwaddr addr,
                                                  uint64_t data, unsigned size,
                                                  MemTxAttrs attrs),
                             void *opaque);
/* the QOM counters "programs" and "erases" on the chip object */
void h7_nor_array_add_counters(H7NorArray *a, Object *obj);
void h7_nor_array_read(H7NorArray *a, uint32_t addr, uint8_t *data,
                       uint32_t len);
/* len bytes into addr's page (at most H7_NOR_PAGE_MAX), wrapping inside
 * it (only the last page's worth count), clearing bits only; busy for us */
void h7_nor_array_program(H7NorArray *a, uint32_t addr, const uint8_t *data,
                          uint32_t len, uint32_t page, uint32_t us);
/* the size-aligned unit holding addr to 0xFF; busy for us */
void h7_nor_array_erase(H7NorArray *a, uint32_t addr, uint32_t size,
                        uint32_t us);
/* ends the busy time if its deadline has passed: before each command */
void h7_nor_array_sync(H7NorArray *a);
/* the operation in progress never finishes: an erase leaves its unit
 * neither erased nor as it was, a program leaves some of its bits */
void h7_nor_array_power_cut(H7NorArray *a);
void h7_nor_array_reset(H7NorArray *a);

/* byte a of an SFDP table: the header and a JEDEC basic flash parameter
 * table whose first dword is bfpt0 (erase opcodes, fast read modes) and
 * second the density, (bits - 1); 0xFF elsewhere */
uint8_t h7_nor_sfdp_byte(uint32_t a, uint32_t bfpt0, uint32_t density);

extern const VMStateDescription h7_nor_array_vmstate;
#define VMSTATE_H7_NOR_ARRAY(f, s) \
    VMSTATE_STRUCT(f, s, 1, h7_nor_array_vmstate, H7NorArray)

#endif
