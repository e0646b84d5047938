/*
 * ST LIS3DH three-axis accelerometer on SPI (as its datasheet, DocID17530,
 * describes the 4-wire interface; chip select active low):
 *
 * - the first byte of a transaction is RW (bit 7, 1 = read), MS (bit 6,
 *   1 = the address increments after each data byte) and the 6-bit address;
 * - WHO_AM_I 0x33 at 0x0F; CTRL_REG0-6, TEMP_CFG_REG, REFERENCE, the FIFO,
 *   interrupt, click and activity registers keep what is written (their
 *   functions beyond CTRL_REG1 and CTRL_REG4 are not modelled, logged);
 * - CTRL_REG1: the output data rate (ODR, 1 Hz to 5.376 kHz, in virtual
 *   time; 0 is power-down), low-power mode (LPen), the axis enables;
 *   CTRL_REG4: BDU, BLE (big-endian output), full scale FS (+-2/4/8/16 g),
 *   high-resolution HR;
 * - the outputs are left-justified two's complement at 8 (low-power),
 *   10 (normal) or 12 bits (high-resolution), at the datasheet's
 *   sensitivity for the mode and full scale, saturating at full scale; a
 *   disabled axis keeps its last value;
 * - STATUS_REG: xDA set with each new sample, cleared by reading that
 *   axis's high byte; xOR when a sample overwrote one not read; ZYXDA and
 *   ZYXOR over the three;
 * - BDU: after an axis's low byte is read, its output is held until the
 *   high byte is read too.
 *
 * The acceleration comes from QOM: "x", "y", "z" in g, as numbers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/ssi/ssi.h"
#include "hw/registerfields.h"
#include "h7_vmstate.h"
#include "lis3dh.h"
#include "trace.h"

REG8(STATUS_REG_AUX, 0x07)
REG8(OUT_ADC1_L, 0x08)
REG8(WHO_AM_I, 0x0F)
REG8(CTRL_REG0, 0x1E)
REG8(TEMP_CFG_REG, 0x1F)
REG8(CTRL_REG1, 0x20)
FIELD(CTRL_REG1, XEN, 0, 1) /* YEN, ZEN follow */
FIELD(CTRL_REG1, LPEN, 3, 1)
FIELD(CTRL_REG1, ODR, 4, 4)
REG8(CTRL_REG2, 0x21)
REG8(CTRL_REG3, 0x22)
REG8(CTRL_REG4, 0x23)
FIELD(CTRL_REG4, SIM, 0, 1)
FIELD(CTRL_REG4, ST, 1, 2)
FIELD(CTRL_REG4, HR, 3, 1)
FIELD(CTRL_REG4, FS, 4, 2)
FIELD(CTRL_REG4, BLE, 6, 1)
FIELD(CTRL_REG4, BDU, 7, 1)
REG8(CTRL_REG5, 0x24)
FIELD(CTRL_REG5, FIFO_EN, 6, 1)
FIELD(CTRL_REG5, BOOT, 7, 1)
REG8(CTRL_REG6, 0x25)
REG8(REFERENCE, 0x26)
REG8(STATUS_REG, 0x27)
FIELD(STATUS_REG, XDA, 0, 1) /* YDA, ZDA follow */
FIELD(STATUS_REG, ZYXDA, 3, 1)
FIELD(STATUS_REG, XOR, 4, 1) /* YOR, ZOR follow */
FIELD(STATUS_REG, ZYXOR, 7, 1)
REG8(OUT_X_L, 0x28)
REG8(OUT_Z_H, 0x2D)
REG8(FIFO_CTRL_REG, 0x2E)
REG8(FIFO_SRC_REG, 0x2F)
REG8(INT1_CFG, 0x30)
REG8(INT1_SRC, 0x31)
REG8(INT2_SRC, 0x35)
REG8(CLICK_CFG, 0x38)
REG8(CLICK_SRC, 0x39)
REG8(ACT_DUR, 0x3F)

#define CMD_READ        0x80
#define CMD_INCREMENT   0x40
#define CMD_ADDR_MASK   0x3F
#define LIS3DH_ID       0x33
#define CTRL_REG0_RESET 0x10
#define CTRL_REG1_RESET 0x07 /* the three axes on, power-down */
#define FIFO_SRC_EMPTY  0x20

/* output data rates by ODR, in mHz; 9 is 1.344 kHz, or 5.376 kHz low-power */
static const uint32_t odr_mhz[10] = {
    0, 1000, 10000, 25000, 50000, 100000, 200000, 400000, 1600000, 1344000
};
#define ODR_LP_FAST_MHZ 5376000
#define ODR_MAX         9

/* mg per digit at the mode's resolution, by FS: high-res, normal, low-power */
static const uint16_t sensitivity_mg[4][3] = {
    { 1, 4, 16 }, { 2, 8, 32 }, { 4, 16, 64 }, { 12, 48, 192 }
};

enum { MODE_HR, MODE_NORMAL, MODE_LP };

static unsigned lis3dh_mode(Lis3dhState *s)
{
    if (FIELD_EX8(s->regs[A_CTRL_REG1], CTRL_REG1, LPEN)) {
        return MODE_LP;
    }
    return FIELD_EX8(s->regs[A_CTRL_REG4], CTRL_REG4, HR) ? MODE_HR
                                                          : MODE_NORMAL;
}

static int64_t lis3dh_period_ns(Lis3dhState *s)
{
    unsigned odr = FIELD_EX8(s->regs[A_CTRL_REG1], CTRL_REG1, ODR);
    uint32_t mhz;

    if (odr == 0) {
        return 0;
    }
    if (odr > ODR_MAX) {
        return -1;
    }
    mhz = odr == ODR_MAX && lis3dh_mode(s) == MODE_LP ? ODR_LP_FAST_MHZ
                                                      : odr_mhz[odr];
    return (int64_t)NANOSECONDS_PER_SECOND * 1000 / mhz;
}

/* one axis at the current full scale and resolution, left-justified */
static int16_t lis3dh_sample(Lis3dhState *s, double g)
{
    unsigned mode = lis3dh_mode(s);
    unsigned fs = FIELD_EX8(s->regs[A_CTRL_REG4], CTRL_REG4, FS);
    unsigned bits = mode == MODE_HR ? 12 : mode == MODE_NORMAL ? 10 : 8;
    int32_t max = (1 << (bits - 1)) - 1;
    double digits = round(g * 1000.0 / sensitivity_mg[fs][mode]);
    int32_t d = digits > max ? max : digits < -max - 1 ? -max - 1 : digits;

    return (int16_t)(d * (1 << (16 - bits)));
}

static void lis3dh_schedule(Lis3dhState *s)
{
    int64_t period = lis3dh_period_ns(s);

    if (period > 0) {
        timer_mod(s->odr, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + period);
    } else {
        timer_del(s->odr);
    }
}

static void lis3dh_tick(void *opaque)
{
    Lis3dhState *s = opaque;
    uint8_t *status = &s->regs[A_STATUS_REG];

    for (int i = 0; i < LIS3DH_AXES; i++) {
        if (!(s->regs[A_CTRL_REG1] & (R_CTRL_REG1_XEN_MASK << i))) {
            continue;
        }
        int16_t v = lis3dh_sample(s, s->accel[i]);
        if (FIELD_EX8(s->regs[A_CTRL_REG4], CTRL_REG4, BDU) && s->lsb_read[i]) {
            s->pending[i] = v; /* held until the high byte is read */
            s->pending_valid[i] = true;
        } else {
            s->out[i] = v;
        }
        if (*status & (R_STATUS_REG_XDA_MASK << i)) {
            *status |= R_STATUS_REG_XOR_MASK << i;
        }
        *status |= R_STATUS_REG_XDA_MASK << i;
    }
    *status = FIELD_DP8(*status, STATUS_REG, ZYXDA, (*status & 7) != 0);
    *status = FIELD_DP8(*status, STATUS_REG, ZYXOR, (*status & 0x70) != 0);
    s->samples++;
    trace_lis3dh_sample(s->out[0], s->out[1], s->out[2]);
    lis3dh_schedule(s);
}

static uint8_t lis3dh_read(Lis3dhState *s, uint8_t a)
{
    if (a >= A_OUT_X_L && a <= A_OUT_Z_H) {
        unsigned axis = (a - A_OUT_X_L) / 2;
        bool high = (a - A_OUT_X_L) & 1;
        uint16_t v = s->out[axis];
        bool big = FIELD_EX8(s->regs[A_CTRL_REG4], CTRL_REG4, BLE);
        uint8_t byte = (high != big) ? v >> 8 : v & 0xFF;
        uint8_t *status = &s->regs[A_STATUS_REG];

        if (high) {
            *status &= ~((R_STATUS_REG_XDA_MASK | R_STATUS_REG_XOR_MASK)
                         << axis);
            *status = FIELD_DP8(*status, STATUS_REG, ZYXDA, (*status & 7) != 0);
            *status = FIELD_DP8(*status, STATUS_REG, ZYXOR,
                                (*status & 0x70) != 0);
            s->lsb_read[axis] = false;
            if (s->pending_valid[axis]) {
                s->out[axis] = s->pending[axis];
                s->pending_valid[axis] = false;
            }
        } else {
            s->lsb_read[axis] = true;
        }
        return byte;
    }
    switch (a) {
    case A_WHO_AM_I: return LIS3DH_ID;
    case A_FIFO_SRC_REG: return FIFO_SRC_EMPTY;
    case A_STATUS_REG_AUX:
    case A_INT1_SRC:
    case A_INT2_SRC:
    case A_CLICK_SRC: return 0;
    default:
        if (a >= A_OUT_ADC1_L && a < A_WHO_AM_I) {
            return 0; /* the auxiliary ADC: not modelled */
        }
        return s->regs[a];
    }
}

static bool lis3dh_writable(uint8_t a)
{
    return (a >= A_CTRL_REG0 && a <= A_REFERENCE) || a == A_FIFO_CTRL_REG ||
           (a >= A_INT1_CFG && a <= A_ACT_DUR && a != A_INT1_SRC &&
            a != A_INT2_SRC && a != A_CLICK_SRC);
}

static void lis3dh_write(Lis3dhState *s, uint8_t a, uint8_t v)
{
    trace_lis3dh_write(a, v);
    if (!lis3dh_writable(a)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "lis3dh: write of 0x%02x to register 0x%02x, which is "
                      "read-only or reserved, ignored\n",
                      v, a);
        return;
    }
    s->regs[a] = v;
    switch (a) {
    case A_CTRL_REG1:
        if (lis3dh_period_ns(s) < 0) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "lis3dh: ODR %u is not a data rate: power-down\n",
                          FIELD_EX8(v, CTRL_REG1, ODR));
        }
        lis3dh_schedule(s);
        break;
    case A_CTRL_REG4:
        if (FIELD_EX8(v, CTRL_REG4, SIM) || FIELD_EX8(v, CTRL_REG4, ST)) {
            qemu_log_mask(LOG_UNIMP,
                          "lis3dh: 3-wire SPI and self-test not modelled\n");
        }
        break;
    case A_CTRL_REG5:
        if (FIELD_EX8(v, CTRL_REG5, FIFO_EN)) {
            qemu_log_mask(LOG_UNIMP, "lis3dh: the FIFO is not modelled\n");
        }
        s->regs[a] &= ~R_CTRL_REG5_BOOT_MASK; /* reboot done at once */
        break;
    default: break;
    }
}

static uint32_t lis3dh_transfer(SSIPeripheral *dev, uint32_t val)
{
    Lis3dhState *s = LIS3DH(dev);
    uint8_t r = 0xFF; /* MISO while the command byte goes out */

    if (!s->have_cmd) {
        s->have_cmd = true;
        s->reading = val & CMD_READ;
        s->increment = val & CMD_INCREMENT;
        s->addr = val & CMD_ADDR_MASK;
        return r;
    }
    if (s->reading) {
        r = lis3dh_read(s, s->addr);
    } else {
        lis3dh_write(s, s->addr, val);
    }
    if (s->increment) {
        s->addr = (s->addr + 1) & CMD_ADDR_MASK;
    }
    return r;
}

/* level: true is CS high, the end of a transaction */
static int lis3dh_set_cs(SSIPeripheral *dev, bool level)
{
    Lis3dhState *s = LIS3DH(dev);

    if (level) {
        s->have_cmd = false;
    }
    return 0;
}

static void lis3dh_get_accel(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    double *val = opaque;
    visit_type_number(v, name, val, errp);
}

static void lis3dh_set_accel(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    double val;

    if (!visit_type_number(v, name, &val, errp)) {
        return;
    }
    if (!isfinite(val)) {
        error_setg(errp, "lis3dh: %s must be a finite number of g", name);
        return;
    }
    *(double *)opaque = val; /* beyond full scale, the outputs saturate */
}

static void lis3dh_reset_regs(Lis3dhState *s)
{
    timer_del(s->odr);
    memset(s->regs, 0, sizeof(s->regs));
    s->regs[A_CTRL_REG0] = CTRL_REG0_RESET;
    s->regs[A_CTRL_REG1] = CTRL_REG1_RESET;
    memset(s->out, 0, sizeof(s->out));
    memset(s->lsb_read, 0, sizeof(s->lsb_read));
    memset(s->pending_valid, 0, sizeof(s->pending_valid));
    memset(s->pending, 0, sizeof(s->pending));
    s->have_cmd = false;
}

static void lis3dh_realize(SSIPeripheral *dev, Error **errp)
{
    Lis3dhState *s = LIS3DH(dev);
    s->odr = timer_new_ns(QEMU_CLOCK_VIRTUAL, lis3dh_tick, s);
}

static void lis3dh_init(Object *obj)
{
    Lis3dhState *s = LIS3DH(obj);
    static const char *const names[LIS3DH_AXES] = { "x", "y", "z" };

    for (int i = 0; i < LIS3DH_AXES; i++) {
        object_property_add(obj, names[i], "number", lis3dh_get_accel,
                            lis3dh_set_accel, NULL, &s->accel[i]);
    }
    s->accel[2] = 1.0; /* lying flat: 1 g on Z */
    object_property_add_uint32_ptr(obj, "samples", &s->samples,
                                   OBJ_PROP_FLAG_READ);
}

static void lis3dh_reset_hold(Object *obj, ResetType type)
{
    lis3dh_reset_regs(LIS3DH(obj));
}

static const VMStateDescription vmstate_lis3dh = {
    .name = TYPE_LIS3DH,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_SSI_PERIPHERAL(parent_obj, Lis3dhState),
            VMSTATE_TIMER_PTR(odr, Lis3dhState),
            VMSTATE_DOUBLE(accel[0], Lis3dhState),
            VMSTATE_DOUBLE(accel[1], Lis3dhState),
            VMSTATE_DOUBLE(accel[2], Lis3dhState),
            VMSTATE_UINT8_ARRAY(regs, Lis3dhState, LIS3DH_NREGS),
            VMSTATE_INT16_ARRAY(out, Lis3dhState, LIS3DH_AXES),
            VMSTATE_BOOL_ARRAY(lsb_read, Lis3dhState, LIS3DH_AXES),
            VMSTATE_BOOL_ARRAY(pending_valid, Lis3dhState, LIS3DH_AXES),
            VMSTATE_INT16_ARRAY(pending, Lis3dhState, LIS3DH_AXES),
            VMSTATE_BOOL(have_cmd, Lis3dhState),
            VMSTATE_BOOL(reading, Lis3dhState),
            VMSTATE_BOOL(increment, Lis3dhState),
            VMSTATE_UINT8(addr, Lis3dhState),
            VMSTATE_UINT32(samples, Lis3dhState), VMSTATE_END_OF_LIST() }
};

static void lis3dh_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    SSIPeripheralClass *k = SSI_PERIPHERAL_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ST LIS3DH three-axis accelerometer (SPI)";
    dc->vmsd = &vmstate_lis3dh;
    rc->phases.hold = lis3dh_reset_hold;
    k->realize = lis3dh_realize;
    k->transfer = lis3dh_transfer;
    k->set_cs = lis3dh_set_cs;
    k->cs_polarity = SSI_CS_LOW;
}

static const TypeInfo lis3dh_types[] = {
    {
        .name = TYPE_LIS3DH,
        .parent = TYPE_SSI_PERIPHERAL,
        .instance_size = sizeof(Lis3dhState),
        .instance_init = lis3dh_init,
        .class_init = lis3dh_class_init,
    },
};
DEFINE_TYPES(lis3dh_types)
