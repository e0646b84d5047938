/* The display-stack channel on the CM7: lib/ui's application side bound to
 * the CM4 render core over SRAM4 and HSEM (lib/ipc). */
#ifndef H7STACK_H747_UI_H
#define H7STACK_H747_UI_H

#include "ui_app.h"

/* once at boot, after the shared block is laid out (weak: the port builds
 * without the mp_rlvgl module too) */
void h747_ui_start(void) __attribute__((weak));
/* the application side, or NULL when the CM4 does not run; on_ring runs in
 * the doorbell interrupt when the CM4 has events for an idle CM7 */
ui_app_t *h747_ui_app(void (*on_ring)(void));

#endif
