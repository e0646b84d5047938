/*
 * STM32H7 flexible memory controller (FMC, RM0399), SDRAM side, with the
 * STM32H747I-DISCO's 32 MiB SDRAM (IS42S32800J: 4 banks, 12 row and 9
 * column address bits, 32-bit bus) on SDRAM bank 2 (SDNE1, 0xD0000000).
 *
 * The memory answers only once the board's initialisation sequence has run
 * in order: FMC enabled (BCR1.FMCEN), SDCR/SDTR set, then through SDCMR the
 * clock-configuration-enable, precharge-all, auto-refresh and load-mode-
 * register commands.  A command out of order, a geometry that does not match
 * the chip, or a mode register whose CAS latency differs from SDCR is
 * logged as a guest error and leaves the memory off (bus errors, as an
 * uninitialised SDRAM gives garbage or faults on the board).  The refresh
 * rate (SDRTR.COUNT) is checked against the chip's 64 ms / 4096 rows.
 * Bank 1 (0xC0000000) has no chip on this board.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_fmc.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(BCR1, 0x000)
    FIELD(BCR1, FMCEN, 31, 1)
REG32(SDCR1, 0x140)
    FIELD(SDCR, NC, 0, 2)
    FIELD(SDCR, NR, 2, 2)
    FIELD(SDCR, MWID, 4, 2)
    FIELD(SDCR, NB, 6, 1)
    FIELD(SDCR, CAS, 7, 2)
    FIELD(SDCR, WP, 9, 1)
    FIELD(SDCR, SDCLK, 10, 2)
REG32(SDCR2, 0x144)
REG32(SDTR1, 0x148)
REG32(SDTR2, 0x14C)
REG32(SDCMR, 0x150)
    FIELD(SDCMR, MODE, 0, 3)
    FIELD(SDCMR, CTB2, 3, 1)
    FIELD(SDCMR, CTB1, 4, 1)
    FIELD(SDCMR, NRFS, 5, 4)
    FIELD(SDCMR, MRD, 9, 13)
REG32(SDRTR, 0x154)
    FIELD(SDRTR, CRE, 0, 1)
    FIELD(SDRTR, COUNT, 1, 13)
    FIELD(SDRTR, REIE, 14, 1)
REG32(SDSR, 0x158)
    FIELD(SDSR, MODES2, 3, 2)
/* clang-format on */

#define SDRAM_BASE 0xD0000000
#define SDRAM_SIZE (32 * MiB)

enum {
    CMD_NORMAL,
    CMD_CLK_ENABLE,
    CMD_PALL,
    CMD_AUTO_REFRESH,
    CMD_LOAD_MODE,
    CMD_SELF_REFRESH,
    CMD_POWER_DOWN
};
/* initialisation progress of bank 2 */
enum { SD_OFF, SD_CLOCKED, SD_PRECHARGED, SD_REFRESHED, SD_READY };

#define R(s, a) ((s)->regs[(a) / 4])

static const char *const state_names[] = { "off", "clocked", "precharged",
                                           "refreshed", "ready" };

static void fmc_set_state(Stm32h7FmcState *s, uint32_t st)
{
    s->state = st;
    memory_region_set_enabled(&s->sdram, st == SD_READY);
    trace_stm32h7_fmc_sdram(state_names[st]);
}

/* the bank's SDCR: SDCLK, RBURST and RPIPE live in SDCR1 for both banks */
static bool geometry_ok(Stm32h7FmcState *s)
{
    uint32_t c = R(s, A_SDCR2);

    if (FIELD_EX32(c, SDCR, NC) != 1 || FIELD_EX32(c, SDCR, NR) != 1 ||
        FIELD_EX32(c, SDCR, MWID) != 2 || FIELD_EX32(c, SDCR, NB) != 1) {
        qemu_log_mask(
            LOG_GUEST_ERROR,
            "stm32h7-fmc: SDCR2 0x%08x does not match "
            "the board's SDRAM (9 column, 12 row bits, 32-bit, 4 banks)\n",
            c);
        return false;
    }
    if (FIELD_EX32(R(s, A_SDCR1), SDCR, SDCLK) < 2) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-fmc: SDCR1.SDCLK=%u: SDRAM clock "
                      "disabled or reserved\n",
                      FIELD_EX32(R(s, A_SDCR1), SDCR, SDCLK));
        return false;
    }
    return true;
}

static void fmc_command(Stm32h7FmcState *s, uint32_t val)
{
    unsigned mode = FIELD_EX32(val, SDCMR, MODE);
    static const uint32_t needs[] = {
        [CMD_CLK_ENABLE] = SD_OFF,
        [CMD_PALL] = SD_CLOCKED,
        [CMD_AUTO_REFRESH] = SD_PRECHARGED,
        [CMD_LOAD_MODE] = SD_REFRESHED,
    };

    trace_stm32h7_fmc_command(mode, val);
    if (FIELD_EX32(val, SDCMR, CTB1)) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-fmc: SDCMR command for bank 1, "
                                       "which has no SDRAM on this board\n");
    }
    if (!FIELD_EX32(val, SDCMR, CTB2)) {
        return;
    }
    if (!FIELD_EX32(R(s, A_BCR1), BCR1, FMCEN)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-fmc: SDRAM command with the FMC "
                      "disabled (BCR1.FMCEN=0): ignored\n");
        return;
    }
    switch (mode) {
    case CMD_CLK_ENABLE:
    case CMD_PALL:
    case CMD_AUTO_REFRESH:
    case CMD_LOAD_MODE:
        /* the sequence may be run again from the start, or a step repeated */
        if (s->state != needs[mode] && !(mode == CMD_CLK_ENABLE) &&
            s->state != needs[mode] + 1) {
            qemu_log_mask(
                LOG_GUEST_ERROR,
                "stm32h7-fmc: SDRAM command %u with the "
                "SDRAM %s: out of order (clock enable, precharge all, "
                "auto-refresh, load mode register)\n",
                mode, state_names[s->state]);
            return;
        }
        if (mode == CMD_CLK_ENABLE && !geometry_ok(s)) {
            return;
        }
        if (mode == CMD_LOAD_MODE) {
            unsigned cas = extract32(FIELD_EX32(val, SDCMR, MRD), 4, 3);
            if (cas != FIELD_EX32(R(s, A_SDCR2), SDCR, CAS)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "stm32h7-fmc: mode register CAS "
                              "latency %u differs from SDCR2.CAS %u\n",
                              cas, FIELD_EX32(R(s, A_SDCR2), SDCR, CAS));
                return;
            }
        }
        fmc_set_state(s, mode == CMD_CLK_ENABLE     ? SD_CLOCKED
                         : mode == CMD_PALL         ? SD_PRECHARGED
                         : mode == CMD_AUTO_REFRESH ? SD_REFRESHED
                                                    : SD_READY);
        break;
    case CMD_NORMAL:
    case CMD_SELF_REFRESH:
    case CMD_POWER_DOWN:
        /* contents are kept; self-refresh and power-down are not timed */
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-fmc: SDCMR.MODE %u reserved\n",
                      mode);
        break;
    }
}

static uint64_t fmc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7FmcState *s = opaque;

    if (addr >= STM32H7_FMC_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-fmc: read of reserved offset 0x%03" HWADDR_PRIx
                      "\n",
                      addr);
        return 0;
    }
    if (addr == A_SDCMR) {
        return R(s, addr) & ~R_SDCMR_MODE_MASK;
    }
    if (addr == A_SDSR) {
        return 0; /* normal mode, not busy, no refresh error */
    }
    return R(s, addr);
}

static void fmc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7FmcState *s = opaque;
    uint32_t val = val64;

    if (addr >= STM32H7_FMC_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-fmc: write to reserved offset 0x%03" HWADDR_PRIx
                      "\n",
                      addr);
        return;
    }
    switch (addr) {
    case A_SDCMR:
        R(s, addr) = val;
        fmc_command(s, val);
        break;
    case A_SDRTR:
        /* 64 ms / 4096 rows = 15.6 us; at 100 MHz at most about 1542 */
        if (FIELD_EX32(val, SDRTR, COUNT) < 41) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-fmc: SDRTR.COUNT %u is below "
                          "41: not a valid refresh rate\n",
                          FIELD_EX32(val, SDRTR, COUNT));
        }
        R(s, addr) = val & (R_SDRTR_COUNT_MASK | R_SDRTR_REIE_MASK);
        break;
    case A_SDSR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-fmc: SDSR is read-only\n");
        break;
    default: R(s, addr) = val; break;
    }
}

static const MemoryRegionOps fmc_ops = {
    .read = fmc_read,
    .write = fmc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void fmc_reset_hold(Object *obj, ResetType type)
{
    Stm32h7FmcState *s = STM32H7_FMC(obj);

    memset(s->regs, 0, sizeof(s->regs));
    R(s, A_BCR1) = 0x000030DB;
    R(s, A_SDCR1) = R(s, A_SDCR2) = 0x000002D0;
    R(s, A_SDTR1) = R(s, A_SDTR2) = 0x0FFFFFFF;
    fmc_set_state(s, SD_OFF);
}

static void fmc_realize(DeviceState *dev, Error **errp)
{
    Stm32h7FmcState *s = STM32H7_FMC(dev);

    if (!memory_region_init_ram(&s->sdram, OBJECT(s), "stm32h747i-disco.sdram",
                                SDRAM_SIZE, errp)) {
        return;
    }
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->sdram);
}

static void fmc_init(Object *obj)
{
    Stm32h7FmcState *s = STM32H7_FMC(obj);

    memory_region_init_io(&s->mmio, obj, &fmc_ops, s, TYPE_STM32H7_FMC, 0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
}

static int fmc_post_load(void *opaque, int version_id)
{
    Stm32h7FmcState *s = opaque;

    memory_region_set_enabled(&s->sdram, s->state == SD_READY);
    return 0;
}

static const VMStateDescription vmstate_fmc = {
    .name = TYPE_STM32H7_FMC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = fmc_post_load,
    .fields = (const VMStateField[]){ VMSTATE_UINT32_ARRAY(regs,
                                                           Stm32h7FmcState,
                                                           STM32H7_FMC_NREGS),
                                      VMSTATE_UINT32(state, Stm32h7FmcState),
                                      VMSTATE_END_OF_LIST() }
};

static void fmc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = fmc_realize;
    dc->vmsd = &vmstate_fmc;
    rc->phases.hold = fmc_reset_hold;
}

static const TypeInfo fmc_types[] = {
    {
        .name = TYPE_STM32H7_FMC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7FmcState),
        .instance_init = fmc_init,
        .class_init = fmc_class_init,
    },
};
DEFINE_TYPES(fmc_types)
