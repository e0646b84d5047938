/* Two threads, one ring, N messages of random sizes: every message arrives,
 * in order, intact.  Built with -fsanitize=thread by tests/unit/Makefile. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipc_ring.h"

#define RING_SIZE 4096
static ipc_ring_t *ring;
static unsigned long n_msgs;

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static int yield_wait(void *ctx)
{
    (void)ctx;
    sched_yield();
    return 0;
}

static void *producer(void *arg)
{
    (void)arg;
    uint32_t s = 1;
    uint8_t buf[300];
    for (unsigned long i = 0; i < n_msgs; i++) {
        uint16_t len = (uint16_t)(rng_next(&s) % 257);
        for (uint16_t k = 0; k < len; k++) {
            buf[k] = (uint8_t)(i + k);
        }
        if (ipc_ring_write(ring, buf, len, (uint16_t)(i & 0x7FFF), yield_wait, NULL) != IPC_OK) {
            fprintf(stderr, "write failed at %lu\n", i);
            exit(1);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    n_msgs = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000000ul;
    ring = aligned_alloc(IPC_LINE, IPC_RING_BYTES(RING_SIZE));
    ipc_ring_init(ring, RING_SIZE);
    pthread_t p;
    pthread_create(&p, NULL, producer, NULL);

    uint32_t s = 1;
    uint8_t buf[300];
    unsigned long got = 0, bytes = 0;
    while (got < n_msgs) {
        uint16_t len, type;
        uint32_t seq;
        int rc = ipc_ring_try_read(ring, buf, sizeof(buf), &len, &type, &seq);
        if (rc == IPC_EEMPTY) {
            sched_yield();
            continue;
        }
        uint16_t want = (uint16_t)(rng_next(&s) % 257);
        if (rc != IPC_OK || seq != (uint32_t)got || len != want || type != (got & 0x7FFF)) {
            fprintf(stderr, "message %lu: rc %d seq %u len %u (want %u)\n", got, rc, seq, len, want);
            return 1;
        }
        for (uint16_t k = 0; k < len; k++) {
            if (buf[k] != (uint8_t)(got + k)) {
                fprintf(stderr, "message %lu: byte %u corrupt\n", got, k);
                return 1;
            }
        }
        got++;
        bytes += len;
    }
    pthread_join(p, NULL);
    printf("stress: %lu messages (%lu payload bytes) in order, none lost; "
           "high water %u of %u bytes, %u producer waits\n",
           got, bytes, ring->high_water, RING_SIZE, ring->producer_waits);
    free(ring);
    return 0;
}
