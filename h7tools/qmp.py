"""A small QMP client for the scripts that talk to a running board's QMP
socket (run_qemu.sh --qmp PATH): h7top, h7snap."""
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
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() >= deadline:
                    raise QmpError(f"no QMP server at {path} (scripts/run_qemu.sh --qmp {path})")
                time.sleep(0.05)
        self.f = self.sock.makefile("rwb")
        self._read()                                    # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            line = self.f.readline()
            if not line:
                raise QmpError("QEMU closed the QMP socket")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, name, **args):
        self.f.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.f.flush()
        r = self._read()
        if "error" in r:
            raise QmpError(f"{name}: {r['error']['desc']}")
        return r["return"]

    def hmp(self, line):
        """A monitor command's output (savevm, info snapshots, xp ...)."""
        return self.cmd("human-monitor-command", **{"command-line": line})

    def close(self):
        self.sock.close()
