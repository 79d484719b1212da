#!/usr/bin/env python3
"""carte.pxe and carte.kpxe chainloaded by a real PXE ROM: QEMU's own NIC option ROMs (Debian's
ipxe-qemu, loaded by default) PXE-boot over slirp's DHCP and TFTP (`tftp=`, `bootfile=`,
`restrict=on`), then Carte runs its embedded script and boots the test kernel over HTTP (the
loopback server behind guestfwd) to its marker.

What each case proves:
  pxe-<nic>   the prefix unloads the PXE stack and UNDI, Carte's own driver takes the NIC.
  kpxe-<nic>  UNDI stays loaded and Carte drives the NIC through it (real-mode calls from long
              mode), on NICs Carte has a driver for (virtio, e1000, e1000e) and on ones it has
              none for (rtl8139, pcnet, vmxnet3).
  both        ${filename}/${next-server} come from the ROM's cached DHCPACK, and there is no second
              DHCP exchange: a packet capture of the guest's NIC (QEMU's filter-dump) holds exactly
              the ROM's DISCOVER and REQUEST.
  no-pxe      carte.kpxe booted from a floppy instead of a PXE ROM says it needs one, not a crash.
"""

import argparse
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

S = fw.GUEST_SERVER
QEMU_TIMEOUT = 150
NICS = {"virtio": "virtio-net-pci", "e1000": "e1000", "rtl8139": "rtl8139", "pcnet": "pcnet",
        "vmxnet3": "vmxnet3", "e1000e": "e1000e"}
NATIVE_CHIP = {"virtio": "virtio-net", "e1000": "e1000", "e1000e": "e1000e"}

SCRIPT = f"""#!ipxe
echo pxe-says file=${{filename}} next=${{next-server}} chip=${{net0/chip}} ip=${{net0/ip}}
kernel http://{S}/vmlinuz console=ttyS0 quiet
initrd http://{S}/initrd.cpio
boot
"""


def dhcp_client_messages(pcap_path):
    """DHCP message types (option 53) of every BOOTREQUEST in a pcap file, in order."""
    with open(pcap_path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    out, at = [], 24
    while at + 16 <= len(data):
        incl = struct.unpack_from("<I", data, at + 8)[0]
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00" or frame[14 + 9] != 17:
            continue
        ihl = (frame[14] & 15) * 4
        udp = 14 + ihl
        if len(frame) < udp + 8 + 240 or struct.unpack_from(">H", frame, udp + 2)[0] != 67:
            continue
        bootp = frame[udp + 8:]
        if bootp[0] != 1 or bootp[236:240] != b"\x63\x82\x53\x63":
            continue
        opt, kind = 240, None
        while opt + 1 < len(bootp) and bootp[opt] != 255:
            if bootp[opt] == 0:
                opt += 1
                continue
            if bootp[opt] == 53:
                kind = bootp[opt + 2]
            opt += 2 + bootp[opt + 1]
        out.append(kind)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu):
        print("SKIP: qemu-system-x86_64 or /bin/busybox missing")
        return 77
    if not os.path.exists(args.kernel):
        print(f"SKIP: no kernel at {args.kernel} (scripts/setup.sh fetches Debian's)")
        return 77
    fmt, _, nic_name = args.case.partition("-")
    if args.case == "no-pxe":
        return no_pxe(args)
    if fmt not in ("pxe", "kpxe") or nic_name not in NICS:
        print(f"unknown case {args.case}")
        return 2

    with fw.tempdir() as tmp:
        src = os.path.join(tmp, "boot.ipxe")
        with open(src, "w") as f:
            f.write(SCRIPT)
        tftp = os.path.join(tmp, "tftp")
        os.mkdir(tftp)
        image = os.path.join(tftp, f"carte.{fmt}")
        p = subprocess.run([args.carte, "build", src, "--format", fmt, "-o", image], capture_output=True, text=True)
        print(p.stdout + p.stderr)
        if p.returncode != 0:
            print("FAIL: carte build failed")
            return 1
        pcap = os.path.join(tmp, "guest.pcap")
        with open(args.kernel, "rb") as f:
            files = {"/vmlinuz": (f.read(), False), "/initrd.cpio": (fw.busybox_initrd(), True)}
        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(None, "", NICS[nic_name], srv.port, QEMU_TIMEOUT, qemu=args.qemu,
                              netdev_opts=f"tftp={tftp},bootfile=carte.{fmt},", nic_rom=None,
                              extra=["-boot", "n", "-object", f"filter-dump,id=dump,netdev=n0,file={pcap}"],
                              stop_on=fw.E2E_MARKER)
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={run.rc} timed_out={run.timed_out} stopped={run.stopped} requests={srv.requests}")

        text = run.text()
        failures = []
        chip = "undi" if fmt == "kpxe" else NATIVE_CHIP.get(nic_name)
        expect = ["entry=pxe", "API at", "UNDI kept" if fmt == "kpxe" else "UNDI unloaded",
                  "net0: using the lease the PXE ROM got",
                  f"pxe-says file=carte.{fmt} next=10.0.2.2 chip={chip} ip=10.0.2.15", fw.E2E_MARKER]
        if chip is None:
            failures.append(f"carte.pxe has no driver for {nic_name}: use kpxe")
        for needle in expect:
            if needle not in text:
                failures.append(f"never saw {needle!r}")
        if "pxe: PXE call" in text:
            failures.append("a PXE call of the prefix failed")
        if run.timed_out:
            failures.append("timed out")
        if not os.path.exists(pcap):
            failures.append("QEMU wrote no packet capture")
        else:
            kinds = dhcp_client_messages(pcap)
            print(f"DHCP client messages on the wire: {kinds}")
            # The PXE ROM's DISCOVERs (1; it repeats them while it waits for ProxyDHCP offers)
            # ending in its one REQUEST (3). A DHCP of Carte's own would add a second REQUEST.
            if kinds.count(3) != 1 or kinds[-1] != 3 or set(kinds) != {1, 3}:
                failures.append(f"DHCP client messages {kinds}: want the ROM's DISCOVERs and one REQUEST, last")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        print(f"PASS ({run.wall:.1f} s, marker at {run.first(fw.E2E_MARKER):.2f} s)")
        return 0


def no_pxe(args):
    """carte.kpxe started with no PXE ROM behind it: a floppy boot sector loads the file to
    0000:7C00 and jumps there as a PXE ROM would, but with no !PXE or PXENV+ anywhere. Carte
    must say that UNDI needs a PXE ROM and go on (the script still runs), not hang or crash."""
    with fw.tempdir() as tmp:
        src = os.path.join(tmp, "boot.ipxe")
        with open(src, "w") as f:
            f.write("#!ipxe\necho no-pxe-script-ran\npoweroff\n")
        image = os.path.join(tmp, "carte.kpxe")
        p = subprocess.run([args.carte, "build", src, "--format", "kpxe", "-o", image], capture_output=True, text=True)
        if p.returncode != 0:
            print("FAIL: carte build failed", p.stdout, p.stderr)
            return 1
        with open(image, "rb") as f:
            data = f.read()
        loader = floppy_loader(tmp, (len(data) + 511) // 512)
        if loader is None:
            print("SKIP: no assembler to make the floppy boot sector")
            return 77
        floppy = os.path.join(tmp, "floppy.img")
        with open(floppy, "wb") as f:
            f.write(loader + data + b"\0" * (1474560 - len(loader) - len(data)))
        run = fw.run_qemu(None, "", None, 0, 60, qemu=args.qemu, extra=["-fda", floppy, "-boot", "a"],
                          stop_on="no-pxe-script-ran")
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        text = run.text()
        failures = [f"never saw {n!r}" for n in ["pxe: no PXE API", "undi: no PXE API", "no-pxe-script-ran"]
                    if n not in text]
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        print("PASS")
        return 0


LOADER = """
    .code16
    .text
    .globl _start
_start:                         /* at 0000:7C00: move to 0000:0600, then read the file over 7C00 */
    cli
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x600, %sp
    sti
    cld
    mov $0x7c00, %si
    mov $0x600, %di
    mov $256, %cx
    rep movsw
    ljmp $0, $moved
moved:
    mov $0x07c0, %ax
    mov %ax, %es
    xor %bx, %bx
    mov $2, %cx                 /* cylinder 0, sector 2; DL is the boot drive */
    xor %dh, %dh
    mov $SECTORS, %di
1:  mov $0x0201, %ax            /* one sector at a time: never across a 64 KiB DMA boundary */
    int $0x13
    jc .
    mov %es, %ax
    add $0x20, %ax
    mov %ax, %es
    dec %di
    jz 2f
    inc %cl
    cmp $18, %cl                /* 1.44 MB: 18 sectors a track, 2 heads */
    jbe 1b
    mov $1, %cl
    xor $1, %dh
    jnz 1b
    inc %ch
    jmp 1b
2:  xor %ax, %ax                /* ES:BX = 0 and a zero far pointer at SS:SP+4: no PXE */
    mov %ax, %es
    xor %bx, %bx
    push %ax
    push %ax
    push %ax
    push %ax
    ljmp $0, $0x7c00
"""


def floppy_loader(tmp, sectors):
    """The boot sector above, assembled with the system's gcc and ld (build-essential)."""
    src, obj, out = (os.path.join(tmp, n) for n in ("loader.S", "loader.o", "loader.bin"))
    with open(src, "w") as f:
        f.write(LOADER.replace("SECTORS", str(sectors)))
    for cmd in (["gcc", "-m32", "-c", src, "-o", obj],
                ["ld", "-m", "elf_i386", "-Ttext=0x600", "--oformat", "binary", "-e", "_start", obj, "-o", out]):
        if subprocess.run(cmd, capture_output=True).returncode != 0:
            return None
    with open(out, "rb") as f:
        code = f.read()
    return code + b"\0" * (510 - len(code)) + b"\x55\xaa"


if __name__ == "__main__":
    sys.exit(main())
