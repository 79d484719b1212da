// `carte keygen -o KEY.pem [--pub PUB.pem]`: a new ECDSA P-256 signing key, as standard PEM.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "cli/cli_sign_common.h"
#include "cli/commands.h"
#include "compiler/sign/ec_key.h"
#include "compiler/sign/sign_error.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte keygen -o KEY.pem [--pub PUB.pem] [--force]\n"
    "\n"
    "Creates an ECDSA P-256 signing key. KEY.pem is a PKCS#8 PEM private key, readable by its\n"
    "owner only, that OpenSSL reads too ('openssl ec -in KEY.pem -text'); keep it secret.\n"
    "PUB.pem is the public key to give to 'carte verify --trust' and 'carte build --trust'.\n"
    "The key id printed is what signatures and refusals name.\n"
    "\n"
    "options:\n"
    "  -o KEY.pem      the private key file to create\n"
    "  --pub PUB.pem   also write the public key (default: KEY.pub.pem)\n"
    "  --force         overwrite existing files\n"
    "\n"
    "exit status: 0 written, 1 failure, 2 usage error\n";

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

std::string default_pub(const std::string& key) {
    std::string base =
        key.size() > 4 && key.compare(key.size() - 4, 4, ".pem") == 0 ? key.substr(0, key.size() - 4) : key;
    return base + ".pub.pem";
}

}  // namespace

int cmd_keygen(int argc, char** argv) {
    SignArgs args("keygen", argc, argv);
    std::string key_path, pub_path;
    bool force = false;
    while (args.next()) {
        const std::string& a = args.arg();
        if (a == "-h" || a == "--help") {
            std::fputs(kHelp, stdout);
            return 0;
        } else if (args.is("-o")) {
            key_path = args.value();
        } else if (args.is("--pub")) {
            pub_path = args.value();
        } else if (a == "--force") {
            force = true;
        } else {
            return args.usage("unexpected argument '" + a + "'");
        }
    }
    if (args.failed()) return 2;
    if (key_path.empty()) return args.usage("no output file: use -o KEY.pem");
    if (pub_path.empty()) pub_path = default_pub(key_path);
    if (pub_path == key_path) return args.usage("the public key would overwrite the private key");
    for (const std::string& p : {key_path, pub_path})
        if (!force && exists(p))
            return sign_failure("keygen", p + " already exists (use --force to replace it)");
    try {
        sign::EcKey key = sign::EcKey::generate();
        key.write_private(key_path);
        key.write_public(pub_path);
        std::printf("created ECDSA P-256 key %s\n  private: %s (keep secret)\n  public:  %s\n",
                    key.key_id_hex().c_str(), key_path.c_str(), pub_path.c_str());
        return 0;
    } catch (const sign::SignError& e) {
        return sign_failure("keygen", e.what());
    }
}

}  // namespace carte::cli
