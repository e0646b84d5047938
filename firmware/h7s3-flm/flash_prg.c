/*
 * The h7stack flash algorithm for the NUCLEO-H7S3L8's octal NOR: the CMSIS
 * FlashOS entry points (Init, UnInit, EraseSector, ProgramPage, EraseChip,
 * Verify, BlankCheck) a debugger loads into RAM and calls with PC, R0-R3,
 * R9 (static base), SP and LR set, and a breakpoint at LR.
 *
 * Position independence: the code is built with clang -fropi (code and
 * constants addressed PC-relative) and -ffixed-r9; the only writable data,
 * struct flm_state, is the whole of PrgData and is reached through R9, the
 * static base the debugger sets to PrgData's address.  The build refuses
 * any absolute relocation (firmware/Makefile).
 *
 * Addresses are CPU addresses (0x70000000 + NOR offset).  Every function
 * checks its range before touching the flash, so a bad call returns 1 and
 * changes nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stm32h7s3.h"
#include "xspi2.h"
#include "xspi_nor.h"

#define BASE 0x70000000u
#define SIZE (32u << 20)

struct flm_state {
    uint32_t magic; /* FLM_READY after a successful Init */
    uint32_t ms;    /* SysTick wraps seen (see now_ms) */
};
#define FLM_READY 0x464C4D21u

/* PrgData: the state, first and only; initialised so that it has bytes in
 * the file (some debuggers do not zero-fill) */
__attribute__((section(".data.flm_state"), used)) struct flm_state flm_state_storage = { 0, 0 };

static struct flm_state *st(void) {
    struct flm_state *p;
    __asm volatile("mov %0, r9" : "=r"(p));
    return p;
}

/* SysTick free-running at the core clock without its interrupt: each
 * COUNTFLAG seen is a millisecond.  Polled from lib/xspi_nor's waits, often
 * enough that no wrap is missed (a missed one only lengthens a timeout). */
static uint32_t now_ms(void) {
    if (SYST_CSR & (1u << 16)) {
        st()->ms++;
    }
    return st()->ms;
}

/* the NOR as Init left it: the controller is not set up again per call */
static void nor_of(xspi_nor_t *n) {
    xspi2_bind(n, now_ms);
    n->mode = XSPI_NOR_OCTAL_DTR; /* as Init left it */
    n->size = SIZE;
}

static bool in_range(uint32_t adr, uint32_t sz) {
    return adr >= BASE && adr - BASE <= SIZE && sz <= SIZE - (adr - BASE);
}

/* the controller back to indirect mode for each operation (a debugger may
 * have read through the memory-mapped window after Init or UnInit) */
static int ready(xspi_nor_t *n) {
    if (st()->magic != FLM_READY) {
        return 1;
    }
    nor_of(n);
    return xspi_nor_memory_mapped(n, false) != XSPI_NOR_OK;
}

int Init(uint32_t adr, uint32_t clk, uint32_t fnc) {
    (void)adr;
    (void)fnc;
    xspi_nor_t n = { 0 };
    struct flm_state *s = st();

    s->magic = 0;
    s->ms = 0;
    SYST_RVR = (clk ? clk : 64000000u) / 1000 - 1;
    SYST_CVR = 0;
    SYST_CSR = 5; /* core clock, no interrupt, enabled */
    xspi2_init(&n, now_ms);
    if (xspi_nor_probe(&n) != XSPI_NOR_OK || n.size != SIZE ||
        xspi_nor_octal_dtr(&n) != XSPI_NOR_OK) {
        return 1;
    }
    s->magic = FLM_READY;
    return 0;
}

/* leaves the NOR memory-mapped, so the debugger can read it back */
int UnInit(uint32_t fnc) {
    (void)fnc;
    xspi_nor_t n;
    if (ready(&n)) {
        return 1;
    }
    SYST_CSR = 0;
    return xspi_nor_memory_mapped(&n, true) != XSPI_NOR_OK;
}

int EraseSector(uint32_t adr) {
    xspi_nor_t n;
    if (!in_range(adr, XSPI_NOR_SECTOR) || (adr - BASE) % XSPI_NOR_SECTOR || ready(&n)) {
        return 1;
    }
    return xspi_nor_erase(&n, adr - BASE, XSPI_NOR_SECTOR) != XSPI_NOR_OK;
}

int EraseChip(void) {
    xspi_nor_t n;
    if (ready(&n)) {
        return 1;
    }
    return xspi_nor_erase_chip(&n) != XSPI_NOR_OK;
}

/* any size and alignment: lib/xspi_nor splits at 256-byte NOR pages */
int ProgramPage(uint32_t adr, uint32_t sz, const uint8_t *buf) {
    xspi_nor_t n;
    if (!in_range(adr, sz) || ready(&n)) {
        return 1;
    }
    return xspi_nor_program(&n, adr - BASE, buf, sz) != XSPI_NOR_OK;
}

/* offset of the first byte in [adr, adr + sz) that differs from buf (or
 * from pat when buf is NULL); sz when none does; -1 on a read error */
static int64_t first_difference(xspi_nor_t *n, uint32_t adr, uint32_t sz, const uint8_t *buf,
                                uint8_t pat) {
    uint8_t chunk[256];

    for (uint32_t done = 0; done < sz;) {
        uint32_t len = sz - done < sizeof(chunk) ? sz - done : sizeof(chunk);
        if (xspi_nor_read(n, adr - BASE + done, chunk, len) != XSPI_NOR_OK) {
            return -1;
        }
        for (uint32_t i = 0; i < len; i++, done++) {
            if (chunk[i] != (buf ? buf[done] : pat)) {
                return done;
            }
        }
    }
    return sz;
}

/* adr + sz when equal, else the address of the first difference (adr when
 * the range is invalid or the flash cannot be read) */
uint32_t Verify(uint32_t adr, uint32_t sz, const uint8_t *buf) {
    xspi_nor_t n;
    if (!in_range(adr, sz) || ready(&n)) {
        return adr;
    }
    int64_t at = first_difference(&n, adr, sz, buf, 0);
    return at < 0 ? adr : adr + (uint32_t)at;
}

/* 0 when every byte equals pat, 1 otherwise (or on error) */
int BlankCheck(uint32_t adr, uint32_t sz, uint8_t pat) {
    xspi_nor_t n;
    if (!in_range(adr, sz) || ready(&n)) {
        return 1;
    }
    return first_difference(&n, adr, sz, NULL, pat) != sz;
}
