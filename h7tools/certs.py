"""Throw-away certificates for TLS tests and benches: a CA and a server
certificate it signed (EC P-256, 30 days), made with openssl."""
import os
import subprocess


def make_ca(d, name, cn):
    """In directory d: NAME-ca.pem/.key/.der and NAME-srv.pem/.key for
    common name cn. Returns the CA certificate in DER (for a board's
    cadata)."""
    def ossl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=d)
    ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f"{name}-ca.key")
    ossl("req", "-x509", "-new", "-key", f"{name}-ca.key", "-days", "30", "-subj",
         f"/CN=h7stack test CA {name}", "-out", f"{name}-ca.pem")
    ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f"{name}-srv.key")
    ossl("req", "-new", "-key", f"{name}-srv.key", "-subj", f"/CN={cn}", "-out", f"{name}-srv.csr")
    ossl("x509", "-req", "-in", f"{name}-srv.csr", "-CA", f"{name}-ca.pem", "-CAkey",
         f"{name}-ca.key", "-CAcreateserial", "-days", "30", "-out", f"{name}-srv.pem")
    ossl("x509", "-in", f"{name}-ca.pem", "-outform", "DER", "-out", f"{name}-ca.der")
    with open(os.path.join(d, f"{name}-ca.der"), "rb") as f:
        return f.read()
