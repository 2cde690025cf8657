#include "base/hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "base/http.h"

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

// RFC 4231 test case 2, and a key longer than the block size (test case 6).
TEST(HmacSha256Test, RawBytesOfTheRfcVectors) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256("Jefe", "what do ya want for nothing?").size(), 32u);
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")));
  EXPECT_EQ(HexEncode(HmacSha256(std::string(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(HexEncode(std::string("\x00\x7f\xff", 3)), "007fff");
}

}  // namespace
}  // namespace rocky
