/*
 * Macronix MX25UW25645G: 256 Mbit (32 MiB) 1.8 V octal NOR flash.
 *
 * Interfaces: SPI (1 line, one-byte opcodes), octal STR and octal DTR
 * (8 lines, two-byte opcodes: the opcode then its complement), selected by
 * configuration register 2 at address 0 (0: SPI, 1: STR OPI, 2: DTR OPI);
 * the dummy cycles of octal reads come from CR2 at 0x300 (default 20).  A
 * command on the wrong interface, with the wrong dummy cycles, or without
 * write enable is ignored and logged, as the chip ignores it.
 *
 * Status register: WIP (bit 0) while a program or erase runs, for its
 * typical time in virtual time (properties: page program 150 us, 4 KiB
 * sector 25 ms, 64 KiB block 220 ms, chip 60 s), WEL (bit 1).  Page program
 * wraps inside its 256-byte page and can only clear bits.  JEDEC ID C2 84 39
 * and an SFDP table.  Contents in the "drive" (-drive if=mtd,format=raw).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "system/block-backend.h"
#include "system/reset.h"
#include "migration/vmstate.h"
#include "mx25uw25645g.h"
#include "trace.h"

#define PAGE   256
#define SECTOR 4096
#define BLOCK  65536

#define SR_WIP 0x01
#define SR_WEL 0x02

enum { MODE_SPI, MODE_STR, MODE_DTR };
static const char *const mode_names[] = { "SPI", "octal STR", "octal DTR" };

/* SPI opcodes; in octal mode the same with the complement as second byte */
enum {
    OP_WRSR = 0x01,
    OP_PP = 0x02,
    OP_READ = 0x03,
    OP_WRDI = 0x04,
    OP_RDSR = 0x05,
    OP_WREN = 0x06,
    OP_FAST_READ = 0x0B,
    OP_FAST_READ4B = 0x0C,
    OP_PP4B = 0x12,
    OP_READ4B = 0x13,
    OP_RDCR = 0x15,
    OP_SE = 0x20,
    OP_SE4B = 0x21,
    OP_SFDP = 0x5A,
    OP_CE = 0x60,
    OP_RSTEN = 0x66,
    OP_WRCR2 = 0x72,
    OP_RDCR2 = 0x71,
    OP_RST = 0x99,
    OP_RDID = 0x9F,
    OP_CE2 = 0xC7,
    OP_BE = 0xD8,
    OP_BE4B = 0xDC,
    OP_8READ = 0xEC,
    OP_8DTRD = 0xEE,
};

static void nor_busy_done(void *opaque)
{
    Mx25uwState *s = opaque;
    s->sr &= ~(SR_WIP | SR_WEL);
}

bool mx25uw_busy(Mx25uwState *s)
{
    h7_nor_array_sync(&s->array);
    return s->sr & SR_WIP;
}

/* SFDP: 4 KiB erase 0x20, 1-1-4 and 1-4-4 reads; the density */
#define SFDP_BFPT0   0xFFFB20E5u
#define SFDP_DENSITY 0x0FFFFFFFu /* bits - 1 */

static bool nor_error(Mx25uwState *s, const Mx25uwCmd *c, const char *why)
{
    qemu_log_mask(LOG_GUEST_ERROR, "mx25uw25645g: command 0x%0*x ignored: %s\n",
                  c->inst_bytes * 2, c->instruction, why);
    return false;
}

/* the bus shape the current interface wants */
static const char *check_interface(Mx25uwState *s, const Mx25uwCmd *c,
                                   uint8_t *op)
{
    if (s->cr2_mode == MODE_SPI) {
        if (c->inst_bytes != 1 || c->inst_lines != 1 || c->inst_dtr) {
            return "the flash is in SPI mode (1-line, one-byte instructions)";
        }
        *op = c->instruction;
        return NULL;
    }
    if (c->inst_bytes != 2 || c->inst_lines != 8 ||
        c->inst_dtr != (s->cr2_mode == MODE_DTR)) {
        return s->cr2_mode == MODE_DTR ? "the flash is in octal DTR mode"
                                       : "the flash is in octal STR mode";
    }
    if ((c->instruction & 0xFF) != (~(c->instruction >> 8) & 0xFF)) {
        return "the second instruction byte is not the complement of the first";
    }
    if ((c->data_lines && c->data_lines != 8) ||
        (c->has_addr && c->addr_bytes != 4)) {
        return "octal commands take 8 data lines and 4-byte addresses";
    }
    *op = c->instruction >> 8;
    return NULL;
}

static uint32_t addr_of(const Mx25uwCmd *c)
{
    return c->addr_bytes == 3 ? c->addr & 0xFFFFFF : c->addr;
}

static const char dummy_mismatch[] =
    "dummy cycles do not match the configuration";

/* why op on c would not read the array as it is, or NULL */
static const char *read_refusal(Mx25uwState *s, const Mx25uwCmd *c, uint8_t op)
{
    switch (op) {
    case OP_READ:
    case OP_READ4B:
    case OP_FAST_READ:
    case OP_FAST_READ4B:
        if (s->cr2_mode != MODE_SPI) {
            return "SPI read in octal mode";
        }
        break;
    case OP_8READ:
    case OP_8DTRD:
        if (s->cr2_mode == MODE_SPI ||
            (op == OP_8DTRD) != (s->cr2_mode == MODE_DTR)) {
            return "octal read of the other rate";
        }
        break;
    default: return "not a read";
    }
    unsigned want_dummy = s->cr2_mode == MODE_SPI
                              ? (op == OP_READ || op == OP_READ4B ? 0 : 8)
                              : s->cr2_dummy;
    if ((op == OP_READ || op == OP_FAST_READ) ? c->addr_bytes != 3
                                              : c->addr_bytes != 4) {
        return "wrong address size for this read";
    }
    return c->dummy != want_dummy ? dummy_mismatch : NULL;
}

static bool nor_read_array(Mx25uwState *s, const Mx25uwCmd *c, uint8_t op,
                           uint8_t *data, uint32_t len)
{
    const char *bad = read_refusal(s, c, op);

    if (bad == dummy_mismatch) {
        memset(data, 0xFF, len); /* the chip answers out of step */
    }
    if (bad) {
        return nor_error(s, c, bad);
    }
    if (s->cr2_mode == MODE_DTR && !c->dqs) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mx25uw25645g: octal DTR read without DQS: "
                      "data would not be captured reliably on the board\n");
    }
    h7_nor_array_read(&s->array, addr_of(c), data, len);
    return true;
}

static bool nor_program(Mx25uwState *s, const Mx25uwCmd *c, const uint8_t *data,
                        uint32_t len)
{
    h7_nor_array_program(&s->array, addr_of(c), data, len, PAGE, s->t_pp_us);
    s->sr |= SR_WIP;
    return true;
}

static bool nor_erase(Mx25uwState *s, uint32_t a, uint32_t size, uint32_t us)
{
    h7_nor_array_erase(&s->array, a, size, us);
    s->sr |= SR_WIP;
    return true;
}

bool mx25uw_reads_array(Mx25uwState *s, const Mx25uwCmd *c)
{
    uint8_t op = 0;

    h7_nor_array_sync(&s->array);
    /* as mx25uw_transfer would read it, with nothing to log or change */
    return !check_interface(s, c, &op) && !(s->sr & SR_WIP) &&
           !s->reset_enabled && !read_refusal(s, c, op) &&
           (s->cr2_mode != MODE_DTR || c->dqs);
}

MemoryRegion *mx25uw_window(Mx25uwState *s)
{
    return &s->array.window;
}

void mx25uw_own_window(Mx25uwState *s,
                       MemTxResult (*write)(void *opaque, hwaddr addr,
                                            uint64_t data, unsigned size,
                                            MemTxAttrs attrs),
                       void *opaque)
{
    h7_nor_array_own_window(&s->array, write, opaque);
}

bool mx25uw_transfer(Mx25uwState *s, const Mx25uwCmd *c, uint8_t *data,
                     uint32_t len, bool write)
{
    uint8_t op = 0;
    const char *bad = check_interface(s, c, &op);

    h7_nor_array_sync(&s->array); /* a busy time whose deadline passed */

    trace_mx25uw_command(c->instruction, c->addr, len, write);
    if (bad) {
        return nor_error(s, c, bad);
    }
    if ((s->sr & SR_WIP) && op != OP_RDSR) {
        return nor_error(s, c, "a program or erase is in progress (WIP)");
    }
    bool needs_wel = op == OP_PP || op == OP_PP4B || op == OP_SE ||
                     op == OP_SE4B || op == OP_BE || op == OP_BE4B ||
                     op == OP_CE || op == OP_CE2 || op == OP_WRSR ||
                     op == OP_WRCR2;
    if (needs_wel && !(s->sr & SR_WEL)) {
        return nor_error(s, c, "write enable (WEL) is not set");
    }
    if (needs_wel && !write && op != OP_SE && op != OP_SE4B && op != OP_BE &&
        op != OP_BE4B && op != OP_CE && op != OP_CE2) {
        return nor_error(s, c, "a write command with a read data phase");
    }
    if (op != OP_RSTEN && op != OP_RST) {
        s->reset_enabled = false;
    }

    switch (op) {
    case OP_WREN: s->sr |= SR_WEL; return true;
    case OP_WRDI: s->sr &= ~SR_WEL; return true;
    case OP_RDSR:
    case OP_RDCR:
    case OP_RDID: {
        uint8_t id[3] = { 0xC2, 0x84, 0x39 };
        for (uint32_t i = 0; i < len; i++) {
            data[i] = op == OP_RDSR ? s->sr : op == OP_RDCR ? s->cr : id[i % 3];
        }
        return true;
    }
    case OP_WRSR:
        if (len >= 1) {
            s->sr = (s->sr & (SR_WIP | SR_WEL)) | (data[0] & 0xBC);
        }
        if (len >= 2) {
            s->cr = data[1];
        }
        s->sr &= ~SR_WEL;
        return true;
    case OP_RDCR2:
    case OP_WRCR2: {
        uint32_t a = addr_of(c);
        uint8_t *reg = a == 0       ? &s->cr2_mode
                       : a == 0x300 ? &s->cr2_dummy
                                    : NULL;
        if (!c->has_addr || !reg) {
            return nor_error(
                s, c, "CR2 address not modelled (0x0 mode, 0x300 dummy)");
        }
        if (op == OP_RDCR2) {
            memset(data, *reg, len);
            return true;
        }
        if (len < 1) {
            return nor_error(s, c, "WRCR2 without data");
        }
        if (reg == &s->cr2_mode && data[0] > MODE_DTR) {
            return nor_error(s, c, "CR2 mode value reserved");
        }
        *reg = data[0];
        s->sr &= ~SR_WEL;
        if (reg == &s->cr2_mode) {
            trace_mx25uw_mode(mode_names[*reg]);
        }
        return true;
    }
    case OP_READ:
    case OP_READ4B:
    case OP_FAST_READ:
    case OP_FAST_READ4B:
    case OP_8READ:
    case OP_8DTRD: return nor_read_array(s, c, op, data, len);
    case OP_PP:
    case OP_PP4B:
        if ((op == OP_PP) != (c->addr_bytes == 3) || !c->has_addr) {
            return nor_error(s, c, "wrong address size for page program");
        }
        return nor_program(s, c, data, len);
    case OP_SE:
    case OP_SE4B: return nor_erase(s, addr_of(c), SECTOR, s->t_se_us);
    case OP_BE:
    case OP_BE4B: return nor_erase(s, addr_of(c), BLOCK, s->t_be_us);
    case OP_CE:
    case OP_CE2: return nor_erase(s, 0, MX25UW_SIZE, s->t_ce_us);
    case OP_SFDP:
        for (uint32_t i = 0; i < len; i++) {
            data[i] = h7_nor_sfdp_byte(addr_of(c) + i, SFDP_BFPT0,
                                       SFDP_DENSITY);
        }
        return true;
    case OP_RSTEN: s->reset_enabled = true; return true;
    case OP_RST:
        if (!s->reset_enabled) {
            return nor_error(s, c, "reset without reset-enable");
        }
        s->sr = 0;
        s->cr2_mode = MODE_SPI;
        s->cr2_dummy = 20;
        s->reset_enabled = false;
        trace_mx25uw_mode("SPI (reset)");
        return true;
    default: return nor_error(s, c, "opcode not modelled");
    }
}

static void nor_reset(DeviceState *dev)
{
    Mx25uwState *s = MX25UW25645G(dev);

    s->sr = 0;
    s->cr = 0;
    s->cr2_mode = MODE_SPI;
    s->cr2_dummy = 20;
    s->reset_enabled = false;
    h7_nor_array_reset(&s->array);
}

static void nor_realize(DeviceState *dev, Error **errp)
{
    Mx25uwState *s = MX25UW25645G(dev);

    if (!h7_nor_array_realize(&s->array, OBJECT(dev), s->blk, MX25UW_SIZE,
                              "mx25uw25645g", nor_busy_done, s, errp)) {
        return;
    }
    /* on no bus: system resets reach the chip through the reset container */
    qemu_register_resettable(OBJECT(dev));
}

static void nor_init(Object *obj)
{
    h7_nor_array_add_counters(&MX25UW25645G(obj)->array, obj);
}

static const Property nor_props[] = {
    DEFINE_PROP_DRIVE("drive", Mx25uwState, blk),
    DEFINE_PROP_UINT32("t-pp-us", Mx25uwState, t_pp_us, 150),
    DEFINE_PROP_UINT32("t-se-us", Mx25uwState, t_se_us, 25000),
    DEFINE_PROP_UINT32("t-be-us", Mx25uwState, t_be_us, 220000),
    DEFINE_PROP_UINT32("t-ce-us", Mx25uwState, t_ce_us, 60000000),
};

static const VMStateDescription vmstate_nor = {
    .name = TYPE_MX25UW25645G,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]){ VMSTATE_UINT8(sr, Mx25uwState),
                                      VMSTATE_UINT8(cr, Mx25uwState),
                                      VMSTATE_UINT8(cr2_mode, Mx25uwState),
                                      VMSTATE_UINT8(cr2_dummy, Mx25uwState),
                                      VMSTATE_BOOL(reset_enabled, Mx25uwState),
                                      VMSTATE_H7_NOR_ARRAY(array, Mx25uwState),
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
        .name = TYPE_MX25UW25645G,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(Mx25uwState),
        .instance_init = nor_init,
        .class_init = nor_class_init,
    },
};
DEFINE_TYPES(nor_types)
