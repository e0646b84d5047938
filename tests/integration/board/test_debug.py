"""Source-level debugging as a user does it: every firmware ELF carries
debug information and the images are byte-identical without it;
scripts/debug.sh drives gdb-multiarch against QEMU's gdbstub (breakpoints
by file:line in the port, next/step, locals, a backtrace through
MicroPython's VM, the CM4's render loop in thread 2; the NUCLEO's
bootloader, then blinky running from the NOR); the VS Code launch and task
files parse and their commands do what they say."""
import json
import os
import re
import select
import socket
import subprocess
import threading
import time
import tty

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
FW = os.path.join(TOP, "build", "firmware")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def line_of(path, text):
    with open(os.path.join(TOP, path)) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError(f"{text!r} not in {path}")


def compile_units(elf):
    out = subprocess.run(["arm-none-eabi-readelf", "--debug-dump=info", elf],
                         capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"DW_AT_name\s*:.*?([\w./-]+\.c)\s*$", out, re.M))


@pytest.mark.long
def test_images_are_the_same_without_debug_info(tmp_path):
    cm7 = tmp_path / "cm7"
    subprocess.run(["make", "-C", f"{TOP}/firmware/h747-cm7", "-j2", f"BUILD={cm7}", "DEBUG_INFO="],
                   check=True, capture_output=True, timeout=900)
    subprocess.run(["make", "-C", f"{TOP}/firmware", f"OUT={tmp_path}/fw", "DEBUG_INFO="],
                   check=True, capture_output=True, timeout=600)
    with open(f"{TOP}/build/micropython/firmware.bin", "rb") as a, open(cm7 / "firmware.bin", "rb") as b:
        assert a.read() == b.read()
    bins = [n for n in os.listdir(FW) if n.endswith(".bin")]
    assert {"h747-cm4.bin", "h7s3-boot.bin", "h7s3-blinky.bin", "h7s3-flash-test.bin"} <= set(bins)
    for n in bins:
        with open(f"{FW}/{n}", "rb") as a, open(f"{tmp_path}/fw/{n}", "rb") as b:
            assert a.read() == b.read(), n
    # the flash algorithm is an ELF: its loadable sections are the same
    flm = "h7s3-flm/h7stack_MX25UW25645G.FLM"
    for src, dst in ((f"{FW}/{flm}", tmp_path / "a.bin"), (f"{tmp_path}/fw/{flm}", tmp_path / "b.bin")):
        subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", src, str(dst)], check=True)
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "b.bin").read_bytes()
    # and with it, the sources are known: the port, MicroPython's core, ours
    assert {"main.c", "machine_pin.c", "vm.c", "gc.c"} <= {os.path.basename(c) for c in
                                                          compile_units(f"{TOP}/build/micropython/firmware.elf")}
    for elf, src in (("h747-cm4.elf", "display.c"), ("h7s3-boot.elf", "app_header.c"),
                     ("h7s3-blinky.elf", "main.c"), ("h7s3-flash-test.elf", "main.c"),
                     (flm, "flash_prg.c")):
        assert src in {os.path.basename(c) for c in compile_units(f"{FW}/{elf}")}, elf
    # without: only the toolchain's libgcc brings its own
    assert {os.path.basename(c) for c in compile_units(str(cm7 / "firmware.elf"))} <= {"libgcc2.c"}


def debug_sh(args, gdb_cmds, tmp_path, console=None, timeout=120):
    """scripts/debug.sh --batch with these gdb commands; console: bytes
    typed on the board's serial console (its pty) a few seconds in, while
    gdb waits in a continue.  The console is held open (raw, read and
    dropped) until gdb is done: QEMU takes input from a pty only while it
    sees the other end open, and a console nobody reads stalls the guest."""
    script = tmp_path / "cmds.gdb"
    script.write_text("\n".join(gdb_cmds) + "\n")
    p = subprocess.Popen([f"{TOP}/scripts/debug.sh", "--port", str(free_port()), "--batch",
                          str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         cwd=TOP, start_new_session=True)
    typist, done = None, threading.Event()
    if console is not None:
        def type_in():
            fd = os.open(pty_path[0], os.O_RDWR | os.O_NOCTTY)
            try:
                tty.setraw(fd)                  # no echo of the board's output back to it
                typed = False
                start = time.time()
                while not done.is_set():
                    if not typed and time.time() - start > 3:
                        os.write(fd, console)
                        typed = True
                    if select.select([fd], [], [], 0.2)[0]:
                        os.read(fd, 4096)
            finally:
                os.close(fd)
        pty_path = []
        typist = threading.Thread(target=type_in, daemon=True)
    out = b""
    deadline = time.time() + timeout
    # a gdb that never stops again must not hang the test: kill it then
    killer = threading.Timer(timeout, lambda: os.killpg(p.pid, 9))
    killer.start()
    try:
        while True:
            line = p.stdout.readline()
            if not line:
                break
            out += line
            m = re.search(rb"serial console is on (/dev/pts/\d+)", line)
            if m and typist:
                pty_path.append(m.group(1).decode())
                typist.start()
            if time.time() > deadline:
                raise AssertionError("debug.sh took too long:\n" + out.decode(errors="replace"))
        p.wait(30)
    finally:
        done.set()
        killer.cancel()
        if p.poll() is None:
            os.killpg(p.pid, 9)
            p.wait()
    return out.decode(errors="replace")


def test_gdb_on_both_cores_of_the_disco(tmp_path):
    init_line = line_of("firmware/h747-cm7/main.c", "    mp_init();")
    # the render loop's touch check, which every pass runs (the line of its
    # while (ui_server_poll...) has code only on the branch back)
    loop_line = line_of("firmware/h747-cm4/main.c", "        if (touch_changed()) {")
    # the CM4 sleeps until there is work: a present() from the REPL wakes it
    draw = (b"import mp_rlvgl as ui\r\nui.stack_add(0, {'kind': 'rect', 'x': 0, 'y': 0, "
            b"'w': 9, 'h': 9, 'color': 0xFF0000})\r\nui.present()\r\n")
    out = debug_sh(["--", "--flash", str(tmp_path / "f.bin")], [
        f"break h747-cm7/main.c:{init_line}", "continue",
        "next", "next", "step", "info locals", "bt",
        "break mp_vfs_mount", "continue", "bt",
        "delete", "thread 2", f"break h747-cm4/main.c:{loop_line}", "continue",
        "info threads", "bt 1",
    ], tmp_path, console=draw)
    assert f"Thread 1 hit Breakpoint 1, main () at main.c:{init_line}" in out, out
    assert f"{init_line + 2}\t    h747_pin_init();" in out, out            # two nexts
    assert "h747_pin_init () at machine_pin.c:" in out, out                   # the step into it
    assert re.search(r"#1  0x[0-9a-f]+ in main \(\) at main\.c:", out), out  # bt
    # _boot.py mounting the flash: a backtrace through the VM to the frozen module
    assert "Thread 1 hit Breakpoint 2, mp_vfs_mount (" in out, out
    assert "in mp_execute_bytecode (" in out and 'pyexec_frozen_module (name=name@entry=' in out, out
    # the CM4, woken by the present() typed on the console, stops in its render loop
    assert f"Thread 2 hit Breakpoint 3, main () at h747-cm4/main.c:{loop_line}" in out, out
    threads = re.findall(r"^[* ] ([12])\s+Thread 1\.\1", out, re.M)
    assert threads == ["1", "2"], out


def test_gdb_on_the_nucleo_bootloader_then_blinky(tmp_path):
    nor = tmp_path / "nor.bin"
    subprocess.run([f"{TOP}/scripts/flash.sh", "h7s3", "--nor", str(nor),
                    f"{FW}/h7s3-blinky.img"], check=True, capture_output=True, timeout=120)
    out = debug_sh(["--board", "h7s3", "--", "--nor", str(nor)], [
        "break h7s3-boot/main.c:main", "break h7s3-blinky/main.c:main",
        "continue", "bt", "continue", "bt", "info registers pc",
    ], tmp_path)
    assert "Breakpoint 1, main () at h7s3-boot/main.c:" in out, out
    blinky = out.split("Breakpoint 2, main () at h7s3-blinky/main.c:")[1]
    pc = re.search(r"pc\s+0x([0-9a-f]+)", blinky).group(1)
    assert 0x70000000 <= int(pc, 16) < 0x80000000, out                        # in the NOR


def test_vscode_files_parse_and_their_commands_work(tmp_path):
    launch = json.load(open(f"{TOP}/.vscode/launch.json"))
    tasks = {t["label"]: t for t in json.load(open(f"{TOP}/.vscode/tasks.json"))["tasks"]}
    json.load(open(f"{TOP}/.vscode/extensions.json"))
    for label in ("build", "test", "run: DISCO to the REPL", "REPL: the DISCO's serial console"):
        assert label in tasks
    assert tasks["test"]["command"] == "make test" and tasks["build"]["command"].startswith("make build")
    nor = tmp_path / "nor.bin"
    subprocess.run([f"{TOP}/scripts/flash.sh", "h7s3", "--nor", str(nor),
                    f"{FW}/h7s3-blinky.img"], check=True, capture_output=True, timeout=120)
    for cfg in launch["configurations"]:
        assert cfg["type"] == "gdb" and cfg["gdbpath"] == "gdb-multiarch"
        task = tasks[cfg["preLaunchTask"]]
        port = free_port()
        # the task's command, as VS Code runs it, on a free port
        cmd = task["command"].replace("--port 1234", f"--port {port}")
        if "h7s3" in cmd:
            cmd += f" -- --nor {nor}"
        else:
            cmd += f" -- --flash {tmp_path}/f.bin"
        board = subprocess.Popen(cmd, shell=True, cwd=TOP, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            end = re.compile(task["problemMatcher"]["background"]["endsPattern"])
            for line in board.stdout:
                if end.search(line):
                    break
            exe = cfg["executable"].replace("${workspaceFolder}", TOP)
            gdb = ["gdb-multiarch", "-nx", "-batch", "-ex", f"file {exe}",
                   "-ex", f"target extended-remote {cfg['target'].replace('1234', str(port))}"]
            for c in cfg["autorun"]:
                gdb += ["-ex", c]
            gdb += ["-ex", "continue", "-ex", "bt 1"]
            out = subprocess.run(gdb, cwd=TOP, capture_output=True, text=True, timeout=120)
            text = out.stdout + out.stderr
            assert re.search(r"Breakpoint \d, main \(\) at ", text), (cfg["name"], text)
        finally:
            os.killpg(board.pid, 15)
            board.wait(10)
