// `carte fmt` as a user runs it: rewrites in place, --check reports without writing,
// syntax errors leave the file alone, usage errors exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace carte {
namespace {

namespace fs = std::filesystem;

int run_fmt(std::vector<std::string> args) {
    args.insert(args.begin(), "fmt");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return cli::cmd_fmt(static_cast<int>(args.size()), argv.data());
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class FmtCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(CARTE_BINARY_DIR) / (std::string("cli_fmt_test_") +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        messy_ = (dir_ / "messy.carte").string();
        std::ofstream(messy_) << "carte 1\nmenu main \"M\"{\nitem a \"A\"->shell}\n";
        tidy_ = (dir_ / "tidy.carte").string();
        std::ofstream(tidy_) << "carte 1\nmenu main \"M\" {\n  item a \"A\" -> shell\n}\n";
        broken_ = (dir_ / "broken.carte").string();
        std::ofstream(broken_) << "carte 1\nmenu main \"M\" {\n  item a \"A\" shell\n}\n";
    }
    fs::path dir_;
    std::string messy_, tidy_, broken_;
};

TEST_F(FmtCommand, RewritesInPlace) {
    EXPECT_EQ(run_fmt({messy_}), 0);
    EXPECT_EQ(slurp(messy_), "carte 1\nmenu main \"M\" {\n  item a \"A\" -> shell\n}\n");
    EXPECT_EQ(run_fmt({"--check", messy_}), 0);
}

TEST_F(FmtCommand, CheckReportsAndDoesNotWrite) {
    std::string before = slurp(messy_);
    EXPECT_EQ(run_fmt({"--check", tidy_, messy_}), 1);
    EXPECT_EQ(slurp(messy_), before);
    EXPECT_EQ(run_fmt({"--check", tidy_}), 0);
}

TEST_F(FmtCommand, SyntaxErrorsLeaveTheFileAlone) {
    std::string before = slurp(broken_);
    EXPECT_EQ(run_fmt({broken_}), 1);
    EXPECT_EQ(slurp(broken_), before);
}

TEST_F(FmtCommand, UsageAndHelp) {
    EXPECT_EQ(run_fmt({"--help"}), 0);
    EXPECT_EQ(run_fmt({"--bogus"}), 2);
    EXPECT_EQ(run_fmt({(dir_ / "missing.carte").string()}), 1);
}

}  // namespace
}  // namespace carte
