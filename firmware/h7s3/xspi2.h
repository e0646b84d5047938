#ifndef H7STACK_H7S3_XSPI2_H
#define H7STACK_H7S3_XSPI2_H

#include <stdint.h>
#include "xspi_nor.h"

/* power, pins, XSPIM and XSPI2 for the board's NOR (32 MiB, Macronix mode);
 * fills in n's callbacks; now_ms is the time base for lib/xspi_nor's timeouts */
void xspi2_init(xspi_nor_t *n, uint32_t (*now_ms)(void));
/* only n's callbacks, for a controller set up already */
void xspi2_bind(xspi_nor_t *n, uint32_t (*now_ms)(void));

#endif
