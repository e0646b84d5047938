#!/usr/bin/env python3
"""Seed inputs for fuzz_ble_host: well-formed H4 frames the host handles
(ATT requests on connection 0x40, responses and notifications on 0x41,
LE signalling, SMP (legacy and Secure Connections), L2CAP credit-based channels, advertising reports,
completed packets, a disconnection), one per file, so that the fuzzer starts past the framing;
with a layer (event, acl, sig, att, smp) the same seeds as that target's records.
Their confirms and checks are not valid (b"c" * 16): pairing fails at the
first check.  The seeds that complete pairing are recorded by
ble_pairing_seeds.c, which computes them against the host."""
import os
import struct
import sys


def acl(handle, cid, pdu):
    l2 = struct.pack("<HH", len(pdu), cid) + pdu
    return bytes([2]) + struct.pack("<HH", handle, len(l2)) + l2


# the Core spec's SMP debug public key (Vol 3 Part H 2.3.5.6.1), X then Y
# in PDU order: a point on the curve, so the host gets past its DHKey
DEBUG_KEY = (bytes.fromhex("20b003d2f297be2c5e2c83a7e9f9a5b9eff49111acf4fddbcc0301480e359de6")[::-1]
             + bytes.fromhex("dc809c49652aeb6d63329abf5a52155c766345c28fed3024741c8ed01589d28b")[::-1])


def event(code, params):
    return bytes([4, code, len(params)]) + params


SEEDS = {
    "mtu": acl(0x40, 4, b"\x02\x00\x01"),
    "group": acl(0x40, 4, b"\x10\x01\x00\xff\xff\x00\x28"),
    "bytype": acl(0x40, 4, b"\x08\x01\x00\xff\xff\x03\x28"),
    "findinfo": acl(0x40, 4, b"\x04\x01\x00\xff\xff"),
    "typevalue": acl(0x40, 4, b"\x06\x01\x00\xff\xff\x00\x28\x0d\x18"),
    "write": acl(0x40, 4, b"\x12\x05\x00\x01\x00") + acl(0x40, 4, b"\x52\x07\x00abc"),
    "prepare": acl(0x40, 4, b"\x16\x03\x00\x00\x00hello") + acl(0x40, 4, b"\x18\x01"),
    "blob": acl(0x40, 4, b"\x0c\x03\x00\x02\x00") + acl(0x40, 4, b"\x1e"),
    "chars": acl(0x41, 4, b"\x09\x07\x02\x00\x12\x03\x00\x37\x2a"
                          b"\x05\x00\x04\x06\x00\x38\x2a") + acl(0x41, 4, b"\x01\x08\x07\x00\x0a"),
    "read": acl(0x41, 4, b"\x0b" + b"x" * 22) + acl(0x41, 4, b"\x1b\x03\x00hi"),
    "indicate": acl(0x41, 4, b"\x1d\x03\x00yo"),
    "sig": acl(0x41, 5, b"\x12\x01\x08\x00\x06\x00\x0c\x00\x00\x00\x90\x01")
    + acl(0x40, 5, b"\x14\x02\x0a\x00\x80\x00\x40\x00\x40\x00\x05\x00"),
    "smp": acl(0x40, 6, b"\x01\x03\x00\x01\x10\x07\x07"),
    "frag": bytes([2]) + struct.pack("<HH", 0x40, 6) + b"\x07\x00\x04\x00\x0a\x03"
    + bytes([2]) + struct.pack("<HH", 0x1040, 5) + b"\x00\x01\x02\x03\x04",
    "adv": event(0x3E, b"\x02\x01\x00\x00\x01\x02\x03\x04\x05\x06\x03\x02\x01\x06\xc0"),
    "nocp": event(0x13, b"\x01\x40\x00\x02\x00"),
    "update": event(0x3E, b"\x03\x00\x40\x00\x18\x00\x00\x00\x90\x01"),
    "disc": event(0x05, b"\x00\x40\x00\x13"),
    # L2CAP CoC: a peer opens PSM 0x25 (source CID 0x50, MTU 100, MPS 60, 3
    # credits) and sends a 70-byte SDU in two K-frames on our CID 0x40, then
    # credits and a disconnection; on 0x41 the answer to our own request
    "coc": acl(0x40, 5, b"\x14\x05\x0a\x00\x25\x00\x50\x00\x64\x00\x3c\x00\x03\x00")
    + acl(0x40, 0x40, struct.pack("<H", 70) + b"a" * 50) + acl(0x40, 0x40, b"b" * 20)
    + acl(0x40, 5, b"\x16\x06\x04\x00\x50\x00\x02\x00")
    + acl(0x40, 5, b"\x06\x07\x04\x00\x40\x00\x50\x00"),
    # pairing: a central pairs with us on 0x40 (request, confirm, random, the
    # LTK request, encryption on); we pair as central on 0x41 (response,
    # confirm, random, encryption on, the peer's LTK and identification)
    "smp_responder": acl(0x40, 6, b"\x01\x03\x00\x01\x10\x00\x01")
    + acl(0x40, 6, b"\x03" + b"c" * 16) + acl(0x40, 6, b"\x04" + b"r" * 16)
    + event(0x3E, b"\x05\x40\x00" + bytes(10)) + event(0x08, b"\x00\x40\x00\x01"),
    "smp_initiator": acl(0x41, 6, b"\x02\x03\x00\x01\x10\x00\x01")
    + acl(0x41, 6, b"\x03" + b"c" * 16) + acl(0x41, 6, b"\x04" + b"r" * 16)
    + event(0x08, b"\x00\x41\x00\x01") + acl(0x41, 6, b"\x06" + b"k" * 16)
    + acl(0x41, 6, b"\x07\x12\x34" + b"z" * 8),
    # LE Secure Connections: as responder on 0x40 (request with SC, the
    # peer's public key, its nonce, its DHKey check) and as initiator on 0x41
    # (response, public key, confirm, nonce, check); a KeyboardOnly peer
    # makes it passkey entry (confirm and nonce per round)
    "sc_responder": acl(0x40, 6, b"\x01\x03\x00\x0d\x10\x00\x01")
    + acl(0x40, 6, b"\x0c" + DEBUG_KEY) + acl(0x40, 6, b"\x04" + b"n" * 16)
    + acl(0x40, 6, b"\x0d" + b"e" * 16),
    "sc_initiator": acl(0x41, 6, b"\x02\x03\x00\x0d\x10\x00\x01")
    + acl(0x41, 6, b"\x0c" + DEBUG_KEY) + acl(0x41, 6, b"\x03" + b"c" * 16)
    + acl(0x41, 6, b"\x04" + b"n" * 16) + acl(0x41, 6, b"\x0d" + b"e" * 16),
    "sc_passkey": acl(0x40, 6, b"\x01\x02\x00\x0d\x10\x00\x01")
    + acl(0x40, 6, b"\x0c" + DEBUG_KEY) + acl(0x40, 6, b"\x03" + b"c" * 16)
    + acl(0x40, 6, b"\x04" + b"n" * 16),
    # a DisplayYesNo peer: numeric comparison, the user asked after the nonces
    "sc_numcmp": acl(0x40, 6, b"\x01\x01\x00\x0d\x10\x00\x01")
    + acl(0x40, 6, b"\x0c" + DEBUG_KEY) + acl(0x40, 6, b"\x04" + b"n" * 16)
    + acl(0x40, 6, b"\x0d" + b"e" * 16),
    "coc_rsp": acl(0x41, 5, b"\x15\x01\x0a\x00\x60\x00\x64\x00\x3c\x00\x02\x00\x00\x00")
    + acl(0x41, 0x40, struct.pack("<H", 5) + b"hello"),
}

CIDS = {"sig": 5, "att": 4, "smp": 6}


def records(layer, stream):
    """the seed's H4 frames as the per-parser targets' records (see
    fuzz_ble_host.c): selector, length, bytes"""
    out, i = b"", 0
    while i < len(stream):
        if stream[i] == 4:
            code, n = stream[i + 1], stream[i + 2]
            params, i = stream[i + 3:i + 3 + n], i + 3 + n
            if layer == "event":
                out += bytes([code, n]) + params
            continue
        handle, n = struct.unpack_from("<HH", stream, i + 1)
        data, i = stream[i + 5:i + 5 + n], i + 5 + n
        conn = 1 if handle & 0x0FFF == 0x41 else 0
        if layer == "acl":
            out += bytes([(handle >> 8) & 0xF0 | conn, n]) + data
        elif layer in CIDS and len(data) >= 4:
            length, cid = struct.unpack_from("<HH", data)
            if cid == CIDS[layer] and length == len(data) - 4:
                out += bytes([conn, length]) + data[4:]
    return out


if __name__ == "__main__":
    layer = sys.argv[2] if len(sys.argv) > 2 else "h4"
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in SEEDS.items():
        seed = data if layer == "h4" else records(layer, data)
        if seed:
            with open(os.path.join(sys.argv[1], name), "wb") as f:
                f.write(seed)
