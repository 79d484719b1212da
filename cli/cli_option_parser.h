// One way for every `carte` subcommand to declare its options (CLI11 underneath, kept out of
// the header so only cli_option_parser.cpp compiles it). Each command gets the same behaviour:
// every option with a value takes `--opt=value` and `--opt value` (short ones also `-o=value`
// and `-ovalue`), the last one winning unless the option is repeatable; flags take no value;
// `--` ends the options; `-h`/`--help` prints the command's own help text, whatever else is on
// the line; usage errors read "carte <cmd>: <message>" + "try 'carte <cmd> --help'" on stderr
// and exit 2 (usage_error in cli_compiler_io.h).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace carte::cli {

class OptionParser {
  public:
    // `command` names the subcommand in messages; `help` is printed for -h/--help.
    OptionParser(const char* command, const char* help);
    ~OptionParser();
    OptionParser(const OptionParser&) = delete;
    OptionParser& operator=(const OptionParser&) = delete;

    // `names` is one spelling or several separated by commas: "-o", "--emit", "-k,--key".
    // `needs` completes "<option> needs ..." when the value is missing.

    // An option with a value; given twice, the last value wins.
    void value(const char* names, std::string* out, const char* needs = "a value");
    // A repeatable option with a value; each occurrence appends one value.
    void values(const char* names, std::vector<std::string>* out, const char* needs = "a value");
    // An option without a value.
    void flag(const char* names, bool* out);
    // The one positional argument; `too_many` is the usage message for a second one.
    void input(std::string* out, const char* too_many);
    // Any number of positional arguments, in order.
    void inputs(std::vector<std::string>* out);

    // Parses argv[1..argc). nullopt: go on with the command. Otherwise the command is done and
    // this is its exit status: 0 after printing the help, 2 after reporting a usage error.
    std::optional<int> parse(int argc, char** argv);

    // Whether the option spelled `name` appeared (tells `--keys ""` from no --keys at all).
    bool given(const char* name) const;

    // Reports a usage error in the common format and returns 2.
    int usage(const std::string& message) const;

  private:
    struct ValueOption {
        std::vector<std::string> spellings;  // "-o", "--output"
        std::string needs;
    };
    void remember(const char* names, const char* needs);
    bool is_value_option(const std::string& spelling) const;
    std::string missing_value_message(const std::string& option, const std::string& fallback) const;

    const char* command_;
    const char* help_;
    std::unique_ptr<CLI::App> app_;
    bool takes_input_ = false;
    std::string too_many_inputs_;
    std::vector<ValueOption> value_options_;
    std::vector<std::string> flag_spellings_;
};

}  // namespace carte::cli
