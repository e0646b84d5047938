/*
 * The BLE host when the link drops in the middle of each procedure: every
 * GATT client request (the running one and those queued behind it), an
 * indication waiting for its confirmation, pairing, an L2CAP channel being
 * opened.  What was under way ends with its done event (Unlikely Error for
 * ATT, as Zephyr's host reports it), the connection's slot comes free, and
 * on the next connection the same procedure starts again: the same first
 * PDU on the same channel, on the new handle.  Pairing leaves nothing
 * behind: no report for the dead link when its SMP timeout would have run
 * out, and on the next link a Pairing Response the dropped pairing was
 * waiting for is ignored (no Pairing Confirm goes out).  The stub
 * controller answers commands; the test plays the controller's events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ble_os.h"
#include "ble_host.h"
#include "h4.h"
#include "stub_controller.h"

/* ---- what the host reported ---- */
static unsigned n_connected, n_disconnected, n_done, n_coc_closed, n_encryption;
static uint16_t last_status;

/* the first ACL PDU sent after a procedure starts: handle, L2CAP channel, code */
typedef struct {
    bool seen;
    uint16_t handle, cid;
    uint8_t code;
} first_pdu_t;
static first_pdu_t first;

static void tap(const uint8_t *h4, size_t len)
{
    /* H4 type, handle + flags, length, L2CAP length, channel, code */
    if (len >= 10 && h4[0] == H4_ACL && !first.seen) {
        first = (first_pdu_t){ true, (uint16_t)((h4[1] | h4[2] << 8) & 0x0FFF),
                               (uint16_t)(h4[7] | h4[8] << 8), h4[9] };
    }
}

static void encryption_changed(uint16_t c, bool e, bool a, bool b, uint8_t k)
{
    (void)c; (void)e; (void)a; (void)b; (void)k;
    n_encryption++;
}

static void connected(uint16_t c, uint8_t r, uint8_t t, const uint8_t *a)
{
    (void)c; (void)r; (void)t; (void)a;
    n_connected++;
}

static void disconnected(uint16_t c, uint8_t r, uint8_t t, const uint8_t *a)
{
    (void)c; (void)r; (void)t; (void)a;
    n_disconnected++;
}

static void done(uint16_t status)
{
    n_done++;
    last_status = status;
}

static void discover_done(int what, uint16_t c, uint16_t st) { (void)what; (void)c; done(st); }
static void read_done(uint16_t c, uint16_t h, uint16_t st) { (void)c; (void)h; done(st); }
static void write_done(uint16_t c, uint16_t h, uint16_t st) { (void)c; (void)h; done(st); }
static void indicate_done(uint16_t c, uint16_t h, uint8_t st) { (void)c; (void)h; done(st); }

static void coc_disconnected(uint16_t c, uint16_t cid, uint16_t psm, uint16_t st)
{
    (void)c; (void)cid; (void)psm; (void)st;
    n_coc_closed++;
}

static uint8_t value[8] = "value";

static int attr_read(uint16_t c, uint16_t h, bool remote, const uint8_t **v, size_t *l)
{
    (void)c; (void)h; (void)remote;
    *v = value;
    *l = sizeof(value);
    return 0;
}

static void fake_random(uint8_t *out, size_t len)
{
    memset(out, 0x5A, len);
}

static const h7bt_host_cb_t cb = {
    .connected = connected, .disconnected = disconnected, .discover_done = discover_done,
    .read_done = read_done, .write_done = write_done, .indicate_done = indicate_done,
    .coc_disconnected = coc_disconnected, .attr_read = attr_read, .random = fake_random,
    .encryption_changed = encryption_changed,
};

static uint16_t value_handle;

static int setup(void **state)
{
    (void)state;
    stub_controller_init(251, 8);
    h7bt_os_init(&stub_port);
    h7bt_os_input_add(&stub_input);
    assert_int_equal(h7bt_host_start(&stub_transport, &cb), BLE_OK);
    h7bt_uuid_t svc = { 2, { 0x0D, 0x18 } }, chr = { 2, { 0x37, 0x2A } };
    uint16_t flags = BLE_F_READ | BLE_F_WRITE | BLE_F_INDICATE, handles[1];
    uint8_t nd = 0;
    assert_int_equal(h7bt_gatts_begin(false), BLE_OK);
    assert_int_equal(h7bt_gatts_add_service(&svc, 1, &chr, &flags, &nd, NULL, NULL, handles),
                     BLE_OK);
    assert_int_equal(h7bt_gatts_end(), BLE_OK);
    value_handle = handles[0];
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    h7bt_host_stop();
    return 0;
}

/* ---- the procedures ---- */

typedef struct {
    const char *name;
    uint8_t role;                       /* 0: we are central */
    int (*start)(uint16_t conn);
    unsigned done_events;               /* done events when the link drops */
    bool coc;                           /* ends with a channel closed instead */
} proc_t;

static int p_services(uint16_t c) { return h7bt_gattc_discover_services(c, NULL); }
static int p_chars(uint16_t c) { return h7bt_gattc_discover_chars(c, 1, 0xFFFF, NULL); }
static int p_descs(uint16_t c) { return h7bt_gattc_discover_descs(c, 1, 0xFFFF); }
static int p_read(uint16_t c) { return h7bt_gattc_read(c, 3); }
static int p_write(uint16_t c) { return h7bt_gattc_write(c, 3, (const uint8_t *)"w", 1, true); }
static int p_mtu(uint16_t c) { return h7bt_gattc_exchange_mtu(c); }
static int p_pair(uint16_t c) { return h7bt_smp_pair(c); }
static int p_coc(uint16_t c) { return h7bt_l2cap_connect(c, 0x25, 100); }

static int p_queued(uint16_t c)         /* a read running, a write and a read queued */
{
    int rc = h7bt_gattc_read(c, 3);
    rc = rc ? rc : h7bt_gattc_write(c, 3, (const uint8_t *)"w", 1, true);
    return rc ? rc : h7bt_gattc_read(c, 5);
}

static int p_indicate(uint16_t c)
{
    return h7bt_gatts_notify(c, value_handle, true, value, sizeof(value));
}

static const proc_t procs[] = {
    { "discover services", 0, p_services, 1, false },
    { "discover characteristics", 0, p_chars, 1, false },
    { "discover descriptors", 0, p_descs, 1, false },
    { "read", 0, p_read, 1, false },
    { "write with response", 0, p_write, 1, false },
    { "requests queued", 0, p_queued, 3, false },
    { "MTU exchange", 0, p_mtu, 0, false },
    { "indication", 1, p_indicate, 1, false },
    { "pairing as central", 0, p_pair, 0, false },
    { "pairing as peripheral", 1, p_pair, 0, false },
    { "L2CAP channel opening", 0, p_coc, 0, true },
};

static uint16_t next_handle = 0x40;

/* one connection: start the procedure, return the first PDU it sent */
static first_pdu_t connect_and_start(const proc_t *p)
{
    uint16_t h = next_handle++;
    unsigned before = n_connected;
    stub_conn_complete(h, p->role);
    assert_int_equal(n_connected, before + 1);
    first.seen = false;
    stub_tap = tap;
    assert_int_equal(p->start(h), BLE_OK);
    h7bt_os_poll();
    stub_tap = NULL;
    assert_true(first.seen);
    assert_int_equal(first.handle, h);
    return first;
}

/* an L2CAP PDU from the peer on handle h */
static void peer_pdu(uint16_t h, uint16_t cid, const uint8_t *pdu, uint8_t len)
{
    uint8_t f[64] = { H4_ACL, (uint8_t)h, (uint8_t)(h >> 8 | 0x20), (uint8_t)(len + 4), 0, len, 0,
                      (uint8_t)cid, (uint8_t)(cid >> 8) };
    memcpy(f + 9, pdu, len);
    h7bt_host_feed(f, 9u + len);
}

#define SMP_TIMEOUT_MS 30000
#define CID_SMP        0x0006

static void test_disconnect_in_each_procedure(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
        const proc_t *p = &procs[i];
        print_message("%s\n", p->name);
        first_pdu_t run1 = connect_and_start(p);
        uint16_t h = run1.handle;
        unsigned d0 = n_done, c0 = n_coc_closed, x0 = n_disconnected, e0 = n_encryption;
        stub_disconn_complete(h);
        h7bt_os_poll();
        assert_int_equal(n_disconnected, x0 + 1);
        assert_int_equal(n_done - d0, p->done_events);
        if (p->done_events) {
            assert_int_equal(last_status, 0x0E);
        }
        assert_int_equal(n_coc_closed - c0, p->coc ? 1 : 0);
        /* the handle is gone: requests on it are refused */
        assert_int_equal(h7bt_gattc_read(h, 3), BLE_ENOTCONN);
        /* pairing ended with the link: its timeout reports nothing later */
        stub_ms += SMP_TIMEOUT_MS + 1000;
        h7bt_os_poll();
        assert_int_equal(n_encryption, e0);
        if (p->start == p_pair && p->role == 0) {
            /* on the next link, the Pairing Response the dropped pairing
             * waited for is stray: ignored, no Pairing Confirm */
            uint16_t h2 = next_handle++;
            stub_conn_complete(h2, 0);
            static const uint8_t rsp[7] = { 0x02, 0x03, 0x00, 0x01, 0x10, 0x01, 0x01 };
            unsigned sent = stub_acl_sent;
            peer_pdu(h2, CID_SMP, rsp, sizeof(rsp));
            h7bt_os_poll();
            assert_int_equal(stub_acl_sent, sent);
            assert_int_equal(n_encryption, e0);
            stub_disconn_complete(h2);
            h7bt_os_poll();
        }
        /* the stack is usable: the same procedure starts the same way on a new link */
        first_pdu_t run2 = connect_and_start(p);
        assert_int_equal(run2.cid, run1.cid);
        assert_int_equal(run2.code, run1.code);
        stub_disconn_complete(run2.handle);
        h7bt_os_poll();
    }
    /* no slot was kept: all of them take a connection */
    unsigned before = n_connected;
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        stub_conn_complete((uint16_t)(0x100 + i), 0);
    }
    assert_int_equal(n_connected, before + BLE_MAX_CONN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_disconnect_in_each_procedure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
