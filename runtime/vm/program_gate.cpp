#include "runtime/vm/program_gate.h"

#include "runtime/crypto/signature.h"
#include "runtime/vm/interpreter.h"

namespace carte {

namespace {

Str label_of(const Image& image) {
    return image.uri.empty() ? image.name.view() : image.uri.view();
}

void print_line(Interpreter& in, Str url, Str what, Str message) {
    String line = String::copy(url);
    (void)(line.append(": ") && line.append(what) && line.append(message) && line.append("\n"));
    in.print(line);
}

Status refuse(Interpreter& in, const Image& image, Str check, Str message) {
    String what = String::copy("REFUSED (");
    (void)(what.append(check) && what.append("): "));
    print_line(in, label_of(image), what, message);
    return Error(Errc::access, "refused by the signature policy");
}

// Fetches `<url>.sig` into *out. Ok with *out empty when there is none (a 404 / missing file
// means "not signed"); any other failure is an error, so a flaky server never downgrades a
// signed menu to an unsigned one.
Status fetch_detached(Interpreter& in, Str url, Vec<uint8_t>* out, String* sig_url) {
    if (url.empty()) return {};
    Fetcher* fetcher = in.options().fetcher;
    if (!fetcher) return {};
    *sig_url = String::copy(url);
    if (!sig_url->append(".sig")) return Errc::nomem;
    FetchOptions fo;
    fo.quiet = true;
    Status s = fetcher->fetch(*sig_url, fo, out);
    if (!s.ok() && s.error().code == Errc::noent) {
        out->clear();
        return {};
    }
    return s;
}

Status fetch_failure(Interpreter& in, const Image& image, Str sig_url, const Error& e) {
    String m = String::copy("cannot fetch ");
    (void)(m.append(sig_url) && m.append(": ") && m.append(Str::from_cstr(errc_message(e.code))));
    return refuse(in, image, "signature-fetch", m);
}

Status check_menu(Interpreter& in, const Image& image, const TrustPolicy& trust) {
    crypto::VerifyOptions vo;
    vo.now = in.platform().unix_time();
    vo.rollback = trust.rollback;
    crypto::SignatureVerdict v;
    Status s = crypto::verify_module_signature(image.data.span(), trust.keys, vo, &v);
    Vec<uint8_t> sig;
    if (!s.ok() && v.check == crypto::SignatureCheck::not_signed) {
        // No trailer: the signature may travel beside the menu.
        String sig_url;
        Status fetched = fetch_detached(in, image.uri, &sig, &sig_url);
        if (!fetched.ok()) return fetch_failure(in, image, sig_url, fetched.error());
        if (!sig.empty()) {
            vo.detached = sig.span();
            v = crypto::SignatureVerdict();
            s = crypto::verify_module_signature(image.data.span(), trust.keys, vo, &v);
        }
    }
    if (s.ok()) {
        String what = String::copy("OK: ");
        print_line(in, label_of(image), what, v.message);
        return {};
    }
    if (v.check == crypto::SignatureCheck::not_signed && !trust.require_signed_menus) {
        print_line(in, label_of(image),
                   "WARNING: ", "not signed; running it because this firmware does not require signed menus");
        return {};
    }
    return refuse(in, image, Str::from_cstr(crypto::signature_check_name(v.check)), v.message);
}

Status check_script(Interpreter& in, const Image& image, const TrustPolicy& trust) {
    if (!trust.require_signed_scripts) return {};
    // Passed `imgverify` (a CMS signature against the ROM's X.509 roots): signed already. Its
    // `.sig` is that CMS signature, which is no Carte signature and must not be read as one.
    if (image.trusted) return {};
    Vec<uint8_t> sig;
    String sig_url;
    Status fetched = fetch_detached(in, image.uri, &sig, &sig_url);
    if (!fetched.ok()) return fetch_failure(in, image, sig_url, fetched.error());
    crypto::SignatureVerdict v;
    Status s = crypto::verify_blob_signature(image.data.span(), sig.span(), trust.keys,
                                             in.platform().unix_time(), &v);
    if (s.ok()) {
        print_line(in, label_of(image), "OK: ", v.message);
        return {};
    }
    if (v.check == crypto::SignatureCheck::not_signed)
        (void)v.message.append(", and signed scripts are required");
    return refuse(in, image, Str::from_cstr(crypto::signature_check_name(v.check)), v.message);
}

}  // namespace

Status check_fetched_program(Interpreter& in, const Image& image) {
    const TrustPolicy* trust = in.options().trust;
    if (!trust) return {};
    // The same probe load_program() uses, so what is checked is what would run.
    ImageKind kind = probe_image(image.data.span());
    if (kind == ImageKind::bytecode) return check_menu(in, image, *trust);
    if (kind == ImageKind::script) return check_script(in, image, *trust);
    return {};  // not a program: load_program refuses it anyway
}

}  // namespace carte
