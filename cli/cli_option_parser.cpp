#include "cli/cli_option_parser.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "cli/cli_compiler_io.h"

namespace carte::cli {

namespace {

// "-o,--output" -> {"-o", "--output"}
std::vector<std::string> spellings_of(const char* names) {
    std::vector<std::string> out;
    std::string all = names;
    for (size_t start = 0; start <= all.size();) {
        size_t comma = all.find(',', start);
        if (comma == std::string::npos) comma = all.size();
        out.push_back(all.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

}  // namespace

OptionParser::OptionParser(const char* command, const char* help)
    : command_(command), help_(help), app_(std::make_unique<CLI::App>()) {
    // Help is each command's own text, and unknown options and extra arguments come back in
    // remaining() so they are reported in our words rather than CLI11's.
    app_->set_help_flag();
    app_->allow_extras();
    app_->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app_->add_flag("-h,--help");
}

OptionParser::~OptionParser() = default;

void OptionParser::remember(const char* names, const char* needs) {
    value_options_.push_back(ValueOption{spellings_of(names), needs});
}

void OptionParser::value(const char* names, std::string* out, const char* needs) {
    app_->add_option(names, *out);
    remember(names, needs);
}

void OptionParser::values(const char* names, std::vector<std::string>* out, const char* needs) {
    // One value per occurrence: `--trust a.pem menu.cbm` must leave menu.cbm an input.
    app_->add_option(names, *out)->allow_extra_args(false);
    remember(names, needs);
}

void OptionParser::flag(const char* names, bool* out) {
    app_->add_flag(names, *out);
    for (std::string& spelling : spellings_of(names)) flag_spellings_.push_back(std::move(spelling));
}

void OptionParser::input(std::string* out, const char* too_many) {
    app_->add_option("input", *out);
    takes_input_ = true;
    too_many_inputs_ = too_many;
}

void OptionParser::inputs(std::vector<std::string>* out) {
    app_->add_option("inputs", *out);
    takes_input_ = true;
}

bool OptionParser::is_value_option(const std::string& spelling) const {
    for (const ValueOption& o : value_options_)
        for (const std::string& s : o.spellings)
            if (s == spelling) return true;
    return false;
}

std::string OptionParser::missing_value_message(const std::string& option,
                                                const std::string& fallback) const {
    for (const ValueOption& o : value_options_)
        for (const std::string& s : o.spellings)
            if (s == option) return s + " needs " + o.needs;
    return fallback;
}

std::optional<int> OptionParser::parse(int argc, char** argv) {
    // `--opt=value` and `-o=value` become `--opt value` and `-o value` before CLI11 sees them: an
    // empty value stays a value (CLI11 would take the next argument for `--opt=`), and `-o=x`
    // means x, not "=x" as CLI11 reads short options.
    // A flag given a value (`--werror=no`) is an error, not one of CLI11's boolean spellings.
    std::vector<std::string> args;
    std::string flag_with_value;
    bool options_ended = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        options_ended = options_ended || a == "--";
        size_t eq = options_ended ? std::string::npos : a.find('=');
        std::string name = eq == std::string::npos ? std::string() : a.substr(0, eq);
        if (eq != std::string::npos && is_value_option(name)) {
            args.push_back(name);
            args.push_back(a.substr(eq + 1));
        } else if (eq != std::string::npos &&
                   std::find(flag_spellings_.begin(), flag_spellings_.end(), name) != flag_spellings_.end()) {
            if (flag_with_value.empty()) flag_with_value = name;
        } else {
            args.push_back(std::move(a));
        }
    }
    auto help = [this]() {
        std::fputs(help_, stdout);
        return 0;
    };
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
        app_->parse(reversed);
    } catch (const CLI::ArgumentMismatch& e) {
        if (app_->count("--help")) return help();
        // CLI11 runs out of arguments only at the end, so the option missing its value is the last.
        return usage(args.empty() ? e.what() : missing_value_message(args.back(), e.what()));
    } catch (const CLI::ParseError& e) {
        if (app_->count("--help")) return help();
        return usage(e.what());
    }
    if (app_->count("--help")) return help();
    if (!flag_with_value.empty()) return usage(flag_with_value + " takes no value");
    bool after_dashes = false;
    for (const std::string& extra : app_->remaining()) {
        if (extra == "--" && !after_dashes) {
            after_dashes = true;
        } else if (!after_dashes && extra.size() > 1 && extra[0] == '-') {
            return usage("unknown option '" + extra + "'");
        } else {
            return usage(takes_input_ ? too_many_inputs_ : "unexpected argument '" + extra + "'");
        }
    }
    return std::nullopt;
}

bool OptionParser::given(const char* name) const {
    return app_->count(name) > 0;
}

int OptionParser::usage(const std::string& message) const {
    return usage_error(command_, message);
}

}  // namespace carte::cli
