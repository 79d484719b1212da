"""End-to-end: `carte build --format efi` embeds a program into carte.efi; OVMF (q35, TCG) boots it
from a read-only vvfat ESP as EFI/BOOT/BOOTX64.EFI; it gets a lease through the firmware's NIC
driver (SNP) and runs the program through the runtime VM, booting Debian's kernel through its EFI
stub with a busybox initrd (served by LoadFile2) downloaded from a loopback server.

Cases:
  menu-virtio  a .carte menu draws on serial; its default boots the kernel to the marker over
               virtio-net (OVMF's own VirtioNetDxe, no option ROM)
  menu-e1000   the same over e1000, driven by the NIC's EFI option ROM (QEMU's efi-e1000.rom)
  native-virtio, native-e1000
               `--nics native`: Carte's own drivers take the device from the firmware's driver
               (the e1000's option ROM is loaded and must let go) and boot the menu's default
  keys         keys typed on the serial line pick a non-default item
  named        the kernel with three initrds, two of them named (wrapped in CPIO headers by Carte):
               /init and the marker file reach the kernel through the LoadFile2 initrd
  shell        Ctrl-B at start-up gives the shell: ${platform}, ${buildarch}, the lease, and
               `show product` gives QEMU's SMBIOS product
  script       an embedded script chains a fetched classic iPXE script
  cbm          an embedded script chains a fetched compiled menu (.cbm)
  tampered     a ROM that requires signed menus refuses a fetched menu changed after signing
  chain        an EFI test program chained with arguments prints its LoadOptions, lists the
               virtual file system on its device handle (itself and a named image) and reads a
               file from it, then returns EFI_SUCCESS; the script goes on
  chain-fail   the program returns EFI_UNSUPPORTED: reported by name, the script's error path runs
  notpe        chaining a file that starts like a PE but is not one, a PE for arm64 and a multiboot
               kernel: a clear error each, and the script goes on
  exit         `exit` at the shell returns to the boot manager, which goes on (here to its setup app)
  pxe          OVMF's own PXE loads carte.efi from slirp's TFTP (no disk), which then runs
  secureboot   OVMF's Secure Boot build with Debian's snakeoil keys enrolled: carte.efi signed
               (sbsign) with the snakeoil db key starts; the same image unsigned is refused by the
               firmware; and the firmware's refusal of what Carte loads (here Debian's kernel,
               signed by a key this db lacks) is reported by name with a Secure Boot hint

usage: efi_test.py --carte carte --base carte.efi --kernel vmlinuz --efitest efitest.efi --case <case>"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import carte_build_test as cb  # noqa: E402  (the menu and scripts the BIOS tests use)
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 180
S = fw.GUEST_SERVER
TITLE = "Carte QEMU test menu"
# QEMU's SMBIOS type 1 product for q35.
Q35_PRODUCT = "Standard PC (Q35 + ICH9, 2009)"


def run_carte(args, *cmd):
    p = subprocess.run([args.carte, *cmd], capture_output=True, text=True)
    print("$ carte", " ".join(cmd))
    print(p.stdout + p.stderr)
    return p


def dhcp_discovers(pcap):
    """DHCPDISCOVERs (UDP to port 67, option 53 = 1) in a pcap of Ethernet frames."""
    with open(pcap, "rb") as f:
        data = f.read()
    count, at = 0, 24
    while at + 16 <= len(data):
        incl = int.from_bytes(data[at + 8:at + 12], "little")
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
            continue
        ihl = (frame[14] & 15) * 4
        udp = 14 + ihl
        if int.from_bytes(frame[udp + 2:udp + 4], "big") != 67:
            continue
        opts = frame[udp + 8 + 240:]
        i = 0
        while i + 1 < len(opts) and opts[i] != 255:
            if opts[i] == 0:
                i += 1
                continue
            if opts[i] == 53 and i + 2 < len(opts) and opts[i + 2] == 1:
                count += 1
            i += 2 + opts[i + 1]
    return count


SNAKEOIL = "/usr/share/ovmf/PkKek-1-snakeoil"
SECBOOT_CODE = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
SNAKEOIL_VARS = "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"


def secure_boot(args, tmp, image, esp, files):
    """Two runs under Secure Boot: signed (starts) and unsigned (refused)."""
    for f in (SNAKEOIL + ".key", SNAKEOIL + ".pem", SECBOOT_CODE, SNAKEOIL_VARS):
        if not os.path.exists(f):
            print(f"SKIP: {f} missing (Debian's ovmf package)")
            return 77
    if not shutil.which("sbsign"):
        print("SKIP: sbsign missing (sbsigntool)")
        return 77
    unsigned = os.path.join(tmp, "unsigned.efi")
    shutil.copy(image, unsigned)
    # The packaged key is encrypted with the passphrase 'snakeoil' (Debian's README); sbsign would
    # prompt for it, so decrypt a copy first.
    key = os.path.join(tmp, "db.key")
    p = subprocess.run(["openssl", "pkey", "-in", SNAKEOIL + ".key", "-passin", "pass:snakeoil", "-out", key],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print("FAIL: openssl pkey:", p.stdout, p.stderr)
        return 1
    p = subprocess.run(["sbsign", "--key", key, "--cert", SNAKEOIL + ".pem", "--output", image, unsigned],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print("FAIL: sbsign:", p.stdout, p.stderr)
        return 1
    v = subprocess.run(["sbverify", "--cert", SNAKEOIL + ".pem", image], capture_output=True, text=True)
    print("sbverify:", (v.stdout + v.stderr).strip())
    failures = [] if v.returncode == 0 else ["sbverify does not accept the signed image"]
    for signed in (True, False):
        if not signed:
            shutil.copy(unsigned, image)
        vars_copy = os.path.join(tmp, "vars.fd")
        shutil.copy(SNAKEOIL_VARS, vars_copy)
        extra = ["-machine", "q35,smm=on", "-global", "driver=cfi.pflash01,property=secure,value=on",
                 "-drive", f"if=pflash,format=raw,unit=0,file={SECBOOT_CODE},readonly=on",
                 "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}",
                 "-drive", f"file=fat:{esp},format=raw,readonly=on,if=virtio"]
        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(None, None, "virtio-net-pci", srv.port, QEMU_TIMEOUT, qemu=args.qemu, extra=extra,
                              stop_on="Secure Boot: no signature it trusts" if signed else "Access Denied")
        text = run.text()
        print(f"--- {'signed' if signed else 'unsigned'}: rc={run.rc} stopped={run.stopped}")
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:200]}")
        started = "network boot firmware (efi x86_64)" in text
        if signed and not started:
            failures.append("the signed image did not start under Secure Boot")
        if signed and ("LoadImage: EFI_ACCESS_DENIED" not in text or "Secure Boot: no signature it trusts" not in text):
            failures.append("the firmware's refusal of the kernel was not reported by name")
        if not signed and started:
            failures.append("the unsigned image started under Secure Boot")
        if not signed and "Access Denied" not in text:
            failures.append("the firmware did not report refusing the unsigned image")
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--efitest", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu) or not os.path.exists(fw.OVMF):
        print(f"SKIP: qemu-system-x86_64, /bin/busybox or {fw.OVMF} missing")
        return 77
    if not os.path.exists(args.kernel):
        print(f"SKIP: no kernel at {args.kernel} (scripts/setup.sh fetches Debian's)")
        return 77

    with fw.tempdir() as tmp:
        def write(name, text):
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(text)
            return path

        def path(name):
            return os.path.join(tmp, name)

        with open(args.kernel, "rb") as f:
            kernel = f.read()
        files = {"/vmlinuz": (kernel, False), "/initrd.cpio": (fw.busybox_initrd(), True),
                 "/other.cpio": (fw.busybox_initrd(marker=cb.KEY_MARKER), False)}
        menu = write("test.carte", cb.MENU)
        nic, nic_rom, keys, stop_on, expect, absent = "virtio-net-pci", "", (), fw.E2E_MARKER, [fw.E2E_MARKER], []
        build_src, build_extra, netdev_opts = menu, [], ""
        esp = path("esp")
        os.makedirs(os.path.join(esp, "EFI", "BOOT"))
        image = os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI")
        boot_args = fw.ovmf_args(esp)

        if args.case == "menu-e1000":
            nic, nic_rom = "e1000", None
        elif args.case in ("native-virtio", "native-e1000"):
            build_extra = ["--nics", "native"]
            if args.case == "native-e1000":
                nic, nic_rom = "e1000", None
            chip = "e1000" if args.case == "native-e1000" else "virtio-net"
            expect = [f"net0: {chip} at 00:02.0", TITLE, fw.E2E_MARKER]
            absent = ["net0: snp", "net1:"]
        elif args.case == "keys":
            keys = [(TITLE, b"\x1b[B"), ("Boot with the other initrd", b"\r")]
            stop_on, expect = cb.KEY_MARKER, [cb.KEY_MARKER]
        elif args.case == "named":
            files.update({"/base.cpio": (fw.busybox_base_initrd(), False), "/init.sh": (fw.SPLIT_INIT, True),
                          "/marker.txt": ((fw.E2E_MARKER + "\n").encode(), False)})
            build_src = write("embedded.ipxe", f"#!ipxe\nkernel http://{S}/vmlinuz console=ttyS0 panic=-1 quiet\n"
                                                f"initrd http://{S}/base.cpio\n"
                                                f"initrd http://{S}/init.sh /init mode=755\n"
                                                f"initrd http://{S}/marker.txt /etc/carte/marker mkdir=-1\nboot\n")
        elif args.case == "shell":
            keys = [("Press Ctrl-B", b"\x02"), ("iPXE> ", b"echo efi-says-${platform}-${buildarch}-${net0/ip}\r"),
                    ("iPXE> ", b"show product\r"), ("iPXE> ", b"poweroff\r")]
            stop_on, expect = None, ["efi-says-efi-x86_64-10.0.2.15", Q35_PRODUCT]
        elif args.case == "script":
            build_src = write("embedded.ipxe", cb.chain_script("x.ipxe"))
            files["/x.ipxe"] = (cb.CLASSIC.encode(), False)
            expect = ["fetched classic script running", fw.E2E_MARKER]
        elif args.case == "cbm":
            if run_carte(args, "compile", menu, "-o", path("menu.cbm")).returncode != 0:
                return 1
            with open(path("menu.cbm"), "rb") as f:
                files["/menu.cbm"] = (f.read(), False)
            build_src = write("embedded.ipxe", cb.chain_script("menu.cbm"))
            expect = [TITLE, fw.E2E_MARKER]
        elif args.case == "tampered":
            out = run_carte(args, "keygen", "-o", path("k.pem"), "--pub", path("k.pub.pem")).stdout
            key_id = out.split("key ", 1)[1][:16]
            run_carte(args, "compile", menu, "-o", path("m.cbm"))
            run_carte(args, "sign", path("m.cbm"), "--key", path("k.pem"), "--serial", "7")
            with open(path("m.cbm"), "rb") as f:
                cbm = bytearray(f.read())
            at = cbm.find(TITLE.encode())
            assert at > 0
            cbm[at] ^= 0x20  # "carte QEMU test menu": one byte, same length
            files["/m.cbm"] = (bytes(cbm), False)
            build_src = write("embedded.ipxe", cb.chain_script("m.cbm"))
            build_extra = ["--shell-wait", "0", "--trust", path("k.pub.pem"), "--require-signed"]
            expect = ["trust: 1 key, 0 CA certificates, signed menus required",
                      f"http://{S}/m.cbm: REFUSED (bad-signature): bad signature by key {key_id} (k.pub.pem)",
                      "Carte shell"]
            absent = [TITLE, "carte QEMU test menu", "/vmlinuz"]
            stop_on = "Carte shell"
        elif args.case in ("chain", "chain-fail"):
            with open(args.efitest, "rb") as f:
                files["/efitest.efi"] = (f.read(), False)
            word = "fail" if args.case == "chain-fail" else "hello"
            files["/hello.txt"] = (b"greetings from the virtual file system\nsecond line\n", False)
            build_src = write("embedded.ipxe", f"#!ipxe\nimgfetch --name hello.txt http://{S}/hello.txt\n"
                                                f"chain http://{S}/efitest.efi {word} world || goto failed\n"
                                                "echo after-the-program\npoweroff\n"
                                                ":failed\necho the-program-failed\npoweroff\n")
            build_extra = ["--shell-wait", "0"]
            stop_on = None
            expect = [f"efitest: load options [efitest.efi {word} world]"]
            if args.case == "chain":
                expect += ["efitest: file efitest.efi ", "efitest: file hello.txt 51",
                           "efitest: hello.txt says [greetings from the virtual file system]",
                           "efi: efitest.efi returned EFI_SUCCESS", "after-the-program"]
                absent = ["the-program-failed"]
            else:
                expect += ["efi: efitest.efi returned EFI_UNSUPPORTED", "the-program-failed"]
                absent = ["after-the-program"]
        elif args.case == "notpe":
            files["/junk.bin"] = (b"MZ" + b"\0" * 200, False)
            # The test program with its COFF machine changed to arm64 (0xaa64).
            with open(args.efitest, "rb") as f:
                arm = bytearray(f.read())
            pe = int.from_bytes(arm[0x3c:0x40], "little")
            arm[pe + 4:pe + 6] = (0xAA64).to_bytes(2, "little")
            files["/arm64.efi"] = (bytes(arm), False)
            # A multiboot v1 header (magic, flags 0, checksum) and nothing else: refused on efi.
            files["/mb.elf"] = ((0x1BADB002).to_bytes(4, "little") + (0).to_bytes(4, "little") +
                                ((-0x1BADB002) & 0xFFFFFFFF).to_bytes(4, "little") + b"\0" * 500, False)
            build_src = write("embedded.ipxe", f"#!ipxe\nchain http://{S}/junk.bin || echo refused-junk\n"
                                                f"chain http://{S}/arm64.efi || echo refused-arm64\n"
                                                f"chain http://{S}/mb.elf || echo refused-multiboot\npoweroff\n")
            build_extra = ["--shell-wait", "0"]
            stop_on = None
            expect = ["not a PE image", "refused-junk", "not an x86_64 EFI program", "refused-arm64",
                      "multiboot kernels are not supported on efi", "refused-multiboot"]
        elif args.case == "pxe":
            # No disk: OVMF's boot manager tries PXE on the NIC, gets slirp's DHCP reply with
            # bootfile=carte.efi and loads it over TFTP.
            tftp = path("tftp")
            os.makedirs(tftp)
            image = os.path.join(tftp, "carte.efi")
            boot_args = ["-machine", "q35", "-bios", fw.OVMF]
            netdev_opts = f"tftp={tftp},bootfile=carte.efi,"
            boot_args += ["-object", f"filter-dump,id=cap,netdev=n0,file={path('pxe.pcap')}"]
            build_src = write("embedded.ipxe", "#!ipxe\necho pxe-ip-${net0/ip}\n"
                                                "echo pxe-says-${filename}-${next-server}\n" + cb.chain_script("x.ipxe"))
            files["/x.ipxe"] = (cb.CLASSIC.encode(), False)
            expect = ["net0: using the lease the firmware's PXE got", "pxe-ip-10.0.2.15", "pxe-says-carte.efi-10.0.2.2",
                      fw.E2E_MARKER]
        elif args.case == "exit":
            build_src = write("embedded.ipxe", "#!ipxe\necho before-the-shell\n")
            build_extra = ["--shell-wait", "0"]
            keys = [("iPXE> ", b"exit\r")]
            # With no other boot option left, OVMF's boot manager falls back to its setup app.
            stop_on = 'BdsDxe: starting Boot0000 "UiApp"'
            expect = ["before-the-shell", stop_on]
        elif args.case == "secureboot":
            build_src = write("embedded.ipxe", f"#!ipxe\nkernel http://{S}/vmlinuz console=ttyS0 quiet\nboot\n")
            build_extra = ["--shell-wait", "0"]
        elif args.case != "menu-virtio":
            print(f"unknown case {args.case}")
            return 2

        p = run_carte(args, "build", build_src, "--format", "efi", "--base", args.base, "-o", image, *build_extra)
        if p.returncode != 0 or not os.path.exists(image):
            print("FAIL: carte build --format efi failed")
            return 1
        if args.case == "secureboot":
            return secure_boot(args, tmp, image, esp, files)
        if shutil.which("sbverify"):
            v = subprocess.run(["sbverify", "--list", image], capture_output=True, text=True)
            if v.returncode != 0 or "No signature table present" not in v.stdout + v.stderr:
                print("FAIL: sbverify --list does not accept the image:", v.stdout, v.stderr)
                return 1
        with fw.LoopbackServer(files) as srv:
            run = fw.run_qemu(None, None, nic, srv.port, QEMU_TIMEOUT, qemu=args.qemu, extra=boot_args, keys=keys,
                              stop_on=stop_on, nic_rom=nic_rom, netdev_opts=netdev_opts)
        for t, line in run.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={run.rc} timed_out={run.timed_out} stopped={run.stopped} keys_sent={run.keys_sent}"
              f" requests={srv.requests}")

        failures = [f"never saw {n!r}" for n in expect if n not in run.text()]
        failures += [f"saw {n!r}" for n in absent if n in run.text() or n in srv.requests]
        text = run.text()
        if run.timed_out:
            failures.append("timed out")
        if len(keys) != run.keys_sent:
            failures.append(f"only {run.keys_sent} of {len(keys)} key steps were reached")
        if "network boot firmware (efi x86_64)" not in text:
            failures.append("the EFI banner never showed")
        if args.case.startswith("menu") or args.case.startswith("native"):
            if TITLE not in text:
                failures.append("the menu never showed on serial")
            if "/other.cpio" in srv.requests:
                failures.append("the default item was not the one taken")
        if args.case == "keys" and "/other.cpio" not in srv.requests:
            failures.append("the key-picked item did not fetch other.cpio")
        if args.case == "pxe":
            discovers = dhcp_discovers(path("pxe.pcap"))
            print(f"DHCPDISCOVERs in the capture: {discovers}")
            if discovers != 1:
                failures.append(f"expected the firmware's one DHCPDISCOVER, saw {discovers}")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        menu_t = run.first_byte(TITLE)
        print(f"PASS ({run.wall:.1f} s{'' if menu_t is None else f', menu at {menu_t:.2f} s'})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
