#!/usr/bin/env python3
"""End-to-end deployment as users do it (docs/deploy.md): Debian's dnsmasq hands the machine's
firmware a Carte image by DHCP + TFTP, and hands Carte itself, which asks again with user class
"iPXE", the menu URL; the menu, fetched over HTTP, boots the test kernel to its marker.

The dnsmasq configuration and the program built into the images are not written here: they are
read from the blocks of docs/deploy.md marked `<!-- deploy_dnsmasq_test.py: ... -->`, with
`eth0` → tap0, `192.0.2.` → `192.168.77.` and `/srv/tftp` → a temporary directory, so the page
shows what was tested.

Everything runs in a network namespace this test creates (carte-deploy-<pid>) and always
deletes: a tap device tap0 at 192.168.77.1/24, dnsmasq bound to it (DHCP + TFTP, no DNS),
Python's http.server on 192.168.77.1:80, and QEMU (TCG) whose NIC is that tap device. The
namespace has no interface but `lo` and tap0 (checked) and no route but 192.168.77.0/24, so no
packet can go anywhere else; a capture of the guest's NIC also checks that every IPv4 packet
stayed inside 192.168.77.0/24. Nothing on the host (interfaces, routes, firewall) is touched.

Cases:
  bios          SeaBIOS, virtio-net with QEMU's NIC ROM (iPXE), `-boot n`: the ROM gets
                carte.kpxe (`carte build --format kpxe`); Carte asks DHCP, gets the menu URL.
                QEMU's ROM is itself iPXE and says user class "iPXE" too: the documented
                configuration tells it from Carte by iPXE's version sub-option (175.235)
  efi           OVMF on q35, virtio-net driven by OVMF (no option ROM): OVMF's PXE gets carte.efi
                (client architecture 7); Carte asks DHCP, gets the menu URL
  efi-embedded  the same machine with the simpler configuration: the menu URL is built into
                carte.efi and DHCP only hands out the image

For each case dnsmasq's log (--log-dhcp) must show: the firmware's request answered with the
image's file name, and no other request (no chain-load loop); TFTP sending the image; for the
user-class cases, every request tagged `carte` (user class iPXE) answered with the menu URL and
every other one with the image, Carte's after the firmware's. The web server's log must show the
menu, the kernel and the initrd fetched; the serial console Carte's banner, the menu and the
marker.

Skips (77) when not root, when `ip netns add` fails (no CAP_NET_ADMIN), when dnsmasq, QEMU,
busybox, OVMF or the kernel are missing, and (bios) while `carte build` rejects --format kpxe.

usage: deploy_dnsmasq_test.py --carte carte --kernel vmlinuz --case bios|efi|efi-embedded
                              [--base IMAGE] [--doc docs/deploy.md]
  --base  the base image for `carte build` (default: the CLI's own for the format)"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fw_harness as fw  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.normpath(os.path.join(HERE, "..", "..", "docs", "deploy.md"))
QEMU_TIMEOUT = 180
SERVER = "192.168.77.1"
SUBNET = "192.168.77."
TAP = "tap0"
TITLE = "Carte deploy test menu"
MENU_URL = f"http://{SERVER}/menu.cbm"
BANNER = "network boot firmware ("
SKIP = 77
# Children get SIGKILL if this test is killed before it can clean up (then only the empty
# namespace is left behind, named after the dead test's pid).
DIE_WITH_TEST = ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []

MENU = f"""carte 1

menu main "{TITLE}" {{
  timeout 2s
  default marker

  item marker "Boot the test kernel" -> linux {{
    kernel "http://{SERVER}/vmlinuz"
    initrd "http://{SERVER}/initrd.cpio"
    args "console=ttyS0 quiet"
  }}
  item shell "Shell" key s -> shell
}}
"""


def doc_block(doc_text, name):
    """The fenced block right after `<!-- deploy_dnsmasq_test.py: NAME -->` in docs/deploy.md."""
    marker = f"<!-- deploy_dnsmasq_test.py: {name} -->"
    at = doc_text.find(marker)
    if at < 0:
        raise LookupError(f"{DOC} has no block marked {marker!r}")
    m = re.compile(r"\s*```[^\n]*\n(.*?)```", re.S).match(doc_text, at + len(marker))
    if not m:
        raise LookupError(f"{DOC}: no fenced block right after {marker!r}")
    return m.group(1)


def localize(conf, tftp_root):
    """The documented configuration with the test's interface, addresses and TFTP root."""
    for old in ("eth0", "192.0.2.", "/srv/tftp"):
        if old not in conf:
            raise LookupError(f"the dnsmasq block of {DOC} no longer mentions {old!r}")
    return conf.replace("eth0", TAP).replace("192.0.2.", SUBNET).replace("/srv/tftp", tftp_root)


def run(cmd, check=True):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {(p.stdout + p.stderr).strip()}")
    return p


class Namespace:
    """A network namespace with tap0 at 192.168.77.1/24; every process started in it is ended
    and the namespace deleted by close()."""

    def __init__(self, name):
        self.name = name
        self.procs = []  # (label, Popen)
        self.created = False

    def create(self):
        p = run(["ip", "netns", "add", self.name], check=False)
        if p.returncode != 0:
            return (p.stdout + p.stderr).strip() or f"exit {p.returncode}"
        self.created = True
        ns = ["ip", "netns", "exec", self.name]
        run(ns + ["ip", "link", "set", "lo", "up"])
        run(ns + ["ip", "tuntap", "add", "dev", TAP, "mode", "tap"])
        # No IPv6 on the tap: its router solicitations and MLD reports would only be noise.
        run(ns + ["sh", "-c", f"echo 1 > /proc/sys/net/ipv6/conf/{TAP}/disable_ipv6"], check=False)
        run(ns + ["ip", "addr", "add", f"{SERVER}/24", "dev", TAP])
        run(ns + ["ip", "link", "set", TAP, "up"])
        return None

    def exec_args(self, *cmd):
        return ["ip", "netns", "exec", self.name, *cmd]

    def start(self, label, cmd, **kw):
        proc = subprocess.Popen(DIE_WITH_TEST + self.exec_args(*cmd), **kw)
        self.procs.append((label, proc))
        return proc

    def isolation_problems(self):
        """Interfaces or routes that would let traffic out of the namespace."""
        links = run(self.exec_args("ip", "-o", "link", "show")).stdout
        names = sorted(re.findall(r"^\d+: ([^:@]+)", links, re.M))
        problems = [] if names == sorted(["lo", TAP]) else [f"interfaces in the namespace: {names}"]
        table = run(self.exec_args("ip", "-4", "route", "show", "table", "all")).stdout
        routes = [r.strip() for r in table.splitlines() if r.strip()]
        # The kernel's own routes for the tap's address (the link route, and local/broadcast
        # entries in the local table) and for lo, and nothing towards any other network.
        own = re.compile(rf"^(local |broadcast )?(192\.168\.77\.\S*|127\.\S*) dev ({TAP}|lo)\b")
        outside = [r for r in routes if not own.search(r)]
        if outside or not any(r.startswith(f"192.168.77.0/24 dev {TAP}") for r in routes):
            problems.append(f"routes in the namespace: {routes}")
        return problems

    def close(self):
        for label, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if not self.created:
            return
        # Anything still inside was started by this test (the namespace is its own).
        left = run(["ip", "netns", "pids", self.name], check=False).stdout.split()
        for pid in left:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        p = run(["ip", "netns", "delete", self.name], check=False)
        if p.returncode != 0:
            print(f"WARNING: ip netns delete {self.name}: {(p.stdout + p.stderr).strip()}")


def wait_for(pred, timeout, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.1)
    return pred()


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def dhcp_replies(log):
    """dnsmasq's --log-dhcp log as a list of replies: {kind, xid, ip, user_class, vendor_class,
    tags, file}. A request's class and tag lines come before the reply line, the file name it was
    sent (option 67 or the BOOTP file field) after it; dnsmasq logs one packet at a time."""
    pending, replies, last = {}, [], {}
    for line in log.splitlines():
        m = re.search(r"dnsmasq-dhcp\[\d+\]: (\d+) (.*)$", line)
        if not m:
            continue
        xid, rest = m.group(1), m.group(2).strip()
        info = pending.setdefault(xid, {"user_class": None, "vendor_class": None, "tags": []})
        if rest.startswith("user class:"):
            info["user_class"] = rest.split(":", 1)[1].strip()
        elif rest.startswith("vendor class:"):
            info["vendor_class"] = rest.split(":", 1)[1].strip()
        elif rest.startswith("tags:"):
            info["tags"] = [t.strip() for t in rest.split(":", 1)[1].split(",") if t.strip()]
        elif re.match(r"DHCP(OFFER|ACK)\(", rest):
            kind, tail = rest.split("(", 1)
            ip = tail.split()[1] if len(tail.split()) > 1 else None
            reply = dict(info, kind=kind, xid=xid, ip=ip, file=None)
            replies.append(reply)
            last[xid] = reply
            pending[xid] = {"user_class": None, "vendor_class": None, "tags": []}
        else:
            fm = re.match(r"sent size:\s*\d+ option:\s*67 bootfile-name\s+(\S+)", rest) or \
                re.match(r"bootfile name:\s*(\S+)", rest)
            if fm and xid in last and last[xid]["file"] is None:
                last[xid]["file"] = fm.group(1)
    return replies


def ipv4_outside(pcap):
    """IPv4 packets in a QEMU filter-dump capture with an address outside 192.168.77.0/24 (other
    than 0.0.0.0 and the broadcast address), and the number of IPv4 packets seen."""
    with open(pcap, "rb") as f:
        data = f.read()
    bad, seen, at = [], 0, 24
    while at + 16 <= len(data):
        incl = int.from_bytes(data[at + 8:at + 12], "little")
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        # With a vnet header on the tap, frames start with 10 or 12 bytes of it.
        for skip in (0, 10, 12):
            if frame[skip + 12:skip + 14] in (b"\x08\x00", b"\x08\x06"):
                frame = frame[skip:]
                break
        if frame[12:14] != b"\x08\x00" or len(frame) < 34:
            continue
        seen += 1
        for addr in (frame[26:30], frame[30:34]):
            text = ".".join(str(b) for b in addr)
            if not (text.startswith(SUBNET) or text in ("0.0.0.0", "255.255.255.255")):
                bad.append(text)
    return bad, seen


def _terminated(signum, _frame):
    raise SystemExit(f"killed by signal {signum}")  # so every `finally` runs: children, namespace


def main():
    signal.signal(signal.SIGTERM, _terminated)
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--case", required=True, choices=["bios", "efi", "efi-embedded"])
    ap.add_argument("--base")
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--doc", default=DOC, help="the page to read the configuration from")
    args = ap.parse_args()
    efi = args.case.startswith("efi")

    if os.geteuid() != 0:
        print("SKIP: needs root (a network namespace, a tap device and dnsmasq inside it)")
        return SKIP
    for tool in ("ip", "dnsmasq"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} missing (scripts/setup.sh installs iproute2 and dnsmasq-base)")
            return SKIP
    if not fw.have_tools(args.qemu):
        print("SKIP: qemu-system-x86_64 or /bin/busybox missing")
        return SKIP
    if efi and not os.path.exists(fw.OVMF):
        print(f"SKIP: {fw.OVMF} missing (Debian's ovmf package)")
        return SKIP
    if not os.path.exists(args.kernel):
        print(f"SKIP: no kernel at {args.kernel} (scripts/setup.sh fetches Debian's)")
        return SKIP

    flavour = "embedded" if args.case == "efi-embedded" else "user class"
    try:
        with open(args.doc) as f:
            doc = f.read()
        conf_doc = doc_block(doc, f"dnsmasq.conf ({flavour})")
        script = doc_block(doc, f"boot.ipxe ({flavour})")
    except (OSError, LookupError) as e:
        print(f"FAIL: {e}")
        return 1
    script = script.replace("192.0.2.", SUBNET)
    image_name = "carte.efi" if efi else "carte.kpxe"

    with fw.tempdir() as tmp:
        # dnsmasq drops root for its own user: the TFTP root must be readable by it.
        os.chmod(tmp, 0o755)
        tftp, www = os.path.join(tmp, "tftp"), os.path.join(tmp, "www")
        os.makedirs(tftp)
        os.makedirs(www)

        def path(name):
            return os.path.join(tmp, name)

        def carte(*cmd):
            p = subprocess.run([args.carte, *cmd], capture_output=True, text=True)
            print("$ carte", " ".join(cmd))
            print((p.stdout + p.stderr).rstrip())
            return p

        # The images and the menu.
        with open(path("boot.ipxe"), "w") as f:
            f.write(script)
        with open(path("menu.carte"), "w") as f:
            f.write(MENU)
        image = os.path.join(tftp, image_name)
        base = ["--base", args.base] if args.base else []
        p = carte("build", path("boot.ipxe"), "--format", "efi" if efi else "kpxe", *base, "-o", image)
        if not efi and p.returncode == 2 and "format" in (p.stdout + p.stderr):
            print("SKIP: carte build --format kpxe not available yet")
            return SKIP
        if p.returncode != 0 or not os.path.exists(image):
            print(f"FAIL: carte build --format {'efi' if efi else 'kpxe'} failed")
            return 1
        if carte("compile", path("menu.carte"), "-o", os.path.join(www, "menu.cbm")).returncode != 0:
            print("FAIL: carte compile failed")
            return 1
        os.symlink(os.path.abspath(args.kernel), os.path.join(www, "vmlinuz"))
        with open(os.path.join(www, "initrd.cpio"), "wb") as f:
            f.write(fw.busybox_initrd())

        conf = localize(conf_doc, tftp)
        with open(path("dnsmasq.conf"), "w") as f:
            f.write(conf)
        print("--- dnsmasq.conf (from docs/deploy.md)")
        print(conf.rstrip())

        dnsmasq_log, http_log, pcap = path("dnsmasq.log"), path("http.log"), path("nic.pcap")
        qemu_run = None
        ns = Namespace(f"carte-deploy-{os.getpid()}")
        try:
            why = ns.create()
            if why:
                print(f"SKIP: ip netns add failed (no CAP_NET_ADMIN?): {why}")
                return SKIP
            problems = ns.isolation_problems()
            if problems:
                print("FAIL: the namespace is not isolated: " + "; ".join(problems))
                return 1

            with open(path("dnsmasq.err"), "w") as err:
                dnsmasq = ns.start("dnsmasq", ["dnsmasq", "--no-daemon", f"--conf-file={path('dnsmasq.conf')}",
                                               f"--pid-file={path('dnsmasq.pid')}", f"--log-facility={dnsmasq_log}",
                                               f"--dhcp-leasefile={path('leases')}", "--log-dhcp"],
                                   stdout=subprocess.DEVNULL, stderr=err)
            with open(http_log, "w") as out:
                http = ns.start("http.server", [sys.executable, "-u", "-m", "http.server", "80", "--bind", SERVER,
                                                "--directory", www], stdout=out, stderr=subprocess.STDOUT)
            if not wait_for(lambda: "TFTP root is" in read(dnsmasq_log), 10, dnsmasq):
                print("FAIL: dnsmasq did not start:", read(path("dnsmasq.err")), read(dnsmasq_log))
                return 1
            if not wait_for(lambda: "Serving HTTP" in read(http_log), 10, http):
                print("FAIL: http.server did not start:", read(http_log))
                return 1

            # QEMU in the namespace, through fw.run_qemu (serial lines, keys, stop_on): a wrapper
            # enters the namespace; nic=None gives `-nic none`, the tap NIC comes in `extra`.
            wrapper = path("qemu-in-ns")
            with open(wrapper, "w") as f:
                f.write(f"#!/bin/sh\nexec {' '.join(DIE_WITH_TEST)} ip netns exec {ns.name} {args.qemu} \"$@\"\n")
            os.chmod(wrapper, 0o755)
            rom = ",romfile=" if efi else ""  # efi: OVMF's own VirtioNetDxe; bios: QEMU's iPXE ROM
            extra = ["-netdev", f"tap,id=n1,ifname={TAP},script=no,downscript=no",
                     "-device", f"virtio-net-pci,netdev=n1{rom}",
                     "-object", f"filter-dump,id=cap,netdev=n1,file={pcap}"]
            extra += ["-machine", "q35", "-bios", fw.OVMF] if efi else ["-boot", "n"]
            # A failure leaves Carte in its shell: power off there instead of waiting.
            qemu_run = fw.run_qemu(None, None, None, 0, QEMU_TIMEOUT, qemu=wrapper, extra=extra,
                                   keys=[("iPXE> ", b"poweroff\r")], stop_on=fw.E2E_MARKER, mem_mib=512)
            time.sleep(0.5)  # dnsmasq's last log lines
        finally:
            ns.close()

        log = read(dnsmasq_log)
        print("--- dnsmasq log")
        print(log.rstrip())
        print("--- http.server log")
        print(read(http_log).rstrip())
        if qemu_run is not None:
            print("--- serial")
            for t, line in qemu_run.lines:
                print(f"{t:7.2f}  {line[:300]}")
            print(f"rc={qemu_run.rc} timed_out={qemu_run.timed_out} stopped={qemu_run.stopped}"
                  f" wall={qemu_run.wall:.1f} s")

        failures = []
        replies = dhcp_replies(log)
        acks = [r for r in replies if r["kind"] == "DHCPACK"]
        print("--- DHCPACKs")
        for a in acks:
            print(f"  xid {a['xid']} {a['ip']} user class {a['user_class']!r} vendor class {a['vendor_class']!r}"
                  f" tags {a['tags']} -> {a['file']!r}")
        sent = re.findall(r"dnsmasq-tftp\[\d+\]: sent (\S+) to (\S+)", log)
        if not acks:
            failures.append("dnsmasq never acknowledged a request")
        else:
            first = acks[0]
            if "carte" in first["tags"] or first["file"] != image_name:
                failures.append(f"the firmware's request got {first['file']!r} (tags {first['tags']}),"
                                f" not {image_name}")
            if efi and "efi64" not in first["tags"]:
                failures.append("the firmware's request was not tagged efi64 (client architecture 7 or 9)")
            if not efi and "efi64" in first["tags"]:
                failures.append("the BIOS firmware's request was tagged efi64")
        # dnsmasq also says "sent" after a transfer the client aborted (UEFI's PXE asks for the
        # size first and aborts), so loops are counted by DHCP answers instead.
        if not any(os.path.basename(f) == image_name for f, _ in sent):
            failures.append(f"TFTP never sent {image_name}: {sent}")
        image_acks = [a for a in acks if a["file"] == image_name]
        if len(image_acks) != 1:
            failures.append(f"{len(image_acks)} requests were answered with {image_name}, expected the"
                            " firmware's only (a chain-load loop?)")

        carte_acks = [a for a in acks if "carte" in a["tags"]]
        other_acks = [a for a in acks if "carte" not in a["tags"]]
        if flavour == "user class":
            if not carte_acks:
                failures.append("no request was tagged carte: Carte never asked DHCP with user class iPXE")
            for a in carte_acks:
                if a["file"] != MENU_URL:
                    failures.append(f"Carte's request (xid {a['xid']}) got {a['file']!r}, not {MENU_URL}")
                if a["user_class"] != "iPXE":
                    failures.append(f"a request tagged carte had user class {a['user_class']!r}")
            for a in other_acks:
                if a["file"] != image_name:
                    failures.append(f"a request not tagged carte (xid {a['xid']}) got {a['file']!r}")
            if carte_acks and other_acks and acks.index(carte_acks[0]) < acks.index(other_acks[-1]):
                failures.append("the firmware asked again after Carte did (a chain-load loop)")
        else:
            if carte_acks:
                failures.append(f"requests tagged carte by a configuration without that rule: {carte_acks}")
            if any(a["file"] != image_name for a in acks):
                failures.append(f"some request got another file than {image_name}")

        got = re.findall(r'"GET (\S+) HTTP/1\.[01]" (\d+)', read(http_log))
        for want in ("/menu.cbm", "/vmlinuz", "/initrd.cpio"):
            if (want, "200") not in got:
                failures.append(f"the web server never served {want} (requests: {got})")
        text = qemu_run.text()
        for want in (BANNER + ("efi" if efi else "pcbios"), TITLE, fw.E2E_MARKER):
            if want not in text:
                failures.append(f"never saw {want!r} on the serial console")
        if qemu_run.timed_out:
            failures.append("timed out")
        if qemu_run.keys_sent:
            failures.append("Carte ended in its shell (the boot failed)")

        if os.path.exists(pcap):
            bad, seen = ipv4_outside(pcap)
            print(f"capture: {seen} IPv4 packets, {len(bad)} with an address outside {SUBNET}0/24")
            if bad:
                failures.append(f"IPv4 traffic outside {SUBNET}0/24: {sorted(set(bad))}")
            if seen == 0:
                failures.append("the capture of the guest's NIC holds no IPv4 packet")
        else:
            failures.append("no capture of the guest's NIC")

        if failures:
            print("FAIL: " + "; ".join(failures))
            return 1
        menu_t, marker_t = qemu_run.first_byte(TITLE), qemu_run.first(fw.E2E_MARKER)
        print(f"PASS ({qemu_run.wall:.1f} s; menu at {menu_t:.1f} s, marker at {marker_t:.1f} s)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
