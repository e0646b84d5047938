/* memset, memcpy, memcmp and the AEABI clear helpers for the flash
 * algorithm, which links no C library
 * (the compiler may call them for structure initialisation and copies). */
#include <stddef.h>

void *memset(void *d, int c, size_t n) {
    unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *p = a, *q = b;
    for (; n--; p++, q++) {
        if (*p != *q) {
            return *p - *q;
        }
    }
    return 0;
}

/* the ARM run-time ABI's clear helpers (clang uses them for = { 0 }) */
void __aeabi_memclr(void *d, size_t n) {
    memset(d, 0, n);
}

void __aeabi_memclr4(void *d, size_t n) __attribute__((alias("__aeabi_memclr")));
void __aeabi_memclr8(void *d, size_t n) __attribute__((alias("__aeabi_memclr")));
