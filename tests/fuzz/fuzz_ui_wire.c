/* libFuzzer target: the render side's decoder of command records (what
 * the CM4 takes from the ring), then applying and drawing what decodes.
 * Input: a 2-byte record type, then the payload. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ui_render.h"

static uint32_t fb[UI_W * UI_H];
static ui_entry_t nodes[16];
static ui_screen_t screen;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ui_cmd_t c;
    if (!ready) {
        ui_screen_init(&screen, nodes, 16, fb);
        ready = 1;
    }
    if (size < 2) {
        return 0;
    }
    uint16_t type = (uint16_t)(0x100 | data[0]) + (data[1] & 1 ? 0x100 : 0);
    if (ui_wire_decode_cmd(type, data + 2, size - 2, &c) != UI_OK) {
        return 0;
    }
    if (c.type == UI_CMD_PRESENT) {
        ui_screen_render(&screen, c.frame & 1);
    } else if (c.type != UI_CMD_INPUT && c.type != UI_CMD_QUIT) {
        ui_screen_apply(&screen, &c);
    }
    return 0;
}
