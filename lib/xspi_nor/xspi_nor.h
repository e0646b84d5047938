/*
 * Octal NOR flash on an XSPI controller (the NUCLEO-H7S3L8's MX25UW25645G):
 * probe, switch from SPI to octal DTR, read, erase, program, memory-mapped
 * mode.  Portable: the controller is reached through one callback that runs
 * a command with the phases described here, so the library runs on the
 * board (firmware/h7s3/xspi2.c), in the flash algorithm, and on the host.
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

typedef struct {
    uint8_t opcode;             /* octal mode sends opcode, ~opcode */
    bool has_addr;
    uint32_t addr;
    uint8_t addr_bytes;         /* 3 or 4 */
    uint8_t dummy;
    uint8_t lines;              /* 1 (SPI) or 8 (octal) */
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
    /* memory-mapped reads on/off with the current read command */
    int (*mmap)(xspi_nor_t *n, bool on, const xspi_nor_cmd_t *read_cmd);
    void *ctx;
    xspi_nor_mode_t mode;
    uint32_t size;              /* bytes, after probe */
    uint8_t id[3];
};

int xspi_nor_probe(xspi_nor_t *n);
int xspi_nor_octal_dtr(xspi_nor_t *n);
int xspi_nor_read(xspi_nor_t *n, uint32_t addr, void *buf, uint32_t len);
/* addr and len multiples of 4 KiB; 64 KiB blocks are used where they fit */
int xspi_nor_erase(xspi_nor_t *n, uint32_t addr, uint32_t len);
int xspi_nor_erase_chip(xspi_nor_t *n);
int xspi_nor_program(xspi_nor_t *n, uint32_t addr, const void *buf, uint32_t len);
int xspi_nor_wait_ready(xspi_nor_t *n, uint32_t timeout_ms);
int xspi_nor_memory_mapped(xspi_nor_t *n, bool on);

#endif
