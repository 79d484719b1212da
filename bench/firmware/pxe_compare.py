#!/usr/bin/env python3
"""carte.kpxe (and carte.pxe) side by side with Debian's undionly.kpxe (/usr/lib/ipxe/undionly.kpxe),
each PXE-booted by SeaBIOS and the NIC's own PXE option ROM (QEMU's default romfile, Debian's
ipxe-qemu: an iPXE ROM) in the same QEMU setup: TCG, -boot n, -machine pc,graphics=off, user
networking restricted (restrict=on) to slirp's DHCP and TFTP (tftp=DIR, bootfile=FILE) and to a
loopback HTTP server that the guest reaches at 10.0.2.100 through guestfwd (busybox nc).
graphics=off makes SeaBIOS mirror the screen to serial (and take serial input as keys): the only
way to see the NIC ROM and Debian's iPXE, which have no serial console. Carte runs the same way,
so SeaBIOS's and the ROM's share is the same on both sides.

Per NIC (--nics), per run:

  menu      seconds from QEMU start until the text has arrived on the serial line (timed by read
            chunk, as compare.py does: a drawn menu does not end its line until later):
            carte.kpxe (and carte.pxe on NICs Carte has a driver for): the title of its embedded
              .carte menu ("PXE bench menu");
            undionly.kpxe: its own "Press Ctrl-B for the iPXE command line", the first moment it
              takes a key. The NIC ROM is iPXE too and prints the same prompt first (then does
              DHCP and the TFTP fetch), so the prompt timed is the first one after the ROM's
              "undionly.kpxe : 74213 bytes [PXE-NBP]" line (the TFTP fetch done, the NBP about to
              start). That run then types Ctrl-B and stops at undionly's "iPXE>" shell prompt.
  after NBP the same, counted from the ROM's "<file> : <n> bytes [PXE-NBP]" line: the NBP's own
            share, without SeaBIOS, the ROM's 2 s Ctrl-B wait, its DHCP and the TFTP fetch.
  MiB/s     HTTP download of a --size-mib file (default 64 MiB, random bytes) from the loopback
            server with `imgfetch`, host clock between the arrival of two echo lines around it
            ("BENCH-T0 10.0.2.15" and "BENCH-T1 10.0.2.15"):
            carte.kpxe (Carte drives the NIC through the ROM's UNDI) and carte.pxe (the PXE stack
              unloaded, Carte's own virtio-net / e1000 driver) run an embedded classic script,
              built with --shell-wait 0; Carte already holds the ROM's lease, so there is no dhcp:
                echo BENCH-T0 ${ip} / imgfetch URL && echo BENCH-T1 ${ip} || echo BENCH-FAILED /
                echo BENCH-DONE / poweroff
            undionly.kpxe is driven through its shell by serial keys: Ctrl-B at its own prompt,
              then these lines, each at its own "iPXE>" prompt (the markers come from a setting, so
              the echoed command lines never contain them):
                set t BENCH / set u URL / dhcp / echo ${t}-T0 ${ip} && imgfetch ${u} &&
                echo ${t}-T1 ${ip} (one line) / echo ${t}-DONE
              Keys go in chunks of at most 8, each typed once the previous one has been echoed:
              SeaBIOS moves serial input into the BIOS keyboard buffer (15 keys), and a whole line
              typed at once loses characters. No line is longer than the 74 columns after the
              prompt, so no echo is broken by a wrap.
            Its dhcp (its own exchange, ~3 s) is outside the timed window, as Carte's start-up is.

Runs are interleaved (per run, per NIC: each firmware in turn), one QEMU at a time. A run that
misses its point within its timeout (menu: 60 s; download: 60 s + --timeout-per-mib per MiB) is a
failure: "FAIL" in its row, left out of the medians, counted in the summary ("2/3").

Sizes: carte.kpxe and carte.pxe built from the bundled catalogue (menus/catalogue.carte) and from
the tiny bench menu, LZ4-compressed (`carte build`'s default), next to undionly.kpxe (goal for
carte.kpxe: < 150,000 B).

A benchmark: it prints every run's figures as they come, then per NIC the medians over --runs
(at least 3 for figures worth quoting) and the ratios carte/undionly, headed by the commit
measured; it does not pass or fail.

usage: pxe_compare.py [--carte build/carte] [--base build/platform/pc/carte.lkrn]
                      [--undionly /usr/lib/ipxe/undionly.kpxe] [--nics virtio-net-pci,e1000,rtl8139,e1000e]
                      [--size-mib 64] [--runs 3] [--menu-only | --throughput-only]"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (commit_of, median, fmt, ratio)
import fw_harness as fw  # noqa: E402

S = fw.GUEST_SERVER
NATIVE = ("virtio-net-pci", "e1000")  # NICs carte.pxe has its own driver for
MENU_TIMEOUT = 60
TITLE = "PXE bench menu"
MENU = f"""carte 1

menu main "{TITLE}" {{
  timeout 60s
  default marker

  item marker "Boot the test kernel" -> linux {{
    kernel "http://{S}/vmlinuz"
    initrd "http://{S}/initrd.cpio"
    args "console=ttyS0 quiet"
  }}
  item shell "Shell" key s -> shell
}}
"""
URL = f"http://{S}/big.bin"
FETCH_SCRIPT = f"""#!ipxe
echo BENCH-T0 ${{ip}}
imgfetch {URL} && echo BENCH-T1 ${{ip}} || echo BENCH-FAILED
echo BENCH-DONE
poweroff
"""
UNDIONLY_LINES = ("set t BENCH", f"set u {URL}", "dhcp", "echo ${t}-T0 ${ip} && imgfetch ${u} && echo ${t}-T1 ${ip}",
                  "echo ${t}-DONE")
CHUNK = 8  # keys typed at once: SeaBIOS's keyboard buffer holds 15, and iPXE echoes slowly under TCG
NBP = "[PXE-NBP]"  # the ROM's line once the TFTP fetch is done: "<file> : <n> bytes [PXE-NBP]"
IPXE_PROMPT = "Press Ctrl-B for the iPXE command line"
T0, T1 = "BENCH-T0 10.", "BENCH-T1 10."  # as printed, ${ip} expanded: never in a typed line


def typed(lines):
    """fw.run_qemu keys typing each line at its own "iPXE>" prompt, CHUNK keys at a time, each chunk
    once the previous one has been echoed."""
    keys = []
    for line in lines:
        assert len(line) < 74, line  # one screen row after the prompt: a wrap would break the echo
        trigger = "iPXE>"
        for at in range(0, len(line), CHUNK):
            keys.append((trigger, line[at:at + CHUNK].encode()))
            trigger = line[at:at + CHUNK]
        keys.append((trigger, b"\r"))
    return keys


def first_byte_after(run, anchor, needle):
    """Seconds from QEMU start until needle had fully arrived, counting only an occurrence after
    the first anchor (None if either is missing)."""
    at = run.raw.find(anchor.encode())
    if at < 0:
        return None
    at = run.raw.find(needle.encode(), at + len(anchor))
    if at < 0:
        return None
    end = at + len(needle)
    return next((t for t, n in run.chunk_ends if n >= end), None)


def load():
    """The host's 1/5/15-minute load averages: figures are worth quoting only from an idle machine."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def qemu(tftp, bootfile, nic, port, timeout, keys=(), stop_on=None):
    return fw.run_qemu(None, "", nic, port, timeout, netdev_opts=f"tftp={tftp},bootfile={bootfile},", nic_rom=None,
                       extra=["-boot", "n", "-machine", "pc,graphics=off"], keys=keys, stop_on=stop_on)


def why(run, what, timeout):
    """A line saying why a figure is missing: the last lines the guest printed."""
    tail = " | ".join(line[-100:].replace("\b", "") for _, line in run.lines[-3:])
    end = f"timed out after {timeout} s" if run.timed_out else f"QEMU ended (rc {run.rc})"
    return f"  ({what}: {end}; last: {tail})"


def menu_run(tftp, bootfile, nic, port):
    """(menu s, after-NBP s, note) for one boot to the menu (Carte) or prompt (undionly)."""
    if bootfile.startswith("undionly"):
        keys = [(NBP, b""), (IPXE_PROMPT, b"\x02")]  # the empty key only moves past the ROM's prompt
        run = qemu(tftp, bootfile, nic, port, MENU_TIMEOUT, keys=keys, stop_on="iPXE>")
        t = first_byte_after(run, NBP, IPXE_PROMPT)
    else:
        run = qemu(tftp, bootfile, nic, port, MENU_TIMEOUT, stop_on=TITLE)
        t = first_byte_after(run, NBP, TITLE)
    nbp = run.first_byte(NBP)
    note = None if t is not None and run.stopped else why(run, f"{bootfile} on {nic}, menu", MENU_TIMEOUT)
    return (t if run.stopped else None), (t - nbp if t is not None and nbp is not None and run.stopped else None), note


def fetch_run(tftp, bootfile, nic, port, size, timeout):
    """(MiB/s, note) for one download."""
    if bootfile.startswith("undionly"):
        keys = [(NBP, b""), (IPXE_PROMPT, b"\x02")] + typed(UNDIONLY_LINES)
    else:
        keys = []
    run = qemu(tftp, bootfile, nic, port, timeout, keys=keys, stop_on="BENCH-DONE")
    t0, t1 = run.first_byte(T0), run.first_byte(T1)
    if t0 is None or t1 is None or t1 <= t0:
        failed = " (BENCH-FAILED: imgfetch failed)" if "BENCH-FAILED" in run.raw.decode("latin-1") else ""
        return None, why(run, f"{bootfile} on {nic}, download{failed}", timeout)
    return size / (t1 - t0) / 2**20, None


def main():
    ap = argparse.ArgumentParser(description="carte.kpxe/carte.pxe against undionly.kpxe, PXE-booted under QEMU TCG")
    ap.add_argument("--carte", default=os.path.join(ROOT, "build", "carte"))
    ap.add_argument("--base", default=os.path.join(ROOT, "build", "platform", "pc", "carte.lkrn"),
                    help="the BIOS image carte build starts from")
    ap.add_argument("--undionly", default="/usr/lib/ipxe/undionly.kpxe")
    ap.add_argument("--catalogue", default=os.path.join(ROOT, "menus", "catalogue.carte"))
    ap.add_argument("--nics", default="virtio-net-pci,e1000,rtl8139,e1000e",
                    help="QEMU NIC devices, comma-separated (pcnet and vmxnet3 can be added)")
    ap.add_argument("--size-mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout-per-mib", type=float, default=5.0,
                    help="download timeout: 60 s plus this per MiB (default 5: a floor of 0.2 MiB/s)")
    ap.add_argument("--menu-only", action="store_true", help="menu times only, no downloads")
    ap.add_argument("--throughput-only", action="store_true", help="downloads only, no menu times")
    args = ap.parse_args()
    nics = [n.strip() for n in args.nics.split(",") if n.strip()]
    for path in (args.carte, args.base, args.undionly):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing")
    fetch_timeout = int(60 + args.size_mib * args.timeout_per_mib)

    with tempfile.TemporaryDirectory(prefix="carte-pxe-bench-") as tmp:
        tftp = os.path.join(tmp, "tftp")
        os.mkdir(tftp)

        def build(src_name, text, fmt, out, *extra, src_path=None):
            if src_path is None:
                src_path = os.path.join(tmp, src_name)
                with open(src_path, "w") as f:
                    f.write(text)
            subprocess.run([args.carte, "build", src_path, "--format", fmt, "-o", out, "--base", args.base, *extra],
                           check=True, stdout=subprocess.DEVNULL)
            return os.path.getsize(out)

        sizes = []
        for fmt in ("kpxe", "pxe"):
            catalogue = build(None, None, fmt, os.path.join(tmp, f"cat.{fmt}"), src_path=args.catalogue)
            sizes.append((f"carte.{fmt}, catalogue", catalogue))
            tiny = build("menu.carte", MENU, fmt, os.path.join(tftp, f"carte.{fmt}"))  # the one the menu runs boot
            sizes.append((f"carte.{fmt}, tiny menu", tiny))
            build("fetch.ipxe", FETCH_SCRIPT, fmt, os.path.join(tftp, f"fetch.{fmt}"), "--shell-wait", "0")
        with open(args.undionly, "rb") as src, open(os.path.join(tftp, "undionly.kpxe"), "wb") as dst:
            dst.write(src.read())
        sizes.append(("undionly.kpxe (Debian)", os.path.getsize(args.undionly)))

        commit = compare.commit_of(args.base)
        print(f"commit measured: {commit} (base {args.base}); load average {load()}")
        print("sizes (bytes, LZ4-compressed Carte images):")
        for name, n in sizes:
            print(f"  {name:24s} {n:>9,}")
        size = args.size_mib << 20
        files = {"/big.bin": (os.urandom(size), False)}
        results = {}  # (nic, figure, who) -> [value or None per run]

        def record(nic, figure, who, value):
            results.setdefault((nic, figure, who), []).append(value)

        print(f"\n{'run':>3s} {'nic':15s} {'firmware':14s} {'menu s':>7s} {'after NBP':>9s} {'MiB/s':>7s}")
        with fw.LoopbackServer(files) as srv:
            # A download cut by a stopped or timed-out QEMU is expected: no traceback from the server.
            srv.httpd.handle_error = lambda request, client_address: None
            for run_no in range(1, args.runs + 1):
                for nic in nics:
                    who_list = [("carte.kpxe", "carte.kpxe", "fetch.kpxe"), ("undionly.kpxe", "undionly.kpxe",
                                                                             "undionly.kpxe")]
                    if nic in NATIVE:
                        who_list.append(("carte.pxe", "carte.pxe", "fetch.pxe"))
                    for who, menu_file, fetch_file in who_list:
                        menu = nbp = mibs = None
                        notes = []
                        if not args.throughput_only:
                            menu, nbp, note = menu_run(tftp, menu_file, nic, srv.port)
                            record(nic, "menu", who, menu)
                            record(nic, "nbp", who, nbp)
                            notes.append(note)
                        if not args.menu_only:
                            mibs, note = fetch_run(tftp, fetch_file, nic, srv.port, size, fetch_timeout)
                            record(nic, "MiB/s", who, mibs)
                            notes.append(note)
                        for note in notes:
                            if note:
                                print(note, flush=True)

                        def cell(v, width, skip):
                            return f"{'':>{width}s}" if skip else f"{'FAIL' if v is None else f'{v:.2f}':>{width}s}"
                        print(f"{run_no:3d} {nic:15s} {who:14s} {cell(menu, 7, args.throughput_only)} "
                              f"{cell(nbp, 9, args.throughput_only)} {cell(mibs, 7, args.menu_only)}", flush=True)
        summary(results, nics, args, commit, sizes)
    return 0


def summary(results, nics, args, commit, sizes):
    def med(nic, figure, who):
        values = results.get((nic, figure, who))
        if values is None:
            return None, ""
        ok = sum(v is not None for v in values)
        return compare.median(values), ("" if ok == len(values) else f" ({ok}/{len(values)})")

    def show(v, note=""):
        return ("   n/a" if v is None else f"{v:6.2f}") + note

    print(f"\nload average at the end {load()}")
    print(f"commit {commit}; medians of {args.runs} run(s); QEMU TCG, SeaBIOS, the NIC's default PXE ROM "
          f"(iPXE), -machine pc,graphics=off; (k/n): only k of n runs reached the point")
    if not args.throughput_only:
        print("\nmenu: seconds from QEMU start (after NBP: from the ROM's [PXE-NBP] line) to carte's menu title "
              "/ undionly's own Ctrl-B prompt")
        print(f"{'nic':15s} {'carte.kpxe':>14s} {'undionly.kpxe':>14s} {'undionly-kpxe':>13s} {'carte.pxe':>14s}   "
              f"{'after NBP: kpxe':>15s} {'undionly':>9s} {'pxe':>9s}")
        for nic in nics:
            k, kn = med(nic, "menu", "carte.kpxe")
            u, un = med(nic, "menu", "undionly.kpxe")
            p, pn = med(nic, "menu", "carte.pxe")
            kb, kbn = med(nic, "nbp", "carte.kpxe")
            ub, ubn = med(nic, "nbp", "undionly.kpxe")
            pb, pbn = med(nic, "nbp", "carte.pxe")
            diff = "   n/a" if k is None or u is None else f"{u - k:6.2f}"
            print(f"{nic:15s} {show(k, kn):>14s} {show(u, un):>14s} {diff:>13s} "
                  f"{(show(p, pn) if nic in NATIVE else '-'):>14s}   {show(kb, kbn):>15s} {show(ub, ubn):>9s} "
                  f"{(show(pb, pbn) if nic in NATIVE else '-'):>9s}")
    if not args.menu_only:
        print(f"\ndownload: MiB/s, {args.size_mib} MiB over HTTP with imgfetch")
        print(f"{'nic':15s} {'carte.kpxe':>14s} {'undionly.kpxe':>14s} {'kpxe/undionly':>14s} {'carte.pxe':>14s} "
              f"{'pxe/undionly':>13s}")
        for nic in nics:
            k, kn = med(nic, "MiB/s", "carte.kpxe")
            u, un = med(nic, "MiB/s", "undionly.kpxe")
            p, pn = med(nic, "MiB/s", "carte.pxe")
            native = nic in NATIVE
            print(f"{nic:15s} {show(k, kn):>14s} {show(u, un):>14s} {compare.ratio(k, u):>14s} "
                  f"{(show(p, pn) if native else '-'):>14s} {(compare.ratio(p, u) if native else '-'):>13s}")
    print("\nsizes (bytes): " + ", ".join(f"{name} {n:,}" for name, n in sizes)
          + "; goal for carte.kpxe < 150,000")


if __name__ == "__main__":
    sys.exit(main())
