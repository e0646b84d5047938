/* Two threads, one channel (a ring each way), N messages of random sizes
 * through a small ring: every message arrives, in order, intact.  Both
 * sides sleep on a latched doorbell (mutex + condition variable), as the
 * cores sleep on their HSEM interrupt, so the notify/sleep protocol of
 * ipc_chan runs millions of times.  Built with -fsanitize=thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipc_chan.h"
#include "host_bell.h"

#define RING_SIZE 4096

typedef struct {
    bell_t *mine, *peer;
} bells_t;

static bell_t bell[2] = { BELL_INIT, BELL_INIT };
static unsigned long n_msgs;

static void ring_peer(ipc_chan_t *ch)
{
    bell_ring(((bells_t *)ch->hw)->peer);
}

static int sleep_mine(ipc_chan_t *ch, void *deadline)
{
    (void)deadline;
    bell_wait(((bells_t *)ch->hw)->mine);
    return 0;
}

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
    ipc_ring_t *ring = aligned_alloc(IPC_LINE, IPC_RING_BYTES(RING_SIZE));
    ipc_ring_t *unused = aligned_alloc(IPC_LINE, IPC_RING_BYTES(RING_SIZE));
    ipc_flags_t flags[2];
    memset(flags, 0, sizeof(flags));
    ipc_ring_init(ring, RING_SIZE);
    ipc_ring_init(unused, RING_SIZE);
    bells_t hw[2] = { { &bell[0], &bell[1] }, { &bell[1], &bell[0] } };
    ipc_chan_t tx_side = { .tx = ring, .rx = unused, .mine = &flags[0], .peer = &flags[1],
                           .ring = ring_peer, .sleep = sleep_mine, .hw = &hw[0] };
    ipc_chan_t rx_side = { .tx = unused, .rx = ring, .mine = &flags[1], .peer = &flags[0],
                           .ring = ring_peer, .sleep = sleep_mine, .hw = &hw[1] };
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
    free(ring);
    free(unused);
    return 0;
}
