// What the firmware (or `carte run --trust`) trusts, handed to the interpreter: P-256 keys for
// Carte signatures (signed .cbm menus, detached .sig files), X.509 root certificates for
// classic CMS signatures (`imgtrust`/`imgverify`), and the policy. Built once at start-up from
// the trust store a ROM embeds (`carte build --trust`); nullptr in InterpreterOptions means no
// policy at all (everything runs, as in iPXE without imgtrust).
#pragma once
#include "runtime/crypto/rollback_guard.h"
#include "runtime/crypto/trust_anchor.h"
#include "runtime/rt/span.h"

namespace carte {

struct TrustPolicy {
    Span<const crypto::TrustAnchor> keys;       // Carte signature keys (trailer or detached .sig)
    Span<const Bytes> ca_certs;                 // DER X.509 roots for CMS signatures (imgverify)
    bool require_signed_menus = false;          // refuse unsigned fetched .cbm menus
    bool require_signed_scripts = false;        // refuse classic scripts without a good signature
    crypto::RollbackGuard* rollback = nullptr;  // one per boot; nullptr: no rollback check
};

}  // namespace carte
