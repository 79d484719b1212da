// `carte run`, as a function the CLI and the tests share: load a menu, bytecode or iPXE script
// (from a file or an http:// URL), run it on the host platform, return the script's status.
#pragma once
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace carte::cli {

struct RunRequest {
    std::string input;  // FILE, http:// or https:// URL
    std::string keys;   // --keys
    bool keys_given = false;
    bool plain = false;                                     // --plain
    std::vector<std::pair<std::string, std::string>> sets;  // --set name=value, in order
    double timeout_scale = 1.0;                             // --timeout-scale
    std::vector<std::string> trust;                         // --trust FILE[,not-after=TIME], in order
    std::vector<std::string> ca;                            // --ca FILE: HTTPS roots instead of the host's
    bool require_signed = false;                            // --require-signed
    bool require_signed_scripts = false;                    // --require-signed-scripts
    FILE* out = stdout;                                     // console output
    FILE* err = stderr;                                     // carte's own errors
};

// Runs the program. Returns the process exit status: the script's status (0 = success; an
// errno-style code or `exit N` value, truncated to 1..255 when non-zero), or 2 for a usage
// problem before anything ran.
int run_program(const RunRequest& request);

}  // namespace carte::cli
