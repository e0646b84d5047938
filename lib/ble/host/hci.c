/*
 * HCI core of the h7stack BLE host: command flow control (the controller's
 * Num_HCI_Command_Packets), completion callbacks, synchronous commands
 * that run the poll loop while they wait, event dispatch, and LE ACL data:
 * fragmentation to the controller's buffer size with its buffer credits
 * (Number Of Completed Packets) and reassembly of L2CAP PDUs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "h4.h"
#include "host_int.h"

#define CMDQ        16
/* the longest parameters this host sends: advertising and scan response data */
#define CMD_PARAMS_MAX 32
#define TXQ_BYTES   BLE_TXQ_BYTES

const ble_host_cb_t *ble_cb;
ble_conn_t ble_conns[BLE_MAX_CONN];

static const ble_hci_transport_t *tr;
static h4_decoder_t h4;
static bool ready;
static uint8_t own_addr[6];             /* the controller's public address */
static uint8_t static_addr[6];          /* our random static address, once made */
static uint8_t own_type;                /* 0 public, 1 random (static) */
static uint8_t le_features[8];

static struct {
    uint16_t opcode;
    uint8_t len;
    uint8_t params[CMD_PARAMS_MAX];
    hci_done_fn done;
    void *arg;
} cmdq[CMDQ];
static unsigned cmd_head, cmd_count, cmd_credits = 1;
static bool cmd_waiting;                 /* sent, no Complete/Status yet */

/* ACL: frames (H4 type + 4-byte header + fragment) waiting for credits */
static uint8_t txq[TXQ_BYTES];
static size_t txq_head, txq_len;
static unsigned txq_frames;
static uint16_t acl_mtu = 27, acl_credits = 1;
static struct { uint16_t conn, n; } in_flight[BLE_MAX_CONN];

ble_conn_t *ble_conn_find(uint16_t handle)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (ble_conns[i].used && !ble_conns[i].closing && ble_conns[i].handle == handle) {
            return &ble_conns[i];
        }
    }
    return NULL;
}

static void send_frame(uint8_t type, const uint8_t *pkt, size_t len)
{
    uint8_t buf[1 + 4 + 1024];
    size_t n = h4_frame(type, pkt, len, buf, sizeof(buf));
    if (n) {
        if (ble_cb->hci_packet) {
            ble_cb->hci_packet(type, false, pkt, len);
        }
        tr->send(tr->ctx, buf, n);
    }
}

static void cmd_pump(void)
{
    while (cmd_count && cmd_credits && !cmd_waiting) {
        uint8_t pkt[3 + 255];
        put16(pkt, cmdq[cmd_head].opcode);
        pkt[2] = cmdq[cmd_head].len;
        memcpy(pkt + 3, cmdq[cmd_head].params, cmdq[cmd_head].len);
        cmd_credits--;
        cmd_waiting = true;             /* one at a time: completions stay in order */
        send_frame(H4_CMD, pkt, 3u + cmdq[cmd_head].len);
    }
}

int hci_cmd(uint16_t opcode, const void *params, uint8_t len, hci_done_fn done, void *arg)
{
    if (len > CMD_PARAMS_MAX) {
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
    hci_done_fn done = cmdq[cmd_head].done;
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

/* the HCI status, or BLE_ETIMEDOUT (or BLE_ENOMEM) */
int hci_cmd_sync(uint16_t opcode, const void *params, uint8_t len, uint8_t *ret, size_t ret_size)
{
    sync_t s = { false, 0, ret, ret_size };
    int rc = hci_cmd(opcode, params, len, sync_done, &s);
    if (rc) {
        return rc;
    }
    int64_t end = k_uptime_get() + 2000;
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

static void tx_pump(void)
{
    while (txq_len && acl_credits) {
        uint8_t frame[1 + 4 + 1024];
        size_t flen;
        /* txq holds whole frames: type, handle(2), length(2), data */
        for (size_t i = 0; i < 5; i++) {
            frame[i] = txq[(txq_head + i) % TXQ_BYTES];
        }
        flen = 5 + (size_t)(frame[3] | frame[4] << 8);
        for (size_t i = 5; i < flen; i++) {
            frame[i] = txq[(txq_head + i) % TXQ_BYTES];
        }
        txq_head = (txq_head + flen) % TXQ_BYTES;
        txq_len -= flen;
        txq_frames--;
        acl_credits--;
        uint16_t conn = get16(frame + 1) & 0x0FFF;
        int slot = -1;
        for (int i = 0; i < BLE_MAX_CONN; i++) {        /* this connection's count ... */
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
        if (ble_cb->hci_packet) {
            ble_cb->hci_packet(frame[0], false, frame + 1, flen - 1);
        }
        tr->send(tr->ctx, frame, flen);
    }
}

static void txq_put(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        txq[(txq_head + txq_len + i) % TXQ_BYTES] = p[i];
    }
    txq_len += n;
}

unsigned hci_acl_queued(void)
{
    return txq_frames;
}

int hci_acl_send(uint16_t conn, uint16_t cid, const uint8_t *pdu, size_t len)
{
    size_t total = 4 + len, frags = (total + acl_mtu - 1) / acl_mtu;
    if (!ble_conn_find(conn)) {
        return BLE_ENOTCONN;
    }
    if (txq_len + total + 5 * frags > TXQ_BYTES) {
        return BLE_ENOMEM;
    }
    uint8_t l2[4];
    put16(l2, (uint16_t)len);
    put16(l2 + 2, cid);
    for (size_t off = 0; off < total; off += acl_mtu) {
        size_t n = total - off < acl_mtu ? total - off : acl_mtu;
        uint8_t hdr[5] = { H4_ACL };
        put16(hdr + 1, (uint16_t)(conn | (off ? 0x1000 : 0x0000)));   /* PB: continuing / first */
        put16(hdr + 3, (uint16_t)n);
        txq_put(hdr, 5);
        txq_frames++;
        for (size_t i = off; i < off + n; i++) {
            uint8_t b = i < 4 ? l2[i] : pdu[i - 4];
            txq_put(&b, 1);
        }
    }
    tx_pump();
    return BLE_OK;
}

void hci_conn_gone(uint16_t conn)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (in_flight[i].n && in_flight[i].conn == conn) {
            acl_credits += in_flight[i].n;      /* the controller frees them */
            in_flight[i].n = 0;
        }
    }
}

/* ---- ACL in ---- */

static void on_acl(const uint8_t *p, size_t len)
{
    if (len < 4) {
        return;
    }
    uint16_t hf = get16(p), dlen = get16(p + 2);
    ble_conn_t *c = ble_conn_find(hf & 0x0FFF);
    if (!c || dlen + 4u > len) {
        return;
    }
    const uint8_t *d = p + 4;
    if ((hf >> 12 & 3) != 1) {              /* a start: the L2CAP header gives the length */
        c->rx_len = 0;
        if (dlen < 4) {
            c->rx_need = 0;
            return;
        }
        c->rx_need = (uint16_t)(4 + get16(d));
        if (c->rx_need > BLE_RX_MAX) {
            c->rx_need = 0;                 /* too long for us: dropped */
            return;
        }
    } else if (!c->rx_need) {
        return;                             /* continuation of nothing */
    }
    if (c->rx_len + dlen > c->rx_need) {
        c->rx_need = c->rx_len = 0;         /* more than announced: dropped */
        return;
    }
    memcpy(c->rx + c->rx_len, d, dlen);
    c->rx_len = (uint16_t)(c->rx_len + dlen);
    if (c->rx_len == c->rx_need) {
        c->rx_need = 0;
        l2cap_on_pdu(c, get16(c->rx + 2), c->rx + 4, c->rx_len - 4u);
    }
}

/* ---- events ---- */

static void on_event(const uint8_t *p, size_t len)
{
    if (len < 2) {
        return;
    }
    uint8_t code = p[0];
    const uint8_t *e = p + 2;
    size_t n = len - 2;
    switch (code) {
    case 0x0E:                              /* Command Complete */
        if (n >= 3) {
            cmd_credits = e[0];
            cmd_complete(get16(e + 1), n > 3 ? e[3] : 0, e + 3, n - 3);
        }
        break;
    case 0x0F:                              /* Command Status */
        if (n >= 4) {
            cmd_credits = e[1];
            cmd_complete(get16(e + 2), e[0], e, 1);
        }
        break;
    case 0x08:                              /* Encryption Change */
        if (n >= 4) {
            smp_on_encryption(get16(e + 1) & 0x0FFF, e[0], e[3] != 0);
        }
        break;
    case 0x30:                              /* Encryption Key Refresh Complete */
        if (n >= 3) {
            smp_on_encryption(get16(e + 1) & 0x0FFF, e[0], true);
        }
        break;
    case 0x05:                              /* Disconnection Complete */
        if (n >= 4 && e[0] == 0) {
            gap_on_disconnect(get16(e + 1) & 0x0FFF, e[3]);
        }
        break;
    case 0x13:                              /* Number Of Completed Packets */
        if (n >= 1 && n >= 1u + 4u * e[0]) {
            for (unsigned i = 0; i < e[0]; i++) {
                uint16_t conn = get16(e + 1 + 4 * i) & 0x0FFF, done = get16(e + 3 + 4 * i);
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
            l2cap_coc_pump();
        }
        break;
    case 0x3E:                              /* LE Meta */
        gap_on_le_meta(e, n);
        break;
    default:
        break;
    }
}

static void on_packet(void *ctx, uint8_t type, const uint8_t *pkt, size_t len)
{
    (void)ctx;
    if (ble_cb->hci_packet) {
        ble_cb->hci_packet(type, true, pkt, len);
    }
    if (type == H4_EVT) {
        on_event(pkt, len);
    } else if (type == H4_ACL) {
        on_acl(pkt, len);
    }
}

/*
 * Received bytes wait in rxq in stream order and are taken off no further
 * than the end of the packet in progress (h4_want), so each h4_feed ends at
 * most one packet; a finished packet is handled from a copy on this call's
 * stack.  A
 * callback may wait for the controller (a Python IRQ handler that starts
 * advertising polls for its Command Complete) and so feed and handle the
 * packets that follow: they come after the one in hand, in order, and do
 * not overwrite it.
 */
#define RXQ_BYTES 1024
static uint8_t rxq[RXQ_BYTES];
static size_t rxq_head, rxq_len;
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
    while (rxq_len) {
        size_t n = h4_want(&h4);
        n = n < rxq_len ? n : rxq_len;
        n = n < RXQ_BYTES - rxq_head ? n : RXQ_BYTES - rxq_head;
        const uint8_t *p = rxq + rxq_head;
        rxq_head = (rxq_head + n) % RXQ_BYTES;
        rxq_len -= n;
        taken = pkt;
        taken_len = 0;
        h4_feed(&h4, p, n);
        if (taken_len) {
            on_packet(NULL, taken_type, pkt, taken_len);
        }
    }
}

void ble_host_feed(const uint8_t *data, size_t len)
{
    while (len) {
        size_t n = RXQ_BYTES - rxq_len < len ? RXQ_BYTES - rxq_len : len;
        for (size_t i = 0; i < n; i++) {
            rxq[(rxq_head + rxq_len + i) % RXQ_BYTES] = data[i];
        }
        rxq_len += n;
        data += n;
        len -= n;
        rx_drain();
    }
}

/* ---- start and stop ---- */

int ble_host_start(const ble_hci_transport_t *t, const ble_host_cb_t *cb)
{
    tr = t;
    ble_cb = cb;
    ready = false;
    h4_init(&h4, on_h4_packet, NULL);
    rxq_head = rxq_len = 0;
    memset(ble_conns, 0, sizeof(ble_conns));
    memset(in_flight, 0, sizeof(in_flight));
    cmd_head = cmd_count = 0;
    cmd_credits = 1;
    cmd_waiting = false;
    txq_head = txq_len = 0;
    txq_frames = 0;
    gap_reset();
    gatts_reset();
    l2cap_coc_reset();
    smp_reset();

    uint8_t ret[16];
    static const uint8_t event_mask[8] = { 0xFF, 0xFF, 0xFB, 0xFF, 0x07, 0xF8, 0xBF, 0x3D };
    static const uint8_t le_mask[8] = { 0xFF, 0x0F, 0, 0, 0, 0, 0, 0 };
    int rc;
    if ((rc = hci_cmd_sync(0x0C03, NULL, 0, NULL, 0)) != 0 ||          /* Reset */
        (rc = hci_cmd_sync(0x0C01, event_mask, 8, NULL, 0)) != 0 ||    /* Set Event Mask */
        (rc = hci_cmd_sync(0x2001, le_mask, 8, NULL, 0)) != 0) {       /* LE Set Event Mask */
        return rc < 0 ? rc : BLE_EIO;
    }
    if (hci_cmd_sync(0x2002, NULL, 0, ret, sizeof(ret)) == 0) {        /* LE Read Buffer Size */
        uint16_t l = get16(ret + 1);
        if (l && ret[3]) {
            acl_mtu = l > 1024 ? 1024 : l;
            acl_credits = ret[3];
        }
    }
    if (hci_cmd_sync(0x1009, NULL, 0, ret, sizeof(ret)) != 0) {       /* Read BD_ADDR */
        return BLE_EIO;
    }
    memcpy(own_addr, ret + 1, 6);
    memset(le_features, 0, sizeof le_features);
    memset(ret, 0, sizeof ret);
    if (hci_cmd_sync(0x2003, NULL, 0, ret, sizeof(ret)) == 0 && ret[0] == 0) {
        memcpy(le_features, ret + 1, 8);        /* LE Read Local Supported Features */
    }
    own_type = 0;
    memset(static_addr, 0, sizeof static_addr);
    ready = true;
    return BLE_OK;
}

bool hci_le_encryption(void)
{
    return le_features[0] & 0x01;
}

/* a random static address (Vol 6 Part B 1.3.2.1): the two top bits 1, the
 * other 46 neither all 0 nor all 1; made once per start, kept while on */
static bool make_static_addr(void)
{
    for (int tries = 0; tries < 4; tries++) {
        if (!ble_cb->random) {
            return false;
        }
        ble_cb->random(static_addr, 6);
        static_addr[5] |= 0xC0;                 /* HCI order: the last byte is the top */
        bool zeros = !(static_addr[5] & 0x3F), ones = (static_addr[5] & 0x3F) == 0x3F;
        for (int i = 0; i < 5; i++) {
            zeros = zeros && !static_addr[i];
            ones = ones && static_addr[i] == 0xFF;
        }
        if (!zeros && !ones) {
            return true;
        }
    }
    return false;
}

int ble_host_set_random_address(bool random)
{
    if (!ready) {
        return BLE_EIO;
    }
    if (!random) {
        own_type = 0;
        return BLE_OK;
    }
    if (!(static_addr[5] & 0xC0) && !make_static_addr()) {
        return BLE_EIO;
    }
    uint8_t ret[4];
    int rc = hci_cmd_sync(0x2005, static_addr, 6, ret, sizeof(ret));     /* LE Set Random Address */
    if (rc) {
        return rc;
    }
    if (ret[0]) {
        return BLE_EBUSY;                       /* advertising, scanning or connecting */
    }
    own_type = 1;
    return BLE_OK;
}

/* Links are closed first, as NimBLE's ble_hs_stop does, so that peers
 * learn at once: a controller reset drops them without a word (a radio's
 * peer notices a supervision timeout later; btvirt's is never told). */
#define STOP_DISCONNECT_MS 1000

static bool any_conn(void)
{
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (ble_conns[i].used) {
            return true;
        }
    }
    return false;
}

void ble_host_stop(void)
{
    if (ready) {
        for (int i = 0; i < BLE_MAX_CONN; i++) {
            if (ble_conns[i].used && !ble_conns[i].closing) {
                gap_terminate(ble_conns[i].handle, 0x15);  /* remote device: power off */
            }
        }
        for (int waited = 0; any_conn() && waited < STOP_DISCONNECT_MS; waited += 10) {
            k_sleep(K_MSEC(10));
        }
        hci_cmd_sync(0x0C03, NULL, 0, NULL, 0);
    }
    ready = false;
}

bool ble_host_ready(void)
{
    return ready;
}

void ble_host_address(uint8_t *type, uint8_t addr[6])
{
    *type = own_type;
    memcpy(addr, own_type ? static_addr : own_addr, 6);
}
