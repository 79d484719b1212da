// iPXE's command set as a table (its COMMAND_DESC descriptors in src/hci/commands/, src/core/exec.c
// and src/image/script.c): one entry per command with its options
// and how many positional arguments it takes, so `carte check` can flag unknown commands,
// unknown options and wrong argument counts the way iPXE's getopt would at boot time.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace carte::ipxe_lint {

constexpr int kUnlimited = -1;

struct OptionSpec {
    std::string name;  // long name without `--` (`name`, `no-describe`; echo's is just `n`)
    char short_name;   // `-n`; by iPXE convention the first letter of the long name
    bool takes_value;  // `--name <n>` / `--name=<n>` / `-n <n>` / `-n<n>`
};

struct CommandSpec {
    std::string_view name;
    // Options as `long[/s][=]`, space-separated: `/s` gives a short letter other than the
    // first one, `=` marks an option that takes a value. Parsed by options().
    std::string_view option_list;
    int min_args;  // positional arguments after the options
    int max_args;  // kUnlimited for "[<arguments>...]"
    std::string_view usage;

    std::vector<OptionSpec> options() const;
};

// The command named `name` (case-sensitive, as in iPXE), or nullptr.
const CommandSpec* find_command(std::string_view name);
// The parsed options of a table entry (cached).
const std::vector<OptionSpec>& options_of(const CommandSpec& c);
// Every command, in table order.
const std::vector<CommandSpec>& all_commands();
// Every command name (for "did you mean").
std::vector<std::string> command_names();

}  // namespace carte::ipxe_lint
