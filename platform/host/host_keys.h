// Key names for `carte run --keys`: a comma- or space-separated list of names (`down`, `up`,
// `enter`, `esc`, `tab`, `pgdn`, `pgup`, `home`, `end`, `left`, `right`, `bs`, `del`, `space`,
// `ctrl-c`, `ctrl-b`, `comma`) and plain characters (`a`, `7`). A word of several characters that
// is not a name types each character (`linux` is l,i,n,u,x).
#pragma once
#include <string>
#include <vector>

namespace carte::host {

// Parses a key sequence. Returns false (with *error) for an empty item such as ",,".
bool parse_key_sequence(const std::string& text, std::vector<int>* keys, std::string* error);

// Decodes terminal input bytes (ANSI/VT escape sequences) into key codes; consumes what it used.
// Returns key::none if `bytes` holds only the start of a sequence.
int decode_terminal_key(std::string* bytes);

}  // namespace carte::host
