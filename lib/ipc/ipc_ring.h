/*
 * Single-producer / single-consumer ring of variable-length records, for
 * shared memory between two cores (or two threads on the host).
 *
 * Layout: the control block (producer and consumer words on separate 32-byte
 * lines, the Cortex-M7 cache line) followed by the data area.  head and tail
 * are free-running byte counts; the producer owns head, the consumer tail.
 * Each record is an 8-byte header (length, type, sequence number) and its
 * payload, padded to 8 bytes.  A record never wraps: when it does not fit
 * before the end of the data area, the producer writes a padding record
 * there and the record starts again at offset 0.  Nothing is ever dropped:
 * a full ring makes the producer return IPC_EFULL (try) or wait (write).
 *
 * Memory ordering: the producer fills the record, then publishes head with
 * release semantics; the consumer reads head with acquire semantics before
 * reading the record, and releases tail after copying it out.
 */
#ifndef H7STACK_IPC_RING_H
#define H7STACK_IPC_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPC_OK          0
#define IPC_EFULL      -1   /* no room now (try_write) */
#define IPC_EEMPTY     -2   /* nothing to read */
#define IPC_ETOOBIG    -3   /* the record can never fit in this ring */
#define IPC_ESMALL     -4   /* the reader's buffer is too small; record kept */
#define IPC_ECORRUPT   -5   /* a header makes no sense or a sequence number was skipped */
#define IPC_ETIMEOUT   -6   /* write: still full when the wait gave up */
#define IPC_EINVAL     -7   /* bad arguments (size not a power of two, ...) */

#define IPC_RECORD_ALIGN 8u
#define IPC_HEADER_SIZE  8u
#define IPC_TYPE_PAD     0xFFFFu    /* reserved: padding to the end of the area */
#define IPC_LINE         32u        /* Cortex-M7 cache line */

typedef struct {
    uint16_t len;       /* payload bytes */
    uint16_t type;      /* user's record type; IPC_TYPE_PAD is reserved */
    uint32_t seq;       /* sequence number, +1 per record (padding excluded) */
} ipc_header_t;

typedef struct {
    /* producer line */
    _Atomic uint32_t head;
    uint32_t seq_next;
    uint32_t high_water;        /* most bytes ever in use */
    uint32_t producer_waits;    /* times write() found the ring full */
    uint32_t records_written;
    uint8_t pad_p[IPC_LINE - 5 * 4];
    /* consumer line */
    _Atomic uint32_t tail;
    uint32_t seq_expect;
    uint32_t records_read;
    uint8_t pad_c[IPC_LINE - 3 * 4];
    /* constant after init */
    uint32_t size;              /* data bytes, a power of two */
    uint32_t magic;
    uint8_t pad_k[IPC_LINE - 2 * 4];
    uint8_t data[];
} ipc_ring_t;

_Static_assert(offsetof(ipc_ring_t, head) == 0, "head opens the producer line");
_Static_assert(offsetof(ipc_ring_t, tail) == IPC_LINE, "tail opens the consumer line");
_Static_assert(offsetof(ipc_ring_t, size) == 2 * IPC_LINE, "constants on the third line");
_Static_assert(offsetof(ipc_ring_t, data) == 3 * IPC_LINE, "data starts on a line");
_Static_assert(sizeof(ipc_header_t) == IPC_HEADER_SIZE, "header is 8 bytes");

/* bytes a ring with `size` data bytes occupies in memory */
#define IPC_RING_BYTES(size) (sizeof(ipc_ring_t) + (size))

/* size: a power of two, at least 64.  Returns IPC_OK or IPC_EINVAL. */
int ipc_ring_init(ipc_ring_t *r, uint32_t size);
/* largest payload that can ever be written */
uint32_t ipc_ring_max_payload(const ipc_ring_t *r);
/* bytes in use (records and padding not yet consumed) */
uint32_t ipc_ring_depth(const ipc_ring_t *r);

int ipc_ring_try_write(ipc_ring_t *r, const void *payload, uint16_t len, uint16_t type);
/* producer side: would a record of len bytes fit now? */
bool ipc_ring_fits(const ipc_ring_t *r, uint16_t len);
/* On IPC_OK: *len, *type, *seq describe the record copied into buf. */
int ipc_ring_try_read(ipc_ring_t *r, void *buf, size_t cap, uint16_t *len, uint16_t *type,
                      uint32_t *seq);

/* Blocking write: while the ring is full, count a wait and call
 * wait(ctx), which sleeps until the consumer signals or returns non-zero
 * when the time is up (then IPC_ETIMEOUT; nothing was written). */
typedef int (*ipc_wait_fn)(void *ctx);
int ipc_ring_write(ipc_ring_t *r, const void *payload, uint16_t len, uint16_t type,
                   ipc_wait_fn wait, void *ctx);

#endif
