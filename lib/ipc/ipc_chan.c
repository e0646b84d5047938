/* SPDX-License-Identifier: MIT */
#include "ipc_chan.h"

/* tests/unit's proof that the re-check matters: built with this, a side
 * sleeps without looking again, having yielded between its look and its
 * flag (the window where the peer's record or room goes unannounced), and
 * the stress test must lose a wake-up.  Never defined in a product build. */
#ifdef IPC_CHAN_TEST_NO_RECHECK
#include <sched.h>
#define WIDEN_RACE()           sched_yield()
#define RECHECK(expr, nothing) (nothing)
#else
#define WIDEN_RACE()           ((void)0)
#define RECHECK(expr, nothing) (expr)
#endif

static void wake_peer_if(ipc_chan_t *ch, _Atomic uint32_t *flag)
{
    /* pairs with the sleeper's fence (see ipc_chan.h); taking the flag
     * rings once per sleep, not once per record while the peer sleeps */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(flag, memory_order_relaxed) &&
        atomic_exchange_explicit(flag, 0, memory_order_relaxed)) {
        ch->bells_rung++;
        ch->ring(ch);
    }
}

int ipc_chan_try_send(ipc_chan_t *ch, const void *payload, uint16_t len, uint16_t type)
{
    int rc = ipc_ring_try_write(ch->tx, payload, len, type);
    if (rc == IPC_OK) {
        wake_peer_if(ch, &ch->peer->want_data);
    }
    return rc;
}

int ipc_chan_try_recv(ipc_chan_t *ch, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                      uint32_t *seq)
{
    int rc = ipc_ring_try_read(ch->rx, buf, cap, len, type, seq);
    if (rc == IPC_OK) {
        wake_peer_if(ch, &ch->peer->want_space);
    }
    return rc;
}

int ipc_chan_send(ipc_chan_t *ch, const void *payload, uint16_t len, uint16_t type,
                  void *deadline)
{
    for (;;) {
        int rc = ipc_chan_try_send(ch, payload, len, type);
        if (rc != IPC_EFULL) {
            return rc;
        }
        /* announce, then look again: the consumer may have read meanwhile */
        WIDEN_RACE();
        atomic_store_explicit(&ch->mine->want_space, 1, memory_order_relaxed);
        atomic_thread_fence(memory_order_seq_cst);
        rc = RECHECK(ipc_chan_try_send(ch, payload, len, type), IPC_EFULL);
        if (rc != IPC_EFULL) {
            atomic_store_explicit(&ch->mine->want_space, 0, memory_order_relaxed);
            return rc;
        }
        ch->tx->producer_waits++;
        ch->sleeps++;
        int late = ch->sleep(ch, deadline);
        atomic_store_explicit(&ch->mine->want_space, 0, memory_order_relaxed);
        if (late) {
            ch->timeouts++;
            return IPC_ETIMEOUT;
        }
    }
}

int ipc_chan_recv(ipc_chan_t *ch, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                  uint32_t *seq, void *deadline)
{
    for (;;) {
        int rc = ipc_chan_try_recv(ch, buf, cap, len, type, seq);
        if (rc != IPC_EEMPTY) {
            return rc;
        }
        WIDEN_RACE();
        atomic_store_explicit(&ch->mine->want_data, 1, memory_order_relaxed);
        atomic_thread_fence(memory_order_seq_cst);
        rc = RECHECK(ipc_chan_try_recv(ch, buf, cap, len, type, seq), IPC_EEMPTY);
        if (rc != IPC_EEMPTY) {
            atomic_store_explicit(&ch->mine->want_data, 0, memory_order_relaxed);
            return rc;
        }
        ch->sleeps++;
        int late = ch->sleep(ch, deadline);
        atomic_store_explicit(&ch->mine->want_data, 0, memory_order_relaxed);
        if (late) {
            ch->timeouts++;
            return IPC_ETIMEOUT;
        }
    }
}
