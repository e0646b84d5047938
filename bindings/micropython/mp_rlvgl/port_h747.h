/* mp_rlvgl's board glue on the STM32H747I-DISCO CM7: lib/ui's application
 * side over the display-stack channel that the port binds at boot
 * (firmware/h747-cm7/modipc.c) to the CM4 render core. */
#ifndef H7STACK_MP_RLVGL_PORT_H747_H
#define H7STACK_MP_RLVGL_PORT_H747_H

#include "ui_app.h"

/* the application side, or NULL when the CM4 does not run; on_ring runs in
 * the doorbell interrupt when the CM4 has events for an idle CM7 */
ui_app_t *h747_ui_app(void (*on_ring)(void));

#endif
