/* Internal flash programming (RM0399 "Embedded flash memory"). */
#ifndef H7STACK_H7_FLASH_H
#define H7STACK_H7_FLASH_H

#include <stdint.h>

#define H7_FLASH_WORD 32u /* programming unit: 256 bits */

#define H7_FLASH_OK    0
#define H7_FLASH_EADDR -1 /* outside the flash or not aligned */
#define H7_FLASH_ELOCK -2 /* the bank would not unlock */
#define H7_FLASH_EPROG -3 /* an error flag was raised */
#define H7_FLASH_ETIME -4 /* the operation never completed */

int h7_flash_erase_sector(uint32_t addr);                           /* any address in it */
int h7_flash_program(uint32_t addr, const void *src, uint32_t len); /* 32-byte aligned */

#endif
