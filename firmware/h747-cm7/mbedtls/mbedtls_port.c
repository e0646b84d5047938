/* What mbedtls asks of the board: entropy from the RNG (MBEDTLS_ENTROPY_
 * HARDWARE_ALT), the time of day from the RTC, a millisecond clock, and the
 * gmtime() newlib-free builds lack (certificate validity dates). */
#include "py/mphal.h"
#include "shared/timeutils/timeutils.h"
#include "mbedtls_config_port.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/entropy.h"
#include "h747_port.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen) {
    (void)data;
    *olen = 0;
    while (len) {
        uint32_t r;
        if (!h747_rng_read(&r)) {
            return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED; /* no seed mbedtls could trust */
        }
        for (int i = 0; i < 4 && len; i++, len--) {
            *output++ = (unsigned char)r;
            r >>= 8;
            ++*olen;
        }
    }
    return 0;
}

/* seconds on the port's epoch (mp_hal_time_ns counts from it); gmtime below
 * reads them back on the same one */
time_t h747_mbedtls_time(time_t *timer) {
    time_t t = (time_t)(mp_hal_time_ns() / 1000000000ULL);
    if (timer) {
        *timer = t;
    }
    return t;
}

mbedtls_ms_time_t mbedtls_ms_time(void) {
    return (mbedtls_ms_time_t)mp_hal_ticks_ms();
}

struct tm *gmtime(const time_t *timep) {
    static struct tm tm;
    timeutils_struct_time_t t;
    timeutils_seconds_since_epoch_to_struct_time(*timep, &t);
    tm.tm_sec = t.tm_sec;
    tm.tm_min = t.tm_min;
    tm.tm_hour = t.tm_hour;
    tm.tm_mday = t.tm_mday;
    tm.tm_mon = t.tm_mon - 1;         /* struct tm counts months from 0 */
    tm.tm_year = t.tm_year - 1900;    /* and years from 1900 */
    tm.tm_wday = (t.tm_wday + 1) % 7; /* timeutils counts from Monday, struct tm from Sunday */
    tm.tm_yday = t.tm_yday - 1;       /* and days of the year from 1, struct tm from 0 */
    tm.tm_isdst = -1;
    return &tm;
}
