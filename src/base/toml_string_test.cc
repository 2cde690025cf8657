#include "base/toml_string.h"

#include <gtest/gtest.h>

namespace rocky {
namespace {

TEST(TomlBasicString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(TomlBasicString("plain"), "\"plain\"");
  EXPECT_EQ(TomlBasicString("say \"hi\" \\ now"), "\"say \\\"hi\\\" \\\\ now\"");
  EXPECT_EQ(TomlBasicString("a\nb\tc"), "\"a\\nb\\tc\"");
  EXPECT_EQ(TomlBasicString(std::string("x\x01y", 3)), "\"x\\u0001y\"");
  EXPECT_EQ(TomlBasicString("é ✓"), "\"é ✓\"");
}

}  // namespace
}  // namespace rocky
