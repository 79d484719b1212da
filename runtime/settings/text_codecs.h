// Text <-> bytes codecs shared by the setting types and anyone else who needs them (HTTP basic
// auth wants base64, DHCP wants dotted quads): C-style unsigned numbers, IPv4/IPv6 addresses,
// hex with an optional separator, base64 and UUIDs. Formatters append to `out`; parsers append
// the decoded bytes to `out` and fail with Errc::inval on malformed text.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"

namespace carte {

// Parses like C's strtoul(text, &end, 0) as iPXE implements it: leading whitespace, optional
// sign ('-' negates modulo 2^64), "0x" hex / leading-0 octal / decimal, wrapping on overflow.
// Returns the number of characters consumed (0 if no digits were found) and the value.
size_t parse_c_ulong(Str text, uint64_t* value);
// The whole of `text` must be one C number.
Result<uint64_t> parse_c_number(Str text);

Status parse_ipv4(Str text, Vec<uint8_t>* out);  // exactly four C numbers <= 255, dot-separated
Status format_ipv4(Bytes raw, String* out);      // first 4 bytes; inval if shorter
Status parse_ipv6(Str text, Vec<uint8_t>* out);  // hex groups with at most one "::"
Status format_ipv6(Bytes raw, String* out);      // RFC 5952: longest zero run (>= 2) as "::"

// Two hex digits per byte, `separator` between bytes (0: none). Lower case on output.
Status parse_hex(Str text, char separator, Vec<uint8_t>* out);
[[nodiscard]] bool format_hex(Bytes raw, char separator, String* out);

// Standard alphabet with padding. Parsing skips whitespace and stops at the first '='.
Status parse_base64(Str text, Vec<uint8_t>* out);
[[nodiscard]] bool format_base64(Bytes raw, String* out);

// Canonical 8-4-4-4-12 (or 32 bare hex digits). `guid` swaps the byte order of the first three
// fields (Microsoft's mixed-endian layout).
Status parse_uuid(Str text, bool guid, Vec<uint8_t>* out);
Status format_uuid(Bytes raw, bool guid, String* out);  // inval unless at least 16 bytes

}  // namespace carte
