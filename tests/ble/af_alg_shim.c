/*
 * LD_PRELOAD shim: the Linux AF_ALG crypto sockets that BlueZ's btvirt
 * opens (src/shared/crypto.c: "skcipher" ecb(aes) and "hash" cmac(aes)),
 * done in user space, for machines whose kernel has no AF_ALG (btvirt
 * then drops every client).  The unmodified Debian btvirt runs with
 *     LD_PRELOAD=build/ble/libafalg.so btvirt -s
 * Calls on other sockets pass straight through.  What is emulated, as the
 * kernel does it: socket(AF_ALG) + bind(type, name) gives a transform;
 * setsockopt(SOL_ALG, ALG_SET_KEY) sets its key; accept() gives an
 * operation socket; sendmsg/send gives the data (ALG_SET_OP in a control
 * message for the cipher); read/recv returns the result.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_alg.h>
#include "aes_cmac.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif
#define MAX_FD 1024
#define MAX_DATA 4096

enum { NONE, TFM, OP };
enum { ALG_UNKNOWN, ECB_AES, CMAC_AES };

typedef struct {
    int kind, alg;
    uint8_t key[16];
    int has_key;
    uint8_t data[MAX_DATA];             /* OP: cmac input so far */
    size_t len;
    uint8_t out[MAX_DATA];              /* OP: result waiting to be read */
    size_t out_len;
} alg_fd_t;

static alg_fd_t *fds[MAX_FD];

#define REAL(name, ret, ...) \
    static ret (*real_##name)(__VA_ARGS__); \
    if (!real_##name) real_##name = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

static alg_fd_t *get(int fd)
{
    return fd >= 0 && fd < MAX_FD ? fds[fd] : NULL;
}

/* a real descriptor to stand for the socket: nothing else can reuse its number */
static int new_fd(int kind, int alg)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0 || fd >= MAX_FD) {
        if (fd >= 0) {
            close(fd);
        }
        errno = EMFILE;
        return -1;
    }
    alg_fd_t *a = calloc(1, sizeof(*a));
    a->kind = kind;
    a->alg = alg;
    fds[fd] = a;
    return fd;
}

int socket(int domain, int type, int protocol)
{
    REAL(socket, int, int, int, int);
    if (domain == AF_ALG) {
        return new_fd(TFM, ALG_UNKNOWN);
    }
    return real_socket(domain, type, protocol);
}

int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
    REAL(bind, int, int, const struct sockaddr *, socklen_t);
    alg_fd_t *a = get(fd);
    if (!a) {
        return real_bind(fd, sa, len);
    }
    const struct sockaddr_alg *alg = (const void *)sa;
    if (a->kind != TFM || len < sizeof(*alg) || alg->salg_family != AF_ALG) {
        errno = EINVAL;
        return -1;
    }
    if (!strcmp((const char *)alg->salg_type, "skcipher") &&
        !strcmp((const char *)alg->salg_name, "ecb(aes)")) {
        a->alg = ECB_AES;
    } else if (!strcmp((const char *)alg->salg_type, "hash") &&
               !strcmp((const char *)alg->salg_name, "cmac(aes)")) {
        a->alg = CMAC_AES;
    } else {
        errno = ENOENT;                 /* as the kernel says for an unknown algorithm */
        return -1;
    }
    return 0;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
    REAL(setsockopt, int, int, int, int, const void *, socklen_t);
    alg_fd_t *a = get(fd);
    if (!a) {
        return real_setsockopt(fd, level, name, val, len);
    }
    if (level != SOL_ALG || name != ALG_SET_KEY || len != 16 || a->kind != TFM) {
        errno = EINVAL;
        return -1;
    }
    memcpy(a->key, val, 16);
    a->has_key = 1;
    return 0;
}

static int accept_op(int fd)
{
    alg_fd_t *a = get(fd);
    if (a->kind != TFM || a->alg == ALG_UNKNOWN || !a->has_key) {
        errno = EINVAL;
        return -1;
    }
    int op = new_fd(OP, a->alg);
    if (op >= 0) {
        memcpy(fds[op]->key, a->key, 16);
        fds[op]->has_key = 1;
    }
    return op;
}

int accept(int fd, struct sockaddr *sa, socklen_t *len)
{
    REAL(accept, int, int, struct sockaddr *, socklen_t *);
    return get(fd) ? accept_op(fd) : real_accept(fd, sa, len);
}

int accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
    REAL(accept4, int, int, struct sockaddr *, socklen_t *, int);
    return get(fd) ? accept_op(fd) : real_accept4(fd, sa, len, flags);
}

/* data for an operation socket: encrypt at once, or add to the MAC input */
static ssize_t op_data(alg_fd_t *a, const struct iovec *iov, size_t n, int more)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (a->len + iov[i].iov_len > MAX_DATA) {
            errno = EMSGSIZE;
            return -1;
        }
        memcpy(a->data + a->len, iov[i].iov_base, iov[i].iov_len);
        a->len += iov[i].iov_len;
        total += iov[i].iov_len;
    }
    if (a->alg == ECB_AES) {
        if (a->len % 16) {
            errno = EINVAL;
            return -1;
        }
        for (size_t b = 0; b < a->len; b += 16) {
            h7bt_aes128_encrypt(a->key, a->data + b, a->out + b);
        }
        a->out_len = a->len;
        a->len = 0;
    } else if (!more) {
        h7bt_aes128_cmac(a->key, a->data, a->len, a->out);
        a->out_len = 16;
        a->len = 0;
    }
    return (ssize_t)total;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    REAL(sendmsg, ssize_t, int, const struct msghdr *, int);
    alg_fd_t *a = get(fd);
    if (!a) {
        return real_sendmsg(fd, msg, flags);
    }
    if (a->kind != OP) {
        errno = EINVAL;
        return -1;
    }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR((struct msghdr *)msg, c)) {
        if (c->cmsg_level == SOL_ALG && c->cmsg_type == ALG_SET_OP) {
            uint32_t op;
            memcpy(&op, CMSG_DATA(c), sizeof(op));
            if (op != ALG_OP_ENCRYPT) {
                errno = EOPNOTSUPP;     /* btvirt only encrypts */
                return -1;
            }
        }
    }
    return op_data(a, msg->msg_iov, msg->msg_iovlen, flags & MSG_MORE);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
    REAL(send, ssize_t, int, const void *, size_t, int);
    alg_fd_t *a = get(fd);
    if (!a) {
        return real_send(fd, buf, len, flags);
    }
    if (a->kind != OP) {
        errno = EINVAL;
        return -1;
    }
    struct iovec iov = { (void *)buf, len };
    return op_data(a, &iov, 1, flags & MSG_MORE);
}

static ssize_t op_read(alg_fd_t *a, void *buf, size_t len)
{
    size_t n = len < a->out_len ? len : a->out_len;
    memcpy(buf, a->out, n);
    memmove(a->out, a->out + n, a->out_len - n);
    a->out_len -= n;
    return (ssize_t)n;
}

ssize_t read(int fd, void *buf, size_t len)
{
    REAL(read, ssize_t, int, void *, size_t);
    alg_fd_t *a = get(fd);
    return a && a->kind == OP ? op_read(a, buf, len) : real_read(fd, buf, len);
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
    REAL(recv, ssize_t, int, void *, size_t, int);
    alg_fd_t *a = get(fd);
    return a && a->kind == OP ? op_read(a, buf, len) : real_recv(fd, buf, len, flags);
}

int close(int fd)
{
    REAL(close, int, int);
    alg_fd_t *a = get(fd);
    if (a) {
        free(a);
        fds[fd] = NULL;
    }
    return real_close(fd);
}
