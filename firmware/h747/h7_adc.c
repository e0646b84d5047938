#include "stm32h747.h"
#include "h7_adc.h"
#include "h7_clock.h"
#include "h7_gpio.h"
#include "h7_wait.h"

/* registers (RM0399 "ADC registers", revision Y) */
#define ADC1_BASE               0x40022000u
#define ADC3_BASE               0x58026000u
#define ADC_ISR(a)              REG32((a) + 0x00)
#define ADC_ISR_ADRDY           (1u << 0)
#define ADC_ISR_EOC             (1u << 2)
#define ADC_ISR_LDORDY          (1u << 12)
#define ADC_CR(a)               REG32((a) + 0x08)
#define ADC_CR_ADEN             (1u << 0)
#define ADC_CR_ADSTART          (1u << 2)
#define ADC_CR_ADCALLIN         (1u << 16)
#define ADC_CR_ADVREGEN         (1u << 28)
#define ADC_CR_ADCAL            (1u << 31)
#define ADC_CFGR(a)             REG32((a) + 0x0C)
#define ADC_CFGR_RES_Pos        2
#define ADC_SMPR(a, ch)         REG32((a) + ((ch) < 10 ? 0x14 : 0x18))
#define ADC_PCSEL(a)            REG32((a) + 0x1C)
#define ADC_SQR1(a)             REG32((a) + 0x30)
#define ADC_SQR1_SQ1_Pos        6
#define ADC_DR(a)               REG32((a) + 0x40)
#define ADC_CCR(a)              REG32((a) + 0x308)
#define ADC_CCR_PRESC_Pos       18
#define ADC_CCR_VREFEN          (1u << 22)
#define ADC_CCR_VSENSEEN        (1u << 23)
#define ADC_CCR_VBATEN          (1u << 24)
#define ADC_SMP_64_5            5 /* sampling cycles: enough for the DISCO's inputs */
#define ADC_PRESC_DIV2          1 /* per_ck (HSI 64 MHz) / 2: 32 MHz */
#define RCC_AHB1ENR             REG32(RCC_BASE + 0x0D8)
#define RCC_AHB1ENR_ADC12EN     (1u << 5)
#define RCC_AHB4ENR_ADC3EN      (1u << 24)
#define RCC_D3CCIPR             REG32(RCC_BASE + 0x058)
#define RCC_D3CCIPR_ADCSEL_Pos  16
#define ADCSEL_PER_CK           2
#define ADC_TIMEOUT_MS          10
#define DAC1_BASE               0x40007400u
#define DAC_CR                  REG32(DAC1_BASE + 0x00)
#define DAC_CR_EN(ch)           (1u << (16 * ((ch)-1)))
#define DAC_CR_CH_MASK          0xFFFEu /* a channel's TEN..CEN, EN aside */
#define DAC_CR_TEN              (1u << 1)
#define DAC_CR_TSEL_Pos         2
#define DAC_CR_WAVE_Pos         6
#define DAC_CR_MAMP_Pos         8
#define DAC_CR_DMAEN            (1u << 12)
#define DAC_DHR8R(ch)           (DAC1_BASE + ((ch) == 1 ? 0x10 : 0x1C))
#define DAC_DHR12R(ch)          REG32(DAC1_BASE + ((ch) == 1 ? 0x08 : 0x14))
#define DAC_MCR                 REG32(DAC1_BASE + 0x3C)
#define DAC_MCR_MODE_UNBUFFERED 2u /* MODEx = 010: to the pin, no buffer */
#define RCC_APB1LENR_DAC12EN    (1u << 29)

/* the pins ADC1's and ADC3's channels 2-19 measure (datasheet pin table) */
static const uint8_t adc1_pins[20] = {
    [2] = H7_PIN('F', 11), [3] = H7_PIN('A', 6),  [4] = H7_PIN('C', 4),  [5] = H7_PIN('B', 1),
    [6] = H7_PIN('F', 12), [7] = H7_PIN('A', 7),  [8] = H7_PIN('C', 5),  [9] = H7_PIN('B', 0),
    [10] = H7_PIN('C', 0), [11] = H7_PIN('C', 1), [12] = H7_PIN('C', 2), [13] = H7_PIN('C', 3),
    [14] = H7_PIN('A', 2), [15] = H7_PIN('A', 3), [16] = H7_PIN('A', 0), [17] = H7_PIN('A', 1),
    [18] = H7_PIN('A', 4), [19] = H7_PIN('A', 5),
};
static const uint8_t adc3_pins[17] = {
    [2] = H7_PIN('F', 9),  [3] = H7_PIN('F', 7),  [4] = H7_PIN('F', 5),  [5] = H7_PIN('F', 3),
    [6] = H7_PIN('F', 10), [7] = H7_PIN('F', 8),  [8] = H7_PIN('F', 6),  [9] = H7_PIN('F', 4),
    [13] = H7_PIN('H', 2), [14] = H7_PIN('H', 3), [15] = H7_PIN('H', 4), [16] = H7_PIN('H', 5),
};
/* the channels with a pin in those tables (PA0 is pin 0: the tables'
 * zeros alone cannot say) */
#define ADC1_PIN_CHANNELS 0xFFFFCu /* 2-19 */
#define ADC3_PIN_CHANNELS 0x1E3FCu /* 2-9, 13-16 */
static bool ready[2];              /* ADC1, ADC3 */

static uint32_t adc_base(unsigned adc) {
    return adc == 3 ? ADC3_BASE : ADC1_BASE;
}

bool h7_adc_pin_channel(uint8_t pin, unsigned *adc, unsigned *channel) {
    for (unsigned ch = 2; ch < 20; ch++) {
        if ((ADC1_PIN_CHANNELS >> ch & 1) && adc1_pins[ch] == pin) {
            *adc = 1;
            *channel = ch;
            return true;
        }
    }
    for (unsigned ch = 2; ch < 17; ch++) {
        if ((ADC3_PIN_CHANNELS >> ch & 1) && adc3_pins[ch] == pin) {
            *adc = 3;
            *channel = ch;
            return true;
        }
    }
    return false;
}

int h7_adc_channel_pin(unsigned adc, unsigned channel) {
    if (adc == 1 && channel < 20 && (ADC1_PIN_CHANNELS >> channel & 1)) {
        return adc1_pins[channel];
    }
    if (adc == 3 && channel < 17 && (ADC3_PIN_CHANNELS >> channel & 1)) {
        return adc3_pins[channel];
    }
    return -1;
}

static int wait_flag(volatile uint32_t *reg, uint32_t mask, bool set) {
    h7_wait_t w;
    h7_wait_start(&w, ADC_TIMEOUT_MS);
    while (((*reg & mask) != 0) != set) {
        if (h7_wait_expired(&w)) {
            return H7_ETIMEOUT;
        }
    }
    return H7_OK;
}

int h7_adc_init(unsigned adc) {
    uint32_t a = adc_base(adc);
    if (ready[adc == 3]) {
        return H7_OK;
    }
    if (adc == 3) {
        RCC_AHB4ENR |= RCC_AHB4ENR_ADC3EN;
    } else {
        RCC_AHB1ENR |= RCC_AHB1ENR_ADC12EN;
    }
    /* adc_ker_ck = per_ck (HSI, 64 MHz), halved */
    RCC_D3CCIPR =
        (RCC_D3CCIPR & ~(3u << RCC_D3CCIPR_ADCSEL_Pos)) | (ADCSEL_PER_CK << RCC_D3CCIPR_ADCSEL_Pos);
    ADC_CCR(a) =
        (ADC_CCR(a) & ~(0xFu << ADC_CCR_PRESC_Pos)) | (ADC_PRESC_DIV2 << ADC_CCR_PRESC_Pos);
    /* out of deep power-down, the regulator on, calibrated, enabled */
    ADC_CR(a) = 0;
    ADC_CR(a) = ADC_CR_ADVREGEN;
    if (wait_flag(&ADC_ISR(a), ADC_ISR_LDORDY, true) != H7_OK) {
        return H7_ETIMEOUT;
    }
    ADC_CR(a) = ADC_CR_ADVREGEN | ADC_CR_ADCALLIN | ADC_CR_ADCAL;
    if (wait_flag(&ADC_CR(a), ADC_CR_ADCAL, false) != H7_OK) {
        return H7_ETIMEOUT;
    }
    ADC_ISR(a) = ADC_ISR_ADRDY;
    ADC_CR(a) = ADC_CR_ADVREGEN | ADC_CR_ADEN;
    if (wait_flag(&ADC_ISR(a), ADC_ISR_ADRDY, true) != H7_OK) {
        return H7_ETIMEOUT;
    }
    ADC_ISR(a) = ADC_ISR_ADRDY;
    if (adc == 3) {
        ADC_CCR(a) |= ADC_CCR_VREFEN | ADC_CCR_VSENSEEN | ADC_CCR_VBATEN;
    }
    ready[adc == 3] = true;
    return H7_OK;
}

int h7_adc_read(unsigned adc, unsigned channel, unsigned bits, uint32_t *value) {
    uint32_t a = adc_base(adc);
    /* RES (revision Y): 000 16 bits, 001 14, 010 12, 011 10, 100 8 */
    uint32_t res = (16 - bits) / 2;
    ADC_CFGR(a) = res << ADC_CFGR_RES_Pos;
    uint32_t smpr = ADC_SMPR(a, channel) & ~(7u << (3 * (channel % 10)));
    ADC_SMPR(a, channel) = smpr | (ADC_SMP_64_5 << (3 * (channel % 10)));
    ADC_PCSEL(a) |= 1u << channel;
    ADC_SQR1(a) = channel << ADC_SQR1_SQ1_Pos; /* one rank */
    ADC_CR(a) |= ADC_CR_ADSTART;
    if (wait_flag(&ADC_ISR(a), ADC_ISR_EOC, true) != H7_OK) {
        return H7_ETIMEOUT;
    }
    *value = ADC_DR(a); /* clears EOC */
    return H7_OK;
}

void h7_dac_init(unsigned ch, bool buffered) {
    RCC_APB1LENR |= RCC_APB1LENR_DAC12EN;
    uint32_t shift = 16 * (ch - 1);
    DAC_CR &= ~DAC_CR_EN(ch);
    DAC_MCR = (DAC_MCR & ~(7u << shift)) | ((buffered ? 0 : DAC_MCR_MODE_UNBUFFERED) << shift);
    h7_gpio_analog(ch == 1 ? H7_PIN('A', 4) : H7_PIN('A', 5));
    DAC_CR |= DAC_CR_EN(ch);
}

void h7_dac_deinit(unsigned ch) {
    DAC_CR &= ~DAC_CR_EN(ch);
}

void h7_dac_write12(unsigned ch, uint16_t value) {
    DAC_DHR12R(ch) = value & 0xFFF;
}

void h7_dac_trigger(unsigned ch, unsigned trigger, unsigned wave, unsigned mamp, bool dma) {
    uint32_t shift = 16 * (ch - 1);
    uint32_t cr = 0;
    if (trigger != H7_DAC_TRG_NONE) {
        cr = DAC_CR_TEN | (trigger - 1) << DAC_CR_TSEL_Pos | wave << DAC_CR_WAVE_Pos |
             (mamp & 0xF) << DAC_CR_MAMP_Pos | (dma ? DAC_CR_DMAEN : 0);
    }
    /* TSEL, WAVE and MAMP change only while the channel is off */
    DAC_CR &= ~DAC_CR_EN(ch);
    DAC_CR = (DAC_CR & ~(DAC_CR_CH_MASK << shift)) | cr << shift;
    DAC_CR |= DAC_CR_EN(ch);
}

uint32_t h7_dac_dhr(unsigned ch, unsigned bits) {
    return bits == 8 ? DAC_DHR8R(ch) : (uint32_t)&DAC_DHR12R(ch);
}

unsigned h7_dac_timer_trigger(unsigned tim_id) {
    /* RM0399 "DAC interconnection": dac_ch_trg1-8 (TSEL 1-8) */
    static const uint8_t tim_of_tsel[] = { 1, 2, 4, 5, 6, 7, 8, 15 };
    for (unsigned i = 0; i < sizeof(tim_of_tsel); i++) {
        if (tim_of_tsel[i] == tim_id) {
            return i + 2; /* H7_DAC_TRG_*: TSEL + 1 */
        }
    }
    return H7_DAC_TRG_NONE;
}
