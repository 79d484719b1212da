#!/usr/bin/env python3
"""carte.lkrn started by real boot loaders under QEMU (TCG), each passing a command line that
Carte must run as a script: `echo CARTE-LOADED-BY-<CASE> && poweroff` (iPXE: the `echo` alone, as
iPXE itself splits on &&; `poweroff` is then typed at Carte's shell). The test wants Carte's
banner, the entry path the loader must have taken (Carte prints it), the RAM the loader's memory
map reported, the marker as a line of its own after the banner (the `echo` ran; the loader's
`BOOT_IMAGE=` word was dropped, or the script would stop at it), and a clean power-off (status 0;
a Carte failure exits with 3).

Cases:
  grub-linux16    GRUB 2 (grub.cfg in a memdisk, core image behind lnxboot.img, started by QEMU
                  -kernel): `linux16` + `boot`, Carte's own real-mode setup runs
  grub-linux      the same with GRUB's 32-bit `linux`: entry at code32_start, E820 from the zero page
  grub-multiboot  the same with GRUB's `multiboot`: GRUB 2 passes the arguments without the path
  syslinux        SYSLINUX on a FAT floppy (`syslinux --install`, mtools), `KERNEL carte.lkrn`
  syslinux-linux  the same with `LINUX carte.lkrn`
  ipxe            Debian's ipxe.lkrn fetches carte.lkrn over HTTP (`kernel <url> <script>`, `boot`);
                  iPXE tries multiboot before bzImage, so this is the multiboot entry
  ipxe-bzimage    the same with the multiboot header blanked in a copy: iPXE's bzImage loader

With --carte, the ROM each loader gets is `carte build`'s LZ4-compressed one (a trivial embedded
script; the command line still wins), so the decompressor stub is entered by every loader's path.

Exit 77 (skip) when QEMU or the loader's files are missing.
usage: bootloader_test.py --rom carte.lkrn --case <case> [--carte carte]"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

GRUB_DIR = "/usr/lib/grub/i386-pc"
IPXE = "/usr/lib/ipxe/ipxe.lkrn"
BANNER = "network boot firmware (pcbios x86_64)"
MEM_MIB = 256
TIMEOUT = 30

# case → (entry path Carte must report, tools it needs)
CASES = {
    "grub-linux16": ("lkrn", ["grub-mkimage"]),
    "grub-linux": ("linux32", ["grub-mkimage"]),
    "grub-multiboot": ("multiboot", ["grub-mkimage"]),
    "syslinux": ("lkrn", ["syslinux", "mformat", "mcopy"]),
    "syslinux-linux": ("lkrn", ["syslinux", "mformat", "mcopy"]),
    "ipxe": ("multiboot", []),
    "ipxe-bzimage": ("lkrn", []),
}


def marker(case):
    return "CARTE-LOADED-BY-" + case.upper()


def grub_image(tmp, rom, command, case):
    """GRUB 2 that QEMU -kernel can start: lnxboot.img (a bzImage header for GRUB) + a core image
    with normal mode built in and a memdisk (tar) holding /boot/grub/grub.cfg and /boot/carte.lkrn.
    lnxboot sets the prefix to /boot/grub on the boot device, here the memdisk."""
    # GRUB's own parser: & is a metacharacter and ${...} is expanded, so both are quoted.
    cfg = ("serial --unit=0 --speed=115200\n"
           "terminal_input serial\n"
           "terminal_output serial\n"
           "set timeout=0\n"
           "menuentry 'Carte' {\n"
           f"  {command} /boot/carte.lkrn echo {marker(case)} '&&' poweroff\n"
           "  boot\n"
           "}\n")
    memdisk = os.path.join(tmp, "memdisk.tar")
    with tarfile.open(memdisk, "w", format=tarfile.USTAR_FORMAT) as tar:
        tar.add(rom, arcname="boot/carte.lkrn")
        cfg_path = os.path.join(tmp, "grub.cfg")
        with open(cfg_path, "w") as f:
            f.write(cfg)
        tar.add(cfg_path, arcname="boot/grub/grub.cfg")
    core = os.path.join(tmp, "core.img")
    subprocess.run(["grub-mkimage", "-O", "i386-pc", "-d", GRUB_DIR, "-p", "(memdisk)/boot/grub", "-m", memdisk, "-o", core,
                    "memdisk", "tar", "normal", "serial", "terminal", "linux16", "linux", "multiboot", "echo"],
                   check=True)
    image = os.path.join(tmp, "grub.lkrn")
    with open(image, "wb") as out:
        for part in (os.path.join(GRUB_DIR, "lnxboot.img"), core):
            with open(part, "rb") as f:
                out.write(f.read())
    return image


def syslinux_floppy(tmp, rom, keyword, case):
    """A 1.44 MB FAT floppy with SYSLINUX installed by mtools (no root, no loop device)."""
    cfg = ("SERIAL 0 115200\n"
           "PROMPT 0\n"
           "DEFAULT carte\n"
           "LABEL carte\n"
           f"  {keyword} carte.lkrn\n"
           f"  APPEND echo {marker(case)} && poweroff\n")
    cfg_path = os.path.join(tmp, "syslinux.cfg")
    with open(cfg_path, "w") as f:
        f.write(cfg)
    floppy = os.path.join(tmp, "floppy.img")
    subprocess.run(["mformat", "-C", "-f", "1440", "-i", floppy, "::"], check=True)
    subprocess.run(["syslinux", "--install", floppy], check=True)
    subprocess.run(["mcopy", "-i", floppy, rom, cfg_path, "::"], check=True)
    return floppy


def without_multiboot_header(rom, tmp):
    """A copy whose multiboot magic is blanked, so iPXE falls through to its bzImage loader."""
    data = bytearray(open(rom, "rb").read())
    magic = (0x1BADB002).to_bytes(4, "little")
    at = data.find(magic, 0x400, 0x400 + 8192)
    assert at >= 0 and at % 4 == 0, "no multiboot header in the ROM"
    data[at:at + 4] = b"\0\0\0\0"
    path = os.path.join(tmp, "carte-nomb.lkrn")
    with open(path, "wb") as f:
        f.write(data)
    return path


def compressed_rom(carte, base, tmp):
    """base built by `carte build` into an LZ4-compressed ROM (checked: the stub's magic)."""
    src = os.path.join(tmp, "embedded.ipxe")
    with open(src, "w") as f:
        f.write("#!ipxe\necho embedded script\n")
    os.mkdir(os.path.join(tmp, "lz4"))
    rom = os.path.join(tmp, "lz4", "carte.lkrn")  # the name SYSLINUX's config loads
    p = subprocess.run([carte, "build", src, "-o", rom, "--base", base], capture_output=True, text=True, check=True)
    print(p.stdout, end="")
    with open(rom, "rb") as f:
        assert f.read()[0x424:0x42C] == b"CARTELZ4", "carte build did not compress the ROM"
    return rom


def run_case(case, rom, tmp):
    """Boots the case; returns (QemuRun, HTTP requests or None)."""
    if case.startswith("grub-"):
        command = case[len("grub-"):]
        image = grub_image(tmp, rom, command, case)
        return fw.run_qemu(image, "", None, 0, TIMEOUT, mem_mib=MEM_MIB), None
    if case.startswith("syslinux"):
        floppy = syslinux_floppy(tmp, rom, "LINUX" if case == "syslinux-linux" else "KERNEL", case)
        return fw.run_qemu(None, "", None, 0, TIMEOUT, mem_mib=MEM_MIB,
                           extra=["-drive", f"file={floppy},format=raw,if=floppy", "-boot", "a"]), None
    served = without_multiboot_header(rom, tmp) if case == "ipxe-bzimage" else rom
    with open(served, "rb") as f:
        files = {"/carte.lkrn": (f.read(), False)}
    # iPXE splits every && itself and has no quoting, so Carte's command line is one command; the
    # power-off is typed at Carte's shell, where a program that ends without booting leaves us.
    script = f"dhcp && kernel http://{fw.GUEST_SERVER}/carte.lkrn echo {marker(case)} && boot"
    with fw.LoopbackServer(files) as srv:
        # Debian's iPXE writes to the screen only: SeaBIOS mirrors it to serial with graphics=off.
        run = fw.run_qemu(IPXE, script, "virtio-net-pci", srv.port, TIMEOUT, mem_mib=MEM_MIB,
                          extra=["-machine", "pc,graphics=off"], keys=[("iPXE> ", b"poweroff\r")])
        return run, list(srv.requests)


def check(case, run, requests):
    entry_want = CASES[case][0]
    failures = []
    banner_at = next((i for i, (_, line) in enumerate(run.lines) if BANNER in line), None)
    if banner_at is None:
        failures.append("Carte's banner never appeared: the loader did not start it")
    entry = re.search(r"carte pc firmware: entry=(\w+) .* ram=(\d+) MiB", run.text())
    if not entry:
        failures.append("no 'carte pc firmware: entry=…' line")
    else:
        if entry.group(1) != entry_want:
            failures.append(f"entry path {entry.group(1)}, expected {entry_want}")
        ram = int(entry.group(2))
        # The loader's memory map (E820 or multiboot mmap) must describe the guest's RAM.
        if not MEM_MIB - 16 <= ram <= MEM_MIB:
            failures.append(f"ram={ram} MiB from the loader's memory map, expected about {MEM_MIB}")
    lines = [line.strip() for _, line in run.lines]
    marker_at = next((i for i, line in enumerate(lines) if line == marker(case)), None)
    if marker_at is None:
        failures.append(f"the command line's `echo {marker(case)}` never ran")
    elif banner_at is not None and marker_at < banner_at:
        failures.append("the marker came before Carte's banner")
    if run.timed_out or run.rc != 0:
        failures.append(f"no clean power-off from the script (rc={run.rc}, timed_out={run.timed_out})")
    if requests is not None and requests[:1] != ["/carte.lkrn"]:
        failures.append(f"iPXE did not fetch carte.lkrn: {requests}")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rom", required=True)
    ap.add_argument("--case", required=True, choices=list(CASES))
    ap.add_argument("--carte", help="boot the ROM `carte build` compresses from --rom")
    args = ap.parse_args()
    files = [args.rom]
    if args.case.startswith("grub-"):
        files.append(os.path.join(GRUB_DIR, "lnxboot.img"))
    if args.case.startswith("ipxe"):
        files.append(IPXE)
    needed = [p for p in files if not os.path.exists(p)]
    needed += [t for t in CASES[args.case][1] if shutil.which(t) is None]
    if needed or not fw.have_tools("qemu-system-x86_64"):
        print(f"SKIP: missing {needed or 'qemu-system-x86_64 or /bin/busybox'}")
        return 77

    with fw.tempdir() as tmp:
        rom = compressed_rom(args.carte, args.rom, tmp) if args.carte else args.rom
        run, requests = run_case(args.case, rom, tmp)
    failures = check(args.case, run, requests)
    if failures:
        print("\n".join(failures))
        print("--- serial (last 40 lines) ---")
        print("\n".join(line for _, line in run.lines[-40:]))
        return 1
    print(f"{args.case}: Carte ran the command line ({marker(args.case)} at {run.first(marker(args.case)):.1f} s, "
          f"powered off after {run.wall:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
