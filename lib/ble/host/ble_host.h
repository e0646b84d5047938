/*
 * The h7stack BLE host: HCI core, GAP (advertising, scanning, connections
 * as central and peripheral), L2CAP fixed channels and LE signalling, ATT
 * with a GATT server (dynamic database) and client.  Written against the
 * kernel adapter (lib/ble/os) and an HCI transport (lib/ble/hci); the
 * binding (bindings/micropython/ble) supplies the callbacks below and the
 * attribute values.  All calls and callbacks happen in the thread that
 * runs h7bt_os_poll().
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_HOST_H
#define H7STACK_BLE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* sizes a build may set smaller (the CM7 port does: bindings/micropython/ble) */
#ifndef BLE_MAX_CONN
#define BLE_MAX_CONN        4
#endif
#ifndef BLE_TXQ_BYTES
#define BLE_TXQ_BYTES       16384   /* ACL frames waiting for controller buffers */
#endif
#ifndef BLE_GATTC_QUEUE
#define BLE_GATTC_QUEUE     4       /* GATT client requests waiting, per connection */
#endif
#ifndef BLE_GATTS_MAX_ATTRS
#define BLE_GATTS_MAX_ATTRS 160
#endif
#ifndef BLE_GAP_NAME_MAX
#define BLE_GAP_NAME_MAX    248     /* the Device Name's longest (Core Vol 3 Part C 12.1) */
#endif
#define BLE_ATT_MTU_MAX     517
#define BLE_COC_MAX         2       /* L2CAP credit-based channels, all connections */
#define BLE_COC_MTU_MAX     512
#define BLE_ROLE_CENTRAL    0       /* we are central */
#define BLE_ROLE_PERIPHERAL 1

/* errors (negative errno values, as MicroPython's backend returns them) */
#define BLE_OK          0
#define BLE_EINVAL      (-22)
#define BLE_ENOMEM      (-12)
#define BLE_EBUSY       (-16)
#define BLE_ENOTCONN    (-107)
#define BLE_ETIMEDOUT   (-110)
#define BLE_EIO         (-5)
#define BLE_EALREADY    (-114)
#define BLE_ENOENT      (-2)

typedef struct {
    uint8_t len;                /* 2 or 16 */
    uint8_t u[16];              /* little-endian, as on the air */
} h7bt_uuid_t;

/* characteristic properties / permissions (MicroPython's flag values) */
#define BLE_F_BROADCAST     0x0001
#define BLE_F_READ          0x0002
#define BLE_F_WRITE_NR      0x0004
#define BLE_F_WRITE         0x0008
#define BLE_F_NOTIFY        0x0010
#define BLE_F_INDICATE      0x0020

typedef struct {
    /* GAP */
    void (*connected)(uint16_t conn, uint8_t role, uint8_t addr_type, const uint8_t *addr);
    void (*disconnected)(uint16_t conn, uint8_t role, uint8_t addr_type, const uint8_t *addr);
    void (*conn_update)(uint16_t conn, uint16_t interval, uint16_t latency, uint16_t timeout,
                        uint8_t status);
    void (*scan_result)(uint8_t addr_type, const uint8_t *addr, uint8_t adv_type, int8_t rssi,
                        const uint8_t *data, uint8_t len);
    void (*scan_done)(void);
    /* GATT server: values of characteristics and descriptors the binding
     * added; remote: a peer's read, which the binding may refuse (ATT error) */
    int (*attr_read)(uint16_t conn, uint16_t handle, bool remote, const uint8_t **value,
                     size_t *len);
    int (*attr_write)(uint16_t conn, uint16_t handle, const uint8_t *value, size_t len);
    void (*indicate_done)(uint16_t conn, uint16_t handle, uint8_t status);
    void (*mtu_exchanged)(uint16_t conn, uint16_t mtu);
    /* GATT client */
    void (*service_result)(uint16_t conn, uint16_t start, uint16_t end, const h7bt_uuid_t *uuid);
    void (*char_result)(uint16_t conn, uint16_t value_handle, uint16_t end_handle, uint8_t props,
                        const h7bt_uuid_t *uuid);
    void (*desc_result)(uint16_t conn, uint16_t handle, const h7bt_uuid_t *uuid);
    void (*discover_done)(int what, uint16_t conn, uint16_t status);   /* 0 svc, 1 chr, 2 dsc */
    void (*read_result)(uint16_t conn, uint16_t handle, const uint8_t *data, size_t len);
    void (*read_done)(uint16_t conn, uint16_t handle, uint16_t status);
    void (*write_done)(uint16_t conn, uint16_t handle, uint16_t status);
    void (*notified)(uint16_t conn, uint16_t handle, bool indication, const uint8_t *data,
                     size_t len);
    /* optional: every HCI packet sent (rx false) or received, without its
     * H4 type byte, e.g. for a btsnoop log */
    void (*hci_packet)(uint8_t h4_type, bool rx, const uint8_t *pkt, size_t len);
    /* L2CAP credit-based channels: a peer's request (non-zero refuses it),
     * opened, closed (status: 0, or the peer's refusal), an SDU received,
     * a stalled send finished */
    int (*coc_accept)(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                      uint16_t peer_mtu);
    void (*coc_connected)(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t our_mtu,
                          uint16_t peer_mtu);
    void (*coc_disconnected)(uint16_t conn, uint16_t cid, uint16_t psm, uint16_t status);
    void (*coc_recv)(uint16_t conn, uint16_t cid);
    void (*coc_send_ready)(uint16_t conn, uint16_t cid, uint8_t status);
    /* security: random bytes (pairing needs them), the link's encryption
     * changed, and the application's store of keys (type, key, value) */
    void (*random)(uint8_t *out, size_t len);
    void (*encryption_changed)(uint16_t conn, bool encrypted, bool authenticated, bool bonded,
                               uint8_t key_size);
    bool (*get_secret)(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **value,
                       size_t *value_len);
    bool (*set_secret)(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *value,
                       size_t value_len);
    /* pairing needs the user: BLE_SMP_ACTION_* (number: the value to
     * compare for NUMCMP, else 0); answered with h7bt_smp_passkey */
    void (*passkey_action)(uint16_t conn, uint8_t action, uint32_t number);
} h7bt_host_cb_t;

typedef struct {
    int (*send)(void *ctx, const uint8_t *data, size_t len);   /* H4 frame; 0 or <0 */
    void *ctx;
} h7bt_hci_transport_t;

/* start: reset the controller and read its set-up (waits, polling; each
 * command has 2 s); BLE_OK or an error */
int h7bt_host_start(const h7bt_hci_transport_t *tr, const h7bt_host_cb_t *cb);
void h7bt_host_stop(void);
bool h7bt_host_ready(void);
/* bytes from the transport (H4 stream) */
void h7bt_host_feed(const uint8_t *data, size_t len);
/* our address and its type (0 public, 1 random) in HCI order */
void h7bt_host_address(uint8_t *type, uint8_t addr[6]);
/* use a random static address (made at the first call after start) for
 * advertising, scanning and connecting, or the controller's public one;
 * BLE_EBUSY while advertising, scanning or connecting */
int h7bt_host_set_random_address(bool random);

/* GAP */
int h7bt_gap_set_name(const uint8_t *name, size_t len);
size_t h7bt_gap_name(const uint8_t **name);
int h7bt_gap_advertise(bool connectable, uint32_t interval_us, const uint8_t *adv, size_t adv_len,
                      const uint8_t *sr, size_t sr_len);
int h7bt_gap_advertise_stop(void);
int h7bt_gap_scan(int32_t duration_ms, uint32_t interval_us, uint32_t window_us, bool active);
int h7bt_gap_scan_stop(void);
int h7bt_gap_connect(uint8_t addr_type, const uint8_t *addr, int32_t timeout_ms,
                    uint32_t min_interval_us, uint32_t max_interval_us);
int h7bt_gap_connect_cancel(void);
int h7bt_gap_disconnect(uint16_t conn);

/* GATT server database: begin (append or replace), one service at a time */
int h7bt_gatts_begin(bool append);
/* chars: n characteristics with their flags and descriptor counts; the
 * handles of each value then its descriptors go to handles[] */
int h7bt_gatts_add_service(const h7bt_uuid_t *svc, size_t n, const h7bt_uuid_t *chr_uuids,
                          const uint16_t *chr_flags, const uint8_t *n_desc,
                          const h7bt_uuid_t *desc_uuids, const uint16_t *desc_flags,
                          uint16_t *handles);
int h7bt_gatts_end(void);
int h7bt_gatts_notify(uint16_t conn, uint16_t handle, bool indicate, const uint8_t *value,
                     size_t len);
/* value changed locally: notify/indicate subscribers (CCCD) */
int h7bt_gatts_changed(uint16_t handle, const uint8_t *value, size_t len);
int h7bt_att_set_preferred_mtu(uint16_t mtu);
uint16_t h7bt_att_preferred_mtu(void);

/* GATT client */
int h7bt_gattc_discover_services(uint16_t conn, const h7bt_uuid_t *uuid);
int h7bt_gattc_discover_chars(uint16_t conn, uint16_t start, uint16_t end, const h7bt_uuid_t *uuid);
int h7bt_gattc_discover_descs(uint16_t conn, uint16_t start, uint16_t end);
int h7bt_gattc_read(uint16_t conn, uint16_t handle);
int h7bt_gattc_write(uint16_t conn, uint16_t handle, const uint8_t *value, size_t len, bool rsp);
int h7bt_gattc_exchange_mtu(uint16_t conn);

/* Security Manager: LE legacy and LE Secure Connections pairing (sc),
 * Just Works, passkey entry and numeric comparison as the IO capabilities
 * (io: BLE_SMP_IO_*) and MITM wishes of both sides select; bonding.  pair:
 * as central (re-encrypting from a stored key when there is one), or as
 * peripheral a Security Request */
enum {
    BLE_SMP_IO_DISPLAY_ONLY, BLE_SMP_IO_DISPLAY_YESNO, BLE_SMP_IO_KEYBOARD_ONLY,
    BLE_SMP_IO_NONE, BLE_SMP_IO_KEYBOARD_DISPLAY,
};
/* the user's part (numbered as MicroPython's _PASSKEY_ACTION_*): INPUT,
 * type the passkey the peer shows; DISPLAY, choose one and show it;
 * NUMCMP, say whether both devices show the same number */
enum { BLE_SMP_ACTION_INPUT = 2, BLE_SMP_ACTION_DISPLAY = 3, BLE_SMP_ACTION_NUMCMP = 4 };
void h7bt_smp_config(uint8_t io, bool bond, bool mitm, bool sc);
int h7bt_smp_pair(uint16_t conn);
/* the answer to passkey_action: the passkey (0..999999) for INPUT and
 * DISPLAY, non-zero to accept for NUMCMP; BLE_EINVAL if that action was
 * not asked for or the passkey is out of range */
int h7bt_smp_passkey(uint16_t conn, uint8_t action, uint32_t value);

/* L2CAP credit-based channels (one listening PSM; MTU 23..BLE_COC_MTU_MAX) */
int h7bt_l2cap_listen(uint16_t psm, uint16_t mtu);
int h7bt_l2cap_connect(uint16_t conn, uint16_t psm, uint16_t mtu);
int h7bt_l2cap_disconnect(uint16_t conn, uint16_t cid);
/* one SDU at a time: *stalled says it waits for credits (coc_send_ready
 * follows); BLE_EBUSY while the previous one has not gone */
int h7bt_l2cap_send(uint16_t conn, uint16_t cid, const uint8_t *data, size_t len, bool *stalled);
/* up to *len received bytes into buf (buf NULL: *len = bytes waiting) */
int h7bt_l2cap_recv(uint16_t conn, uint16_t cid, uint8_t *buf, size_t *len);

#endif
