// A way for the embedder to end a running program from outside the script: the interpreter asks
// before every instruction, and while `requested()` is true every nested level returns
// Errc::canceled at once (no `||` fallback runs). The ROM uses it for Ctrl-B typed during the
// startup window while the menu is already up (platform/firmware/shell_hotkey.h); `carte run` sets none.
#pragma once

namespace carte {

class RunStop {
  public:
    virtual bool requested() = 0;

  protected:
    ~RunStop() = default;
};

}  // namespace carte
