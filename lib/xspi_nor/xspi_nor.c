/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "xspi_nor.h"

enum {
    OP_RDSR = 0x05, OP_WREN = 0x06, OP_READ4B = 0x13, OP_FAST_READ4B = 0x0C,
    OP_PP4B = 0x12, OP_SE4B = 0x21, OP_BE4B = 0xDC, OP_CE = 0x60, OP_WRCR2 = 0x72,
    OP_RDID = 0x9F, OP_8DTRD = 0xEE, OP_RSTEN = 0x66, OP_RST = 0x99,
};
#define SR_WIP  0x01
#define SR_WEL  0x02

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

static int read_sr(xspi_nor_t *n, uint8_t *sr)
{
    xspi_nor_cmd_t c = cmd(n, OP_RDSR, false, 0, 1, false);
    return run(n, &c, sr);
}

int xspi_nor_wait_ready(xspi_nor_t *n, uint32_t timeout_ms)
{
    uint32_t t0 = n->now_ms();
    for (;;) {
        uint8_t sr;
        int rc = read_sr(n, &sr);
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        if (!(sr & SR_WIP)) {
            return XSPI_NOR_OK;
        }
        if (n->now_ms() - t0 > timeout_ms) {
            return XSPI_NOR_ETIMEOUT;
        }
    }
}

static int write_enable(xspi_nor_t *n)
{
    xspi_nor_cmd_t c = cmd(n, OP_WREN, false, 0, 0, true);
    uint8_t sr;
    int rc = run(n, &c, NULL);
    if (rc == XSPI_NOR_OK && (rc = read_sr(n, &sr)) == XSPI_NOR_OK && !(sr & SR_WEL)) {
        rc = XSPI_NOR_EIO;              /* the flash did not take it */
    }
    return rc;
}

int xspi_nor_probe(xspi_nor_t *n)
{
    /* whatever mode it was left in: reset in both, then SPI */
    static const xspi_nor_mode_t modes[] = { XSPI_NOR_OCTAL_DTR, XSPI_NOR_SPI };
    for (unsigned i = 0; i < 2; i++) {
        n->mode = modes[i];
        xspi_nor_cmd_t en = cmd(n, OP_RSTEN, false, 0, 0, true);
        xspi_nor_cmd_t rst = cmd(n, OP_RST, false, 0, 0, true);
        (void)n->cmd(n, &en, NULL);     /* ignored when in the other mode */
        (void)n->cmd(n, &rst, NULL);
    }
    n->mode = XSPI_NOR_SPI;
    xspi_nor_cmd_t c = cmd(n, OP_RDID, false, 0, 3, false);
    int rc = run(n, &c, n->id);
    if (rc != XSPI_NOR_OK) {
        return rc;
    }
    if (n->id[0] != 0xC2 || n->id[1] != 0x84 || n->id[2] < 0x36 || n->id[2] > 0x3A) {
        return XSPI_NOR_EID;            /* Macronix 1.8 V octal, 32 Mbit .. 512 Mbit */
    }
    n->size = 1u << (n->id[2] - 0x39 + 25);
    return XSPI_NOR_OK;
}

int xspi_nor_octal_dtr(xspi_nor_t *n)
{
    uint8_t dummy = XSPI_NOR_DUMMY_OCTAL, mode = 2;
    int rc;
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
    xspi_nor_cmd_t c = cmd(n, op, op != OP_CE, addr, 0, true);
    int rc = write_enable(n);
    if (rc == XSPI_NOR_OK) {
        rc = run(n, &c, NULL);
    }
    return rc == XSPI_NOR_OK ? xspi_nor_wait_ready(n, timeout_ms) : rc;
}

int xspi_nor_erase(xspi_nor_t *n, uint32_t addr, uint32_t len)
{
    if (!in_range(n, addr, len) || addr % XSPI_NOR_SECTOR || len % XSPI_NOR_SECTOR) {
        return XSPI_NOR_EINVAL;
    }
    while (len) {
        bool block = addr % XSPI_NOR_BLOCK == 0 && len >= XSPI_NOR_BLOCK;
        int rc = erase_one(n, block ? OP_BE4B : OP_SE4B, addr, block ? 2000 : 400);
        if (rc != XSPI_NOR_OK) {
            return rc;
        }
        addr += block ? XSPI_NOR_BLOCK : XSPI_NOR_SECTOR;
        len -= block ? XSPI_NOR_BLOCK : XSPI_NOR_SECTOR;
    }
    return XSPI_NOR_OK;
}

int xspi_nor_erase_chip(xspi_nor_t *n)
{
    return n->size ? erase_one(n, OP_CE, 0, 300000) : XSPI_NOR_EINVAL;
}

int xspi_nor_program(xspi_nor_t *n, uint32_t addr, const void *buf, uint32_t len)
{
    if (!in_range(n, addr, len)) {
        return XSPI_NOR_EINVAL;
    }
    while (len) {
        /* never across a page boundary: the chip would wrap */
        uint32_t room = XSPI_NOR_PAGE - addr % XSPI_NOR_PAGE;
        uint32_t chunk = len < room ? len : room;
        xspi_nor_cmd_t c = cmd(n, OP_PP4B, true, addr, chunk, true);
        int rc = write_enable(n);
        if (rc == XSPI_NOR_OK) {
            rc = run(n, &c, (uint8_t *)buf);
        }
        if (rc == XSPI_NOR_OK) {
            rc = xspi_nor_wait_ready(n, 10);
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
