// The root certificates HTTPS trusts, as compact anchor records (docs/tls.md, "Anchor records":
// a root's subject name and public key, all BearSSL needs to end a chain). Filled at start-up from
// what the ROM embeds (`carte build --ca` certificates, `--system-cas` records) or, in `carte run`,
// from --ca files or the host's store; `certstore` adds to it and `certfree` takes those away again.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

enum class TlsRootOrigin : uint8_t { embedded, system, added };

struct TlsRoot {
    size_t offset = 0, size = 0;  // its record in the trust's record list
    TlsRootOrigin origin = TlsRootOrigin::embedded;
    String name;  // the subject's commonName, for certstat and certfree
};

class TlsTrust {
  public:
    // One DER certificate, turned into its record. Errc::inval when BearSSL cannot decode it;
    // with a `subject`, Errc::noent (and nothing added) when its commonName is another.
    Status add_certificate(Bytes der, TlsRootOrigin origin, Str subject = Str());
    // A list of records (`--system-cas`), checked. Errc::badmsg when malformed.
    Status add_records(Bytes records, TlsRootOrigin origin);
    // Removes the `added` roots whose name is `name` (all added ones when empty); how many went.
    size_t remove_added(Str name);

    Span<const TlsRoot> roots() const { return roots_.span(); }
    // Counts removals: a pooled connection made under an older generation is not reused.
    uint32_t generation() const { return generation_; }
    size_t size() const { return roots_.size(); }

    // The anchors for a handshake (BearSSL's array, rebuilt after a change), valid until the next
    // change; *count is 0 when nothing is trusted.
    Result<const void*> anchors(size_t* count);

  private:
    Status append(Bytes record, TlsRootOrigin origin, Str subject);
    Vec<uint8_t> records_;
    Vec<TlsRoot> roots_;
    Vec<uint64_t> slots_;  // BearSSL anchors point into records_
    bool dirty_ = true;
    uint32_t generation_ = 0;
};

}  // namespace carte
