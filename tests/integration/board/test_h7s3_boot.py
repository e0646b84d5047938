"""The H7S3 bootloader (firmware/h7s3-boot) on the virtual NUCLEO-H7S3L8:
it starts blinky in place from the NOR (log on USART3, LD1 toggling), and
refuses, with the reason on USART3 and LD3 blinking, an image with one byte
flipped, a truncated image, an erased NOR, a header for another address."""
import os
import struct
import zlib

from h7tools import qemu as h7qemu

FW = os.path.join(h7qemu.TOP, "build/firmware")
BOOT = os.path.join(FW, "h7s3-boot.bin")
BLINKY = os.path.join(FW, "h7s3-blinky.img")


def nor_with(tmp_path, image):
    nor = h7qemu.erased_nor(str(tmp_path / "nor.bin"))
    if image:
        with open(nor, "r+b") as f:
            f.write(image)
    return nor


def test_bootloader_starts_blinky_in_place(tmp_path):
    with h7qemu.nucleo(boot=BOOT, nor=nor_with(tmp_path, open(BLINKY, "rb").read())) as q:
        out = q.serial_read_until("blinky: LD1 off 2\r\n")
        assert "boot: image at 0x70000000" in out and "CRC ok" in out
        assert "vector table at 0x70000400" in out
        assert q.led_states("led-ld1", 10) == {True, False}
        assert q.prop("/machine", "led-ld3") is False


def refused(tmp_path, image, reason):
    with h7qemu.nucleo(boot=BOOT, nor=nor_with(tmp_path, image)) as q:
        out = q.serial_read_until(")\r\n")
        assert f"boot: no application: {reason}" in out, out
        assert q.led_states("led-ld3", 10) == {True, False}     # blinks: not hung
        assert q.prop("/machine", "led-ld1") is False
        assert "blinky" not in q.serial_buf.decode("latin-1")
        return out


def test_one_flipped_byte_is_refused(tmp_path):
    img = bytearray(open(BLINKY, "rb").read())
    img[0x600] ^= 0x01
    refused(tmp_path, bytes(img), "image damaged (CRC mismatch)")


def test_truncated_image_is_refused(tmp_path):
    img = open(BLINKY, "rb").read()
    refused(tmp_path, img[:len(img) - 300], "image truncated")


def test_erased_nor_is_refused(tmp_path):
    refused(tmp_path, b"", "no image (flash erased)")


def test_flipped_header_byte_is_refused(tmp_path):
    img = bytearray(open(BLINKY, "rb").read())
    img[16] ^= 0x80                                  # length, caught by the header CRC
    refused(tmp_path, bytes(img), "bad header")


def test_image_for_another_address_is_refused(tmp_path):
    img = bytearray(open(BLINKY, "rb").read())
    img[8:12] = struct.pack("<I", 0x90000000)
    img[28:32] = struct.pack("<I", zlib.crc32(bytes(img[:28])))
    refused(tmp_path, bytes(img), "image linked for another address")
