// Shared plumbing of the compiler subcommands (check, compile, disasm, asm): option parsing
// helpers, reading/writing files or stdin/stdout ("-"), and printing diagnostics in the
// requested format with colour only on a terminal.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace carte::cli {

enum class DiagFormat { Text, Json };

// Parses `--diagnostics-format=text|json` (or the two-word form); returns false on a bad value.
bool parse_diag_format(const std::string& value, DiagFormat* out);

// Reads a whole file ("-" = stdin). nullopt when unreadable.
std::optional<std::string> read_input(const std::string& path);
// Writes bytes to a file ("-" = stdout). False on failure.
bool write_output(const std::string& path, const std::string& bytes);

// Prints the sink's diagnostics to stderr (text; colour when stderr is a TTY) or stdout (JSON,
// always printed so tools get a document even when it is empty).
void print_diagnostics(const diag::DiagnosticSink& sink, DiagFormat format);

// Reports a usage error ("carte <cmd>: message" + "try --help") and returns 2.
int usage_error(const char* cmd, const std::string& message);

}  // namespace carte::cli
