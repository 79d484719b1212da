#include "runtime/crypto/rollback_guard.h"

namespace carte::crypto {

Status RollbackGuard::check(uint64_t serial) const {
    if (any_ && serial < highest_) return Error(Errc::access, "menu rollback");
    return {};
}

void RollbackGuard::accept(uint64_t serial) {
    if (!any_ || serial > highest_) highest_ = serial;
    any_ = true;
}

}  // namespace carte::crypto
