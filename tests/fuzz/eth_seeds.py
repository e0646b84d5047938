"""Seed frames for fuzz_eth_frame: IPv4 UDP/TCP/ICMP, a fragment, IPv6 UDP
behind a hop-by-hop header, a VLAN-tagged frame, ARP."""
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
eth = bytes.fromhex("02a1b2c3d4e5525400123456")


def ipv4(proto, payload, frag=0):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 7, frag, 64, proto, 0,
                       bytes([10, 0, 2, 2]), bytes([10, 0, 2, 15])) + payload


seeds = {
    "udp4": eth + b"\x08\x00" + ipv4(17, struct.pack("!HHHH", 1, 2, 12, 0) + b"abcd"),
    "tcp4": eth + b"\x08\x00" + ipv4(6, struct.pack("!HHIIBBHHH", 1, 2, 3, 4, 0x50, 2, 512, 0, 0)),
    "icmp4": eth + b"\x08\x00" + ipv4(1, b"\x08\x00\x00\x00\x00\x01\x00\x01ping"),
    "frag4": eth + b"\x08\x00" + ipv4(17, b"\x00" * 16, frag=0x2000),
    "udp6": eth + b"\x86\xdd" + struct.pack("!IHBB", 0x60000000, 8 + 12, 0, 64) + bytes(32)
            + bytes([17, 0]) + bytes(6) + struct.pack("!HHHH", 1, 2, 12, 0) + b"abcd",
    "vlan": eth + b"\x81\x00\x00\x05\x08\x00" + ipv4(17, struct.pack("!HHHH", 1, 2, 8, 0)),
    "arp": eth + b"\x08\x06" + bytes(28),
}
for name, frame in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(frame)
