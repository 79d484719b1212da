// Keys read before the program asked for them: typed while something polled only for Ctrl-C (a
// download, the wait for a DHCP lease). A platform's read_key hands them out first, in order,
// so a choice typed ahead is not lost (iPXE drops such keys).
#pragma once
#include <stddef.h>

#include "runtime/platform/console.h"

namespace carte {

class KeyQueue {
  public:
    static constexpr size_t kCapacity = 32;  // more than anyone types during one wait

    void push(int key) {
        if (key != key::none && count_ < kCapacity) keys_[(head_ + count_++) % kCapacity] = key;
    }
    // The oldest key, or key::none.
    int pop() {
        if (count_ == 0) return key::none;
        int k = keys_[head_];
        head_ = (head_ + 1) % kCapacity, --count_;
        return k;
    }
    void clear() { count_ = 0; }
    // For Platform::interrupt_pending: files `key`, read by an interrupt poll. True for Ctrl-C,
    // which also drops what was typed before it (that was for what it interrupts); other keys
    // are kept.
    bool poll_result(int key) {
        if (key == key::ctrl_c) {
            clear();
            return true;
        }
        push(key);
        return false;
    }
    size_t size() const { return count_; }

  private:
    int keys_[kCapacity] = {};
    size_t head_ = 0, count_ = 0;
};

}  // namespace carte
