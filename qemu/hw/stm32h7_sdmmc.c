/*
 * STM32H7 SDMMC (RM0399 "SD/SDIO/MMC card host interface (SDMMC)") on a
 * QEMU SD bus: the command path (CPSM: no response, short with or without
 * CRC check, long; timeouts when the card does not answer; CMDTRANS and
 * CMDSTOP), the data path through the internal DMA in single-buffer mode
 * (card to memory and back, DLENR bytes in blocks of 2^DBLOCKSIZE), the
 * status flags and their interrupt.  Commands complete at once; a data
 * transfer's DATAEND comes after its bits' time on the bus at
 * sdmmc_ker_ck / (2 * CLKDIV) over 1, 4 or 8 data lines.  The card is
 * never busy after a write, so BUSYD0END follows the response at once.
 *
 * Not modelled (logged): FIFO transfers without the IDMA, the IDMA's
 * double-buffer mode, SDIO, boot and MMC-specific modes, voltage switch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "stm32h7_sdmmc.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(POWER, 0x00)
    FIELD(POWER, PWRCTRL, 0, 2)
REG32(CLKCR, 0x04)
    FIELD(CLKCR, CLKDIV, 0, 10)
    FIELD(CLKCR, WIDBUS, 14, 2)
REG32(ARGR, 0x08)
REG32(CMDR, 0x0C)
    FIELD(CMDR, CMDINDEX, 0, 6)
    FIELD(CMDR, CMDTRANS, 6, 1)
    FIELD(CMDR, CMDSTOP, 7, 1)
    FIELD(CMDR, WAITRESP, 8, 2)
    FIELD(CMDR, CPSMEN, 12, 1)
    FIELD(CMDR, BOOTEN, 15, 1)
REG32(RESPCMDR, 0x10)
REG32(RESP1, 0x14)
REG32(RESP4, 0x20)
REG32(DTIMER, 0x24)
REG32(DLENR, 0x28)
REG32(DCTRL, 0x2C)
    FIELD(DCTRL, DTEN, 0, 1)
    FIELD(DCTRL, DTDIR, 1, 1)
    FIELD(DCTRL, DTMODE, 2, 2)
    FIELD(DCTRL, DBLOCKSIZE, 4, 4)
    FIELD(DCTRL, SDIOEN, 11, 1)
    FIELD(DCTRL, FIFORST, 13, 1)
REG32(DCNTR, 0x30)
REG32(STAR, 0x34)
    FIELD(STAR, CCRCFAIL, 0, 1)
    FIELD(STAR, DCRCFAIL, 1, 1)
    FIELD(STAR, CTIMEOUT, 2, 1)
    FIELD(STAR, DTIMEOUT, 3, 1)
    FIELD(STAR, CMDREND, 6, 1)
    FIELD(STAR, CMDSENT, 7, 1)
    FIELD(STAR, DATAEND, 8, 1)
    FIELD(STAR, DBCKEND, 10, 1)
    FIELD(STAR, DABORT, 11, 1)
    FIELD(STAR, DPSMACT, 12, 1)
    FIELD(STAR, CPSMACT, 13, 1)
    FIELD(STAR, BUSYD0, 20, 1)
    FIELD(STAR, BUSYD0END, 21, 1)
    FIELD(STAR, IDMATE, 27, 1)
REG32(ICR, 0x38)
REG32(MASKR, 0x3C)
REG32(ACKTIMER, 0x40)
REG32(IDMACTRLR, 0x50)
    FIELD(IDMACTRLR, IDMAEN, 0, 1)
    FIELD(IDMACTRLR, IDMABMODE, 1, 1)
REG32(IDMABSIZER, 0x54)
REG32(IDMABASE0R, 0x58)
REG32(IDMABASE1R, 0x5C)
REG32(FIFOR, 0x80)
REG32(FIFOR_END, 0xBC)
/* clang-format on */

#define PWRCTRL_ON     3
#define WAITRESP_NONE  0
#define WAITRESP_LONG  3
#define WAITRESP_NOCRC 2          /* short, CRC not checked (R3) */
#define STAR_STATIC    0x1FE00FFF /* the flags ICR clears */
#define STAR_IRQ_MASK  0x1FFFFFFF
#define DLENR_MASK     0x01FFFFFF
#define SD_CMD_STOP    12
#define MAX_XFER       (64 * 1024) /* bytes moved per chunk of a transfer */

static const char *sdmmc_name(Stm32h7SdmmcState *s)
{
    return DEVICE(s)->canonical_path;
}

static void sdmmc_update_irq(Stm32h7SdmmcState *s)
{
    qemu_set_irq(s->irq, (s->star & s->maskr & STAR_IRQ_MASK) != 0);
}

/* sdmmc_ck: the kernel clock over 2 x CLKDIV (CLKDIV 0: undivided) */
static uint64_t sdmmc_ck_hz(Stm32h7SdmmcState *s)
{
    unsigned div = FIELD_EX32(s->clkcr, CLKCR, CLKDIV);
    uint64_t hz = clock_get_hz(s->clk);
    return div ? hz / (2 * div) : hz;
}

static unsigned bus_width(Stm32h7SdmmcState *s)
{
    static const unsigned width[4] = { 1, 4, 8, 8 };
    return width[FIELD_EX32(s->clkcr, CLKCR, WIDBUS)];
}

/* move the data between the card and memory through the IDMA; false on a
 * bus error (IDMATE) */
static bool data_move(Stm32h7SdmmcState *s, bool to_memory, uint32_t len)
{
    g_autofree uint8_t *buf = g_malloc(MIN(len, MAX_XFER));
    hwaddr addr = s->idmabase[0];

    for (uint32_t done = 0; done < len;) {
        uint32_t n = MIN(len - done, MAX_XFER);
        MemTxResult r;
        if (to_memory) {
            sdbus_read_data(&s->sdbus, buf, n);
            r = dma_memory_write(&s->dma_as, addr + done, buf, n,
                                 MEMTXATTRS_UNSPECIFIED);
        } else {
            r = dma_memory_read(&s->dma_as, addr + done, buf, n,
                                MEMTXATTRS_UNSPECIFIED);
            if (r == MEMTX_OK) {
                sdbus_write_data(&s->sdbus, buf, n);
            }
        }
        if (r != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: IDMA transfer error at 0x%" HWADDR_PRIx "\n",
                          sdmmc_name(s), addr + done);
            return false;
        }
        done += n;
    }
    return true;
}

/* a data transfer: DLENR bytes, the flags when their time on the bus is up */
static void data_start(Stm32h7SdmmcState *s)
{
    bool to_memory = FIELD_EX32(s->dctrl, DCTRL, DTDIR);
    uint32_t len = s->dlenr & DLENR_MASK;

    if (!FIELD_EX32(s->idmactrlr, IDMACTRLR, IDMAEN) ||
        FIELD_EX32(s->idmactrlr, IDMACTRLR, IDMABMODE) ||
        FIELD_EX32(s->dctrl, DCTRL, DTMODE) ||
        FIELD_EX32(s->dctrl, DCTRL, SDIOEN)) {
        qemu_log_mask(LOG_UNIMP,
                      "%s: only single-buffer IDMA block transfers are "
                      "modelled: transfer aborted\n",
                      sdmmc_name(s));
        s->star |= R_STAR_DABORT_MASK;
        return;
    }
    if (to_memory ? !sdbus_data_ready(&s->sdbus)
                  : !sdbus_receive_ready(&s->sdbus)) {
        s->star |= R_STAR_DTIMEOUT_MASK; /* the card has nothing to move */
        return;
    }
    trace_stm32h7_sdmmc_data(to_memory, len, s->idmabase[0]);
    if (!data_move(s, to_memory, len)) {
        s->star |= R_STAR_IDMATE_MASK;
        return;
    }
    uint64_t hz = sdmmc_ck_hz(s);
    int64_t ns = hz ? muldiv64((uint64_t)len * 8 / bus_width(s),
                               NANOSECONDS_PER_SECOND, hz)
                    : 0;
    s->dcntr = len;
    s->star |= R_STAR_DPSMACT_MASK;
    timer_mod(s->data_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

static void data_end(void *opaque)
{
    Stm32h7SdmmcState *s = opaque;

    s->dcntr = 0;
    s->star &= ~R_STAR_DPSMACT_MASK;
    s->star |= R_STAR_DATAEND_MASK | R_STAR_DBCKEND_MASK;
    s->dctrl = FIELD_DP32(s->dctrl, DCTRL, DTEN, 0);
    sdmmc_update_irq(s);
}

static void command_send(Stm32h7SdmmcState *s)
{
    SDRequest req = { .cmd = FIELD_EX32(s->cmdr, CMDR, CMDINDEX),
                      .arg = s->argr };
    unsigned wait = FIELD_EX32(s->cmdr, CMDR, WAITRESP);
    uint8_t response[16];

    if (FIELD_EX32(s->power, POWER, PWRCTRL) != PWRCTRL_ON) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: command %u with the power off\n",
                      sdmmc_name(s), req.cmd);
        s->star |= R_STAR_CTIMEOUT_MASK;
        return;
    }
    if (FIELD_EX32(s->cmdr, CMDR, BOOTEN)) {
        qemu_log_mask(LOG_UNIMP, "%s: boot mode is not modelled\n",
                      sdmmc_name(s));
    }
    if (FIELD_EX32(s->cmdr, CMDR, CMDSTOP) && timer_pending(s->data_timer)) {
        /* a stop ends the transfer under way; its data already moved */
        timer_del(s->data_timer);
        data_end(s);
    }
    int rlen = sdbus_do_command(&s->sdbus, &req, response);
    trace_stm32h7_sdmmc_command(req.cmd, req.arg, rlen);
    if (wait == WAITRESP_NONE) {
        s->star |= R_STAR_CMDSENT_MASK;
    } else if (rlen <= 0 || (wait == WAITRESP_LONG && rlen != 16) ||
               (wait != WAITRESP_LONG && rlen != 4)) {
        s->star |= R_STAR_CTIMEOUT_MASK; /* no answer of that kind */
        return;
    } else {
        s->respcmdr = req.cmd;
        memset(s->resp, 0, sizeof(s->resp));
        for (int i = 0; i < rlen / 4; i++) {
            s->resp[i] = ldl_be_p(&response[4 * i]);
        }
        s->star |= R_STAR_CMDREND_MASK | R_STAR_BUSYD0END_MASK;
    }
    if (FIELD_EX32(s->cmdr, CMDR, CMDTRANS)) {
        data_start(s);
    }
}

static uint64_t sdmmc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7SdmmcState *s = opaque;

    switch (addr) {
    case A_POWER: return s->power;
    case A_CLKCR: return s->clkcr;
    case A_ARGR: return s->argr;
    case A_CMDR: return s->cmdr;
    case A_RESPCMDR: return s->respcmdr;
    case A_RESP1 ... A_RESP4: return s->resp[(addr - A_RESP1) / 4];
    case A_DTIMER: return s->dtimer;
    case A_DLENR: return s->dlenr;
    case A_DCTRL: return s->dctrl;
    case A_DCNTR: return s->dcntr;
    case A_STAR: return s->star;
    case A_MASKR: return s->maskr;
    case A_ACKTIMER: return s->acktimer;
    case A_IDMACTRLR: return s->idmactrlr;
    case A_IDMABSIZER: return s->idmabsizer;
    case A_IDMABASE0R: return s->idmabase[0];
    case A_IDMABASE1R: return s->idmabase[1];
    case A_ICR: return 0;
    case A_FIFOR ... A_FIFOR_END:
        qemu_log_mask(LOG_UNIMP,
                      "%s: FIFO access is not modelled (use the IDMA)\n",
                      sdmmc_name(s));
        return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      sdmmc_name(s), addr);
        return 0;
    }
}

static void sdmmc_write(void *opaque, hwaddr addr, uint64_t val64,
                        unsigned size)
{
    Stm32h7SdmmcState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_POWER: s->power = val & 0x1F; break;
    case A_CLKCR: s->clkcr = val & 0x003FF3FF; break;
    case A_ARGR: s->argr = val; break;
    case A_CMDR:
        s->cmdr = val & 0x0001FFFF;
        if (FIELD_EX32(val, CMDR, CPSMEN)) {
            command_send(s);
        }
        break;
    case A_DTIMER: s->dtimer = val; break;
    case A_DLENR: s->dlenr = val & DLENR_MASK; break;
    case A_DCTRL:
        s->dctrl = val & 0x3FFF;
        if (FIELD_EX32(val, DCTRL, DTEN)) {
            data_start(s); /* a transfer started without a command */
        }
        break;
    case A_ICR: s->star &= ~(val & STAR_STATIC); break;
    case A_MASKR: s->maskr = val & STAR_IRQ_MASK; break;
    case A_ACKTIMER: s->acktimer = val & DLENR_MASK; break;
    case A_IDMACTRLR: s->idmactrlr = val & 7; break;
    case A_IDMABSIZER: s->idmabsizer = val & 0x1FE0; break;
    case A_IDMABASE0R: s->idmabase[0] = val; break;
    case A_IDMABASE1R: s->idmabase[1] = val; break;
    case A_RESPCMDR:
    case A_RESP1 ... A_RESP4:
    case A_DCNTR:
    case A_STAR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to read-only offset 0x%02" HWADDR_PRIx "\n",
                      sdmmc_name(s), addr);
        break;
    case A_FIFOR ... A_FIFOR_END:
        qemu_log_mask(LOG_UNIMP,
                      "%s: FIFO access is not modelled (use the IDMA)\n",
                      sdmmc_name(s));
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      sdmmc_name(s), addr);
        break;
    }
    sdmmc_update_irq(s);
}

static const MemoryRegionOps sdmmc_ops = {
    .read = sdmmc_read,
    .write = sdmmc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void sdmmc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7SdmmcState *s = STM32H7_SDMMC(obj);

    s->power = s->clkcr = s->argr = s->cmdr = s->respcmdr = 0;
    memset(s->resp, 0, sizeof(s->resp));
    s->dtimer = s->dlenr = s->dctrl = s->dcntr = s->star = s->maskr = 0;
    s->acktimer = s->idmactrlr = s->idmabsizer = 0;
    s->idmabase[0] = s->idmabase[1] = 0;
    timer_del(s->data_timer);
}

static void sdmmc_reset_exit(Object *obj, ResetType type)
{
    sdmmc_update_irq(STM32H7_SDMMC(obj));
}

static void sdmmc_realize(DeviceState *dev, Error **errp)
{
    Stm32h7SdmmcState *s = STM32H7_SDMMC(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "stm32h7-sdmmc: the kernel clock 'clk' must be "
                         "connected");
        return;
    }
    if (!s->dma_mr) {
        error_setg(errp, "stm32h7-sdmmc: the 'dma-memory' link must be set");
        return;
    }
    address_space_init(&s->dma_as, s->dma_mr, "stm32h7-sdmmc-idma");
}

static void sdmmc_init(Object *obj)
{
    Stm32h7SdmmcState *s = STM32H7_SDMMC(obj);

    memory_region_init_io(&s->mmio, obj, &sdmmc_ops, s, TYPE_STM32H7_SDMMC,
                          0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qbus_init(&s->sdbus, sizeof(s->sdbus), TYPE_SD_BUS, DEVICE(obj), "sd-bus");
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->data_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, data_end, s);
}

static const VMStateDescription vmstate_sdmmc = {
    .name = TYPE_STM32H7_SDMMC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(power, Stm32h7SdmmcState),
            VMSTATE_UINT32(clkcr, Stm32h7SdmmcState),
            VMSTATE_UINT32(argr, Stm32h7SdmmcState),
            VMSTATE_UINT32(cmdr, Stm32h7SdmmcState),
            VMSTATE_UINT32(respcmdr, Stm32h7SdmmcState),
            VMSTATE_UINT32_ARRAY(resp, Stm32h7SdmmcState, 4),
            VMSTATE_UINT32(dtimer, Stm32h7SdmmcState),
            VMSTATE_UINT32(dlenr, Stm32h7SdmmcState),
            VMSTATE_UINT32(dctrl, Stm32h7SdmmcState),
            VMSTATE_UINT32(dcntr, Stm32h7SdmmcState),
            VMSTATE_UINT32(star, Stm32h7SdmmcState),
            VMSTATE_UINT32(maskr, Stm32h7SdmmcState),
            VMSTATE_UINT32(acktimer, Stm32h7SdmmcState),
            VMSTATE_UINT32(idmactrlr, Stm32h7SdmmcState),
            VMSTATE_UINT32(idmabsizer, Stm32h7SdmmcState),
            VMSTATE_UINT32_ARRAY(idmabase, Stm32h7SdmmcState, 2),
            VMSTATE_TIMER_PTR(data_timer, Stm32h7SdmmcState),
            VMSTATE_CLOCK(clk, Stm32h7SdmmcState), VMSTATE_END_OF_LIST() }
};

static const Property sdmmc_props[] = {
    DEFINE_PROP_LINK("dma-memory", Stm32h7SdmmcState, dma_mr,
                     TYPE_MEMORY_REGION, MemoryRegion *),
};

static void sdmmc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = sdmmc_realize;
    dc->vmsd = &vmstate_sdmmc;
    device_class_set_props(dc, sdmmc_props);
    rc->phases.hold = sdmmc_reset_hold;
    rc->phases.exit = sdmmc_reset_exit;
}

static const TypeInfo sdmmc_types[] = {
    {
        .name = TYPE_STM32H7_SDMMC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7SdmmcState),
        .instance_init = sdmmc_init,
        .class_init = sdmmc_class_init,
    },
};
DEFINE_TYPES(sdmmc_types)
