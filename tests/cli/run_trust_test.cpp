// `carte run --trust`: the signature gate (runtime/vm/program_gate.h) on every fetched program,
// through the same TrustPolicy a ROM builds. Each refusal path prints one
// "<url>: REFUSED (<check>): …" line, the chain fails and the caller carries on.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_run.h"
#include "cli/commands.h"
#include "runtime/bytecode/module_builder.h"
#include "tests/support/cli_harness.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_capture.h"

namespace carte::cli {
namespace {

using test::read_text;
using test::write_text;

// A menu that prints `text` and returns success.
std::string echo_module(const std::string& text, uint64_t serial) {
    bc::ModuleBuilder b;
    bc::Label entry = b.new_label();
    b.set_entry(entry);
    b.bind(entry);
    b.push("echo");
    b.push(Str(text.data(), text.size()));
    b.exec(2);
    b.emit(bc::Op::Ret);
    b.set_serial(serial);
    auto out = b.finish();
    EXPECT_TRUE(out.ok());
    return std::string(reinterpret_cast<const char*>(out->data()), out->size());
}

int call(int (*cmd)(int, char**), const char* name, std::vector<std::string> args,
         std::string* out = nullptr) {
    test::CmdResult r = test::run_command(cmd, name, std::move(args));
    if (out) *out = r.all();
    return r.status;
}

class RunTrust : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/carte-run-trust-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir = tmpl;
        key_a = keygen("a");
        key_b = keygen("b");
    }
    void TearDown() override { EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0); }
    std::string p(const std::string& name) const { return dir + "/" + name; }
    std::string uri(const std::string& name) const { return "file://" + dir + "/" + name; }

    // Returns the key id `carte keygen` reports.
    std::string keygen(const std::string& name) {
        std::string out;
        EXPECT_EQ(call(cmd_keygen, "keygen", {"-o", p(name + ".pem"), "--pub", p(name + ".pub.pem")}, &out),
                  0)
            << out;
        std::string tag = "key ";
        size_t at = out.find(tag);
        return at == std::string::npos ? "" : out.substr(at + tag.size(), 16);
    }
    void sign(const std::string& file, const std::string& key, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{p(file), "--key", p(key + ".pem")};
        args.insert(args.end(), extra.begin(), extra.end());
        std::string out;
        ASSERT_EQ(call(cmd_sign, "sign", args, &out), 0) << out;
    }

    // Runs a local top-level script (trusted, as a ROM's embedded program) with these lines.
    int run(const std::string& body, std::vector<std::string> trust, std::string* out, bool require = false,
            bool require_scripts = false) {
        write_text(p("main.ipxe"), "#!ipxe\n" + body);
        RunRequest r;
        r.input = p("main.ipxe");
        r.plain = true;
        r.keys_given = true;
        r.require_signed = require;
        r.require_signed_scripts = require_scripts;
        for (const std::string& t : trust) r.trust.push_back(p(t));
        return test::run_captured(r, out);
    }
    std::string chain_then_back(const std::string& name) {
        return "chain " + uri(name) + " || echo back-in-caller\n";
    }

    std::string dir, key_a, key_b;
};

TEST_F(RunTrust, SignedMenuRuns) {
    write_text(p("m.cbm"), echo_module("hello from the signed menu", 3));
    sign("m.cbm", "a");
    std::string out;
    EXPECT_EQ(run(chain_then_back("m.cbm"), {"a.pub.pem"}, &out, true), 0) << out;
    EXPECT_NE(out.find(uri("m.cbm") + ": OK: signed by key " + key_a + " (a.pub.pem), serial 3"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("hello from the signed menu"), std::string::npos) << out;
    EXPECT_EQ(out.find("back-in-caller"), std::string::npos) << out;
}

TEST_F(RunTrust, TamperedMenuIsRefusedAndTheCallerContinues) {
    write_text(p("m.cbm"), echo_module("hello from the signed menu", 3));
    sign("m.cbm", "a");
    std::string bytes = read_text(p("m.cbm"));
    size_t at = bytes.find("hello");
    ASSERT_NE(at, std::string::npos);
    bytes[at] = 'j';  // "jello": same size, different bytes
    write_text(p("m.cbm"), bytes);
    std::string out;
    EXPECT_EQ(run(chain_then_back("m.cbm"), {"a.pub.pem"}, &out), 0) << out;
    EXPECT_NE(out.find(uri("m.cbm") + ": REFUSED (bad-signature): bad signature by key " + key_a),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("jello"), std::string::npos) << out;
    EXPECT_NE(out.find("back-in-caller"), std::string::npos) << out;
}

TEST_F(RunTrust, UnsignedMenuWarnsUnlessSignedMenusAreRequired) {
    write_text(p("m.cbm"), echo_module("unsigned menu ran", 0));
    std::string out;
    EXPECT_EQ(run(chain_then_back("m.cbm"), {"a.pub.pem"}, &out), 0) << out;
    EXPECT_NE(out.find(uri("m.cbm") + ": WARNING: not signed"), std::string::npos) << out;
    EXPECT_NE(out.find("unsigned menu ran"), std::string::npos) << out;

    std::string strict;
    EXPECT_EQ(run(chain_then_back("m.cbm"), {"a.pub.pem"}, &strict, true), 0) << strict;
    EXPECT_NE(strict.find(uri("m.cbm") + ": REFUSED (not-signed): not signed"), std::string::npos) << strict;
    EXPECT_EQ(strict.find("unsigned menu ran"), std::string::npos) << strict;
    EXPECT_NE(strict.find("back-in-caller"), std::string::npos) << strict;
}

TEST_F(RunTrust, UnknownKeyIsRefusedEvenWithoutRequire) {
    write_text(p("m.cbm"), echo_module("menu by b", 1));
    sign("m.cbm", "b");
    std::string out;
    run(chain_then_back("m.cbm"), {"a.pub.pem"}, &out);
    EXPECT_NE(out.find(uri("m.cbm") + ": REFUSED (unknown-key): signed by unknown key " + key_b),
              std::string::npos)
        << out;
    EXPECT_NE(out.find(key_a), std::string::npos) << out;  // the message lists the trusted key
    EXPECT_EQ(out.find("menu by b"), std::string::npos) << out;
}

TEST_F(RunTrust, DetachedSignatureIsFetchedBesideTheMenu) {
    write_text(p("m.cbm"), echo_module("detached ok", 2));
    sign("m.cbm", "a", {"--detached", p("m.cbm.sig")});
    std::string out;
    EXPECT_EQ(run(chain_then_back("m.cbm"), {"a.pub.pem"}, &out, true), 0) << out;
    EXPECT_NE(out.find(uri("m.cbm") + ": OK: signed by key " + key_a), std::string::npos) << out;
    EXPECT_NE(out.find("detached ok"), std::string::npos) << out;

    // A .sig by a key the ROM does not trust is not a downgrade to "unsigned": refused.
    sign("m.cbm", "b", {"--detached", p("m.cbm.sig")});
    std::string wrong;
    run(chain_then_back("m.cbm"), {"a.pub.pem"}, &wrong);
    EXPECT_NE(wrong.find("REFUSED (unknown-key)"), std::string::npos) << wrong;
    EXPECT_EQ(wrong.find("detached ok"), std::string::npos) << wrong;
}

TEST_F(RunTrust, ScriptsNeedASignatureOnlyWhenRequired) {
    write_text(p("s.ipxe"), "#!ipxe\necho script ran\n");
    std::string loose;
    EXPECT_EQ(run(chain_then_back("s.ipxe"), {"a.pub.pem"}, &loose, true), 0) << loose;
    EXPECT_NE(loose.find("script ran"), std::string::npos) << loose;

    std::string strict;
    run(chain_then_back("s.ipxe"), {"a.pub.pem"}, &strict, true, true);
    EXPECT_NE(
        strict.find(uri("s.ipxe") + ": REFUSED (not-signed): not signed: no detached signature, and signed "
                                    "scripts are required"),
        std::string::npos)
        << strict;
    EXPECT_EQ(strict.find("script ran"), std::string::npos) << strict;

    sign("s.ipxe", "a");  // writes s.ipxe.sig
    std::string signed_run;
    EXPECT_EQ(run(chain_then_back("s.ipxe"), {"a.pub.pem"}, &signed_run, true, true), 0) << signed_run;
    EXPECT_NE(signed_run.find(uri("s.ipxe") + ": OK: signed by key " + key_a), std::string::npos)
        << signed_run;
    EXPECT_NE(signed_run.find("script ran"), std::string::npos) << signed_run;

    write_text(p("s.ipxe"), "#!ipxe\necho script ran, changed\n");
    std::string changed;
    run(chain_then_back("s.ipxe"), {"a.pub.pem"}, &changed, true, true);
    EXPECT_NE(changed.find("REFUSED (bad-signature)"), std::string::npos) << changed;
    EXPECT_EQ(changed.find("changed\n"), std::string::npos) << changed;
}

TEST_F(RunTrust, OlderMenuIsRefusedAfterANewerOneInTheSameBoot) {
    write_text(p("new.cbm"), echo_module("serial five", 5));
    write_text(p("old.cbm"), echo_module("serial four", 4));
    sign("new.cbm", "a");
    sign("old.cbm", "a");
    std::string out;
    run("chain " + uri("new.cbm") + "\n" + chain_then_back("old.cbm") + chain_then_back("new.cbm"),
        {"a.pub.pem"}, &out, true);
    EXPECT_NE(out.find("serial five"), std::string::npos) << out;
    EXPECT_NE(
        out.find(uri("old.cbm") +
                 ": REFUSED (rollback): rollback refused: menu serial 4 is older than serial 5, already run "
                 "in this boot"),
        std::string::npos)
        << out;
    EXPECT_EQ(out.find("serial four"), std::string::npos) << out;
    // The same serial again is fine.
    EXPECT_NE(out.find("serial five", out.find("REFUSED")), std::string::npos) << out;
}

// A signed menu that chains `url` and then prints "after the chain".
std::string chaining_module(const std::string& url, uint64_t serial) {
    bc::ModuleBuilder b;
    bc::Label entry = b.new_label();
    b.set_entry(entry);
    b.bind(entry);
    b.push("chain");
    b.push(Str(url.data(), url.size()));
    b.exec(2);
    b.push("echo");
    b.push("after the chain");
    b.exec(2);
    b.emit(bc::Op::Ret);
    b.set_serial(serial);
    auto out = b.finish();
    EXPECT_TRUE(out.ok());
    return std::string(reinterpret_cast<const char*>(out->data()), out->size());
}

// `chain --replace` hands over to the new image: it is gated too, and once the trusted top-level
// program is gone, nothing it leads to inherits its exemption.
TEST_F(RunTrust, ReplacementsAndWhatTheyChainAreGated) {
    write_text(p("unsigned.cbm"), echo_module("unsigned ran", 0));
    std::string direct;
    run("chain --replace " + uri("unsigned.cbm") + "\n", {"a.pub.pem"}, &direct, true);
    EXPECT_NE(direct.find(uri("unsigned.cbm") + ": REFUSED (not-signed)"), std::string::npos) << direct;
    EXPECT_EQ(direct.find("unsigned ran"), std::string::npos) << direct;

    write_text(p("chainer.cbm"), chaining_module(uri("unsigned.cbm"), 1));
    sign("chainer.cbm", "a");
    std::string nested;
    run("chain --replace " + uri("chainer.cbm") + "\n", {"a.pub.pem"}, &nested, true);
    EXPECT_NE(nested.find(uri("chainer.cbm") + ": OK: signed by key " + key_a), std::string::npos) << nested;
    EXPECT_NE(nested.find(uri("unsigned.cbm") + ": REFUSED (not-signed)"), std::string::npos) << nested;
    EXPECT_EQ(nested.find("unsigned ran"), std::string::npos) << nested;
    EXPECT_NE(nested.find("after the chain"), std::string::npos) << nested;  // the caller carries on
}

TEST_F(RunTrust, LocalTopLevelProgramIsTrustedLikeAnEmbeddedOne) {
    write_text(p("local.cbm"), echo_module("local menu", 0));
    RunRequest r;
    r.input = p("local.cbm");
    r.plain = true;
    r.keys_given = true;
    r.require_signed = true;
    r.trust.push_back(p("a.pub.pem"));
    std::string out;
    FILE* f = std::tmpfile();
    r.out = f, r.err = f;
    EXPECT_EQ(run_program(r), 0);
    std::fflush(f);
    std::rewind(f);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    EXPECT_NE(out.find("local menu"), std::string::npos) << out;
    EXPECT_EQ(out.find("REFUSED"), std::string::npos) << out;
}

TEST_F(RunTrust, FetchedTopLevelOverHttpIsVerifiedAndA404SigMeansUnsigned) {
    test::HttpTestServer server;
    write_text(p("signed.cbm"), echo_module("http signed", 1));
    sign("signed.cbm", "a");
    server.add_file("/signed.cbm", read_text(p("signed.cbm")));
    server.add_file("/plain.cbm", echo_module("http plain", 1));
    ASSERT_TRUE(server.start());
    auto run_url = [&](const std::string& url, std::string* out) {
        RunRequest r;
        r.input = url;
        r.plain = true;
        r.keys_given = true;
        r.require_signed = true;
        r.trust.push_back(p("a.pub.pem"));
        return test::run_captured(r, out);
    };
    std::string good, plain;
    EXPECT_EQ(run_url(server.url("/signed.cbm"), &good), 0) << good;
    EXPECT_NE(good.find("http signed"), std::string::npos) << good;
    EXPECT_NE(run_url(server.url("/plain.cbm"), &plain), 0) << plain;
    EXPECT_NE(plain.find(server.url("/plain.cbm") + ": REFUSED (not-signed)"), std::string::npos) << plain;
    EXPECT_EQ(plain.find("http plain"), std::string::npos) << plain;
}

TEST_F(RunTrust, UsageErrors) {
    std::string out;
    EXPECT_EQ(call(cmd_run, "run", {p("main.ipxe"), "--require-signed"}, &out), 2);
    EXPECT_NE(out.find("--require-signed needs at least one --trust"), std::string::npos) << out;
    write_text(p("main.ipxe"), "#!ipxe\necho hi\n");
    write_text(p("junk.pem"), "not a key\n");
    EXPECT_EQ(call(cmd_run, "run", {p("main.ipxe"), "--trust", p("junk.pem"), "--keys", ""}, &out), 2);
}

}  // namespace
}  // namespace carte::cli
