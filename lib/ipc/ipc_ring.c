#include <string.h>
#include "ipc_ring.h"

#define RING_MAGIC 0x49504352u      /* "IPCR" */

static uint32_t rec_bytes(uint32_t len)
{
    return (IPC_HEADER_SIZE + len + IPC_RECORD_ALIGN - 1) & ~(IPC_RECORD_ALIGN - 1);
}

int ipc_ring_init(ipc_ring_t *r, uint32_t size)
{
    if (!r || size < 64 || (size & (size - 1)) || size > 0x80000000u) {
        return IPC_EINVAL;
    }
    memset(r, 0, sizeof(*r));
    r->size = size;
    r->magic = RING_MAGIC;
    atomic_store_explicit(&r->head, 0, memory_order_relaxed);
    atomic_store_explicit(&r->tail, 0, memory_order_release);
    return IPC_OK;
}

uint32_t ipc_ring_max_payload(const ipc_ring_t *r)
{
    /* a record may need a padding record before it: keep it to half */
    uint32_t m = r->size / 2 - IPC_HEADER_SIZE;
    return m > 0xFFFFu ? 0xFFFFu : m;
}

uint32_t ipc_ring_depth(const ipc_ring_t *r)
{
    uint32_t head = atomic_load_explicit(&((ipc_ring_t *)r)->head, memory_order_acquire);
    uint32_t tail = atomic_load_explicit(&((ipc_ring_t *)r)->tail, memory_order_acquire);
    return head - tail;
}

/* bytes a record of len needs now at head: padding to the end if it would
 * wrap, then the record */
static uint32_t room_needed(const ipc_ring_t *r, uint32_t head, uint16_t len)
{
    uint32_t need = rec_bytes(len), to_end = r->size - (head & (r->size - 1));
    return (need > to_end ? to_end : 0) + need;
}

bool ipc_ring_fits(const ipc_ring_t *r, uint16_t len)
{
    uint32_t head = atomic_load_explicit(&((ipc_ring_t *)r)->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&((ipc_ring_t *)r)->tail, memory_order_acquire);
    return len <= ipc_ring_max_payload(r) && r->size - (head - tail) >= room_needed(r, head, len);
}

int ipc_ring_try_write(ipc_ring_t *r, const void *payload, uint16_t len, uint16_t type)
{
    if (r->magic != RING_MAGIC || type == IPC_TYPE_PAD || (len && !payload)) {
        return IPC_EINVAL;
    }
    if (len > ipc_ring_max_payload(r)) {
        return IPC_ETOOBIG;
    }
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    uint32_t need = rec_bytes(len);
    uint32_t off = head & (r->size - 1);
    uint32_t to_end = r->size - off;
    uint32_t pad = need > to_end ? to_end : 0;   /* the record would wrap */

    if (r->size - (head - tail) < pad + need) {
        return IPC_EFULL;
    }
    if (pad) {
        ipc_header_t h = { .len = (uint16_t)(pad - IPC_HEADER_SIZE), .type = IPC_TYPE_PAD, .seq = 0 };
        memcpy(&r->data[off], &h, sizeof(h));
        off = 0;
    }
    ipc_header_t h = { .len = len, .type = type, .seq = r->seq_next };
    memcpy(&r->data[off], &h, sizeof(h));
    if (len) {
        memcpy(&r->data[off + IPC_HEADER_SIZE], payload, len);
    }
    r->seq_next++;
    r->records_written++;
    uint32_t used = head + pad + need - tail;
    if (used > r->high_water) {
        r->high_water = used;
    }
    /* publish: the record is complete before the consumer can see it */
    atomic_store_explicit(&r->head, head + pad + need, memory_order_release);
    return IPC_OK;
}

int ipc_ring_try_read(ipc_ring_t *r, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                      uint32_t *seq)
{
    if (r->magic != RING_MAGIC) {
        return IPC_EINVAL;
    }
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    for (;;) {
        uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
        uint32_t avail = head - tail;
        if (avail == 0) {
            return IPC_EEMPTY;
        }
        uint32_t off = tail & (r->size - 1);
        ipc_header_t h;
        if (avail < IPC_HEADER_SIZE || avail > r->size || (off & (IPC_RECORD_ALIGN - 1))) {
            return IPC_ECORRUPT;
        }
        memcpy(&h, &r->data[off], sizeof(h));
        uint32_t bytes = rec_bytes(h.len);
        if (bytes > avail || off + bytes > r->size) {
            return IPC_ECORRUPT;
        }
        if (h.type == IPC_TYPE_PAD) {
            if (off + bytes != r->size) {
                return IPC_ECORRUPT;        /* padding only runs to the end */
            }
            tail += bytes;
            atomic_store_explicit(&r->tail, tail, memory_order_release);
            continue;
        }
        if (h.seq != r->seq_expect) {
            return IPC_ECORRUPT;
        }
        if (h.len > cap) {
            return IPC_ESMALL;
        }
        if (h.len) {
            memcpy(buf, &r->data[off + IPC_HEADER_SIZE], h.len);
        }
        *len = h.len;
        *type = h.type;
        *seq = h.seq;
        r->seq_expect++;
        r->records_read++;
        /* copied out: the space may be reused */
        atomic_store_explicit(&r->tail, tail + bytes, memory_order_release);
        return IPC_OK;
    }
}

int ipc_ring_write(ipc_ring_t *r, const void *payload, uint16_t len, uint16_t type,
                   ipc_wait_fn wait, void *ctx)
{
    for (;;) {
        int rc = ipc_ring_try_write(r, payload, len, type);
        if (rc != IPC_EFULL) {
            return rc;
        }
        r->producer_waits++;
        if (!wait || wait(ctx)) {
            return IPC_ETIMEOUT;
        }
    }
}
