"""A small QMP client: the scripts that talk to a running board's QMP
socket (run_qemu.sh --qmp PATH: h7top, h7snap), and h7tools.qemu."""
import json
import socket
import time


class QmpError(RuntimeError):
    pass


class Qmp:
    def __init__(self, path, wait=0.0):
        """Connect to the QMP server at path; wait up to wait seconds for
        QEMU to make it."""
        deadline = time.monotonic() + wait
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() >= deadline:
                    raise QmpError(f"no QMP server at {path} (scripts/run_qemu.sh --qmp {path})")
                time.sleep(0.05)
        self._start(sock, QmpError, lambda: "")

    @classmethod
    def over(cls, sock, error=QmpError, context=lambda: ""):
        """QMP on a socket QEMU has connected already; failures raise error
        with context() after the message."""
        q = cls.__new__(cls)
        q._start(sock, error, context)
        return q

    def _start(self, sock, error, context):
        self.sock, self.error, self.context = sock, error, context
        self.f = sock.makefile("rwb")
        self._read()                                    # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            line = self.f.readline()
            if not line:
                raise self.error("QEMU closed the QMP socket" + self.context())
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, command, /, **args):
        """command's result; its arguments may have any names (set_link's
        is "name")."""
        self.f.write(json.dumps({"execute": command, "arguments": args}).encode() + b"\n")
        self.f.flush()
        r = self._read()
        if "error" in r:
            raise self.error(f"{command}: {r['error']['desc']}")
        return r["return"]

    def hmp(self, line):
        """A monitor command's output (savevm, info snapshots, xp ...)."""
        return self.cmd("human-monitor-command", **{"command-line": line})

    def close(self):
        self.sock.close()
