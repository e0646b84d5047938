/*
 * The Security Manager's LE Secure Connections against a peer written here
 * from the Core spec (Vol 3 Part H 2.3.5.6, C.2), PDU by PDU: the peer
 * makes its PDUs with lib/ble/crypto's f4/f5/f6/g2 and P-256 and checks
 * every value the host sends (confirms, nonces, DHKey checks, the number
 * it shows, the LTK it gives the controller).  Passkey entry with the host
 * as responder, numeric comparison with the host as initiator; a wrong
 * confirm, an off-curve key, our own key reflected back, the user saying
 * no, and the 30 s timeout.  The stub controller carries the PDUs.
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
#include "p256.h"
#include "smp_secure.h"
#include "stub_controller.h"

#define CONN 0x40
#define PASSKEY 987654

/* ---- what the host reported and sent ---- */
static struct { int n; bool enc, auth, bonded; } report;
static struct { int n; uint8_t action; uint32_t number; } asked;
static struct { int n; uint8_t type; uint8_t value[28]; } stored;
static uint8_t pdus[64][80];            /* SMP PDUs the host sent */
static size_t pdu_len[64];
static unsigned pdu_in, pdu_out;
static uint8_t enc_cmd[28];             /* LE Enable Encryption parameters */
static uint8_t ltk_reply[18];           /* LE LTK Request Reply parameters */
static uint8_t rand_counter;

static void tap(const uint8_t *d, size_t len)
{
    if (d[0] == H4_ACL && len >= 9 && d[7] == 6 && d[8] == 0 && pdu_in - pdu_out < 64) {
        memcpy(pdus[pdu_in % 64], d + 9, len - 9);
        pdu_len[pdu_in++ % 64] = len - 9;
    } else if (d[0] == H4_CMD && d[1] == 0x19 && d[2] == 0x20) {
        memcpy(enc_cmd, d + 4, sizeof enc_cmd);
    } else if (d[0] == H4_CMD && d[1] == 0x1A && d[2] == 0x20) {
        memcpy(ltk_reply, d + 4, sizeof ltk_reply);
    }
}

static void encryption_changed(uint16_t c, bool enc, bool auth, bool bonded, uint8_t size)
{
    (void)c; (void)size;
    report.n++;
    report.enc = enc;
    report.auth = auth;
    report.bonded = bonded;
}

static void passkey_action(uint16_t c, uint8_t action, uint32_t number)
{
    (void)c;
    asked.n++;
    asked.action = action;
    asked.number = number;
}

static bool set_secret(uint8_t type, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    (void)k; (void)kl;
    stored.n++;
    stored.type = type;
    memcpy(stored.value, v, vl < 28 ? vl : 28);
    return true;
}

/* different bytes on every call */
static void counting_random(uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(rand_counter++ * 37 + 11);
    }
}

static const h7bt_host_cb_t cb = {
    .random = counting_random, .encryption_changed = encryption_changed,
    .passkey_action = passkey_action, .set_secret = set_secret,
};

/* ---- the peer ---- */
static uint8_t peer_sk[32];             /* most significant byte first */
static uint8_t peer_pk[64];             /* PDU order */
static uint8_t host_pk[64], dhkey[32];
static const uint8_t host_addr[7] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0 };
static const uint8_t peer_addr[7] = { 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, STUB_PEER_TYPE };

static void reverse(uint8_t *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = in[n - 1 - i];
    }
}

static void peer_send(const uint8_t *pdu, size_t len)
{
    uint8_t f[100] = { H4_ACL, CONN, 0x20, (uint8_t)(len + 4), 0, (uint8_t)len, 0, 6, 0 };
    memcpy(f + 9, pdu, len);
    h7bt_host_feed(f, len + 9);
    h7bt_os_poll();
}

static void peer_send_value(uint8_t code, const uint8_t v[16])
{
    uint8_t p[17] = { code };
    memcpy(p + 1, v, 16);
    peer_send(p, 17);
}

static void peer_send_key(const uint8_t pk[64])
{
    uint8_t p[65] = { 0x0C };
    memcpy(p + 1, pk, 64);
    peer_send(p, 65);
}

/* the next SMP PDU the host sent: its code and length are checked */
static const uint8_t *host_pdu(uint8_t code, size_t len)
{
    for (int i = 0; i < 8 && pdu_in == pdu_out; i++) {
        h7bt_os_poll();
    }
    assert_true(pdu_in != pdu_out);
    const uint8_t *p = pdus[pdu_out % 64];
    assert_int_equal(p[0], code);
    assert_int_equal(pdu_len[pdu_out % 64], len);
    pdu_out++;
    return p;
}

static void no_host_pdu(void)
{
    for (int i = 0; i < 4; i++) {
        h7bt_os_poll();
    }
    assert_int_equal(pdu_in, pdu_out);
}

/* the host's public key arrived: the peer's DHKey */
static void take_host_key(const uint8_t *p)
{
    uint8_t x[32], y[32], dh[32];
    memcpy(host_pk, p + 1, 64);
    reverse(x, host_pk, 32);
    reverse(y, host_pk + 32, 32);
    assert_true(h7bt_p256_dh(peer_sk, x, y, dh));
    reverse(dhkey, dh, 32);
}

static void event(const uint8_t *e, size_t len)
{
    h7bt_host_feed(e, len);
    h7bt_os_poll();
}

static void encryption_on(void)
{
    uint8_t e[] = { H4_EVT, 0x08, 4, 0, CONN, 0, 1 };
    event(e, sizeof e);
}

static int setup(void **state)
{
    (void)state;
    stub_controller_init(251, 8);
    stub_tap = tap;
    stub_auto_complete = true;
    stub_ms = 0;
    h7bt_os_init(&stub_port);
    h7bt_os_input_add(&stub_input);
    assert_int_equal(h7bt_host_start(&stub_transport, &cb), BLE_OK);
    memset(&report, 0, sizeof report);
    memset(&asked, 0, sizeof asked);
    memset(&stored, 0, sizeof stored);
    pdu_in = pdu_out = 0;
    /* the peer's key pair: 0x01..0x20 as a scalar */
    uint8_t x[32], y[32];
    for (int i = 0; i < 32; i++) {
        peer_sk[i] = (uint8_t)(i + 1);
    }
    assert_true(h7bt_p256_public_key(peer_sk, x, y));
    reverse(peer_pk, x, 32);
    reverse(peer_pk + 32, y, 32);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    h7bt_host_stop();
    return 0;
}

/* ---- the host as responder, passkey entry: it displays, the peer types ---- */

static void test_responder_passkey(void **state)
{
    (void)state;
    h7bt_smp_config(BLE_SMP_IO_DISPLAY_ONLY, true, true, true);
    stub_conn_complete(CONN, 1);
    /* KeyboardOnly, bonding + MITM + SC, 16-byte keys, the responder's LTK */
    static const uint8_t preq[7] = { 0x01, 0x02, 0x00, 0x0D, 16, 0x00, 0x01 };
    peer_send(preq, 7);
    uint8_t pres[7];
    memcpy(pres, host_pdu(0x02, 7), 7);
    assert_int_equal(pres[1], BLE_SMP_IO_DISPLAY_ONLY);
    assert_int_equal(pres[3] & 0x0D, 0x0D);
    assert_int_equal(asked.n, 1);
    assert_int_equal(asked.action, BLE_SMP_ACTION_DISPLAY);
    assert_int_equal(h7bt_smp_passkey(CONN, BLE_SMP_ACTION_INPUT, PASSKEY), BLE_EINVAL);
    assert_int_equal(h7bt_smp_passkey(CONN, BLE_SMP_ACTION_DISPLAY, 1000000), BLE_EINVAL);
    assert_int_equal(h7bt_smp_passkey(CONN, BLE_SMP_ACTION_DISPLAY, PASSKEY), BLE_OK);

    peer_send_key(peer_pk);
    take_host_key(host_pdu(0x0C, 65));
    uint8_t na[16], nb[16];
    for (int i = 0; i < 20; i++) {
        uint8_t z = (uint8_t)(0x80 | ((PASSKEY >> i) & 1)), ca[16], cb_host[16], cf[16];
        memset(na, 0x30 + i, 16);
        h7bt_smp_f4(peer_pk, host_pk, na, z, ca);
        peer_send_value(0x03, ca);
        memcpy(cb_host, host_pdu(0x03, 17) + 1, 16);
        peer_send_value(0x04, na);
        memcpy(nb, host_pdu(0x04, 17) + 1, 16);
        h7bt_smp_f4(host_pk, peer_pk, nb, z, cf);
        assert_memory_equal(cf, cb_host, 16);       /* the host committed to its bit */
    }
    uint8_t mackey[16], ltk[16], r[16] = { 0 }, ea[16], eb[16];
    r[0] = PASSKEY & 0xFF;
    r[1] = (PASSKEY >> 8) & 0xFF;
    r[2] = (PASSKEY >> 16) & 0xFF;
    h7bt_smp_f5(dhkey, na, nb, peer_addr, host_addr, mackey, ltk);
    h7bt_smp_f6(mackey, na, nb, r, preq + 1, peer_addr, host_addr, ea);
    peer_send_value(0x0D, ea);
    h7bt_smp_f6(mackey, nb, na, r, pres + 1, host_addr, peer_addr, eb);
    assert_memory_equal(host_pdu(0x0D, 17) + 1, eb, 16);

    /* the peer's controller starts encryption: the host answers with f5's LTK */
    uint8_t req[] = { H4_EVT, 0x3E, 13, 0x05, CONN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    event(req, sizeof req);
    assert_int_equal(ltk_reply[0], CONN);
    assert_memory_equal(ltk_reply + 2, ltk, 16);
    encryption_on();
    assert_int_equal(report.n, 1);
    assert_true(report.enc && report.auth && report.bonded);
    assert_int_equal(stored.n, 1);
    assert_memory_equal(stored.value, ltk, 16);     /* kept, EDIV and Rand 0 */
    no_host_pdu();                                  /* no keys handed out */
}

/* ---- the host as initiator, numeric comparison ---- */

/* the host pairs as central; the peer answers as DisplayYesNo with SC + MITM
 * and its public key; returns the pairing request */
static void start_as_central(uint8_t preq[7], const uint8_t pres[7])
{
    h7bt_smp_config(BLE_SMP_IO_DISPLAY_YESNO, false, true, true);
    stub_conn_complete(CONN, 0);
    assert_int_equal(h7bt_smp_pair(CONN), BLE_OK);
    memcpy(preq, host_pdu(0x01, 7), 7);
    assert_int_equal(preq[3] & 0x0C, 0x0C);
    peer_send(pres, 7);
    take_host_key(host_pdu(0x0C, 65));
}

static const uint8_t nc_pres[7] = { 0x02, 0x01, 0x00, 0x0C, 16, 0x00, 0x00 };

/* up to the host asking the user: the numbers shown must agree */
static void numeric_comparison(uint8_t preq[7], uint8_t na[16], uint8_t nb[16])
{
    start_as_central(preq, nc_pres);
    uint8_t cb_peer[16];
    peer_send_key(peer_pk);
    memset(nb, 0x77, 16);
    h7bt_smp_f4(peer_pk, host_pk, nb, 0, cb_peer);
    peer_send_value(0x03, cb_peer);
    memcpy(na, host_pdu(0x04, 17) + 1, 16);
    peer_send_value(0x04, nb);
    assert_int_equal(asked.n, 1);
    assert_int_equal(asked.action, BLE_SMP_ACTION_NUMCMP);
    assert_int_equal(asked.number, h7bt_smp_g2(host_pk, peer_pk, na, nb) % 1000000);
    no_host_pdu();                      /* nothing until the user answers */
}

static void test_initiator_numeric_comparison(void **state)
{
    (void)state;
    uint8_t preq[7], na[16], nb[16];
    numeric_comparison(preq, na, nb);
    assert_int_equal(h7bt_smp_passkey(CONN, BLE_SMP_ACTION_NUMCMP, 1), BLE_OK);
    uint8_t mackey[16], ltk[16], r[16] = { 0 }, ea[16], eb[16];
    h7bt_smp_f5(dhkey, na, nb, host_addr, peer_addr, mackey, ltk);
    h7bt_smp_f6(mackey, na, nb, r, preq + 1, host_addr, peer_addr, ea);
    assert_memory_equal(host_pdu(0x0D, 17) + 1, ea, 16);
    h7bt_smp_f6(mackey, nb, na, r, nc_pres + 1, peer_addr, host_addr, eb);
    peer_send_value(0x0D, eb);
    static const uint8_t zero[10];
    assert_int_equal(enc_cmd[0], CONN);
    assert_memory_equal(enc_cmd + 2, zero, 10);     /* Rand, EDIV 0 */
    assert_memory_equal(enc_cmd + 12, ltk, 16);
    encryption_on();
    assert_int_equal(report.n, 1);
    assert_true(report.enc && report.auth && !report.bonded);
}

static void test_user_says_no(void **state)
{
    (void)state;
    uint8_t preq[7], na[16], nb[16];
    numeric_comparison(preq, na, nb);
    assert_int_equal(h7bt_smp_passkey(CONN, BLE_SMP_ACTION_NUMCMP, 0), BLE_OK);
    assert_int_equal(host_pdu(0x05, 2)[1], 0x0C);   /* Numeric Comparison Failed */
    assert_int_equal(report.n, 1);
    assert_false(report.enc);
}

/* ---- refusals ---- */

static void test_wrong_confirm(void **state)
{
    (void)state;
    uint8_t preq[7], cb_peer[16], nb[16];
    start_as_central(preq, nc_pres);
    peer_send_key(peer_pk);
    memset(nb, 0x77, 16);
    h7bt_smp_f4(peer_pk, host_pk, nb, 0, cb_peer);
    peer_send_value(0x03, cb_peer);
    host_pdu(0x04, 17);
    nb[0] ^= 1;                         /* not the nonce committed to */
    peer_send_value(0x04, nb);
    assert_int_equal(host_pdu(0x05, 2)[1], 0x04);   /* Confirm Value Failed */
    assert_int_equal(asked.n, 0);
    assert_int_equal(report.n, 1);
}

static void test_off_curve_key(void **state)
{
    (void)state;
    uint8_t preq[7], bad[64];
    start_as_central(preq, nc_pres);
    memcpy(bad, peer_pk, 64);
    bad[32] ^= 1;                       /* y changed: not on the curve */
    peer_send_key(bad);
    assert_int_equal(host_pdu(0x05, 2)[1], 0x0B);   /* DHKey Check Failed */
    assert_int_equal(report.n, 1);
}

static void test_own_key_reflected(void **state)
{
    (void)state;
    uint8_t preq[7];
    start_as_central(preq, nc_pres);
    peer_send_key(host_pk);
    assert_int_equal(host_pdu(0x05, 2)[1], 0x03);   /* Authentication Requirements */
}

/* ---- the 30 s timeout: the peer stops answering ---- */

static void test_timeout(void **state)
{
    (void)state;
    h7bt_smp_config(BLE_SMP_IO_NONE, false, false, true);
    stub_conn_complete(CONN, 1);
    static const uint8_t preq[7] = { 0x01, 0x03, 0x00, 0x08, 16, 0x00, 0x00 };
    peer_send(preq, 7);
    host_pdu(0x02, 7);                  /* then no public key comes */
    stub_ms += 29000;
    h7bt_os_poll();
    assert_int_equal(report.n, 0);
    stub_ms += 2000;
    h7bt_os_poll();
    assert_int_equal(report.n, 1);
    assert_false(report.enc);
    /* then the link takes no more SMP: a new request goes unanswered, and
     * we may not ask for pairing either */
    peer_send(preq, 7);
    no_host_pdu();
    assert_int_equal(h7bt_smp_pair(CONN), BLE_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_responder_passkey, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initiator_numeric_comparison, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_says_no, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_confirm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_off_curve_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_key_reflected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
