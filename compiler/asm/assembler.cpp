#include "compiler/asm/assembler.h"

#include <fmt/format.h>

#include <map>

#include "runtime/bytecode/module_builder.h"

namespace carte::assembler {
namespace {

using bc::Label;

Str view(const std::string& s) {
    return Str(s.data(), s.size());
}

// A cursor over one listing line.
class LineScanner {
  public:
    LineScanner(const std::string& line) : s_(line) {}
    void skip_ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    bool at_end() {
        skip_ws();
        return i_ >= s_.size() || s_[i_] == ';';
    }
    size_t col() const { return i_ + 1; }
    std::string word() {
        skip_ws();
        size_t start = i_;
        while (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != '\t' && s_[i_] != '"') ++i_;
        return s_.substr(start, i_ - start);
    }
    bool literal(const char* lit) {
        skip_ws();
        std::string l(lit);
        if (s_.compare(i_, l.size(), l) != 0) return false;
        i_ += l.size();
        return true;
    }
    // "…" with \" \\ \n \r \t \xHH escapes.
    std::optional<std::string> quoted() {
        skip_ws();
        if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
        std::string out;
        for (++i_; i_ < s_.size(); ++i_) {
            char c = s_[i_];
            if (c == '"') {
                ++i_;
                return out;
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (++i_ >= s_.size()) return std::nullopt;
            char e = s_[i_];
            if (e == 'n')
                out += '\n';
            else if (e == 'r')
                out += '\r';
            else if (e == 't')
                out += '\t';
            else if (e == '"' || e == '\\')
                out += e;
            else if (e == 'x' && i_ + 2 < s_.size() + 0 && isxdigit(static_cast<unsigned char>(s_[i_ + 1])) &&
                     isxdigit(static_cast<unsigned char>(s_[i_ + 2]))) {
                out += static_cast<char>(std::stoi(s_.substr(i_ + 1, 2), nullptr, 16));
                i_ += 2;
            } else
                return std::nullopt;
        }
        return std::nullopt;
    }
    std::optional<uint64_t> number() {
        std::string w = word();
        if (w.empty() || w.size() > 19 || w.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return std::stoull(w);
    }
    // key=value number
    std::optional<uint64_t> keyed(const char* key) {
        if (!literal(key) || !literal("=")) return std::nullopt;
        return number();
    }

  private:
    const std::string& s_;
    size_t i_ = 0;
};

class Assembler {
  public:
    Assembler(const std::string& file, diag::DiagnosticSink& sink) : file_(file), sink_(sink) {}

    std::optional<std::vector<uint8_t>> run(const std::string& text) {
        sink_.add_source(file_, text);
        size_t pos = 0;
        while (pos <= text.size()) {
            size_t eol = text.find('\n', pos);
            if (eol == std::string::npos) eol = text.size();
            std::string line = text.substr(pos, eol - pos);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            ++line_no_;
            statement(line);
            if (eol == text.size()) break;
            pos = eol + 1;
        }
        flush_menu();
        for (auto& [name, ref] : labels_)
            if (!ref.defined)
                error(ref.first_use_line, ref.first_use_col,
                      fmt::format("label '{}' is used but never defined", name));
        if (!has_code_) error(line_no_, 1, "the listing has no instructions");
        if (sink_.has_errors()) return std::nullopt;
        String why;
        auto bytes = b_.finish(&why);
        if (!bytes.ok()) {
            error(0, 0, std::string("the listing does not make valid bytecode: ") + why.c_str());
            return std::nullopt;
        }
        const Vec<uint8_t>& v = bytes.value();
        return std::vector<uint8_t>(v.data(), v.data() + v.size());
    }

  private:
    struct LabelRef {
        Label label;
        bool defined = false;
        uint32_t first_use_line = 0, first_use_col = 0;
    };
    struct PendingItem {
        bc::ItemKind kind;
        std::string id, label;
        uint32_t key;
        Label target;
    };

    void error(uint32_t line, size_t col, std::string msg, std::string hint = {}) {
        ir::SourceSpan s;
        s.file = file_;
        s.line = s.end_line = line;
        s.col = s.end_col = static_cast<uint32_t>(col);
        sink_.error("asm", s, std::move(msg), std::move(hint));
    }

    Label label(const std::string& name, size_t col) {
        auto [it, fresh] = labels_.try_emplace(name);
        if (fresh) {
            it->second.label = b_.new_label();
            it->second.first_use_line = line_no_;
            it->second.first_use_col = static_cast<uint32_t>(col);
        }
        return it->second.label;
    }

    void flush_menu() {
        if (!menu_open_) return;
        menu_open_ = false;
        std::vector<bc::ItemSpec> specs;
        for (const PendingItem& p : items_)
            specs.push_back(bc::ItemSpec{p.kind, view(p.id), view(p.label), p.key, p.target});
        bc::MenuSpec m;
        m.id = view(menu_id_);
        m.title = view(menu_title_);
        m.timeout_ms = menu_timeout_;
        m.default_item = menu_default_;
        m.items = Span<const bc::ItemSpec>(specs.data(), specs.size());
        b_.add_menu(m);
        menu_index_.try_emplace(menu_id_, menu_count_++);
        items_.clear();
    }

    void statement(const std::string& line) {
        LineScanner sc(line);
        if (sc.at_end()) return;
        size_t col = sc.col();
        std::string w = sc.word();
        if (w == ".item" || w == ".gap" || w == ".header") {
            item(sc, w, col);
            return;
        }
        flush_menu();
        if (!w.empty() && w.back() == ':' && w[0] != '.') {
            LabelRef& r = labels_[w.substr(0, w.size() - 1)];
            if (!r.label.valid()) r.label = b_.new_label();
            if (r.defined) error(line_no_, col, fmt::format("label '{}' is defined twice", w));
            r.defined = true;
            b_.bind(r.label);
            if (!sc.at_end()) error(line_no_, sc.col(), "unexpected text after the label");
            return;
        }
        if (w == ".serial") {
            auto n = sc.number();
            if (!n) return error(line_no_, col, ".serial needs a number");
            b_.set_serial(*n);
        } else if (w == ".script") {
            b_.set_script_flag(true);
        } else if (w == ".entry") {
            size_t c = sc.col();
            std::string l = sc.word();
            if (l.empty()) return error(line_no_, c, ".entry needs a label");
            b_.set_entry(label(l, c));
        } else if (w == ".menu") {
            auto id = sc.quoted();
            auto title = id ? sc.quoted() : std::nullopt;
            auto timeout = title ? sc.keyed("timeout") : std::nullopt;
            auto def = timeout ? sc.keyed("default") : std::nullopt;
            if (!def || *timeout > 0xffffffffu || *def > 0xffffffffu)
                return error(line_no_, col, "expected .menu \"id\" \"title\" timeout=N default=N");
            menu_open_ = true;
            menu_id_ = *id, menu_title_ = *title;
            menu_timeout_ = static_cast<uint32_t>(*timeout), menu_default_ = static_cast<uint32_t>(*def);
        } else if (w == ".label") {
            auto name = sc.quoted();
            size_t c = sc.col();
            std::string l = name ? sc.word() : std::string();
            if (!name || l.empty()) return error(line_no_, col, "expected .label \"name\" LABEL");
            if (!b_.add_named_label(view(*name), label(l, c)))
                error(line_no_, col, fmt::format("named label \"{}\" is defined twice", *name));
        } else if (w == ".meta") {
            auto k = sc.quoted();
            auto v = k ? sc.quoted() : std::nullopt;
            if (!v) return error(line_no_, col, "expected .meta \"key\" \"value\"");
            b_.add_meta(view(*k), view(*v));
        } else if (w == ".line") {
            auto f = sc.quoted();
            auto n = f ? sc.number() : std::nullopt;
            if (!n || *n == 0 || *n > 0xffffffffu)
                return error(line_no_, col, "expected .line \"file\" N (N ≥ 1)");
            b_.set_source(view(*f), static_cast<uint32_t>(*n));
        } else if (!w.empty() && w[0] == '.') {
            error(line_no_, col, fmt::format("unknown directive '{}'", w));
            return;
        } else {
            instruction(sc, w, col);
            return;
        }
        if (!sc.at_end()) error(line_no_, sc.col(), "unexpected text at the end of the line");
    }

    void item(LineScanner& sc, const std::string& w, size_t col) {
        if (!menu_open_) return error(line_no_, col, fmt::format("'{}' outside a .menu", w));
        PendingItem p;
        p.kind = w == ".item" ? bc::ItemKind::Item : w == ".gap" ? bc::ItemKind::Gap : bc::ItemKind::Header;
        auto id = sc.quoted();
        auto label_text = id ? sc.quoted() : std::nullopt;
        auto key = label_text ? sc.keyed("key") : std::nullopt;
        if (!key || *key > 0x10ffff)
            return error(line_no_, col, fmt::format("expected {} \"id\" \"label\" key=N", w));
        p.id = *id, p.label = *label_text, p.key = static_cast<uint32_t>(*key);
        if (p.kind == bc::ItemKind::Item) {
            if (!sc.literal("->")) return error(line_no_, sc.col(), "an item needs '-> LABEL'");
            size_t c = sc.col();
            std::string l = sc.word();
            if (l.empty()) return error(line_no_, c, "an item needs '-> LABEL'");
            p.target = label(l, c);
        }
        if (!sc.at_end()) return error(line_no_, sc.col(), "unexpected text at the end of the line");
        items_.push_back(std::move(p));
    }

    void instruction(LineScanner& sc, const std::string& mnemonic, size_t col) {
        const bc::OpInfo* info = bc::op_by_mnemonic(view(mnemonic));
        if (!info) return error(line_no_, col, fmt::format("unknown instruction '{}'", mnemonic));
        has_code_ = true;
        uint32_t vals[2] = {0, 0};
        Label target;
        const bc::OperandKind kinds[2] = {info->a, info->b};
        for (int k = 0; k < 2; ++k) {
            size_t c = sc.col();
            switch (kinds[k]) {
                case bc::OperandKind::None:
                    break;
                case bc::OperandKind::Str: {
                    auto s = sc.quoted();
                    if (!s) return error(line_no_, c, fmt::format("'{}' needs a quoted string", mnemonic));
                    vals[k] = b_.intern(view(*s));
                    break;
                }
                case bc::OperandKind::Num: {
                    auto n = sc.number();
                    if (!n || *n > 0xffffffffu)
                        return error(line_no_, c, fmt::format("'{}' needs a number", mnemonic));
                    vals[k] = static_cast<uint32_t>(*n);
                    break;
                }
                case bc::OperandKind::Off: {
                    std::string l = sc.word();
                    if (l.empty()) return error(line_no_, c, fmt::format("'{}' needs a label", mnemonic));
                    target = label(l, c);
                    break;
                }
                case bc::OperandKind::Menu: {
                    auto id = sc.quoted();
                    if (!id) return error(line_no_, c, fmt::format("'{}' needs a quoted menu id", mnemonic));
                    auto it = menu_index_.find(*id);
                    if (it == menu_index_.end())
                        return error(line_no_, c, fmt::format("no menu \"{}\"", *id));
                    vals[k] = it->second;
                    break;
                }
            }
        }
        if (!sc.at_end()) return error(line_no_, sc.col(), "unexpected text after the operands");
        if (info->a == bc::OperandKind::Off)
            b_.jump(info->op, target);
        else
            b_.emit(info->op, vals[0], vals[1]);
    }

    std::string file_;
    diag::DiagnosticSink& sink_;
    bc::ModuleBuilder b_;
    uint32_t line_no_ = 0;
    bool has_code_ = false;
    std::map<std::string, LabelRef> labels_;
    bool menu_open_ = false;
    std::string menu_id_, menu_title_;
    uint32_t menu_timeout_ = 0, menu_default_ = 0;
    std::vector<PendingItem> items_;
    std::map<std::string, uint32_t> menu_index_;
    uint32_t menu_count_ = 0;
};

}  // namespace

std::optional<std::vector<uint8_t>> assemble(const std::string& text, const std::string& file,
                                             diag::DiagnosticSink& sink) {
    return Assembler(file, sink).run(text);
}

}  // namespace carte::assembler
