#!/usr/bin/env python3
"""End-to-end: `carte build` embeds a program into carte.lkrn; the ROM boots in QEMU (TCG), gets a
DHCP lease, runs the program through the runtime VM and boots Debian's kernel with a busybox
initrd downloaded over HTTP from a loopback server; the initrd prints a marker.

Cases:
  menu-virtio, menu-e1000  a .carte menu: it shows on serial, its default is taken on timeout;
                            it is drawn before DHCP ends (DHCP runs behind it), and the lease is
                            reported once the default item needs the network
  keys                      keys typed on the serial line pick a non-default item
  shell                     Ctrl-B at start-up gives the shell, which runs typed commands
  shell-late                Ctrl-B typed once the menu is already drawn, still inside the startup
                            window, stops the menu and gives the shell (nothing is downloaded)
  shell-dhcp                Ctrl-B typed while DHCP still runs behind the menu (e1000, whose lease
                            takes ~1 s): the shell, whose `${net0/ip}` waits for the lease
  script                    an embedded script chains a fetched classic iPXE script
  cbm                       an embedded script chains a fetched compiled menu (.cbm)
  netbootxyz                netboot.xyz's real menu.ipxe, fetched, runs as far as its menu
  resume                    a 64 MiB download whose connection the server cuts once completes
                            with the right sha256 (HTTP Range resume)
  multiboot                 --format multiboot: the menu boots through the multiboot entry (the
                            decompressor stub's multiboot header, as every case but uncompressed
                            builds an LZ4-compressed ROM)
  uncompressed              --compress none: the image as it runs, no stub; the menu boots
  lz4-edges                 an embedded script built to stress the stub's LZ4 decoder (long literal
                            runs, long and overlapping matches) runs: the stub's CRC passed
  corrupt                   a byte of the LZ4 block flipped: the stub says so on serial and stops
                            QEMU (isa-debug-exit) at once, Carte never starts
  badinput                  `carte build` refuses bad input with a clear error

usage: carte_build_test.py --carte carte --base carte.lkrn --kernel vmlinuz --case <case>"""

import argparse
import hashlib
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 150
NETBOOTXYZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "conformance",
                          "netbootxyz")
KEY_MARKER = "CARTE-KEY-OK"
S = fw.GUEST_SERVER

MENU = f"""carte 1

menu main "Carte QEMU test menu" {{
  timeout 2s
  default marker

  item marker "Boot the test kernel" -> linux {{
    kernel "http://{S}/vmlinuz"
    initrd "http://{S}/initrd.cpio"
    args "console=ttyS0 quiet"
  }}
  item other "Boot with the other initrd" key k -> linux {{
    kernel "http://{S}/vmlinuz"
    initrd "http://{S}/other.cpio"
    args "console=ttyS0 quiet"
  }}
  item shell "Shell" key s -> shell
}}
"""

CLASSIC = f"""#!ipxe
echo fetched classic script running
kernel http://{S}/vmlinuz console=ttyS0 quiet
initrd http://{S}/initrd.cpio
boot
"""

BIG_SIZE = 64 << 20
STUB_MAGIC_AT = 0x400 + 0x24  # "CARTELZ4" (platform/pc/boot/unpack_stub.h, UNPACK_PARAMS)
DAMAGED = "Carte: the compressed image is damaged; halted."


def lz4_edges_script():
    """Long literal runs (pseudo-random text), a long match at offset 1 and short-offset
    overlapping ones, in comments, then a marker."""
    noise = bytearray()
    x = 12345
    while len(noise) < 6000:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        noise.append(0x21 + (x >> 16) % 94)
    return ("#!ipxe\n# " + noise.decode() + "\n# " + "a" * 70000 + "\n# " + "abc" * 3000 + "xyz" * 1000 +
            "\necho LZ4-EDGES-OK\npoweroff\n")


PARAMS_SCRIPT = f"""#!ipxe
params
param mac ${{net0/mac}}
param asset a&b c
param --header X-Carte-Test form-post
chain http://{S}/boot.cgi##params
"""


def check_params_post(posts):
    if len(posts) != 1:
        return [f"expected one POST, got {[(p, b) for p, b, _ in posts]}"]
    path, body, headers = posts[0]
    failures = []
    if path != "/boot.cgi":
        failures.append(f"POST went to {path}")
    if body != b"mac=52%3A54%3A00%3A12%3A34%3A56&asset=a%26b%20c":
        failures.append(f"POST body {body!r}")
    if headers.get("Content-Type") != "application/x-www-form-urlencoded":
        failures.append(f"Content-Type {headers.get('Content-Type')!r}")
    if headers.get("X-Carte-Test") != "form-post":
        failures.append(f"X-Carte-Test header {headers.get('X-Carte-Test')!r}")
    return failures


def chain_script(path):
    return f"#!ipxe\nchain http://{S}/{path}\n"


def carte_build(args, src, out, *extra):
    cmd = [args.carte, "build", src, "-o", out, "--base", args.base, *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    print("$", " ".join(cmd))
    print(p.stdout + p.stderr)
    return p


def serve_dir(root):
    """Every file under root, by URL path."""
    files = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            with open(full, "rb") as f:
                files["/" + rel] = (f.read(), False)
    return files


def big_file():
    # Deterministic, incompressible-looking content.
    out = bytearray()
    block = hashlib.sha256(b"carte").digest()
    while len(out) < BIG_SIZE:
        block = hashlib.sha256(block).digest()
        out += block * 64
    return bytes(out[:BIG_SIZE])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
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
    if args.case == "netbootxyz" and not os.path.isdir(NETBOOTXYZ):
        print(f"SKIP: {NETBOOTXYZ} is absent")
        return 77

    with fw.tempdir() as tmp:
        def write(name, text):
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(text)
            return path

        with open(args.kernel, "rb") as f:
            kernel = f.read()
        files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (fw.busybox_initrd(), True),
                 "/other.cpio": (fw.busybox_initrd(marker=KEY_MARKER), False)}
        menu = write("test.carte", MENU)
        rom = os.path.join(tmp, "carte.lkrn")
        nic, keys, stop_on, expect, drop = "virtio-net-pci", (), fw.E2E_MARKER, [fw.E2E_MARKER], {}
        build_src, build_extra = menu, []

        if args.case == "badinput":
            return check_bad_input(args, tmp, write)
        if args.case == "menu-e1000":
            nic = "e1000"
        elif args.case == "keys":
            # Down arrow (ANSI) to the second item, then Enter.
            keys = [("Carte QEMU test menu", b"\x1b[B"), ("Boot with the other initrd", b"\r")]
            stop_on, expect = KEY_MARKER, [KEY_MARKER]
        elif args.case == "shell":
            # The second command is Up + Enter: the shell's history runs the echo again.
            keys = [("Press Ctrl-B", b"\x02"), ("iPXE> ", b"echo shell-says-${net0/ip}-${net0/mac}\r"),
                    ("iPXE> ", b"\x1b[A\r"), ("iPXE> ", b"poweroff\r")]
            stop_on, expect = None, ["shell-says-10.0.2.15-52:54:00:12:34:56"]
        elif args.case == "shell-late":
            # The window is widened so a loaded machine cannot push the menu past its end; the
            # menu's own 2 s timeout would boot the default if Ctrl-B were ignored.
            build_extra = ["--shell-wait", "8000"]
            keys = [("Carte QEMU test menu", b"\x02"), ("iPXE> ", b"echo late-shell-${net0/ip}\r"),
                    ("iPXE> ", b"poweroff\r")]
            stop_on, expect = None, ["late-shell-10.0.2.15"]
        elif args.case == "shell-dhcp":
            nic = "e1000"
            keys = [("Press Ctrl-B", b"\x02"), ("iPXE> ", b"echo dhcp-shell-${net0/ip}\r"),
                    ("iPXE> ", b"poweroff\r")]
            stop_on, expect = None, ["dhcp-shell-10.0.2.15"]
        elif args.case == "script":
            build_src = write("embedded.ipxe", chain_script("x.ipxe"))
            files["/x.ipxe"] = (CLASSIC.encode(), False)
            expect = ["fetched classic script running", fw.E2E_MARKER]
        elif args.case == "cbm":
            cbm = os.path.join(tmp, "menu.cbm")
            p = subprocess.run([args.carte, "compile", menu, "-o", cbm], capture_output=True, text=True)
            if p.returncode != 0:
                print("FAIL: carte compile:", p.stdout, p.stderr)
                return 1
            with open(cbm, "rb") as f:
                files["/menu.cbm"] = (f.read(), False)
            build_src = write("embedded.ipxe", chain_script("menu.cbm"))
            expect = ["Carte QEMU test menu", fw.E2E_MARKER]
        elif args.case == "netbootxyz":
            files.update(serve_dir(NETBOOTXYZ))
            build_src = write("embedded.ipxe", chain_script("menu.ipxe"))
            stop_on, expect = "Boot from local hdd", ["netboot.xyz", "Boot from local hdd"]
        elif args.case == "resume":
            data = big_file()
            files["/big.bin"] = (data, False)
            drop = {"/big.bin": BIG_SIZE // 2 + 12345}
            build_src = write("embedded.ipxe", f"#!ipxe\nimgfetch http://{S}/big.bin\nsha256sum big.bin\npoweroff\n")
            digest = hashlib.sha256(data).hexdigest()
            stop_on, expect = digest, [digest]
        elif args.case == "multiboot":
            build_extra = ["--format", "multiboot"]
        elif args.case == "uncompressed":
            build_extra = ["--compress", "none"]
        elif args.case == "lz4-edges":
            build_src = write("edges.ipxe", lz4_edges_script())
            stop_on, expect = None, ["LZ4-EDGES-OK"]
        elif args.case == "corrupt":
            stop_on, expect = None, [DAMAGED]
        elif args.case == "params":
            # iPXE's form POST: the `params` list becomes the body, `param --header` a header.
            build_src = write("embedded.ipxe", PARAMS_SCRIPT)
            files["/boot.cgi"] = (b"#!ipxe\necho server answered the POST\npoweroff\n", False)
            stop_on, expect = None, ["server answered the POST"]
        elif args.case != "menu-virtio":
            print(f"unknown case {args.case}")
            return 2

        p = carte_build(args, build_src, rom, *build_extra)
        if p.returncode != 0 or not os.path.exists(rom):
            print("FAIL: carte build failed")
            return 1
        with open(rom, "rb") as f:
            image = bytearray(f.read())
        compressed = image[STUB_MAGIC_AT:STUB_MAGIC_AT + 8] == b"CARTELZ4"
        if compressed != (args.case != "uncompressed") or ("(LZ4: " in p.stdout) != compressed:
            print(f"FAIL: the ROM is {'' if compressed else 'not '}compressed, and carte build said {p.stdout!r}")
            return 1
        if args.case == "corrupt":
            # A byte in the middle of the block (after the stub, whose size is at 0x430).
            block = 0x400 + int.from_bytes(image[0x430:0x434], "little")
            image[block + int.from_bytes(image[0x434:0x438], "little") // 2] ^= 0x10
            with open(rom, "wb") as f:
                f.write(image)
        with fw.LoopbackServer(files, drop_once=drop) as srv:
            run = fw.run_qemu(rom, "", nic, srv.port, QEMU_TIMEOUT, qemu=args.qemu, keys=keys, stop_on=stop_on)
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={run.rc} timed_out={run.timed_out} stopped={run.stopped} keys_sent={run.keys_sent}"
              f" requests={srv.requests} ranges={srv.ranges}")

        failures = []
        text = run.text()
        for needle in expect:
            if needle not in text:
                failures.append(f"never saw {needle!r}")
        if run.timed_out:
            failures.append("timed out")
        if len(keys) != run.keys_sent:
            failures.append(f"only {run.keys_sent} of {len(keys)} key steps were reached")
        if args.case.startswith("menu") or args.case in ("multiboot", "uncompressed"):
            if "Carte QEMU test menu" not in text:
                failures.append("the menu never showed on serial")
            if "/other.cpio" in srv.requests:
                failures.append("the default item was not the one taken")
        if args.case.startswith("menu") or args.case == "shell-dhcp":
            # DHCP runs behind the menu: its outcome line is printed only when something needs
            # the network (the default item's download, or the shell's ${net0/ip}).
            configured = text.find("Configuring (net0")
            if configured < 0 or "ok (10.0.2.15" not in text[configured:]:
                failures.append("the DHCP outcome was never reported")
            elif args.case.startswith("menu") and text.find("Carte QEMU test menu") > configured:
                failures.append("the menu waited for DHCP instead of drawing at once")
            elif args.case == "shell-dhcp" and text.find("dhcp-shell-10.0.2.15") < configured:
                failures.append("${net0/ip} expanded before the lease was reported")
        if args.case in ("shell-late", "shell-dhcp") and srv.requests:
            failures.append(f"the menu's default ran anyway: {srv.requests}")
        if args.case == "shell" and text.count("shell-says-10.0.2.15-52:54:00:12:34:56") != 2:
            failures.append("Up + Enter did not run the previous command again")
        if args.case == "keys" and "/other.cpio" not in srv.requests:
            failures.append("the key-picked item did not fetch other.cpio")
        if args.case == "resume" and not any(path == "/big.bin" for path, _ in srv.ranges):
            failures.append("the download never resumed with a Range request")
        if args.case == "multiboot" and "entry=multiboot" not in text:
            failures.append("the multiboot entry was not used")
        if args.case == "params":
            failures += check_params_post(srv.posts)
        if args.case == "corrupt":
            if run.rc != 3:
                failures.append(f"QEMU exit status {run.rc}, want 3 (the stub's isa-debug-exit)")
            if "Carte 0.1.0" in text or srv.requests:
                failures.append("the damaged image ran")
            if run.wall > 20:
                failures.append(f"the stub took {run.wall:.0f} s to stop")
        if args.case == "lz4-edges" and run.rc != 0:
            failures.append(f"QEMU exit status {run.rc}, want 0 (poweroff)")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        menu_t = run.first("Carte QEMU test menu")
        print(f"PASS ({run.wall:.1f} s{'' if menu_t is None else f', menu at {menu_t:.2f} s'})")
        return 0


def check_bad_input(args, tmp, write):
    """Clear errors, no crash, nothing written for bad input."""
    out = os.path.join(tmp, "out.lkrn")
    cases = [
        (write("broken.carte", "carte 1\nmenu main {\n"), "does not compile"),
        (write("garbage.cbm", "CBM\x1a not really bytecode"), "invalid bytecode"),
        (write("plain.txt", "hello"), "not a Carte menu"),
        (os.path.join(tmp, "missing.ipxe"), "cannot read"),
    ]
    failures = []
    for src, needle in cases:
        p = carte_build(args, src, out)
        if p.returncode == 0 or needle not in p.stderr or os.path.exists(out):
            failures.append(f"{os.path.basename(src)}: rc={p.returncode}, expected an error with {needle!r}")
    not_rom = write("not-a-rom.bin", "x" * 4096)
    p = subprocess.run([args.carte, "build", write("ok.ipxe", "#!ipxe\necho hi\n"), "-o", out, "--base", not_rom],
                       capture_output=True, text=True)
    if p.returncode == 0 or "not a Linux boot-protocol image" not in p.stderr:
        failures.append(f"a non-ROM base was accepted: {p.stderr}")
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
