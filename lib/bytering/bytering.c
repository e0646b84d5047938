/* SPDX-License-Identifier: MIT */
#include <string.h>
#include "bytering.h"

/* Each side reads the other's index with acquire and publishes its own with
 * release: the bytes a producer wrote are visible before the head that
 * announces them, and a consumer is done with bytes before the tail frees
 * them.  GCC/clang builtins, so the library builds in gnu99 ports too. */
#define LOAD_ACQ(p)     __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define STORE_REL(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define LOAD_OWN(p)     __atomic_load_n(p, __ATOMIC_RELAXED)

bool bytering_init(bytering_t *r, uint8_t *buf, size_t size)
{
    if (!buf || size < 2 || size > (1u << 31) || (size & (size - 1))) {
        return false;
    }
    r->buf = buf;
    r->mask = (uint32_t)size - 1;
    r->head = r->tail = 0;
    return true;
}

void bytering_reset(bytering_t *r)
{
    STORE_REL(&r->head, 0);
    STORE_REL(&r->tail, 0);
}

size_t bytering_size(const bytering_t *r)
{
    return (size_t)r->mask + 1;
}

size_t bytering_used(const bytering_t *r)
{
    return LOAD_ACQ(&r->head) - LOAD_ACQ(&r->tail);
}

size_t bytering_free(const bytering_t *r)
{
    return bytering_size(r) - bytering_used(r);
}

size_t bytering_write(bytering_t *r, const void *data, size_t len)
{
    uint32_t head = LOAD_OWN(&r->head);
    size_t room = bytering_size(r) - (head - LOAD_ACQ(&r->tail));
    if (len > room) {
        len = room;
    }
    size_t at = head & r->mask, first = bytering_size(r) - at;
    if (first > len) {
        first = len;
    }
    memcpy(r->buf + at, data, first);
    memcpy(r->buf, (const uint8_t *)data + first, len - first);
    STORE_REL(&r->head, head + (uint32_t)len);
    return len;
}

bool bytering_put(bytering_t *r, uint8_t byte)
{
    return bytering_write(r, &byte, 1) == 1;
}

const uint8_t *bytering_peek_linear(const bytering_t *r, size_t *len)
{
    uint32_t tail = LOAD_OWN(&r->tail);
    size_t used = LOAD_ACQ(&r->head) - tail;
    size_t at = tail & r->mask, first = bytering_size(r) - at;
    *len = used < first ? used : first;
    return r->buf + at;
}

size_t bytering_skip(bytering_t *r, size_t len)
{
    uint32_t tail = LOAD_OWN(&r->tail);
    size_t used = LOAD_ACQ(&r->head) - tail;
    if (len > used) {
        len = used;
    }
    STORE_REL(&r->tail, tail + (uint32_t)len);
    return len;
}

size_t bytering_read(bytering_t *r, void *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        size_t n;
        const uint8_t *p = bytering_peek_linear(r, &n);
        if (!n) {
            break;
        }
        if (n > len - done) {
            n = len - done;
        }
        memcpy((uint8_t *)data + done, p, n);
        bytering_skip(r, n);
        done += n;
    }
    return done;
}

int bytering_get(bytering_t *r)
{
    uint8_t b;
    return bytering_read(r, &b, 1) ? b : -1;
}
