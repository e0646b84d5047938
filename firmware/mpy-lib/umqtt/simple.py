# umqtt.simple: an MQTT 3.1.1 client (QoS 0 and 1, retain, last will, TLS),
# with the interface of micropython-lib's umqtt.simple so an application
# runs the same on a board that has that one. Written for h7stack; the
# board and the unix port freeze it.
import socket
import struct

# control packet types (MQTT 3.1.1, section 2.2.1), in the fixed header's top nibble
CONNECT = 0x10
CONNACK = 0x20
PUBLISH = 0x30
PUBACK = 0x40
SUBSCRIBE = 0x82  # its flags nibble must be 0b0010
SUBACK = 0x90
PINGREQ = 0xC0
PINGRESP = 0xD0
DISCONNECT = 0xE0

CONNACK_REASONS = {
    1: "unacceptable protocol version",
    2: "identifier rejected",
    3: "server unavailable",
    4: "bad user name or password",
    5: "not authorized",
}


class MQTTException(Exception):
    pass


def _varint(n):
    # the remaining length: 7 bits a byte, low first, top bit "more"
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | 0x80 if n else b)
        if not n:
            return out


def _str(s):
    if isinstance(s, str):
        s = s.encode()
    return struct.pack("!H", len(s)) + s


class MQTTClient:
    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0,
                 ssl=None):
        # ssl: None, or an ssl.SSLContext to wrap the connection with
        if port == 0:
            port = 8883 if ssl else 1883
        if keepalive < 0 or keepalive > 0xFFFF:
            raise ValueError("keepalive: 0 to 65535 seconds")
        self.client_id = client_id
        self.server = server
        self.port = port
        self.user = user
        self.pswd = password
        self.keepalive = keepalive
        self.ssl = ssl
        self.sock = None
        self.pid = 0
        self._acked = 0    # the packet identifier of the last PUBACK or SUBACK
        self._granted = 0  # and the QoS a SUBACK granted (0x80: refused)
        self.cb = None
        self.lw_topic = None
        self.lw_msg = None
        self.lw_qos = 0
        self.lw_retain = False

    # ---- the wire ----
    def _read(self, n):
        data = self.sock.read(n)
        if not data or len(data) < n:
            raise OSError(-1, "MQTT: connection closed by the broker")
        return data

    def _read_len(self):
        n = shift = 0
        while True:
            b = self._read(1)[0]
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7
            if shift > 21:
                raise MQTTException("malformed remaining length")

    def _send(self, ptype, body):
        self.sock.write(bytes((ptype,)) + _varint(len(body)) + body)

    def _next_pid(self):
        self.pid = self.pid % 0xFFFF + 1  # 1..65535: 0 is not a packet identifier
        return self.pid

    # ---- the session ----
    def set_callback(self, f):
        # f(topic, msg) for each PUBLISH the broker sends
        self.cb = f

    def set_last_will(self, topic, msg, retain=False, qos=0):
        if qos not in (0, 1, 2):
            raise ValueError("qos: 0, 1 or 2")
        if not topic:
            raise ValueError("topic: empty")
        self.lw_topic = topic
        self.lw_msg = msg
        self.lw_qos = qos
        self.lw_retain = retain

    def connect(self, clean_session=True, timeout=None):
        self.sock = socket.socket()
        self.sock.settimeout(timeout)
        addr = socket.getaddrinfo(self.server, self.port)[0][-1]
        self.sock.connect(addr)
        if self.ssl:
            self.sock = self.ssl.wrap_socket(self.sock, server_hostname=self.server)
        flags = 0x02 if clean_session else 0
        payload = _str(self.client_id)
        if self.lw_topic:
            flags |= 0x04 | self.lw_qos << 3 | (0x20 if self.lw_retain else 0)
            payload += _str(self.lw_topic) + _str(self.lw_msg)
        if self.user is not None:
            flags |= 0x80
            payload += _str(self.user)
            if self.pswd is not None:
                flags |= 0x40
                payload += _str(self.pswd)
        body = _str("MQTT") + struct.pack("!BBH", 4, flags, self.keepalive) + payload
        self._send(CONNECT, body)
        resp = self._read(4)
        if resp[0] != CONNACK or resp[1] != 2:
            raise MQTTException("no CONNACK from the broker")
        if resp[3]:
            raise MQTTException(CONNACK_REASONS.get(resp[3], resp[3]))
        return resp[2] & 1  # session present

    def disconnect(self):
        try:
            self._send(DISCONNECT, b"")
        finally:
            self.sock.close()
            self.sock = None

    def ping(self):
        self._send(PINGREQ, b"")

    def publish(self, topic, msg, retain=False, qos=0):
        if qos not in (0, 1):
            raise ValueError("qos: 0 or 1")
        if isinstance(msg, str):
            msg = msg.encode()
        body = _str(topic)
        if qos:
            pid = self._next_pid()
            body += struct.pack("!H", pid)
        self._send(PUBLISH | qos << 1 | (1 if retain else 0), body + msg)
        if qos:
            # messages the broker sends meanwhile are delivered as they come
            while True:
                op = self.wait_msg()
                if op == PUBACK:
                    if self._acked == pid:
                        return

    def subscribe(self, topic, qos=0):
        if self.cb is None:
            raise MQTTException("subscribe: set_callback first")
        if qos not in (0, 1):
            raise ValueError("qos: 0 or 1")
        pid = self._next_pid()
        self._send(SUBSCRIBE, struct.pack("!H", pid) + _str(topic) + bytes((qos,)))
        while True:
            op = self.wait_msg()
            if op == SUBACK:
                if self._acked == pid:
                    if self._granted == 0x80:
                        raise MQTTException("subscribe: the broker refused " + topic)
                    return

    def wait_msg(self):
        # one packet from the broker: PUBLISH goes to the callback; the
        # packet type is returned (None when a non-blocking socket has none)
        b = self.sock.read(1)
        if b is None:
            return None
        if not b:
            raise OSError(-1, "MQTT: connection closed by the broker")
        op = b[0]
        n = self._read_len()
        body = self._read(n) if n else b""
        kind = op & 0xF0
        if kind == PINGRESP:
            return PINGRESP
        if kind == PUBACK:
            self._acked = struct.unpack("!H", body[:2])[0]
            return PUBACK
        if kind == SUBACK:
            self._acked = struct.unpack("!H", body[:2])[0]
            self._granted = body[2]
            return SUBACK
        if kind == PUBLISH:
            tlen = struct.unpack("!H", body[:2])[0]
            topic = body[2:2 + tlen]
            at = 2 + tlen
            qos = (op >> 1) & 3
            if qos:
                pid = body[at:at + 2]
                at += 2
            self.cb(topic, body[at:])
            if qos == 1:
                self._send(PUBACK, pid)
            elif qos == 2:
                raise MQTTException("QoS 2 is not supported")
            return PUBLISH
        raise MQTTException("unexpected packet type 0x%02x" % op)

    def check_msg(self):
        # wait_msg without blocking
        self.sock.setblocking(False)
        try:
            return self.wait_msg()
        finally:
            self.sock.setblocking(True)
