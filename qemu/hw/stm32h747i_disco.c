/*
 * STM32H747I-DISCO board (MB1248): the STM32H747 with a 25 MHz HSE crystal,
 * LEDs LD1..LD4 on PI12..PI15 (lit when the pin is low), the wake-up user
 * button on PC13 (high when pressed) and the joystick on PK2..PK6 (low when
 * pressed).  USART1 is the ST-LINK virtual COM port (first -serial).
 *
 * The internal flash is the first pflash drive, the two MT25QL512ABB quad
 * NOR flashes on QUADSPI (FLASH 1 and 2, in dual-flash mode on the board:
 * even bytes in the first) the first two mtd drives:
 *   -drive if=pflash,format=raw,file=flash.bin   (2 MiB, both banks)
 *   -drive if=mtd,index=0,format=raw,file=nor1.bin   (64 MiB each)
 *   -drive if=mtd,index=1,format=raw,file=nor2.bin
 * "power-cut" (qom-set true, then stop and quit) leaves what a flash is
 * programming or erasing half done, as pulling the plug would.
 * Monitor and QMP: the LEDs read as the machine properties "led-ld1" ..
 * "led-ld4"; the button and joystick are "button-user", "joy-sel",
 * "joy-down", "joy-left", "joy-right", "joy-up" (qom-set true/false).
 *
 * Both cores: "-M stm32h747i-disco,boot-cm4=on" sets the option bit BCM4
 * (the CM4 starts at reset); off (the default, as the board's firmware
 * expects) holds it until the CM7 sets RCC_GCR.BOOT_C2.  "cm4-halted"
 * (qom-set true/false) stops and resumes the CM4 alone, as a debugger would.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/boards.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/arm/boot.h"
#include "hw/i2c/i2c.h"
#include "hw/sd/sd.h"
#include "ui/input.h"
#include "system/blockdev.h"
#include "system/block-backend.h"
#include "system/runstate.h"
#include "system/system.h"
#include "net/net.h"
#include "stm32h747_soc.h"
#include "hw/i2c/bitbang_i2c.h"
#include "mt25ql512.h"
#include "stm32h747_jumpers.h"
#include "trace.h"

#define TYPE_STM32H747I_DISCO MACHINE_TYPE_NAME("stm32h747i-disco")
OBJECT_DECLARE_SIMPLE_TYPE(DiscoMachineState, STM32H747I_DISCO)

#define PORT(c) ((c) - 'A')

typedef struct DiscoLed {
    const char *name;
    int port, pin;
} DiscoLed;

typedef struct DiscoKey {
    const char *name;
    int port, pin;
    bool active_high;
    QKeyCode key;
} DiscoKey;

static const DiscoLed leds[] = {
    { "led-ld1", PORT('I'), 12 }, /* green */
    { "led-ld2", PORT('I'), 13 }, /* orange */
    { "led-ld3", PORT('I'), 14 }, /* red */
    { "led-ld4", PORT('I'), 15 }, /* blue */
};
#define NUM_LEDS ARRAY_SIZE(leds)

/* qcode: the key on the QEMU window (or QMP send-key/input-send-event) */
static const DiscoKey keys[] = {
    { "button-user", PORT('C'), 13, true, Q_KEY_CODE_SPC },
    { "joy-sel", PORT('K'), 2, false, Q_KEY_CODE_RET },
    { "joy-down", PORT('K'), 3, false, Q_KEY_CODE_DOWN },
    { "joy-left", PORT('K'), 4, false, Q_KEY_CODE_LEFT },
    { "joy-right", PORT('K'), 5, false, Q_KEY_CODE_RIGHT },
    { "joy-up", PORT('K'), 6, false, Q_KEY_CODE_UP },
};
#define NUM_KEYS ARRAY_SIZE(keys)

/*
 * The wires of an I2C bus: a GPIO port driving SCL and SDA itself (a
 * software I2C) reaches the devices the controller does.  The port's
 * drivers (its "drive" lines, not the pin levels) go to a bit-bang
 * decoder, and a device pulling SDA low drives the SDA pin.
 */
typedef struct {
    bitbang_i2c_interface bb;
    qemu_irq sda_pin;
} DiscoI2cWires;

static const struct {
    uint8_t port, scl, sda, i2c; /* i2c: the SoC's controller index */
} i2c_wires[] = {
    { PORT('B'), 6, 7, 0 },   /* I2C1 */
    { PORT('D'), 12, 13, 3 }, /* I2C4: the Arduino D15/D14, the touch */
};
#define NUM_I2C_WIRES ARRAY_SIZE(i2c_wires)

/*
 * The SPI buses' chip selects: a device's cs index on bus spiN is a GPIO
 * pin the firmware drives (active low, as the devices have it).  cs 0 is
 * the bus's NSS pin; the spi-cs property adds or moves others.
 */
#define DISCO_SPI_CS_MAX 4
static const uint8_t spi_nss[STM32H747_NUM_SPI] = {
    PORT('A') * 16 + 4,  /* SPI1_NSS */
    PORT('B') * 16 + 12, /* SPI2_NSS */
    PORT('A') * 16 + 15, /* SPI3_NSS */
    PORT('E') * 16 + 4,  /* SPI4_NSS */
    PORT('K') * 16 + 1,  /* SPI5_NSS: the Arduino D10 */
    PORT('G') * 16 + 8,  /* SPI6_NSS */
};
#define CS_NONE       0xFF
#define SD_DETECT_PIN 8 /* PI8: the microSD slot's card detect */

struct DiscoMachineState {
    MachineState parent_obj;
    Notifier spi_cs_wiring;
    uint8_t spi_cs[STM32H747_NUM_SPI][DISCO_SPI_CS_MAX]; /* pin, or CS_NONE */
    char *spi_cs_spec;
    DiscoI2cWires wires[NUM_I2C_WIRES];
    Stm32h747SocState soc;
    Mt25qlState nor[2]; /* U5 and U6: QUADSPI FLASH 1 and FLASH 2 */
    bool led_on[NUM_LEDS];
    bool key_pressed[NUM_KEYS];
    bool boot_cm4;
    char *jumpers;
    char *pin_trace, *pin_trace_pins; /* for the SoC's pin trace */
    char *netdev; /* the -netdev the RJ45 port is on (or -nic's) */
    char *uid;    /* the SoC's unique ID */
};

static void disco_wire_line(DiscoI2cWires *w, int line, int level)
{
    int device_sda = bitbang_i2c_set(&w->bb, line, level);

    qemu_set_irq(w->sda_pin, device_sda ? -1 : 0); /* -1: released */
}

static void disco_wire_scl(void *opaque, int n, int level)
{
    disco_wire_line(opaque, BITBANG_I2C_SCL, level);
}

static void disco_wire_sda(void *opaque, int n, int level)
{
    disco_wire_line(opaque, BITBANG_I2C_SDA, level);
}

static void disco_wire_i2c(DiscoMachineState *m)
{
    for (int i = 0; i < NUM_I2C_WIRES; i++) {
        DiscoI2cWires *w = &m->wires[i];
        DeviceState *port = DEVICE(&m->soc.gpio[i2c_wires[i].port]);
        g_autofree char *bus = g_strdup_printf("i2c%d", i2c_wires[i].i2c + 1);

        bitbang_i2c_init(&w->bb,
                         I2C_BUS(qdev_get_child_bus(
                             DEVICE(&m->soc.i2c[i2c_wires[i].i2c]), bus)));
        w->sda_pin = qdev_get_gpio_in(port, i2c_wires[i].sda);
        qdev_connect_gpio_out_named(port, "drive", i2c_wires[i].scl,
                                    qemu_allocate_irq(disco_wire_scl, w, 0));
        qdev_connect_gpio_out_named(port, "drive", i2c_wires[i].sda,
                                    qemu_allocate_irq(disco_wire_sda, w, 0));
    }
}

/* "spi2.1=PB4:spi5.0=PF6": bus, cs index and pin, joined by colons */
static bool disco_parse_spi_cs(DiscoMachineState *m, const char *spec,
                               Error **errp)
{
    for (int i = 0; i < STM32H747_NUM_SPI; i++) {
        memset(m->spi_cs[i], CS_NONE, DISCO_SPI_CS_MAX);
        m->spi_cs[i][0] = spi_nss[i];
    }
    for (const char *p = spec; p && *p;) {
        const char *end;
        uint8_t pin;
        if (strncmp(p, "spi", 3) || p[3] < '1' ||
            p[3] > '0' + STM32H747_NUM_SPI || p[4] != '.' || p[5] < '0' ||
            p[5] >= '0' + DISCO_SPI_CS_MAX || p[6] != '=' ||
            !stm32h747_parse_pin(p + 7, &end, &pin) || (*end && *end != ':')) {
            error_setg(errp,
                       "spi-cs: '%s' is not spiN.K=PIN (N 1-%d, K 0-%d, "
                       "e.g. spi2.1=PB4), joined by ':'",
                       p, STM32H747_NUM_SPI, DISCO_SPI_CS_MAX - 1);
            return false;
        }
        m->spi_cs[p[3] - '1'][p[5] - '0'] = pin;
        p = *end ? end + 1 : end;
    }
    return true;
}

/* once -device has put devices on the buses: each one's chip select on
 * its pin's drive line */
static void disco_wire_spi_cs(Notifier *n, void *data)
{
    DiscoMachineState *m = container_of(n, DiscoMachineState, spi_cs_wiring);
    uint32_t used[STM32H747_NUM_GPIO] = { 0 };

    for (int i = 0; i < STM32H747_NUM_SPI; i++) {
        g_autofree char *name = g_strdup_printf("spi%d", i + 1);
        BusState *bus = qdev_get_child_bus(DEVICE(&m->soc.spi[i]), name);
        BusChild *kid;

        QTAILQ_FOREACH(kid, &bus->children, sibling)
        {
            SSIPeripheral *p = SSI_PERIPHERAL(kid->child);
            uint8_t pin = p->cs_index < DISCO_SPI_CS_MAX
                              ? m->spi_cs[i][p->cs_index]
                              : CS_NONE;
            if (p->spc->cs_polarity == SSI_CS_NONE) {
                continue;
            }
            if (pin == CS_NONE) {
                error_report("%s: no pin for chip select %d (set one with "
                             "-M stm32h747i-disco,spi-cs=%s.%d=PIN)",
                             name, p->cs_index, name, p->cs_index);
                exit(1);
            }
            Stm32h7GpioState *port = &m->soc.gpio[pin / 16];
            if (used[pin / 16] & (1u << (pin % 16))) {
                error_report("%s: chip select %d: P%c%d is another device's "
                             "chip select already",
                             name, p->cs_index, 'A' + pin / 16, pin % 16);
                exit(1);
            }
            used[pin / 16] |= 1u << (pin % 16);
            qemu_irq cs = qdev_get_gpio_in_named(DEVICE(p), SSI_GPIO_CS, 0);
            qdev_connect_gpio_out_named(DEVICE(port), "drive", pin % 16, cs);
            /* its level comes with the reset that follows */
        }
    }
}

static void disco_led_changed(void *opaque, int n, int level)
{
    DiscoMachineState *m = opaque;
    bool on = !level; /* the LEDs are wired to light on a low pin */

    if (m->led_on[n] != on) {
        m->led_on[n] = on;
        trace_stm32h747i_disco_led(leds[n].name, on);
    }
}

static void disco_key_drive(DiscoMachineState *m, int n)
{
    const DiscoKey *k = &keys[n];
    /* the board's pull resistors hold the idle level when not pressed */
    bool level = m->key_pressed[n] ? k->active_high : !k->active_high;

    qemu_set_irq(qdev_get_gpio_in(DEVICE(&m->soc.gpio[k->port]), k->pin),
                 level);
}

static int find_name(const char *name, bool leds_table)
{
    int n = leds_table ? NUM_LEDS : NUM_KEYS;
    for (int i = 0; i < n; i++) {
        if (!strcmp(name, leds_table ? leds[i].name : keys[i].name)) {
            return i;
        }
    }
    g_assert_not_reached();
}

static void disco_get_led(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    bool on = STM32H747I_DISCO(obj)->led_on[find_name(name, true)];
    visit_type_bool(v, name, &on, errp);
}

static void disco_get_key(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    bool p = STM32H747I_DISCO(obj)->key_pressed[find_name(name, false)];
    visit_type_bool(v, name, &p, errp);
}

static void disco_set_key(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    DiscoMachineState *m = STM32H747I_DISCO(obj);
    int n = find_name(name, false);
    bool p;

    if (!visit_type_bool(v, name, &p, errp)) {
        return;
    }
    m->key_pressed[n] = p;
    trace_stm32h747i_disco_key(name, p);
    if (phase_check(PHASE_MACHINE_READY) || qdev_get_machine() == obj) {
        disco_key_drive(m, n);
    }
}

/* keys on the display window press the button and the joystick */
static void disco_key_event(DeviceState *dev, QemuConsole *src, InputEvent *evt)
{
    DiscoMachineState *m = STM32H747I_DISCO(qdev_get_machine());
    InputKeyEvent *key = evt->u.key.data;
    int qcode = qemu_input_key_value_to_qcode(key->key);

    for (int i = 0; i < NUM_KEYS; i++) {
        if (keys[i].key == qcode && m->key_pressed[i] != key->down) {
            m->key_pressed[i] = key->down;
            trace_stm32h747i_disco_key(keys[i].name, key->down);
            disco_key_drive(m, i);
        }
    }
}

static const QemuInputHandler disco_key_handler = {
    .name = "STM32H747I-DISCO joystick and user button",
    .mask = INPUT_EVENT_MASK_KEY,
    .event = disco_key_event,
};

static void disco_init(MachineState *machine)
{
    DiscoMachineState *m = STM32H747I_DISCO(machine);
    DriveInfo *dinfo = drive_get(IF_PFLASH, 0, 0);

    object_initialize_child(OBJECT(machine), "soc", &m->soc,
                            TYPE_STM32H747_SOC);
    qdev_prop_set_uint32(DEVICE(&m->soc), "hse-freq", 25000000);
    qdev_prop_set_bit(DEVICE(&m->soc), "boot-cm4", m->boot_cm4);
    qdev_prop_set_string(DEVICE(&m->soc), "jumpers", m->jumpers ?: "");
    qdev_prop_set_string(DEVICE(&m->soc), "pin-trace", m->pin_trace ?: "");
    qdev_prop_set_string(DEVICE(&m->soc), "pin-trace-pins",
                         m->pin_trace_pins ?: "");
    qdev_prop_set_string(DEVICE(&m->soc), "uid", m->uid ?: "");
    disco_parse_spi_cs(m, m->spi_cs_spec, &error_fatal);
    m->spi_cs_wiring.notify = disco_wire_spi_cs;
    qemu_add_machine_init_done_notifier(&m->spi_cs_wiring);
    if (dinfo) {
        qdev_prop_set_drive_err(DEVICE(&m->soc.flash), "drive",
                                blk_by_legacy_dinfo(dinfo), &error_fatal);
    }
    /* the RJ45 port: on the netdev the machine names, else on a -nic */
    if (m->netdev && *m->netdev) {
        NetClientState *nc = qemu_find_netdev(m->netdev);
        if (!nc) {
            error_report("stm32h747i-disco: netdev=%s: no -netdev with that id",
                         m->netdev);
            exit(1);
        }
        qdev_prop_set_netdev(DEVICE(&m->soc.eth), "netdev", nc);
    } else {
        /* a -nic's netdev; not its MAC address: the board's comes from its
         * unique ID, as the firmware derives it (stm32h747_soc.c) */
        if (qemu_configure_nic_device(DEVICE(&m->soc.eth), true, NULL)) {
            memset(&m->soc.eth.conf.macaddr, 0,
                   sizeof(m->soc.eth.conf.macaddr));
        }
    }
    /* an undriven LED pin sits at VDD through its LED */
    qdev_prop_set_uint32(DEVICE(&m->soc.gpio[PORT('I')]), "float-high", 0xF000);
    sysbus_realize(SYS_BUS_DEVICE(&m->soc), &error_fatal);

    for (int i = 0; i < NUM_LEDS; i++) {
        qdev_connect_gpio_out(DEVICE(&m->soc.gpio[leds[i].port]), leds[i].pin,
                              qemu_allocate_irq(disco_led_changed, m, i));
    }
    for (int i = 0; i < NUM_KEYS; i++) {
        disco_key_drive(m, i);
    }
    /* input handlers hang off a device: the SoC stands for the board */
    qemu_input_handler_activate(
        qemu_input_handler_register(DEVICE(&m->soc), &disco_key_handler));

    /* FT5336 touch controller on I2C4 at 0x38; its INT (low while touched)
     * on PK7, idle high through the board's pull-up */
    I2CBus *i2c4 = I2C_BUS(qdev_get_child_bus(DEVICE(&m->soc.i2c[3]), "i2c4"));
    DeviceState *ts = DEVICE(i2c_slave_new("ft5336", 0x38));
    object_property_add_child(OBJECT(m), "touch", OBJECT(ts));
    i2c_slave_realize_and_unref(I2C_SLAVE(ts), i2c4, &error_fatal);
    qemu_irq ts_int = qdev_get_gpio_in(DEVICE(&m->soc.gpio[PORT('K')]), 7);
    qdev_connect_gpio_out(ts, 0, qemu_irq_invert(ts_int));
    qemu_set_irq(ts_int, 1);
    disco_wire_i2c(m);

    /* the microSD slot on SDMMC1: a card from -drive if=sd; its card
     * detect (PI8) is low with a card in */
    DriveInfo *sd = drive_get(IF_SD, 0, 0);
    if (sd) {
        DeviceState *card = qdev_new(TYPE_SD_CARD);
        qdev_prop_set_drive_err(card, "drive", blk_by_legacy_dinfo(sd),
                                &error_fatal);
        qdev_realize_and_unref(
            card, qdev_get_child_bus(DEVICE(&m->soc.sdmmc1), "sd-bus"),
            &error_fatal);
    }
    qemu_set_irq(
        qdev_get_gpio_in(DEVICE(&m->soc.gpio[PORT('I')]), SD_DETECT_PIN),
        sd ? 0 : 1);

    for (int i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf("nor%d", i + 1);
        g_autofree char *link = g_strdup_printf("flash%d", i);
        DriveInfo *nor = drive_get(IF_MTD, 0, i);
        object_initialize_child(OBJECT(m), name, &m->nor[i], TYPE_MT25QL512);
        if (nor) {
            qdev_prop_set_drive_err(DEVICE(&m->nor[i]), "drive",
                                    blk_by_legacy_dinfo(nor), &error_fatal);
        }
        qdev_realize(DEVICE(&m->nor[i]), NULL, &error_fatal);
        object_property_set_link(OBJECT(&m->soc.qspi), link, OBJECT(&m->nor[i]),
                                 &error_fatal);
    }

    /* -kernel is optional: without it the CPU boots what the flash holds */
    armv7m_load_kernel(ARM_CPU(first_cpu), machine->kernel_filename, 0x08000000,
                       2 * MiB);
}

static bool disco_get_boot_cm4(Object *obj, Error **errp)
{
    return STM32H747I_DISCO(obj)->boot_cm4;
}

static void disco_set_boot_cm4(Object *obj, bool on, Error **errp)
{
    STM32H747I_DISCO(obj)->boot_cm4 = on;
}

static bool disco_get_cm4_halted(Object *obj, Error **errp)
{
    return stm32h747_soc_cm4_halted(&STM32H747I_DISCO(obj)->soc);
}

static void disco_set_cm4_halted(Object *obj, bool halted, Error **errp)
{
    if (!phase_check(PHASE_MACHINE_READY)) {
        error_setg(errp, "cm4-halted can only be set on a running machine");
        return;
    }
    stm32h747_soc_set_cm4_halted(&STM32H747I_DISCO(obj)->soc, halted, errp);
}

static char *disco_get_spi_cs(Object *obj, Error **errp)
{
    return g_strdup(STM32H747I_DISCO(obj)->spi_cs_spec ?: "");
}

static void disco_set_spi_cs(Object *obj, const char *spec, Error **errp)
{
    DiscoMachineState *m = STM32H747I_DISCO(obj);

    if (disco_parse_spi_cs(m, spec, errp)) {
        g_free(m->spi_cs_spec);
        m->spi_cs_spec = g_strdup(spec);
    }
}

static char *disco_get_jumpers(Object *obj, Error **errp)
{
    return g_strdup(STM32H747I_DISCO(obj)->jumpers ?: "");
}

static void disco_set_jumpers(Object *obj, const char *spec, Error **errp)
{
    DiscoMachineState *m = STM32H747I_DISCO(obj);

    g_free(m->jumpers);
    m->jumpers = g_strdup(spec);
}

/* a string the machine hands to the SoC; opaque: its offset in the state */
static void disco_get_soc_str(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    char **field = (char **)((uint8_t *)obj + (uintptr_t)opaque);
    g_autofree char *val = g_strdup(*field ?: "");

    visit_type_str(v, name, &val, errp);
}

static void disco_set_soc_str(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    char **field = (char **)((uint8_t *)obj + (uintptr_t)opaque);
    char *val;

    if (visit_type_str(v, name, &val, errp)) {
        g_free(*field);
        *field = val;
    }
}

static bool disco_get_power_cut(Object *obj, Error **errp)
{
    return false;
}

static void disco_set_power_cut(Object *obj, bool cut, Error **errp)
{
    DiscoMachineState *m = STM32H747I_DISCO(obj);

    if (!cut) {
        return;
    }
    if (runstate_is_running()) {
        error_setg(errp, "power-cut: stop the machine first (QMP stop), "
                         "then quit after the cut");
        return;
    }
    for (int i = 0; i < 2; i++) {
        mt25ql_power_cut(&m->nor[i]);
    }
    stm32h7_flash_power_cut(&m->soc.flash);
}

static void disco_instance_init(Object *obj)
{
    for (int i = 0; i < NUM_LEDS; i++) {
        object_property_add(obj, leds[i].name, "bool", disco_get_led, NULL,
                            NULL, NULL);
    }
    for (int i = 0; i < NUM_KEYS; i++) {
        object_property_add(obj, keys[i].name, "bool", disco_get_key,
                            disco_set_key, NULL, NULL);
    }
}

static void disco_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    static const char *const valid_cpu_types[] = {
        ARM_CPU_TYPE_NAME("cortex-m7"), NULL
    };

    mc->desc = "STM32H747I-DISCO (Cortex-M7 + Cortex-M4), h7stack";
    mc->init = disco_init;
    mc->valid_cpu_types = valid_cpu_types;
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-m7");
    mc->no_floppy = 1;
    mc->no_cdrom = 1;
    mc->no_parallel = 1;
    mc->default_ram_size = 0;
    mc->min_cpus = mc->max_cpus = mc->default_cpus = 2;
    object_class_property_add_bool(oc, "boot-cm4", disco_get_boot_cm4,
                                   disco_set_boot_cm4);
    object_class_property_set_description(
        oc, "boot-cm4",
        "Option bit BCM4: "
        "the Cortex-M4 starts at reset instead of waiting for RCC_GCR.BOOT_C2");
    object_class_property_add_bool(oc, "cm4-halted", disco_get_cm4_halted,
                                   disco_set_cm4_halted);
    object_class_property_add_str(oc, "jumpers", disco_get_jumpers,
                                  disco_set_jumpers);
    object_class_property_set_description(
        oc, "jumpers",
        "Wires between pins, e.g. PB9-PB8:PA2-PA3: a U(S)ART's TX on one "
        "pin reaches the U(S)ART receiving on the other");
    object_class_property_add(oc, "pin-trace", "str", disco_get_soc_str,
                              disco_set_soc_str, NULL,
                              (void *)offsetof(DiscoMachineState, pin_trace));
    object_class_property_set_description(
        oc, "pin-trace",
        "Write the pins' levels over virtual time to this VCD file");
    object_class_property_add(
        oc, "pin-trace-pins", "str", disco_get_soc_str, disco_set_soc_str, NULL,
        (void *)offsetof(DiscoMachineState, pin_trace_pins));
    object_class_property_set_description(
        oc, "pin-trace-pins",
        "The pins the pin trace records, e.g. PA8:PI12 (default: all)");
    object_class_property_add(oc, "netdev", "str", disco_get_soc_str,
                              disco_set_soc_str, NULL,
                              (void *)offsetof(DiscoMachineState, netdev));
    object_class_property_set_description(
        oc, "netdev",
        "The -netdev id the Ethernet port is on (without it, a -nic)");
    object_class_property_add(oc, "uid", "str", disco_get_soc_str,
                              disco_set_soc_str, NULL,
                              (void *)offsetof(DiscoMachineState, uid));
    object_class_property_set_description(
        oc, "uid",
        "The 96-bit unique ID, 24 hex digits (UID[31:0] first): boards on "
        "one network need different ones (the MAC address follows it)");
    object_class_property_add_str(oc, "spi-cs", disco_get_spi_cs,
                                  disco_set_spi_cs);
    object_class_property_set_description(
        oc, "spi-cs",
        "More SPI chip selects, e.g. spi2.1=PB4:spi5.2=PF6: the pin driving "
        "cs index K of the devices on bus spiN (cs 0 is the bus's NSS pin)");
    object_class_property_add_bool(oc, "power-cut", disco_get_power_cut,
                                   disco_set_power_cut);
    object_class_property_set_description(
        oc, "power-cut",
        "true: the flash operations in progress stop half done (on a stopped "
        "machine, before quit)");
}

static const TypeInfo disco_types[] = {
    {
        .name = TYPE_STM32H747I_DISCO,
        .parent = TYPE_MACHINE,
        .instance_size = sizeof(DiscoMachineState),
        .instance_init = disco_instance_init,
        .class_init = disco_class_init,
    },
};
DEFINE_TYPES(disco_types)
