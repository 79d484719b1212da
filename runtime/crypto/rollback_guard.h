// Rollback protection within one boot: remembers the highest menu serial accepted so far and
// refuses an older one (an attacker replaying last month's signed menu, with its old kernels).
// The same serial again is fine: a menu may be fetched and run more than once.
#pragma once
#include "runtime/rt/result.h"

namespace carte::crypto {

class RollbackGuard {
  public:
    // Errc::access "menu rollback" if serial < the highest accepted serial.
    Status check(uint64_t serial) const;
    // Records a menu that is about to run.
    void accept(uint64_t serial);

    bool any_accepted() const { return any_; }
    uint64_t highest() const { return highest_; }

  private:
    uint64_t highest_ = 0;
    bool any_ = false;
};

}  // namespace carte::crypto
