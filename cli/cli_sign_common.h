// Shared bits of `carte keygen/sign/verify/pin`: a small option reader and error reporting.
#pragma once
#include <cstdio>
#include <string>

namespace carte::cli {

// Walks argv[1..]: options with values ("-o X", "--key X", "--key=X") and positional arguments.
class SignArgs {
  public:
    SignArgs(const char* command, int argc, char** argv) : command_(command), argc_(argc), argv_(argv) {}
    bool next() { return ++i_ < argc_ && !failed_; }
    const std::string& arg() {
        current_ = argv_[i_];
        return current_;
    }
    // True if the current argument is `name`, alone or as "name=value".
    bool is(const char* name) const;
    // The option's value (after '=' or the next argument); reports a usage error when missing.
    std::string value();
    bool failed() const { return failed_; }
    int usage(const std::string& message);  // prints "carte CMD: message" + hint; returns 2

  private:
    const char* command_;
    int argc_;
    char** argv_;
    int i_ = 0;
    bool failed_ = false;
    std::string current_;
};

// Prints "carte CMD: message" to stderr and returns 1.
int sign_failure(const char* command, const std::string& message);

}  // namespace carte::cli
