/*
 * L2CAP of the h7stack BLE host (l2cap.h): PDUs reassembled from ACL
 * fragments go to the fixed channel registered for their CID (ATT, SMP, the
 * LE signalling channel here: connection parameter update requests are
 * accepted and applied by the central, credit-based channel commands go to
 * l2cap_coc.c, other commands are rejected) or, on dynamic CIDs, to
 * l2cap_coc.c.  A PDU that comes whole in one ACL packet is handled where
 * it lies; one in pieces is put together on the heap.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "hci.h"
#include "l2cap.h"

#define SIG_DATA_MAX 16
#define CONN_UPDATE_PARAMS 8            /* min, max interval, latency, timeout */

static struct {
    uint16_t cid;
    h7bt_l2cap_rx_fn rx;
} fixed[H7BT_L2CAP_FIXED_MAX];


int h7bt_l2cap_register_fixed(uint16_t cid, h7bt_l2cap_rx_fn rx)
{
    for (int i = 0; i < H7BT_L2CAP_FIXED_MAX; i++) {
        if (!fixed[i].rx || fixed[i].cid == cid) {
            fixed[i].cid = cid;
            fixed[i].rx = rx;
            return BLE_OK;
        }
    }
    return BLE_ENOMEM;
}

int h7bt_l2cap_send_pdu(uint16_t conn, uint16_t cid, const uint8_t *pdu, size_t len)
{
    if (!h7bt_conn_find(conn)) {
        return BLE_ENOTCONN;
    }
    uint8_t hdr[BT_L2CAP_HDR_LEN];
    put16(hdr, (uint16_t)len);
    put16(hdr + 2, cid);
    return h7bt_hci_acl_send(conn, hdr, sizeof(hdr), pdu, len);
}

unsigned h7bt_l2cap_tx_backlog(void)
{
    return h7bt_hci_acl_queued();
}

void h7bt_l2cap_sig_send(uint16_t conn, uint8_t code, uint8_t id, const uint8_t *data,
                         uint16_t len)
{
    uint8_t p[4 + SIG_DATA_MAX];
    if (len > SIG_DATA_MAX) {
        return;
    }
    p[0] = code;
    p[1] = id;
    put16(p + 2, len);
    memcpy(p + 4, data, len);
    h7bt_l2cap_send_pdu(conn, BT_L2CAP_CID_LE_SIG, p, 4u + len);
}

static void on_signalling(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 4) {
        return;
    }
    uint8_t code = p[0], id = p[1];
    uint16_t dlen = get16(p + 2);
    if (dlen + 4u > len) {
        return;
    }
    if (h7bt_l2cap_coc_on_signal(c, code, id, p + 4, dlen)) {
        return;
    }
    if (code == BT_L2CAP_CONN_PARAM_UPDATE_REQ && dlen == CONN_UPDATE_PARAMS &&
        c->role == BLE_ROLE_CENTRAL) {
        /* accept, then apply */
        uint8_t ok[2] = { 0, 0 };
        h7bt_l2cap_sig_send(c->handle, BT_L2CAP_CONN_PARAM_UPDATE_RSP, id, ok, 2);
        uint8_t u[14] = { 0 };                  /* handle, the four, CE lengths 0 */
        put16(u, c->handle);
        memcpy(u + 2, p + 4, CONN_UPDATE_PARAMS);
        h7bt_hci_cmd(BT_HCI_OP_LE_CONN_UPDATE, u, sizeof(u), NULL, NULL);
    } else if (code == BT_L2CAP_CONN_PARAM_UPDATE_RSP || code == BT_L2CAP_CMD_REJECT) {
        /* a response or a reject: nothing of ours waits for it */
    } else {
        uint8_t reason[2];
        put16(reason, BT_L2CAP_REJ_NOT_UNDERSTOOD);
        h7bt_l2cap_sig_send(c->handle, BT_L2CAP_CMD_REJECT, id, reason, 2);
    }
}

static void on_pdu(h7bt_conn_t *c, uint16_t cid, const uint8_t *pdu, size_t len)
{
    for (int i = 0; i < H7BT_L2CAP_FIXED_MAX && fixed[i].rx; i++) {
        if (fixed[i].cid == cid) {
            fixed[i].rx(c, pdu, len);
            return;
        }
    }
    h7bt_l2cap_coc_on_pdu(c, cid, pdu, len);
}

static void rx_drop(h7bt_l2cap_link_t *l)
{
    k_free(l->rx);
    l->rx = NULL;
    l->rx_need = l->rx_len = 0;
}

void h7bt_l2cap_rx_acl(uint16_t handle, uint8_t pb, const uint8_t *d, size_t dlen)
{
    h7bt_conn_t *c = h7bt_conn_find(handle);
    if (!c) {
        return;
    }
    h7bt_l2cap_link_t *l = &c->l2cap;
    if (pb != BT_ACL_PB_CONTINUING) {       /* a start: the L2CAP header gives the length */
        rx_drop(l);
        if (dlen < BT_L2CAP_HDR_LEN) {
            return;
        }
        size_t need = BT_L2CAP_HDR_LEN + get16(d);
        if (need > H7BT_L2CAP_RX_MAX || dlen > need) {
            return;                         /* too long for us, or more than announced */
        }
        if (dlen == need) {
            return on_pdu(c, get16(d + 2), d + BT_L2CAP_HDR_LEN, dlen - BT_L2CAP_HDR_LEN);
        }
        if (!(l->rx = k_malloc(need))) {
            return;                         /* no room: lost, as on a full controller */
        }
        l->rx_need = (uint16_t)need;
    } else if (!l->rx_need) {
        return;                             /* continuation of nothing */
    } else if (l->rx_len + dlen > l->rx_need) {
        return rx_drop(l);                  /* more than announced: dropped */
    }
    memcpy(l->rx + l->rx_len, d, dlen);
    l->rx_len = (uint16_t)(l->rx_len + dlen);
    if (l->rx_len == l->rx_need) {
        /* the PDU is the handler's now: what it waits for may start the next */
        uint8_t *pdu = l->rx;
        size_t len = l->rx_len;
        l->rx = NULL;
        l->rx_need = l->rx_len = 0;
        on_pdu(c, get16(pdu + 2), pdu + BT_L2CAP_HDR_LEN, len - BT_L2CAP_HDR_LEN);
        k_free(pdu);
    }
}

static void link_gone(h7bt_conn_t *c)
{
    rx_drop(&c->l2cap);
}

static h7bt_conn_listener_t listener = { NULL, link_gone, NULL };

void h7bt_l2cap_init(void)
{
    h7bt_conn_listen(&listener);
    memset(fixed, 0, sizeof(fixed));
    h7bt_l2cap_register_fixed(BT_L2CAP_CID_LE_SIG, on_signalling);
    h7bt_l2cap_coc_init();
}
