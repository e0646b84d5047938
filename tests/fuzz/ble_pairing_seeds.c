/*
 * Seeds for fuzz_ble_h4 that complete pairing: the host set up exactly as
 * the fuzz target sets it up (fuzz_ble_host.c, included), and a peer played
 * here that answers what the host sends with valid values: confirms from
 * c1 or f4, the DHKey checks from f5 and f6, the controller's LTK request
 * and encryption change, the keys a responder distributes, and a second
 * link that re-encrypts from the key the host kept.  The host's randoms are
 * fixed (fake_random), so replaying the recorded byte stream makes the
 * same exchange: the fuzzer starts from pairings that succeed, and mutates
 * the LTK reply, key distribution, the secret store and re-encryption.
 * Each step checks the host's answer (its confirm, its check, the STK or
 * LTK it hands the controller); a seed that would not complete is an error.
 *
 *   ble_pairing_seeds DIR      writes DIR/pair_<scenario>, one H4 stream each
 */
#define FUZZ_RECORDER
#include "fuzz_ble_host.c"

#include <stdio.h>
#include "p256.h"
#include "smp_legacy.h"
#include "smp_secure.h"

#define PEER  0x40                      /* the host is peripheral there ... */
#define CENTRAL_LINK 0x41               /* ... and central here */

/* ---- what the host sent: SMP PDUs reassembled, commands ---- */
typedef struct {
    uint16_t handle;
    uint8_t pdu[80];
    size_t len;
} smp_pdu_t;

static smp_pdu_t got[64];
static size_t n_got;
static uint8_t last_cmd[64];
static size_t last_cmd_len;
static struct {
    uint16_t opcode, handle;            /* a command sent, not yet answered */
} cmds[16];
static size_t n_cmds;
static unsigned unacked[2];             /* ACL packets sent, not yet completed */
static uint8_t asm_buf[2][80];          /* reassembly per link */
static size_t asm_len[2], asm_want[2];

static int slot(uint16_t h)
{
    return h == CENTRAL_LINK;
}

static void tap(const uint8_t *d, size_t n)
{
    if (n >= 4 && d[0] == H4_CMD && n - 1 <= sizeof(last_cmd)) {
        memcpy(last_cmd, d + 1, n - 1);
        last_cmd_len = n - 1;
        if (n_cmds < 16) {
            cmds[n_cmds].opcode = (uint16_t)(d[1] | d[2] << 8);
            cmds[n_cmds++].handle = n >= 6 ? (uint16_t)(d[4] | d[5] << 8) : 0;
        }
        return;
    }
    if (n < 5 || d[0] != H4_ACL) {
        return;
    }
    uint16_t hf = (uint16_t)(d[1] | d[2] << 8), h = hf & 0x0FFF, len = (uint16_t)(d[3] | d[4] << 8);
    int s = slot(h);
    unacked[s]++;
    if (!(hf & 0x1000)) {               /* a first fragment: the L2CAP header */
        asm_len[s] = 0;
        asm_want[s] = 4u + (size_t)(d[5] | d[6] << 8);
    }
    if (asm_len[s] + len > sizeof(asm_buf[s])) {
        asm_len[s] = asm_want[s] = 0;   /* not an SMP PDU we follow */
        return;
    }
    memcpy(asm_buf[s] + asm_len[s], d + 5, len);
    asm_len[s] += len;
    if (asm_want[s] && asm_len[s] == asm_want[s]) {
        uint16_t cid = (uint16_t)(asm_buf[s][2] | asm_buf[s][3] << 8);
        if (cid == 6 && n_got < 64) {
            got[n_got].handle = h;
            got[n_got].len = asm_len[s] - 4;
            memcpy(got[n_got].pdu, asm_buf[s] + 4, got[n_got].len);
            n_got++;
        }
        asm_want[s] = 0;
    }
}

static const uint8_t *host_sent(uint16_t h, uint8_t code, size_t len)
{
    for (size_t i = n_got; i-- > 0;) {
        if (got[i].handle == h && got[i].pdu[0] == code && got[i].len == len) {
            return got[i].pdu;
        }
    }
    fprintf(stderr, "ble_pairing_seeds: the host sent no SMP 0x%02x on 0x%x\n", code, h);
    exit(1);
}

/* ---- what the peer and its controller send: recorded ---- */
static uint8_t stream[16384];
static size_t stream_len;

static void feed_frame(const uint8_t *f, size_t n)
{
    if (stream_len + n > sizeof(stream)) {
        abort();
    }
    memcpy(stream + stream_len, f, n);
    stream_len += n;
    h7bt_host_feed(f, n);
}

static void event(uint8_t code, const uint8_t *p, uint8_t n)
{
    uint8_t f[3 + 255] = { H4_EVT, code, n };
    memcpy(f + 3, p, n);
    feed_frame(f, 3u + n);
}

/* the controller answers the host's commands (in the stream, as a real one
 * does: the stub's own answers come only when the fuzz target polls, after
 * the whole input) and reports its ACL packets done, as a peer keeps up */
static void complete_packets(void)
{
    while (n_cmds) {                    /* an answer may let the next command out */
        uint16_t op = cmds[0].opcode, h = cmds[0].handle;
        memmove(cmds, cmds + 1, --n_cmds * sizeof(cmds[0]));
        if (op == 0x2019) {             /* LE Enable Encryption: Command Status */
            uint8_t p[4] = { 0, 1, (uint8_t)op, (uint8_t)(op >> 8) };
            event(0x0F, p, 4);
        } else {                        /* status, and the handle for LTK replies */
            uint8_t p[6] = { 1, (uint8_t)op, (uint8_t)(op >> 8), 0, (uint8_t)h, (uint8_t)(h >> 8) };
            event(0x0E, p, 6);
        }
    }
    for (int s = 0; s < 2; s++) {
        if (unacked[s]) {
            uint16_t h = s ? CENTRAL_LINK : PEER;
            uint8_t p[5] = { 1, (uint8_t)h, (uint8_t)(h >> 8), (uint8_t)unacked[s], 0 };
            unacked[s] = 0;
            event(0x13, p, 5);
        }
    }
}

/* one SMP PDU from the peer, in 27-byte ACL fragments as the host's buffers are */
static void peer_smp(uint16_t h, const uint8_t *pdu, size_t n)
{
    uint8_t l2[4 + 80] = { (uint8_t)n, 0, 6, 0 };
    memcpy(l2 + 4, pdu, n);
    for (size_t off = 0; off < n + 4; off += 27) {
        size_t k = n + 4 - off < 27 ? n + 4 - off : 27;
        uint8_t f[5 + 27] = { H4_ACL, (uint8_t)h, (uint8_t)(h >> 8 | (off ? 0x10 : 0x20)),
                              (uint8_t)k, 0 };
        memcpy(f + 5, l2 + off, k);
        feed_frame(f, 5 + k);
    }
    complete_packets();
}

static void peer_value(uint16_t h, uint8_t code, const uint8_t v[16])
{
    uint8_t p[17] = { code };
    memcpy(p + 1, v, 16);
    peer_smp(h, p, 17);
}

static void ltk_request(uint16_t h, const uint8_t rand[8], uint16_t ediv)
{
    uint8_t p[13] = { 0x05, (uint8_t)h, (uint8_t)(h >> 8) };
    memcpy(p + 3, rand, 8);
    p[11] = (uint8_t)ediv;
    p[12] = (uint8_t)(ediv >> 8);
    event(0x3E, p, 13);
    complete_packets();
}

static void encryption_on(uint16_t h)
{
    uint8_t p[4] = { 0, (uint8_t)h, (uint8_t)(h >> 8), 1 };
    event(0x08, p, 4);
    complete_packets();
}

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "ble_pairing_seeds: %s\n", what);
        exit(1);
    }
}

/* the command the host gave the controller carries this 16-byte key at off */
static void check_cmd_key(uint16_t opcode, size_t off, const uint8_t key[16], const char *what)
{
    check(last_cmd_len >= off + 16 && (last_cmd[0] | last_cmd[1] << 8) == opcode &&
              !memcmp(last_cmd + off, key, 16),
          what);
}

/* ---- addresses and keys ---- */
static const uint8_t host_addr[6] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6 };   /* public */
static const uint8_t peer_addr[6] = { 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6 };   /* random */
static const uint8_t zero16[16];
/* the Core spec's debug key pair (Vol 3 Part H 2.3.5.6.1), most significant byte first */
static const uint8_t debug_sk[32] = {
    0x3f, 0x49, 0xf6, 0xd4, 0xa3, 0xc5, 0x5f, 0x38, 0x74, 0xc9, 0xb3, 0xe3, 0xd2, 0x10, 0x3f, 0x50,
    0x4a, 0xff, 0x60, 0x7b, 0xeb, 0x40, 0xb7, 0x99, 0x58, 0x99, 0xb8, 0xa6, 0xcd, 0x3c, 0x1a, 0xbd,
};

static void reverse(uint8_t *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = in[n - 1 - i];
    }
}

static void fill(uint8_t v[16], uint8_t b)
{
    memset(v, b, 16);
}

/* the peer's public key (the debug key pair) as a Public Key PDU */
static void debug_public_key(uint8_t pdu[65])
{
    uint8_t x[32], y[32];
    check(h7bt_p256_public_key(debug_sk, x, y), "the debug key");
    pdu[0] = 0x0C;
    reverse(pdu + 1, x, 32);
    reverse(pdu + 33, y, 32);
}

/* MacKey and LTK from the host's public key (PDU order) and the nonces;
 * a, b: initiator's and responder's addresses */
static void sc_keys(const uint8_t host_pk[64], const uint8_t na[16], const uint8_t nb[16],
                    const uint8_t a[7], const uint8_t b[7], uint8_t mackey[16], uint8_t ltk[16])
{
    uint8_t x[32], y[32], dh_be[32], dh[32];
    reverse(x, host_pk, 32);
    reverse(y, host_pk + 32, 32);
    check(h7bt_p256_dh(debug_sk, x, y, dh_be), "SC: DHKey");
    reverse(dh, dh_be, 32);
    h7bt_smp_f5(dh, na, nb, a, b, mackey, ltk);
}

/* an address as f5/f6 take it: 6 bytes, then the type */
static void addr7(uint8_t out[7], const uint8_t addr[6], uint8_t type)
{
    memcpy(out, addr, 6);
    out[6] = type;
}

/* ---- the scenarios ---- */

/* legacy Just Works, the host as responder on PEER; then the keys it hands
 * out, and a re-encryption from them on the same link */
static void legacy_responder(void)
{
    uint8_t preq[7] = { 0x01, 0x03, 0x00, 0x01, 0x10, 0x00, 0x01 };   /* NoIO, bond */
    peer_smp(PEER, preq, 7);
    const uint8_t *pres = host_sent(PEER, 0x02, 7);
    uint8_t mrand[16], mconf[16], sconf[16], stk[16];
    fill(mrand, 0x4D);
    h7bt_smp_c1(zero16, mrand, preq, pres, 1, peer_addr, 0, host_addr, mconf);
    peer_value(PEER, 0x03, mconf);
    memcpy(sconf, host_sent(PEER, 0x03, 17) + 1, 16);
    peer_value(PEER, 0x04, mrand);
    const uint8_t *srand = host_sent(PEER, 0x04, 17) + 1;
    uint8_t want[16];
    h7bt_smp_c1(zero16, srand, preq, pres, 1, peer_addr, 0, host_addr, want);
    check(!memcmp(want, sconf, 16), "legacy responder: the host's confirm");
    h7bt_smp_s1(zero16, srand, mrand, stk);
    static const uint8_t no_rand[8];
    ltk_request(PEER, no_rand, 0);
    check_cmd_key(0x201A, 5, stk, "legacy responder: the STK in the LTK reply");
    encryption_on(PEER);
    const uint8_t *enc = host_sent(PEER, 0x06, 17);         /* Encryption Information */
    const uint8_t *id = host_sent(PEER, 0x07, 11);          /* Central Identification */
    uint8_t ltk[16], rand[8];
    memcpy(ltk, enc + 1, 16);
    memcpy(rand, id + 3, 8);
    /* the central comes back with the key it was given */
    ltk_request(PEER, rand, (uint16_t)(id[1] | id[2] << 8));
    check_cmd_key(0x201A, 5, ltk, "legacy responder: the kept LTK in the reply");
    encryption_on(PEER);
}

/* legacy Just Works, the host as initiator on CENTRAL_LINK (it sent its
 * request at set-up); the peer's keys kept; a new link re-encrypts */
static void legacy_initiator(void)
{
    const uint8_t *preq = host_sent(CENTRAL_LINK, 0x01, 7);
    uint8_t pres[7] = { 0x02, 0x03, 0x00, 0x01, 0x10, 0x00, 0x01 };   /* NoIO, bond, EncKey */
    peer_smp(CENTRAL_LINK, pres, 7);
    uint8_t mconf[16], srand[16], sconf[16], stk[16], want[16];
    memcpy(mconf, host_sent(CENTRAL_LINK, 0x03, 17) + 1, 16);
    fill(srand, 0x53);
    h7bt_smp_c1(zero16, srand, preq, pres, 0, host_addr, 1, peer_addr, sconf);
    peer_value(CENTRAL_LINK, 0x03, sconf);
    const uint8_t *mrand = host_sent(CENTRAL_LINK, 0x04, 17) + 1;
    h7bt_smp_c1(zero16, mrand, preq, pres, 0, host_addr, 1, peer_addr, want);
    check(!memcmp(want, mconf, 16), "legacy initiator: the host's confirm");
    h7bt_smp_s1(zero16, srand, mrand, stk);
    peer_value(CENTRAL_LINK, 0x04, srand);
    check_cmd_key(0x2019, 15, stk, "legacy initiator: the STK it encrypts with");
    encryption_on(CENTRAL_LINK);
    uint8_t ltk[16];
    fill(ltk, 0x4B);
    peer_value(CENTRAL_LINK, 0x06, ltk);                    /* Encryption Information */
    uint8_t ident[11] = { 0x07, 0x34, 0x12, 1, 2, 3, 4, 5, 6, 7, 8 };   /* EDIV, Rand */
    peer_smp(CENTRAL_LINK, ident, 11);
    /* the link drops; a new one to the same peer: its Security Request
     * makes the host encrypt with the key it kept */
    uint8_t disc[4] = { 0, (uint8_t)CENTRAL_LINK, CENTRAL_LINK >> 8, 0x13 };
    event(0x05, disc, 4);
    uint8_t conn[19] = { 0x01, 0, (uint8_t)CENTRAL_LINK, CENTRAL_LINK >> 8, 0, 1 };
    memcpy(conn + 6, peer_addr, 6);
    conn[12] = 24;
    conn[16] = 0x90;
    conn[17] = 1;
    event(0x3E, conn, 19);
    uint8_t secreq[2] = { 0x0B, 0x01 };
    peer_smp(CENTRAL_LINK, secreq, 2);
    check_cmd_key(0x2019, 15, ltk, "legacy initiator: re-encryption with the kept LTK");
    encryption_on(CENTRAL_LINK);
}

/* Secure Connections Just Works (io NoIO) or numeric comparison (io
 * DisplayYesNo: the user says yes at once), the host as responder on PEER */
static void sc_responder(uint8_t io)
{
    uint8_t preq[7] = { 0x01, io, 0x00, 0x0D, 0x10, 0x00, 0x01 };     /* bond, MITM, SC */
    peer_smp(PEER, preq, 7);
    const uint8_t *pres_p = host_sent(PEER, 0x02, 7);
    uint8_t pres[7];
    memcpy(pres, pres_p, 7);
    uint8_t pka[64], pk_pdu[65];
    debug_public_key(pk_pdu);
    memcpy(pka, pk_pdu + 1, 64);
    peer_smp(PEER, pk_pdu, 65);
    uint8_t pkb[64];
    memcpy(pkb, host_sent(PEER, 0x0C, 65) + 1, 64);
    uint8_t cb[16], na[16];
    memcpy(cb, host_sent(PEER, 0x03, 17) + 1, 16);
    fill(na, 0x6E);
    peer_value(PEER, 0x04, na);
    uint8_t nb[16], want[16];
    memcpy(nb, host_sent(PEER, 0x04, 17) + 1, 16);
    h7bt_smp_f4(pkb, pka, nb, 0, want);
    check(!memcmp(want, cb, 16), "SC responder: the host's confirm");
    uint8_t mackey[16], ltk[16], ea[16], eb[16], a[7], b[7];
    addr7(a, peer_addr, 1);
    addr7(b, host_addr, 0);
    sc_keys(pkb, na, nb, a, b, mackey, ltk);
    h7bt_smp_f6(mackey, na, nb, zero16, preq + 1, a, b, ea);
    peer_value(PEER, 0x0D, ea);
    h7bt_smp_f6(mackey, nb, na, zero16, pres + 1, b, a, eb);
    check(!memcmp(host_sent(PEER, 0x0D, 17) + 1, eb, 16), "SC responder: the host's check");
    static const uint8_t no_rand[8];
    ltk_request(PEER, no_rand, 0);
    check_cmd_key(0x201A, 5, ltk, "SC responder: the LTK in the reply");
    encryption_on(PEER);
    /* and again from the kept key: the same LTK */
    ltk_request(PEER, no_rand, 0);
    check_cmd_key(0x201A, 5, ltk, "SC responder: the kept LTK");
    encryption_on(PEER);
}

/* Secure Connections Just Works, the host as initiator on CENTRAL_LINK */
static void sc_initiator(void)
{
    uint8_t preq[7];
    memcpy(preq, host_sent(CENTRAL_LINK, 0x01, 7), 7);
    uint8_t pres[7] = { 0x02, 0x03, 0x00, 0x09, 0x10, 0x00, 0x01 };   /* NoIO, bond, SC */
    peer_smp(CENTRAL_LINK, pres, 7);
    uint8_t pka[64], pkb[64], pk_pdu[65];
    memcpy(pka, host_sent(CENTRAL_LINK, 0x0C, 65) + 1, 64);
    debug_public_key(pk_pdu);
    memcpy(pkb, pk_pdu + 1, 64);
    peer_smp(CENTRAL_LINK, pk_pdu, 65);
    uint8_t nb[16], cb[16];
    fill(nb, 0x6F);
    h7bt_smp_f4(pkb, pka, nb, 0, cb);
    peer_value(CENTRAL_LINK, 0x03, cb);
    uint8_t na[16];
    memcpy(na, host_sent(CENTRAL_LINK, 0x04, 17) + 1, 16);
    peer_value(CENTRAL_LINK, 0x04, nb);
    uint8_t mackey[16], ltk[16], ea[16], eb[16], a[7], b[7];
    addr7(a, host_addr, 0);
    addr7(b, peer_addr, 1);
    sc_keys(pka, na, nb, a, b, mackey, ltk);
    h7bt_smp_f6(mackey, na, nb, zero16, preq + 1, a, b, ea);
    check(!memcmp(host_sent(CENTRAL_LINK, 0x0D, 17) + 1, ea, 16), "SC initiator: the host's check");
    h7bt_smp_f6(mackey, nb, na, zero16, pres + 1, b, a, eb);
    peer_value(CENTRAL_LINK, 0x0D, eb);
    check_cmd_key(0x2019, 15, ltk, "SC initiator: the LTK it encrypts with");
    encryption_on(CENTRAL_LINK);
}

static void write_seed(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/pair_%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(stream, 1, stream_len, f) != stream_len || fclose(f)) {
        fprintf(stderr, "ble_pairing_seeds: cannot write %s\n", path);
        exit(1);
    }
    printf("ble_pairing_seeds: %s: %zu bytes\n", path, stream_len);
}

static void run(const char *dir, const char *name, void (*scenario)(void))
{
    n_got = stream_len = last_cmd_len = 0;
    memset(unacked, 0, sizeof(unacked));
    memset(asm_len, 0, sizeof(asm_len));
    memset(asm_want, 0, sizeof(asm_want));
    n_cmds = 0;
    setup_tap = tap;                    /* sees the set-up's own packets too */
    host_setup();
    scenario();
    stub_tap = NULL;
    h7bt_host_stop();
    write_seed(dir, name);
}

static void sc_responder_jw(void)
{
    sc_responder(0x03);
}

static void sc_responder_numcmp(void)
{
    sc_responder(0x01);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ble_pairing_seeds DIR\n");
        return 2;
    }
    run(argv[1], "legacy_responder", legacy_responder);
    run(argv[1], "legacy_initiator", legacy_initiator);
    run(argv[1], "sc_responder", sc_responder_jw);
    run(argv[1], "sc_numcmp", sc_responder_numcmp);
    run(argv[1], "sc_initiator", sc_initiator);
    return 0;
}
