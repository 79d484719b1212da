// Whether a certificate names a host given as an IPv4 address, as iPXE's x509_check_name
// (crypto/x509.c) decides: a subjectAltName iPAddress equal to the address, or a dNSName or the
// commonName equal to its dotted text. (Names given as DNS names are checked by BearSSL itself,
// wildcards included; BearSSL has no iPAddress check, hence this.)
#pragma once
#include "runtime/crypto/x509.h"

namespace carte::crypto {

bool certificate_names_ipv4(const Certificate& cert, const uint8_t address[4], Str dotted);

}  // namespace carte::crypto
