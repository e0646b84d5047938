#!/usr/bin/env python3
"""make bench, peripherals part: UART throughput per virtual second at
115200 and 921600 baud (UART2's TX jumpered to UART7's RX, 8N1: at most
baud/10 bytes a second on the chip), and I2C transactions per virtual
second (a 2-byte register read of a TMP105 on I2C1 at 100 and 400 kHz:
address, register, repeated start, address, two bytes, 5 x 9 bits plus
START, repeated START and STOP, on the chip at most about f / 48 a second),
SPI throughput per virtual second (write_readinto of 4 KiB at 6.25 MHz: at
most baud / 8 bytes a second), and ADC samples per virtual second (16-bit
read_u16 of a pin; the ADC at 32 MHz with 64.5 sampling + 8.5 conversion
cycles converts at most 32e6 / 73 a second), each beside the chip's bound
and the ratio."""
import os
import re
import tempfile

import _h7path  # noqa: F401
from h7tools import qemu as h7qemu  # noqa: E402

FIRMWARE = os.path.join(h7qemu.TOP, "build/micropython/firmware.bin")
UART_BYTES = 4096
I2C_READS = 500
I2C_BITS = 5 * 9 + 3                    # five bytes with ACK, START, Sr, STOP
SPI_BYTES = 4096
SPI_BAUD = 6_250_000                    # SPI5 on pclk2 (100 MHz) / 16
ADC_SAMPLES = 2000
ADC_CYCLES = 64.5 + 8.5                 # h7_adc.c's sampling time, 16 bits
ADC_CLOCK = 32e6                        # per_ck (HSI) / 2

PROGRAM = f"""
from machine import UART, I2C
import time
for baud in (115200, 921600):
    tx = UART(2, baud)
    rx = UART(7, baud, rxbuf=8192, timeout=1000, timeout_char=100)
    data = bytes(range(256)) * ({UART_BYTES} // 256)
    t = time.ticks_us()
    tx.write(data)
    got = rx.read({UART_BYTES})
    us = time.ticks_diff(time.ticks_us(), t)
    print("UART", baud, us, got == data)
for freq in (100000, 400000):
    i2c = I2C(1, freq=freq)
    t = time.ticks_us()
    for _ in range({I2C_READS}):
        i2c.readfrom_mem(0x48, 0, 2)
    print("I2C", freq, time.ticks_diff(time.ticks_us(), t))
from machine import SPI, ADC
spi = SPI(5, baudrate={SPI_BAUD})
buf = bytearray({SPI_BYTES})
t = time.ticks_us()
spi.write_readinto(buf, buf)
print("SPI", str(spi).split("baudrate=")[1].split(",")[0], time.ticks_diff(time.ticks_us(), t))
adc = ADC("PC0")
t = time.ticks_us()
for _ in range({ADC_SAMPLES}):
    adc.read_u16()
print("ADC", time.ticks_diff(time.ticks_us(), t))
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        flash = h7qemu.make_flash(os.path.join(tmp, "flash.bin"), FIRMWARE)
        with h7qemu.Qemu(machine="stm32h747i-disco,jumpers=PD5-PA8", flash=flash, timeout=300,
                         extra=["-device", "tmp105,bus=i2c1,address=0x48"]) as q:
            q.enter_raw_repl(timeout=30)
            out, err = q.raw_exec(PROGRAM, timeout=300)
    if err:
        raise SystemExit(f"bench_periph: {err}")
    print("peripherals, per virtual second (the board's SysTick count), beside the chip's bound:")
    for baud, us, ok in re.findall(r"UART (\d+) (\d+) (\w+)", out):
        if ok != "True":
            raise SystemExit(f"bench_periph: UART at {baud} baud lost data")
        rate = UART_BYTES / (int(us) / 1e6)
        bound = int(baud) / 10
        print(f"  UART {int(baud):7d} baud: {rate:9.0f} B/s, chip at most {bound:7.0f} B/s, "
              f"ratio {rate / bound:.3f}")
    for freq, us in re.findall(r"I2C (\d+) (\d+)", out):
        rate = I2C_READS / (int(us) / 1e6)
        bound = int(freq) / I2C_BITS
        print(f"  I2C {int(freq) // 1000:4d} kHz register reads: {rate:9.0f} /s, chip at most "
              f"{bound:7.0f} /s, ratio {rate / bound:.3f}")
    for baud, us in re.findall(r"SPI (\d+) (\d+)", out):
        rate = SPI_BYTES / (int(us) / 1e6)
        bound = int(baud) / 8
        print(f"  SPI {int(baud) / 1e6:5.2f} MHz write_readinto: {rate:9.0f} B/s, chip at most "
              f"{bound:7.0f} B/s, ratio {rate / bound:.3f}")
    for us in re.findall(r"ADC (\d+)", out):
        rate = ADC_SAMPLES / (int(us) / 1e6)
        bound = ADC_CLOCK / ADC_CYCLES
        print(f"  ADC read_u16: {rate:9.0f} samples/s, chip at most {bound:7.0f} /s, "
              f"ratio {rate / bound:.3f}")


if __name__ == "__main__":
    main()
