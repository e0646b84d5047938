# A hobby servo on Servo(1) (PA0, TIM5 CH1, 50 Hz) sweeping, and an LED-style
# PWM on PB5 (TIM3 CH2) fading; the pulse each makes is read from the
# timers' models over QMP (/machine/soc/tim5 ch1-pulse-ns, tim3 ch2-duty).
#   scripts/run_qemu.sh --exec examples/servo_pwm.py
import time
import pyb
from machine import PWM, Pin

servo = pyb.Servo(1)
for angle in (-90, -45, 0, 45, 90):
    servo.angle(angle)
    time.sleep_ms(40)  # two periods at 50 Hz
    print("angle", angle, "pulse", servo.pulse_width(), "us")

servo.angle(-45, 200)  # a timed move: 200 ms in 20 ms steps
time.sleep_ms(250)
print("after a timed move: angle", servo.angle())

led = PWM(Pin("PB5"), freq=1000, duty_u16=0)
for duty in (0, 16384, 32768, 65535):
    led.duty_u16(duty)
    print("PWM", led.freq(), "Hz duty_u16", led.duty_u16(), "duty_ns", led.duty_ns())
led.deinit()
