#include "runtime/bytecode/instruction.h"

#include "runtime/rt/varint.h"

namespace carte::bc {

DecodeError decode_instruction(Bytes code, uint32_t pos, Instruction* out) {
    if (pos >= code.size()) return DecodeError::truncated;
    const OpInfo* info = op_info(code[pos]);
    if (!info) return DecodeError::bad_opcode;
    size_t p = pos + 1;
    uint32_t a = 0, b = 0;
    if (info->a != OperandKind::None && !read_varint(code, &p, &a)) return DecodeError::truncated;
    if (info->b != OperandKind::None && !read_varint(code, &p, &b)) return DecodeError::truncated;
    out->info = info;
    out->offset = pos;
    out->size = static_cast<uint32_t>(p - pos);
    out->a = a;
    out->b = b;
    return DecodeError::none;
}

}  // namespace carte::bc
