// See pin.h. Both syntaxes are scanned, not parsed: edits are collected as (offset, length,
// replacement) and applied from the end, so everything not edited stays byte for byte.
#include "compiler/sign/pin.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <regex>

#include "compiler/sign/ec_key.h"
#include "compiler/sign/sign_error.h"
#include "runtime/crypto/sha256.h"

namespace carte::sign {
namespace {

struct Edit {
    size_t at, len;
    std::string with;
};

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

size_t line_of(const std::string& text, size_t at) {
    return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

bool templated(const std::string& url) {
    return url.find('{') != std::string::npos;
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Decides one pin: records the event and, when the digest is known and differs, the edit.
class Pinner {
  public:
    Pinner(const std::string& text, const DigestLookup& lookup, PinResult* out)
        : text_(text), lookup_(lookup), out_(out) {}

    // `existing` = the current pin's value range, if there is one; `insert` = how to add one.
    void pin(const std::string& url, size_t url_at, std::optional<std::pair<size_t, size_t>> existing,
             const std::function<Edit(const std::string& hex)>& insert) {
        size_t line = line_of(text_, url_at);
        if (templated(url)) {
            out_->events.push_back({PinEvent::templated, line, url, ""});
            return;
        }
        std::string tried;
        std::optional<std::string> hex = lookup_(url, &tried);
        if (!hex) {
            out_->events.push_back({PinEvent::not_in_mirror, line, url, tried});
            return;
        }
        if (existing) {
            std::string old = text_.substr(existing->first, existing->second);
            if (is_hex64(old) && lower(old) == *hex) {
                out_->events.push_back({PinEvent::unchanged, line, url, ""});
                return;
            }
            edits_.push_back({existing->first, existing->second, *hex});
            out_->events.push_back({PinEvent::updated, line, url, old});
            return;
        }
        edits_.push_back(insert(*hex));
        out_->events.push_back({PinEvent::added, line, url, ""});
    }

    std::string apply() {
        std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.at > b.at; });
        std::string t = text_;
        for (const Edit& e : edits_) t.replace(e.at, e.len, e.with);
        return t;
    }

  private:
    const std::string& text_;
    const DigestLookup& lookup_;
    PinResult* out_;
    std::vector<Edit> edits_;
};

// ---- .carte ------------------------------------------------------------------------------

// Skips a "…" string starting at i (text[i] == '"'); returns the index after it, or npos.
size_t skip_string(const std::string& t, size_t i) {
    if (t.compare(i, 3, "\"\"\"") == 0) {
        size_t end = t.find("\"\"\"", i + 3);
        return end == std::string::npos ? std::string::npos : end + 3;
    }
    for (size_t j = i + 1; j < t.size(); ++j) {
        if (t[j] == '\\')
            ++j;
        else if (t[j] == '"')
            return j + 1;
        else if (t[j] == '\n')
            return std::string::npos;
    }
    return std::string::npos;
}

size_t skip_blanks(const std::string& t, size_t i) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    return i;
}

void pin_carte(const std::string& t, Pinner& p) {
    static const char* kFetchWords[] = {"kernel", "initrd", "module", "efi", "chain"};
    size_t i = 0;
    while (i < t.size()) {
        char c = t[i];
        if (c == '#') {
            i = t.find('\n', i);
            if (i == std::string::npos) break;
            continue;
        }
        if (c == '"') {
            size_t end = skip_string(t, i);
            if (end == std::string::npos) break;
            i = end;
            continue;
        }
        if (!is_word(c) || (i > 0 && is_word(t[i - 1]))) {
            ++i;
            continue;
        }
        size_t w = i;
        while (i < t.size() && is_word(t[i])) ++i;
        std::string word = t.substr(w, i - w);
        if (std::find(std::begin(kFetchWords), std::end(kFetchWords), word) == std::end(kFetchWords))
            continue;
        size_t s = skip_blanks(t, i);
        if (s >= t.size() || t[s] != '"' || t.compare(s, 3, "\"\"\"") == 0) continue;
        size_t url_end = skip_string(t, s);
        if (url_end == std::string::npos) continue;
        std::string url = t.substr(s + 1, url_end - s - 2);
        // Options after the URL on the same line: sha256 "…", name "…", args "…".
        std::optional<std::pair<size_t, size_t>> existing;
        size_t j = url_end;
        for (;;) {
            size_t k = skip_blanks(t, j);
            size_t kw = k;
            while (k < t.size() && is_word(t[k])) ++k;
            std::string opt = t.substr(kw, k - kw);
            if (opt != "sha256" && opt != "name" && opt != "args") break;
            size_t v = skip_blanks(t, k);
            if (v >= t.size() || t[v] != '"') break;
            size_t v_end = skip_string(t, v);
            if (v_end == std::string::npos) break;
            if (opt == "sha256") existing = std::make_pair(v + 1, v_end - v - 2);
            j = v_end;
        }
        p.pin(url, s, existing, [&](const std::string& hex) {
            return Edit{url_end, 0, " sha256 \"" + hex + "\""};
        });
        i = j;
    }
}

// ---- YAML --------------------------------------------------------------------------------

struct YamlLine {
    size_t start, end;  // offsets of the line's text (without the newline)
    size_t indent;      // column of the first non-blank character
    bool blank;
};

std::vector<YamlLine> yaml_lines(const std::string& t) {
    std::vector<YamlLine> lines;
    size_t at = 0;
    while (at <= t.size()) {
        size_t nl = t.find('\n', at);
        size_t end = nl == std::string::npos ? t.size() : nl;
        size_t ind = at;
        while (ind < end && t[ind] == ' ') ++ind;
        bool blank = ind == end || t[ind] == '#';
        lines.push_back({at, end, ind - at, blank});
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    return lines;
}

// A scalar value: unquoted, "double" or 'single' quoted; returns its content range.
std::optional<std::pair<size_t, size_t>> yaml_scalar(const std::string& t, size_t from, size_t to) {
    size_t a = skip_blanks(t, from);
    size_t b = to;
    // Drop a trailing comment (" #…") outside quotes, then trailing blanks.
    if (a < b && (t[a] == '"' || t[a] == '\'')) {
        size_t close = t.find(t[a], a + 1);
        if (close == std::string::npos || close >= b) return std::nullopt;
        return std::make_pair(a + 1, close - a - 1);
    }
    size_t hash = t.find(" #", a);
    if (hash != std::string::npos && hash < b) b = hash;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r')) --b;
    if (a >= b || t[a] == '{' || t[a] == '[' || t[a] == '|' || t[a] == '>' || t[a] == '&' || t[a] == '*')
        return std::nullopt;
    return std::make_pair(a, b - a);
}

void pin_yaml(const std::string& t, Pinner& p) {
    static const std::regex key_re(
        R"(^( *)(- +)?([A-Za-z_][A-Za-z0-9_]*):( .*|)$)");  // "key:" then a blank or the end
    static const std::regex item_re(R"(^( *)- +(.*)$)");
    static const std::regex flow_url(R"re(url: *("([^"]*)"|'([^']*)'|([^,}\s]+)))re");
    static const std::regex flow_sha(R"re(sha256: *("([^"]*)"|'([^']*)'|([^,}\s]+)))re");
    static const std::vector<std::string> single = {"kernel", "efi", "chain"};
    static const std::vector<std::string> lists = {"initrd", "initrds", "module", "modules"};
    std::vector<YamlLine> lines = yaml_lines(t);
    auto is = [](const std::vector<std::string>& v, const std::string& k) {
        return std::find(v.begin(), v.end(), k) != v.end();
    };
    // The key owning a list: the nearest earlier key line with a smaller indent.
    auto parent_key = [&](size_t li, size_t indent) -> std::string {
        for (size_t k = li; k-- > 0;) {
            if (lines[k].blank || lines[k].indent >= indent) continue;
            std::smatch m;
            std::string s = t.substr(lines[k].start, lines[k].end - lines[k].start);
            return std::regex_match(s, m, key_re) ? m[3].str() : std::string();
        }
        return {};
    };
    // A flow mapping {url: …, sha256: …}: update or add the sha256 entry.
    auto pin_flow = [&](size_t at, size_t len) {
        std::string flow = t.substr(at, len);
        std::smatch u;
        if (!std::regex_search(flow, u, flow_url)) return;
        int g = u[2].matched ? 2 : u[3].matched ? 3 : 4;
        std::string url = u[g].str();
        size_t url_at = at + static_cast<size_t>(u.position(g));
        std::smatch h;
        std::optional<std::pair<size_t, size_t>> existing;
        if (std::regex_search(flow, h, flow_sha)) {
            int hg = h[2].matched ? 2 : h[3].matched ? 3 : 4;
            existing =
                std::make_pair(at + static_cast<size_t>(h.position(hg)), static_cast<size_t>(h.length(hg)));
        }
        size_t close = flow.rfind('}');
        p.pin(url, url_at, existing, [&](const std::string& hex) {
            return Edit{at + (close == std::string::npos ? len : close), 0, ", sha256: " + hex};
        });
    };
    for (size_t li = 0; li < lines.size(); ++li) {
        const YamlLine& L = lines[li];
        if (L.blank) continue;
        std::string s = t.substr(L.start, L.end - L.start);
        std::smatch m;
        if (std::regex_match(s, m, key_re)) {
            std::string key = m[3].str();
            size_t value_at = L.start + static_cast<size_t>(m.position(4));
            size_t key_col = static_cast<size_t>(m.position(3));
            if (key == "url") {
                auto v = yaml_scalar(t, value_at, L.end);
                if (!v) continue;
                // Siblings: following and preceding lines at the key's column, same block.
                std::optional<std::pair<size_t, size_t>> existing;
                auto scan = [&](size_t k) {
                    const YamlLine& S = lines[k];
                    std::string ss = t.substr(S.start, S.end - S.start);
                    std::smatch sm;
                    if (!std::regex_match(ss, sm, key_re)) return false;
                    size_t col = static_cast<size_t>(sm.position(3));
                    if (col != key_col) return false;
                    if (sm[3].str() == "sha256")
                        existing = yaml_scalar(t, S.start + static_cast<size_t>(sm.position(4)), S.end);
                    return !sm[2].matched;  // a "- " at this column starts the next list entry
                };
                for (size_t k = li + 1; k < lines.size() && (lines[k].blank || lines[k].indent >= key_col);
                     ++k)
                    if (!lines[k].blank && lines[k].indent == key_col && !scan(k)) break;
                if (!m[2].matched)
                    for (size_t k = li; k-- > 0 && (lines[k].blank || lines[k].indent >= key_col);)
                        if (!lines[k].blank && !scan(k)) break;
                std::string url = t.substr(v->first, v->second);
                p.pin(url, v->first, existing, [&](const std::string& hex) {
                    return Edit{L.end, 0, "\n" + std::string(key_col, ' ') + "sha256: " + hex};
                });
            } else if (is(single, key) || is(lists, key)) {
                size_t a = skip_blanks(t, value_at);
                if (a < L.end && t[a] == '{') {
                    pin_flow(a, L.end - a);
                    continue;
                }
                auto v = yaml_scalar(t, value_at, L.end);
                if (!v) continue;  // a nested mapping or list follows
                std::string url = t.substr(v->first, v->second);
                bool quoted = v->first > value_at && (t[v->first - 1] == '"' || t[v->first - 1] == '\'');
                size_t from = quoted ? v->first - 1 : v->first, to = v->first + v->second + (quoted ? 1 : 0);
                p.pin(url, v->first, std::nullopt, [&, from, to](const std::string& hex) {
                    return Edit{from, to - from,
                                "{url: " + t.substr(from, to - from) + ", sha256: " + hex + "}"};
                });
            }
        } else if (std::regex_match(s, m, item_re) && is(lists, parent_key(li, L.indent))) {
            size_t value_at = L.start + static_cast<size_t>(m.position(2));
            if (t[value_at] == '{') {
                pin_flow(value_at, L.end - value_at);
                continue;
            }
            auto v = yaml_scalar(t, value_at, L.end);
            if (!v) continue;
            std::string url = t.substr(v->first, v->second);
            bool quoted = v->first > value_at;
            size_t from = quoted ? v->first - 1 : v->first, to = v->first + v->second + (quoted ? 1 : 0);
            p.pin(url, v->first, std::nullopt, [&, from, to](const std::string& hex) {
                return Edit{from, to - from, "{url: " + t.substr(from, to - from) + ", sha256: " + hex + "}"};
            });
        }
    }
}

bool is_file(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

bool PinResult::changed() const {
    for (const PinEvent& e : events)
        if (e.kind == PinEvent::added || e.kind == PinEvent::updated) return true;
    return false;
}

PinSyntax pin_syntax_for(const std::string& path) {
    auto ends = [&](const char* ext) {
        std::string e(ext);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".carte")) return PinSyntax::carte;
    if (ends(".yaml") || ends(".yml")) return PinSyntax::yaml;
    throw SignError(path + ": carte pin rewrites .carte and .yaml/.yml menus");
}

PinResult pin_text(const std::string& text, PinSyntax syntax, const DigestLookup& lookup) {
    PinResult out;
    Pinner p(text, lookup, &out);
    if (syntax == PinSyntax::carte)
        pin_carte(text, p);
    else
        pin_yaml(text, p);
    out.text = p.apply();
    return out;
}

MirrorLookup::MirrorLookup(std::string dir, std::vector<std::string> bases)
    : dir_(std::move(dir)), bases_(std::move(bases)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

std::optional<std::string> MirrorLookup::operator()(const std::string& url, std::string* tried) const {
    std::vector<std::string> candidates;
    for (std::string base : bases_) {
        if (!base.empty() && base.back() != '/') base += '/';
        if (url.compare(0, base.size(), base) == 0)
            candidates.push_back(dir_ + "/" + url.substr(base.size()));
    }
    size_t scheme = url.find("://");
    if (scheme != std::string::npos) {
        std::string rest = url.substr(scheme + 3);  // host/path
        size_t q = rest.find_first_of("?#");
        if (q != std::string::npos) rest.resize(q);
        candidates.push_back(dir_ + "/" + rest);
        size_t slash = rest.find('/');
        if (slash != std::string::npos) candidates.push_back(dir_ + rest.substr(slash));
    } else if (!url.empty() && url[0] != '/') {
        candidates.push_back(dir_ + "/" + url);  // a relative URL
    }
    for (const std::string& c : candidates) {
        if (c.find("/../") != std::string::npos) continue;  // never leave the mirror
        if (is_file(c)) return sha256_file_hex(c);
    }
    if (tried) {
        tried->clear();
        for (const std::string& c : candidates) *tried += (tried->empty() ? "" : ", ") + c;
    }
    return std::nullopt;
}

std::string sha256_file_hex(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw SignError(path + ": cannot open");
    crypto::Sha256 h;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) h.update(buf, n);
    bool err = std::ferror(f);
    std::fclose(f);
    if (err) throw SignError(path + ": read error");
    crypto::Sha256Digest d = h.finish();
    return to_hex(d.bytes, crypto::kSha256Size);
}

}  // namespace carte::sign
