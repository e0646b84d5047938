/*
 * STM32H7 QUADSPI (RM0399 chapter 23): indirect write and read, automatic
 * status polling and memory-mapped mode; single-flash (FSEL picks FLASH 1
 * or 2) and dual-flash mode (DFM: every command goes to both, even bytes
 * to FLASH 1 and odd bytes to FLASH 2, each at half the address); SDR and
 * DDR (DDRM: address, alternate bytes and data on both edges).  Alternate
 * bytes reach the flash as the mode cycles they are: counted with the
 * dummy cycles.
 *
 * An indirect command moves its data at once (at most
 * STM32H7_QSPI_MAX_XFER bytes); FLEVEL counts what waits in the 32-byte
 * FIFO of a read.  The flash's own busy time is what firmware waits for,
 * through automatic polling every PIR+1 cycles of the QUADSPI clock (the
 * kernel clock "clk" over PRESCALER+1; at least 1 us of virtual time).
 * Addresses past the memory size (DCR.FSIZE) set TEF in indirect mode and
 * fail the bus access in memory-mapped mode.  The timeout counter (TCEN,
 * LPTR) only matters for power on real chips: accepted, no effect.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_qspi.h"
#include "trace.h"

/* clang-format off */
REG32(CR, 0x00)
    FIELD(CR, EN, 0, 1)
    FIELD(CR, ABORT, 1, 1)
    FIELD(CR, DMAEN, 2, 1)
    FIELD(CR, TCEN, 3, 1)
    FIELD(CR, SSHIFT, 4, 1)
    FIELD(CR, DFM, 6, 1)
    FIELD(CR, FSEL, 7, 1)
    FIELD(CR, FTHRES, 8, 5)
    FIELD(CR, TEIE, 16, 1)
    FIELD(CR, TCIE, 17, 1)
    FIELD(CR, FTIE, 18, 1)
    FIELD(CR, SMIE, 19, 1)
    FIELD(CR, TOIE, 20, 1)
    FIELD(CR, APMS, 22, 1)
    FIELD(CR, PMM, 23, 1)
    FIELD(CR, PRESCALER, 24, 8)
REG32(DCR, 0x04)
    FIELD(DCR, CKMODE, 0, 1)
    FIELD(DCR, CSHT, 8, 3)
    FIELD(DCR, FSIZE, 16, 5)
REG32(SR, 0x08)
    FIELD(SR, TEF, 0, 1)
    FIELD(SR, TCF, 1, 1)
    FIELD(SR, FTF, 2, 1)
    FIELD(SR, SMF, 3, 1)
    FIELD(SR, TOF, 4, 1)
    FIELD(SR, BUSY, 5, 1)
    FIELD(SR, FLEVEL, 8, 6)
REG32(FCR, 0x0C)
    FIELD(FCR, CTEF, 0, 1)
    FIELD(FCR, CTCF, 1, 1)
    FIELD(FCR, CSMF, 3, 1)
    FIELD(FCR, CTOF, 4, 1)
REG32(DLR, 0x10)
REG32(CCR, 0x14)
    FIELD(CCR, INSTRUCTION, 0, 8)
    FIELD(CCR, IMODE, 8, 2)
    FIELD(CCR, ADMODE, 10, 2)
    FIELD(CCR, ADSIZE, 12, 2)
    FIELD(CCR, ABMODE, 14, 2)
    FIELD(CCR, ABSIZE, 16, 2)
    FIELD(CCR, DCYC, 18, 5)
    FIELD(CCR, DMODE, 24, 2)
    FIELD(CCR, FMODE, 26, 2)
    FIELD(CCR, SIOO, 28, 1)
    FIELD(CCR, DHHC, 30, 1)
    FIELD(CCR, DDRM, 31, 1)
REG32(AR, 0x18)
REG32(ABR, 0x1C)
REG32(DR, 0x20)
REG32(PSMKR, 0x24)
REG32(PSMAR, 0x28)
REG32(PIR, 0x2C)
    FIELD(PIR, INTERVAL, 0, 16)
REG32(LPTR, 0x30)
    FIELD(LPTR, TIMEOUT, 0, 16)
/* clang-format on */

#define CR_WRITABLE \
    (R_CR_EN_MASK | R_CR_DMAEN_MASK | R_CR_TCEN_MASK | R_CR_SSHIFT_MASK | \
     R_CR_DFM_MASK | R_CR_FSEL_MASK | R_CR_FTHRES_MASK | R_CR_TEIE_MASK | \
     R_CR_TCIE_MASK | R_CR_FTIE_MASK | R_CR_SMIE_MASK | R_CR_TOIE_MASK | \
     R_CR_APMS_MASK | R_CR_PMM_MASK | R_CR_PRESCALER_MASK)
#define DCR_WRITABLE (R_DCR_CKMODE_MASK | R_DCR_CSHT_MASK | R_DCR_FSIZE_MASK)
#define SR_FLAGS \
    (R_SR_TEF_MASK | R_SR_TCF_MASK | R_SR_FTF_MASK | R_SR_SMF_MASK | \
     R_SR_TOF_MASK)
#define CCR_WRITABLE 0xDF7FFFFFu /* bit 29 and 23 reserved */
#define FIFO         32
#define POLL_MIN_NS  1000

enum { FMODE_WRITE, FMODE_READ, FMODE_POLL, FMODE_MMAP };

#define R(s, a) ((s)->regs[(a) / 4])

static const unsigned lines[4] = { 0, 1, 2, 4 };

static void qspi_update_irq(Stm32h7QspiState *s)
{
    uint32_t sr = R(s, A_SR), cr = R(s, A_CR);
    bool level = (FIELD_EX32(sr, SR, TEF) && FIELD_EX32(cr, CR, TEIE)) ||
                 (FIELD_EX32(sr, SR, TCF) && FIELD_EX32(cr, CR, TCIE)) ||
                 (FIELD_EX32(sr, SR, FTF) && FIELD_EX32(cr, CR, FTIE)) ||
                 (FIELD_EX32(sr, SR, SMF) && FIELD_EX32(cr, CR, SMIE)) ||
                 (FIELD_EX32(sr, SR, TOF) && FIELD_EX32(cr, CR, TOIE));
    qemu_set_irq(s->irq, level);
}

static bool qspi_dual(Stm32h7QspiState *s)
{
    return FIELD_EX32(R(s, A_CR), CR, DFM);
}

static uint64_t qspi_mem_size(Stm32h7QspiState *s)
{
    return 2ull << FIELD_EX32(R(s, A_DCR), DCR, FSIZE);
}

/* the command CCR describes, as each flash sees it (address not set) */
static void qspi_command(Stm32h7QspiState *s, H7NorCmd *c)
{
    uint32_t ccr = R(s, A_CCR);
    unsigned ab_lines = lines[FIELD_EX32(ccr, CCR, ABMODE)];
    bool ddr = FIELD_EX32(ccr, CCR, DDRM);

    memset(c, 0, sizeof(*c));
    c->instruction = FIELD_EX32(ccr, CCR, INSTRUCTION);
    c->inst_lines = lines[FIELD_EX32(ccr, CCR, IMODE)];
    c->inst_bytes = c->inst_lines ? 1 : 0;
    c->addr_lines = lines[FIELD_EX32(ccr, CCR, ADMODE)];
    c->has_addr = c->addr_lines != 0;
    c->addr_bytes = c->has_addr ? FIELD_EX32(ccr, CCR, ADSIZE) + 1 : 0;
    c->dummy = FIELD_EX32(ccr, CCR, DCYC);
    if (ab_lines) {
        /* alternate bytes are mode bits to the flash: clock cycles */
        unsigned bits = 8 * (FIELD_EX32(ccr, CCR, ABSIZE) + 1);
        c->dummy += bits / ab_lines / (ddr ? 2 : 1);
    }
    c->data_lines = lines[FIELD_EX32(ccr, CCR, DMODE)];
    c->data_dtr = ddr;
}

/* one command on the bus, data bytes from addr on (as the controller
 * counts them): in dual-flash mode even bytes are FLASH 1's, odd FLASH
 * 2's, each at half the address.  A flash that is missing or ignores the
 * command leaves its data lines high. */
static void qspi_io(Stm32h7QspiState *s, H7NorCmd *c, uint32_t addr,
                    uint8_t *data, uint32_t len, bool write)
{
    bool dual = qspi_dual(s);

    trace_stm32h7_qspi_command(c->instruction, addr, len, write, dual);
    for (unsigned k = 0; k < 2; k++) {
        Mt25qlState *f = s->flash[k];
        if (!dual && k != FIELD_EX32(R(s, A_CR), CR, FSEL)) {
            continue;
        }
        /* this flash's bytes: every byte in single mode, one in two in dual */
        uint32_t first = 0, n = len;
        if (dual) {
            first = (addr & 1) == k ? 0 : 1;
            n = len > first ? (len - first + 1) / 2 : 0;
        }
        g_autofree uint8_t *part = g_malloc(MAX(n, 1));
        for (uint32_t i = 0; i < n && write; i++) {
            part[i] = data[first + (dual ? 2 * i : i)];
        }
        if (!write) {
            memset(part, 0xFF, n);
        }
        H7NorCmd fc = *c;
        fc.addr = dual ? (addr + first) >> 1 : addr;
        if (!f) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-qspi: command 0x%02x for FLASH %u, which "
                          "is not fitted\n",
                          c->instruction, k + 1);
        } else if (n || !c->data_lines) {
            mt25ql_transfer(f, &fc, part, n, write);
        }
        for (uint32_t i = 0; i < n && !write; i++) {
            data[first + (dual ? 2 * i : i)] = part[i];
        }
    }
}

static void qspi_set_flevel(Stm32h7QspiState *s, uint32_t level)
{
    R(s, A_SR) = FIELD_DP32(R(s, A_SR), SR, FLEVEL, level);
}

static void qspi_finish(Stm32h7QspiState *s)
{
    s->active = false;
    R(s, A_SR) &= ~(R_SR_BUSY_MASK | R_SR_FTF_MASK);
    R(s, A_SR) |= R_SR_TCF_MASK;
    qspi_set_flevel(s, 0);
}

static uint32_t qspi_data_len(Stm32h7QspiState *s)
{
    uint64_t n = (uint64_t)R(s, A_DLR) + 1;
    if (R(s, A_DLR) == UINT32_MAX) {
        n = qspi_mem_size(s) - MIN(R(s, A_AR), qspi_mem_size(s));
    }
    if (n > STM32H7_QSPI_MAX_XFER) {
        qemu_log_mask(LOG_UNIMP,
                      "stm32h7-qspi: indirect transfers over %u bytes not "
                      "modelled: cut\n",
                      STM32H7_QSPI_MAX_XFER);
        n = STM32H7_QSPI_MAX_XFER;
    }
    return n;
}

/* the address phase is in range (TEF otherwise, and nothing is sent) */
static bool qspi_addr_ok(Stm32h7QspiState *s)
{
    if (!FIELD_EX32(R(s, A_CCR), CCR, ADMODE) ||
        R(s, A_AR) < qspi_mem_size(s)) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "stm32h7-qspi: address 0x%08x past the memory size "
                  "(DCR.FSIZE): transfer error\n",
                  R(s, A_AR));
    R(s, A_SR) |= R_SR_TEF_MASK;
    return false;
}

static void qspi_run(Stm32h7QspiState *s, bool write)
{
    H7NorCmd c;
    qspi_command(s, &c);
    qspi_io(s, &c, R(s, A_AR), s->buf, s->len, write);
}

static int64_t qspi_poll_interval_ns(Stm32h7QspiState *s)
{
    uint64_t hz = clock_get_hz(s->clk) /
                  (FIELD_EX32(R(s, A_CR), CR, PRESCALER) + 1);
    uint64_t cycles = FIELD_EX32(R(s, A_PIR), PIR, INTERVAL) + 1;
    int64_t ns = hz ? (int64_t)(cycles * NANOSECONDS_PER_SECOND / hz) : 0;
    return MAX(ns, POLL_MIN_NS);
}

static void qspi_poll(void *opaque)
{
    Stm32h7QspiState *s = opaque;
    uint32_t n = MIN(R(s, A_DLR) + 1, 4), v = 0, mask = R(s, A_PSMKR);

    if (!s->active || FIELD_EX32(R(s, A_CCR), CCR, FMODE) != FMODE_POLL) {
        return;
    }
    s->len = n;
    qspi_run(s, false);
    for (uint32_t i = 0; i < n; i++) {
        v |= (uint32_t)s->buf[i] << (8 * i);
    }
    R(s, A_DR) = v;
    bool match = FIELD_EX32(R(s, A_CR), CR, PMM)
                     ? (v & mask) != 0
                     : (v & mask) == (R(s, A_PSMAR) & mask);
    trace_stm32h7_qspi_poll(v, match);
    if (match) {
        R(s, A_SR) |= R_SR_SMF_MASK;
        if (FIELD_EX32(R(s, A_CR), CR, APMS)) {
            s->active = false;
            R(s, A_SR) &= ~R_SR_BUSY_MASK;
            qspi_update_irq(s);
            return;
        }
    }
    qspi_update_irq(s);
    timer_mod(s->poll_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + qspi_poll_interval_ns(s));
}

/* a register write that may start a command (RM0399 23.3.9): with an
 * address phase at the AR write, without one at the CCR write; an
 * indirect write's data goes out once DLR + 1 bytes are in DR */
static void qspi_maybe_start(Stm32h7QspiState *s, hwaddr written)
{
    uint32_t ccr = R(s, A_CCR), mode = FIELD_EX32(ccr, CCR, FMODE);
    bool has_addr = FIELD_EX32(ccr, CCR, ADMODE) != 0;
    bool has_data = FIELD_EX32(ccr, CCR, DMODE) != 0;

    if (!FIELD_EX32(R(s, A_CR), CR, EN) || s->active || mode == FMODE_MMAP) {
        return;
    }
    if ((written == A_CCR && has_addr) || (written == A_AR && !has_addr)) {
        return;
    }
    if (!qspi_addr_ok(s)) {
        return;
    }
    if (mode == FMODE_WRITE && has_data) {
        s->active = true; /* waits for DLR + 1 bytes in DR */
        s->pos = 0;
        s->len = qspi_data_len(s);
        R(s, A_SR) = (R(s, A_SR) | R_SR_BUSY_MASK | R_SR_FTF_MASK) &
                     ~R_SR_TCF_MASK;
        return;
    }
    if (mode == FMODE_POLL) {
        s->active = true;
        R(s, A_SR) = (R(s, A_SR) | R_SR_BUSY_MASK) &
                     ~(R_SR_SMF_MASK | R_SR_TCF_MASK);
        qspi_poll(s);
        return;
    }
    s->len = has_data ? qspi_data_len(s) : 0;
    qspi_run(s, mode == FMODE_WRITE);
    if (mode == FMODE_READ && has_data) {
        s->active = true;
        s->pos = 0;
        R(s, A_SR) = (R(s, A_SR) | R_SR_BUSY_MASK | R_SR_FTF_MASK) &
                     ~R_SR_TCF_MASK;
        if (s->len <= FIFO) {
            R(s, A_SR) |= R_SR_TCF_MASK; /* all of it is in the FIFO */
        }
        qspi_set_flevel(s, MIN(s->len, FIFO));
        return;
    }
    qspi_finish(s);
}

static uint32_t qspi_read_dr(Stm32h7QspiState *s, unsigned size)
{
    uint32_t v = 0;

    if (FIELD_EX32(R(s, A_CCR), CCR, FMODE) == FMODE_POLL) {
        return R(s, A_DR); /* the last status read */
    }
    if (FIELD_EX32(R(s, A_CCR), CCR, FMODE) != FMODE_READ || !s->active) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: DR read with no indirect read in "
                      "progress\n");
        return 0;
    }
    for (unsigned i = 0; i < size && s->pos < s->len; i++) {
        v |= (uint32_t)s->buf[s->pos++] << (8 * i);
    }
    if (s->pos >= s->len) {
        qspi_finish(s);
    } else {
        uint32_t left = s->len - s->pos;
        qspi_set_flevel(s, MIN(left, FIFO));
        if (left <= FIFO) {
            R(s, A_SR) |= R_SR_TCF_MASK;
        }
    }
    return v;
}

static uint64_t qspi_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7QspiState *s = opaque;
    uint64_t v;

    if (addr >= STM32H7_QSPI_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: read of reserved offset 0x%02" HWADDR_PRIx
                      "\n",
                      addr);
        return 0;
    }
    if (addr >= A_DR && addr < A_DR + 4) {
        v = qspi_read_dr(s, size);
        qspi_update_irq(s);
    } else if (addr >= A_FCR && addr < A_FCR + 4) {
        v = 0; /* write-only */
    } else {
        v = R(s, addr & ~3u) >> (8 * (addr & 3));
        v = size == 4 ? (uint32_t)v : v & ((1ull << (8 * size)) - 1);
    }
    trace_stm32h7_qspi_read(addr, v);
    return v;
}

static void qspi_write_dr(Stm32h7QspiState *s, uint32_t val, unsigned size)
{
    if (FIELD_EX32(R(s, A_CCR), CCR, FMODE) != FMODE_WRITE || !s->active) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: DR written with no indirect write "
                      "waiting for data: dropped\n");
        return;
    }
    for (unsigned i = 0; i < size && s->pos < s->len; i++) {
        s->buf[s->pos++] = val >> (8 * i);
    }
    if (s->pos >= s->len) {
        s->active = false;
        qspi_run(s, true);
        qspi_finish(s);
    }
}

static void qspi_abort(Stm32h7QspiState *s)
{
    s->active = false;
    timer_del(s->poll_timer);
    R(s, A_SR) &= ~(R_SR_BUSY_MASK | R_SR_FTF_MASK);
    R(s, A_SR) |= R_SR_TCF_MASK; /* an abort completes the transfer */
    qspi_set_flevel(s, 0);
}

static void qspi_update_mmap(Stm32h7QspiState *s)
{
    memory_region_set_enabled(&s->mmap, FIELD_EX32(R(s, A_CCR), CCR, FMODE) ==
                                                FMODE_MMAP &&
                                            FIELD_EX32(R(s, A_CR), CR, EN));
}

static void qspi_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7QspiState *s = opaque;
    uint32_t val = val64;

    trace_stm32h7_qspi_write(addr, val64);
    if (addr >= STM32H7_QSPI_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: write to reserved offset 0x%02" HWADDR_PRIx
                      "\n",
                      addr);
        return;
    }
    if (addr >= A_DR && addr < A_DR + 4) {
        qspi_write_dr(s, val, size);
        qspi_update_irq(s);
        return;
    }
    if (size != 4 || (addr & 3)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: %u-byte access to offset 0x%02" HWADDR_PRIx
                      ": registers take 32-bit accesses\n",
                      size, addr);
        return;
    }
    switch (addr) {
    case A_CR:
        if (val & R_CR_ABORT_MASK) {
            qspi_abort(s);
        }
        if (s->active && ((val ^ R(s, A_CR)) &
                          (R_CR_DFM_MASK | R_CR_FSEL_MASK | R_CR_APMS_MASK |
                           R_CR_PMM_MASK | R_CR_PRESCALER_MASK))) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-qspi: CR fields changed while BUSY\n");
        }
        R(s, A_CR) = val & CR_WRITABLE;
        qspi_update_mmap(s);
        break;
    case A_SR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-qspi: SR is read-only\n");
        return;
    case A_FCR:
        R(s, A_SR) &= ~(val & (R_FCR_CTEF_MASK | R_FCR_CTCF_MASK |
                               R_FCR_CSMF_MASK | R_FCR_CTOF_MASK));
        break;
    case A_DCR:
    case A_DLR:
    case A_CCR:
    case A_AR:
    case A_ABR:
    case A_PSMKR:
    case A_PSMAR:
    case A_PIR:
        if (s->active) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-qspi: offset 0x%02" HWADDR_PRIx
                          " written while BUSY: ignored\n",
                          addr);
            return;
        }
        if (addr == A_DCR) {
            val &= DCR_WRITABLE;
        } else if (addr == A_CCR) {
            val &= CCR_WRITABLE;
        } else if (addr == A_DLR && qspi_dual(s)) {
            val |= 1; /* DL[0] stuck at 1: an even byte count */
        } else if (addr == A_PIR) {
            val &= R_PIR_INTERVAL_MASK;
        }
        R(s, addr) = val;
        if (addr == A_CCR) {
            qspi_update_mmap(s);
        }
        if (addr == A_CCR || addr == A_AR) {
            qspi_maybe_start(s, addr);
        }
        break;
    case A_LPTR: R(s, addr) = val & R_LPTR_TIMEOUT_MASK; break;
    default: R(s, addr) = val; break;
    }
    qspi_update_irq(s);
}

static const MemoryRegionOps qspi_ops = {
    .read = qspi_read,
    .write = qspi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* memory-mapped mode: each access is one read command on the flash(es) */
static MemTxResult qspi_mmap_read(void *opaque, hwaddr addr, uint64_t *data,
                                  unsigned size, MemTxAttrs attrs)
{
    Stm32h7QspiState *s = opaque;
    H7NorCmd c;
    uint8_t b[8];

    if (addr + size > qspi_mem_size(s)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-qspi: memory-mapped read at 0x%08" HWADDR_PRIx
                      " past the memory size (DCR.FSIZE): bus error\n",
                      addr);
        return MEMTX_ERROR;
    }
    qspi_command(s, &c);
    qspi_io(s, &c, addr, b, size, false);
    *data = ldn_le_p(b, size);
    return MEMTX_OK;
}

static MemTxResult qspi_mmap_write(void *opaque, hwaddr addr, uint64_t data,
                                   unsigned size, MemTxAttrs attrs)
{
    qemu_log_mask(
        LOG_GUEST_ERROR,
        "stm32h7-qspi: write to the memory-mapped flash at 0x%08" HWADDR_PRIx
        ": the QUADSPI maps reads only: bus error\n",
        addr);
    return MEMTX_ERROR;
}

static const MemoryRegionOps qspi_mmap_ops = {
    .read_with_attrs = qspi_mmap_read,
    .write_with_attrs = qspi_mmap_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void qspi_reset_hold(Object *obj, ResetType type)
{
    Stm32h7QspiState *s = STM32H7_QSPI(obj);

    memset(s->regs, 0, sizeof(s->regs));
    s->active = false;
    s->pos = s->len = 0;
    timer_del(s->poll_timer);
    memory_region_set_enabled(&s->mmap, false);
}

static void qspi_reset_exit(Object *obj, ResetType type)
{
    qspi_update_irq(STM32H7_QSPI(obj));
}

static void qspi_init(Object *obj)
{
    Stm32h7QspiState *s = STM32H7_QSPI(obj);

    memory_region_init_io(&s->mmio, obj, &qspi_ops, s, TYPE_STM32H7_QSPI,
                          0x1000);
    memory_region_init_io(&s->mmap, obj, &qspi_mmap_ops, s, "stm32h7-qspi.mmap",
                          STM32H7_QSPI_MMAP_SIZE);
    memory_region_set_enabled(&s->mmap, false);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmap);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->poll_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, qspi_poll, s);
    object_property_add_link(
        obj, "flash0", TYPE_MT25QL512, (Object **)&s->flash[0],
        object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
    object_property_add_link(
        obj, "flash1", TYPE_MT25QL512, (Object **)&s->flash[1],
        object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
}

static void qspi_realize(DeviceState *dev, Error **errp)
{
    if (!clock_has_source(STM32H7_QSPI(dev)->clk)) {
        error_setg(errp,
                   "stm32h7-qspi: the kernel clock 'clk' must be connected");
    }
}

static int qspi_post_load(void *opaque, int version_id)
{
    Stm32h7QspiState *s = opaque;

    if (s->pos > STM32H7_QSPI_MAX_XFER || s->len > STM32H7_QSPI_MAX_XFER) {
        return -EINVAL;
    }
    qspi_update_mmap(s); /* the window is not part of the saved state */
    return 0;
}

static const VMStateDescription vmstate_qspi = {
    .name = TYPE_STM32H7_QSPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = qspi_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7QspiState, STM32H7_QSPI_NREGS),
            VMSTATE_UINT8_ARRAY(buf, Stm32h7QspiState, STM32H7_QSPI_MAX_XFER),
            VMSTATE_UINT32(pos, Stm32h7QspiState),
            VMSTATE_UINT32(len, Stm32h7QspiState),
            VMSTATE_BOOL(active, Stm32h7QspiState),
            VMSTATE_TIMER_PTR(poll_timer, Stm32h7QspiState),
            VMSTATE_CLOCK(clk, Stm32h7QspiState), VMSTATE_END_OF_LIST() }
};

static void qspi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = qspi_realize;
    dc->vmsd = &vmstate_qspi;
    rc->phases.hold = qspi_reset_hold;
    rc->phases.exit = qspi_reset_exit;
}

static const TypeInfo qspi_types[] = {
    {
        .name = TYPE_STM32H7_QSPI,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7QspiState),
        .instance_init = qspi_init,
        .class_init = qspi_class_init,
    },
};
DEFINE_TYPES(qspi_types)
