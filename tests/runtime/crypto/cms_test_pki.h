// A throw-away PKI made at test time with the `openssl` command, as netboot.xyz and iPXE's docs
// make theirs: an RSA root CA, code-signing certificates (RSA and P-256) it issued, an
// intermediate CA with its own code-signing leaf, a TLS (non-code-signing) certificate, and an
// unrelated root. Key generation is slow, so the keys and certificates are made once and kept
// in the build tree (<build>/test-cms-pki-v2, remade after a day, under a file lock so parallel
// test processes make it once), and each process signs with its own copy of them. Files a test writes and
// the signatures sign() makes (`openssl cms -sign -binary [-noattr] … -outform DER`) go to a
// per-process temporary directory.
#pragma once
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace carte::test {

class CmsTestPki {
  public:
    // The shared instance; ok() is false (and why() says why) when openssl is missing or fails.
    static CmsTestPki& get() {
        static CmsTestPki pki;
        return pki;
    }

    bool ok() const { return ok_; }
    const std::string& why() const { return why_; }
    // A file of this process's working directory.
    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    // A key or certificate file.
    std::string key_path(const std::string& name) const { return keys_ + "/" + name; }

    static std::vector<uint8_t> read(const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    void write(const std::string& name, const std::string& content) const {
        std::ofstream(path(name), std::ios::binary) << content;
    }
    // DER of a certificate made here ("ca", "other_ca", "inter", "sign_rsa", …).
    std::vector<uint8_t> der(const std::string& cert) const { return read(key_path(cert + ".der")); }

    // Signs file `name` (in the PKI directory) with `signer` ("sign_rsa", "sign_ec", …), bundling
    // `certfile` (a .crt name, or "" for none) and `extra` openssl flags; returns the DER bytes.
    std::vector<uint8_t> sign(const std::string& name, const std::string& signer,
                              const std::string& certfile = "", const std::string& extra = "-noattr") const {
        std::string out = path(name + "." + signer + ".sig");
        std::string cmd = "openssl cms -sign -binary " + extra + " -in '" + path(name) + "' -signer '" +
                          key_path(signer + ".crt") + "' -inkey '" + key_path(signer + ".key") + "'" +
                          (certfile.empty() ? "" : " -certfile '" + key_path(certfile + ".crt") + "'") +
                          " -outform DER -out '" + out + "'";
        EXPECT_TRUE(run(cmd)) << cmd;
        return read(out);
    }

    // Runs a shell command in the working directory (`in`: another directory).
    bool run(const std::string& cmd, const std::string& in = "") const {
        const std::string& where = in.empty() ? dir_ : in;
        std::string full = "cd '" + where + "' && " + cmd + " >>'" + dir_ + "/openssl.log' 2>&1";
        return std::system(full.c_str()) == 0;
    }

  private:
    CmsTestPki() {
        char tmpl[] = "/tmp/carte-cms-XXXXXX";
        if (!mkdtemp(tmpl)) return;
        dir_ = tmpl;
        keys_ = dir_ + "/keys";
        const char* override_dir = std::getenv("CARTE_TEST_PKI_DIR");
        const std::string shared =
            override_dir ? override_dir
                         : std::string(CARTE_BINARY_DIR) + "/test-cms-pki-v2";  // bump when make() changes
        // The lock makes check-make-copy one step across processes; the private copy means a
        // later remake (after a day) can never swap keys under a process that already read some.
        const int lock = open((shared + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
        if (lock < 0 || flock(lock, LOCK_EX) != 0) {
            why_ = "cannot lock " + shared + ".lock";
            if (lock >= 0) close(lock);
            return;
        }
        const bool fresh =
            std::system(("find '" + shared + "/ready' -mtime -1 2>/dev/null | grep -q .").c_str()) == 0;
        ok_ = fresh || (std::system(("rm -rf '" + shared + "' && mkdir -p '" + shared + "'").c_str()) == 0 &&
                        make(shared) && run("touch ready", shared));
        ok_ = ok_ && std::system(("cp -R '" + shared + "' '" + keys_ + "'").c_str()) == 0;
        if (!ok_ && !fresh) std::system(("rm -rf '" + shared + "'").c_str());
        close(lock);  // releases the flock
        if (!ok_) {
            std::ifstream log(path("openssl.log"));
            std::stringstream s;
            s << log.rdbuf();
            why_ = "openssl could not build the test PKI: " + s.str();
        }
    }

    bool make(const std::string& at) {
        auto path = [&](const std::string& name) { return at + "/" + name; };
        std::ofstream(path("ext.cnf"))
            << "[codesign]\nbasicConstraints=CA:FALSE\n"
               "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n"
               "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
               "[server]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
               "subjectKeyIdentifier=hash\n"
               "[noext]\nsubjectKeyIdentifier=hash\n"
               "[ca]\nbasicConstraints=critical,CA:TRUE\n"
               "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n";
        const std::string rsa = "-newkey rsa:2048", ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256";
        int serial = 100;
        auto run = [&](const std::string& cmd) { return this->run(cmd, at); };
        auto root = [&](const std::string& name, const std::string& key, const std::string& cn) {
            return run("openssl req -x509 " + key + " -nodes -keyout " + name + ".key -out " + name +
                       ".crt -subj '/CN=" + cn +
                       "' -days 3650 -sha256 -addext keyUsage=critical,keyCertSign,cRLSign") &&
                   run("openssl x509 -in " + name + ".crt -outform DER -out " + name + ".der");
        };
        auto issue = [&](const std::string& name, const std::string& key, const std::string& cn,
                         const std::string& ca, const std::string& section) {
            return run("openssl req -new " + key + " -nodes -keyout " + name + ".key -out " + name +
                       ".csr -subj '/CN=" + cn + "'") &&
                   run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".crt -CAkey " + ca +
                       ".key -set_serial " + std::to_string(serial++) +
                       " -days 365 -sha256 -extfile ext.cnf "
                       "-extensions " +
                       section + " -out " + name + ".crt") &&
                   run("openssl x509 -in " + name + ".crt -outform DER -out " + name + ".der");
        };
        return root("ca", rsa, "Carte Test Root CA") && root("other_ca", ec, "Some Other Root") &&
               issue("sign_rsa", rsa, "Carte Code Signing RSA", "ca", "codesign") &&
               issue("sign_ec", ec, "Carte Code Signing EC", "ca", "codesign") &&
               issue("sign_dns", ec, "codesign.example.org", "ca", "codesign") &&
               issue("server", ec, "boot.example.org", "ca", "server") &&
               issue("noeku", ec, "Carte No EKU", "ca", "noext") &&
               issue("inter", ec, "Carte Intermediate CA", "ca", "ca") &&
               issue("leaf", ec, "Carte Leaf Signer", "inter", "codesign") &&
               issue("leaf_of_leaf", ec, "Carte Bad Path", "sign_ec", "codesign") &&
               issue("rogue", ec, "Carte Code Signing RSA", "other_ca", "codesign");
    }
    ~CmsTestPki() {
        if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());
    }

    std::string dir_, keys_;
    bool ok_ = false;
    std::string why_;
};

#define CARTE_REQUIRE_PKI(pki)                    \
    auto& pki = ::carte::test::CmsTestPki::get(); \
    ASSERT_TRUE(pki.ok()) << pki.why()

}  // namespace carte::test
