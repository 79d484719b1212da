#include "runtime/bytecode/opcode.h"

namespace carte::bc {
namespace {

constexpr OpInfo kOps[] = {
#define CARTE_OPCODE(name, byte, mn, a, b, pops, pushes, flags) \
    {Op::name, mn, OperandKind::a, OperandKind::b, pops, pushes, flags},
#include "runtime/bytecode/opcodes.def"
#undef CARTE_OPCODE
};

}  // namespace

const OpInfo* op_info(uint8_t byte) {
    for (const OpInfo& i : kOps)
        if (static_cast<uint8_t>(i.op) == byte) return &i;
    return nullptr;
}

const OpInfo* op_by_mnemonic(Str mnemonic) {
    for (const OpInfo& i : kOps)
        if (i.mnemonic == mnemonic) return &i;
    return nullptr;
}

}  // namespace carte::bc
