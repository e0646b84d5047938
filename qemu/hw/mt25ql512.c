/*
 * Micron MT25QL512ABB: 512 Mbit (64 MiB) 3 V quad SPI NOR flash.
 *
 * The extended SPI protocol (instruction on one line; address and data on
 * the lines each command names: 1-1-1, 1-1-2, 1-2-2, 1-1-4, 1-4-4), single
 * and double transfer rate reads, 3-byte addresses until ENTER 4-BYTE
 * ADDRESS MODE (or nonvolatile configuration bit 0 clear) and the 4-byte
 * opcodes at any time.  Dummy cycles: the command's default (8; 10 for
 * quad I/O reads) unless the volatile configuration register sets them.
 * Status register WIP/WEL and flag status register (bit 7 ready, bit 0
 * 4-byte mode) follow page program and the 4 KiB, 32 KiB, 64 KiB and bulk
 * erases, each busy for its typical time in virtual time (properties; the
 * data sheet's 0.12 ms, 50 ms, 100 ms, 150 ms and 153 s).  A command with
 * the wrong shape, during busy or without write enable is ignored and
 * logged, as the chip ignores it.  Quad and dual protocol modes (EVCR
 * bits 7:6) and program/erase suspend are not modelled (logged).  JEDEC
 * ID 20 BA 20, an SFDP table.  Contents in "drive" (-drive if=mtd).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "system/block-backend.h"
#include "system/reset.h"
#include "migration/vmstate.h"
#include "mt25ql512.h"
#include "trace.h"

#define PAGE        256
#define SUBSECTOR   4096
#define SUBSECTOR32 32768
#define SECTOR      65536

#define SR_WIP      0x01
#define SR_WEL      0x02
#define SR_WRITABLE 0xFC /* BP0-3, TB, SRWD */

#define FSR_READY     0x80
#define FSR_ERASE_ERR 0x20
#define FSR_PROG_ERR  0x10
#define FSR_ADDR4     0x01
#define FSR_ERRORS    0x3E

#define VCR_RESET     0xFB /* dummy cycles 0xF: each command's default */
#define EVCR_RESET    0xDF /* quad and dual protocol off */
#define EVCR_QUAD_OFF 0x80
#define EVCR_DUAL_OFF 0x40
#define NVCR_RESET    0xFFFF
#define NVCR_ADDR3    0x0001 /* 1: 3-byte addresses after power-up */

enum {
    OP_WRSR = 0x01,
    OP_PP = 0x02,
    OP_READ = 0x03,
    OP_WRDI = 0x04,
    OP_RDSR = 0x05,
    OP_WREN = 0x06,
    OP_FAST_READ = 0x0B,
    OP_FAST_READ4B = 0x0C,
    OP_DTR_FAST_READ = 0x0D,
    OP_PP4B = 0x12,
    OP_READ4B = 0x13,
    OP_SSE = 0x20,
    OP_SSE4B = 0x21,
    OP_QIFP = 0x32,
    OP_QIFP4B = 0x34,
    OP_QIEFP = 0x38,
    OP_DOFR = 0x3B,
    OP_DOFR4B = 0x3C,
    OP_QIEFP4B = 0x3E,
    OP_CLFSR = 0x50,
    OP_SSE32 = 0x52,
    OP_SFDP = 0x5A,
    OP_SSE32_4B = 0x5C,
    OP_BE2 = 0x60,
    OP_WREVCR = 0x61,
    OP_RDEVCR = 0x65,
    OP_RSTEN = 0x66,
    OP_QOFR = 0x6B,
    OP_QOFR4B = 0x6C,
    OP_DTR_QOFR = 0x6D,
    OP_RFSR = 0x70,
    OP_SUSPEND = 0x75,
    OP_RESUME = 0x7A,
    OP_WRVCR = 0x81,
    OP_RDVCR = 0x85,
    OP_RDID_MIO = 0xAF,
    OP_RST = 0x99,
    OP_RDID2 = 0x9E,
    OP_RDID = 0x9F,
    OP_WRNVCR = 0xB1,
    OP_RDNVCR = 0xB5,
    OP_EN4B = 0xB7,
    OP_DIOFR = 0xBB,
    OP_DIOFR4B = 0xBC,
    OP_BE = 0xC7,
    OP_DE = 0xC4,
    OP_SE = 0xD8,
    OP_SE4B = 0xDC,
    OP_EX4B = 0xE9,
    OP_QIOFR = 0xEB,
    OP_QIOFR4B = 0xEC,
    OP_DTR_QIOFR = 0xED,
    OP_DTR_QIOFR4B = 0xEE,
};

/* the bus shape of the array commands */
enum { ADDR_MODE = 0, ADDR_4 = 4 }; /* 3 or 4 bytes as the mode says, or 4 */
typedef struct {
    uint8_t op;
    uint8_t addr; /* ADDR_MODE or ADDR_4 */
    uint8_t addr_lines;
    uint8_t data_lines;
    uint8_t dummy; /* default dummy cycles (reads) */
    bool dtr;
} ArrayOp;

static const ArrayOp reads[] = {
    { OP_READ, ADDR_MODE, 1, 1, 0, false },
    { OP_FAST_READ, ADDR_MODE, 1, 1, 8, false },
    { OP_DOFR, ADDR_MODE, 1, 2, 8, false },
    { OP_DIOFR, ADDR_MODE, 2, 2, 8, false },
    { OP_QOFR, ADDR_MODE, 1, 4, 8, false },
    { OP_QIOFR, ADDR_MODE, 4, 4, 10, false },
    { OP_READ4B, ADDR_4, 1, 1, 0, false },
    { OP_FAST_READ4B, ADDR_4, 1, 1, 8, false },
    { OP_DOFR4B, ADDR_4, 1, 2, 8, false },
    { OP_DIOFR4B, ADDR_4, 2, 2, 8, false },
    { OP_QOFR4B, ADDR_4, 1, 4, 8, false },
    { OP_QIOFR4B, ADDR_4, 4, 4, 10, false },
    { OP_DTR_FAST_READ, ADDR_MODE, 1, 1, 6, true },
    { OP_DTR_QOFR, ADDR_MODE, 1, 4, 6, true },
    { OP_DTR_QIOFR, ADDR_MODE, 4, 4, 8, true },
    { OP_DTR_QIOFR4B, ADDR_4, 4, 4, 8, true },
};

static const ArrayOp programs[] = {
    { OP_PP, ADDR_MODE, 1, 1, 0, false },
    { OP_QIFP, ADDR_MODE, 1, 4, 0, false },
    { OP_QIEFP, ADDR_MODE, 4, 4, 0, false },
    { OP_PP4B, ADDR_4, 1, 1, 0, false },
    { OP_QIFP4B, ADDR_4, 1, 4, 0, false },
    { OP_QIEFP4B, ADDR_4, 4, 4, 0, false },
};

static const ArrayOp *find_op(const ArrayOp *t, size_t n, uint8_t op)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].op == op) {
            return &t[i];
        }
    }
    return NULL;
}

static void nor_busy_done(void *opaque)
{
    Mt25qlState *s = opaque;
    s->sr &= ~(SR_WIP | SR_WEL);
    s->fsr |= FSR_READY;
}

static void nor_set_busy(Mt25qlState *s)
{
    s->sr |= SR_WIP;
    s->fsr &= ~FSR_READY;
}

/* SFDP: 4 KiB erase 0x20, 1-1-4 and 1-4-4 reads; the density */
#define SFDP_BFPT0   0xFFFB20E5u
#define SFDP_DENSITY 0x1FFFFFFFu /* bits - 1 */

static bool nor_error(Mt25qlState *s, const H7NorCmd *c, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR, "mt25ql512: command 0x%02x ignored: %s\n",
                  c->instruction, why);
    return false;
}

static unsigned addr_bytes_for(const Mt25qlState *s, uint8_t kind)
{
    return kind == ADDR_4 || s->addr4 ? 4 : 3;
}

static uint32_t addr_of(const H7NorCmd *c)
{
    return c->addr_bytes == 3 ? c->addr & 0xFFFFFF : c->addr;
}

/* an array command's address and data phases as its opcode wants */
static const char *check_shape(const Mt25qlState *s, const H7NorCmd *c,
                               const ArrayOp *o)
{
    if (!c->has_addr || c->addr_bytes != addr_bytes_for(s, o->addr)) {
        return s->addr4 ? "4-byte address mode wants 4 address bytes"
                        : "wrong address size for this command";
    }
    if (c->addr_lines != o->addr_lines ||
        (c->data_lines && c->data_lines != o->data_lines)) {
        return "address or data on the wrong number of lines for the opcode";
    }
    if (c->data_dtr != o->dtr) {
        return o->dtr ? "a DTR read with the data phase in STR"
                      : "an STR command with the data phase in DTR";
    }
    return NULL;
}

static bool nor_read_array(Mt25qlState *s, const H7NorCmd *c, const ArrayOp *o,
                           uint8_t *data, uint32_t len)
{
    unsigned vcr_dummy = s->vcr >> 4;
    unsigned want = (o->dummy == 0 || vcr_dummy == 0 || vcr_dummy == 0xF)
                        ? o->dummy
                        : vcr_dummy;
    const char *bad = check_shape(s, c, o);

    if (bad) {
        return nor_error(s, c, bad);
    }
    if (c->dummy != want) {
        memset(data, 0xFF, len); /* the chip answers out of step */
        return nor_error(s, c, "dummy cycles do not match the configuration");
    }
    h7_nor_array_read(&s->array, addr_of(c), data, len);
    return true;
}

static bool nor_erase(Mt25qlState *s, const H7NorCmd *c, uint8_t kind,
                      uint32_t size, uint32_t us)
{
    if (size < MT25QL_SIZE &&
        (!c->has_addr || c->addr_bytes != addr_bytes_for(s, kind))) {
        return nor_error(s, c, "wrong address size for this erase");
    }
    h7_nor_array_erase(&s->array, size < MT25QL_SIZE ? addr_of(c) : 0, size,
                       us);
    nor_set_busy(s);
    return true;
}

static bool needs_write_enable(uint8_t op)
{
    switch (op) {
    case OP_PP:
    case OP_QIFP:
    case OP_QIEFP:
    case OP_PP4B:
    case OP_QIFP4B:
    case OP_QIEFP4B:
    case OP_SSE:
    case OP_SSE4B:
    case OP_SSE32:
    case OP_SSE32_4B:
    case OP_SE:
    case OP_SE4B:
    case OP_BE:
    case OP_BE2:
    case OP_DE:
    case OP_WRSR:
    case OP_WRNVCR: return true;
    default: return false;
    }
}

static bool read_register(Mt25qlState *s, uint8_t op, uint8_t *data,
                          uint32_t len)
{
    /* JEDEC ID, then the extended ID (remaining length, factory options) */
    static const uint8_t id[20] = { 0x20, 0xBA, 0x20, 0x10, 0x44, 0x00 };
    for (uint32_t i = 0; i < len; i++) {
        switch (op) {
        case OP_RDSR: data[i] = s->sr; break;
        case OP_RFSR: data[i] = s->fsr; break;
        case OP_RDVCR: data[i] = s->vcr; break;
        case OP_RDEVCR: data[i] = s->evcr; break;
        case OP_RDNVCR: data[i] = s->nvcr >> (8 * (i & 1)); break;
        default: data[i] = id[i % sizeof(id)]; break;
        }
    }
    return true;
}

static void soft_reset(Mt25qlState *s)
{
    s->sr &= SR_WRITABLE; /* the protection bits are nonvolatile */
    s->fsr = FSR_READY;
    s->vcr = VCR_RESET;
    s->evcr = EVCR_RESET;
    s->addr4 = !(s->nvcr & NVCR_ADDR3);
    s->fsr |= s->addr4 ? FSR_ADDR4 : 0;
    s->reset_enabled = false;
    h7_nor_array_reset(&s->array);
}

bool mt25ql_transfer(Mt25qlState *s, const H7NorCmd *c, uint8_t *data,
                     uint32_t len, bool write)
{
    uint8_t op = c->instruction;
    const ArrayOp *o;

    h7_nor_array_sync(&s->array); /* a busy time whose deadline passed */

    trace_mt25ql_command(c->instruction, c->addr, len, write);
    if (c->inst_bytes != 1 || c->inst_lines != 1 || c->inst_dtr) {
        return nor_error(s, c,
                         "the flash takes one-byte instructions on one line "
                         "(extended SPI protocol)");
    }
    if ((s->sr & SR_WIP) && op != OP_RDSR && op != OP_RFSR) {
        return nor_error(s, c, "a program or erase is in progress (WIP)");
    }
    if (needs_write_enable(op) && !(s->sr & SR_WEL)) {
        return nor_error(s, c, "write enable (WEL) is not set");
    }
    if (op != OP_RSTEN && op != OP_RST) {
        s->reset_enabled = false;
    }
    if ((o = find_op(reads, ARRAY_SIZE(reads), op)) != NULL) {
        if (write) {
            return nor_error(s, c, "a read with a write data phase");
        }
        return nor_read_array(s, c, o, data, len);
    }
    if ((o = find_op(programs, ARRAY_SIZE(programs), op)) != NULL) {
        const char *bad = check_shape(s, c, o);
        if (bad || !write) {
            return nor_error(s, c, bad ? bad : "a program with a read phase");
        }
        h7_nor_array_program(&s->array, addr_of(c), data, len, PAGE,
                             s->t_pp_us);
        nor_set_busy(s);
        return true;
    }

    switch (op) {
    case OP_WREN: s->sr |= SR_WEL; return true;
    case OP_WRDI: s->sr &= ~SR_WEL; return true;
    case OP_RDSR:
    case OP_RFSR:
    case OP_RDVCR:
    case OP_RDEVCR:
    case OP_RDNVCR:
    case OP_RDID:
    case OP_RDID2:
        if (write) {
            return nor_error(s, c, "a register read with a write data phase");
        }
        return read_register(s, op, data, len);
    case OP_RDID_MIO:
        return nor_error(s, c,
                         "MULTIPLE I/O READ ID answers in quad or dual "
                         "protocol only (not modelled)");
    case OP_CLFSR: s->fsr &= ~FSR_ERRORS; return true;
    case OP_WRSR:
        if (write && len >= 1) {
            s->sr = (s->sr & (SR_WIP | SR_WEL)) | (data[0] & SR_WRITABLE);
        }
        s->sr &= ~SR_WEL;
        return true;
    case OP_WRVCR:
    case OP_WREVCR:
        if (!write || len < 1) {
            return nor_error(s, c, "register write without data");
        }
        if (op == OP_WREVCR && (~data[0] & (EVCR_QUAD_OFF | EVCR_DUAL_OFF))) {
            qemu_log_mask(LOG_UNIMP, "mt25ql512: quad/dual protocol mode "
                                     "not modelled: EVCR kept\n");
            return true;
        }
        *(op == OP_WRVCR ? &s->vcr : &s->evcr) = data[0];
        return true;
    case OP_WRNVCR:
        if (!write || len < 2) {
            return nor_error(s, c,
                             "WRITE NONVOLATILE CONFIGURATION takes "
                             "two bytes");
        }
        s->nvcr = data[0] | data[1] << 8; /* takes effect at the next reset */
        s->sr &= ~SR_WEL;
        return true;
    case OP_EN4B:
    case OP_EX4B:
        s->addr4 = op == OP_EN4B;
        s->fsr = (s->fsr & ~FSR_ADDR4) | (s->addr4 ? FSR_ADDR4 : 0);
        trace_mt25ql_addr4(s->addr4);
        return true;
    case OP_SSE: return nor_erase(s, c, ADDR_MODE, SUBSECTOR, s->t_sse_us);
    case OP_SSE4B: return nor_erase(s, c, ADDR_4, SUBSECTOR, s->t_sse_us);
    case OP_SSE32:
        return nor_erase(s, c, ADDR_MODE, SUBSECTOR32, s->t_sse32_us);
    case OP_SSE32_4B:
        return nor_erase(s, c, ADDR_4, SUBSECTOR32, s->t_sse32_us);
    case OP_SE: return nor_erase(s, c, ADDR_MODE, SECTOR, s->t_se_us);
    case OP_SE4B: return nor_erase(s, c, ADDR_4, SECTOR, s->t_se_us);
    case OP_BE:
    case OP_BE2:
    case OP_DE: /* one die: the die is the chip */
        return nor_erase(s, c, ADDR_MODE, MT25QL_SIZE, s->t_be_us);
    case OP_SFDP:
        if (!c->has_addr || c->addr_bytes != 3 || c->dummy != 8) {
            return nor_error(s, c,
                             "SFDP takes 3 address bytes and 8 dummy "
                             "cycles");
        }
        for (uint32_t i = 0; i < len; i++) {
            data[i] = h7_nor_sfdp_byte(addr_of(c) + i, SFDP_BFPT0,
                                       SFDP_DENSITY);
        }
        return true;
    case OP_SUSPEND:
    case OP_RESUME:
        return nor_error(s, c, "program/erase suspend not modelled");
    case OP_RSTEN: s->reset_enabled = true; return true;
    case OP_RST:
        if (!s->reset_enabled) {
            return nor_error(s, c, "reset without reset-enable");
        }
        soft_reset(s);
        return true;
    default: return nor_error(s, c, "opcode not modelled");
    }
}

void mt25ql_power_cut(Mt25qlState *s)
{
    h7_nor_array_power_cut(&s->array);
    nor_busy_done(s);
}

static void nor_reset(DeviceState *dev)
{
    Mt25qlState *s = MT25QL512(dev);

    s->sr &= SR_WRITABLE;
    soft_reset(s);
}

static void nor_realize(DeviceState *dev, Error **errp)
{
    Mt25qlState *s = MT25QL512(dev);

    if (!h7_nor_array_realize(&s->array, OBJECT(dev), s->blk, MT25QL_SIZE,
                              "mt25ql512", nor_busy_done, s, errp)) {
        return;
    }
    s->nvcr = NVCR_RESET;
    /* on no bus: system resets reach the chip through the reset container */
    qemu_register_resettable(OBJECT(dev));
}

static void nor_init(Object *obj)
{
    h7_nor_array_add_counters(&MT25QL512(obj)->array, obj);
}

static const Property nor_props[] = {
    DEFINE_PROP_DRIVE("drive", Mt25qlState, blk),
    DEFINE_PROP_UINT32("t-pp-us", Mt25qlState, t_pp_us, 120),
    DEFINE_PROP_UINT32("t-sse-us", Mt25qlState, t_sse_us, 50000),
    DEFINE_PROP_UINT32("t-sse32-us", Mt25qlState, t_sse32_us, 100000),
    DEFINE_PROP_UINT32("t-se-us", Mt25qlState, t_se_us, 150000),
    DEFINE_PROP_UINT32("t-be-us", Mt25qlState, t_be_us, 153000000),
};

static const VMStateDescription vmstate_nor = {
    .name = TYPE_MT25QL512,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT8(sr, Mt25qlState),
                                      VMSTATE_UINT8(fsr, Mt25qlState),
                                      VMSTATE_UINT8(vcr, Mt25qlState),
                                      VMSTATE_UINT8(evcr, Mt25qlState),
                                      VMSTATE_UINT16(nvcr, Mt25qlState),
                                      VMSTATE_BOOL(addr4, Mt25qlState),
                                      VMSTATE_BOOL(reset_enabled, Mt25qlState),
                                      VMSTATE_H7_NOR_ARRAY(array, Mt25qlState),
                                      VMSTATE_END_OF_LIST() }
};

static void nor_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = nor_realize;
    device_class_set_legacy_reset(dc, nor_reset);
    dc->vmsd = &vmstate_nor;
    device_class_set_props(dc, nor_props);
}

static const TypeInfo nor_types[] = {
    {
        .name = TYPE_MT25QL512,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(Mt25qlState),
        .instance_init = nor_init,
        .class_init = nor_class_init,
    },
};
DEFINE_TYPES(nor_types)
