#!/usr/bin/env python3
"""HTTPS against HTTP on the same ROM and NIC under QEMU TCG: one ROM (built with `carte build --ca`
and a test CA made here) fetches a 64 MiB blob over http:// and then over https:// from local servers
(tests/support/tls_test_server.py, reached through guestfwd), and a tiny file over a fresh
connection of each kind; the difference of the two tiny fetches is the handshake's cost.

  MiB/s http, https   64 MiB / (time between the markers around each imgfetch), host clock
  https/http          the ratio (the issue's goal: >= 0.60 under TCG)
  handshake ms        fresh https tiny fetch - fresh http tiny fetch
  (the servers prefer the client's suite order, as nginx does by default: ChaCha20-Poly1305)

Medians of --runs (default 3). Also prints the ROM sizes `carte build` reports.

usage: https_compare.py --carte build/carte --base build/platform/pc/carte.lkrn [--efi build/platform/efi/carte.efi]
                        [--nics virtio,e1000] [--size-mib 64] [--runs 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "qemu"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "support"))
import fw_harness as fw  # noqa: E402
from tls_test_server import make_pki  # noqa: E402

S = fw.GUEST_SERVER
SCRIPT = f"""#!ipxe
echo lease ${{ip}}
echo BENCH-T0
imgfetch --name a http://{S}/blob
echo BENCH-T1
imgfree a
echo BENCH-P0
imgfetch --name p http://{S}:8080/tiny
echo BENCH-P1
echo BENCH-H0
imgfetch --name h https://{S}:8443/tiny
echo BENCH-H1
echo BENCH-S0
imgfetch --name b https://{S}/blob
echo BENCH-S1
poweroff
"""
NICS = {"virtio": "virtio-net-pci", "e1000": "e1000"}


class ServerPorts:
    def __init__(self, ports):
        self.ports = ports


def between(run, a, b):
    t0, t1 = run.first(a), run.first(b)
    return None if t0 is None or t1 is None else t1 - t0


def median(values):
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def fmt(v, digits=1):
    return "n/a" if v is None else f"{v:.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--efi", help="also carte.efi (Carte's own drivers, --nics native) under OVMF")
    ap.add_argument("--nics", default="virtio,e1000")
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    size = args.size_mib << 20
    with fw.tempdir() as tmp:
        pki = make_pki(os.path.join(tmp, "pki"))
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        with open(os.path.join(www, "blob"), "wb") as f:
            f.write(os.urandom(size))
        with open(os.path.join(www, "tiny"), "wb") as f:
            f.write(b"x" * 100)
        src = os.path.join(tmp, "bench.ipxe")
        with open(src, "w") as f:
            f.write(SCRIPT)
        roms = [("carte.lkrn", os.path.join(tmp, "carte.lkrn"), [], [])]
        if args.efi:
            esp = os.path.join(tmp, "esp")
            os.makedirs(os.path.join(esp, "EFI", "BOOT"))
            roms.append(("carte.efi native", os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI"),
                         ["--format", "efi", "--base", args.efi, "--nics", "native"], fw.ovmf_args(esp)))
        for name, out, flags, _ in roms:
            cmd = [args.carte, "build", src, "-o", out, "--ca", f"{pki}/ca.pem", "--shell-wait", "0"]
            cmd += flags if flags else ["--base", args.base]
            p = subprocess.run(cmd, capture_output=True, text=True, check=True)
            print(f"{name}: {p.stdout.splitlines()[0]}")
        # The servers run in a process of their own: in this one they would share the GIL with the
        # serial reader and cap HTTP at half of what the ROM takes.
        server = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "..", "tests", "support",
                                                                "tls_test_server.py"), pki, www, "good-rsa,good-ecdsa"],
                                  stdout=subprocess.PIPE, text=True)
        srv = ServerPorts(json.loads(server.stdout.readline()))
        fwd = (f"guestfwd=tcp:{S}:443-cmd:/bin/busybox nc 127.0.0.1 {srv.ports['good-rsa']},"
               f"guestfwd=tcp:{S}:8443-cmd:/bin/busybox nc 127.0.0.1 {srv.ports['good-ecdsa']},"
               f"guestfwd=tcp:{S}:8080-cmd:/bin/busybox nc 127.0.0.1 {srv.ports['http']},")
        print(f"{args.size_mib} MiB, {args.runs} runs, medians; host clock on serial markers")
        print(f"{'image':18s} {'nic':7s} {'http MiB/s':>10s} {'https MiB/s':>11s} {'https/http':>10s} "
              f"{'handshake ms':>12s}")
        for name, out, _, extra in roms:
            for nic in args.nics.split(","):
                http, https, hs = [], [], []
                for _ in range(args.runs):
                    run = fw.run_qemu(None if extra else out, "", NICS[nic], srv.ports["http"], 300, extra=extra,
                                      netdev_opts=fwd, stop_on="BENCH-S1")
                    t, s = between(run, "BENCH-T0", "BENCH-T1"), between(run, "BENCH-S0", "BENCH-S1")
                    p, h = between(run, "BENCH-P0", "BENCH-P1"), between(run, "BENCH-H0", "BENCH-H1")
                    http.append(size / t / 2**20 if t else None)
                    https.append(size / s / 2**20 if s else None)
                    hs.append((h - p) * 1000 if h is not None and p is not None else None)
                    if s is None:
                        print("  (no https figure; last lines: " + " | ".join(x for _, x in run.lines[-3:]) + ")")
                mh, ms = median(http), median(https)
                spread = "  runs: http " + " ".join(fmt(v) for v in http) + ", https " + " ".join(fmt(v) for v in https)
                print(f"{name:18s} {nic:7s} {fmt(mh):>10s} {fmt(ms):>11s} "
                      f"{fmt(ms / mh if mh and ms else None, 2):>10s} {fmt(median(hs), 0):>12s}{spread}", flush=True)
        server.kill()


if __name__ == "__main__":
    sys.exit(main())
