/* A guard between MicroPython's modlwip and lwIP 2.2 for listening sockets.
 *
 * MicroPython 1.25's socket close clears a TCP socket's recv and err
 * callbacks (tcp_recv, tcp_err) whatever the pcb's state. A listening pcb
 * is the smaller struct tcp_pcb_listen, which has neither field: lwIP 2.2
 * asserts, and would then store past the end of the pcb, into the next
 * element of its memory pool. The linker sends modlwip's calls here
 * (-Wl,--wrap in the Makefile); a listening pcb has no such callbacks to
 * clear, so they are left alone. */
#include <stdbool.h>
#include "lwip/tcp.h"

void __real_tcp_recv(struct tcp_pcb *pcb, tcp_recv_fn recv);
void __real_tcp_err(struct tcp_pcb *pcb, tcp_err_fn err);
void __wrap_tcp_recv(struct tcp_pcb *pcb, tcp_recv_fn recv);
void __wrap_tcp_err(struct tcp_pcb *pcb, tcp_err_fn err);

static bool is_listening(const struct tcp_pcb *pcb) {
    return pcb != NULL && pcb->state == LISTEN;
}

void __wrap_tcp_recv(struct tcp_pcb *pcb, tcp_recv_fn recv) {
    if (!is_listening(pcb)) {
        __real_tcp_recv(pcb, recv);
    }
}

void __wrap_tcp_err(struct tcp_pcb *pcb, tcp_err_fn err) {
    if (!is_listening(pcb)) {
        __real_tcp_err(pcb, err);
    }
}
