#ifndef H7STACK_H747_PORT_H
#define H7STACK_H747_PORT_H

#include <stdint.h>
#include "py/obj.h"
#include "h7_ipc.h"

extern uint32_t h747_cpu_hz;
extern uint32_t h747_reset_flags;   /* RCC_RSR at boot */
extern bool h747_woke_from_standby; /* PWR SBF at boot: machine.deepsleep ended */

void h747_pin_init(void);
/* the heap figures block for scripts/h7top (heap_stats.c): init after
 * mp_init; poll while waiting for console input */
void h747_heap_stats_init(void);
void h747_heap_stats_poll(void);
void h747_pin_deinit(void);
/* the chip pin (port * 16 + number, as H7_PIN) a Pin, name or number
 * names; TypeError for another kind of pin */
uint8_t h747_pin_id(mp_obj_t pin);
void h747_timers_deinit_all(void);  /* soft reset: TIM1-17 stop */
void machine_uart_deinit_all(void); /* soft reset: machine.UARTs stop */
void h747_exec_reset(void);
void h747_ipc_start(void);
/* the board's SDRAM is usable (the CM4 set it up with the display) */
bool h747_sdram_ready(void);
/* a word from the RNG: false if it gave none (h747_rng_word raises OSError) */
bool h747_rng_read(uint32_t *word);
uint32_t h747_rng_word(void);
/* the display-stack channel to the CM4 and its doorbell (NULL before
 * h747_ipc_start), for a binding's board glue */
ipc_chan_t *h747_ui_channel(h7_bell_t **bell);

/* work that must run at the next soft reset, before the heap goes (a
 * binding that holds the hardware: BLE closes its links and UART8); each
 * hook runs once, then the list is empty again; adding one twice is a no-op */
typedef struct h747_soft_reset_hook {
    void (*fn)(void);
    struct h747_soft_reset_hook *next;
} h747_soft_reset_hook_t;
void h747_soft_reset_hook_add(h747_soft_reset_hook_t *hook);

extern const mp_obj_type_t machine_pin_type;
extern const mp_obj_type_t machine_rtc_type;
void h747_rtc_init(void);
/* the RTC's wakeup timer in ms (ValueError/OSError as RTC.wakeup);
 * h747_rtc_woke turns true when it fires */
void h747_rtc_wakeup_ms(mp_int_t ms);
extern volatile bool h747_rtc_woke;
bool h747_rtc_time_ns(uint64_t *ns);         /* false: no RTC (the LSE failed) */
extern const mp_obj_type_t h747_flash_type;  /* the Quad-SPI NOR */
extern const mp_obj_type_t h747_iflash_type; /* the old /flash area, read only */
extern const mp_obj_type_t pyb_timer_type;   /* TIM1-8, TIM12-17 */
/* the timer a pyb.Timer object drives (TypeError for anything else) */
#include "h7_tim.h"
const h7_tim_t *pyb_timer_hw(mp_obj_t timer);
extern const mp_obj_type_t pyb_spi_type;        /* SPI1-6, controller and peripheral */
extern const mp_obj_type_t pyb_dac_type;        /* DAC1's channels on PA4, PA5 */
extern const mp_obj_type_t machine_sdcard_type; /* the microSD slot (SDMMC1) */

/* the SPI settings machine.SPI and pyb.SPI share (machine_spi.c) */
#include "h7_spi.h"
#define H747_SPI_MSB        0
#define H747_SPI_LSB        1
#define H747_SPI_TIMEOUT_MS 1000 /* a frame's wait in machine.SPI transfers */
typedef struct {
    h7_spi_cfg_t cfg;
    uint32_t actual_baud, prescaler;
} h747_spi_settings_t;
const h7_spi_t *h747_spi_from_id(mp_obj_t id); /* ValueError naming it */
uint32_t h747_spi_arg_baudrate(mp_obj_t baud);
uint8_t h747_spi_arg_bits(mp_obj_t bits);
void h747_spi_check_mode(mp_int_t polarity, mp_int_t phase, mp_int_t firstbit);
/* the hardware set as *set says; its baud rate and divider filled in */
void h747_spi_apply(const h7_spi_t *spi, h747_spi_settings_t *set);
mp_obj_t mp_pin_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
                         const mp_obj_t *args);

#endif
