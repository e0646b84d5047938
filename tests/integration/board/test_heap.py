"""The GC heap in two parts, as upstream's STM32H747I-DISCO board has it:
the AXI SRAM, and the SDRAM above what the CM4 owns once the CM4 has set
the SDRAM up with the display; a 16 MB bytearray allocates; the heap comes
back whole after soft resets; without the CM4 the AXI SRAM alone."""
from h7tools import qemu as h7qemu

AXI_HEAP = 512 * 1024
SDRAM_HEAP = 0xD1600000 - 0xD0400000


def boot(flash_file, cm4):
    h7qemu.make_flash(flash_file, h7qemu.MPY_FIRMWARE, h7qemu.CM4_IMAGE if cm4 else None)
    q = h7qemu.Qemu(flash=flash_file)
    try:
        q.serial_read_until(">>> ", timeout=30)
        q.enter_raw_repl()
    except BaseException:
        q.close()  # a board that did not come up is not left running
        raise
    return q


def test_heap_in_sdram_with_the_cm4(flash_file):
    with boot(flash_file, cm4=True) as q:
        out = q.run("""
import gc
total = gc.mem_free() + gc.mem_alloc()
b = bytearray(16 * 1024 * 1024)
b[0], b[-1] = 1, 2
print(total, sum(b[:1] + b[-1:]), gc.mem_free() < total - 16 * 1024 * 1024)
del b
gc.collect()
print(gc.mem_free() + gc.mem_alloc() == total)
""")
        total, s, less = out.split()[:3]
        # both parts, less the GC's own tables (1/33 of each)
        assert (AXI_HEAP + SDRAM_HEAP) * 0.96 < int(total) < AXI_HEAP + SDRAM_HEAP
        assert (s, less) == ("3", "True")
        assert out.split()[3] == "True"
        free = []
        for _ in range(3):
            q.raw_soft_reset()
            free.append(q.run("import gc\ngc.collect()\nprint(gc.mem_free())"))
        assert free[0] == free[1] == free[2]
        assert q.alive()


def test_heap_without_the_cm4_is_the_axi_sram(flash_file):
    with boot(flash_file, cm4=False) as q:
        out = q.run("import gc\nprint(gc.mem_free() + gc.mem_alloc())")
        assert AXI_HEAP * 0.9 < int(out) < AXI_HEAP
        err = q.errors("", ["bytearray(16 * 1024 * 1024)"])
        assert err == ["MemoryError memory allocation failed, allocating 16777216 bytes"]
