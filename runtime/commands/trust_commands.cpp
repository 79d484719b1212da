// imgtrust and imgverify (docs/signing.md; iPXE: src/hci/commands/image_trust_cmd.c): iPXE's
// code-signing commands for classic scripts signed with
// `openssl cms -sign -binary [-noattr] -outform DER`. imgverify checks a detached CMS signature
// against the firmware's X.509 roots (TrustPolicy::ca_certs) and marks the image trusted; imgtrust
// makes executing an untrusted image fail with EACCES.
#include "runtime/commands/handlers.h"
#include "runtime/commands/image_acquire.h"
#include "runtime/commands/options.h"
#include "runtime/crypto/cms.h"

namespace carte::commands {

namespace {

enum : size_t { kSigner, kKeep, kTimeout, kQuiet };
const OptionSpec kVerifyOptions[] = {
    {'s', "signer", true}, {'k', "keep", false}, {'t', "timeout", true}, {'q', "quiet", false}};

}  // namespace

// imgtrust [--allow] [--permanent]: require trusted images (or allow untrusted ones again).
Status imgtrust(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'a', "allow", false}, {'p', "permanent", false}};
    auto a = parse_args(in, argv, opts, 0, 0);
    if (!a) return a.error();
    Status s = in.images().set_trust(!a->has(0), a->has(1));
    if (!s.ok()) in.print("Could not set image trust: the setting is permanent\n");
    return s;
}

// imgverify [--signer <name>] [--keep] [--timeout <t>] [--quiet] <uri|image> <signature uri|image>
Status imgverify(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kVerifyOptions, 2, 2);
    if (!a) return a.error();
    Interpreter::Acquire how;
    how.quiet = a->has(kQuiet);
    how.reuse = true;
    if (a->has(kTimeout)) {
        auto t = parse_uint(in, a->get(kTimeout));
        if (!t) return t.error();
        how.timeout_ms = *t;
    }
    auto image = acquire_verbose(in, a->positional[0], how);
    if (!image) return image.error();
    auto signature = acquire_verbose(in, a->positional[1], how);
    if (!signature) return signature.error();

    crypto::CmsVerifyOptions options;
    if (const TrustPolicy* trust = in.options().trust) options.roots = trust->ca_certs;
    options.now = in.platform().unix_time();
    options.signer_name = a->get(kSigner);
    crypto::CmsVerdict verdict;
    Status s =
        crypto::verify_cms_detached((*image)->data.span(), (*signature)->data.span(), options, &verdict);
    if (s.ok()) {
        (*image)->trusted = true;
    } else {
        // Which file, which signature, what failed; then iPXE's line.
        String line = String::copy("imgverify ");
        (void)line.append((*image)->name);
        (void)line.append(" with ");
        (void)line.append((*signature)->name);
        (void)line.append(": ");
        (void)line.append(verdict.message);
        (void)line.append("\nCould not verify: ");
        append_error_text(&line, s.error());
        (void)line.append("\n");
        in.print(line);
    }
    // As iPXE, the signature is freed whether or not it verified, unless --keep.
    if (!a->has(kKeep) && *signature != *image) in.images().remove(*signature);
    return s;
}

}  // namespace carte::commands
