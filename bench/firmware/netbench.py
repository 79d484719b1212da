#!/usr/bin/env python3
"""Firmware network figures under QEMU TCG: ROM size, time from QEMU start to the DHCP lease,
and HTTP download throughput of a 64 MiB file on virtio-net and e1000 (loopback server, QEMU
user networking with restrict=on). Prints one line per NIC.

usage: netbench.py --rom build/platform/pc/carte.lkrn [--size-mib 64] [--runs 1]"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/qemu"))
import fw_harness as fw  # noqa: E402

IPXE_LKRN = 306521  # Debian's /usr/lib/ipxe/ipxe.lkrn, the size budget


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rom", required=True)
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    rom_size = os.path.getsize(args.rom)
    print(f"rom {args.rom}: {rom_size} bytes ({100 * rom_size / IPXE_LKRN:.1f}% of ipxe.lkrn's {IPXE_LKRN})")
    blob = os.urandom(args.size_mib << 20)
    files = {"/blob": (blob, False)}
    for nic in ("virtio-net-pci", "e1000"):
        for run_no in range(args.runs):
            with fw.LoopbackServer(files) as server:
                run = fw.run_qemu(args.rom, f"bench=http://{fw.GUEST_SERVER}/blob", nic, server.port, 300)
            text = run.text()
            m = re.search(r"http: (\d+) bytes in (\d+) ms", text)
            dhcp = run.first("DHCP ok:")
            if not m or int(m.group(1)) != len(blob):
                print(f"{nic}: FAILED (rc={run.rc}, timed_out={run.timed_out})\n{text}")
                return 1
            size, ms = int(m.group(1)), max(int(m.group(2)), 1)
            print(f"{nic:15s} run {run_no + 1}: dhcp {dhcp:.2f} s after QEMU start, "
                  f"{size >> 20} MiB in {ms} ms = {size / ms * 1000 / 2**20:.1f} MiB/s, wall {run.wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
