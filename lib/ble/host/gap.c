/*
 * GAP of the h7stack BLE host: device name, advertising (connectable
 * ADV_IND or scannable ADV_SCAN_IND), scanning (passive or active, with a
 * duration), connecting as central (with a timeout), connections and their
 * parameter updates, disconnection.  Addresses are given to the binding in
 * display order (most significant byte first), as MicroPython shows them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "hci.h"
#include "conn.h"
#include "att.h"
#include "gap.h"
#include "host.h"

#define ADV_DATA_MAX    31
#define ADV_UNIT_US     625
#define CONN_UNIT_US    1250
#define RETRY_MS        20

static bool scanning, connecting, advertising;
static struct k_timer scan_timer, connect_timer;
static struct k_work_delayable connect_retry;
static uint8_t connect_params[25];

static void swap_addr(uint8_t *out, const uint8_t *in)
{
    for (int i = 0; i < 6; i++) {
        out[i] = in[5 - i];
    }
}

/* the name is the GAP service's Device Name characteristic, in the ATT server */
int h7bt_gap_set_name(const uint8_t *n, size_t len)
{
    return h7bt_gatts_set_device_name(n, len);
}

size_t h7bt_gap_name(const uint8_t **n)
{
    return h7bt_gatts_device_name(n);
}

/* a command waited for, its status as a BLE_ code (BLE_EIO for any the
 * controller refused) */
static int cmd(uint16_t opcode, const void *params, uint8_t len)
{
    int st = h7bt_hci_cmd_sync(opcode, params, len, NULL, 0);
    return st == 0 ? BLE_OK : st < 0 ? st : BLE_EIO;
}

int h7bt_gap_advertise_stop(void)
{
    uint8_t off = 0;
    advertising = false;
    return cmd(BT_HCI_OP_LE_SET_ADV_ENABLE, &off, 1);
}

static int set_data(uint16_t opcode, const uint8_t *data, size_t len)
{
    uint8_t p[1 + ADV_DATA_MAX] = { 0 };
    if (len > ADV_DATA_MAX) {
        return BLE_EINVAL;
    }
    p[0] = (uint8_t)len;
    memcpy(p + 1, data, len);
    return cmd(opcode, p, sizeof(p));
}

static uint8_t own_type(void)
{
    uint8_t type, addr[6];
    h7bt_host_address(&type, addr);
    return type;
}

int h7bt_gap_advertise(bool connectable, uint32_t interval_us, const uint8_t *adv, size_t adv_len,
                      const uint8_t *sr, size_t sr_len)
{
    int rc;
    if (advertising && (rc = h7bt_gap_advertise_stop()) != BLE_OK) {
        return rc;
    }
    uint32_t units = interval_us / ADV_UNIT_US;
    units = units < 0x20 ? 0x20 : units > 0x4000 ? 0x4000 : units;
    uint8_t p[15] = { 0 };
    put16(p, (uint16_t)units);
    put16(p + 2, (uint16_t)units);
    p[4] = connectable ? 0x00 : 0x02;           /* ADV_IND, or ADV_SCAN_IND */
    p[5] = own_type();
    p[13] = 0x07;                               /* all three channels */
    if ((rc = cmd(BT_HCI_OP_LE_SET_ADV_PARAMS, p, 15)) != BLE_OK) {
        return rc;
    }
    if (adv && (rc = set_data(BT_HCI_OP_LE_SET_ADV_DATA, adv, adv_len)) != BLE_OK) {
        return rc;
    }
    if (sr && (rc = set_data(BT_HCI_OP_LE_SET_SCAN_RSP_DATA, sr, sr_len)) != BLE_OK) {
        return rc;
    }
    uint8_t on = 1;
    if ((rc = cmd(BT_HCI_OP_LE_SET_ADV_ENABLE, &on, 1)) == BLE_OK) {
        advertising = true;
    }
    return rc;
}

static void scan_finished(void)
{
    if (scanning) {
        scanning = false;
        k_timer_stop(&scan_timer);
        if (h7bt_cb->scan_done) {
            h7bt_cb->scan_done();
        }
    }
}

static void scan_expired(struct k_timer *t)
{
    (void)t;
    uint8_t off[2] = { 0, 0 };
    h7bt_hci_cmd(BT_HCI_OP_LE_SET_SCAN_ENABLE, off, 2, NULL, NULL);
    scan_finished();
}

int h7bt_gap_scan(int32_t duration_ms, uint32_t interval_us, uint32_t window_us, bool active)
{
    uint8_t p[7];
    uint32_t iv = interval_us / ADV_UNIT_US, win = window_us / ADV_UNIT_US;
    iv = iv < 4 ? 4 : iv > 0x4000 ? 0x4000 : iv;
    win = win < 4 ? 4 : win > iv ? iv : win;
    if (scanning) {
        h7bt_gap_scan_stop();
    }
    p[0] = active;
    put16(p + 1, (uint16_t)iv);
    put16(p + 3, (uint16_t)win);
    p[5] = own_type();
    p[6] = 0;                                   /* accept all */
    int rc = cmd(BT_HCI_OP_LE_SET_SCAN_PARAMS, p, 7);
    uint8_t en[2] = { 1, 0 };                   /* enable, report duplicates */
    if (rc == BLE_OK) {
        scanning = true;                        /* reports may come before the status */
        rc = cmd(BT_HCI_OP_LE_SET_SCAN_ENABLE, en, 2);
    }
    if (rc == BLE_OK && duration_ms > 0) {
        k_timer_start(&scan_timer, K_MSEC(duration_ms), K_NO_WAIT);
    } else if (rc != BLE_OK) {
        scanning = false;
    }
    return rc;
}

int h7bt_gap_scan_stop(void)
{
    uint8_t off[2] = { 0, 0 };
    if (!scanning) {
        return BLE_OK;
    }
    int rc = cmd(BT_HCI_OP_LE_SET_SCAN_ENABLE, off, 2);
    scan_finished();
    return rc;
}

static void connect_failed(void)
{
    connecting = false;
    if (h7bt_cb->disconnected) {
        uint8_t addr[6];
        swap_addr(addr, connect_params + 6);
        h7bt_cb->disconnected(0xFFFF, BLE_ROLE_CENTRAL, connect_params[5], addr);
    }
}

static void connect_expired(struct k_timer *t)
{
    (void)t;
    if (!connecting) {
        return;
    }
    if (k_work_delayable_is_pending(&connect_retry)) {
        k_work_cancel_delayable(&connect_retry);    /* nothing at the controller to cancel */
        connect_failed();
    } else {
        h7bt_hci_cmd(BT_HCI_OP_LE_CREATE_CONN_CANCEL, NULL, 0, NULL, NULL);   /* LE Create Connection Cancel */
    }
}

int h7bt_gap_connect(uint8_t addr_type, const uint8_t *addr, int32_t timeout_ms,
                    uint32_t min_interval_us, uint32_t max_interval_us)
{
    if (connecting) {
        return BLE_EALREADY;
    }
    uint32_t lo = min_interval_us ? min_interval_us / CONN_UNIT_US : 24;
    uint32_t hi = max_interval_us ? max_interval_us / CONN_UNIT_US : 40;
    lo = lo < 6 ? 6 : lo > 3200 ? 3200 : lo;
    hi = hi < lo ? lo : hi > 3200 ? 3200 : hi;
    uint8_t p[25] = { 0 };
    put16(p, 0x0060);                           /* scan interval 60 ms */
    put16(p + 2, 0x0030);                       /* window 30 ms */
    p[4] = 0;                                   /* peer address given */
    p[5] = addr_type;
    swap_addr(p + 6, addr);
    p[12] = own_type();
    put16(p + 13, (uint16_t)lo);
    put16(p + 15, (uint16_t)hi);
    put16(p + 17, 0);                           /* latency */
    put16(p + 19, 400);                         /* supervision timeout 4 s */
    /* the connection may complete while the command's status is awaited */
    memcpy(connect_params, p, sizeof(p));
    connecting = true;
    k_timer_start(&connect_timer, K_MSEC(timeout_ms > 0 ? timeout_ms : 2000), K_NO_WAIT);
    int rc = cmd(BT_HCI_OP_LE_CREATE_CONN, p, 25);
    if (rc != BLE_OK) {
        connecting = false;
        k_timer_stop(&connect_timer);
    }
    return rc;
}

int h7bt_gap_connect_cancel(void)
{
    if (!connecting) {
        return BLE_OK;
    }
    return cmd(BT_HCI_OP_LE_CREATE_CONN_CANCEL, NULL, 0);
}

/* HCI Disconnect; not waited for: the disconnection event comes later */
int h7bt_gap_terminate(uint16_t conn, uint8_t reason)
{
    uint8_t p[3];
    put16(p, conn);
    p[2] = reason;
    return h7bt_hci_cmd(BT_HCI_OP_DISCONNECT, p, 3, NULL, NULL);
}

int h7bt_gap_disconnect(uint16_t conn)
{
    if (!h7bt_conn_find(conn)) {
        return BLE_ENOTCONN;
    }
    return h7bt_gap_terminate(conn, BT_ERR_REMOTE_USER_TERMINATED);
}

/* a controller that gives up at once when the peer is not advertising yet
 * (btvirt does) is asked again until the connect's own time is up */
static void retry_connect(struct k_work *w)
{
    (void)w;
    if (connecting) {
        h7bt_hci_cmd(BT_HCI_OP_LE_CREATE_CONN, connect_params, sizeof(connect_params), NULL, NULL);
    }
}

void h7bt_gap_on_conn_complete(const uint8_t *e, size_t n)
{
    /* status, handle(2), role, peer type, peer(6), interval(2), latency(2), timeout(2) */
    (void)n;
    uint8_t role = e[3];                        /* 0: we are central */
    if (role == 0 && e[0] != 0 && e[0] != BT_ERR_UNKNOWN_CONN && connecting &&
        k_timer_remaining_get(&connect_timer) > RETRY_MS) {
        k_work_schedule(&connect_retry, K_MSEC(RETRY_MS));
        return;
    }
    if (role == 0) {
        k_timer_stop(&connect_timer);
        if (e[0] == 0) {
            connecting = false;
        }
    } else {
        advertising = false;                    /* the controller stopped it */
    }
    if (e[0] != 0) {
        if (role == 0) {                        /* a cancelled or failed connect */
            connect_failed();
        }
        return;
    }
    uint16_t handle = get16(e + 1) & BT_ACL_HANDLE_MASK;
    h7bt_conn_t *c = h7bt_conn_open(handle, role == 0 ? BLE_ROLE_CENTRAL : BLE_ROLE_PERIPHERAL,
                                   e[4], e + 5);
    if (!c) {
        h7bt_gap_terminate(handle, BT_ERR_REMOTE_LOW_RESOURCES);
        return;
    }
    if (h7bt_cb->connected) {
        uint8_t addr[6];
        swap_addr(addr, c->peer);
        h7bt_cb->connected(handle, c->role, c->peer_type, addr);
    }
}

void h7bt_gap_on_disconnect(uint16_t handle, uint8_t reason)
{
    (void)reason;
    h7bt_conn_t *c = h7bt_conn_find(handle);
    uint8_t role, peer_type, peer[6];
    if (!c) {
        return;
    }
    h7bt_conn_close(c, &role, &peer_type, peer);
    if (h7bt_cb->disconnected) {
        uint8_t addr[6];
        swap_addr(addr, peer);
        h7bt_cb->disconnected(handle, role, peer_type, addr);
    }
}

void h7bt_gap_on_adv_reports(const uint8_t *e, size_t n)
{
    size_t off = 1;
    for (unsigned i = 0; i < e[0]; i++) {
        /* event type, address type, address(6), data length, data, rssi */
        if (off + 9 > n || off + 9 + e[off + 8] + 1 > n) {
            return;
        }
        const uint8_t *r = e + off;
        uint8_t len = r[8];
        uint8_t addr[6];
        swap_addr(addr, r + 2);
        if (scanning && h7bt_cb->scan_result) {
            h7bt_cb->scan_result(r[1], addr, r[0], (int8_t)r[9 + len], r + 9, len);
        }
        off += 10u + len;
    }
}

void h7bt_gap_on_conn_update(const uint8_t *e, size_t n)
{
    (void)n;                                    /* status, handle, interval, latency, timeout */
    if (h7bt_cb->conn_update) {
        h7bt_cb->conn_update(get16(e + 1) & BT_ACL_HANDLE_MASK, get16(e + 3), get16(e + 5), get16(e + 7), e[0]);
    }
}

/* Enhanced Connection Complete: the same with the two RPAs, which are dropped */
void h7bt_gap_on_enh_conn_complete(const uint8_t *e, size_t n)
{
    uint8_t c[18];
    (void)n;
    memcpy(c, e, 11);
    memcpy(c + 11, e + 23, 7);
    h7bt_gap_on_conn_complete(c, sizeof(c));
}

void h7bt_gap_init(void)
{
    scanning = connecting = advertising = false;
    k_timer_init(&scan_timer, scan_expired, NULL);
    k_timer_init(&connect_timer, connect_expired, NULL);
    k_work_init_delayable(&connect_retry, retry_connect);
}
