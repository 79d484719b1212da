#!/usr/bin/env python3
"""carte.efi side by side with Debian's iPXE EFI builds (/usr/lib/ipxe/ipxe.efi and snponly.efi) under
OVMF (q35, TCG, 1 vCPU, user networking restricted to a loopback HTTP server at 10.0.2.100), on one NIC:

  OVMF s    seconds from QEMU start until OVMF's "BdsDxe: starting" line: the firmware's share, before
            the EFI application runs (from a disk, or after OVMF's own PXE DHCP and TFTP download)
  menu s    seconds from QEMU start until Carte's menu title has arrived on serial (by read chunk), or
            for iPXE until its script has started (its `echo carte-bench-script` line)
  marker s  seconds from QEMU start until the booted kernel's initrd prints its marker
  MiB/s     HTTP download of a 64 MiB file (host clock between two echo lines around imgfetch, as
            compare.py does for the BIOS ROM)

How each one is started (Debian's iPXE is 1.0.0+git-20190125, which has no autoexec.ipxe support and
no embedded script):
  carte.efi    a compiled .carte menu embedded by `carte build --format efi`, EFI/BOOT/BOOTX64.EFI on a
               read-only vvfat ESP; also the same image PXE-loaded by OVMF from slirp's TFTP (Carte then
               reuses OVMF's lease). Downloads: an embedded script with --shell-wait 0.
  ipxe.efi     BOOTX64.EFI on the ESP; its autoboot DHCP gets slirp's bootfile=http://10.0.2.100/<script>
               and chains the script (which therefore needs no `dhcp` of its own, as in compare.py).
  snponly.efi  drives only the NIC it was loaded from, so OVMF PXE-loads it: the same bootfile URL, read
               by OVMF's PXE as a TFTP name that slirp maps to <tftp>/http:/10.0.2.100/<script>, which
               holds snponly.efi; snponly's own DHCP then gets the same URL and fetches the script.
The 2019 iPXE hands the initrd to the kernel's EFI stub only through `initrd=<name>` on the command
line (Carte serves it by LoadFile2), so iPXE's kernel line carries that too.

virtio-net is driven by OVMF's VirtioNetDxe (no option ROM); --nic e1000 uses QEMU's efi-e1000.rom, which
is itself iPXE and owns the NIC's network boot entry, so on e1000 there are no PXE-loaded rows (the ROM's iPXE,
not snponly.efi, would run) and ipxe.efi takes the NIC with its own driver.
A benchmark: it prints figures, it does not pass or fail; a point never reached is "n/a".

usage: efi_compare.py --carte build/carte --base build/platform/efi/carte.efi --kernel third_party/kernel/vmlinuz
                      [--runs 3] [--nic virtio|e1000] [--boot-only] [--throughput-only]"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../tests/qemu"))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (the BIOS benchmark: its menu, rate and summary helpers)
import fw_harness as fw  # noqa: E402

S = fw.GUEST_SERVER
TITLE = "Bench menu"  # compare.BOOT_MENU's title
SCRIPT_MARK = "carte-bench-script"
OVMF_HANDOFF = "BdsDxe: starting"
NICS = {"virtio": ("virtio-net", "virtio-net-pci", ""), "e1000": ("e1000", "e1000", None)}
IPXE_BOOT = f"""#!ipxe
echo {SCRIPT_MARK}
kernel http://{S}/vmlinuz initrd=initrd.cpio console=ttyS0 quiet
initrd http://{S}/initrd.cpio
boot
"""
# `${ip}` first: Carte may still be getting the lease behind an embedded script, and that wait must
# stay outside the timed window. BENCH-FAIL voids the figure if imgfetch fails (BENCH-T1 still ends the run).
FETCH = f"""#!ipxe
echo lease ${{ip}}
echo BENCH-T0
imgfetch http://{S}/big.bin || echo BENCH-FAIL
echo BENCH-T1
"""
ANSI = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]|\x08 \x08|\x08")


def clean(line):
    return ANSI.sub("", line).strip()


def first_line(run, *needles):
    """Seconds until the first line holding any of needles (OVMF's lines end promptly)."""
    times = [t for t in (run.first(n) for n in needles) if t is not None]
    return min(times) if times else None


def rate(run, size):
    return None if "BENCH-FAIL" in run.text() else compare.rate(run, size)


def minus(a, b):
    return None if a is None or b is None else a - b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True, help="carte.efi to embed the menu and script into")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--ipxe-efi", default="/usr/lib/ipxe/ipxe.efi")
    ap.add_argument("--snponly", default="/usr/lib/ipxe/snponly.efi")
    ap.add_argument("--nic", choices=sorted(NICS), default="virtio")
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per QEMU run")
    ap.add_argument("--boot-only", action="store_true", help="OVMF, menu and marker only, no download rates")
    ap.add_argument("--throughput-only", action="store_true", help="download rates only")
    args = ap.parse_args()
    if not fw.have_tools("qemu-system-x86_64") or not os.path.exists(fw.OVMF):
        print(f"needs qemu-system-x86_64, /bin/busybox and {fw.OVMF}")
        return 1
    nic_name, nic, nic_rom = NICS[args.nic]
    size = args.size_mib << 20

    with tempfile.TemporaryDirectory(prefix="efibench-", dir="/tmp") as tmp:
        def carte_build(name, src_text, suffix, *extra):
            """A carte.efi with src_text embedded, or None (its figures then read n/a)."""
            src, out = os.path.join(tmp, name + suffix), os.path.join(tmp, name + ".efi")
            with open(src, "w") as f:
                f.write(src_text)
            p = subprocess.run([args.carte, "build", src, "--format", "efi", "--base", args.base, "-o", out, *extra],
                               capture_output=True, text=True)
            if p.returncode != 0:
                print(f"(carte build {name} failed: {(p.stdout + p.stderr).strip()[-300:]})")
                return None
            return out

        def esp(name, image):
            """A directory for vvfat with image as EFI/BOOT/BOOTX64.EFI; its OVMF arguments."""
            if image is None or not os.path.exists(image):
                return None
            boot = os.path.join(tmp, "esp-" + name, "EFI", "BOOT")
            os.makedirs(boot)
            shutil.copy(image, os.path.join(boot, "BOOTX64.EFI"))
            return fw.ovmf_args(os.path.join(tmp, "esp-" + name))

        # One TFTP root for every PXE load: carte's own image, and snponly.efi under each URL its
        # bootfile names (slirp joins the TFTP name to the root, so "http://host/x" is "http:/host/x").
        tftp = os.path.join(tmp, "tftp")
        os.makedirs(os.path.join(tftp, "http:", S))
        # No disk: OVMF's boot order reaches PXEv4. Not on e1000: QEMU's efi-e1000.rom is itself iPXE and
        # owns the NIC's boot entry, so OVMF would never PXE-load the image (the ROM's iPXE would run).
        pxe = ["-machine", "q35", "-bios", fw.OVMF] if nic_rom == "" else None

        def tftp_put(src, name):
            if src is None or not os.path.exists(src):
                return False
            shutil.copy(src, os.path.join(tftp, name))
            return True

        carte_menu = carte_build("menu", compare.BOOT_MENU, ".carte")
        carte_fetch = carte_build("fetch", FETCH, ".ipxe", "--shell-wait", "0")
        # The same with Carte's own NIC drivers (`--nics native`), as ipxe.efi uses its own.
        carte_menu_native = carte_build("menu-native", compare.BOOT_MENU, ".carte", "--nics", "native")
        carte_fetch_native = carte_build("fetch-native", FETCH, ".ipxe", "--shell-wait", "0", "--nics", "native")
        have_carte_pxe = pxe is not None and tftp_put(carte_menu, "carte-menu.efi")
        have_snp = pxe is not None and all(tftp_put(args.snponly, f"http:/{S}/{n}")
                                           for n in ("boot.ipxe", "fetch.ipxe"))
        opts = "tftp=" + tftp + ",bootfile=http://" + S + "/{},"  # slirp options, per script

        # (who, label, OVMF arguments or None, slirp options, what marks the menu or script)
        boot_cases = [
            ("carte", "carte.efi .carte menu (ESP)", esp("carte", carte_menu), "", TITLE),
            ("carte-native", "carte.efi --nics native (ESP)", esp("carte-native", carte_menu_native), "", TITLE),
            ("carte-pxe", "carte.efi .carte menu (PXE)", pxe if have_carte_pxe else None,
             f"tftp={tftp},bootfile=carte-menu.efi,", TITLE),
            ("ipxe", "ipxe.efi (ESP, DHCP bootfile)", esp("ipxe", args.ipxe_efi), opts.format("boot.ipxe"),
             SCRIPT_MARK),
            ("snponly", "snponly.efi (PXE, DHCP bootfile)", pxe if have_snp else None, opts.format("boot.ipxe"),
             SCRIPT_MARK),
        ]
        fetch_cases = [
            ("carte", "carte.efi imgfetch (ESP)", esp("carte-fetch", carte_fetch), ""),
            ("carte-native", "carte.efi --nics native imgfetch", esp("carte-fetch-native", carte_fetch_native), ""),
            ("ipxe", "ipxe.efi imgfetch (ESP)", esp("ipxe-fetch", args.ipxe_efi), opts.format("fetch.ipxe")),
            ("snponly", "snponly.efi imgfetch (PXE)", pxe if have_snp else None, opts.format("fetch.ipxe")),
        ]
        if pxe is None:  # said once in the header, rather than as a row of n/a per run
            boot_cases = [c for c in boot_cases if "(PXE" not in c[1]]
            fetch_cases = [c for c in fetch_cases if "(PXE" not in c[1]]

        with open(args.kernel, "rb") as f:
            kernel = f.read()
        files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (fw.busybox_initrd(), False),
                 "/big.bin": (os.urandom(size), False), "/boot.ipxe": (IPXE_BOOT.encode(), False),
                 "/fetch.ipxe": (FETCH.encode(), False)}

        sizes = {who: os.path.getsize(p) if p and os.path.exists(p) else None
                 for who, p in (("carte", args.base), ("ipxe", args.ipxe_efi), ("snponly", args.snponly))}
        commit = compare.commit_of(args.base)  # once: others may commit while this runs
        print(f"commit measured: {commit} (base {args.base})")
        print(f"NIC: {nic_name} ({'OVMF VirtioNetDxe, no option ROM' if nic_rom == '' else 'QEMU EFI option ROM'}),"
              f" TCG, OVMF {fw.OVMF}")
        if pxe is None:
            print(f"(no PXE-loaded rows on {nic_name}: its option ROM, not OVMF's PXE, boots from the network)")
        print(f"{'firmware':34s} {'OVMF s':>7s} {'menu s':>7s} {'marker s':>9s} {'MiB/s':>7s}")
        results, drivers = {}, {}

        def record(figure, who, value):
            results.setdefault((figure, who), []).append(value)

        def run(who, label, boot_args, netdev_opts, stop_on):
            """One QEMU run, or None when the image is missing or (PXE) was not what OVMF started."""
            if boot_args is None:
                print(f"  ({label}: image missing or not built, skipped)")
                return None
            r = fw.run_qemu(None, None, nic, srv.port, args.timeout, extra=boot_args, netdev_opts=netdev_opts,
                            stop_on=stop_on, nic_rom=nic_rom)
            if not r.stopped:
                # Say why a figure will be missing: the last lines the guest printed.
                tail = " | ".join(clean(line)[-100:] for _, line in r.lines[-3:])
                print(f"  ({label}: no {stop_on!r} within {args.timeout} s; last: {tail})", flush=True)
            handoff = [clean(line) for _, line in r.lines if OVMF_HANDOFF in line]
            if boot_args is pxe and not any("PXEv4" in line for line in handoff):
                if r.stopped:  # else already said above
                    print(f"  ({label}: OVMF did not start it from PXEv4; figures dropped)", flush=True)
                return None
            if who in ("ipxe", "snponly"):
                # Which driver iPXE took for the NIC (its own or the firmware's SNP): the last report after
                # OVMF's hand-off, as an option ROM's iPXE may report the NIC before.
                after = [clean(line) for t, line in r.lines if t >= (first_line(r, OVMF_HANDOFF) or 0)]
                found = [m for m in (re.search(r"net0: \S+ using (\S+) on (\S+)", line) for line in after) if m]
                if found:
                    drivers.setdefault(label.split()[0], f"{found[-1].group(1)} on {found[-1].group(2)}")
            return r

        def row(label, ovmf=None, first=None, marker=None, mibs=None):
            print(f"{label:34s} {compare.fmt(ovmf):>7s} {compare.fmt(first):>7s} {compare.fmt(marker):>9s} "
                  f"{compare.fmt(mibs):>7s}", flush=True)

        with fw.LoopbackServer(files) as srv:
            for _ in range(args.runs):
                for who, label, boot_args, netdev_opts, needle in () if args.throughput_only else boot_cases:
                    r = run(who, label, boot_args, netdev_opts, fw.E2E_MARKER)
                    ovmf = r and first_line(r, OVMF_HANDOFF)
                    first, marker = (r.first_byte(needle), r.first_byte(fw.E2E_MARKER)) if r else (None, None)
                    record("OVMF s", who, ovmf)
                    record("menu s", who, first)
                    record("marker s", who, marker)
                    record("menu - OVMF s", who, minus(first, ovmf))
                    record("marker - OVMF s", who, minus(marker, ovmf))
                    row(label, ovmf, first, marker)
                for who, label, boot_args, netdev_opts in () if args.boot_only else fetch_cases:
                    r = run(who, label, boot_args, netdev_opts, "BENCH-T1")
                    mibs = rate(r, size) if r else None
                    record("MiB/s", who, mibs)
                    row(label, r and first_line(r, OVMF_HANDOFF), mibs=mibs)

        def m(figure, who):
            return compare.median(results.get((figure, who), []))

        print(f"\nmedians of {args.runs} run(s), {nic_name}, TCG (commit {commit}):")
        for who, driver in drivers.items():
            print(f"{who} reports net0 using {driver}")
        if not args.throughput_only:
            print(f"{'':16s} {'carte ESP':>9s} {'native':>9s} {'carte PXE':>9s} {'ipxe.efi':>9s} {'snponly':>9s}   "
                  f"{'ipxe-carte':>10s} {'snponly-carte PXE':>17s}")
            for figure in ("OVMF s", "menu s", "marker s", "menu - OVMF s", "marker - OVMF s"):
                v = {who: m(figure, who) for who in ("carte", "carte-native", "carte-pxe", "ipxe", "snponly")}
                print(f"{figure:16s} " + " ".join(f"{compare.fmt(v[w]):>9s}" for w in v) +
                      f"   {compare.fmt(minus(v['ipxe'], v['carte'])):>10s} "
                      f"{compare.fmt(minus(v['snponly'], v['carte-pxe'])):>17s}")
            print("  (menu s: Carte's menu title / iPXE's script start; OVMF s: OVMF's hand-off to the EFI "
                  "application, the firmware's share; the PXE rows include OVMF's PXE DHCP and TFTP load)")
        if not args.boot_only:
            carte, native, ipxe, snp = (m("MiB/s", w) for w in ("carte", "carte-native", "ipxe", "snponly"))
            print(f"download MiB/s   carte (SNP) {compare.fmt(carte)}  carte --nics native {compare.fmt(native)}  "
                  f"ipxe.efi {compare.fmt(ipxe)}  snponly.efi {compare.fmt(snp)}")
            print(f"                 carte/snponly {compare.ratio(carte, snp)}  carte/ipxe {compare.ratio(carte, ipxe)}  "
                  f"native/snponly {compare.ratio(native, snp)}  native/ipxe {compare.ratio(native, ipxe)}")

        def size(who):
            return "n/a" if sizes[who] is None else f"{sizes[who]:,} B"

        print(f"file size        carte.efi {size('carte')} (base; with the menu "
              f"{os.path.getsize(carte_menu) if carte_menu else 0:,} B)  ipxe.efi {size('ipxe')}  "
              f"snponly.efi {size('snponly')}  carte/ipxe {compare.ratio(sizes['carte'], sizes['ipxe'])}  "
              f"carte/snponly {compare.ratio(sizes['carte'], sizes['snponly'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
