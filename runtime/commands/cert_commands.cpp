// certstat, certstore and certfree (iPXE: src/hci/commands/cert_cmd.c) over the HTTPS roots
// (TlsTrust, docs/tls.md). One difference from iPXE, where `certstore` adds certificates that
// only complete chains: here it adds roots for the rest of the boot, which is what iPXE users ask
// for (trusting their own server without a rebuild). Under `imgtrust` only a trusted image (one
// that passed imgverify) may add roots, so a policy that signs scripts also governs the roots.
#include "runtime/commands/handlers.h"
#include "runtime/commands/image_acquire.h"
#include "runtime/commands/options.h"
#include "runtime/crypto/pem.h"
#include "runtime/net/tls_context.h"

namespace carte::commands {

namespace {

const OptionSpec kSubjectOption[] = {{'s', "subject", true}};

Str origin_name(TlsRootOrigin o) {
    switch (o) {
        case TlsRootOrigin::embedded:
            return "embedded";
        case TlsRootOrigin::system:
            return "system";
        case TlsRootOrigin::added:
            return "added";
    }
    return "";
}

Result<TlsTrust*> roots(Interpreter& in) {
    if (!in.options().tls) return Error(Errc::notsup, "HTTPS is not available here");
    return &in.options().tls->trust();
}

}  // namespace

// certstat [--subject <name>]: the HTTPS roots, one line each: `<name> [embedded|system|added]`.
Status certstat(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kSubjectOption, 0, 0);
    if (!a) return a.error();
    auto trust = roots(in);
    if (!trust) return trust.error();
    for (const TlsRoot& r : (*trust)->roots()) {
        if (a->has(0) && r.name.view() != a->get(0)) continue;
        String line = String::copy(r.name.empty() ? Str("(no common name)") : r.name.view());
        (void)(line.append(" [") && line.append(origin_name(r.origin)) && line.append("]\n"));
        in.print(line);
    }
    return {};
}

// certstore [--subject <name>] [--keep] [<uri|image>]: adds the image's certificates (PEM or DER)
// as HTTPS roots; --subject keeps only the one with that common name. Without an image iPXE makes
// the certificates it cached from TLS chains permanent; Carte caches none, so that does nothing.
Status certstore(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'s', "subject", true}, {'k', "keep", false}};
    auto a = parse_args(in, argv, opts, 0, 1);
    if (!a) return a.error();
    auto trust = roots(in);
    if (!trust) return trust.error();
    if (a->positional.empty()) return {};
    Interpreter::Acquire how;
    how.reuse = true;
    auto image = acquire_verbose(in, a->positional[0], how);
    if (!image) return image.error();
    if (in.images().require_trusted() && !(*image)->trusted)
        return Error(Errc::access, "certstore: the image is not trusted (imgverify it first)");
    Vec<Vec<uint8_t>> certs;
    Status split = crypto::split_certificates((*image)->data.span(), &certs);
    size_t added = 0;
    for (size_t i = 0; split.ok() && i < certs.size(); ++i) {
        split =
            (*trust)->add_certificate(certs[i].span(), TlsRootOrigin::added, a->has(0) ? a->get(0) : Str());
        if (split.ok())
            ++added;
        else if (split.error().code == Errc::noent)
            split = Status();  // --subject: another certificate of the file
    }
    if (!a->has(1)) in.images().remove(*image);
    if (!split.ok()) return split;
    if (added == 0) return Error(Errc::noent, "certstore: no certificate with that subject");
    return {};
}

// certfree [--subject <name>]: forgets the roots certstore added (all, or those named so).
Status certfree(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kSubjectOption, 0, 0);
    if (!a) return a.error();
    auto trust = roots(in);
    if (!trust) return trust.error();
    size_t removed = (*trust)->remove_added(a->has(0) ? a->get(0) : Str());
    if (a->has(0) && removed == 0)
        return Error(Errc::noent, "certfree: no added certificate with that subject");
    return {};
}

}  // namespace carte::commands
