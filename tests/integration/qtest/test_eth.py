"""The Ethernet MAC, MTL and DMA (stm32h7-eth) and its LAN8742A PHY, driven
over qtest with the port on a UDP socket netdev, the host side of the wire
played here: reset values, MDIO, descriptor rings both ways, checksum
insertion and checking, the destination filter, frames waiting in the MTL
FIFO and dropped past it, the link from QMP, MAC loopback, and wrong guest
use (descriptors outside memory, in the CM7's TCM, a ring that loops)
logged, never fatal."""
import random
import socket
import struct

import pytest
from h7tools import qemu as h7qemu

ETH = 0x40028000
MACCR, MACPFR, MACHT0R, MACHT1R = 0x000, 0x008, 0x010, 0x014
MACVR, MACMDIOAR, MACMDIODR, MACA0HR, MACA0LR, MACA1HR, MACA1LR = (
    0x110, 0x200, 0x204, 0x300, 0x304, 0x308, 0x30C)
TX_PACKET_COUNT_GOOD, RX_UNICAST_PACKETS_GOOD = 0x768, 0x7C4
MTLTXQOMR, MTLRXQOMR, MTLRXQMPOCR = 0xD00, 0xD30, 0xD34
DMAMR, DMASBMR, DMAISR, DMADSR = 0x1000, 0x1004, 0x1008, 0x100C
DMACCR, DMACTXCR, DMACRXCR = 0x1100, 0x1104, 0x1108
DMACTXDLAR, DMACRXDLAR, DMACTXDTPR, DMACRXDTPR = 0x1114, 0x111C, 0x1120, 0x1128
DMACTXRLR, DMACRXRLR, DMACIER, DMACCATXDR, DMACCARXDR = 0x112C, 0x1130, 0x1134, 0x1144, 0x114C
DMACSR, DMACMFCR = 0x1160, 0x116C
RE, TE, LM, CST, ACS, IPC = 1, 2, 1 << 12, 1 << 21, 1 << 20, 1 << 27
PR, HMC, PM, DBF, HPF = 1, 1 << 2, 1 << 4, 1 << 5, 1 << 10
TI, TPS, TBU, RI, RBU, RPS, FBE, AIS, NIS = 1, 2, 4, 1 << 6, 1 << 7, 1 << 8, 1 << 12, 1 << 14, 1 << 15
TIE, RIE, RBUE, FBEE, AIE, NIE = 1, 1 << 6, 1 << 7, 1 << 12, 1 << 14, 1 << 15
OWN, CTXT, FD, LD, IOC_T, IOC_R, BUF1V = 1 << 31, 1 << 30, 1 << 29, 1 << 28, 1 << 31, 1 << 30, 1 << 24
IRQ_ETH = 61
TXD, RXD = 0x30000000, 0x30001000          # descriptor rings in SRAM1
TXB, RXB = 0x30002000, 0x30008000          # buffers
RBSZ = 1536
MAC = bytes.fromhex("02a1b2c3d4e5")
HOST = bytes.fromhex("525400123456")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(dst, src, payload, sport=4000, dport=5000, fill_checksums=True):
    src_ip, dst_ip = bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2])
    udp_len = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 1, 0, 64, 17, 0, src_ip, dst_ip)
    if fill_checksums:
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    if fill_checksums:
        pseudo = src_ip + dst_ip + struct.pack("!BBH", 0, 17, udp_len)
        udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    return dst + src + b"\x08\x00" + ip + udp


@pytest.fixture
def wire():
    """A UDP socket netdev: each datagram one frame; the test is the far end."""
    host = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    host.bind(("127.0.0.1", 0))
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    qemu_port = probe.getsockname()[1]
    probe.close()
    host.settimeout(5)
    q = h7qemu.Qemu(qtest=True, machine="stm32h747i-disco,netdev=n0", extra=[
        "-netdev", f"socket,id=n0,udp=127.0.0.1:{host.getsockname()[1]},"
                   f"localaddr=127.0.0.1:{qemu_port}"])
    q.host, q.qemu_addr = host, ("127.0.0.1", qemu_port)
    yield q
    alive = q.alive()
    q.close()
    host.close()
    assert alive, "QEMU died during the test"


def mdio(q, reg, value=None, phy=0):
    goc = 1 if value is not None else 3
    if value is not None:
        q.write(ETH + MACMDIODR, value)
    q.write(ETH + MACMDIOAR, phy << 21 | reg << 16 | 4 << 8 | goc << 2 | 1)
    assert q.read(ETH + MACMDIOAR) & 1 == 0              # MB clears
    return q.read(ETH + MACMDIODR) & 0xFFFF


def set_mac(q, mac=MAC):
    q.write(ETH + MACA0HR, mac[4] | mac[5] << 8)
    q.write(ETH + MACA0LR, struct.unpack("<I", mac[:4])[0])


def start(q, n_tx=4, n_rx=4, maccr=RE | TE | CST | ACS, rbsz=RBSZ):
    """Bring the MAC up as a driver does, with n_rx receive descriptors the
    DMA owns; returns the receive tail pointer address past the last one."""
    q.write(ETH + DMAMR, 1)
    assert q.read(ETH + DMAMR) & 1 == 0
    set_mac(q)
    q.write(ETH + DMACTXRLR, n_tx - 1)
    q.write(ETH + DMACRXRLR, n_rx - 1)
    q.write(ETH + DMACTXDLAR, TXD)
    q.write(ETH + DMACRXDLAR, RXD)
    q.write(ETH + DMACRXCR, rbsz << 1)
    for i in range(n_rx):
        rx_give(q, i)
    q.write(ETH + DMACIER, NIE | AIE | TIE | RIE | RBUE | FBEE)
    q.write(ETH + MACCR, maccr)
    q.write(ETH + DMACTXCR, 1)
    q.write(ETH + DMACRXCR, rbsz << 1 | 1)
    q.write(ETH + DMACTXDTPR, TXD)
    q.write(ETH + DMACRXDTPR, RXD + 16 * n_rx)
    q.intercept_irqs("/machine/soc/cm7")


def rx_give(q, i):
    q.memwrite(RXD + 16 * i, struct.pack("<IIII", RXB + RBSZ * i, 0, 0, OWN | IOC_R | BUF1V))


def rx_desc(q, i):
    return struct.unpack("<IIII", q.memread(RXD + 16 * i, 16))


def send(q, frames, first=0, cic=0):
    """Queue frames on the transmit ring from descriptor `first`, one buffer
    each, and move the tail past them."""
    for k, f in enumerate(frames):
        i = first + k
        buf = TXB + 2048 * i
        q.memwrite(buf, f)
        q.memwrite(TXD + 16 * i, struct.pack("<IIII", buf, 0, IOC_T | len(f),
                                             OWN | FD | LD | cic << 16 | len(f)))
    q.write(ETH + DMACTXDTPR, TXD + 16 * (first + len(frames)))


def host_recv(q):
    return q.host.recv(65536)


def host_send(q, frame):
    q.host.sendto(frame, q.qemu_addr)


def wait_for(q, cond, what, steps=200):
    for _ in range(steps):
        q.clock_step(100_000)                             # the main loop delivers frames
        if cond():
            return
    raise AssertionError(f"timed out waiting for {what}")


def test_reset_values_and_phy(wire):
    q = wire
    assert q.read(ETH + MACCR) == 0x00008000
    assert q.read(ETH + MACA0HR) == 0x8000FFFF and q.read(ETH + MACA0LR) == 0xFFFFFFFF
    assert q.read(ETH + MACVR) & 0xFF == 0x41
    assert q.read(ETH + MTLTXQOMR) == 0x00070008 and q.read(ETH + MTLRXQOMR) == 0x00700000
    assert q.read(ETH + DMAMR) == 0 and q.read(ETH + DMADSR) == 0
    # the LAN8742A at MDIO address 0: its ID, a link negotiated to 100 full
    assert mdio(q, 2) == 0x0007 and mdio(q, 3) & 0xFFF0 == 0xC130
    assert mdio(q, 1) & 0x0024 == 0x0024                  # link, AN complete
    assert mdio(q, 31) & 0x101C == 0x1018                 # autodone, 100BASE-TX full
    assert mdio(q, 2, phy=5) == 0xFFFF                    # nobody at address 5
    mdio(q, 4, 0x0061)                                    # advertise 10 only
    mdio(q, 0, 0x1200)                                    # restart negotiation
    assert mdio(q, 31) & 0x1C == 0x14                     # 10BASE-T full
    mdio(q, 0, 0x8000)                                    # PHY reset
    assert mdio(q, 0) == 0x3100 and mdio(q, 4) == 0x01E1
    # the software reset puts the MAC's registers back
    q.write(ETH + MACCR, RE | TE)
    set_mac(q)
    q.write(ETH + DMAMR, 1)
    assert q.read(ETH + DMAMR) == 0
    assert q.read(ETH + MACCR) == 0x8000 and q.read(ETH + MACA0HR) == 0x8000FFFF
    # QEMU reports the address MicroPython derives from the unique ID
    assert "macaddr=02:" in q.hmp("info network")


def test_transmit_with_checksum_insertion(wire):
    q = wire
    start(q)
    frames = [udp_frame(HOST, MAC, bytes([n]) * (50 + 300 * n), fill_checksums=False)
              for n in range(3)]
    send(q, frames, cic=3)
    for n, f in enumerate(frames):
        got = host_recv(q)
        assert len(got) == len(f) and got[42:] == f[42:]
        ip, udp = got[14:34], got[34:]
        assert checksum(ip) == 0, "IPv4 header checksum inserted"
        pseudo = ip[12:20] + struct.pack("!BBH", 0, 17, len(udp))
        assert checksum(pseudo + udp) == 0, "UDP checksum inserted"
    for i in range(3):
        tdes3 = struct.unpack("<I", q.memread(TXD + 16 * i + 12, 4))[0]
        assert tdes3 & OWN == 0 and tdes3 & (FD | LD) == FD | LD and not tdes3 & 0x8000
    assert q.read(ETH + DMACSR) & (TI | NIS) == TI | NIS
    assert q.irq_level(IRQ_ETH) == 1
    assert q.read(ETH + DMACCATXDR) == TXD + 48
    assert q.read(ETH + DMADSR) >> 12 & 0xF == 6          # suspended at the tail
    q.write(ETH + DMACSR, TI | NIS)
    assert q.irq_level(IRQ_ETH) == 0
    assert q.read(ETH + TX_PACKET_COUNT_GOOD) == 3
    # the ring wraps: descriptor 3, then 0 again
    send(q, [udp_frame(HOST, MAC, b"wrap")], first=3)
    assert host_recv(q)[42:46] == b"wrap"
    assert q.read(ETH + DMACCATXDR) == TXD


def test_frame_across_descriptors_and_buffers(wire):
    q = wire
    start(q)
    f = udp_frame(HOST, MAC, bytes(range(256)) * 6)
    parts = [f[:100], f[100:700], f[700:]]
    q.memwrite(TXB, parts[0])
    q.memwrite(TXB + 0x400, parts[1])
    q.memwrite(TXB + 0x800, parts[2])
    # descriptor 0: buffers 1 and 2; descriptor 1: the rest, last
    q.memwrite(TXD, struct.pack("<IIII", TXB, TXB + 0x400, len(parts[1]) << 16 | len(parts[0]),
                                OWN | FD | len(f)))
    q.memwrite(TXD + 16, struct.pack("<IIII", TXB + 0x800, 0, IOC_T | len(parts[2]), OWN | LD))
    q.write(ETH + DMACTXDTPR, TXD + 32)
    assert host_recv(q) == f


def test_receive_into_descriptors(wire):
    q = wire
    start(q, maccr=RE | TE | CST | ACS | IPC)
    good = udp_frame(MAC, HOST, b"hello board")
    host_send(q, good)
    wait_for(q, lambda: rx_desc(q, 0)[3] & OWN == 0, "a frame in descriptor 0")
    d = rx_desc(q, 0)
    assert d[3] & (FD | LD) == FD | LD and not d[3] & 0x8000
    assert d[3] & 0x7FFF == 60                             # padded, FCS stripped (CST)
    assert d[1] & 0x7 == 1 and d[1] & 0x10 and not d[1] & 0x88  # UDP over IPv4, no errors
    assert q.memread(RXB, len(good)) == good
    assert q.read(ETH + DMACSR) & RI and q.irq_level(IRQ_ETH) == 1
    # a bad UDP checksum is reported (RDES1.IPCE), the frame still delivered
    bad = bytearray(udp_frame(MAC, HOST, b"corrupt"))
    bad[40] ^= 0x55
    host_send(q, bytes(bad))
    wait_for(q, lambda: rx_desc(q, 1)[3] & OWN == 0, "a frame in descriptor 1")
    assert rx_desc(q, 1)[1] & 0x80
    assert q.read(ETH + RX_UNICAST_PACKETS_GOOD) == 2
    # without CST the FCS comes along, and short frames are padded to 60
    q.write(ETH + MACCR, RE | TE)
    runt = MAC + HOST + b"\x88\xb5" + b"x"
    host_send(q, runt)
    wait_for(q, lambda: rx_desc(q, 2)[3] & OWN == 0, "a runt in descriptor 2")
    assert rx_desc(q, 2)[3] & 0x7FFF == 64
    data = q.memread(RXB + 2 * RBSZ, 64)
    assert data[:15] == runt and data[15:60] == bytes(45)
    import zlib
    assert struct.unpack("<I", data[60:])[0] == zlib.crc32(data[:60])


def test_a_long_frame_spans_descriptors(wire):
    q = wire
    start(q, rbsz=512)
    f = udp_frame(MAC, HOST, bytes(range(200)) * 6)        # 1242 bytes: three buffers
    host_send(q, f)
    wait_for(q, lambda: rx_desc(q, 2)[3] & OWN == 0, "the frame's last part")
    d = [rx_desc(q, i)[3] for i in range(3)]
    assert d[0] & (FD | LD) == FD and d[1] & (FD | LD) == 0 and d[2] & (FD | LD) == LD
    assert d[2] & 0x7FFF == len(f)
    got = b"".join(q.memread(RXB + RBSZ * i, 512) for i in range(3))[:len(f)]
    assert got == f


def test_destination_filter(wire):
    q = wire
    start(q, n_rx=8)
    other = bytes.fromhex("02ffffff0001")
    group = bytes.fromhex("01005e000001")

    frame = lambda dst, fill=0: dst + HOST + b"\x88\xb5" + bytes([fill]) * 50
    marker = frame(MAC, 0xAA)               # to our own address: every filter takes it

    def filled():
        n = 0
        while n < 8 and rx_desc(q, n)[3] & OWN == 0:
            n += 1
        return n

    def arrived(frames):
        """how many of the frames the filter let through: the main loop
        takes them from the socket in order, so once the marker sent after
        them is in, every one of them has been filtered"""
        for f in frames + [marker]:
            host_send(q, f)
        wait_for(q, lambda: filled() and
                 q.memread(RXB + RBSZ * (filled() - 1) + 14, 1) == b"\xaa", "the marker frame",
                 steps=2000)
        n = filled()
        for i in range(n):
            rx_give(q, i)
        q.write(ETH + DMACRXCR, 0)                         # stop, rewind, restart
        q.write(ETH + DMACRXDLAR, RXD)
        q.write(ETH + DMACRXCR, RBSZ << 1 | 1)
        q.write(ETH + DMACRXDTPR, RXD + 128)
        return n - 1
    assert arrived([frame(MAC), frame(other), frame(group), frame(b"\xff" * 6)]) == 2
    q.write(ETH + MACPFR, DBF)                             # broadcasts refused
    assert arrived([frame(b"\xff" * 6), frame(MAC)]) == 1
    q.write(ETH + MACPFR, PM)                              # all multicast
    assert arrived([frame(group)]) == 1
    # the hash filter: only the group whose bit is set
    crc = ~__import__("zlib").crc32(group) & 0xFFFFFFFF
    bit = int(f"{crc:032b}"[::-1], 2) >> 26
    q.write(ETH + MACPFR, HMC)
    q.write(ETH + (MACHT1R if bit >= 32 else MACHT0R), 1 << (bit & 31))
    assert arrived([frame(group), frame(bytes.fromhex("01005e000002"))]) == 1
    # a second perfect address in MACA1
    q.write(ETH + MACPFR, 0)
    q.write(ETH + MACA1HR, 1 << 31 | other[4] | other[5] << 8)
    q.write(ETH + MACA1LR, struct.unpack("<I", other[:4])[0])
    assert arrived([frame(other)]) == 1
    q.write(ETH + MACPFR, PR)                              # promiscuous
    assert arrived([frame(bytes.fromhex("02deadbeef00"))]) == 1


def test_frames_wait_in_the_fifo_then_drop(wire):
    q = wire
    start(q, n_rx=2)
    frames = [udp_frame(MAC, HOST, bytes([n]) * 400) for n in range(8)]   # 442 bytes each
    for f in frames:
        host_send(q, f)
    wait_for(q, lambda: q.prop("/machine/soc/eth", "rx-dropped") == 2, "two frames lost")
    # two in the descriptors, four (2 KiB) in the FIFO, two lost
    assert q.read(ETH + DMACSR) & RBU
    assert q.read(ETH + DMADSR) >> 8 & 0xF == 4           # suspended: no descriptor
    assert q.prop("/machine/soc/eth", "rx-dropped") == 2
    assert q.read(ETH + MTLRXQMPOCR) & 0x7FF == 2
    assert q.read(ETH + DMACMFCR) & 0x7FF == 2
    assert q.read(ETH + MTLRXQMPOCR) == 0                 # cleared on read
    got = [q.memread(RXB + RBSZ * i, 442) for i in range(2)]
    for _ in range(2):                                    # the driver frees them
        for i in range(2):
            rx_give(q, i)
        q.write(ETH + DMACSR, RBU | AIS)
        q.write(ETH + DMACRXDTPR, RXD + 32)
        got += [q.memread(RXB + RBSZ * i, 442) for i in range(2)]
    assert got == frames[:6]                              # in order, none repeated
    assert q.read(ETH + DMACSR) & RBU                     # and the ring is full again


def test_link_from_qmp(wire):
    q = wire
    start(q)
    q.qmp("set_link", name="n0", up=False)
    assert mdio(q, 1) & 4 == 0 and mdio(q, 29) & 0x10    # link down, latched in ISR
    send(q, [udp_frame(HOST, MAC, b"lost")])
    q.host.settimeout(0.5)
    with pytest.raises(socket.timeout):
        host_recv(q)
    q.qmp("set_link", name="n0", up=True)
    assert mdio(q, 1) & 4
    send(q, [udp_frame(HOST, MAC, b"back")], first=1)
    q.host.settimeout(5)
    assert host_recv(q)[42:46] == b"back"


def test_mac_loopback(wire):
    q = wire
    start(q, maccr=RE | TE | LM | CST)
    f = udp_frame(MAC, MAC, b"to myself")
    send(q, [f])
    assert rx_desc(q, 0)[3] & OWN == 0
    assert q.memread(RXB, len(f)) == f


def test_bad_descriptors_are_guest_errors(wire):
    q = wire
    start(q)
    # a transmit ring where no memory is
    q.write(ETH + DMACTXCR, 0)
    q.write(ETH + DMACTXDLAR, 0x60000000)
    q.write(ETH + DMACTXCR, 1)
    q.write(ETH + DMACTXDTPR, 0x60000040)
    assert q.read(ETH + DMACSR) & (FBE | TPS | AIS) == FBE | TPS | AIS
    assert q.read(ETH + DMADSR) >> 12 & 0xF == 0          # stopped
    # in the DTCM, which the bus matrix does not reach
    q.write(ETH + DMACSR, 0xFFFF)
    q.write(ETH + DMACTXCR, 0)
    q.write(ETH + DMACTXDLAR, 0x20000000)
    q.write(ETH + DMACTXCR, 1)
    q.write(ETH + DMACTXDTPR, 0x20000040)
    assert q.read(ETH + DMACSR) & FBE
    # in the erased flash: all ones (owned, context descriptors) and the
    # write-backs not kept, so the DMA would go round for ever
    for ring in (0x1FF00000, 0x08000000):
        q.write(ETH + DMACSR, 0xFFFF)
        q.write(ETH + DMACTXCR, 0)
        q.write(ETH + DMACTXDLAR, ring)
        q.write(ETH + DMACTXCR, 1)
        q.write(ETH + DMACTXDTPR, ring + 4)
        assert q.read(ETH + DMACSR) & FBE
    # a receive buffer outside memory
    q.memwrite(RXD, struct.pack("<IIII", 0x60000000, 0, 0, OWN | IOC_R | BUF1V))
    host_send(q, udp_frame(MAC, HOST, b"x"))
    wait_for(q, lambda: q.read(ETH + DMACSR) & RPS, "the receive DMA stopping")
    log = q.guest_log()
    assert "outside memory" in log and "round for ever" in log and "bus-matrix" in log


def test_random_descriptor_rings(wire):
    """Random descriptor words and lengths thrown at both DMA channels while
    frames arrive: QEMU answers throughout."""
    q = wire
    rng = random.Random(61)
    for round_ in range(40):
        start(q, n_tx=rng.randint(1, 8), n_rx=rng.randint(1, 8), rbsz=rng.choice([0, 4, 64, 1536]))
        words = [rng.choice([0, 0xFFFFFFFF, rng.getrandbits(32), OWN | FD | LD | rng.getrandbits(15),
                             TXB + rng.randrange(0x4000), 0x20000000, 0x60000000])
                 for _ in range(64)]
        q.memwrite(TXD, struct.pack("<64I", *words))
        rng.shuffle(words)
        q.memwrite(RXD, struct.pack("<64I", *words))
        q.write(ETH + DMACCR, rng.randrange(8) << 18)      # descriptor skip
        host_send(q, udp_frame(MAC, HOST, bytes(rng.randrange(1400))))
        q.write(ETH + DMACTXDTPR, TXD + 16 * rng.randrange(16))
        q.write(ETH + DMACRXDTPR, RXD + 16 * rng.randrange(16))
        q.clock_step(1_000_000)
        assert q.alive()
