# Two UARTs wired to each other, one echoing what the other sends.
#   scripts/run_qemu.sh --jumpers PD5-PA8:PA15-PD6 --exec examples/uart_echo.py
# UART2's TX (PD5) goes to UART7's RX (PA8) and UART7's TX (PA15) back to
# UART2's RX (PD6); frames take their time at the baud rate.
import time
from machine import UART

host = UART(2, 115200, timeout=200)
echo = UART(7, 115200, timeout=0)


def on_line(uart):
    data = uart.read()
    if data:
        uart.write(data.upper())  # the echo answers in capitals


echo.irq(on_line, UART.IRQ_RXIDLE)
for word in (b"hello", b"from", b"uart2"):
    t = time.ticks_us()
    host.write(word)
    answer = host.read(len(word))
    print(word, "->", answer, time.ticks_diff(time.ticks_us(), t), "us")
