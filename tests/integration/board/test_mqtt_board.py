"""MQTT from the board against a real broker: mosquitto on 127.0.0.1 here,
reached through QEMU user networking (restrict=on) by guestfwd; the frozen
umqtt.simple client on the board, mosquitto_sub and mosquitto_pub on the
host side.  1000 QoS-1 messages out in order, a command in while they go,
and the same over TLS with the broker's certificate checked against a CA the
test makes (and refused against another)."""
import json
import os
import subprocess
import time

import pytest
from h7tools import qemu as h7qemu
from h7tools.certs import make_ca
from test_net_board import HOST_ALIAS, flash, free_port, guestfwd, up  # noqa: F401 (flash: a fixture)
import test_net_board

MQTT_PORT, MQTTS_PORT, MQTTS_BAD_PORT = 1883, 8883, 8884


class Broker:
    """mosquitto on free ports of 127.0.0.1: plain, and with TLS listeners
    for each certificate name given."""

    def __init__(self, d, tls_names=()):
        self.d = str(d)
        self.port = free_port()
        self.tls_ports = {n: free_port() for n in tls_names}
        self.log = os.path.join(self.d, "mosquitto.log")
        self.subs = []
        conf = [f"listener {self.port} 127.0.0.1", "allow_anonymous true",
                "persistence false", "log_type all", f"log_dest file {self.log}"]
        if os.geteuid() == 0:
            conf.append("user root")  # else it drops to "mosquitto", who cannot read d
        for n, p in self.tls_ports.items():
            conf += [f"listener {p} 127.0.0.1", f"cafile {n}-ca.pem",
                     f"certfile {n}-srv.pem", f"keyfile {n}-srv.key"]
        with open(os.path.join(self.d, "mosquitto.conf"), "w") as f:
            f.write("\n".join(conf) + "\n")
        self.proc = subprocess.Popen(["mosquitto", "-c", "mosquitto.conf"], cwd=self.d,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.wait_log(f"Opening ipv4 listen socket on port {self.port}")

    def log_text(self):
        try:
            with open(self.log) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_log(self, text, timeout=30, count=1):
        deadline = time.monotonic() + timeout
        while self.log_text().count(text) < count:
            if self.proc.poll() is not None:
                raise AssertionError(f"mosquitto exited: {self.proc.stderr.read()!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in mosquitto's log:\n{self.log_text()[-3000:]}")
            time.sleep(0.05)

    def sub(self, topic, count):
        """mosquitto_sub for count messages of topic (QoS 1), subscribed."""
        p = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.port),
                              "-t", topic, "-q", "1", "-C", str(count), "-v", "-i", "host-sub"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.subs.append(p)
        self.wait_log("host-sub 1 " + topic)  # mosquitto's log line for the SUBSCRIBE
        return p

    def pub(self, topic, msg):
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port),
                        "-t", topic, "-m", msg, "-q", "1"], check=True, timeout=30)

    def close(self):
        for p in self.subs:  # a subscriber a failed test left waiting keeps retrying
            if p.poll() is None:
                p.kill()
                p.wait(10)
        self.proc.terminate()
        self.proc.wait(10)


def fwd(board_port, host_port):
    return guestfwd(host_port, board_port=board_port)


def board(flash, fwds):
    """The board on restricted user networking with these forwards, its LAN up."""
    q = test_net_board.board(flash, ",".join(fwds))
    up(q)
    return q


def test_1000_qos1_messages_and_a_command_in(flash, tmp_path):
    broker = Broker(tmp_path)
    try:
        sub = broker.sub("h7/data", 1000)
        with board(flash, [fwd(MQTT_PORT, broker.port)]) as q:
            q.raw_send(f"""
import time
from umqtt.simple import MQTTClient
got = []
c = MQTTClient('h7-board', '{HOST_ALIAS}', keepalive=60)
c.set_callback(lambda t, m: got.append((t, m)))
print('session present', c.connect())
c.subscribe(b'h7/cmd', qos=1)
print('subscribed')
t = time.ticks_ms()
for i in range(1000):
    c.publish(b'h7/data', b'reading %d' % i, qos=1)
ms = time.ticks_diff(time.ticks_ms(), t)
while not got:
    c.wait_msg()
c.disconnect()
print(got, ms)
""")
            before = q.serial_read_until("subscribed", timeout=60)
            broker.pub("h7/cmd", "led on")  # arrives while the board publishes
            out = q.raw_result(timeout=300)
        lines = sub.communicate(timeout=60)[0].splitlines()
        assert lines == [f"h7/data reading {i}" for i in range(1000)]
        assert "session present 0" in before  # a clean session
        got, ms = out.rsplit(" ", 1)
        assert got == "[(b'h7/cmd', b'led on')]"
        print(f"1000 QoS-1 publishes: {ms} ms of virtual time")
        # the broker saw the board's client ID, its 1000 PUBLISH and its DISCONNECT
        log = broker.log_text()
        assert "New client connected from 127.0.0.1" in log and "as h7-board" in log
        assert log.count("Received PUBLISH from h7-board") == 1000
        assert "Received DISCONNECT from h7-board" in log
    finally:
        broker.close()


def test_tls_with_the_broker_certificate_checked(flash, tmp_path):
    ca = make_ca(tmp_path, "good", HOST_ALIAS)
    make_ca(tmp_path, "other", HOST_ALIAS)  # a broker whose certificate another CA signed
    broker = Broker(tmp_path, ("good", "other"))
    try:
        sub = broker.sub("h7/tls", 10)
        with board(flash, [fwd(MQTTS_PORT, broker.tls_ports["good"]),
                           fwd(MQTTS_BAD_PORT, broker.tls_ports["other"])]) as q:
            q.run(f"ca = {ca!r}\n")
            out = q.run(f"""
import ssl, time
from umqtt.simple import MQTTClient
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.load_verify_locations(cadata=ca)
t = time.ticks_ms()
c = MQTTClient('h7-tls', '{HOST_ALIAS}', port={MQTTS_PORT}, ssl=ctx)
c.connect()
print('handshake ms', time.ticks_diff(time.ticks_ms(), t))
for i in range(10):
    c.publish(b'h7/tls', b'sealed %d' % i, qos=1)
c.disconnect()
bad = MQTTClient('h7-bad', '{HOST_ALIAS}', port={MQTTS_BAD_PORT}, ssl=ctx)
try:
    bad.connect()
    print('connected to a broker the CA did not sign')
except (OSError, ValueError) as e:
    print('refused', type(e).__name__, e)
""", timeout=300)
        lines = sub.communicate(timeout=60)[0].splitlines()
        assert lines == [f"h7/tls sealed {i}" for i in range(10)]
        first, second = out.split("\n", 1)
        print(first)
        assert first.startswith("handshake ms ")
        # mbedtls's verification result, as MicroPython's tls reports it
        assert second.startswith("refused ValueError") and (
            "The certificate is not correctly signed by the trusted CA" in second), second
        assert "as h7-bad" not in broker.log_text()
    finally:
        broker.close()


def test_example_mqtt_sensor(tmp_path):
    """examples/mqtt_sensor.py as its header runs it (run_qemu.sh --device
    bme280 --net user --exec): the BME280's readings arrive at the broker
    as JSON, with the retained status online, then offline."""
    broker = Broker(tmp_path)
    try:
        sub = broker.sub("h7/env/#", 7)   # online, 5 readings, offline
        r = subprocess.run(
            [os.path.join(h7qemu.TOP, "scripts/run_qemu.sh"), "--flash", str(tmp_path / "f.bin"),
             "--device", "bme280,bus=i2c1,address=0x76,id=env",
             "--net", f"user,restrict=on,{fwd(MQTT_PORT, broker.port)}",
             "--exec", os.path.join(h7qemu.TOP, "examples/mqtt_sensor.py")],
            capture_output=True, text=True, timeout=180)
        assert r.returncode == 0, r.stdout + r.stderr
        lines = sub.communicate(timeout=60)[0].splitlines()
    finally:
        broker.close()
    assert lines[0] == "h7/env/status online" and lines[-1] == "h7/env/status offline", lines
    readings = [json.loads(line.split(" ", 1)[1]) for line in lines[1:-1]]
    # the model's environment: 20 C, 1013.25 hPa, 50 %RH
    assert readings == [{"n": i, "temperature": 20.0, "pressure": 1013.25, "humidity": 50.0}
                        for i in range(5)], readings
    assert r.stdout.count("published") == 5
