# Read the BME280 on I2C1 and publish its readings to an MQTT broker, as a
# sensor node in the field would: the frozen umqtt.simple client over
# network.LAN, QoS 1, a retained "online" status and a last will that turns
# it "offline" should the board drop off the network.
#
#   mosquitto -p 1883 &                  # a broker on this machine
#   mosquitto_sub -t 'h7/env/#' -v &     # watch what arrives
#   scripts/run_qemu.sh --device bme280,bus=i2c1,address=0x76,id=env \
#       --net user,restrict=on,guestfwd=tcp:10.0.2.100:1883-tcp:127.0.0.1:1883 \
#       --exec examples/mqtt_sensor.py
#
# On a real STM32H747I-DISCO, set BROKER to the broker's address. The
# readings can be changed while it runs (QMP: qom-set
# /machine/peripheral/env temperature 31.5).
import json
import time

import network
from machine import I2C

import bme280
from umqtt.simple import MQTTClient

BROKER = "10.0.2.100"  # where user networking's guestfwd puts this machine's broker
TOPIC = b"h7/env"
STATUS = b"h7/env/status"
COUNT = 5          # readings to publish (0: for ever)
PERIOD_MS = 1000

lan = network.LAN()
lan.active(True)
t0 = time.ticks_ms()
while not lan.isconnected():
    if time.ticks_diff(time.ticks_ms(), t0) > 10000:
        raise SystemExit("mqtt_sensor: no network (is the cable in? DHCP?)")
    time.sleep_ms(50)
print("network up:", lan.ifconfig()[0])

sensor = bme280.BME280(I2C(1))
client = MQTTClient("h7-env-" + lan.config("mac").hex()[-6:], BROKER, keepalive=30)
client.set_last_will(STATUS, b"offline", retain=True, qos=1)
client.connect()
client.publish(STATUS, b"online", retain=True, qos=1)

n = 0
while COUNT == 0 or n < COUNT:
    t, p, h = sensor.read()
    reading = {"n": n, "temperature": round(t, 2), "pressure": round(p / 100, 2),
               "humidity": round(h, 1)}
    client.publish(TOPIC, json.dumps(reading), qos=1)
    print("published", json.dumps(reading))
    n += 1
    time.sleep_ms(PERIOD_MS)

client.publish(STATUS, b"offline", retain=True, qos=1)
client.disconnect()
