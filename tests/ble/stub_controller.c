/* The stub HCI controller of stub_controller.h. */
#include <stdlib.h>
#include <string.h>
#include "h4.h"
#include "stub_controller.h"

uint32_t stub_ms;
unsigned stub_acl_sent;
void (*stub_tap)(const uint8_t *h4, size_t len);
bool stub_auto_complete;
static uint8_t acl_len = 27, acl_packets = 4;
static uint8_t pending[256];
static size_t pending_len;

static uint32_t now_ms(void) { return stub_ms; }
static unsigned irq_lock(void) { return 0; }
static void irq_unlock(unsigned k) { (void)k; }
static void idle(uint32_t ms) { stub_ms += ms ? ms : 1; }
static void *heap_alloc(size_t len) { return calloc(1, len); }
const h7bt_os_port_t stub_port = { now_ms, irq_lock, irq_unlock, idle, heap_alloc, free };

static int stub_send(void *ctx, const uint8_t *d, size_t len)
{
    (void)ctx;
    if (stub_tap) {
        stub_tap(d, len);
    }
    if (len >= 4 && d[0] == H4_ACL) {
        stub_acl_sent++;
        if (stub_auto_complete && pending_len + 8 <= sizeof(pending)) {
            uint8_t ev[8] = { H4_EVT, 0x13, 5, 1, d[1], (uint8_t)(d[2] & 0x0F), 1, 0 };
            memcpy(pending + pending_len, ev, 8);
            pending_len += 8;
        }
    } else if (len >= 4 && d[0] == H4_CMD && pending_len + 16 <= sizeof(pending)) {
        uint8_t ev[16] = { H4_EVT, 0x0E, 4, 1, d[1], d[2], 0 };
        size_t n = 7;
        uint16_t op = (uint16_t)(d[1] | d[2] << 8);
        if (op == 0x2002) {                 /* LE Read Buffer Size */
            ev[n++] = acl_len; ev[n++] = 0; ev[n++] = acl_packets;
        } else if (op == 0x2003) {          /* LE Read Local Supported Features */
            ev[n++] = 0x01;                 /* LE encryption */
            n += 7;
        } else if (op == 0x1009) {          /* Read BD_ADDR */
            for (int i = 0; i < 6; i++) {
                ev[n++] = (uint8_t)(0xA1 + i);
            }
        }
        ev[2] = (uint8_t)(n - 3);
        memcpy(pending + pending_len, ev, n);
        pending_len += n;
    }
    return 0;
}

static int flush(h7bt_os_input_t *in)
{
    (void)in;
    uint8_t copy[sizeof(pending)];
    size_t n = pending_len;
    memcpy(copy, pending, n);
    pending_len = 0;
    h7bt_host_feed(copy, n);
    return n != 0;
}

h7bt_os_input_t stub_input = { NULL, flush };
const h7bt_hci_transport_t stub_transport = { stub_send, NULL };

void stub_controller_init(uint8_t len, uint8_t packets)
{
    acl_len = len;
    acl_packets = packets;
    pending_len = 0;
    stub_acl_sent = 0;
    stub_tap = NULL;
    stub_auto_complete = false;
}

void stub_conn_complete(uint16_t handle, uint8_t role)
{
    uint8_t e[] = { H4_EVT, 0x3E, 19, 0x01, 0, (uint8_t)handle, (uint8_t)(handle >> 8), role,
                    STUB_PEER_TYPE, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 24, 0, 0, 0, 0x90, 1, 0 };
    h7bt_host_feed(e, sizeof(e));
}

void stub_disconn_complete(uint16_t handle)
{
    uint8_t e[] = { H4_EVT, 0x05, 4, 0, (uint8_t)handle, (uint8_t)(handle >> 8), 0x08 };
    h7bt_host_feed(e, sizeof(e));
}
