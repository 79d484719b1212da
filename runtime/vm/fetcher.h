// How the interpreter downloads images: one call per absolute URI. The platform supplies it
// (the host: files and HTTP over sockets; the ROM: HTTP/TFTP over lwIP), so commands never
// know where bytes come from. Progress is the fetcher's to show.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/str.h"
#include "runtime/rt/vec.h"
#include "runtime/vm/param_lists.h"

namespace carte {

struct FetchOptions {
    uint32_t timeout_ms = 0;  // inactivity timeout; 0: the fetcher's default
    bool quiet = false;       // no progress output
    // The list a `URI##params[=name]` names (nullptr: none): the request is then a POST of its
    // form fields (application/x-www-form-urlencoded, possibly empty); header entries become
    // request headers.
    const ParamList* params = nullptr;
};

class Fetcher {
  public:
    // Appends the resource's bytes to *out. Errors follow iPXE's mapping (ENOENT for 404, …).
    virtual Status fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) = 0;
    // Called before a download's `<uri>...` progress line is printed: anything the fetcher must
    // print first (the ROM's report of a network start that ran behind the menu) goes out now,
    // on its own lines, instead of in the middle of that line.
    virtual void prepare(Str uri) { (void)uri; }

  protected:
    ~Fetcher() = default;
};

}  // namespace carte
