// Helpers shared by the compiler tests: paths into the source tree and one-call compilation.
#pragma once
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/driver/frontend.h"

namespace carte::test {

inline std::filesystem::path source_dir() {
    return CARTE_SOURCE_DIR;
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every menu source in a folder (sorted), optionally only those with a given extension.
inline std::vector<std::filesystem::path> sources_in(const std::filesystem::path& dir,
                                                     const std::vector<std::string>& exts) {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        for (const std::string& x : exts)
            if (e.path().extension() == x) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// The text of every .carte file in the given folders of the source tree (sorted per folder).
inline std::vector<std::string> carte_texts(const std::vector<std::string>& dirs) {
    std::vector<std::string> out;
    for (const std::string& dir : dirs)
        for (const std::filesystem::path& p : sources_in(source_dir() / dir, {".carte"}))
            out.push_back(read_file(p));
    return out;
}

// Compiles a file to bytecode; empty on any error (the sink says why).
inline std::optional<std::vector<uint8_t>> compile_file(const std::string& path, diag::DiagnosticSink& sink,
                                                        bool debug = true) {
    auto cat = driver::load_checked(path, sink);
    if (!cat) return std::nullopt;
    codegen::BytecodeOptions opts;
    opts.debug_info = debug;
    return codegen::compile_bytecode(*cat, opts, sink);
}

}  // namespace carte::test
