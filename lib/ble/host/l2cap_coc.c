/*
 * LE credit-based connection-oriented channels (L2CAP CoC, Core spec Vol 3
 * Part A): one listening PSM, channels opened either way, SDUs segmented
 * into K-frames of at most the peer's MPS (the first carries the SDU
 * length), one credit per K-frame.  Received bytes go to a ring per
 * channel; credits are granted only for frames that are sure to fit, so a
 * peer that keeps to its credits can never overflow it, and one that does
 * not loses the channel.  A channel and its ring are on the heap (k_malloc)
 * while it is open, the ring sized from our MTU, and so is the part of an
 * SDU that waits for credits.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "hci.h"
#include "l2cap.h"
#include "host.h"

#define COC_MPS         247         /* K-frame payload we accept */
#define COC_TX_BACKLOG  8           /* ACL packets queued before we hold off */
#define CID_FIRST       0x0040      /* LE dynamic CIDs */
#define CID_LAST        0x007F

/* signalling codes and results */
enum {
    SIG_DISC_REQ = 0x06, SIG_DISC_RSP = 0x07,
    SIG_LE_CONN_REQ = 0x14, SIG_LE_CONN_RSP = 0x15, SIG_LE_CREDITS = 0x16,
};
enum {
    RES_OK = 0x0000, RES_BAD_PSM = 0x0002, RES_NO_RESOURCES = 0x0004,
    RES_REFUSED = 0x0006,           /* insufficient authorization: the app said no */
    RES_BAD_SCID = 0x0009, RES_SCID_IN_USE = 0x000A, RES_BAD_PARAMS = 0x000B,
};

enum { CH_FREE, CH_CONNECTING, CH_OPEN, CH_DISCONNECTING };

typedef struct {
    uint8_t state, ident;           /* ident: our pending request */
    uint16_t conn, psm, local_cid, remote_cid;
    uint16_t our_mtu, peer_mtu, peer_mps;
    uint16_t tx_credits, rx_credits;    /* held by us / granted to the peer */
    uint16_t sdu_len, sdu_got;      /* the SDU being reassembled */
    bool in_sdu;
    /* sending: one SDU at a time; what waits for credits is copied to the heap */
    const uint8_t *tx;              /* the bytes not sent yet */
    uint8_t *tx_copy;
    uint16_t tx_len, tx_off;
    bool tx_busy, tx_stalled;
    /* received: ring of bytes, `ready` of them complete SDUs */
    uint16_t r_size, r_head, r_used, ready;
    uint8_t ring[];
} coc_t;

static coc_t *chans[BLE_COC_MAX];   /* NULL: free */
static uint16_t listen_psm, listen_mtu;
static uint8_t next_ident;

static uint8_t new_ident(void)
{
    next_ident = (uint8_t)(next_ident + 1u ? next_ident + 1u : 1u);
    return next_ident;
}

/* the channel that matches, or NULL */
static coc_t *find(uint16_t conn, uint8_t state, uint16_t cid, bool remote, uint8_t ident)
{
    for (int i = 0; i < BLE_COC_MAX; i++) {
        coc_t *ch = chans[i];
        if (ch && ch->conn == conn && (state == CH_FREE || ch->state == state) &&
            (remote ? ch->remote_cid : ch->local_cid) == cid && (!ident || ch->ident == ident)) {
            return ch;
        }
    }
    return NULL;
}

static coc_t *by_local(uint16_t conn, uint16_t cid)
{
    return find(conn, CH_FREE, cid, false, 0);
}

/* a new channel of our MTU, NULL when none is free or the heap is short;
 * its ring holds two SDUs, and two K-frames at least */
static coc_t *alloc(uint16_t conn, uint16_t our_mtu)
{
    for (int i = 0; i < BLE_COC_MAX; i++) {
        if (!chans[i]) {
            size_t ring = 2u * ((our_mtu > COC_MPS ? our_mtu : COC_MPS) + 2u);
            coc_t *ch = k_malloc(sizeof(coc_t) + ring);
            if (!ch) {
                return NULL;
            }
            ch->r_size = (uint16_t)ring;
            ch->conn = conn;
            ch->our_mtu = our_mtu;
            for (uint16_t cid = CID_FIRST; cid <= CID_LAST; cid++) {
                if (!by_local(conn, cid)) {
                    ch->local_cid = cid;
                    break;
                }
            }
            chans[i] = ch;
            return ch;
        }
    }
    return NULL;
}

/* the channel's memory returned; a channel never opened goes without a word */
static void release(coc_t *ch, uint16_t status)
{
    uint16_t conn = ch->conn, cid = ch->local_cid, psm = ch->psm;
    bool opened = ch->state != CH_FREE;
    for (int i = 0; i < BLE_COC_MAX; i++) {
        if (chans[i] == ch) {
            chans[i] = NULL;
        }
    }
    k_free(ch->tx_copy);
    k_free(ch);
    if (opened && h7bt_cb->coc_disconnected) {
        h7bt_cb->coc_disconnected(conn, cid, psm, status);
    }
}

/* credits for as many more K-frames as the ring surely holds */
static uint16_t grantable(const coc_t *ch)
{
    size_t promised = (size_t)ch->rx_credits * COC_MPS + ch->r_used;
    return promised >= ch->r_size ? 0 : (uint16_t)((ch->r_size - promised) / COC_MPS);
}

static void grant(coc_t *ch)
{
    uint16_t n = grantable(ch);
    if (n) {
        uint8_t d[4];
        put16(d, ch->local_cid);
        put16(d + 2, n);
        ch->rx_credits = (uint16_t)(ch->rx_credits + n);
        h7bt_l2cap_sig_send(ch->conn, SIG_LE_CREDITS, new_ident(), d, 4);
    }
}

static void drop(coc_t *ch)
{
    uint8_t d[4];
    put16(d, ch->remote_cid);
    put16(d + 2, ch->local_cid);
    ch->ident = new_ident();
    ch->state = CH_DISCONNECTING;
    h7bt_l2cap_sig_send(ch->conn, SIG_DISC_REQ, ch->ident, d, 4);
}

static void tx_pump(coc_t *ch)
{
    while (ch->state == CH_OPEN && ch->tx_busy && ch->tx_credits &&
           h7bt_hci_acl_queued() < COC_TX_BACKLOG) {
        uint8_t f[2 + BLE_COC_MTU_MAX];
        size_t hdr = ch->tx_off ? 0 : 2, room = ch->peer_mps - hdr;
        size_t left = (size_t)(ch->tx_len - ch->tx_off), n = left < room ? left : room;
        if (hdr) {
            put16(f, ch->tx_len);
        }
        memcpy(f + hdr, ch->tx, n);
        if (h7bt_l2cap_send_pdu(ch->conn, ch->remote_cid, f, hdr + n) != BLE_OK) {
            return;                         /* retried when buffers free up */
        }
        ch->tx_credits--;
        ch->tx += n;
        ch->tx_off = (uint16_t)(ch->tx_off + n);
        if (ch->tx_off == ch->tx_len) {
            ch->tx_busy = false;
            k_free(ch->tx_copy);
            ch->tx_copy = NULL;
            if (ch->tx_stalled && h7bt_cb->coc_send_ready) {
                ch->tx_stalled = false;
                h7bt_cb->coc_send_ready(ch->conn, ch->local_cid, 0);
            }
        }
    }
}

void h7bt_l2cap_coc_pump(void)
{
    for (int i = 0; i < BLE_COC_MAX; i++) {
        if (chans[i]) {
            tx_pump(chans[i]);
        }
    }
}

/* the peer's MPS, as far as our K-frame buffer goes */
static uint16_t usable_mps(uint16_t mps)
{
    return mps > BLE_COC_MTU_MAX ? BLE_COC_MTU_MAX : mps;
}

static bool params_ok(uint16_t mtu, uint16_t mps)
{
    return mtu >= 23 && mps >= 23 && mps <= 65533;
}

static void answer_conn_req(uint16_t conn, uint8_t id, const uint8_t *d)
{
    uint16_t psm = get16(d), scid = get16(d + 2), mtu = get16(d + 4), mps = get16(d + 6);
    uint16_t result = RES_OK;
    coc_t *ch = NULL;
    if (!listen_psm || psm != listen_psm) {
        result = RES_BAD_PSM;
    } else if (scid < CID_FIRST || scid > CID_LAST) {
        result = RES_BAD_SCID;
    } else if (!params_ok(mtu, mps)) {
        result = RES_BAD_PARAMS;
    } else {
        if (find(conn, CH_FREE, scid, true, 0)) {
            result = RES_SCID_IN_USE;
        } else if (!(ch = alloc(conn, listen_mtu))) {
            result = RES_NO_RESOURCES;
        }
    }
    if (ch) {
        ch->psm = psm;
        ch->remote_cid = scid;
        ch->peer_mtu = mtu;
        ch->peer_mps = usable_mps(mps);
        ch->tx_credits = get16(d + 8);
        if (h7bt_cb->coc_accept && h7bt_cb->coc_accept(conn, ch->local_cid, psm, listen_mtu, mtu)) {
            result = RES_REFUSED;
            release(ch, 0);                 /* still CH_FREE: never opened */
            ch = NULL;
        }
    }
    uint8_t r[10] = { 0 };
    put16(r + 8, result);
    if (ch) {
        ch->state = CH_OPEN;
        ch->rx_credits = grantable(ch);
        put16(r, ch->local_cid);
        put16(r + 2, ch->our_mtu);
        put16(r + 4, COC_MPS);
        put16(r + 6, ch->rx_credits);
    }
    h7bt_l2cap_sig_send(conn, SIG_LE_CONN_RSP, id, r, 10);
    if (ch && h7bt_cb->coc_connected) {
        h7bt_cb->coc_connected(conn, ch->local_cid, psm, ch->our_mtu, ch->peer_mtu);
    }
}

/*
 * A request for a PSM nobody listens on yet is held a little before it is
 * refused: an application commonly starts listening when it is told of the
 * connection, and over a real radio the peer's request comes a connection
 * interval later at the earliest; a virtual controller (btvirt) forwards it
 * at once.  One request is held at a time.
 */
#define HOLD_MS 200
static struct {
    bool active;
    uint16_t conn;
    uint8_t id, req[10];
} held;
static struct k_work_delayable hold_work;

static void hold_expired(struct k_work *w)
{
    (void)w;
    if (held.active) {
        held.active = false;
        answer_conn_req(held.conn, held.id, held.req);
    }
}

static void on_conn_req(uint16_t conn, uint8_t id, const uint8_t *d, uint16_t len)
{
    if (len != 10) {
        return;
    }
    if (get16(d) != listen_psm && !held.active) {
        held.active = true;
        held.conn = conn;
        held.id = id;
        memcpy(held.req, d, 10);
        k_work_schedule(&hold_work, K_MSEC(HOLD_MS));
        return;
    }
    answer_conn_req(conn, id, d);
}

static void on_conn_rsp(uint16_t conn, uint8_t id, const uint8_t *d, uint16_t len)
{
    coc_t *ch = NULL;
    for (int i = 0; i < BLE_COC_MAX; i++) {
        if (chans[i] && chans[i]->state == CH_CONNECTING && chans[i]->conn == conn &&
            chans[i]->ident == id) {
            ch = chans[i];
        }
    }
    if (!ch || len != 10) {
        return;
    }
    uint16_t dcid = get16(d), mtu = get16(d + 2), mps = get16(d + 4), result = get16(d + 8);
    if (result != RES_OK || dcid < CID_FIRST || dcid > CID_LAST || !params_ok(mtu, mps)) {
        release(ch, result ? result : RES_BAD_PARAMS);
        return;
    }
    ch->remote_cid = dcid;
    ch->peer_mtu = mtu;
    ch->peer_mps = usable_mps(mps);
    ch->tx_credits = get16(d + 6);
    ch->state = CH_OPEN;
    if (h7bt_cb->coc_connected) {
        h7bt_cb->coc_connected(conn, ch->local_cid, ch->psm, ch->our_mtu, ch->peer_mtu);
    }
}

static void on_credits(uint16_t conn, const uint8_t *d, uint16_t len)
{
    coc_t *ch = len == 4 ? find(conn, CH_OPEN, get16(d), true, 0) : NULL;
    if (!ch) {
        return;
    }
    uint32_t total = (uint32_t)ch->tx_credits + get16(d + 2);
    if (total > 65535) {
        drop(ch);                           /* credit overflow: the spec's answer */
        return;
    }
    ch->tx_credits = (uint16_t)total;
    tx_pump(ch);
}

static void on_disc(uint16_t conn, uint8_t code, uint8_t id, const uint8_t *d, uint16_t len)
{
    if (len != 4) {
        return;
    }
    /* request: DCID is ours; response: SCID is ours */
    coc_t *ch = by_local(conn, get16(d + (code == SIG_DISC_REQ ? 0 : 2)));
    if (!ch) {
        return;
    }
    if (code == SIG_DISC_REQ) {
        h7bt_l2cap_sig_send(conn, SIG_DISC_RSP, id, d, 4);
        release(ch, 0);
    } else if (ch->state == CH_DISCONNECTING && ch->ident == id) {
        release(ch, 0);
    }
}

bool h7bt_l2cap_coc_on_signal(h7bt_conn_t *c, uint8_t code, uint8_t id, const uint8_t *d, uint16_t len)
{
    switch (code) {
    case SIG_LE_CONN_REQ: on_conn_req(c->handle, id, d, len); return true;
    case SIG_LE_CONN_RSP: on_conn_rsp(c->handle, id, d, len); return true;
    case SIG_LE_CREDITS: on_credits(c->handle, d, len); return true;
    case SIG_DISC_REQ:
    case SIG_DISC_RSP: on_disc(c->handle, code, id, d, len); return true;
    default: return false;
    }
}

static void ring_put(coc_t *ch, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ch->ring[(ch->r_head + ch->r_used + i) % ch->r_size] = p[i];
    }
    ch->r_used = (uint16_t)(ch->r_used + n);
}

void h7bt_l2cap_coc_on_pdu(h7bt_conn_t *c, uint16_t cid, const uint8_t *p, size_t len)
{
    coc_t *ch = by_local(c->handle, cid);
    if (!ch || ch->state != CH_OPEN) {
        return;
    }
    size_t hdr = ch->in_sdu ? 0 : 2;
    if (!ch->rx_credits || len < hdr || len > COC_MPS) {
        return drop(ch);                    /* no credit, or a K-frame we never allowed */
    }
    ch->rx_credits--;
    if (hdr) {
        ch->sdu_len = get16(p);
        ch->sdu_got = 0;
        ch->in_sdu = true;
        if (ch->sdu_len > ch->our_mtu) {
            return drop(ch);
        }
    }
    size_t n = len - hdr;
    if (ch->sdu_got + n > ch->sdu_len || ch->r_used + n > ch->r_size) {
        return drop(ch);
    }
    ring_put(ch, p + hdr, n);
    ch->sdu_got = (uint16_t)(ch->sdu_got + n);
    if (ch->sdu_got == ch->sdu_len) {
        ch->in_sdu = false;
        ch->ready = (uint16_t)(ch->ready + ch->sdu_len);
        if (h7bt_cb->coc_recv) {
            h7bt_cb->coc_recv(ch->conn, ch->local_cid);
        }
    }
}

static void link_gone(h7bt_conn_t *c)
{
    uint16_t conn = c->handle;
    if (held.active && held.conn == conn) {
        held.active = false;
        k_work_cancel_delayable(&hold_work);
    }
    for (int i = 0; i < BLE_COC_MAX; i++) {
        if (chans[i] && chans[i]->conn == conn) {
            release(chans[i], 0);
        }
    }
}

static h7bt_conn_listener_t listener = { NULL, link_gone, NULL };

void h7bt_l2cap_coc_init(void)
{
    h7bt_conn_listen(&listener);
    memset(chans, 0, sizeof(chans));
    held.active = false;
    k_work_init_delayable(&hold_work, hold_expired);
    listen_psm = listen_mtu = 0;
    next_ident = 0;
}

/* ---- the API ---- */

int h7bt_l2cap_listen(uint16_t psm, uint16_t mtu)
{
    if (!psm || mtu < 23 || mtu > BLE_COC_MTU_MAX) {
        return BLE_EINVAL;
    }
    listen_psm = psm;
    listen_mtu = mtu;
    if (held.active && get16(held.req) == psm) {
        held.active = false;
        k_work_cancel_delayable(&hold_work);
        answer_conn_req(held.conn, held.id, held.req);
    }
    return BLE_OK;
}

int h7bt_l2cap_connect(uint16_t conn, uint16_t psm, uint16_t mtu)
{
    if (!h7bt_conn_find(conn)) {
        return BLE_ENOTCONN;
    }
    if (!psm || mtu < 23 || mtu > BLE_COC_MTU_MAX) {
        return BLE_EINVAL;
    }
    coc_t *ch = alloc(conn, mtu);
    if (!ch) {
        return BLE_ENOMEM;
    }
    ch->psm = psm;
    ch->state = CH_CONNECTING;
    ch->ident = new_ident();
    ch->rx_credits = grantable(ch);
    uint8_t d[10];
    put16(d, psm);
    put16(d + 2, ch->local_cid);
    put16(d + 4, mtu);
    put16(d + 6, COC_MPS);
    put16(d + 8, ch->rx_credits);
    h7bt_l2cap_sig_send(conn, SIG_LE_CONN_REQ, ch->ident, d, 10);
    return BLE_OK;
}

int h7bt_l2cap_disconnect(uint16_t conn, uint16_t cid)
{
    coc_t *ch = by_local(conn, cid);
    if (!ch || ch->state != CH_OPEN) {
        return BLE_EINVAL;
    }
    drop(ch);
    return BLE_OK;
}

int h7bt_l2cap_send(uint16_t conn, uint16_t cid, const uint8_t *data, size_t len, bool *stalled)
{
    coc_t *ch = by_local(conn, cid);
    if (!ch || ch->state != CH_OPEN || len > ch->peer_mtu) {
        return BLE_EINVAL;
    }
    if (ch->tx_busy) {
        return BLE_EBUSY;                   /* wait for the send-ready event */
    }
    ch->tx = data;                          /* the caller's until tx_pump returns */
    ch->tx_len = (uint16_t)len;
    ch->tx_off = 0;
    ch->tx_busy = true;
    tx_pump(ch);
    if (ch->tx_busy) {
        size_t left = len - ch->tx_off;
        if (!(ch->tx_copy = k_malloc(left))) {
            /* part of the SDU has gone and the rest cannot wait: the
             * channel cannot go on (the application is told it closed) */
            ch->tx_busy = false;
            if (ch->tx_off) {
                drop(ch);
            }
            return BLE_ENOMEM;
        }
        memcpy(ch->tx_copy, ch->tx, left);
        ch->tx = ch->tx_copy;
    }
    *stalled = ch->tx_busy;
    ch->tx_stalled = ch->tx_busy;
    return BLE_OK;
}

int h7bt_l2cap_recv(uint16_t conn, uint16_t cid, uint8_t *buf, size_t *len)
{
    coc_t *ch = by_local(conn, cid);
    if (!ch || ch->state != CH_OPEN) {
        return BLE_EINVAL;
    }
    size_t n = *len < ch->ready ? *len : ch->ready;
    if (!buf) {
        *len = ch->ready;                   /* how much could be read */
        return BLE_OK;
    }
    for (size_t i = 0; i < n; i++) {
        buf[i] = ch->ring[(ch->r_head + i) % ch->r_size];
    }
    ch->r_head = (uint16_t)((ch->r_head + n) % ch->r_size);
    ch->r_used = (uint16_t)(ch->r_used - n);
    ch->ready = (uint16_t)(ch->ready - n);
    *len = n;
    grant(ch);
    return BLE_OK;
}
