// How a platform answers Platform::interrupt_pending cheaply. Callers ask often — the VM between
// instructions, a download after every received piece, the wait for a DHCP lease in its loop —
// and on real hardware each look at the keyboard and the serial line is device I/O (under
// emulation, a VM exit each). So the console is read at most once per kIntervalMs of the
// platform's clock (a TSC read in the ROM), whatever the number of calls: the cost is bounded by
// time, not by frames or instructions. A Ctrl-C is still seen within kIntervalMs. Keys read that
// are not Ctrl-C are kept (KeyQueue) for the platform's read_key.
#pragma once
#include <stdint.h>

#include "runtime/platform/key_queue.h"

namespace carte {

class InterruptPoll {
  public:
    static constexpr uint64_t kIntervalMs = 20;

    // True for a Ctrl-C read now; read_key_now() (a key without waiting, or key::none) is
    // called only when the interval since the last look has passed.
    template <class ReadKeyNow>
    bool pending(uint64_t now_ms, ReadKeyNow&& read_key_now) {
        if (now_ms < next_ms_) return false;
        next_ms_ = now_ms + kIntervalMs;
        return typed_.poll_result(read_key_now());
    }
    // Keys read ahead of the program, in order, for read_key.
    KeyQueue& typed() { return typed_; }

  private:
    KeyQueue typed_;
    uint64_t next_ms_ = 0;  // the first call always looks
};

}  // namespace carte
