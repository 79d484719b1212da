// A runnable program: a verified bytecode module together with the bytes it views. Made from a
// .cbm image directly, or from an iPXE script through the script translator, so the VM only
// ever runs verified bytecode.
#pragma once
#include "runtime/bytecode/module.h"

namespace carte {

// Translates iPXE script text to .cbm bytes (runtime/script). A hook so the VM does not depend on
// one translator and tests can run without it.
using ScriptTranslator = Result<Vec<uint8_t>> (*)(Str text, Str name, String* why);

// The runtime's own translator (runtime/script), the default ScriptTranslator.
Result<Vec<uint8_t>> translate_ipxe_script(Str text, Str name, String* why);

struct Program {
    Vec<uint8_t> bytes;
    bc::Module module;
};

// Loads `data` (bytecode, or an `#!ipxe`/`#!gpxe` script when `translate` is given). Errc::noexec
// if it is neither; Errc::badmsg (with *why) if it does not verify or translate.
Result<Program*> load_program(Bytes data, Str name, ScriptTranslator translate, String* why);
inline void free_program(Program* p) {
    destroy(p);
}

}  // namespace carte
