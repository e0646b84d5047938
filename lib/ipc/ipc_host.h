/*
 * lib/ipc between two threads of one process (the desktop mirror, tests):
 * two rings in heap memory, and latched doorbells made of a mutex and a
 * condition variable.  Deadlines are struct timespec (CLOCK_REALTIME,
 * absolute), NULL for no limit.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_IPC_HOST_H
#define H7STACK_IPC_HOST_H

#include <pthread.h>
#include <time.h>
#include "ipc_chan.h"

typedef struct {
    pthread_mutex_t m;
    pthread_cond_t c;
    int rung;
} ipc_host_bell_t;

typedef struct {
    ipc_host_bell_t *mine, *peer;
} ipc_host_side_t;

typedef struct {
    ipc_ring_t *ring[2];            /* [0]: side 0 -> side 1, [1]: back */
    ipc_flags_t flags[2];
    ipc_host_bell_t bell[2];
    ipc_host_side_t hw[2];
    ipc_chan_t side[2];
} ipc_host_link_t;

int ipc_host_link_init(ipc_host_link_t *l, uint32_t ring_size);
void ipc_host_link_free(ipc_host_link_t *l);
/* *ts = now + ms; returns ts */
struct timespec *ipc_host_deadline(struct timespec *ts, uint32_t ms);

#endif
