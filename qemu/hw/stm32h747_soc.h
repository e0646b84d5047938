/*
 * STM32H747 system on chip: Cortex-M7 side (RM0399).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H747_SOC_H
#define H7STACK_STM32H747_SOC_H

#include "hw/sysbus.h"
#include "hw/arm/armv7m.h"
#include "stm32h7_rcc.h"
#include "stm32h7_flash.h"
#include "stm32h7_gpio.h"
#include "qom/object.h"

#define TYPE_STM32H747_SOC "stm32h747-soc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h747SocState, STM32H747_SOC)

#define STM32H747_NUM_GPIO 11   /* A..K */

struct Stm32h747SocState {
    SysBusDevice parent_obj;

    ARMv7MState cm7;
    Stm32h7RccState rcc;
    Stm32h7FlashState flash;
    Stm32h7GpioState gpio[STM32H747_NUM_GPIO];
    DeviceState *pwr, *syscfg, *exti, *usart1, *rng, *hsem;

    MemoryRegion itcm, dtcm, axi_sram, sram1, sram2, sram3, sram4, bkp_sram;
    MemoryRegion sysmem, dbgmcu;
    uint32_t dbgmcu_cr;

    uint32_t hse_freq;
};

#endif
