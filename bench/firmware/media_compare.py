#!/usr/bin/env python3
"""Carte's boot ISO (`carte build --format iso`) side by side with Debian's iPXE ISO
(/usr/lib/ipxe/ipxe.iso), each booted from a CD by SeaBIOS in the same QEMU setup (TCG, 1 vCPU,
`-cdrom`, `-machine pc,graphics=off`, one virtio-net NIC on user networking restricted to a
loopback relay at 10.0.2.100 with nothing behind it), plus the files' sizes.

Figures, each in seconds from QEMU start until the text has arrived on the serial line (timed by
read chunk, as compare.py does: a drawn menu or a countdown does not end its line until later):

  banner  the firmware's banner: Carte's "network boot firmware (pcbios x86_64)", iPXE's
          "Open Source Network Boot Firmware"
  menu    Carte: the embedded menu's title (compare.py's "Bench menu", a compiled .carte menu,
          the product's normal form). iPXE: its first prompt, "Press Ctrl-B for the iPXE
          command line...": Debian's ISO has no menu and embeds no script, so that prompt is the
          first moment it takes a key (after it, iPXE goes on to DHCP and autoboot)

Both are started the same way: SeaBIOS → El Torito → ISOLINUX (6.04 in both ISOs) → the BIOS
image (ipxe.krn, carte.lkrn). graphics=off makes SeaBIOS mirror the screen to serial, the only
way to see Debian's iPXE, which writes to the screen alone; Carte gets the same so that SeaBIOS's
and ISOLINUX's share is the same on both sides. Each run stops once its menu has arrived.

A benchmark: it prints every run's figures and the medians over --runs (at least 3), headed by the
commit measured; it does not pass or fail. A point never reached is "n/a".

usage: media_compare.py --carte build/carte --base build/platform/pc/carte.lkrn
                        [--base-efi build/platform/efi/carte.efi] [--ipxe-iso /usr/lib/ipxe/ipxe.iso]
                        [--runs 3]"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../tests/qemu"))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (the BIOS benchmark: its menu and median helpers)
import fw_harness as fw  # noqa: E402

TIMEOUT = 60
MARKS = {
    "carte": {"banner": "network boot firmware (pcbios x86_64)", "menu": "Bench menu"},
    "ipxe": {"banner": "Open Source Network Boot Firmware", "menu": "Press Ctrl-B for the iPXE command line"},
}


def boot(iso, marks):
    """One run from QEMU start to the menu: {figure: seconds or None}."""
    with fw.LoopbackServer({}) as srv:
        run = fw.run_qemu(None, None, "virtio-net-pci", srv.port, TIMEOUT,
                          extra=["-machine", "pc,graphics=off", "-smp", "1", "-cdrom", iso], stop_on=marks["menu"])
    got = {figure: run.first_byte(text) for figure, text in marks.items()}
    if got["menu"] is None:
        tail = " | ".join(line[-100:] for _, line in run.lines[-4:])
        print(f"  ({os.path.basename(iso)}: no {marks['menu']!r} within {TIMEOUT} s; last: {tail})", flush=True)
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True, help="the BIOS image (carte.lkrn)")
    ap.add_argument("--base-efi", default="", help="the UEFI image (carte.efi); without it a BIOS-only ISO")
    ap.add_argument("--ipxe-iso", default="/usr/lib/ipxe/ipxe.iso")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.runs < 3:
        ap.error("--runs: medians need at least 3 runs")
    if not os.path.exists(args.ipxe_iso):
        sys.exit(f"{args.ipxe_iso} is missing (Debian's ipxe package)")

    with tempfile.TemporaryDirectory(prefix="carte-media-bench-") as tmp:
        menu = os.path.join(tmp, "bench.carte")
        with open(menu, "w") as f:
            f.write(compare.BOOT_MENU)
        out = os.path.join(tmp, "out")
        cmd = [args.carte, "build", menu, "--format", "all", "-o", out, "--base", args.base,
               "--base-efi", args.base_efi]
        p = subprocess.run(cmd, capture_output=True, text=True)
        print(p.stdout + p.stderr, end="")
        if p.returncode != 0:
            sys.exit("carte build failed")
        isos = {"carte": os.path.join(out, "carte.iso"), "ipxe": args.ipxe_iso}

        print(f"commit {compare.commit_of(args.carte)}")
        results = {}
        for i in range(args.runs):
            for who in ("carte", "ipxe"):  # interleaved, so a change in the machine's load hits both
                got = boot(isos[who], MARKS[who])
                for figure, value in got.items():
                    results.setdefault((who, figure), []).append(value)
                print(f"run {i + 1} {who:5s}  banner {compare.fmt(got['banner'])}  menu {compare.fmt(got['menu'])}",
                      flush=True)

        print(f"\nmedians of {args.runs} run(s), seconds from QEMU start (SeaBIOS, -cdrom, TCG):")
        med = {key: compare.median(values) for key, values in results.items()}
        for figure in ("banner", "menu"):
            carte, ipxe = med[("carte", figure)], med[("ipxe", figure)]
            sooner = "   n/a" if carte is None or ipxe is None else f"{ipxe - carte:6.2f}"
            print(f"  {figure:6s}  carte.iso {compare.fmt(carte)}  ipxe.iso {compare.fmt(ipxe)}  "
                  f"ipxe - carte {sooner}")
        print("\nsizes (bytes):")
        sizes = [("carte.iso", isos["carte"]), ("ipxe.iso (Debian)", args.ipxe_iso)]
        sizes += [(name, os.path.join(out, name)) for name in ("carte.usb", "carte.lkrn", "carte.efi")]
        sizes.append(("ipxe.lkrn (Debian)", os.path.join(os.path.dirname(args.ipxe_iso), "ipxe.lkrn")))
        for name, path in sizes:
            if os.path.exists(path):
                print(f"  {name:20s} {os.path.getsize(path):>11,}")


if __name__ == "__main__":
    main()
