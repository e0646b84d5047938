/*
 * The unix port's part of the bluetooth backend: HCI (H4) at $H7_BLE_HCI
 * (default /tmp/bt-server-le), a unix socket (BlueZ's btvirt, or any H4
 * server) or a tty (a UART adapter, a PTY) at $H7_BLE_BAUD (default
 * 115200) through lib/ble/hci/hci_posix.c, a helper thread that schedules a poll every
 * millisecond while the stack is active, the btsnoop log ($H7_BLE_BTSNOOP)
 * and random numbers from getrandom().
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "py/runtime.h"
#include "py/mperrno.h"
#include "btsnoop.h"
#include "binding.h"
#include "h4.h"
#include "hci_posix.h"

#if MICROPY_PY_BLUETOOTH

static hci_posix_t hci = { -1, false };
static FILE *snoop; /* $H7_BLE_BTSNOOP: HCI log for btmon/Wireshark */
static volatile bool polling;
static pthread_t poll_thread;

/* ---- the unix port of lib/ble/os ---- */

static uint32_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)(ts.tv_sec * 1000u + ts.tv_nsec / 1000000);
}

static unsigned irq_lock(void) {
    return 0; /* everything runs on the VM thread */
}

static void irq_unlock(unsigned key) {
    (void)key;
}

static void idle(uint32_t max_ms) {
    struct pollfd p = { hci.fd, POLLIN, 0 };
    poll(&p, hci.fd >= 0 ? 1 : 0, max_ms > 10 ? 10 : (int)max_ms);
}

static void *heap_alloc(size_t len) {
    return calloc(1, len);
}

const h7bt_os_port_t h7ble_os_port = { now_ms, irq_lock, irq_unlock, idle, heap_alloc, free };

static int read_hci(h7bt_os_input_t *in) {
    (void)in;
    uint8_t buf[1024];
    int n = 0;
    for (;;) {
        ssize_t r = hci_posix_read(&hci, buf, sizeof(buf));
        if (r <= 0) {
            return n;
        }
        h7bt_host_feed(buf, (size_t)r);
        n++;
    }
}

h7bt_os_input_t h7ble_hci_input = { NULL, read_hci };

static int send_hci(void *ctx, const uint8_t *data, size_t len) {
    (void)ctx;
    return hci_posix_write(&hci, data, len) ? -EIO : 0;
}

const h7bt_hci_transport_t h7ble_transport = { send_hci, NULL };

/*
 * A VM thread blocked in a system call (sys.stdin.readline() in
 * run-multitests' multitest.wait, a socket read) runs no scheduled tasks,
 * and the peer's requests would go unanswered.  MicroPython's unix port
 * retries such calls on EINTR after running pending tasks
 * (MP_HAL_RETRY_SYSCALL), so a poll that stays queued for WAKE_AFTER_MS
 * gets the VM thread a signal whose handler does nothing.
 */
#define WAKE_SIGNAL   (SIGRTMIN + 7) /* the unix port's GC uses SIGRTMIN + 5 */
#define WAKE_AFTER_MS 5

static pthread_t vm_thread;

static void wake_handler(int sig) {
    (void)sig;
}

static void *poll_thread_fn(void *arg) {
    (void)arg;
    unsigned queued_ms = 0;
    while (polling) {
        if (!h7ble_schedule_poll()) {
            queued_ms = 0;
        } else if (++queued_ms >= WAKE_AFTER_MS) {
            queued_ms = 0;
            pthread_kill(vm_thread, WAKE_SIGNAL);
        }
        usleep(1000);
    }
    return NULL;
}

void h7ble_port_start(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = wake_handler; /* no SA_RESTART: blocking calls return EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(WAKE_SIGNAL, &sa, NULL);
    vm_thread = pthread_self();
    polling = true;
    pthread_create(&poll_thread, NULL, poll_thread_fn, NULL);
}

/* ---- the btsnoop log ---- */

/* "%p" in the path becomes the process id: one log per instance when
 * several run (run-multitests) */
static void snoop_open(void) {
    const char *path = getenv("H7_BLE_BTSNOOP");
    uint8_t hdr[BTSNOOP_HEADER_LEN];
    char name[512];
    const char *pid = path ? strstr(path, "%p") : NULL;
    if (pid) {
        snprintf(name, sizeof(name), "%.*s%d%s", (int)(pid - path), path, (int)getpid(), pid + 2);
        path = name;
    }
    if (path && *path && (snoop = fopen(path, "wb")) != NULL) {
        fwrite(hdr, 1, h7bt_btsnoop_header(hdr), snoop);
    }
}

static void snoop_close(void) {
    if (snoop) {
        fclose(snoop);
        snoop = NULL;
    }
}

static void hci_log(uint8_t type, bool rx, const uint8_t *pkt, size_t len) {
    uint8_t rec[BTSNOOP_RECORD_HDR + 1 + H4_MAX_PACKET];
    struct timespec ts;
    if (!snoop) {
        return;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    size_t n = h7bt_btsnoop_record(rec, sizeof(rec), type, rx, pkt, len,
                                   (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
    if (n) {
        fwrite(rec, 1, n, snoop);
        fflush(snoop); /* readable while the program runs */
    }
}

h7ble_hci_log_fn h7ble_port_hci_log(void) {
    return snoop ? hci_log : NULL; /* opened by h7ble_port_open */
}

int h7ble_port_open(void) {
    const char *path = getenv("H7_BLE_HCI"), *baud = getenv("H7_BLE_BAUD");
    if (hci_posix_open(&hci, path && *path ? path : "/tmp/bt-server-le",
                       baud && *baud ? (unsigned)strtoul(baud, NULL, 10) : 115200) != 0) {
        return MP_ENODEV;
    }
    snoop_open();
    return 0;
}

void h7ble_port_stop(void) {
    polling = false;
    pthread_join(poll_thread, NULL);
}

void h7ble_port_close(void) {
    snoop_close();
    hci_posix_close(&hci);
}

void h7ble_random(uint8_t *out, size_t len) {
    while (len) {
        ssize_t n = getrandom(out, len, 0);
        if (n > 0) {
            out += n;
            len -= (size_t)n;
        }
    }
}

#endif
