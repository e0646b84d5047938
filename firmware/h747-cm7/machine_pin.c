/* machine.Pin for the STM32H747: any port pin by name ("PI12", "LED1") or
 * by number (port * 16 + pin), with edge interrupts through EXTI that run
 * their handler as a scheduled (soft) callback. */
#include <string.h>
#include "py/runtime.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "extmod/modmachine.h"
#include "extmod/virtpin.h"
#include "stm32h747.h"
#include "h7_system.h"
#include "h747_port.h"

#define EXTI_RTSR1       REG32(0x58000000u)
#define EXTI_FTSR1       REG32(0x58000004u)
#define EXTI_C1IMR1      REG32(0x58000080u)
#define EXTI_C1PR1       REG32(0x58000088u)
#define SYSCFG_EXTICR(n) REG32(0x58000408u + 4u * (n))

enum {
    MODE_IN = 0,
    MODE_OUT = 1,
    MODE_ALT = 2,
    MODE_ANALOG = 3,
    MODE_OD_FLAG = 0x10, /* OTYPER set: the stm32 port's numbering */
    MODE_OPEN_DRAIN = MODE_OD_FLAG | MODE_OUT,
    MODE_ALT_OPEN_DRAIN = MODE_OD_FLAG | MODE_ALT
};
enum {
    PULL_NONE = 0,
    PULL_UP = 1,
    PULL_DOWN = 2
};
enum {
    IRQ_RISING = 1,
    IRQ_FALLING = 2
};

typedef struct {
    mp_obj_base_t base;
    uint8_t port; /* 0 = A */
    uint8_t pin;
} machine_pin_obj_t;

/* board names of the STM32H747I-DISCO */
static const struct {
    const char *name;
    uint8_t port, pin;
} board_pins[] = {
    { "LED1", 'I' - 'A', 12 },
    { "LED2", 'I' - 'A', 13 },
    { "LED3", 'I' - 'A', 14 },
    { "LED4", 'I' - 'A', 15 },
    { "LED_GREEN", 'I' - 'A', 12 },
    { "LED_ORANGE", 'I' - 'A', 13 },
    { "LED_RED", 'I' - 'A', 14 },
    { "LED_BLUE", 'I' - 'A', 15 },
    { "USER", 'C' - 'A', 13 },
    { "JOY_SEL", 'K' - 'A', 2 },
    { "JOY_DOWN", 'K' - 'A', 3 },
    { "JOY_LEFT", 'K' - 'A', 4 },
    { "JOY_RIGHT", 'K' - 'A', 5 },
    { "JOY_UP", 'K' - 'A', 6 },
    /* the Arduino Uno connector (UM2411; docs/board-connectors.md) */
    { "D0", 'J' - 'A', 9 },
    { "D1", 'J' - 'A', 8 },
    { "D2", 'J' - 'A', 3 },
    { "D3", 'F' - 'A', 8 },
    { "D4", 'J' - 'A', 4 },
    { "D5", 'A' - 'A', 6 },
    { "D6", 'J' - 'A', 7 },
    { "D7", 'J' - 'A', 0 },
    { "D8", 'J' - 'A', 5 },
    { "D9", 'J' - 'A', 6 },
    { "D10", 'K' - 'A', 1 },
    { "D11", 'J' - 'A', 10 },
    { "D12", 'J' - 'A', 11 },
    { "D13", 'K' - 'A', 0 },
    { "D14", 'D' - 'A', 13 },
    { "D15", 'D' - 'A', 12 },
    { "SDA", 'D' - 'A', 13 },
    { "SCL", 'D' - 'A', 12 },
    { "A0", 'A' - 'A', 4 },
    { "A1", 'F' - 'A', 10 },
    { "A2", 'A' - 'A', 0 },
    { "A3", 'A' - 'A', 1 },
    { "A4", 'C' - 'A', 2 },
    { "A5", 'C' - 'A', 3 },
};

MP_REGISTER_ROOT_POINTER(mp_obj_t pin_irq_handler[16]);
MP_REGISTER_ROOT_POINTER(mp_obj_t pin_irq_pin[16]);

mp_hal_pin_obj_t mp_hal_get_pin_obj(mp_obj_t o) {
    if (mp_obj_is_type(o, &machine_pin_type) ||
        (mp_obj_is_obj(o) &&
         mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(((mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type),
                                 MP_OBJ_FROM_PTR(&machine_pinbase_type)))) {
        return o;
    }
    /* a name or number: the pin it names */
    return mp_pin_make_new(&machine_pin_type, 1, 0, &o);
}

static void pin_configure(machine_pin_obj_t *self, mp_int_t mode, mp_int_t pull, mp_obj_t value);

void mp_hal_pin_open_drain(mp_hal_pin_obj_t p) {
    if (mp_obj_is_type(p, &machine_pin_type)) {
        pin_configure(MP_OBJ_TO_PTR(p), MODE_OPEN_DRAIN, PULL_UP, mp_const_true);
    }
    /* a PinBase is the user's own: it opens its drain itself */
}

void mp_hal_pin_output(mp_hal_pin_obj_t p) {
    if (mp_obj_is_type(p, &machine_pin_type)) {
        pin_configure(MP_OBJ_TO_PTR(p), MODE_OUT, PULL_NONE, mp_const_none);
    }
}

void mp_hal_pin_input(mp_hal_pin_obj_t p) {
    if (mp_obj_is_type(p, &machine_pin_type)) {
        pin_configure(MP_OBJ_TO_PTR(p), MODE_IN, PULL_NONE, mp_const_none);
    }
}

unsigned mp_hal_pin_name(mp_hal_pin_obj_t p) {
    if (!mp_obj_is_type(p, &machine_pin_type)) {
        return 0;
    }
    const machine_pin_obj_t *pin = MP_OBJ_TO_PTR(p);
    return pin->port * 16u + pin->pin;
}

uint8_t h747_pin_id(mp_obj_t o) {
    if (!mp_obj_is_int(o) && !mp_obj_is_str(o) && !mp_obj_is_type(o, &machine_pin_type)) {
        mp_raise_TypeError(MP_ERROR_TEXT("pin must be a Pin, a pin name or a number"));
    }
    mp_hal_pin_obj_t p = mp_hal_get_pin_obj(o);
    if (!mp_obj_is_type(p, &machine_pin_type)) {
        mp_raise_TypeError(MP_ERROR_TEXT("pin must be a Pin of this board"));
    }
    return (uint8_t)mp_hal_pin_name(p);
}

/* one of the pin's port registers, as stm32h747.h names them (GPIO_IDR...) */
#define PORT_REG(reg, p) reg('A' + (p)->port)

/* drive the output latch through BSRR (set or reset, never read-modify-write) */
static void pin_write(const machine_pin_obj_t *self, bool v) {
    PORT_REG(GPIO_BSRR, self) = v ? 1u << self->pin : 1u << (self->pin + 16);
}

/* the pin's two bits in MODER or PUPDR */
static void set2(const machine_pin_obj_t *self, volatile uint32_t *reg, uint32_t v) {
    *reg = (*reg & ~(3u << (2 * self->pin))) | (v << (2 * self->pin));
}

static bool parse_board_name(const char *s, size_t len, uint8_t *port, uint8_t *pin) {
    for (size_t i = 0; i < MP_ARRAY_SIZE(board_pins); i++) {
        if (strlen(board_pins[i].name) == len && !memcmp(board_pins[i].name, s, len)) {
            *port = board_pins[i].port;
            *pin = board_pins[i].pin;
            return true;
        }
    }
    return false;
}

/* the chip's names: "PA0".."PK15" */
static bool parse_chip_name(const char *s, size_t len, uint8_t *port, uint8_t *pin) {
    if (len < 3 || len > 4 || s[0] != 'P' || s[1] < 'A' || s[1] > 'K') {
        return false;
    }
    unsigned n = 0;
    for (size_t i = 2; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        n = n * 10 + (unsigned)(s[i] - '0');
    }
    if (n > 15) {
        return false;
    }
    *port = (uint8_t)(s[1] - 'A');
    *pin = (uint8_t)n;
    return true;
}

static bool parse_name(const char *s, size_t len, uint8_t *port, uint8_t *pin) {
    return parse_board_name(s, len, port, pin) || parse_chip_name(s, len, port, pin);
}

/* the pin's mode as its registers have it: IN, OUT, OPEN_DRAIN, ALT,
 * ALT_OPEN_DRAIN or ANALOG */
static mp_int_t pin_get_mode(const machine_pin_obj_t *self) {
    mp_int_t mode = (PORT_REG(GPIO_MODER, self) >> (2 * self->pin)) & 3;
    if ((mode == MODE_OUT || mode == MODE_ALT) && (PORT_REG(GPIO_OTYPER, self) >> self->pin) & 1) {
        mode |= MODE_OD_FLAG;
    }
    return mode;
}

static mp_int_t pin_get_pull(const machine_pin_obj_t *self) {
    return (PORT_REG(GPIO_PUPDR, self) >> (2 * self->pin)) & 3;
}

static mp_int_t pin_get_af(const machine_pin_obj_t *self) {
    return ((self->pin < 8 ? PORT_REG(GPIO_AFRL, self) : PORT_REG(GPIO_AFRH, self)) >>
            (4 * (self->pin % 8))) &
           0xF;
}

/* as the stm32 port prints a pin, Pin(Pin.cpu.A7, mode=Pin.IN, pull=Pin.PULL_UP),
 * with alt=N for one in an alternate function */
static void pin_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_int_t mode = pin_get_mode(self);
    static const qstr_short_t modes[] = {
        [MODE_IN] = MP_QSTR_IN,
        [MODE_OUT] = MP_QSTR_OUT,
        [MODE_ALT] = MP_QSTR_ALT,
        [MODE_ANALOG] = MP_QSTR_ANALOG,
        [MODE_OPEN_DRAIN] = MP_QSTR_OPEN_DRAIN,
        [MODE_ALT_OPEN_DRAIN] = MP_QSTR_ALT_OPEN_DRAIN,
    };
    mp_printf(print, "Pin(Pin.cpu.%c%u, mode=Pin.%q", 'A' + self->port, self->pin,
              (qstr)modes[mode]);
    if (mode != MODE_ANALOG) {
        mp_int_t pull = pin_get_pull(self);
        if (pull == PULL_UP || pull == PULL_DOWN) {
            mp_printf(print, ", pull=Pin.%q",
                      pull == PULL_UP ? MP_QSTR_PULL_UP : MP_QSTR_PULL_DOWN);
        }
        if ((mode & 3) == MODE_ALT) {
            mp_printf(print, ", alt=%d", (int)pin_get_af(self));
        }
    }
    mp_print_str(print, ")");
}

static void pin_configure(machine_pin_obj_t *self, mp_int_t mode, mp_int_t pull, mp_obj_t value) {
    RCC_AHB4ENR |= 1u << self->port;
    if (value != mp_const_none) {
        pin_write(self, mp_obj_is_true(value));
    }
    if (pull >= 0) {
        if (pull > PULL_DOWN) {
            mp_raise_ValueError(MP_ERROR_TEXT("pull: must be None, PULL_UP or PULL_DOWN"));
        }
        set2(self, &PORT_REG(GPIO_PUPDR, self), (uint32_t)pull);
    }
    if (mode >= 0) {
        if (mode != MODE_IN && mode != MODE_OUT && mode != MODE_ALT && mode != MODE_ANALOG &&
            mode != MODE_OPEN_DRAIN && mode != MODE_ALT_OPEN_DRAIN) {
            mp_raise_ValueError(
                MP_ERROR_TEXT("mode: must be IN, OUT, OPEN_DRAIN, ALT, ALT_OPEN_DRAIN or ANALOG"));
        }
        uint32_t otyper = PORT_REG(GPIO_OTYPER, self) & ~(1u << self->pin);
        PORT_REG(GPIO_OTYPER, self) =
            otyper | ((uint32_t)((mode & MODE_OD_FLAG) != 0) << self->pin);
        set2(self, &PORT_REG(GPIO_MODER, self), (uint32_t)(mode & 3));
    }
}

static mp_obj_t pin_obj_init_helper(machine_pin_obj_t *self, size_t n_args,
                                    const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_mode,
        ARG_pull,
        ARG_value
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_mode, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_pull, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_INT(-1) } },
        { MP_QSTR_value, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_int_t mode =
        args[ARG_mode].u_obj == mp_const_none ? -1 : mp_obj_get_int(args[ARG_mode].u_obj);
    mp_int_t pull =
        args[ARG_pull].u_obj == mp_const_none ? PULL_NONE : mp_obj_get_int(args[ARG_pull].u_obj);
    pin_configure(self, mode, pull, args[ARG_value].u_obj);
    return mp_const_none;
}

mp_obj_t mp_pin_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                         const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, MP_OBJ_FUN_ARGS_MAX, true);
    machine_pin_obj_t *self = mp_obj_malloc(machine_pin_obj_t, &machine_pin_type);
    if (mp_obj_is_type(args[0], &machine_pin_type)) {
        const machine_pin_obj_t *other = MP_OBJ_TO_PTR(args[0]); /* Pin(Pin.cpu.A0, ...) */
        self->port = other->port;
        self->pin = other->pin;
    } else if (mp_obj_is_str(args[0])) {
        size_t len;
        const char *s = mp_obj_str_get_data(args[0], &len);
        if (!parse_name(s, len, &self->port, &self->pin)) {
            mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("id: unknown pin '%s'"), s);
        }
    } else {
        mp_int_t n = mp_obj_get_int(args[0]);
        if (n < 0 || n >= 11 * 16) {
            mp_raise_ValueError(MP_ERROR_TEXT("id: pin number out of range 0..175"));
        }
        self->port = (uint8_t)(n / 16);
        self->pin = (uint8_t)(n % 16);
    }
    if (n_args > 1 || n_kw > 0) {
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        pin_obj_init_helper(self, n_args - 1, args + 1, &kw_args);
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t pin_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (n_args == 0) {
        return MP_OBJ_NEW_SMALL_INT((PORT_REG(GPIO_IDR, self) >> self->pin) & 1);
    }
    pin_write(self, mp_obj_is_true(args[0]));
    return mp_const_none;
}

static mp_obj_t pin_init(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    return pin_obj_init_helper(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, kw_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pin_init_obj, 1, pin_init);

static mp_obj_t pin_value(size_t n_args, const mp_obj_t *args) {
    return pin_call(args[0], n_args - 1, 0, args + 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pin_value_obj, 1, 2, pin_value);

static mp_obj_t pin_on(mp_obj_t self_in) {
    pin_write(MP_OBJ_TO_PTR(self_in), true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_on_obj, pin_on);

static mp_obj_t pin_off(mp_obj_t self_in) {
    pin_write(MP_OBJ_TO_PTR(self_in), false);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_off_obj, pin_off);

static mp_obj_t pin_toggle(mp_obj_t self_in) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    PORT_REG(GPIO_ODR, self) ^= 1u << self->pin;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_toggle_obj, pin_toggle);

/* name(), pin(), port(), as pyb.Pin has them: 'A0', 0, 0 */
static mp_obj_t pin_name(mp_obj_t self_in) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    char buf[4] = { (char)('A' + self->port), 0, 0, 0 };
    if (self->pin >= 10) {
        buf[1] = '1';
        buf[2] = (char)('0' + self->pin - 10);
    } else {
        buf[1] = (char)('0' + self->pin);
    }
    return mp_obj_new_str(buf, strlen(buf));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_name_obj, pin_name);

static mp_obj_t pin_pin(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in))->pin);
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_pin_obj, pin_pin);

static mp_obj_t pin_port(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(((machine_pin_obj_t *)MP_OBJ_TO_PTR(self_in))->port);
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_port_obj, pin_port);

/* mode(), pull(), af(): what the pin's registers hold, as pyb.Pin has them */
static mp_obj_t pin_mode(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(pin_get_mode(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_mode_obj, pin_mode);

static mp_obj_t pin_pull(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(pin_get_pull(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_pull_obj, pin_pull);

static mp_obj_t pin_af(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(pin_get_af(MP_OBJ_TO_PTR(self_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pin_af_obj, pin_af);

/* Pin.cpu.A7 and Pin.board.LED_RED, as the stm32 port names pins: an
 * attribute of either is that pin (a new Pin object each time) */
typedef struct {
    mp_obj_base_t base;
    bool board; /* the board's names, else the chip's (A0..K15) */
} pin_names_obj_t;

static void pin_names_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* they are read only */
    }
    const pin_names_obj_t *self = MP_OBJ_TO_PTR(self_in);
    size_t len;
    const char *name = (const char *)qstr_data(attr, &len);
    uint8_t port, pin;
    bool found;
    if (self->board) {
        found = parse_board_name(name, len, &port, &pin);
    } else {
        char chip[5] = { 'P' }; /* "A7" is "PA7", at most "PK15" */
        found = len < sizeof(chip) - 1;
        if (found) {
            memcpy(chip + 1, name, len);
            found = parse_chip_name(chip, len + 1, &port, &pin);
        }
    }
    if (found) {
        machine_pin_obj_t *p = mp_obj_malloc(machine_pin_obj_t, &machine_pin_type);
        p->port = port;
        p->pin = pin;
        dest[0] = MP_OBJ_FROM_PTR(p);
    }
}

static MP_DEFINE_CONST_OBJ_TYPE(pin_names_type, MP_QSTR_names, MP_TYPE_FLAG_NONE, attr,
                                pin_names_attr);
static const pin_names_obj_t pin_cpu_obj = { { &pin_names_type }, false };
static const pin_names_obj_t pin_board_obj = { { &pin_names_type }, true };

static void exti_irq(void) {
    uint32_t pr = EXTI_C1PR1 & 0xFFFF;
    EXTI_C1PR1 = pr;
    for (unsigned line = 0; line < 16; line++) {
        if ((pr & (1u << line)) && MP_STATE_PORT(pin_irq_handler)[line] != mp_const_none) {
            mp_sched_schedule(MP_STATE_PORT(pin_irq_handler)[line],
                              MP_STATE_PORT(pin_irq_pin)[line]);
        }
    }
}

static mp_obj_t pin_irq(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum {
        ARG_handler,
        ARG_trigger,
        ARG_hard
    };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_handler, MP_ARG_OBJ, { .u_rom_obj = MP_ROM_NONE } },
        { MP_QSTR_trigger, MP_ARG_INT, { .u_int = IRQ_RISING | IRQ_FALLING } },
        { MP_QSTR_hard, MP_ARG_BOOL, { .u_bool = false } },
    };
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(pos_args[0]);
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args,
                     args);
    mp_obj_t handler = args[ARG_handler].u_obj;
    uint32_t line = self->pin, bit = 1u << line;

    if (handler != mp_const_none && !mp_obj_is_callable(handler)) {
        mp_raise_TypeError(MP_ERROR_TEXT("handler: must be callable or None"));
    }
    if (args[ARG_trigger].u_int & ~(IRQ_RISING | IRQ_FALLING)) {
        mp_raise_ValueError(MP_ERROR_TEXT("trigger: IRQ_RISING and/or IRQ_FALLING"));
    }
    EXTI_C1IMR1 &= ~bit;
    MP_STATE_PORT(pin_irq_handler)[line] = handler;
    MP_STATE_PORT(pin_irq_pin)[line] = MP_OBJ_FROM_PTR(self);
    if (handler != mp_const_none) {
        RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
        uint32_t shift = 4 * (line % 4);
        SYSCFG_EXTICR(line / 4) =
            (SYSCFG_EXTICR(line / 4) & ~(0xFu << shift)) | ((uint32_t)self->port << shift);
        EXTI_RTSR1 = (args[ARG_trigger].u_int & IRQ_RISING) ? EXTI_RTSR1 | bit : EXTI_RTSR1 & ~bit;
        EXTI_FTSR1 = (args[ARG_trigger].u_int & IRQ_FALLING) ? EXTI_FTSR1 | bit : EXTI_FTSR1 & ~bit;
        EXTI_C1PR1 = bit;
        EXTI_C1IMR1 |= bit;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(pin_irq_obj, 1, pin_irq);

void h747_pin_init(void) {
    for (int i = 0; i < 16; i++) {
        MP_STATE_PORT(pin_irq_handler)[i] = mp_const_none;
        MP_STATE_PORT(pin_irq_pin)[i] = mp_const_none;
    }
    static const int irqs[] = { 6, 7, 8, 9, 10, H7_IRQ_EXTI9_5, H7_IRQ_EXTI15_10 };
    for (size_t i = 0; i < MP_ARRAY_SIZE(irqs); i++) {
        h7_irq_set(irqs[i], exti_irq);
        h7_nvic_enable(irqs[i], 2);
    }
}

void h747_pin_deinit(void) {
    EXTI_C1IMR1 &= ~0xFFFFu; /* no callbacks survive a soft reset */
}

static mp_uint_t pin_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    machine_pin_obj_t *self = MP_OBJ_TO_PTR(self_in);
    switch (request) {
        case MP_PIN_READ:
            return (PORT_REG(GPIO_IDR, self) >> self->pin) & 1;
        case MP_PIN_WRITE:
            pin_write(self, arg);
            return 0;
    }
    *errcode = MP_EINVAL;
    return -1;
}

static const mp_pin_p_t pin_pin_p = { .ioctl = pin_ioctl };

static const mp_rom_map_elem_t pin_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pin_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_value), MP_ROM_PTR(&pin_value_obj) },
    { MP_ROM_QSTR(MP_QSTR_on), MP_ROM_PTR(&pin_on_obj) },
    { MP_ROM_QSTR(MP_QSTR_off), MP_ROM_PTR(&pin_off_obj) },
    { MP_ROM_QSTR(MP_QSTR_toggle), MP_ROM_PTR(&pin_toggle_obj) },
    { MP_ROM_QSTR(MP_QSTR_irq), MP_ROM_PTR(&pin_irq_obj) },
    { MP_ROM_QSTR(MP_QSTR_name), MP_ROM_PTR(&pin_name_obj) },
    { MP_ROM_QSTR(MP_QSTR_pin), MP_ROM_PTR(&pin_pin_obj) },
    { MP_ROM_QSTR(MP_QSTR_port), MP_ROM_PTR(&pin_port_obj) },
    { MP_ROM_QSTR(MP_QSTR_mode), MP_ROM_PTR(&pin_mode_obj) },
    { MP_ROM_QSTR(MP_QSTR_pull), MP_ROM_PTR(&pin_pull_obj) },
    { MP_ROM_QSTR(MP_QSTR_af), MP_ROM_PTR(&pin_af_obj) },
    { MP_ROM_QSTR(MP_QSTR_low), MP_ROM_PTR(&pin_off_obj) },
    { MP_ROM_QSTR(MP_QSTR_high), MP_ROM_PTR(&pin_on_obj) },
    { MP_ROM_QSTR(MP_QSTR_cpu), MP_ROM_PTR(&pin_cpu_obj) },
    { MP_ROM_QSTR(MP_QSTR_board), MP_ROM_PTR(&pin_board_obj) },
    { MP_ROM_QSTR(MP_QSTR_IN), MP_ROM_INT(MODE_IN) },
    { MP_ROM_QSTR(MP_QSTR_OUT), MP_ROM_INT(MODE_OUT) },
    { MP_ROM_QSTR(MP_QSTR_OPEN_DRAIN), MP_ROM_INT(MODE_OPEN_DRAIN) },
    { MP_ROM_QSTR(MP_QSTR_ALT), MP_ROM_INT(MODE_ALT) },
    { MP_ROM_QSTR(MP_QSTR_ALT_OPEN_DRAIN), MP_ROM_INT(MODE_ALT_OPEN_DRAIN) },
    { MP_ROM_QSTR(MP_QSTR_ANALOG), MP_ROM_INT(MODE_ANALOG) },
    { MP_ROM_QSTR(MP_QSTR_PULL_NONE), MP_ROM_INT(PULL_NONE) },
    { MP_ROM_QSTR(MP_QSTR_PULL_UP), MP_ROM_INT(PULL_UP) },
    { MP_ROM_QSTR(MP_QSTR_PULL_DOWN), MP_ROM_INT(PULL_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_RISING), MP_ROM_INT(IRQ_RISING) },
    { MP_ROM_QSTR(MP_QSTR_IRQ_FALLING), MP_ROM_INT(IRQ_FALLING) },
};
static MP_DEFINE_CONST_DICT(pin_locals_dict, pin_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(machine_pin_type, MP_QSTR_Pin, MP_TYPE_FLAG_NONE, make_new,
                         mp_pin_make_new, print, pin_print, call, pin_call, protocol, &pin_pin_p,
                         locals_dict, &pin_locals_dict);
