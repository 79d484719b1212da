// The firmware's signature policy, from the trust records `carte build --trust` embedded
// (platform/firmware/embed_format.h): the signing keys and policy flags (a trust store), the CA
// certificates for imgverify, and one rollback guard for the whole boot. Fails closed: a ROM
// whose trust records are damaged halts with the reason instead of running without a policy.
#pragma once
#include "platform/firmware/embed_format.h"
#include "platform/firmware/firmware_platform.h"
#include "runtime/net/tls_context.h"
#include "runtime/rt/string.h"
#include "runtime/vm/trust_policy.h"

namespace carte::fw {

// The policy for InterpreterOptions::trust, or nullptr when the ROM embeds no trust records.
// Prints the banner line ("trust: 2 keys, 1 CA certificate, signed menus required"). Halts
// the machine on a malformed record.
const TrustPolicy* trust_policy_or_halt(const embed::Payload& payload);

// The same without printing or halting; Errc::badmsg (with the store's own reason in *why) for a
// damaged record. The payload's bytes must outlive the policy.
Result<TrustPolicy*> make_firmware_trust(const embed::Payload& payload, String* why);

// Fills the HTTPS roots from the embedded records (`--ca`, `--system-cas`), the imgverify roots of
// `policy` (iPXE keeps one root store for both) and the firmware's own (add_firmware_roots). Prints "https: N
// trusted roots" when there are any; a malformed record is reported and left out, so HTTPS fails closed.
void setup_tls_roots(const embed::Payload* payload, const TrustPolicy* policy, FirmwarePlatform& platform,
                     TlsContext& tls);

}  // namespace carte::fw
