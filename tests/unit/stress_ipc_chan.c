/* Two threads, one channel (a ring each way), N messages of random sizes
 * through small rings, both directions: each side sends a burst, then
 * receives the peer's, so both sleep on a full tx ring (want_space: made
 * certain by a flood now and then, see FLOOD_EVERY) and on an empty rx ring
 * (want_data).  Every message arrives, in order, intact.
 * Both sides sleep on a latched doorbell (lib/ipc/ipc_host: mutex +
 * condition variable), as the cores sleep on their HSEM interrupt, so the
 * notify/sleep protocol of ipc_chan runs millions of times.  Every wait has
 * a deadline: a lost wake-up fails the run (exit 2) instead of hanging it.
 * Built with -fsanitize=thread; built again with IPC_CHAN_TEST_NO_RECHECK
 * (ipc_chan.c skips its re-check before sleeping) it must fail. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ipc_host.h"

#define RING_SIZE   4096
#define MAX_LEN     256
#define MAX_BURST   14       /* one burst fits in the ring, two may not: senders wait for
                                * room, and never both at once (the other is receiving) */
#define DEADLINE_MS 5000     /* far beyond any real wait: only a lost wake-up reaches it */
/* every FLOOD_EVERY bursts one side in turn floods: FLOOD_MSGS messages, more
 * than the ring holds, while the other sends one and waits FLOOD_PAUSE_NS
 * before reading them, so the flooding sender waits for room (want_space)
 * however the threads are scheduled */
#define FLOOD_EVERY    1000
#define FLOOD_MSGS     64
#define FLOOD_PAUSE_NS 1000000

static unsigned long n_msgs;

typedef struct {
    ipc_chan_t *ch;
    int id;
    unsigned long sent, got;
} side_t;

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void fail(side_t *me, const char *what, unsigned long i, int rc)
{
    fprintf(stderr, "side %d: %s %lu: %s (rc %d)\n", me->id, what, i,
            rc == IPC_ETIMEOUT ? "no wake-up within the deadline: a lost wake-up" : "failed",
            rc);
    exit(rc == IPC_ETIMEOUT ? 2 : 1);
}

/* message i from side `from`: its length and bytes follow from (from, i) */
static uint16_t msg_len(int from, unsigned long i)
{
    uint32_t s = (uint32_t)(i * 2654435761u) ^ (uint32_t)from;
    return (uint16_t)(rng_next(&s) % (MAX_LEN + 1));
}

/* the messages side `from` sends in burst j, whose drawn size is drawn */
static unsigned burst_len(int from, unsigned long j, unsigned drawn)
{
    if (j % FLOOD_EVERY == 0) {
        int flooder = (int)(j / FLOOD_EVERY % 2);
        return from == flooder ? FLOOD_MSGS : 1;
    }
    return drawn;
}

static void *run_side(void *arg)
{
    side_t *me = arg;
    uint32_t bursts = 747;              /* both sides draw the same burst sizes */
    uint8_t buf[MAX_LEN + 16];
    struct timespec dl;
    for (unsigned long j = 1; me->sent < n_msgs || me->got < n_msgs; j++) {
        unsigned drawn = 1 + rng_next(&bursts) % MAX_BURST;
        unsigned burst = burst_len(me->id, j, drawn);
        for (unsigned b = 0; b < burst && me->sent < n_msgs; b++, me->sent++) {
            uint16_t len = msg_len(me->id, me->sent);
            for (uint16_t k = 0; k < len; k++) {
                buf[k] = (uint8_t)(me->sent + k + me->id);
            }
            int rc = ipc_chan_send(me->ch, buf, len, (uint16_t)(me->sent & 0x7FFF),
                                   ipc_host_deadline(&dl, DEADLINE_MS));
            if (rc != IPC_OK) {
                fail(me, "send", me->sent, rc);
            }
        }
        burst = burst_len(!me->id, j, drawn);
        if (burst == FLOOD_MSGS) {
            nanosleep(&(struct timespec){ 0, FLOOD_PAUSE_NS }, NULL); /* let it fill */
        }
        for (unsigned b = 0; b < burst && me->got < n_msgs; b++, me->got++) {
            uint16_t len, type;
            uint32_t seq;
            int rc = ipc_chan_recv(me->ch, buf, sizeof(buf), &len, &type, &seq,
                                   ipc_host_deadline(&dl, DEADLINE_MS));
            if (rc != IPC_OK) {
                fail(me, "receive", me->got, rc);
            }
            int from = !me->id;
            if (seq != (uint32_t)me->got || len != msg_len(from, me->got) ||
                type != (me->got & 0x7FFF)) {
                fprintf(stderr, "side %d: message %lu: seq %u len %u type %u\n", me->id,
                        me->got, seq, len, type);
                exit(1);
            }
            for (uint16_t k = 0; k < len; k++) {
                if (buf[k] != (uint8_t)(me->got + k + from)) {
                    fprintf(stderr, "side %d: message %lu: byte %u corrupt\n", me->id, me->got, k);
                    exit(1);
                }
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    n_msgs = argc > 1 ? strtoul(argv[1], NULL, 0) : 5000000ul;
    ipc_host_link_t link;               /* lib/ipc between threads: rings and bells */
    if (ipc_host_link_init(&link, RING_SIZE) != IPC_OK) {
        return 1;
    }
    side_t side[2] = { { &link.side[0], 0, 0, 0 }, { &link.side[1], 1, 0, 0 } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, run_side, &side[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    printf("stress: %lu messages each way in order, none lost; high water %u and %u of %u "
           "bytes; sleeps %u and %u (for room: %u and %u); bells %u and %u\n",
           n_msgs, link.ring[0]->high_water, link.ring[1]->high_water, RING_SIZE,
           link.side[0].sleeps, link.side[1].sleeps, link.ring[0]->producer_waits,
           link.ring[1]->producer_waits, link.side[0].bells_rung, link.side[1].bells_rung);
    if (!link.ring[0]->producer_waits || !link.ring[1]->producer_waits) {
        fprintf(stderr, "stress: a sender never waited for room: want_space untested\n");
        return 1;
    }
    ipc_host_link_free(&link);
    return 0;
}
