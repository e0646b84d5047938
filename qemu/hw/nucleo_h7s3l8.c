/*
 * NUCLEO-H7S3L8 (MB1737): the STM32H7S3L8 (Cortex-M7, RM0477) with the
 * board's MX25UW25645G octal NOR on XSPI2 (memory-mapped at 0x70000000),
 * LEDs LD1 (PD10, green), LD2 (PD13, yellow), LD3 (PB7, red), lit when the
 * pin is high, the user button on PC13 (high when pressed), USART3 as the
 * ST-LINK virtual COM port (first -serial).
 *
 *   -drive if=pflash,format=raw,file=boot.bin   64 KiB internal flash
 *   -drive if=mtd,format=raw,file=nor.bin       32 MiB NOR
 * "led-ld1".."led-ld3" read as machine properties, "button-user" is set,
 * "vclock-ns" reads the virtual clock.
 *
 * Modelled: memory map, user flash (with FLASH_ACR), RCC (oscillators,
 * PLL1, clock switch and prescalers driving the CPU, SysTick and USART3
 * clocks), PWR (supply, VOS, XSPIM I/O supplies), GPIO A-H and M-P, USART3,
 * XSPI2 with the NOR behind the XSPI I/O manager (routing, supply).
 * The rest of the peripheral space is unimplemented-device (logged).
 *
 * AXI SRAM is the machine's RAM: "-machine memory-backend=ID" with a shared
 * memory-backend-file lets a flasher on the host fill target buffers while
 * the CPU runs, as a debug probe's memory access port does on the board.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/boards.h"
#include "hw/irq.h"
#include "hw/clock.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/misc/unimp.h"
#include "hw/arm/armv7m.h"
#include "hw/arm/boot.h"
#include "exec/address-spaces.h"
#include "system/system.h"
#include "system/blockdev.h"
#include "system/block-backend.h"
#include "stm32h7_gpio.h"
#include "stm32h7_usart.h"
#include "stm32h7_xspi.h"
#include "stm32h7rs_rcc.h"
#include "stm32h7rs_pwr.h"
#include "stm32h7rs_flash.h"
#include "stm32h7rs_xspim.h"
#include "mx25uw25645g.h"
#include "trace.h"

#define TYPE_NUCLEO_H7S3L8 MACHINE_TYPE_NAME("nucleo-h7s3l8")
OBJECT_DECLARE_SIMPLE_TYPE(NucleoState, NUCLEO_H7S3L8)

#define FLASH_BASE    0x08000000
#define FLASH_SIZE    (64 * KiB)
#define AXI_SRAM_BASE 0x24000000
#define AXI_SRAM_SIZE (456 * KiB)
#define NUM_IRQ       160
#define NUM_GPIO      12 /* A-H, M-P */
#define XSPI2_IRQ     123

static const hwaddr gpio_base[NUM_GPIO] = {
    0x58020000, 0x58020400, 0x58020800, 0x58020C00, 0x58021000, 0x58021400,
    0x58021800, 0x58021C00, 0x58023000, 0x58023400, 0x58023800, 0x58023C00,
};
static const char gpio_name[NUM_GPIO] = "ABCDEFGHMNOP";

static const struct {
    const char *name;
    int port, pin;
} leds[] = {
    { "led-ld1", 3, 10 },
    { "led-ld2", 3, 13 },
    { "led-ld3", 1, 7 },
};
#define NUM_LEDS ARRAY_SIZE(leds)

struct NucleoState {
    MachineState parent_obj;
    ARMv7MState cpu;
    Stm32h7rsFlashState flash;
    Stm32h7rsRccState rcc;
    Stm32h7rsPwrState pwr;
    Stm32h7GpioState gpio[NUM_GPIO];
    Stm32h7UsartState usart3;
    Mx25uwState nor;
    Stm32h7XspiState xspi2;
    Stm32h7rsXspimState xspim;
    MemoryRegion itcm, dtcm, ahb, bkp;
    bool led_on[NUM_LEDS];
    bool button;
};

static void nucleo_led(void *opaque, int n, int level)
{
    NucleoState *m = opaque;
    m->led_on[n] = level;
    trace_nucleo_h7s3l8_led(leds[n].name, level);
}

static void nucleo_get_led(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    NucleoState *m = NUCLEO_H7S3L8(obj);
    bool on = false;
    for (size_t i = 0; i < NUM_LEDS; i++) {
        if (!strcmp(name, leds[i].name)) {
            on = m->led_on[i];
        }
    }
    visit_type_bool(v, name, &on, errp);
}

static bool nucleo_get_button(Object *obj, Error **errp)
{
    return NUCLEO_H7S3L8(obj)->button;
}

static void nucleo_set_button(Object *obj, bool on, Error **errp)
{
    NucleoState *m = NUCLEO_H7S3L8(obj);
    m->button = on;
    if (phase_check(PHASE_MACHINE_READY)) {
        qemu_set_irq(qdev_get_gpio_in(DEVICE(&m->gpio[2]), 13), on);
    }
}

static void add_ram(MemoryRegion *mr, const char *name, hwaddr base,
                    uint64_t size)
{
    memory_region_init_ram(mr, NULL, name, size, &error_fatal);
    memory_region_add_subregion(get_system_memory(), base, mr);
}

static void nucleo_init(MachineState *machine)
{
    NucleoState *m = NUCLEO_H7S3L8(machine);
    MemoryRegion *sysmem = get_system_memory();
    DriveInfo *boot = drive_get(IF_PFLASH, 0, 0),
              *nor = drive_get(IF_MTD, 0, 0);
    DeviceState *dev, *rcc, *flash, *pwr, *xspim, *nor_dev;

    if (machine->ram_size != AXI_SRAM_SIZE) {
        error_report(
            "nucleo-h7s3l8: the RAM (AXI SRAM) is %u KiB; -m or a memory "
            "backend of another size cannot be used",
            (unsigned)(AXI_SRAM_SIZE / KiB));
        exit(1);
    }
    add_ram(&m->itcm, "h7s3.itcm", 0x00000000, 64 * KiB);
    add_ram(&m->dtcm, "h7s3.dtcm", 0x20000000, 64 * KiB);
    memory_region_add_subregion(sysmem, AXI_SRAM_BASE, machine->ram);
    add_ram(&m->ahb, "h7s3.ahb-sram", 0x30000000, 32 * KiB);
    add_ram(&m->bkp, "h7s3.bkp-sram", 0x38800000, 4 * KiB);

    object_initialize_child(OBJECT(m), "flash", &m->flash,
                            TYPE_STM32H7RS_FLASH);
    flash = DEVICE(&m->flash);
    if (boot) {
        qdev_prop_set_drive_err(flash, "drive", blk_by_legacy_dinfo(boot),
                                &error_fatal);
    }
    sysbus_realize(SYS_BUS_DEVICE(flash), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(flash), 0, FLASH_BASE);
    sysbus_mmio_map(SYS_BUS_DEVICE(flash), 1, 0x52002000);

    object_initialize_child(OBJECT(m), "rcc", &m->rcc, TYPE_STM32H7RS_RCC);
    rcc = DEVICE(&m->rcc);
    sysbus_realize(SYS_BUS_DEVICE(rcc), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(rcc), 0, 0x58024400);

    object_initialize_child(OBJECT(m), "pwr", &m->pwr, TYPE_STM32H7RS_PWR);
    pwr = DEVICE(&m->pwr);
    sysbus_realize(SYS_BUS_DEVICE(pwr), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(pwr), 0, 0x58024800);

    object_initialize_child(OBJECT(m), "cpu", &m->cpu, TYPE_ARMV7M);
    dev = DEVICE(&m->cpu);
    qdev_prop_set_uint32(dev, "num-irq", NUM_IRQ);
    qdev_prop_set_uint8(dev, "num-prio-bits", 4);
    qdev_prop_set_string(dev, "cpu-type", ARM_CPU_TYPE_NAME("cortex-m7"));
    qdev_prop_set_uint32(dev, "init-nsvtor", FLASH_BASE);
    qdev_connect_clock_in(dev, "cpuclk", qdev_get_clock_out(rcc, "cpuclk"));
    qdev_connect_clock_in(dev, "refclk", qdev_get_clock_out(rcc, "refclk"));
    object_property_set_link(OBJECT(dev), "memory", OBJECT(sysmem),
                             &error_abort);
    sysbus_realize(SYS_BUS_DEVICE(dev), &error_fatal);

    for (int i = 0; i < NUM_GPIO; i++) {
        char name[2] = { gpio_name[i], 0 };
        g_autofree char *child = g_strdup_printf("gpio%c", gpio_name[i] + 32);
        object_initialize_child(OBJECT(m), child, &m->gpio[i],
                                TYPE_STM32H7_GPIO);
        qdev_prop_set_string(DEVICE(&m->gpio[i]), "name", name);
        sysbus_realize(SYS_BUS_DEVICE(&m->gpio[i]), &error_fatal);
        sysbus_mmio_map(SYS_BUS_DEVICE(&m->gpio[i]), 0, gpio_base[i]);
    }
    for (size_t i = 0; i < NUM_LEDS; i++) {
        qdev_connect_gpio_out(DEVICE(&m->gpio[leds[i].port]), leds[i].pin,
                              qemu_allocate_irq(nucleo_led, m, i));
    }
    qemu_set_irq(qdev_get_gpio_in(DEVICE(&m->gpio[2]), 13), m->button);

    object_initialize_child(OBJECT(m), "usart3", &m->usart3,
                            TYPE_STM32H7_USART);
    dev = DEVICE(&m->usart3);
    qdev_prop_set_chr(dev, "chardev", serial_hd(0));
    qdev_prop_set_bit(dev, "paced", false); /* the console: host speed */
    qdev_connect_clock_in(dev, "clk", qdev_get_clock_out(rcc, "pclk1"));
    sysbus_realize(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, 0x40004800);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       qdev_get_gpio_in(DEVICE(&m->cpu), 39));

    object_initialize_child(OBJECT(m), "nor", &m->nor, TYPE_MX25UW25645G);
    nor_dev = DEVICE(&m->nor);
    if (nor) {
        qdev_prop_set_drive_err(nor_dev, "drive", blk_by_legacy_dinfo(nor),
                                &error_fatal);
    }
    qdev_realize(nor_dev, NULL, &error_fatal);
    object_initialize_child(OBJECT(m), "xspi2", &m->xspi2, TYPE_STM32H7_XSPI);
    dev = DEVICE(&m->xspi2);
    object_property_set_link(OBJECT(dev), "flash", OBJECT(nor_dev),
                             &error_fatal);
    sysbus_realize(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, 0x5200A000);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, 0x70000000);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       qdev_get_gpio_in(DEVICE(&m->cpu), XSPI2_IRQ));

    /* the NOR is on XSPIM port 2: XSPI2 reaches it routed direct, powered */
    object_initialize_child(OBJECT(m), "xspim", &m->xspim,
                            TYPE_STM32H7RS_XSPIM);
    xspim = DEVICE(&m->xspim);
    qdev_prop_set_bit(xspim, "port2-memory", true);
    sysbus_realize(SYS_BUS_DEVICE(xspim), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(xspim), 0, 0x5200B400);
    qdev_connect_gpio_out_named(xspim, "live", 1,
                                qdev_get_gpio_in_named(dev, "port", 0));
    for (int i = 0; i < 2; i++) {
        qdev_connect_gpio_out_named(pwr, "xspim-supply", i,
                                    qdev_get_gpio_in_named(xspim, "supply", i));
    }

    dev = qdev_new(TYPE_UNIMPLEMENTED_DEVICE);
    qdev_prop_set_string(dev, "name", "peripherals");
    qdev_prop_set_uint64(dev, "size", 0x20000000);
    object_property_add_child(OBJECT(m), "unimp-peripherals", OBJECT(dev));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map_overlap(SYS_BUS_DEVICE(dev), 0, 0x40000000, -1000);

    armv7m_load_kernel(ARM_CPU(first_cpu), machine->kernel_filename, FLASH_BASE,
                       FLASH_SIZE);
}

/* "vclock-ns": QEMU's virtual clock, for programs that time the guest */
static void nucleo_get_vclock(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    uint64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    visit_type_uint64(v, name, &ns, errp);
}

static void nucleo_instance_init(Object *obj)
{
    object_property_add(obj, "vclock-ns", "uint64", nucleo_get_vclock, NULL,
                        NULL, NULL);
    for (size_t i = 0; i < NUM_LEDS; i++) {
        object_property_add(obj, leds[i].name, "bool", nucleo_get_led, NULL,
                            NULL, NULL);
    }
    object_property_add_bool(obj, "button-user", nucleo_get_button,
                             nucleo_set_button);
}

static void nucleo_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    static const char *const valid_cpu_types[] = {
        ARM_CPU_TYPE_NAME("cortex-m7"), NULL
    };

    mc->desc = "NUCLEO-H7S3L8 (Cortex-M7, octal NOR on XSPI2), h7stack";
    mc->init = nucleo_init;
    mc->valid_cpu_types = valid_cpu_types;
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-m7");
    mc->default_ram_size = AXI_SRAM_SIZE;
    mc->default_ram_id = "h7s3.axi-sram";
    mc->no_floppy = mc->no_cdrom = mc->no_parallel = 1;
}

static const TypeInfo nucleo_types[] = {
    {
        .name = TYPE_NUCLEO_H7S3L8,
        .parent = TYPE_MACHINE,
        .instance_size = sizeof(NucleoState),
        .instance_init = nucleo_instance_init,
        .class_init = nucleo_class_init,
    },
};
DEFINE_TYPES(nucleo_types)
