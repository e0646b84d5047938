# Runs on the virtual or the real STM32H747I-DISCO:
#   scripts/run_qemu.sh --exec examples/hello.py
import machine
import sys
import time

led = machine.Pin("LED1", machine.Pin.OUT, value=1)
print("hello from", sys.implementation._machine, "at", machine.freq() // 1_000_000, "MHz")
for i in range(3):
    led.toggle()
    time.sleep_ms(100)
print("LED1 is", "on" if led.value() == 0 else "off", "(lit when the pin is low)")
