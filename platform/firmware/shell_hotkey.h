// Ctrl-B during startup asks for the shell instead of the program, without making anyone wait
// for the window to end (issue 4: the menu shows as soon as DHCP is done). Every key the
// platform reads passes through `filter`: a Ctrl-B before the deadline is swallowed and
// remembered, and from then on every read answers Ctrl-C at once, so whatever waits for input
// (a menu, `prompt`, a download's interrupt check) gives up; the interpreter sees `requested()`
// through its RunStop hook and unwinds the whole program. The firmware then `take`s the
// request and runs the shell.
#pragma once
#include "runtime/rt/types.h"
#include "runtime/vm/run_stop.h"

namespace carte::fw {

class ShellHotkey final : public RunStop {
  public:
    // Watches keys until `deadline_ms` (timer_ms clock).
    void arm(uint64_t deadline_ms) { deadline_ms_ = deadline_ms; }
    // A key just read at `now_ms` (key::none included); returns what the reader gets instead.
    int filter(int key, uint64_t now_ms);
    // A key typed while nobody was reading (during DHCP) and read only afterwards: a Ctrl-B
    // counts even if DHCP outlasted the window, since it was typed while the prompt was up.
    void early_key(int key);
    bool requested() override { return requested_; }
    // Ends the watch; true if the shell was asked for.
    bool take();

  private:
    uint64_t deadline_ms_ = 0;  // 0: not watching
    bool requested_ = false;
};

}  // namespace carte::fw
