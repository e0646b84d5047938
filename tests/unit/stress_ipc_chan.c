/* Two threads, one channel (a ring each way), N messages of random sizes
 * through a small ring: every message arrives, in order, intact.  Both
 * sides sleep on a latched doorbell (lib/ipc/ipc_host: mutex + condition
 * variable), as the cores sleep on their HSEM interrupt, so the notify/sleep
 * protocol of ipc_chan runs millions of times.  Built with -fsanitize=thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipc_host.h"

#define RING_SIZE 4096

static unsigned long n_msgs;

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void *producer(void *arg)
{
    ipc_chan_t *ch = arg;
    uint32_t s = 1;
    uint8_t buf[300];
    for (unsigned long i = 0; i < n_msgs; i++) {
        uint16_t len = (uint16_t)(rng_next(&s) % 257);
        for (uint16_t k = 0; k < len; k++) {
            buf[k] = (uint8_t)(i + k);
        }
        if (ipc_chan_send(ch, buf, len, (uint16_t)(i & 0x7FFF), NULL) != IPC_OK) {
            fprintf(stderr, "send failed at %lu\n", i);
            exit(1);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    n_msgs = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000000ul;
    ipc_host_link_t link;               /* lib/ipc between threads: rings and bells */
    if (ipc_host_link_init(&link, RING_SIZE) != IPC_OK) {
        return 1;
    }
    ipc_ring_t *ring = link.ring[0];
    ipc_chan_t tx_side = link.side[0], rx_side = link.side[1];
    pthread_t p;
    pthread_create(&p, NULL, producer, &tx_side);

    uint32_t s = 1;
    uint8_t buf[300];
    unsigned long got = 0, bytes = 0;
    while (got < n_msgs) {
        uint16_t len, type;
        uint32_t seq;
        int rc = ipc_chan_recv(&rx_side, buf, sizeof(buf), &len, &type, &seq, NULL);
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
    printf("stress: %lu messages (%lu payload bytes) in order, none lost; high water %u of "
           "%u bytes; producer slept %u times, consumer %u; bells %u + %u\n",
           got, bytes, ring->high_water, RING_SIZE, tx_side.sleeps, rx_side.sleeps,
           tx_side.bells_rung, rx_side.bells_rung);
    ipc_host_link_free(&link);
    return 0;
}
