// The compiler subcommands as a user runs them: --help, exit codes (0 ok, 1 diagnostics,
// 2 usage), quiet success, output files, and disasm | asm byte-for-byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace carte {
namespace {

namespace fs = std::filesystem;

int run(int (*cmd)(int, char**), std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return cmd(static_cast<int>(args.size()), argv.data());
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class CompilerCommands : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(CARTE_BINARY_DIR) / (std::string("cli_compiler_test_") +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        good_ = (dir_ / "good.yaml").string();
        std::ofstream(good_)
            << "menus:\n  - id: main\n    title: T\n    items:\n      - {id: s, label: S, shell: true}\n";
        bad_ = (dir_ / "bad.yaml").string();
        std::ofstream(bad_)
            << "menus:\n  - id: main\n    timeout: 5\n    items:\n      - {id: s, submenu: nope}\n";
    }
    fs::path dir_;
    std::string good_, bad_;
};

TEST_F(CompilerCommands, HelpExitsZero) {
    for (auto cmd : {cli::cmd_check, cli::cmd_compile, cli::cmd_disasm, cli::cmd_asm}) {
        testing::internal::CaptureStdout();
        EXPECT_EQ(run(cmd, {"x", "--help"}), 0);
        EXPECT_NE(testing::internal::GetCapturedStdout().find("usage:"), std::string::npos);
    }
}

TEST_F(CompilerCommands, UsageErrorsExitTwo) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(run(cli::cmd_check, {"check"}), 2);
    EXPECT_EQ(run(cli::cmd_compile, {"compile", good_, "--emit", "pdf"}), 2);
    EXPECT_EQ(run(cli::cmd_compile, {"compile", "--frobnicate", good_}), 2);
    EXPECT_EQ(run(cli::cmd_disasm, {"disasm"}), 2);
    EXPECT_EQ(run(cli::cmd_asm, {"asm", "-"}), 2);
    testing::internal::GetCapturedStderr();
}

TEST_F(CompilerCommands, CheckIsQuietOnSuccessAndExitsOneOnErrors) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(run(cli::cmd_check, {"check", good_}), 0);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
    testing::internal::CaptureStderr();
    EXPECT_EQ(run(cli::cmd_check, {"check", bad_}), 1);
    std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("bad.yaml:3:14: error: timeout '5' has no unit"), std::string::npos) << err;
    EXPECT_NE(err.find("menu 'nope' is not defined"), std::string::npos) << err;
}

TEST_F(CompilerCommands, JsonDiagnosticsGoToStdout) {
    testing::internal::CaptureStdout();
    EXPECT_EQ(run(cli::cmd_check, {"check", "--diagnostics-format=json", bad_}), 1);
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("\"code\": \"bad-duration\""), std::string::npos) << out;
}

TEST_F(CompilerCommands, CompileDisasmAsmRoundTrip) {
    std::string cbm = (dir_ / "good.cbm").string(), lst = (dir_ / "good.lst").string(),
                again = (dir_ / "again.cbm").string();
    ASSERT_EQ(run(cli::cmd_compile, {"compile", good_, "-o", cbm}), 0);
    ASSERT_EQ(run(cli::cmd_disasm, {"disasm", cbm, "-o", lst}), 0);
    ASSERT_EQ(run(cli::cmd_asm, {"asm", lst, "-o", again}), 0);
    EXPECT_EQ(slurp(cbm), slurp(again));
    EXPECT_NE(slurp(lst).find("; 5 | - {id: s, label: S, shell: true}"), std::string::npos) << slurp(lst);
}

TEST_F(CompilerCommands, FailedCompileWritesNothing) {
    std::string out = (dir_ / "bad.cbm").string();
    fs::remove(out);
    testing::internal::CaptureStderr();
    EXPECT_EQ(run(cli::cmd_compile, {"compile", bad_, "-o", out}), 1);
    testing::internal::GetCapturedStderr();
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(CompilerCommands, DisasmRejectsCorruptBytecode) {
    std::string junk = (dir_ / "junk.cbm").string();
    std::ofstream(junk) << "CBM\x1a garbage";
    testing::internal::CaptureStderr();
    EXPECT_EQ(run(cli::cmd_disasm, {"disasm", junk}), 1);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("invalid bytecode"), std::string::npos);
}

}  // namespace
}  // namespace carte
