#include "lsp/utf16.h"

#include <gtest/gtest.h>

namespace rocky::lsp {
namespace {

TEST(Utf16, Lengths) {
  EXPECT_EQ(Utf16Length("abc"), 3);
  EXPECT_EQ(Utf16Length("é"), 1);  // 2 bytes, 1 unit
  EXPECT_EQ(Utf16Length("€"), 1);  // 3 bytes, 1 unit
  EXPECT_EQ(Utf16Length("😀"), 2);  // 4 bytes, a surrogate pair
  EXPECT_EQ(Utf16Length("a😀é b"), 6);
  EXPECT_EQ(Utf16Length("\xff"), 1);  // invalid byte: one unit
}

TEST(Utf16, ByteOffsets) {
  std::string_view s = "é😀x";
  EXPECT_EQ(ByteOffsetOfUtf16(s, 0), 0u);
  EXPECT_EQ(ByteOffsetOfUtf16(s, 1), 2u);
  EXPECT_EQ(ByteOffsetOfUtf16(s, 3), 6u);
  EXPECT_EQ(ByteOffsetOfUtf16(s, 2), 6u);  // inside the pair: after the emoji
  EXPECT_EQ(ByteOffsetOfUtf16(s, 99), s.size());
}

TEST(Utf16, Positions) {
  std::string_view text = "ab\r\n😀cd\nlast";
  EXPECT_EQ(LineOf(text, 0), "ab");
  EXPECT_EQ(LineOf(text, 1), "😀cd");
  EXPECT_EQ(LineOf(text, 5), "");
  EXPECT_EQ(OffsetOfPosition(text, 0, 9), 2u);  // clamped to the line end, before \r
  EXPECT_EQ(OffsetOfPosition(text, 1, 2), 8u);  // after the emoji
  EXPECT_EQ(OffsetOfPosition(text, 2, 1), text.find("last") + 1);
  EXPECT_EQ(OffsetOfPosition(text, 7, 0), text.size());
  auto at = [&](size_t offset) {
    Position p = PositionOfOffset(text, offset);
    return std::make_pair(p.line, p.character);
  };
  EXPECT_EQ(at(0), std::make_pair(0, 0));
  EXPECT_EQ(at(8), std::make_pair(1, 2));  // after the emoji: two units
  EXPECT_EQ(at(text.find("last")), std::make_pair(2, 0));
  EXPECT_EQ(at(999), std::make_pair(2, 4));
}

}  // namespace
}  // namespace rocky::lsp
