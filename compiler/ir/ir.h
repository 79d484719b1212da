// The menu model (IR) every front-end produces and every back-end consumes. The DSL
// (compiler/dsl/), YAML and JSON (compiler/yaml/) front-ends build a Catalogue; checks
// (compiler/check/) validate it; codegen (compiler/codegen/) turns it into bytecode, a classic iPXE
// script or JSON. Compile-time constructs (consts, loops, imports, includes) are already expanded
// here: the IR is the explicit model. Strings may still contain runtime settings in iPXE syntax
// (`${net0/mac:hexhyp}`), kept verbatim for the runtime to expand.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace carte::ir {

// 1-based source range. end_line/end_col point at the last character of the range (inclusive);
// an empty file means "no position known".
struct SourceSpan {
    std::string file;
    uint32_t line = 0, col = 0;
    uint32_t end_line = 0, end_col = 0;
    bool known() const { return line != 0; }
};

// A string together with where it was written.
struct Text {
    std::string value;
    SourceSpan span;
};

// A file to download, with an optional integrity pin.
struct Fetch {
    Text url;
    std::optional<Text> sha256;  // 64 hex digits
    std::optional<Text> name;    // initrd name (`BCD`, `/etc/x mode=600`), as wimboot/CPIO needs
    std::vector<Text> args;      // extra arguments after the URL (e.g. for chain)
    SourceSpan span;
};

// Runtime condition on settings. `left` is a setting reference in iPXE form (`platform`,
// `net0/mac`, `smbios/serial`); `right` a string (a glob for Match/NotMatch).
struct Condition {
    enum class Kind { Eq, Ne, Match, NotMatch, IsSet, And, Or, Not };
    Kind kind = Kind::Eq;
    Text left;
    Text right;
    std::vector<Condition> operands;  // And/Or: two or more; Not: one
    SourceSpan span;
};

// ---- Steps: one action or helper each; an item runs its steps in order. ----
struct Linux {
    Fetch kernel;
    std::vector<Fetch> initrds;
    std::optional<Text> cmdline;
};
struct Multiboot {
    Fetch kernel;
    std::vector<Fetch> modules;
};
struct Efi {
    Fetch image;
};
struct Chain {
    Fetch fetch;  // an image, an iPXE script, or Carte bytecode / a menu URL
};
struct Submenu {
    Text menu;  // menu id
};
struct Shell {};
struct Exit {
    uint32_t status = 0;  // to the next boot device
};
struct Reboot {};
struct Poweroff {};
struct Ask {
    Text setting;
    std::optional<Text> prompt;
    std::optional<Text> default_value;
};
struct Set {
    Text setting;
    Text value;
};
struct Echo {
    Text text;
};
struct Ipxe {
    std::vector<Text> lines;  // classic iPXE lines, the escape hatch
};

using StepAction =
    std::variant<Linux, Multiboot, Efi, Chain, Submenu, Shell, Exit, Reboot, Poweroff, Ask, Set, Echo, Ipxe>;

struct Step {
    StepAction action;
    SourceSpan span;
};

struct Item {
    enum class Kind { Item, Gap, Header };
    Kind kind = Kind::Item;
    Text id;                        // items: required; gaps/headers: may be empty
    Text label;                     // headers and items; gaps may carry a label too
    std::optional<Text> hotkey;     // one character (UTF-8)
    std::optional<Condition> when;  // shown only when true at run time
    std::vector<Step> steps;
    SourceSpan span;
};

struct Menu {
    Text id;
    Text title;
    std::optional<uint64_t> timeout_ms;  // from typed durations (10s, 500ms)
    SourceSpan timeout_span;
    std::optional<Text> default_item;  // item id
    std::vector<Item> items;
    SourceSpan span;
};

// A runtime setting with a default: set at entry only if it is unset at run time, so e.g. a
// mirror stays overridable (`set debian_mirror …` from DHCP, the shell or an embedded script).
struct SettingDefault {
    Text name;
    Text value;
    SourceSpan span;
};

struct Catalogue {
    uint32_t version = 1;  // model version
    uint64_t serial = 0;   // monotonic per publisher (rollback protection)
    Text entry;            // entry menu id; empty = the first menu
    std::vector<SettingDefault> defaults;
    std::vector<Menu> menus;
    std::string source_file;  // the file the catalogue was read from
};

}  // namespace carte::ir
