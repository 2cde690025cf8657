#pragma once
// Random (version 4) UUIDs for request ids and statement markers, and secret random tokens.

#include <cstddef>
#include <string>

namespace rocky {

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lower-case hex, from a per-thread random engine.
std::string RandomUuid();

/// `bytes` bytes from the operating system's cryptographic generator (OpenSSL RAND_bytes) as
/// lower-case hex: lock tokens that other processes must not guess.
std::string RandomHexToken(size_t bytes);

}  // namespace rocky
