/*
 * STM32H7 DMA1/DMA2 (RM0399 "Direct memory access controller (DMA)"):
 * eight streams, peripheral-to-memory, memory-to-peripheral and
 * memory-to-memory, byte/half-word/word items, address increments,
 * circular mode, the transfer-complete, half-transfer and transfer-error
 * flags (LISR/HISR, cleared through LIFCR/HIFCR) and their interrupts.
 *
 * A stream moves one item for each request pulse on gpio in "req" n (from
 * DMAMUX1); a memory-to-memory stream moves all its items when enabled.
 * The FIFO is not modelled as a queue: items move at once, so it always
 * reads empty, and with MSIZE != PSIZE the memory side advances by PSIZE
 * bytes an item, the byte stream the FIFO's packing gives.  As on silicon
 * the TCMs are out of DMA1/2's reach: an access there is a transfer error.
 * Double-buffer mode, bursts and the peripheral flow controller are not
 * modelled (logged).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "stm32h7_dma.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(LISR, 0x00)               /* stream 0's flags; 1 at +6, 2 at +16, 3 at +22 */
    FIELD(LISR, FEIF0, 0, 1)
    FIELD(LISR, DMEIF0, 2, 1)
    FIELD(LISR, TEIF0, 3, 1)
    FIELD(LISR, HTIF0, 4, 1)
    FIELD(LISR, TCIF0, 5, 1)
REG32(HISR, 0x04)               /* streams 4-7 likewise */
REG32(LIFCR, 0x08)
REG32(HIFCR, 0x0C)
REG32(S0CR, 0x10)               /* stream n's registers STREAM_STRIDE on */
    FIELD(S0CR, EN, 0, 1)
    FIELD(S0CR, DMEIE, 1, 1)
    FIELD(S0CR, TEIE, 2, 1)
    FIELD(S0CR, HTIE, 3, 1)
    FIELD(S0CR, TCIE, 4, 1)
    FIELD(S0CR, PFCTRL, 5, 1)
    FIELD(S0CR, DIR, 6, 2)
    FIELD(S0CR, CIRC, 8, 1)
    FIELD(S0CR, PINC, 9, 1)
    FIELD(S0CR, MINC, 10, 1)
    FIELD(S0CR, PSIZE, 11, 2)
    FIELD(S0CR, MSIZE, 13, 2)
    FIELD(S0CR, DBM, 18, 1)
    FIELD(S0CR, PBURST, 21, 2)
    FIELD(S0CR, MBURST, 23, 2)
REG32(S0NDTR, 0x14)
    FIELD(S0NDTR, NDT, 0, 16)
REG32(S0PAR, 0x18)
REG32(S0M0AR, 0x1C)
REG32(S0M1AR, 0x20)
REG32(S0FCR, 0x24)
    FIELD(S0FCR, FTH, 0, 2)
    FIELD(S0FCR, DMDIS, 2, 1)
    FIELD(S0FCR, FS, 3, 3)
    FIELD(S0FCR, FEIE, 7, 1)
/* clang-format on */

#define STREAM_STRIDE 0x18
#define STREAM_END    (A_S0CR + STM32H7_DMA_STREAMS * STREAM_STRIDE)
#define FLAGS_MASK    0x3D /* FEIF, DMEIF, TEIF, HTIF, TCIF */
#define CR_WRITABLE   0x01FFFFFF
#define FCR_WRITABLE  (R_S0FCR_FTH_MASK | R_S0FCR_DMDIS_MASK | R_S0FCR_FEIE_MASK)
#define FCR_RESET     0x21 /* FIFO empty, threshold half full */
#define FS_EMPTY      4
enum { DIR_P2M = 0, DIR_M2P = 1, DIR_M2M = 2 };
/* the Cortex-M7's TCMs: not on the bus matrix the DMAs master */
#define ITCM_BASE 0x00000000u
#define ITCM_SIZE 0x10000u
#define DTCM_BASE 0x20000000u
#define DTCM_SIZE 0x20000u

static const char *dma_name(Stm32h7DmaState *s)
{
    return DEVICE(s)->canonical_path;
}

/* the position of stream n's flags in LISR/HISR */
static unsigned flag_shift(unsigned n)
{
    unsigned k = n % 4;
    return (k & 1) * 6 + (k >> 1) * 16;
}

static uint32_t stream_flags(Stm32h7DmaState *s, unsigned n)
{
    return (s->isr[n / 4] >> flag_shift(n)) & FLAGS_MASK;
}

static void set_flag(Stm32h7DmaState *s, unsigned n, uint32_t flag)
{
    s->isr[n / 4] |= flag << flag_shift(n);
}

static void dma_update_irq(Stm32h7DmaState *s, unsigned n)
{
    Stm32h7DmaStream *st = &s->st[n];
    uint32_t enabled = 0;

    if (FIELD_EX32(st->cr, S0CR, TCIE)) {
        enabled |= R_LISR_TCIF0_MASK;
    }
    if (FIELD_EX32(st->cr, S0CR, HTIE)) {
        enabled |= R_LISR_HTIF0_MASK;
    }
    if (FIELD_EX32(st->cr, S0CR, TEIE)) {
        enabled |= R_LISR_TEIF0_MASK;
    }
    if (FIELD_EX32(st->cr, S0CR, DMEIE)) {
        enabled |= R_LISR_DMEIF0_MASK;
    }
    if (FIELD_EX32(st->fcr, S0FCR, FEIE)) {
        enabled |= R_LISR_FEIF0_MASK;
    }
    qemu_set_irq(s->irq[n], (stream_flags(s, n) & enabled) != 0);
}

static bool in_tcm(uint32_t addr)
{
    return addr - ITCM_BASE < ITCM_SIZE || addr - DTCM_BASE < DTCM_SIZE;
}

static void stream_stop(Stm32h7DmaState *s, unsigned n, uint32_t flag)
{
    Stm32h7DmaStream *st = &s->st[n];

    st->cr = FIELD_DP32(st->cr, S0CR, EN, 0);
    set_flag(s, n, flag);
    trace_stm32h7_dma_stop(dma_name(s), n, flag, st->ndtr);
}

/* move stream n's next item; false when the stream stopped on an error */
static bool stream_move(Stm32h7DmaState *s, unsigned n)
{
    Stm32h7DmaStream *st = &s->st[n];
    unsigned psize = FIELD_EX32(st->cr, S0CR, PSIZE);
    uint32_t size = 1u << MIN(psize, 2);
    uint32_t poff = FIELD_EX32(st->cr, S0CR, PINC) ? st->done * size : 0;
    uint32_t moff = FIELD_EX32(st->cr, S0CR, MINC) ? st->done * size : 0;
    uint32_t src = st->par + poff, dst = st->m0ar + moff;
    uint8_t buf[4];

    if (FIELD_EX32(st->cr, S0CR, DIR) == DIR_M2P) {
        src = st->m0ar + moff;
        dst = st->par + poff;
    }
    if (in_tcm(src) || in_tcm(dst) ||
        dma_memory_read(&address_space_memory, src, buf, size,
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK ||
        dma_memory_write(&address_space_memory, dst, buf, size,
                         MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: stream %u: transfer error moving 0x%08x to "
                      "0x%08x\n",
                      dma_name(s), n, src, dst);
        stream_stop(s, n, R_LISR_TEIF0_MASK);
        return false;
    }
    st->done++;
    st->ndtr = st->ndt_start - st->done;
    if (st->done == st->ndt_start / 2) {
        set_flag(s, n, R_LISR_HTIF0_MASK);
    }
    if (st->done == st->ndt_start) {
        if (FIELD_EX32(st->cr, S0CR, CIRC)) {
            set_flag(s, n, R_LISR_TCIF0_MASK);
            st->done = 0;
            st->ndtr = st->ndt_start;
        } else {
            stream_stop(s, n, R_LISR_TCIF0_MASK);
        }
    }
    return true;
}

static void stream_enable(Stm32h7DmaState *s, unsigned n)
{
    Stm32h7DmaStream *st = &s->st[n];

    if (st->ndtr == 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: stream %u enabled with NDTR 0\n",
                      dma_name(s), n);
        st->cr = FIELD_DP32(st->cr, S0CR, EN, 0);
        return;
    }
    if (FIELD_EX32(st->cr, S0CR, DBM) || FIELD_EX32(st->cr, S0CR, PFCTRL) ||
        FIELD_EX32(st->cr, S0CR, PBURST) || FIELD_EX32(st->cr, S0CR, MBURST)) {
        qemu_log_mask(LOG_UNIMP,
                      "%s: stream %u: double-buffer mode, bursts and the "
                      "peripheral flow controller are not modelled\n",
                      dma_name(s), n);
    }
    st->ndt_start = st->ndtr;
    st->done = 0;
    trace_stm32h7_dma_start(dma_name(s), n, FIELD_EX32(st->cr, S0CR, DIR),
                            st->ndtr);
    if (FIELD_EX32(st->cr, S0CR, DIR) == DIR_M2M) {
        if (FIELD_EX32(st->cr, S0CR, CIRC)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: stream %u: circular memory-to-memory is "
                          "not allowed: one pass\n",
                          dma_name(s), n);
            st->cr = FIELD_DP32(st->cr, S0CR, CIRC, 0);
        }
        while (FIELD_EX32(st->cr, S0CR, EN) && stream_move(s, n)) {
        }
    }
}

/* a request from DMAMUX1 for stream n */
static void dma_request(void *opaque, int n, int level)
{
    Stm32h7DmaState *s = opaque;
    Stm32h7DmaStream *st = &s->st[n];

    if (!level || !FIELD_EX32(st->cr, S0CR, EN) ||
        FIELD_EX32(st->cr, S0CR, DIR) == DIR_M2M) {
        return;
    }
    stream_move(s, n);
    dma_update_irq(s, n);
}

static void stream_write_cr(Stm32h7DmaState *s, unsigned n, uint32_t val)
{
    Stm32h7DmaStream *st = &s->st[n];
    bool was_on = FIELD_EX32(st->cr, S0CR, EN);

    if (was_on) {
        /* while enabled only EN (to stop) and the interrupt enables
         * change */
        uint32_t live = R_S0CR_EN_MASK | R_S0CR_TCIE_MASK | R_S0CR_HTIE_MASK |
                        R_S0CR_TEIE_MASK | R_S0CR_DMEIE_MASK;
        if ((val ^ st->cr) & CR_WRITABLE & ~live) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: stream %u: CR written while enabled\n",
                          dma_name(s), n);
        }
        st->cr = (st->cr & ~live) | (val & live);
        if (!FIELD_EX32(val, S0CR, EN)) {
            stream_stop(s, n, R_LISR_TCIF0_MASK); /* as the hardware does */
        }
        return;
    }
    st->cr = val & CR_WRITABLE;
    if (FIELD_EX32(st->cr, S0CR, EN)) {
        stream_enable(s, n);
    }
}

static uint64_t dma_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7DmaState *s = opaque;

    switch (addr) {
    case A_LISR: return s->isr[0];
    case A_HISR: return s->isr[1];
    case A_LIFCR:
    case A_HIFCR: return 0;
    case A_S0CR ... STREAM_END - 1: {
        Stm32h7DmaStream *st = &s->st[(addr - A_S0CR) / STREAM_STRIDE];
        switch (A_S0CR + (addr - A_S0CR) % STREAM_STRIDE) {
        case A_S0CR: return st->cr;
        case A_S0NDTR: return st->ndtr;
        case A_S0PAR: return st->par;
        case A_S0M0AR: return st->m0ar;
        case A_S0M1AR: return st->m1ar;
        case A_S0FCR: return FIELD_DP32(st->fcr, S0FCR, FS, FS_EMPTY);
        }
        break;
    }
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: read of reserved offset 0x%03" HWADDR_PRIx "\n",
                  dma_name(s), addr);
    return 0;
}

static void dma_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7DmaState *s = opaque;
    uint32_t val = val64;

    switch (addr) {
    case A_LISR:
    case A_HISR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s is read-only\n", dma_name(s),
                      addr == A_LISR ? "LISR" : "HISR");
        return;
    case A_LIFCR:
    case A_HIFCR: {
        unsigned half = addr == A_HIFCR;
        s->isr[half] &= ~val;
        for (unsigned n = 4 * half; n < 4 * half + 4; n++) {
            dma_update_irq(s, n);
        }
        return;
    }
    case A_S0CR ... STREAM_END - 1: {
        unsigned n = (addr - A_S0CR) / STREAM_STRIDE;
        hwaddr reg = A_S0CR + (addr - A_S0CR) % STREAM_STRIDE;
        Stm32h7DmaStream *st = &s->st[n];

        if (reg == A_S0CR) {
            stream_write_cr(s, n, val);
        } else if (FIELD_EX32(st->cr, S0CR, EN) && reg != A_S0M1AR) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "%s: stream %u: register 0x%02x written while "
                          "enabled: ignored\n",
                          dma_name(s), n, (unsigned)(reg - A_S0CR));
        } else if (reg == A_S0NDTR) {
            st->ndtr = FIELD_EX32(val, S0NDTR, NDT);
        } else if (reg == A_S0PAR) {
            st->par = val;
        } else if (reg == A_S0M0AR) {
            st->m0ar = val;
        } else if (reg == A_S0M1AR) {
            st->m1ar = val;
        } else {
            st->fcr = (st->fcr & ~FCR_WRITABLE) | (val & FCR_WRITABLE);
        }
        dma_update_irq(s, n);
        return;
    }
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: write to reserved offset 0x%03" HWADDR_PRIx "\n",
                  dma_name(s), addr);
}

static const MemoryRegionOps dma_ops = {
    .read = dma_read,
    .write = dma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void dma_reset_hold(Object *obj, ResetType type)
{
    Stm32h7DmaState *s = STM32H7_DMA(obj);

    memset(s->isr, 0, sizeof(s->isr));
    memset(s->st, 0, sizeof(s->st));
    for (unsigned n = 0; n < STM32H7_DMA_STREAMS; n++) {
        s->st[n].fcr = FCR_RESET;
    }
}

static void dma_reset_exit(Object *obj, ResetType type)
{
    Stm32h7DmaState *s = STM32H7_DMA(obj);

    for (unsigned n = 0; n < STM32H7_DMA_STREAMS; n++) {
        dma_update_irq(s, n);
    }
}

static void dma_init(Object *obj)
{
    Stm32h7DmaState *s = STM32H7_DMA(obj);

    memory_region_init_io(&s->mmio, obj, &dma_ops, s, TYPE_STM32H7_DMA, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (unsigned n = 0; n < STM32H7_DMA_STREAMS; n++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[n]);
    }
    qdev_init_gpio_in_named(DEVICE(obj), dma_request, "req",
                            STM32H7_DMA_STREAMS);
}

static const VMStateDescription vmstate_dma_stream = {
    .name = TYPE_STM32H7_DMA "-stream",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(cr, Stm32h7DmaStream),
                                      VMSTATE_UINT32(ndtr, Stm32h7DmaStream),
                                      VMSTATE_UINT32(par, Stm32h7DmaStream),
                                      VMSTATE_UINT32(m0ar, Stm32h7DmaStream),
                                      VMSTATE_UINT32(m1ar, Stm32h7DmaStream),
                                      VMSTATE_UINT32(fcr, Stm32h7DmaStream),
                                      VMSTATE_UINT32(ndt_start,
                                                     Stm32h7DmaStream),
                                      VMSTATE_UINT32(done, Stm32h7DmaStream),
                                      VMSTATE_END_OF_LIST() }
};

static const VMStateDescription vmstate_dma = {
    .name = TYPE_STM32H7_DMA,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(isr, Stm32h7DmaState, 2),
            VMSTATE_STRUCT_ARRAY(st, Stm32h7DmaState, STM32H7_DMA_STREAMS, 1,
                                 vmstate_dma_stream, Stm32h7DmaStream),
            VMSTATE_END_OF_LIST() }
};

static void dma_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_dma;
    rc->phases.hold = dma_reset_hold;
    rc->phases.exit = dma_reset_exit;
}

static const TypeInfo dma_types[] = {
    {
        .name = TYPE_STM32H7_DMA,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7DmaState),
        .instance_init = dma_init,
        .class_init = dma_class_init,
    },
};
DEFINE_TYPES(dma_types)
