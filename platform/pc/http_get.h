// A minimal HTTP/1.1 GET for the PC firmware's command-line boot path: IPv4 literal hosts,
// Content-Length, chunked and read-to-close bodies, up to 5 redirects, body in heap memory.
// The shared client in runtime/net will replace it; this one only has to fetch boot images.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/rt/result.h"

namespace carte::pc {

// A heap buffer owning a downloaded body.
struct Download {
    uint8_t* data = nullptr;
    size_t size = 0;
    size_t capacity = 0;
    Bytes bytes() const { return Bytes(data, size); }
    void release();
};

// progress(done, total) is called as data arrives (total 0 when unknown).
using ProgressFn = void (*)(size_t done, size_t total);
Result<Download> http_get(Network& net, Str url, ProgressFn progress = nullptr);

}  // namespace carte::pc
