// The signature gate: the one check every *fetched* program passes before the interpreter turns
// it into a program (docs/signing.md, "What the firmware enforces"). Programs inside the ROM
// (the embedded payload, the kernel command line) are trusted as part of the ROM and never come
// here; everything chained or executed from a URL does, when a TrustPolicy is set.
//
//   .cbm menu      the trailer, else a detached `<URL>.sig` (fetched only when there is no
//                  trailer; "not found" means "not signed"); rollback within the boot. An unsigned
//                  menu runs with a warning unless signed menus are required; every other
//                  failure is refused.
//   classic script when signed scripts are required: `<URL>.sig` over the whole file, unless
//                  the script already passed `imgverify` (CMS, X.509 roots).
//
// A refusal prints one line, "<url>: REFUSED (<check>): <message>", and gives Errc::access, so
// the chain fails and control returns to the caller (a menu shows again).
#pragma once
#include "runtime/rt/result.h"

namespace carte {

class Interpreter;
struct Image;

Status check_fetched_program(Interpreter& in, const Image& image);

}  // namespace carte
