// TFTP downloads (RFC 1350) with the option extension (RFC 2347), `blksize` (RFC 2348) and
// `tsize` (RFC 2349), as iPXE requests them: blksize 1432 so a block fits an Ethernet frame,
// tsize 0 to learn the size for progress. A server that ignores options gets plain 512-byte
// blocks. Runs over a Network UdpSocket, because a transfer keeps one local port (its TID).
#pragma once
#include "runtime/net/download_sink.h"
#include "runtime/platform/network.h"

namespace carte {

struct TftpOptions {
    uint16_t blksize = 1432;     // requested block size (8..65464); 0 sends no blksize option
    bool request_tsize = true;   // ask for the transfer size
    uint32_t timeout_ms = 1000;  // per packet, before retransmitting
    unsigned retries = 5;        // retransmissions of one packet before giving up
};

struct TftpOutcome {
    uint64_t size = 0;              // bytes delivered
    uint64_t total = kUnknownSize;  // from tsize, if the server sent it
    uint16_t blksize = 512;         // block size in use
    unsigned retransmits = 0;
};

// Downloads `filename` from server:port (69 normally) into `sink`.
Result<TftpOutcome> tftp_get(Network& net, Ipv4 server, uint16_t port, Str filename, DownloadSink& sink,
                             const TftpOptions& options = {}, Clock* clock = nullptr);

// Same, from a tftp://host[:port]/path URL. The path's leading '/' is dropped, as iPXE does, so
// "tftp://10.0.0.1/pxelinux.0" asks for "pxelinux.0" and "tftp://10.0.0.1//abs" for "/abs".
Result<TftpOutcome> tftp_get_url(Network& net, Str url, DownloadSink& sink, const TftpOptions& options = {},
                                 Clock* clock = nullptr);

}  // namespace carte
