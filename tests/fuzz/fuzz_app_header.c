/*
 * libFuzzer target on the bootloader's image check (lib/boot/app_header.c):
 * any bytes, any length, never read outside them; an image accepted has
 * its entry and stack where the check promised.  The input is the image;
 * the seed corpus holds the real blinky image, so that the fuzzer starts
 * past the header checks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "app_header.h"

#define LOAD 0x70000000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly size bytes so ASan sees every overread */
    uint8_t *img = malloc(size ? size : 1);
    app_info_t info;
    memcpy(img, data, size);
    app_status_t st = app_check(img, size, LOAD, 0x20000000u, 0x24072000u, &info);
    if (st == APP_OK) {
        if (info.length > size || info.entry - 1 - LOAD >= info.length || !(info.entry & 1) ||
            info.sp % 8 || info.vtor % 1024) {
            abort();
        }
    }
    if (!app_status_str(st)[0]) {
        abort();
    }
    free(img);
    return 0;
}
