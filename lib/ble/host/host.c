/*
 * The h7stack BLE host's start and stop, and the events the HCI core
 * passes up (host.h): each goes by a const table {code, minimum length,
 * handler} to the layer it is for, the LE Meta sub-events by a second table,
 * as NimBLE's ble_hs_hci_evt.c does.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "hci.h"
#include "conn.h"
#include "l2cap.h"
#include "gap.h"
#include "att.h"
#include "smp.h"
#include "host.h"

#define STOP_DISCONNECT_MS 1000
#define FEATURES_LEN 8
#define LE_FEAT_ENCRYPTION 0x01         /* byte 0 bit 0 */

const h7bt_host_cb_t *h7bt_cb;

static bool ready;
static uint8_t own_addr[6];             /* the controller's public address */
static uint8_t static_addr[6];          /* our random static address, once made */
static uint8_t own_type;                /* 0 public, 1 random (static) */
static uint8_t le_features[FEATURES_LEN];

/* ---- events ---- */

typedef struct {
    uint8_t code;
    uint8_t min_len;                    /* parameter bytes the handler reads */
    void (*handler)(const uint8_t *p, size_t len);
} evt_handler_t;

static void on_disconn_complete(const uint8_t *e, size_t n)
{
    (void)n;                            /* status, handle, reason */
    if (e[0] == 0) {
        h7bt_gap_on_disconnect(get16(e + 1) & BT_ACL_HANDLE_MASK, e[3]);
    }
}

static void on_encrypt_change(const uint8_t *e, size_t n)
{
    (void)n;                            /* status, handle, enabled */
    h7bt_smp_on_encryption(get16(e + 1) & BT_ACL_HANDLE_MASK, e[0], e[3] != 0);
}

static void on_key_refresh(const uint8_t *e, size_t n)
{
    (void)n;                            /* status, handle */
    h7bt_smp_on_encryption(get16(e + 1) & BT_ACL_HANDLE_MASK, e[0], true);
}

static void on_ltk_request(const uint8_t *e, size_t n)
{
    (void)n;                            /* handle, Rand, EDIV */
    h7bt_smp_on_ltk_request(get16(e) & BT_ACL_HANDLE_MASK, e + 2, get16(e + 10));
}

static const evt_handler_t le_meta_table[] = {
    { BT_HCI_LE_CONN_COMPLETE, 18, h7bt_gap_on_conn_complete },
    { BT_HCI_LE_ENH_CONN_COMPLETE, 30, h7bt_gap_on_enh_conn_complete },
    { BT_HCI_LE_ADV_REPORT, 1, h7bt_gap_on_adv_reports },
    { BT_HCI_LE_CONN_UPDATE_COMPLETE, 9, h7bt_gap_on_conn_update },
    { BT_HCI_LE_LTK_REQUEST, 12, on_ltk_request },
};

static void dispatch(const evt_handler_t *t, size_t count, uint8_t code, const uint8_t *p,
                     size_t len)
{
    for (size_t i = 0; i < count; i++) {
        if (t[i].code == code) {
            if (len >= t[i].min_len) {
                t[i].handler(p, len);
            }
            return;
        }
    }
}

static void on_le_meta(const uint8_t *e, size_t n)
{
    dispatch(le_meta_table, sizeof(le_meta_table) / sizeof(le_meta_table[0]), e[0], e + 1, n - 1);
}

static const evt_handler_t event_table[] = {
    { BT_HCI_EVT_DISCONN_COMPLETE, 4, on_disconn_complete },
    { BT_HCI_EVT_ENCRYPT_CHANGE, 4, on_encrypt_change },
    { BT_HCI_EVT_ENCRYPT_KEY_REFRESH, 3, on_key_refresh },
    { BT_HCI_EVT_LE_META, 1, on_le_meta },
};

static void on_event(const uint8_t *p, size_t len)
{
    /* code, parameter length, parameters (the HCI core checked the two) */
    dispatch(event_table, sizeof(event_table) / sizeof(event_table[0]), p[0], p + 2, len - 2);
}

static void on_tap(uint8_t type, bool in, const uint8_t *pkt, size_t len)
{
    if (h7bt_cb->hci_packet) {
        h7bt_cb->hci_packet(type, in, pkt, len);
    }
}

static const h7bt_hci_upper_t hci_upper = {
    .event = on_event,
    .acl = h7bt_l2cap_rx_acl,
    .buffers_freed = h7bt_l2cap_coc_pump,
    .tap = on_tap,
};

void h7bt_host_feed(const uint8_t *data, size_t len)
{
    h7bt_hci_feed(data, len);
}

/* ---- start and stop ---- */

int h7bt_host_start(const h7bt_hci_transport_t *t, const h7bt_host_cb_t *cb)
{
    h7bt_cb = cb;
    ready = false;
    h7bt_hci_init(t, &hci_upper);
    h7bt_conn_reset();
    h7bt_l2cap_init();
    h7bt_gap_init();
    h7bt_att_init();
    h7bt_smp_init();

    uint8_t ret[16];
    static const uint8_t event_mask[8] = { 0xFF, 0xFF, 0xFB, 0xFF, 0x07, 0xF8, 0xBF, 0x3D };
    static const uint8_t le_mask[8] = { 0xFF, 0x0F, 0, 0, 0, 0, 0, 0 };
    int rc;
    if ((rc = h7bt_hci_cmd_sync(BT_HCI_OP_RESET, NULL, 0, NULL, 0)) != 0 ||
        (rc = h7bt_hci_cmd_sync(BT_HCI_OP_SET_EVENT_MASK, event_mask, 8, NULL, 0)) != 0 ||
        (rc = h7bt_hci_cmd_sync(BT_HCI_OP_LE_SET_EVENT_MASK, le_mask, 8, NULL, 0)) != 0) {
        return rc < 0 ? rc : BLE_EIO;
    }
    /* status, ACL data packet length (2), total number of packets */
    if (h7bt_hci_cmd_sync(BT_HCI_OP_LE_READ_BUFFER_SIZE, NULL, 0, ret, sizeof(ret)) == 0) {
        h7bt_hci_set_buffers(get16(ret + 1), ret[3]);
    }
    if (h7bt_hci_cmd_sync(BT_HCI_OP_READ_BD_ADDR, NULL, 0, ret, sizeof(ret)) != 0) {
        return BLE_EIO;
    }
    memcpy(own_addr, ret + 1, 6);
    memset(le_features, 0, sizeof le_features);
    memset(ret, 0, sizeof ret);
    if (h7bt_hci_cmd_sync(BT_HCI_OP_LE_READ_LOCAL_FEATURES, NULL, 0, ret, sizeof(ret)) == 0 &&
        ret[0] == 0) {
        memcpy(le_features, ret + 1, FEATURES_LEN);
    }
    own_type = 0;
    memset(static_addr, 0, sizeof static_addr);
    ready = true;
    return BLE_OK;
}

bool h7bt_host_le_encryption(void)
{
    return le_features[0] & LE_FEAT_ENCRYPTION;
}

/* a random static address (Vol 6 Part B 1.3.2.1): the two top bits 1, the
 * other 46 neither all 0 nor all 1; made once per start, kept while on */
static bool make_static_addr(void)
{
    for (int tries = 0; tries < 4; tries++) {
        if (!h7bt_cb->random) {
            return false;
        }
        h7bt_cb->random(static_addr, 6);
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

int h7bt_host_set_random_address(bool random)
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
    int rc = h7bt_hci_cmd_sync(BT_HCI_OP_LE_SET_RANDOM_ADDRESS, static_addr, 6, ret, sizeof(ret));
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
 * peer notices a supervision timeout later; btvirt's is never told).  Then
 * every link left is let go without telling the application, and what the
 * layers hold on the heap goes back: on MicroPython the heap itself goes at
 * a soft reset. */
void h7bt_host_stop(void)
{
    static const h7bt_host_cb_t silent;
    if (ready) {
        for (int i = 0; i < BLE_MAX_CONN; i++) {
            if (h7bt_conns[i].used && !h7bt_conns[i].closing) {
                h7bt_gap_terminate(h7bt_conns[i].handle, BT_ERR_REMOTE_POWER_OFF);
            }
        }
        for (int waited = 0; h7bt_conn_any() && waited < STOP_DISCONNECT_MS; waited += 10) {
            k_sleep(K_MSEC(10));
        }
        h7bt_hci_cmd_sync(BT_HCI_OP_RESET, NULL, 0, NULL, 0);
    }
    ready = false;
    const h7bt_host_cb_t *app = h7bt_cb;
    h7bt_cb = &silent;
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        if (h7bt_conns[i].used && !h7bt_conns[i].closing) {
            uint8_t role, peer_type, peer[6];
            h7bt_conn_close(&h7bt_conns[i], &role, &peer_type, peer);
        }
    }
    h7bt_att_stop();
    h7bt_cb = app;
}

bool h7bt_host_ready(void)
{
    return ready;
}

void h7bt_host_address(uint8_t *type, uint8_t addr[6])
{
    *type = own_type;
    memcpy(addr, own_type ? static_addr : own_addr, 6);
}
