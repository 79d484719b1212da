// The legacy command-line boot driver, kept for the firmware's low-level QEMU tests (console
// keys, SMBIOS, TFTP, raw throughput) and for booting without the VM when debugging. The
// firmware uses it only when the command line starts with one of its keywords; any other
// command line runs as an iPXE script (firmware_run.cpp). It drives the Platform interface
// like a tiny script would:
//   kernel=<url> [initrd=<url>[#<name>[,mode=NNN][,mkdir=N]]]... [bench=<url>]
//   [args=<kernel command line, the rest of the line>]
// An initrd with a #name is wrapped in a CPIO header as iPXE's `initrd <url> <name> mode= mkdir=`
// does. It runs DHCP on the first interface that answers, downloads, and boots. bench= downloads
// one URL, prints the throughput and powers off. `keytest` echoes key codes until 'q' (for the
// console test); `tftptest=<file>` sends one TFTP read request to the DHCP next-server through
// Network::udp_open and prints what arrived (for the UDP test); `smbiostest` prints the SMBIOS
// fields.
#include "platform/pc/cmdline_boot.h"
#include "platform/pc/http_get.h"
#include "platform/pc/kprint.h"
#include "platform/pc/pc_network.h"
#include "platform/pc/pc_platform.h"
#include "platform/pc/shutdown.h"
#include "platform/pc/timer.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::pc {

namespace {

struct InitrdRequest {
    Str url;
    String cpio;  // "<name> mode=.. mkdir=.." from the #fragment, or empty for a raw image
};

struct BootRequest {
    Str kernel, bench, args;
    Vec<InitrdRequest> initrds;
    bool keytest = false;
    bool smbiostest = false;
    Str tftptest;
};

Result<InitrdRequest> parse_initrd(Str value) {
    InitrdRequest r;
    size_t hash = value.find('#');
    r.url = value.substr(0, hash);
    if (hash != Str::npos) {
        for (char c : value.drop(hash + 1))
            if (!r.cpio.append(c == ',' ? ' ' : c)) return Error(Errc::nomem);
    }
    return r;
}

Result<BootRequest> parse_request(Str cmdline) {
    BootRequest r;
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        Str rest = cmdline.drop(i);
        if (rest.starts_with("args=")) {
            r.args = rest.drop(5);
            break;
        }
        size_t end = rest.find(' ');
        Str word = rest.substr(0, end);
        i += word.size();
        if (word.starts_with("kernel=")) {
            r.kernel = word.drop(7);
        } else if (word.starts_with("initrd=")) {
            auto initrd = parse_initrd(word.drop(7));
            if (!initrd) return initrd.error();
            if (!r.initrds.push(initrd.take())) return Error(Errc::nomem);
        } else if (word.starts_with("bench=")) {
            r.bench = word.drop(6);
        } else if (word == Str("keytest")) {
            r.keytest = true;
        } else if (word == Str("smbiostest")) {
            r.smbiostest = true;
        } else if (word.starts_with("tftptest=")) {
            r.tftptest = word.drop(9);
        }
        // Other words (BOOT_IMAGE=..., loader additions) are ignored.
    }
    return r;
}

void print_error(const char* what, const Error& e) {
    carte_printf("carte: %s failed: %s (%s)\n", what, e.detail ? e.detail : "", errc_message(e.code));
}

void print_progress(size_t done, size_t total) {
    if (total) carte_printf("  %lu / %lu KiB\r", uint64_t(done >> 10), uint64_t(total >> 10));
}

Result<Download> fetch(Network& net, Str url) {
    uint64_t t0 = timer_ms();
    carte_printf("http: GET %.*s\n", int(url.size()), url.data());
    auto d = http_get(net, url, print_progress);
    if (!d) return d.error();
    uint64_t ms = timer_ms() - t0;
    carte_printf("http: %lu bytes in %lu ms (%lu KiB/s)\n", uint64_t(d->size), ms,
                 ms ? uint64_t(d->size) * 1000 / 1024 / ms : 0);
    return d;
}

// A whole TFTP read (RFC 1350, octet mode, 512-byte blocks) over Network::udp_open(): RRQ to
// port 69, then DATA from the server's transfer port, each answered with an ACK. Prints the size
// and an FNV-1a hash of the content so the test can check every byte.
Status tftp_probe(Network& net, Ipv4 server, Str file) {
    if (file.size() > 200) return Status(Errc::inval, "file name too long");
    auto sock = net.udp_open();
    if (!sock) return sock.error();
    UdpSocket& s = **sock;
    uint8_t pkt[516];
    size_t n = 0;
    pkt[n++] = 0, pkt[n++] = 1;  // RRQ
    for (char c : file) pkt[n++] = uint8_t(c);
    pkt[n++] = 0;
    for (char c : Str("octet")) pkt[n++] = uint8_t(c);
    pkt[n++] = 0;
    Status st = s.send_to(server, 69, Bytes(pkt, n));
    uint16_t tid = 0, expected = 1;
    uint64_t total = 0;
    uint32_t hash = 2166136261u;
    while (st.ok()) {
        Ipv4 from;
        uint16_t port = 0;
        auto got = s.recv_from(Span<uint8_t>(pkt), &from, &port, 5000);
        if (!got) {
            st = got.error();
            break;
        }
        unsigned opcode = unsigned(pkt[0] << 8 | pkt[1]), block = unsigned(pkt[2] << 8 | pkt[3]);
        if (*got < 4 || opcode != 3) {
            st = Status(Errc::noent, "TFTP error reply");
            break;
        }
        tid = port;
        if (block == expected) {
            for (size_t i = 4; i < *got; ++i) hash = (hash ^ pkt[i]) * 16777619u;
            total += *got - 4;
            ++expected;
        }
        uint8_t ack[4] = {0, 4, pkt[2], pkt[3]};
        st = s.send_to(from, tid, Bytes(ack, 4));
        if (block + 1 == expected && *got < 516) break;  // a short block ends the transfer
    }
    s.close();
    if (!st) return st;
    carte_printf("tftp: %lu bytes in %u blocks from port %u, fnv1a %08x\n", total, unsigned(expected - 1),
                 tid, hash);
    return {};
}

Lease g_last_lease;  // what dhcp_any obtained (the option data lives in the network stack)

Status dhcp_any(Network& net) {
    if (net.interface_count() == 0) return Status(Errc::noent, "no supported network card found");
    Error last;
    for (size_t i = 0; i < net.interface_count(); ++i) {
        auto lease = net.dhcp(i, 20000);
        if (lease) {
            const Ipv4 &ip = lease->ip, &mask = lease->netmask, &gw = lease->gateway;
            carte_printf("DHCP ok: net%u %u.%u.%u.%u/%u.%u.%u.%u gw %u.%u.%u.%u at %lu ms\n", unsigned(i),
                         ip.b[0], ip.b[1], ip.b[2], ip.b[3], mask.b[0], mask.b[1], mask.b[2], mask.b[3],
                         gw.b[0], gw.b[1], gw.b[2], gw.b[3], timer_ms());
            g_last_lease = *lease;
            const Ipv4& ns = lease->next_server;
            carte_printf("DHCP: next-server %u.%u.%u.%u filename \"%.*s\" options %lu\n", ns.b[0], ns.b[1],
                         ns.b[2], ns.b[3], int(lease->filename.size()), lease->filename.data(),
                         uint64_t(lease->options.size()));
            return {};
        }
        last = lease.error();
        net.close(i);
    }
    return last;
}

Status run(PcPlatform& platform, const BootInfo& info) {
    auto req = parse_request(info.cmdline);
    if (!req) return req.error();
    if (req->smbiostest) {
        static constexpr Str kFields[] = {"manufacturer", "product", "serial",
                                          "uuid",         "asset",   "board-serial"};
        for (Str field : kFields) {
            Str v = platform.smbios(field);
            carte_printf("smbios %.*s=[%.*s]\n", int(field.size()), field.data(), int(v.size()), v.data());
        }
        return platform.poweroff();
    }
    if (req->keytest) {
        carte_printf("keytest: ready\n");
        for (int k; (k = platform.read_key(60000)) != 'q';) {
            if (k == key::none) return Status(Errc::timedout, "no key within 60 s");
            carte_printf("key: %d\n", k);
        }
        return platform.poweroff();
    }
    if (req->kernel.empty() && req->bench.empty() && req->tftptest.empty())
        return Status(Errc::inval, "nothing to boot: give kernel=<url> [initrd=<url>] [args=...]");
    network().probe();
    Network& net = *platform.network();
    CARTE_TRY(dhcp_any(net));

    if (!req->tftptest.empty()) {
        CARTE_TRY(tftp_probe(net, g_last_lease.next_server, req->tftptest));
        return platform.poweroff();
    }
    if (!req->bench.empty()) {
        auto d = fetch(net, req->bench);
        if (!d) return d.error();
        d->release();
        (void)platform.poweroff();
    }

    auto kernel = fetch(net, req->kernel);
    if (!kernel) return kernel.error();
    Vec<Download> initrd_data;
    Vec<BootModule> initrds;
    for (const InitrdRequest& initrd : req->initrds) {
        auto d = fetch(net, initrd.url);
        if (!d) return d.error();
        if (!initrd_data.push(d.take())) return Status(Errc::nomem);
    }
    for (size_t i = 0; i < initrd_data.size(); ++i)
        if (!initrds.push(
                BootModule{Str(), req->initrds[i].url, initrd_data[i].bytes(), req->initrds[i].cpio}))
            return Status(Errc::nomem);
    BootPlan plan;
    plan.kind = ImageKind::bzimage;
    plan.kernel = BootModule{Str("kernel"), req->kernel, kernel->bytes(), req->args};
    plan.initrds = initrds.span();
    return platform.boot(plan);
}

}  // namespace

bool is_legacy_cmdline(Str cmdline) {
    while (!cmdline.empty() && cmdline[0] == ' ') cmdline = cmdline.drop(1);
    static constexpr Str kKeywords[] = {"kernel=", "bench=", "keytest", "smbiostest", "tftptest="};
    for (Str k : kKeywords)
        if (cmdline.starts_with(k)) return true;
    return false;
}

void run_legacy_cmdline(PcPlatform& platform, const BootInfo& info) {
    Status s = run(platform, info);
    print_error("boot", s.error());
    halt_after_failure();
}

}  // namespace carte::pc
