#include "base/hash.h"

#include <openssl/evp.h>

#include <cstring>

#include <fmt/format.h>

namespace rocky {

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

uint64_t Mix(uint64_t w) {
  w ^= w >> 30;
  w *= 0xBF58476D1CE4E5B9ULL;
  w ^= w >> 27;
  w *= 0x94D049BB133111EBULL;
  return w ^ (w >> 31);
}

}  // namespace

uint64_t ContentHash64(std::string_view data) {
  constexpr uint64_t kStep = 0x9E3779B97F4A7C15ULL;
  uint64_t h = Mix(data.size() + kStep);
  size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, data.data() + i, 8);
    h = (h ^ Mix(w + kStep)) * kStep;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data.data() + i, data.size() - i);
  h = (h ^ Mix(tail + data.size())) * kStep;
  return Mix(h);
}

std::string Fnv1a64Hex(std::string_view data) { return fmt::format("{:016x}", Fnv1a64(data)); }

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

}  // namespace rocky
