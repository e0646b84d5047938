/*
 * Bosch BME280 humidity, pressure and temperature sensor on I2C.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_BME280_H
#define H7STACK_BME280_H

#include "qom/object.h"
#include "hw/i2c/i2c.h"
#include "qemu/timer.h"

#define TYPE_BME280 "bme280"
OBJECT_DECLARE_SIMPLE_TYPE(Bme280State, BME280)

#define BME280_CALIB1_LEN 26 /* 0x88..0xA1 */
#define BME280_CALIB2_LEN 16 /* 0xE1..0xF0 */
#define BME280_DATA_LEN   8  /* 0xF7..0xFE: press, temp (20 bits), hum */

struct Bme280State {
    I2CSlave parent_obj;
    QEMUTimer *conv;

    /* the environment, set over QOM */
    double temperature; /* degrees Celsius */
    double humidity;    /* %RH */
    double pressure;    /* Pa */

    uint8_t calib1[BME280_CALIB1_LEN];
    uint8_t calib2[BME280_CALIB2_LEN];
    uint8_t ctrl_hum, ctrl_meas, config;
    uint8_t osrs_h;        /* ctrl_hum as latched by the last ctrl_meas write */
    int64_t conv_start;    /* virtual ns: status.measuring from then */
    uint32_t adc_t, adc_p; /* 20-bit results, after the IIR filter */
    uint16_t adc_h;
    bool filter_primed;
    uint8_t data[BME280_DATA_LEN];   /* what the result registers hold */
    uint8_t shadow[BME280_DATA_LEN]; /* locked for the burst being read */

    uint8_t ptr;
    bool ptr_set;          /* a write's bytes alternate: address, data */
    uint32_t measurements; /* conversions completed, for tests */
};

#endif
