#include "base/uuid.h"

#include <gtest/gtest.h>

namespace rocky {
namespace {

TEST(RandomHexTokenTest, IsHexOfTheRequestedLengthAndDiffers) {
  std::string a = RandomHexToken(16);
  std::string b = RandomHexToken(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace rocky
