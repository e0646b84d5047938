/*
 * STM32H747 system on chip (RM0399): Cortex-M7 and Cortex-M4.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H747_SOC_H
#define H7STACK_STM32H747_SOC_H

#include "hw/sysbus.h"
#include "hw/arm/armv7m.h"
#include "stm32h7_rcc.h"
#include "stm32h7_flash.h"
#include "stm32h7_gpio.h"
#include "stm32h7_pwr.h"
#include "stm32h7_syscfg.h"
#include "stm32h7_exti.h"
#include "stm32h7_usart.h"
#include "stm32h7_rng.h"
#include "stm32h7_rtc.h"
#include "stm32h7_iwdg.h"
#include "stm32h7_wwdg.h"
#include "stm32h7_tim.h"
#include "stm32h7_hsem.h"
#include "stm32h7_fmc.h"
#include "stm32h7_ltdc.h"
#include "stm32h7_dsi.h"
#include "stm32h7_dma2d.h"
#include "stm32h7_i2c.h"
#include "stm32h7_spi.h"
#include "stm32h7_adc.h"
#include "stm32h7_dac.h"
#include "stm32h7_dma.h"
#include "stm32h7_dmamux.h"
#include "stm32h7_sdmmc.h"
#include "stm32h7_eth.h"
#include "stm32h7_qspi.h"
#include "armv7m_dwt.h"
#include "qom/object.h"

#define TYPE_STM32H747_SOC "stm32h747-soc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h747SocState, STM32H747_SOC)

#define STM32H747_NUM_GPIO      11  /* A..K */
#define STM32H747_NUM_IRQ       150 /* NVIC lines, the same on both cores */
/* the U(S)ARTs, in the order of -serial: USART1, UART8, USART2, USART3,
 * UART4, UART5, USART6, UART7 */
#define STM32H747_NUM_UART      8
#define STM32H747_UART8_SERIAL  1 /* UART8, the HCI UART, is -serial #2 */
#define STM32H747_MAX_JUMPERS   16
#define STM32H747_MAX_FLOW_PINS 16 /* U(S)ART RTS and CTS pins */

typedef struct Stm32h747SocState Stm32h747SocState;
/* what a U(S)ART's line sink needs to find the jumpers */
typedef struct {
    Stm32h747SocState *soc;
    int uart;
} Stm32h747UartLine;
#define STM32H747_NUM_TIM 14 /* TIM1-8, TIM12-17 */
#define STM32H747_NUM_I2C 4  /* I2C1-4 */
#define STM32H747_NUM_SPI 6  /* SPI1-6 */

/* the longest ain-PXn-wave setting, "sine:1.65:1.2:1000" and the like */
#define STM32H747_AIN_WAVE_SPEC_MAX 64

typedef struct Stm32h747AinWave {
    uint8_t kind;
    double lo, hi, hz, duty; /* sine: lo is the middle, hi the amplitude */
    int64_t t0_ns;           /* phase 0 */
    char spec[STM32H747_AIN_WAVE_SPEC_MAX]; /* as set, "" for none */
} Stm32h747AinWave;

struct Stm32h747SocState {
    SysBusDevice parent_obj;

    ARMv7MState cm7;         /* cpu_index 0, COREID 3 */
    ARMv7MState cm4;         /* cpu_index 1, COREID 1 */
    H7Armv7mDwtState dwt[2]; /* the cycle counters of the CM7 and the CM4 */
    Stm32h7RccState rcc;
    Stm32h7FlashState flash;
    Stm32h7GpioState gpio[STM32H747_NUM_GPIO];
    Stm32h7PwrState pwr;
    Stm32h7SyscfgState syscfg;
    Stm32h7ExtiState exti;
    Stm32h7UsartState uart[STM32H747_NUM_UART];
    Stm32h747UartLine uart_line[STM32H747_NUM_UART];
    Stm32h7RngState rng;
    Stm32h7RtcState rtc;
    Stm32h7IwdgState iwdg1;
    Stm32h7WwdgState wwdg1;
    Stm32h7TimState
        tim[STM32H747_NUM_TIM]; /* in stm32h747_soc.c tims[] order */
    Stm32h7HsemState hsem;
    Stm32h7FmcState fmc;
    Stm32h7LtdcState ltdc;
    Stm32h7DsiState dsi;
    Stm32h7Dma2dState dma2d;
    Stm32h7I2cState i2c[STM32H747_NUM_I2C]; /* I2C1-4 */
    Stm32h7SpiState spi[STM32H747_NUM_SPI]; /* SPI1-6, buses spi1..spi6 */
    Stm32h7AdcState adc12, adc3;
    Stm32h7DacState dac1;
    Stm32h7DmaState dma[2]; /* DMA1, DMA2 */
    Stm32h7DmamuxState dmamux1;
    Stm32h7SdmmcState sdmmc1; /* the board's microSD slot: -drive if=sd */
    Stm32h7EthState eth;      /* RJ45: -nic, or the machine's netdev= */
    /* the analog side: volts on the pins (ain-PXn over QOM), the die
     * temperature and VBAT the internal channels measure */
    double ain[STM32H747_NUM_GPIO * 16];
    /* a waveform on a pin instead (ain-PXn-wave), in virtual time */
    Stm32h747AinWave ain_wave[STM32H747_NUM_GPIO * 16];
    double temperature, vbat;
    Error *hci_blocker;    /* snapshots refused while UART8 has a controller */
    Stm32h7QspiState qspi; /* the board links its flashes */

    MemoryRegion itcm, dtcm, axi_sram, sram1, sram2, sram3, sram4, bkp_sram;
    MemoryRegion sysmem, dbgmcu;
    /* what the Cortex-M4 sees: the system bus, SRAM1-3 again at 0x10000000,
     * and bus errors where the Cortex-M7 has its private TCMs */
    MemoryRegion cm4_view, cm4_bus, cm4_sram_alias[3], cm4_tcm_hole[2];
    DeviceState *irq_split[STM32H747_NUM_IRQ];
    DeviceState *irq_or[STM32H747_NUM_IRQ]; /* lines two peripherals share */
    qemu_irq irq_in[STM32H747_NUM_IRQ];     /* each line's counted input */
    uint32_t dbgmcu_cr;

    uint32_t hse_freq;
    bool boot_cm4;          /* option byte BCM4: the CM4 starts at reset */
    uint32_t boot_cm4_addr; /* option bytes BOOT_CM4_ADD0 */
    bool cm4_halted;        /* stopped by stm32h747_soc_set_cm4_halted() */

    /* pin pairs joined on the board (stm32h747_jumpers.c) */
    char *jumpers_spec;
    uint8_t jumpers[STM32H747_MAX_JUMPERS][2];
    unsigned num_jumpers;
    /* the level last applied to each end (-1 released), and a guard
     * against re-entry while applying */
    int8_t jumper_applied[STM32H747_MAX_JUMPERS][2];
    bool jumpers_resolving;
    /* what each U(S)ART RTS pin was last given (stm32h747_jumpers_flow) */
    int8_t flow_applied[STM32H747_MAX_FLOW_PINS];
    bool flow_updating;

    /* the resource monitor's counters (stm32h747_monitor.c) */
    uint32_t irq_counts[STM32H747_NUM_IRQ];
    uint32_t systick_counts[2]; /* CM7, CM4 */
    bool monitor_on;
    QEMUTimer *monitor_timer;
    uint64_t load_samples, cm7_busy, cm4_busy;
    uint32_t monitor_lcg;

    /* the VCD pin trace (stm32h747_pintrace.c), when pin-trace is set */
    char *pin_trace_path, *pin_trace_pins;
    /* the 96-bit unique ID as three words (UID[31:0], [63:32], [95:64]) in
     * 24 hex digits; the Ethernet MAC address follows from it */
    char *uid;
    struct Stm32h747PinTrace *pintrace;
};

/* the timer (index in the SoC's tim[]) and channel (0-3, in *ch) a pin
 * reaches in alternate function af, or -1 */
int stm32h747_pin_timer_channel(uint8_t pin, unsigned af, int *ch);

/* halt or resume the Cortex-M4 alone, as a debugger halting one core */
void stm32h747_soc_set_cm4_halted(Stm32h747SocState *s, bool halted,
                                  Error **errp);
bool stm32h747_soc_cm4_halted(Stm32h747SocState *s);

#endif
