// `carte keygen/sign/verify/pin` end to end, in-process, including the HSM flow with the real
// `openssl` command: carte prints the digest, openssl signs it, carte attaches and verifies.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "runtime/bytecode/module_builder.h"
#include "tests/support/cli_harness.h"

namespace carte::cli {
namespace {

using test::read_text;
using test::write_text;

std::string small_module(uint64_t serial) {
    bc::ModuleBuilder b;
    bc::Label entry = b.new_label();
    b.set_entry(entry);
    b.bind(entry);
    b.push("echo");
    b.push("signed menu");
    b.exec(2);
    b.emit(bc::Op::Ret);
    b.set_serial(serial);
    auto out = b.finish();
    EXPECT_TRUE(out.ok());
    return std::string(reinterpret_cast<const char*>(out->data()), out->size());
}

using test::CmdResult;

CmdResult run(int (*cmd)(int, char**), const char* name, std::vector<std::string> args) {
    return test::run_command(cmd, name, std::move(args));
}

class SignCli : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/carte-sign-cli-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir = tmpl;
    }
    void TearDown() override { EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0); }
    std::string p(const std::string& name) const { return dir + "/" + name; }
    void keygen(const std::string& name) {
        CmdResult r = run(cmd_keygen, "keygen", {"-o", p(name + ".pem"), "--pub", p(name + ".pub.pem")});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string dir;
};

TEST_F(SignCli, KeygenWritesStandardPem) {
    CmdResult r = run(cmd_keygen, "keygen", {"-o", p("key.pem")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("created ECDSA P-256 key "), std::string::npos);
    struct stat st;
    ASSERT_EQ(stat(p("key.pem").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat(p("key.pub.pem").c_str(), &st), 0);
    // OpenSSL reads both, and computes the same key id (SHA-256 of the SubjectPublicKeyInfo DER).
    EXPECT_EQ(system(("openssl ec -in " + p("key.pem") + " -noout -text >/dev/null 2>&1").c_str()), 0);
    ASSERT_EQ(system(("openssl pkey -pubin -in " + p("key.pub.pem") +
                      " -outform DER | sha256sum | cut -c1-16 > " + p("id.txt"))
                         .c_str()),
              0);
    std::string id = read_text(p("id.txt")).substr(0, 16);
    EXPECT_NE(r.out.find("key " + id), std::string::npos) << r.out << " vs " << id;
    // No silent overwrite of a key.
    CmdResult again = run(cmd_keygen, "keygen", {"-o", p("key.pem")});
    EXPECT_EQ(again.status, 1);
    EXPECT_NE(again.err.find("already exists"), std::string::npos);
    EXPECT_EQ(run(cmd_keygen, "keygen", {}).status, 2);
}

TEST_F(SignCli, SignVerifyAndRefusals) {
    keygen("a");
    keygen("b");
    write_text(p("m.cbm"), small_module(1));
    CmdResult s = run(cmd_sign, "sign", {p("m.cbm"), "--key", p("a.pem"), "--serial", "12"});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_NE(s.out.find("(serial 12)"), std::string::npos);
    CmdResult ok = run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("a.pub.pem")});
    EXPECT_EQ(ok.status, 0) << ok.out;
    EXPECT_NE(ok.out.find(": OK: signed by key "), std::string::npos);
    EXPECT_NE(ok.out.find("(a.pub.pem), serial 12"), std::string::npos);

    CmdResult wrong = run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("b.pub.pem")});
    EXPECT_EQ(wrong.status, 1);
    EXPECT_NE(wrong.out.find("REFUSED (unknown-key): signed by unknown key"), std::string::npos) << wrong.out;

    std::string bytes = read_text(p("m.cbm"));
    bytes[40] ^= 1;
    write_text(p("t.cbm"), bytes);
    CmdResult tampered = run(cmd_verify, "verify", {p("t.cbm"), "--trust", p("a.pub.pem")});
    EXPECT_EQ(tampered.status, 1);
    EXPECT_NE(tampered.out.find("REFUSED (bad-signature)"), std::string::npos) << tampered.out;

    write_text(p("cut.cbm"), read_text(p("m.cbm")).substr(0, read_text(p("m.cbm")).size() - 10));
    CmdResult cut = run(cmd_verify, "verify", {p("cut.cbm"), "--trust", p("a.pub.pem")});
    EXPECT_NE(cut.out.find("REFUSED (malformed): malformed signature: trailer+"), std::string::npos)
        << cut.out;

    CmdResult expired =
        run(cmd_verify, "verify",
            {p("m.cbm"), "--trust", p("a.pub.pem") + ",not-after=2026-01-01", "--now", "2026-01-02"});
    EXPECT_EQ(expired.status, 1);
    EXPECT_NE(expired.out.find("REFUSED (expired-key)"), std::string::npos) << expired.out;

    CmdResult rollback =
        run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("a.pub.pem"), "--min-serial", "13"});
    EXPECT_EQ(rollback.status, 1);
    EXPECT_NE(
        rollback.out.find("REFUSED (rollback): rollback refused: menu serial 12 is older than serial 13"),
        std::string::npos)
        << rollback.out;

    // Several files are one boot session: a newer menu, then an older one.
    write_text(p("old.cbm"), small_module(1));
    ASSERT_EQ(run(cmd_sign, "sign", {p("old.cbm"), "--key", p("a.pem"), "--serial", "11"}).status, 0);
    CmdResult session = run(cmd_verify, "verify", {p("m.cbm"), p("old.cbm"), "--trust", p("a.pub.pem")});
    EXPECT_EQ(session.status, 1);
    EXPECT_NE(session.out.find("old.cbm: REFUSED (rollback)"), std::string::npos) << session.out;

    write_text(p("plain.cbm"), small_module(1));
    CmdResult unsigned_m = run(cmd_verify, "verify", {p("plain.cbm"), "--trust", p("a.pub.pem")});
    EXPECT_NE(unsigned_m.out.find("REFUSED (not-signed)"), std::string::npos) << unsigned_m.out;
    EXPECT_EQ(run(cmd_verify, "verify", {p("m.cbm")}).status, 2);  // no --trust
}

TEST_F(SignCli, RotationWithTwoSignatures) {
    keygen("old");
    keygen("new");
    write_text(p("m.cbm"), small_module(3));
    ASSERT_EQ(run(cmd_sign, "sign", {p("m.cbm"), "--key", p("old.pem")}).status, 0);
    CmdResult second = run(cmd_sign, "sign", {p("m.cbm"), "--key", p("new.pem")});
    ASSERT_EQ(second.status, 0);
    EXPECT_NE(second.out.find("2 signatures in the trailer"), std::string::npos) << second.out;
    EXPECT_EQ(run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("old.pub.pem")}).status, 0);
    EXPECT_EQ(run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("new.pub.pem")}).status, 0);
    EXPECT_EQ(run(cmd_verify, "verify",
                  {p("m.cbm"), "--trust", p("old.pub.pem") + ",not-after=2026-01-01", "--trust",
                   p("new.pub.pem"), "--now", "2027-01-01"})
                  .status,
              0);
}

TEST_F(SignCli, DetachedSignatures) {
    keygen("a");
    write_text(p("m.cbm"), small_module(4));
    CmdResult s = run(cmd_sign, "sign", {p("m.cbm"), "--key", p("a.pem"), "--detached", p("m.cbm.sig")});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(read_text(p("m.cbm")), small_module(4));                                 // untouched
    CmdResult v = run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("a.pub.pem")});  // finds m.cbm.sig
    EXPECT_EQ(v.status, 0) << v.out;
    EXPECT_NE(v.out.find("(" + p("m.cbm.sig") + "): OK"), std::string::npos) << v.out;
    // A classic script: always detached.
    write_text(p("boot.ipxe"), "#!ipxe\nkernel http://127.0.0.1/vmlinuz\nboot\n");
    ASSERT_EQ(run(cmd_sign, "sign", {p("boot.ipxe"), "--key", p("a.pem")}).status, 0);
    EXPECT_EQ(run(cmd_verify, "verify", {p("boot.ipxe"), "--trust", p("a.pub.pem")}).status, 0);
    write_text(p("boot.ipxe"), "#!ipxe\nkernel http://127.0.0.1/evil\nboot\n");
    CmdResult bad = run(cmd_verify, "verify", {p("boot.ipxe"), "--trust", p("a.pub.pem")});
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.out.find("REFUSED (bad-signature)"), std::string::npos) << bad.out;
}

TEST_F(SignCli, HsmFlowRoundTripsWithOpenssl) {
    keygen("hsm");
    write_text(p("m.cbm"), small_module(1));
    CmdResult d =
        run(cmd_sign, "sign", {p("m.cbm"), "--print-digest", "--serial", "77", "--digest-out", p("d.bin")});
    ASSERT_EQ(d.status, 0) << d.err;
    ASSERT_EQ(d.out.size(), 65u);  // 64 hex digits and a newline
    // The "HSM": openssl signs the raw digest; its DER output is attached as is.
    ASSERT_EQ(
        system(("openssl pkeyutl -sign -inkey " + p("hsm.pem") + " -in " + p("d.bin") + " -out " + p("s.der"))
                   .c_str()),
        0);
    CmdResult attach =
        run(cmd_sign, "sign",
            {p("m.cbm"), "--signature", p("s.der"), "--pub", p("hsm.pub.pem"), "--serial", "77"});
    ASSERT_EQ(attach.status, 0) << attach.err;
    CmdResult v = run(cmd_verify, "verify", {p("m.cbm"), "--trust", p("hsm.pub.pem")});
    EXPECT_EQ(v.status, 0) << v.out;
    EXPECT_NE(v.out.find("serial 77"), std::string::npos);
    // And the other way: what carte signed, plain `openssl dgst -verify` accepts over the body.
    std::string signed_m = read_text(p("m.cbm"));
    write_text(p("body.bin"), signed_m.substr(0, signed_m.size() - 84));
    EXPECT_EQ(system(("openssl dgst -sha256 -verify " + p("hsm.pub.pem") + " -signature " + p("s.der") + " " +
                      p("body.bin") + " >/dev/null")
                         .c_str()),
              0);
    // A signature over something else is refused before anything is written.
    keygen("other");
    CmdResult wrong =
        run(cmd_sign, "sign", {p("m.cbm"), "--signature", p("s.der"), "--pub", p("other.pub.pem")});
    EXPECT_EQ(wrong.status, 1);
    EXPECT_NE(wrong.err.find("is not a signature of"), std::string::npos) << wrong.err;
    EXPECT_EQ(read_text(p("m.cbm")), signed_m);
}

TEST_F(SignCli, PinFromMirror) {
    ASSERT_EQ(system(("mkdir -p " + p("mirror/boot")).c_str()), 0);
    write_text(p("mirror/boot/vmlinuz"), "abc");
    write_text(p("menu.carte"),
               "carte 1\nmenu main \"M\" {\n  item a \"A\" -> linux {\n    kernel "
               "\"http://10.0.0.1/boot/vmlinuz\"\n  }\n}\n");
    CmdResult check = run(cmd_pin, "pin", {p("menu.carte"), "--mirror", p("mirror"), "--check"});
    EXPECT_EQ(check.status, 1);
    CmdResult r = run(cmd_pin, "pin", {p("menu.carte"), "--mirror", p("mirror")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;
    EXPECT_NE(read_text(p("menu.carte"))
                  .find("sha256 \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""),
              std::string::npos);
    EXPECT_EQ(run(cmd_pin, "pin", {p("menu.carte"), "--mirror", p("mirror"), "--check"}).status, 0);
}

}  // namespace
}  // namespace carte::cli
