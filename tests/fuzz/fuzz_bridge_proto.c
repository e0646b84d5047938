/*
 * libFuzzer target: the device bridge's message parser (qemu/hw/
 * h7_bridge_proto.c) on any byte stream a peer could send.  Every message
 * it takes must re-encode to the bytes it came from, stay within the
 * buffer and carry only values in range; a stream it rejects is dropped
 * whole, as the QEMU devices drop the peer.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "h7_bridge_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t off = 0;

    while (off < size) {
        H7brMsg m;
        int n = h7br_parse(data + off, size - off, &m);
        if (n <= 0) {
            break; /* more needed (the stream ends) or malformed (dropped) */
        }
        assert((size_t)n <= size - off);
        assert(n == H7BR_HEADER + h7br_payload_len(m.type));
        uint8_t again[H7BR_MAX_MSG];
        size_t len = h7br_encode(again, m.type, m.payload);
        assert(len == (size_t)n && memcmp(again, data + off, len) == 0);
        if (m.type == H7BR_PIN || m.type == H7BR_VOLTS) {
            assert(m.payload[0] < H7BR_PINS);
        }
        if (m.type == H7BR_VOLTS) {
            assert(h7br_uv(&m) >= H7BR_UV_MIN && h7br_uv(&m) <= H7BR_UV_MAX);
        }
        off += (size_t)n;
    }
    return 0;
}
