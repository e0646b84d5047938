/* lwIP's home in the port (lwip_port.c): the stack runs in PendSV, the
 * lowest priority, woken every millisecond by the tick slot and at once by
 * a driver's interrupt; Python code enters it with MICROPY_PY_LWIP_ENTER,
 * which masks PendSV alone. */
#ifndef H7STACK_LWIP_PORT_H
#define H7STACK_LWIP_PORT_H

#include <stdint.h>

typedef void (*h747_net_poll_fn)(void);

/* once at boot: lwIP initialised, its timers on the tick */
void h747_net_init(void);
/* a network interface's receive work, run in PendSV before the timers
 * (NULL: none) */
void h747_net_set_poll(h747_net_poll_fn fn);
/* ask for the stack to run soon (from an interrupt) */
void h747_net_wake(void);

uint32_t h747_net_lock(void);
void h747_net_unlock(uint32_t state);

#endif
