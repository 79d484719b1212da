"""A local HTTPS server for Carte's TLS tests, with a test PKI made at test time.

make_pki(dir) writes CAs and server certificates (python3-cryptography); TlsTestServer serves a
directory over TLS on 127.0.0.1 with one listening port per certificate "profile" and behaviours
chosen by path, so one process covers every case:

  /<file>               200 with Content-Length; Range requests get 206 (resume)
  /chunked/<file>       chunked transfer encoding
  /cut/<file>           the first request sends half the body, then drops TCP without close_notify;
                        later requests (the Range resume) are served normally
  /nolength-cut/<file>  no Content-Length, half the body, then TCP dropped without close_notify
  /redirect-http/<file> 302 to http://127.0.0.1:<http port>/<file> (plain HTTP port, same files)
  /post                 echoes the urlencoded POST body
  /stats                "connections=N": TLS connections accepted so far on this port

Profiles: good-rsa, good-ecdsa, other-ca, expired, not-yet-valid, wrong-host, self-signed, chain
(leaf + intermediate under root2), big-chain (leaf + 11 intermediates), garbage-after-handshake,
truncated-record (half a record after the request, then EOF), stall (TCP accepted, nothing sent),
not-tls (answers a ClientHello with plain text), tls11 (offers TLS 1.1 at most). The plain HTTP
port serves the same files and /redirect-https/<file> (302 to the good-rsa port).
Certificates name 127.0.0.1 and 10.0.2.100 (QEMU's guestfwd address) as IP SANs.
"""
import datetime
import ipaddress
import os
import socket
import ssl
import threading
import urllib.parse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

IPS = ("127.0.0.1", "10.0.2.100")


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(subject_key, subject_cn, issuer_key, issuer_cn, ca, days=(-1, 30), ips=IPS, dns=()):
    now = datetime.datetime.utcnow()
    b = (x509.CertificateBuilder().subject_name(_name(subject_cn)).issuer_name(_name(issuer_cn))
         .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now + datetime.timedelta(days=days[0]))
         .not_valid_after(now + datetime.timedelta(days=days[1]))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        names = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips] + [x509.DNSName(d) for d in dns]
        if names:
            b = b.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _write(path, *items):
    with open(path, "wb") as f:
        for it in items:
            if isinstance(it, x509.Certificate):
                f.write(it.public_bytes(serialization.Encoding.PEM))
            else:
                f.write(it.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))


def make_pki(d):
    """Writes ca.pem (the root tests trust), other-ca.pem, root2.pem and <profile>.pem/.key files."""
    os.makedirs(d, exist_ok=True)
    ca_key, other_key, root2_key = _rsa(), _rsa(), ec.generate_private_key(ec.SECP256R1())
    ca = _cert(ca_key, "Carte Test CA", ca_key, "Carte Test CA", True, days=(-1, 365))
    other = _cert(other_key, "Other CA", other_key, "Other CA", True, days=(-1, 365))
    root2 = _cert(root2_key, "Carte Test Root 2", root2_key, "Carte Test Root 2", True, days=(-1, 365))
    _write(f"{d}/ca.pem", ca)
    _write(f"{d}/other-ca.pem", other)
    _write(f"{d}/root2.pem", root2)
    _write(f"{d}/both-roots.pem", ca, root2)
    leaf_rsa = _rsa()
    leaf_ec = ec.generate_private_key(ec.SECP256R1())
    profiles = {
        "good-rsa": (leaf_rsa, [_cert(leaf_rsa, "good-rsa", ca_key, "Carte Test CA", False)]),
        "good-ecdsa": (leaf_ec, [_cert(leaf_ec, "good-ecdsa", ca_key, "Carte Test CA", False)]),
        "other-ca": (leaf_rsa, [_cert(leaf_rsa, "other-ca", other_key, "Other CA", False)]),
        "expired": (leaf_rsa, [_cert(leaf_rsa, "expired", ca_key, "Carte Test CA", False, days=(-30, -2))]),
        "not-yet-valid": (leaf_rsa, [_cert(leaf_rsa, "notyet", ca_key, "Carte Test CA", False, days=(5, 30))]),
        "wrong-host": (leaf_rsa, [_cert(leaf_rsa, "wrong-host", ca_key, "Carte Test CA", False,
                                        ips=("192.0.2.1",), dns=("boot.example.org",))]),
        "self-signed": (leaf_rsa, [_cert(leaf_rsa, "self-signed", leaf_rsa, "self-signed", False)]),
    }
    inter_key = ec.generate_private_key(ec.SECP256R1())
    inter = _cert(inter_key, "Carte Test Intermediate", root2_key, "Carte Test Root 2", True)
    profiles["chain"] = (leaf_ec, [_cert(leaf_ec, "chain", inter_key, "Carte Test Intermediate", False), inter])
    # 11 intermediates: one more link than Carte accepts (tls_glue.h CARTE_TLS_MAX_CHAIN_CERTS).
    keys = [ca_key]
    chain = []
    issuer_cn = "Carte Test CA"
    for i in range(11):
        k = ec.generate_private_key(ec.SECP256R1())
        chain.insert(0, _cert(k, f"Intermediate {i}", keys[-1], issuer_cn, True))
        keys.append(k)
        issuer_cn = f"Intermediate {i}"
    profiles["big-chain"] = (leaf_ec, [_cert(leaf_ec, "big-chain", keys[-1], issuer_cn, False)] + chain)
    # A code-signing certificate from the same CA, for imgverify over https (not served).
    cs_key = _rsa()
    now = datetime.datetime.utcnow()
    cs = (x509.CertificateBuilder().subject_name(_name("Carte Test Code Signing")).issuer_name(_name("Carte Test CA"))
          .public_key(cs_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
          .sign(ca_key, hashes.SHA256()))
    _write(f"{d}/codesign.pem", cs)
    _write(f"{d}/codesign.key", cs_key)
    for name, (key, certs) in profiles.items():
        _write(f"{d}/{name}.pem", *certs)
        _write(f"{d}/{name}.key", key)
    for name in ("garbage-after-handshake", "truncated-record", "tls11"):
        _write(f"{d}/{name}.pem", *profiles["good-rsa"][1])
        _write(f"{d}/{name}.key", leaf_rsa)
    return d


PROFILES = ("good-rsa", "good-ecdsa", "other-ca", "expired", "not-yet-valid", "wrong-host", "self-signed",
            "chain", "big-chain", "garbage-after-handshake", "truncated-record", "stall", "not-tls", "tls11")


class TlsTestServer:
    def __init__(self, pki, root, profiles=PROFILES):
        self.pki, self.root = pki, root
        self.ports, self.connections, self.ciphers, self.files = {}, {}, {}, {}
        self.cut_done = set()
        self.lock = threading.Lock()
        self.socks = []
        for name in profiles:
            self._listen(name, tls=name not in ("not-tls", "stall"))
        self._listen("http", tls=False)

    def _listen(self, name, tls):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        self.ports[name] = s.getsockname()[1]
        self.connections[name] = 0
        ctx = None
        if tls and name != "http":
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(f"{self.pki}/{name}.pem", f"{self.pki}/{name}.key")
            # The client's order of cipher suites wins, as with nginx's default (ssl_prefer_server_ciphers
            # off); Python's server contexts otherwise impose OpenSSL's order.
            ctx.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
            if name == "tls11":
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        self.socks.append(s)
        threading.Thread(target=self._accept, args=(s, name, ctx), daemon=True).start()

    def url(self, profile, path, host="127.0.0.1"):
        scheme = "http" if profile == "http" else "https"
        return f"{scheme}://{host}:{self.ports[profile]}/{path}"

    def close(self):
        for s in self.socks:
            s.close()

    def _accept(self, s, name, ctx):
        while True:
            try:
                conn, _ = s.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn, name, ctx), daemon=True).start()

    def _serve(self, conn, name, ctx):
        conn.settimeout(30)
        try:
            if name == "stall":  # accepts, then says nothing at all
                conn.recv(4096)
                threading.Event().wait(60)
                return
            if name == "not-tls":
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                return
            sock = conn
            if ctx:
                try:
                    sock = ctx.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # the client refused us: that is what most tests want
                with self.lock:
                    self.connections[name] += 1
                    self.ciphers[name] = sock.cipher()[0]
                if name == "garbage-after-handshake":
                    os.write(sock.fileno(), b"\x17\x03\x03\x00\x10garbage-garbage!" + os.urandom(64))
                    return
                if name == "truncated-record":  # a record header promising 1000 bytes, 10 sent, then EOF
                    sock.recv(4096)
                    os.write(sock.fileno(), b"\x17\x03\x03\x03\xe8" + os.urandom(10))
                    self._drop(sock)
                    return
            self._http(sock, name)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def _drop(self, sock):
        # No close_notify: the TCP connection just ends (SSLSocket.shutdown skips the TLS close).
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass

    def _http(self, sock, name):
        f = sock.makefile("rb")
        while True:
            line = f.readline(8192)
            if not line:
                return
            method, target, _ = line.decode().split(" ", 2)
            headers = {}
            while True:
                h = f.readline(8192).decode()
                if h in ("\r\n", "\n", ""):
                    break
                k, v = h.split(":", 1)
                headers[k.strip().lower()] = v.strip()
            body = f.read(int(headers.get("content-length", "0"))) if method == "POST" else b""
            path = urllib.parse.unquote(target.split("?")[0]).lstrip("/")
            if not self._respond(sock, name, method, path, headers, body):
                return

    def _send(self, sock, status, headers, body=b""):
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        sock.sendall(head.encode())
        if len(body):
            sock.sendall(body)  # not joined to the head: copying 64 MiB costs this machine 0.4 s

    def _file(self, path):
        """The file's bytes, read once (the benchmark's 64 MiB would otherwise be read per request)."""
        with self.lock:
            if path not in self.files:
                with open(path, "rb") as f:
                    self.files[path] = memoryview(f.read())
            return self.files[path]

    def _respond(self, sock, name, method, path, headers, body):
        if path == "stats":
            data = f"connections={self.connections[name]}\n".encode()
            self._send(sock, "200 OK", [("Content-Length", len(data))], data)
            return True
        if path == "post":
            self._send(sock, "200 OK", [("Content-Length", len(body))], body)
            return True
        for prefix, target in (("redirect-http/", "http"), ("redirect-https/", "good-rsa")):
            if path.startswith(prefix):
                self._send(sock, "302 Found", [("Location", self.url(target, path[len(prefix):])),
                                               ("Content-Length", 0)])
                return True
        mode = ""
        for prefix in ("chunked/", "cut/", "nolength-cut/"):
            if path.startswith(prefix):
                mode, path = prefix[:-1], path[len(prefix):]
        file = os.path.join(self.root, path)
        if not os.path.isfile(file):
            self._send(sock, "404 Not Found", [("Content-Length", 0)])
            return True
        data = self._file(file)
        if mode == "chunked":
            out = b"".join(b"%x\r\n%s\r\n" % (len(data[i:i + 1000]), bytes(data[i:i + 1000]))
                           for i in range(0, len(data), 1000)) + b"0\r\n\r\n"
            self._send(sock, "200 OK", [("Transfer-Encoding", "chunked")], out)
            return True
        if mode == "nolength-cut":
            self._send(sock, "200 OK", [("Connection", "close")], data[:len(data) // 2])
            self._drop(sock)
            return False
        start = 0
        rng = headers.get("range", "")
        if rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
        if mode == "cut":
            with self.lock:
                first = path not in self.cut_done
                self.cut_done.add(path)
            if first and start == 0:
                self._send(sock, "200 OK", [("Content-Length", len(data))], data[:len(data) // 2])
                self._drop(sock)
                return False
        if start:
            part = data[start:]
            self._send(sock, "206 Partial Content", [("Content-Length", len(part)),
                       ("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")],
                       part if method != "HEAD" else b"")
        else:
            self._send(sock, "200 OK", [("Content-Length", len(data))], data if method != "HEAD" else b"")
        return True


if __name__ == "__main__":  # a server process of its own: tls_test_server.py PKI_DIR ROOT [PROFILE,...]
    import json
    import sys
    import time
    if not os.path.exists(os.path.join(sys.argv[1], "ca.pem")):
        make_pki(sys.argv[1])
    srv = TlsTestServer(sys.argv[1], sys.argv[2], sys.argv[3].split(",") if len(sys.argv) > 3 else PROFILES)
    print(json.dumps(srv.ports), flush=True)  # the first line: {"profile": port, ...}
    while True:
        time.sleep(3600)
