#!/usr/bin/env python3
"""Carte's ROM side by side with Debian's iPXE (/usr/lib/ipxe/ipxe.lkrn) in the same QEMU setup
(TCG, 1 vCPU, user networking restricted to a loopback HTTP server at 10.0.2.100), per NIC:

  menu     seconds from QEMU start until the menu title has arrived on the serial line (timed by
           read chunk: a drawn menu does not end a line until it is gone)
  marker   seconds from QEMU start until the booted kernel's initrd prints its marker
  MiB/s    HTTP download of a 64 MiB file (host clock between two echo lines around imgfetch)

plus, as the ceiling, the same download by a Linux guest (busybox wget) on the same NIC. The
guest loads the NIC driver modules that `scripts/fetch-third-party.sh --bench` extracts next to the kernel:
third_party/kernel/modules/ (virtio-net, for the cloud kernel) and third_party/kernel/generic/
(the generic kernel of the same ABI and its e1000.ko: the cloud kernel has no e1000 driver).
Both firmwares run the same iPXE script. Carte runs it embedded (`carte build`, default 2 s
Ctrl-B window and with --shell-wait 0), and also runs the same menu written in Carte (a compiled
menu, the product's normal form, which draws while DHCP runs behind it); iPXE gets the script on
its command line after `dhcp`. Debian's iPXE has no serial console, so its runs use -machine pc,graphics=off
(SeaBIOS mirrors the screen to serial). A benchmark: it prints figures, it does not pass or fail.

`carte build` writes LZ4-compressed ROMs (docs/firmware.md, "The compressed image"); --compress-ab
also builds each Carte boot ROM with `--compress none` and times both in the same runs, so the
decompressor's cost shows as "lz4 - none".

usage: compare.py --carte build/carte --base build/platform/pc/carte.lkrn --kernel third_party/kernel/vmlinuz
                  [--ipxe /usr/lib/ipxe/ipxe.lkrn] [--size-mib 64] [--runs 3] [--boot-only] [--throughput-only]
                  [--compress-ab]

Every run's figures are printed as they come; at the end, per NIC, one line per figure with the
median over the runs and the ratios (Carte/iPXE, Carte/Linux for downloads; iPXE - Carte for
times), headed by the commit measured, so a figure quoted from it names the tree it came from."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/qemu"))
import fw_harness as fw  # noqa: E402

S = fw.GUEST_SERVER
NICS = (("virtio-net", "virtio-net-pci"), ("e1000", "e1000"))
BOOT_SCRIPT = f"""menu Bench menu
item boot Boot the test kernel
choose --timeout 500 --default boot picked ||
kernel http://{S}/vmlinuz console=ttyS0 quiet
initrd http://{S}/initrd.cpio
boot
"""
# The same menu as a compiled Carte menu, the product's normal form: it draws while DHCP still
# runs behind it (docs/firmware.md, start-up), where an embedded classic script waits for the lease.
BOOT_MENU = f"""carte 1

menu main "Bench menu" {{
  timeout 500ms
  default boot
  item boot "Boot the test kernel" -> linux {{
    kernel "http://{S}/vmlinuz"
    initrd "http://{S}/initrd.cpio"
    args "console=ttyS0 quiet"
  }}
}}
"""
# `${ip}` first: behind an embedded program DHCP may still be running, and the lease must not be
# waited for inside the timed window (iPXE ran `dhcp` before the script).
FETCH_SCRIPT = f"""echo lease ${{ip}}
echo BENCH-T0
imgfetch http://{S}/blob
echo BENCH-T1
"""
CEILING_INIT = f"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
ip link set lo up
for m in $(cat /modules/load-order); do insmod /modules/$m; done
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2
echo BENCH-T0
wget -q -O /dev/null http://{S}/blob && echo BENCH-T1 || echo BENCH-FAILED
poweroff -f
"""


def ceiling_initrd(modules_dir, busybox="/bin/busybox"):
    """busybox, the init above and the NIC modules of modules_dir (its load-order file names them)."""
    with open(busybox, "rb") as f:
        bb = f.read()
    with open(os.path.join(modules_dir, "load-order")) as f:
        order = f.read().split()
    mods = []
    for name in order:
        with open(os.path.join(modules_dir, name), "rb") as f:
            mods.append((f"modules/{name}", 0o100644, f.read()))
    return fw.newc_cpio([("bin", 0o040755, b""), ("dev", 0o040755, b""), ("proc", 0o040755, b""),
                         ("sys", 0o040755, b""), ("modules", 0o040755, b""), ("bin/busybox", 0o100755, bb),
                         ("modules/load-order", 0o100644, " ".join(order).encode()), *mods,
                         ("init", 0o100755, CEILING_INIT.encode())])


def qemu_run(kernel, append, nic, port, extra=(), stop_on=None, initrd=None, timeout=120):
    more = list(extra) + (["-initrd", initrd] if initrd else [])
    run = fw.run_qemu(kernel, append, nic, port, timeout, extra=more, stop_on=stop_on)
    if stop_on and not run.stopped:
        # Say why a figure will be missing: the last lines the guest printed.
        tail = " | ".join(line[-120:] for _, line in run.lines[-4:])
        print(f"  ({os.path.basename(kernel)} on {nic}: no {stop_on!r} within {timeout} s; last: {tail})",
              flush=True)
    return run


def rate(run, size):
    t0, t1 = run.first("BENCH-T0"), run.first("BENCH-T1")
    if t0 is None or t1 is None or t1 <= t0:
        return None
    return size / (t1 - t0) / 2**20


def fmt(v, unit=""):
    return "   n/a" if v is None else f"{v:6.2f}{unit}"


def commit_of(path):
    """The git commit of the tree `path` lives in, '+dirty' if it has uncommitted changes."""
    where = os.path.dirname(os.path.abspath(path))
    try:
        head = subprocess.run(["git", "-C", where, "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", where, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown (not a git tree)"


def median(values):
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def ratio(a, b):
    return "   n/a" if a is None or b is None or b == 0 else f"{a / b:5.2f}x"


def summary(results, runs):
    """results: {(nic, figure, who): [value per run]}. One line per NIC and figure (two with
    --compress-ab: the uncompressed twins and the difference)."""
    print(f"\nmedians of {runs} run(s):")
    for nic_name, _ in NICS:
        def m(figure, who):
            return median(results.get((nic_name, figure, who), []))
        carte, ipxe, linux = m("MiB/s", "carte"), m("MiB/s", "ipxe"), m("MiB/s", "linux")
        if carte is not None or ipxe is not None:
            print(f"{nic_name:10s} download MiB/s  carte {fmt(carte)}  ipxe {fmt(ipxe)}  linux {fmt(linux)}  "
                  f"carte/ipxe {ratio(carte, ipxe)}  carte/linux {ratio(carte, linux)}")
        for figure in ("menu s", "marker s"):
            carte, fast, menu, ipxe = (m(figure, who) for who in ("carte", "carte-fast", "carte-menu", "ipxe"))
            if ipxe is None and carte is None:
                continue
            def sooner(x):
                return "   n/a" if ipxe is None or x is None else f"{ipxe - x:6.2f}"
            print(f"{nic_name:10s} {figure:14s} carte {fmt(carte)}  --shell-wait 0 {fmt(fast)}  "
                  f".carte menu {fmt(menu)}  ipxe {fmt(ipxe)}  ipxe - carte {sooner(carte)}  "
                  f"ipxe - .carte menu {sooner(menu)}")
            plain = [m(figure, who + "-none") for who in ("carte", "carte-fast", "carte-menu")]
            if any(v is not None for v in plain):
                def cost(a, b):
                    return "   n/a" if a is None or b is None else f"{a - b:6.3f}"
                print(f"{'':10s} {'(none)':14s} carte {fmt(plain[0])}  --shell-wait 0 {fmt(plain[1])}  "
                      f".carte menu {fmt(plain[2])}  lz4 - none: {cost(carte, plain[0])} {cost(fast, plain[1])} "
                      f"{cost(menu, plain[2])}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--ipxe", default="/usr/lib/ipxe/ipxe.lkrn")
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--boot-only", action="store_true", help="menu and marker only, no download rates")
    ap.add_argument("--throughput-only", action="store_true", help="download rates only, no menu/marker")
    ap.add_argument("--before", help="another base ROM (e.g. an older build) measured in the same run")
    ap.add_argument("--compress-ab", action="store_true",
                    help="also time each Carte boot ROM built with --compress none, in the same runs")
    args = ap.parse_args()
    kernel_dir = os.path.dirname(os.path.abspath(args.kernel))
    # Linux ceiling per NIC: (kernel, directory holding its NIC modules and their load-order).
    ceiling_setup = {"virtio-net-pci": (args.kernel, os.path.join(kernel_dir, "modules")),
                     "e1000": (os.path.join(kernel_dir, "generic", "vmlinuz"), os.path.join(kernel_dir, "generic"))}

    with tempfile.TemporaryDirectory(prefix="carte-bench-") as tmp:
        def build(name, script, *extra, base=None, suffix=".ipxe"):
            src = os.path.join(tmp, name + suffix)
            with open(src, "w") as f:
                f.write(script if suffix == ".carte" else "#!ipxe\n" + script)
            rom = os.path.join(tmp, name + ".lkrn")
            subprocess.run([args.carte, "build", src, "-o", rom, "--base", base or args.base, *extra], check=True,
                           stdout=subprocess.DEVNULL)
            return rom

        carte_boot = build("boot", BOOT_SCRIPT)
        carte_boot_fast = build("boot-fast", BOOT_SCRIPT, "--shell-wait", "0")
        carte_menu = build("menu", BOOT_MENU, suffix=".carte")
        carte_none = {}  # who → the same ROM built with --compress none
        if args.compress_ab:
            carte_none = {"carte": build("boot-none", BOOT_SCRIPT, "--compress", "none"),
                          "carte-fast": build("boot-fast-none", BOOT_SCRIPT, "--shell-wait", "0", "--compress", "none"),
                          "carte-menu": build("menu-none", BOOT_MENU, "--compress", "none", suffix=".carte")}
        carte_fetch = build("fetch", FETCH_SCRIPT, "--shell-wait", "0")
        carte_fetch_before = None
        if args.before:
            carte_fetch_before = build("fetch-before", FETCH_SCRIPT, "--shell-wait", "0", base=args.before)
        ceilings = {}
        for nic, (ckernel, mod_dir) in ceiling_setup.items():
            if not os.path.exists(ckernel) or not os.path.exists(os.path.join(mod_dir, "load-order")):
                print(f"(no Linux ceiling on {nic}: run scripts/fetch-third-party.sh --bench for {mod_dir})")
                continue
            ceilings[nic] = (ckernel, os.path.join(tmp, f"ceiling-{nic}.cpio"))
            with open(ceilings[nic][1], "wb") as f:
                f.write(ceiling_initrd(mod_dir))
        with open(args.kernel, "rb") as f:
            kernel = f.read()
        size = args.size_mib << 20
        files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (fw.busybox_initrd(), False),
                 "/blob": (os.urandom(size), False)}
        for name, script in (("boot.ipxe", BOOT_SCRIPT), ("fetch.ipxe", FETCH_SCRIPT)):
            files["/" + name] = (("#!ipxe\n" + script).encode(), False)
        ipxe_extra = ["-machine", "pc,graphics=off"]

        print(f"commit measured: {commit_of(args.base)} (base ROM {args.base})")
        print(f"ROM size: carte {os.path.getsize(carte_boot):,} B (base {os.path.getsize(args.base):,} B), "
              f"ipxe.lkrn {os.path.getsize(args.ipxe):,} B")
        if carte_none:
            print(f"ROM size, .carte menu: {os.path.getsize(carte_menu):,} B, --compress none "
                  f"{os.path.getsize(carte_none['carte-menu']):,} B")
        print(f"{'firmware':31s} {'nic':10s} {'menu s':>7s} {'marker s':>9s} {'MiB/s':>7s}")
        results = {}

        def record(nic_name, figure, who, value):
            results.setdefault((nic_name, figure, who), []).append(value)

        with fw.LoopbackServer(files) as srv:
            for run_no in range(args.runs):
                for nic_name, nic in NICS:
                    rows = []
                    boots = [("carte", "carte (Ctrl-B 2 s)", carte_boot, "", ()),
                             ("carte-fast", "carte (--shell-wait 0)", carte_boot_fast, "", ()),
                             ("carte-menu", "carte .carte menu (Ctrl-B 2 s)", carte_menu, "", ())]
                    none_labels = {"carte": "carte none (Ctrl-B 2 s)", "carte-fast": "carte none (--shell-wait 0)",
                                   "carte-menu": "carte .carte menu none"}
                    boots += [(who + "-none", none_labels[who], carte_none[who], "", ())
                              for who, _, _, _, _ in boots if who in carte_none]
                    boots.append(("ipxe", "ipxe.lkrn (Debian)", args.ipxe, f"dhcp && chain http://{S}/boot.ipxe",
                                  ipxe_extra))
                    for who, label, rom, append, extra in () if args.throughput_only else boots:
                        r = qemu_run(rom, append, nic, srv.port, extra, stop_on=fw.E2E_MARKER)
                        record(nic_name, "menu s", who, r.first_byte("Bench menu"))
                        record(nic_name, "marker s", who, r.first_byte(fw.E2E_MARKER))
                        print(f"{label:31s} {nic_name:10s} {fmt(r.first_byte('Bench menu')):>7s} "
                              f"{fmt(r.first_byte(fw.E2E_MARKER)):>9s}", flush=True)
                    if args.boot_only:
                        continue
                    if carte_fetch_before:
                        r = qemu_run(carte_fetch_before, "", nic, srv.port, stop_on="BENCH-T1")
                        rows.append(("carte imgfetch (--before)", None, None, rate(r, size)))
                        record(nic_name, "MiB/s", "before", rows[-1][3])
                    r = qemu_run(carte_fetch, "", nic, srv.port, stop_on="BENCH-T1")
                    rows.append(("carte imgfetch", None, None, rate(r, size)))
                    record(nic_name, "MiB/s", "carte", rows[-1][3])
                    r = qemu_run(args.ipxe, f"dhcp && chain http://{S}/fetch.ipxe", nic, srv.port, ipxe_extra,
                                 stop_on="BENCH-T1")
                    rows.append(("ipxe.lkrn imgfetch", None, None, rate(r, size)))
                    record(nic_name, "MiB/s", "ipxe", rows[-1][3])
                    if nic in ceilings:
                        ckernel, cinitrd = ceilings[nic]
                        r = qemu_run(ckernel, "console=ttyS0 quiet", nic, srv.port, initrd=cinitrd,
                                     stop_on="BENCH-T1")
                        rows.append(("linux busybox wget (ceiling)", None, None, rate(r, size)))
                        record(nic_name, "MiB/s", "linux", rows[-1][3])
                    for label, menu, marker, mibs in rows:
                        print(f"{label:31s} {nic_name:10s} {fmt(menu):>7s} {fmt(marker):>9s} {fmt(mibs):>7s}",
                              flush=True)
        summary(results, args.runs)
        before = {nic: median(results.get((nic, "MiB/s", "before"), [])) for nic, _ in NICS}
        for nic, value in before.items():
            if value is not None:
                carte = median(results.get((nic, "MiB/s", "carte"), []))
                print(f"{nic:10s} download MiB/s  --before {fmt(value)}  carte/--before {ratio(carte, value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
