// `carte keygen -o KEY.pem [--pub PUB.pem]`: a new ECDSA P-256 signing key, as standard PEM.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "cli/cli_option_parser.h"
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
    std::string key_path, pub_path;
    bool force = false;
    OptionParser options("keygen", kHelp);
    options.value("-o", &key_path, "a file name");
    options.value("--pub", &pub_path, "a file name");
    options.flag("--force", &force);
    if (auto done = options.parse(argc, argv)) return *done;
    if (key_path.empty()) return options.usage("no output file: use -o KEY.pem");
    if (pub_path.empty()) pub_path = default_pub(key_path);
    if (pub_path == key_path) return options.usage("the public key would overwrite the private key");
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
