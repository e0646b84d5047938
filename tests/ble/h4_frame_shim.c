/*
 * LD_PRELOAD shim for BlueZ's btvirt: recv() on its clients' sockets
 * returns whole H4 packets.
 *
 * btvirt 5.66 (emulator/server.c, client_read_callback) takes an ACL
 * packet's length from its header before it has checked that the header
 * has arrived, and keeps the bytes of an unfinished header in a buffer
 * that all clients share.  A host that writes a packet in one send() never
 * meets this; a UART does: QEMU hands the guest's bytes to the socket one
 * at a time, so an ACL packet from the virtual board is mis-framed (it is
 * held until later bytes complete the wrong length, or split wrongly) and
 * the peer sees it seconds late or never.  With this shim btvirt's reads
 * end on packet boundaries, which is what its parser assumes.
 *
 * Only sockets that btvirt accept()s on a unix socket are framed; a packet
 * whose remaining bytes do not come within FRAME_WAIT_MS is handed on as
 * it is, as btvirt would have had it.
 *
 * On those sockets a Disconnection Complete event also goes out one
 * connection interval (CONN_INTERVAL_MS) late.  btvirt ends a link the
 * moment a host asks; over a radio the peer learns of it a connection
 * interval later at the least, and MicroPython's tests count on that (the
 * board, slower than a unix instance, printed the peer's disconnection
 * ahead of its own last line in ble_l2cap and ble_mtu_peripheral).
 *
 * With H7_ACL_SPACING_MS set, ACL packets to a client go out at least that
 * far apart, as a radio link carries them in connection events: a request
 * that answers the peer's response comes a connection interval after it,
 * not in the same poll (MicroPython's ble_descriptor counts on that: it
 * keeps the events it waits for in a dict, and two writes that arrive
 * together count as one).  The benchmarks leave it unset: they measure
 * the hosts, not a radio.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "h4.h"

#define MAX_FD          1024
#define BUF_BYTES       8192
#define FRAME_WAIT_MS   200
#define CONN_INTERVAL_MS 50

typedef struct {
    size_t have;
    uint8_t data[BUF_BYTES];
    int64_t last_acl_ms;                /* when the last ACL packet went to this client */
} framer_t;

static framer_t *framers[MAX_FD];

#define REAL(ret, name, ...) \
    static ret (*real_##name)(__VA_ARGS__); \
    if (!real_##name) real_##name = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

/* bytes at the start of the buffer that make whole packets fitting in max
 * (everything buffered when it does not parse as H4) */
static size_t whole_packets(const framer_t *f, size_t max)
{
    size_t n = 0;
    while (n < f->have) {
        size_t l = h7bt_h4_packet_len(f->data + n, f->have - n);
        if (l == SIZE_MAX) {
            return f->have < max ? f->have : max;
        }
        if (l == 0 || n + l > f->have || n + l > max) {
            break;
        }
        n += l;
    }
    return n;
}

static ssize_t framed_recv(int fd, framer_t *f, void *buf, size_t len, int flags)
{
    REAL(ssize_t, recv, int, void *, size_t, int);
    for (int waited = 0;; waited += 10) {
        ssize_t r = -1;
        if (f->have < BUF_BYTES) {
            r = real_recv(fd, f->data + f->have, BUF_BYTES - f->have, flags | MSG_DONTWAIT);
            if (r > 0) {
                f->have += (size_t)r;
            }
        }
        size_t n = whole_packets(f, len);
        bool more_coming = r != 0 && f->have < BUF_BYTES && h7bt_h4_packet_len(f->data, f->have) <= len;
        if (!n && f->have && more_coming && waited < FRAME_WAIT_MS) {
            struct pollfd p = { fd, POLLIN, 0 };
            poll(&p, 1, 10);                        /* the rest of the packet is on its way */
            continue;
        }
        if (!n) {
            n = f->have < len ? f->have : len;      /* hand on what there is */
        }
        if (!n) {
            return r;                               /* EOF, EAGAIN or an error */
        }
        memcpy(buf, f->data, n);
        f->have -= n;
        memmove(f->data, f->data + n, f->have);
        return (ssize_t)n;
    }
}

static int frame_if_unix(int lfd, int fd)
{
    struct sockaddr_storage sa;
    socklen_t sl = sizeof(sa);
    if (fd >= 0 && fd < MAX_FD && getsockname(lfd, (struct sockaddr *)&sa, &sl) == 0 &&
        sa.ss_family == AF_UNIX) {
        free(framers[fd]);
        framers[fd] = calloc(1, sizeof(framer_t));
    }
    return fd;
}

int accept(int fd, struct sockaddr *sa, socklen_t *len)
{
    REAL(int, accept, int, struct sockaddr *, socklen_t *);
    return frame_if_unix(fd, real_accept(fd, sa, len));
}

int accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
    REAL(int, accept4, int, struct sockaddr *, socklen_t *, int);
    return frame_if_unix(fd, real_accept4(fd, sa, len, flags));
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
    REAL(ssize_t, recv, int, void *, size_t, int);
    framer_t *f = fd >= 0 && fd < MAX_FD ? framers[fd] : NULL;
    return f && !(flags & MSG_PEEK) ? framed_recv(fd, f, buf, len, flags) :
           real_recv(fd, buf, len, flags);
}

/* byte i of a message gathered from its iovecs (btdev puts the packet
 * type, the header and the parameters in separate ones); -1 past the end */
static int msg_byte(const struct msghdr *msg, size_t i)
{
    for (size_t v = 0; v < msg->msg_iovlen; v++) {
        if (i < msg->msg_iov[v].iov_len) {
            return ((const uint8_t *)msg->msg_iov[v].iov_base)[i];
        }
        i -= msg->msg_iov[v].iov_len;
    }
    return -1;
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* H7_ACL_SPACING_MS, or 0 when unset */
static int acl_spacing_ms(void)
{
    static int ms = -1;
    if (ms < 0) {
        const char *e = getenv("H7_ACL_SPACING_MS");
        ms = e ? atoi(e) : 0;
        ms = ms < 0 ? 0 : ms;
    }
    return ms;
}

/* btvirt sends each H4 packet to a client with one sendmsg() */
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    REAL(ssize_t, sendmsg, int, const struct msghdr *, int);
    framer_t *f = fd >= 0 && fd < MAX_FD ? framers[fd] : NULL;
    if (f && msg_byte(msg, 0) == H4_EVT && msg_byte(msg, 1) == 0x05) {  /* Disconnection Complete */
        poll(NULL, 0, CONN_INTERVAL_MS);
    }
    if (f && msg_byte(msg, 0) == H4_ACL && acl_spacing_ms()) {
        int64_t wait = f->last_acl_ms + acl_spacing_ms() - now_ms();
        if (wait > 0) {
            poll(NULL, 0, (int)wait);
        }
        f->last_acl_ms = now_ms();
    }
    return real_sendmsg(fd, msg, flags);
}

int close(int fd)
{
    REAL(int, close, int);
    if (fd >= 0 && fd < MAX_FD && framers[fd]) {
        free(framers[fd]);
        framers[fd] = NULL;
    }
    return real_close(fd);
}
