/*
 * STM32H7 DSI host and wrapper (RM0399), with the STM32H747I-DISCO's
 * OTM8009A panel behind it: enough for the board's DSI and panel start-up
 * to complete and for its refresh to be waited on.
 *
 * Wrapper: the regulator (WRPCR.REGEN) is ready at once (WISR.RRS), the PLL
 * (WRPCR.PLLEN, needs the regulator) locks at once (WISR.PLLLS), with their
 * interrupt flags.  Host: the generic packet FIFOs drain at once (GPSR reads
 * empty); each generic header (GHCR) is one packet to the panel: short and
 * long DCS and generic writes are decoded and traced, DCS reads answer the
 * panel's ID (0xDA: 0x40) and power mode.  Refresh: in video mode the LTDC
 * streams continuously; in adapted command mode (WCFGR.DSIM) setting
 * WCR.LTDCEN sends one frame: WISR.BUSY for the frame time, then LTDCEN
 * clears and WISR.ERIF (end of refresh) is raised.  The panel's state (sleep
 * out, display on) reads as the property "panel-on".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/visitor.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_dsi.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(VR, 0x000)
REG32(GHCR, 0x06C)
    FIELD(GHCR, DT, 0, 6)
    FIELD(GHCR, WCLSB, 8, 8)
    FIELD(GHCR, WCMSB, 16, 8)
REG32(GPDR, 0x070)
REG32(GPSR, 0x074)
REG32(PSR, 0x0B0)
REG32(WCFGR, 0x400)
    FIELD(WCFGR, DSIM, 0, 1)
REG32(WCR, 0x404)
    FIELD(WCR, LTDCEN, 2, 1)
    FIELD(WCR, DSIEN, 3, 1)
REG32(WIER, 0x408)
REG32(WISR, 0x40C)
REG32(WIFCR, 0x410)
REG32(WRPCR, 0x430)
    FIELD(WRPCR, PLLEN, 0, 1)
    FIELD(WRPCR, REGEN, 24, 1)
/* clang-format on */

#define WISR_TEIF   (1u << 0)
#define WISR_ERIF   (1u << 1)
#define WISR_BUSY   (1u << 2)
#define WISR_PLLLS  (1u << 8)
#define WISR_PLLLIF (1u << 9)
#define WISR_RRS    (1u << 12)
#define WISR_RRIF   (1u << 13)
#define WISR_FLAGS \
    (WISR_TEIF | WISR_ERIF | WISR_PLLLIF | WISR_RRIF | (1u << 10))
#define GPSR_EMPTY 0x15 /* CMDFE, PWRFE, PRDFE */
#define GPSR_PRDFE (1u << 4)
#define REFRESH_NS (16 * SCALE_MS) /* one frame at about 60 Hz */

/* DSI data types */
enum {
    DT_GEN_SW0 = 0x03,
    DT_GEN_SW1 = 0x13,
    DT_GEN_SW2 = 0x23,
    DT_GEN_SR0 = 0x04,
    DT_GEN_SR1 = 0x14,
    DT_GEN_SR2 = 0x24,
    DT_DCS_SW0 = 0x05,
    DT_DCS_SW1 = 0x15,
    DT_DCS_SR = 0x06,
    DT_MAX_RET = 0x37,
    DT_GEN_LW = 0x29,
    DT_DCS_LW = 0x39
};

#define R(s, a) ((s)->regs[(a) / 4])

static void dsi_update_irq(Stm32h7DsiState *s)
{
    qemu_set_irq(s->irq, !!(R(s, A_WISR) & R(s, A_WIER) & WISR_FLAGS));
}

static void dsi_dcs(Stm32h7DsiState *s, const uint8_t *p, uint32_t n)
{
    if (!n) {
        return;
    }
    trace_stm32h7_dsi_dcs(p[0], n - 1);
    switch (p[0]) {
    case 0x10: s->sleep_out = false; break;  /* SLPIN */
    case 0x11: s->sleep_out = true; break;   /* SLPOUT */
    case 0x28: s->display_on = false; break; /* DISPOFF */
    case 0x29: s->display_on = true; break;  /* DISPON */
    }
}

static void dsi_dcs_read(Stm32h7DsiState *s, uint8_t reg)
{
    uint8_t v = 0;

    switch (reg) {
    case 0xDA: v = 0x40; break; /* ID1: OTM8009A */
    case 0x0A:                  /* power mode */
        v = 0x08 | (s->sleep_out ? 0x10 : 0) | (s->display_on ? 0x04 : 0) |
            0x80;
        break;
    }
    s->rfifo[0] = v;
    s->rlen = 1;
    s->rpos = 0;
}

static void dsi_packet(Stm32h7DsiState *s, uint32_t ghcr)
{
    unsigned dt = FIELD_EX32(ghcr, GHCR, DT);
    uint8_t sp[2] = { FIELD_EX32(ghcr, GHCR, WCLSB),
                      FIELD_EX32(ghcr, GHCR, WCMSB) };
    uint32_t wc = sp[0] | sp[1] << 8;

    switch (dt) {
    case DT_DCS_SW0: dsi_dcs(s, sp, 1); break;
    case DT_DCS_SW1: dsi_dcs(s, sp, 2); break;
    case DT_GEN_SW0:
    case DT_GEN_SW1:
    case DT_GEN_SW2:
    case DT_MAX_RET: trace_stm32h7_dsi_short(dt, wc); break;
    case DT_DCS_SR: dsi_dcs_read(s, sp[0]); break;
    case DT_GEN_SR0:
    case DT_GEN_SR1:
    case DT_GEN_SR2: dsi_dcs_read(s, 0); break;
    case DT_DCS_LW:
    case DT_GEN_LW:
        if (wc > s->wlen) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-dsi: long packet of %u bytes but "
                          "only %u in the payload STM32H7_DSI_FIFO\n",
                          wc, s->wlen);
            wc = s->wlen;
        }
        if (dt == DT_DCS_LW) {
            dsi_dcs(s, s->wfifo, wc);
        } else {
            trace_stm32h7_dsi_short(dt, wc);
        }
        s->wlen = 0;
        break;
    default:
        qemu_log_mask(LOG_UNIMP, "stm32h7-dsi: data type 0x%02x not modelled\n",
                      dt);
        break;
    }
}

static void dsi_refresh_done(void *opaque)
{
    Stm32h7DsiState *s = opaque;

    R(s, A_WCR) &= ~R_WCR_LTDCEN_MASK;
    R(s, A_WISR) = (R(s, A_WISR) & ~WISR_BUSY) | WISR_ERIF;
    s->refreshes++;
    dsi_update_irq(s);
}

static uint64_t dsi_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7DsiState *s = opaque;

    switch (addr) {
    case A_VR: return 0x3133302A;
    case A_GPSR:
        return s->rpos < s->rlen ? GPSR_EMPTY & ~GPSR_PRDFE : GPSR_EMPTY;
    case A_GPDR: {
        uint32_t v = 0;
        for (int i = 0; i < 4 && s->rpos < s->rlen; i++) {
            v |= s->rfifo[s->rpos++] << (8 * i);
        }
        return v;
    }
    case A_PSR: return 0x1528; /* PHY: lanes in stop state, not in ULPS */
    case A_WIFCR: return 0;
    default: return addr < STM32H7_DSI_NREGS * 4 ? R(s, addr) : 0;
    }
}

static void dsi_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7DsiState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_VR:
    case A_GPSR:
    case A_PSR:
    case A_WISR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-dsi: offset 0x%03" HWADDR_PRIx " is read-only\n",
                      addr);
        return;
    case A_GPDR:
        for (int i = 0; i < 4; i++) {
            if (s->wlen < STM32H7_DSI_FIFO) {
                s->wfifo[s->wlen++] = val >> (8 * i);
            }
        }
        break;
    case A_GHCR:
        R(s, addr) = val;
        dsi_packet(s, val);
        break;
    case A_WRPCR:
        R(s, addr) = val;
        if (FIELD_EX32(val, WRPCR, REGEN) && !(R(s, A_WISR) & WISR_RRS)) {
            R(s, A_WISR) |= WISR_RRS | WISR_RRIF;
        } else if (!FIELD_EX32(val, WRPCR, REGEN)) {
            R(s, A_WISR) &= ~(WISR_RRS | WISR_PLLLS);
        }
        if (FIELD_EX32(val, WRPCR, PLLEN) && !(R(s, A_WISR) & WISR_PLLLS)) {
            if (R(s, A_WISR) & WISR_RRS) {
                R(s, A_WISR) |= WISR_PLLLS | WISR_PLLLIF;
            } else {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "stm32h7-dsi: PLL enabled with the "
                              "regulator off: it will not lock\n");
            }
        } else if (!FIELD_EX32(val, WRPCR, PLLEN)) {
            R(s, A_WISR) &= ~WISR_PLLLS;
        }
        break;
    case A_WCR:
        R(s, addr) = val & 0xF;
        if (FIELD_EX32(val, WCR, LTDCEN) &&
            FIELD_EX32(R(s, A_WCFGR), WCFGR, DSIM) &&
            !(R(s, A_WISR) & WISR_BUSY)) {
            if (!FIELD_EX32(val, WCR, DSIEN) || !(R(s, A_WISR) & WISR_PLLLS)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "stm32h7-dsi: refresh requested with the "
                              "wrapper off or the PLL unlocked\n");
            }
            R(s, A_WISR) |= WISR_BUSY;
            timer_mod(s->refresh,
                      qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + REFRESH_NS);
        }
        break;
    case A_WIFCR: R(s, A_WISR) &= ~(val & WISR_FLAGS); break;
    default:
        if (addr >= STM32H7_DSI_NREGS * 4) {
            qemu_log_mask(
                LOG_GUEST_ERROR,
                "stm32h7-dsi: write to reserved offset 0x%03" HWADDR_PRIx "\n",
                addr);
            return;
        }
        R(s, addr) = val;
        break;
    }
    dsi_update_irq(s);
}

static const MemoryRegionOps dsi_ops = {
    .read = dsi_read,
    .write = dsi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dsi_reset_hold(Object *obj, ResetType type)
{
    Stm32h7DsiState *s = STM32H7_DSI(obj);

    memset(s->regs, 0, sizeof(s->regs));
    R(s, 0x034) = 1; /* MCR: command mode after reset */
    R(s, 0x0A4) = 1; /* PCONFR */
    s->wlen = s->rlen = s->rpos = 0;
    s->sleep_out = s->display_on = false;
    timer_del(s->refresh);
}

static void dsi_reset_exit(Object *obj, ResetType type)
{
    dsi_update_irq(STM32H7_DSI(obj));
}

static void dsi_get_panel_on(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    Stm32h7DsiState *s = STM32H7_DSI(obj);
    bool on = s->sleep_out && s->display_on;
    visit_type_bool(v, name, &on, errp);
}

static void dsi_init(Object *obj)
{
    Stm32h7DsiState *s = STM32H7_DSI(obj);

    memory_region_init_io(&s->mmio, obj, &dsi_ops, s, TYPE_STM32H7_DSI, 0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->refresh = timer_new_ns(QEMU_CLOCK_VIRTUAL, dsi_refresh_done, s);
    object_property_add(obj, "panel-on", "bool", dsi_get_panel_on, NULL, NULL,
                        NULL);
    object_property_add_uint32_ptr(obj, "refreshes", &s->refreshes,
                                   OBJ_PROP_FLAG_READ);
}

static const VMStateDescription vmstate_dsi = {
    .name = TYPE_STM32H7_DSI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7DsiState, STM32H7_DSI_NREGS),
            VMSTATE_UINT8_ARRAY(wfifo, Stm32h7DsiState, STM32H7_DSI_FIFO),
            VMSTATE_UINT8_ARRAY(rfifo, Stm32h7DsiState, STM32H7_DSI_FIFO),
            VMSTATE_UINT32(wlen, Stm32h7DsiState),
            VMSTATE_UINT32(rlen, Stm32h7DsiState),
            VMSTATE_UINT32(rpos, Stm32h7DsiState),
            VMSTATE_BOOL(sleep_out, Stm32h7DsiState),
            VMSTATE_BOOL(display_on, Stm32h7DsiState),
            VMSTATE_TIMER_PTR(refresh, Stm32h7DsiState), VMSTATE_END_OF_LIST() }
};

static void dsi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_dsi;
    rc->phases.hold = dsi_reset_hold;
    rc->phases.exit = dsi_reset_exit;
}

static const TypeInfo dsi_types[] = {
    {
        .name = TYPE_STM32H7_DSI,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7DsiState),
        .instance_init = dsi_init,
        .class_init = dsi_class_init,
    },
};
DEFINE_TYPES(dsi_types)
