// Entry points of the `carte` subcommands, one file each (cli/cmd_<name>.cpp).
// Each returns the process exit code: 0 ok, 1 diagnostics/failure, 2 usage.
#pragma once

namespace carte::cli {

int cmd_check(int argc, char** argv);
int cmd_compile(int argc, char** argv);
int cmd_disasm(int argc, char** argv);
int cmd_asm(int argc, char** argv);
int cmd_fmt(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_build(int argc, char** argv);
int cmd_keygen(int argc, char** argv);
int cmd_sign(int argc, char** argv);
int cmd_verify(int argc, char** argv);
int cmd_pin(int argc, char** argv);

}  // namespace carte::cli
