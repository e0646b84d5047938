/*
 * The STM32H747's DMA1 streams behind DMAMUX1 (RM0399 "DMA", "DMAMUX"):
 * a memory-to-peripheral stream paced by a peripheral's request, once
 * through a buffer or round it (circular), and stopping it.
 */
#ifndef H7STACK_H7_DMA_H
#define H7STACK_H7_DMA_H

#include <stdbool.h>
#include <stdint.h>

#define H7_DMA_STREAMS 8

/* status codes */
#define H7_DMA_OK     0
#define H7_DMA_EINVAL -1 /* no such stream, no items, or more than 65535 */
#define H7_DMA_ENOTCM -2 /* the buffer is in a TCM, which DMA1 cannot reach */

/* DMAMUX1 request inputs (RM0399 "DMAMUX1: assignment of multiplexer
 * inputs") */
#define H7_DMA_REQ_DAC1_CH1 67
#define H7_DMA_REQ_DAC1_CH2 68

/* DMA1 stream `stream` moving n items of size bytes (1, 2 or 4) from mem
 * (incrementing) to the register at periph, one item a request:
 * H7_DMA_OK, or an error code with nothing started.  The D-cache is
 * cleaned over the buffer first. */
int h7_dma_start_m2p(unsigned stream, unsigned request, uint32_t periph, const void *mem,
                     uint32_t n, unsigned size, bool circular);
/* the stream stopped (and its flags cleared) */
void h7_dma_stop(unsigned stream);
/* items still to move; 0 once a non-circular transfer ended */
uint32_t h7_dma_remaining(unsigned stream);

#endif
