#!/usr/bin/python3
"""The peers MicroPython's tests/net_hosted expect at "micropython.org",
for scripts/multinet.py, which runs this inside its network namespace
(where dnsmasq answers every name with this machine's bridge address):
TCP on port 80 and TLS on 443 (a certificate chain for micropython.org
made for the run), each connection held open, whatever it sends read and
dropped, until the peer closes.  Prints "ready" once both listen.

    hosted_servers.py CERT_CHAIN.pem KEY.pem"""
import socket
import ssl
import sys
import threading


def hold(c):
    with c:
        try:
            while c.recv(4096):
                pass
        except OSError:
            pass


def serve(port, wrap=None):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(8)

    def accept_loop():
        while True:
            c, _ = srv.accept()
            threading.Thread(target=handshake_then_hold, args=(c, wrap), daemon=True).start()
    threading.Thread(target=accept_loop, daemon=True).start()


def handshake_then_hold(c, wrap):
    if wrap:
        try:
            c.settimeout(30)
            c = wrap(c)
            c.settimeout(None)
        except (ssl.SSLError, OSError):
            c.close()
            return
    hold(c)


def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2  # MicroPython's mbedtls offers up to 1.2
    serve(80)
    serve(443, lambda c: ctx.wrap_socket(c, server_side=True))
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
