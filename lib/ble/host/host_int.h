/*
 * Inside the h7stack BLE host: the connection table and the calls between
 * its layers (hci.c, gap.c, l2cap.c, att_server.c, att_client.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_HOST_INT_H
#define H7STACK_BLE_HOST_INT_H

#include "ble_host.h"

#define L2CAP_CID_ATT   0x0004
#define L2CAP_CID_SIG   0x0005
#define L2CAP_CID_SMP   0x0006
#define BLE_RX_MAX      (4 + BLE_ATT_MTU_MAX + 32)
#define GATTS_MAX_CCCD  16

/* SMP_WAIT_USER: a step waits for the user's answer (ble_smp_t.deferred) */
enum {
    SMP_IDLE, SMP_WAIT_RSP, SMP_WAIT_PUBKEY, SMP_WAIT_CONFIRM, SMP_WAIT_RANDOM, SMP_WAIT_CHECK,
    SMP_WAIT_ENC, SMP_KEYS, SMP_WAIT_USER,
};

typedef struct {
    uint8_t state;                          /* SMP_* */
    uint8_t method;                         /* SMP_JUST_WORKS.. (smp_int.h) */
    uint8_t asked;                          /* the user action asked for, until answered */
    uint8_t deferred;                       /* a step waiting for the user's answer */
    bool sc, user_ok, reencrypt, timed_out;
    bool encrypted, authenticated, bonded;
    uint8_t key_size;
    uint8_t round;                          /* passkey entry: the bit being confirmed */
    uint32_t passkey;
    int64_t deadline;                       /* the 30 s SMP timeout, k_uptime ms */
    uint8_t preq[7], pres[7];               /* the pairing request and response PDUs */
    uint8_t rand_own[16], rand_peer[16], confirm_peer[16];
    uint8_t stk[16];                        /* the STK, or the Secure Connections LTK */
    uint8_t peer_ltk[16];                   /* legacy: the LTK the responder hands out */
    uint8_t peer_pk[64];                    /* Secure Connections: X, Y in PDU order */
    uint8_t dhkey[32], mackey[16], check_peer[16];
} ble_smp_t;

typedef struct {
    bool used, closing;                     /* closing: disconnected, being torn down */
    uint16_t handle;
    uint8_t role, peer_type, peer[6];
    uint16_t mtu;                           /* ATT MTU in use */
    uint8_t rx[BLE_RX_MAX];                 /* L2CAP reassembly */
    uint16_t rx_len, rx_need;
    uint16_t cccd[GATTS_MAX_CCCD];          /* per connection, by CCCD slot */
    uint16_t ind_handle;                    /* indication waiting for its confirmation */
    /* GATT client: one request at a time */
    uint8_t cl_proc;                        /* CL_* */
    uint16_t cl_handle, cl_start, cl_end;
    ble_uuid_t cl_uuid;
    bool cl_filter;
    struct { bool valid; uint16_t value; uint8_t props; ble_uuid_t uuid; } cl_chr;  /* pending */
    /* server: prepared writes */
    uint16_t pw_handle, pw_len;
    uint8_t pw_buf[512];
    ble_smp_t smp;
} ble_conn_t;

extern const ble_host_cb_t *ble_cb;
extern ble_conn_t ble_conns[BLE_MAX_CONN];

ble_conn_t *ble_conn_find(uint16_t handle);

/* hci.c */
typedef void (*hci_done_fn)(void *arg, uint8_t status, const uint8_t *ret, size_t len);
int hci_cmd(uint16_t opcode, const void *params, uint8_t len, hci_done_fn done, void *arg);
int hci_cmd_sync(uint16_t opcode, const void *params, uint8_t len, uint8_t *ret, size_t ret_size);
int hci_acl_send(uint16_t conn, uint16_t cid, const uint8_t *pdu, size_t len);
/* ACL packets queued for want of controller buffers */
unsigned hci_acl_queued(void);
void hci_conn_gone(uint16_t conn);
bool hci_le_encryption(void);           /* the controller can encrypt links */

/* gap.c: HCI events for GAP */
void gap_on_le_meta(const uint8_t *ev, size_t len);
void gap_on_disconnect(uint16_t handle, uint8_t reason);
int gap_terminate(uint16_t conn, uint8_t reason);       /* HCI Disconnect, not waited for */
void gap_reset(void);

/* l2cap.c */
void l2cap_on_pdu(ble_conn_t *c, uint16_t cid, const uint8_t *pdu, size_t len);
/* one LE signalling command (data up to 16 bytes) */
void l2cap_sig_send(uint16_t conn, uint8_t code, uint8_t id, const uint8_t *data, uint16_t len);

/* l2cap_coc.c: credit-based channels */
bool l2cap_coc_on_signal(ble_conn_t *c, uint8_t code, uint8_t id, const uint8_t *data,
                         uint16_t len);                  /* true: taken */
void l2cap_coc_on_pdu(ble_conn_t *c, uint16_t cid, const uint8_t *pdu, size_t len);
void l2cap_coc_pump(void);          /* controller buffers freed: send what waits */
void l2cap_coc_conn_gone(uint16_t conn);
void l2cap_coc_reset(void);

/* smp.c */
void smp_on_pdu(ble_conn_t *c, const uint8_t *pdu, size_t len);
void smp_on_ltk_request(uint16_t handle, const uint8_t rand[8], uint16_t ediv);
void smp_on_encryption(uint16_t handle, uint8_t status, bool on);
void smp_reset(void);

/* att_server.c / att_client.c */
void att_server_on_pdu(ble_conn_t *c, const uint8_t *pdu, size_t len);
bool att_client_on_pdu(ble_conn_t *c, const uint8_t *pdu, size_t len);   /* true: taken */
void att_conn_init(ble_conn_t *c);
void att_conn_gone(ble_conn_t *c);
void att_client_conn_gone(ble_conn_t *c);     /* drops queued requests */
void gatts_reset(void);

static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

#endif
