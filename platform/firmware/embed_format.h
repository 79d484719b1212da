// The embedded payload `carte build` appends to a firmware image, and its parser. Shared by the
// writer (cli/cmd_build.cpp, on the host) and the ROM (firmware_run.cpp), so it uses only the
// runtime's freestanding basics.
//
// Layout (all integers little-endian), appended at the end of the loaded image (`_load_end`):
//   header   "CARTEPLD" | u32 version (1) | u32 size of the records that follow
//   records  u32 kind | u32 size | size bytes | zero padding to a multiple of 8
// The ROM's 32-bit entry moves the whole payload past .bss before zeroing .bss; see
// docs/firmware.md ("Embedded payload").
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::fw::embed {

constexpr char kMagic[8] = {'C', 'A', 'R', 'T', 'E', 'P', 'L', 'D'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 16;
constexpr size_t kRecordHeaderSize = 8;
constexpr uint32_t kMaxSize = 0x10000000;  // as start32.S's EMBED_MAX

// What the ROM finds in the image: the fixed descriptor in boot/start32.S.
constexpr char kDescriptorMagic[8] = {'C', 'A', 'R', 'T', 'E', 'R', 'O', 'M'};

enum class Kind : uint32_t {
    program = 1,      // the program to run: .cbm bytecode or an iPXE script
    name = 2,         // what it was built from (shown in the banner), text
    shell_wait = 3,   // u32: milliseconds to wait for Ctrl-B (default 2000)
    trust_store = 4,  // the signing keys and policy: runtime/crypto/trust_store.h ("CTRS")
    ca_certs = 5,     // X.509 roots for imgverify: { u32 size | size bytes of DER } repeated
    nic_policy = 6,   // u32, efi only: 0 the firmware's NIC drivers (SNP), 1 Carte's own where it has one
    tls_roots = 7,    // HTTPS roots from `carte build --ca`: anchor records (docs/tls.md)
    tls_system_roots = 8,  // HTTPS roots from `--system-cas` (the build host's Mozilla roots), the same form
};

enum class NicPolicy : uint32_t { firmware = 0, native = 1 };

struct Payload {
    Bytes program;
    Str name;
    uint32_t shell_wait_ms = 2000;
    bool shell_wait_set = false;
    Bytes trust_store;  // empty: no trust store record
    Bytes ca_certs;     // empty: no CA certificates record (see for_each_ca_cert)
    NicPolicy nic_policy = NicPolicy::firmware;
    Bytes tls_roots, tls_system_roots;  // empty: none
    // Either trust record is present (records are never empty), so a bad one must fail closed.
    bool has_trust() const { return !trust_store.empty() || !ca_certs.empty(); }
};

inline uint32_t read_u32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// Parses a payload (header included). Unknown record kinds are skipped, so older ROMs accept
// newer payloads. Errc::badmsg with a reason for anything malformed.
inline Result<Payload> parse(Bytes data) {
    if (data.size() < kHeaderSize) return Error(Errc::badmsg, "embedded payload: truncated header");
    for (size_t i = 0; i < 8; ++i)
        if (data[i] != uint8_t(kMagic[i])) return Error(Errc::badmsg, "embedded payload: bad magic");
    if (read_u32(data.data() + 8) != kVersion)
        return Error(Errc::badmsg, "embedded payload: unknown version");
    uint32_t size = read_u32(data.data() + 12);
    if (size > data.size() - kHeaderSize) return Error(Errc::badmsg, "embedded payload: size past the end");
    Payload out;
    const uint8_t* p = data.data() + kHeaderSize;
    size_t left = size;
    while (left) {
        if (left < kRecordHeaderSize) return Error(Errc::badmsg, "embedded payload: truncated record");
        uint32_t kind = read_u32(p), n = read_u32(p + 4);
        if (n > left - kRecordHeaderSize) return Error(Errc::badmsg, "embedded payload: record past the end");
        Bytes body(p + kRecordHeaderSize, n);
        switch (Kind(kind)) {
            case Kind::program:
                out.program = body;
                break;
            case Kind::name:
                out.name = Str(reinterpret_cast<const char*>(body.data()), n);
                break;
            case Kind::shell_wait:
                if (n != 4) return Error(Errc::badmsg, "embedded payload: bad shell_wait record");
                out.shell_wait_ms = read_u32(body.data());
                out.shell_wait_set = true;
                break;
            case Kind::nic_policy:
                if (n != 4 || read_u32(body.data()) > 1)
                    return Error(Errc::badmsg, "embedded payload: bad nic_policy record");
                out.nic_policy = NicPolicy(read_u32(body.data()));
                break;
            case Kind::tls_roots:
            case Kind::tls_system_roots: {
                Bytes& slot = Kind(kind) == Kind::tls_roots ? out.tls_roots : out.tls_system_roots;
                if (!slot.empty() || n == 0)
                    return Error(Errc::badmsg, "embedded payload: bad TLS roots record");
                slot = body;
                break;
            }
            case Kind::trust_store:
            case Kind::ca_certs: {
                Bytes& slot = Kind(kind) == Kind::trust_store ? out.trust_store : out.ca_certs;
                if (!slot.empty() || n == 0) return Error(Errc::badmsg, "embedded payload: bad trust record");
                slot = body;
                break;
            }
            default:
                break;
        }
        size_t step = kRecordHeaderSize + ((size_t(n) + 7) & ~size_t(7));
        if (step > left) step = left;  // the last record's padding may be cut
        p += step, left -= step;
    }
    return out;
}

// Calls visit(der) for each certificate of a ca_certs record; Errc::badmsg if the framing is
// wrong (a size past the end, an empty certificate). Nothing is visited unless all of it is sound.
template <typename Visit>
Status for_each_ca_cert(Bytes record, Visit visit) {
    for (int pass = 0; pass < 2; ++pass) {
        size_t at = 0;
        while (at < record.size()) {
            if (record.size() - at < 4) return Error(Errc::badmsg, "CA certificates record: truncated size");
            uint32_t n = read_u32(record.data() + at);
            at += 4;
            if (n == 0 || n > record.size() - at)
                return Error(Errc::badmsg, "CA certificates record: certificate past the end");
            if (pass == 1) CARTE_TRY(visit(Bytes(record.data() + at, n)));
            at += n;
        }
    }
    return {};
}

}  // namespace carte::fw::embed
