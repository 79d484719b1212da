// Writing what `carte build` makes: into a temporary file next to the target, renamed over it
// once complete, so an interrupted or failed build never leaves a half-written image where a
// boot server or a USB writer might pick it up.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace carte::cli {

// Writes `bytes` to `path` (mode 0666 less the umask). A target that exists and is not a regular
// file (a device, a symbolic link, a pipe) is written in place instead, so `-o /dev/sdX` writes
// the stick and a link keeps pointing where it did. False with *why on any failure; a temporary
// file is never left behind.
bool write_output_file(const std::string& path, const std::vector<uint8_t>& bytes, std::string* why);

}  // namespace carte::cli
