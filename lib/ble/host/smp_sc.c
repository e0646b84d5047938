/*
 * LE Secure Connections pairing (Core spec Vol 3 Part H 2.3.5.6), both
 * roles, after smp.c's feature exchange: public keys, then authentication
 * stage 1 (Just Works and numeric comparison: one confirm from the
 * responder and a nonce each way; passkey entry: 20 rounds, one per
 * passkey bit), stage 2 (LTK and MacKey from f5, the DHKey checks from f6),
 * and the central encrypts with the LTK (EDIV and Rand 0).  The P-256 key
 * pair is made here (p256.c; btvirt, like many controllers, has no LE Read
 * Local P-256 Public Key), at the first Secure Connections pairing after
 * power-on, and kept until the next, as NimBLE does.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include "p256.h"
#include "smp_int.h"
#include "smp_secure.h"

#define PASSKEY_BITS    20

static uint8_t own_sk[32];              /* most significant byte first, as p256.c */
static uint8_t own_pk[64];              /* X, Y in PDU order */
static bool have_keys;

static void reverse(uint8_t *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = in[n - 1 - i];
    }
}

static bool make_keys(void)
{
    uint8_t x[32], y[32];
    for (int tries = 0; !have_keys && tries < 8; tries++) {
        if (h7bt_smp_random(own_sk, 32) && h7bt_p256_public_key(own_sk, x, y)) {
            reverse(own_pk, x, 32);
            reverse(own_pk + 32, y, 32);
            have_keys = true;
        }
    }
    return have_keys;
}

static bool central(const h7bt_conn_t *c)
{
    return c->role == BLE_ROLE_CENTRAL;
}

/* the initiator's and responder's public key X, nonces */
static const uint8_t *pkax(const h7bt_conn_t *c) { return central(c) ? own_pk : smp_link(c)->p->peer_pk; }
static const uint8_t *pkbx(const h7bt_conn_t *c) { return central(c) ? smp_link(c)->p->peer_pk : own_pk; }
static const uint8_t *na(const h7bt_conn_t *c)
{
    return central(c) ? smp_link(c)->p->rand_own : smp_link(c)->p->rand_peer;
}
static const uint8_t *nb(const h7bt_conn_t *c)
{
    return central(c) ? smp_link(c)->p->rand_peer : smp_link(c)->p->rand_own;
}

/* f4's Z: 0, or in passkey entry 0x80 with this round's passkey bit */
static uint8_t confirm_z(const h7bt_conn_t *c)
{
    if (!smp_passkey_entry(c)) {
        return 0;
    }
    return (uint8_t)(0x80 | ((smp_link(c)->passkey >> smp_link(c)->round) & 1));
}

static void send_public_key(h7bt_conn_t *c)
{
    uint8_t p[65] = { PAIRING_PUBLIC_KEY };
    memcpy(p + 1, own_pk, 64);
    h7bt_smp_send(c, p, sizeof p);
}

void h7bt_smp_sc_start(h7bt_conn_t *c)
{
    if (!make_keys()) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    smp_link(c)->state = SMP_WAIT_PUBKEY;
    smp_link(c)->round = 0;
    if (central(c)) {
        send_public_key(c);
    }
}

/* passkey entry, one round: our confirm for this passkey bit */
static void round_confirm(h7bt_conn_t *c, const uint8_t r[16], uint8_t out[16])
{
    h7bt_smp_f4(own_pk, smp_link(c)->p->peer_pk, r, confirm_z(c), out);
}

static void send_round_confirm(h7bt_conn_t *c)
{
    h7bt_smp_send_confirm(c, DEFER_SC_CONFIRM, round_confirm);
}

void h7bt_smp_sc_on_public_key(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_WAIT_PUBKEY || len != 65) {
        return;
    }
    memcpy(s->p->peer_pk, p + 1, 64);
    if (!memcmp(s->p->peer_pk, own_pk, 32)) {
        return h7bt_smp_fail(c, ERR_AUTH_REQ);   /* our own key reflected back */
    }
    uint8_t x[32], y[32], dh[32];
    reverse(x, s->p->peer_pk, 32);
    reverse(y, s->p->peer_pk + 32, 32);
    if (!h7bt_p256_dh(own_sk, x, y, dh)) {
        return h7bt_smp_fail(c, ERR_DHKEY_CHECK);    /* not a point on the curve */
    }
    reverse(s->p->dhkey, dh, 32);
    if (central(c)) {
        s->state = SMP_WAIT_CONFIRM;
        if (smp_passkey_entry(c)) {
            send_round_confirm(c);
        }
        return;
    }
    send_public_key(c);
    if (smp_passkey_entry(c)) {
        s->state = SMP_WAIT_CONFIRM;
        return;
    }
    /* Just Works, numeric comparison: the responder commits to its nonce */
    uint8_t cf[16];
    if (!h7bt_smp_random(s->p->rand_own, 16)) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    h7bt_smp_f4(own_pk, s->p->peer_pk, s->p->rand_own, 0, cf);
    s->state = SMP_WAIT_RANDOM;
    h7bt_smp_send_value(c, PAIRING_CONFIRM, cf);
}

void h7bt_smp_sc_on_confirm(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_WAIT_CONFIRM || len != 17) {
        return;
    }
    memcpy(s->p->confirm_peer, p + 1, 16);
    if (!central(c)) {
        return send_round_confirm(c);           /* passkey entry */
    }
    if (!smp_passkey_entry(c) && !h7bt_smp_random(s->p->rand_own, 16)) {
        return h7bt_smp_fail(c, ERR_UNSPECIFIED);
    }
    s->state = SMP_WAIT_RANDOM;
    h7bt_smp_send_value(c, PAIRING_RANDOM, s->p->rand_own);
}

/* stage 2: the central sends its DHKey check; the responder checks the
 * central's and answers with its own */
static void stage2(h7bt_conn_t *c)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (!h7bt_smp_user_ready(c)) {
        return h7bt_smp_defer(c, DEFER_SC_CHECK);
    }
    uint8_t a[7], b[7], r[16], ea[16], eb[16];
    h7bt_smp_addresses(c, a, b);
    h7bt_smp_f5(s->p->dhkey, na(c), nb(c), a, b, s->p->mackey, s->p->stk);
    memset(s->p->stk + s->key_size, 0, 16u - s->key_size);
    h7bt_smp_passkey_value(c, r);
    h7bt_smp_f6(s->p->mackey, na(c), nb(c), r, s->p->preq + 1, a, b, ea);
    if (central(c)) {
        s->state = SMP_WAIT_CHECK;
        return h7bt_smp_send_value(c, PAIRING_DHKEY_CHECK, ea);
    }
    if (memcmp(ea, s->p->check_peer, 16) != 0) {
        return h7bt_smp_fail(c, ERR_DHKEY_CHECK);
    }
    h7bt_smp_f6(s->p->mackey, nb(c), na(c), r, s->p->pres + 1, b, a, eb);
    s->state = SMP_WAIT_ENC;
    h7bt_smp_send_value(c, PAIRING_DHKEY_CHECK, eb);
}

/* numeric comparison: both users see g2 of both keys and nonces */
static void ask_compare(h7bt_conn_t *c)
{
    uint32_t v = h7bt_smp_g2(pkax(c), pkbx(c), na(c), nb(c)) % 1000000u;
    h7bt_smp_ask(c, BLE_SMP_ACTION_NUMCMP, v);
}

void h7bt_smp_sc_on_random(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_WAIT_RANDOM || len != 17) {
        return;
    }
    memcpy(s->p->rand_peer, p + 1, 16);
    bool rounds = smp_passkey_entry(c);
    if (central(c) || rounds) {
        uint8_t cf[16];
        h7bt_smp_f4(s->p->peer_pk, own_pk, s->p->rand_peer, confirm_z(c), cf);
        if (memcmp(cf, s->p->confirm_peer, 16) != 0) {
            return h7bt_smp_fail(c, ERR_CONFIRM);
        }
    }
    if (!central(c)) {
        s->state = rounds && s->round + 1 < PASSKEY_BITS ? SMP_WAIT_CONFIRM : SMP_WAIT_CHECK;
        s->round++;
        h7bt_smp_send_value(c, PAIRING_RANDOM, s->p->rand_own);
        if (s->method == SMP_NUMCMP) {
            ask_compare(c);
        }
        return;
    }
    if (rounds && ++s->round < PASSKEY_BITS) {
        return send_round_confirm(c);
    }
    if (s->method == SMP_NUMCMP) {
        s->state = SMP_WAIT_CHECK;      /* until stage2 runs or defers */
        ask_compare(c);
        if (s->state == SMP_IDLE) {
            return;                     /* the user said no at once */
        }
    }
    stage2(c);
}

void h7bt_smp_sc_on_check(h7bt_conn_t *c, const uint8_t *p, size_t len)
{
    h7bt_smp_link_t *s = smp_link(c);
    if (s->state != SMP_WAIT_CHECK || len != 17) {
        return;
    }
    if (!central(c)) {
        memcpy(s->p->check_peer, p + 1, 16);
        return stage2(c);
    }
    uint8_t a[7], b[7], r[16], eb[16];
    h7bt_smp_addresses(c, a, b);
    h7bt_smp_passkey_value(c, r);
    h7bt_smp_f6(s->p->mackey, nb(c), na(c), r, s->p->pres + 1, b, a, eb);
    if (memcmp(eb, p + 1, 16) != 0) {
        return h7bt_smp_fail(c, ERR_DHKEY_CHECK);
    }
    h7bt_smp_encrypt_pairing_key(c);
}

void h7bt_smp_sc_resume(h7bt_conn_t *c, uint8_t step)
{
    if (step == DEFER_SC_CONFIRM) {
        send_round_confirm(c);
    } else if (step == DEFER_SC_CHECK) {
        stage2(c);
    }
}
