/* The STM32H747I-DISCO's screen, driven by the render core: SDRAM on the
 * FMC (framebuffer), the LTDC layer scanning it out, the DSI host and the
 * OTM8009A panel in video mode. */
#ifndef H7STACK_CM4_DISPLAY_H
#define H7STACK_CM4_DISPLAY_H

#include <stdint.h>

#define SDRAM_BASE    0xD0000000u
#define DISPLAY_FB    ((uint32_t *)SDRAM_BASE)           /* 800 x 480 XRGB8888 */
#define DISPLAY_NODES ((void *)(SDRAM_BASE + 0x200000u)) /* lib/ui's stack */

/* 0 on success, else a negative step number that failed (timeouts) */
int display_init(void);

#endif
