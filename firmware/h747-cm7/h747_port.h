#ifndef H7STACK_H747_PORT_H
#define H7STACK_H747_PORT_H

#include <stdint.h>
#include "py/obj.h"

extern uint32_t h747_cpu_hz;
extern uint32_t h747_reset_flags;   /* RCC_RSR at boot */

void h747_pin_init(void);
void h747_pin_deinit(void);
void h747_flash_sync(void);
void h747_exec_reset(void);
void h747_ipc_start(void);
uint32_t h747_rng_word(void);
void h747_ble_tick(void);           /* SysTick: bindings/micropython/ble/port_h747.c */

extern const mp_obj_type_t machine_pin_type;
extern const mp_obj_type_t h747_flash_type;
mp_obj_t mp_pin_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);

#endif
