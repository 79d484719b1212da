// Splitting one logical line into a label, words, operators and commands (iPXE: process_script() in
// src/image/script.c, split_command() and command_terminator() in src/core/exec.c): an optional
// leading `:label`, then whitespace-separated tokens with no quoting; a token that *starts* with
// `#` ends the line; `||`, `&&` and `;` are operators only as whole tokens. N operators always
// delimit N+1 commands, any of which may be empty (`cmd ||`).
#pragma once
#include "runtime/rt/str.h"
#include "runtime/rt/vec.h"

namespace carte::script {

enum class TokenKind : uint8_t { Word, Or, And, Semicolon };

struct Token {
    Str text;
    uint32_t offset;  // byte offset in the logical line
    TokenKind kind;
};

// How a command is joined to the one before it.
enum class Joiner : uint8_t {
    First,      // the first command of the line: always runs
    Or,         // after `||`: runs only if rc != 0
    And,        // after `&&`: runs only if rc == 0
    Semicolon,  // after `;`: always runs
};

struct Command {
    Joiner joiner;
    uint32_t first;   // index of its first word in ParsedLine::tokens
    uint32_t count;   // number of words; 0 = the empty command (succeeds)
    uint32_t offset;  // where it starts in the line (for an empty command: just after its operator)
};

struct ParsedLine {
    bool has_label = false;
    Str label;                  // may be empty (`:` alone defines the empty label, as in iPXE)
    uint32_t label_offset = 0;  // offset of the `:`
    bool has_comment = false;
    uint32_t comment_offset = 0;  // offset of the `#` token that ended the line
    Vec<Token> tokens;            // words and operators before any comment
    Vec<Command> commands;        // empty when the line has no tokens at all

    // The words of command `c`.
    Token word(const Command& c, uint32_t i) const { return tokens[c.first + i]; }
};

// Parses `text` into `out` (whose vectors are reused). False only when memory runs out.
// A NUL byte ends the line, as it ends iPXE's C string.
bool parse_line(Str text, ParsedLine* out);

}  // namespace carte::script
