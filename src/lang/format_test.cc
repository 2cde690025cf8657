// The formatter: data-driven cases (tests/lang/fmt/<name>.rocky → <name>.expected) and the rules
// of dsl.md §4 one by one.

#include "lang/format.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "lang/lower.h"

namespace rocky::lang {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Fmt(std::string_view text) {
  FormatResult r = Format(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.text.value_or("");
}

TEST(FormatCases, MatchExpectedAndAreIdempotent) {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(ROCKY_LANG_TEST_DIR) / "fmt")) {
    if (entry.path().extension() != ".rocky") continue;
    ++cases;
    SCOPED_TRACE(entry.path().string());
    std::string input = ReadText(entry.path());
    fs::path expected_path = entry.path();
    expected_path.replace_extension(".expected");
    std::string expected = ReadText(expected_path);
    std::string formatted = Fmt(input);
    EXPECT_EQ(formatted, expected);
    EXPECT_EQ(Fmt(formatted), formatted);
    EXPECT_EQ(Fmt(expected), expected);
    auto before = Lower(input, "in.rocky", sql::GenericDialect());
    auto after = Lower(formatted, "out.rocky", sql::GenericDialect());
    EXPECT_EQ(before.ok(), after.ok());
    EXPECT_EQ(before.Sql(), after.Sql());
  }
  EXPECT_GE(cases, 5);
}

TEST(Format, StepsStartAtColumnZeroWithoutPipes) {
  EXPECT_EQ(Fmt("from a | where x > 1 | take 3"), "from a\nwhere x > 1\ntake 3\n");
}

TEST(Format, LetBodiesAreIndentedAndFollowedByOneBlankLine) {
  EXPECT_EQ(Fmt("let a = from t | where x\n\n\n\nlet b = from a\nfrom b"),
            "let a =\n    from t\n    where x\n\nlet b =\n    from a\n\nfrom b\n");
}

TEST(Format, BlocksPutOneItemPerLine) {
  EXPECT_EQ(Fmt("from t\nselect {a,b,}"), "from t\nselect {\n    a,\n    b\n}\n");
  EXPECT_EQ(Fmt("from t\nderive {}"), "from t\nderive {}\n");
  EXPECT_EQ(Fmt("from t\njoin u on k { keep a , b }"),
            "from t\njoin u on k {\n    keep a, b\n}\n");
}

TEST(Format, SpacingWithinALine) {
  EXPECT_EQ(Fmt("from t\nwhere f( a ,b )>-x and y in[1,2]and z==@2025-01-01"),
            "from t\nwhere f(a, b) > -x and y in [1, 2] and z == @2025-01-01\n");
  EXPECT_EQ(Fmt("from t\nderive{x:sum(a)over(partition b,sort -c rows 1 .. current)}"),
            "from t\nderive {\n    x: sum(a) over (partition b, sort -c, rows 1..current)\n}\n");
}

TEST(Format, LiteralsAndParenthesesAsWritten) {
  EXPECT_EQ(Fmt("from t\nwhere ((a)) == 'x' or b == 1_000.50"),
            "from t\nwhere ((a)) == 'x' or b == 1_000.50\n");
}

TEST(Format, BlankLinesAndTrailingWhitespace) {
  EXPECT_EQ(Fmt("\n\n\nfrom t   \n\n\n\nwhere a\t\n\n\n"), "from t\n\nwhere a\n");
  EXPECT_EQ(Fmt("from t\nderive {\n\n  a: 1,\n\n\n  b: 2\n\n}\n"),
            "from t\nderive {\n    a: 1,\n\n    b: 2\n}\n");
  EXPECT_EQ(Fmt("from t\r\nwhere a -- c\r\n"), "from t\nwhere a -- c\n");
}

TEST(Format, CommentsKeepTheirPlace) {
  EXPECT_EQ(Fmt("-- top\nfrom t -- source\n  -- why\n    where a\n"),
            "-- top\nfrom t -- source\n-- why\nwhere a\n");
  EXPECT_EQ(Fmt("from t\nderive { a: 1, -- one\n  -- before b\n b: 2 }"),
            "from t\nderive {\n    a: 1, -- one\n    -- before b\n    b: 2\n}\n");
  EXPECT_EQ(Fmt("from t\nwhere a -- inside\n  and b"), "from t\nwhere a and b -- inside\n");
}

TEST(Format, FilesThatDoNotParseAreReported) {
  FormatResult r = Format("from t\nderive amount: 1", "bad.rocky");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "P002");
  EXPECT_EQ(r.diagnostics[0].span->file, "bad.rocky");
  EXPECT_FALSE(Format("from t where a # b").ok());
}

}  // namespace
}  // namespace rocky::lang
