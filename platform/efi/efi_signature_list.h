// EFI_SIGNATURE_LIST (UEFI spec 32.4.1), the format of the `TlsCaCertificate` variable in which
// firmware setup keeps the CAs its own HTTPS boot trusts. carte.efi imports its X.509 entries as
// HTTPS roots, as iPXE's efi_cacert.c does. Pure parsing, so the host tests run it.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"

namespace carte::efi {

// EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as it is laid out in memory.
constexpr uint8_t kCertX509Guid[16] = {0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
                                       0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72};

// Calls visit(Bytes der) -> Status for each X.509 signature of the lists in `data` (other
// signature types are skipped). Errc::badmsg when a list's sizes do not add up.
template <class Visit>
Status for_each_x509(Bytes data, Visit visit) {
    auto u32 = [&](size_t at) {
        return uint32_t(data[at]) | uint32_t(data[at + 1]) << 8 | uint32_t(data[at + 2]) << 16 |
               uint32_t(data[at + 3]) << 24;
    };
    size_t at = 0;
    while (at < data.size()) {
        if (data.size() - at < 28) return Error(Errc::badmsg, "EFI signature list: truncated header");
        uint32_t list = u32(at + 16), header = u32(at + 20), entry = u32(at + 24);
        if (list < 28 || list > data.size() - at || header > list - 28 || entry < 16 ||
            (list - 28 - header) % entry)
            return Error(Errc::badmsg, "EFI signature list: sizes do not add up");
        bool x509 = true;
        for (size_t i = 0; i < 16; ++i) x509 = x509 && data[at + i] == kCertX509Guid[i];
        for (size_t e = at + 28 + header; x509 && e < at + list; e += entry)
            CARTE_TRY(visit(data.subspan(e + 16, entry - 16)));  // after the owner GUID
        at += list;
    }
    return {};
}

}  // namespace carte::efi
