/*
 * SMP's state of one link (smp.c, smp_sc.c), kept in the connection
 * table's slot for the link (conn.h); no other layer touches it.  What only
 * a pairing needs is on the heap from its start until the link is idle
 * again.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_SMP_LINK_H
#define H7STACK_BLE_SMP_LINK_H

#include <stdbool.h>
#include <stdint.h>

/* SMP_WAIT_USER: a step waits for the user's answer (h7bt_smp_link_t.deferred) */
enum {
    SMP_IDLE, SMP_WAIT_RSP, SMP_WAIT_PUBKEY, SMP_WAIT_CONFIRM, SMP_WAIT_RANDOM, SMP_WAIT_CHECK,
    SMP_WAIT_ENC, SMP_KEYS, SMP_WAIT_USER,
};

typedef struct {
    uint8_t preq[7], pres[7];               /* the pairing request and response PDUs */
    uint8_t rand_own[16], rand_peer[16], confirm_peer[16];
    uint8_t stk[16];                        /* the STK, or the Secure Connections LTK */
    uint8_t peer_ltk[16];                   /* legacy: the LTK the responder hands out */
    uint8_t peer_pk[64];                    /* Secure Connections: X, Y in PDU order */
    uint8_t dhkey[32], mackey[16], check_peer[16];
} h7bt_smp_pairing_t;

typedef struct {
    uint8_t state;                          /* SMP_*; not SMP_IDLE: p is there */
    uint8_t method;                         /* SMP_JUST_WORKS.. (smp_int.h) */
    uint8_t asked;                          /* the user action asked for, until answered */
    uint8_t deferred;                       /* a step waiting for the user's answer */
    bool sc, user_ok, reencrypt, timed_out;
    bool encrypted, authenticated, bonded;
    uint8_t key_size;
    uint8_t round;                          /* passkey entry: the bit being confirmed */
    uint32_t passkey;
    int64_t deadline;                       /* the 30 s SMP timeout, k_uptime ms */
    h7bt_smp_pairing_t *p;                  /* k_malloc'd */
} h7bt_smp_link_t;

#endif
