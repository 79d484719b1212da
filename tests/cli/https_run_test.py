#!/usr/bin/env python3
"""HTTPS in `carte run` against a local TLS server (tests/support/tls_test_server.py) with a test
PKI made at test time: good servers (RSA, ECDSA, a chain through an intermediate), every refusal
with its reason (unknown CA, expired, not yet valid, wrong host, self-signed, oversized chain,
garbage, not TLS, TLS 1.1 only), and HTTP over TLS: keep-alive, chunked bodies, redirects both
ways, POST ##params, sha256 pins, a cut mid-body resumed with Range, and a close without
close_notify refused.

usage: https_run_test.py --carte build/carte
"""
import argparse
import hashlib
import os
import subprocess
import sys
import socket
import struct
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
try:
    from tls_test_server import TlsTestServer, make_pki
except ImportError as e:  # python3-cryptography missing: scripts/setup.sh installs it
    print(f"SKIP: {e}")
    sys.exit(77)

failures = []


def run(carte, tmp, script, ca=("ca.pem",), extra=()):
    path = os.path.join(tmp, "case.ipxe")
    with open(path, "w") as f:
        f.write("#!ipxe\n" + script)
    args = [carte, "run", path, "--plain"] + [a for c in ca for a in ("--ca", os.path.join(tmp, "pki", c))]
    p = subprocess.run(args + list(extra), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


def check(name, ok, output):
    print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        failures.append(name)
        print("  | " + output.replace("\n", "\n  | "))


def renegotiation(carte, tmp, pki):
    """openssl s_server asks for a renegotiation mid-request (its interactive 'R'); Carte refuses
    it and the request fails with that reason instead of hanging or going on half-way."""
    srv = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", f"{pki}/good-rsa.pem", "-key",
                            f"{pki}/good-rsa.key", "-crlf", "-tls1_2"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    threading.Thread(target=lambda: lines.extend(srv.stdout), daemon=True).start()
    port = None
    for _ in range(100):
        for line in list(lines):
            if line.startswith("ACCEPT") and ":" in line:
                port = line.strip().rsplit(":", 1)[1]
        if port:
            break
        time.sleep(0.05)
    if not port:
        srv.kill()
        return False, "s_server did not report its port: " + "".join(lines)
    path = os.path.join(tmp, "reneg.ipxe")
    with open(path, "w") as f:
        f.write(f"#!ipxe\nimgfetch https://127.0.0.1:{port}/x || echo RENEG-REFUSED\n")
    client = subprocess.Popen([carte, "run", path, "--plain", "--ca", f"{pki}/ca.pem"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    for _ in range(100):
        if any("GET /x" in line for line in list(lines)):
            break
        time.sleep(0.05)
    srv.stdin.write("R\n")
    srv.stdin.flush()
    time.sleep(0.5)
    try:
        srv.stdin.write("HTTP/1.0 200 OK\nContent-Length: 5\n\nhello")
        srv.stdin.flush()
    except OSError:
        pass
    try:
        out = client.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        client.kill()
        out = "timed out"
    srv.kill()
    return "RENEG-REFUSED" in out and "renegotiate" in out, out


def ntp_server(offset_s):
    """An SNTP server on 127.0.0.1 that says it is `offset_s` seconds from now; returns its port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                data, peer = sock.recvfrom(512)
            except OSError:
                return
            t = int(time.time() + offset_s) + 2208988800
            reply = bytes([0x24, 2, 0, 0]) + bytes(20) + data[40:48] + bytes(8) + struct.pack(">II", t, 0)
            sock.sendto(reply, peer)
    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carte", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pki = make_pki(os.path.join(tmp, "pki"))
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        payload = os.urandom(300000)
        with open(os.path.join(www, "blob.bin"), "wb") as f:
            f.write(payload)
        sha = hashlib.sha256(payload).hexdigest()
        with open(os.path.join(www, "hello.ipxe"), "w") as f:
            f.write("#!ipxe\necho chained over https\n")
        with open(os.path.join(pki, "ca.pem"), "rb") as f, open(os.path.join(www, "ca.pem"), "wb") as out:
            out.write(f.read())
        blob = os.path.join(www, "blob.bin")
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-noattr", "-in", blob, "-signer",
                        f"{pki}/codesign.pem", "-inkey", f"{pki}/codesign.key", "-outform", "DER",
                        "-out", blob + ".sig"], check=True)
        srv = TlsTestServer(pki, www)
        u = srv.url

        def fetch_ok(name, profile, path="blob.bin", ca=("ca.pem",), host="127.0.0.1"):
            rc, out = run(args.carte, tmp, f"imgfetch --sha256 {sha} {u(profile, path, host)} && echo FETCHED\n", ca)
            check(name, rc == 0 and "FETCHED" in out, out)

        def refused(name, profile, reason, ca=("ca.pem",), path="blob.bin"):
            rc, out = run(args.carte, tmp, f"imgfetch {u(profile, path)} || echo REFUSED\n", ca)
            check(name, "REFUSED" in out and reason in out and u(profile, path) in out, out)

        fetch_ok("good server, RSA certificate", "good-rsa")
        fetch_ok("good server, ECDSA certificate", "good-ecdsa")
        fetch_ok("chain with an intermediate (root2 trusted)", "chain", ca=("root2.pem",))
        refused("unknown CA", "other-ca", "unknown issuer")
        refused("expired certificate", "expired", "has expired")
        refused("not yet valid certificate", "not-yet-valid", "not valid yet")
        refused("wrong host", "wrong-host", "does not name this host")
        refused("self-signed certificate", "self-signed", "unknown issuer")
        refused("oversized chain", "big-chain", "chain is too large")
        refused("garbage after the handshake", "garbage-after-handshake", "TLS:")
        refused("not TLS at all", "not-tls", "TLS:")
        refused("truncated record, then EOF", "truncated-record", "without close_notify")
        start = time.monotonic()
        rc, out = run(args.carte, tmp, f"imgfetch --timeout 2000 {u('stall', 'blob.bin')} || echo STALL-REFUSED\n")
        took = time.monotonic() - start
        check(f"a server that never answers times out ({took:.1f} s)", "STALL-REFUSED" in out and took < 10, out)
        refused("server limited to TLS 1.1 (no downgrade)", "tls11", "handshake_failure")
        refused("roots not trusted (root2 only)", "good-rsa", "unknown issuer", ca=("root2.pem",))

        before = srv.connections["good-rsa"]
        rc, out = run(args.carte, tmp, f"imgfetch --name a {u('good-rsa', 'blob.bin')} && "
                      f"imgfetch --name b {u('good-rsa', 'blob.bin')} && imgfetch --name c {u('good-rsa', 'stats')} "
                      "&& echo OK\n")
        used = srv.connections["good-rsa"] - before
        check(f"keep-alive: three requests, one TLS connection (used {used})", rc == 0 and "OK" in out and used == 1,
              out)
        fetch_ok("chunked body", "good-rsa", "chunked/blob.bin")
        fetch_ok("redirect https -> http", "good-rsa", "redirect-http/blob.bin")
        fetch_ok("redirect http -> https", "http", "redirect-https/blob.bin")
        fetch_ok("cut mid-body, resumed with Range on a new TLS connection", "good-rsa", "cut/blob.bin")
        refused("close without close_notify mid-body (no length)", "good-rsa",
                "without close_notify", path="nolength-cut/blob.bin")
        rc, out = run(args.carte, tmp, f"imgfetch --sha256 {'0' * 64} {u('good-rsa', 'blob.bin')} || echo PIN-REFUSED\n")
        check("sha256 pin mismatch refused", "PIN-REFUSED" in out, out)
        rc, out = run(args.carte, tmp, "params\nparam who carte\nparam what tls\n"
                      f"imgfetch --name p {u('good-rsa', 'post')}##params && echo POSTED\n")
        check("POST ##params over https", rc == 0 and "POSTED" in out, out)
        rc, out = run(args.carte, tmp, f"chain {u('good-rsa', 'hello.ipxe')}\n")
        check("chain an https:// script", rc == 0 and "chained over https" in out, out)

        rc, out = run(args.carte, tmp, f"imgtrust\nimgverify {u('good-rsa', 'blob.bin')} {u('good-rsa', 'blob.bin.sig')} "
                      "&& echo VERIFIED\n", extra=("--trust", f"{pki}/ca.pem"))
        check("imgverify of an image and signature fetched over https", rc == 0 and "VERIFIED" in out, out)

        menu = os.path.join(tmp, "menu.carte")
        with open(menu, "w") as f:
            f.write(f'carte 1\n\nmenu main "HTTPS menu" {{\n'
                    f'  item hello "Hello" -> chain "{u("good-rsa", "hello.ipxe")}"\n}}\n')
        # Enter chains the script, which returns to the menu; Esc then leaves it (no timeout, so the
        # menu cannot pick the item again and again on the virtual clock).
        p = subprocess.run([args.carte, "run", menu, "--plain", "--keys", "enter,esc", "--ca", f"{pki}/ca.pem"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        check("a .carte menu item chains over https", "chained over https" in p.stdout,
              p.stdout + p.stderr)

        # ntp moves the clock certificates are checked against: 60 days on, the 30-day certificate
        # has expired.
        port = ntp_server(60 * 86400)
        rc, out = run(args.carte, tmp, f"ntp 127.0.0.1:{port} && echo NTP-OK\n"
                      f"imgfetch {u('good-rsa', 'blob.bin')} || echo AFTER-NTP-REFUSED\n")
        check("ntp sets the clock that certificates are checked against",
              "NTP-OK" in out and "AFTER-NTP-REFUSED" in out and "has expired" in out, out)

        ok, out = renegotiation(args.carte, tmp, pki)
        check("a renegotiation request is refused with its reason", ok, out)

        # certstore/certstat/certfree: a root added at run time, listed, and forgotten again.
        rc, out = run(args.carte, tmp, f"certstore {u('http', 'ca.pem')}\ncertstat\n"
                      f"imgfetch --name a {u('good-rsa', 'blob.bin')} && echo STORED-OK\n"
                      f"certfree\nimgfetch --name b {u('good-rsa', 'blob.bin')} || echo FREED-REFUSED\n",
                      ca=("root2.pem",))
        check("certstore adds a root, certstat lists it, certfree forgets it",
              "Carte Test CA [added]" in out and "Carte Test Root 2 [embedded]" in out and "STORED-OK" in out
              and "FREED-REFUSED" in out, out)
        rc, out = run(args.carte, tmp, f"imgtrust\ncertstore {u('http', 'ca.pem')} || echo UNTRUSTED-REFUSED\n",
                      ca=("root2.pem",))
        check("certstore under imgtrust needs a verified image", "UNTRUSTED-REFUSED" in out, out)

        # carte run URL itself, and the host's store when no --ca is given (the test CA is not in it).
        p = subprocess.run([args.carte, "run", u("good-rsa", "hello.ipxe"), "--plain", "--ca", f"{pki}/ca.pem"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        check("carte run https://URL", p.returncode == 0 and "chained over https" in p.stdout, p.stdout + p.stderr)
        p = subprocess.run([args.carte, "run", u("good-rsa", "hello.ipxe"), "--plain"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        check("the host's store does not trust the test CA", p.returncode != 0 and "unknown issuer" in p.stderr,
              p.stdout + p.stderr)
        srv.close()
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
