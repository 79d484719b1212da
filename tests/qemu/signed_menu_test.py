#!/usr/bin/env python3
"""End-to-end signature policy in the ROM (docs/signing.md): `carte build --trust KEY
--require-signed` embeds a trust store; the firmware verifies every fetched menu before running
it, and `sha256` pins before booting. One short QEMU run (TCG) per case:

  signed    the embedded script chains a signed .cbm from the loopback server: "OK: signed by
            key <id>" and its menu shows
  tampered  the same menu with one byte changed after signing: "REFUSED (bad-signature)" naming
            the key; the menu never runs
  pin       a compiled menu whose kernel pin does not match the served file: a clear error, the
            menu shows again, nothing boots
  badtrust  a ROM whose embedded trust store was damaged halts with the reason (fail closed)
            instead of running the program without a policy

Keys are made at test time with `carte keygen` in a temporary directory.

usage: signed_menu_test.py --carte carte --base carte.lkrn --case <case>"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 60
S = fw.GUEST_SERVER
TITLE = "Carte signed test menu"


def menu(pin):
    return f"""carte 1

menu main "{TITLE}" {{
  timeout 2s
  default marker

  item marker "Boot the test kernel" -> linux {{
    kernel "http://{S}/vmlinuz" sha256 "{pin}"
    args "console=ttyS0 quiet"
  }}
  item shell "Shell" key s -> shell
}}
"""


def carte(args, *argv):
    cmd = [args.carte, *argv]
    p = subprocess.run(cmd, capture_output=True, text=True)
    print("$", " ".join(cmd))
    print(p.stdout + p.stderr)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode})")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--case", required=True, choices=["signed", "tampered", "pin", "badtrust"])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu):
        print("SKIP: qemu-system-x86_64 or /bin/busybox missing")
        return 77

    with fw.tempdir() as tmp:
        def path(name):
            return os.path.join(tmp, name)

        def write(name, text):
            with open(path(name), "w") as f:
                f.write(text)
            return path(name)

        # A small stand-in kernel: the pin is checked before anything looks at the bytes.
        kernel = b"not really a kernel, but pinned bytes\n" * 64
        wrong_pin = "0" * 64
        files = {"/vmlinuz": (kernel, False)}
        keygen = carte(args, "keygen", "-o", path("k.pem"), "--pub", path("k.pub.pem"))
        key_id = keygen.split("key ", 1)[1][:16]
        rom = path("carte.lkrn")
        keys, expect, absent = [], [], []

        if args.case == "badtrust":
            # Uncompressed, so the trust store can be damaged in the file; a damaged compressed
            # image never starts (qemu_carte_build_corrupt).
            carte(args, "build", write("e.ipxe", f"#!ipxe\nchain http://{S}/m.cbm\n"), "-o", rom, "--base",
                  args.base, "--shell-wait", "0", "--trust", path("k.pub.pem"), "--compress", "none")
            with open(rom, "rb") as f:
                image = bytearray(f.read())
            at = image.rfind(b"CTRS")
            assert at > 0
            image[at + 4] = 99  # an unknown trust store version
            with open(rom, "wb") as f:
                f.write(image)
            expect = ["trust: the embedded trust store is malformed", "refusing to run without the signature policy"]
            absent = ["Configuring"]
            stop_on = None
        elif args.case in ("signed", "tampered"):
            carte(args, "compile", write("m.carte", menu(wrong_pin)), "-o", path("m.cbm"))
            carte(args, "sign", path("m.cbm"), "--key", path("k.pem"), "--serial", "7")
            with open(path("m.cbm"), "rb") as f:
                cbm = bytearray(f.read())
            if args.case == "tampered":
                at = cbm.find(b"signed test menu")
                assert at > 0
                cbm[at] ^= 0x20  # "Signed test menu": one byte, same length
            files["/m.cbm"] = (bytes(cbm), False)
            build = carte(args, "build", write("e.ipxe", f"#!ipxe\nchain http://{S}/m.cbm\n"), "-o", rom, "--base",
                          args.base, "--shell-wait", "0", "--trust", path("k.pub.pem"), "--require-signed")
            if f"key {key_id} (k.pub.pem)" not in build or "signed menus required" not in build:
                print("FAIL: carte build did not report the embedded key and policy")
                return 1
            expect = ["trust: 1 key, 0 CA certificates, signed menus required"]
            if args.case == "signed":
                expect += [f"http://{S}/m.cbm: OK: signed by key {key_id} (k.pub.pem), serial 7", TITLE]
                stop_on = TITLE
            else:
                expect += [f"http://{S}/m.cbm: REFUSED (bad-signature): bad signature by key {key_id} (k.pub.pem)",
                           "Carte shell"]
                absent = [TITLE, "Signed test menu"]
                stop_on = "Carte shell"
        else:
            # The menu is embedded; the kernel's pin does not match what the server sends.
            carte(args, "build", write("m.carte", menu(wrong_pin)), "-o", rom, "--base", args.base,
                  "--shell-wait", "0")
            # After the refusal the menu must show again: take its shell item, then power off.
            keys = [("SHA-256 does not match the pinned value", b""), ("Press any key to return to the menu", b" "),
                    (TITLE, b"s"), ("iPXE> ", b"poweroff\r")]
            expect = ["SHA-256 does not match the pinned value", TITLE]
            absent = [fw.E2E_MARKER, "Booting"]
            stop_on = None

        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(rom, "", "virtio-net-pci", srv.port, QEMU_TIMEOUT, qemu=args.qemu, keys=keys,
                              stop_on=stop_on)
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={run.rc} timed_out={run.timed_out} stopped={run.stopped} requests={srv.requests}")

        text = run.text()
        failures = [f"never saw {n!r}" for n in expect if n not in text]
        failures += [f"saw {n!r}" for n in absent if n in text]
        if run.timed_out or (stop_on and not run.stopped):
            failures.append("the run did not reach its end marker")
        if len(keys) != run.keys_sent:
            failures.append(f"only {run.keys_sent} of {len(keys)} steps (refusal, prompt, menu again, shell) were seen")
        if args.case == "badtrust" and (run.rc != 3 or srv.requests):
            failures.append(f"expected a halt (rc 3) before any download, got rc={run.rc} requests={srv.requests}")
        if args.case == "pin" and text.count(TITLE) < 2:
            failures.append("the menu did not show again after the refusal")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        print(f"PASS ({run.wall:.1f} s)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
