/* Two threads through one small bytering: a producer writes chunks of random
 * sizes of a counting pattern, the consumer reads them with random-sized
 * reads and linear peeks; every byte must arrive once, in order.  Built with
 * -fsanitize=thread, which reports any access the acquire/release pairs do
 * not order.  A side that makes no progress for 10 s fails the run instead
 * of hanging it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "bytering.h"

#define RING 64
#define STALL_S 10

static bytering_t ring;
static uint8_t mem[RING];
static unsigned long total;

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *producer(void *arg)
{
    (void)arg;
    uint32_t s = 2;
    unsigned long sent = 0;
    double last = now_s();
    while (sent < total) {
        uint8_t chunk[RING + 8];
        size_t want = 1 + rng_next(&s) % sizeof(chunk);
        if (want > total - sent) {
            want = total - sent;
        }
        for (size_t i = 0; i < want; i++) {
            chunk[i] = (uint8_t)(sent + i);
        }
        size_t n = bytering_write(&ring, chunk, want);
        sent += n;
        if (n) {
            last = now_s();
        } else if (now_s() - last > STALL_S) {
            fprintf(stderr, "producer stalled at %lu\n", sent);
            exit(1);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    total = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000000ul;
    bytering_init(&ring, mem, RING);
    pthread_t p;
    pthread_create(&p, NULL, producer, NULL);
    uint32_t s = 1;
    unsigned long got = 0;
    double last = now_s();
    while (got < total) {
        uint8_t buf[RING];
        size_t n;
        if (rng_next(&s) & 1) {
            n = bytering_read(&ring, buf, 1 + rng_next(&s) % sizeof(buf));
        } else {
            const uint8_t *lin = bytering_peek_linear(&ring, &n);
            for (size_t i = 0; i < n; i++) {
                buf[i] = lin[i];
            }
            bytering_skip(&ring, n);
        }
        for (size_t i = 0; i < n; i++) {
            if (buf[i] != (uint8_t)(got + i)) {
                fprintf(stderr, "byte %lu: 0x%02x, expected 0x%02x\n", got + i, buf[i],
                        (uint8_t)(got + i));
                return 1;
            }
        }
        got += n;
        if (n) {
            last = now_s();
        } else if (now_s() - last > STALL_S) {
            fprintf(stderr, "consumer stalled at %lu of %lu\n", got, total);
            return 1;
        }
    }
    pthread_join(p, NULL);
    if (bytering_used(&ring) != 0) {
        fprintf(stderr, "%zu bytes left over\n", bytering_used(&ring));
        return 1;
    }
    printf("bytering stress: %lu bytes in order through a %d-byte ring\n", total, RING);
    return 0;
}
