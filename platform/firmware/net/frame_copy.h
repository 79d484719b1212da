// Copying a received Ethernet frame out of the NIC's DMA buffer while verifying its TCP checksum
// in the same pass. The download path touches every payload byte twice otherwise (copy, then
// lwIP's checksum), and under QEMU's TCG every guest load costs a software TLB lookup.
#pragma once
#include <stdint.h>

#include "runtime/rt/span.h"

namespace carte::fw {

enum class FrameCheck {
    not_tcp,  // not an unfragmented IPv4 TCP frame (or malformed): copied, nothing verified
    tcp_ok,   // unfragmented IPv4 TCP whose checksum (pseudo header included) is right
    tcp_bad,  // the same with a wrong checksum: the frame must be dropped
};

// Copies frame.size() bytes into dst and classifies the frame. The IP header checksum is not
// checked here (the IP layer does that); only the TCP one.
FrameCheck copy_frame(uint8_t* dst, Bytes frame);

// memcpy for bulk payload: 8 bytes per step. The ROM's memcpy is rep movsb, which QEMU's TCG runs
// one byte per step; this is what moves received TCP data out of lwIP's pbufs.
void copy_bytes(uint8_t* dst, const uint8_t* src, size_t n);

}  // namespace carte::fw
