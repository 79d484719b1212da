#!/usr/bin/env python3
"""Where the ROM spends a download: samples the guest's instruction pointer through QEMU's gdb stub
while Carte's `imgfetch` of a large file runs (TCG, the same setup as compare.py), and prints the
functions that hold the most samples, by symbol from carte.elf.

Each sample stops the vCPU (a gdb remote-protocol interrupt), reads RIP, and lets it run on, so
the program is slowed a little but not skewed towards any function. Under TCG a guest function's
share of samples is its share of emulated time, which is what the download rate pays for; host
work QEMU does outside the vCPU (slirp, the relay) does not show here.

usage: profile.py --carte build/carte --base build/platform/pc/carte.lkrn --elf build/platform/pc/carte.elf
                  [--nic virtio-net-pci] [--size-mib 64] [--interval-ms 5] [--top 25]"""

import argparse
import bisect
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/qemu"))
import fw_harness as fw  # noqa: E402

S = fw.GUEST_SERVER
FETCH_SCRIPT = f"""#!ipxe
echo lease ${{ip}}
echo BENCH-T0
imgfetch http://{S}/blob
echo BENCH-T1
"""


class GdbRemote:
    """The few packets of the gdb remote protocol a sampler needs."""

    def __init__(self, port):
        for _ in range(100):
            try:
                self.sock = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("no gdb stub")
        self.sock.settimeout(5)
        self.buf = b""

    def _read_packet(self):
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                body = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                self.sock.sendall(b"+")
                return body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk

    def command(self, body):
        pkt = body.encode()
        self.sock.sendall(b"$" + pkt + b"#" + b"%02x" % (sum(pkt) & 0xff))
        return self._read_packet()

    def interrupt(self):
        self.sock.sendall(b"\x03")
        return self._read_packet()

    def cont(self):
        pkt = b"c"
        self.sock.sendall(b"$" + pkt + b"#" + b"%02x" % (sum(pkt) & 0xff))

    def attach(self):
        """QEMU stops the guest when a debugger attaches and says so unasked: take that stop
        reply (and any other) before the first command."""
        time.sleep(0.2)
        self.sock.settimeout(0.2)
        try:
            while True:
                self._read_packet()
        except socket.timeout:
            pass
        self.sock.settimeout(5)

    def rip(self):
        # 'g' (all registers): QEMU answers 'p' only after an XML target description exchange.
        # x86_64 order: 16 general registers of 8 bytes, then rip.
        regs = bytes.fromhex(self.command("g").decode())
        return int.from_bytes(regs[128:136], "little")


def symbols(elf):
    out = subprocess.run(["nm", "-C", "--defined-only", "-n", elf], capture_output=True, text=True, check=True)
    addrs, names = [], []
    for line in out.stdout.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--nic", default="virtio-net-pci")
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--interval-ms", type=float, default=5)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    addrs, names = symbols(args.elf)

    with tempfile.TemporaryDirectory(prefix="carte-profile-") as tmp:
        src = os.path.join(tmp, "fetch.ipxe")
        with open(src, "w") as f:
            f.write(FETCH_SCRIPT)
        rom = os.path.join(tmp, "fetch.lkrn")
        subprocess.run([args.carte, "build", src, "-o", rom, "--base", args.base, "--shell-wait", "0"], check=True,
                       stdout=subprocess.DEVNULL)
        size = args.size_mib << 20
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            gdb_port = s.getsockname()[1]
        samples = []

        with fw.LoopbackServer({"/blob": (os.urandom(size), False)}) as srv:
            def sampler():
                # Attaches at the download's request (the only one the server gets; attaching
                # stops the guest for a while, which early boot code does not survive well) and
                # samples until QEMU is killed at BENCH-T1, which ends the connection.
                while not srv.requests:
                    time.sleep(0.005)
                try:
                    gdb = GdbRemote(gdb_port)
                    gdb.attach()
                    while True:
                        rip = gdb.rip()
                        samples.append(rip)
                        print(hex(rip), file=sys.stderr, flush=True)
                        gdb.cont()
                        time.sleep(args.interval_ms / 1000)
                        gdb.interrupt()
                except (EOFError, OSError, RuntimeError):
                    return

            t = threading.Thread(target=sampler, daemon=True)
            t.start()
            run = fw.run_qemu(rom, "", args.nic, srv.port, 300, extra=["-gdb", f"tcp:127.0.0.1:{gdb_port}"],
                              stop_on="BENCH-T1")
            t.join(timeout=10)
    t0, t1 = run.first("BENCH-T0"), run.first("BENCH-T1")
    if t0 is None or t1 is None:
        print("the download did not complete; last lines:", [line for _, line in run.lines[-4:]])
        return 1
    print(f"{args.nic}: {size / (t1 - t0) / 2**20:.1f} MiB/s while sampled, {len(samples)} samples")
    counts = {}
    for rip in samples:
        i = bisect.bisect_right(addrs, rip) - 1
        name = names[i] if i >= 0 else f"{rip:#x}"
        counts[name] = counts.get(name, 0) + 1
    total = max(1, len(samples))
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{100 * n / total:6.1f}%  {n:6d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
