// The PS/2 keyboard behind the i8042 controller, polled: what people at a real or virtual
// monitor type. Scancode set 1 (the BIOS leaves translation on), US layout.
#pragma once

namespace carte::pc {

// The next key (carte::key codes, see runtime/platform/console.h) or key::none if no complete
// key press is waiting. Mouse bytes on the same controller are dropped.
int ps2_poll_key();

}  // namespace carte::pc
