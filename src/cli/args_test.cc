#include "cli/args.h"

#include <gtest/gtest.h>

#include "cli/command.h"

namespace rocky::cli {
namespace {

Result<ParsedCommandLine> Parse(std::vector<std::string> argv) {
  return ParseCommandLine(argv, &FindCommand);
}

TEST(ArgsTest, GlobalOutputIsTheFormatForCommandsWithoutTheirOwn) {
  auto parsed = Parse({"compile", "--output", "json"});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(GlobalFlagKey(parsed->command, "output"), "output");
  EXPECT_EQ(parsed->args.Get("output"), "json");
}

TEST(ArgsTest, GlobalsBeforeTheCommandAreKept) {
  auto parsed = Parse({"-c", "proj/rocky.toml", "--output", "json", "compile", "-v"});
  ASSERT_TRUE(parsed) << parsed.error().Text();
  EXPECT_EQ(parsed->args.Get("config"), "proj/rocky.toml");
  EXPECT_EQ(parsed->args.Get("output"), "json");
  EXPECT_EQ(parsed->args.Count("verbose"), 1);
  parsed = Parse({"-c", "proj/rocky.toml", "docs"});
  ASSERT_TRUE(parsed) << parsed.error().Text();
  EXPECT_EQ(parsed->args.Get("config"), "proj/rocky.toml");
}

TEST(ArgsTest, ACommandsOwnLongFlagShadowsTheGlobalOfTheSameName) {
  const CommandSpec* docs = FindCommand("docs");
  ASSERT_NE(docs, nullptr);
  EXPECT_EQ(GlobalFlagKey(docs, "output"), "global:output");
  EXPECT_EQ(GlobalFlagKey(docs, "config"), "config");

  auto parsed = Parse({"docs", "--output", "site/index.html", "-o", "json"});
  ASSERT_TRUE(parsed) << parsed.error().Text();
  EXPECT_EQ(parsed->args.Get("output"), "site/index.html");
  EXPECT_EQ(parsed->args.Get("global:output"), "json");

  // Before the command name, --output is the global; -o anywhere is the global.
  parsed = Parse({"--output", "table", "docs", "--output=x.html"});
  ASSERT_TRUE(parsed) << parsed.error().Text();
  EXPECT_EQ(parsed->args.Get("output"), "x.html");
  EXPECT_EQ(parsed->args.Get("global:output"), "table");

  parsed = Parse({"-o", "json", "docs", "-o", "table"});
  EXPECT_FALSE(parsed);
  parsed = Parse({"docs", "--output", "a.html", "--output", "b.html"});
  EXPECT_FALSE(parsed);
}

}  // namespace
}  // namespace rocky::cli
