/*
 * L2CAP fixed channels of the h7stack BLE host: ATT (CID 4) to the GATT
 * client (responses, notifications) or server (requests), LE signalling
 * (CID 5: connection parameter update requests are accepted and applied by
 * the central, credit-based channel commands to l2cap_coc.c, other
 * commands rejected; dynamic CIDs also go there), SMP (CID 6) to smp.c.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "host_int.h"

void l2cap_sig_send(uint16_t conn, uint8_t code, uint8_t id, const uint8_t *data, uint16_t len)
{
    uint8_t p[4 + 16];
    if (len > 16) {
        return;
    }
    p[0] = code;
    p[1] = id;
    put16(p + 2, len);
    memcpy(p + 4, data, len);
    hci_acl_send(conn, L2CAP_CID_SIG, p, 4u + len);
}

static void on_signalling(ble_conn_t *c, const uint8_t *p, size_t len)
{
    if (len < 4) {
        return;
    }
    uint8_t code = p[0], id = p[1];
    uint16_t dlen = get16(p + 2);
    if (dlen + 4u > len) {
        return;
    }
    if (l2cap_coc_on_signal(c, code, id, p + 4, dlen)) {
        return;
    }
    if (code == 0x12 && dlen == 8 && c->role == BLE_ROLE_CENTRAL) {
        /* Connection Parameter Update Request: accept, then apply */
        uint8_t ok[2] = { 0, 0 };
        l2cap_sig_send(c->handle, 0x13, id, ok, 2);
        uint8_t u[14] = { 0 };
        put16(u, c->handle);
        memcpy(u + 2, p + 4, 8);                /* min, max, latency, timeout */
        hci_cmd(0x2013, u, 14, NULL, NULL);
    } else if (code == 0x13 || code == 0x01) {
        /* a response or a reject: nothing of ours waits for it */
    } else {
        uint8_t reason[2] = { 0, 0 };           /* command not understood */
        l2cap_sig_send(c->handle, 0x01, id, reason, 2);
    }
}

void l2cap_on_pdu(ble_conn_t *c, uint16_t cid, const uint8_t *pdu, size_t len)
{
    switch (cid) {
    case L2CAP_CID_ATT:
        if (len && !att_client_on_pdu(c, pdu, len)) {
            att_server_on_pdu(c, pdu, len);
        }
        break;
    case L2CAP_CID_SIG:
        on_signalling(c, pdu, len);
        break;
    case L2CAP_CID_SMP:
        smp_on_pdu(c, pdu, len);
        break;
    default:
        l2cap_coc_on_pdu(c, cid, pdu, len);
        break;
    }
}
