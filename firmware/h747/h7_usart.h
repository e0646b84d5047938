/*
 * The U(S)ARTs of the STM32H747 as the DISCO board wires them: which exist
 * on free pins, their registers, interrupt line, clock and kernel clock, and
 * frame set-up (RM0399 "USART/UART").  Data moves in the caller's interrupt
 * handler; this file only configures.  Ids are the peripheral numbers 1-8.
 */
#ifndef H7STACK_H7_USART_H
#define H7STACK_H7_USART_H

#include <stdbool.h>
#include <stdint.h>

#define H7_USART_MAX_ID 8

typedef struct {
    uint32_t base;
    uint8_t irqn;
    uint8_t tx, rx; /* H7_PIN(); H7_PIN_NONE: not on a free pin here */
    uint8_t af;
    uint8_t rts, cts; /* hardware flow control pins, or H7_PIN_NONE */
    uint8_t flow_af;
} h7_usart_hw_t;

/* the U(S)ART, or NULL when id is not 1-8 or the board leaves it no pins */
const h7_usart_hw_t *h7_usart_hw(unsigned id);

/* exclusive use: false when another user (BLE's HCI on UART8) holds it */
bool h7_usart_claim(unsigned id);
void h7_usart_release(unsigned id);

typedef struct {
    uint32_t baudrate;
    uint8_t bits;   /* 7, 8 or 9, parity not counted */
    uint8_t parity; /* H7_USART_PARITY_* */
    uint8_t stop;   /* 1 or 2 */
    bool rts, cts;
} h7_usart_config_t;

enum {
    H7_USART_PARITY_NONE,
    H7_USART_PARITY_EVEN,
    H7_USART_PARITY_ODD
};

/* status codes */
#define H7_USART_OK     0
#define H7_USART_EFRAME -1 /* bits + parity not 7, 8 or 9; stop not 1 or 2 */
#define H7_USART_EBAUD  -2 /* the kernel clock cannot make that rate */
#define H7_USART_EFLOW  -3 /* RTS or CTS asked for where the pin is not free */

/* clock on, pins in their alternate function, frame and rate set, TE RE UE
 * with the FIFO on; interrupts left to the caller.  *actual (if not NULL)
 * gets the baud rate the divider gives. */
int h7_usart_init(unsigned id, const h7_usart_config_t *cfg, uint32_t *actual);
/* UE off, clock off, pins released (RTS and CTS too) */
void h7_usart_deinit(unsigned id);
/* the kernel clock: rcc_pclk2 for USART1/6, rcc_pclk1 for the others */
uint32_t h7_usart_kernel_hz(unsigned id);

#endif
