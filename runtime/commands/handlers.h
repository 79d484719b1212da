// Command handlers, one family per file (flow, settings, menu, image, digest, net, system).
// Registered in command_table.cpp.
#pragma once
#include "runtime/vm/command.h"

namespace carte::commands {

#define CARTE_COMMAND_HANDLER(fn) Status fn(Interpreter& in, Span<const Str> argv);
// flow_commands.cpp
CARTE_COMMAND_HANDLER(echo)
CARTE_COMMAND_HANDLER(goto_label)
CARTE_COMMAND_HANDLER(exit)
CARTE_COMMAND_HANDLER(iseq)
CARTE_COMMAND_HANDLER(isset)
CARTE_COMMAND_HANDLER(sleep)
CARTE_COMMAND_HANDLER(prompt)
// settings_commands.cpp
CARTE_COMMAND_HANDLER(set)
CARTE_COMMAND_HANDLER(clear)
CARTE_COMMAND_HANDLER(show)
CARTE_COMMAND_HANDLER(read)
CARTE_COMMAND_HANDLER(inc)
// menu_commands.cpp
CARTE_COMMAND_HANDLER(menu)
CARTE_COMMAND_HANDLER(item)
CARTE_COMMAND_HANDLER(choose)
// image_commands.cpp
CARTE_COMMAND_HANDLER(imgfetch)
CARTE_COMMAND_HANDLER(imgselect)
CARTE_COMMAND_HANDLER(imgexec)
CARTE_COMMAND_HANDLER(imgargs)
CARTE_COMMAND_HANDLER(imgfree)
CARTE_COMMAND_HANDLER(imgstat)
// digest_commands.cpp
CARTE_COMMAND_HANDLER(md5sum)
CARTE_COMMAND_HANDLER(sha1sum)
CARTE_COMMAND_HANDLER(sha256sum)
// cert_commands.cpp
CARTE_COMMAND_HANDLER(certfree)
CARTE_COMMAND_HANDLER(certstat)
CARTE_COMMAND_HANDLER(certstore)
// trust_commands.cpp
CARTE_COMMAND_HANDLER(imgtrust)
CARTE_COMMAND_HANDLER(imgverify)
// params_commands.cpp
CARTE_COMMAND_HANDLER(params)
CARTE_COMMAND_HANDLER(param)
// net_commands.cpp
CARTE_COMMAND_HANDLER(ifconf)
CARTE_COMMAND_HANDLER(ifopen)
CARTE_COMMAND_HANDLER(ifclose)
CARTE_COMMAND_HANDLER(ifstat)
CARTE_COMMAND_HANDLER(ping)
CARTE_COMMAND_HANDLER(nslookup)
CARTE_COMMAND_HANDLER(ntp)
// system_commands.cpp
CARTE_COMMAND_HANDLER(cpuid)
CARTE_COMMAND_HANDLER(login)
CARTE_COMMAND_HANDLER(shell)
CARTE_COMMAND_HANDLER(reboot)
CARTE_COMMAND_HANDLER(poweroff)
CARTE_COMMAND_HANDLER(help)
#undef CARTE_COMMAND_HANDLER

}  // namespace carte::commands
