/*
 * HCI core of the h7stack BLE host (hci.h): command flow control (the
 * controller's Num_HCI_Command_Packets), completion callbacks, synchronous
 * commands that run the poll loop while they wait, and LE ACL data out:
 * fragmentation to the controller's buffer size with its buffer credits
 * (Number Of Completed Packets).  Everything else goes up through the
 * handlers registered with h7bt_hci_init.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bytering.h"
#include "h4.h"
#include "bt_defs.h"
#include "hci.h"

#define CMDQ            8               /* at most a few wait: sync ones go one at a time */
#define SYNC_TIMEOUT_MS 2000
#define ACL_HDR_LEN     4
#define FRAME_HDR_LEN   (1 + ACL_HDR_LEN)       /* H4 type, handle, length */
#define ACL_MTU_MAX     251                     /* the LL's largest data payload */
#define RXQ_BYTES       256                     /* powers of two (bytering) */
#define TXQ_BYTES       BLE_TXQ_BYTES

static const h7bt_hci_transport_t *tr;
static const h7bt_hci_upper_t *upper;
static h4_decoder_t h4;

static struct {
    uint16_t opcode;
    uint8_t len;
    uint8_t params[H7BT_HCI_CMD_PARAMS_MAX];
    h7bt_hci_done_fn done;
    void *arg;
} cmdq[CMDQ];
static unsigned cmd_head, cmd_count, cmd_credits = 1;
static bool cmd_waiting;                 /* sent, no Complete/Status yet */

/* ACL: whole frames (H4 type + 4-byte header + fragment) waiting for credits */
static uint8_t txq_mem[TXQ_BYTES];
static bytering_t txq;
static unsigned txq_frames;
static uint16_t acl_mtu = 27, acl_credits = 1;
static struct { uint16_t conn, n; } in_flight[BLE_MAX_CONN];

static void tap(uint8_t type, bool in, const uint8_t *pkt, size_t len)
{
    if (upper->tap) {
        upper->tap(type, in, pkt, len);
    }
}

static void send_frame(uint8_t type, const uint8_t *pkt, size_t len)
{
    uint8_t buf[1 + 3 + 255];
    size_t n = h7bt_h4_frame(type, pkt, len, buf, sizeof(buf));
    if (n) {
        tap(type, false, pkt, len);
        tr->send(tr->ctx, buf, n);
    }
}

/* ---- commands ---- */

static void cmd_pump(void)
{
    while (cmd_count && cmd_credits && !cmd_waiting) {
        uint8_t pkt[3 + H7BT_HCI_CMD_PARAMS_MAX];
        put16(pkt, cmdq[cmd_head].opcode);
        pkt[2] = cmdq[cmd_head].len;
        memcpy(pkt + 3, cmdq[cmd_head].params, cmdq[cmd_head].len);
        cmd_credits--;
        cmd_waiting = true;             /* one at a time: completions stay in order */
        send_frame(H4_CMD, pkt, 3u + cmdq[cmd_head].len);
    }
}

int h7bt_hci_cmd(uint16_t opcode, const void *params, uint8_t len, h7bt_hci_done_fn done,
                 void *arg)
{
    if (len > H7BT_HCI_CMD_PARAMS_MAX) {
        return BLE_EINVAL;
    }
    if (cmd_count == CMDQ) {
        return BLE_ENOMEM;
    }
    unsigned i = (cmd_head + cmd_count++) % CMDQ;
    cmdq[i].opcode = opcode;
    cmdq[i].len = len;
    if (len) {
        memcpy(cmdq[i].params, params, len);
    }
    cmdq[i].done = done;
    cmdq[i].arg = arg;
    cmd_pump();
    return BLE_OK;
}

static void cmd_complete(uint16_t opcode, uint8_t status, const uint8_t *ret, size_t len)
{
    if (!cmd_count || cmdq[cmd_head].opcode != opcode) {
        return;                         /* not ours (e.g. the NOP after reset) */
    }
    h7bt_hci_done_fn done = cmdq[cmd_head].done;
    void *arg = cmdq[cmd_head].arg;
    cmd_head = (cmd_head + 1) % CMDQ;
    cmd_count--;
    cmd_waiting = false;
    if (done) {
        done(arg, status, ret, len);
    }
    cmd_pump();
}

typedef struct {
    bool done;
    uint8_t status;
    uint8_t *ret;
    size_t size;
} sync_t;

static void sync_done(void *arg, uint8_t status, const uint8_t *ret, size_t len)
{
    sync_t *s = arg;
    s->done = true;
    s->status = status;
    if (s->ret) {
        memcpy(s->ret, ret, len < s->size ? len : s->size);
    }
}

int h7bt_hci_cmd_sync(uint16_t opcode, const void *params, uint8_t len, uint8_t *ret,
                      size_t ret_size)
{
    sync_t s = { false, 0, ret, ret_size };
    int rc = h7bt_hci_cmd(opcode, params, len, sync_done, &s);
    if (rc) {
        return rc;
    }
    int64_t end = k_uptime_get() + SYNC_TIMEOUT_MS;
    while (!s.done) {
        if (k_uptime_get() > end) {
            /* a late completion must not write into this returned frame */
            for (unsigned i = 0; i < cmd_count; i++) {
                unsigned q = (cmd_head + i) % CMDQ;
                if (cmdq[q].arg == &s) {
                    cmdq[q].done = NULL;
                }
            }
            return BLE_ETIMEDOUT;
        }
        k_sleep(K_MSEC(1));
    }
    return s.status;
}

/* ---- ACL out ---- */

void h7bt_hci_set_buffers(uint16_t mtu, uint16_t count)
{
    if (mtu && count) {
        acl_mtu = mtu > ACL_MTU_MAX ? ACL_MTU_MAX : mtu;
        acl_credits = count;
    }
}

static void count_in_flight(uint16_t conn)
{
    int slot = -1;
    for (int i = 0; i < BLE_MAX_CONN; i++) {            /* this connection's count ... */
        if (in_flight[i].n && in_flight[i].conn == conn) {
            slot = i;
        }
    }
    for (int i = 0; i < BLE_MAX_CONN && slot < 0; i++) {   /* ... or a free one */
        if (!in_flight[i].n) {
            slot = i;
        }
    }
    if (slot >= 0) {
        in_flight[slot].conn = conn;
        in_flight[slot].n++;
    }
}

static void tx_pump(void)
{
    while (txq_frames && acl_credits) {
        uint8_t frame[FRAME_HDR_LEN + ACL_MTU_MAX];
        bytering_read(&txq, frame, FRAME_HDR_LEN);
        size_t flen = FRAME_HDR_LEN + get16(frame + 3);
        bytering_read(&txq, frame + FRAME_HDR_LEN, flen - FRAME_HDR_LEN);
        txq_frames--;
        acl_credits--;
        count_in_flight(get16(frame + 1) & BT_ACL_HANDLE_MASK);
        tap(frame[0], false, frame + 1, flen - 1);
        tr->send(tr->ctx, frame, flen);
    }
}

unsigned h7bt_hci_acl_queued(void)
{
    return txq_frames;
}

int h7bt_hci_acl_send(uint16_t conn, const uint8_t *head, size_t head_len, const uint8_t *body,
                      size_t body_len)
{
    size_t total = head_len + body_len, frags = (total + acl_mtu - 1) / acl_mtu;
    if (total + FRAME_HDR_LEN * frags > bytering_free(&txq)) {
        return BLE_ENOMEM;
    }
    for (size_t off = 0; off < total; off += acl_mtu) {
        size_t n = total - off < acl_mtu ? total - off : acl_mtu;
        uint8_t hdr[FRAME_HDR_LEN] = { H4_ACL };
        uint8_t pb = off ? BT_ACL_PB_CONTINUING : BT_ACL_PB_FIRST_NON_FLUSH;
        put16(hdr + 1, (uint16_t)(conn | pb << BT_ACL_PB_SHIFT));
        put16(hdr + 3, (uint16_t)n);
        bytering_write(&txq, hdr, sizeof(hdr));
        txq_frames++;
        /* the fragment's bytes: what is left of head, then of body */
        size_t from_head = off < head_len ? head_len - off : 0;
        from_head = from_head < n ? from_head : n;
        bytering_write(&txq, head + off, from_head);
        bytering_write(&txq, body + (off + from_head - head_len), n - from_head);
    }
    tx_pump();
    return BLE_OK;
}

void h7bt_hci_conn_gone(uint16_t conn)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (in_flight[i].n && in_flight[i].conn == conn) {
            acl_credits += in_flight[i].n;      /* the controller frees them */
            in_flight[i].n = 0;
        }
    }
}

static void on_completed_packets(const uint8_t *e, size_t n)
{
    if (n < 1 || n < 1u + 4u * e[0]) {
        return;
    }
    for (unsigned i = 0; i < e[0]; i++) {
        uint16_t conn = get16(e + 1 + 4 * i) & BT_ACL_HANDLE_MASK, done = get16(e + 3 + 4 * i);
        for (int k = 0; k < BLE_MAX_CONN && done; k++) {
            if (in_flight[k].n && in_flight[k].conn == conn) {
                uint16_t d = done < in_flight[k].n ? done : in_flight[k].n;
                in_flight[k].n = (uint16_t)(in_flight[k].n - d);
                acl_credits = (uint16_t)(acl_credits + d);
                done = (uint16_t)(done - d);
            }
        }
    }
    tx_pump();
    if (upper->buffers_freed) {
        upper->buffers_freed();
    }
}

/* ---- in ---- */

static void on_event(const uint8_t *p, size_t len)
{
    if (len < 2) {
        return;
    }
    const uint8_t *e = p + 2;
    size_t n = len - 2;
    switch (p[0]) {
    case BT_HCI_EVT_CMD_COMPLETE:           /* credits, opcode, return parameters */
        if (n >= 3) {
            cmd_credits = e[0];
            cmd_complete(get16(e + 1), n > 3 ? e[3] : 0, e + 3, n - 3);
        }
        break;
    case BT_HCI_EVT_CMD_STATUS:             /* status, credits, opcode */
        if (n >= 4) {
            cmd_credits = e[1];
            cmd_complete(get16(e + 2), e[0], e, 1);
        }
        break;
    case BT_HCI_EVT_NUM_COMPLETED_PACKETS:
        on_completed_packets(e, n);
        break;
    default:
        upper->event(p, len);
        break;
    }
}

static void on_acl(const uint8_t *p, size_t len)
{
    if (len < ACL_HDR_LEN) {
        return;
    }
    uint16_t hf = get16(p), dlen = get16(p + 2);
    if (dlen + (size_t)ACL_HDR_LEN > len) {
        return;
    }
    upper->acl(hf & BT_ACL_HANDLE_MASK, (uint8_t)(hf >> BT_ACL_PB_SHIFT & 3), p + ACL_HDR_LEN,
               dlen);
}

/*
 * Received bytes wait in rxq in stream order and are taken off no further
 * than the end of the packet in progress (h7bt_h4_want), so each h7bt_h4_feed ends at
 * most one packet; a finished packet is handled from a copy on this call's
 * stack.  A handler may wait for the controller (a Python IRQ handler that
 * starts advertising polls for its Command Complete) and so feed and handle
 * the packets that follow: they come after the one in hand, in order, and
 * do not overwrite it.
 */
static uint8_t rxq_mem[RXQ_BYTES];
static bytering_t rxq;
static uint8_t *taken;                      /* where on_h4_packet puts a finished packet */
static uint8_t taken_type;
static size_t taken_len;

static void on_h4_packet(void *ctx, uint8_t type, const uint8_t *pkt, size_t len)
{
    (void)ctx;
    memcpy(taken, pkt, len);
    taken_type = type;
    taken_len = len;
}

static void rx_drain(void)
{
    uint8_t pkt[H4_MAX_PACKET];
    size_t n;
    const uint8_t *p;
    while ((p = bytering_peek_linear(&rxq, &n)) != NULL && n) {
        size_t want = h7bt_h4_want(&h4);
        n = n < want ? n : want;
        bytering_skip(&rxq, n);             /* taken off before anything can nest */
        taken = pkt;
        taken_len = 0;
        h7bt_h4_feed(&h4, p, n);
        if (taken_len) {
            tap(taken_type, true, pkt, taken_len);
            if (taken_type == H4_EVT) {
                on_event(pkt, taken_len);
            } else if (taken_type == H4_ACL) {
                on_acl(pkt, taken_len);
            }
        }
    }
}

/*
 * Every pass of the poll loop handles what was read already, not only a
 * feed of new bytes: a wait inside a handler (a command sent from an event
 * handler queues behind one whose Command Complete came in the same read,
 * behind that event) finds its completion in rxq, where polling for new
 * bytes alone would wait for it until the timeout.
 */
static int drain_input(h7bt_os_input_t *in)
{
    (void)in;
    if (!bytering_used(&rxq)) {
        return 0;
    }
    rx_drain();
    return 1;
}

static h7bt_os_input_t drain = { NULL, drain_input };

void h7bt_hci_feed(const uint8_t *data, size_t len)
{
    while (len) {
        size_t n = bytering_write(&rxq, data, len);
        data += n;
        len -= n;
        rx_drain();
    }
}

void h7bt_hci_init(const h7bt_hci_transport_t *t, const h7bt_hci_upper_t *up)
{
    tr = t;
    upper = up;
    h7bt_h4_init(&h4, on_h4_packet, NULL);
    bytering_init(&rxq, rxq_mem, sizeof(rxq_mem));
    bytering_init(&txq, txq_mem, sizeof(txq_mem));
    h7bt_os_input_add(&drain);
    txq_frames = 0;
    memset(in_flight, 0, sizeof(in_flight));
    cmd_head = cmd_count = 0;
    cmd_credits = 1;
    cmd_waiting = false;
    acl_mtu = 27;
    acl_credits = 1;
}
