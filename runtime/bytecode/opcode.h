// Opcodes and their static properties, generated from opcodes.def.
#pragma once
#include "runtime/rt/str.h"

namespace carte::bc {

enum class OperandKind : uint8_t { None, Str, Off, Num, Menu };

constexpr int kPopsOperandA = -1;
constexpr uint8_t kEmptyStack = 1;
constexpr uint8_t kEmptyAfter = 2;
constexpr uint8_t kNoFallthrough = 4;

enum class Op : uint8_t {
#define CARTE_OPCODE(name, byte, mn, a, b, pops, pushes, flags) name = byte,
#include "runtime/bytecode/opcodes.def"
#undef CARTE_OPCODE
};

struct OpInfo {
    Op op;
    Str mnemonic;
    OperandKind a, b;
    int pops;
    int pushes;
    uint8_t flags;
};

// nullptr for bytes that are not opcodes.
const OpInfo* op_info(uint8_t byte);
// Lookup by mnemonic (for the assembler); nullptr if unknown.
const OpInfo* op_by_mnemonic(Str mnemonic);

// Limits shared by the builder and the verifier.
constexpr uint32_t kMaxStack = 64;
constexpr uint32_t kMaxExecArgs = 64;

}  // namespace carte::bc
