#include "config/toml_edit.h"

#include <gtest/gtest.h>

namespace rocky::config {
namespace {

struct SetCase {
  const char* name;
  const char* text;
  const char* expected;
};

class SetTopLevelStringTest : public ::testing::TestWithParam<SetCase> {};

TEST_P(SetTopLevelStringTest, KeepsTheRest) {
  EXPECT_EQ(SetTopLevelString(GetParam().text, "intent", "new \"one\""), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SetTopLevelStringTest,
    ::testing::Values(
        SetCase{"empty", "", "intent = \"new \\\"one\\\"\"\n"},
        SetCase{"replaces", "# top\nintent = \"old\"  # why\n[strategy]\ntype = \"view\"\n",
                "# top\nintent = \"new \\\"one\\\"\"\n[strategy]\ntype = \"view\"\n"},
        SetCase{"inserts before the first table",
                "# My model\nname = \"m\"\n\n[strategy]\n# keep me\ntype = \"view\"\n",
                "# My model\nname = \"m\"\nintent = \"new \\\"one\\\"\"\n\n[strategy]\n# keep "
                "me\ntype = \"view\"\n"},
        SetCase{"table only", "[target]\nschema = \"s\"\n",
                "intent = \"new \\\"one\\\"\"\n[target]\nschema = \"s\"\n"},
        SetCase{"not inside a table", "[x]\nintent = \"nested\"\n",
                "intent = \"new \\\"one\\\"\"\n[x]\nintent = \"nested\"\n"},
        SetCase{"multi-line value", "intent = \"\"\"\nline one\nline two\n\"\"\"\nname = \"m\"\n",
                "intent = \"new \\\"one\\\"\"\nname = \"m\"\n"},
        SetCase{"keys only, no final newline", "name = \"m\"",
                "name = \"m\"\nintent = \"new \\\"one\\\"\"\n"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

}  // namespace
}  // namespace rocky::config
