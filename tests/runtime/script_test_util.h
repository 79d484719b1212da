// Helpers for the iPXE script tests: translate, verify with load_module(), and list the code
// as compact text ("push echo", "exec 2", "jok @7") where @N is an instruction index, so
// expectations read like the instruction patterns in docs/ipxe-scripts.md.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bytecode/instruction.h"
#include "runtime/bytecode/module.h"
#include "runtime/script/translator.h"

namespace carte::script::testing {

struct Translated {
    bool ok = false;
    std::string why;
    std::vector<uint8_t> bytes;
    bc::Module module;
    std::vector<std::string> code;  // one entry per instruction
    std::vector<uint32_t> offsets;  // code offset of each instruction
    int index_of(uint32_t offset) const {
        for (size_t i = 0; i < offsets.size(); ++i)
            if (offsets[i] == offset) return static_cast<int>(i);
        return -1;
    }
};

inline Str S(const std::string& s) {
    return Str(s.data(), s.size());
}

// Translates and loads; `out.ok` is false (with `why`) when either step fails.
inline void translate_into(const std::string& text, Translated* out, ScriptOptions opts = ScriptOptions(),
                           const std::string& name = "test.ipxe") {
    String why;
    auto r = translate_script(S(text), S(name), opts, &why);
    if (!r.ok()) {
        out->why = why.c_str();
        return;
    }
    out->bytes.assign(r.value().begin(), r.value().end());
    String lwhy;
    auto m = bc::load_module(Bytes(out->bytes.data(), out->bytes.size()), &lwhy);
    if (!m.ok()) {
        out->why = std::string("load_module: ") + lwhy.c_str();
        return;
    }
    out->module = m.take();
    Bytes code = out->module.code();
    for (uint32_t pos = 0; pos < code.size();) {
        bc::Instruction in;
        if (bc::decode_instruction(code, pos, &in) != bc::DecodeError::none) break;
        out->offsets.push_back(pos);
        pos += in.size;
    }
    for (uint32_t pos : out->offsets) {
        bc::Instruction in;
        (void)bc::decode_instruction(code, pos, &in);
        std::string s(in.info->mnemonic.data(), in.info->mnemonic.size());
        switch (in.info->a) {
            case bc::OperandKind::Str: {
                Str v = out->module.str(in.a);
                s += " " + std::string(v.data(), v.size());
                break;
            }
            case bc::OperandKind::Off:
                s += " @" + std::to_string(out->index_of(in.a));
                break;
            case bc::OperandKind::Num:
            case bc::OperandKind::Menu:
                s += " " + std::to_string(in.a);
                break;
            case bc::OperandKind::None:
                break;
        }
        out->code.push_back(s);
    }
    out->ok = true;
}

// The code of a script as a vector of instruction strings; fails the test if translation fails.
inline std::vector<std::string> code_of(const std::string& text, ScriptOptions opts = ScriptOptions()) {
    Translated t;
    translate_into(text, &t, opts);
    EXPECT_TRUE(t.ok) << t.why;
    return t.code;
}

// Instruction index a label resolves to, or -1 when the script defines no such label.
inline int label_index(const Translated& t, const std::string& name) {
    uint32_t off = 0;
    if (!t.module.find_label(S(name), &off)) return -1;
    return t.index_of(off);
}

}  // namespace carte::script::testing
