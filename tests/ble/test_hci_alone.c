/*
 * The layering of the BLE host, proved by linking: this program links the
 * HCI core (lib/ble/host/hci.c), the H4 framing and lib/ble/os alone, with
 * no GAP, L2CAP, ATT or SMP (tests/ble/Makefile checks the binary's
 * symbols too).  Against a controller written here it resets the
 * controller, sends an ACL packet in fragments within the buffer credits,
 * hands events and ACL data up to the registered handlers, and completes a
 * synchronous command issued from inside an event handler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ble_os.h"
#include "bt_defs.h"
#include "h4.h"
#include "hci.h"

#define VENDOR_EVT 0xFF

static uint32_t clock_ms;
static uint8_t to_host[512];            /* bytes the controller sends at the next poll */
static size_t to_host_len;
static uint8_t sent[16][64];            /* H4 frames the host sent */
static size_t sent_len[16];
static unsigned n_sent;
static bool answer_commands = true;
static bool answer_after_first;         /* answer every command but the first */

static uint32_t now_ms(void) { return clock_ms; }
static unsigned irq_lock(void) { return 0; }
static void irq_unlock(unsigned k) { (void)k; }
static void idle(uint32_t ms) { clock_ms += ms ? ms : 1; }
static const h7bt_os_port_t port = { now_ms, irq_lock, irq_unlock, idle, NULL, NULL };

static void controller_says(const uint8_t *p, size_t len)
{
    assert_true(to_host_len + len <= sizeof(to_host));
    memcpy(to_host + to_host_len, p, len);
    to_host_len += len;
}

static int send(void *ctx, const uint8_t *d, size_t len)
{
    (void)ctx;
    assert_true(n_sent < 16 && len <= sizeof(sent[0]));
    memcpy(sent[n_sent], d, len);
    sent_len[n_sent++] = len;
    if (d[0] == H4_CMD && answer_after_first && n_sent > 1) {
        answer_commands = true;
    }
    if (d[0] == H4_CMD && answer_commands) {    /* Command Complete, 1 credit, success */
        uint8_t ev[] = { H4_EVT, BT_HCI_EVT_CMD_COMPLETE, 4, 1, d[1], d[2], 0 };
        controller_says(ev, sizeof(ev));
    }
    return 0;
}
static const h7bt_hci_transport_t transport = { send, NULL };

static int poll_controller(h7bt_os_input_t *in)
{
    (void)in;
    uint8_t copy[sizeof(to_host)];
    size_t n = to_host_len;
    memcpy(copy, to_host, n);
    to_host_len = 0;
    h7bt_hci_feed(copy, n);
    return n != 0;
}
static h7bt_os_input_t input = { NULL, poll_controller };

/* what came up */
static uint8_t last_event[64];
static size_t last_event_len;
static unsigned events, acls, freed;
static uint16_t acl_handle;
static uint8_t acl_pb, acl_data[64];
static size_t acl_len;
static int nested_rc = 1;

static void on_event(const uint8_t *e, size_t len)
{
    memcpy(last_event, e, len);
    last_event_len = len;
    events++;
    if (e[0] == VENDOR_EVT) {
        /* a handler that waits for the controller, as a Python IRQ handler does */
        nested_rc = h7bt_hci_cmd_sync(BT_HCI_OP_LE_SET_ADV_ENABLE, "\x01", 1, NULL, 0);
    }
}

static void on_acl(uint16_t handle, uint8_t pb, const uint8_t *d, size_t len)
{
    acls++;
    acl_handle = handle;
    acl_pb = pb;
    memcpy(acl_data, d, len);
    acl_len = len;
}

static void on_freed(void)
{
    freed++;
}

static const h7bt_hci_upper_t upper = { on_event, on_acl, on_freed, NULL };

static int setup(void **state)
{
    (void)state;
    h7bt_os_init(&port);
    h7bt_os_input_add(&input);
    h7bt_hci_init(&transport, &upper);
    to_host_len = n_sent = 0;
    events = acls = freed = 0;
    answer_commands = true;
    answer_after_first = false;
    clock_ms = 0;
    return 0;
}

static void test_reset(void **state)
{
    (void)state;
    assert_int_equal(h7bt_hci_cmd_sync(BT_HCI_OP_RESET, NULL, 0, NULL, 0), 0);
    static const uint8_t reset[] = { H4_CMD, 0x03, 0x0C, 0x00 };
    assert_int_equal(n_sent, 1);
    assert_int_equal(sent_len[0], sizeof(reset));
    assert_memory_equal(sent[0], reset, sizeof(reset));
    /* the Command Complete is the HCI core's own: nothing went up */
    assert_int_equal(events, 0);
}

static void test_sync_command_times_out_without_answer(void **state)
{
    (void)state;
    answer_commands = false;
    assert_int_equal(h7bt_hci_cmd_sync(BT_HCI_OP_RESET, NULL, 0, NULL, 0), BLE_ETIMEDOUT);
}

static void test_acl_fragments_within_credits(void **state)
{
    (void)state;
    h7bt_hci_set_buffers(27, 2);
    uint8_t head[4] = { 40, 0, 0x04, 0x00 }, body[40];
    for (int i = 0; i < 40; i++) {
        body[i] = (uint8_t)(0x80 + i);
    }
    assert_int_equal(h7bt_hci_acl_send(0x0041, head, 4, body, 40), BLE_OK);
    /* 44 bytes at 27 a packet: 27 (PB first) then 17 (PB continuing) */
    assert_int_equal(n_sent, 2);
    uint8_t f1[5 + 27] = { H4_ACL, 0x41, 0x00, 27, 0 };
    memcpy(f1 + 5, head, 4);
    memcpy(f1 + 9, body, 23);
    uint8_t f2[5 + 17] = { H4_ACL, 0x41, 0x10, 17, 0 };
    memcpy(f2 + 5, body + 23, 17);
    assert_int_equal(sent_len[0], sizeof(f1));
    assert_memory_equal(sent[0], f1, sizeof(f1));
    assert_int_equal(sent_len[1], sizeof(f2));
    assert_memory_equal(sent[1], f2, sizeof(f2));
    /* no credits left: the next packet waits for Number Of Completed Packets */
    assert_int_equal(h7bt_hci_acl_send(0x0041, head, 4, body, 1), BLE_OK);
    assert_int_equal(n_sent, 2);
    assert_int_equal(h7bt_hci_acl_queued(), 1);
    uint8_t nocp[] = { H4_EVT, BT_HCI_EVT_NUM_COMPLETED_PACKETS, 5, 1, 0x41, 0x00, 1, 0 };
    h7bt_hci_feed(nocp, sizeof(nocp));
    assert_int_equal(n_sent, 3);
    assert_int_equal(h7bt_hci_acl_queued(), 0);
    assert_int_equal(freed, 1);
    assert_int_equal(events, 0);
}

static void test_events_and_acl_go_up(void **state)
{
    (void)state;
    uint8_t meta[] = { H4_EVT, BT_HCI_EVT_LE_META, 3, BT_HCI_LE_ADV_REPORT, 0xAA, 0xBB };
    uint8_t acl[] = { H4_ACL, 0x42, 0x10, 3, 0, 7, 8, 9 };
    h7bt_hci_feed(meta, 2);                     /* any split */
    h7bt_hci_feed(meta + 2, sizeof(meta) - 2);
    assert_int_equal(events, 1);
    assert_int_equal(last_event_len, 5);
    assert_memory_equal(last_event, meta + 1, 5);
    h7bt_hci_feed(acl, sizeof(acl));
    assert_int_equal(acls, 1);
    assert_int_equal(acl_handle, 0x042);
    assert_int_equal(acl_pb, BT_ACL_PB_CONTINUING);
    assert_int_equal(acl_len, 3);
    assert_memory_equal(acl_data, "\x07\x08\x09", 3);
}

static void test_sync_command_inside_an_event_handler(void **state)
{
    (void)state;
    /* the vendor event and, behind it in the same read, another event:
     * the nested command's completion is read and handled inside the
     * handler, the second event after it, in order */
    uint8_t evs[] = { H4_EVT, VENDOR_EVT, 1, 0x55, H4_EVT, BT_HCI_EVT_LE_META, 2, 0x7F, 1 };
    controller_says(evs, sizeof(evs));
    nested_rc = 1;
    k_sleep(K_MSEC(5));
    assert_int_equal(nested_rc, 0);
    assert_int_equal(events, 2);
    assert_int_equal(last_event[0], BT_HCI_EVT_LE_META);
    assert_int_equal(n_sent, 1);                /* the nested LE Set Advertising Enable */
    assert_int_equal(sent[0][1] | sent[0][2] << 8, BT_HCI_OP_LE_SET_ADV_ENABLE);
}

/* The case that failed in scripts/bench_ble/connect.py: the host waits for
 * command A; the controller's next read holds an event and then A's
 * Command Complete; the event's handler sends command B, which queues
 * behind A.  B completes only if the wait drains what was already read
 * (A's completion, behind the event) instead of waiting for new bytes. */
static void test_sync_command_behind_a_completion_already_read(void **state)
{
    (void)state;
    answer_commands = false;
    uint8_t a_done[] = { H4_EVT, BT_HCI_EVT_CMD_COMPLETE, 4, 1, 0x03, 0x0C, 0 };
    uint8_t vendor[] = { H4_EVT, VENDOR_EVT, 1, 0x55 };
    controller_says(vendor, sizeof(vendor));
    controller_says(a_done, sizeof(a_done));
    answer_commands = false;
    /* B (sent from the handler) is answered as soon as it is sent */
    nested_rc = 1;
    answer_after_first = true;
    assert_int_equal(h7bt_hci_cmd_sync(BT_HCI_OP_RESET, NULL, 0, NULL, 0), 0);
    assert_int_equal(nested_rc, 0);
    assert_int_equal(n_sent, 2);                /* A, then B once A was done */
    assert_true(clock_ms < 100);                /* neither waited for a timeout */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reset, setup),
        cmocka_unit_test_setup(test_sync_command_times_out_without_answer, setup),
        cmocka_unit_test_setup(test_acl_fragments_within_credits, setup),
        cmocka_unit_test_setup(test_events_and_acl_go_up, setup),
        cmocka_unit_test_setup(test_sync_command_inside_an_event_handler, setup),
        cmocka_unit_test_setup(test_sync_command_behind_a_completion_already_read, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
