#include "compiler/yaml/yaml_frontend.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "compiler/diag/suggest.h"
#include "compiler/ir/duration.h"

namespace carte::yamlfe {
namespace {

using ir::SourceSpan;
using ir::Text;

// One YAML document as yaml-cpp's event parser reports it, kept in flat arrays. YAML::Load
// builds a graph of shared, reference-counted nodes from the same events; building it, looking
// keys up in it (each lookup copies handles and strings) and freeing it took about 30% of the
// front-end's time on the bench_compile catalogue, and its many small blocks slowed the
// later phases too. The nodes, marks and scalars here are exactly the ones YAML::Load's
// NodeBuilder gives (same events, same rules: an alias is the anchored node itself, maps keep
// duplicate keys in document order, an empty document is a null root without a position), so
// every diagnostic stays the same.
class Document final : public YAML::EventHandler {
  public:
    enum class Kind : uint8_t { Null, Scalar, Sequence, Map };

  private:
    struct Entry {
        Kind kind;
        YAML::Mark mark;
        uint32_t first;  // scalars: offset in scalars_; collections: first index in links_
        uint32_t count;  // scalars: length; sequences: elements; maps: 2 × pairs (key, value, …)
    };

  public:
    // Parses the first document of `text` (as YAML::Load does). Throws YAML::Exception.
    void parse(const std::string& text) {
        std::istringstream in(text);
        YAML::Parser parser(in);
        nodes_.reserve(text.size() / 16);
        links_.reserve(text.size() / 16);
        scalars_.reserve(text.size());
        if (!parser.HandleNextDocument(*this) || !has_root_) {
            root_ = static_cast<uint32_t>(nodes_.size());
            nodes_.push_back({Kind::Null, YAML::Mark::null_mark(), 0, 0});
        }
    }

    // A node of the document, or no node at all (a key that is not there).
    class Node {
      public:
        Node() = default;
        explicit operator bool() const { return doc_ != nullptr; }
        bool is_null() const { return doc_ && entry().kind == Kind::Null; }
        bool is_scalar() const { return doc_ && entry().kind == Kind::Scalar; }
        bool is_sequence() const { return doc_ && entry().kind == Kind::Sequence; }
        bool is_map() const { return doc_ && entry().kind == Kind::Map; }
        // The scalar's text; empty for other nodes.
        std::string_view scalar() const {
            if (!is_scalar()) return {};
            return std::string_view(doc_->scalars_).substr(entry().first, entry().count);
        }
        YAML::Mark mark() const { return doc_ ? entry().mark : YAML::Mark::null_mark(); }
        // Elements of a sequence, pairs of a map, 0 otherwise.
        size_t size() const {
            if (is_sequence()) return entry().count;
            if (is_map()) return entry().count / 2;
            return 0;
        }
        Node element(size_t i) const { return link(i); }  // of a sequence
        Node key(size_t i) const { return link(2 * i); }  // of a map
        Node value(size_t i) const { return link(2 * i + 1); }
        // The value of the first pair whose key is the scalar `k`; no node if there is none.
        Node operator[](std::string_view k) const {
            if (!is_map()) return {};
            for (size_t i = 0, n = size(); i < n; ++i) {
                Node key_node = key(i);
                if (key_node.is_scalar() && key_node.scalar() == k) return value(i);
            }
            return {};
        }

        // Range over the elements of a sequence.
        struct Iterator {
            const Node* seq;
            size_t i;
            Node operator*() const { return seq->element(i); }
            Iterator& operator++() { return ++i, *this; }
            bool operator!=(const Iterator& o) const { return i != o.i; }
        };
        Iterator begin() const { return {this, 0}; }
        Iterator end() const { return {this, is_sequence() ? size() : 0}; }

      private:
        friend class Document;
        Node(const Document* doc, uint32_t id) : doc_(doc), id_(id) {}
        const Entry& entry() const { return doc_->nodes_[id_]; }
        Node link(size_t i) const { return Node(doc_, doc_->links_[entry().first + i]); }

        const Document* doc_ = nullptr;
        uint32_t id_ = 0;
    };

    Node root() const { return Node(this, root_); }

  private:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        finish(add(Kind::Null, mark, anchor, 0, 0));
    }
    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override { finish(anchors_.at(anchor)); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string& value) override {
        uint32_t offset = static_cast<uint32_t>(scalars_.size());
        scalars_ += value;
        finish(add(Kind::Scalar, mark, anchor, offset, static_cast<uint32_t>(value.size())));
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open_.push_back({add(Kind::Sequence, mark, anchor, 0, 0), static_cast<uint32_t>(pending_.size())});
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open_.push_back({add(Kind::Map, mark, anchor, 0, 0), static_cast<uint32_t>(pending_.size())});
    }
    void OnMapEnd() override { close(); }

    uint32_t add(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, uint32_t first, uint32_t count) {
        uint32_t id = static_cast<uint32_t>(nodes_.size());
        nodes_.push_back({kind, mark, first, count});
        if (anchor) {  // yaml-cpp numbers anchors 1, 2, … in document order
            if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
            anchors_[anchor] = id;
        }
        return id;
    }
    // A complete node goes to the collection being read, or becomes the root.
    void finish(uint32_t id) {
        if (open_.empty()) {
            root_ = id;
            has_root_ = true;
        } else {
            pending_.push_back(id);
        }
    }
    void close() {
        Open o = open_.back();
        open_.pop_back();
        Entry& e = nodes_[o.id];
        e.first = static_cast<uint32_t>(links_.size());
        e.count = static_cast<uint32_t>(pending_.size() - o.first_pending);
        links_.insert(links_.end(), pending_.begin() + o.first_pending, pending_.end());
        pending_.resize(o.first_pending);
        finish(o.id);
    }

    struct Open {
        uint32_t id;             // the collection's node
        uint32_t first_pending;  // its children so far: pending_[first_pending…]
    };
    std::vector<Entry> nodes_;
    std::vector<uint32_t> links_;  // children of each collection, contiguous
    std::string scalars_;          // the text of every scalar, back to back
    std::vector<uint32_t> anchors_;
    std::vector<Open> open_;
    std::vector<uint32_t> pending_;
    uint32_t root_ = 0;
    bool has_root_ = false;
};

using Node = Document::Node;

// Walks the YAML document and builds the IR, reporting every problem it finds (it keeps going
// after an error so that one run shows them all).
class Reader {
  public:
    Reader(const std::string& file, const std::string& text, diag::DiagnosticSink& sink)
        : file_(file), text_(text), sink_(sink) {}

    std::optional<ir::Catalogue> read(Node root) {
        ir::Catalogue cat;
        cat.source_file = file_;
        if (!root.is_map()) {
            error("bad-type", span(root), "a catalogue must be a mapping with a 'menus' list",
                  "start the file with 'menus:'");
            return std::nullopt;
        }
        check_keys(root, {"carte", "version", "serial", "entry", "defaults", "menus"}, "catalogue");
        if (auto v = root["carte"]; v) cat.version = static_cast<uint32_t>(number(v, "carte", 1));
        if (auto v = root["version"]; v) cat.version = static_cast<uint32_t>(number(v, "version", 1));
        if (cat.version != 1)
            error("bad-value", span(root["carte"] ? root["carte"] : root["version"]),
                  "unsupported model version", "this compiler reads version 1");
        if (auto v = root["serial"]; v) cat.serial = number(v, "serial", 0);
        if (auto v = root["entry"]; v) cat.entry = text(v, "entry");
        if (auto d = root["defaults"]; d) {
            if (!d.is_map()) {
                error("bad-type", span(d), "'defaults' must be a mapping of setting names to values");
            } else {
                cat.defaults.reserve(d.size());
                for (size_t i = 0; i < d.size(); ++i) {
                    ir::SettingDefault sd;
                    sd.name = text(d.key(i), "setting name");
                    sd.value = text(d.value(i), "default value");
                    sd.span = sd.name.span;
                    cat.defaults.push_back(std::move(sd));
                }
            }
        }
        Node menus = root["menus"];
        if (!menus) {
            error("missing-key", span(root), "the catalogue has no 'menus'",
                  "add 'menus:' with at least one menu");
        } else if (!menus.is_sequence()) {
            error("bad-type", span(menus), "'menus' must be a list of menus");
        } else {
            cat.menus.reserve(menus.size());
            for (Node m : menus) cat.menus.push_back(menu(m));
        }
        // Returned even after errors (except syntax errors), so the semantic checks can still
        // run and one run reports everything; callers test sink.has_errors().
        return cat;
    }

  private:
    using Keys = std::initializer_list<std::string_view>;

    // ---- spans and scalars ----
    SourceSpan span(Node n) const {
        SourceSpan s;
        s.file = file_;
        if (!n) return s;
        YAML::Mark m = n.mark();
        if (m.line < 0) return s;
        s.line = static_cast<uint32_t>(m.line) + 1;
        s.col = static_cast<uint32_t>(m.column) + 1;
        s.end_line = s.line;
        s.end_col = s.col;
        if (n.is_scalar() && m.pos >= 0 && static_cast<size_t>(m.pos) < text_.size()) {
            size_t pos = static_cast<size_t>(m.pos);
            char c = text_[pos];
            size_t eol = text_.find('\n', pos);
            if (eol == std::string::npos) eol = text_.size();
            size_t last = pos;
            if (c == '"' || c == '\'') {
                // Closing quote on the same line (a doubled '' or \" does not close).
                for (size_t i = pos + 1; i < eol; ++i) {
                    if (c == '"' && text_[i] == '\\') {
                        ++i;
                        continue;
                    }
                    if (text_[i] == c) {
                        if (c == '\'' && i + 1 < eol && text_[i + 1] == '\'') {
                            ++i;
                            continue;
                        }
                        last = i;
                        break;
                    }
                }
            } else if (c != '|' && c != '>') {
                std::string_view v = n.scalar();
                if (!v.empty() && v.find('\n') == std::string_view::npos)
                    last = std::min(pos + v.size() - 1, eol - 1);
            }
            s.end_col = s.col + static_cast<uint32_t>(last - pos);
        }
        return s;
    }

    void error(const std::string& code, const SourceSpan& s, std::string message, std::string hint = {}) {
        sink_.error(code, s, std::move(message), std::move(hint));
    }

    static const char* kind_name(Node n) {
        if (n.is_map()) return "a mapping";
        if (n.is_sequence()) return "a list";
        if (n.is_null()) return "nothing";
        return "a scalar";
    }

    Text text(Node n, const char* what) {
        Text t;
        t.span = span(n);
        if (!n.is_scalar()) {
            error("bad-type", t.span, msg("{} must be a string, not {}", what, kind_name(n)));
            return t;
        }
        t.value = n.scalar();  // the source text of the scalar: `4.20` stays "4.20"
        return t;
    }

    std::optional<Text> opt_text(Node parent, const char* key) {
        Node n = parent[key];
        if (!n) return std::nullopt;
        return text(n, key);
    }

    uint64_t number(Node n, const char* what, uint64_t fallback) {
        if (!n.is_scalar()) {
            error("bad-type", span(n), msg("'{}' must be a number, not {}", what, kind_name(n)));
            return fallback;
        }
        std::string_view s = n.scalar();
        uint64_t v = 0;
        bool ok = !s.empty() && s.size() <= 19;
        for (char c : s) ok = ok && c >= '0' && c <= '9', v = v * 10 + static_cast<uint64_t>(c - '0');
        if (!ok) {
            error("bad-value", span(n), msg("'{}' must be a whole number, got '{}'", what, s));
            return fallback;
        }
        return v;
    }

    template <class... A>
    static std::string msg(const char* f, const A&... a) {
        std::string out;
        const std::string args[] = {std::string(a)...};
        size_t k = 0;
        for (const char* p = f; *p; ++p) {
            if (p[0] == '{' && p[1] == '}' && k < sizeof...(A)) {
                out += args[k++];
                ++p;
            } else {
                out += *p;
            }
        }
        return out;
    }

    static bool contains(Keys keys, std::string_view k) {
        for (std::string_view a : keys)
            if (a == k) return true;
        return false;
    }

    // Every key of `map` must be a plain name, appear once and be one of `allowed`.
    void check_keys(Node map, Keys allowed, const char* where) {
        // Maps checked here have a handful of keys: look for repeats among the earlier ones,
        // and only keep a set for a long (mistaken) map.
        constexpr size_t kScan = 16;
        std::unordered_set<std::string_view> seen;
        for (size_t i = 0, n = map.size(); i < n; ++i) {
            Node key = map.key(i);
            if (!key.is_scalar()) {
                error("bad-type", span(key), "keys must be plain names");
                continue;
            }
            std::string_view k = key.scalar();
            bool repeated = false;
            if (n <= kScan) {
                for (size_t j = 0; j < i && !repeated; ++j)
                    repeated = map.key(j).is_scalar() && map.key(j).scalar() == k;
            } else {
                repeated = !seen.insert(k).second;
            }
            if (repeated)
                error("duplicate-key", span(key), msg("key '{}' appears twice in this {}", k, where),
                      "YAML would silently keep only one of them");
            if (!contains(allowed, k))
                error("unknown-key", span(key), msg("unknown key '{}' in {}", k, where),
                      diag::did_you_mean(std::string(k),
                                         std::vector<std::string>(allowed.begin(), allowed.end())));
        }
    }

    // ---- model ----
    ir::Menu menu(Node n) {
        ir::Menu m;
        m.span = span(n);
        if (!n.is_map()) {
            error("bad-type", m.span, msg("a menu must be a mapping, not {}", kind_name(n)));
            return m;
        }
        check_keys(n, {"id", "title", "timeout", "default", "items"}, "menu");
        if (auto v = n["id"]; v)
            m.id = text(v, "menu id");
        else
            error("missing-key", m.span, "menu has no 'id'");
        if (auto v = n["title"]; v)
            m.title = text(v, "title");
        else
            m.title = m.id;
        if (auto v = n["timeout"]; v) {
            m.timeout_span = span(v);
            std::string_view t = v.scalar();
            if (!v.is_scalar()) {
                error("bad-type", m.timeout_span, "timeout must be a duration such as 10s or 500ms");
            } else if (auto ms = ir::parse_duration_ms(t)) {
                m.timeout_ms = *ms;
            } else {
                bool bare = !t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos;
                error("bad-duration", m.timeout_span,
                      bare ? msg("timeout '{}' has no unit", t) : msg("'{}' is not a duration", t),
                      bare ? msg("write '{}s' or '{}ms'", t, t)
                           : "write a whole number with a unit: ms, s, m or h (e.g. 10s)");
            }
        }
        if (auto v = n["default"]; v) m.default_item = text(v, "default");
        if (auto items = n["items"]; items) {
            if (!items.is_sequence()) {
                error("bad-type", span(items), "'items' must be a list");
            } else {
                m.items.reserve(items.size());
                for (Node it : items) m.items.push_back(item(it));
            }
        } else {
            error("missing-key", m.span, msg("menu '{}' has no 'items'", m.id.value));
        }
        return m;
    }

    static constexpr std::string_view kActions[] = {"linux", "multiboot", "efi",    "chain",    "submenu",
                                                    "shell", "exit",      "reboot", "poweroff", "ask",
                                                    "set",   "echo",      "ipxe"};
    static bool is_action(std::string_view k) {
        for (std::string_view a : kActions)
            if (a == k) return true;
        return false;
    }
    static std::vector<std::string> action_names() { return {std::begin(kActions), std::end(kActions)}; }

    ir::Item item(Node n) {
        ir::Item it;
        it.span = span(n);
        if (n.is_scalar() && n.scalar() == "gap") {
            it.kind = ir::Item::Kind::Gap;
            return it;
        }
        if (!n.is_map()) {
            error("bad-type", it.span, "an item must be a mapping, 'gap', or '{header: text}'",
                  "e.g. '- {id: shell, label: iPXE shell, shell: true}'");
            return it;
        }
        if (n["header"] || n["gap"]) {
            bool header = static_cast<bool>(n["header"]);
            it.kind = header ? ir::Item::Kind::Header : ir::Item::Kind::Gap;
            if (header)
                check_keys(n, {"header", "when"}, "header");
            else
                check_keys(n, {"gap", "when"}, "gap");
            Node t = n[header ? "header" : "gap"];
            if (!t.is_null()) it.label = text(t, header ? "header" : "gap");
            if (auto w = n["when"]; w) it.when = condition(w);
            return it;
        }
        check_keys(n,
                   {"id", "label", "key", "when", "steps", "linux", "multiboot", "efi", "chain", "submenu",
                    "shell", "exit", "reboot", "poweroff", "ask", "set", "echo", "ipxe"},
                   "item");
        if (auto v = n["id"]; v)
            it.id = text(v, "item id");
        else
            error("missing-key", it.span, "item has no 'id'", "every selectable item needs an id");
        if (auto v = n["label"]; v)
            it.label = text(v, "label");
        else
            it.label = it.id;
        if (auto v = n["key"]; v) it.hotkey = text(v, "key");
        if (auto v = n["when"]; v) it.when = condition(v);
        Node steps = n["steps"];
        size_t inline_actions = 0;
        for (size_t i = 0, count = n.size(); i < count; ++i) {
            Node key = n.key(i);
            if (!key.is_scalar() || !is_action(key.scalar())) continue;
            ++inline_actions;
            if (steps) {
                error("bad-value", span(key), msg("'{}' next to 'steps'", key.scalar()),
                      "put every action of the item into its 'steps' list");
            } else {
                it.steps.push_back(step(key.scalar(), key, n.value(i)));
            }
        }
        if (steps) {
            if (!steps.is_sequence()) {
                error("bad-type", span(steps), "'steps' must be a list of actions");
            } else {
                for (Node s : steps) {
                    if (s.is_scalar() && (s.scalar() == "shell" || s.scalar() == "reboot" ||
                                          s.scalar() == "poweroff" || s.scalar() == "exit")) {
                        it.steps.push_back(step(s.scalar(), s, Node()));
                    } else if (s.is_map() && s.size() == 1) {
                        std::string_view k = s.key(0).scalar();  // empty unless a scalar
                        if (!is_action(k))
                            error("unknown-key", span(s.key(0)), msg("unknown action '{}'", k),
                                  diag::did_you_mean(std::string(k), action_names()));
                        else
                            it.steps.push_back(step(k, s.key(0), s.value(0)));
                    } else {
                        error("bad-type", span(s), "a step is a mapping with exactly one action",
                              "e.g. '- echo: hello' or '- chain: http://…/boot.ipxe'");
                    }
                }
            }
        } else if (inline_actions > 1) {
            error("bad-value", it.span,
                  msg("item '{}' has {} actions but no 'steps' list", it.id.value,
                      std::to_string(inline_actions)),
                  "list them in order under 'steps:'");
        }
        return it;
    }

    ir::Fetch fetch(Node n, const char* what) {
        ir::Fetch f;
        f.span = span(n);
        if (n.is_scalar()) {
            f.url = text(n, what);
            return f;
        }
        if (!n.is_map()) {
            error("bad-type", f.span, msg("{} must be a URL or a mapping with 'url'", what));
            return f;
        }
        check_keys(n, {"url", "sha256", "name", "args"}, what);
        if (auto u = n["url"]; u)
            f.url = text(u, "url");
        else
            error("missing-key", f.span, msg("{} has no 'url'", what));
        f.sha256 = opt_text(n, "sha256");
        f.name = opt_text(n, "name");
        if (auto a = n["args"]; a) {
            if (a.is_sequence())
                for (Node x : a) f.args.push_back(text(x, "argument"));
            else
                f.args.push_back(text(a, "args"));
        }
        return f;
    }

    void fetch_list(Node n, const char* what, std::vector<ir::Fetch>& out) {
        if (n.is_sequence())
            for (Node x : n) out.push_back(fetch(x, what));
        else
            out.push_back(fetch(n, what));
    }

    // `v` is the action's value; no node for a bare `- shell` step.
    ir::Step step(std::string_view kind, Node key, Node v) {
        ir::Step s;
        s.span = span(key);
        auto need_map = [&](Keys keys) {
            if (!v.is_map()) {
                error("bad-type", span(v ? v : key), msg("'{}' takes a mapping", kind));
                return false;
            }
            check_keys(v, keys, std::string(kind).c_str());
            return true;
        };
        if (kind == "linux") {
            ir::Linux l;
            if (need_map({"kernel", "initrd", "initrds", "cmdline"})) {
                if (auto k = v["kernel"]; k)
                    l.kernel = fetch(k, "kernel");
                else
                    error("missing-key", span(v), "'linux' has no 'kernel'");
                for (const char* key2 : {"initrd", "initrds"})
                    if (auto i = v[key2]; i) fetch_list(i, "initrd", l.initrds);
                l.cmdline = opt_text(v, "cmdline");
            }
            s.action = std::move(l);
        } else if (kind == "multiboot") {
            ir::Multiboot mb;
            if (need_map({"kernel", "module", "modules"})) {
                if (auto k = v["kernel"]; k)
                    mb.kernel = fetch(k, "kernel");
                else
                    error("missing-key", span(v), "'multiboot' has no 'kernel'");
                for (const char* key2 : {"module", "modules"})
                    if (auto i = v[key2]; i) fetch_list(i, "module", mb.modules);
            }
            s.action = std::move(mb);
        } else if (kind == "efi") {
            s.action = ir::Efi{fetch(v, "efi")};
        } else if (kind == "chain") {
            s.action = ir::Chain{fetch(v, "chain")};
        } else if (kind == "submenu") {
            s.action = ir::Submenu{text(v, "submenu")};
        } else if (kind == "shell") {
            s.action = ir::Shell{};
        } else if (kind == "exit") {
            ir::Exit e;
            if (v && !v.is_null()) e.status = static_cast<uint32_t>(number(v, "exit", 0));
            s.action = e;
        } else if (kind == "reboot") {
            s.action = ir::Reboot{};
        } else if (kind == "poweroff") {
            s.action = ir::Poweroff{};
        } else if (kind == "ask") {
            ir::Ask a;
            if (need_map({"setting", "prompt", "default"})) {
                if (auto x = v["setting"]; x)
                    a.setting = text(x, "setting");
                else
                    error("missing-key", span(v), "'ask' has no 'setting'");
                a.prompt = opt_text(v, "prompt");
                a.default_value = opt_text(v, "default");
            }
            s.action = std::move(a);
        } else if (kind == "set") {
            ir::Set st;
            if (need_map({"setting", "value"})) {
                if (auto x = v["setting"]; x)
                    st.setting = text(x, "setting");
                else
                    error("missing-key", span(v), "'set' has no 'setting'");
                if (auto x = v["value"]; x)
                    st.value = text(x, "value");
                else
                    error("missing-key", span(v), "'set' has no 'value'");
            }
            s.action = std::move(st);
        } else if (kind == "echo") {
            s.action = ir::Echo{text(v, "echo")};
        } else if (kind == "ipxe") {
            ir::Ipxe ip;
            if (v.is_sequence()) {
                for (Node l : v) ip.lines.push_back(text(l, "ipxe line"));
            } else {
                // A block scalar: one IR line per source line (spans point at the block's start
                // line plus the offset, which is exact for `|` blocks).
                Text all = text(v, "ipxe");
                uint32_t line = all.span.line;
                std::istringstream in(all.value);
                std::string l;
                bool block =
                    v.is_scalar() && v.mark().pos >= 0 && text_[static_cast<size_t>(v.mark().pos)] == '|';
                uint32_t k = 0;
                while (std::getline(in, l)) {
                    Text t{l, all.span};
                    if (block) {
                        t.span.line = t.span.end_line = line + 1 + k;
                        t.span.col = 1;
                        t.span.end_col = 1;
                    }
                    ip.lines.push_back(std::move(t));
                    ++k;
                }
            }
            s.action = std::move(ip);
        }
        return s;
    }

    std::optional<ir::Condition> condition(Node n) {
        ir::Condition c;
        c.span = span(n);
        if (!n.is_map()) {
            error("bad-type", c.span, "a condition must be a mapping",
                  "e.g. '{setting: platform, eq: efi}' or '{and: [...]}'");
            return std::nullopt;
        }
        auto list = [&](const char* key, ir::Condition::Kind kind) {
            c.kind = kind;
            check_keys(n, {key}, "condition");
            Node l = n[key];
            if (!l.is_sequence() || l.size() < 2) {
                error("bad-type", span(l), msg("'{}' takes a list of two or more conditions", key));
                return;
            }
            for (Node x : l)
                if (auto sub = condition(x)) c.operands.push_back(std::move(*sub));
        };
        if (n["and"]) {
            list("and", ir::Condition::Kind::And);
        } else if (n["or"]) {
            list("or", ir::Condition::Kind::Or);
        } else if (n["not"]) {
            c.kind = ir::Condition::Kind::Not;
            check_keys(n, {"not"}, "condition");
            if (auto sub = condition(n["not"])) c.operands.push_back(std::move(*sub));
        } else {
            check_keys(n, {"setting", "eq", "ne", "match", "not-match", "isset"}, "condition");
            if (auto x = n["setting"]; x)
                c.left = text(x, "setting");
            else
                error("missing-key", c.span, "condition has no 'setting'",
                      "name the runtime setting to test, e.g. 'setting: platform'");
            int tests = 0;
            struct K {
                const char* key;
                ir::Condition::Kind kind;
            } kinds[] = {{"eq", ir::Condition::Kind::Eq},
                         {"ne", ir::Condition::Kind::Ne},
                         {"match", ir::Condition::Kind::Match},
                         {"not-match", ir::Condition::Kind::NotMatch}};
            for (const K& k : kinds)
                if (auto x = n[k.key]; x) {
                    ++tests;
                    c.kind = k.kind;
                    c.right = text(x, k.key);
                }
            if (auto x = n["isset"]; x) {
                ++tests;
                c.kind = ir::Condition::Kind::IsSet;
                if (x.is_scalar() && (x.scalar() == "false" || x.scalar() == "no")) {
                    ir::Condition inner = c;
                    c.kind = ir::Condition::Kind::Not;
                    c.operands.push_back(std::move(inner));
                }
            }
            if (tests != 1)
                error("bad-value", c.span,
                      "a condition needs exactly one of eq, ne, match, not-match, isset");
        }
        return c;
    }

    std::string file_;
    const std::string& text_;
    diag::DiagnosticSink& sink_;
};

}  // namespace

std::optional<ir::Catalogue> parse_yaml_string(const std::string& text, const std::string& file_name,
                                               diag::DiagnosticSink& sink) {
    sink.add_source(file_name, text);
    Document doc;
    try {
        doc.parse(text);
    } catch (const YAML::Exception& e) {
        SourceSpan s;
        s.file = file_name;
        if (e.mark.line >= 0) {
            s.line = s.end_line = static_cast<uint32_t>(e.mark.line) + 1;
            s.col = s.end_col = static_cast<uint32_t>(e.mark.column) + 1;
        }
        // yaml-cpp may point just past the end of the file; show the last line instead.
        uint32_t lines = 1;
        for (char c : text) lines += c == '\n';
        if (!text.empty() && text.back() == '\n') --lines;
        if (s.line > lines) s.line = s.end_line = lines, s.col = s.end_col = 1;
        sink.error("syntax", s, e.msg.empty() ? "malformed YAML" : e.msg,
                   "check indentation, quotes and brackets near here");
        return std::nullopt;
    }
    // The document is plain data now: reading it cannot throw.
    return Reader(file_name, text, sink).read(doc.root());
}

std::optional<ir::Catalogue> parse_yaml_file(const std::string& path, diag::DiagnosticSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        SourceSpan s;
        s.file = path;
        sink.error("io", s, "cannot read file");
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_yaml_string(ss.str(), path, sink);
}

}  // namespace carte::yamlfe
