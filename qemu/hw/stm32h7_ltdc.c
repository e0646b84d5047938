/*
 * STM32H7 LCD-TFT display controller (LTDC, RM0399), scanned out to a QEMU
 * graphic console of the panel's size (properties width/height, 800x480 on
 * the STM32H747I-DISCO).
 *
 * Timing (SSCR, BPCR, AWCR, TWCR) gives the active area and, with the pixel
 * clock (pll3_r_ck, input "clk"), the frame period: CPSR and CDSR are
 * computed from the virtual clock, the line interrupt fires at LIPCR and a
 * vertical-blanking reload at the start of the next frame.  Layers 1 and 2:
 * window, frame buffer address, pitch, line length and count, pixel formats
 * ARGB8888, RGB888, RGB565, ARGB1555, ARGB4444 (the CLUT formats are logged
 * as unimplemented and show the layer's default colour), default colour,
 * colour keying, constant alpha and the blending factors.  Layer registers
 * are shadowed: a write lands in the shadow copy, which reads back, and takes
 * effect at an immediate (SRCR.IMR) or vertical-blanking (SRCR.VBR) reload.
 *
 * Blending, per pixel and channel with alpha a in 0..255:
 *   out = (C * f1 + Cs * f2) / 255, rounded,  f1 = CA or PA*CA/255,
 *   f2 = 255 - CA or 255 - PA*CA/255 (BF1/BF2), Cs = what lies below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "exec/address-spaces.h"
#include "system/dma.h"
#include "migration/vmstate.h"
#include "ui/console.h"
#include "stm32h7_pixel.h"
#include "stm32h7_ltdc.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(SSCR, 0x08)
REG32(BPCR, 0x0C)
REG32(AWCR, 0x10)
REG32(TWCR, 0x14)
    FIELD(TWCR, TOTALH, 0, 11)
    FIELD(TWCR, TOTALW, 16, 12)
REG32(GCR, 0x18)
    FIELD(GCR, LTDCEN, 0, 1)
REG32(SRCR, 0x24)
    FIELD(SRCR, IMR, 0, 1)
    FIELD(SRCR, VBR, 1, 1)
REG32(BCCR, 0x2C)
REG32(IER, 0x34)
    FIELD(IER, LIE, 0, 1)
    FIELD(IER, FUIE, 1, 1)
    FIELD(IER, TERRIE, 2, 1)
    FIELD(IER, RRIE, 3, 1)
REG32(ISR, 0x38)
REG32(ICR, 0x3C)
REG32(LIPCR, 0x40)
REG32(CPSR, 0x44)
REG32(CDSR, 0x48)
    FIELD(CDSR, VDES, 0, 1)
    FIELD(CDSR, HDES, 1, 1)
    FIELD(CDSR, VSYNCS, 2, 1)
    FIELD(CDSR, HSYNCS, 3, 1)
/* clang-format on */

/* layer n (0, 1) registers at 0x84 + 0x80 * n */
#define LAYER_BASE   0x84
#define LAYER_STRIDE 0x80
enum {
    L_CR,
    L_WHPCR,
    L_WVPCR,
    L_CKCR,
    L_PFCR,
    L_CACR,
    L_DCCR,
    L_BFCR,
    L_R8,
    L_R9,
    L_CFBAR,
    L_CFBLR,
    L_CFBLNR,
    L_R13,
    L_R14,
    L_R15,
    L_R16,
    L_CLUTWR
};
#define LxCR_LEN    (1u << 0)
#define LxCR_COLKEN (1u << 1)
#define LxCR_CLUTEN (1u << 4)

#define ISR_LIF  (1u << 0)
#define ISR_RRIF (1u << 3)

#define R(s, a) ((s)->regs[(a) / 4])

static void ltdc_update_irq(Stm32h7LtdcState *s)
{
    qemu_set_irq(s->irq, !!(R(s, A_ISR) & R(s, A_IER) & (ISR_LIF | ISR_RRIF)));
}

/* totals in pixel clocks: (TOTALW + 1) x (TOTALH + 1) */
static uint64_t frame_ns(Stm32h7LtdcState *s, uint64_t *line_ns)
{
    uint64_t hz = clock_get_hz(s->clk);
    uint64_t w = FIELD_EX32(R(s, A_TWCR), TWCR, TOTALW) + 1;
    uint64_t h = FIELD_EX32(R(s, A_TWCR), TWCR, TOTALH) + 1;

    if (!hz || !FIELD_EX32(R(s, A_GCR), GCR, LTDCEN)) {
        return 0;
    }
    *line_ns = MAX(1, w * NANOSECONDS_PER_SECOND / hz);
    return *line_ns * h;
}

static void ltdc_reload(Stm32h7LtdcState *s)
{
    memcpy(s->layer, s->shadow, sizeof(s->layer));
    R(s, A_ISR) |= ISR_RRIF;
    trace_stm32h7_ltdc_reload();
}

/* keep a timer armed only while something waits for a frame or a line */
static void ltdc_schedule(Stm32h7LtdcState *s)
{
    uint64_t line, frame = frame_ns(s, &line);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    timer_del(s->frame_timer);
    timer_del(s->line_timer);
    if (!frame) {
        return;
    }
    if (now - s->frame_start >= frame) {
        s->frame_start += (now - s->frame_start) / frame * frame;
    }
    if (FIELD_EX32(R(s, A_SRCR), SRCR, VBR)) {
        timer_mod(s->frame_timer, s->frame_start + frame);
    }
    if (FIELD_EX32(R(s, A_IER), IER, LIE)) {
        int64_t t = s->frame_start + (R(s, A_LIPCR) & 0x7FF) * line;
        timer_mod(s->line_timer, t > now ? t : t + frame);
    }
}

static void ltdc_frame_tick(void *opaque)
{
    Stm32h7LtdcState *s = opaque;

    /* vertical blanking: a pending VBR reload takes effect */
    s->frame_start = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (FIELD_EX32(R(s, A_SRCR), SRCR, VBR)) {
        R(s, A_SRCR) &= ~R_SRCR_VBR_MASK;
        ltdc_reload(s);
    }
    ltdc_update_irq(s);
    ltdc_schedule(s);
}

static void ltdc_line_tick(void *opaque)
{
    Stm32h7LtdcState *s = opaque;

    R(s, A_ISR) |= ISR_LIF;
    ltdc_update_irq(s);
    ltdc_schedule(s); /* the same line of the next frame */
}

/* current position: which pixel clock of the frame the virtual clock is at */
static void ltdc_position(Stm32h7LtdcState *s, uint32_t *x, uint32_t *y)
{
    uint64_t line, frame = frame_ns(s, &line);
    *x = *y = 0;
    if (frame) {
        uint64_t in = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->frame_start) %
                      frame;
        uint32_t w = FIELD_EX32(R(s, A_TWCR), TWCR, TOTALW) + 1;
        *y = in / line;
        *x = (in % line) * w / line;
    }
}

static uint64_t ltdc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7LtdcState *s = opaque;
    uint32_t x, y, v;

    if (addr >= LAYER_BASE && addr < LAYER_BASE + 2 * LAYER_STRIDE) {
        unsigned n = (addr - LAYER_BASE) / LAYER_STRIDE;
        unsigned r = (addr - LAYER_BASE) % LAYER_STRIDE / 4;
        return r < STM32H7_LTDC_LAYER_NREGS && r != L_CLUTWR ? s->shadow[n][r]
                                                             : 0;
    }
    if (addr >= STM32H7_LTDC_NREGS * 4) {
        return 0;
    }
    switch (addr) {
    case A_CPSR: ltdc_position(s, &x, &y); return x << 16 | y;
    case A_CDSR: {
        uint32_t hsw = extract32(R(s, A_SSCR), 16, 12),
                 vsh = extract32(R(s, A_SSCR), 0, 11);
        uint32_t ahbp = extract32(R(s, A_BPCR), 16, 12),
                 avbp = extract32(R(s, A_BPCR), 0, 11);
        uint32_t aaw = extract32(R(s, A_AWCR), 16, 12),
                 aah = extract32(R(s, A_AWCR), 0, 11);
        ltdc_position(s, &x, &y);
        v = (y > avbp && y <= aah) << R_CDSR_VDES_SHIFT |
            (x > ahbp && x <= aaw) << R_CDSR_HDES_SHIFT |
            (y <= vsh) << R_CDSR_VSYNCS_SHIFT |
            (x <= hsw) << R_CDSR_HSYNCS_SHIFT;
        return v;
    }
    case A_ICR: return 0;
    default: return R(s, addr);
    }
}

static void ltdc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7LtdcState *s = opaque;
    uint32_t val = val64;

    if (addr >= LAYER_BASE && addr < LAYER_BASE + 2 * LAYER_STRIDE) {
        unsigned n = (addr - LAYER_BASE) / LAYER_STRIDE;
        unsigned r = (addr - LAYER_BASE) % LAYER_STRIDE / 4;
        if (r == L_CLUTWR) {
            qemu_log_mask(LOG_UNIMP, "stm32h7-ltdc: CLUT not modelled\n");
        } else if (r < STM32H7_LTDC_LAYER_NREGS && r != L_R8 && r != L_R9 &&
                   r < L_R13) {
            s->shadow[n][r] = val;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-ltdc: write to reserved layer "
                          "offset 0x%03" HWADDR_PRIx "\n",
                          addr);
        }
        return;
    }
    switch (addr) {
    case A_SSCR:
    case A_BPCR:
    case A_AWCR:
    case A_TWCR: R(s, addr) = val & 0x0FFF07FF; break;
    case A_GCR:
        R(s, addr) = (val & 0xF0010001) |
                     0x2220; /* DEN/DBW/DGW/DRW read-only */
        s->frame_start = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        break;
    case A_SRCR:
        if (val & R_SRCR_IMR_MASK) {
            ltdc_reload(s);
        }
        R(s, addr) = val & R_SRCR_VBR_MASK;
        break;
    case A_BCCR: R(s, addr) = val & 0xFFFFFF; break;
    case A_IER: R(s, addr) = val & 0xF; break;
    case A_ICR: R(s, A_ISR) &= ~val; break;
    case A_LIPCR: R(s, addr) = val & 0x7FF; break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-ltdc: write to read-only or reserved "
                      "offset 0x%03" HWADDR_PRIx "\n",
                      addr);
        return;
    }
    ltdc_update_irq(s);
    ltdc_schedule(s);
}

static const MemoryRegionOps ltdc_ops = {
    .read = ltdc_read,
    .write = ltdc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static uint32_t blend_ch(uint32_t c, uint32_t cs, uint32_t f1, uint32_t f2)
{
    uint32_t v = (c * f1 + cs * f2 + 127) / 255;
    return v > 255 ? 255 : v;
}

/* one layer over the line below it (line_rgb), for panel row y */
static void ltdc_layer_line(Stm32h7LtdcState *s, int n, uint32_t y, uint32_t w)
{
    const uint32_t *L = s->layer[n];
    uint32_t ahbp = extract32(R(s, A_BPCR), 16, 12),
             avbp = extract32(R(s, A_BPCR), 0, 11);
    /* window start and stop are inclusive, counted like AHBP/AVBP: the
     * first active pixel is AHBP + 1 */
    int x0 = (int)extract32(L[L_WHPCR], 0, 12) - (int)ahbp - 1;
    int x1 = (int)extract32(L[L_WHPCR], 16, 12) - (int)ahbp - 1;
    int y0 = (int)extract32(L[L_WVPCR], 0, 11) - (int)avbp - 1;
    int y1 = (int)extract32(L[L_WVPCR], 16, 11) - (int)avbp - 1;
    unsigned pf = L[L_PFCR] & 7;
    uint32_t ca = L[L_CACR] & 0xFF;
    unsigned bf1 = extract32(L[L_BFCR], 8, 3), bf2 = extract32(L[L_BFCR], 0, 3);

    if (!(L[L_CR] & LxCR_LEN) || (int)y < y0 || (int)y > y1 || x1 < x0) {
        return;
    }
    /* a window reaching into the porches shows only its visible part */
    uint32_t skip = x0 < 0 ? -x0 : 0;
    x0 = MAX(x0, 0);
    x1 = MIN(x1, (int)w - 1);
    if (x1 < x0) {
        return;
    }
    uint32_t ly = y - y0;
    uint32_t pitch = extract32(L[L_CFBLR], 16, 13),
             llen = extract32(L[L_CFBLR], 0, 13);
    uint32_t lines = extract32(L[L_CFBLNR], 0, 11);
    unsigned bpp = pf < PF_NUM_DIRECT ? pf_bytes[pf] : 1;
    /* line length is the bytes of a line + 7 on this LTDC */
    uint32_t have = llen > 7 ? (llen - 7) / bpp : 0;
    have = have > skip ? have - skip : 0;
    uint32_t span = x1 - x0 + 1;
    bool fetched = false;

    if (pf >= PF_NUM_DIRECT) {
        if (!s->unimpl_logged[n]) {
            qemu_log_mask(
                LOG_UNIMP,
                "stm32h7-ltdc: layer %d pixel format %u (CLUT/"
                "alpha-luminance) not modelled: default colour shown\n",
                n + 1, pf);
            s->unimpl_logged[n] = true;
        }
    } else if (ly < lines && have) {
        uint32_t get = MIN(span, have);
        if (dma_memory_read(
                &address_space_memory,
                L[L_CFBAR] + (uint64_t)ly * pitch + (uint64_t)skip * bpp,
                s->fetch, get * bpp, MEMTXATTRS_UNSPECIFIED) == MEMTX_OK) {
            fetched = true;
        }
        have = get;
    }
    for (uint32_t i = 0; i < span; i++) {
        uint32_t c = fetched && i < have ? pf_load(pf, &s->fetch[i * bpp])
                                         : L[L_DCCR];
        uint32_t pa = c >> 24;
        if ((L[L_CR] & LxCR_COLKEN) && ((c ^ L[L_CKCR]) & 0xFFFFFF) == 0) {
            pa = 0; /* colour key: transparent */
        }
        uint32_t paca = pf_mul255(pa, ca);
        uint32_t f1 = bf1 == 6 ? paca : ca;
        uint32_t f2 = 255 - (bf2 == 7 ? paca : ca);
        uint32_t *d = &s->line_rgb[x0 + i];
        *d = blend_ch(c >> 16 & 0xFF, *d >> 16 & 0xFF, f1, f2) << 16 |
             blend_ch(c >> 8 & 0xFF, *d >> 8 & 0xFF, f1, f2) << 8 |
             blend_ch(c & 0xFF, *d & 0xFF, f1, f2);
    }
}

static void ltdc_gfx_update(void *opaque)
{
    Stm32h7LtdcState *s = opaque;
    DisplaySurface *surf = qemu_console_surface(s->con);
    uint32_t ahbp = extract32(R(s, A_BPCR), 16, 12),
             avbp = extract32(R(s, A_BPCR), 0, 11);
    uint32_t aw = extract32(R(s, A_AWCR), 16, 12) - ahbp;
    uint32_t ah = extract32(R(s, A_AWCR), 0, 11) - avbp;
    bool on = FIELD_EX32(R(s, A_GCR), GCR, LTDCEN) && clock_get_hz(s->clk);

    if (!surf || surface_width(surf) != s->width ||
        surface_height(surf) != s->height) {
        qemu_console_resize(s->con, s->width, s->height);
        surf = qemu_console_surface(s->con);
    }
    for (uint32_t y = 0; y < s->height; y++) {
        uint32_t *row = (uint32_t *)(surface_data(surf) +
                                     y * surface_stride(surf));
        uint32_t w = MIN(aw, s->width);
        if (!on || y >= ah || aw > 4096) {
            memset(row, 0,
                   s->width * 4); /* panel dark outside the active area */
            continue;
        }
        for (uint32_t x = 0; x < w; x++) {
            s->line_rgb[x] = R(s, A_BCCR);
        }
        ltdc_layer_line(s, 0, y, w);
        ltdc_layer_line(s, 1, y, w);
        memcpy(row, s->line_rgb, w * 4);
        memset(row + w, 0, (s->width - w) * 4);
    }
    dpy_gfx_update_full(s->con);
}

static const GraphicHwOps ltdc_gfx_ops = {
    .gfx_update = ltdc_gfx_update,
};

static void ltdc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7LtdcState *s = STM32H7_LTDC(obj);

    memset(s->regs, 0, sizeof(s->regs));
    memset(s->layer, 0, sizeof(s->layer));
    memset(s->shadow, 0, sizeof(s->shadow));
    R(s, A_GCR) = 0x2220;
    for (int n = 0; n < 2; n++) {
        s->shadow[n][L_CACR] = s->layer[n][L_CACR] = 0xFF;
        s->shadow[n][L_BFCR] = s->layer[n][L_BFCR] = 0x0607;
        s->unimpl_logged[n] = false;
    }
    s->frame_start = 0;
}

static void ltdc_reset_exit(Object *obj, ResetType type)
{
    Stm32h7LtdcState *s = STM32H7_LTDC(obj);

    ltdc_update_irq(s);
    ltdc_schedule(s);
}

static void ltdc_clk_update(void *opaque, ClockEvent event)
{
    ltdc_schedule(opaque);
}

static void ltdc_init(Object *obj)
{
    Stm32h7LtdcState *s = STM32H7_LTDC(obj);

    memory_region_init_io(&s->mmio, obj, &ltdc_ops, s, TYPE_STM32H7_LTDC,
                          0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq_err);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", ltdc_clk_update, s,
                                ClockUpdate);
    s->frame_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, ltdc_frame_tick, s);
    s->line_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, ltdc_line_tick, s);
}

static void ltdc_realize(DeviceState *dev, Error **errp)
{
    Stm32h7LtdcState *s = STM32H7_LTDC(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp,
                   "stm32h7-ltdc: the pixel clock 'clk' must be connected");
        return;
    }
    if (!s->width || s->width > STM32H7_LTDC_MAX_W || !s->height ||
        s->height > 2048) {
        error_setg(errp, "stm32h7-ltdc: panel size %ux%u out of range",
                   s->width, s->height);
        return;
    }
    s->con = graphic_console_init(dev, 0, &ltdc_gfx_ops, s);
    qemu_console_resize(s->con, s->width, s->height);
}

static const Property ltdc_props[] = {
    DEFINE_PROP_UINT32("width", Stm32h7LtdcState, width, 800),
    DEFINE_PROP_UINT32("height", Stm32h7LtdcState, height, 480),
};

static const VMStateDescription vmstate_ltdc = {
    .name = TYPE_STM32H7_LTDC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7LtdcState, STM32H7_LTDC_NREGS),
            VMSTATE_UINT32_2DARRAY(layer, Stm32h7LtdcState, 2,
                                   STM32H7_LTDC_LAYER_NREGS),
            VMSTATE_UINT32_2DARRAY(shadow, Stm32h7LtdcState, 2,
                                   STM32H7_LTDC_LAYER_NREGS),
            VMSTATE_INT64(frame_start, Stm32h7LtdcState),
            VMSTATE_TIMER_PTR(frame_timer, Stm32h7LtdcState),
            VMSTATE_TIMER_PTR(line_timer, Stm32h7LtdcState),
            VMSTATE_CLOCK(clk, Stm32h7LtdcState), VMSTATE_END_OF_LIST() }
};

static void ltdc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = ltdc_realize;
    dc->vmsd = &vmstate_ltdc;
    device_class_set_props(dc, ltdc_props);
    rc->phases.hold = ltdc_reset_hold;
    rc->phases.exit = ltdc_reset_exit;
}

static const TypeInfo ltdc_types[] = {
    {
        .name = TYPE_STM32H7_LTDC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7LtdcState),
        .instance_init = ltdc_init,
        .class_init = ltdc_class_init,
    },
};
DEFINE_TYPES(ltdc_types)
