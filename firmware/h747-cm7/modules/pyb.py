# pyb: the stm32 port's board module, for what the STM32H747I-DISCO has,
# built on machine, time and h747 (frozen into the image).
import machine
import os
import time

import h747
from h747 import DAC, SPI, Timer
from machine import Pin, RTC, SDCard, UART

_fault_debug = False


def delay(ms):
    time.sleep_ms(ms)


def udelay(us):
    time.sleep_us(us)


def millis():
    return time.ticks_ms()


def micros():
    return time.ticks_us()


def elapsed_millis(start):
    return time.ticks_diff(time.ticks_ms(), start)


def elapsed_micros(start):
    return time.ticks_diff(time.ticks_us(), start)


def disable_irq():
    # True when interrupts were on, as pyb returns it
    return machine.disable_irq() == 0


def enable_irq(state=True):
    if state:
        machine.enable_irq(0)


def wfi():
    machine.idle()


def stop():
    machine.lightsleep()


def standby():
    machine.deepsleep()


def hard_reset():
    machine.reset()


def sync():
    os.sync()


def unique_id():
    return machine.unique_id()


def freq():
    # (SYSCLK, HCLK, PCLK1, PCLK2), read from the RCC
    return h747.clocks()[:4]


def rng():
    # 30 random bits from the RNG, as pyb.rng() gives
    return int.from_bytes(os.urandom(4), "little") >> 2


def have_cdc():
    return False  # no USB device here: the REPL is USART1 (ST-LINK VCP)


def repl_uart(uart=None):
    if uart is not None:
        raise ValueError("repl_uart: the REPL is fixed on USART1")
    return None


def fault_debug(value):
    global _fault_debug
    _fault_debug = bool(value)


def info(dump_alloc_table=False):
    import gc
    import micropython

    s = h747.clocks()
    print("S=%u H=%u P1=%u P2=%u" % s[:4])
    print("GC: total %u, used %u, free %u" % (gc.mem_alloc() + gc.mem_free(), gc.mem_alloc(), gc.mem_free()))
    micropython.mem_info(1 if dump_alloc_table else None)


_leds = {}


def LED(n):
    """LED(1..4): green, orange, red, blue on PI12..PI15; one object per
    LED, as on stm32, so making one again leaves the LED as it is."""
    if not isinstance(n, int):
        raise TypeError("LED id must be an int")
    if not 1 <= n <= 4:
        raise ValueError("LED(%d) doesn't exist" % n)
    if n not in _leds:
        _leds[n] = _LED(n)
    return _leds[n]


class _LED:
    def __init__(self, n):
        self._n = n
        self._pin = Pin("LED%d" % n, Pin.OUT, value=1)  # off: lit when low

    def __repr__(self):
        return "LED(%d)" % self._n

    def on(self):
        self._pin(0)

    def off(self):
        self._pin(1)

    def toggle(self):
        self._pin(not self._pin())

    def intensity(self, value=None):
        if value is None:
            return 0 if self._pin() else 255
        if not 0 <= value <= 255:
            raise ValueError("intensity: 0 to 255")
        self._pin(0 if value else 1)  # no PWM on these pins: on or off


class Switch:
    """The USER button (PC13, high when pressed)."""

    def __init__(self):
        self._pin = Pin("USER", Pin.IN)

    def __call__(self):
        return self.value()

    def value(self):
        return bool(self._pin())

    def callback(self, fun):
        if fun is None:
            self._pin.irq(None)
        elif not callable(fun):
            raise TypeError("callback must be callable or None")
        else:
            self._pin.irq(lambda p: fun(), Pin.IRQ_RISING)


class ExtInt:
    """An edge interrupt on a pin (EXTI line = the pin's number)."""

    IRQ_RISING = Pin.IRQ_RISING
    IRQ_FALLING = Pin.IRQ_FALLING
    IRQ_RISING_FALLING = Pin.IRQ_RISING | Pin.IRQ_FALLING

    def __init__(self, pin, mode, pull, callback):
        if not callable(callback):
            raise TypeError("callback must be callable")
        if mode not in (self.IRQ_RISING, self.IRQ_FALLING, self.IRQ_RISING_FALLING):
            raise ValueError("mode: IRQ_RISING, IRQ_FALLING or IRQ_RISING_FALLING")
        self._pin = pin if isinstance(pin, Pin) else Pin(pin)
        self._pin.init(Pin.IN, pull)
        self._line = self._pin.pin()
        self._mode, self._cb = mode, callback
        self.enable()

    def line(self):
        return self._line

    def enable(self):
        self._pin.irq(lambda p: self._cb(self._line), self._mode)

    def disable(self):
        self._pin.irq(None)

    def swint(self):
        self._cb(self._line)


class I2C:
    """pyb.I2C as the stm32 port has it, as controller, over machine.I2C:
    I2C(1) on PB6/PB7, I2C(4) on PD12/PD13 (the touch controller's bus)."""

    CONTROLLER = MASTER = 0
    PERIPHERAL = SLAVE = 1

    def __init__(self, bus, *args, **kw):
        if not isinstance(bus, int):
            raise TypeError("I2C bus must be an int")
        if bus < 1:
            raise ValueError("I2C(%d) doesn't exist" % bus)
        machine.I2C(bus)  # ValueError for a bus this board does not have
        self._bus = bus
        self._i2c = None
        self._baud, self._timeout = 400000, 5000
        if args or kw:
            self.init(*args, **kw)

    def __repr__(self):
        return "I2C(%d)" % self._bus if self._i2c is None else "I2C(%d, I2C.CONTROLLER, baudrate=%d)" % (
            self._bus,
            self._baud,
        )

    def init(self, mode=CONTROLLER, *, addr=0x12, baudrate=400000, gencall=False, dma=False, timeout=5000):
        if mode != self.CONTROLLER:
            raise ValueError("mode: only I2C.CONTROLLER (no peripheral mode here)")
        self._baud = baudrate
        self._timeout = timeout
        self._i2c = machine.I2C(self._bus, freq=baudrate, timeout=timeout * 1000)

    def deinit(self):
        self._i2c = None

    def _bus_obj(self, timeout):
        if self._i2c is None:
            raise OSError(1)  # EPERM: init() first, as on stm32
        if timeout != self._timeout:
            self._i2c.init(freq=self._baud, timeout=timeout * 1000)
            self._timeout = timeout
        return self._i2c

    def is_ready(self, addr):
        try:
            self._bus_obj(self._timeout).writeto(addr, b"")
            return True
        except OSError:
            return False

    def scan(self):
        return self._bus_obj(self._timeout).scan()

    def send(self, send, addr=0x00, *, timeout=5000):
        if isinstance(send, int):
            send = bytes((send,))
        self._bus_obj(timeout).writeto(addr, send)

    def recv(self, recv, addr=0x00, *, timeout=5000):
        i2c = self._bus_obj(timeout)
        if isinstance(recv, int):
            return i2c.readfrom(addr, recv)
        i2c.readfrom_into(addr, recv)
        return recv

    def mem_read(self, data, addr, memaddr, *, timeout=5000, addr_size=8):
        i2c = self._bus_obj(timeout)
        if isinstance(data, int):
            return i2c.readfrom_mem(addr, memaddr, data, addrsize=addr_size)
        i2c.readfrom_mem_into(addr, memaddr, data, addrsize=addr_size)
        return data

    def mem_write(self, data, addr, memaddr, *, timeout=5000, addr_size=8):
        if isinstance(data, int):
            data = bytes((data,))
        self._bus_obj(timeout).writeto_mem(addr, memaddr, data, addrsize=addr_size)


_servos = {}


def Servo(n):
    """Servo(1..4): hobby servos on PA0..PA3, TIM5's channels 1-4 at 50 Hz
    (as the stm32 port puts them on TIM5); one object per servo."""
    if not isinstance(n, int):
        raise TypeError("Servo id must be an int")
    if not 1 <= n <= 4:
        raise ValueError("Servo(%d) doesn't exist" % n)
    if n not in _servos:
        _servos[n] = _Servo(n)
    return _servos[n]


class _Servo:
    _PERIOD_US = 20000
    _STEP_MS = 20  # timed moves advance once a period

    def __init__(self, n):
        self._n = n
        # pulse widths in us: min, max, centre, at +90 degrees, at speed 100
        self._cal = [640, 2420, 1500, 2470, 2200]
        self._pulse = 1500
        self._target, self._steps = 1500, 0
        self._mover = None
        tim = Timer(5)
        if tim.prescaler() != tim.source_freq() // 1000000 - 1 or tim.period() != self._PERIOD_US - 1:
            tim.init(prescaler=tim.source_freq() // 1000000 - 1, period=self._PERIOD_US - 1)
        self._ch = tim.channel(n, Timer.PWM, pin=Pin("PA%d" % (n - 1)), pulse_width=self._pulse)

    def __repr__(self):
        return "<Servo %d at %dus>" % (self._n, self._pulse)

    def _set(self, us):
        self._pulse = us
        self._ch.pulse_width(us)

    def _move(self, us, time_ms):
        us = max(self._cal[0], min(self._cal[1], int(us)))
        if not time_ms or time_ms <= 0:
            self._steps = 0
            self._set(us)
            return
        self._target = us
        self._steps = max(1, time_ms // self._STEP_MS)
        if self._mover is None:
            self._mover = machine.Timer(-1)
            self._mover.init(period=self._STEP_MS, callback=self._step)

    def _step(self, t):
        if self._steps > 0:
            self._set(self._pulse + (self._target - self._pulse) // self._steps)
            self._steps -= 1
        if self._steps <= 0:
            # the move is done (or was replaced by a direct one): no more ticks
            self._mover.deinit()
            self._mover = None

    def pulse_width(self, value=None):
        if value is None:
            return self._pulse
        self._move(value, 0)

    def angle(self, angle=None, time=0):
        lo, hi, centre, a90, _ = self._cal
        if angle is None:
            return round((self._pulse - centre) * 90 / (a90 - centre))
        self._move(centre + (a90 - centre) * angle / 90, time)

    def speed(self, speed=None, time=0):
        centre, s100 = self._cal[2], self._cal[4]
        if speed is None:
            return round((self._pulse - centre) * 100 / (s100 - centre))
        self._move(centre + (s100 - centre) * speed / 100, time)

    def calibration(self, *cal):
        if not cal:
            return tuple(self._cal)
        if len(cal) not in (2, 5):
            raise TypeError("calibration takes 0, 2 or 5 arguments")
        if len(cal) == 2:
            self._cal[0:2] = cal
        else:
            self._cal[:] = cal


# ADC3's factory calibration (16-bit codes at VREF+ = 3.3 V)
_TS_CAL1, _TS_CAL2, _VREFINT_CAL = 0x1FF1E820, 0x1FF1E840, 0x1FF1E860
_VREF_CAL = 3.3


def _wait_update(timer, last, limit_us):
    """Until timer's counter wraps (an update event): its counter then;
    OSError ETIMEDOUT if that takes over limit_us (a stopped timer)."""
    t0 = time.ticks_us()
    while True:
        c = timer.counter()
        if c < last:
            return c
        last = c
        if time.ticks_diff(time.ticks_us(), t0) > limit_us:
            raise OSError(110)  # ETIMEDOUT: the timer does not run


def _sample_size(buf):
    return len(bytes(buf)) // len(buf) if len(buf) else 1


class ADC:
    """pyb.ADC on a pin (its ADC and channel) or ADC1's channel n."""

    def __init__(self, pin):
        self._adc = machine.ADC(pin)
        self._name = pin.name() if isinstance(pin, Pin) else str(pin)

    def __repr__(self):
        return "<ADC on %s %s>" % (self._name, str(self._adc)[1:-1].split(" ")[1])

    def read(self):
        return self._adc.read_u16() >> 4  # 12 bits, as pyb.ADC reads

    def read_timed(self, buf, timer):
        """One sample each update of timer into buf (8-bit samples in a
        bytearray, 12-bit in wider arrays)."""
        ADC.read_timed_multi((self,), (buf,), timer)

    @staticmethod
    def read_timed_multi(adcs, bufs, timer):
        if len(adcs) != len(bufs):
            raise ValueError("need as many buffers as ADCs")
        n = len(bufs[0])
        if any(len(b) != n for b in bufs):
            raise ValueError("buffers must be the same length")
        shifts = [8 if _sample_size(b) == 1 else 4 for b in bufs]
        limit_us = 2 * 1_000_000 / timer.freq() + 1000  # two periods
        last = timer.counter()
        for i in range(n):
            last = _wait_update(timer, last, limit_us)
            for adc, buf, sh in zip(adcs, bufs, shifts):
                buf[i] = adc._adc.read_u16() >> sh
        return True


class ADCAll:
    """All of ADC1's channels at a resolution, and ADC3's internal ones;
    the pins of the channels in mask go to analog mode."""

    def __init__(self, resolution, mask=0xFFFFFFFF):
        if resolution not in (8, 10, 12, 14, 16):
            raise ValueError("resolution must be 8, 10, 12, 14 or 16")
        self._res = resolution
        self._adcs = {}
        for ch in range(20):
            if mask & (1 << ch):
                try:
                    self._adcs[ch] = machine.ADC(ch)
                except ValueError:
                    continue
                pin = h747.adc_pin(1, ch)
                if pin:
                    Pin(pin, Pin.ANALOG)
        self._temp = machine.ADC(machine.ADC.CORE_TEMP)
        self._vref = machine.ADC(machine.ADC.CORE_VREF)
        self._vbat = machine.ADC(machine.ADC.CORE_VBAT)

    def __repr__(self):
        return "<ADCAll>"  # as the stm32 port prints it

    def read_channel(self, channel):
        if channel not in self._adcs:
            raise ValueError("channel %d is not in this ADCAll's mask" % channel)
        return self._adcs[channel].read_u16() >> (16 - self._res)

    def read_core_temp(self):
        cal1, cal2 = machine.mem16[_TS_CAL1], machine.mem16[_TS_CAL2]
        code = self._temp.read_u16() * self.read_vref() / _VREF_CAL
        return (code - cal1) * (110 - 30) / (cal2 - cal1) + 30

    def read_core_vbat(self):
        return self._vbat.read_u16() * 4 * self.read_vref() / 65535

    def read_core_vref(self):
        return self._vref.read_u16() * self.read_vref() / 65535

    def read_vref(self):
        # VREF+ from VREFINT and its calibration at 3.3 V
        return _VREF_CAL * machine.mem16[_VREFINT_CAL] / self._vref.read_u16()
