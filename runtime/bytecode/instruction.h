// Decoding one instruction from a code stream, driven by the opcode table.
#pragma once
#include "runtime/bytecode/opcode.h"
#include "runtime/rt/span.h"

namespace carte::bc {

struct Instruction {
    const OpInfo* info = nullptr;
    uint32_t offset = 0;  // of the opcode byte within CODE
    uint32_t size = 0;    // bytes, opcode included
    uint32_t a = 0, b = 0;
    Op op() const { return info->op; }
};

enum class DecodeError : uint8_t { none, bad_opcode, truncated };

// Decodes the instruction at code[pos]. Operands are not range-checked here (the verifier does).
DecodeError decode_instruction(Bytes code, uint32_t pos, Instruction* out);

}  // namespace carte::bc
