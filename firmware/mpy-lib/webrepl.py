# webrepl: the REPL over a WebSocket (MicroPython's WebREPL protocol, whose
# terminal and file transfer the _webrepl C module speaks), with
# micropython-lib's interface: start(port=8266, password=None), stop(),
# start_foreground().  Written for h7stack in place of micropython-lib's.
# The password comes from the argument, else from webrepl_cfg.PASS.
import binascii
import hashlib
import os
import socket

import _webrepl
import websocket

# RFC 6455 section 1.3: the handshake's fixed GUID
WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
SO_CALLBACK = 20  # modlwip's socket option: call this on a new connection

listen_s = None
client_s = None


def _handshake(cl):
    # the client's HTTP Upgrade request; the answer that makes the
    # connection a WebSocket (RFC 6455 section 4.2)
    f = cl.makefile("rwb", 0)
    if not f.readline().startswith(b"GET "):
        raise OSError("webrepl: not an HTTP GET")
    key = None
    while True:
        line = f.readline()
        if not line or line == b"\r\n":
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"sec-websocket-key":
            key = value.strip()
    if not key:
        raise OSError("webrepl: no Sec-WebSocket-Key")
    accept = binascii.b2a_base64(hashlib.sha1(key + WS_GUID).digest())[:-1]
    cl.send(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")


def _accept(sock):
    global client_s
    cl, addr = sock.accept()
    active = os.dupterm(None)
    if active is not None:
        # one WebREPL at a time: the first keeps the terminal
        os.dupterm(active)
        cl.close()
        print("\nConcurrent WebREPL connection from", addr, "rejected")
        return
    print("\nWebREPL connection from:", addr)
    client_s = cl
    try:
        cl.settimeout(5)
        _handshake(cl)
    except OSError as e:
        print("webrepl:", e)
        cl.close()
        return
    ws = _webrepl._webrepl(websocket.websocket(cl, True))
    cl.setblocking(False)
    os.dupterm(ws)


def stop():
    global listen_s, client_s
    os.dupterm(None)
    if client_s:
        client_s.close()
        client_s = None
    if listen_s:
        listen_s.close()
        listen_s = None


def _password(password):
    if password is None:
        try:
            import webrepl_cfg

            password = webrepl_cfg.PASS
        except (ImportError, AttributeError):
            raise ValueError("password: none given and no webrepl_cfg.PASS")
    if not 4 <= len(password) <= 9:
        raise ValueError("password: 4 to 9 characters")
    return password


def start(port=8266, password=None, accept_handler=_accept):
    global listen_s
    _webrepl.password(_password(password))
    stop()
    listen_s = socket.socket()
    listen_s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listen_s.bind(socket.getaddrinfo("0.0.0.0", port)[0][-1])
    listen_s.listen(1)
    if accept_handler:
        listen_s.setsockopt(socket.SOL_SOCKET, SO_CALLBACK, accept_handler)
    print("WebREPL server started on port", port)
    return listen_s


def start_foreground(port=8266, password=None):
    s = start(port, password, None)
    _accept(s)
