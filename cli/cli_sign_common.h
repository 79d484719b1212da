// Shared bit of `carte keygen/sign/verify/pin`: reporting a failure (their options are declared
// with OptionParser, cli_option_parser.h).
#pragma once
#include <string>

namespace carte::cli {

// Prints "carte CMD: message" to stderr and returns 1.
int sign_failure(const char* command, const std::string& message);

}  // namespace carte::cli
