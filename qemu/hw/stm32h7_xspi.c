/*
 * STM32H7R/S extended SPI interface (XSPI, RM0477), with one memory on it
 * (link "flash": the MX25UW25645G): indirect write and read, automatic
 * status polling and memory-mapped mode, the phases of CCR/TCR/IR (modes
 * none/1/2/4/8 lines, DTR, sizes, dummy cycles, DQS) passed on to the
 * flash; the write configuration (WCCR/WTCR/WIR) for memory-mapped writes.
 *
 * Transfers complete at once; the flash's own busy time (WIP) is what
 * firmware waits for, through automatic polling (checked every PIR+1
 * 10-ns cycles of virtual time, at least 1 us).  FLEVEL counts the bytes
 * waiting in the 32-byte FIFO model of a read.  The GPIO input "port" says
 * whether the memory is reachable (the board wires it from the XSPI I/O
 * manager: routing and I/O supply); unwired, it is.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "mx25uw25645g.h"
#include "stm32h7_xspi.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR, 0x000)
    FIELD(CR, EN, 0, 1)
    FIELD(CR, ABORT, 1, 1)
    FIELD(CR, TEIE, 16, 1)
    FIELD(CR, TCIE, 17, 1)
    FIELD(CR, FTIE, 18, 1)
    FIELD(CR, SMIE, 19, 1)
    FIELD(CR, APMS, 22, 1)
    FIELD(CR, PMM, 23, 1)
    FIELD(CR, FMODE, 28, 2)
REG32(DCR1, 0x008)
    FIELD(DCR1, DEVSIZE, 16, 5)
REG32(DCR2, 0x00C)
REG32(DCR3, 0x010)
REG32(DCR4, 0x014)
REG32(SR, 0x020)
    FIELD(SR, FLEVEL, 8, 6)
REG32(FCR, 0x024)
REG32(DLR, 0x040)
REG32(AR, 0x048)
REG32(DR, 0x050)
REG32(PSMKR, 0x080)
REG32(PSMAR, 0x088)
REG32(PIR, 0x090)
REG32(CCR, 0x100)
    FIELD(CCR, IMODE, 0, 3)
    FIELD(CCR, IDTR, 3, 1)
    FIELD(CCR, ISIZE, 4, 2)
    FIELD(CCR, ADMODE, 8, 3)
    FIELD(CCR, ADDTR, 11, 1)
    FIELD(CCR, ADSIZE, 12, 2)
    FIELD(CCR, ABMODE, 16, 3)
    FIELD(CCR, DMODE, 24, 3)
    FIELD(CCR, DDTR, 27, 1)
    FIELD(CCR, DQSE, 29, 1)
REG32(TCR, 0x108)
    FIELD(TCR, DCYC, 0, 5)
REG32(IR, 0x110)
REG32(ABR, 0x120)
REG32(LPTR, 0x130)
REG32(WPCCR, 0x140)
REG32(WPTCR, 0x148)
REG32(WPIR, 0x150)
REG32(WPABR, 0x160)
REG32(WCCR, 0x180)
REG32(WTCR, 0x188)
REG32(WIR, 0x190)
REG32(WABR, 0x1A0)
/* clang-format on */

#define SR_TEF      (1u << 0)
#define SR_TCF      (1u << 1)
#define SR_FTF      (1u << 2)
#define SR_SMF      (1u << 3)
#define SR_TOF      (1u << 4)
#define SR_BUSY     (1u << 5)
#define FIFO        32
#define XSPI_WINDOW (256u * 1024 * 1024) /* the memory-mapped address range */

enum { FMODE_WRITE, FMODE_READ, FMODE_POLL, FMODE_MMAP };

#define R(s, a) ((s)->regs[(a) / 4])

static const unsigned lines[8] = { 0, 1, 2, 4, 8, 0, 0, 0 };

static void xspi_update_irq(Stm32h7XspiState *s)
{
    uint32_t sr = R(s, A_SR), cr = R(s, A_CR);
    bool level = ((sr & SR_TEF) && FIELD_EX32(cr, CR, TEIE)) ||
                 ((sr & SR_TCF) && FIELD_EX32(cr, CR, TCIE)) ||
                 ((sr & SR_FTF) && FIELD_EX32(cr, CR, FTIE)) ||
                 ((sr & SR_SMF) && FIELD_EX32(cr, CR, SMIE));
    qemu_set_irq(s->irq, level);
}

/* the command as CCR/TCR/IR (or the write set for memory-mapped writes) say */
static void xspi_command(Stm32h7XspiState *s, Mx25uwCmd *c, uint32_t addr,
                         bool mmap_write)
{
    uint32_t ccr = R(s, mmap_write ? A_WCCR : A_CCR);
    uint32_t tcr = R(s, mmap_write ? A_WTCR : A_TCR);

    memset(c, 0, sizeof(*c));
    c->instruction = R(s, mmap_write ? A_WIR : A_IR);
    c->inst_lines = lines[FIELD_EX32(ccr, CCR, IMODE)];
    c->inst_bytes = c->inst_lines ? FIELD_EX32(ccr, CCR, ISIZE) + 1 : 0;
    c->inst_dtr = FIELD_EX32(ccr, CCR, IDTR);
    c->addr_lines = lines[FIELD_EX32(ccr, CCR, ADMODE)];
    c->has_addr = c->addr_lines != 0;
    c->addr = addr;
    c->addr_bytes = c->has_addr ? FIELD_EX32(ccr, CCR, ADSIZE) + 1 : 0;
    c->dummy = FIELD_EX32(tcr, TCR, DCYC);
    c->data_lines = lines[FIELD_EX32(ccr, CCR, DMODE)];
    c->data_dtr = FIELD_EX32(ccr, CCR, DDTR);
    c->dqs = FIELD_EX32(ccr, CCR, DQSE);
}

/* one command on the port: false for TEF (no flash model, or it refused);
 * on a dead port (not routed, or its I/O supply off) nothing answers: the
 * data lines read high, writes go nowhere, the controller notices nothing */
static bool xspi_transfer(Stm32h7XspiState *s, const Mx25uwCmd *c,
                          uint8_t *data, uint32_t len, bool write)
{
    if (!s->port_live) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-xspi: command 0x%x on a port with no memory "
                      "(XSPIM routing or its I/O supply off)\n",
                      c->instruction);
        if (!write) {
            memset(data, 0xFF, len);
        }
        return true;
    }
    return s->flash && mx25uw_transfer(s->flash, c, data, len, write);
}

static void xspi_run(Stm32h7XspiState *s, bool write)
{
    Mx25uwCmd c;
    xspi_command(s, &c, R(s, A_AR), false);
    if (!xspi_transfer(s, &c, s->buf, s->len, write)) {
        R(s, A_SR) |= SR_TEF;
    }
}

static void xspi_finish(Stm32h7XspiState *s)
{
    s->active = false;
    R(s, A_SR) = (R(s, A_SR) & ~(SR_BUSY | SR_FTF | R_SR_FLEVEL_MASK)) | SR_TCF;
}

static uint32_t data_len(Stm32h7XspiState *s)
{
    uint32_t n = R(s, A_DLR) + 1;
    if (n > STM32H7_XSPI_MAX_XFER) {
        qemu_log_mask(LOG_UNIMP,
                      "stm32h7-xspi: transfers over %u bytes not modelled: "
                      "cut\n",
                      STM32H7_XSPI_MAX_XFER);
        n = STM32H7_XSPI_MAX_XFER;
    }
    return n;
}

static void xspi_poll(void *opaque)
{
    Stm32h7XspiState *s = opaque;
    uint32_t n = MIN(data_len(s), 4), v = 0;

    if (!s->active || FIELD_EX32(R(s, A_CR), CR, FMODE) != FMODE_POLL) {
        return;
    }
    s->len = n;
    xspi_run(s, false);
    for (uint32_t i = 0; i < n; i++) {
        v |= (uint32_t)s->buf[i] << (8 * i);
    }
    R(s, A_DR) = v;
    uint32_t mask = R(s, A_PSMKR);
    bool match = FIELD_EX32(R(s, A_CR), CR, PMM)
                     ? (v & mask) != 0
                     : (v & mask) == (R(s, A_PSMAR) & mask);
    if (match) {
        R(s, A_SR) |= SR_SMF;
        if (FIELD_EX32(R(s, A_CR), CR, APMS)) {
            s->active = false;
            R(s, A_SR) &= ~SR_BUSY;
            xspi_update_irq(s);
            return;
        }
    }
    xspi_update_irq(s);
    int64_t ns = MAX(1000, ((int64_t)(R(s, A_PIR) & 0xFFFF) + 1) * 10);
    timer_mod(s->poll_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

/* a register write that may start a transfer: the rules of the indirect
 * modes (no address and no data: at IR; address, no data: at AR; data:
 * at AR (read) or once the data is written (write)) */
static void xspi_maybe_start(Stm32h7XspiState *s, hwaddr written)
{
    uint32_t ccr = R(s, A_CCR), mode = FIELD_EX32(R(s, A_CR), CR, FMODE);
    bool has_addr = FIELD_EX32(ccr, CCR, ADMODE) != 0;
    bool has_data = FIELD_EX32(ccr, CCR, DMODE) != 0;

    if (!FIELD_EX32(R(s, A_CR), CR, EN) || s->active || mode == FMODE_MMAP) {
        return;
    }
    if ((written == A_IR && has_addr) || (written == A_AR && !has_addr)) {
        return;
    }
    if (mode == FMODE_WRITE && has_data) {
        s->active = true; /* waits for DLR + 1 bytes in DR */
        s->pos = 0;
        s->len = data_len(s);
        R(s, A_SR) = (R(s, A_SR) | SR_BUSY | SR_FTF) & ~SR_TCF;
        return;
    }
    if (mode == FMODE_POLL) {
        s->active = true;
        R(s, A_SR) = (R(s, A_SR) | SR_BUSY) & ~(SR_SMF | SR_TCF);
        xspi_poll(s);
        return;
    }
    s->len = has_data ? data_len(s) : 0;
    xspi_run(s, mode == FMODE_WRITE);
    if (mode == FMODE_READ && has_data) {
        s->active = true;
        s->pos = 0;
        uint32_t level = MIN(s->len, FIFO);
        R(s, A_SR) = (R(s, A_SR) | SR_BUSY | SR_FTF | SR_TCF) &
                     ~R_SR_FLEVEL_MASK;
        R(s, A_SR) |= level << R_SR_FLEVEL_SHIFT;
        return;
    }
    xspi_finish(s);
}

static uint64_t xspi_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7XspiState *s = opaque;
    uint64_t v = 0;

    if (addr >= STM32H7_XSPI_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-xspi: read of reserved offset 0x%03" HWADDR_PRIx
                      "\n",
                      addr);
        return 0;
    }
    if (addr >= A_DR && addr < A_DR + 4 &&
        FIELD_EX32(R(s, A_CR), CR, FMODE) == FMODE_READ && s->active) {
        for (unsigned i = 0; i < size && s->pos < s->len; i++) {
            v |= (uint64_t)s->buf[s->pos++] << (8 * i);
        }
        if (s->pos >= s->len) {
            xspi_finish(s);
        } else {
            uint32_t level = MIN(s->len - s->pos, FIFO);
            R(s, A_SR) = (R(s, A_SR) & ~R_SR_FLEVEL_MASK) |
                         level << R_SR_FLEVEL_SHIFT;
        }
        xspi_update_irq(s);
        return v;
    }
    if (addr == A_FCR) {
        return 0;
    }
    v = R(s, addr & ~3u) >> (8 * (addr & 3));
    return size == 4 ? (uint32_t)v : v & ((1ull << (8 * size)) - 1);
}

/*
 * The memory-mapped window answers in memory-mapped mode only.  While the
 * configured read command would return the flash's bytes as they are (the
 * flash agreeing on mode, dummy cycles and address size, and not busy), the
 * flash's contents are mapped in directly, so code runs in place at RAM
 * speed; otherwise each access is a command on the flash (xspi_mmap_read),
 * which logs and fails as the chip would.  Writes always go through here.
 */
static void xspi_update_mmap(Stm32h7XspiState *s)
{
    bool on = FIELD_EX32(R(s, A_CR), CR, FMODE) == FMODE_MMAP &&
              FIELD_EX32(R(s, A_CR), CR, EN);
    bool direct = false;
    Mx25uwCmd c;

    if (on && s->flash && s->port_live) {
        xspi_command(s, &c, 0, false);
        direct = mx25uw_reads_array(s->flash, &c);
    }
    memory_region_set_enabled(&s->mmap, on);
    if (s->flash && direct != s->direct) {
        trace_stm32h7_xspi_direct(direct);
        s->direct = direct;
        memory_region_set_enabled(&s->mmap_direct, direct);
    }
}

static void xspi_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    trace_stm32h7_xspi_write(addr, val64);
    Stm32h7XspiState *s = opaque;
    uint32_t val = val64;

    if (addr >= STM32H7_XSPI_NREGS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-xspi: write to reserved offset 0x%03" HWADDR_PRIx
                      "\n",
                      addr);
        return;
    }
    if (addr >= A_DR && addr < A_DR + 4) {
        if (FIELD_EX32(R(s, A_CR), CR, FMODE) != FMODE_WRITE || !s->active) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-xspi: DR written with no indirect "
                          "write waiting for data: dropped\n");
            return;
        }
        for (unsigned i = 0; i < size && s->pos < s->len; i++) {
            s->buf[s->pos++] = val >> (8 * i);
        }
        if (s->pos >= s->len) {
            s->active = false;
            xspi_run(s, true);
            xspi_finish(s);
        }
        xspi_update_irq(s);
        return;
    }
    if (size != 4 || (addr & 3)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-xspi: %u-byte access to offset 0x%03" HWADDR_PRIx
                      ": registers take 32-bit accesses\n",
                      size, addr);
        return;
    }
    switch (addr) {
    case A_CR:
        if (val & R_CR_ABORT_MASK) {
            s->active = false;
            timer_del(s->poll_timer);
            R(s, A_SR) &= ~(SR_BUSY | SR_FTF | R_SR_FLEVEL_MASK);
            val &= ~R_CR_ABORT_MASK;
        }
        if (s->active && ((val ^ R(s, A_CR)) & R_CR_FMODE_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-xspi: FMODE changed while busy\n");
        }
        R(s, A_CR) = val;
        break;
    case A_SR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32h7-xspi: SR is read-only\n");
        return;
    case A_FCR:
        R(s, A_SR) &= ~(val & (SR_TEF | SR_TCF | SR_SMF | SR_TOF));
        break;
    case A_DLR:
    case A_AR:
    case A_CCR:
    case A_TCR:
    case A_IR:
    case A_ABR:
    case A_WCCR:
    case A_WTCR:
    case A_WIR:
    case A_WABR:
        if (s->active) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-xspi: offset 0x%03" HWADDR_PRIx
                          " written while BUSY: ignored\n",
                          addr);
            return;
        }
        R(s, addr) = val;
        if (addr == A_IR || addr == A_AR) {
            xspi_maybe_start(s, addr);
        }
        break;
    default: R(s, addr) = val; break;
    }
    xspi_update_mmap(s); /* a command register may change what reads do */
    xspi_update_irq(s);
}

static const MemoryRegionOps xspi_ops = {
    .read = xspi_read,
    .write = xspi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* memory-mapped mode: each access is one command on the flash */
static MemTxResult xspi_mmap_read(void *opaque, hwaddr addr, uint64_t *data,
                                  unsigned size, MemTxAttrs attrs)
{
    Stm32h7XspiState *s = opaque;
    Mx25uwCmd c;
    uint8_t b[8] = { 0 };

    xspi_command(s, &c, addr, false);
    if (!xspi_transfer(s, &c, b, size, false)) {
        R(s, A_SR) |= SR_TEF;
        xspi_update_irq(s);
        return MEMTX_ERROR;
    }
    *data = ldn_le_p(b, size);
    if (s->flash && !s->direct) {
        xspi_update_mmap(s); /* say the flash's program or erase ended */
    }
    return MEMTX_OK;
}

static MemTxResult xspi_mmap_write(void *opaque, hwaddr addr, uint64_t data,
                                   unsigned size, MemTxAttrs attrs)
{
    Stm32h7XspiState *s = opaque;
    Mx25uwCmd c;
    uint8_t b[8];

    if (!R(s, A_WCCR)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-xspi: memory-mapped write with no write "
                      "command configured (WCCR): bus error\n");
        return MEMTX_ERROR;
    }
    stn_le_p(b, size, data);
    xspi_command(s, &c, addr, true);
    if (!xspi_transfer(s, &c, b, size, true)) {
        R(s, A_SR) |= SR_TEF;
        xspi_update_irq(s);
        return MEMTX_ERROR;
    }
    /* a program makes the flash busy: reads are commands until it is done */
    xspi_update_mmap(s);
    return MEMTX_OK;
}

static const MemoryRegionOps xspi_mmap_ops = {
    .read_with_attrs = xspi_mmap_read,
    .write_with_attrs = xspi_mmap_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void xspi_reset_hold(Object *obj, ResetType type)
{
    Stm32h7XspiState *s = STM32H7_XSPI(obj);

    memset(s->regs, 0, sizeof(s->regs));
    s->active = false;
    s->pos = s->len = 0;
    timer_del(s->poll_timer);
    xspi_update_mmap(s);
}

static void xspi_reset_exit(Object *obj, ResetType type)
{
    xspi_update_irq(STM32H7_XSPI(obj));
}

static void xspi_set_port(void *opaque, int n, int level)
{
    STM32H7_XSPI(opaque)->port_live = level;
    xspi_update_mmap(STM32H7_XSPI(opaque));
}

static void xspi_realize(DeviceState *dev, Error **errp)
{
    Stm32h7XspiState *s = STM32H7_XSPI(dev);

    if (s->flash) {
        memory_region_init_alias(&s->mmap_direct, OBJECT(s),
                                 "stm32h7-xspi.mmap-direct",
                                 mx25uw_window(s->flash), 0, MX25UW_SIZE);
        memory_region_set_enabled(&s->mmap_direct, false);
        memory_region_add_subregion_overlap(&s->mmap, 0, &s->mmap_direct, 1);
        mx25uw_own_window(s->flash, xspi_mmap_write, s);
    }
}

static bool xspi_get_direct(Object *obj, Error **errp)
{
    Stm32h7XspiState *s = STM32H7_XSPI(obj);

    return s->direct;
}

static void xspi_init(Object *obj)
{
    Stm32h7XspiState *s = STM32H7_XSPI(obj);

    memory_region_init_io(&s->mmio, obj, &xspi_ops, s, TYPE_STM32H7_XSPI,
                          0x400);
    memory_region_init(&s->mmap, obj, "stm32h7-xspi.mmap", XSPI_WINDOW);
    memory_region_init_io(&s->mmap_io, obj, &xspi_mmap_ops, s,
                          "stm32h7-xspi.mmap-io", XSPI_WINDOW);
    memory_region_add_subregion(&s->mmap, 0, &s->mmap_io);
    /* true while memory-mapped reads go straight to the flash's contents */
    object_property_add_bool(obj, "direct-reads", xspi_get_direct, NULL);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmap);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_in_named(DEVICE(obj), xspi_set_port, "port", 1);
    s->port_live = true; /* until a board wires "port" */
    s->poll_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, xspi_poll, s);
    object_property_add_link(
        obj, "flash", TYPE_MX25UW25645G, (Object **)&s->flash,
        object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
}

static int xspi_post_load(void *opaque, int version_id)
{
    Stm32h7XspiState *s = opaque;

    if (s->pos > STM32H7_XSPI_MAX_XFER || s->len > STM32H7_XSPI_MAX_XFER) {
        return -EINVAL;
    }
    xspi_update_mmap(s); /* the window is not part of the saved state */
    return 0;
}

static const VMStateDescription vmstate_xspi = {
    .name = TYPE_STM32H7_XSPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = xspi_post_load,
    .fields =
        (const VMStateField[]){
            VMSTATE_UINT32_ARRAY(regs, Stm32h7XspiState, STM32H7_XSPI_NREGS),
            VMSTATE_UINT8_ARRAY(buf, Stm32h7XspiState, STM32H7_XSPI_MAX_XFER),
            VMSTATE_UINT32(pos, Stm32h7XspiState),
            VMSTATE_UINT32(len, Stm32h7XspiState),
            VMSTATE_BOOL(active, Stm32h7XspiState),
            VMSTATE_BOOL(port_live, Stm32h7XspiState),
            VMSTATE_TIMER_PTR(poll_timer, Stm32h7XspiState),
            VMSTATE_END_OF_LIST() }
};

static void xspi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_xspi;
    dc->realize = xspi_realize;
    rc->phases.hold = xspi_reset_hold;
    rc->phases.exit = xspi_reset_exit;
}

static const TypeInfo xspi_types[] = {
    {
        .name = TYPE_STM32H7_XSPI,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7XspiState),
        .instance_init = xspi_init,
        .class_init = xspi_class_init,
    },
};
DEFINE_TYPES(xspi_types)
