/* lwIP in the port: the PendSV context it runs in, its clock (lwip_port.h) */
#include "py/mphal.h"
#include "py/runtime.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "lwip/netif.h"

#include "stm32h747.h"
#include "h7_tick.h"
#include "lwip_port.h"

#define SCB_SHPR3           REG32(0xE000ED20u)
#define SHPR3_PENDSV_SHIFT  16
#define PRIO_LOWEST         0xF0u /* 4 priority bits */
#define ICSR_PENDSVSET      (1u << 28)
#define RCC_AHB2ENR_SRAM1EN (1u << 29)

static volatile h747_net_poll_fn poll_fn;

void h747_lwip_assert(const char *msg, const char *file, int line) {
    mp_printf(&mp_plat_print, "lwIP assertion \"%s\" failed at %s:%d\n", msg, file, line);
}

u32_t sys_now(void) {
    return mp_hal_ticks_ms();
}

void h747_net_wake(void) {
    SCB_ICSR = ICSR_PENDSVSET;
}

/* every millisecond: loopback traffic waits for a poll, and lwIP's timers
 * (the finest, TCP's fast one, is 250 ms) are checked cheaply */
static void net_tick(void) {
    h747_net_wake();
}

void PendSV_Handler(void) {
    h747_net_poll_fn fn = poll_fn;
    if (fn) {
        fn();
    }
    netif_poll_all(); /* what was sent to 127.0.0.1 comes back in */
    sys_check_timeouts();
}

uint32_t h747_net_lock(void) {
    uint32_t old;
    __asm volatile("mrs %0, basepri" : "=r"(old));
    __asm volatile("msr basepri_max, %0" : : "r"(PRIO_LOWEST) : "memory");
    return old;
}

void h747_net_unlock(uint32_t state) {
    __asm volatile("msr basepri, %0" : : "r"(state) : "memory");
}

void h747_net_set_poll(h747_net_poll_fn fn) {
    poll_fn = fn;
}

void h747_net_init(void) {
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN; /* lwIP's memory (lwipopts.h) */
    SCB_SHPR3 = (SCB_SHPR3 & ~(0xFFu << SHPR3_PENDSV_SHIFT)) | (PRIO_LOWEST << SHPR3_PENDSV_SHIFT);
    lwip_init();
    h7_tick_enable_dispatch(H7_TICK_SLOT_NET, net_tick);
}
