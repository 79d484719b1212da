// The interrupt descriptor table: every CPU exception prints a register dump and halts, so a bug
// is a readable message on the serial line instead of a silent triple fault.
#pragma once

namespace carte::pc {
void idt_install();
}
