/*
 * STM32H7 SPI (RM0399 "Serial peripheral interface (SPI)") on a QEMU SSI
 * bus: the master's transfers with the TX and RX FIFOs (data packing by
 * access size), TSIZE and end of transfer, CSTART/CSUSP, full duplex and
 * simplex transmit/receive, 4- to 32-bit frames MSB or LSB first, and the
 * interrupt flags.  Each frame takes its bits' time at spi_ker_ck /
 * 2^(MBR+1) in virtual time, and MIDI idle clocks between frames; a
 * register access first finishes the frames that are due.
 *
 * The SSI bus carries bytes: a wider frame goes out MSB first as several
 * transfers.  With no device selected the MISO line reads as all ones (as a
 * pulled-up line; the chip selects are GPIO pins the board wires).  Mode
 * (CPOL/CPHA) is stored: QEMU's SSI devices exchange whole words.  In slave
 * mode nothing clocks the bus, so nothing is received.  CRC, TI mode, I2S
 * and DMA requests are not modelled (logged).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bitops.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "stm32h7_spi.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
    FIELD(CR1, SPE, 0, 1)
    FIELD(CR1, MASRX, 8, 1)
    FIELD(CR1, CSTART, 9, 1)
    FIELD(CR1, CSUSP, 10, 1)
    FIELD(CR1, HDDIR, 11, 1)
    FIELD(CR1, SSI, 12, 1)
REG32(CR2, 0x04)
    FIELD(CR2, TSIZE, 0, 16)
    FIELD(CR2, TSER, 16, 16)
REG32(CFG1, 0x08)
    FIELD(CFG1, DSIZE, 0, 5)
    FIELD(CFG1, FTHLV, 5, 4)
    FIELD(CFG1, RXDMAEN, 14, 1)
    FIELD(CFG1, TXDMAEN, 15, 1)
    FIELD(CFG1, CRCEN, 22, 1)
    FIELD(CFG1, MBR, 28, 3)
REG32(CFG2, 0x0C)
    FIELD(CFG2, MSSI, 0, 4)
    FIELD(CFG2, MIDI, 4, 4)
    FIELD(CFG2, COMM, 17, 2)
    FIELD(CFG2, SP, 19, 3)
    FIELD(CFG2, MASTER, 22, 1)
    FIELD(CFG2, LSBFRST, 23, 1)
    FIELD(CFG2, CPHA, 24, 1)
    FIELD(CFG2, CPOL, 25, 1)
REG32(IER, 0x10)
REG32(SR, 0x14)
    FIELD(SR, RXP, 0, 1)
    FIELD(SR, TXP, 1, 1)
    FIELD(SR, DXP, 2, 1)
    FIELD(SR, EOT, 3, 1)
    FIELD(SR, TXTF, 4, 1)
    FIELD(SR, UDR, 5, 1)
    FIELD(SR, OVR, 6, 1)
    FIELD(SR, CRCE, 7, 1)
    FIELD(SR, TIFRE, 8, 1)
    FIELD(SR, MODF, 9, 1)
    FIELD(SR, TSERF, 10, 1)
    FIELD(SR, SUSP, 11, 1)
    FIELD(SR, TXC, 12, 1)
    FIELD(SR, RXPLVL, 13, 2)
    FIELD(SR, RXWNE, 15, 1)
    FIELD(SR, CTSIZE, 16, 16)
REG32(IFCR, 0x18)
REG32(TXDR, 0x20)
REG32(RXDR, 0x30)
REG32(CRCPOLY, 0x40)
REG32(TXCRC, 0x44)
REG32(RXCRC, 0x48)
REG32(UDRDR, 0x4C)
REG32(I2SCFGR, 0x50)
/* clang-format on */

#define CR1_WRITABLE  0x0001FF01
#define CFG1_RESET    0x00070007 /* 8-bit frames, CRCSIZE 8 */
#define CFG1_WRITABLE 0x705FC3FF
#define CFG2_WRITABLE 0xF7FE80FF
#define IER_WRITABLE  0x000007FF
#define CRCPOLY_RESET 0x00000107
#define SR_STICKY \
    (R_SR_EOT_MASK | R_SR_TXTF_MASK | R_SR_UDR_MASK | R_SR_OVR_MASK | \
     R_SR_CRCE_MASK | R_SR_TIFRE_MASK | R_SR_MODF_MASK | R_SR_TSERF_MASK | \
     R_SR_SUSP_MASK)
#define IFCR_CLEARS      (SR_STICKY) /* EOTC..SUSPC sit on the flags' bits */
#define IRQ_FLAGS        0x000007FF  /* the IER bits, one per SR flag */
#define COMM_FULL_DUPLEX 0
#define COMM_TX_ONLY     1
#define COMM_RX_ONLY     2
#define COMM_HALF_DUPLEX 3

static const char *spi_name(Stm32h7SpiState *s)
{
    return DEVICE(s)->canonical_path;
}

static unsigned frame_bits(Stm32h7SpiState *s)
{
    unsigned bits = FIELD_EX32(s->cfg1, CFG1, DSIZE) + 1;
    return MAX(bits, 4); /* DSIZE below 3 is not allowed */
}

/* bytes a frame takes in the FIFOs and in a data register access */
static unsigned frame_bytes(Stm32h7SpiState *s)
{
    unsigned bits = frame_bits(s);
    return bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
}

static unsigned fifo_frames(Stm32h7SpiState *s)
{
    return s->fifo_bytes / frame_bytes(s);
}

static unsigned packet_frames(Stm32h7SpiState *s)
{
    return FIELD_EX32(s->cfg1, CFG1, FTHLV) + 1;
}

static uint32_t tsize(Stm32h7SpiState *s)
{
    return FIELD_EX32(s->cr2, CR2, TSIZE);
}

static bool is_master(Stm32h7SpiState *s)
{
    return FIELD_EX32(s->cfg2, CFG2, MASTER);
}

static unsigned comm(Stm32h7SpiState *s)
{
    return FIELD_EX32(s->cfg2, CFG2, COMM);
}

/* the SCK period in ns (0: no kernel clock) */
static int64_t sck_ns(Stm32h7SpiState *s)
{
    uint64_t hz = clock_get_hz(s->clk);
    if (!hz) {
        return 0;
    }
    uint64_t div = 2ULL << FIELD_EX32(s->cfg1, CFG1, MBR);
    return MAX(1, muldiv64(div, NANOSECONDS_PER_SECOND, hz));
}

/* the flags computed from the FIFOs and the transfer state */
static uint32_t live_sr(Stm32h7SpiState *s)
{
    uint32_t sr = s->sr & SR_STICKY;
    unsigned tx_free = fifo_frames(s) - fifo32_num_used(&s->tx);
    unsigned rx_used = fifo32_num_used(&s->rx);
    bool txp = tx_free >= packet_frames(s);
    bool rxp = rx_used >= packet_frames(s);

    sr = FIELD_DP32(sr, SR, TXP, txp);
    sr = FIELD_DP32(sr, SR, RXP, rxp);
    sr = FIELD_DP32(sr, SR, DXP, txp && rxp);
    if (tsize(s)) {
        sr = FIELD_DP32(sr, SR, TXC, FIELD_EX32(s->sr, SR, EOT));
        sr = FIELD_DP32(sr, SR, CTSIZE, tsize(s) - MIN(s->done, tsize(s)));
    } else {
        sr = FIELD_DP32(sr, SR, TXC, fifo32_is_empty(&s->tx) && !s->busy);
    }
    sr = FIELD_DP32(sr, SR, RXWNE, rx_used * frame_bytes(s) >= 4);
    if (rxp || rx_used) {
        sr = FIELD_DP32(sr, SR, RXPLVL, MIN(rx_used, 3));
    }
    return sr;
}

static void spi_update_irq(Stm32h7SpiState *s)
{
    qemu_set_irq(s->irq, (live_sr(s) & s->ier & IRQ_FLAGS) != 0);
}

/* does a device on the bus drive MISO now (one selected)? */
static bool miso_driven(Stm32h7SpiState *s)
{
    BusChild *kid;

    QTAILQ_FOREACH(kid, &BUS(s->bus)->children, sibling)
    {
        SSIPeripheral *p = SSI_PERIPHERAL(kid->child);
        SSIPeripheralClass *ssc = p->spc;
        if (ssc->cs_polarity == SSI_CS_NONE ||
            (p->cs && ssc->cs_polarity == SSI_CS_HIGH) ||
            (!p->cs && ssc->cs_polarity == SSI_CS_LOW)) {
            return true;
        }
    }
    return false;
}

/* one frame both ways, a byte at a time MSB first, as the wire has it */
static uint32_t exchange(Stm32h7SpiState *s, uint32_t out)
{
    unsigned bits = frame_bits(s), nbytes = DIV_ROUND_UP(bits, 8);
    uint32_t mask = bits == 32 ? UINT32_MAX : (1u << bits) - 1;
    bool lsb = FIELD_EX32(s->cfg2, CFG2, LSBFRST);
    uint32_t in = 0;

    out &= mask;
    if (lsb) {
        out = revbit32(out) >> (32 - bits);
    }
    /* a frame of 8n bits: n bytes; otherwise the top byte is partial and
     * goes first, left-aligned as a device expecting bytes sees it */
    uint32_t wire = out << (8 * nbytes - bits);
    bool driven = miso_driven(s);
    for (unsigned i = 0; i < nbytes; i++) {
        uint8_t byte = wire >> (8 * (nbytes - 1 - i));
        uint8_t got = ssi_transfer(s->bus, byte);
        in = (in << 8) | (driven ? got : 0xFF);
    }
    in = (in >> (8 * nbytes - bits)) & mask;
    if (lsb) {
        in = revbit32(in) >> (32 - bits);
    }
    return in;
}

static bool may_start(Stm32h7SpiState *s)
{
    if (!FIELD_EX32(s->cr1, CR1, SPE) || !FIELD_EX32(s->cr1, CR1, CSTART) ||
        !is_master(s) || s->busy || !sck_ns(s)) {
        return false;
    }
    if (tsize(s) && s->done >= tsize(s)) {
        return false;
    }
    if (comm(s) == COMM_RX_ONLY ||
        (comm(s) == COMM_HALF_DUPLEX && !FIELD_EX32(s->cr1, CR1, HDDIR))) {
        /* a receiver clocks frames in until TSIZE, or while it has room */
        return tsize(s) || !fifo32_is_full(&s->rx);
    }
    return !fifo32_is_empty(&s->tx);
}

static void start_frame(Stm32h7SpiState *s, int64_t at, bool first)
{
    bool transmits = comm(s) == COMM_FULL_DUPLEX || comm(s) == COMM_TX_ONLY ||
                     (comm(s) == COMM_HALF_DUPLEX &&
                      FIELD_EX32(s->cr1, CR1, HDDIR));
    unsigned gap = first ? FIELD_EX32(s->cfg2, CFG2, MSSI)
                         : FIELD_EX32(s->cfg2, CFG2, MIDI);

    s->on_wire = transmits ? fifo32_pop(&s->tx) : UINT32_MAX;
    s->busy = true;
    s->frame_end = at + sck_ns(s) * (frame_bits(s) + gap);
    timer_mod(s->frame_timer, s->frame_end);
}

static void finish_frame(Stm32h7SpiState *s)
{
    uint32_t in = exchange(s, s->on_wire);
    bool receives = comm(s) != COMM_TX_ONLY &&
                    !(comm(s) == COMM_HALF_DUPLEX &&
                      FIELD_EX32(s->cr1, CR1, HDDIR));

    s->busy = false;
    s->done++;
    trace_stm32h7_spi_frame(spi_name(s), s->on_wire, in);
    if (receives) {
        if (fifo32_is_full(&s->rx)) {
            s->sr = FIELD_DP32(s->sr, SR, OVR, 1); /* the frame is lost */
        } else {
            fifo32_push(&s->rx, in);
        }
    }
    if (tsize(s) && s->done == tsize(s)) {
        s->sr = FIELD_DP32(s->sr, SR, EOT, 1);
        s->cr1 = FIELD_DP32(s->cr1, CR1, CSTART, 0);
    }
}

/* finish every frame due by now, the next starting where the last ended */
static void spi_sync(Stm32h7SpiState *s, int64_t now)
{
    while (s->busy && s->frame_end <= now) {
        int64_t end = s->frame_end;
        finish_frame(s);
        if (may_start(s)) {
            start_frame(s, end, false);
        }
    }
    if (!s->busy) {
        timer_del(s->frame_timer);
    }
}

/* after a change: start a frame if one may go now */
static void spi_kick(Stm32h7SpiState *s, int64_t now)
{
    if (may_start(s)) {
        start_frame(s, now, s->done == 0);
    }
    spi_update_irq(s);
}

static void frame_expired(void *opaque)
{
    Stm32h7SpiState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    spi_sync(s, now);
    spi_update_irq(s);
}

static void spi_flush(Stm32h7SpiState *s)
{
    fifo32_reset(&s->tx);
    fifo32_reset(&s->rx);
    s->busy = false;
    s->done = s->pushed = 0;
    timer_del(s->frame_timer);
}

static uint64_t spi_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7SpiState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t val = 0;

    spi_sync(s, now);
    switch (addr) {
    case A_CR1: val = s->cr1; break;
    case A_CR2: val = s->cr2; break;
    case A_CFG1: val = s->cfg1; break;
    case A_CFG2: val = s->cfg2; break;
    case A_IER: val = s->ier; break;
    case A_SR: val = live_sr(s); break;
    case A_RXDR: {
        unsigned fb = frame_bytes(s), n = MAX(1, size / fb);
        for (unsigned i = 0; i < n && !fifo32_is_empty(&s->rx); i++) {
            val |= (uint64_t)fifo32_pop(&s->rx) << (8 * fb * i);
        }
        break;
    }
    case A_CRCPOLY: val = s->crcpoly; break;
    case A_UDRDR: val = s->udrdr; break;
    case A_I2SCFGR: val = s->i2scfgr; break;
    case A_IFCR:
    case A_TXDR:
    case A_TXCRC:
    case A_RXCRC: break; /* write-only, or CRC not modelled: 0 */
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of reserved offset 0x%02" HWADDR_PRIx "\n",
                      spi_name(s), addr);
        break;
    }
    spi_kick(s, now); /* a read may have made room for a receiver */
    return val;
}

static void spi_write_txdr(Stm32h7SpiState *s, uint64_t val, unsigned size)
{
    unsigned fb = frame_bytes(s), n = MAX(1, size / fb);
    uint32_t mask = fb == 4 ? UINT32_MAX : (1u << (8 * fb)) - 1;

    for (unsigned i = 0; i < n; i++) {
        if (fifo32_num_used(&s->tx) >= fifo_frames(s)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: TXDR written with the TX FIFO full: "
                          "frame dropped\n",
                          spi_name(s));
            return;
        }
        fifo32_push(&s->tx, (val >> (8 * fb * i)) & mask);
        s->pushed++;
        if (tsize(s) && s->pushed == tsize(s)) {
            s->sr = FIELD_DP32(s->sr, SR, TXTF, 1);
        }
    }
}

static void spi_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7SpiState *s = opaque;
    uint32_t val = val64;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    bool spe = FIELD_EX32(s->cr1, CR1, SPE);

    spi_sync(s, now);
    switch (addr) {
    case A_CR1: {
        /* CSTART is set by software and cleared by hardware; CSUSP and
         * clearing SPE stop a transfer */
        bool started = FIELD_EX32(s->cr1, CR1, CSTART);
        if (spe && !FIELD_EX32(val, CR1, SPE)) {
            spi_flush(s); /* disabling empties the FIFOs */
            started = false;
        }
        s->cr1 = val & CR1_WRITABLE & ~(R_CR1_CSTART_MASK | R_CR1_CSUSP_MASK);
        if (started && FIELD_EX32(val, CR1, CSUSP)) {
            started = false;
            s->sr = FIELD_DP32(s->sr, SR, SUSP, 1);
        } else if (!started && FIELD_EX32(val, CR1, CSTART) &&
                   FIELD_EX32(val, CR1, SPE)) {
            started = true;
            s->done = 0; /* a new transfer of TSIZE frames */
        }
        s->cr1 = FIELD_DP32(s->cr1, CR1, CSTART, started);
        break;
    }
    case A_CR2:
        if (spe && FIELD_EX32(s->cr1, CR1, CSTART)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: CR2 written during a transfer: ignored\n",
                          spi_name(s));
            break;
        }
        s->cr2 = val;
        s->pushed = 0;
        break;
    case A_CFG1:
    case A_CFG2:
        if (spe) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: CFG%d written with SPE set: ignored\n",
                          spi_name(s), addr == A_CFG1 ? 1 : 2);
            break;
        }
        if (addr == A_CFG1) {
            if (val & (R_CFG1_CRCEN_MASK | R_CFG1_RXDMAEN_MASK |
                       R_CFG1_TXDMAEN_MASK)) {
                qemu_log_mask(LOG_UNIMP, "%s: CRC and DMA are not modelled\n",
                              spi_name(s));
            }
            s->cfg1 = val & CFG1_WRITABLE;
        } else {
            if (FIELD_EX32(val, CFG2, SP)) {
                qemu_log_mask(LOG_UNIMP,
                              "%s: only the Motorola protocol is modelled\n",
                              spi_name(s));
            }
            s->cfg2 = val & CFG2_WRITABLE;
        }
        /* the frame size sets how many frames the FIFOs hold */
        fifo32_reset(&s->tx);
        fifo32_reset(&s->rx);
        break;
    case A_IER: s->ier = val & IER_WRITABLE; break;
    case A_IFCR: s->sr &= ~(val & IFCR_CLEARS); break;
    case A_TXDR: spi_write_txdr(s, val64, size); break;
    case A_CRCPOLY: s->crcpoly = val; break;
    case A_UDRDR: s->udrdr = val; break;
    case A_I2SCFGR:
        if (val & 1) {
            qemu_log_mask(LOG_UNIMP, "%s: I2S mode is not modelled\n",
                          spi_name(s));
        }
        s->i2scfgr = val;
        break;
    case A_SR:
    case A_RXDR:
    case A_TXCRC:
    case A_RXCRC:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to read-only offset 0x%02" HWADDR_PRIx "\n",
                      spi_name(s), addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write to reserved offset 0x%02" HWADDR_PRIx "\n",
                      spi_name(s), addr);
        break;
    }
    spi_kick(s, now);
}

static const MemoryRegionOps spi_ops = {
    .read = spi_read,
    .write = spi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void spi_reset_hold(Object *obj, ResetType type)
{
    Stm32h7SpiState *s = STM32H7_SPI(obj);

    s->cr1 = s->cr2 = s->cfg2 = s->ier = s->sr = 0;
    s->udrdr = s->i2scfgr = 0;
    s->cfg1 = CFG1_RESET;
    s->crcpoly = CRCPOLY_RESET;
    spi_flush(s);
}

static void spi_reset_exit(Object *obj, ResetType type)
{
    spi_update_irq(STM32H7_SPI(obj));
}

static void spi_clock_update(void *opaque, ClockEvent event)
{
    Stm32h7SpiState *s = opaque;
    /* frames under way keep their end; later ones take the new rate */
    spi_sync(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void spi_realize(DeviceState *dev, Error **errp)
{
    Stm32h7SpiState *s = STM32H7_SPI(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "stm32h7-spi: the kernel clock 'clk' must be "
                         "connected");
        return;
    }
    if (s->fifo_bytes != 8 && s->fifo_bytes != STM32H7_SPI_FIFO_MAX) {
        error_setg(errp, "stm32h7-spi: fifo-bytes must be 8 or 16");
        return;
    }
    s->bus = ssi_create_bus(dev, s->bus_name ? s->bus_name : "ssi");
}

static void spi_init(Object *obj)
{
    Stm32h7SpiState *s = STM32H7_SPI(obj);

    memory_region_init_io(&s->mmio, obj, &spi_ops, s, TYPE_STM32H7_SPI, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", spi_clock_update, s,
                                ClockPreUpdate);
    s->frame_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, frame_expired, s);
    /* frames of up to 8 bits: as many frames as bytes */
    fifo32_create(&s->tx, STM32H7_SPI_FIFO_MAX);
    fifo32_create(&s->rx, STM32H7_SPI_FIFO_MAX);
}

static void spi_finalize(Object *obj)
{
    Stm32h7SpiState *s = STM32H7_SPI(obj);

    fifo32_destroy(&s->tx);
    fifo32_destroy(&s->rx);
    timer_free(s->frame_timer);
}

static const VMStateDescription vmstate_spi = {
    .name = TYPE_STM32H7_SPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(cr1, Stm32h7SpiState),
                                      VMSTATE_UINT32(cr2, Stm32h7SpiState),
                                      VMSTATE_UINT32(cfg1, Stm32h7SpiState),
                                      VMSTATE_UINT32(cfg2, Stm32h7SpiState),
                                      VMSTATE_UINT32(ier, Stm32h7SpiState),
                                      VMSTATE_UINT32(sr, Stm32h7SpiState),
                                      VMSTATE_UINT32(crcpoly, Stm32h7SpiState),
                                      VMSTATE_UINT32(udrdr, Stm32h7SpiState),
                                      VMSTATE_UINT32(i2scfgr, Stm32h7SpiState),
                                      VMSTATE_FIFO32(tx, Stm32h7SpiState),
                                      VMSTATE_FIFO32(rx, Stm32h7SpiState),
                                      VMSTATE_UINT32(done, Stm32h7SpiState),
                                      VMSTATE_UINT32(pushed, Stm32h7SpiState),
                                      VMSTATE_BOOL(busy, Stm32h7SpiState),
                                      VMSTATE_UINT32(on_wire, Stm32h7SpiState),
                                      VMSTATE_INT64(frame_end, Stm32h7SpiState),
                                      VMSTATE_TIMER_PTR(frame_timer,
                                                        Stm32h7SpiState),
                                      VMSTATE_CLOCK(clk, Stm32h7SpiState),
                                      VMSTATE_END_OF_LIST() }
};

static const Property spi_props[] = {
    DEFINE_PROP_STRING("bus-name", Stm32h7SpiState, bus_name),
    DEFINE_PROP_UINT32("fifo-bytes", Stm32h7SpiState, fifo_bytes,
                       STM32H7_SPI_FIFO_MAX),
};

static void spi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = spi_realize;
    dc->vmsd = &vmstate_spi;
    device_class_set_props(dc, spi_props);
    rc->phases.hold = spi_reset_hold;
    rc->phases.exit = spi_reset_exit;
}

static const TypeInfo spi_types[] = {
    {
        .name = TYPE_STM32H7_SPI,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7SpiState),
        .instance_init = spi_init,
        .instance_finalize = spi_finalize,
        .class_init = spi_class_init,
    },
};
DEFINE_TYPES(spi_types)
