#!/usr/bin/env python3
"""End-to-end: carte.lkrn boots in QEMU (TCG) with an iPXE script on its command line (as
iPXE's .lkrn takes one), gets a DHCP lease, downloads the Debian kernel and a busybox initrd over
HTTP from a loopback server, and boots them; the initrd's /init prints the marker. Also checks the
modern virtio interface, the multiboot entry, named initrds (CPIO-wrapped, mode=/mkdir=), TFTP,
SMBIOS settings, and that errors (a missing file, no network card, not a kernel) are reported
and leave the user at the shell.

usage: boot_linux_test.py --rom carte.lkrn --kernel vmlinuz --case <case>"""

import argparse
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 120
# Not QEMU's default 52:54:00:12:34:56, so the MAC the driver reports must come from the device.
E1000E_MAC = "52:54:00:c0:ff:ee"
# Test case → QEMU NIC (None: no NIC).
NICS = {
    "virtio": "virtio-net-pci",  # transitional 1af4:1000, driven through the legacy interface
    "virtio-modern": "virtio-net-pci,disable-legacy=on",  # 1af4:1041, virtio 1.0 capabilities
    "e1000": "e1000",
    "e1000e": f"e1000e,mac={E1000E_MAC}",  # 82574L, 8086:10d3: the e1000 driver's variant
    "multiboot": "virtio-net-pci",
    "http404": "virtio-net-pci",
    "nonic": None,
    "notkernel": "virtio-net-pci",
    "udp-tftp": "e1000",  # tftp:// over Network::udp_open against slirp's built-in TFTP server
    "smbios": None,  # ${smbios/...} settings over QEMU -smbios tables
    "highmem": "virtio-net-pci",  # 3 GiB of RAM: the initrd must still land below initrd_addr_max
}
SMBIOS_ARGS = ["-smbios", "type=1,manufacturer=CarteCo,product=Widget 9,serial=SN-42,"
               "uuid=12345678-9abc-def0-1122-334455667788",
               "-smbios", "type=3,asset=AT-7", "-smbios", "type=2,serial=BS-1"]
SMBIOS_FIELDS = ["manufacturer", "product", "serial", "uuid", "asset", "board-serial"]
SMBIOS_EXPECTED = ["manufacturer=[CarteCo]", "product=[Widget 9]", "serial=[SN-42]",
                   "uuid=[12345678-9abc-def0-1122-334455667788]", "asset=[AT-7]", "board-serial=[BS-1]"]
ERROR_CASES = {  # case → the message the firmware must print before the shell
    "http404": "No such file or directory (HTTP 404 Not Found)",
    "nonic": "no supported network card found",
    "notkernel": "Could not boot: Exec format error",
}
# Cases that assemble the initramfs from three initrds: a raw busybox archive, then /init and
# /etc/carte/marker wrapped by the firmware (iPXE's `initrd <url> <name> mode= mkdir=`), so the
# marker appears only if the CPIO wrapping, mkdir and 4 KiB concatenation all work in a real kernel.
SPLIT_INITRD_CASES = ("virtio-modern", "e1000", "e1000e")
# Cases that also echo what the firmware says about the NIC: case → (${net0/chip}, ${net0/mac}).
NIC_IDENTITY = {"e1000e": ("e1000e", E1000E_MAC)}


# 2.9 blocks of 512 bytes: two full DATA packets and a short last one, each ACKed.
TFTP_FILE = bytes((i * 7 + 3) & 0xff for i in range(1500))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rom", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--case", required=True, choices=list(NICS))
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu) or not os.path.exists(args.kernel):
        print("SKIP: qemu, /bin/busybox or the kernel is missing")
        return 77

    kernel = open(args.kernel, "rb").read()
    initrd = fw.busybox_initrd()
    # The kernel is served with Content-Length, the initrd chunked: both body framings get used.
    files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (initrd, True)}
    url = f"http://{fw.GUEST_SERVER}"
    # The DHCP boot file name is echoed first: the lease must carry it into ${filename}.
    show_lease = "echo boot-file=[${filename}] && "
    if args.case in NIC_IDENTITY:
        show_lease += "echo nic=[${net0/chip} ${net0/mac}] && "
    append = (f"{show_lease}kernel {url}/vmlinuz console=ttyS0 panic=-1 quiet && initrd {url}/initrd.cpio "
              "&& boot")
    expected_requests = ["/vmlinuz", "/initrd.cpio"]
    if args.case in SPLIT_INITRD_CASES:
        files = {"/vmlinuz": (kernel, False), "/base.cpio": (fw.busybox_base_initrd(), False),
                 "/init.sh": (fw.SPLIT_INIT, True), "/marker.txt": ((fw.E2E_MARKER + "\n").encode(), False)}
        append = (f"{show_lease}kernel {url}/vmlinuz console=ttyS0 panic=-1 quiet && initrd {url}/base.cpio "
                  f"&& initrd {url}/init.sh /init mode=755 "
                  f"&& initrd {url}/marker.txt /etc/carte/marker mkdir=-1 && boot")
        expected_requests = ["/vmlinuz", "/base.cpio", "/init.sh", "/marker.txt"]
    nic = NICS[args.case]

    with fw.tempdir() as tmp, fw.LoopbackServer(files) as server:
        rom = args.rom
        slirp = "bootfile=/carte/menu.cbm,"
        if args.case == "udp-tftp":
            with open(os.path.join(tmp, "hello.txt"), "wb") as f:
                f.write(TFTP_FILE)
            slirp += f"tftp={tmp},"
            append = f"{show_lease}imgfetch tftp://${{next-server}}/hello.txt && sha256sum hello.txt && poweroff"
        extra = SMBIOS_ARGS if args.case == "smbios" else []
        if args.case == "smbios":
            append = " && ".join(f"echo smbios {f}=[${{smbios/{f}}}]" for f in SMBIOS_FIELDS) + " && poweroff"
        if args.case == "multiboot":
            rom = fw.strip_hdrs(args.rom, tmp)
        if args.case == "http404":
            append = f"kernel {url}/missing-kernel console=ttyS0 && boot"
        if args.case == "notkernel":  # a cpio archive is not a kernel
            append = f"kernel {url}/initrd.cpio console=ttyS0 && boot"
        if args.case == "nonic":
            append = f"kernel {url}/vmlinuz console=ttyS0 && boot"
        # A failed script leaves the user at the shell; typing poweroff there ends the run.
        keys = [("iPXE> ", b"poweroff\r")] if args.case in ERROR_CASES else []
        # slirp's DHCP server hands out a boot file name; the lease must report it.
        run = fw.run_qemu(rom, append, nic, server.port, QEMU_TIMEOUT, qemu=args.qemu,
                          netdev_opts=slirp, extra=extra, mem_mib=3072 if args.case == "highmem" else 512,
                          keys=keys)

    out = run.text()
    print(out)
    print(f"--- rc={run.rc} wall={run.wall:.2f}s timed_out={run.timed_out} requests={server.requests}")
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    check(not run.timed_out, f"QEMU did not finish within {QEMU_TIMEOUT} s")
    check("carte pc firmware:" in out, "no firmware banner")
    if NICS[args.case] is not None:
        check(run.first("ok (10.0.2.15") is not None, "no DHCP lease")
        if args.case not in ERROR_CASES:
            check("boot-file=[/carte/menu.cbm]" in out, "the DHCP boot file name was not captured")
    if args.case in NIC_IDENTITY:
        chip, mac = NIC_IDENTITY[args.case]
        check(f"nic=[{chip} {mac}]" in out, f"the NIC should report chip {chip} and QEMU's mac= {mac}")
    if args.case == "smbios":
        for field in SMBIOS_EXPECTED:
            check(f"smbios {field}" in out, f"SMBIOS field missing: {field}")
        check(run.rc == 0, f"expected a clean power-off, got {run.rc}")
    elif args.case == "udp-tftp":
        want = hashlib.sha256(TFTP_FILE).hexdigest()
        check(want in out, f"TFTP transfer wrong or missing (want sha256 {want})")
        check(run.rc == 0, f"expected a clean power-off, got {run.rc}")
    elif args.case in ERROR_CASES:
        expected = ERROR_CASES[args.case]
        check(expected in out, f"the error was not reported ({expected!r})")
        check(run.keys_sent == 1, "the failure did not leave the user at the shell")
        check(run.rc == 0, f"expected a clean power-off from the shell, got {run.rc}")
        check(run.wall < 60, "the failure did not end the run promptly")
    else:
        check(f"entry={'multiboot' if args.case == 'multiboot' else 'lkrn'}" in out, "wrong entry path")
        check("linux: protocol" in out, "the kernel was not handed over")
        check(fw.E2E_MARKER in out, "the initrd's marker never appeared")
        check(server.requests == expected_requests, "unexpected HTTP requests")
        if args.case == "highmem":
            m = re.search(r"initrd \d+ bytes at 0x([0-9a-f]+)", out)
            check(m is not None and 0x40000000 < int(m.group(1), 16) < 0x80000000,
                  "the initrd should sit high, yet below the kernel's initrd_addr_max (2 GiB)")
        dhcp, marker = run.first("ok (10.0.2.15"), run.first(fw.E2E_MARKER)
        if dhcp is not None and marker is not None:
            print(f"FIGURES case={args.case} nic={nic} time_to_dhcp={dhcp:.2f}s "
                  f"time_to_marker={marker:.2f}s wall={run.wall:.2f}s rom_bytes={os.path.getsize(args.rom)}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
