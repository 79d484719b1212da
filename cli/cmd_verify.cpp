// `carte verify FILE… --trust PUB.pem`: checks signatures with the portable verifier the ROM
// runs (runtime/crypto/signature.h), so a host check and a boot agree byte for byte.
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/cli_option_parser.h"
#include "cli/cli_sign_common.h"
#include "cli/commands.h"
#include "compiler/sign/ec_key.h"
#include "compiler/sign/module_signer.h"
#include "compiler/sign/sign_error.h"
#include "compiler/sign/trust_set.h"
#include "runtime/crypto/signature.h"
#include "runtime/crypto/trust_store.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte verify FILE... --trust PUB.pem [options]\n"
    "\n"
    "Checks each FILE's signature as the firmware does: a menu (.cbm) by its trailer or a\n"
    "detached signature, any other file by FILE.sig. Files are checked in order within one\n"
    "session, as one boot would run them: a menu whose serial is lower than an earlier\n"
    "accepted one is refused as a rollback.\n"
    "\n"
    "options:\n"
    "  --trust PUB.pem[,not-after=TIME]  a trusted public key; TIME (YYYY-MM-DD,\n"
    "                                  YYYY-MM-DDTHH:MM:SSZ or unix seconds) ends its\n"
    "                                  validity, for key rotation. Repeatable.\n"
    "  --trust-store STORE             trusted keys from a trust store blob (carte build)\n"
    "  --sig FILE.sig                  the detached signature (one FILE only; default FILE.sig\n"
    "                                  when FILE has no trailer)\n"
    "  --now TIME                      the time rotation ends are checked against (default:\n"
    "                                  now; 0 = no clock, as a ROM without one)\n"
    "  --min-serial N                  refuse menus older than serial N (as if a menu with\n"
    "                                  serial N had already run)\n"
    "\n"
    "exit status: 0 all accepted, 1 a file refused, 2 usage error\n";

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

Bytes as_bytes(const std::string& s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

int cmd_verify(int argc, char** argv) {
    std::vector<std::string> files, trust_specs, store_paths;
    std::string sig_path, now_text, min_serial_text;
    OptionParser options("verify", kHelp);
    options.values("--trust", &trust_specs, "a PEM file");
    options.values("--trust-store", &store_paths, "a file name");
    options.value("--sig", &sig_path, "a file name");
    options.value("--now", &now_text, "a time");
    options.value("--min-serial", &min_serial_text, "a number");
    options.inputs(&files);
    if (auto done = options.parse(argc, argv)) return *done;
    if (files.empty()) return options.usage("no file to verify");
    if (trust_specs.empty() && store_paths.empty())
        return options.usage("no trusted key: use --trust PUB.pem");
    if (!sig_path.empty() && files.size() != 1) return options.usage("--sig goes with a single FILE");

    try {
        sign::TrustSet trust;
        for (const std::string& spec : trust_specs) trust.add_spec(spec);
        std::vector<crypto::TrustAnchor> anchors(trust.anchors().begin(), trust.anchors().end());
        std::vector<std::string> store_bytes;
        store_bytes.reserve(store_paths.size());
        std::vector<crypto::TrustStore> stores;
        for (const std::string& p : store_paths) {
            store_bytes.push_back(sign::read_file(p));
            String why;
            auto store = crypto::parse_trust_store(as_bytes(store_bytes.back()), &why);
            if (!store) throw sign::SignError(p + ": " + why.c_str());
            for (const crypto::TrustAnchor& a : store->anchors.span()) anchors.push_back(a);
            stores.push_back(store.take());
        }
        uint64_t now =
            now_text.empty() ? static_cast<uint64_t>(std::time(nullptr)) : sign::parse_time(now_text);
        crypto::RollbackGuard guard;
        if (!min_serial_text.empty()) {
            if (min_serial_text.find_first_not_of("0123456789") != std::string::npos ||
                min_serial_text.size() > 19)
                return options.usage("--min-serial takes a decimal number");
            guard.accept(std::stoull(min_serial_text));
        }
        Span<const crypto::TrustAnchor> trusted(anchors.data(), anchors.size());

        int refused = 0;
        for (const std::string& file : files) {
            std::string content = sign::read_file(file);
            bool module = sign::is_module(content);
            std::string detached_path = sig_path;
            if (detached_path.empty() && exists(file + ".sig")) {
                bool has_trailer = module && content.size() > 12 && (static_cast<uint8_t>(content[8]) & 4);
                if (!has_trailer) detached_path = file + ".sig";
            }
            std::string detached = detached_path.empty() ? std::string() : sign::read_file(detached_path);
            crypto::SignatureVerdict verdict;
            Status s;
            if (module) {
                crypto::VerifyOptions opts;
                opts.now = now;
                opts.detached = as_bytes(detached);
                opts.rollback = &guard;
                if (!detached_path.empty() && detached.empty())
                    throw sign::SignError(detached_path + ": empty signature file");
                s = crypto::verify_module_signature(as_bytes(content), trusted, opts, &verdict);
            } else {
                s = crypto::verify_blob_signature(as_bytes(content), as_bytes(detached), trusted, now,
                                                  &verdict);
            }
            std::string where = file + (detached_path.empty() ? "" : " (" + detached_path + ")");
            if (s) {
                std::printf("%s: OK: %s\n", where.c_str(), verdict.message.c_str());
            } else {
                ++refused;
                std::printf("%s: REFUSED (%s): %s\n", where.c_str(),
                            crypto::signature_check_name(verdict.check), verdict.message.c_str());
            }
        }
        return refused ? 1 : 0;
    } catch (const sign::SignError& e) {
        return sign_failure("verify", e.what());
    }
}

}  // namespace carte::cli
