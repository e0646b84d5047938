/*
 * STM32H7 SDMMC (RM0399 "SD/SDIO/MMC card host interface"), with its
 * internal DMA, on a QEMU SD bus (a card from -drive if=sd).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_SDMMC_H
#define H7STACK_STM32H7_SDMMC_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/sd/sd.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "qemu/timer.h"

#define TYPE_STM32H7_SDMMC "stm32h7-sdmmc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7SdmmcState, STM32H7_SDMMC)

struct Stm32h7SdmmcState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    qemu_irq irq;
    SDBus sdbus;
    Clock *clk; /* sdmmc_ker_ck */
    QEMUTimer *data_timer;
    MemoryRegion *dma_mr;
    AddressSpace dma_as;

    uint32_t power, clkcr, argr, cmdr, respcmdr, resp[4], dtimer, dlenr;
    uint32_t dctrl, dcntr, star, maskr, acktimer, idmactrlr, idmabsizer;
    uint32_t idmabase[2];
};

#endif
