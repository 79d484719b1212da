#!/usr/bin/env python3
"""End-to-end HTTPS in the firmware: a ROM built with `carte build --ca ca.pem` (a test CA made at
test time) fetches Debian's kernel and a busybox initrd from https://10.0.2.100 (a guestfwd to a
local TLS server, tests/support/tls_test_server.py) and boots them to the marker; a server whose
certificate comes from another CA is refused with the reason and the URL on screen.

Cases: bios-boot, bios-refused (carte.lkrn, SeaBIOS); efi-boot, efi-refused (carte.efi, OVMF);
efi-fwcerts: a carte.efi with no roots of its own trusts the CA that OVMF puts in the firmware's
TlsCaCertificate variable (from QEMU's fw_cfg etc/edk2/https/cacerts), as iPXE's efi_cacert.c does.

usage: https_test.py --carte carte --base carte.lkrn|carte.efi --kernel vmlinuz --case <case>"""

import argparse
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import fw_harness as fw  # noqa: E402

try:
    from tls_test_server import TlsTestServer, make_pki  # noqa: E402
except ImportError as e:
    print(f"SKIP: {e}")
    sys.exit(77)

S = fw.GUEST_SERVER
REFUSED = "CARTE-HTTPS-REFUSED"


def signature_list(pki, tmp):
    """The test CA as one EFI_SIGNATURE_LIST of EFI_CERT_X509_GUID (UEFI spec 32.4.1)."""
    der = subprocess.run(["openssl", "x509", "-in", f"{pki}/ca.pem", "-outform", "DER"], capture_output=True,
                         check=True).stdout
    x509_guid = bytes.fromhex("a159c0a5e494a74a87b5ab155c2bf072")
    owner = bytes(16)
    entry = owner + der
    data = x509_guid + struct.pack("<III", 28 + len(entry), 0, len(entry)) + entry
    path = os.path.join(tmp, "cacerts.esl")
    with open(path, "wb") as f:
        f.write(data)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--case", required=True, choices=("bios-boot", "bios-refused", "efi-boot", "efi-refused", "efi-fwcerts"))
    args = ap.parse_args()
    if not fw.have_tools("qemu-system-x86_64") or not os.path.exists(args.kernel):
        print("SKIP: qemu, busybox or the test kernel missing")
        return 77
    efi = args.case.startswith("efi")
    with fw.tempdir() as tmp:
        pki = make_pki(os.path.join(tmp, "pki"))
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        with open(args.kernel, "rb") as f, open(os.path.join(www, "vmlinuz"), "wb") as out:
            out.write(f.read())
        with open(os.path.join(www, "initrd.cpio"), "wb") as out:
            out.write(fw.busybox_initrd())
        srv = TlsTestServer(pki, www, profiles=("good-rsa", "other-ca"))
        refused = args.case.endswith("refused")
        base = f"https://{S}:8443" if refused else f"https://{S}"
        script = (f"#!ipxe\nkernel {base}/vmlinuz console=ttyS0 quiet || goto failed\n"
                  f"initrd {base}/initrd.cpio || goto failed\nboot\n:failed\necho {REFUSED}\n")
        src = os.path.join(tmp, "embedded.ipxe")
        with open(src, "w") as f:
            f.write(script)
        image = os.path.join(tmp, "carte.lkrn")
        extra = []
        if efi:
            esp = os.path.join(tmp, "esp")
            os.makedirs(os.path.join(esp, "EFI", "BOOT"))
            image = os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI")
            extra = fw.ovmf_args(esp)
        ca = ["--ca", f"{pki}/ca.pem"]
        if args.case == "efi-fwcerts":
            ca = []
            extra += ["-fw_cfg", f"name=etc/edk2/https/cacerts,file={signature_list(pki, tmp)}"]
        cmd = [args.carte, "build", src, "-o", image, "--base", args.base, "--shell-wait", "0"] + ca + \
            (["--format", "efi"] if efi else [])
        p = subprocess.run(cmd, capture_output=True, text=True)
        print(p.stdout + p.stderr)
        if p.returncode != 0:
            return 1
        fwd = (f"guestfwd=tcp:{S}:443-cmd:/bin/busybox nc 127.0.0.1 {srv.ports['good-rsa']},"
               f"guestfwd=tcp:{S}:8443-cmd:/bin/busybox nc 127.0.0.1 {srv.ports['other-ca']},")
        stop = REFUSED if refused else fw.E2E_MARKER
        run = fw.run_qemu(None if efi else image, "", "virtio-net-pci", srv.ports["http"], 200, extra=extra,
                          netdev_opts=fwd, stop_on=stop)
        srv.close()
        text = run.text()
        print(text[-3000:])
        expect = [REFUSED, "unknown issuer", f"{base}/vmlinuz"] if refused else ["https: 1 trusted root", fw.E2E_MARKER]
        if args.case == "efi-fwcerts":
            expect.append("https: 1 root from the firmware's own HTTPS settings")
        missing = [e for e in expect if e not in text]
        if refused and fw.E2E_MARKER in text:
            missing.append("(the kernel must not boot)")
        if missing or run.timed_out:
            print(f"FAIL: missing {missing}, timed out: {run.timed_out}")
            return 1
        print(f"PASS ({run.wall:.1f} s)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
