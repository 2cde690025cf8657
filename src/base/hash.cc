#include "base/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

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

// The two halves of the 128-bit product folded together: every input bit reaches many output
// bits in one multiplication.
uint64_t Fold(uint64_t a, uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

uint64_t Load(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

constexpr uint64_t kK0 = 0xa0761d6478bd642fULL, kK1 = 0xe7037ed1a0b428dbULL,
                   kK2 = 0x8ebc6af09c88c6e3ULL;

}  // namespace

uint64_t ContentHash64(std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  uint64_t h = kK0 ^ Fold(data.size() ^ kK1, kK2);
  for (; left > 16; left -= 16, p += 16) h = Fold(Load(p) ^ kK1, Load(p + 8) ^ h);
  // The last 1–16 bytes (zero-padded), so every length ends with one more step.
  uint64_t tail[2] = {0, 0};
  if (left) std::memcpy(tail, p, left);
  h = Fold(tail[0] ^ kK1, tail[1] ^ h);
  return Fold(h ^ kK0, data.size() ^ kK2);
}

std::string Fnv1a64Hex(std::string_view data) { return fmt::format("{:016x}", Fnv1a64(data)); }

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  static const char kEmpty[1] = {0};
  HMAC(EVP_sha256(), key.empty() ? kEmpty : key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &len);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace rocky
