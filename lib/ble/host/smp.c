/*
 * Security Manager (Core spec Vol 3 Part H) of the h7stack BLE host, both
 * roles: the pairing feature exchange and the choice of association model
 * (Just Works, passkey entry, numeric comparison) from both sides' IO
 * capabilities, MITM and Secure Connections wishes; LE legacy pairing
 * (confirm/random with the TK, the link encrypted with the STK, then the
 * responder hands out an LTK with EDIV and Rand); LE Secure Connections in
 * smp_sc.c.  Keys are kept by the application through get/set_secret
 * (MicroPython: _IRQ_GET_SECRET and _IRQ_SET_SECRET): the responder
 * answers a later LTK request from them, the central re-encrypts with
 * them.  Every pairing step restarts the 30 s SMP timeout; a timed-out
 * link takes no more SMP commands.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "ble_os.h"
#include "hci.h"
#include "l2cap.h"
#include "smp_int.h"
#include "smp_legacy.h"

#define AUTH_BOND       0x01
#define AUTH_MITM       0x04
#define KEY_ENC         0x01            /* key distribution: LTK, EDIV, Rand */
#define MIN_KEY_SIZE    7
#define TIMEOUT_MS      30000
#define SECRET_OUR_LTK  1               /* an LTK we handed out, by peer address */
#define SECRET_PEER_LTK 2               /* an LTK a peer handed us */
/* LTK, EDIV, Rand, key size, flags (SECRET_AUTH) */
#define SECRET_LEN      (16 + 2 + 8 + 1 + 1)
#define SECRET_AUTH     0x01            /* paired with MITM protection */

static uint8_t io_cap = BLE_SMP_IO_NONE;
static bool want_bond, want_mitm, want_sc;
static struct k_work_delayable timeout_work;

void h7bt_smp_config(uint8_t io, bool bond, bool mitm, bool sc)
{
    io_cap = io;
    want_bond = bond;
    want_mitm = mitm;
    want_sc = sc;
}

/* the pairing's memory, from the start of a pairing or re-encryption */
static bool pairing_begin(h7bt_conn_t *c)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (!s->p) {
        s->p = k_malloc(sizeof(*s->p));
    }
    return s->p != NULL;
}

/* no pairing runs on the link: its memory goes back */
static void smp_idle(h7bt_conn_t *c)
{
    h7bt_smp_link_t *s = smp_link(c);
    s->state = SMP_IDLE;
    k_free(s->p);
    s->p = NULL;
}

static void report(h7bt_conn_t *c)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (h7bt_cb->encryption_changed) {
        h7bt_cb->encryption_changed(c->handle, s->encrypted, s->encrypted && s->authenticated,
                                   s->bonded, s->key_size);
    }
}

/* the timeout restarts with every PDU we send; one piece of work watches
 * all links */
static void watch(h7bt_conn_t *c)
{
    smp_link(c)->deadline = k_uptime_get() + TIMEOUT_MS;
    if (!k_work_delayable_is_pending(&timeout_work)) {
        k_work_schedule(&timeout_work, K_MSEC(TIMEOUT_MS));
    }
}

static void timeout_check(struct k_work *w)
{
    (void)w;
    int64_t now = k_uptime_get(), next = 0;
    for (int i = 0; i < BLE_MAX_CONN; i++) {
        h7bt_conn_t *c = &h7bt_conns[i];
        h7bt_smp_link_t *s = smp_link(c);
        if (!c->used || s->state == SMP_IDLE) {
            continue;
        }
        if (s->deadline <= now) {
            smp_idle(c);
            s->asked = 0;
            s->timed_out = true;
            report(c);
        } else if (!next || s->deadline < next) {
            next = s->deadline;
        }
    }
    if (next) {
        k_work_schedule(&timeout_work, K_MSEC(next - now));
    }
}

static void on_pdu(h7bt_conn_t *c, const uint8_t *p, size_t len);

static void link_gone(h7bt_conn_t *c)
{
    smp_idle(c);
}

static h7bt_conn_listener_t listener = { NULL, link_gone, NULL };

void h7bt_smp_init(void)
{
    h7bt_conn_listen(&listener);
    k_work_init_delayable(&timeout_work, timeout_check);
    h7bt_l2cap_register_fixed(BT_L2CAP_CID_SMP, on_pdu);
}

void h7bt_smp_send(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    watch(c);
    h7bt_l2cap_send_pdu(c->handle, BT_L2CAP_CID_SMP, p, len);
}

void h7bt_smp_send_value(h7bt_conn_t *c, uint8_t code, const uint8_t v[16])
{
    uint8_t p[17] = { code };
    memcpy(p + 1, v, 16);
    h7bt_smp_send(c, p, 17);
}

void h7bt_smp_fail(h7bt_conn_t *c, uint8_t reason)
{
    uint8_t p[2] = { PAIRING_FAILED, reason };
    h7bt_l2cap_send_pdu(c->handle, BT_L2CAP_CID_SMP, p, 2);
    smp_idle(c);
    smp_link(c)->asked = 0;
    report(c);
}

bool h7bt_smp_random(uint8_t *out, size_t n)
{
    if (!h7bt_cb->random) {
        return false;
    }
    h7bt_cb->random(out, n);
    return true;
}

bool h7bt_smp_user_ready(const h7bt_conn_t *c)
{
    return smp_link(c)->method == SMP_JUST_WORKS || smp_link(c)->user_ok;
}

void h7bt_smp_defer(h7bt_conn_t *c, uint8_t step)
{
    smp_link(c)->state = SMP_WAIT_USER;
    smp_link(c)->deferred = step;
}

void h7bt_smp_passkey_value(const h7bt_conn_t *c, uint8_t out[16])
{
    memset(out, 0, 16);
    if (smp_passkey_entry(c)) {
        for (int i = 0; i < 4; i++) {
            out[i] = (uint8_t)(smp_link(c)->passkey >> (8 * i));
        }
    }
}

void h7bt_smp_send_confirm(h7bt_conn_t *c, uint8_t step, smp_confirm_fn value)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (!h7bt_smp_user_ready(c)) {
        return h7bt_smp_defer(c, step);
    }
    uint8_t cf[16];
    if (!h7bt_smp_random(s->p->rand_own, 16)) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    value(c, s->p->rand_own, cf);
    s->state = c->role == BLE_ROLE_CENTRAL ? SMP_WAIT_CONFIRM : SMP_WAIT_RANDOM;
    h7bt_smp_send_value(c, PAIRING_CONFIRM, cf);
}

void h7bt_smp_ask(h7bt_conn_t *c, uint8_t action, uint32_t number)
{
    smp_link(c)->asked = action;
    smp_link(c)->user_ok = false;
    if (h7bt_cb->passkey_action) {
        h7bt_cb->passkey_action(c->handle, action, number);   /* may answer at once */
    }
}

void h7bt_smp_addresses(const h7bt_conn_t *c, uint8_t a[7], uint8_t b[7])
{
    uint8_t own_type, own[6];
    h7bt_host_address(&own_type, own);
    bool init = c->role == BLE_ROLE_CENTRAL;
    memcpy(a, init ? own : c->peer, 6);
    a[6] = init ? own_type : c->peer_type;
    memcpy(b, init ? c->peer : own, 6);
    b[6] = init ? c->peer_type : own_type;
}

static void start_encryption(h7bt_conn_t *c, const uint8_t ltk[16], const uint8_t rand[8], uint16_t ediv)
{
    uint8_t e[28];                      /* handle, Rand, EDIV, LTK */
    put16(e, c->handle);
    memcpy(e + 2, rand, 8);
    put16(e + 10, ediv);
    memcpy(e + 12, ltk, 16);
    smp_link(c)->state = SMP_WAIT_ENC;
    h7bt_hci_cmd(BT_HCI_OP_LE_ENABLE_ENCRYPTION, e, 28, NULL, NULL);                 /* LE Enable Encryption */
}

/* the key pairing made (legacy STK or Secure Connections LTK) goes with
 * EDIV and Rand zero */
static const uint8_t no_rand[8];

void h7bt_smp_encrypt_pairing_key(h7bt_conn_t *c)
{
    start_encryption(c, smp_link(c)->p->stk, no_rand, 0);
}

/* the secret's key: the peer's address type and address */
static void peer_key(const h7bt_conn_t *c, uint8_t k[7])
{
    k[0] = c->peer_type;
    memcpy(k + 1, c->peer, 6);
}

static bool stored_key(const h7bt_conn_t *c, uint8_t type, const uint8_t **v)
{
    uint8_t k[7];
    size_t vlen;
    peer_key(c, k);
    return h7bt_cb->get_secret && h7bt_cb->get_secret(type, k, 7, v, &vlen) && vlen == SECRET_LEN;
}

/* keeps a key for this peer: ltk, then EDIV and Rand (NULL: both 0) */
static bool store_key(h7bt_conn_t *c, uint8_t type, const uint8_t ltk[16], const uint8_t *id)
{
    uint8_t v[SECRET_LEN] = { 0 }, k[7];
    memcpy(v, ltk, 16);
    if (id) {
        memcpy(v + 16, id, 10);
    }
    v[26] = smp_link(c)->key_size;
    v[27] = smp_link(c)->authenticated ? SECRET_AUTH : 0;
    peer_key(c, k);
    return h7bt_cb->set_secret && h7bt_cb->set_secret(type, k, 7, v, SECRET_LEN);
}

/* ---- the pairing feature exchange ---- */

#define NC_IF_SC 0x10                   /* numeric comparison under Secure Connections */
/* Vol 3 Part H table 2.8, by the initiator's then the responder's IO capability */
static const uint8_t models[5][5] = {
    { SMP_JUST_WORKS, SMP_JUST_WORKS, SMP_PASSKEY_RESP_INPUT, SMP_JUST_WORKS,
      SMP_PASSKEY_RESP_INPUT },
    { SMP_JUST_WORKS, SMP_JUST_WORKS | NC_IF_SC, SMP_PASSKEY_RESP_INPUT, SMP_JUST_WORKS,
      SMP_PASSKEY_RESP_INPUT | NC_IF_SC },
    { SMP_PASSKEY_INIT_INPUT, SMP_PASSKEY_INIT_INPUT, SMP_PASSKEY_BOTH_INPUT, SMP_JUST_WORKS,
      SMP_PASSKEY_INIT_INPUT },
    { SMP_JUST_WORKS, SMP_JUST_WORKS, SMP_JUST_WORKS, SMP_JUST_WORKS, SMP_JUST_WORKS },
    { SMP_PASSKEY_INIT_INPUT, SMP_PASSKEY_INIT_INPUT | NC_IF_SC, SMP_PASSKEY_RESP_INPUT,
      SMP_JUST_WORKS, SMP_PASSKEY_RESP_INPUT | NC_IF_SC },
};

static void legacy_confirm(h7bt_conn_t *c, const uint8_t r[16], uint8_t out[16]);

/* both PDUs known: the key size, the model, the user's first part; then
 * the confirm exchange starts (legacy) or the public keys (Secure
 * Connections).  false: pairing failed */
static bool features_agreed(h7bt_conn_t *c)
{
    h7bt_smp_link_t *s = smp_link(c);
    uint8_t init_io = s->p->preq[1], resp_io = s->p->pres[1];
    uint8_t size = s->p->preq[4] < s->p->pres[4] ? s->p->preq[4] : s->p->pres[4];
    if (size < MIN_KEY_SIZE || size > 16) {
        h7bt_smp_fail(c, ERR_KEY_SIZE);
        return false;
    }
    if (init_io > BLE_SMP_IO_KEYBOARD_DISPLAY || resp_io > BLE_SMP_IO_KEYBOARD_DISPLAY) {
        h7bt_smp_fail(c, ERR_INVALID_PARAMS);
        return false;
    }
    s->key_size = size;
    s->sc = (s->p->preq[3] & s->p->pres[3] & AUTH_SC) != 0;
    uint8_t m = models[init_io][resp_io];
    if (!((s->p->preq[3] | s->p->pres[3]) & AUTH_MITM)) {
        m = SMP_JUST_WORKS;             /* neither side asked for MITM protection */
    }
    s->method = (s->sc && (m & NC_IF_SC)) ? SMP_NUMCMP : (uint8_t)(m & ~NC_IF_SC);
    s->authenticated = s->method != SMP_JUST_WORKS;
    s->user_ok = false;
    bool central = c->role == BLE_ROLE_CENTRAL;
    if (s->method == SMP_PASSKEY_BOTH_INPUT ||
        (s->method == SMP_PASSKEY_INIT_INPUT && central) ||
        (s->method == SMP_PASSKEY_RESP_INPUT && !central)) {
        h7bt_smp_ask(c, BLE_SMP_ACTION_INPUT, 0);
    } else if (s->method == SMP_PASSKEY_INIT_INPUT || s->method == SMP_PASSKEY_RESP_INPUT) {
        h7bt_smp_ask(c, BLE_SMP_ACTION_DISPLAY, 0);
    }
    return true;
}

static uint8_t auth_req(void)
{
    return (uint8_t)((want_bond ? AUTH_BOND : 0) | (want_mitm ? AUTH_MITM : 0) |
                     (want_sc ? AUTH_SC : 0));
}

int h7bt_smp_pair(uint16_t conn)
{
    h7bt_conn_t *c = h7bt_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    h7bt_smp_link_t *s = smp_link(c);
    if (s->timed_out || !h7bt_host_le_encryption()) {
        return BLE_EIO;
    }
    if (c->role != BLE_ROLE_CENTRAL) {
        uint8_t p[2] = { SECURITY_REQ, auth_req() };
        h7bt_l2cap_send_pdu(c->handle, BT_L2CAP_CID_SMP, p, 2);   /* ask the central to pair */
        return BLE_OK;
    }
    if (s->state != SMP_IDLE) {
        return BLE_EALREADY;
    }
    if (!pairing_begin(c)) {
        return BLE_ENOMEM;
    }
    const uint8_t *v;
    if (!s->reencrypt && stored_key(c, SECRET_PEER_LTK, &v)) {
        /* bonded: encrypt with the key we were given; pairing if that fails */
        s->reencrypt = true;
        s->key_size = v[26];
        s->authenticated = (v[27] & SECRET_AUTH) != 0;
        watch(c);
        start_encryption(c, v, v + 18, get16(v + 16));
        return BLE_OK;
    }
    s->reencrypt = false;
    uint8_t *q = s->p->preq;
    q[0] = PAIRING_REQ;
    q[1] = io_cap;
    q[2] = 0;                           /* no OOB data */
    q[3] = auth_req();
    q[4] = 16;
    q[5] = 0;                           /* initiator keys: none */
    q[6] = want_bond ? KEY_ENC : 0;     /* responder keys: its LTK (legacy) */
    s->state = SMP_WAIT_RSP;
    h7bt_smp_send(c, q, 7);
    return BLE_OK;
}

static void on_request(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    if (c->role != BLE_ROLE_PERIPHERAL || len != 7) {
        return;
    }
    h7bt_smp_link_t *s = smp_link(c);
    if (!pairing_begin(c)) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    memcpy(s->p->preq, p, 7);
    bool bond = want_bond && (p[3] & AUTH_BOND);
    s->p->pres[0] = PAIRING_RSP;
    s->p->pres[1] = io_cap;
    s->p->pres[2] = 0;
    s->p->pres[3] = (uint8_t)((bond ? AUTH_BOND : 0) | (auth_req() & ~AUTH_BOND));
    s->p->pres[4] = 16;
    s->p->pres[5] = 0;
    s->p->pres[6] = bond ? (uint8_t)(p[6] & KEY_ENC) : 0;
    s->reencrypt = false;
    s->state = SMP_WAIT_CONFIRM;
    if (!features_agreed(c)) {
        return;
    }
    h7bt_smp_send(c, s->p->pres, 7);
    if (s->sc) {
        h7bt_smp_sc_start(c);
    }
}

static void on_response(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_WAIT_RSP || len != 7) {
        return;
    }
    memcpy(s->p->pres, p, 7);
    if (!features_agreed(c)) {
        return;
    }
    if (s->sc) {
        h7bt_smp_sc_start(c);
    } else {
        h7bt_smp_send_confirm(c, DEFER_LEGACY_CONFIRM, legacy_confirm);
    }
}

/* ---- legacy pairing: confirm, random, STK ---- */

/* c1 with TK = 0 (Just Works) or the passkey */
static void legacy_confirm(h7bt_conn_t *c, const uint8_t r[16], uint8_t out[16])
{
    uint8_t tk[16], a[7], b[7];
    h7bt_smp_passkey_value(c, tk);
    h7bt_smp_addresses(c, a, b);
    h7bt_smp_c1(tk, r, smp_link(c)->p->preq, smp_link(c)->p->pres, a[6], a, b[6], b, out);
}

static void legacy_on_confirm(h7bt_conn_t *c, const uint8_t *p)
{
    h7bt_smp_link_t *s = smp_link(c);
    memcpy(s->p->confirm_peer, p + 1, 16);
    if (c->role == BLE_ROLE_CENTRAL) {
        s->state = SMP_WAIT_RANDOM;
        h7bt_smp_send_value(c, PAIRING_RANDOM, s->p->rand_own);
    } else {
        h7bt_smp_send_confirm(c, DEFER_LEGACY_CONFIRM, legacy_confirm);  /* once the TK is known */
    }
}

/* STK = s1(TK, Srand, Mrand), cut to the agreed key size */
static void make_stk(h7bt_conn_t *c, const uint8_t srand[16], const uint8_t mrand[16])
{
    uint8_t tk[16];
    h7bt_smp_passkey_value(c, tk);
    h7bt_smp_s1(tk, srand, mrand, smp_link(c)->p->stk);
    memset(smp_link(c)->p->stk + smp_link(c)->key_size, 0, 16u - smp_link(c)->key_size);
}

static void legacy_on_random(h7bt_conn_t *c, const uint8_t *p)
{
    h7bt_smp_link_t *s = smp_link(c);
    uint8_t cf[16];
    legacy_confirm(c, p + 1, cf);
    if (memcmp(cf, s->p->confirm_peer, 16) != 0) {
        return h7bt_smp_fail(c, ERR_CONFIRM);
    }
    if (c->role == BLE_ROLE_CENTRAL) {
        make_stk(c, p + 1, s->p->rand_own);
        h7bt_smp_encrypt_pairing_key(c);
    } else {
        make_stk(c, s->p->rand_own, p + 1);
        s->state = SMP_WAIT_ENC;
        h7bt_smp_send_value(c, PAIRING_RANDOM, s->p->rand_own);
    }
}

/* ---- keys, after encryption ---- */

static void finish(h7bt_conn_t *c)
{
    smp_idle(c);
    report(c);
}

/* legacy: the responder's keys, a fresh LTK with its EDIV and Rand */
static void send_keys(h7bt_conn_t *c)
{
    uint8_t v[26];
    if (!h7bt_smp_random(v, sizeof v)) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    memset(v + smp_link(c)->key_size, 0, 16u - smp_link(c)->key_size);
    smp_link(c)->bonded = store_key(c, SECRET_OUR_LTK, v, v + 16);
    h7bt_smp_send_value(c, ENC_INFO, v);
    uint8_t id[11] = { CENTRAL_ID };
    memcpy(id + 1, v + 16, 10);         /* EDIV, Rand */
    h7bt_smp_send(c, id, 11);
    finish(c);
}

static void on_enc_info(h7bt_conn_t *c, const uint8_t *p, size_t len, bool ltk)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_KEYS || c->role != BLE_ROLE_CENTRAL || len != (ltk ? 17u : 11u)) {
        return;
    }
    if (ltk) {
        memcpy(s->p->peer_ltk, p + 1, 16);
        return;
    }
    s->bonded = store_key(c, SECRET_PEER_LTK, s->p->peer_ltk, p + 1);
    finish(c);
}

/* ---- the user's answer ---- */

int h7bt_smp_passkey(uint16_t conn, uint8_t action, uint32_t value)
{
    h7bt_conn_t *c = h7bt_conn_find(conn);
    if (!c) {
        return BLE_ENOTCONN;
    }
    h7bt_smp_link_t *s = smp_link(c);
    if (!s->asked || action != s->asked ||
        (action != BLE_SMP_ACTION_NUMCMP && value > 999999)) {
        return BLE_EINVAL;
    }
    s->asked = 0;
    if (action == BLE_SMP_ACTION_NUMCMP && !value) {
        h7bt_smp_fail(c, ERR_NUMCMP);
        return BLE_OK;
    }
    s->passkey = value;
    s->user_ok = true;
    if (s->state == SMP_WAIT_USER) {
        uint8_t step = s->deferred;
        s->deferred = DEFER_NONE;
        if (step == DEFER_LEGACY_CONFIRM) {
            h7bt_smp_send_confirm(c, step, legacy_confirm);
        } else {
            h7bt_smp_sc_resume(c, step);
        }
    }
    return BLE_OK;
}

/* ---- PDUs and HCI events ---- */

static void on_pdu(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (!len || s->timed_out) {
        return;
    }
    switch (p[0]) {
    case PAIRING_REQ:
        if (s->state == SMP_IDLE) {
            on_request(c, p, len);
        }
        return;
    case PAIRING_RSP: return on_response(c, p, len);
    case PAIRING_CONFIRM:
        if (s->sc) {
            return h7bt_smp_sc_on_confirm(c, p, len);
        }
        if (s->state == SMP_WAIT_CONFIRM && len == 17) {
            legacy_on_confirm(c, p);
        }
        return;
    case PAIRING_RANDOM:
        if (s->sc) {
            return h7bt_smp_sc_on_random(c, p, len);
        }
        if (s->state == SMP_WAIT_RANDOM && len == 17) {
            legacy_on_random(c, p);
        }
        return;
    case PAIRING_PUBLIC_KEY:
        if (s->sc) {
            h7bt_smp_sc_on_public_key(c, p, len);
        }
        return;
    case PAIRING_DHKEY_CHECK:
        if (s->sc) {
            h7bt_smp_sc_on_check(c, p, len);
        }
        return;
    case ENC_INFO: return on_enc_info(c, p, len, true);
    case CENTRAL_ID: return on_enc_info(c, p, len, false);
    case PAIRING_FAILED:
        if (s->state != SMP_IDLE) {
            smp_idle(c);
            s->asked = 0;
            report(c);
        }
        return;
    case SECURITY_REQ:
        if (c->role == BLE_ROLE_CENTRAL && s->state == SMP_IDLE) {
            h7bt_smp_pair(c->handle);
        }
        return;
    default:
        if (s->state != SMP_IDLE) {
            h7bt_smp_fail(c, ERR_NOT_SUPPORTED);
        }
        return;
    }
}

/* HCI: the peer (central) starts encryption; answer with the STK or
 * Secure Connections LTK while pairing, else with the LTK kept for this
 * peer (legacy: the one we handed out, matched by EDIV and Rand) */
void h7bt_smp_on_ltk_request(uint16_t handle, const uint8_t rand[8], uint16_t ediv)
{
    h7bt_conn_t *c = h7bt_conn_find(handle);
    const uint8_t *key = NULL, *v;
    if (c && smp_link(c)->state == SMP_WAIT_ENC && !ediv && !memcmp(rand, no_rand, 8)) {
        key = smp_link(c)->p->stk;
    } else if (c && stored_key(c, SECRET_OUR_LTK, &v) && get16(v + 16) == ediv &&
               !memcmp(v + 18, rand, 8)) {
        key = v;
        smp_link(c)->key_size = v[26];
        smp_link(c)->authenticated = (v[27] & SECRET_AUTH) != 0;
        smp_link(c)->bonded = true;
    }
    uint8_t r[18];
    put16(r, handle);
    if (key) {
        memcpy(r + 2, key, 16);
        h7bt_hci_cmd(BT_HCI_OP_LE_LTK_REQ_REPLY, r, 18, NULL, NULL);
    } else {
        h7bt_hci_cmd(BT_HCI_OP_LE_LTK_REQ_NEG_REPLY, r, 2, NULL, NULL);
    }
}

/* HCI Encryption Change / Key Refresh Complete */
void h7bt_smp_on_encryption(uint16_t handle, uint8_t status, bool on)
{
    h7bt_conn_t *c = h7bt_conn_find(handle);
    if (!c) {
        return;
    }
    h7bt_smp_link_t *s = smp_link(c);
    s->encrypted = status == 0 && on;
    if (s->reencrypt && s->state == SMP_WAIT_ENC) {
        smp_idle(c);
        s->bonded = s->encrypted;
        if (status == BT_ERR_PIN_OR_KEY_MISSING) {   /* the peer forgot us */
            h7bt_smp_pair(handle);
            return;
        }
        s->reencrypt = false;
        return report(c);
    }
    if (s->state != SMP_WAIT_ENC || !s->encrypted) {
        smp_idle(c);
        report(c);                      /* re-encryption by the peer, or a failure */
        return;
    }
    bool bond = (s->p->preq[3] & s->p->pres[3] & AUTH_BOND) != 0;
    if (s->sc) {                        /* both sides hold the LTK: nothing to hand out */
        if (bond) {
            s->bonded = store_key(c, c->role == BLE_ROLE_CENTRAL ? SECRET_PEER_LTK :
                                  SECRET_OUR_LTK, s->p->stk, NULL);
        }
        return finish(c);
    }
    /* legacy key distribution: only the responder's LTK is ever asked for */
    if (!(s->p->pres[6] & KEY_ENC)) {
        return finish(c);
    }
    s->state = SMP_KEYS;
    if (c->role == BLE_ROLE_PERIPHERAL) {
        send_keys(c);
    }
}
