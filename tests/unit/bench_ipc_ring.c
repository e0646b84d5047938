/* make bench: host throughput of lib/ipc's ring beside memcpy of the same
 * bytes, measured side by side in this one run.
 *   1. one thread: write a batch of records, read them back (the ring's own
 *      cost: two copies per record, headers, padding, counters);
 *   2. two threads through ipc_chan with sleeping sides (as the cores run);
 *   reference: memcpy of the same payloads twice (in and out), one thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ipc_host.h"

#define RING_SIZE 16384
#define N_MSGS    4000000ul
#define MAX_LEN   256

static uint16_t lens[4096];
static uint8_t src[MAX_LEN], dst[MAX_LEN];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void report(const char *what, double secs, unsigned long bytes, double ref)
{
    printf("ipc ring host: %-34s %8.2f M msgs/s %8.1f MB/s", what, N_MSGS / secs / 1e6,
           bytes / secs / 1e6);
    if (ref > 0) {
        printf("   memcpy/ring time ratio %.2f", ref / secs);
    }
    printf("\n");
}

/* ---- two threads with latched bells ---- */
static void *producer(void *arg)
{
    ipc_chan_t *ch = arg;
    for (unsigned long i = 0; i < N_MSGS; i++) {
        ipc_chan_send(ch, src, lens[i & 4095], 1, NULL);
    }
    return NULL;
}

int main(void)
{
    uint32_t s = 12345;
    unsigned long bytes = 0;
    for (int i = 0; i < 4096; i++) {
        s = s * 1664525u + 1013904223u;
        lens[i] = (uint16_t)((s >> 8) % (MAX_LEN + 1));
    }
    for (unsigned long i = 0; i < N_MSGS; i++) {
        bytes += lens[i & 4095];
    }
    memset(src, 0x5A, sizeof(src));
    ipc_ring_t *r = aligned_alloc(IPC_LINE, IPC_RING_BYTES(RING_SIZE));
    uint16_t len, type;
    uint32_t seq;

    /* reference: the same bytes copied in and out with memcpy */
    double t0 = now();
    for (unsigned long i = 0; i < N_MSGS; i++) {
        memcpy(dst, src, lens[i & 4095]);
        __asm__ volatile ("" ::: "memory");
        memcpy(src, dst, lens[i & 4095]);
        __asm__ volatile ("" ::: "memory");
    }
    double t_memcpy = now() - t0;

    ipc_ring_init(r, RING_SIZE);
    t0 = now();
    for (unsigned long i = 0; i < N_MSGS;) {
        unsigned long j = i;
        while (j < N_MSGS && ipc_ring_try_write(r, src, lens[j & 4095], 1) == IPC_OK) {
            j++;
        }
        for (; i < j; i++) {
            ipc_ring_try_read(r, dst, sizeof(dst), &len, &type, &seq);
        }
    }
    double t_one = now() - t0;
    if (r->records_read != N_MSGS) {
        fprintf(stderr, "bench: %u of %lu records read\n", r->records_read, N_MSGS);
        return 1;
    }

    ipc_host_link_t link;
    if (ipc_host_link_init(&link, RING_SIZE) != IPC_OK) {
        return 1;
    }
    ipc_chan_t tx = link.side[0], rx = link.side[1];
    pthread_t p;
    t0 = now();
    pthread_create(&p, NULL, producer, &tx);
    for (unsigned long i = 0; i < N_MSGS; i++) {
        ipc_chan_recv(&rx, dst, sizeof(dst), &len, &type, &seq, NULL);
    }
    pthread_join(p, NULL);
    double t_two = now() - t0;

    printf("ipc ring host: %lu records of 0..%d bytes (mean %.0f), ring %d bytes\n", N_MSGS,
           MAX_LEN, (double)bytes / N_MSGS, RING_SIZE);
    report("memcpy in + out (reference)", t_memcpy, bytes, 0);
    report("one thread, write batch + read", t_one, bytes, t_memcpy);
    report("two threads, sleeping sides", t_two, bytes, t_memcpy);
    printf("ipc ring host: two threads: producer slept %u times, consumer %u, bells %u\n",
           tx.sleeps, rx.sleeps, tx.bells_rung + rx.bells_rung);
    ipc_host_link_free(&link);
    free(r);
    return 0;
}
