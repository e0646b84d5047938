/* lwIP for the H747 port: MicroPython's common settings (NO_SYS, DHCP,
 * DNS, mDNS, TCP buffers), IPv4 with loopback, and the MAC's checksum
 * offload: lwIP neither computes nor checks IP, TCP, UDP or ICMP sums on
 * the Ethernet netif (h7_eth.c asks the MAC for both), but it still does on
 * the loopback netif, per netif (LWIP_CHECKSUM_CTRL_PER_NETIF). */
#ifndef H7STACK_LWIPOPTS_H
#define H7STACK_LWIPOPTS_H

#include <stdint.h>

#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
#define LWIP_NETIF_LOOPBACK            1
#define LWIP_LOOPBACK_MAX_PBUFS        8
#define LWIP_LOOPIF_MULTICAST          1
#define LWIP_IPV6                      0

/* a roomier TCP than the common default: the board has the RAM */
#define MEM_SIZE         (16000)
#define TCP_MSS          (1460)
#define TCP_WND          (8 * TCP_MSS)
#define TCP_SND_BUF      (8 * TCP_MSS)
#define MEMP_NUM_TCP_SEG (32)

/* lwIP's heap and pools in SRAM1 beside the Ethernet buffers: the DTCM
 * holds the stack */
#define LWIP_DECLARE_MEMORY_ALIGNED(name, size) \
    u8_t name[LWIP_MEM_ALIGN_BUFFER(size)] __attribute__((section(".lwip_ram"), aligned(4)))

uint32_t h747_rng_word(void);
#define LWIP_RAND() h747_rng_word()

#include "extmod/lwip-include/lwipopts_common.h"

#endif
