#include "base/hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rocky {
namespace {

// Lengths are part of the hash (zero bytes are not padding), and flipping any one bit of a
// 40-byte text — in a full 16-byte step or in the tail — changes it.
TEST(ContentHash64Test, LengthsAndEverySingleBitMatter) {
  std::set<uint64_t> seen;
  for (size_t n = 0; n <= 40; ++n) EXPECT_TRUE(seen.insert(ContentHash64(std::string(n, '\0'))).second) << n;
  const std::string text = "select id, amount from raw.orders where 1";
  EXPECT_TRUE(seen.insert(ContentHash64(text)).second);
  for (size_t byte = 0; byte < text.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = text;
      flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
      EXPECT_TRUE(seen.insert(ContentHash64(flipped)).second) << byte << ":" << bit;
    }
  }
  EXPECT_EQ(ContentHash64(text), ContentHash64(std::string(text)));  // a pure function of the bytes
}

}  // namespace
}  // namespace rocky
