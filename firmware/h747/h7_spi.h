/*
 * The STM32H747's SPI1-6 (RM0399 "SPI") as a master, polled: where each
 * is, the DISCO's pins for it, its kernel clock and baud rate divider, and
 * full-duplex transfers of 4- to 16-bit frames; a slave mode that waits
 * for a master's clock.
 */
#ifndef H7STACK_H7_SPI_H
#define H7STACK_H7_SPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H7_SPI_MAX_ID 6

typedef struct {
    uint32_t base;
    uint8_t id;
    uint8_t sck, miso, mosi; /* H7_PINs */
    uint8_t af[3];           /* their alternate functions */
} h7_spi_t;

typedef struct {
    uint32_t baudrate; /* the highest rate at most this, or the lowest */
    uint8_t polarity, phase;
    uint8_t bits; /* 4-16 */
    bool lsb_first;
    bool slave;
} h7_spi_cfg_t;

/* SPIn, or NULL */
const h7_spi_t *h7_spi_get(unsigned id);
/* clock, pins and mode; the baud rate it gets (0: no kernel clock) and
 * the divider in *prescaler */
uint32_t h7_spi_init(const h7_spi_t *s, const h7_spi_cfg_t *cfg, uint32_t *prescaler);
void h7_spi_deinit(const h7_spi_t *s);
/* len frames (bytes for frames up to 8 bits, little-endian half-words
 * above); tx NULL sends 0xFF..., rx NULL discards.  H7_OK, or H7_ETIMEOUT
 * when a frame did not come within timeout_ms (slave: no master) */
int h7_spi_transfer(const h7_spi_t *s, size_t len, const uint8_t *tx, uint8_t *rx,
                    uint32_t timeout_ms);

#endif
