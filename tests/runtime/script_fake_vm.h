// A deliberately tiny reference interpreter for the tests: it executes translated scripts by
// the rules of docs/bytecode.md with a fake command table, so the translation's *behaviour*
// (which commands run, the final status) is checked independently of runtime/vm/.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "runtime/bytecode/instruction.h"
#include "runtime/bytecode/module.h"
#include "runtime/rt/error.h"

namespace carte::script::testing {

struct FakeRun {
    std::vector<std::string> trace;  // each executed command's argv joined with single spaces
    int rc = 0;                      // status the script ended with
    bool finished = false;           // false if the step limit was hit
};

// `rcs`: status per command name (default 0). `vars`: values for `${name}` in pushx strings
// (non-nested); `set <name> <value>` updates them. `exit [n]` ends the script with n.
inline FakeRun fake_run(const bc::Module& m, const std::map<std::string, int>& rcs,
                        std::map<std::string, std::string> vars = {}) {
    FakeRun out;
    Bytes code = m.code();
    uint32_t pc = m.header().entry;
    std::vector<std::string> stack;
    int rc = 0;
    auto expand = [&](Str s) {
        std::string in(s.data(), s.size()), res;
        for (size_t i = 0; i < in.size();) {
            size_t close;
            if (in.compare(i, 2, "${") == 0 && (close = in.find('}', i)) != std::string::npos) {
                auto it = vars.find(in.substr(i + 2, close - i - 2));
                if (it != vars.end()) res += it->second;
                i = close + 1;
            } else {
                res += in[i++];
            }
        }
        return res;
    };
    for (int steps = 0; steps < 100000; ++steps) {
        bc::Instruction in;
        if (bc::decode_instruction(code, pc, &in) != bc::DecodeError::none) return out;
        uint32_t next = pc + in.size;
        switch (in.op()) {
            case bc::Op::Push:
                stack.emplace_back(m.str(in.a).data(), m.str(in.a).size());
                break;
            case bc::Op::PushX:
                stack.push_back(expand(m.str(in.a)));
                break;
            case bc::Op::Exec: {
                std::vector<std::string> argv(stack.end() - in.a, stack.end());
                stack.resize(stack.size() - in.a);
                std::string joined;
                for (const auto& a : argv) joined += (joined.empty() ? "" : " ") + a;
                out.trace.push_back(joined);
                if (argv[0] == "exit") {
                    out.rc = argv.size() > 1 ? std::stoi(argv[1]) : 0;
                    out.finished = true;
                    return out;
                }
                if (argv[0] == "set" && argv.size() >= 3) vars[argv[1]] = argv[2];
                auto it = rcs.find(argv[0]);
                rc = it == rcs.end() ? 0 : it->second;
                break;
            }
            case bc::Op::Jmp:
                next = in.a;
                break;
            case bc::Op::Jok:
                if (rc == 0) next = in.a;
                break;
            case bc::Op::Jfail:
                if (rc != 0) next = in.a;
                break;
            case bc::Op::Line:
                if (rc != 0) {
                    out.rc = rc;
                    out.finished = true;
                    return out;
                }
                break;
            case bc::Op::Goto: {
                std::string name = stack.back();
                stack.pop_back();
                uint32_t target;
                if (m.find_label(Str(name.data(), name.size()), &target)) {
                    next = target;
                    rc = 0;
                } else {
                    rc = static_cast<int>(Errc::noent);
                }
                break;
            }
            case bc::Op::Ret:
                out.rc = rc;
                out.finished = true;
                return out;
            case bc::Op::SetRc:
                rc = static_cast<int>(in.a);
                break;
            default:
                return out;  // opcodes a translated script never uses
        }
        pc = next;
    }
    return out;
}

}  // namespace carte::script::testing
