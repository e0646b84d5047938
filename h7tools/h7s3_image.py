#!/usr/bin/env python3
"""Complete the application header of a NUCLEO-H7S3L8 image (see
lib/boot/app_header.h): the raw binary, linked to run from the NOR at
0x70000000, starts with the header the program declares (magic, version,
size, load address, vector offset); this fills in the length, the CRC-32
of everything after the header and the header's own CRC.

    h7s3_image.py IN.bin OUT.img
"""
import struct
import sys
import zlib

MAGIC, VERSION, SIZE = 0x50413748, 1, 32
FMT = "<IHHIIIIII"


def finish(raw):
    if len(raw) < 0x408:
        raise ValueError(f"image of {len(raw)} bytes is too short for a header and vectors")
    magic, version, size, load, vec, _len, _crc, reserved, _hcrc = struct.unpack_from(FMT, raw)
    if (magic, version, size) != (MAGIC, VERSION, SIZE):
        raise ValueError("the image does not start with an application header "
                         f"(magic 0x{magic:08x}, version {version}, size {size})")
    body = raw[SIZE:]
    head = struct.pack("<IHHIIIII", magic, version, size, load, vec, len(raw),
                       zlib.crc32(body), reserved)
    return head + struct.pack("<I", zlib.crc32(head)) + body


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip())
    try:
        out = finish(open(argv[1], "rb").read())
    except (OSError, ValueError) as e:
        sys.exit(f"h7s3_image.py: {e}")
    with open(argv[2], "wb") as f:
        f.write(out)

