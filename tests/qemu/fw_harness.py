"""Shared pieces of the firmware QEMU tests: a loopback HTTP server, a busybox initrd builder and
a QEMU runner that timestamps every serial line.

Network rules: the server binds 127.0.0.1 on a free port; QEMU uses user networking with
restrict=on and reaches it only through guestfwd to 10.0.2.100:80 (busybox nc relay)."""

import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import time

GUEST_SERVER = "10.0.2.100"
E2E_MARKER = "CARTE-E2E-OK"


def newc_cpio(entries):
    """A newc archive from (name, mode, data) tuples, with the trailer. Written here so the test
    needs no cpio binary."""
    out = bytearray()

    def add(name, mode, data, ino):
        name_b = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
        out.extend(b"070701" + b"".join(b"%08x" % f for f in fields) + name_b)
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data)
        out.extend(b"\0" * (-len(out) % 4))

    for i, (name, mode, data) in enumerate(entries, start=1):
        add(name, mode, data, i)
    add("TRAILER!!!", 0, b"", 0)
    return bytes(out)


def busybox_initrd(busybox="/bin/busybox", marker=E2E_MARKER):
    """An initramfs whose /init prints the marker on the console and powers off."""
    with open(busybox, "rb") as f:
        bb = f.read()
    init = ("#!/bin/busybox sh\n"
            f"/bin/busybox echo {marker} > /dev/console\n"
            "/bin/busybox poweroff -f\n").encode()
    return newc_cpio([
        ("bin", 0o040755, b""),
        ("dev", 0o040755, b""),
        ("bin/busybox", 0o100755, bb),
        ("init", 0o100755, init),
    ])


def busybox_base_initrd(busybox="/bin/busybox"):
    """Just busybox and the directories, no /init: the firmware adds /init and the marker file
    as named (CPIO-wrapped) initrds."""
    with open(busybox, "rb") as f:
        bb = f.read()
    return newc_cpio([("bin", 0o040755, b""), ("dev", 0o040755, b""), ("bin/busybox", 0o100755, bb)])


SPLIT_INIT = (b"#!/bin/busybox sh\n"
              b"/bin/busybox cat /etc/carte/marker > /dev/console\n"
              b"/bin/busybox poweroff -f\n")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server API)
        files = self.server.files
        self.server.requests.append(self.path)
        if self.path not in files:
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        data, chunked = files[self.path]
        start = 0
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes=") and rng.endswith("-") and rng[6:-1].isdigit() and not chunked:
            start = int(rng[6:-1])
            self.server.ranges.append((self.path, start))
        drop_at = self.server.drop_once.pop(self.path, None)
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "application/octet-stream")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        if drop_at is not None and not chunked:
            # Cut this response once, mid-body: the client must resume with a Range request.
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            self.wfile.write(data[start:drop_at])
            self.wfile.flush()
            self.connection.shutdown(2)
            self.close_connection = True
            return
        if start:
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            self.wfile.write(data[start:])
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            step = 100_000
            for i in range(0, len(data), step):
                piece = data[i:i + step]
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        self.close_connection = True

    def do_POST(self):  # noqa: N802 (http.server API)
        # A form POST (`chain URI##params`): recorded, then answered like a GET of the same path.
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.posts.append((self.path, body, self.headers))  # a Message: names match in any case
        self.do_GET()

    def log_message(self, *args):
        pass


class LoopbackServer:
    """Serves {path: (bytes, chunked)} on 127.0.0.1:<free port>."""

    def __init__(self, files, drop_once=None):
        """drop_once: {path: byte offset} responses to cut once at that offset."""
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.files = files
        self.httpd.drop_once = dict(drop_once or {})
        self.httpd.ranges = []  # (path, start) of every Range request
        self.httpd.requests = []
        self.httpd.posts = []  # (path, body, headers) of every POST
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def requests(self):
        return self.httpd.requests

    @property
    def ranges(self):
        return self.httpd.ranges

    @property
    def posts(self):
        return self.httpd.posts


class QemuRun:
    """Result of one QEMU run: timestamped serial lines, exit code, wall time."""

    def __init__(self):
        self.lines = []  # (seconds since start, text)
        self.rc = None
        self.wall = 0.0
        self.timed_out = False
        self.stopped = False  # ended by stop_on
        self.keys_sent = 0
        self.raw = bytearray()  # every byte of serial output, in order
        self.chunk_ends = []    # (seconds since start, len(raw) after that chunk arrived)

    def text(self):
        return "\n".join(t for _, t in self.lines)

    def first(self, needle):
        """Seconds from QEMU start to the first line containing needle, or None."""
        for t, line in self.lines:
            if needle in line:
                return t
        return None

    def first_byte(self, needle):
        """Seconds from QEMU start until needle had fully arrived, by read chunk rather than by
        line: full-screen output (a menu) may not end a line until long after it is drawn."""
        at = self.raw.find(needle.encode())
        if at < 0:
            return None
        end = at + len(needle)
        for t, n in self.chunk_ends:
            if n >= end:
                return t
        return None


def run_qemu(rom, append, nic, port, timeout, qemu="qemu-system-x86_64", extra=(), netdev_opts="", mem_mib=512,
             keys=(), stop_on=None, nic_rom=""):
    """Boots the ROM with -kernel under TCG, user networking restricted to the loopback relay
    (nic=None: no network card at all). netdev_opts adds slirp options ("bootfile=x,").
    keys: (trigger, bytes) pairs, in order: once the serial output so far contains trigger (text
    that need not end a line, e.g. a prompt), the bytes are typed on the serial line.
    stop_on: end the run as soon as the output contains this text.
    rom=None: no -kernel/-append; extra then says what to boot (-fda, -boot, OVMF and an ESP).
    nic_rom: the NIC's option ROM file ("": none, None: QEMU's default, e.g. its EFI driver)."""
    netdev = (f"user,id=n0,restrict=on,{netdev_opts}"
              f"guestfwd=tcp:{GUEST_SERVER}:80-cmd:/bin/busybox nc 127.0.0.1 {port}")
    rom_opt = "" if nic_rom is None else f",romfile={nic_rom}"
    nic_args = ["-netdev", netdev, "-device", f"{nic},netdev=n0{rom_opt}"] if nic else ["-nic", "none"]
    kernel_args = ["-kernel", rom, "-append", append] if rom else []
    cmd = [qemu, "-accel", "tcg", *kernel_args, "-m", str(mem_mib), "-display", "none",
           "-serial", "stdio", "-monitor", "none", "-no-reboot", *nic_args,
           "-device", "isa-debug-exit,iobase=0xf4,iosize=1", *extra]
    run = QemuRun()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if keys else subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    pending = list(keys)
    seen = bytearray()  # everything so far, for key triggers and stop_on
    run.keys_sent = 0

    def react(chunk):
        seen.extend(chunk)
        while pending and pending[0][0].encode() in seen:
            trigger, data = pending.pop(0)
            # Type after the trigger, so the next trigger must appear anew.
            del seen[:seen.find(trigger.encode()) + len(trigger)]
            time.sleep(0.2)
            try:
                proc.stdin.write(data)
                proc.stdin.flush()
                run.keys_sent += 1
            except OSError:
                pass
        if stop_on and stop_on.encode() in seen:
            run.stopped = True
            proc.kill()

    def reader():
        buf = b""
        while True:
            chunk = proc.stdout.read1(4096) if hasattr(proc.stdout, "read1") else proc.stdout.read(1)
            if not chunk:
                break
            run.raw.extend(chunk)
            run.chunk_ends.append((time.monotonic() - start, len(run.raw)))
            react(chunk)
            buf += chunk
            while True:
                cut = min([i for i in (buf.find(b"\n"), buf.find(b"\r")) if i >= 0], default=-1)
                if cut < 0:
                    break
                line = buf[:cut].decode("utf-8", "replace")
                buf = buf[cut + 1:]
                if line.strip():
                    run.lines.append((time.monotonic() - start, line))
        if buf.strip():
            run.lines.append((time.monotonic() - start, buf.decode("utf-8", "replace")))

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        run.rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        run.timed_out = True
        proc.kill()
        run.rc = proc.wait()
    t.join(timeout=5)
    run.wall = time.monotonic() - start
    return run


def strip_hdrs(rom, out_dir):
    """A copy of the .lkrn without the "HdrS" signature, so QEMU takes the multiboot path."""
    data = bytearray(open(rom, "rb").read())
    assert data[0x202:0x206] == b"HdrS"
    data[0x202:0x206] = b"\0\0\0\0"
    path = os.path.join(out_dir, "carte-multiboot.bin")
    with open(path, "wb") as f:
        f.write(data)
    return path


OVMF = "/usr/share/ovmf/OVMF.fd"  # Debian's ovmf package (scripts/setup.sh)


def ovmf_args(esp_dir):
    """UEFI under TCG: q35 with OVMF, booting the read-only vvfat ESP made from esp_dir
    (EFI/BOOT/BOOTX64.EFI)."""
    return ["-machine", "q35", "-bios", OVMF, "-drive", f"file=fat:{esp_dir},format=raw,readonly=on,if=virtio"]


def have_tools(qemu):
    return shutil.which(qemu) is not None and os.path.exists("/bin/busybox")


def tempdir():
    return tempfile.TemporaryDirectory(prefix="carte-qemu-")
