/*
 * bytering: a single-producer, single-consumer byte FIFO.
 *
 * One side writes (an interrupt handler, a thread, a callback), the other
 * reads; neither needs a lock.  The size is a power of two and every byte of
 * the buffer is usable: head and tail are free-running 32-bit counts (head
 * written only by the producer, tail only by the consumer), so used bytes
 * are head - tail even after they wrap.
 *
 *   bytering_t r;  uint8_t mem[256];
 *   bytering_init(&r, mem, sizeof(mem));        producer              consumer
 *                                               bytering_write()      bytering_read()
 *                                               bytering_free()       bytering_used()
 *                                                                     bytering_peek_linear() + _skip()
 *
 * bytering_reset() empties the ring; call it only while neither side runs.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BYTERING_H
#define H7STACK_BYTERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *buf;
    uint32_t mask;                      /* size - 1 */
    uint32_t head;                      /* bytes ever written: the producer's */
    uint32_t tail;                      /* bytes ever read: the consumer's */
} bytering_t;

/* false unless size is a power of two from 2 to 2^31 */
bool bytering_init(bytering_t *r, uint8_t *buf, size_t size);
void bytering_reset(bytering_t *r);

size_t bytering_size(const bytering_t *r);
size_t bytering_used(const bytering_t *r);     /* exact for the consumer */
size_t bytering_free(const bytering_t *r);     /* exact for the producer */

/* producer: as many bytes as fit (0 when full); returns that count */
size_t bytering_write(bytering_t *r, const void *data, size_t len);
/* producer: one byte; false when full */
bool bytering_put(bytering_t *r, uint8_t byte);

/* consumer: up to len bytes out; returns that count */
size_t bytering_read(bytering_t *r, void *data, size_t len);
/* consumer: one byte, or -1 when empty */
int bytering_get(bytering_t *r);
/* consumer: the readable bytes that lie contiguous in the buffer (*len of
 * them, 0 when empty), to be used in place and then released with
 * bytering_skip() */
const uint8_t *bytering_peek_linear(const bytering_t *r, size_t *len);
/* consumer: drop up to len bytes; returns how many were dropped */
size_t bytering_skip(bytering_t *r, size_t len);

#endif
