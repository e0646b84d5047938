/*
 * Application image check for the H7S3 bootloader (see app_header.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "app_header.h"

uint32_t app_crc32(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;

    crc = ~crc;
    while (len--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = crc >> 1 ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int all_erased(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0xFF) {
            return 0;
        }
    }
    return 1;
}

/* the vector table needs VTOR alignment: its size rounded up to a power of
 * two; 1 KiB covers the H7S3's 16 + 150 entries */
#define VTOR_ALIGN 1024u

app_status_t app_check(const uint8_t *img, size_t avail, uint32_t load_addr,
                       uint32_t ram_lo, uint32_t ram_hi, app_info_t *info)
{
    app_header_t h;

    if (avail < APP_HEADER_SIZE) {
        return APP_E_SHORT;
    }
    if (all_erased(img, APP_HEADER_SIZE)) {
        return APP_E_ERASED;
    }
    memcpy(&h, img, sizeof(h));         /* the image may be unaligned; both ends are LE */
    if (h.magic != APP_MAGIC) {
        return APP_E_MAGIC;
    }
    if (app_crc32(0, img, APP_HEADER_SIZE - 4) != h.header_crc ||
        h.version != APP_HEADER_VERSION || h.header_size != APP_HEADER_SIZE || h.reserved) {
        return APP_E_HEADER;
    }
    if (h.load_addr != load_addr) {
        return APP_E_ADDRESS;
    }
    if (h.vector_offset % VTOR_ALIGN || h.vector_offset < APP_HEADER_SIZE ||
        h.vector_offset > h.length) {
        return APP_E_VECTOR;
    }
    if (h.length > avail || h.length - h.vector_offset < 8) {
        return APP_E_LENGTH;
    }
    if (app_crc32(0, img + APP_HEADER_SIZE, h.length - APP_HEADER_SIZE) != h.crc32) {
        /* a flasher that stopped early leaves the end erased */
        return h.length >= 16 && all_erased(img + h.length - 16, 16) ? APP_E_TRUNCATED
                                                                       : APP_E_CRC;
    }
    uint32_t sp = le32(img + h.vector_offset), entry = le32(img + h.vector_offset + 4);
    uint32_t body = entry - 1 - load_addr;
    if (sp % 8 || sp < ram_lo || sp > ram_hi || !(entry & 1) ||
        body < h.vector_offset || body >= h.length) {
        return APP_E_VECTOR;
    }
    if (info) {
        info->sp = sp;
        info->entry = entry;
        info->vtor = load_addr + h.vector_offset;
        info->length = h.length;
    }
    return APP_OK;
}

const char *app_status_str(app_status_t st)
{
    switch (st) {
    case APP_OK: return "ok";
    case APP_E_SHORT: return "flash too small for a header";
    case APP_E_ERASED: return "no image (flash erased)";
    case APP_E_MAGIC: return "no image (bad magic)";
    case APP_E_HEADER: return "bad header (CRC, version or size)";
    case APP_E_ADDRESS: return "image linked for another address";
    case APP_E_LENGTH: return "bad length";
    case APP_E_TRUNCATED: return "image truncated (ends in erased flash)";
    case APP_E_CRC: return "image damaged (CRC mismatch)";
    case APP_E_VECTOR: return "bad vector table (stack or reset address)";
    }
    return "unknown status";
}
