/*
 * STM32H747 system on chip: memory map of RM0399, the Cortex-M7 and the
 * Cortex-M4 on one bus matrix, the modelled peripherals, and an
 * unimplemented-device for every other peripheral region so that a guest's
 * access is logged, never fatal.
 *
 * Peripheral interrupts reach both NVICs (the line numbers are the same on
 * both cores); EXTI and HSEM have a separate output per core.  The CM4
 * starts with the CM7 when the option bit BCM4 is set; otherwise it is held
 * at reset until the CM7 sets RCC_GCR.BOOT_C2.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-clock.h"
#include "hw/misc/unimp.h"
#include "hw/core/split-irq.h"
#include "hw/or-irq.h"
#include "hw/irq.h"
#include "hw/core/cpu.h"
#include "target/arm/cpu.h"
#include "target/arm/arm-powerctl.h"
#include "hw/boards.h"
#include "exec/address-spaces.h"
#include "system/system.h"
#include "system/reset.h"
#include "migration/blocker.h"
#include "h7_vmstate.h"
#include "stm32h747_soc.h"
#include "stm32h747_jumpers.h"
#include "stm32h747_monitor.h"
#include "stm32h747_pintrace.h"
#include "trace.h"

/* memory map (RM0399 "Memory map and register boundary addresses") */
#define ITCM_BASE         0x00000000
#define ITCM_SIZE         (64 * KiB)
#define FLASH_BASE        0x08000000
#define DTCM_BASE         0x20000000
#define DTCM_SIZE         (128 * KiB)
#define AXI_SRAM_BASE     0x24000000
#define AXI_SRAM_SIZE     (512 * KiB)
#define SRAM1_BASE        0x30000000
#define SRAM2_BASE        0x30020000
#define SRAM3_BASE        0x30040000
#define SRAM4_BASE        0x38000000
#define CM4_SRAM_ALIAS    0x10000000 /* SRAM1-3 as the CM4 also sees them */
#define BKP_SRAM_BASE     0x38800000
#define SYSMEM_BASE       0x1FF00000 /* system memory: boot loader, IDs */
#define SYSMEM_SIZE       (128 * KiB)
#define UID_OFFSET        0x1E800 /* 96-bit unique device ID */
#define FLASH_SIZE_OFFSET 0x1E880 /* flash size in KiB */

#define FLASH_REG_BASE 0x52002000
#define EXTI_BASE      0x58000000
#define SYSCFG_BASE    0x58000400
#define GPIO_BASE      0x58020000 /* GPIOA; one port every 0x400 */
#define RCC_BASE       0x58024400
#define PWR_BASE       0x58024800
#define USART1_BASE    0x40011000
#define UART8_BASE     0x40007C00
#define USART2_BASE    0x40004400
#define USART3_BASE    0x40004800
#define UART4_BASE     0x40004C00
#define UART5_BASE     0x40005000
#define USART6_BASE    0x40011400
#define UART7_BASE     0x40007800

#define RNG_BASE     0x48021800
#define DBGMCU_BASE  0x5C001000
#define HSEM_BASE    0x58026400
#define DBGMCU_IDC   0x10036450 /* REV_ID 0x1003, DEV_ID 0x450 */
#define DSI_BASE     0x50000000
#define LTDC_BASE    0x50001000
#define DMA2D_BASE   0x52001000
#define FMC_BASE     0x52004000
#define QSPI_BASE    0x52005000
#define QSPI_MMAP    0x90000000 /* memory-mapped mode */
#define SDRAM_BASE   0xD0000000 /* FMC SDRAM bank 2 (SDNE1) */
#define I2C1_BASE    0x40005400
#define I2C2_BASE    0x40005800
#define I2C3_BASE    0x40005C00
#define I2C4_BASE    0x58001C00
#define RTC_BASE     0x58004000
#define ADC12_BASE   0x40022000
#define ADC3_BASE    0x58026000
#define DAC1_BASE    0x40007400
#define DMA1_BASE    0x40020000
#define DMA2_BASE    0x40020400
#define DMAMUX1_BASE 0x40020800
#define SDMMC1_BASE  0x52007000
#define ETH_BASE     0x40028000
#define IWDG1_BASE   0x58004800
#define WWDG1_BASE   0x50003000
#define IRQ_WWDG1    0

/* Cortex-M7 NVIC lines */
#define IRQ_RTC_WKUP  3
#define IRQ_ADC12     18
#define IRQ_ADC3      127
#define IRQ_SDMMC1    49
#define IRQ_ETH       61
#define IRQ_FLASH     4
#define IRQ_EXTI0     6 /* EXTI0..4: 6..10 */
#define IRQ_EXTI9_5   23
#define IRQ_USART1    37
#define IRQ_USART2    38
#define IRQ_USART3    39
#define IRQ_UART4     52
#define IRQ_UART5     53
#define IRQ_USART6    71
#define IRQ_UART7     82
#define IRQ_EXTI15_10 40
#define IRQ_RTC_ALARM 41
#define IRQ_RNG       80
#define IRQ_UART8     83
#define IRQ_LTDC      88
#define IRQ_LTDC_ER   89
#define IRQ_DMA2D     90
#define IRQ_QUADSPI   92
#define IRQ_I2C1_EV   31
#define IRQ_I2C1_ER   32
#define IRQ_I2C2_EV   33
#define IRQ_I2C2_ER   34
#define IRQ_I2C3_EV   72
#define IRQ_I2C3_ER   73
#define IRQ_I2C4_EV   95
#define IRQ_I2C4_ER   96
#define IRQ_DSI       123
#define IRQ_HSEM1     125 /* the CM7's HSEM line */
#define IRQ_HSEM2     126 /* the CM4's HSEM line */
#define NUM_IRQ       STM32H747_NUM_IRQ

static const int exti_nvic[7] = { 6, 7, 8, 9, 10, IRQ_EXTI9_5, IRQ_EXTI15_10 };

/* GPIO reset values that differ from the others (debug pins on A and B) */
static const struct {
    uint32_t moder, ospeedr, pupdr;
} gpio_reset[2] = {
    { 0xABFFFFFF, 0x0C000000, 0x64000000 }, /* A: PA13/14/15 JTAG */
    { 0xFFFFFEBF, 0x000000C0, 0x00000100 }, /* B: PB3/PB4 JTAG */
};

/* every peripheral region of RM0399 that is not modelled (yet) */
static const struct {
    const char *name;
    hwaddr base, size;
} unimp[] = {
    { "LPTIM1", 0x40002400, 0x400 },     { "SPDIFRX", 0x40004000, 0x400 },

    { "HDMI-CEC", 0x40006C00, 0x400 },   { "CRS", 0x40008400, 0x400 },
    { "SWPMI", 0x40008800, 0x400 },      { "OPAMP", 0x40009000, 0x400 },
    { "MDIOS", 0x40009400, 0x400 },      { "FDCAN", 0x4000A000, 0x1000 },
    { "FDCAN-RAM", 0x4000AC00, 0x2800 }, { "SAI1", 0x40015800, 0x400 },
    { "SAI2", 0x40015C00, 0x400 },       { "SAI3", 0x40016000, 0x400 },
    { "DFSDM1", 0x40017000, 0x400 },     { "HRTIM", 0x40017400, 0x400 },
    { "ART", 0x40024400, 0x400 },        { "OTG1_HS", 0x40040000, 0x40000 },
    { "OTG2_FS", 0x40080000, 0x40000 },  { "DCMI", 0x48020000, 0x400 },
    { "CRYP", 0x48021000, 0x400 },       { "HASH", 0x48021400, 0x400 },
    { "SDMMC2", 0x48022400, 0x400 },     { "RAMECC2", 0x48023000, 0x400 },
    { "MDMA", 0x52000000, 0x1000 },      { "JPEG", 0x52003000, 0x1000 },
    { "DLYB-QSPI", 0x52006000, 0x1000 }, { "DLYB-SDMMC1", 0x52008000, 0x1000 },
    { "RAMECC1", 0x52009000, 0x1000 },   { "LPUART1", 0x58000C00, 0x400 },
    { "LPTIM2", 0x58002400, 0x400 },     { "LPTIM3", 0x58002800, 0x400 },
    { "LPTIM4", 0x58002C00, 0x400 },     { "LPTIM5", 0x58003000, 0x400 },
    { "COMP1-2", 0x58003800, 0x400 },    { "VREF", 0x58003C00, 0x400 },
    { "IWDG2", 0x58004C00, 0x400 },      { "SAI4", 0x58005400, 0x400 },
    { "CRC", 0x58024C00, 0x400 },        { "BDMA", 0x58025400, 0x400 },
    { "DMAMUX2", 0x58025800, 0x400 },    { "RAMECC3", 0x58027000, 0x400 },
};

static uint64_t dbgmcu_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h747SocState *s = opaque;

    switch (addr) {
    case 0x00: return DBGMCU_IDC;
    case 0x04: return s->dbgmcu_cr;
    default:
        qemu_log_mask(
            LOG_UNIMP,
            "stm32h747: DBGMCU offset 0x%" HWADDR_PRIx " not modelled\n", addr);
        return 0;
    }
}

static void dbgmcu_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Stm32h747SocState *s = opaque;

    if (addr == 0x04) {
        s->dbgmcu_cr = val;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h747: DBGMCU write to "
                      "read-only or unmodelled offset 0x%" HWADDR_PRIx "\n",
                      addr);
    }
}

static const MemoryRegionOps dbgmcu_ops = {
    .read = dbgmcu_read,
    .write = dbgmcu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

/* the CM7's TCMs are not on the bus matrix: an access by the CM4 or by a
 * DMA master (the Ethernet's) is a bus error */
static MemTxResult tcm_hole_read(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h747: bus-matrix read of Cortex-M7 "
                  "%s + 0x%" HWADDR_PRIx ": bus error\n",
                  (const char *)opaque, addr);
    *data = 0;
    return MEMTX_ERROR;
}

static MemTxResult tcm_hole_write(void *opaque, hwaddr addr, uint64_t data,
                                  unsigned size, MemTxAttrs attrs)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h747: bus-matrix write to Cortex-M7 "
                  "%s + 0x%" HWADDR_PRIx ": bus error\n",
                  (const char *)opaque, addr);
    return MEMTX_ERROR;
}

static const MemoryRegionOps tcm_hole_ops = {
    .read_with_attrs = tcm_hole_read,
    .write_with_attrs = tcm_hole_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static ARMCPU *cm4_cpu(Stm32h747SocState *s)
{
    return s->cm4.cpu;
}

/*
 * Debug halt of the CM4 alone.  QEMU's vCPU pause is shared with the VM's
 * stop/cont (a "cont" would resume the core), so the halt is modelled as
 * power: the core is marked off and halted on its own thread, keeping all
 * its registers, and marked on again to resume where it stopped.  An
 * interrupt does not wake a core that is off.
 */
static void cm4_halt_work(CPUState *cs, run_on_cpu_data data)
{
    ARM_CPU(cs)->power_state = PSCI_OFF;
    cs->halted = 1;
    cs->exception_index = EXCP_HLT;
}

static void cm4_resume_work(CPUState *cs, run_on_cpu_data data)
{
    ARM_CPU(cs)->power_state = PSCI_ON;
    cs->halted = 0;
}

void stm32h747_soc_set_cm4_halted(Stm32h747SocState *s, bool halted,
                                  Error **errp)
{
    CPUState *cs = CPU(cm4_cpu(s));

    if (halted == s->cm4_halted) {
        return;
    }
    /* a core held at reset (or in lockup) has nothing to halt */
    if (halted && cm4_cpu(s)->power_state == PSCI_OFF) {
        error_setg(errp,
                   "the Cortex-M4 is not running (held until RCC_GCR.BOOT_C2, "
                   "or no image at 0x%08" PRIx32 ")",
                   s->boot_cm4_addr);
        return;
    }
    s->cm4_halted = halted;
    trace_stm32h747_soc_cm4_halted(halted);
    async_run_on_cpu(cs, halted ? cm4_halt_work : cm4_resume_work,
                     RUN_ON_CPU_NULL);
}

bool stm32h747_soc_cm4_halted(Stm32h747SocState *s)
{
    return s->cm4_halted;
}

/*
 * QEMU does not model the Cortex-M lockup state (a fault in the HardFault
 * path aborts QEMU).  The common way into it is a bank that was never
 * programmed, so a core is only started when its vector table holds a
 * plausible stack pointer and Thumb reset address; otherwise it stays off,
 * as good as locked up, and the reason is logged.
 */
static bool vectors_ok(const char *core, uint32_t base)
{
    uint32_t v[2];

    if (address_space_read(&address_space_memory, base, MEMTXATTRS_UNSPECIFIED,
                           v, sizeof(v)) != MEMTX_OK) {
        v[0] = v[1] = UINT32_MAX;
    }
    v[0] = le32_to_cpu(v[0]);
    v[1] = le32_to_cpu(v[1]);
    if (v[0] == UINT32_MAX || v[1] == UINT32_MAX || !(v[1] & 1)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h747: no %s image at 0x%08" PRIx32
                      " (SP 0x%08" PRIx32 ", PC 0x%08" PRIx32
                      "): the core stays in "
                      "lockup\n",
                      core, base, v[0], v[1]);
        return false;
    }
    return true;
}

static bool cm4_vectors_ok(Stm32h747SocState *s)
{
    return vectors_ok("Cortex-M4", s->boot_cm4_addr);
}

/* system reset: the CPUs are not on a bus, so each is reset here */
static void soc_reset_cpus(void *opaque)
{
    Stm32h747SocState *s = opaque;
    CPUState *cm7 = CPU(s->cm7.cpu), *cm4 = CPU(cm4_cpu(s));

    /* with -kernel the image is loaded at reset, after this check */
    cm7->start_powered_off = !current_machine->kernel_filename &&
                             !vectors_ok("Cortex-M7", FLASH_BASE);
    cpu_reset(cm7);
    cm4->start_powered_off = !s->boot_cm4 || !cm4_vectors_ok(s);
    cpu_reset(cm4);
    s->cm4_halted = false;
}

/* RCC_GCR.BOOT_C2 set: a CM4 held at reset starts from its boot address */
static void soc_boot_c2(void *opaque, int n, int level)
{
    Stm32h747SocState *s = opaque;
    ARMCPU *cpu = cm4_cpu(s);

    if (level && cpu->power_state == PSCI_OFF && cm4_vectors_ok(s)) {
        trace_stm32h747_soc_boot_c2(level);
        arm_set_cpu_on_and_reset(cpu->mp_affinity);
    }
}

/* an interrupt line of both NVICs, for a peripheral both cores can serve */
static qemu_irq soc_irq(Stm32h747SocState *s, int n)
{
    if (!s->irq_split[n]) {
        DeviceState *split = qdev_new(TYPE_SPLIT_IRQ);
        g_autofree char *name = g_strdup_printf("irq-split[%d]", n);

        object_property_add_child(OBJECT(s), name, OBJECT(split));
        qdev_prop_set_uint16(split, "num-lines", 2);
        qdev_realize_and_unref(split, NULL, &error_fatal);
        qdev_connect_gpio_out(split, 0, qdev_get_gpio_in(DEVICE(&s->cm7), n));
        qdev_connect_gpio_out(split, 1, qdev_get_gpio_in(DEVICE(&s->cm4), n));
        s->irq_split[n] = split;
    }
    if (!s->irq_in[n]) {
        /* counted for the resource monitor on the way in */
        s->irq_in[n] = stm32h747_monitor_irq(
            s, n, qdev_get_gpio_in(s->irq_split[n], 0));
    }
    return s->irq_in[n];
}

/* input k of an interrupt line two peripherals share (an OR in front of
 * soc_irq) */
static qemu_irq soc_shared_irq(Stm32h747SocState *s, int n, int k)
{
    if (!s->irq_or[n]) {
        DeviceState * or = qdev_new(TYPE_OR_IRQ);
        g_autofree char *name = g_strdup_printf("irq-or[%d]", n);

        object_property_add_child(OBJECT(s), name, OBJECT(or));
        qdev_prop_set_uint16(or, "num-lines", 2);
        qdev_realize_and_unref(or, NULL, &error_fatal);
        qdev_connect_gpio_out(or, 0, soc_irq(s, n));
        s->irq_or[n] = or ;
    }
    return qdev_get_gpio_in(s->irq_or[n], k);
}

static const char *const uart_names[STM32H747_NUM_UART] = {
    "usart1", "uart8", "usart2", "usart3", "uart4", "uart5", "usart6", "uart7",
};

/*
 * The analog side (RM0399 ADC channel tables, the datasheet's pin table):
 * which pin or internal signal each ADC input channel measures, and what
 * voltage it has.  A pin has the volts set on it over QOM (ain-PXn), or
 * its output level when GPIO drives it, or the DAC's output on PA4/PA5.
 */
#define AIN_NONE   0xFF
#define AIN_DAC1   0xF0 /* DAC1_OUT1 (ADC2 channel 16) */
#define AIN_DAC2   0xF1 /* DAC1_OUT2 (ADC2 channel 17) */
#define AIN_VBAT   0xF2 /* VBAT/4 (ADC3 channel 17) */
#define AIN_VSENSE 0xF3 /* the temperature sensor (ADC3 channel 18) */
#define AIN_VREF   0xF4 /* VREFINT (ADC3 channel 19) */
#define P(port, n) ((uint8_t)(((port) - 'A') * 16 + (n)))
static const uint8_t adc_inputs[3][STM32H7_ADC_CHANNELS] = {
    { AIN_NONE,  AIN_NONE,   P('F', 11), P('A', 6), P('C', 4),
      P('B', 1), P('F', 12), P('A', 7),  P('C', 5), P('B', 0),
      P('C', 0), P('C', 1),  P('C', 2),  P('C', 3), P('A', 2),
      P('A', 3), P('A', 0),  P('A', 1),  P('A', 4), P('A', 5) },
    { AIN_NONE,  AIN_NONE,   P('F', 13), P('A', 6), P('C', 4),
      P('B', 1), P('F', 14), P('A', 7),  P('C', 5), P('B', 0),
      P('C', 0), P('C', 1),  P('C', 2),  P('C', 3), P('A', 2),
      P('A', 3), AIN_DAC1,   AIN_DAC2,   P('A', 4), P('A', 5) },
    { AIN_NONE,  AIN_NONE,   P('F', 9), P('F', 7),  P('F', 5),
      P('F', 3), P('F', 10), P('F', 8), P('F', 6),  P('F', 4),
      P('C', 0), P('C', 1),  P('C', 2), P('H', 2),  P('H', 3),
      P('H', 4), P('H', 5),  AIN_VBAT,  AIN_VSENSE, AIN_VREF },
};
/* the temperature sensor and VREFINT, and their factory calibration in
 * system memory (16-bit codes at VREF+ = 3.3 V) */
#define VSENSE_AT_30C      0.62  /* volts */
#define VSENSE_SLOPE       0.002 /* volts per degree C */
#define VREFINT_VOLTS      1.216
#define VREF_PLUS_VOLTS    3.3
#define TS_CAL1_OFFSET     0x1E820 /* at 30 C */
#define TS_CAL2_OFFSET     0x1E840 /* at 110 C */
#define VREFINT_CAL_OFFSET 0x1E860
#define DAC1_OUT1_PIN      P('A', 4)
#define DAC1_OUT2_PIN      P('A', 5)
#define CCR_VREFEN         (1u << 22)
#define CCR_VSENSEEN       (1u << 23)
#define CCR_VBATEN         (1u << 24)

static uint16_t cal_code(double volts)
{
    return (uint16_t)(volts / VREF_PLUS_VOLTS * 65535 + 0.5);
}

/* does the chip drive this pin: a DAC output on it, or a GPIO output */
static bool pin_driven(Stm32h747SocState *s, uint8_t pin)
{
    double v;

    return (pin == DAC1_OUT1_PIN && stm32h7_dac_output(&s->dac1, 0, &v)) ||
           (pin == DAC1_OUT2_PIN && stm32h7_dac_output(&s->dac1, 1, &v)) ||
           stm32h7_gpio_pin_drive(&s->gpio[pin / 16], pin % 16) >= 0;
}

enum {
    AIN_WAVE_NONE,
    AIN_WAVE_SINE,
    AIN_WAVE_SQUARE,
    AIN_WAVE_TRIANGLE,
    AIN_WAVE_SAWTOOTH
};
static const char *const ain_wave_names[] = {
    [AIN_WAVE_SINE] = "sine",
    [AIN_WAVE_SQUARE] = "square",
    [AIN_WAVE_TRIANGLE] = "triangle",
    [AIN_WAVE_SAWTOOTH] = "sawtooth"
};

/* the volts of a pin's waveform at virtual time now */
static double ain_wave_volts(Stm32h747SocState *s, uint8_t pin, int64_t now)
{
    Stm32h747AinWave *w = &s->ain_wave[pin];
    double phase = fmod((now - w->t0_ns) * 1e-9 * w->hz, 1.0); /* 0..1 */

    switch (w->kind) {
    case AIN_WAVE_SINE: return w->lo + w->hi * sin(2 * M_PI * phase);
    case AIN_WAVE_SQUARE: return phase < w->duty ? w->hi : w->lo;
    case AIN_WAVE_TRIANGLE:
        return w->lo +
               (w->hi - w->lo) * (phase < 0.5 ? 2 * phase : 2 - 2 * phase);
    default: return w->lo + (w->hi - w->lo) * phase; /* sawtooth */
    }
}

/* the voltage on a pin from the chip's side and the ain-PXn setting */
static double pin_own_volts(Stm32h747SocState *s, uint8_t pin)
{
    int level = stm32h7_gpio_pin_drive(&s->gpio[pin / 16], pin % 16);
    double v;

    if ((pin == DAC1_OUT1_PIN && stm32h7_dac_output(&s->dac1, 0, &v)) ||
        (pin == DAC1_OUT2_PIN && stm32h7_dac_output(&s->dac1, 1, &v))) {
        return v;
    }
    if (level >= 0) { /* a GPIO output drives the pin */
        return level ? VREF_PLUS_VOLTS : 0;
    }
    if (s->ain_wave[pin].kind != AIN_WAVE_NONE) {
        return ain_wave_volts(s, pin, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
    return s->ain[pin];
}

/* a pin's voltage, or that of the pin a jumper joins it to when that one
 * is driven (a DAC output, a GPIO output) and this one is not */
static double pin_volts(Stm32h747SocState *s, uint8_t pin)
{
    int peer = stm32h747_jumper_peer(s, pin);

    if (peer >= 0 && !pin_driven(s, pin) && pin_driven(s, peer)) {
        return pin_own_volts(s, peer);
    }
    return pin_own_volts(s, pin);
}

/* opaque: the SoC; conv 0/1 of the ADC1/2 block is ADC1/ADC2, ADC3's
 * block has its own function */
static double adc_input(Stm32h747SocState *s, unsigned adc, unsigned ch)
{
    uint8_t in = adc_inputs[adc][ch];
    uint32_t ccr3 = s->adc3.ccr;
    double v;

    switch (in) {
    case AIN_NONE: return 0;
    case AIN_DAC1: return stm32h7_dac_output(&s->dac1, 0, &v) ? v : 0;
    case AIN_DAC2: return stm32h7_dac_output(&s->dac1, 1, &v) ? v : 0;
    case AIN_VBAT: return (ccr3 & CCR_VBATEN) ? s->vbat / 4 : 0;
    case AIN_VSENSE:
        return (ccr3 & CCR_VSENSEEN)
                   ? VSENSE_AT_30C + (s->temperature - 30) * VSENSE_SLOPE
                   : 0;
    case AIN_VREF: return (ccr3 & CCR_VREFEN) ? VREFINT_VOLTS : 0;
    default: return pin_volts(s, in);
    }
}

static double adc12_input(void *opaque, unsigned conv, unsigned ch)
{
    return adc_input(opaque, conv, ch);
}

static double adc3_input(void *opaque, unsigned conv, unsigned ch)
{
    return adc_input(opaque, 2, ch);
}

static void soc_get_number(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    visit_type_number(v, name, opaque, errp);
}

#define PIN_VOLTS_MIN (-0.3) /* what a pin takes (the datasheet's ratings) */
#define PIN_VOLTS_MAX 4.0

static void soc_set_volts(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    double volts;
    if (!visit_type_number(v, name, &volts, errp)) {
        return;
    }
    if (!(volts >= PIN_VOLTS_MIN && volts <= PIN_VOLTS_MAX)) {
        error_setg(errp, "%s: %g V is outside the pin's -0.3 to 4.0 V", name,
                   volts);
        return;
    }
    *(double *)opaque = volts;
}

static void soc_set_number(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    visit_type_number(v, name, opaque, errp);
}

/*
 * ain-PXn-wave: "sine:MIDDLE:AMPLITUDE:HZ", "square:LOW:HIGH:HZ[:DUTY]",
 * "triangle:LOW:HIGH:HZ", "sawtooth:LOW:HIGH:HZ" in volts, starting at phase
 * 0 now; "" goes back to the constant ain-PXn
 */
static void soc_wave_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Stm32h747SocState *s = STM32H747_SOC(obj);
    uint8_t pin = (uintptr_t)opaque;
    g_autofree char *spec = g_strdup(s->ain_wave[pin].spec);

    visit_type_str(v, name, &spec, errp);
}

static void soc_wave_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Stm32h747SocState *s = STM32H747_SOC(obj);
    uint8_t pin = (uintptr_t)opaque;
    Stm32h747AinWave w = { 0 };
    g_autofree char *spec = NULL;
    g_auto(GStrv) f = NULL;
    unsigned n;
    double lo, hi;

    if (!visit_type_str(v, name, &spec, errp)) {
        return;
    }
    if (strlen(spec) >= sizeof(w.spec)) {
        error_setg(errp, "%s: longer than %zu characters", name,
                   sizeof(w.spec) - 1);
        return;
    }
    if (*spec) {
        f = g_strsplit(spec, ":", 0);
        n = g_strv_length(f);
        for (w.kind = AIN_WAVE_SINE; w.kind <= AIN_WAVE_SAWTOOTH; w.kind++) {
            if (!strcmp(f[0], ain_wave_names[w.kind])) {
                break;
            }
        }
        w.duty = 0.5;
        if (w.kind > AIN_WAVE_SAWTOOTH || n < 4 ||
            n > (w.kind == AIN_WAVE_SQUARE ? 5 : 4) ||
            qemu_strtod_finite(f[1], NULL, &w.lo) ||
            qemu_strtod_finite(f[2], NULL, &w.hi) ||
            qemu_strtod_finite(f[3], NULL, &w.hz) ||
            (n == 5 && qemu_strtod_finite(f[4], NULL, &w.duty))) {
            error_setg(errp,
                       "%s: '%s' is not sine:MIDDLE:AMPLITUDE:HZ, "
                       "square:LOW:HIGH:HZ[:DUTY], triangle:LOW:HIGH:HZ or "
                       "sawtooth:LOW:HIGH:HZ",
                       name, spec);
            return;
        }
        lo = w.kind == AIN_WAVE_SINE ? w.lo - fabs(w.hi) : MIN(w.lo, w.hi);
        hi = w.kind == AIN_WAVE_SINE ? w.lo + fabs(w.hi) : MAX(w.lo, w.hi);
        if (lo < PIN_VOLTS_MIN || hi > PIN_VOLTS_MAX) {
            error_setg(errp, "%s: %g to %g V is outside the pin's %g to %g V",
                       name, lo, hi, PIN_VOLTS_MIN, PIN_VOLTS_MAX);
            return;
        }
        if (!(w.hz > 0 && w.hz <= 1e9) || !(w.duty >= 0 && w.duty <= 1)) {
            error_setg(errp,
                       "%s: the frequency must be above 0 and at most "
                       "1 GHz, the duty 0 to 1",
                       name);
            return;
        }
    }
    w.t0_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    pstrcpy(w.spec, sizeof(w.spec), spec);
    s->ain_wave[pin] = w;
}

/* ain-PXn for every pin an ADC measures; temperature, vbat */
static void soc_init_analog(Stm32h747SocState *s)
{
    Object *obj = OBJECT(s);

    s->temperature = 25;
    s->vbat = VREF_PLUS_VOLTS; /* the DISCO feeds VBAT from VDD */
    for (unsigned a = 0; a < 3; a++) {
        for (unsigned ch = 0; ch < STM32H7_ADC_CHANNELS; ch++) {
            uint8_t pin = adc_inputs[a][ch];
            if (pin >= STM32H747_NUM_GPIO * 16) {
                continue;
            }
            g_autofree char *name = g_strdup_printf("ain-P%c%u", 'A' + pin / 16,
                                                    pin % 16);
            if (!object_property_find(obj, name)) {
                object_property_add(obj, name, "number", soc_get_number,
                                    soc_set_volts, NULL, &s->ain[pin]);
                object_property_set_description(
                    obj, name, "volts on the pin, for the ADCs (0 to 3.3)");
                g_autofree char *wave = g_strconcat(name, "-wave", NULL);
                object_property_add(obj, wave, "str", soc_wave_get,
                                    soc_wave_set, NULL, (void *)(uintptr_t)pin);
                object_property_set_description(
                    obj, wave,
                    "a waveform on the pin instead: sine:MIDDLE:AMPLITUDE:HZ, "
                    "square:LOW:HIGH:HZ[:DUTY], triangle:LOW:HIGH:HZ, "
                    "sawtooth:LOW:HIGH:HZ (volts), or \"\" for ain-PXn");
            }
        }
    }
    object_property_add(obj, "temperature", "number", soc_get_number,
                        soc_set_number, NULL, &s->temperature);
    object_property_set_description(obj, "temperature",
                                    "die temperature in degrees C");
    object_property_add(obj, "vbat", "number", soc_get_number, soc_set_number,
                        NULL, &s->vbat);
    object_property_set_description(obj, "vbat", "VBAT in volts");
}

/*
 * The timers (RM0399 tables "TIM1/TIM8", "TIM2..5", "TIM12..17", "TIM6/7"
 * and the vector table).  TIM1 and TIM8 have four interrupt vectors (in the
 * model's order: update, capture/compare, break, trigger/commutation);
 * TIM8's update, break and trigger vectors are shared with TIM13, TIM12 and
 * TIM14.  The APB1 timers count on timx-ker, the APB2 ones on timy-ker.
 */
#define TIM_SHARED 0x100 /* in an irq number: the vector is shared */
static const struct {
    const char *name;
    hwaddr base;
    bool apb2;
    uint8_t width, channels;
    bool advanced;                /* break unit and repetition counter */
    int irq[STM32H7_TIM_NUM_IRQ]; /* irq[0] alone for one-vector timers */
    int dac_trg;                  /* its TRGO's DAC trigger (TSEL), or 0 */
} tims[STM32H747_NUM_TIM] = {
    { "tim1",
      0x40010000,
      true,
      16,
      4,
      true,
      { 25, 27, 24, 26 },
      STM32H7_DAC_TRG_TIM1 },
    { "tim2", 0x40000000, false, 32, 4, false, { 28 }, STM32H7_DAC_TRG_TIM2 },
    { "tim3", 0x40000400, false, 16, 4, false, { 29 } },
    { "tim4", 0x40000800, false, 16, 4, false, { 30 }, STM32H7_DAC_TRG_TIM4 },
    { "tim5", 0x40000C00, false, 32, 4, false, { 50 }, STM32H7_DAC_TRG_TIM5 },
    { "tim6", 0x40001000, false, 16, 0, false, { 54 }, STM32H7_DAC_TRG_TIM6 },
    { "tim7", 0x40001400, false, 16, 0, false, { 55 }, STM32H7_DAC_TRG_TIM7 },
    { "tim8",
      0x40010400,
      true,
      16,
      4,
      true,
      { 44 | TIM_SHARED, 46, 43 | TIM_SHARED, 45 | TIM_SHARED },
      STM32H7_DAC_TRG_TIM8 },
    { "tim12", 0x40001800, false, 16, 2, false, { 43 | TIM_SHARED } },
    { "tim13", 0x40001C00, false, 16, 1, false, { 44 | TIM_SHARED } },
    { "tim14", 0x40002000, false, 16, 1, false, { 45 | TIM_SHARED } },
    { "tim15", 0x40014000, true, 16, 2, true, { 116 }, STM32H7_DAC_TRG_TIM15 },
    { "tim16", 0x40014400, true, 16, 1, true, { 117 } },
    { "tim17", 0x40014800, true, 16, 1, true, { 118 } },
};

/* the RTC's alarm (0) and wakeup (1) lines */
static void soc_rtc_event(void *opaque, int n, int level)
{
    Stm32h747SocState *s = opaque;

    qemu_set_irq(soc_irq(s, n ? IRQ_RTC_WKUP : IRQ_RTC_ALARM), level);
    qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->pwr), "wakeup", n), level);
}

static void soc_init(Object *obj)
{
    Stm32h747SocState *s = STM32H747_SOC(obj);

    object_initialize_child(obj, "cm7", &s->cm7, TYPE_ARMV7M);
    object_initialize_child(obj, "cm4", &s->cm4, TYPE_ARMV7M);
    object_initialize_child(obj, "cm7-dwt", &s->dwt[0], TYPE_H7_ARMV7M_DWT);
    object_initialize_child(obj, "cm4-dwt", &s->dwt[1], TYPE_H7_ARMV7M_DWT);
    qdev_init_gpio_in_named(DEVICE(obj), soc_rtc_event, "rtc-event", 2);
    qdev_init_gpio_in_named(DEVICE(obj), stm32h747_jumpers_uart_rts, "uart-rts",
                            STM32H747_NUM_UART);
    object_initialize_child(obj, "rcc", &s->rcc, TYPE_STM32H7_RCC);
    object_initialize_child(obj, "flash", &s->flash, TYPE_STM32H7_FLASH);
    for (int i = 0; i < STM32H747_NUM_GPIO; i++) {
        g_autofree char *name = g_strdup_printf("gpio%c", 'a' + i);
        object_initialize_child(obj, name, &s->gpio[i], TYPE_STM32H7_GPIO);
    }
    object_initialize_child(obj, "pwr", &s->pwr, TYPE_STM32H7_PWR);
    object_initialize_child(obj, "syscfg", &s->syscfg, TYPE_STM32H7_SYSCFG);
    object_initialize_child(obj, "exti", &s->exti, TYPE_STM32H7_EXTI);
    for (int i = 0; i < STM32H747_NUM_UART; i++) {
        object_initialize_child(obj, uart_names[i], &s->uart[i],
                                TYPE_STM32H7_USART);
    }
    object_initialize_child(obj, "rng", &s->rng, TYPE_STM32H7_RNG);
    object_initialize_child(obj, "rtc", &s->rtc, TYPE_STM32H7_RTC);
    object_initialize_child(obj, "iwdg1", &s->iwdg1, TYPE_STM32H7_IWDG);
    object_initialize_child(obj, "wwdg1", &s->wwdg1, TYPE_STM32H7_WWDG);
    for (int i = 0; i < STM32H747_NUM_TIM; i++) {
        object_initialize_child(obj, tims[i].name, &s->tim[i],
                                TYPE_STM32H7_TIM);
    }
    object_initialize_child(obj, "hsem", &s->hsem, TYPE_STM32H7_HSEM);
    object_initialize_child(obj, "fmc", &s->fmc, TYPE_STM32H7_FMC);
    object_initialize_child(obj, "ltdc", &s->ltdc, TYPE_STM32H7_LTDC);
    object_initialize_child(obj, "dsi", &s->dsi, TYPE_STM32H7_DSI);
    object_initialize_child(obj, "dma2d", &s->dma2d, TYPE_STM32H7_DMA2D);
    for (int i = 0; i < STM32H747_NUM_I2C; i++) {
        g_autofree char *name = g_strdup_printf("i2c%d", i + 1);
        object_initialize_child(obj, name, &s->i2c[i], TYPE_STM32H7_I2C);
    }
    for (int i = 0; i < STM32H747_NUM_SPI; i++) {
        g_autofree char *name = g_strdup_printf("spi%d", i + 1);
        object_initialize_child(obj, name, &s->spi[i], TYPE_STM32H7_SPI);
    }
    object_initialize_child(obj, "qspi", &s->qspi, TYPE_STM32H7_QSPI);
    object_initialize_child(obj, "adc12", &s->adc12, TYPE_STM32H7_ADC);
    object_initialize_child(obj, "adc3", &s->adc3, TYPE_STM32H7_ADC);
    object_initialize_child(obj, "dac1", &s->dac1, TYPE_STM32H7_DAC);
    object_initialize_child(obj, "dma1", &s->dma[0], TYPE_STM32H7_DMA);
    object_initialize_child(obj, "dma2", &s->dma[1], TYPE_STM32H7_DMA);
    object_initialize_child(obj, "dmamux1", &s->dmamux1, TYPE_STM32H7_DMAMUX);
    object_initialize_child(obj, "sdmmc1", &s->sdmmc1, TYPE_STM32H7_SDMMC);
    object_initialize_child(obj, "eth", &s->eth, TYPE_STM32H7_ETH);
    soc_init_analog(s);
}

static bool add_ram(Stm32h747SocState *s, MemoryRegion *mr, const char *name,
                    hwaddr base, uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, OBJECT(s), name, size, errp)) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(), base, mr);
    return true;
}

static bool map_dev(DeviceState *dev, hwaddr base, Error **errp)
{
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, base);
    return true;
}

/* the timer channels each pin reaches (DS12930 "Alternate function"): a
 * pin in that function gives its level to the timer's TIx input */
static const struct {
    uint8_t pin, af, tim, ch; /* tim: the index in tims[] */
} tim_inputs[] = {
    { P('A', 8), 1, 0, 0 },  { P('E', 9), 1, 0, 0 },  { P('E', 11), 1, 0, 1 },
    { P('E', 13), 1, 0, 2 }, { P('A', 11), 1, 0, 3 }, { P('E', 14), 1, 0, 3 },
    { P('A', 0), 1, 1, 0 },  { P('A', 5), 1, 1, 0 },  { P('A', 15), 1, 1, 0 },
    { P('A', 1), 1, 1, 1 },  { P('B', 3), 1, 1, 1 },  { P('A', 2), 1, 1, 2 },
    { P('B', 10), 1, 1, 2 }, { P('A', 3), 1, 1, 3 },  { P('B', 11), 1, 1, 3 },
    { P('A', 6), 2, 2, 0 },  { P('B', 4), 2, 2, 0 },  { P('C', 6), 2, 2, 0 },
    { P('A', 7), 2, 2, 1 },  { P('B', 5), 2, 2, 1 },  { P('C', 7), 2, 2, 1 },
    { P('B', 0), 2, 2, 2 },  { P('C', 8), 2, 2, 2 },  { P('B', 1), 2, 2, 3 },
    { P('C', 9), 2, 2, 3 },  { P('D', 12), 2, 3, 0 }, { P('B', 6), 2, 3, 0 },
    { P('D', 13), 2, 3, 1 }, { P('B', 7), 2, 3, 1 },  { P('D', 14), 2, 3, 2 },
    { P('B', 8), 2, 3, 2 },  { P('D', 15), 2, 3, 3 }, { P('B', 9), 2, 3, 3 },
    { P('A', 0), 2, 4, 0 },  { P('H', 10), 2, 4, 0 }, { P('A', 1), 2, 4, 1 },
    { P('H', 11), 2, 4, 1 }, { P('A', 2), 2, 4, 2 },  { P('H', 12), 2, 4, 2 },
    { P('A', 3), 2, 4, 3 },  { P('I', 0), 2, 4, 3 },  { P('C', 6), 3, 7, 0 },
    { P('I', 5), 3, 7, 0 },  { P('C', 7), 3, 7, 1 },  { P('I', 6), 3, 7, 1 },
    { P('C', 8), 3, 7, 2 },  { P('I', 7), 3, 7, 2 },  { P('C', 9), 3, 7, 3 },
    { P('I', 2), 3, 7, 3 },  { P('B', 14), 2, 8, 0 }, { P('H', 6), 2, 8, 0 },
    { P('B', 15), 2, 8, 1 }, { P('H', 9), 2, 8, 1 },  { P('A', 6), 9, 9, 0 },
    { P('F', 8), 9, 9, 0 },  { P('A', 7), 9, 10, 0 }, { P('F', 9), 9, 10, 0 },
    { P('E', 5), 4, 11, 0 }, { P('A', 2), 4, 11, 0 }, { P('E', 6), 4, 11, 1 },
    { P('A', 3), 4, 11, 1 }, { P('F', 6), 1, 12, 0 }, { P('B', 8), 1, 12, 0 },
    { P('F', 7), 1, 13, 0 }, { P('B', 9), 1, 13, 0 },
};

int stm32h747_pin_timer_channel(uint8_t pin, unsigned af, int *ch)
{
    for (size_t i = 0; i < ARRAY_SIZE(tim_inputs); i++) {
        if (tim_inputs[i].pin == pin && tim_inputs[i].af == af) {
            *ch = tim_inputs[i].ch;
            return tim_inputs[i].tim;
        }
    }
    return -1;
}

/* after any update of a GPIO port: the jumpers follow what the pins drive,
 * and the timer inputs the pins of this port feed get their levels */
static void soc_pins_changed(void *opaque, Stm32h7GpioState *port,
                             uint16_t changed)
{
    Stm32h747SocState *s = opaque;
    unsigned p = port - s->gpio;

    stm32h747_jumpers_resolve(s);
    stm32h747_jumpers_flow(s);
    for (size_t i = 0; i < ARRAY_SIZE(tim_inputs); i++) {
        unsigned pin = tim_inputs[i].pin % STM32H7_GPIO_PINS;
        uint32_t afr = pin < 8 ? port->afrl : port->afrh;

        if (tim_inputs[i].pin / STM32H7_GPIO_PINS != p ||
            extract32(port->moder, 2 * pin, 2) != STM32H7_GPIO_MODER_AF ||
            extract32(afr, 4 * (pin % 8), 4) != tim_inputs[i].af) {
            continue;
        }
        /* the timer ignores a level it already has */
        qemu_set_irq(qdev_get_gpio_in_named(DEVICE(&s->tim[tim_inputs[i].tim]),
                                            "ti", tim_inputs[i].ch),
                     extract32(port->level, pin, 1));
    }
    stm32h747_pintrace_update(s->pintrace);
}

static bool soc_realize_tims(Stm32h747SocState *s, Error **errp)
{
    DeviceState *rcc = DEVICE(&s->rcc);

    for (size_t i = 0; i < ARRAY_SIZE(tims); i++) {
        DeviceState *dev = DEVICE(&s->tim[i]);
        int lines = tims[i].irq[1] ? STM32H7_TIM_NUM_IRQ : 1;

        qdev_prop_set_uint32(dev, "width", tims[i].width);
        qdev_prop_set_uint32(dev, "channels", tims[i].channels);
        qdev_prop_set_bit(dev, "bdtr", tims[i].advanced);
        qdev_prop_set_bit(dev, "rcr", tims[i].advanced);
        qdev_prop_set_uint32(dev, "irq-lines", lines);
        qdev_connect_clock_in(
            dev, "clk",
            qdev_get_clock_out(rcc, tims[i].apb2 ? "timy-ker" : "timx-ker"));
        if (!map_dev(dev, tims[i].base, errp)) {
            return false;
        }
        for (int k = 0; k < lines; k++) {
            int n = tims[i].irq[k];
            /* a shared vector: TIM8 on input 0, the other timer on 1 */
            qemu_irq line = (n & TIM_SHARED)
                                ? soc_shared_irq(s, n & ~TIM_SHARED, lines == 1)
                                : soc_irq(s, n);
            sysbus_connect_irq(SYS_BUS_DEVICE(dev), k, line);
        }
        if (tims[i].dac_trg) {
            qdev_connect_gpio_out_named(
                dev, "trgo", 0,
                qdev_get_gpio_in_named(DEVICE(&s->dac1), "trig",
                                       tims[i].dac_trg));
        }
    }
    return true;
}

/* a core's DWT and DEMCR in its private peripheral bus, over the armv7m's
 * default RAZ/WI region and its system registers (priority 0) */
#define DWT_PRIORITY 2

static bool soc_realize_dwt(Stm32h747SocState *s, int core, const char *clk,
                            Error **errp)
{
    H7Armv7mDwtState *dwt = &s->dwt[core];
    ARMv7MState *cpu = core ? &s->cm4 : &s->cm7;
    SysBusDevice *sbd = SYS_BUS_DEVICE(dwt);

    qdev_connect_clock_in(DEVICE(dwt), "clk",
                          qdev_get_clock_out(DEVICE(&s->rcc), clk));
    if (!sysbus_realize(sbd, errp)) {
        return false;
    }
    memory_region_add_subregion_overlap(&cpu->container, H7_DWT_BASE,
                                        sysbus_mmio_get_region(sbd, 0),
                                        DWT_PRIORITY);
    memory_region_add_subregion_overlap(&cpu->container, H7_DCB_BASE,
                                        sysbus_mmio_get_region(sbd, 1),
                                        DWT_PRIORITY);
    return true;
}

static bool soc_realize_cm4(Stm32h747SocState *s, Error **errp)
{
    DeviceState *cm4 = DEVICE(&s->cm4), *rcc = DEVICE(&s->rcc);
    MemoryRegion *sysmem = get_system_memory();
    static const struct {
        hwaddr base, size;
        const char *name;
    } holes[2] = {
        { ITCM_BASE, ITCM_SIZE, "ITCM" },
        { DTCM_BASE, DTCM_SIZE, "DTCM" },
    };
    MemoryRegion *srams[3] = { &s->sram1, &s->sram2, &s->sram3 };

    memory_region_init(&s->cm4_view, OBJECT(s), "stm32h747.cm4-view",
                       UINT64_MAX);
    memory_region_init_alias(&s->cm4_bus, OBJECT(s), "stm32h747.cm4-bus",
                             sysmem, 0, UINT64_MAX);
    memory_region_add_subregion_overlap(&s->cm4_view, 0, &s->cm4_bus, 0);
    for (int i = 0; i < 3; i++) {
        g_autofree char *name = g_strdup_printf("stm32h747.cm4-sram%d-alias",
                                                i + 1);
        memory_region_init_alias(&s->cm4_sram_alias[i], OBJECT(s), name,
                                 srams[i], 0, memory_region_size(srams[i]));
        memory_region_add_subregion_overlap(&s->cm4_view,
                                            CM4_SRAM_ALIAS + 0x20000 * i,
                                            &s->cm4_sram_alias[i], 1);
    }
    for (int i = 0; i < 2; i++) {
        memory_region_init_io(&s->cm4_tcm_hole[i], OBJECT(s), &tcm_hole_ops,
                              (void *)holes[i].name, "stm32h747.cm4-tcm-hole",
                              holes[i].size);
        memory_region_add_subregion_overlap(&s->cm4_view, holes[i].base,
                                            &s->cm4_tcm_hole[i], 1);
    }

    qdev_prop_set_uint32(cm4, "num-irq", NUM_IRQ);
    qdev_prop_set_uint8(cm4, "num-prio-bits", 4);
    qdev_prop_set_string(cm4, "cpu-type", ARM_CPU_TYPE_NAME("cortex-m4"));
    qdev_prop_set_uint32(cm4, "init-nsvtor", s->boot_cm4_addr);
    qdev_prop_set_bit(cm4, "start-powered-off", !s->boot_cm4);
    qdev_connect_clock_in(cm4, "cpuclk", qdev_get_clock_out(rcc, "hclk"));
    qdev_connect_clock_in(cm4, "refclk",
                          qdev_get_clock_out(rcc, "cpu2-refclk"));
    object_property_set_link(OBJECT(cm4), "memory", OBJECT(&s->cm4_view),
                             &error_abort);
    if (!sysbus_realize(SYS_BUS_DEVICE(cm4), errp) ||
        !soc_realize_dwt(s, 1, "hclk", errp)) {
        return false;
    }
    qdev_connect_gpio_out_named(rcc, "boot", 1,
                                qemu_allocate_irq(soc_boot_c2, s, 0));
    qemu_register_reset(soc_reset_cpus, s);
    return true;
}

/* the display path: FMC with the board's SDRAM, LTDC, DSI host, DMA2D */
static bool soc_realize_display(Stm32h747SocState *s, Error **errp)
{
    DeviceState *rcc = DEVICE(&s->rcc);

    if (!map_dev(DEVICE(&s->fmc), FMC_BASE, errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->fmc), 1, SDRAM_BASE);

    qdev_connect_clock_in(DEVICE(&s->ltdc), "clk",
                          qdev_get_clock_out(rcc, "ltdc-ker"));
    if (!map_dev(DEVICE(&s->ltdc), LTDC_BASE, errp)) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->ltdc), 0, soc_irq(s, IRQ_LTDC));
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->ltdc), 1, soc_irq(s, IRQ_LTDC_ER));

    if (!map_dev(DEVICE(&s->dsi), DSI_BASE, errp)) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->dsi), 0, soc_irq(s, IRQ_DSI));

    /* the DMA2D is an AXI master of D1: rcc_hclk3 paces it */
    qdev_connect_clock_in(DEVICE(&s->dma2d), "clk",
                          qdev_get_clock_out(rcc, "hclk"));
    if (!map_dev(DEVICE(&s->dma2d), DMA2D_BASE, errp)) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->dma2d), 0, soc_irq(s, IRQ_DMA2D));

    return true;
}

/*
 * I2C1-4, each a QEMU I2C bus named "i2c1".."i2c4" (the board puts its
 * touch controller on i2c4; -device NAME,bus=i2c1,address=N adds more)
 */
static bool soc_realize_i2c(Stm32h747SocState *s, Error **errp)
{
    /* kernel clocks: I2C123SEL and I2C4SEL reset values, rcc_pclk1/4 */
    static const struct {
        hwaddr base;
        int irq_ev, irq_er;
        const char *clk;
    } i2cs[STM32H747_NUM_I2C] = {
        { I2C1_BASE, IRQ_I2C1_EV, IRQ_I2C1_ER, "pclk1" },
        { I2C2_BASE, IRQ_I2C2_EV, IRQ_I2C2_ER, "pclk1" },
        { I2C3_BASE, IRQ_I2C3_EV, IRQ_I2C3_ER, "pclk1" },
        { I2C4_BASE, IRQ_I2C4_EV, IRQ_I2C4_ER, "pclk4" },
    };

    for (int i = 0; i < STM32H747_NUM_I2C; i++) {
        g_autofree char *bus = g_strdup_printf("i2c%d", i + 1);
        SysBusDevice *sbd = SYS_BUS_DEVICE(&s->i2c[i]);

        qdev_prop_set_string(DEVICE(sbd), "bus-name", bus);
        qdev_connect_clock_in(DEVICE(sbd), "clk",
                              qdev_get_clock_out(DEVICE(&s->rcc), i2cs[i].clk));
        if (!map_dev(DEVICE(sbd), i2cs[i].base, errp)) {
            return false;
        }
        sysbus_connect_irq(sbd, 0, soc_irq(s, i2cs[i].irq_ev));
        sysbus_connect_irq(sbd, 1, soc_irq(s, i2cs[i].irq_er));
    }
    return true;
}

static bool soc_realize_analog(Stm32h747SocState *s, uint8_t *sysrom,
                               Error **errp)
{
    DeviceState *rcc = DEVICE(&s->rcc);

    stw_le_p(sysrom + TS_CAL1_OFFSET, cal_code(VSENSE_AT_30C));
    stw_le_p(sysrom + TS_CAL2_OFFSET,
             cal_code(VSENSE_AT_30C + 80 * VSENSE_SLOPE));
    stw_le_p(sysrom + VREFINT_CAL_OFFSET, cal_code(VREFINT_VOLTS));

    qdev_prop_set_uint32(DEVICE(&s->adc12), "converters", 2);
    qdev_prop_set_uint32(DEVICE(&s->adc3), "converters", 1);
    stm32h7_adc_set_input(&s->adc12, adc12_input, s);
    stm32h7_adc_set_input(&s->adc3, adc3_input, s);
    for (int i = 0; i < 2; i++) {
        DeviceState *dev = DEVICE(i ? &s->adc3 : &s->adc12);
        qdev_connect_clock_in(dev, "ker", qdev_get_clock_out(rcc, "adc-ker"));
        qdev_connect_clock_in(dev, "hclk", qdev_get_clock_out(rcc, "hclk"));
        if (!map_dev(dev, i ? ADC3_BASE : ADC12_BASE, errp)) {
            return false;
        }
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                           soc_irq(s, i ? IRQ_ADC3 : IRQ_ADC12));
    }
    if (!map_dev(DEVICE(&s->dac1), DAC1_BASE, errp)) {
        return false;
    }
    for (unsigned ch = 0; ch < STM32H7_DAC_CHANNELS; ch++) {
        qdev_connect_gpio_out_named(
            DEVICE(&s->dac1), "dma-req", ch,
            qdev_get_gpio_in_named(DEVICE(&s->dmamux1), "req",
                                   STM32H7_DMAMUX_REQ_DAC1_CH1 + ch));
    }
    return true;
}

/* DMA1 and DMA2 (a vector a stream, RM0399 vector table) behind DMAMUX1,
 * whose channels 0-7 feed DMA1's streams and 8-15 DMA2's */
static const int dma_irqs[2][STM32H7_DMA_STREAMS] = {
    { 11, 12, 13, 14, 15, 16, 17, 47 },
    { 56, 57, 58, 59, 60, 68, 69, 70 },
};

static bool soc_realize_dma(Stm32h747SocState *s, Error **errp)
{
    if (!map_dev(DEVICE(&s->dmamux1), DMAMUX1_BASE, errp)) {
        return false;
    }
    for (int d = 0; d < 2; d++) {
        DeviceState *dev = DEVICE(&s->dma[d]);
        if (!map_dev(dev, d ? DMA2_BASE : DMA1_BASE, errp)) {
            return false;
        }
        for (int n = 0; n < STM32H7_DMA_STREAMS; n++) {
            sysbus_connect_irq(SYS_BUS_DEVICE(dev), n,
                               soc_irq(s, dma_irqs[d][n]));
            qdev_connect_gpio_out_named(DEVICE(&s->dmamux1), "stream",
                                        d * STM32H7_DMA_STREAMS + n,
                                        qdev_get_gpio_in_named(dev, "req", n));
        }
    }
    return true;
}

/* the unique ID: the uid property's three words, or one board's */
static bool soc_set_uid(Stm32h747SocState *s, uint8_t *uid, Error **errp)
{
    /* X/Y wafer coordinates; lot number and wafer; lot number */
    uint32_t w[3] = { 0x00470036, 0x30385108, 0x37363437 };

    if (s->uid && *s->uid) {
        if (strlen(s->uid) != 24 ||
            strspn(s->uid, "0123456789abcdefABCDEF") != 24) {
            error_setg(errp,
                       "stm32h747: uid=%s: 24 hex digits, the words "
                       "UID[31:0], UID[63:32] and UID[95:64] in turn",
                       s->uid);
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char word[9];
            memcpy(word, s->uid + 8 * i, 8);
            word[8] = 0;
            w[i] = strtoul(word, NULL, 16);
        }
    }
    for (int i = 0; i < 3; i++) {
        stl_le_p(uid + 4 * i, w[i]);
    }
    return true;
}

/* ETH: its DMA is a bus-matrix master (the CM7's TCMs out of its reach);
 * its MAC address defaults to the one MicroPython derives from the unique
 * ID (a locally administered address), so QEMU reports what the guest uses */
static bool soc_realize_eth(Stm32h747SocState *s, const uint8_t *uid,
                            Error **errp)
{
    DeviceState *dev = DEVICE(&s->eth);
    uint8_t *mac = s->eth.conf.macaddr.a;
    static const uint8_t unset[6];

    if (!memcmp(mac, unset, sizeof(unset))) {
        mac[0] = 0x02;
        mac[1] = (uid[11] << 4) | (uid[10] & 0xF);
        mac[2] = (uid[9] << 4) | (uid[8] & 0xF);
        mac[3] = (uid[7] << 4) | (uid[6] & 0xF);
        mac[4] = uid[2];
        mac[5] = (uid[0] << 2) | 3; /* interface 3: MP_HAL_MAC_ETH0 */
    }
    object_property_set_link(OBJECT(dev), "dma-memory", OBJECT(&s->cm4_view),
                             &error_abort);
    qdev_connect_clock_in(dev, "clk",
                          qdev_get_clock_out(DEVICE(&s->rcc), "hclk"));
    if (!map_dev(dev, ETH_BASE, errp)) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, soc_irq(s, IRQ_ETH));
    return true;
}

/* SDMMC1: its IDMA reaches the system bus */
static bool soc_realize_sdmmc(Stm32h747SocState *s, Error **errp)
{
    DeviceState *dev = DEVICE(&s->sdmmc1);

    object_property_set_link(OBJECT(dev), "dma-memory",
                             OBJECT(get_system_memory()), &error_abort);
    qdev_connect_clock_in(dev, "clk",
                          qdev_get_clock_out(DEVICE(&s->rcc), "sdmmc-ker"));
    if (!map_dev(dev, SDMMC1_BASE, errp)) {
        return false;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, soc_irq(s, IRQ_SDMMC1));
    return true;
}

static bool soc_realize_spi(Stm32h747SocState *s, Error **errp)
{
    /* kernel clocks: SPI123SEL, SPI45SEL and SPI6SEL; FIFOs of 16 bytes on
     * SPI1-3, 8 on SPI4-6 */
    static const struct {
        hwaddr base;
        int irq;
        const char *clk;
        uint32_t fifo;
    } spis[STM32H747_NUM_SPI] = {
        { 0x40013000, 35, "spi123-ker", 16 },
        { 0x40003800, 36, "spi123-ker", 16 },
        { 0x40003C00, 51, "spi123-ker", 16 },
        { 0x40013400, 84, "spi45-ker", 8 },
        { 0x40015000, 85, "spi45-ker", 8 },
        { 0x58001400, 86, "spi6-ker", 8 },
    };

    for (int i = 0; i < STM32H747_NUM_SPI; i++) {
        g_autofree char *bus = g_strdup_printf("spi%d", i + 1);
        DeviceState *dev = DEVICE(&s->spi[i]);

        qdev_prop_set_string(dev, "bus-name", bus);
        qdev_prop_set_uint32(dev, "fifo-bytes", spis[i].fifo);
        qdev_connect_clock_in(dev, "clk",
                              qdev_get_clock_out(DEVICE(&s->rcc), spis[i].clk));
        if (!map_dev(dev, spis[i].base, errp)) {
            return false;
        }
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, soc_irq(s, spis[i].irq));
    }
    return true;
}

/*
 * A Bluetooth controller on UART8 (btvirt, a real adapter) keeps its state
 * outside QEMU: its connections and advertising would not match a restored
 * host stack, so savevm and migration are refused while one is plugged in.
 */
static bool soc_block_snapshots_for_hci(Stm32h747SocState *s, Error **errp)
{
    error_setg(&s->hci_blocker,
               "UART8 (the Bluetooth HCI UART, -serial #2) is connected to a "
               "controller whose state lives outside QEMU; start the board "
               "without it (no --ble) to save a snapshot");
    return migrate_add_blocker(&s->hci_blocker, errp) == 0;
}

static void soc_realize(DeviceState *dev_soc, Error **errp)
{
    Stm32h747SocState *s = STM32H747_SOC(dev_soc);
    MemoryRegion *sysmem = get_system_memory();
    DeviceState *cm7 = DEVICE(&s->cm7), *rcc = DEVICE(&s->rcc), *dev;
    uint8_t *sysrom;

    /* RCC first: everything else takes its clocks */
    qdev_prop_set_uint32(rcc, "hse-freq", s->hse_freq);
    if (!sysbus_realize(SYS_BUS_DEVICE(rcc), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(rcc), 0, RCC_BASE);

    /* memories */
    if (!add_ram(s, &s->itcm, "stm32h747.itcm", ITCM_BASE, ITCM_SIZE, errp) ||
        !add_ram(s, &s->dtcm, "stm32h747.dtcm", DTCM_BASE, DTCM_SIZE, errp) ||
        !add_ram(s, &s->axi_sram, "stm32h747.axi-sram", AXI_SRAM_BASE,
                 AXI_SRAM_SIZE, errp) ||
        !add_ram(s, &s->sram1, "stm32h747.sram1", SRAM1_BASE, 128 * KiB,
                 errp) ||
        !add_ram(s, &s->sram2, "stm32h747.sram2", SRAM2_BASE, 128 * KiB,
                 errp) ||
        !add_ram(s, &s->sram3, "stm32h747.sram3", SRAM3_BASE, 32 * KiB, errp) ||
        !add_ram(s, &s->sram4, "stm32h747.sram4", SRAM4_BASE, 64 * KiB, errp) ||
        !add_ram(s, &s->bkp_sram, "stm32h747.bkp-sram", BKP_SRAM_BASE, 4 * KiB,
                 errp)) {
        return;
    }

    /* system memory: no boot loader, but the unique ID and flash size */
    if (!memory_region_init_rom(&s->sysmem, OBJECT(s), "stm32h747.sysmem",
                                SYSMEM_SIZE, errp)) {
        return;
    }
    sysrom = memory_region_get_ram_ptr(&s->sysmem);
    memset(sysrom, 0xFF, SYSMEM_SIZE);
    if (!soc_set_uid(s, sysrom + UID_OFFSET, errp)) {
        return;
    }
    stw_le_p(sysrom + FLASH_SIZE_OFFSET, 2048);
    memory_region_add_subregion(sysmem, SYSMEM_BASE, &s->sysmem);

    memory_region_init_io(&s->dbgmcu, OBJECT(s), &dbgmcu_ops, s,
                          "stm32h747.dbgmcu", 0x1000);
    memory_region_add_subregion(sysmem, DBGMCU_BASE, &s->dbgmcu);

    /* the Cortex-M7 boots from BOOT_CM7_ADD0 (0x0800 << 16 = 0x08000000) */
    qdev_prop_set_uint32(cm7, "num-irq", NUM_IRQ);
    qdev_prop_set_uint8(cm7, "num-prio-bits", 4);
    qdev_prop_set_string(cm7, "cpu-type", ARM_CPU_TYPE_NAME("cortex-m7"));
    /* no Security Extension on the M7: its one VTOR is the NS bank */
    qdev_prop_set_uint32(cm7, "init-nsvtor", FLASH_BASE);
    qdev_connect_clock_in(cm7, "cpuclk", qdev_get_clock_out(rcc, "cpu1-clk"));
    qdev_connect_clock_in(cm7, "refclk",
                          qdev_get_clock_out(rcc, "cpu1-refclk"));
    object_property_set_link(OBJECT(cm7), "memory", OBJECT(sysmem),
                             &error_abort);
    if (!sysbus_realize(SYS_BUS_DEVICE(cm7), errp) ||
        !soc_realize_dwt(s, 0, "cpu1-clk", errp)) {
        return;
    }
    if (!soc_realize_cm4(s, errp)) {
        return;
    }

    /* embedded flash: the array and the interface (and the option bytes) */
    qdev_prop_set_bit(DEVICE(&s->flash), "boot-cm4", s->boot_cm4);
    qdev_prop_set_uint32(DEVICE(&s->flash), "boot-cm4-addr", s->boot_cm4_addr);
    if (!sysbus_realize(SYS_BUS_DEVICE(&s->flash), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->flash), 0, FLASH_REG_BASE);
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->flash), 1, FLASH_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->flash), 0, soc_irq(s, IRQ_FLASH));

    object_property_set_link(OBJECT(&s->pwr), "cpu", OBJECT(s->cm7.cpu),
                             &error_abort);
    if (!map_dev(DEVICE(&s->pwr), PWR_BASE, errp) ||
        !map_dev(DEVICE(&s->syscfg), SYSCFG_BASE, errp) ||
        !map_dev(DEVICE(&s->exti), EXTI_BASE, errp)) {
        return;
    }
    for (int i = 0; i < 7; i++) {
        qdev_connect_gpio_out_named(DEVICE(&s->exti), "c1-irq", i,
                                    qdev_get_gpio_in(cm7, exti_nvic[i]));
        qdev_connect_gpio_out_named(
            DEVICE(&s->exti), "c2-irq", i,
            qdev_get_gpio_in(DEVICE(&s->cm4), exti_nvic[i]));
    }
    for (int l = 0; l < 16; l++) {
        qdev_connect_gpio_out(DEVICE(&s->syscfg), l,
                              qdev_get_gpio_in(DEVICE(&s->exti), l));
    }

    for (int i = 0; i < STM32H747_NUM_GPIO; i++) {
        dev = DEVICE(&s->gpio[i]);
        g_autofree char *name = g_strdup_printf("%c", 'A' + i);
        qdev_prop_set_string(dev, "name", name);
        if (i < 2) {
            qdev_prop_set_uint32(dev, "mode-reset", gpio_reset[i].moder);
            qdev_prop_set_uint32(dev, "ospeed-reset", gpio_reset[i].ospeedr);
            qdev_prop_set_uint32(dev, "pupd-reset", gpio_reset[i].pupdr);
        }
        if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
            return;
        }
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, GPIO_BASE + 0x400 * i);
        for (int p = 0; p < 16; p++) {
            qdev_connect_gpio_out_named(
                dev, "exti", p,
                qdev_get_gpio_in(DEVICE(&s->syscfg), 16 * i + p));
        }
    }

    /*
     * USART1: the ST-LINK virtual COM port (first -serial); UART8: the
     * Arduino connector's D0/D1 (second -serial), where h7stack's
     * MicroPython port talks HCI to a Bluetooth controller.  Those two run
     * at the host's speed; the others take a frame's time per character.
     * The rest follow in -serial order; one not given is a line with
     * nothing plugged in.
     */
    static const struct {
        hwaddr base;
        int irq;
        const char *clk;
        bool host_link;
    } uarts[STM32H747_NUM_UART] = {
        { USART1_BASE, IRQ_USART1, "usart16-ker", true },
        { UART8_BASE, IRQ_UART8, "usart234578-ker", true },
        { USART2_BASE, IRQ_USART2, "usart234578-ker" },
        { USART3_BASE, IRQ_USART3, "usart234578-ker" },
        { UART4_BASE, IRQ_UART4, "usart234578-ker" },
        { UART5_BASE, IRQ_UART5, "usart234578-ker" },
        { USART6_BASE, IRQ_USART6, "usart16-ker" },
        { UART7_BASE, IRQ_UART7, "usart234578-ker" },
    };
    if (!stm32h747_jumpers_parse(s, s->jumpers_spec, errp)) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(uarts); i++) {
        dev = DEVICE(&s->uart[i]);
        qdev_prop_set_chr(dev, "chardev", serial_hd(i));
        qdev_prop_set_bit(dev, "paced", !uarts[i].host_link);
        if (i == STM32H747_UART8_SERIAL && serial_hd(i) &&
            !soc_block_snapshots_for_hci(s, errp)) {
            return;
        }
        qdev_connect_clock_in(dev, "clk",
                              qdev_get_clock_out(rcc, uarts[i].clk));
        if (!map_dev(dev, uarts[i].base, errp)) {
            return;
        }
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, soc_irq(s, uarts[i].irq));
    }
    stm32h747_jumpers_wire_uarts(s);

    qdev_connect_clock_in(DEVICE(&s->rng), "clk",
                          qdev_get_clock_out(rcc, "rng-ker"));
    if (!map_dev(DEVICE(&s->rng), RNG_BASE, errp)) {
        return;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->rng), 0, soc_irq(s, IRQ_RNG));

    /* RTC: alarm and wakeup lines (EXTI 17 and 19 on the chip) straight
     * to the NVIC */
    if (!map_dev(DEVICE(&s->rtc), RTC_BASE, errp)) {
        return;
    }
    /* the RTC's alarm and wakeup: to the NVICs, and to the PWR, which ends
     * a low-power mode on them */
    soc_irq(s, IRQ_RTC_ALARM); /* made now: soc_rtc_event runs in resets */
    soc_irq(s, IRQ_RTC_WKUP);
    for (int i = 0; i < 2; i++) {
        sysbus_connect_irq(SYS_BUS_DEVICE(&s->rtc), i,
                           qdev_get_gpio_in_named(DEVICE(s), "rtc-event", i));
    }

    /* IWDG1 (the CM7's watchdog): its reset goes through the RCC, which
     * records IWDG1RSTF */
    if (!map_dev(DEVICE(&s->iwdg1), IWDG1_BASE, errp)) {
        return;
    }
    qdev_connect_gpio_out_named(
        DEVICE(&s->iwdg1), "reset", 0,
        qdev_get_gpio_in_named(DEVICE(&s->rcc), "watchdog-reset", 0));

    /* WWDG1 on pclk3; its reset through the RCC too (WWDG1RSTF) */
    qdev_connect_clock_in(DEVICE(&s->wwdg1), "clk",
                          qdev_get_clock_out(rcc, "pclk3"));
    if (!map_dev(DEVICE(&s->wwdg1), WWDG1_BASE, errp)) {
        return;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->wwdg1), 0, soc_irq(s, IRQ_WWDG1));
    qdev_connect_gpio_out_named(
        DEVICE(&s->wwdg1), "reset", 0,
        qdev_get_gpio_in_named(DEVICE(&s->rcc), "watchdog-reset", 1));

    if (!soc_realize_tims(s, errp)) {
        return;
    }

    /* HSEM: interrupt 0 to the CM7, interrupt 1 to the CM4 */
    if (!map_dev(DEVICE(&s->hsem), HSEM_BASE, errp)) {
        return;
    }
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->hsem), 0,
                       qdev_get_gpio_in(cm7, IRQ_HSEM1));
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->hsem), 1,
                       qdev_get_gpio_in(DEVICE(&s->cm4), IRQ_HSEM2));

    if (!soc_realize_display(s, errp) || !soc_realize_i2c(s, errp) ||
        !soc_realize_spi(s, errp) || !soc_realize_dma(s, errp) ||
        !soc_realize_analog(s, sysrom, errp) || !soc_realize_sdmmc(s, errp) ||
        !soc_realize_eth(s, sysrom + UID_OFFSET, errp)) {
        return;
    }

    /* QUADSPI: its kernel clock is rcc_hclk3 (D1CCIPR.QSPISEL reset value) */
    qdev_connect_clock_in(DEVICE(&s->qspi), "clk",
                          qdev_get_clock_out(rcc, "hclk"));
    if (!map_dev(DEVICE(&s->qspi), QSPI_BASE, errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->qspi), 1, QSPI_MMAP);
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->qspi), 0, soc_irq(s, IRQ_QUADSPI));

    for (size_t i = 0; i < ARRAY_SIZE(unimp); i++) {
        create_unimplemented_device(unimp[i].name, unimp[i].base,
                                    unimp[i].size);
    }
    /* anything else in the peripheral space: logged, never a bus fault */
    dev = qdev_new(TYPE_UNIMPLEMENTED_DEVICE);
    qdev_prop_set_string(dev, "name", "peripherals");
    qdev_prop_set_uint64(dev, "size", 0x20000000);
    object_property_add_child(OBJECT(s), "unimp-peripherals", OBJECT(dev));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map_overlap(SYS_BUS_DEVICE(dev), 0, 0x40000000, -1000);

    stm32h747_monitor_init(s);
    /* last, once everything the pins reach exists */
    for (int i = 0; i < STM32H747_NUM_GPIO; i++) {
        stm32h7_gpio_set_notify(&s->gpio[i], soc_pins_changed, s);
    }
    if (s->pin_trace_path && *s->pin_trace_path) {
        s->pintrace = stm32h747_pintrace_open(s, s->pin_trace_path,
                                              s->pin_trace_pins, errp);
    }
}

static const Property soc_props[] = {
    DEFINE_PROP_UINT32("hse-freq", Stm32h747SocState, hse_freq, 25000000),
    DEFINE_PROP_BOOL("boot-cm4", Stm32h747SocState, boot_cm4, false),
    DEFINE_PROP_UINT32("boot-cm4-addr", Stm32h747SocState, boot_cm4_addr,
                       0x08100000),
    DEFINE_PROP_STRING("jumpers", Stm32h747SocState, jumpers_spec),
    DEFINE_PROP_STRING("pin-trace", Stm32h747SocState, pin_trace_path),
    DEFINE_PROP_STRING("pin-trace-pins", Stm32h747SocState, pin_trace_pins),
    DEFINE_PROP_STRING("uid", Stm32h747SocState, uid),
};

static int soc_post_load(void *opaque, int version_id)
{
    Stm32h747SocState *s = opaque;

    for (size_t i = 0; i < ARRAY_SIZE(s->ain_wave); i++) {
        Stm32h747AinWave *w = &s->ain_wave[i];
        if (w->kind > AIN_WAVE_SAWTOOTH ||
            !memchr(w->spec, 0, sizeof(w->spec))) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_ain_wave = {
    .name = "stm32h747-ain-wave",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT8(kind, Stm32h747AinWave),
                                      VMSTATE_DOUBLE(lo, Stm32h747AinWave),
                                      VMSTATE_DOUBLE(hi, Stm32h747AinWave),
                                      VMSTATE_DOUBLE(hz, Stm32h747AinWave),
                                      VMSTATE_DOUBLE(duty, Stm32h747AinWave),
                                      VMSTATE_INT64(t0_ns, Stm32h747AinWave),
                                      VMSTATE_ARRAY(spec, Stm32h747AinWave,
                                                    STM32H747_AIN_WAVE_SPEC_MAX,
                                                    0, vmstate_info_uint8,
                                                    char),
                                      VMSTATE_END_OF_LIST() }
};

/*
 * The volts on the pins come from outside the chip, but a snapshot of the
 * board on its bench keeps them: after a restore an ADC reads what it read
 * before.
 */
static const VMStateDescription vmstate_soc = {
    .name = TYPE_STM32H747_SOC,
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load = soc_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32(dbgmcu_cr, Stm32h747SocState),
            VMSTATE_DOUBLE_ARRAY(ain, Stm32h747SocState,
                                 STM32H747_NUM_GPIO * 16),
            VMSTATE_STRUCT_ARRAY(ain_wave, Stm32h747SocState,
                                 STM32H747_NUM_GPIO * 16, 1, vmstate_ain_wave,
                                 Stm32h747AinWave),
            VMSTATE_DOUBLE(temperature, Stm32h747SocState),
            VMSTATE_DOUBLE(vbat, Stm32h747SocState), VMSTATE_END_OF_LIST() }
};

static void soc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = soc_realize;
    dc->vmsd = &vmstate_soc;
    dc->user_creatable = false; /* fixed addresses on the system bus */
    device_class_set_props(dc, soc_props);
}

static const TypeInfo soc_types[] = {
    {
        .name = TYPE_STM32H747_SOC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h747SocState),
        .instance_init = soc_init,
        .class_init = soc_class_init,
    },
};
DEFINE_TYPES(soc_types)
