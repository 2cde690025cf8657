#include "base/uuid.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <random>
#include <vector>

#include "base/hash.h"

namespace rocky {

std::string RandomUuid() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t a = rng(), b = rng();
  a = (a & ~0xf000ULL) | 0x4000ULL;                                    // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;             // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff,
                     a & 0xffff, b >> 48, b & 0xffffffffffffULL);
}

std::string RandomHexToken(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (bytes > 0 && RAND_bytes(raw.data(), static_cast<int>(bytes)) != 1) {
    std::random_device device;  // the kernel's generator, should OpenSSL's ever fail
    for (auto& b : raw) b = static_cast<unsigned char>(device());
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

}  // namespace rocky
