// Certificates as files carry them: PEM ("-----BEGIN CERTIFICATE-----", base64 DER; several per
// file) or one bare DER certificate. Used by `certstore`.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/vec.h"

namespace carte::crypto {

// The DER of each certificate in `data`, in order. Errc::badmsg when there is none or a PEM block
// does not decode.
Status split_certificates(Bytes data, Vec<Vec<uint8_t>>* out);

}  // namespace carte::crypto
