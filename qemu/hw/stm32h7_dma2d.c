/*
 * STM32H7 Chrom-ART accelerator (DMA2D, RM0399): register-to-memory fill,
 * memory-to-memory copy, copy with pixel-format conversion, and blending
 * of a foreground over a background (also with a fixed foreground or
 * background colour), for ARGB8888, RGB888, RGB565, ARGB1555 and ARGB4444
 * in and out, and A8 and A4 in (alpha from memory, the colour from
 * FGCOLR/BGCOLR: anti-aliased text); the CLUT formats L8, AL44, AL88 and L4
 * are logged as unimplemented.  Alpha modes (replace, multiply), alpha
 * inversion and red/blue swap apply to the inputs.
 *
 * A transfer takes one rcc_hclk3 cycle a pixel (ST's figure for the
 * accelerator's throughput): CR.START stays set, the configuration
 * registers are read-only, and the memory is written when it ends, then
 * TCIF is set; CR.ABORT ends it early with nothing written.  A bad
 * configuration sets CEIF at once, an unreadable or unwritable address
 * TEIF at the end instead.
 *
 * Blending, per channel (all values 0..255, divisions rounded):
 *   aM = aFG * aBG / 255;  aOUT = aFG + aBG - aM
 *   C  = (CFG * aFG + CBG * aBG - CBG * aM) / aOUT    (0 when aOUT is 0)
 * RM0090 (the same block on the F4) says these divisions round down; the
 * model rounds to nearest, so blends with 0 < alpha < 255 may differ from
 * the chip's by one step.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/qdev-clock.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "exec/address-spaces.h"
#include "system/dma.h"
#include "migration/vmstate.h"
#include "stm32h7_pixel.h"
#include "stm32h7_dma2d.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, START, 0, 1)
    FIELD(CR, SUSP, 1, 1)
    FIELD(CR, ABORT, 2, 1)
    FIELD(CR, MODE, 16, 3)
REG32(ISR, 0x04)
REG32(IFCR, 0x08)
REG32(FGMAR, 0x0C)
REG32(FGOR, 0x10)
REG32(BGMAR, 0x14)
REG32(BGOR, 0x18)
REG32(FGPFCCR, 0x1C)
    FIELD(PFCCR, CM, 0, 4)
    FIELD(PFCCR, START, 5, 1)
    FIELD(PFCCR, AM, 16, 2)
    FIELD(PFCCR, AI, 20, 1)
    FIELD(PFCCR, RBS, 21, 1)
    FIELD(PFCCR, ALPHA, 24, 8)
REG32(FGCOLR, 0x20)
REG32(BGPFCCR, 0x24)
REG32(BGCOLR, 0x28)
REG32(FGCMAR, 0x2C)
REG32(BGCMAR, 0x30)
REG32(OPFCCR, 0x34)
    FIELD(OPFCCR, CM, 0, 3)
    FIELD(OPFCCR, SB, 8, 1)
    FIELD(OPFCCR, AI, 20, 1)
    FIELD(OPFCCR, RBS, 21, 1)
REG32(OCOLR, 0x38)
REG32(OMAR, 0x3C)
REG32(OOR, 0x40)
REG32(NLR, 0x44)
    FIELD(NLR, NL, 0, 16)
    FIELD(NLR, PL, 16, 14)
REG32(LWR, 0x48)
REG32(AMTCR, 0x4C)
/* clang-format on */

#define ISR_TEIF  (1u << 0)
#define ISR_TCIF  (1u << 1)
#define ISR_TWIF  (1u << 2)
#define ISR_CAEIF (1u << 3)
#define ISR_CTCIF (1u << 4)
#define ISR_CEIF  (1u << 5)

enum {
    MODE_M2M,
    MODE_M2M_PFC,
    MODE_M2M_BLEND,
    MODE_R2M,
    MODE_BLEND_FIXED_FG,
    MODE_BLEND_FIXED_BG
};

/* FGPFCCR/BGPFCCR.CM beyond the direct formats (stm32h7_pixel.h) */
enum {
    CM_L8 = PF_NUM_DIRECT,
    CM_AL44,
    CM_AL88,
    CM_L4,
    CM_A8,
    CM_A4,
    CM_NUM_IN
};

static const unsigned in_bits[CM_NUM_IN] = { 32, 24, 16, 16, 16, 8,
                                             8,  16, 4,  8,  4 };

#define R(s, a) ((s)->regs[(a) / 4])

static void dma2d_update_irq(Stm32h7Dma2dState *s)
{
    /* CR bits 8..13 enable ISR bits 0..5 */
    qemu_set_irq(s->irq, !!(R(s, A_ISR) & (R(s, A_CR) >> 8) & 0x3F));
}

/* an input pixel after the PFC: alpha mode, alpha inversion, R/B swap */
static uint32_t pfc_in(uint32_t pfccr, uint32_t c)
{
    uint32_t a = c >> 24, alpha = FIELD_EX32(pfccr, PFCCR, ALPHA);

    if (FIELD_EX32(pfccr, PFCCR, AI)) {
        a = 255 - a;
    }
    switch (FIELD_EX32(pfccr, PFCCR, AM)) {
    case 1: a = alpha; break;
    case 2: a = pf_mul255(a, alpha); break;
    }
    if (FIELD_EX32(pfccr, PFCCR, RBS)) {
        c = (c & 0xFF00) | (c >> 16 & 0xFF) | (c & 0xFF) << 16;
    }
    return (c & 0xFFFFFF) | a << 24;
}

static uint32_t pfc_out(uint32_t opfccr, uint32_t c)
{
    if (FIELD_EX32(opfccr, OPFCCR, AI)) {
        c ^= 0xFF000000;
    }
    if (FIELD_EX32(opfccr, OPFCCR, RBS)) {
        c = (c & 0xFF00FF00) | (c >> 16 & 0xFF) | (c & 0xFF) << 16;
    }
    return c;
}

static uint32_t blend(uint32_t fg, uint32_t bg)
{
    uint32_t af = fg >> 24, ab = bg >> 24;
    uint32_t am = pf_mul255(af, ab), ao = af + ab - am, out = 0;

    if (!ao) {
        return 0;
    }
    for (int sh = 0; sh < 24; sh += 8) {
        uint32_t cf = fg >> sh & 0xFF, cb = bg >> sh & 0xFF;
        uint32_t num = cf * af + cb * ab - cb * am;
        out |= ((num + ao / 2) / ao) << sh;
    }
    return out | ao << 24;
}

/* pixel x of an input line in format cm; colr gives A8/A4 their colour */
static uint32_t in_load(unsigned cm, const uint8_t *line, uint32_t x,
                        uint32_t colr)
{
    switch (cm) {
    case CM_A8: return (colr & 0xFFFFFF) | (uint32_t)line[x] << 24;
    case CM_A4: /* two pixels a byte, the first in the low nibble */
        return (colr & 0xFFFFFF) | pf_w4(line[x / 2] >> (4 * (x & 1)) & 0xF)
                                       << 24;
    default: return pf_load(cm, &line[x * pf_bytes[cm]]);
    }
}

static bool line_io(Stm32h7Dma2dState *s, uint64_t addr, uint8_t *buf,
                    uint32_t len, bool write)
{
    MemTxResult r = write ? dma_memory_write(&address_space_memory, addr, buf,
                                             len, MEMTXATTRS_UNSPECIFIED)
                          : dma_memory_read(&address_space_memory, addr, buf,
                                            len, MEMTXATTRS_UNSPECIFIED);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-dma2d: %s of 0x%08" PRIx64 " failed: "
                      "transfer error\n",
                      write ? "write" : "read", addr);
    }
    return r == MEMTX_OK;
}

static uint32_t dma2d_check(Stm32h7Dma2dState *s, unsigned mode)
{
    unsigned ocm = FIELD_EX32(R(s, A_OPFCCR), OPFCCR, CM);
    unsigned fcm = FIELD_EX32(R(s, A_FGPFCCR), PFCCR, CM);
    unsigned bcm = FIELD_EX32(R(s, A_BGPFCCR), PFCCR, CM);
    bool fg = mode != MODE_R2M && mode != MODE_BLEND_FIXED_FG;
    bool bg = mode == MODE_M2M_BLEND || mode == MODE_BLEND_FIXED_FG;

    if (mode > MODE_BLEND_FIXED_BG) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-dma2d: CR.MODE %u reserved\n",
                      mode);
        return ISR_CEIF;
    }
    if (ocm >= PF_NUM_DIRECT) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-dma2d: OPFCCR.CM %u reserved\n",
                      ocm);
        return ISR_CEIF;
    }
    for (int i = 0; i < 2; i++) {
        unsigned cm = i ? bcm : fcm;
        uint32_t lo = R(s, i ? A_BGOR : A_FGOR) & 0xFFFF;

        if (!(i ? bg : fg)) {
            continue;
        }
        if (cm >= CM_NUM_IN) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-dma2d: %sPFCCR.CM %u reserved\n",
                          i ? "BG" : "FG", cm);
            return ISR_CEIF;
        }
        if (cm >= CM_L8 && cm <= CM_L4) {
            qemu_log_mask(LOG_UNIMP,
                          "stm32h7-dma2d: %s input format %u (a CLUT one) "
                          "not modelled\n",
                          i ? "background" : "foreground", cm);
            return ISR_CEIF;
        }
        if (in_bits[cm] == 4 && ((FIELD_EX32(R(s, A_NLR), NLR, PL) | lo) & 1)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-dma2d: a 4-bit %s needs an even pixel "
                          "count and line offset (PL %u, offset %u)\n",
                          i ? "background" : "foreground",
                          (unsigned)FIELD_EX32(R(s, A_NLR), NLR, PL),
                          (unsigned)lo);
            return ISR_CEIF;
        }
    }
    if (mode == MODE_M2M && fcm != ocm) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-dma2d: memory-to-memory copy needs the "
                      "same format in and out (FG %u, out %s)\n",
                      fcm, pf_names[ocm]);
        return ISR_CEIF;
    }
    if (FIELD_EX32(R(s, A_NLR), NLR, PL) > 16384) {
        return ISR_CEIF;
    }
    return 0;
}

/* address of line y of an image at mar with line offset or (in pixels) */
static uint64_t line_addr(uint32_t mar, uint32_t or, uint32_t y, uint32_t pl,
                          unsigned bits)
{
    return mar + (uint64_t)y * (pl + (or &0xFFFF)) * bits / 8;
}

/* the memory side of a transfer dma2d_check accepted: 0 or ISR_TEIF */
static uint32_t dma2d_transfer(Stm32h7Dma2dState *s)
{
    unsigned mode = FIELD_EX32(R(s, A_CR), CR, MODE);
    uint32_t fgp = R(s, A_FGPFCCR), bgp = R(s, A_BGPFCCR), op = R(s, A_OPFCCR);
    unsigned fcm = FIELD_EX32(fgp, PFCCR, CM), bcm = FIELD_EX32(bgp, PFCCR, CM);
    unsigned ocm = FIELD_EX32(op, OPFCCR, CM);
    uint32_t pl = FIELD_EX32(R(s, A_NLR), NLR, PL),
             nl = FIELD_EX32(R(s, A_NLR), NLR, NL);
    bool read_fg = mode != MODE_R2M && mode != MODE_BLEND_FIXED_FG;
    bool read_bg = mode == MODE_M2M_BLEND || mode == MODE_BLEND_FIXED_FG;
    /* a format the mode does not read was not checked: any size does */
    unsigned fbits = in_bits[fcm < CM_NUM_IN ? fcm : 0],
             bbits = in_bits[bcm < CM_NUM_IN ? bcm : 0], ob = pf_bytes[ocm];
    uint32_t flen = (pl * fbits + 7) / 8, blen = (pl * bbits + 7) / 8;

    for (uint32_t y = 0; y < nl; y++) {
        uint64_t fa = line_addr(R(s, A_FGMAR), R(s, A_FGOR), y, pl, fbits);
        uint64_t ba = line_addr(R(s, A_BGMAR), R(s, A_BGOR), y, pl, bbits);
        uint64_t oa = line_addr(R(s, A_OMAR), R(s, A_OOR), y, pl, ob * 8);

        if (mode == MODE_M2M) {
            if (!line_io(s, fa, s->fg, flen, false) ||
                !line_io(s, oa, s->fg, flen, true)) {
                return ISR_TEIF;
            }
            continue;
        }
        if ((read_fg && !line_io(s, fa, s->fg, flen, false)) ||
            (read_bg && !line_io(s, ba, s->bg, blen, false))) {
            return ISR_TEIF;
        }
        for (uint32_t x = 0; x < pl; x++) {
            uint32_t c;
            if (mode == MODE_R2M) {
                /* OCOLR holds the colour already in the output format */
                uint32_t v = R(s, A_OCOLR);
                uint8_t *p = &s->out[x * ob];
                for (unsigned k = 0; k < ob; k++) {
                    p[k] = v >> (8 * k);
                }
                continue;
            }
            uint32_t f = mode == MODE_BLEND_FIXED_FG
                             ? R(s, A_FGCOLR) | 0xFF000000
                             : in_load(fcm, s->fg, x, R(s, A_FGCOLR));
            f = pfc_in(fgp, f);
            if (mode == MODE_M2M_PFC) {
                c = f;
            } else {
                uint32_t b = mode == MODE_BLEND_FIXED_BG
                                 ? R(s, A_BGCOLR) | 0xFF000000
                                 : in_load(bcm, s->bg, x, R(s, A_BGCOLR));
                c = blend(f, pfc_in(bgp, b));
            }
            pf_store(ocm, &s->out[x * ob], pfc_out(op, c));
        }
        if (FIELD_EX32(op, OPFCCR, SB) && ob == 2) {
            for (uint32_t x = 0; x + 1 < pl; x += 2) { /* swap pixel pairs */
                uint16_t t;
                memcpy(&t, &s->out[x * 2], 2);
                memcpy(&s->out[x * 2], &s->out[x * 2 + 2], 2);
                memcpy(&s->out[x * 2 + 2], &t, 2);
            }
        }
        if (!line_io(s, oa, s->out, pl * ob, true)) {
            return ISR_TEIF;
        }
    }
    return 0;
}

static void dma2d_finish(Stm32h7Dma2dState *s, uint32_t err)
{
    uint32_t nl = FIELD_EX32(R(s, A_NLR), NLR, NL);

    R(s, A_CR) &= ~R_CR_START_MASK;
    R(s, A_ISR) |= err ? err : ISR_TCIF;
    s->transfers += !err;
    if (R(s, A_LWR) && nl >= (R(s, A_LWR) & 0xFFFF) && !err) {
        R(s, A_ISR) |= ISR_TWIF;
    }
    trace_stm32h7_dma2d_done(err);
    dma2d_update_irq(s);
}

static void dma2d_done(void *opaque)
{
    Stm32h7Dma2dState *s = opaque;

    dma2d_finish(s, dma2d_transfer(s));
}

/* CR.START: a bad configuration ends it at once, else it runs its time */
static void dma2d_start(Stm32h7Dma2dState *s)
{
    unsigned mode = FIELD_EX32(R(s, A_CR), CR, MODE);
    uint32_t pl = FIELD_EX32(R(s, A_NLR), NLR, PL),
             nl = FIELD_EX32(R(s, A_NLR), NLR, NL);
    uint32_t err = dma2d_check(s, mode);
    uint64_t ns;

    trace_stm32h7_dma2d_start(mode, pl, nl,
                              FIELD_EX32(R(s, A_OPFCCR), OPFCCR, CM));
    if (err) {
        dma2d_finish(s, err);
        return;
    }
    ns = clock_ticks_to_ns(s->clk, (uint64_t)pl * nl);
    timer_mod(s->done, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

static uint64_t dma2d_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7Dma2dState *s = opaque;

    if (addr >= STM32H7_DMA2D_NREGS * 4) {
        return 0; /* CLUT memories: not modelled */
    }
    return addr == A_IFCR ? 0 : R(s, addr);
}

static void dma2d_write(void *opaque, hwaddr addr, uint64_t val64,
                        unsigned size)
{
    Stm32h7Dma2dState *s = opaque;
    uint32_t val = val64;

    if (addr >= STM32H7_DMA2D_NREGS * 4) {
        qemu_log_mask(LOG_UNIMP,
                      "stm32h7-dma2d: CLUT memory write not modelled\n");
        return;
    }
    if (timer_pending(s->done) && addr != A_CR && addr != A_IFCR &&
        addr != A_ISR) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-dma2d: 0x%02x written during a transfer: "
                      "ignored (read-only while CR.START is set)\n",
                      (unsigned)addr);
        return;
    }
    switch (addr) {
    case A_CR:
        if (val & R_CR_ABORT_MASK) {
            timer_del(s->done);
            R(s, A_CR) &= ~R_CR_START_MASK;
            break;
        }
        if (timer_pending(s->done)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-dma2d: CR written during a transfer "
                          "without ABORT: ignored\n");
            return;
        }
        if (val & R_CR_SUSP_MASK) {
            qemu_log_mask(LOG_UNIMP, "stm32h7-dma2d: CR.SUSP not modelled\n");
        }
        R(s, A_CR) = val & 0x00073F07;
        if (val & R_CR_START_MASK) {
            dma2d_start(s);
        }
        break;
    case A_ISR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-dma2d: ISR is read-only\n");
        break;
    case A_IFCR: R(s, A_ISR) &= ~(val & 0x3F); break;
    case A_FGPFCCR:
    case A_BGPFCCR:
        if (val & R_PFCCR_START_MASK) {
            qemu_log_mask(LOG_UNIMP,
                          "stm32h7-dma2d: CLUT loading not modelled\n");
        }
        R(s, addr) = val & 0xFF33FF1F;
        break;
    default: R(s, addr) = val; break;
    }
    dma2d_update_irq(s);
}

static const MemoryRegionOps dma2d_ops = {
    .read = dma2d_read,
    .write = dma2d_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dma2d_reset_hold(Object *obj, ResetType type)
{
    Stm32h7Dma2dState *s = STM32H7_DMA2D(obj);

    timer_del(s->done);
    memset(s->regs, 0, sizeof(s->regs));
}

static void dma2d_reset_exit(Object *obj, ResetType type)
{
    dma2d_update_irq(STM32H7_DMA2D(obj));
}

static void dma2d_init(Object *obj)
{
    Stm32h7Dma2dState *s = STM32H7_DMA2D(obj);

    memory_region_init_io(&s->mmio, obj, &dma2d_ops, s, TYPE_STM32H7_DMA2D,
                          0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    object_property_add_uint32_ptr(obj, "transfers", &s->transfers,
                                   OBJ_PROP_FLAG_READ);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->done = timer_new_ns(QEMU_CLOCK_VIRTUAL, dma2d_done, s);
}

static void dma2d_finalize(Object *obj)
{
    timer_free(STM32H7_DMA2D(obj)->done);
}

static void dma2d_realize(DeviceState *dev, Error **errp)
{
    if (!clock_has_source(STM32H7_DMA2D(dev)->clk)) {
        error_setg(errp, "%s: the bus clock 'clk' must be connected",
                   TYPE_STM32H7_DMA2D);
    }
}

static bool dma2d_running_needed(void *opaque)
{
    return timer_pending(((Stm32h7Dma2dState *)opaque)->done);
}

/* a transfer in flight: when it ends */
static const VMStateDescription vmstate_dma2d_running = {
    .name = TYPE_STM32H7_DMA2D "/running",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = dma2d_running_needed,
    .fields = (const VMStateField[]){ VMSTATE_TIMER_PTR(done,
                                                        Stm32h7Dma2dState),
                                      VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_dma2d = {
    .name = TYPE_STM32H7_DMA2D,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32_ARRAY(regs,
                                                           Stm32h7Dma2dState,
                                                           STM32H7_DMA2D_NREGS),
                                      VMSTATE_END_OF_LIST() },
    .subsections = (const VMStateDescription *const[]){ &vmstate_dma2d_running,
                                                        NULL }
};

static void dma2d_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_dma2d;
    dc->realize = dma2d_realize;
    rc->phases.hold = dma2d_reset_hold;
    rc->phases.exit = dma2d_reset_exit;
}

static const TypeInfo dma2d_types[] = {
    {
        .name = TYPE_STM32H7_DMA2D,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7Dma2dState),
        .instance_init = dma2d_init,
        .instance_finalize = dma2d_finalize,
        .class_init = dma2d_class_init,
    },
};
DEFINE_TYPES(dma2d_types)
