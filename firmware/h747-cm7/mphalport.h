#ifndef H7STACK_MPHALPORT_H
#define H7STACK_MPHALPORT_H

#include "py/mpconfig.h"
#include "shared/runtime/interrupt_char.h"

/* cpu_hz: the core clock SysTick (the time base) counts */
void mp_hal_init(uint32_t cpu_hz);
mp_uint_t mp_hal_ticks_ms(void);
mp_uint_t mp_hal_ticks_us(void);
mp_uint_t mp_hal_ticks_cpu(void);
void mp_hal_delay_ms(mp_uint_t ms);
void mp_hal_delay_us(mp_uint_t us);
uint64_t mp_hal_time_ns(void);

/* MAC addresses, numbered as upstream's stm32 port numbers them */
enum {
    MP_HAL_MAC_WLAN0 = 0,
    MP_HAL_MAC_WLAN1,
    MP_HAL_MAC_BDADDR,
    MP_HAL_MAC_ETH0,
};
/* a locally administered address from the unique ID and idx */
void mp_hal_get_mac(int idx, uint8_t buf[6]);

#define mp_hal_quiet_timing_enter()         MICROPY_BEGIN_ATOMIC_SECTION()
#define mp_hal_quiet_timing_exit(irq_state) MICROPY_END_ATOMIC_SECTION(irq_state)
#define mp_hal_delay_us_fast(us)            mp_hal_delay_us(us)

/* pins for extmod (time_pulse_us, SoftI2C...): a machine.Pin or any
 * machine.PinBase, through the pin protocol */
#include "extmod/virtpin.h"
#define mp_hal_pin_obj_t       mp_obj_t
#define mp_hal_pin_read(p)     mp_virtual_pin_read(p)
#define mp_hal_pin_write(p, v) mp_virtual_pin_write((p), (v))
mp_hal_pin_obj_t mp_hal_get_pin_obj(mp_obj_t o); /* TypeError/ValueError if not a pin */
/* open drain (SoftI2C): low pulls the line, high lets it go */
void mp_hal_pin_open_drain(mp_hal_pin_obj_t p); /* a machine.Pin: OPEN_DRAIN, pulled up */
void mp_hal_pin_output(mp_hal_pin_obj_t p);     /* a machine.Pin: OUT (SoftSPI's SCK, MOSI) */
void mp_hal_pin_input(mp_hal_pin_obj_t p);      /* a machine.Pin: IN, no pull (SoftSPI's MISO) */
#define mp_hal_pin_od_low(p)  mp_virtual_pin_write((p), 0)
#define mp_hal_pin_od_high(p) mp_virtual_pin_write((p), 1)
/* printed as the number Pin() takes: port * 16 + pin (0 for a PinBase) */
#define MP_HAL_PIN_FMT "%u"
unsigned mp_hal_pin_name(mp_hal_pin_obj_t p);

#endif
