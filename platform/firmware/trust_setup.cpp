#include "platform/firmware/trust_setup.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "runtime/crypto/trust_store.h"

namespace carte::fw {

namespace {

// Everything the policy views, kept for the whole boot.
struct FirmwareTrust {
    crypto::TrustStore store;
    Vec<Bytes> ca_certs;
    crypto::RollbackGuard rollback;
    TrustPolicy policy;
};

}  // namespace

Result<TrustPolicy*> make_firmware_trust(const embed::Payload& payload, String* why) {
    if (!payload.has_trust()) return static_cast<TrustPolicy*>(nullptr);
    FirmwareTrust* t = make<FirmwareTrust>();
    if (!t) return Errc::nomem;
    if (!payload.trust_store.empty()) {
        auto store = crypto::parse_trust_store(payload.trust_store, why);
        if (!store) {
            destroy(t);
            return Error(Errc::badmsg, "the embedded trust store is malformed");
        }
        t->store = store.take();
    }
    Status certs = embed::for_each_ca_cert(payload.ca_certs, [&](Bytes der) -> Status {
        return t->ca_certs.push(der) ? Status() : Status(Errc::nomem);
    });
    if (!certs.ok()) {
        destroy(t);
        return certs.error();
    }
    t->policy.keys = t->store.anchors.span();
    t->policy.ca_certs = t->ca_certs.span();
    t->policy.require_signed_menus = t->store.require_signed_menus();
    t->policy.require_signed_scripts = t->store.require_signed_scripts();
    t->policy.rollback = &t->rollback;
    return &t->policy;
}

const TrustPolicy* trust_policy_or_halt(const embed::Payload& payload) {
    String why;
    auto trust = make_firmware_trust(payload, &why);
    if (!trust) {
        const char* what = trust.error().detail ? trust.error().detail : errc_message(trust.error().code);
        carte_printf("trust: %s%s%.*s; refusing to run without the signature policy\n", what,
                     why.empty() ? "" : ": ", int(why.size()), why.view().data());
        halt_after_failure();
    }
    const TrustPolicy* p = *trust;
    if (!p) return nullptr;
    size_t keys = p->keys.size(), certs = p->ca_certs.size();
    carte_printf("trust: %u key%s, %u CA certificate%s, %s%s\n", unsigned(keys), keys == 1 ? "" : "s",
                 unsigned(certs), certs == 1 ? "" : "s",
                 p->require_signed_menus ? "signed menus required" : "unsigned menus run with a warning",
                 p->require_signed_scripts ? ", signed scripts required" : "");
    return p;
}

void setup_tls_roots(const embed::Payload* payload, const TrustPolicy* policy, FirmwarePlatform& platform,
                     TlsContext& tls) {
    TlsTrust& trust = tls.trust();
    if (payload) {
        struct {
            Bytes records;
            TlsRootOrigin origin;
        } const sets[] = {{payload->tls_roots, TlsRootOrigin::embedded},
                          {payload->tls_system_roots, TlsRootOrigin::system}};
        for (const auto& set : sets) {
            if (set.records.empty()) continue;
            Status s = trust.add_records(set.records, set.origin);
            if (!s) carte_printf("https: embedded roots ignored: %s\n", s.error().detail);
        }
    }
    if (policy)
        for (Bytes der : policy->ca_certs) (void)trust.add_certificate(der, TlsRootOrigin::embedded);
    if (size_t n = platform.add_firmware_roots(trust))
        carte_printf("https: %u root%s from the firmware's own HTTPS settings\n", unsigned(n),
                     n == 1 ? "" : "s");
    if (trust.size())
        carte_printf("https: %u trusted root%s\n", unsigned(trust.size()), trust.size() == 1 ? "" : "s");
}

}  // namespace carte::fw
