/*
 * HCI transports for POSIX hosts, both carrying H4: a unix stream socket
 * (BlueZ's btvirt server sockets, any H4 server) or a tty (a UART adapter
 * with a controller behind it, or a PTY), chosen by what the path names.
 * A tty is put in raw 8N1 at the given baud rate.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef H7STACK_BLE_HCI_POSIX_H
#define H7STACK_BLE_HCI_POSIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
    int fd;                             /* -1 when closed */
    bool tty;
} hci_posix_t;

/* 0, or -errno (-EINVAL: a baud rate termios does not have) */
int hci_posix_open(hci_posix_t *t, const char *path, unsigned baud);
void hci_posix_close(hci_posix_t *t);
/* what has arrived, without waiting: > 0 bytes, 0 nothing, < 0 -errno */
ssize_t hci_posix_read(hci_posix_t *t, uint8_t *buf, size_t len);
/* all of it (waits while the tty's or socket's buffer is full): 0 or -errno */
int hci_posix_write(hci_posix_t *t, const uint8_t *data, size_t len);

#endif
