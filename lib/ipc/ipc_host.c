/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ipc_host.h"

static void ring_peer(ipc_chan_t *ch)
{
    ipc_host_bell_t *b = ((ipc_host_side_t *)ch->hw)->peer;
    pthread_mutex_lock(&b->m);
    b->rung = 1;
    pthread_cond_signal(&b->c);
    pthread_mutex_unlock(&b->m);
}

static int sleep_mine(ipc_chan_t *ch, void *deadline)
{
    ipc_host_bell_t *b = ((ipc_host_side_t *)ch->hw)->mine;
    int late = 0;
    pthread_mutex_lock(&b->m);
    while (!b->rung && !late) {
        if (deadline) {
            late = pthread_cond_timedwait(&b->c, &b->m, deadline) == ETIMEDOUT;
        } else {
            pthread_cond_wait(&b->c, &b->m);
        }
    }
    if (b->rung) {
        b->rung = 0;
        late = 0;
    }
    pthread_mutex_unlock(&b->m);
    return late;
}

int ipc_host_link_init(ipc_host_link_t *l, uint32_t ring_size)
{
    memset(l, 0, sizeof(*l));
    for (int i = 0; i < 2; i++) {
        void *mem;
        l->ring[i] = posix_memalign(&mem, IPC_LINE, IPC_RING_BYTES(ring_size)) ? NULL : mem;
        if (!l->ring[i] || ipc_ring_init(l->ring[i], ring_size) != IPC_OK) {
            ipc_host_link_free(l);
            return IPC_EINVAL;
        }
        pthread_mutex_init(&l->bell[i].m, NULL);
        pthread_cond_init(&l->bell[i].c, NULL);
    }
    for (int i = 0; i < 2; i++) {
        l->hw[i] = (ipc_host_side_t){ &l->bell[i], &l->bell[!i] };
        l->side[i] = (ipc_chan_t){ .tx = l->ring[i], .rx = l->ring[!i], .mine = &l->flags[i],
                                   .peer = &l->flags[!i], .ring = ring_peer,
                                   .sleep = sleep_mine, .hw = &l->hw[i] };
    }
    return IPC_OK;
}

void ipc_host_link_free(ipc_host_link_t *l)
{
    for (int i = 0; i < 2; i++) {
        free(l->ring[i]);
        l->ring[i] = NULL;
    }
}

struct timespec *ipc_host_deadline(struct timespec *ts, uint32_t ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
    return ts;
}
