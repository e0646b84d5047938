"""Guest misbehaviour never crashes QEMU: random reads and writes of every
modelled register space, mixed sizes, unaligned and invalid offsets."""
import os
import random

from h7tools import qemu as h7qemu

# (name, base, size) of every model's register space (and the flash array)
REGIONS = [
    ("RCC", 0x58024400, 0x400), ("PWR", 0x58024800, 0x400),
    ("FLASH", 0x52002000, 0x1000), ("FLASH-ARRAY", 0x08000000, 0x200000),
    ("SYSCFG", 0x58000400, 0x400), ("EXTI", 0x58000000, 0x400),
    ("USART1", 0x40011000, 0x400), ("RNG", 0x48021800, 0x400),
    ("DBGMCU", 0x5C001000, 0x1000), ("UNIMP-LPTIM1", 0x40002400, 0x400),
    ("HSEM", 0x58026400, 0x400), ("FMC", 0x52004000, 0x1000),
    ("SDRAM", 0xD0000000, 0x1000), ("LTDC", 0x50001000, 0x1000),
    ("DSI", 0x50000000, 0x1000), ("DMA2D", 0x52001000, 0x1000),
    ("I2C4", 0x58001C00, 0x400), ("QUADSPI", 0x52005000, 0x400),
    ("QUADSPI-MMAP", 0x90000000, 0x2000),
    ("UNIMP-GAP", 0x5F000000, 0x1000),
    ("USART2", 0x40004400, 0x400), ("USART3", 0x40004800, 0x400),
    ("UART4", 0x40004C00, 0x400), ("UART5", 0x40005000, 0x400),
    ("USART6", 0x40011400, 0x400), ("UART7", 0x40007800, 0x400),
    ("UART8", 0x40007C00, 0x400), ("RTC", 0x58004000, 0x400),
    ("IWDG1", 0x58004800, 0x400), ("WWDG1", 0x50003000, 0x400),
    ("I2C1", 0x40005400, 0x400), ("I2C2", 0x40005800, 0x400),
    ("I2C3", 0x40005C00, 0x400),
    ("SPI1", 0x40013000, 0x400), ("SPI2", 0x40003800, 0x400),
    ("SPI3", 0x40003C00, 0x400), ("SPI4", 0x40013400, 0x400),
    ("SPI5", 0x40015000, 0x400), ("SPI6", 0x58001400, 0x400),
    ("ADC12", 0x40022000, 0x400), ("ADC3", 0x58026000, 0x400),
    ("DAC1", 0x40007400, 0x400), ("SDMMC1", 0x52007000, 0x1000),
    ("ETH", 0x40028000, 0x1400),
    ("DMA1", 0x40020000, 0x400), ("DMA2", 0x40020400, 0x400),
    ("DMAMUX1", 0x40020800, 0x400),
    # the timers: TIM1-8, TIM12-17
    ("TIM1", 0x40010000, 0x400), ("TIM8", 0x40010400, 0x400),
    ("TIM15", 0x40014000, 0x400), ("TIM16", 0x40014400, 0x400),
    ("TIM17", 0x40014800, 0x400),
] + [(f"TIM{n}", 0x40000000 + 0x400 * i, 0x400)
     for i, n in enumerate((2, 3, 4, 5, 6, 7, 12, 13, 14))] + [(f"GPIO{chr(65 + i)}", 0x58020000 + 0x400 * i, 0x400) for i in range(11)]
# the U(S)ARTs' lines joined as a board's jumpers join them, USART2's RTS
# to its CTS among them (random GPIO writes switch the pins' alternate
# functions on and off)
JUMPERS = "PB9-PB8:PA2-PA1:PB13-PB11:PC6-PC7:PE1-PE0:PD4-PD3:PD5-PD6"
TRACE_PINS = "PA0:PA5:PA8:PB5:PB8:PC6:PE9:PI12"

ACCESSES = int(os.environ.get("H7_STRESS_ACCESSES", "100000"))
SEED = int(os.environ.get("H7_STRESS_SEED", "747"))


def interesting_value(rng):
    return rng.choice([0, 0xFFFFFFFF, 1 << rng.randrange(32), rng.getrandbits(32),
                       0x45670123, 0xCDEF89AB, 0x55555555])


def random_batch(rng, regions, write_share=0.5, past_end=0x40):
    """1000 random reads and writes over the regions (mixed sizes, mostly
    aligned, some past the end), then a random step of virtual time."""
    batch = []
    for _ in range(1000):
        name, base, size = rng.choice(regions)
        width = rng.choice([1, 2, 4, 4, 4, 8])
        off = rng.randrange(size + past_end)
        if rng.random() < 0.8:
            off &= ~(width - 1)
        addr = base + off
        if rng.random() < write_share:
            op = {1: "writeb", 2: "writew", 4: "writel", 8: "writeq"}[width]
            batch.append(f"{op} 0x{addr:x} 0x{interesting_value(rng):x}")
        else:
            op = {1: "readb", 2: "readw", 4: "readl", 8: "readq"}[width]
            batch.append(f"{op} 0x{addr:x}")
    # let virtual time run, so timers the guest armed do fire
    batch.append(f"clock_step {rng.choice([1, 1000, 1000000, 50000000])}")
    return batch


def sd_card(tmp_path):
    """A blank 16 MiB card for the microSD slot: random SDMMC writes reach it."""
    path = tmp_path / "sd.img"
    with open(path, "wb") as f:
        f.truncate(16 * 1024 * 1024)
    return path


def test_random_register_accesses(tmp_path):
    rng = random.Random(SEED)
    flash = h7qemu.make_flash(str(tmp_path / "flash.bin"))
    done = 0
    # SPI NOR flashes on two buses (chip selects on PA4, PE4), an SD card and
    # the sensors written here: random SPI, SDMMC, I2C and GPIO writes reach them
    spi_devices = ["-device", "m25p80,bus=spi1,cs=0", "-device", "m25p80,bus=spi4,cs=0",
                   "-drive", f"if=sd,format=raw,file={sd_card(tmp_path)}",
                   "-device", "bme280,bus=i2c1,address=0x76",
                   "-device", "lis3dh,bus=spi2,cs=0",
                   # at 0x7F, where an all-ones CR2 starts a transfer
                   "-device", "bme280,bus=i2c2,address=0x7f",
                   # bridged devices whose peer is missing: NACKs, 0xFF
                   "-device", f"bridge-i2c,bus=i2c3,address=0x7f,socket=unix:{tmp_path}/none",
                   "-device", f"bridge-spi,bus=spi3,cs=0,socket=unix:{tmp_path}/none",
                   # the Ethernet on user networking, closed to the outside:
                   # random DMA rings send what they point at into slirp
                   "-nic", "user,restrict=on"]
    # the pin trace on, over pins that random writes put in timer functions
    trace = f"pin-trace={tmp_path}/pins.vcd,pin-trace-pins={TRACE_PINS}"
    with h7qemu.Qemu(machine=f"stm32h747i-disco,jumpers={JUMPERS},{trace}", qtest=True,
                     flash=flash, extra=spi_devices) as q:
        while done < ACCESSES:
            batch = random_batch(rng, REGIONS)
            # every command is answered; a QEMU abort or hang would stop that
            assert q.qtest_batch(batch) == len(batch)
            done += len(batch)
            if rng.random() < 0.02:
                q.qmp("system_reset")
            if rng.random() < 0.05:
                # the LTDC composes whatever the registers say
                q.qmp("screendump", filename=str(tmp_path / "screen.png"), format="png")
        assert q.alive()
        log = q.guest_log()
        # guest errors were logged, not fatal
        assert "stm32h7" in log and "reserved" in log
    vcd_bytes = (tmp_path / "pins.vcd").stat().st_size
    print(f"{done} accesses, seed {SEED}, QEMU survived; pin trace {vcd_bytes} bytes")


NUCLEO_REGIONS = [
    ("XSPI2", 0x5200A000, 0x400), ("XSPI2-MMAP", 0x70000000, 0x2000),
    ("RCC", 0x58024400, 0x400), ("USART3", 0x40004800, 0x400),
    ("GPIOD", 0x58020C00, 0x400), ("XSPIM", 0x5200B400, 0x400),
    ("PWR", 0x58024800, 0x400), ("FLASH", 0x52002000, 0x1000),
]


def test_random_accesses_on_the_nucleo(tmp_path):
    """The same for the NUCLEO-H7S3L8's XSPI2 (random commands reach the NOR
    model: programs, erases, mode switches) and its other models."""
    rng = random.Random(SEED)
    nor = tmp_path / "nor.bin"
    nor.write_bytes(b"\xff" * (32 << 20))
    done = 0
    with h7qemu.Qemu(machine="nucleo-h7s3l8", qtest=True,
                     extra=["-drive", f"if=mtd,format=raw,file={nor}"]) as q:
        while done < ACCESSES // 3:
            batch = random_batch(rng, NUCLEO_REGIONS, write_share=0.6, past_end=0)
            assert q.qtest_batch(batch) == len(batch)
            done += len(batch)
            if rng.random() < 0.02:
                q.qmp("system_reset")
        assert q.alive()
    print(f"{done} accesses on the nucleo, QEMU survived")
