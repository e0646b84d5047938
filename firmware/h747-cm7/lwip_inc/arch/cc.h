/* lwIP's compiler and platform hooks for the H747 port: stdint types (lwIP's
 * own defaults), little-endian, diagnostics and failed assertions to the
 * console (lwip_port.c). */
#ifndef H7STACK_LWIP_ARCH_CC_H
#define H7STACK_LWIP_ARCH_CC_H

#include <stdint.h>

#define LWIP_NO_CTYPE_H 1
void h747_lwip_assert(const char *msg, const char *file, int line);
#define LWIP_PLATFORM_DIAG(x)
#define LWIP_PLATFORM_ASSERT(msg) h747_lwip_assert((msg), __FILE__, __LINE__)

#endif
