/*
 * The STM32H747's ADC1 and ADC3 (RM0399 "ADC"), polled, and DAC1: the
 * power-up sequence, one conversion of a channel at a resolution, the
 * internal channels, the pins each ADC channel measures; a DAC channel's
 * 12-bit output.
 */
#ifndef H7STACK_H7_ADC_H
#define H7STACK_H7_ADC_H

#include <stdbool.h>
#include <stdint.h>

/* ADC3's internal channels */
#define H7_ADC3_CH_VBAT    17 /* VBAT / 4 */
#define H7_ADC3_CH_VSENSE  18 /* the temperature sensor */
#define H7_ADC3_CH_VREFINT 19
/* factory calibration (RM0399 "Temperature sensor", "VREFINT"): 16-bit
 * codes at VREF+ = 3.3 V */
#define H7_TS_CAL1      (*(const volatile uint16_t *)0x1FF1E820u) /* 30 C */
#define H7_TS_CAL2      (*(const volatile uint16_t *)0x1FF1E840u) /* 110 C */
#define H7_VREFINT_CAL  (*(const volatile uint16_t *)0x1FF1E860u)
#define H7_TS_CAL1_TEMP 30
#define H7_TS_CAL2_TEMP 110
#define H7_VREF_CAL_MV  3300

/* which ADC (1 or 3) and channel measure pin (an H7_PIN); false if none */
bool h7_adc_pin_channel(uint8_t pin, unsigned *adc, unsigned *channel);
/* the pin (an H7_PIN) ADC adc's channel measures, or -1 (an internal
 * channel, a dedicated pad, or none) */
int h7_adc_channel_pin(unsigned adc, unsigned channel);
/* the ADC powered up, calibrated and enabled (once; again after a deinit):
 * H7_OK or H7_ETIMEOUT */
int h7_adc_init(unsigned adc);
/* one conversion: bits 8-16; H7_OK with *value, or H7_ETIMEOUT */
int h7_adc_read(unsigned adc, unsigned channel, unsigned bits, uint32_t *value);

/* DAC1 channel 1 (PA4) or 2 (PA5): on, its pin analog, buffered or not */
void h7_dac_init(unsigned ch, bool buffered);
void h7_dac_deinit(unsigned ch);
void h7_dac_write12(unsigned ch, uint16_t value);
/* the channel's trigger: H7_DAC_TRG_NONE (DHR goes out at once), the
 * software trigger, or a timer's TRGO (h7_dac_timer_trigger); on each
 * trigger the wave (H7_DAC_WAVE_*, amplitude MAMP 0-11) is added to DHR,
 * and with dma a DMA request follows */
#define H7_DAC_TRG_NONE      0
#define H7_DAC_TRG_SOFTWARE  1 /* TSEL + 1 */
#define H7_DAC_WAVE_NONE     0
#define H7_DAC_WAVE_NOISE    1
#define H7_DAC_WAVE_TRIANGLE 2
#define H7_DAC_MAMP_MAX      11 /* noise over bits 11:0; triangle to 4095 */
void h7_dac_trigger(unsigned ch, unsigned trigger, unsigned wave, unsigned mamp, bool dma);
/* the address of the channel's DHR8R (bits 8) or DHR12R holding register */
uint32_t h7_dac_dhr(unsigned ch, unsigned bits);
/* timer tim_id's TRGO as a DAC trigger, or H7_DAC_TRG_NONE if it is not one */
unsigned h7_dac_timer_trigger(unsigned tim_id);

#endif
