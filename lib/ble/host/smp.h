/*
 * The Security Manager of the h7stack BLE host (smp.c, smp_sc.c) as the
 * rest of the host sees it: h7bt_smp_init registers the SMP fixed channel
 * with L2CAP and a link listener; host.c hands it the HCI events of
 * encryption.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_SMP_H
#define H7STACK_BLE_SMP_H

#include <stdbool.h>
#include <stdint.h>

void h7bt_smp_init(void);
void h7bt_smp_on_ltk_request(uint16_t handle, const uint8_t rand[8], uint16_t ediv);
void h7bt_smp_on_encryption(uint16_t handle, uint8_t status, bool on);

#endif
