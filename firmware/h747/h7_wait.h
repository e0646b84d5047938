/*
 * Timeouts for polled waits in the board-support code, in milliseconds of
 * SysTick counted by its COUNTFLAG (set at each 1 ms wrap, cleared when CSR
 * is read; only these waits read CSR), so a limit is the same time on any
 * core speed; with SysTick off, a count of polls instead.
 *
 *   h7_wait_t w;
 *   h7_wait_start(&w, 10);
 *   while (!ready()) { if (h7_wait_expired(&w)) return TIMEOUT; }
 */
#ifndef H7STACK_H7_WAIT_H
#define H7STACK_H7_WAIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    bool ticking;
    uint32_t left_ms;
    uint32_t spins;
} h7_wait_t;

void h7_wait_start(h7_wait_t *w, uint32_t timeout_ms);
/* call once per poll: true once the time is up */
bool h7_wait_expired(h7_wait_t *w);

#endif
