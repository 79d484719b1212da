// Trusted keys on the host, as `carte verify --trust` and `carte build --trust` take them:
// PEM files, each optionally with the end of its rotation period ("old.pem,not-after=2026-06-30").
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "runtime/crypto/trust_anchor.h"

namespace carte::sign {

class TrustSet {
  public:
    // "PATH" or "PATH,not-after=TIME" (TIME as parse_time() reads it). Throws SignError.
    void add_spec(const std::string& spec);
    void add(const std::string& pem_path, uint64_t not_after = 0);

    Span<const crypto::TrustAnchor> anchors() const {
        return Span<const crypto::TrustAnchor>(anchors_.data(), anchors_.size());
    }
    bool empty() const { return anchors_.empty(); }

    // The blob a ROM embeds (runtime/crypto/trust_store.h).
    std::string encode_store(bool require_signed_menus, bool require_signed_scripts) const;

  private:
    std::deque<std::string> names_;  // stable storage for the anchors' name views
    std::vector<crypto::TrustAnchor> anchors_;
};

// Unix seconds from "2026-06-30", "2026-06-30T12:00:00Z" or a plain number of seconds. Throws SignError.
uint64_t parse_time(const std::string& text);

}  // namespace carte::sign
