// The lines entered at the shell prompt, newest last, for Up/Down in the line editor (iPXE's
// shell keeps a readline history the same way). Bounded: the oldest line goes when it is full.
#pragma once
#include "runtime/rt/string.h"

namespace carte {

class LineHistory {
  public:
    static constexpr size_t kCapacity = 32;

    // Remembers `line`, unless it is empty or repeats the newest entry.
    void add(Str line) {
        if (line.empty() || (count_ && newest(0) == line)) return;
        String copy = String::copy(line);
        if (copy.size() != line.size()) return;  // out of memory: keep what we have
        if (count_ < kCapacity) ++count_;
        head_ = (head_ + 1) % kCapacity;
        lines_[head_] = carte::move(copy);
    }
    size_t size() const { return count_; }
    // back = 0 is the newest line, size() - 1 the oldest.
    Str newest(size_t back) const { return lines_[(head_ + kCapacity - back) % kCapacity].view(); }

  private:
    String lines_[kCapacity];
    size_t head_ = 0, count_ = 0;
};

}  // namespace carte
