/*
 * QUADSPI with the STM32H747I-DISCO's two MT25QL512ABB in dual-flash mode
 * (128 MiB, 8 KiB erase units): the controller side of lib/xspi_nor.
 */
#ifndef H7STACK_H7_QSPI_H
#define H7STACK_H7_QSPI_H

#include <stdint.h>
#include "xspi_nor.h"

/* clocks, pins and the controller (kernel clock hclk3 at hclk_hz), then
 * the flashes probed: XSPI_NOR_OK or the library's error */
int h7_qspi_init(xspi_nor_t *n, uint32_t hclk_hz, uint32_t (*now_ms)(void));

#endif
