/*
 * The application image header the H7S3 bootloader checks before it jumps
 * into the NOR (docs/h7s3-boot.md).  An image starts with this 32-byte
 * header; its vector table follows at vector_offset; CRC-32 (IEEE 802.3,
 * as zlib's crc32) covers every byte after the header up to length.
 * Portable: the bootloader, the image tool's tests and a fuzz target use it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_APP_HEADER_H
#define H7STACK_APP_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define APP_MAGIC           0x50413748u     /* "H7AP" in memory */
#define APP_HEADER_VERSION  1u
#define APP_HEADER_SIZE     32u

typedef struct {
    uint32_t magic;
    uint16_t version;           /* APP_HEADER_VERSION */
    uint16_t header_size;       /* APP_HEADER_SIZE */
    uint32_t load_addr;         /* where the image is linked to run (XIP base) */
    uint32_t vector_offset;     /* vector table, from the image start */
    uint32_t length;            /* whole image in bytes, header included */
    uint32_t crc32;             /* of bytes [header_size, length) */
    uint32_t reserved;          /* 0 */
    uint32_t header_crc;        /* of the 28 bytes before it */
} app_header_t;

_Static_assert(sizeof(app_header_t) == APP_HEADER_SIZE, "header is 32 bytes");

typedef enum {
    APP_OK = 0,
    APP_E_SHORT = -1,           /* less than a header's worth of bytes */
    APP_E_ERASED = -2,          /* header all 0xFF: nothing programmed */
    APP_E_MAGIC = -3,
    APP_E_HEADER = -4,          /* header CRC, version, size or reserved */
    APP_E_ADDRESS = -5,         /* linked for another address */
    APP_E_LENGTH = -6,          /* longer than the flash or shorter than a vector table */
    APP_E_TRUNCATED = -7,       /* CRC wrong and the image ends in erased flash */
    APP_E_CRC = -8,
    APP_E_VECTOR = -9,          /* misaligned table, stack or reset vector out of range */
} app_status_t;

typedef struct {
    uint32_t sp;                /* initial stack pointer */
    uint32_t entry;             /* reset handler (Thumb bit set) */
    uint32_t vtor;              /* vector table address */
    uint32_t length;
} app_info_t;

/* Check the image at img (avail bytes readable), expected to run at
 * load_addr; the stack must lie in [ram_lo, ram_hi].  Fills *info on APP_OK. */
app_status_t app_check(const uint8_t *img, size_t avail, uint32_t load_addr,
                       uint32_t ram_lo, uint32_t ram_hi, app_info_t *info);
const char *app_status_str(app_status_t st);
uint32_t app_crc32(uint32_t crc, const void *data, size_t len);

#endif
