// `carte pin`: fills in or refreshes the sha256 pins of downloaded files in a menu source, from
// the files in a local mirror. A text rewrite, so comments and layout stay as the author wrote
// them: in .carte, `kernel "URL" sha256 "…"` (likewise initrd, module, efi, chain); in YAML,
// `sha256:` beside `url:`, and a bare `kernel: URL` becomes `kernel: {url: URL, sha256: …}`.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace carte::sign {

enum class PinSyntax { carte, yaml };
// By file extension: .carte → carte; .yaml/.yml → yaml. Throws SignError otherwise.
PinSyntax pin_syntax_for(const std::string& path);

struct PinEvent {
    enum Kind { added, updated, unchanged, not_in_mirror, templated };
    Kind kind;
    size_t line;  // 1-based
    std::string url;
    std::string detail;  // the files tried (not_in_mirror)
};

struct PinResult {
    std::string text;
    std::vector<PinEvent> events;
    bool changed() const;
};

// Returns the lowercase hex SHA-256 of the file a URL maps to, or nullopt (with what was tried).
using DigestLookup = std::function<std::optional<std::string>(const std::string& url, std::string* tried)>;

PinResult pin_text(const std::string& text, PinSyntax syntax, const DigestLookup& lookup);

// Maps URLs onto a mirror directory: a URL under one of `bases` maps to DIR/<rest>; otherwise
// http://host/path maps to DIR/host/path (a `wget --mirror` tree), then to DIR/path.
class MirrorLookup {
  public:
    MirrorLookup(std::string dir, std::vector<std::string> bases);
    std::optional<std::string> operator()(const std::string& url, std::string* tried) const;

  private:
    std::string dir_;
    std::vector<std::string> bases_;
};

// Lowercase hex SHA-256 of a file's content (streamed). Throws SignError if unreadable.
std::string sha256_file_hex(const std::string& path);

}  // namespace carte::sign
