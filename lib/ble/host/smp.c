/*
 * Security Manager (Core spec Vol 3 Part H) of the h7stack BLE host: LE
 * legacy pairing, Just Works (TK = 0), both roles; the link is encrypted
 * with the STK, then, when both sides asked for bonding, the responder
 * hands the initiator an LTK with its EDIV and Rand.  Keys are kept by the
 * application through get/set_secret (MicroPython: _IRQ_GET_SECRET and
 * _IRQ_SET_SECRET): the responder answers a later LTK request from them.
 * Not yet: LE Secure Connections (btvirt has no P-256 commands, so the
 * host needs its own ECDH), passkey entry and numeric comparison, the
 * initiator re-encrypting from a stored key, the 30 s SMP timeout.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "host_int.h"
#include "smp_legacy.h"

enum {
    PAIRING_REQ = 0x01, PAIRING_RSP = 0x02, PAIRING_CONFIRM = 0x03, PAIRING_RANDOM = 0x04,
    PAIRING_FAILED = 0x05, ENC_INFO = 0x06, CENTRAL_ID = 0x07, SECURITY_REQ = 0x0B,
};
enum {
    ERR_CONFIRM = 0x04, ERR_NOT_SUPPORTED = 0x05, ERR_KEY_SIZE = 0x06, ERR_UNSPECIFIED = 0x08,
};
#define AUTH_BOND       0x01
#define AUTH_MITM       0x04
#define KEY_ENC         0x01            /* key distribution: LTK, EDIV, Rand */
#define MIN_KEY_SIZE    7
#define SECRET_OUR_LTK  1               /* an LTK we handed out, by peer address */
#define SECRET_PEER_LTK 2               /* an LTK a peer handed us */
#define SECRET_LEN      (16 + 2 + 8 + 1)

static const uint8_t tk[16];            /* Just Works: the temporary key is 0 */
static uint8_t io_cap = 0x03;           /* NoInputNoOutput */
static bool want_bond, want_mitm;

void ble_smp_config(uint8_t io, bool bond, bool mitm)
{
    io_cap = io;
    want_bond = bond;
    want_mitm = mitm;
}

static void send(ble_conn_t *c, const uint8_t *p, size_t len)
{
    hci_acl_send(c->handle, L2CAP_CID_SMP, p, len);
}

static void report(ble_conn_t *c)
{
    ble_smp_t *s = &c->smp;
    if (ble_cb->encryption_changed) {
        ble_cb->encryption_changed(c->handle, s->encrypted, false, s->bonded, s->key_size);
    }
}

static void fail(ble_conn_t *c, uint8_t reason)
{
    uint8_t p[2] = { PAIRING_FAILED, reason };
    send(c, p, 2);
    c->smp.state = SMP_IDLE;
    report(c);
}

static bool random_bytes(uint8_t *out, size_t n)
{
    if (!ble_cb->random) {
        return false;
    }
    ble_cb->random(out, n);
    return true;
}

/* the secret's key: the peer's address type and address */
static void peer_key(const ble_conn_t *c, uint8_t k[7])
{
    k[0] = c->peer_type;
    memcpy(k + 1, c->peer, 6);
}

static void confirm(ble_conn_t *c, const uint8_t r[16], uint8_t out[16])
{
    uint8_t own_type, own[6];
    ble_host_address(&own_type, own);
    bool init = c->role == BLE_ROLE_CENTRAL;
    ble_smp_c1(tk, r, c->smp.preq, c->smp.pres, init ? own_type : c->peer_type,
               init ? own : c->peer, init ? c->peer_type : own_type, init ? c->peer : own, out);
}

/* STK = s1(TK, Srand, Mrand), cut to the agreed key size */
static void make_stk(ble_conn_t *c, const uint8_t srand[16], const uint8_t mrand[16])
{
    ble_smp_s1(tk, srand, mrand, c->smp.stk);
    memset(c->smp.stk + c->smp.key_size, 0, 16u - c->smp.key_size);
}

static void send_value(ble_conn_t *c, uint8_t code, const uint8_t v[16])
{
    uint8_t p[17] = { code };
    memcpy(p + 1, v, 16);
    send(c, p, 17);
}

int ble_smp_pair(uint16_t conn)
{
    ble_conn_t *c = ble_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    if (c->role != BLE_ROLE_CENTRAL) {
        uint8_t p[2] = { SECURITY_REQ, (uint8_t)((want_bond ? AUTH_BOND : 0) |
                                                 (want_mitm ? AUTH_MITM : 0)) };
        send(c, p, 2);                  /* ask the central to pair */
        return BLE_OK;
    }
    if (c->smp.state != SMP_IDLE) {
        return BLE_EALREADY;
    }
    uint8_t *q = c->smp.preq;
    q[0] = PAIRING_REQ;
    q[1] = io_cap;
    q[2] = 0;                           /* no OOB data */
    q[3] = (uint8_t)((want_bond ? AUTH_BOND : 0) | (want_mitm ? AUTH_MITM : 0));
    q[4] = 16;
    q[5] = 0;                           /* initiator keys: none */
    q[6] = want_bond ? KEY_ENC : 0;     /* responder keys: its LTK */
    c->smp.state = SMP_WAIT_RSP;
    send(c, q, 7);
    return BLE_OK;
}

static void on_request(ble_conn_t *c, const uint8_t *p, size_t len)
{
    if (c->role != BLE_ROLE_PERIPHERAL || len != 7) {
        return;
    }
    ble_smp_t *s = &c->smp;
    memcpy(s->preq, p, 7);
    if (p[4] < MIN_KEY_SIZE || p[4] > 16) {
        return fail(c, ERR_KEY_SIZE);
    }
    bool bond = want_bond && (p[3] & AUTH_BOND);
    s->preq[0] = PAIRING_REQ;
    s->pres[0] = PAIRING_RSP;
    s->pres[1] = io_cap;
    s->pres[2] = 0;
    s->pres[3] = (uint8_t)((bond ? AUTH_BOND : 0) | (want_mitm ? AUTH_MITM : 0));
    s->pres[4] = 16;
    s->pres[5] = 0;
    s->pres[6] = bond ? (uint8_t)(p[6] & KEY_ENC) : 0;
    s->key_size = p[4];
    s->state = SMP_WAIT_CONFIRM;
    send(c, s->pres, 7);
}

static void on_response(ble_conn_t *c, const uint8_t *p, size_t len)
{
    ble_smp_t *s = &c->smp;
    if (s->state != SMP_WAIT_RSP || len != 7) {
        return;
    }
    memcpy(s->pres, p, 7);
    if (p[4] < MIN_KEY_SIZE || p[4] > 16) {
        return fail(c, ERR_KEY_SIZE);
    }
    s->key_size = p[4];
    if (!random_bytes(s->rand_own, 16)) {
        return fail(c, ERR_UNSPECIFIED);
    }
    uint8_t cf[16];
    confirm(c, s->rand_own, cf);
    s->state = SMP_WAIT_CONFIRM;
    send_value(c, PAIRING_CONFIRM, cf);
}

static void on_confirm(ble_conn_t *c, const uint8_t *p, size_t len)
{
    ble_smp_t *s = &c->smp;
    if (s->state != SMP_WAIT_CONFIRM || len != 17) {
        return;
    }
    memcpy(s->confirm_peer, p + 1, 16);
    s->state = SMP_WAIT_RANDOM;
    if (c->role == BLE_ROLE_CENTRAL) {
        send_value(c, PAIRING_RANDOM, s->rand_own);
        return;
    }
    uint8_t cf[16];
    if (!random_bytes(s->rand_own, 16)) {
        return fail(c, ERR_UNSPECIFIED);
    }
    confirm(c, s->rand_own, cf);
    send_value(c, PAIRING_CONFIRM, cf);
}

static void on_random(ble_conn_t *c, const uint8_t *p, size_t len)
{
    ble_smp_t *s = &c->smp;
    if (s->state != SMP_WAIT_RANDOM || len != 17) {
        return;
    }
    uint8_t cf[16];
    confirm(c, p + 1, cf);
    if (memcmp(cf, s->confirm_peer, 16) != 0) {
        return fail(c, ERR_CONFIRM);
    }
    s->state = SMP_WAIT_ENC;
    if (c->role == BLE_ROLE_CENTRAL) {
        make_stk(c, p + 1, s->rand_own);
        uint8_t e[28] = { 0 };          /* handle, Rand 0, EDIV 0, the STK */
        put16(e, c->handle);
        memcpy(e + 12, s->stk, 16);
        hci_cmd(0x2019, e, 28, NULL, NULL);             /* LE Enable Encryption */
    } else {
        make_stk(c, s->rand_own, p + 1);
        send_value(c, PAIRING_RANDOM, s->rand_own);
    }
}

static void finish(ble_conn_t *c)
{
    c->smp.state = SMP_IDLE;
    report(c);
}

/* the responder's keys: a fresh LTK with its EDIV and Rand, kept by the app */
static void send_keys(ble_conn_t *c)
{
    uint8_t v[SECRET_LEN], k[7];
    if (!random_bytes(v, 26)) {
        return fail(c, ERR_UNSPECIFIED);
    }
    v[26] = c->smp.key_size;
    memset(v + c->smp.key_size, 0, 16u - c->smp.key_size);
    peer_key(c, k);
    c->smp.bonded = ble_cb->set_secret && ble_cb->set_secret(SECRET_OUR_LTK, k, 7, v, SECRET_LEN);
    send_value(c, ENC_INFO, v);
    uint8_t id[11] = { CENTRAL_ID };
    memcpy(id + 1, v + 16, 10);         /* EDIV, Rand */
    send(c, id, 11);
    finish(c);
}

static void on_enc_info(ble_conn_t *c, const uint8_t *p, size_t len, bool ltk)
{
    ble_smp_t *s = &c->smp;
    if (s->state != SMP_KEYS || c->role != BLE_ROLE_CENTRAL || len != (ltk ? 17u : 11u)) {
        return;
    }
    if (ltk) {
        memcpy(s->peer_ltk, p + 1, 16);
        return;
    }
    uint8_t v[SECRET_LEN], k[7];
    memcpy(v, s->peer_ltk, 16);
    memcpy(v + 16, p + 1, 10);
    v[26] = s->key_size;
    peer_key(c, k);
    s->bonded = ble_cb->set_secret && ble_cb->set_secret(SECRET_PEER_LTK, k, 7, v, SECRET_LEN);
    finish(c);
}

void smp_on_pdu(ble_conn_t *c, const uint8_t *p, size_t len)
{
    if (!len) {
        return;
    }
    switch (p[0]) {
    case PAIRING_REQ:
        if (c->smp.state != SMP_IDLE) {
            return;
        }
        return on_request(c, p, len);
    case PAIRING_RSP: return on_response(c, p, len);
    case PAIRING_CONFIRM: return on_confirm(c, p, len);
    case PAIRING_RANDOM: return on_random(c, p, len);
    case ENC_INFO: return on_enc_info(c, p, len, true);
    case CENTRAL_ID: return on_enc_info(c, p, len, false);
    case PAIRING_FAILED:
        if (c->smp.state != SMP_IDLE) {
            c->smp.state = SMP_IDLE;
            report(c);
        }
        return;
    case SECURITY_REQ:
        if (c->role == BLE_ROLE_CENTRAL && c->smp.state == SMP_IDLE) {
            ble_smp_pair(c->handle);
        }
        return;
    default:
        if (c->smp.state != SMP_IDLE) {
            fail(c, ERR_NOT_SUPPORTED);
        }
        return;
    }
}

/* HCI: the peer (central) starts encryption; answer with the STK while
 * pairing, else with the LTK we handed this peer when bonding */
void smp_on_ltk_request(uint16_t handle, const uint8_t rand[8], uint16_t ediv)
{
    ble_conn_t *c = ble_conn_find(handle);
    uint8_t r[18];
    put16(r, handle);
    if (c && c->smp.state == SMP_WAIT_ENC && !ediv && !memcmp(rand, "\0\0\0\0\0\0\0\0", 8)) {
        memcpy(r + 2, c->smp.stk, 16);
        hci_cmd(0x201A, r, 18, NULL, NULL);             /* LTK Request Reply */
        return;
    }
    uint8_t k[7];
    const uint8_t *v;
    size_t vlen;
    if (c && ble_cb->get_secret) {
        peer_key(c, k);
        if (ble_cb->get_secret(SECRET_OUR_LTK, k, 7, &v, &vlen) && vlen == SECRET_LEN &&
            get16(v + 16) == ediv && !memcmp(v + 18, rand, 8)) {
            memcpy(r + 2, v, 16);
            c->smp.key_size = v[26];
            c->smp.bonded = true;
            hci_cmd(0x201A, r, 18, NULL, NULL);
            return;
        }
    }
    hci_cmd(0x201B, r, 2, NULL, NULL);                  /* Negative Reply */
}

/* HCI Encryption Change / Key Refresh Complete */
void smp_on_encryption(uint16_t handle, uint8_t status, bool on)
{
    ble_conn_t *c = ble_conn_find(handle);
    if (!c) {
        return;
    }
    ble_smp_t *s = &c->smp;
    s->encrypted = status == 0 && on;
    if (s->state != SMP_WAIT_ENC || !s->encrypted) {
        s->state = SMP_IDLE;
        report(c);                      /* re-encryption, or a failure */
        return;
    }
    /* key distribution: only the responder's LTK is ever asked for */
    if (!(s->pres[6] & KEY_ENC)) {
        return finish(c);
    }
    s->state = SMP_KEYS;
    if (c->role == BLE_ROLE_PERIPHERAL) {
        send_keys(c);
    }
}
