/*
 * STM32H7 I2C controller (RM0399 "Inter-integrated circuit interface"),
 * master mode, on a QEMU I2C bus: CR2 sets the target address, direction,
 * byte count, RELOAD and AUTOEND; START begins (or repeats) a transfer, STOP
 * ends it.  TXIS asks for the next byte to send, RXNE holds a received one,
 * TC/TCR end a block, NACKF reports a target that did not answer (followed
 * by an automatic STOP, as on the hardware), STOPF the end.
 *
 * Bus time: with TIMINGR set and the kernel clock running, each step takes
 * its SCL periods in virtual time ((PRESC+1) x (SCLL+1 + SCLH+1) kernel
 * clocks each): START and the address 10, a data byte 9, STOP 1.  The bus
 * side happens at once; the flags that report a step done appear when its
 * time is up (checked on every register access, and by a timer for the
 * interrupt).  TIMINGR 0 (a guest that never set it) moves bytes at once.
 * Slave mode, SMBus and DMA requests are not modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/i2c/i2c.h"
#include "hw/registerfields.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-clock.h"
#include "qapi/error.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "stm32h7_i2c.h"
#include "h7_bridge.h"
#include "trace.h"

/* register fields stay indented under their register */
/* clang-format off */
REG32(CR1, 0x00)
    FIELD(CR1, PE, 0, 1)
REG32(CR2, 0x04)
    FIELD(CR2, SADD, 0, 10)
    FIELD(CR2, RD_WRN, 10, 1)
    FIELD(CR2, ADD10, 11, 1)
    FIELD(CR2, START, 13, 1)
    FIELD(CR2, STOP, 14, 1)
    FIELD(CR2, NBYTES, 16, 8)
    FIELD(CR2, RELOAD, 24, 1)
    FIELD(CR2, AUTOEND, 25, 1)
REG32(OAR1, 0x08)
REG32(OAR2, 0x0C)
REG32(TIMINGR, 0x10)
REG32(TIMEOUTR, 0x14)
REG32(ISR, 0x18)
REG32(ICR, 0x1C)
REG32(PECR, 0x20)
REG32(RXDR, 0x24)
REG32(TXDR, 0x28)
/* clang-format on */

#define ISR_TXE   (1u << 0)
#define ISR_TXIS  (1u << 1)
#define ISR_RXNE  (1u << 2)
#define ISR_NACKF (1u << 4)
#define ISR_STOPF (1u << 5)
#define ISR_TC    (1u << 6)
#define ISR_TCR   (1u << 7)
#define ISR_BUSY  (1u << 15)
#define ICR_MASK  0x3F38u /* ADDRCF NACKCF STOPCF BERRCF ARLOCF OVRCF ... */
/* the flags that say a bus step is done: held back for its time */
#define ISR_STEP_DONE \
    (ISR_TXIS | ISR_RXNE | ISR_NACKF | ISR_STOPF | ISR_TC | ISR_TCR)
#define BITS_START_ADDR 10 /* START, 7-bit address + R/W, ACK */
#define BITS_BYTE       9  /* 8 data bits, ACK */
#define BITS_STOP       1

/* one SCL period from TIMINGR and the kernel clock; 0: unpaced */
static int64_t scl_ns(Stm32h7I2cState *s)
{
    uint64_t hz = clock_get_hz(s->clk);
    uint32_t t = s->timingr;
    uint64_t ticks = (uint64_t)(extract32(t, 28, 4) + 1) *
                     (extract32(t, 0, 8) + 1 + extract32(t, 8, 8) + 1);

    if (!hz || !t) {
        return 0;
    }
    return muldiv64(ticks, NANOSECONDS_PER_SECOND, hz);
}

/* the step's flags appear once its bus time is up */
static void i2c_sync(Stm32h7I2cState *s)
{
    if (s->held && qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) >= s->step_end) {
        s->isr |= s->held;
        s->held = 0;
    }
}

/* a step of so many bits began now: hold back the flags it raised */
static void i2c_step(Stm32h7I2cState *s, uint32_t isr_before, unsigned bits)
{
    int64_t ns = scl_ns(s) * bits;
    uint32_t raised = s->isr & ~isr_before & ISR_STEP_DONE;

    if (!ns || !raised) {
        return;
    }
    s->isr &= ~raised;
    s->held |= raised;
    s->step_end = MAX(s->step_end, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) + ns;
    timer_mod(s->step_timer, s->step_end);
}

static void i2c_update_irq(Stm32h7I2cState *s);

static void i2c_step_done(void *opaque)
{
    Stm32h7I2cState *s = opaque;

    i2c_sync(s);
    i2c_update_irq(s);
}

static void i2c_update_irq(Stm32h7I2cState *s)
{
    uint32_t cr1 = s->cr1, isr = s->isr;
    bool ev = ((cr1 & (1u << 1)) && (isr & ISR_TXIS)) ||
              ((cr1 & (1u << 2)) && (isr & ISR_RXNE)) ||
              ((cr1 & (1u << 4)) && (isr & ISR_NACKF)) ||
              ((cr1 & (1u << 5)) && (isr & ISR_STOPF)) ||
              ((cr1 & (1u << 6)) && (isr & (ISR_TC | ISR_TCR)));
    qemu_set_irq(s->irq_ev, ev);
}

static void i2c_stop(Stm32h7I2cState *s)
{
    if (s->active) {
        i2c_end_transfer(s->bus);
        s->step_bits += BITS_STOP;
    }
    s->active = false;
    s->isr = (s->isr & ~(ISR_BUSY | ISR_TXIS | ISR_TC | ISR_TCR)) | ISR_STOPF |
             ISR_TXE;
    s->cr2 &= ~R_CR2_STOP_MASK;
}

/* the current block is done: reload, wait for a restart/stop, or stop */
static void i2c_block_done(Stm32h7I2cState *s)
{
    if (FIELD_EX32(s->cr2, CR2, RELOAD)) {
        s->isr |= ISR_TCR;
    } else if (FIELD_EX32(s->cr2, CR2, AUTOEND)) {
        i2c_stop(s);
    } else {
        s->isr |= ISR_TC;
    }
}

static void i2c_fetch(Stm32h7I2cState *s)
{
    s->step_bits += BITS_BYTE;
    s->rxdr = i2c_recv(s->bus);
    if (h7_i2c_bus_held(s->bus)) {
        /* a device holds SCL low: the byte never completes, the transfer
         * stalls until the guest sends STOP or resets the peripheral */
        trace_stm32h7_i2c_held();
        return;
    }
    s->isr |= ISR_RXNE;
    trace_stm32h7_i2c_byte(1, s->rxdr);
}

static void i2c_start(Stm32h7I2cState *s)
{
    uint8_t addr = FIELD_EX32(s->cr2, CR2, SADD) >> 1;

    if (!FIELD_EX32(s->cr1, CR1, PE)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-i2c: START with the peripheral off\n");
        return;
    }
    if (FIELD_EX32(s->cr2, CR2, ADD10)) {
        qemu_log_mask(LOG_UNIMP,
                      "stm32h7-i2c: 10-bit addressing not modelled\n");
        return;
    }
    s->reading = FIELD_EX32(s->cr2, CR2, RD_WRN);
    s->left = FIELD_EX32(s->cr2, CR2, NBYTES);
    s->isr &= ~(ISR_TC | ISR_TCR | ISR_RXNE);
    trace_stm32h7_i2c_start(addr, s->reading, s->left);
    s->step_bits += BITS_START_ADDR;
    if (i2c_start_transfer(s->bus, addr, s->reading)) {
        /* no acknowledge: NACKF, then the hardware sends STOP by itself */
        s->active = true;
        s->isr |= ISR_NACKF;
        i2c_stop(s);
        return;
    }
    s->active = true;
    s->isr |= ISR_BUSY;
    if (s->left == 0) {
        i2c_block_done(s);
    } else if (s->reading) {
        i2c_fetch(s);
    } else {
        s->isr |= ISR_TXIS;
    }
}

static uint64_t i2c_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32h7I2cState *s = opaque;
    uint32_t v = 0, before;

    i2c_sync(s);
    s->step_bits = 0;
    switch (addr) {
    case A_CR1: v = s->cr1; break;
    case A_CR2: v = s->cr2; break;
    case A_OAR1: v = s->oar1; break;
    case A_OAR2: v = s->oar2; break;
    case A_TIMINGR: v = s->timingr; break;
    case A_TIMEOUTR: v = s->timeoutr; break;
    case A_ISR: v = s->isr; break;
    case A_RXDR:
        v = s->rxdr;
        if (s->isr & ISR_RXNE) {
            s->isr &= ~ISR_RXNE;
            before = s->isr;
            if (s->left && --s->left) {
                i2c_fetch(s);
            } else {
                i2c_block_done(s);
            }
            i2c_step(s, before, s->step_bits);
            i2c_update_irq(s);
        }
        break;
    case A_ICR:
    case A_PECR:
    case A_TXDR: break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-i2c: read of reserved offset 0x%02" HWADDR_PRIx
                      "\n",
                      addr);
    }
    return v;
}

static void i2c_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32h7I2cState *s = opaque;
    uint32_t val = val64, before;

    i2c_sync(s);
    before = s->isr;
    s->step_bits = 0;
    switch (addr) {
    case A_CR1:
        s->cr1 = val & 0x00FFDFFF;
        if (!FIELD_EX32(val, CR1, PE)) {
            /* PE=0 resets the state machine and the flags */
            if (s->active) {
                i2c_end_transfer(s->bus);
            }
            s->active = false;
            s->isr = ISR_TXE;
            s->held = 0;
            timer_del(s->step_timer);
        }
        break;
    case A_CR2:
        s->cr2 = val & 0x07FFFFFF;
        if (FIELD_EX32(val, CR2, START)) {
            s->cr2 &= ~R_CR2_START_MASK;
            i2c_start(s);
        } else if (FIELD_EX32(val, CR2, STOP)) {
            i2c_stop(s);
        } else if ((s->isr & ISR_TCR) && FIELD_EX32(val, CR2, NBYTES)) {
            /* reload: the next block of the same transfer */
            s->isr &= ~ISR_TCR;
            s->left = FIELD_EX32(val, CR2, NBYTES);
            if (s->reading) {
                i2c_fetch(s);
            } else {
                s->isr |= ISR_TXIS;
            }
        }
        break;
    case A_OAR1: s->oar1 = val & 0x87FF; break;
    case A_OAR2: s->oar2 = val & 0x87FE; break;
    case A_TIMINGR: s->timingr = val & 0xF0FFFFFF; break;
    case A_TIMEOUTR: s->timeoutr = val & 0x8FFF9FFF; break;
    case A_ICR: s->isr &= ~(val & ICR_MASK); break;
    case A_TXDR:
        if (!(s->isr & ISR_TXIS) || s->reading || !s->active) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "stm32h7-i2c: TXDR written with no byte "
                          "wanted: dropped\n");
            break;
        }
        trace_stm32h7_i2c_byte(0, val & 0xFF);
        s->isr &= ~ISR_TXIS;
        before = s->isr;
        s->step_bits += BITS_BYTE;
        if (i2c_send(s->bus, val & 0xFF)) {
            s->isr |= ISR_NACKF;
            i2c_stop(s);
            break;
        }
        if (--s->left) {
            s->isr |= ISR_TXIS;
        } else {
            i2c_block_done(s);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "stm32h7-i2c: write to read-only or reserved "
                      "offset 0x%02" HWADDR_PRIx "\n",
                      addr);
        return;
    }
    i2c_step(s, before, s->step_bits);
    i2c_update_irq(s);
}

static const MemoryRegionOps i2c_ops = {
    .read = i2c_read,
    .write = i2c_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

static void stm32_i2c_reset_hold(Object *obj, ResetType type)
{
    Stm32h7I2cState *s = STM32H7_I2C(obj);

    if (s->active) {
        i2c_end_transfer(s->bus);
    }
    s->cr1 = s->cr2 = s->oar1 = s->oar2 = s->timingr = s->timeoutr = s->rxdr =
        0;
    s->isr = ISR_TXE;
    s->left = 0;
    s->active = s->reading = false;
    s->held = 0;
    s->step_end = 0;
    timer_del(s->step_timer);
}

static void stm32_i2c_reset_exit(Object *obj, ResetType type)
{
    i2c_update_irq(STM32H7_I2C(obj));
}

static void stm32_i2c_init(Object *obj)
{
    Stm32h7I2cState *s = STM32H7_I2C(obj);

    memory_region_init_io(&s->mmio, obj, &i2c_ops, s, TYPE_STM32H7_I2C, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq_ev);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq_er);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", NULL, NULL, 0);
    s->step_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, i2c_step_done, s);
}

static void stm32_i2c_finalize(Object *obj)
{
    timer_free(STM32H7_I2C(obj)->step_timer);
}

/* the bus is named by the SoC ("i2c1".."i2c4") for -device ...,bus= */
static void stm32_i2c_realize(DeviceState *dev, Error **errp)
{
    Stm32h7I2cState *s = STM32H7_I2C(dev);

    if (!clock_has_source(s->clk)) {
        error_setg(errp, "%s: the kernel clock 'clk' must be connected",
                   TYPE_STM32H7_I2C);
        return;
    }
    s->bus = i2c_init_bus(dev, s->bus_name ?: "i2c");
}

static const Property stm32_i2c_props[] = {
    DEFINE_PROP_STRING("bus-name", Stm32h7I2cState, bus_name),
};

static const VMStateDescription vmstate_i2c = {
    .name = TYPE_STM32H7_I2C,
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]){ VMSTATE_UINT32(cr1, Stm32h7I2cState),
                                      VMSTATE_UINT32(cr2, Stm32h7I2cState),
                                      VMSTATE_UINT32(oar1, Stm32h7I2cState),
                                      VMSTATE_UINT32(oar2, Stm32h7I2cState),
                                      VMSTATE_UINT32(timingr, Stm32h7I2cState),
                                      VMSTATE_UINT32(timeoutr, Stm32h7I2cState),
                                      VMSTATE_UINT32(isr, Stm32h7I2cState),
                                      VMSTATE_UINT32(rxdr, Stm32h7I2cState),
                                      VMSTATE_UINT32(left, Stm32h7I2cState),
                                      VMSTATE_BOOL(active, Stm32h7I2cState),
                                      VMSTATE_BOOL(reading, Stm32h7I2cState),
                                      VMSTATE_UINT32(held, Stm32h7I2cState),
                                      VMSTATE_INT64(step_end, Stm32h7I2cState),
                                      VMSTATE_TIMER_PTR(step_timer,
                                                        Stm32h7I2cState),
                                      VMSTATE_CLOCK(clk, Stm32h7I2cState),
                                      VMSTATE_END_OF_LIST() }
};

static void stm32_i2c_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_i2c;
    dc->realize = stm32_i2c_realize;
    device_class_set_props(dc, stm32_i2c_props);
    rc->phases.hold = stm32_i2c_reset_hold;
    rc->phases.exit = stm32_i2c_reset_exit;
}

static const TypeInfo stm32_i2c_types[] = {
    {
        .name = TYPE_STM32H7_I2C,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32h7I2cState),
        .instance_init = stm32_i2c_init,
        .instance_finalize = stm32_i2c_finalize,
        .class_init = stm32_i2c_class_init,
    },
};
DEFINE_TYPES(stm32_i2c_types)
