// The entropy every x86 firmware platform has: RDSEED and RDRAND when CPUID lists them (credited
// in full: they are the CPU's own conditioned noise source), then CPU clock jitter (the TSC read
// around small loops, credited one bit per sample whose first three differences are non-zero)
// until the pool has what the DRBG needs. docs/tls.md, "Entropy".
#pragma once
#include "runtime/crypto/random_pool.h"

namespace carte::fw {

// Adds what the CPU offers; returns the bits credited.
unsigned gather_cpu_entropy(crypto::RandomPool& pool);

}  // namespace carte::fw
