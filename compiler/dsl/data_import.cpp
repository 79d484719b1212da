#include "compiler/dsl/data_import.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace carte::dsl {
namespace {

ir::SourceSpan mark_span(const std::string& file, const YAML::Mark& m) {
    if (m.line < 0) return {file, 1, 1, 1, 1};
    uint32_t line = static_cast<uint32_t>(m.line) + 1, col = static_cast<uint32_t>(m.column) + 1;
    return {file, line, col, line, col};
}

Value convert(const YAML::Node& node, const std::string& file) {
    Value v;
    v.origin = mark_span(file, node.Mark());
    switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            v.kind = Value::Kind::Null;
            break;
        case YAML::NodeType::Scalar: {
            const std::string& s = node.Scalar();
            bool plain = node.Tag() == "?";  // quoted scalars carry the tag "!"
            if (plain && (s == "true" || s == "True" || s == "TRUE")) {
                v.kind = Value::Kind::Bool;
                v.boolean = true;
            } else if (plain && (s == "false" || s == "False" || s == "FALSE")) {
                v.kind = Value::Kind::Bool;
            } else if (plain && (s == "null" || s == "Null" || s == "NULL" || s == "~")) {
                v.kind = Value::Kind::Null;
            } else {
                v.kind = Value::Kind::String;
                v.text = s;  // verbatim: 4.20 stays "4.20"
            }
            break;
        }
        case YAML::NodeType::Sequence:
            v.kind = Value::Kind::List;
            for (const auto& child : node) v.list.push_back(convert(child, file));
            break;
        case YAML::NodeType::Map:
            v.kind = Value::Kind::Map;
            for (const auto& kv : node) v.map.emplace_back(kv.first.Scalar(), convert(kv.second, file));
            break;
    }
    return v;
}

}  // namespace

std::optional<Value> import_data_file(const std::string& path, const ir::SourceSpan& at,
                                      diag::DiagnosticSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        sink.error("import-failed", at, "cannot read data file '" + path + "'",
                   "the path is relative to the file that imports it");
        return std::nullopt;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    sink.add_source(path, text);
    try {
        YAML::Node root = YAML::Load(text);
        return convert(root, path);
    } catch (const YAML::Exception& e) {
        sink.error("import-failed", mark_span(path, e.mark), "cannot parse data file: " + e.msg,
                   "data files are YAML or JSON");
        return std::nullopt;
    }
}

}  // namespace carte::dsl
