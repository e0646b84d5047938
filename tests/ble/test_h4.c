/*
 * lib/ble/hci/h4.c: a stream of an event, an ACL packet and a command fed
 * in every split gives the same packets; fed h7bt_h4_want() bytes at a time, a
 * packet completes only at the end of a feed; h7bt_h4_packet_len reads the
 * length fields of each type; bad indicators are skipped and counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "h4.h"

static const uint8_t STREAM[] = {
    H4_EVT, 0x0E, 4, 1, 0x03, 0x0C, 0,                          /* Command Complete */
    H4_ACL, 0x2A, 0x20, 7, 0, 3, 0, 4, 0, 0x02, 0x22, 0x01,     /* ATT Exchange MTU */
    H4_CMD, 0x0A, 0x20, 1, 1,                                   /* LE Set Adv Enable */
};
static const size_t ENDS[] = { 7, 19, 24 };                     /* where packets end */

static unsigned n_pkts;
static uint8_t types[8];
static size_t lens[8];
static uint8_t bytes[8][16];

static void on_packet(void *ctx, uint8_t type, const uint8_t *pkt, size_t len)
{
    (void)ctx;
    types[n_pkts] = type;
    lens[n_pkts] = len;
    memcpy(bytes[n_pkts], pkt, len < sizeof(bytes[0]) ? len : sizeof(bytes[0]));
    n_pkts++;
}

/* each packet as it is in STREAM, byte for byte, without its indicator */
static void check_packets(void)
{
    static const uint8_t type[3] = { H4_EVT, H4_ACL, H4_CMD };
    size_t start = 0;
    assert_int_equal(n_pkts, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(types[i], type[i]);
        assert_int_equal(lens[i], ENDS[i] - start - 1);
        assert_memory_equal(bytes[i], STREAM + start + 1, lens[i]);
        start = ENDS[i];
    }
}

static void test_every_split(void **state)
{
    (void)state;
    for (size_t cut = 0; cut <= sizeof(STREAM); cut++) {
        h4_decoder_t d;
        h7bt_h4_init(&d, on_packet, NULL);
        n_pkts = 0;
        h7bt_h4_feed(&d, STREAM, cut);
        h7bt_h4_feed(&d, STREAM + cut, sizeof(STREAM) - cut);
        check_packets();
    }
}

static void test_want_stops_at_packet_ends(void **state)
{
    (void)state;
    h4_decoder_t d;
    h7bt_h4_init(&d, on_packet, NULL);
    n_pkts = 0;
    size_t at = 0, end = 0;
    while (at < sizeof(STREAM)) {
        size_t n = h7bt_h4_want(&d);
        assert_true(n > 0 && at + n <= sizeof(STREAM));
        unsigned before = n_pkts;
        h7bt_h4_feed(&d, STREAM + at, n);
        at += n;
        if (n_pkts != before) {
            assert_int_equal(n_pkts, before + 1);
            assert_int_equal(at, ENDS[end++]);              /* completed at the feed's end */
        }
    }
    check_packets();
}

static void test_packet_len(void **state)
{
    (void)state;
    assert_int_equal(h7bt_h4_packet_len(STREAM, 2), 0);          /* header incomplete */
    assert_int_equal(h7bt_h4_packet_len(STREAM, 3), 7);
    assert_int_equal(h7bt_h4_packet_len(STREAM + 7, 4), 0);
    assert_int_equal(h7bt_h4_packet_len(STREAM + 7, 5), 12);
    assert_int_equal(h7bt_h4_packet_len(STREAM + 19, 4), 5);
    assert_int_equal(h7bt_h4_packet_len((const uint8_t *)"\x07", 1), SIZE_MAX);
    assert_int_equal(h7bt_h4_packet_len(STREAM, 0), 0);
}

static void test_bad_indicator_skipped(void **state)
{
    (void)state;
    h4_decoder_t d;
    h7bt_h4_init(&d, on_packet, NULL);
    n_pkts = 0;
    const uint8_t junk[] = { 0x00, 0x09, 0xFF };
    h7bt_h4_feed(&d, junk, sizeof(junk));
    h7bt_h4_feed(&d, STREAM, sizeof(STREAM));
    assert_int_equal(d.bad_type, 3);
    check_packets();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_split),
        cmocka_unit_test(test_want_stops_at_packet_ends),
        cmocka_unit_test(test_packet_len),
        cmocka_unit_test(test_bad_indicator_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
