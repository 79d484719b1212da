// Compile-time values of the Carte DSL: what consts, imported data files and loop variables hold.
// Scalars are text (a data file's `4.20` stays "4.20", `10` stays "10") except true/false;
// maps keep their order so generated menus follow the data file.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"

namespace carte::dsl {

struct Value {
    enum class Kind { Null, Bool, String, List, Map };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;
    std::vector<Value> list;
    std::vector<std::pair<std::string, Value>> map;
    ir::SourceSpan origin;  // where it was written (data file or .carte)

    static Value of_string(std::string s, ir::SourceSpan at = {}) {
        Value v;
        v.kind = Kind::String;
        v.text = std::move(s);
        v.origin = std::move(at);
        return v;
    }
    static Value of_bool(bool b, ir::SourceSpan at = {}) {
        Value v;
        v.kind = Kind::Bool;
        v.boolean = b;
        v.origin = std::move(at);
        return v;
    }
    const Value* field(const std::string& key) const {
        for (const auto& [k, v] : map)
            if (k == key) return &v;
        return nullptr;
    }
};

// "a string", "a list", … for messages.
inline const char* kind_name(Value::Kind k) {
    switch (k) {
        case Value::Kind::Null:
            return "null";
        case Value::Kind::Bool:
            return "a boolean";
        case Value::Kind::String:
            return "a string";
        case Value::Kind::List:
            return "a list";
        case Value::Kind::Map:
            return "a map";
    }
    return "?";
}

}  // namespace carte::dsl
