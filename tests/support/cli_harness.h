// Test helpers for the CLI subcommands: whole-file reads and writes, and running one subcommand
// in-process with its stdout and stderr captured.
#pragma once
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace carte::test {

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_text(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

struct CmdResult {
    int status;
    std::string out, err;
    std::string all() const { return out + err; }
};

// Runs `cmd` with argv = {name, args…}, capturing what it prints.
inline CmdResult run_command(int (*cmd)(int, char**), const char* name, std::vector<std::string> args) {
    std::vector<std::string> all{name};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int status = cmd(static_cast<int>(all.size()), argv.data());
    std::fflush(stdout);
    std::string out = testing::internal::GetCapturedStdout();
    return CmdResult{status, out, testing::internal::GetCapturedStderr()};
}

}  // namespace carte::test
