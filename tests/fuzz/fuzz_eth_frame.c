/*
 * libFuzzer target: the Ethernet model's frame work (qemu/hw/
 * stm32h7_eth_frame.c) on any frame the wire or the guest could hand it.
 * Parsing stays inside the frame; a frame the transmit checksum engine
 * fills in (CIC 3) must then pass the receive check, IPv4 header and
 * payload; CIC 0 changes nothing; the multicast hash is a 6-bit index.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stm32h7_eth_frame.h"

#define MAX_FRAME 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    H7EthRxCheck rx;
    size_t l3 = 0;

    if (size > MAX_FRAME) {
        return 0;
    }
    /* ASan sees reads past a heap copy of exactly the frame's size */
    uint8_t *exact = malloc(size ? size : 1);
    memcpy(exact, data, size);
    uint16_t type = h7eth_ethertype(exact, size, &l3);
    assert(type == 0 || l3 <= size);
    h7eth_rx_checksum(exact, size, &rx);
    assert(rx.payload_type <= H7ETH_PT_ICMP);
    if (size >= 6) {
        assert(h7eth_hash_index(exact) < 64);
    }
    (void)h7eth_crc32(exact, size);

    memcpy(exact, data, size);
    assert(h7eth_tx_checksum(exact, size, H7ETH_CIC_NONE));
    assert(memcmp(exact, data, size) == 0);
    for (unsigned cic = H7ETH_CIC_IP_HEADER; cic <= H7ETH_CIC_IP_FULL; cic++) {
        memcpy(exact, data, size);
        bool done = h7eth_tx_checksum(exact, size, cic);
        if (!done) {
            continue; /* not a frame this CIC applies to */
        }
        h7eth_rx_checksum(exact, size, &rx);
        assert(!rx.header_error);
        if (cic == H7ETH_CIC_IP_FULL && !rx.bypassed) {
            assert(!rx.payload_error);
        }
    }
    free(exact);
    return 0;
}
