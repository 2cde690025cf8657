#include "base/uuid.h"

#include <fmt/format.h>

#include <random>

namespace rocky {

std::string RandomUuid() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t a = rng(), b = rng();
  a = (a & ~0xf000ULL) | 0x4000ULL;                                    // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;             // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff,
                     a & 0xffff, b >> 48, b & 0xffffffffffffULL);
}

}  // namespace rocky
