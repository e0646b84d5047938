/*
 * ST LIS3DH three-axis accelerometer on SPI.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_LIS3DH_H
#define H7STACK_LIS3DH_H

#include "qom/object.h"
#include "hw/ssi/ssi.h"
#include "qemu/timer.h"

#define TYPE_LIS3DH "lis3dh"
OBJECT_DECLARE_SIMPLE_TYPE(Lis3dhState, LIS3DH)

#define LIS3DH_NREGS 0x40 /* a 6-bit register address */
#define LIS3DH_AXES  3

struct Lis3dhState {
    SSIPeripheral parent_obj;
    QEMUTimer *odr;

    double accel[LIS3DH_AXES]; /* g, set over QOM */

    uint8_t regs[LIS3DH_NREGS];
    int16_t out[LIS3DH_AXES];        /* the output registers, left-justified */
    bool lsb_read[LIS3DH_AXES];      /* BDU: low byte read, high byte not yet */
    bool pending_valid[LIS3DH_AXES]; /* BDU: a sample waits for the lock */
    int16_t pending[LIS3DH_AXES];

    /* the SPI transaction: command byte first, then data */
    bool have_cmd;
    bool reading, increment;
    uint8_t addr;
    uint32_t samples; /* output data sets produced, for tests */
};

#endif
