#!/usr/bin/env python3
"""netboot.xyz-style code signing in the ROM (docs/signing.md, "imgtrust / imgverify"): the ROM
is built with `carte build --trust ca.crt` (an X.509 root), its embedded script turns on
`imgtrust --permanent`, then `imgverify`s a classic script against its detached CMS signature
(`openssl cms -sign -binary -noattr … -outform DER`, as netboot.xyz signs its menus) and chains
it. One short QEMU run (TCG) per case:

  good       the signed script runs: its marker is printed
  tampered   the script was changed after signing: "Could not verify" and the failure branch;
             no marker
  untrusted  the script is chained without imgverify: "image not trusted"; no marker

The CA and the code-signing certificate (extendedKeyUsage codeSigning) are made at test time with
the `openssl` command in a temporary directory.

usage: cms_imgverify_test.py --carte carte --base carte.lkrn --case <case>"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

QEMU_TIMEOUT = 90
S = fw.GUEST_SERVER
MARKER = "CMS-SIGNED-SCRIPT-RUNS"
FAILED = "CMS-VERIFY-FAILED-BRANCH"
SIGNED = f"#!ipxe\necho {MARKER}\npoweroff\n"

EMBEDDED = {
    "good": f"""#!ipxe
imgtrust --permanent
imgverify http://{S}/menu.ipxe http://{S}/menu.ipxe.sig || goto error
chain menu.ipxe
:error
echo {FAILED}
poweroff
""",
    "untrusted": f"""#!ipxe
imgtrust --permanent
chain http://{S}/menu.ipxe || echo {FAILED}
poweroff
""",
}
EMBEDDED["tampered"] = EMBEDDED["good"]


def run(cmd, cwd=None):
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    print("$", " ".join(cmd))
    print(p.stdout + p.stderr)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode})")
    return p.stdout + p.stderr


def make_pki(tmp):
    """netboot.xyz's layout: a CA, and a code-signing certificate it issued."""
    with open(os.path.join(tmp, "ext.cnf"), "w") as f:
        f.write("[codesign]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=codeSigning\nsubjectKeyIdentifier=hash\n")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
         "-subj", "/CN=Carte QEMU Test CA", "-days", "30", "-sha256"], cwd=tmp)
    run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "codesign.key", "-out",
         "codesign.csr", "-subj", "/CN=codesign.example.org"], cwd=tmp)
    run(["openssl", "x509", "-req", "-in", "codesign.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "2",
         "-days", "30", "-sha256", "-extfile", "ext.cnf", "-extensions", "codesign", "-out", "codesign.crt"], cwd=tmp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--case", required=True, choices=sorted(EMBEDDED))
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    args = ap.parse_args()
    if not fw.have_tools(args.qemu):
        print("SKIP: qemu-system-x86_64 or /bin/busybox missing")
        return 77
    if shutil.which("openssl") is None:
        print("SKIP: the openssl command is missing")
        return 77
    help_text = subprocess.run([args.carte, "build", "--help"], capture_output=True, text=True)
    if "certificates" not in help_text.stdout + help_text.stderr:
        print("SKIP: this carte build cannot embed CA certificates (carte build --trust ca.crt)")
        return 77

    with fw.tempdir() as tmp:
        def path(name):
            return os.path.join(tmp, name)

        make_pki(tmp)
        with open(path("menu.ipxe"), "w") as f:
            f.write(SIGNED)
        # netboot.xyz's recipe, byte for byte.
        run(["openssl", "cms", "-sign", "-binary", "-noattr", "-in", "menu.ipxe", "-signer", "codesign.crt",
             "-inkey", "codesign.key", "-certfile", "ca.crt", "-outform", "DER", "-out", "menu.ipxe.sig"], cwd=tmp)
        served = SIGNED.encode()
        if args.case == "tampered":
            served = served.replace(b"echo", b"echO", 1)  # one byte changed after signing
        with open(path("menu.ipxe.sig"), "rb") as f:
            sig = f.read()
        files = {"/menu.ipxe": (served, False), "/menu.ipxe.sig": (sig, False)}

        with open(path("embedded.ipxe"), "w") as f:
            f.write(EMBEDDED[args.case])
        rom = path("carte.lkrn")
        run([args.carte, "build", path("embedded.ipxe"), "-o", rom, "--base", args.base, "--shell-wait", "0",
             "--trust", path("ca.crt")])

        if args.case == "good":
            expect, absent, stop_on = [MARKER], [FAILED, "Could not verify"], MARKER
        elif args.case == "tampered":
            expect = ["imgverify menu.ipxe with menu.ipxe.sig: bad signature by \"codesign.example.org\"",
                      "Could not verify: Permission denied (bad signature)", FAILED]
            absent, stop_on = [MARKER], FAILED
        else:
            expect, absent, stop_on = ["Could not boot: Permission denied (image not trusted)", FAILED], [MARKER], FAILED

        with fw.LoopbackServer(files) as srv:
            result = fw.run_qemu(rom, "", "virtio-net-pci", srv.port, QEMU_TIMEOUT, qemu=args.qemu, stop_on=stop_on)
        for t, line in result.lines:
            print(f"{t:7.2f}  {line[:300]}")
        print(f"rc={result.rc} timed_out={result.timed_out} stopped={result.stopped} requests={srv.requests}")

        text = result.text()
        failures = [f"never saw {n!r}" for n in expect if n not in text]
        failures += [f"saw {n!r}" for n in absent if n in text]
        if result.timed_out or not result.stopped:
            failures.append("the run did not reach its end marker")
        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        print(f"PASS ({result.wall:.1f} s)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
