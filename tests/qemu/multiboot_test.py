#!/usr/bin/env python3
"""End-to-end loaders and protocols of carte.lkrn under QEMU (TCG):

  multiboot  a script fetched over HTTP loads the multiboot test kernel (fixtures/mbtest, linked at
             1 MiB, where Carte itself runs) with two modules; the kernel prints on COM1 what it
             received (magic, command lines, modules, loader name, memory) and every value is checked;
  kludge     the same kernel as a flat binary with the a.out kludge header (loaded at 2 MiB), one
             module, given on the ROM's command line;
  mbbad      kernels the loader must refuse (load address outside RAM, truncated ELF segment):
             a clear error each, the script goes on, nothing hangs;
  tftp       a script chained over tftp:// from QEMU's built-in TFTP server fetches a 3 MiB file
             with a SHA-256 pin, then boots the test kernel and a module by relative names;
  autoboot   no script at all: the DHCP bootfile (a bare name) is fetched from tftp://next-server/;
             a packet capture checks the DHCP request options (60, 77, 93, 94, 175, request list);
  nodns      no network card: a host name fails at once with a clear "no DNS server" error;
  dnstimeout `set dns` to an address nobody answers on (inside the slirp network, so no query
             leaves QEMU): the lookup fails with a timeout, bounded, and the script goes on.

usage: multiboot_test.py --rom carte.lkrn --mbtest mbtest.elf --mbtest-kludge mbtest-kludge.bin --case <case>"""

import argparse
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 120
DEBUG_EXIT_RC = 33  # the test kernel writes 0x10 to isa-debug-exit: (0x10 << 1) | 1
URL = f"http://{fw.GUEST_SERVER}"
TFTP = "tftp://10.0.2.2"

MOD1 = b"HELLO-MODULE-ONE and the rest of module one\n"
MOD2 = b"SECOND-MODULE-XY" + bytes((i * 13 + 5) & 0xFF for i in range(5000 - 16))
BIG = bytes((i * 2654435761 >> 7) & 0xFF for i in range(3 * 1024 * 1024))


def kernel_report(text):
    """The test kernel's MB-* lines as {key: rest of line}."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"\s*(MB-[A-Z0-9]+)\s?(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def kludge_kernel_at(load_addr):
    """A flat a.out-kludge multiboot image of 4 KiB that wants to load at load_addr."""
    flags = 0x00010003
    words = [0x1BADB002, flags, (-(0x1BADB002 + flags)) & 0xFFFFFFFF, load_addr, load_addr, 0, 0, load_addr + 32]
    return b"".join(w.to_bytes(4, "little") for w in words) + b"\xf4" * (4096 - 32)


def dhcp_requests(pcap):
    """Option dicts {tag: bytes} of every DHCP client message (UDP 68 -> 67) in a pcap file."""
    out = []
    off = 24
    while off + 16 <= len(pcap):
        n = int.from_bytes(pcap[off + 8:off + 12], "little")
        frame = pcap[off + 16:off + 16 + n]
        off += 16 + n
        if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
            continue
        ihl = (frame[14] & 15) * 4
        udp = frame[14 + ihl:]
        if udp[0:4] != b"\x00\x44\x00\x43":
            continue
        opts, p = {}, 8 + 240
        while p < len(udp) and udp[p] != 255:
            if udp[p] == 0:
                p += 1
                continue
            opts[udp[p]] = udp[p + 2:p + 2 + udp[p + 1]]
            p += 2 + udp[p + 1]
        out.append(opts)
    return out


def check_dhcp_options(pcap, failures):
    """Every DISCOVER/REQUEST carries iPXE's identification and request list."""
    requests = [o for o in dhcp_requests(pcap) if o.get(53) in (b"\x01", b"\x03")]
    if len(requests) < 2:
        failures.append(f"expected a DHCP DISCOVER and REQUEST in the capture, got {len(requests)}")
    for o in requests:
        want = {60: b"PXEClient:Arch:00000:UNDI:002001", 77: b"iPXE", 93: b"\x00\x00", 94: b"\x01\x02\x01"}
        for tag, value in want.items():
            if o.get(tag) != value:
                failures.append(f"DHCP option {tag}: want {value!r}, got {o.get(tag)!r}")
        missing = [t for t in (1, 3, 6, 66, 67, 175) if t not in o.get(55, b"")]
        if missing:
            failures.append(f"DHCP request list lacks {missing}")
        if b"\x19\x01\x01" not in o.get(175, b""):
            failures.append("option 175 does not announce multiboot (175.0x19)")


def check_kernel(text, cmdline, modules, failures):
    """modules: [(cmdline, data)] as the kernel must see them."""
    r = kernel_report(text)
    expect = {
        "MB-MAGIC": "ok",
        "MB-BSS": "zero",
        "MB-CMDLINE": f"[{cmdline}]",
        "MB-LOADER": "[Carte]",
        "MB-MODS": str(len(modules)),
    }
    for key, want in expect.items():
        if r.get(key) != want:
            failures.append(f"{key}: want {want!r}, got {r.get(key)!r}")
    flags = int(r.get("MB-FLAGS", "0x0"), 16)
    want_flags = 0x1 | 0x4 | 0x40 | 0x200 | (0x8 if modules else 0)
    if flags != want_flags:
        failures.append(f"MB-FLAGS: want {want_flags:#x}, got {flags:#x}")
    mem = re.match(r"lower=(\d+) upper=(\d+)", r.get("MB-MEM", ""))
    if not mem or int(mem.group(1)) < 600 or not 500 * 1024 - 2048 < int(mem.group(2)) < 512 * 1024:
        failures.append(f"MB-MEM: implausible for 512 MiB: {r.get('MB-MEM')!r}")
    mmap = re.match(r"entries=(\d+)", r.get("MB-MMAP", ""))
    if not mmap or int(mmap.group(1)) < 3:
        failures.append(f"MB-MMAP: {r.get('MB-MMAP')!r}")
    for i, (mod_cmdline, data) in enumerate(modules):
        head = "".join(chr(b) if 32 <= b < 127 else "." for b in data[:16])
        want = f"size={len(data)} aligned cmdline=[{mod_cmdline}] head=[{head}]"
        if r.get(f"MB-MOD{i}") != want:
            failures.append(f"MB-MOD{i}: want {want!r}, got {r.get(f'MB-MOD{i}')!r}")
    if "MB-MARKER" not in r:
        failures.append("no MB-MARKER from the test kernel")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rom", required=True)
    ap.add_argument("--mbtest", required=True)
    ap.add_argument("--mbtest-kludge", required=True)
    ap.add_argument("--case", required=True, choices=["multiboot", "kludge", "mbbad", "tftp", "autoboot", "nodns", "dnstimeout"])
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu):
        print("SKIP: qemu or busybox missing")
        return 77
    with open(args.mbtest, "rb") as f:
        mbtest = f.read()

    files = {}
    nic = "virtio-net-pci"
    slirp = ""
    append = ""
    stop_on = None
    extra = []
    failures = []
    with fw.tempdir() as tmp:
        if args.case == "multiboot":
            files = {
                "/mbtest.elf": (mbtest, False),
                "/mod1": (MOD1, False),
                "/mod2": (MOD2, True),
                "/mb.ipxe": ((f"#!ipxe\nkernel {URL}/mbtest.elf arg=1\nmodule {URL}/mod1 name1\n"
                              f"module {URL}/mod2\nboot\n").encode(), False),
            }
            append = f"chain {URL}/mb.ipxe"
        elif args.case == "kludge":
            with open(args.mbtest_kludge, "rb") as f:
                files = {"/k.bin": (f.read(), False), "/mod1": (MOD1, False)}
            append = f"kernel {URL}/k.bin kludge=yes && module {URL}/mod1 && boot"
        elif args.case == "mbbad":
            files = {
                "/high.bin": (kludge_kernel_at(0xE0000000), False),
                "/trunc.elf": (mbtest[:5000], False),
                "/bad.ipxe": ((f"#!ipxe\nkernel {URL}/high.bin\nboot || echo BAD1-REFUSED\nimgfree\n"
                               f"kernel {URL}/trunc.elf\nboot || echo BAD2-REFUSED\necho MB-BAD-DONE\n").encode(),
                              False),
            }
            append = f"chain {URL}/bad.ipxe"
            stop_on = "MB-BAD-DONE"
        elif args.case in ("tftp", "autoboot"):
            script = ("#!ipxe\necho TFTP-SCRIPT-OK\n"
                      f"imgfetch --name big --sha256={hashlib.sha256(BIG).hexdigest()} {TFTP}/big.bin "
                      "&& echo TFTP-BIG-OK\nimgfree big\n"
                      "kernel mbtest.elf arg=tftp\nmodule mod1 name1\nboot\n")
            auto = "#!ipxe\necho AUTOBOOT-OK ${filename} ${next-server}\nkernel mbtest.elf arg=auto\nboot\n"
            for name, data in (("x.ipxe", script.encode()), ("auto.ipxe", auto.encode()), ("big.bin", BIG),
                               ("mbtest.elf", mbtest), ("mod1", MOD1)):
                with open(os.path.join(tmp, name), "wb") as f:
                    f.write(data)
            slirp = f"tftp={tmp},"
            if args.case == "tftp":
                append = f"chain {TFTP}/x.ipxe"
            else:
                slirp += "bootfile=auto.ipxe,"
                append = ""
                extra = ["-object", f"filter-dump,id=d0,netdev=n0,file={os.path.join(tmp, 'net.pcap')}"]
        elif args.case == "nodns":
            nic = None
            append = "chain http://boot.example/x.ipxe"
            stop_on = "Carte shell"
        elif args.case == "dnstimeout":
            files = {"/dns.ipxe": (b"#!ipxe\nset dns 10.0.2.99\n"
                                   b"chain http://boot.example/x.ipxe || echo DNS-FAILED\necho DNS-DONE\n", False)}
            append = f"chain {URL}/dns.ipxe"
            stop_on = "DNS-DONE"

        with fw.LoopbackServer(files) as server:
            run = fw.run_qemu(args.rom, append, nic, server.port, QEMU_TIMEOUT, qemu=args.qemu,
                              netdev_opts=slirp, stop_on=stop_on, extra=extra)
        if args.case == "autoboot":
            with open(os.path.join(tmp, "net.pcap"), "rb") as f:
                check_dhcp_options(f.read(), failures)
    text = run.text()
    print(text)
    print(f"--- rc={run.rc} wall={run.wall:.1f}s timed_out={run.timed_out}")

    if run.timed_out:
        failures.append("QEMU timed out")
    if args.case == "multiboot":
        check_kernel(text, f"{URL}/mbtest.elf arg=1", [(f"{URL}/mod1 name1", MOD1), (f"{URL}/mod2", MOD2)], failures)
        if "multiboot: ELF kernel 0x100000-" not in text:
            failures.append("no multiboot loader summary line")
    elif args.case == "kludge":
        check_kernel(text, f"{URL}/k.bin kludge=yes", [(f"{URL}/mod1", MOD1)], failures)
        if "multiboot: a.out-kludge kernel 0x200000-0x202" not in text:
            failures.append("the a.out kludge load addresses were not used")
    elif args.case == "mbbad":
        for want in ("outside usable RAM", "BAD1-REFUSED", "segment is truncated", "BAD2-REFUSED", "MB-BAD-DONE"):
            if want not in text:
                failures.append(f"missing {want!r}")
        if "MB-MAGIC" in text:
            failures.append("a refused kernel ran")
    elif args.case == "tftp":
        for want in ("TFTP-SCRIPT-OK", "TFTP-BIG-OK"):
            if want not in text:
                failures.append(f"missing {want}")
        check_kernel(text, f"{TFTP}/mbtest.elf arg=tftp", [(f"{TFTP}/mod1 name1", MOD1)], failures)
    elif args.case == "autoboot":
        if "AUTOBOOT-OK auto.ipxe 10.0.2.2" not in text:
            failures.append("the DHCP bootfile was not chained from tftp://next-server/")
        check_kernel(text, f"{TFTP}/mbtest.elf arg=auto", [], failures)
    elif args.case == "nodns":
        if "no DNS server" not in text:
            failures.append("no clear 'no DNS server' error")
        if not run.stopped:
            failures.append("did not reach the shell after the error")
    elif args.case == "dnstimeout":
        if run.first("DNS-FAILED") is None or run.first("DNS-DONE") is None:
            failures.append("the failed lookup did not let the script go on")
        if not re.search(r"[Tt]imed out|timeout", text):
            failures.append("no timeout error for the unanswered DNS query")
        if run.wall > 60:
            failures.append(f"DNS failure took too long ({run.wall:.0f} s)")
    if args.case in ("multiboot", "kludge", "tftp", "autoboot") and run.rc != DEBUG_EXIT_RC:
        failures.append(f"QEMU exit code {run.rc}, want {DEBUG_EXIT_RC} (test kernel's isa-debug-exit)")

    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print(f"PASS ({args.case}, {run.wall:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
