/*
 * libFuzzer target on everything the BLE host parses from the controller:
 * the input is an H4 byte stream (events, ACL data carrying L2CAP
 * signalling, SMP and ATT requests, responses and notifications) fed to a
 * host that has a GATT database, one connection as peripheral and one as
 * central with GATT client procedures under way and pairing started.  The stub controller
 * (tests/ble/stub_controller.c) answers every command at once.  Nothing may crash, hang or read or
 * write out of bounds (ASan, UBSan); writes reach the binding bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ble_os.h"
#include "ble_host.h"
#include "h4.h"
#include "stub_controller.h"

static uint8_t value[600];
static size_t value_len = 8;

static int attr_read(uint16_t c, uint16_t h, bool remote, const uint8_t **v, size_t *l)
{
    (void)c; (void)h; (void)remote;
    *v = value;
    *l = value_len;
    return 0;
}

static int attr_write(uint16_t c, uint16_t h, const uint8_t *v, size_t l)
{
    (void)c; (void)h;
    if (l > sizeof(value)) {
        abort();                            /* the host must bound writes */
    }
    memcpy(value, v, l);
    value_len = l;
    return 0;
}

/* received SDU bytes are read at once, so credits flow back to the peer */
static void coc_recv(uint16_t conn, uint16_t cid)
{
    uint8_t buf[BLE_COC_MTU_MAX];
    size_t n = sizeof(buf);
    if (ble_l2cap_recv(conn, cid, buf, &n) != BLE_OK || n > sizeof(buf)) {
        abort();
    }
}

/* pairing: fixed "random" values, a key store of one entry */
static void fake_random(uint8_t *out, size_t len)
{
    memset(out, 0x5A, len);
}

static uint8_t secret[64];
static size_t secret_len;

static bool get_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t **v,
                       size_t *len)
{
    (void)type; (void)key; (void)key_len;
    *v = secret;
    *len = secret_len;
    return secret_len != 0;
}

static bool set_secret(uint8_t type, const uint8_t *key, size_t key_len, const uint8_t *v,
                       size_t len)
{
    (void)type; (void)key; (void)key_len;
    if (len > sizeof(secret)) {
        abort();
    }
    memcpy(secret, v, len);
    secret_len = len;
    return true;
}

/* the user answers at once: the passkey typed or shown, "yes, the same" */
static void passkey_action(uint16_t conn, uint8_t action, uint32_t number)
{
    (void)number;
    if (ble_smp_passkey(conn, action, action == BLE_SMP_ACTION_NUMCMP ? 1 : 123456) != BLE_OK) {
        abort();
    }
}

static const ble_host_cb_t cb = { .attr_read = attr_read, .attr_write = attr_write,
                                  .coc_recv = coc_recv, .random = fake_random,
                                  .get_secret = get_secret, .set_secret = set_secret,
                                  .passkey_action = passkey_action };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stub_ms = 0;
    secret_len = 0;
    stub_controller_init(27, 4);
    ble_os_init(&stub_port);
    ble_os_input_add(&stub_input);
    if (ble_host_start(&stub_transport, &cb) != BLE_OK) {
        abort();
    }
    ble_uuid_t svc = { 2, { 0x0D, 0x18 } }, chr[2] = { { 2, { 0x37, 0x2A } }, { 2, { 0x38, 0x2A } } };
    ble_uuid_t dsc = { 2, { 0x01, 0x29 } };
    uint16_t flags[2] = { BLE_F_READ | BLE_F_WRITE | BLE_F_NOTIFY | BLE_F_INDICATE,
                          BLE_F_READ | BLE_F_WRITE_NR };
    uint8_t nd[2] = { 1, 0 };
    uint16_t dflags[1] = { BLE_F_READ | BLE_F_WRITE }, handles[3];
    ble_gatts_begin(false);
    ble_gatts_add_service(&svc, 2, chr, flags, nd, &dsc, dflags, handles);
    stub_conn_complete(0x40, 1);            /* a central connected to us */
    stub_conn_complete(0x41, 0);            /* we are central of another */
    ble_gattc_discover_chars(0x41, 1, 0xFFFF, NULL);
    ble_gattc_read(0x40, 3);
    ble_l2cap_listen(0x25, 100);            /* the peer on 0x40 may open channels */
    ble_l2cap_connect(0x41, 0x25, 100);     /* we open one on 0x41 (ident 1, CID 0x40) */
    /* KeyboardDisplay with MITM: the peer's IO capability picks Just Works,
     * passkey entry or numeric comparison; Secure Connections when the
     * peer asks for them */
    ble_smp_config(BLE_SMP_IO_KEYBOARD_DISPLAY, true, true, true);
    ble_smp_pair(0x41);                     /* pairing as central on 0x41 */
    ble_host_feed(data, size);
    for (int i = 0; i < 4; i++) {
        stub_ms += 500;                     /* timers: scan, connect, retries */
        ble_os_poll();
    }
    return 0;
}
