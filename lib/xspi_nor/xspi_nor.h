/*
 * Serial NOR flash on an XSPI or QUADSPI controller: the NUCLEO-H7S3L8's
 * Macronix MX25UW25645G (octal) and the STM32H747I-DISCO's two Micron
 * MT25QL512ABB (quad, side by side in dual-flash mode): probe, switch the
 * octal part from SPI to octal DTR, read, erase, program, memory-mapped
 * mode.  Portable: the controller is reached through one callback that runs
 * a command with the phases described here, so the library runs on the
 * boards (firmware/h7s3/xspi2.c, firmware/h747/h7_qspi.c), in the flash
 * algorithm, and on the host.
 *
 * In dual-flash mode (chips = 2) every command goes to both chips, which
 * the controller interleaves byte by byte: addresses, sizes and the erase,
 * block and page units are those of the pair (twice a chip's); a status
 * read returns one byte from each.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_XSPI_NOR_H
#define H7STACK_XSPI_NOR_H

#include <stdbool.h>
#include <stdint.h>

#define XSPI_NOR_OK         0
#define XSPI_NOR_EIO       -1   /* the controller reported an error */
#define XSPI_NOR_EID       -2   /* not the flash this library knows */
#define XSPI_NOR_ETIMEOUT  -3   /* still busy when the time was up */
#define XSPI_NOR_EINVAL    -4   /* address, size or alignment out of range */

#define XSPI_NOR_PAGE       256u
#define XSPI_NOR_SECTOR     4096u
#define XSPI_NOR_BLOCK      65536u
#define XSPI_NOR_DUMMY_OCTAL 20u    /* CR2 default: read dummy cycles */

typedef enum { XSPI_NOR_SPI, XSPI_NOR_OCTAL_DTR } xspi_nor_mode_t;
typedef enum { XSPI_NOR_MX25UW, XSPI_NOR_MT25QL } xspi_nor_part_t;

typedef struct {
    uint8_t opcode;             /* octal mode sends opcode, ~opcode */
    bool has_addr;
    uint32_t addr;
    uint8_t addr_bytes;         /* 3 or 4 */
    uint8_t dummy;
    uint8_t lines;              /* 1 (SPI) or 8 (octal) */
    uint8_t data_lines;         /* the data phase's, when not lines (quad: 4) */
    bool dtr;
    bool write;                 /* data phase direction */
    uint32_t len;               /* data bytes (0: none) */
} xspi_nor_cmd_t;

typedef struct xspi_nor xspi_nor_t;
struct xspi_nor {
    /* run one command; data is len bytes in or out; XSPI_NOR_OK or EIO */
    int (*cmd)(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data);
    /* milliseconds, any origin (for timeouts) */
    uint32_t (*now_ms)(void);
    /* optional: called between status polls once a wait has lasted a
     * millisecond (an erase), so the port can sleep until its next
     * interrupt instead of polling the bus all the while */
    void (*idle)(void);
    /* memory-mapped reads on/off with the current read command */
    int (*mmap)(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *read_cmd);
    void *ctx;
    uint8_t chips;              /* set before probe: 2 in dual-flash mode, else 1 */
    xspi_nor_mode_t mode;
    xspi_nor_part_t part;       /* after probe */
    uint32_t size;              /* bytes, after probe (both chips) */
    uint8_t id[3];
};

/* the erase, block and page units of this flash (of the pair, dual) */
uint32_t xspi_nor_sector(const xspi_nor_t *n);
uint32_t xspi_nor_block(const xspi_nor_t *n);
uint32_t xspi_nor_page(const xspi_nor_t *n);

int xspi_nor_probe(xspi_nor_t *n);
/* the MX25UW only (XSPI_NOR_EINVAL for a quad part: its reads and programs
 * are quad already) */
int xspi_nor_octal_dtr(xspi_nor_t *n);
int xspi_nor_read(xspi_nor_t *n, uint32_t addr, void *buf, uint32_t len);
/* addr and len multiples of xspi_nor_sector(); blocks where they fit */
int xspi_nor_erase(xspi_nor_t *n, uint32_t addr, uint32_t len);
int xspi_nor_erase_chip(xspi_nor_t *n);
int xspi_nor_program(xspi_nor_t *n, uint32_t addr, const void *buf, uint32_t len);
int xspi_nor_wait_ready(xspi_nor_t *n, uint32_t timeout_ms);
int xspi_nor_memory_mapped(xspi_nor_t *n, bool on);

#endif
