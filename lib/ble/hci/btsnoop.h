/*
 * btsnoop records of HCI traffic (the format of BlueZ's btmon -w and of
 * Android's HCI snoop log, opened by Wireshark): a 16-byte file header,
 * then one record per packet, all fields big-endian.  Datalink 1002: each
 * packet keeps its H4 indicator byte.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_BTSNOOP_H
#define H7STACK_BLE_BTSNOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BTSNOOP_HEADER_LEN  16
#define BTSNOOP_RECORD_HDR  24

/* the file header into out[16]; returns 16 */
size_t h7bt_btsnoop_header(uint8_t *out);

/* one record (header, H4 type, packet) into out; returns its length, or 0
 * when cap is too small.  unix_us: the time in microseconds since 1970. */
size_t h7bt_btsnoop_record(uint8_t *out, size_t cap, uint8_t h4_type, bool rx,
                      const uint8_t *pkt, size_t len, uint64_t unix_us);

#endif
