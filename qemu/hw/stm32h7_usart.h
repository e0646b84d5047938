/*
 * STM32H7 USART/UART (RM0399 and RM0477 "USART/UART"), asynchronous mode on
 * a chardev.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef H7STACK_STM32H7_USART_H
#define H7STACK_STM32H7_USART_H

#include "hw/sysbus.h"
#include "chardev/char-fe.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32H7_USART "stm32h7-usart"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32h7UsartState, STM32H7_USART)

#define STM32H7_USART_FIFO 16

/* where finished frames go besides the chardev: a character or a break */
typedef void (*Stm32h7UsartSink)(void *opaque, uint8_t ch, bool brk);

struct Stm32h7UsartState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    CharBackend chr;
    Clock *clk;
    qemu_irq irq;

    uint32_t cr1, cr2, cr3, brr, gtpr, rtor, presc;
    uint32_t err_flags; /* PE FE NE ORE IDLE ... as in ISR */
    uint8_t rx[STM32H7_USART_FIFO];
    uint32_t rx_head, rx_count;
    /* TDR and the TX FIFO: bytes the chardev has not taken yet */
    uint8_t tx[STM32H7_USART_FIFO];
    uint32_t tx_head, tx_count;
    guint watch_tag; /* waiting for the chardev to take more */

    /* the shift register of a paced line */
    bool paced;
    QEMUTimer *tx_timer; /* end of the frame being sent */
    bool tx_shifting, frame_elapsed, shift_sent, shift_break;
    uint8_t shift;
    int64_t frame_end;  /* when the frame on the line ends (virtual ns) */
    bool break_pending; /* SBKF: RQR.SBKRQ not yet on the line */
    Stm32h7UsartSink sink;
    void *sink_opaque;

    QEMUTimer *idle_timer; /* a frame time after the last character in */
    bool idle_armed;

    /* hardware flow control: nRTS out ("rts": 0, 1, or -1 when RTSE is
     * clear and the USART does not drive it), nCTS in ("cts") */
    qemu_irq rts;
    int8_t rts_level;
    bool cts_high;
};

/* frames from this USART's TX line also go to sink (the SoC's jumpers) */
void stm32h7_usart_set_line_sink(Stm32h7UsartState *s, Stm32h7UsartSink sink,
                                 void *opaque);
/* a frame arriving on the RX line from inside the machine */
void stm32h7_usart_line_receive(Stm32h7UsartState *s, uint8_t ch, bool brk);

#endif
