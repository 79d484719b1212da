#!/usr/bin/env python3
"""End-to-end: `carte build --format iso|usb` makes boot media from a small test menu; QEMU (TCG)
boots each the way a machine would, the menu draws and its default item boots Debian's kernel
with a busybox initrd downloaded over HTTP from a loopback server; the initrd prints a marker.

Cases:
  iso-bios  SeaBIOS boots carte.iso as a CD (-cdrom): El Torito → ISOLINUX → carte.lkrn
  usb-bios  SeaBIOS boots carte.usb as a USB stick (xHCI, usb-storage): the MBR's SYSLINUX boot
            code → the active FAT16 partition's SYSLINUX → carte.lkrn
  iso-efi   OVMF (q35) boots carte.iso as a CD: El Torito's EFI entry → the FAT image's
            EFI/BOOT/BOOTX64.EFI (carte.efi)
  usb-efi   OVMF boots carte.usb as a USB stick: the FAT16 partition's EFI/BOOT/BOOTX64.EFI

Each checks that the right platform started (Carte's banner says pcbios or efi), that the
embedded menu ran (ISOLINUX's and SYSLINUX's BOOT_IMAGE= command line must not replace it), that
the menu drew, and that its default item booted the kernel to the marker. Network: QEMU user networking with restrict=on; the guest reaches
the loopback server only as 10.0.2.100:80 through guestfwd (fw_harness.py).

Exit 77 (skip) when QEMU, busybox, the kernel, OVMF (efi cases) or a media tool is missing.
usage: media_test.py --carte carte --base carte.lkrn --base-efi carte.efi --kernel vmlinuz --case <case>"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import carte_build_test as cb  # noqa: E402  (the menu the other firmware tests use)
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 100
TITLE = "Carte QEMU test menu"
CASES = ("iso-bios", "usb-bios", "iso-efi", "usb-efi")

# What `carte build` needs for each medium: programs on PATH and Debian's boot loader files.
ISO_NEEDS = ["xorriso", "mformat", "mmd", "mcopy", "/usr/lib/ISOLINUX/isolinux.bin",
             "/usr/lib/ISOLINUX/isohdpfx.bin", "/usr/lib/syslinux/modules/bios/ldlinux.c32"]
USB_NEEDS = ["mformat", "mmd", "mcopy", "syslinux", "/usr/lib/syslinux/mbr/mbr.bin"]


def missing(needs):
    return [n for n in needs if not (os.path.exists(n) if n.startswith("/") else shutil.which(n))]


def boot_args(case, image):
    """QEMU options that boot the medium as its case says, on the case's firmware."""
    medium, firmware = case.split("-")
    if medium == "iso" and firmware == "bios":
        drive = ["-cdrom", image]
    elif medium == "iso":
        # q35's AHCI, with bootindex so OVMF tries the CD before the NIC's PXE.
        drive = ["-drive", f"if=none,id=cd,media=cdrom,format=raw,readonly=on,file={image}",
                 "-device", "ide-cd,drive=cd,bus=ide.0,bootindex=0"]
    else:
        drive = ["-device", "qemu-xhci", "-drive", f"if=none,id=stick,format=raw,snapshot=on,file={image}",
                 "-device", "usb-storage,drive=stick,bootindex=0"]
    if firmware == "efi":
        return ["-machine", "q35", "-bios", fw.OVMF, *drive]
    return drive


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--base-efi", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--case", required=True, choices=CASES)
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    medium, firmware = args.case.split("-")
    needs = missing(ISO_NEEDS if medium == "iso" else USB_NEEDS)
    if firmware == "efi" and not os.path.exists(fw.OVMF):
        needs.append(fw.OVMF)
    if not fw.have_tools(args.qemu):
        needs.append(f"{args.qemu} or /bin/busybox")
    for f in (args.kernel, args.base, args.base_efi):
        if not os.path.exists(f):
            needs.append(f)
    if needs:
        print(f"SKIP: missing {', '.join(needs)} (scripts/setup.sh installs the tools)")
        return 77

    with fw.tempdir() as tmp:
        menu = os.path.join(tmp, "test.carte")
        with open(menu, "w") as f:
            f.write(cb.MENU)
        image = os.path.join(tmp, f"carte.{medium}")
        cmd = [args.carte, "build", menu, "--format", medium, "-o", image, "--base", args.base,
               "--base-efi", args.base_efi]
        p = subprocess.run(cmd, capture_output=True, text=True)
        print("$", " ".join(cmd))
        print(p.stdout + p.stderr)
        if p.returncode != 0 or not os.path.exists(image):
            print("FAIL: carte build failed")
            return 1
        if f"{medium} image (BIOS and UEFI)" not in p.stdout:
            print("FAIL: carte build did not report a BIOS and UEFI medium")
            return 1

        with open(args.kernel, "rb") as f:
            kernel = f.read()
        files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (fw.busybox_initrd(), True),
                 "/other.cpio": (fw.busybox_initrd(marker=cb.KEY_MARKER), False)}
        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(None, None, "virtio-net-pci", srv.port, QEMU_TIMEOUT, qemu=args.qemu,
                              extra=boot_args(args.case, image), stop_on=fw.E2E_MARKER)
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={run.rc} timed_out={run.timed_out} stopped={run.stopped} requests={srv.requests}")

        text = run.text()
        failures = []
        platform = "pcbios" if firmware == "bios" else "efi"
        if f"network boot firmware ({platform} x86_64)" not in text:
            failures.append(f"Carte's {platform} banner never appeared: the medium did not start it")
        if "embedded: test.carte" not in text:
            failures.append("the embedded menu was not found")
        menu_t = run.first_byte(TITLE)
        if menu_t is None:
            failures.append("the menu never drew")
        if fw.E2E_MARKER not in text:
            failures.append("the menu's default never booted the kernel to its marker")
        if "/other.cpio" in srv.requests:
            failures.append("the default item was not the one taken")
        if run.timed_out:
            failures.append(f"timed out after {QEMU_TIMEOUT} s")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        print(f"PASS ({run.wall:.1f} s, menu at {menu_t:.2f} s, {os.path.getsize(image):,} bytes)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
