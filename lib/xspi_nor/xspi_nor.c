/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "xspi_nor.h"

enum {
    OP_RDSR = 0x05, OP_WREN = 0x06, OP_READ4B = 0x13, OP_FAST_READ4B = 0x0C,
    OP_PP4B = 0x12, OP_SE4B = 0x21, OP_QIFP4B = 0x34, OP_CLFSR = 0x50, OP_CE = 0x60,
    OP_QOFR4B = 0x6C, OP_RFSR = 0x70, OP_WRCR2 = 0x72, OP_RDID = 0x9F, OP_BE_MT = 0xC7,
    OP_BE4B = 0xDC, OP_8DTRD = 0xEE, OP_RSTEN = 0x66, OP_RST = 0x99,
};
#define SR_WIP  0x01
#define SR_WEL  0x02
#define FSR_ERRORS 0x32     /* MT25Q flag status: erase, program, protection */
#define MAX_CHIPS 2
#define QUAD_READ_DUMMY 8   /* MT25Q 1-1-4 reads: the default dummy cycles */

/* the longest each operation takes (the parts' data sheet maxima, rounded up) */
#define PROGRAM_TIMEOUT_MS 10u
#define SECTOR_TIMEOUT_MS  1000u
#define BLOCK_TIMEOUT_MS   2000u
#define CHIP_TIMEOUT_MS(n) ((n)->part == XSPI_NOR_MT25QL ? 600000u : 300000u)

static unsigned chips(const xspi_nor_t *n)
{
    return n->chips == MAX_CHIPS ? MAX_CHIPS : 1;
}

uint32_t xspi_nor_sector(const xspi_nor_t *n)
{
    return XSPI_NOR_SECTOR * chips(n);
}

uint32_t xspi_nor_block(const xspi_nor_t *n)
{
    return XSPI_NOR_BLOCK * chips(n);
}

uint32_t xspi_nor_page(const xspi_nor_t *n)
{
    return XSPI_NOR_PAGE * chips(n);
}

/* a command shaped for the current interface */
static xspi_nor_cmd_t cmd(const xspi_nor_t *n, uint8_t op, bool has_addr, uint32_t addr,
                          uint32_t len, bool write)
{
    bool octal = n->mode == XSPI_NOR_OCTAL_DTR;
    xspi_nor_cmd_t c = {
        .opcode = op, .has_addr = has_addr, .addr = addr, .addr_bytes = 4,
        .lines = octal ? 8 : 1, .dtr = octal, .write = write, .len = len,
    };
    /* octal register reads carry a dummy address and 4 dummy cycles */
    if (octal && (op == OP_RDSR || op == OP_RDID)) {
        c.has_addr = true;
        c.addr = 0;
        c.dummy = 4;
    }
    return c;
}

static int run(xspi_nor_t *n, const xspi_nor_cmd_t *c, uint8_t *data)
{
    return n->cmd(n, c, data) == XSPI_NOR_OK ? XSPI_NOR_OK : XSPI_NOR_EIO;
}

/* a one-byte register of each chip, into r[0..chips) */
static int read_reg(xspi_nor_t *n, uint8_t op, uint8_t r[MAX_CHIPS])
{
    xspi_nor_cmd_t c = cmd(n, op, false, 0, chips(n), false);
    return run(n, &c, r);
}

/* the status of the pair: busy if either is, write-enabled if both are */
static int read_sr(xspi_nor_t *n, bool *wip, bool *wel)
{
    uint8_t sr[MAX_CHIPS];
    int rc = read_reg(n, OP_RDSR, sr);
    *wip = false;
    *wel = true;
    for (unsigned i = 0; i < chips(n) && rc == XSPI_NOR_OK; i++) {
        *wip = *wip || (sr[i] & SR_WIP);
        *wel = *wel && (sr[i] & SR_WEL);
    }
    return rc;
}

int xspi_nor_wait_ready(xspi_nor_t *n, uint32_t timeout_ms)
{
    uint32_t t0 = n->now_ms();
    for (;;) {
        bool wip, wel;
        int rc = read_sr(n, &wip, &wel);
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        if (!wip) {
            return XSPI_NOR_OK;
        }
        uint32_t waited = n->now_ms() - t0;
        if (waited > timeout_ms) {
            return XSPI_NOR_ETIMEOUT;
        }
        if (waited >= 1 && n->idle) {
            n->idle();
        }
    }
}

/* the MT25Q reports a failed program or erase in its flag status register */
static int check_flags(xspi_nor_t *n)
{
    uint8_t fsr[MAX_CHIPS];
    if (n->part != XSPI_NOR_MT25QL) {
        return XSPI_NOR_OK;
    }
    int rc = read_reg(n, OP_RFSR, fsr);
    for (unsigned i = 0; i < chips(n) && rc == XSPI_NOR_OK; i++) {
        if (fsr[i] & FSR_ERRORS) {
            xspi_nor_cmd_t clear = cmd(n, OP_CLFSR, false, 0, 0, true);
            (void)run(n, &clear, NULL);
            rc = XSPI_NOR_EIO;
        }
    }
    return rc;
}

static int wait_done(xspi_nor_t *n, uint32_t timeout_ms)
{
    int rc = xspi_nor_wait_ready(n, timeout_ms);
    return rc == XSPI_NOR_OK ? check_flags(n) : rc;
}

static int write_enable(xspi_nor_t *n)
{
    xspi_nor_cmd_t c = cmd(n, OP_WREN, false, 0, 0, true);
    bool wip, wel;
    int rc = run(n, &c, NULL);
    if (rc == XSPI_NOR_OK && (rc = read_sr(n, &wip, &wel)) == XSPI_NOR_OK && !wel) {
        rc = XSPI_NOR_EIO;              /* the flash did not take it */
    }
    return rc;
}

/* the part and its size from the JEDEC ID, or XSPI_NOR_EID */
static int identify(xspi_nor_t *n)
{
    const uint8_t *id = n->id;
    if (id[0] == 0xC2 && id[1] == 0x84 && id[2] >= 0x36 && id[2] <= 0x3A) {
        n->part = XSPI_NOR_MX25UW;      /* Macronix 1.8 V octal, 32 Mbit .. 512 Mbit */
        n->size = 1u << (id[2] - 0x39 + 25);
    } else if (id[0] == 0x20 && (id[1] == 0xBA || id[1] == 0xBB) && id[2] >= 0x17 &&
               id[2] <= 0x21 && (id[2] <= 0x19 || id[2] >= 0x20)) {
        n->part = XSPI_NOR_MT25QL;      /* Micron MT25Q, 64 Mbit .. 1 Gbit */
        n->size = id[2] >= 0x20 ? 1u << (id[2] - 0x20 + 26) : 1u << (id[2] - 0x17 + 23);
    } else {
        return XSPI_NOR_EID;
    }
    if (chips(n) * (uint64_t)n->size > UINT32_MAX) {
        return XSPI_NOR_EID;            /* addresses are 32-bit */
    }
    n->size *= chips(n);
    return XSPI_NOR_OK;
}

int xspi_nor_probe(xspi_nor_t *n)
{
    /* whatever mode it was left in: reset in both, then SPI (a quad
     * controller refuses the octal reset: nothing was in octal mode) */
    static const xspi_nor_mode_t modes[] = { XSPI_NOR_OCTAL_DTR, XSPI_NOR_SPI };
    for (unsigned i = 0; i < 2; i++) {
        n->mode = modes[i];
        xspi_nor_cmd_t en = cmd(n, OP_RSTEN, false, 0, 0, true);
        xspi_nor_cmd_t rst = cmd(n, OP_RST, false, 0, 0, true);
        (void)n->cmd(n, &en, NULL);     /* ignored when in the other mode */
        (void)n->cmd(n, &rst, NULL);
    }
    n->mode = XSPI_NOR_SPI;
    n->size = 0;
    /* both chips answer at once: their bytes come interleaved */
    uint8_t raw[3 * MAX_CHIPS];
    xspi_nor_cmd_t c = cmd(n, OP_RDID, false, 0, 3 * chips(n), false);
    int rc = run(n, &c, raw);
    if (rc != XSPI_NOR_OK) {
        return rc;
    }
    for (unsigned b = 0; b < 3; b++) {
        n->id[b] = raw[b * chips(n)];
        for (unsigned k = 1; k < chips(n); k++) {
            if (raw[b * chips(n) + k] != n->id[b]) {
                return XSPI_NOR_EID;    /* not a matched pair */
            }
        }
    }
    return identify(n);
}

int xspi_nor_octal_dtr(xspi_nor_t *n)
{
    uint8_t dummy = XSPI_NOR_DUMMY_OCTAL, mode = 2;
    int rc;
    if (n->part != XSPI_NOR_MX25UW) {
        return XSPI_NOR_EINVAL;
    }
    if (n->mode == XSPI_NOR_OCTAL_DTR) {
        return XSPI_NOR_OK;
    }
    /* CR2 0x300: the read dummy cycles, then CR2 0: DTR OPI */
    xspi_nor_cmd_t c = cmd(n, OP_WRCR2, true, 0x300, 1, true);
    if ((rc = write_enable(n)) || (rc = run(n, &c, &dummy))) {
        return rc;
    }
    c.addr = 0;
    if ((rc = write_enable(n)) || (rc = run(n, &c, &mode))) {
        return rc;
    }
    n->mode = XSPI_NOR_OCTAL_DTR;
    uint8_t id[3];
    xspi_nor_cmd_t r = cmd(n, OP_RDID, false, 0, 3, false);
    if ((rc = run(n, &r, id)) != XSPI_NOR_OK) {
        return rc;
    }
    return memcmp(id, n->id, 3) ? XSPI_NOR_EID : XSPI_NOR_OK;
}

static bool in_range(const xspi_nor_t *n, uint32_t addr, uint32_t len)
{
    return n->size && addr <= n->size && len <= n->size - addr;
}

static xspi_nor_cmd_t read_cmd(const xspi_nor_t *n, uint32_t addr, uint32_t len)
{
    if (n->part == XSPI_NOR_MT25QL) {
        xspi_nor_cmd_t c = cmd(n, OP_QOFR4B, true, addr, len, false);
        c.data_lines = 4;               /* 1-1-4 */
        c.dummy = QUAD_READ_DUMMY;
        return c;
    }
    xspi_nor_cmd_t c = cmd(n, n->mode == XSPI_NOR_SPI ? OP_FAST_READ4B : OP_8DTRD, true,
                           addr, len, false);
    c.dummy = n->mode == XSPI_NOR_SPI ? 8 : XSPI_NOR_DUMMY_OCTAL;
    return c;
}

int xspi_nor_read(xspi_nor_t *n, uint32_t addr, void *buf, uint32_t len)
{
    if (!in_range(n, addr, len)) {
        return XSPI_NOR_EINVAL;
    }
    while (len) {
        uint32_t chunk = len > 4096 ? 4096 : len;
        xspi_nor_cmd_t c = read_cmd(n, addr, chunk);
        int rc = run(n, &c, buf);
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        addr += chunk;
        buf = (uint8_t *)buf + chunk;
        len -= chunk;
    }
    return XSPI_NOR_OK;
}

static int erase_one(xspi_nor_t *n, uint8_t op, uint32_t addr, uint32_t timeout_ms)
{
    bool whole = op == OP_CE || op == OP_BE_MT;
    xspi_nor_cmd_t c = cmd(n, op, !whole, addr, 0, true);
    int rc = write_enable(n);
    if (rc == XSPI_NOR_OK) {
        rc = run(n, &c, NULL);
    }
    return rc == XSPI_NOR_OK ? wait_done(n, timeout_ms) : rc;
}

int xspi_nor_erase(xspi_nor_t *n, uint32_t addr, uint32_t len)
{
    uint32_t sector = xspi_nor_sector(n), block = xspi_nor_block(n);
    if (!in_range(n, addr, len) || addr % sector || len % sector) {
        return XSPI_NOR_EINVAL;
    }
    while (len) {
        bool whole_block = addr % block == 0 && len >= block;
        int rc = erase_one(n, whole_block ? OP_BE4B : OP_SE4B, addr,
                           whole_block ? BLOCK_TIMEOUT_MS : SECTOR_TIMEOUT_MS);
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        addr += whole_block ? block : sector;
        len -= whole_block ? block : sector;
    }
    return XSPI_NOR_OK;
}

int xspi_nor_erase_chip(xspi_nor_t *n)
{
    uint8_t op = n->part == XSPI_NOR_MT25QL ? OP_BE_MT : OP_CE;
    return n->size ? erase_one(n, op, 0, CHIP_TIMEOUT_MS(n)) : XSPI_NOR_EINVAL;
}

int xspi_nor_program(xspi_nor_t *n, uint32_t addr, const void *buf, uint32_t len)
{
    uint32_t page = xspi_nor_page(n);
    if (!in_range(n, addr, len)) {
        return XSPI_NOR_EINVAL;
    }
    while (len) {
        /* never across a page boundary: the chip would wrap */
        uint32_t room = page - addr % page;
        uint32_t chunk = len < room ? len : room;
        xspi_nor_cmd_t c = cmd(n, n->part == XSPI_NOR_MT25QL ? OP_QIFP4B : OP_PP4B, true, addr,
                               chunk, true);
        if (n->part == XSPI_NOR_MT25QL) {
            c.data_lines = 4;           /* 1-1-4 */
        }
        int rc = write_enable(n);
        if (rc == XSPI_NOR_OK) {
            rc = run(n, &c, (uint8_t *)buf);
        }
        if (rc == XSPI_NOR_OK) {
            rc = wait_done(n, PROGRAM_TIMEOUT_MS);
        }
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        addr += chunk;
        buf = (const uint8_t *)buf + chunk;
        len -= chunk;
    }
    return XSPI_NOR_OK;
}

int xspi_nor_memory_mapped(xspi_nor_t *n, bool on)
{
    xspi_nor_cmd_t c = read_cmd(n, 0, 0);
    return n->mmap(n, on, &c) == XSPI_NOR_OK ? XSPI_NOR_OK : XSPI_NOR_EIO;
}
