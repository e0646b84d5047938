# ssl: CPython's ssl interface over MicroPython's tls module (mbedtls).
# Written for h7stack in place of micropython-lib's, which Debian's
# MicroPython source does not carry; the board and the unix port freeze it.
import tls
from tls import (
    CERT_NONE,
    CERT_OPTIONAL,
    CERT_REQUIRED,
    MBEDTLS_VERSION,
    PROTOCOL_TLS_CLIENT,
    PROTOCOL_TLS_SERVER,
)


def _data(x):
    # a str names a file to read; bytes are the PEM or DER data itself
    if isinstance(x, str):
        with open(x, "rb") as f:
            return f.read()
    return x


class SSLContext:
    # a client does not check the server's certificate unless verify_mode is
    # set to CERT_REQUIRED: MicroPython's ssl default, unlike CPython's
    def __init__(self, protocol, *args):
        self._context = tls.SSLContext(protocol, *args)
        self._context.verify_mode = CERT_NONE

    @property
    def verify_mode(self):
        return self._context.verify_mode

    @verify_mode.setter
    def verify_mode(self, mode):
        self._context.verify_mode = mode

    @property
    def verify_callback(self):
        return self._context.verify_callback

    @verify_callback.setter
    def verify_callback(self, callback):
        self._context.verify_callback = callback

    def load_cert_chain(self, certfile, keyfile):
        self._context.load_cert_chain(_data(certfile), _data(keyfile))

    def load_verify_locations(self, cafile=None, cadata=None):
        if cafile is None and cadata is None:
            raise TypeError("load_verify_locations: cafile or cadata needed")
        self._context.load_verify_locations(_data(cafile) if cadata is None else cadata)

    def set_ciphers(self, ciphers):
        self._context.set_ciphers(ciphers)

    def get_ciphers(self):
        return self._context.get_ciphers()

    def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True,
                    server_hostname=None):
        return self._context.wrap_socket(
            sock,
            server_side=server_side,
            do_handshake_on_connect=do_handshake_on_connect,
            server_hostname=server_hostname,
        )


def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE,
                cadata=None, server_hostname=None, do_handshake=True):
    # MicroPython's one-call form
    ctx = SSLContext(PROTOCOL_TLS_SERVER if server_side else PROTOCOL_TLS_CLIENT)
    if cert is not None or key is not None:
        ctx.load_cert_chain(cert, key)
    if cadata is not None:
        ctx.load_verify_locations(cadata=cadata)
    ctx.verify_mode = cert_reqs
    return ctx.wrap_socket(sock, server_side=server_side,
                           do_handshake_on_connect=do_handshake,
                           server_hostname=server_hostname)
