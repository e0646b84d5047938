/*
 * libFuzzer targets on what the BLE host parses from the controller, one
 * binary per parser (FUZZ_LAYER): H4, the input is the H4 byte stream as a
 * controller sends it (events, ACL data carrying L2CAP signalling, SMP and
 * ATT); EVENT, ACL, SIG, ATT, SMP, the input is records (a selector byte,
 * a length byte, that many bytes) each made into one HCI event (selector:
 * the event code), one ACL packet (selector: connection and packet
 * boundary flags; the L2CAP header is the fuzzer's) or one whole L2CAP PDU
 * on the signalling, ATT or SMP channel (selector: connection), so the
 * mutations land in that parser instead of in the framing.  Fed to a
 * host that has a GATT database, one connection as peripheral and one as
 * central with GATT client procedures under way and pairing started (the
 * H4 corpus also gets seeds that complete pairing: ble_pairing_seeds.c,
 * which sets the host up with host_setup() below).  The stub controller
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

enum { LAYER_H4, LAYER_EVENT, LAYER_ACL, LAYER_SIG, LAYER_ATT, LAYER_SMP };
#ifndef FUZZ_LAYER
#define FUZZ_LAYER LAYER_H4
#endif

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
    if (h7bt_l2cap_recv(conn, cid, buf, &n) != BLE_OK || n > sizeof(buf)) {
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
    if (h7bt_smp_passkey(conn, action, action == BLE_SMP_ACTION_NUMCMP ? 1 : 123456) != BLE_OK) {
        abort();
    }
}

static const h7bt_host_cb_t cb = { .attr_read = attr_read, .attr_write = attr_write,
                                  .coc_recv = coc_recv, .random = fake_random,
                                  .get_secret = get_secret, .set_secret = set_secret,
                                  .passkey_action = passkey_action };

/* the host as every input finds it (ble_pairing_seeds.c sets it up the same
 * way, to record its seeds; setup_tap sees what the host sends) */
static void (*setup_tap)(const uint8_t *h4, size_t len);

static void host_setup(void)
{
    stub_ms = 0;
    secret_len = 0;
    stub_controller_init(27, 4);
    stub_tap = setup_tap;
    h7bt_os_init(&stub_port);
    h7bt_os_input_add(&stub_input);
    if (h7bt_host_start(&stub_transport, &cb) != BLE_OK) {
        abort();
    }
    h7bt_uuid_t svc = { 2, { 0x0D, 0x18 } }, chr[2] = { { 2, { 0x37, 0x2A } }, { 2, { 0x38, 0x2A } } };
    h7bt_uuid_t dsc = { 2, { 0x01, 0x29 } };
    uint16_t flags[2] = { BLE_F_READ | BLE_F_WRITE | BLE_F_NOTIFY | BLE_F_INDICATE,
                          BLE_F_READ | BLE_F_WRITE_NR };
    uint8_t nd[2] = { 1, 0 };
    uint16_t dflags[1] = { BLE_F_READ | BLE_F_WRITE }, handles[3];
    h7bt_gatts_begin(false);
    h7bt_gatts_add_service(&svc, 2, chr, flags, nd, &dsc, dflags, handles);
    stub_conn_complete(0x40, 1);            /* a central connected to us */
    stub_conn_complete(0x41, 0);            /* we are central of another */
    h7bt_gattc_discover_chars(0x41, 1, 0xFFFF, NULL);
    h7bt_gattc_read(0x40, 3);
    h7bt_l2cap_listen(0x25, 100);            /* the peer on 0x40 may open channels */
    h7bt_l2cap_connect(0x41, 0x25, 100);     /* we open one on 0x41 (ident 1, CID 0x40) */
    /* KeyboardDisplay with MITM: the peer's IO capability picks Just Works,
     * passkey entry or numeric comparison; Secure Connections when the
     * peer asks for them */
    h7bt_smp_config(BLE_SMP_IO_KEYBOARD_DISPLAY, true, true, true);
    h7bt_smp_pair(0x41);                     /* pairing as central on 0x41 */
}

#ifndef FUZZ_RECORDER
/* one record as the controller would deliver it */
static void feed_record(uint8_t sel, const uint8_t *p, uint8_t n)
{
    uint8_t f[9 + 255];
    uint8_t conn = (sel & 1) ? 0x41 : 0x40;
    size_t len;
    if (FUZZ_LAYER == LAYER_EVENT) {
        f[0] = H4_EVT;
        f[1] = sel;
        f[2] = n;
        memcpy(f + 3, p, n);
        len = 3u + n;
    } else if (FUZZ_LAYER == LAYER_ACL) {
        uint8_t h[5] = { H4_ACL, conn, (uint8_t)(sel & 0xF0), n, 0 };
        memcpy(f, h, 5);
        memcpy(f + 5, p, n);
        len = 5u + n;
    } else {
        uint8_t cid = FUZZ_LAYER == LAYER_SIG ? 5 : FUZZ_LAYER == LAYER_ATT ? 4 : 6;
        uint8_t h[9] = { H4_ACL, conn, 0x20, (uint8_t)(n + 4), (uint8_t)((n + 4) >> 8), n, 0, cid, 0 };
        memcpy(f, h, 9);
        memcpy(f + 9, p, n);
        len = 9u + n;
    }
    h7bt_host_feed(f, len);
    h7bt_os_poll();
}

static void feed(const uint8_t *data, size_t size)
{
    if (FUZZ_LAYER == LAYER_H4) {
        h7bt_host_feed(data, size);
        return;
    }
    while (size >= 2) {
        uint8_t n = data[1] <= size - 2 ? data[1] : (uint8_t)(size - 2);
        feed_record(data[0], data + 2, n);
        data += 2u + n;
        size -= 2u + n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    host_setup();
    feed(data, size);
    for (int i = 0; i < 4; i++) {
        stub_ms += 500;                     /* timers: scan, connect, retries */
        h7bt_os_poll();
    }
    h7bt_host_stop();                       /* gives back all it took (LeakSanitizer checks) */
    return 0;
}
#endif
