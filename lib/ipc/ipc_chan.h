/*
 * A two-way channel over two ipc rings (one each way), with doorbells so
 * that a side with nothing to do sleeps instead of spinning.
 *
 * Each side publishes two flags that the other side reads: want_data (I
 * sleep until something arrives in my rx ring) and want_space (I sleep
 * until room appears in my tx ring).  The waker rings the sleeper's
 * doorbell only when the matching flag is set.  The lost-wake-up race is
 * closed by ordering on both sides, Dekker style:
 *
 *   sleeper: flag = 1; fence; re-check the ring; sleep      (bell latched)
 *   waker:   publish head/tail; fence; if (flag) { flag = 0; ring the bell }
 *
 * With both fences sequentially consistent at least one side sees the
 * other's store: either the sleeper's re-check finds the record (or room),
 * or the waker rings.  The bell must be latched (an interrupt flag that
 * stays pending): if it rings between the re-check and the sleep, the
 * sleep returns at once.  The waker clears the flag (atomic exchange) as it
 * rings, so one sleep costs one bell however many records follow.
 * tests/model/ipc_chan.pml checks all this with spin.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_IPC_CHAN_H
#define H7STACK_IPC_CHAN_H

#include "ipc_ring.h"

typedef struct {
    _Atomic uint32_t want_data;     /* sleeping until my rx ring has a record */
    _Atomic uint32_t want_space;    /* sleeping until my tx ring has room */
    uint32_t pad[IPC_LINE / 4 - 2];
} ipc_flags_t;

typedef struct ipc_chan ipc_chan_t;
struct ipc_chan {
    ipc_ring_t *tx, *rx;
    ipc_flags_t *mine, *peer;
    /* ring the peer's doorbell */
    void (*ring)(ipc_chan_t *ch);
    /* sleep until my doorbell has rung (perhaps already: it is latched) or
     * the deadline passed; non-zero when the time is up.  May return early. */
    int (*sleep)(ipc_chan_t *ch, void *deadline);
    void *hw;                       /* for ring() and sleep() */
    /* this side's counters */
    uint32_t bells_rung;            /* doorbells rung for the peer */
    uint32_t sleeps;                /* times this side slept */
    uint32_t timeouts;              /* sends and receives that gave up */
};

/* Send one record; while the tx ring is full, sleep (counted in the ring's
 * producer_waits).  deadline is passed to sleep(); IPC_ETIMEOUT when it
 * passes, and then nothing was sent. */
int ipc_chan_send(ipc_chan_t *ch, const void *payload, uint16_t len, uint16_t type,
                  void *deadline);
/* Receive one record, sleeping while the rx ring is empty; IPC_ETIMEOUT
 * when the deadline passes with nothing received. */
int ipc_chan_recv(ipc_chan_t *ch, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                  uint32_t *seq, void *deadline);
/* Non-blocking forms: IPC_EFULL / IPC_EEMPTY instead of sleeping. */
int ipc_chan_try_send(ipc_chan_t *ch, const void *payload, uint16_t len, uint16_t type);
int ipc_chan_try_recv(ipc_chan_t *ch, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                      uint32_t *seq);

#endif
