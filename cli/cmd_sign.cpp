// `carte sign`: sign a menu (.cbm; the signature goes into its trailer or a detached .sig) or any
// other file (a classic script; always detached), with a PEM key or — for keys that never leave
// an HSM — by printing the digest and attaching a signature made elsewhere.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "cli/cli_option_parser.h"
#include "cli/cli_sign_common.h"
#include "cli/commands.h"
#include "compiler/sign/ec_key.h"
#include "compiler/sign/module_signer.h"
#include "compiler/sign/sign_error.h"
#include "runtime/crypto/ecdsa_p256.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte sign FILE --key KEY.pem [options]\n"
    "       carte sign FILE --print-digest [--digest-out D.bin] [--serial N]\n"
    "       carte sign FILE --signature SIG --pub PUB.pem [options]\n"
    "\n"
    "Signs FILE with ECDSA P-256. A menu (.cbm) gets the signature in its trailer (other\n"
    "signatures already there stay, so a menu can carry the old and the new key's signature\n"
    "during a rotation); any other file, such as a classic iPXE script, gets FILE.sig.\n"
    "\n"
    "Keys in an HSM: --print-digest prints the SHA-256 digest to sign (hex; --digest-out also\n"
    "writes the 32 raw bytes); sign it elsewhere, e.g.\n"
    "    openssl pkeyutl -sign -inkey KEY.pem -in D.bin -out SIG.der\n"
    "then attach it with --signature SIG.der --pub PUB.pem (DER or raw 64-byte r||s). The\n"
    "signature is checked against PUB.pem before anything is written.\n"
    "\n"
    "options:\n"
    "  --key KEY.pem        sign with this private key\n"
    "  --serial N           set the menu's serial first (drops existing signatures); use the\n"
    "                       same N with --print-digest and with --signature\n"
    "  --detached OUT.sig   write the signature to OUT.sig instead of the trailer\n"
    "  --append             with --detached: keep the signatures already in OUT.sig\n"
    "  -o OUT               write the signed menu to OUT instead of replacing FILE\n"
    "  --print-digest       print the digest to sign and exit\n"
    "  --digest-out D.bin   with --print-digest: also write the raw digest to D.bin\n"
    "  --signature SIG      a signature made elsewhere (needs --pub)\n"
    "  --pub PUB.pem        the public key of --signature\n"
    "\n"
    "exit status: 0 signed, 1 failure, 2 usage error\n";

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

int cmd_sign(int argc, char** argv) {
    std::string file, key_path, detached, out_path, sig_path, pub_path, digest_out, serial_text;
    bool print_digest = false, append = false;
    OptionParser options("sign", kHelp);
    options.value("--key", &key_path, "a PEM file");
    options.value("--detached", &detached, "a file name");
    options.value("-o", &out_path, "a file name");
    options.value("--serial", &serial_text, "a number");
    options.value("--signature", &sig_path, "a file name");
    options.value("--pub", &pub_path, "a PEM file");
    options.value("--digest-out", &digest_out, "a file name");
    options.flag("--print-digest", &print_digest);
    options.flag("--append", &append);
    options.input(&file, "more than one file to sign");
    if (auto done = options.parse(argc, argv)) return *done;
    if (file.empty()) return options.usage("no file to sign");
    int ways = !key_path.empty() + !sig_path.empty() + print_digest;
    if (ways != 1) return options.usage("use exactly one of --key, --signature or --print-digest");
    if (!sig_path.empty() && pub_path.empty()) return options.usage("--signature needs --pub PUB.pem");
    if (sig_path.empty() && !pub_path.empty()) return options.usage("--pub goes with --signature");
    if (!digest_out.empty() && !print_digest) return options.usage("--digest-out goes with --print-digest");
    if (append && detached.empty()) return options.usage("--append goes with --detached");
    uint64_t serial = 0;
    if (!serial_text.empty()) {
        if (serial_text.find_first_not_of("0123456789") != std::string::npos || serial_text.size() > 19)
            return options.usage("--serial takes a decimal number");
        serial = std::stoull(serial_text);
    }

    try {
        std::string content = sign::read_file(file);
        bool module = sign::is_module(content);
        if (!serial_text.empty()) {
            if (!module) return options.usage("--serial applies to menus (.cbm) only");
            if (!sign::module_signatures(content).empty() && !print_digest)
                std::fprintf(
                    stderr, "carte sign: note: the serial changes, so the existing signatures are dropped\n");
            content = sign::with_serial(content, serial);
        }
        crypto::Sha256Digest digest = sign::signing_digest(content);
        if (print_digest) {
            if (!digest_out.empty())
                sign::write_file(digest_out, std::string(reinterpret_cast<const char*>(digest.bytes), 32));
            std::printf("%s\n", sign::to_hex(digest.bytes, 32).c_str());
            return 0;
        }

        sign::Signature sig;
        if (!key_path.empty()) {
            sign::EcKey key = sign::EcKey::load_private(key_path);
            sig.key_id = key.key_id();
            sig.value = key.sign_digest(digest);
        } else {
            sign::EcKey pub = sign::EcKey::load_public(pub_path);
            std::string raw = sign::read_file(sig_path);
            if (raw.size() == sig.value.size())
                std::copy(raw.begin(), raw.end(), sig.value.begin());
            else
                sig.value = sign::der_to_raw_signature(raw);
            sig.key_id = pub.key_id();
            // The portable verifier (the ROM's code) must accept it before anything is written.
            Status ok = crypto::ecdsa_p256_verify(digest, Bytes(pub.point().data(), pub.point().size()),
                                                  Bytes(sig.value.data(), sig.value.size()));
            if (!ok)
                return sign_failure(
                    "sign", sig_path + " is not a signature of " + file + " by key " + pub.key_id_hex() +
                                " (" + pub_path + "): sign exactly the digest " +
                                sign::to_hex(digest.bytes, 32) + " printed by --print-digest" +
                                (serial_text.empty() ? "" : " with the same --serial"));
        }
        std::string key_hex = sign::to_hex(sig.key_id.bytes, bc::kKeyIdSize);

        if (!module && detached.empty()) detached = file + ".sig";
        if (!detached.empty()) {
            std::vector<sign::Signature> sigs;
            if (append && exists(detached)) sigs = sign::parse_sig_file(sign::read_file(detached));
            sign::merge_signature(&sigs, sig);
            sign::write_file(detached, sign::encode_sig_file(sigs));
            if (!serial_text.empty()) sign::write_file(out_path.empty() ? file : out_path, content);
            std::printf("signed %s with key %s: %s (%zu signature%s)\n", file.c_str(), key_hex.c_str(),
                        detached.c_str(), sigs.size(), sigs.size() == 1 ? "" : "s");
            return 0;
        }
        std::vector<sign::Signature> sigs = sign::module_signatures(content);
        sign::merge_signature(&sigs, sig);
        std::string target = out_path.empty() ? file : out_path;
        sign::write_file(target, sign::with_signatures(content, sigs));
        std::printf("signed %s (serial %llu) with key %s: %zu signature%s in the trailer\n", target.c_str(),
                    static_cast<unsigned long long>(sign::module_serial(content)), key_hex.c_str(),
                    sigs.size(), sigs.size() == 1 ? "" : "s");
        return 0;
    } catch (const sign::SignError& e) {
        return sign_failure("sign", e.what());
    }
}

}  // namespace carte::cli
