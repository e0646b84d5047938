/*
 * Inside the Security Manager: what smp.c (pairing feature exchange,
 * legacy pairing, encryption, keys, the user's part, the timeout) and
 * smp_sc.c (LE Secure Connections) share.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_SMP_INT_H
#define H7STACK_BLE_SMP_INT_H

#include "ble_os.h"
#include "bt_defs.h"
#include "conn.h"
#include "host.h"
#include "smp.h"

/* the link's SMP state (const with a const connection) */
#define smp_link(c) (&(c)->smp)

enum {
    PAIRING_REQ = 0x01, PAIRING_RSP = 0x02, PAIRING_CONFIRM = 0x03, PAIRING_RANDOM = 0x04,
    PAIRING_FAILED = 0x05, ENC_INFO = 0x06, CENTRAL_ID = 0x07, SECURITY_REQ = 0x0B,
    PAIRING_PUBLIC_KEY = 0x0C, PAIRING_DHKEY_CHECK = 0x0D,
};
enum {
    ERR_AUTH_REQ = 0x03, ERR_CONFIRM = 0x04, ERR_NOT_SUPPORTED = 0x05, ERR_KEY_SIZE = 0x06,
    ERR_UNSPECIFIED = 0x08, ERR_INVALID_PARAMS = 0x0A, ERR_DHKEY_CHECK = 0x0B, ERR_NUMCMP = 0x0C,
};
/* association models (Vol 3 Part H 2.3.5.1); PASSKEY_INIT_INPUT: the
 * initiator types what the responder displays */
enum {
    SMP_JUST_WORKS, SMP_NUMCMP, SMP_PASSKEY_INIT_INPUT, SMP_PASSKEY_RESP_INPUT,
    SMP_PASSKEY_BOTH_INPUT,
};
/* the passkey entry models come last */
static inline bool smp_passkey_entry(const h7bt_conn_t *c)
{
    return smp_link(c)->method >= SMP_PASSKEY_INIT_INPUT;
}

/* what waits for the user's answer */
enum { DEFER_NONE, DEFER_LEGACY_CONFIRM, DEFER_SC_CONFIRM, DEFER_SC_CHECK };
#define AUTH_SC         0x08

void h7bt_smp_send(h7bt_conn_t *c, const uint8_t *p, size_t len);
void h7bt_smp_send_value(h7bt_conn_t *c, uint8_t code, const uint8_t v[16]);
void h7bt_smp_fail(h7bt_conn_t *c, uint8_t reason);
bool h7bt_smp_random(uint8_t *out, size_t n);
/* the user's part is done: Just Works, a passkey given, the number accepted */
bool h7bt_smp_user_ready(const h7bt_conn_t *c);
/* waits for the user: `step` runs when the answer comes */
void h7bt_smp_defer(h7bt_conn_t *c, uint8_t step);
/* the passkey as a 128-bit number in passkey entry, else 0: legacy
 * pairing's TK, Secure Connections' r of f6 */
void h7bt_smp_passkey_value(const h7bt_conn_t *c, uint8_t out[16]);
/* our confirm once the user's part is done (else deferred as `step`):
 * a fresh nonce, `value` computes the confirm from it; then we wait for
 * the peer's confirm (central) or nonce (peripheral) */
typedef void (*smp_confirm_fn)(h7bt_conn_t *c, const uint8_t r[16], uint8_t out[16]);
void h7bt_smp_send_confirm(h7bt_conn_t *c, uint8_t step, smp_confirm_fn value);
void h7bt_smp_ask(h7bt_conn_t *c, uint8_t action, uint32_t number);
/* the initiator's and responder's addresses for f5/f6: HCI order, then the type */
void h7bt_smp_addresses(const h7bt_conn_t *c, uint8_t a[7], uint8_t b[7]);
/* central: LE Enable Encryption with the key pairing made (EDIV, Rand 0) */
void h7bt_smp_encrypt_pairing_key(h7bt_conn_t *c);

/* smp_sc.c */
void h7bt_smp_sc_start(h7bt_conn_t *c);           /* both sides asked for Secure Connections */
void h7bt_smp_sc_on_public_key(h7bt_conn_t *c, const uint8_t *p, size_t len);
void h7bt_smp_sc_on_confirm(h7bt_conn_t *c, const uint8_t *p, size_t len);
void h7bt_smp_sc_on_random(h7bt_conn_t *c, const uint8_t *p, size_t len);
void h7bt_smp_sc_on_check(h7bt_conn_t *c, const uint8_t *p, size_t len);
void h7bt_smp_sc_resume(h7bt_conn_t *c, uint8_t step);

#endif
