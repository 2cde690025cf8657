#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rocky {

/// FNV-1a 64-bit hash.
uint64_t Fnv1a64(std::string_view data);
/// 16 lower-case hex digits of Fnv1a64 (the `sql_hash` of run output).
std::string Fnv1a64Hex(std::string_view data);
/// A fast 64-bit content hash (16 bytes per step, folded 128-bit products) for cache keys of
/// file contents; not for adversarial input.
uint64_t ContentHash64(std::string_view data);
/// SHA-256 as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);
/// HMAC-SHA256 of `data` keyed by `key`: the 32 raw bytes (chained keys, as AWS Signature V4
/// derives its signing key).
std::string HmacSha256(std::string_view key, std::string_view data);
/// Bytes as lower-case hex digits, two per byte.
std::string HexEncode(std::string_view bytes);

}  // namespace rocky
