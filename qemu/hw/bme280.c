/*
 * Bosch BME280 humidity, pressure and temperature sensor on I2C (address
 * 0x76 with SDO low, 0x77 high), as its datasheet (BST-BME280-DS002)
 * describes it:
 *
 * - chip ID 0x60 at 0xD0, soft reset by 0xB6 to 0xE0;
 * - trimming parameters at 0x88..0xA1 and 0xE1..0xE7, which the
 *   datasheet's compensation formulas turn the raw results into
 *   degrees, pascals and %RH with;
 * - ctrl_hum (takes effect at the next ctrl_meas write), ctrl_meas
 *   (oversampling, sleep / forced / normal mode), config (standby time,
 *   IIR filter); status.measuring while a conversion runs, in virtual time
 *   (the datasheet's typical measurement time);
 * - results at 0xF7..0xFE: pressure and temperature in 20 bits, of which
 *   16 + (oversampling - 1) are significant without the filter, humidity
 *   in 16; 0x80000 / 0x8000 for a skipped measurement;
 * - the result registers are shadowed while a burst read runs, so a burst
 *   never mixes two conversions.
 *
 * On I2C a write is pairs of register address and data (no auto-increment);
 * a read auto-increments from the last address written.
 *
 * The environment comes from QOM: "temperature" (degrees Celsius),
 * "humidity" (%RH), "pressure" (Pa), as numbers.  A conversion finds the
 * raw values that the compensation formulas, applied to this part's
 * trimming parameters, map closest to them at the resolution set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/i2c/i2c.h"
#include "hw/registerfields.h"
#include "h7_vmstate.h"
#include "bme280.h"
#include "trace.h"

REG8(CALIB00, 0x88)
REG8(CHIP_ID, 0xD0)
REG8(RESET, 0xE0)
REG8(CALIB26, 0xE1)
REG8(CTRL_HUM, 0xF2)
FIELD(CTRL_HUM, OSRS_H, 0, 3)
REG8(STATUS, 0xF3)
FIELD(STATUS, IM_UPDATE, 0, 1)
FIELD(STATUS, MEASURING, 3, 1)
REG8(CTRL_MEAS, 0xF4)
FIELD(CTRL_MEAS, MODE, 0, 2)
FIELD(CTRL_MEAS, OSRS_P, 2, 3)
FIELD(CTRL_MEAS, OSRS_T, 5, 3)
REG8(CONFIG, 0xF5)
FIELD(CONFIG, SPI3W_EN, 0, 1)
FIELD(CONFIG, FILTER, 2, 3)
FIELD(CONFIG, T_SB, 5, 3)
REG8(PRESS_MSB, 0xF7)
REG8(TEMP_MSB, 0xFA)
REG8(HUM_MSB, 0xFD)
REG8(HUM_LSB, 0xFE)

#define BME280_CHIP_ID    0x60
#define BME280_RESET_WORD 0xB6
#define MODE_SLEEP        0
#define MODE_NORMAL       3 /* 1 and 2 are both forced mode */
#define SKIPPED_20        0x80000
#define SKIPPED_16        0x8000
#define ADC_20_MAX        0xFFFFF

/* standby time between conversions in normal mode, by t_sb, in us */
static const uint32_t t_standby_us[8] = { 500,    62500,   125000, 250000,
                                          500000, 1000000, 10000,  20000 };

/*
 * This part's trimming parameters: the temperature and pressure ones are
 * the datasheet's worked example, the humidity ones those of a typical part.
 */
typedef struct {
    uint16_t t1;
    int16_t t2, t3;
    uint16_t p1;
    int16_t p2, p3, p4, p5, p6, p7, p8, p9;
    uint8_t h1;
    int16_t h2;
    uint8_t h3;
    int16_t h4, h5; /* 12 bits each */
    int8_t h6;
} Bme280Calib;

static const Bme280Calib calib = {
    .t1 = 27504,
    .t2 = 26435,
    .t3 = -1000,
    .p1 = 36477,
    .p2 = -10685,
    .p3 = 3024,
    .p4 = 2855,
    .p5 = 140,
    .p6 = -7,
    .p7 = 15500,
    .p8 = -14600,
    .p9 = 6000,
    .h1 = 75,
    .h2 = 362,
    .h3 = 0,
    .h4 = 324,
    .h5 = 50,
    .h6 = 30,
};

/* the datasheet's integer compensation: 0.01 degC, with t_fine */
static int32_t comp_t(int32_t adc, int32_t *t_fine)
{
    int32_t d = (adc >> 4) - (int32_t)calib.t1;
    int32_t v1 = (((adc >> 3) - ((int32_t)calib.t1 << 1)) * calib.t2) >> 11;
    int32_t v2 = (((d * d) >> 12) * calib.t3) >> 14;

    *t_fine = v1 + v2;
    return (*t_fine * 5 + 128) >> 8;
}

/* pressure in Pa as Q24.8 */
static uint32_t comp_p(int32_t adc, int32_t t_fine)
{
    int64_t v1 = (int64_t)t_fine - 128000;
    int64_t v2 = v1 * v1 * calib.p6 + ((v1 * calib.p5) * (1LL << 17)) +
                 ((int64_t)calib.p4 * (1LL << 35));
    int64_t p;

    v1 = ((v1 * v1 * calib.p3) >> 8) + ((v1 * calib.p2) * (1LL << 12));
    v1 = (((1LL << 47) + v1) * calib.p1) >> 33;
    if (v1 == 0) {
        return 0; /* the datasheet's guard against dividing by zero */
    }
    p = 1048576 - adc;
    p = ((p * (1LL << 31)) - v2) * 3125 / v1;
    v1 = ((int64_t)calib.p9 * (p >> 13) * (p >> 13)) >> 25;
    v2 = ((int64_t)calib.p8 * p) >> 19;
    return ((p + v1 + v2) >> 8) + (int64_t)calib.p7 * 16;
}

/* humidity in %RH as Q22.10 */
static uint32_t comp_h(int32_t adc, int32_t t_fine)
{
    int32_t x = t_fine - 76800;
    int32_t a = ((adc << 14) - ((int32_t)calib.h4 << 20) - calib.h5 * x +
                 16384) >>
                15;
    int32_t b =
        ((((((x * calib.h6) >> 10) * (((x * calib.h3) >> 11) + 32768)) >> 10) +
          2097152) *
             calib.h2 +
         8192) >>
        14;

    x = a * b;
    x -= ((((x >> 15) * (x >> 15)) >> 7) * calib.h1) >> 4;
    x = MAX(x, 0);
    x = MIN(x, 419430400);
    return (uint32_t)x >> 12;
}

typedef int64_t (*CompFn)(int32_t adc, int32_t t_fine);

static int64_t comp_t_fn(int32_t adc, int32_t unused)
{
    int32_t t_fine;
    return comp_t(adc, &t_fine);
}

static int64_t comp_p_fn(int32_t adc, int32_t t_fine)
{
    /* falls as the raw value rises: negated, so the search sees it rise */
    return -(int64_t)comp_p(adc, t_fine);
}

static int64_t comp_h_fn(int32_t adc, int32_t t_fine)
{
    return comp_h(adc, t_fine);
}

/*
 * The raw value on the grid of multiples of step in [0, max] whose
 * compensated value is closest to target, f being non-decreasing.
 */
static int32_t raw_for(CompFn f, int32_t t_fine, int64_t target, int32_t max,
                       int32_t step)
{
    int32_t lo = 0, hi = max / step; /* grid indices */

    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (f(mid * step, t_fine) < target) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 &&
        target - f((lo - 1) * step, t_fine) <= f(lo * step, t_fine) - target) {
        lo--;
    }
    return lo * step;
}

static unsigned osr_factor(unsigned code)
{
    return code ? 1u << (MIN(code, 5) - 1) : 0;
}

/* the datasheet's typical measurement time, in ns */
static int64_t t_meas_ns(Bme280State *s)
{
    unsigned t = osr_factor(FIELD_EX8(s->ctrl_meas, CTRL_MEAS, OSRS_T));
    unsigned p = osr_factor(FIELD_EX8(s->ctrl_meas, CTRL_MEAS, OSRS_P));
    unsigned h = osr_factor(s->osrs_h);
    int64_t us = 1000 + 2000 * t + (p ? 2000 * p + 500 : 0) +
                 (h ? 2000 * h + 500 : 0);

    return us * SCALE_US;
}

/* the IIR filter on a 20-bit result, coefficient 2^filter (0: off) */
static uint32_t iir(Bme280State *s, uint32_t prev, uint32_t raw)
{
    unsigned f = FIELD_EX8(s->config, CONFIG, FILTER);
    uint32_t c = f ? 1u << MIN(f, 4) : 1;

    return s->filter_primed ? (prev * (c - 1) + raw) / c : raw;
}

static void bme280_convert(Bme280State *s)
{
    unsigned ot = FIELD_EX8(s->ctrl_meas, CTRL_MEAS, OSRS_T);
    unsigned op = FIELD_EX8(s->ctrl_meas, CTRL_MEAS, OSRS_P);
    bool filtered = FIELD_EX8(s->config, CONFIG, FILTER) != 0;
    int64_t t_target = llround(s->temperature * 100);
    int32_t t_fine;
    uint32_t t = SKIPPED_20, p = SKIPPED_20, h = SKIPPED_16;

    /* t_fine as a driver computes it from the temperature result; with the
     * temperature skipped, from the temperature itself */
    comp_t(raw_for(comp_t_fn, 0, t_target, ADC_20_MAX, 1), &t_fine);
    if (ot) {
        /* 16 + (oversampling - 1) significant bits, all 20 with the filter */
        int32_t step = filtered ? 1 : 1 << (5 - MIN(ot, 5));
        t = iir(s, s->adc_t, raw_for(comp_t_fn, 0, t_target, ADC_20_MAX, step));
        comp_t(t, &t_fine);
    }
    if (op) {
        int32_t step = filtered ? 1 : 1 << (5 - MIN(op, 5));
        p = iir(s, s->adc_p,
                raw_for(comp_p_fn, t_fine, -llround(s->pressure * 256),
                        ADC_20_MAX, step));
    }
    if (s->osrs_h) {
        h = raw_for(comp_h_fn, t_fine, llround(s->humidity * 1024), 0xFFFF, 1);
    }
    s->filter_primed = true;
    s->adc_t = t;
    s->adc_p = p;
    s->adc_h = h;
    s->data[0] = p >> 12;
    s->data[1] = p >> 4;
    s->data[2] = (p & 0xF) << 4;
    s->data[3] = t >> 12;
    s->data[4] = t >> 4;
    s->data[5] = (t & 0xF) << 4;
    s->data[6] = h >> 8;
    s->data[7] = h;
    s->measurements++;
    trace_bme280_conversion(t, p, h);
}

/* a conversion from start; status.measuring until it is done */
static void bme280_start(Bme280State *s, int64_t start)
{
    s->conv_start = start;
    timer_mod(s->conv, start + t_meas_ns(s));
}

static bool bme280_measuring(Bme280State *s)
{
    return timer_pending(s->conv) &&
           qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) >= s->conv_start;
}

static void bme280_conv_done(void *opaque)
{
    Bme280State *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    bme280_convert(s);
    if (FIELD_EX8(s->ctrl_meas, CTRL_MEAS, MODE) == MODE_NORMAL) {
        /* the next conversion starts after the standby time */
        unsigned sb = FIELD_EX8(s->config, CONFIG, T_SB);
        bme280_start(s, now + (int64_t)t_standby_us[sb] * SCALE_US);
    } else {
        /* forced mode: one conversion, then back to sleep */
        s->ctrl_meas = FIELD_DP8(s->ctrl_meas, CTRL_MEAS, MODE, MODE_SLEEP);
    }
}

static void bme280_reset_regs(Bme280State *s)
{
    timer_del(s->conv);
    s->ctrl_hum = s->ctrl_meas = s->config = 0;
    s->osrs_h = 0;
    s->filter_primed = false;
    s->adc_t = s->adc_p = SKIPPED_20;
    s->adc_h = SKIPPED_16;
    static const uint8_t reset_data[BME280_DATA_LEN] = { 0x80, 0, 0,    0x80,
                                                         0,    0, 0x80, 0 };
    memcpy(s->data, reset_data, sizeof(s->data));
    memcpy(s->shadow, reset_data, sizeof(s->shadow));
    s->ptr = 0;
    s->ptr_set = false;
}

static uint8_t bme280_read_reg(Bme280State *s, uint8_t r)
{
    if (r >= A_CALIB00 && r < A_CALIB00 + BME280_CALIB1_LEN) {
        return s->calib1[r - A_CALIB00];
    }
    if (r >= A_CALIB26 && r < A_CALIB26 + BME280_CALIB2_LEN) {
        return s->calib2[r - A_CALIB26];
    }
    if (r >= A_PRESS_MSB && r <= A_HUM_LSB) {
        return s->shadow[r - A_PRESS_MSB];
    }
    switch (r) {
    case A_CHIP_ID: return BME280_CHIP_ID;
    case A_CTRL_HUM: return s->ctrl_hum;
    case A_STATUS: return bme280_measuring(s) ? R_STATUS_MEASURING_MASK : 0;
    case A_CTRL_MEAS: return s->ctrl_meas;
    case A_CONFIG: return s->config;
    default: return 0; /* reserved and RESET read 0 */
    }
}

static void bme280_write_reg(Bme280State *s, uint8_t r, uint8_t v)
{
    trace_bme280_write(r, v);
    switch (r) {
    case A_RESET:
        if (v == BME280_RESET_WORD) {
            bme280_reset_regs(s);
        }
        break;
    case A_CTRL_HUM: s->ctrl_hum = v & R_CTRL_HUM_OSRS_H_MASK; break;
    case A_CTRL_MEAS:
        s->ctrl_meas = v;
        s->osrs_h = s->ctrl_hum; /* ctrl_hum applies from now on */
        if (FIELD_EX8(v, CTRL_MEAS, MODE) == MODE_SLEEP) {
            timer_del(s->conv);
        } else if (!timer_pending(s->conv)) {
            bme280_start(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        }
        break;
    case A_CONFIG:
        /* the datasheet: writes in normal mode may be ignored; we take them */
        s->config = v & (R_CONFIG_SPI3W_EN_MASK | R_CONFIG_FILTER_MASK |
                         R_CONFIG_T_SB_MASK);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "bme280: write of 0x%02x to read-only register 0x%02x "
                      "ignored\n",
                      v, r);
        break;
    }
}

static uint8_t bme280_recv(I2CSlave *i2c)
{
    Bme280State *s = BME280(i2c);
    return bme280_read_reg(s, s->ptr++);
}

static int bme280_send(I2CSlave *i2c, uint8_t data)
{
    Bme280State *s = BME280(i2c);

    if (!s->ptr_set) {
        s->ptr = data;
        s->ptr_set = true;
    } else {
        bme280_write_reg(s, s->ptr, data);
        s->ptr_set = false; /* the next byte is an address again */
    }
    return 0;
}

static int bme280_event(I2CSlave *i2c, enum i2c_event event)
{
    Bme280State *s = BME280(i2c);

    switch (event) {
    case I2C_START_SEND: s->ptr_set = false; break;
    case I2C_START_RECV:
        /* a burst read sees one conversion's results */
        memcpy(s->shadow, s->data, sizeof(s->shadow));
        break;
    default: break;
    }
    return 0;
}

/* the environment as QOM numbers, range-checked as the datasheet's
 * operating range */
typedef struct {
    const char *name;
    size_t offset;
    double min, max;
} Bme280Quantity;

static const Bme280Quantity quantities[] = {
    { "temperature", offsetof(Bme280State, temperature), -40, 85 },
    { "humidity", offsetof(Bme280State, humidity), 0, 100 },
    { "pressure", offsetof(Bme280State, pressure), 30000, 110000 },
};

static void bme280_get_quantity(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    const Bme280Quantity *q = opaque;
    double *val = (double *)((char *)obj + q->offset);

    visit_type_number(v, name, val, errp);
}

static void bme280_set_quantity(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    const Bme280Quantity *q = opaque;
    double val;

    if (!visit_type_number(v, name, &val, errp)) {
        return;
    }
    if (!(val >= q->min && val <= q->max)) {
        error_setg(errp, "bme280: %s %g is outside %g..%g", name, val, q->min,
                   q->max);
        return;
    }
    *(double *)((char *)obj + q->offset) = val;
}

static void bme280_init(Object *obj)
{
    Bme280State *s = BME280(obj);
    uint8_t *c = s->calib1;

    for (size_t i = 0; i < ARRAY_SIZE(quantities); i++) {
        object_property_add(obj, quantities[i].name, "number",
                            bme280_get_quantity, bme280_set_quantity, NULL,
                            (void *)&quantities[i]);
    }
    object_property_add_uint32_ptr(obj, "measurements", &s->measurements,
                                   OBJ_PROP_FLAG_READ);
    s->temperature = 20.0;
    s->humidity = 50.0;
    s->pressure = 101325.0;

    /* the trimming parameters, little-endian, where the datasheet puts them */
    const uint16_t words[12] = { calib.t1, calib.t2, calib.t3, calib.p1,
                                 calib.p2, calib.p3, calib.p4, calib.p5,
                                 calib.p6, calib.p7, calib.p8, calib.p9 };
    for (int i = 0; i < 12; i++) {
        stw_le_p(c + 2 * i, words[i]);
    }
    c[0xA1 - A_CALIB00] = calib.h1;
    c = s->calib2;
    stw_le_p(c, calib.h2);                           /* 0xE1 */
    c[2] = calib.h3;                                 /* 0xE3 */
    c[3] = calib.h4 >> 4;                            /* 0xE4 */
    c[4] = (calib.h4 & 0xF) | (calib.h5 & 0xF) << 4; /* 0xE5 */
    c[5] = calib.h5 >> 4;                            /* 0xE6 */
    c[6] = calib.h6;                                 /* 0xE7 */

    s->conv = timer_new_ns(QEMU_CLOCK_VIRTUAL, bme280_conv_done, s);
}

static void bme280_reset_hold(Object *obj, ResetType type)
{
    bme280_reset_regs(BME280(obj));
}

static const VMStateDescription vmstate_bme280 = {
    .name = TYPE_BME280,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields =
        (const VMStateField[]){
            VMSTATE_I2C_SLAVE(parent_obj, Bme280State),
            VMSTATE_TIMER_PTR(conv, Bme280State),
            VMSTATE_DOUBLE(temperature, Bme280State),
            VMSTATE_DOUBLE(humidity, Bme280State),
            VMSTATE_DOUBLE(pressure, Bme280State),
            VMSTATE_UINT8(ctrl_hum, Bme280State),
            VMSTATE_UINT8(ctrl_meas, Bme280State),
            VMSTATE_UINT8(config, Bme280State),
            VMSTATE_UINT8(osrs_h, Bme280State),
            VMSTATE_INT64(conv_start, Bme280State),
            VMSTATE_UINT32(adc_t, Bme280State),
            VMSTATE_UINT32(adc_p, Bme280State),
            VMSTATE_UINT16(adc_h, Bme280State),
            VMSTATE_BOOL(filter_primed, Bme280State),
            VMSTATE_UINT8_ARRAY(data, Bme280State, BME280_DATA_LEN),
            VMSTATE_UINT8_ARRAY(shadow, Bme280State, BME280_DATA_LEN),
            VMSTATE_UINT8(ptr, Bme280State),
            VMSTATE_BOOL(ptr_set, Bme280State),
            VMSTATE_UINT32(measurements, Bme280State),
            VMSTATE_END_OF_LIST() }
};

static void bme280_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    I2CSlaveClass *k = I2C_SLAVE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Bosch BME280 humidity, pressure and temperature sensor";
    dc->vmsd = &vmstate_bme280;
    rc->phases.hold = bme280_reset_hold;
    k->recv = bme280_recv;
    k->send = bme280_send;
    k->event = bme280_event;
}

static const TypeInfo bme280_types[] = {
    {
        .name = TYPE_BME280,
        .parent = TYPE_I2C_SLAVE,
        .instance_size = sizeof(Bme280State),
        .instance_init = bme280_init,
        .class_init = bme280_class_init,
    },
};
DEFINE_TYPES(bme280_types)
