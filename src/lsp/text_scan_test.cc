#include "lsp/text_scan.h"

#include <gtest/gtest.h>

namespace rocky::lsp {
namespace {

// `toml` with `item` appended to the array of its first key.
std::string Appended(const std::string& toml, const std::string& item) {
  auto at = ArrayAppend(toml, 0, item);
  if (!at) return "<none>";
  return toml.substr(0, at->offset) + at->text + toml.substr(at->offset);
}

TEST(ArrayAppend, AfterTheLastElement) {
  EXPECT_EQ(Appended("depends_on = []\n", "\"a\""), "depends_on = [\"a\"]\n");
  EXPECT_EQ(Appended("depends_on = [ \"a\" ]", "\"b\""), "depends_on = [ \"a\", \"b\" ]");
  // Strings and comments holding brackets, a trailing comma, several lines.
  EXPECT_EQ(
      Appended("depends_on = [\n  \"x]\",  # a ] here\n  'y[',\n]\nintent = \"i\"\n", "\"z\""),
      "depends_on = [\n  \"x]\",  # a ] here\n  'y[', \"z\",\n]\nintent = \"i\"\n");
  EXPECT_EQ(Appended("depends_on = [ # none yet\n]\n", "\"a\""),
            "depends_on = [\"a\" # none yet\n]\n");
}

TEST(ArrayAppend, NoArray) {
  EXPECT_EQ(Appended("depends_on = \"a\"\n", "\"b\""), "<none>");
  EXPECT_EQ(Appended("depends_on\n= [\"a\"]\n", "\"b\""), "<none>");
  EXPECT_EQ(Appended("depends_on = [\"a\"", "\"b\""), "<none>");
}

}  // namespace
}  // namespace rocky::lsp
