#!/usr/bin/env python3
"""The firmware console's key input: bytes typed on the serial line (including an ANSI cursor
sequence) and keys pressed on the PS/2 keyboard (QEMU monitor `sendkey`) reach
Platform::read_key as carte::key codes. Runs the ROM's `keytest` mode, which echoes codes.

usage: console_keys_test.py --rom carte.lkrn"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 60
# (how to send, what, expected code): serial bytes or a monitor sendkey.
STEPS = [
    ("serial", b"a", 97),
    ("serial", b"\x1b[A", 0x101),      # ANSI cursor up → key::up
    ("serial", b"\x1b[1;5B", 0x102),   # Ctrl-Down (a modifier parameter) → key::down
    ("serial", b"\x1bOH", 0x105),      # SS3 Home → key::home
    ("serial", b"\x1b[6~", 0x108),     # vt220 PgDn → key::page_down
    ("serial", b"\x1b[8~", 0x106),     # rxvt End → key::end
    ("serial", b"\x1b[15~x", 120),     # F5 names no key: skipped, not Esc; then 'x'
    ("serial", b"\r", 0x0d),
    ("ps2", "b", 98),
    ("ps2", "shift-c", 67),
    ("ps2", "up", 0x101),               # extended scancode E0 48
    ("ps2", "ctrl-c", 3),
    ("ps2", "ret", 0x0d),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rom", required=True)
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if shutil.which(args.qemu) is None:
        print("SKIP: no qemu")
        return 77
    with tempfile.TemporaryDirectory(prefix="carte-keys-") as tmp:
        mon_path = os.path.join(tmp, "monitor.sock")
        cmd = [args.qemu, "-accel", "tcg", "-kernel", args.rom, "-append", "keytest", "-m", "256",
               "-display", "none", "-serial", "stdio", "-monitor", f"unix:{mon_path},server=on,wait=off",
               "-no-reboot", "-nic", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=1"]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lines = []
        cond = threading.Condition()

        def reader():
            for raw in iter(proc.stdout.readline, b""):
                with cond:
                    lines.append(raw.decode("utf-8", "replace").strip())
                    cond.notify_all()

        threading.Thread(target=reader, daemon=True).start()
        deadline = time.monotonic() + TIMEOUT

        def wait_for(text):
            with cond:
                while not any(text == l or text in l for l in lines):
                    left = deadline - time.monotonic()
                    if left <= 0 or proc.poll() is not None:
                        return False
                    cond.wait(timeout=min(left, 0.5))
                return True

        failures = []
        mon = None
        try:
            if not wait_for("keytest: ready"):
                failures.append("the ROM never reached keytest")
            else:
                for _ in range(50):
                    try:
                        mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                        mon.connect(mon_path)
                        break
                    except OSError:
                        time.sleep(0.1)
                for i, (how, what, code) in enumerate(STEPS):
                    with cond:
                        lines.clear()
                    if how == "serial":
                        proc.stdin.write(what)
                        proc.stdin.flush()
                    else:
                        mon.sendall(f"sendkey {what}\n".encode())
                    if not wait_for(f"key: {code}"):
                        failures.append(f"step {i} ({how} {what!r}): expected key {code}, saw {lines}")
                        break
                    with cond:
                        seen = [line for line in lines if line.startswith("key:")]
                    if seen != [f"key: {code}"]:  # nothing else (no Esc from an unknown sequence)
                        failures.append(f"step {i} ({how} {what!r}): expected only key {code}, saw {seen}")
                proc.stdin.write(b"q")
                proc.stdin.flush()
            proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            failures.append(f"QEMU did not finish within {TIMEOUT} s")
            proc.kill()
            proc.wait()
        finally:
            if mon:
                mon.close()
    print("\n".join(lines))
    print(f"--- rc={proc.returncode}")
    if not failures and proc.returncode != 0:
        failures.append(f"expected a clean power-off (rc 0), got {proc.returncode}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
