// Runs a `carte run` request in-process with its output (stdout and stderr alike) captured, for
// the CLI tests that drive menus and scripts end to end.
#pragma once
#include <cstdio>
#include <string>

#include "cli/cli_run.h"

namespace carte::test {

// Returns the exit status; appends everything the run printed to *out.
inline int run_captured(cli::RunRequest r, std::string* out) {
    FILE* f = std::tmpfile();
    r.out = f;
    r.err = f;
    int status = cli::run_program(r);
    std::fflush(f);
    std::rewind(f);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
    std::fclose(f);
    return status;
}

}  // namespace carte::test
