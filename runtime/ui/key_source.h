// Where the UI gets keys and time from. The interpreter implements it over the platform, with a
// one-key pushback so the VM can look for Ctrl-C between instructions without losing input.
#pragma once
#include "runtime/rt/types.h"

namespace carte {

class KeySource {
  public:
    // Next key (runtime/platform/console.h key codes), waiting at most timeout_ms; key::none if none.
    virtual int read_key(uint32_t timeout_ms) = 0;
    virtual uint64_t now_ms() = 0;

  protected:
    ~KeySource() = default;
};

}  // namespace carte
