#!/usr/bin/env python3
"""`carte compile --emit ipxe` output runs in stock iPXE: the bundled catalogue, exported as a
classic script, is chained by Debian's ipxe.lkrn in QEMU (TCG, user networking restricted to a
loopback server). iPXE must show the catalogue's menu, take its default (the demo entry) after the
timeout, download the demo kernel and initrd and boot them: the initrd prints a marker.

Debian's iPXE has no serial console, so the run uses -machine pc,graphics=off: SeaBIOS mirrors
the text screen to the serial line. Exit 77 (skip) when ipxe.lkrn, QEMU or busybox is missing."""

import argparse
import os
import subprocess
import sys

import fw_harness as fw

S = fw.GUEST_SERVER


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--menu", required=True)
    ap.add_argument("--ipxe", default="/usr/lib/ipxe/ipxe.lkrn")
    args = ap.parse_args()
    for path in (args.ipxe, args.kernel, args.menu):
        if not os.path.exists(path):
            print(f"SKIP: {path} is missing")
            return 77
    if not fw.have_tools("qemu-system-x86_64"):
        print("SKIP: qemu-system-x86_64 or /bin/busybox is missing")
        return 77

    with fw.tempdir() as tmp:
        script_path = os.path.join(tmp, "catalogue.ipxe")
        subprocess.run([args.carte, "compile", args.menu, "--emit", "ipxe", "-o", script_path], check=True)
        with open(script_path, "rb") as f:
            script = f.read()
        assert script.startswith(b"#!ipxe"), script[:40]
        with open(args.kernel, "rb") as f:
            kernel = f.read()
        files = {"/catalogue.ipxe": (script, False), "/vmlinuz": (kernel, False),
                 "/initrd.cpio": (fw.busybox_initrd(), False)}
        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(args.ipxe, f"dhcp && chain http://{S}/catalogue.ipxe", "virtio-net-pci", srv.port,
                              150, extra=["-machine", "pc,graphics=off"], stop_on=fw.E2E_MARKER)
            requests = list(srv.requests)
    text = run.text()
    failures = []
    # The screen mirror repaints rows; look for the catalogue's texts anywhere in the output.
    for needle in ("QEMU demo kernel", "Debian"):
        if needle not in text:
            failures.append(f"menu text {needle!r} never shown by iPXE")
    if requests[:1] != ["/catalogue.ipxe"]:
        failures.append(f"iPXE did not fetch the exported script first: {requests}")
    if "/vmlinuz" not in requests or "/initrd.cpio" not in requests:
        failures.append(f"the demo entry's kernel and initrd were not both fetched: {requests}")
    if not run.stopped:
        failures.append(f"no {fw.E2E_MARKER} from the booted kernel (rc={run.rc}, timed_out={run.timed_out})")
    if failures:
        print("\n".join(failures))
        print("--- serial (last 60 lines) ---")
        print("\n".join(line for _, line in run.lines[-60:]))
        return 1
    print(f"stock iPXE ran the exported catalogue: marker at {run.first(fw.E2E_MARKER):.1f} s, "
          f"requests {requests}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
