/*
 * hci_posix.h: the socket and tty transports.
 *
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE                 /* cfmakeraw, cfsetspeed */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include "hci_posix.h"

static speed_t speed(unsigned baud)
{
    static const struct { unsigned baud; speed_t s; } rates[] = {
        { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
        { 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
        { 1000000, B1000000 }, { 2000000, B2000000 }, { 3000000, B3000000 },
    };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        if (rates[i].baud == baud) {
            return rates[i].s;
        }
    }
    return B0;
}

static int open_tty(const char *path, unsigned baud)
{
    speed_t s = speed(baud);
    if (s == B0) {
        return -EINVAL;
    }
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    struct termios tio;
    if (tcgetattr(fd, &tio) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    cfsetispeed(&tio, s);
    cfsetospeed(&tio, s);
    if (tcsetattr(fd, TCSANOW, &tio) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    tcflush(fd, TCIOFLUSH);
    return fd;
}

static int open_socket(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        return -ENAMETOOLONG;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

int hci_posix_open(hci_posix_t *t, const char *path, unsigned baud)
{
    struct stat st;
    t->fd = -1;
    if (stat(path, &st) < 0) {
        return -errno;
    }
    t->tty = S_ISCHR(st.st_mode);
    int fd = t->tty ? open_tty(path, baud) : open_socket(path);
    if (fd < 0) {
        return fd;
    }
    t->fd = fd;
    return 0;
}

void hci_posix_close(hci_posix_t *t)
{
    if (t->fd >= 0) {
        close(t->fd);
    }
    t->fd = -1;
}

ssize_t hci_posix_read(hci_posix_t *t, uint8_t *buf, size_t len)
{
    if (t->fd < 0) {
        return -EBADF;
    }
    ssize_t r = t->tty ? read(t->fd, buf, len) : recv(t->fd, buf, len, MSG_DONTWAIT);
    if (r < 0) {
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    }
    return r ? r : -EPIPE;              /* 0: the other end closed */
}

int hci_posix_write(hci_posix_t *t, const uint8_t *data, size_t len)
{
    while (len) {
        ssize_t w = t->tty ? write(t->fd, data, len) : send(t->fd, data, len, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) {
            continue;                   /* e.g. MicroPython's poll thread waking the VM */
        }
        if (w < 0 && errno == EAGAIN) {
            struct pollfd p = { t->fd, POLLOUT, 0 };
            poll(&p, 1, 100);
            continue;
        }
        if (w <= 0) {
            return w < 0 ? -errno : -EIO;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}
