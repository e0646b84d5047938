/*
 * The STM32H747I-DISCO's microSD slot on SDMMC1 (RM0399 "SDMMC"): card
 * detect, the SD initialisation (CMD0, CMD8, ACMD41, CMD2/3/9/7, a 4-bit
 * bus at 25 MHz) and block reads and writes through the IDMA.
 */
#ifndef H7STACK_H7_SDMMC_H
#define H7STACK_H7_SDMMC_H

#include <stdbool.h>
#include <stdint.h>

#define H7_SD_BLOCK 512

/* status codes */
#define H7_SD_OK       0
#define H7_SD_ENOCARD  -1 /* nothing in the slot, or it does not answer */
#define H7_SD_ETIMEOUT -2 /* a command or transfer that never ended */
#define H7_SD_EIO      -3 /* CRC error, abort, a refused command */

typedef struct {
    uint32_t blocks;    /* capacity in 512-byte blocks */
    uint16_t rca;       /* relative card address */
    bool high_capacity; /* SDHC/SDXC: block addresses */
} h7_sd_card_t;

/* a card in the slot (the card detect pin, PI8, low) */
bool h7_sd_present(void);
/* power, pins and clock on, the card identified and selected */
int h7_sd_init(h7_sd_card_t *card);
/* the controller and the card's power off */
void h7_sd_deinit(void);
/* n blocks from block; buf must be reachable by the IDMA (AXI SRAM or
 * SDRAM, not DTCM) and 32-byte aligned (cache lines) */
int h7_sd_read(const h7_sd_card_t *card, uint32_t block, uint32_t n, uint8_t *buf);
int h7_sd_write(const h7_sd_card_t *card, uint32_t block, uint32_t n, const uint8_t *buf);

#endif
