// Translating a classic iPXE script into Carte bytecode (docs/ipxe-scripts.md), so one VM runs
// both Carte menus and `#!ipxe` scripts. The translation is line by line and never rescans:
// labels go into the module's LABL table, which `goto` searches by binary search.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::script {

struct ScriptOptions {
    // A script must start with `#!ipxe`/`#!gpxe`. False for the .lkrn kernel command line,
    // which iPXE runs as a script without any header.
    bool require_header = true;
    // Emit DBUG source positions (file = the script's name, one entry per line) so runtime
    // errors and `carte disasm` can name the source line.
    bool debug_info = true;
    uint64_t serial = 0;
};

// Translates `text` (named `name`, e.g. its URI) into a verified bytecode module with the
// SCRIPT flag. Errors: Errc::badmsg when the header is missing or a command has more words
// than the VM's argv limit (64); `why` then gets "name:line: reason". Errc::nomem on memory
// exhaustion. Behaviour the script only shows when run (an unknown label, a `\` on the last
// line) becomes bytecode that fails at that point, as iPXE would.
Result<Vec<uint8_t>> translate_script(Str text, Str name, const ScriptOptions& options = ScriptOptions(),
                                      String* why = nullptr);

}  // namespace carte::script
