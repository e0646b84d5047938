/*
 * The device descriptor of the h7stack flash algorithm (CMSIS-Pack FLM,
 * section DevDscr; layout of the FlashDevice structure of CMSIS FlashOS.h).
 * It describes the NUCLEO-H7S3L8's MX25UW25645G as debuggers see it:
 * memory-mapped at 0x70000000, 32 MiB of uniform 4 KiB sectors.
 */
#include <stddef.h>
#include <stdint.h>

#define EXTSPI 5u /* DevType: external SPI flash */

struct flash_sector {
    uint32_t size;
    uint32_t addr; /* from DevAdr */
};

struct flash_device {
    uint16_t vers; /* driver version: 0x0101 */
    char dev_name[128];
    uint16_t dev_type;
    uint32_t dev_adr;
    uint32_t sz_dev;
    uint32_t sz_page; /* the largest ProgramPage call */
    uint32_t res;
    uint8_t val_empty;
    uint32_t to_prog;  /* ms for one ProgramPage */
    uint32_t to_erase; /* ms for one EraseSector */
    struct flash_sector sectors[2];
};

/* FlashOS.h's layout with natural alignment */
_Static_assert(offsetof(struct flash_device, dev_type) == 130, "DevType");
_Static_assert(offsetof(struct flash_device, dev_adr) == 132, "DevAdr");
_Static_assert(offsetof(struct flash_device, val_empty) == 148, "valEmpty");
_Static_assert(offsetof(struct flash_device, to_prog) == 152, "toProg");
_Static_assert(offsetof(struct flash_device, sectors) == 160, "sectors");

__attribute__((section("DevDscr"), used)) const struct flash_device FlashDevice = {
    .vers = 0x0101,
    .dev_name = "h7stack MX25UW25645G octal NOR on XSPI2 (NUCLEO-H7S3L8)",
    .dev_type = EXTSPI,
    .dev_adr = 0x70000000u,
    .sz_dev = 32u << 20,
    .sz_page = 4096,
    .val_empty = 0xFF,
    .to_prog = 500,
    .to_erase = 1000,
    .sectors = { { 4096, 0 }, { 0xFFFFFFFFu, 0xFFFFFFFFu } },
};
