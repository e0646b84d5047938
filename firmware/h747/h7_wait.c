#include "stm32h747.h"
#include "h7_wait.h"

#define SPINS_PER_MS 2500u /* without SysTick: polls standing for 1 ms */

void h7_wait_start(h7_wait_t *w, uint32_t timeout_ms) {
    w->ticking = (SYST_CSR & SYST_CSR_ENABLE) != 0;
    /* +1: the first wrap may come at once */
    w->left_ms = timeout_ms + 1;
    w->spins = 0;
}

bool h7_wait_expired(h7_wait_t *w) {
    if (w->ticking) {
        if ((SYST_CSR & SYST_CSR_COUNTFLAG) && w->left_ms) {
            w->left_ms--;
        }
    } else if (++w->spins >= SPINS_PER_MS) {
        w->spins = 0;
        w->left_ms--;
    }
    return w->left_ms == 0;
}
