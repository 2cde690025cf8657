#include "base/byte_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace rocky {
namespace {

TEST(ByteCodecTest, ValuesRoundTripAndTruncationFailsCleanly) {
  ByteWriter w;
  w.Varint(300);
  w.Int(-5);
  w.U64(0x0102030405060708ULL);
  w.Str("hello");
  w.OptStr(std::nullopt);
  w.Strs({"a", "bc"});
  const std::string bytes = w.Take();
  {
    ByteReader r(bytes);
    uint64_t v = 0, u = 0;
    int64_t i = 0;
    std::string s;
    std::optional<std::string> o = "x";
    std::vector<std::string> list;
    ASSERT_TRUE(r.Varint(v) && r.Int(i) && r.U64(u) && r.Str(s) && r.OptStr(o) && r.Strs(list));
    EXPECT_EQ(v, 300u);
    EXPECT_EQ(i, -5);
    EXPECT_EQ(u, 0x0102030405060708ULL);
    EXPECT_EQ(s, "hello");
    EXPECT_FALSE(o);
    EXPECT_EQ(list, (std::vector<std::string>{"a", "bc"}));
    EXPECT_TRUE(r.done());
  }
  // Every prefix shorter than the whole fails somewhere and never reads past its end.
  for (size_t n = 0; n < bytes.size(); ++n) {
    ByteReader r(std::string_view(bytes).substr(0, n));
    uint64_t v = 0, u = 0;
    int64_t i = 0;
    std::string s;
    std::optional<std::string> o;
    std::vector<std::string> list;
    const bool all = r.Varint(v) && r.Int(i) && r.U64(u) && r.Str(s) && r.OptStr(o) && r.Strs(list);
    EXPECT_FALSE(all && r.done()) << n;
  }
}

TEST(ContentHasherTest, FieldBoundariesAndOrderMatter) {
  auto key = [](std::string_view a, std::string_view b) {
    return ContentHasher().Add(a).Add(b).value();
  };
  EXPECT_NE(key("ab", "c"), key("a", "bc"));
  EXPECT_NE(key("a", "b"), key("b", "a"));
  EXPECT_EQ(key("a", "b"), key("a", "b"));
  EXPECT_NE(ContentHasher().U64(1).U64(2).value(), ContentHasher().U64(2).U64(1).value());
  EXPECT_NE(ContentHasher().U64(0).value(), ContentHasher().value());
}

}  // namespace
}  // namespace rocky
